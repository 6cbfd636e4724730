"""The "Loss and derivatives" page's figures: the data with lines through it, the loss along the
BGD iterations, and the BGD path on the loss contours (specs built with ``ui.figures``)."""

from __future__ import annotations

import numpy as np

from ui.figures import PALETTE, bounded_log, contour_with_paths, figure, line
from ui.latex import sub

CURRENT = {"size": 15, "color": PALETTE[1], "symbol": "diamond", "line": {"width": 1, "color": "black"}}


def _current(x, y, k: int, **marker) -> dict:
    """A diamond marking theta_k (or its loss) at (x, y)."""
    return {
        "type": "scatter",
        "x": [float(x)],
        "y": [float(y)],
        "name": f"θ{sub(k)}",
        "mode": "markers",
        "marker": {**CURRENT, **marker},
    }


def data_lines(problem, x, y, theta, k: int, *, height=380) -> dict:
    """The data as points, the line at theta_k and the least-squares line (dashed)."""
    xs = np.array([x.min() - 0.5, x.max() + 0.5])
    lines = {
        f"θ{sub(k)}": (problem.predict(theta, xs), None),
        "least squares": (problem.predict(problem.least_squares(), xs), "dash"),
    }
    traces = [
        line(xs, ys, name, colour=PALETTE[i + 1], dash=dash)
        for i, (name, (ys, dash)) in enumerate(lines.items())
    ]
    points = {"size": 11, "color": PALETTE[0], "line": {"width": 1, "color": "black"}}
    traces.append({"type": "scatter", "x": x, "y": y, "name": "data", "mode": "markers", "marker": points})
    return figure(traces, x="x", y="y", height=height)


def loss_curve(loss, current: int, *, height=340) -> dict:
    """Loss_{1:n}(theta_k) against the iteration k on a bounded log axis (``ui.figures.bounded_log``:
    a diverging loss leaves the chart at its top, marked), the current k marked."""
    k = np.arange(len(loss))
    positive = np.maximum(loss, np.finfo(float).tiny)  # a log axis cannot show an exact 0
    traces, yaxis = bounded_log([line(k, positive, "loss", markers=True)], x_name="k")
    here = positive[current]
    if here <= 10.0 ** yaxis["range"][1]:
        traces.append(_current(current, here, current))
    return figure(traces, x="iteration k", y="Loss(θₖ), log scale", height=height, yaxis=yaxis)


def path_contour(w_grid, b_grid, loss, minimum, path, current: int, *, height=440) -> dict:
    """Loss contours over (w, b) with the BGD path, theta_current marked and the minimum as a star."""
    path = np.asarray(path, dtype=float)
    here = _current(*path[current], current, size=16, line={"width": 1.5, "color": "black"})
    return contour_with_paths(
        w_grid,
        b_grid,
        loss,
        {"BGD path": path},
        minimum=minimum,
        minimum_name="least squares",
        extra_traces=[here],
        colors=[PALETTE[4]],
        height=height,
    )
