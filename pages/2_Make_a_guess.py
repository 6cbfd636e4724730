"""Make a guess: find the minimum of a hidden function by guessing, with the derivative as a hint."""

import streamlit as st

from topics import make_a_guess
from ui.code import show_code
from ui.figures import show
from ui.page import section, start

start(
    "Make a guess",
    "A function is hidden. Guess an *x*, press **Add guess** and see the value *f(x)*. "
    "Can you find the lowest point with few guesses? Turn on **Show derivatives**: the "
    "tangent at each guess tells you which way is downhill. That hint is all that gradient "
    "descent uses; **Let gradient descent play** to watch it follow the slope from your last guess.",
)
game = make_a_guess.sidebar()


# The game has its own controls: a guess reruns only this section, not the sidebar.
@section
def the_game(game):
    fn = game.fn
    guesses = make_a_guess.guesses_of(game.key)  # one list per function, kept in the session and the URL
    make_a_guess.guess_controls(game)
    descent = make_a_guess.descent(game, guesses)

    make_a_guess.score_metrics(game, guesses)
    show(make_a_guess.game_figure(game, guesses, descent), name=f"make-a-guess-{game.key}")
    if descent is not None:
        make_a_guess.descent_summary(game, descent)

    if game.show_derivatives and guesses:
        st.subheader("What the derivative says at each guess")
        make_a_guess.derivatives_table(game, guesses)

    with st.expander("How the tangents are computed", expanded=game.reveal):
        st.markdown(
            "Each tangent is the line through (x, f(x)) with slope f′(x), drawn "
            f"{fn.tangent_width:g} units wide. Where f′(x) > 0 the function rises to the right, "
            "so downhill is to the left, and the other way round. Gradient descent steps to "
            "x − η f′(x): downhill, by an amount proportional to the slope."
        )
        if game.reveal:
            st.latex(fn.formula)
            st.latex(fn.derivative_formula)
        make_a_guess.gradient_check_note(game, guesses)
        make_a_guess.original_widget_note(game)

    show_code(make_a_guess.snippet(game, guesses, descent))


the_game(game)
