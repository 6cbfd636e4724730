"""The "Loss and derivatives" page's figures: the data with lines through it, the loss along the
BGD iterations, and the BGD path on the loss contours (specs built with ``ui.figures``)."""

from __future__ import annotations

import numpy as np

from ui.animation import animated
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


# -- scrubbers over the iteration k: the figures above, one frame per k, drawn in the browser ---------

SLIDER_HEIGHT = 90  # px added to a scrubbed figure for the slider under it
SCRUB_NAME = "θₖ"  # the scrubbed trace's name: one legend entry for every k (the slider says which)


def _over_k(fig: dict, frame_figures: list[dict], trace: int, k: int) -> dict:
    """``fig`` (the figure at θ_k) with a slider over k = 0, 1, ...: frame j moves trace ``trace`` to
    where ``frame_figures[j]`` (the same builder at θ_j) draws it."""
    data = [dict(item) for item in fig["data"]]
    data[trace]["name"] = SCRUB_NAME
    frames = [
        {
            "name": str(j),
            "traces": [trace],
            "data": [{"x": f["data"][trace]["x"], "y": f["data"][trace]["y"]}],
        }
        for j, f in enumerate(frame_figures)
    ]
    layout = {**fig["layout"], "height": fig["layout"]["height"] + SLIDER_HEIGHT}
    return animated({**fig, "data": data, "layout": layout}, frames, prefix="k = ", play=False, active=k)


def data_lines_over_k(problem, x, y, params, k: int) -> dict:
    """``data_lines`` at θ_k, and a slider over every θ_j of ``params`` moving the line ŷ = w_j x + b_j."""
    frames = [data_lines(problem, x, y, theta, j) for j, theta in enumerate(params)]
    return _over_k(frames[k], frames, 0, k)


def path_contour_over_k(w_grid, b_grid, loss, minimum, path, k: int) -> dict:
    """``path_contour`` at θ_k, and a slider over every θ_j of ``path`` moving its marker on the contours."""
    frame_figures = [{"data": [None, None, _current(*theta, j)]} for j, theta in enumerate(np.asarray(path))]
    fig = path_contour(w_grid, b_grid, loss, minimum, path, k)
    return _over_k(fig, frame_figures, 2, k)
