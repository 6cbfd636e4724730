"""The "Make a guess" game: its guesses in session state, its figure, metrics, messages and snippet."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

import gdcore
from ui.code import fmt
from ui.figures import PALETTE, light_layout, line_width, star
from ui.page import metrics_row
from ui.tables import show_table

GUESS_COLOUR, TANGENT_COLOUR, CURVE_COLOUR, DESCENT_COLOUR = PALETTE[1], PALETTE[2], PALETTE[0], PALETTE[3]


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
) -> go.Figure:
    """The game's plot.

    ``guesses`` is gdcore's table (``x``, ``f(x)``); ``tangents`` a list of (xs, ys)
    segments, each with an arrowhead at its lower end when ``downhill`` (one of -1, 0,
    +1 per tangent, as gdcore's table) is given; ``curve`` (xs, f(xs)) once revealed; ``minimum`` (x, f) the global
    minimum once revealed; ``descent`` (xs, f(xs)) the iterates of gradient descent.
    ``y_range`` (lowest, highest f on the domain) fixes the y-axis, padded, so that a
    tangent looks as steep before the reveal as after it.
    """
    data = []
    if curve is not None:
        data.append(
            go.Scatter(
                x=curve[0],
                y=curve[1],
                name="hidden function",
                mode="lines",
                line={"width": line_width(), "color": CURVE_COLOUR},
                hoverinfo="skip",
            )
        )
    if tangents:
        xs = np.concatenate([np.r_[seg[0], np.nan] for seg in tangents])
        ys = np.concatenate([np.r_[seg[1], np.nan] for seg in tangents])
        data.append(
            go.Scatter(
                x=xs,
                y=ys,
                name="tangent (arrow points downhill)",
                mode="lines",
                line={"width": 4, "color": TANGENT_COLOUR},
                hoverinfo="skip",
            )
        )
    if descent is not None:
        data.append(
            go.Scatter(
                x=descent[0],
                y=descent[1],
                name="gradient descent",
                mode="lines+markers",
                line={"width": 1.5, "color": DESCENT_COLOUR, "dash": "dot"},
                marker={"size": 8, "color": DESCENT_COLOUR, "symbol": "diamond"},
                customdata=np.arange(len(descent[0])),
                hovertemplate="step %{customdata}<br>x = %{x:.4g}<br>f = %{y:.4g}<extra></extra>",
            )
        )
    n = len(guesses["x"])
    if n:
        data.append(
            go.Scatter(
                x=guesses["x"],
                y=guesses["f(x)"],
                name="your guesses",
                mode="markers+text",
                text=[str(i) for i in range(1, n + 1)],
                textposition="top center",
                textfont={"size": 14, "color": GUESS_COLOUR},
                marker={"size": 13, "color": GUESS_COLOUR, "line": {"width": 1.5, "color": "white"}},
                hovertemplate="guess %{text}<br>x = %{x:.4g}<br>f = %{y:.4g}<extra></extra>",
            )
        )
    if minimum is not None:
        data.append(
            star(minimum, "global minimum", "global minimum<br>x = %{x:.4g}<br>f = %{y:.4g}<extra></extra>")
        )
    arrows = []
    for (xs, ys), way in zip(tangents or [], downhill if downhill is not None else [], strict=False):
        if way:
            head = 1 if way > 0 else 0
            arrows.append(
                {
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
            )
    low, high = domain
    pad = (high - low) * 0.02
    yaxis = {}
    if y_range is not None:
        margin = (y_range[1] - y_range[0]) * 0.12 or 1.0
        yaxis["range"] = [y_range[0] - margin, y_range[1] + margin]
    layout = light_layout(
        x="x", y="f(x)", height=height, xaxis={"range": [low - pad, high + pad]}, yaxis=yaxis
    )
    layout["annotations"] = arrows
    if not n and curve is None and descent is None:
        layout["annotations"] = [
            *arrows,
            {
                "text": "No guesses yet: pick an x and press “Add guess”",
                "x": (low + high) / 2,
                "y": 0.5,
                "yref": "paper",
                "showarrow": False,
                "font": {"size": 18, "color": "#555"},
            },
        ]
        layout["yaxis"]["showticklabels"] = False
    return go.Figure(data=data, layout=layout)


def guesses_of(key: str) -> list:
    """This session's guesses for the hidden function ``key``: one list per function, in session state."""
    return st.session_state.setdefault("guesses", {}).setdefault(key, [])


def add_guess(key: str) -> None:
    """Button callback: add the guess slider's value (widget key ``guess_<key>``) to the guesses."""
    guesses_of(key).append(float(st.session_state[f"guess_{key}"]))


def reset_guesses(key: str) -> None:
    """Button callback: forget the guesses for ``key``."""
    st.session_state.setdefault("guesses", {})[key] = []


def game_figure(fn, table: dict, *, show_derivatives: bool, reveal: bool, descent=None) -> go.Figure:
    """``guess_figure`` for the hidden function ``fn`` and its ``table`` of guesses, in the game's state."""
    xs, fx = fn.grid(600)
    return guess_figure(
        fn.domain,
        table,
        tangents=[fn.tangent(x) for x in table["x"]] if show_derivatives else None,
        downhill=table["downhill"],
        curve=(xs, fx) if reveal else None,
        minimum=fn.global_minimum if reveal else None,
        descent=(descent.x, descent.fx) if descent is not None else None,
        y_range=(fx.min(), fx.max()),
    )


def score_metrics(fn, guesses: list, *, reveal: bool) -> None:
    """Guesses, best guess, lowest f(x) found and the true minimum (hidden until revealed)."""
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


def descent_summary(descent, eta: float, domain: tuple[float, float]) -> None:
    """Where gradient descent ended, and a warning when a step would have left the domain."""
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


def derivatives_table(fn, table: dict, *, name: str) -> None:
    """One row per guess: x, f(x), f'(x) and the downhill way; for the lecture's function, also
    the slope the original widget drew and whether it pointed the wrong way."""
    arrows = {1.0: "→ right", -1.0: "← left", 0.0: "flat"}
    rows = {"guess": np.arange(1, len(table["x"]) + 1), **table}
    rows["downhill"] = [arrows[d] for d in table["downhill"]]
    if fn is gdcore.LECTURE_GUESS:
        wrong = gdcore.original_widget_derivative(table["x"])
        rows["original widget's f'(x)"] = wrong
        rows["original pointed the wrong way"] = np.sign(wrong) != np.sign(table["f'(x)"])
    show_table(rows, name=name, decimals=5)


def gradient_check_note(fn, guesses: list) -> None:
    """The finite-difference check of f' at the guesses (at the start when there are none)."""
    checked = guesses or [fn.start]
    agree = all(gdcore.check_gradient(fn.loss, fn.gradient, [x]) for x in checked)
    st.markdown(
        f"Finite-difference check of f′ at {len(checked)} point(s): **{'passed' if agree else 'FAILED'}** "
        "(the slope from f(x ± 10⁻⁶) agrees with the formula)."
    )


def snippet(key: str, name: str, guesses, *, derivatives=False, reveal=False, descent=None) -> str:
    """'Show the code': the game in gdcore, printing what the page shows in its current state.

    ``key`` is the function's key in ``gdcore.GUESS_FUNCTIONS`` and ``name`` its label;
    ``descent`` is (x0, learning_rate, steps, stopped early) when gradient descent plays.
    """
    lines = [
        "import gdcore",
        "",
        f'fn = gdcore.GUESS_FUNCTIONS["{key}"]  # {name}',
        f"guesses = {fmt([float(x) for x in guesses])}",
        'print("guesses:", len(guesses))',
    ]
    if len(guesses):
        lines += [
            "best_x, best_f = fn.best_of(guesses)",
            'print(f"best guess x = {best_x:.4g}, lowest f(x) = {best_f:.4g}")',
        ]
    if derivatives and len(guesses):
        lines += [
            "table = fn.table(guesses)  # x, f(x), f'(x), downhill (+1 right, -1 left)",
            'for x, fx, slope in zip(table["x"], table["f(x)"], table["f\'(x)"]):',
            '    print(f"x = {x:g}: f(x) = {fx:.5f}, f\'(x) = {slope:.5f}")',
        ]
    if reveal:
        lines += ["x_min, f_min = fn.global_minimum  # the hidden minimum"]
        where = ", at x = {x_min:.4g}" if len(guesses) else ""
        lines += [f'print(f"true minimum f = {{f_min:.4g}}{where}")']
    if descent is not None:
        x0, eta, steps, stopped = descent
        lines += [
            f"run = gdcore.gradient_descent_1d(fn, {fmt(float(x0))}, learning_rate={fmt(float(eta))}, steps={int(steps)})",
            'print(f"{run.steps_taken} steps, ended at x = {run.x[-1]:.4g} with f(x) = {run.fx[-1]:.4g}")',
        ]
        if stopped:
            lines += [
                'print(f"step {run.stop_step} would have gone to x = {run.rejected_x:.4g}: {run.stop_reason}")'
            ]
    if key == "lecture":
        lines += [
            "# the lecture's original widget: its first term was 100 times too small",
            'print(f"slope at x = 25: drawn {gdcore.original_widget_derivative(25.0):+.5f}, '
            'true {fn.derivative(25.0):+.5f}")',
        ]
    return "\n".join(lines) + "\n"
