"""The "Make a guess" page's home: its controls (keys, labels, the computed per-function keys),
the guesses kept in session state and in the address bar, the gradient-descent run, the figure, metrics, messages
and snippet."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

import gdcore
from ui.code import fmt
from ui.figures import PALETTE, figure, line, star
from ui.page import keep_in_url, metrics_row
from ui.tables import show_table

# -- controls -----------------------------------------------------------------

FUNCTION, DERIVATIVES, REVEAL, PLAY, STEPS = "function", "derivatives", "reveal", "play", "steps"
ETA_LABEL = "Learning rate η"  # the label the browser benchmark moves
ADD, RESET = "add", "reset"  # the buttons beside the guess slider
GUESSES = "guesses"  # session state: hidden function's key -> this session's guesses (and the URL's prefix)
FUNCTIONS = gdcore.GUESS_FUNCTIONS
KEYS = {fn.name: key for key, fn in FUNCTIONS.items()}  # the selectbox's label -> the function's key
LEARNING_RATES = [round(m * 10.0**e, 3) for e in range(-3, 4) for m in (1, 2, 5)][:-2]  # 0.001 ... 1000


def guess_key(key: str) -> str:
    """The guess slider's widget key for the hidden function ``key`` (one slider per function)."""
    return f"guess_{key}"


def eta_key(key: str) -> str:
    """The learning-rate slider's widget key for the hidden function ``key``."""
    return f"eta_{key}"


@dataclass(frozen=True)
class Game:
    """The sidebar's settings: the hidden function (``key``, ``fn``, its ``label``) and the switches."""

    key: str
    label: str
    fn: gdcore.Function1D
    show_derivatives: bool
    reveal: bool
    play: bool
    eta: float
    steps: int


def sidebar() -> Game:
    """The sidebar's controls, bound to the URL: the game, then gradient descent."""
    with st.sidebar:
        st.header("The game")
        label = st.selectbox("Hidden function", list(KEYS), key=FUNCTION, bind="query-params")
        key = KEYS[label]
        fn = FUNCTIONS[key]
        show_derivatives = st.toggle("Show derivatives", key=DERIVATIVES, bind="query-params")
        reveal = st.toggle("Reveal function", key=REVEAL, bind="query-params")
        st.header("Gradient descent")
        play = st.toggle("Let gradient descent play", key=PLAY, bind="query-params")
        eta = st.select_slider(
            ETA_LABEL,
            LEARNING_RATES,
            value=fn.learning_rate,
            format_func=lambda v: f"{v:g}",
            key=eta_key(key),
            bind="query-params",
            help="The step is −η f′(x). Each function has its own scale: the lecture's slopes are tiny.",
        )
        steps = st.slider("Steps", 1, 200, 20, key=STEPS, bind="query-params")
    return Game(key, label, fn, show_derivatives, reveal, play, eta, steps)


MAX_GUESSES = 100  # guesses read from a link, at most


def guesses_param(key: str) -> str:
    """The query parameter that keeps the guesses for the hidden function ``key`` (``guesses_several``)."""
    return f"{GUESSES}_{key}"


def parse_guesses(text: str, fn: gdcore.Function1D) -> list[float]:
    """Guesses from a link's ``-3,1.5``: the numbers inside ``fn``'s domain, in order; anything else
    (a word, nan, a number off the axis) is left out, and at most MAX_GUESSES are kept."""
    low, high = fn.domain
    kept = []
    for part in text.split(","):
        try:
            x = float(part)
        except ValueError:
            continue
        if low <= x <= high:  # false for nan
            kept.append(x)
    return kept[:MAX_GUESSES]


def guesses_text(guesses: list) -> str:
    """The guesses as a link writes them: ``-3,1.5``."""
    return ",".join(f"{x:.10g}" for x in guesses)


def guesses_of(key: str) -> list:
    """This session's guesses for the hidden function ``key``, one list per function, in session state.

    The address bar keeps them too (``?guesses_several=-3,1.5``, written on each Add and Reset),
    so a student whose session starts again (another replica after a failover, a reload, a shared
    link) finds them: a session's first look at a function reads the link's guesses.
    """
    store = st.session_state.setdefault(GUESSES, {})
    if key not in store:
        store[key] = parse_guesses(st.query_params.get(guesses_param(key), ""), FUNCTIONS[key])
    return store[key]


def _write_guesses(key: str) -> None:
    """Put the guesses for ``key`` in the address bar (none: the parameter is removed)."""
    guesses = guesses_of(key)
    keep_in_url(guesses_param(key), guesses_text(guesses) if guesses else None)


