"""The page "Learning rates", section 4: a robot arm learning to reach, for a few learning rates.

Its runs, its animation (a figure spec with frames, Play/Pause and a slider from
``ui.animation``, so it plays in the browser without reruns) and its messages.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

import gdcore
from ui.animation import animated, frame_steps
from ui.figures import PALETTE, figure, line, star
from ui.page import metrics_row

ARM0 = np.array([-0.8, 1.6])  # the arm's starting angles (theta1, theta2)
ARM_COLOURS = (PALETTE[2], PALETTE[0], PALETTE[1])  # small, good, too large


def reach_runs(target, rates: dict, steps: int) -> tuple:
    """(the arm, name -> run): one ``gdcore.reach_target`` run from ``ARM0`` per learning rate,
    named "<label>: η = <rate>"."""
    arm = gdcore.RobotArm(target)
    return arm, {
        f"{label}: η = {r:g}": gdcore.reach_target(arm, ARM0, r, steps) for label, r in rates.items()
    }


def reach_warning(arm, target) -> None:
    """A warning when ``target`` is out of the arm's reach, with the closest the hand can come."""
    if arm.reachable:
        return
    l1, l2 = arm.lengths
    st.warning(
        f"The target ({target[0]:g}, {target[1]:g}) is out of reach: the hand reaches only between "
        f"{abs(l1 - l2):g} and {l1 + l2:g} from the shoulder, so "
        f"the best the arm can do is {arm.closest_distance:.3f} away."
    )


def distance_metrics(runs: dict, steps: int) -> None:
    """A row with each run's distance to the target after ``steps`` steps."""
    metrics_row(
        *((f"Distance after {steps} steps ({name})", f"{r['distance'][-1]:.3f}") for name, r in runs.items())
    )


def _arm_xy(run, k):
    """x and y of the polyline shoulder -> elbow -> hand at pose k."""
    elbow, hand = run["elbow"][k].tolist(), run["hand"][k].tolist()
    return [0.0, elbow[0], hand[0]], [0.0, elbow[1], hand[1]]


def arm_animation(arm, runs: dict, target) -> dict:
    """Arms (left) and distance to the target (right), animated over the poses (``frame_steps``).

    ``runs`` maps a name to ``reach_target``'s dict. The first len(runs) traces are the arms,
    the next len(runs) the markers on the distance curves: the frames update only those.
    """
    names = list(runs)
    reach = float(arm.lengths.sum())
    steps = np.arange(len(next(iter(runs.values()))["distance"]))
    arms, dots, curves = [], [], []
    for name, colour in zip(names, ARM_COLOURS, strict=False):
        run = runs[name]
        xs, ys = _arm_xy(run, 0)
        arms.append(line(xs, ys, name, colour=colour, width=6, markers=True, marker={"size": 11}))
        dots.append(
            {
                "type": "scatter",
                "x": [0],
                "y": [run["distance"][0]],
                "mode": "markers",
                "marker": {"size": 12, "color": colour},
                "xaxis": "x2",
                "yaxis": "y2",
                "showlegend": False,
                "hoverinfo": "skip",
            }
        )
        curves.append(
            line(
                steps, run["distance"], name, colour=colour, width=2, xaxis="x2", yaxis="y2", showlegend=False
            )
        )
    circle = np.linspace(0, 2 * np.pi, 73)
    edge = line(
        reach * np.cos(circle),
        reach * np.sin(circle),
        "reach",
        colour="#999999",
        width=1,
        dash="dot",
        hoverinfo="skip",
    )
    moving = list(range(2 * len(names)))
    frames = [
        {
            "name": str(k),
            "traces": moving,
            "data": [dict(zip(("x", "y"), _arm_xy(runs[n], k), strict=True)) for n in names]
            + [{"x": [int(k)], "y": [float(runs[n]["distance"][k])]} for n in names],
        }
        for k in frame_steps(len(steps) - 1)
    ]
    lim = reach * 1.15
    fig = figure(
        [*arms, *dots, *curves, edge, star(target, "target")],
        x="x",
        y="y",
        height=480,
        xaxis={"domain": [0, 0.45], "range": [-lim, lim]},
        yaxis={"range": [-lim, lim], "scaleanchor": "x"},
        xaxis2={"domain": [0.57, 1], "anchor": "y2", "title": {"text": "step"}},
        yaxis2={"anchor": "x2", "title": {"text": "distance to the target"}, "rangemode": "tozero"},
    )
    return animated(fig, frames, prefix="step ")
