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


CLOSEST, FARTHEST = "ended closest", "ended farthest"


def run_names(rates: dict, distances: list[float]) -> list[str]:
    """A name per run, honest about how it ended: "η = 0.5 · ended closest".

    The rate's menu label (small, good, too large) is what the student meant, not what
    happened (with a far target a "good" rate can end worst), so a name carries it only
    to tell two equal rates apart. The closest and the farthest run (at the metrics'
    3 decimals) are marked when the distances differ.
    """
    values = list(rates.values())
    names = [f"η = {r:g}" + (f" ({label})" if values.count(r) > 1 else "") for label, r in rates.items()]
    shown = [round(float(d), 3) for d in distances]
    if len(set(shown)) > 1:
        best, worst = min(shown), max(shown)
        names = [
            f"{name} · {CLOSEST}"
            if d == best and shown.count(best) == 1
            else f"{name} · {FARTHEST}"
            if d == worst and shown.count(worst) == 1
            else name
            for name, d in zip(names, shown, strict=True)
        ]
    return names


def reach_runs(target, rates: dict, steps: int) -> tuple:
    """(the arm, name -> run): one ``gdcore.reach_target`` run from ``ARM0`` per learning rate
    (``rates``: menu label -> η), named by ``run_names``."""
    arm = gdcore.RobotArm(target)
    paths = [gdcore.reach_target(arm, ARM0, r, steps) for r in rates.values()]
    names = run_names(rates, [p["distance"][-1] for p in paths])
    return arm, dict(zip(names, paths, strict=True))


def reach_warning(arm, target) -> None:
    """A warning when ``target`` is out of the arm's reach, with the closest the hand can come."""
    if arm.reachable:
        return
    l1, l2 = arm.lengths
    st.warning(
        f"The target ({target[0]:g}, {target[1]:g}) is out of reach: the hand reaches only between "
        f"{abs(l1 - l2):g} and {l1 + l2:g} from the shoulder, so "
        f"the best the arm can do is {arm.closest_distance:.3f} away. The star on the chart is the target."
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
    # the whole reach, and the target even when it is out of reach
    lim = max(reach * 1.15, abs(float(target[0])) + 0.3, abs(float(target[1])) + 0.3)
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