def add_guess(key: str) -> None:
    """Button callback: add the guess slider's value to the guesses (and to the address bar)."""
    guesses_of(key).append(float(st.session_state[guess_key(key)]))
    _write_guesses(key)


def reset_guesses(key: str) -> None:
    """Button callback: forget the guesses for ``key`` (here and in the address bar)."""
    st.session_state.setdefault(GUESSES, {})[key] = []
    _write_guesses(key)


def guess_controls(game: Game) -> None:
    """One row: the guess slider (bound to the URL), Add guess and Reset."""
    fn = game.fn
    left, add, clear = st.columns([5, 1.5, 1.2], vertical_alignment="bottom")
    left.slider(
        "Your guess x",
        *fn.domain,
        fn.start,
        step=fn.resolution,
        format="%.0f" if fn.resolution >= 1 else "%.1f",
        key=guess_key(game.key),
        bind="query-params",
    )
    add.button(
        "Add guess",
        on_click=add_guess,
        args=(game.key,),
        type="primary",
        icon=":material/add_location:",
        key=ADD,
    )
    clear.button("Reset", on_click=reset_guesses, args=(game.key,), icon=":material/restart_alt:", key=RESET)


# -- runs ---------------------------------------------------------------------


def descent(game: Game, guesses: list):
    """Gradient descent from the last guess (the slider's x when there is none), or None when it
    does not play."""
    if not game.play:
        return None
    x0 = guesses[-1] if guesses else float(st.session_state[guess_key(game.key)])
    return gdcore.gradient_descent_1d(game.fn, x0, game.eta, game.steps)


# -- the figure ---------------------------------------------------------------

GUESS_COLOUR, TANGENT_COLOUR, CURVE_COLOUR, DESCENT_COLOUR = PALETTE[1], PALETTE[2], PALETTE[0], PALETTE[3]


def _arrowhead(xs, ys, way) -> dict:
    """An arrowhead at the downhill end of the tangent segment (xs, ys); ``way`` is -1 or +1."""
    head = 1 if way > 0 else 0
    return {
        "x": xs[head],
        "y": ys[head],
        "ax": (xs[0] + xs[1]) / 2,
        "ay": (ys[0] + ys[1]) / 2,
        "xref": "x",
        "yref": "y",
        "axref": "x",
        "ayref": "y",
        "showarrow": True,
        "arrowhead": 2,
        "arrowsize": 1.0,
        "arrowwidth": 2,
        "arrowcolor": TANGENT_COLOUR,
        "text": "",
    }


