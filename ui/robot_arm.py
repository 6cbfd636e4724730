"""The robot arm of the page "Learning rates": runs for a few learning rates, their animation and metrics.

The animation is a Plotly figure with frames and a Play button, so it plays in the browser
without reruns.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

import gdcore
from ui.figures import PALETTE, PrebuiltFigure, light_layout, star
from ui.learning_rates import ARM0, scatter
from ui.page import metrics_row

ARM_COLOURS = (PALETTE[2], PALETTE[0], PALETTE[1])  # small, good, too large
MAX_FRAMES = 60


def reach_runs(arm, rates: dict, steps: int) -> dict:
    """One ``gdcore.reach_target`` run from ``ARM0`` per learning rate, named "<label>: η = <rate>"."""
    return {f"{label}: η = {r:g}": gdcore.reach_target(arm, ARM0, r, steps) for label, r in rates.items()}


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


def pose_frames(steps: int) -> np.ndarray:
    """The poses 0..``steps`` that the animation shows: all of them, or ``MAX_FRAMES`` spread evenly."""
    return np.unique(np.linspace(0, steps, min(steps + 1, MAX_FRAMES)).round().astype(int))


def distance_metrics(runs: dict, steps: int) -> None:
    """A row with each run's distance to the target after ``steps`` steps."""
    metrics_row(
        *((f"Distance after {steps} steps ({name})", f"{r['distance'][-1]:.3f}") for name, r in runs.items())
    )


def _arm_xy(run, k):
    """x and y of the polyline shoulder -> elbow -> hand at pose k."""
    elbow, hand = run["elbow"][k].tolist(), run["hand"][k].tolist()
    return [0.0, elbow[0], hand[0]], [0.0, elbow[1], hand[1]]


def arm_animation(runs: dict, target, reach: float, frames) -> go.Figure:
    """Arms (left) and distance to the target (right), animated over the poses ``frames``.

    ``runs`` maps a name to ``reach_target``'s dict. The first len(runs) traces are the arms,
    the next len(runs) the markers on the distance curves: the frames update only those.
    """
    names = list(runs)
    steps = np.arange(len(next(iter(runs.values()))["distance"]))
    arm_traces, dots, curves = [], [], []
    for name, colour in zip(names, ARM_COLOURS, strict=False):
        run = runs[name]
        xs, ys = _arm_xy(run, 0)
        arm_traces.append(
            scatter(
                x=xs,
                y=ys,
                name=name,
                mode="lines+markers",
                line={"width": 6, "color": colour},
                marker={"size": 11, "color": colour},
            )
        )
        dots.append(
            scatter(
                x=[0],
                y=[run["distance"][0]],
                mode="markers",
                marker={"size": 12, "color": colour},
                xaxis="x2",
                yaxis="y2",
                showlegend=False,
                hoverinfo="skip",
            )
        )
        curves.append(
            scatter(
                x=steps,
                y=run["distance"],
                mode="lines",
                line={"width": 2, "color": colour},
                xaxis="x2",
                yaxis="y2",
                showlegend=False,
                name=name,
            )
        )
    circle = np.linspace(0, 2 * np.pi, 73)
    extras = [
        scatter(
            x=reach * np.cos(circle),
            y=reach * np.sin(circle),
            mode="lines",
            name="reach",
            line={"width": 1, "color": "#999999", "dash": "dot"},
            hoverinfo="skip",
        ),
        star(target, "target"),
    ]
    trace_ids = list(range(2 * len(names)))
    frames_list = [
        {
            "name": str(k),
            "traces": trace_ids,
            "data": [dict(zip(("x", "y"), _arm_xy(runs[n], k), strict=True)) for n in names]
            + [{"x": [int(k)], "y": [float(runs[n]["distance"][k])]} for n in names],
        }
        for k in frames
    ]
    lim = reach * 1.15
    play = {
        "frame": {"duration": 90, "redraw": False},
        "fromcurrent": True,
        "transition": {"duration": 0},
        "mode": "immediate",
    }
    pause = {"frame": {"duration": 0, "redraw": False}, "mode": "immediate", "transition": {"duration": 0}}
    layout = light_layout(
        height=480,
        xaxis={"domain": [0, 0.45], "range": [-lim, lim], "title": {"text": "x"}},
        yaxis={"range": [-lim, lim], "scaleanchor": "x", "title": {"text": "y"}},
        xaxis2={"domain": [0.57, 1], "anchor": "y2", "title": {"text": "step"}},
        yaxis2={"anchor": "x2", "title": {"text": "distance to the target"}, "rangemode": "tozero"},
    )
    layout["margin"] = {**layout["margin"], "b": 130}
    spec = {"data": arm_traces + dots + curves + extras, "layout": layout}
    # The buttons, slider and frames are plain dicts: validating them costs ~100 ms per rerun.
    spec["layout"]["updatemenus"] = [
        {
            "type": "buttons",
            "direction": "left",
            "x": 0,
            "y": -0.17,
            "xanchor": "left",
            "yanchor": "top",
            "buttons": [
                {"label": "▶ Play", "method": "animate", "args": [None, play]},
                {"label": "❚❚ Pause", "method": "animate", "args": [[None], pause]},
            ],
        }
    ]
    spec["layout"]["sliders"] = [
        {
            "x": 0.2,
            "len": 0.8,
            "y": -0.15,
            "currentvalue": {"prefix": "step "},
            "steps": [{"label": str(k), "method": "animate", "args": [[str(k)], pause]} for k in frames],
        }
    ]
    return PrebuiltFigure({**spec, "frames": frames_list})
