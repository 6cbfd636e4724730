"""Make a guess: find the minimum of a hidden function by guessing, with the derivative as a hint."""

import numpy as np
import streamlit as st

import gdcore
from ui.code import show_code
from ui.figures import show
from ui.guess import guess_figure, snippet
from ui.page import start
from ui.tables import show_table

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
all_guesses = st.session_state.setdefault("guesses", {})
guesses = all_guesses.setdefault(key, [])
slider_key = f"guess_{key}"


def add_guess():
    all_guesses.setdefault(key, []).append(float(st.session_state[slider_key]))


def reset():
    all_guesses[key] = []


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
add.button("Add guess", on_click=add_guess, type="primary", icon=":material/add_location:", key="add")
clear.button("Reset", on_click=reset, icon=":material/restart_alt:", key="reset")

table = fn.table(guesses)
best = fn.best_of(guesses) if guesses else None
x_min, f_min = fn.global_minimum
descent = None
if play:
    x0 = guesses[-1] if guesses else float(st.session_state[slider_key])
    descent = gdcore.gradient_descent_1d(fn, x0, eta, steps)

c1, c2, c3, c4 = st.columns(4)
c1.metric("Guesses", len(guesses))
c2.metric("Best guess x", f"{best[0]:.4g}" if best else "–")
c3.metric("Lowest f(x) found", f"{best[1]:.4g}" if best else "–")
if reveal:
    c4.metric("True minimum f", f"{f_min:.4g}", help=f"the global minimum, at x = {x_min:.4g}")
    if best:
        st.markdown(
            f"The true minimum is at x = {x_min:.4g}. Your best guess is {best[1] - f_min:.3g} above it "
            f"and {abs(best[0] - x_min):.3g} away from it in x."
        )
else:
    c4.metric("True minimum f", "hidden", help="Reveal the function to compare.")

xs, fx = fn.grid(600)
show(
    guess_figure(
        fn.domain,
        table,
        tangents=[fn.tangent(x) for x in guesses] if show_derivatives else None,
        downhill=table["downhill"],
        curve=(xs, fx) if reveal else None,
        minimum=(x_min, f_min) if reveal else None,
        descent=(descent.x, descent.fx) if descent is not None else None,
        y_range=(fx.min(), fx.max()),
    ),
    name=f"make-a-guess-{key}",
)

if descent is not None:
    end_x, end_f = descent.x[-1], descent.fx[-1]
    st.markdown(
        f"**Gradient descent** from x₀ = {descent.x[0]:.4g} with η = {eta:g}: "
        f"{descent.steps_taken} steps, ended at x = {end_x:.4g} with f(x) = {end_f:.4g}."
    )
    if descent.stop_reason:
        st.warning(
            f"Step {descent.stop_step} would have gone to x = {descent.rejected_x:.4g}, outside "
            f"[{fn.domain[0]:g}, {fn.domain[1]:g}] ({descent.stop_reason}): the learning rate is too large, "
            "so the run stopped there."
        )

if show_derivatives and guesses:
    st.subheader("What the derivative says at each guess")
    arrows = {1.0: "→ right", -1.0: "← left", 0.0: "flat"}
    rows = {"guess": np.arange(1, len(guesses) + 1), **table}
    rows["downhill"] = [arrows[d] for d in table["downhill"]]
    if fn is gdcore.LECTURE_GUESS:
        wrong = gdcore.original_widget_derivative(table["x"])
        rows["original widget's f'(x)"] = wrong
        rows["original pointed the wrong way"] = np.sign(wrong) != np.sign(table["f'(x)"])
    show_table(rows, name=f"guesses-{key}", decimals=5)

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
    checked = guesses or [fn.start]
    agree = all(gdcore.check_gradient(fn.loss, fn.gradient, [x]) for x in checked)
    st.markdown(
        f"Finite-difference check of f′ at {len(checked)} point(s): **{'passed' if agree else 'FAILED'}** "
        "(the slope from f(x ± 10⁻⁶) agrees with the formula)."
    )
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
