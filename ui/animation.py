"""Animations and scrubbers that run in the browser: Plotly frames with Play/Pause and a slider.

A figure spec from :func:`ui.figures.figure` gets frames with :func:`animated`; each frame
updates a few traces (``traces`` = their indices) and the slider scrubs through them with no
round trip to the server::

    at = frame_steps(history.n_steps)
    frames = [{"name": str(k), "traces": [2], "data": [{"x": [xs[k]], "y": [ys[k]]}]} for k in at]
    show(animated(fig, frames, prefix="step "), name="race")
"""

from __future__ import annotations

import numpy as np

MAX_FRAMES = 60  # frames per animation: smooth enough to watch, light enough to send
FRAME_MS = 90  # one frame's time when playing

_STILL = {"mode": "immediate", "frame": {"duration": 0, "redraw": False}, "transition": {"duration": 0}}
_PLAY = {"frame": {"duration": FRAME_MS, "redraw": False}, "fromcurrent": True, "transition": {"duration": 0}}


def frame_steps(last: int, limit: int = MAX_FRAMES) -> np.ndarray:
    """The steps 0..``last`` an animation shows: all of them, or ``limit`` spread evenly (the ends kept)."""
    if last < 0:
        raise ValueError(f"last must be >= 0, got {last}")
    return np.unique(np.linspace(0, last, min(last + 1, limit)).round().astype(int))


def animated(
    fig: dict,
    frames: list[dict],
    *,
    prefix: str = "step ",
    play: bool = True,
    active: int = 0,
    replay: bool = False,
    redraw: bool = False,
) -> dict:
    """``fig`` with ``frames`` (each ``{"name", "traces", "data"}``) and, below the plot, a slider
    over them (its label reads ``prefix`` + the frame's name) and, with ``play``, ▶ Play / ❚❚ Pause.

    The slider starts at frame ``active``; the figure's own traces must show that frame.
    ▶ Play plays on from the slider's frame. With ``replay``, Play's arguments name every frame
    from the first, so that Play at the last frame (e.g. a slider that starts at the end)
    plays them all again from the first, and from anywhere else plays on from there.
    Without ``redraw`` a frame only moves scatter traces (fast); a frame that changes a heat map
    or a contour needs ``redraw`` (Plotly.js draws the whole figure again for each frame).
    """
    still = {**_STILL, "frame": {**_STILL["frame"], "redraw": redraw}}
    playing = {**_PLAY, "frame": {**_PLAY["frame"], "redraw": redraw}}
    layout = dict(fig["layout"])
    layout["margin"] = {**layout.get("margin", {}), "b": 130}
    layout["sliders"] = [
        {
            "active": active,
            "x": 0.25 if play else 0.0,
            "len": 0.75 if play else 1.0,
            "y": -0.12,
            "yanchor": "top",
            "currentvalue": {"prefix": prefix, "visible": True, "xanchor": "right"},
            "steps": [
                {"label": frame["name"], "method": "animate", "args": [[frame["name"]], still]}
                for frame in frames
            ],
        }
    ]
    if play:
        # Plotly.js plays a list of frames on from the current one, unless that is the list's
        # first or last: then it plays the whole list.
        everything = [frame["name"] for frame in frames] if replay else None
        layout["updatemenus"] = [
            {
                "type": "buttons",
                "direction": "left",
                "x": 0,
                "y": -0.15,
                "xanchor": "left",
                "yanchor": "top",
                "showactive": False,
                "pad": {"t": 10, "r": 10},
                "buttons": [
                    {"label": "▶ Play", "method": "animate", "args": [everything, playing]},
                    {"label": "❚❚ Pause", "method": "animate", "args": [[None], still]},
                ],
            }
        ]
    return {**fig, "layout": layout, "frames": list(frames)}
