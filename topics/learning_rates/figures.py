"""The page "Learning rates": its figures (the bowl, the learning curves, the schedule), as figure specs.

The robot arm's animation is in :mod:`topics.learning_rates.robot_arm`.
"""

from __future__ import annotations

import numpy as np

import gdcore
from topics.learning_rates.runs import STEPS_PER_EPOCH
from ui.animation import animated
from ui.figures import PALETTE, bounded_log, figure, line, star
from ui.numbers import readable

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
LABEL_GAP = 0.6  # decades between the crosses (and labels) of two diverging runs


def regime_colour(regime: str) -> str:
    """The colour of the bowl's steps in each regime (diverging: the palette's red)."""
    oscillating = PALETTE[3]
    return {
        "creeping": PALETTE[4],
        "converging": PALETTE[2],
        "oscillating": oscillating,
        "bouncing": oscillating,
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


FAR = 3  # the bowl's chart reaches at most this many domain widths from the minimum
MOVING = [0, 2, 4]  # the bowl's traces that depend on eta: outside the domain, the steps, the jump


def _jump(fn, run):
    """Where a step that left the domain is drawn: (x, f(x), label), at most FAR domain widths out
    (the label gives the true w when it lands farther), or None when the run did not leave."""
    if run.stop_step is None:
        return None
    landed = float(run.rejected_x) if run.rejected_x is not None else float("nan")
    limit = FAR * fn.width
    if np.isfinite(landed) and abs(landed) <= limit:
        return landed, float(fn(landed)), f"step {run.stop_step}: left the domain"
    side = np.sign(landed) if np.isfinite(landed) and landed != 0 else -np.sign(run.x[-1]) or 1.0
    where = f"w = {readable(landed)}" if np.isfinite(landed) else "a number too large to hold"
    x = float(side * limit)
    return x, float(fn(x)), f"step {run.stop_step}: jumped to {where}, off the chart"


def bowl_parts(bowl) -> tuple[list[dict], dict]:
    """(the traces that depend on eta, the axes' ranges) of the bowl's figure for one run:
    the cost outside the domain, the steps and the jump out of the domain (the first and the
    last empty when the run stayed inside). Built by ``bowl_figure`` and the scrubber's frames alike."""
    fn, run = bowl.fn, bowl.run
    colour = regime_colour(bowl.regime)
    steps = line(
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
    )
    jump = _jump(fn, run)
    low, high = fn.domain
    if jump is None:
        outside_x, jump_x, jump_y, label = [], [], [], ""
    else:
        low, high = min(low, jump[0]), max(high, jump[0])
        outside_x = np.linspace(low, high, 101)
        jump_x, jump_y, label = [float(run.x[-1]), jump[0]], [float(run.fx[-1]), jump[1]], jump[2]
    outside = line(
        outside_x,
        fn(outside_x) if len(outside_x) else [],
        "outside the domain",
        colour=GREY,
        width=1,
        dash="dash",
        hoverinfo="skip",
        showlegend=jump is not None,
    )
    cross = labelled_cross(
        jump_x,
        jump_y,
        label,
        colour,
        mode="lines+markers+text",
        line={"width": 1.5, "color": colour, "dash": "dot"},
        marker={"size": [0, 14][: len(jump_x)], "symbol": "x", "color": colour},
        # beside the cross, towards the bowl: it is the highest point drawn, a label above it is cut
        textposition="middle left" if (jump is None or jump[0] > 0) else "middle right",
    )
    cross["text"] = ["", label] if jump is not None else []
    pad = 0.03 * (high - low)
    top = float(max(fn(np.array([low, high])).max(), np.max(run.fx)))
    ranges = {"xaxis": {"range": [low - pad, high + pad]}, "yaxis": {"range": [-0.05 * top, 1.12 * top]}}
    return [outside, steps, cross], ranges


def bowl_figure(bowl) -> dict:
    """The convex cost with gradient-descent steps on it, numbered, coloured by the regime.

    A step that left the domain is drawn to where it landed (at most FAR domain widths out),
    on the cost's formula drawn faintly outside the domain, with a cross saying which step it
    was. The traces are always the same five (MOVING are the ones that depend on eta), so
    that the scrubber's frames can replace them.
    """
    xs, fx = bowl.fn.grid(201)
    (outside, steps, cross), ranges = bowl_parts(bowl)
    traces = [outside, line(xs, fx, "cost f(w)", colour=PALETTE[0]), steps, star(MINIMUM, "minimum"), cross]
    return figure(traces, x="weight w", y="cost f(w)", height=400, **ranges)


def bowl_scrubber(bowls: dict, eta: float) -> dict:
    """``bowl_figure`` at ``eta`` with a slider over every run of ``bowls`` (eta -> Bowl, the same
    bowl and steps): each frame replaces the MOVING traces and the axes' ranges, in the browser."""
    frames = []
    for rate, bowl in bowls.items():
        moving, ranges = bowl_parts(bowl)
        frames.append({"name": f"{rate:g}", "traces": MOVING, "data": moving, "layout": ranges})
    fig = bowl_figure(bowls[eta])
    return animated(fig, frames, prefix="η = ", play=False, active=list(bowls).index(eta))


def curves_figure(
    histories: dict, best: float, colours=CURVE_COLOURS, *, height: int = 460, steps_per_epoch=STEPS_PER_EPOCH
) -> dict:
    """Learning curves: the loss above the best possible, per epoch, on a readable log scale.

    The axis is ``ui.figures.bounded_log``'s: a diverging run is drawn until it leaves the
    chart through the top, where a triangle says so. A cross at the epoch where a run
    diverged (step k is at epoch k / steps_per_epoch) says at which step; the crosses of
    several diverging runs are stacked LABEL_GAP decades apart, so that their labels never
    cover each other.
    """
    curves = [
        line(np.arange(len(h.epoch_loss)), gdcore.excess_loss(h.epoch_loss, best), name, colour=colour)
        for (name, h), colour in zip(histories.items(), colours, strict=False)
    ]
    traces, yaxis = bounded_log(curves, x_name="epoch")
    bottom, top = yaxis.get("range", (-1.0, 1.0))
    epochs = max(len(h.epoch_loss) - 1 for h in histories.values())
    crosses = 0
    for curve, h in zip(traces, histories.values(), strict=False):
        if h.diverged_at is None:
            continue
        at_epoch = h.diverged_at / steps_per_epoch
        drawn = [v for v in curve["y"] if v is not None]
        highest = np.log10(drawn[-1]) if drawn else top
        height_at = max(min(highest, top - 0.3) - LABEL_GAP * crosses, bottom + 0.2)
        traces.append(
            labelled_cross(
                [at_epoch],
                [float(10**height_at)],
                f"diverged at step {h.diverged_at}",
                curve["line"]["color"],
                textposition="middle left" if at_epoch > 0.6 * max(epochs, 1) else "middle right",
            )
        )
        crosses += 1
    return figure(traces, x="epoch", y="loss − best possible loss", height=height, yaxis=yaxis)


def schedule_figure(steps, schedule_rates, eta0: float) -> dict:
    """The learning rate against the step: the schedule and the constant rate."""
    traces = [
        line(steps, schedule_rates, "schedule", colour=SCHEDULE_COLOURS[0]),
        line([steps[0], steps[-1]], [eta0, eta0], "constant", colour=SCHEDULE_COLOURS[1], dash="dash"),
    ]
    return figure(traces, x="step", y="learning rate η", height=400, yaxis={"rangemode": "tozero"})