def guess_figure(
    domain: tuple[float, float],
    guesses: dict,
    *,
    tangents: list | None = None,
    downhill=None,
    curve: tuple | None = None,
    minimum: tuple | None = None,
    descent: tuple | None = None,
    y_range: tuple[float, float] | None = None,
    height: int = 480,
) -> dict:
    """The game's plot.

    ``guesses`` is gdcore's table (``x``, ``f(x)``); ``tangents`` a list of (xs, ys)
    segments, each with an arrowhead at its lower end when ``downhill`` (one of -1, 0,
    +1 per tangent, as gdcore's table) is given; ``curve`` (xs, f(xs)) once revealed; ``minimum`` (x, f) the global
    minimum once revealed; ``descent`` (xs, f(xs)) the iterates of gradient descent.
    ``y_range`` (lowest, highest f on the domain) fixes the y-axis, padded, so that a
    tangent looks as steep before the reveal as after it.
    """
    traces = []
    if curve is not None:
        traces.append(line(*curve, "hidden function", colour=CURVE_COLOUR, hoverinfo="skip"))
    if tangents:
        xs = np.concatenate([np.r_[seg[0], np.nan] for seg in tangents])
        ys = np.concatenate([np.r_[seg[1], np.nan] for seg in tangents])
        traces.append(
            line(xs, ys, "tangent (arrow points downhill)", colour=TANGENT_COLOUR, width=4, hoverinfo="skip")
        )
    if descent is not None:
        traces.append(
            line(
                *descent,
                "gradient descent",
                colour=DESCENT_COLOUR,
                width=1.5,
                dash="dot",
                markers=True,
                marker={"size": 8, "symbol": "diamond"},
                customdata=np.arange(len(descent[0])),
                hovertemplate="step %{customdata}<br>x = %{x:.4g}<br>f = %{y:.4g}<extra></extra>",
            )
        )
    n = len(guesses["x"])
    if n:
        traces.append(
            {
                "type": "scatter",
                "x": guesses["x"],
                "y": guesses["f(x)"],
                "name": "your guesses",
                "mode": "markers+text",
                "text": [str(i) for i in range(1, n + 1)],
                "textposition": "top center",
                "textfont": {"size": 14, "color": GUESS_COLOUR},
                "marker": {"size": 13, "color": GUESS_COLOUR, "line": {"width": 1.5, "color": "white"}},
                "hovertemplate": "guess %{text}<br>x = %{x:.4g}<br>f = %{y:.4g}<extra></extra>",
            }
        )
    if minimum is not None:
        hover = "global minimum<br>x = %{x:.4g}<br>f = %{y:.4g}<extra></extra>"
        traces.append(star(minimum, "global minimum", hovertemplate=hover))
    pairs = zip(tangents or [], downhill if downhill is not None else [], strict=False)
    annotations = [_arrowhead(xs, ys, way) for (xs, ys), way in pairs if way]
    low, high = domain
    pad = (high - low) * 0.02
    yaxis = {}
    if y_range is not None:
        margin = (y_range[1] - y_range[0]) * 0.12 or 1.0
        yaxis["range"] = [y_range[0] - margin, y_range[1] + margin]
    if not n and curve is None and descent is None:
        annotations.append(
            {
                "text": "No guesses yet:<br>pick an x and press<br>“Add guess”",  # fits a phone
                "x": (low + high) / 2,
                "y": 0.5,
                "yref": "paper",
                "showarrow": False,
                "font": {"size": 16, "color": "#555"},
            }
        )
        yaxis["showticklabels"] = False
    return figure(
        traces,
        x="x",
        y="f(x)",
        height=height,
        xaxis={"range": [low - pad, high + pad]},
        yaxis=yaxis,
        annotations=annotations,
    )


def game_figure(game: Game, guesses: list, descent=None) -> dict:
    """``guess_figure`` for the game's hidden function and this session's ``guesses``, in the game's state."""
    fn = game.fn
    table = fn.table(guesses)
    xs, fx = fn.grid(600)
    return guess_figure(
        fn.domain,
        table,
        tangents=[fn.tangent(x) for x in table["x"]] if game.show_derivatives else None,
        downhill=table["downhill"],
        curve=(xs, fx) if game.reveal else None,
        minimum=fn.global_minimum if game.reveal else None,
        descent=(descent.x, descent.fx) if descent is not None else None,
        y_range=(fx.min(), fx.max()),
    )


# -- report -------------------------------------------------------------------


def score_metrics(game: Game, guesses: list) -> None:
    """Guesses, best guess, lowest f(x) found and the true minimum (hidden until revealed)."""
    fn, reveal = game.fn, game.reveal
    best = fn.best_of(guesses) if guesses else None
    x_min, f_min = fn.global_minimum
    if reveal:
        true_minimum = ("True minimum f", f"{f_min:.4g}", {"help": f"the global minimum, at x = {x_min:.4g}"})
    else:
        true_minimum = ("True minimum f", "hidden", {"help": "Reveal the function to compare."})
    metrics_row(
        ("Guesses", len(guesses)),
        ("Best guess x", f"{best[0]:.4g}" if best else "–"),
        ("Lowest f(x) found", f"{best[1]:.4g}" if best else "–"),
        true_minimum,
    )
    if reveal and best:
        st.markdown(
            f"The true minimum is at x = {x_min:.4g}. Your best guess is {best[1] - f_min:.3g} above it "
            f"and {abs(best[0] - x_min):.3g} away from it in x."
        )


def descent_summary(game: Game, descent) -> None:
    """Where gradient descent ended, and a warning when a step would have left the domain."""
    eta, domain = game.eta, game.fn.domain
    end_x, end_f = descent.x[-1], descent.fx[-1]
    st.markdown(
        f"**Gradient descent** from x₀ = {descent.x[0]:.4g} with η = {eta:g}: "
        f"{descent.steps_taken} steps, ended at x = {end_x:.4g} with f(x) = {end_f:.4g}."
    )
    if descent.stop_reason:
        st.warning(
            f"Step {descent.stop_step} would have gone to x = {descent.rejected_x:.4g}, outside "
            f"[{domain[0]:g}, {domain[1]:g}] ({descent.stop_reason}): the learning rate is too large, "
            "so the run stopped there."
        )


