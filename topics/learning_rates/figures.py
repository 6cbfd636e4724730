"""The page "Learning rates": its figures (the bowl, the learning curves, the schedule), as figure specs.

The robot arm's animation is in :mod:`topics.learning_rates.robot_arm`.
"""

from __future__ import annotations

import numpy as np

import gdcore
from topics.learning_rates.runs import BOUNCES, STEPS_PER_EPOCH
from ui.figures import PALETTE, figure, line, star

GREY = "#999999"
MINIMUM = (0.0, 0.0)  # the bowl's minimum (w, f(w))
CURVE_COLOURS = (
    PALETTE[1],
    PALETTE[4],
    PALETTE[2],
    PALETTE[5],
    PALETTE[3],
    PALETTE[0],
    PALETTE[6],
    PALETTE[7],
)
SCHEDULE_COLOURS = (PALETTE[3], PALETTE[6])  # the schedule's learning curve, the constant rate's
CEILING = 1e4  # the learning-curve charts show up to this many times the largest starting loss
LABEL_GAP = 0.6  # decades between the crosses (and labels) of two diverging runs


def regime_colour(regime: str) -> str:
    """The colour of the bowl's steps in each regime (diverging: the palette's red)."""
    oscillating = PALETTE[3]
    return {
        "creeping": PALETTE[4],
        "converging": PALETTE[2],
        "oscillating": oscillating,
        BOUNCES: oscillating,
    }.get(regime, PALETTE[1])


def labelled_cross(x, y, label: str, colour: str, **more) -> dict:
    """A cross at the last of the points (x, y) with ``label`` beside it, out of the legend."""
    return {
        "type": "scatter",
        "x": x,
        "y": y,
        "mode": "markers+text",
        "marker": {"symbol": "x", "size": 14, "color": colour},
        "text": [""] * (len(x) - 1) + [label],
        "textfont": {"color": colour},
        "showlegend": False,
        "hoverinfo": "skip",
        **more,
    }


def bowl_figure(bowl) -> dict:
    """The convex cost with gradient-descent steps on it, numbered, coloured by the regime.

    A step that left the domain is drawn to where it landed, on the cost's formula drawn
    faintly outside the domain, with a cross saying which step it was.
    """
    fn, run = bowl.fn, bowl.run
    xs, fx = fn.grid(201)
    colour = regime_colour(bowl.regime)
    traces = [
        line(xs, fx, "cost f(w)", colour=PALETTE[0]),
        line(
            run.x,
            run.fx,
            f"gradient-descent steps ({bowl.regime})",
            colour=colour,
            width=1.5,
            dash="dot",
            markers=True,
            marker={"size": 10},
            customdata=np.arange(len(run.x)),
            hovertemplate="step %{customdata}<br>w=%{x:.4g}<br>f=%{y:.4g}<extra></extra>",
        ),
        star(MINIMUM, "minimum"),
    ]
    if run.stop_step is not None and np.isfinite(run.rejected_x) and abs(run.rejected_x) <= 3 * fn.width:
        low, high = min(fn.domain[0], run.rejected_x), max(fn.domain[1], run.rejected_x)
        wide = np.linspace(low, high, 201)
        outside = line(
            wide, fn(wide), "outside the domain", colour=GREY, width=1, dash="dash", hoverinfo="skip"
        )
        jump = labelled_cross(
            [run.x[-1], run.rejected_x],
            [run.fx[-1], fn(run.rejected_x)],
            f"step {run.stop_step}: left the domain",
            colour,
            mode="lines+markers+text",
            line={"width": 1.5, "color": colour, "dash": "dot"},
            marker={"size": [0, 14], "symbol": "x", "color": colour},
            textposition="top left",
        )
        traces = [outside, *traces, jump]
    return figure(traces, x="weight w", y="cost f(w)", height=400)


def curves_figure(
    histories: dict, best: float, colours=CURVE_COLOURS, *, height: int = 460, steps_per_epoch=STEPS_PER_EPOCH
) -> dict:
    """Learning curves: the loss above the best possible, per epoch, on a log scale.

    A diverging run is drawn until it leaves the chart through the top (at CEILING times
    the largest starting value). A cross at the epoch where it diverged (step k is at epoch
    k / steps_per_epoch) says at which step; the crosses of several diverging runs are
    stacked LABEL_GAP decades apart, so that their labels never cover each other.
    """
    shown = {name: gdcore.excess_loss(h.epoch_loss, best) for name, h in histories.items()}
    top = CEILING * max(float(v[0]) for v in shown.values() if len(v))
    low = min(float(v.min()) for v in shown.values() if len(v))
    epochs = max(len(h.epoch_loss) - 1 for h in histories.values())
    traces, crosses = [], 0
    for (name, h), colour in zip(histories.items(), colours, strict=False):
        excess = shown[name]
        above = np.flatnonzero(excess > top)
        cut = int(above[0]) + 1 if len(above) else len(excess)  # keep the first point off the chart
        traces.append(line(np.arange(cut), excess[:cut], name, colour=colour))
        if h.diverged_at is not None:
            at_epoch = h.diverged_at / steps_per_epoch
            height_at = min(float(excess[min(cut, len(excess)) - 1]), top) if len(excess) else top
            traces.append(
                labelled_cross(
                    [at_epoch],
                    [height_at * 10 ** (-LABEL_GAP * crosses)],
                    f"diverged at step {h.diverged_at}",
                    colour,
                    textposition="middle left" if at_epoch > 0.6 * max(epochs, 1) else "middle right",
                )
            )
            crosses += 1
    peak = min(top, max(float(v.max()) for v in shown.values() if len(v)))
    yaxis = {"type": "log", "exponentformat": "power", "range": [np.log10(low) - 0.3, np.log10(peak) + 0.5]}
    return figure(traces, x="epoch", y="loss − best possible loss", height=height, yaxis=yaxis)


def schedule_figure(steps, schedule_rates, eta0: float) -> dict:
    """The learning rate against the step: the schedule and the constant rate."""
    traces = [
        line(steps, schedule_rates, "schedule", colour=SCHEDULE_COLOURS[0]),
        line([steps[0], steps[-1]], [eta0, eta0], "constant", colour=SCHEDULE_COLOURS[1], dash="dash"),
    ]
    return figure(traces, x="step", y="learning rate η", height=400, yaxis={"rangemode": "tozero"})
