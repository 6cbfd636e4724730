"""Make a guess: find the minimum of a hidden function by guessing, with the derivative as a hint."""

import streamlit as st

import gdcore
from ui.code import show_code
from ui.figures import show
from ui.guess import (
    add_guess,
    derivatives_table,
    descent_summary,
    game_figure,
    gradient_check_note,
    guesses_of,
    reset_guesses,
    score_metrics,
    snippet,
)
from ui.page import start

start(
    "Make a guess",
    "A function is hidden. Guess an *x*, press **Add guess** and see the value *f(x)*. "
    "Can you find the lowest point with few guesses? Turn on **Show derivatives**: the "
    "tangent at each guess tells you which way is downhill. That hint is all that gradient "
    "descent uses; **Let gradient descent play** to watch it follow the slope from your last guess.",
)

LEARNING_RATES = [round(m * 10.0**e, 3) for e in range(-3, 4) for m in (1, 2, 5)][:-2]  # 0.001 ... 1000
FUNCTIONS = gdcore.GUESS_FUNCTIONS
KEYS = {fn.name: key for key, fn in FUNCTIONS.items()}  # shown label -> short key of the widgets

with st.sidebar:
    st.header("The game")
    label = st.selectbox("Hidden function", list(KEYS), key="function", bind="query-params")
    key = KEYS[label]
    fn = FUNCTIONS[key]
    show_derivatives = st.toggle("Show derivatives", key="derivatives", bind="query-params")
    reveal = st.toggle("Reveal function", key="reveal", bind="query-params")
    st.header("Gradient descent")
    play = st.toggle("Let gradient descent play", key="play", bind="query-params")
    eta = st.select_slider(
        "Learning rate η",
        LEARNING_RATES,
        value=fn.learning_rate,
        format_func=lambda v: f"{v:g}",
        key=f"eta_{key}",
        bind="query-params",
        help="The step is −η f′(x). Each function has its own scale: the lecture's slopes are tiny.",
    )
    steps = st.slider("Steps", 1, 200, 20, key="steps", bind="query-params")

# Guesses live in this student's session only, one list per hidden function.
guesses = guesses_of(key)
slider_key = f"guess_{key}"

left, add, clear = st.columns([5, 1.5, 1.2], vertical_alignment="bottom")
left.slider(
    "Your guess x",
    *fn.domain,
    fn.start,
    step=fn.resolution,
    format="%.0f" if fn.resolution >= 1 else "%.1f",
    key=slider_key,
    bind="query-params",
)
add.button(
    "Add guess", on_click=add_guess, args=(key,), type="primary", icon=":material/add_location:", key="add"
)
clear.button("Reset", on_click=reset_guesses, args=(key,), icon=":material/restart_alt:", key="reset")

table = fn.table(guesses)
descent = None
if play:
    x0 = guesses[-1] if guesses else float(st.session_state[slider_key])
    descent = gdcore.gradient_descent_1d(fn, x0, eta, steps)

score_metrics(fn, guesses, reveal=reveal)
show(
    game_figure(fn, table, show_derivatives=show_derivatives, reveal=reveal, descent=descent),
    name=f"make-a-guess-{key}",
)
if descent is not None:
    descent_summary(descent, eta, fn.domain)

if show_derivatives and guesses:
    st.subheader("What the derivative says at each guess")
    derivatives_table(fn, table, name=f"guesses-{key}")

with st.expander("How the tangents are computed", expanded=reveal):
    st.markdown(
        "Each tangent is the line through (x, f(x)) with slope f′(x), drawn "
        f"{fn.tangent_width:g} units wide. Where f′(x) > 0 the function rises to the right, "
        "so downhill is to the left, and the other way round. Gradient descent steps to "
        "x − η f′(x): downhill, by an amount proportional to the slope."
    )
    if reveal:
        st.latex(fn.formula)
        st.latex(fn.derivative_formula)
    gradient_check_note(fn, guesses)
    if fn is gdcore.LECTURE_GUESS:
        st.markdown(
            "The lecture's original widget made its first term 100 times too small, so some of its "
            "tangents pointed uphill: at x = 25 it drew slope "
            f"{gdcore.original_widget_derivative(25.0):+.5f} where the true slope is "
            f"{fn.derivative(25.0):+.5f}. Here every tangent uses the true derivative."
        )

show_code(
    snippet(
        key,
        label,
        guesses,
        derivatives=show_derivatives,
        reveal=reveal,
        descent=(descent.x[0], eta, steps, bool(descent.stop_reason)) if descent is not None else None,
    )
)