def derivatives_table(game: Game, guesses: list) -> None:
    """One row per guess: x, f(x), f'(x) and the downhill way; for the lecture's function, also
    the slope the original widget drew and whether it pointed the wrong way."""
    fn, table = game.fn, game.fn.table(guesses)
    arrows = {1.0: "→ right", -1.0: "← left", 0.0: "flat"}
    rows = {"guess": np.arange(1, len(table["x"]) + 1), **table}
    rows["downhill"] = [arrows[d] for d in table["downhill"]]
    if fn is gdcore.LECTURE_GUESS:
        wrong = gdcore.original_widget_derivative(table["x"])
        rows["original widget's f'(x)"] = wrong
        rows["original pointed the wrong way"] = np.sign(wrong) != np.sign(table["f'(x)"])
    numbers = [name for name, values in rows.items() if np.asarray(values).dtype.kind == "f"]
    # 5 decimals shown, as the text below writes them (the default display cut -0.00125 to -0.0012)
    show_table(rows, name=f"guesses-{game.key}", decimals=5, formats=dict.fromkeys(numbers, "%.5f"))


def gradient_check_note(game: Game, guesses: list) -> None:
    """The finite-difference check of f' at the guesses (at the start when there are none)."""
    fn = game.fn
    checked = guesses or [fn.start]
    agree = all(gdcore.check_gradient(fn.loss, fn.gradient, [x]) for x in checked)
    st.markdown(
        f"Finite-difference check of f′ at {len(checked)} point(s): **{'passed' if agree else 'FAILED'}** "
        "(the slope from f(x ± 10⁻⁶) agrees with the formula)."
    )


def original_widget_note(game: Game) -> None:
    """For the lecture's function: the slope its original widget drew at x = 25, against the true one."""
    fn = game.fn
    if fn is not gdcore.LECTURE_GUESS:
        return
    st.markdown(
        "The lecture's original widget made its first term 100 times too small, so some of its "
        "tangents pointed uphill: at x = 25 it drew slope "
        f"{gdcore.original_widget_derivative(25.0):+.5f} where the true slope is "
        f"{fn.derivative(25.0):+.5f}. Here every tangent uses the true derivative."
    )


# -- snippet ------------------------------------------------------------------


def snippet(game: Game, guesses, descent=None) -> str:
    """'Show the code': the game in gdcore, printing what the page shows in its current state.

    ``descent`` is gradient descent's run when it plays.
    """
    lines = [
        "import gdcore",
        "",
        f'fn = gdcore.GUESS_FUNCTIONS["{game.key}"]  # {game.label}',
        f"guesses = {fmt([float(x) for x in guesses])}",
        'print("guesses:", len(guesses))',
    ]
    if len(guesses):
        lines += [
            "best_x, best_f = fn.best_of(guesses)",
            'print(f"best guess x = {best_x:.4g}, lowest f(x) = {best_f:.4g}")',
        ]
    if game.show_derivatives and len(guesses):
        lines += [
            "table = fn.table(guesses)  # x, f(x), f'(x), downhill (+1 right, -1 left)",
            'for x, fx, slope in zip(table["x"], table["f(x)"], table["f\'(x)"]):',
            '    print(f"x = {x:g}: f(x) = {fx:.5f}, f\'(x) = {slope:.5f}")',
        ]
    if game.reveal:
        lines += ["x_min, f_min = fn.global_minimum  # the hidden minimum"]
        where = ", at x = {x_min:.4g}" if len(guesses) else ""
        lines += [f'print(f"true minimum f = {{f_min:.4g}}{where}")']
    if descent is not None:
        x0, eta, steps = float(descent.x[0]), float(game.eta), int(game.steps)
        lines += [
            f"run = gdcore.gradient_descent_1d(fn, {fmt(x0)}, learning_rate={fmt(eta)}, steps={steps})",
            'print(f"{run.steps_taken} steps, ended at x = {run.x[-1]:.4g} with f(x) = {run.fx[-1]:.4g}")',
        ]
        if descent.stop_reason:
            lines += [
                'print(f"step {run.stop_step} would have gone to x = {run.rejected_x:.4g}: {run.stop_reason}")'
            ]
    if game.key == "lecture":
        lines += [
            "# the lecture's original widget: its first term was 100 times too small",
            'print(f"slope at x = 25: drawn {gdcore.original_widget_derivative(25.0):+.5f}, '
            'true {fn.derivative(25.0):+.5f}")',
        ]
    return "\n".join(lines) + "\n"
