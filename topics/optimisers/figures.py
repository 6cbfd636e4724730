"""The page "Optimisers": its figures (contours with paths, 3-D surface, loss and distance by step,
the race, the close-up of one step), as figure specs, and their caches.

Every number drawn here comes from gdcore (paths, grids, states), through ``runs``. Built
figures are kept per setting (``st.cache_resource``, read only, bounded): building them is
the slow part of a rerun.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

import gdcore
from topics.optimisers import runs
from ui.animation import animated, frame_steps
from ui.figures import BLUES, PALETTE, bounded_log, contour, contour_with_paths, figure, line, spaced, star

# Surfaces whose 3-D view is drawn as log10(1 + f - f_min): their walls are 1e3-1e5 times their floor.
LOG_3D = {"rosenbrock", "beale", "himmelblau", "camel"}
PATH_POINTS = 300  # the most points of a path drawn as a line (the markers are ``spaced``)
GREY = "#999999"
ARROW_STYLES = {  # label -> (colour, dash); any other state arrow is drawn in PALETTE[3]
    runs.PLAIN: ("#666666", "dot"),
    runs.EFFECTIVE: (PALETTE[1], "solid"),
    **dict.fromkeys(runs.MOMENTUM_ARROWS.values(), (PALETTE[2], "dash")),
}


def colours(names) -> dict[str, str]:
    """The colour of each shown optimiser: the same as contour_with_paths gives it."""
    return {name: PALETTE[(i + 1) % len(PALETTE)] for i, name in enumerate(names)}


def _thin(values: np.ndarray) -> np.ndarray:
    """At most PATH_POINTS rows of ``values``, evenly spread (the first and last kept)."""
    return values[gdcore.thin_indices(len(values), PATH_POINTS)]


def _minima(surface) -> dict:
    """The surface's minima as stars, or its saddle point as a cross."""
    if len(surface.minima):
        return star(surface.minima, "minimum" if len(surface.minima) == 1 else "minima", size=16)
    return star((0.0, 0.0), "saddle point", size=16, symbol="x")


def paths_on_contours(surface, grid, paths: dict, *, height=560) -> dict:
    """The surface's contours with every optimiser's path and its minima as stars.

    Each path is a line through its steps with a marker on every step that would not
    be hidden under the previous marker (``spaced``); hovering a marker gives its step.
    """
    xs, ys, z = grid
    spans = (float(np.ptp(xs)), float(np.ptp(ys)))
    traces = []
    for (name, path), colour in zip(paths.items(), colours(paths).values(), strict=True):
        points, marks = _thin(path.params), spaced(path.params, spans)
        traces.append(
            line(points[:, 0], points[:, 1], name, colour=colour, legendgroup=name, hoverinfo="skip")
        )
        traces.append(
            {
                "type": "scatter",
                "x": path.params[marks, 0],
                "y": path.params[marks, 1],
                "name": name,
                "legendgroup": name,
                "showlegend": False,
                "mode": "markers",
                "marker": {"size": 4, "color": colour},
                "customdata": marks,
                "hovertemplate": f"{name}, step %{{customdata}}<br>x=%{{x:.4g}}<br>y=%{{y:.4g}}<extra></extra>",
            }
        )
    return contour_with_paths(
        xs, ys, z, {}, extra_traces=[*traces, _minima(surface)], x="x", y="y", height=height
    )


def _z_view(surface, values):
    """What the 3-D view plots for loss values: f, or log10(1 + f - f_min) for steep surfaces."""
    values = np.asarray(values, dtype=float)
    if surface.name in LOG_3D:
        return np.log10(1.0 + np.maximum(values - surface.minimum_value, 0.0))
    return values


def _gaps(values, kept) -> list:
    """``values`` as floats, with a gap (None, never a non-finite number) where ``kept`` is False
    or the value is not finite."""
    return [
        float(v) if k and np.isfinite(v) else None
        for v, k in zip(values.tolist(), kept.tolist(), strict=True)
    ]


def surface_3d(surface, grid, paths: dict, height=560) -> dict:
    """A 3-D surface with each path drawn on it (points outside the domain are left out)."""
    xs, ys, z = grid
    shown_z = _z_view(surface, z)
    traces = [
        {
            "type": "surface",
            "x": xs,
            "y": ys,
            "z": shown_z,
            "colorscale": BLUES,
            "reversescale": True,
            "showscale": False,
            "opacity": 0.85,
            "hoverinfo": "skip",
            "name": "loss",
        }
    ]
    (x0, x1), (y0, y1) = surface.domain
    lift = 0.015 * float(shown_z.max() - shown_z.min())  # draw the paths just above the surface
    for (name, path), colour in zip(paths.items(), colours(paths).values(), strict=True):
        points, loss = _thin(path.params), _thin(path.loss)
        inside = (points[:, 0] >= x0) & (points[:, 0] <= x1) & (points[:, 1] >= y0) & (points[:, 1] <= y1)
        heights = _z_view(surface, loss) + lift
        traces.append(
            {
                "type": "scatter3d",
                "x": _gaps(points[:, 0], inside),
                "y": _gaps(points[:, 1], inside),
                "z": _gaps(heights, inside),
                "name": name,
                "mode": "lines+markers",
                "line": {"width": 6, "color": colour},
                "marker": {"size": 2.5, "color": colour},
            }
        )
    z_title = "log10(1 + f − min)" if surface.name in LOG_3D else "f(x, y)"
    scene = {
        "xaxis": {"title": {"text": "x"}},
        "yaxis": {"title": {"text": "y"}},
        "zaxis": {"title": {"text": z_title}},
        "aspectmode": "manual",
        "aspectratio": {"x": 1.2, "y": 1.2, "z": 0.7},
        "camera": {"eye": {"x": -1.3, "y": -1.7, "z": 1.2}},
    }
    return figure(traces, height=height, scene=scene, margin={"l": 0, "r": 0, "t": 50, "b": 0})


def per_step(series: dict, *, y: str, log_y: bool, height=300) -> dict:
    """One line per optimiser (name -> values by step), in the optimisers' colours.

    A log scale is ``ui.figures.bounded_log``'s: a readable range of decades with a few
    labels, however far a diverging run climbs; it leaves through the top, where a triangle
    says at which step, instead of squashing the others flat.
    """
    palette = colours(series)
    traces = [
        line(np.arange(len(values)), np.asarray(values, dtype=float), name, colour=palette[name])
        for name, values in series.items()
    ]
    yaxis = {}
    if log_y:
        traces, yaxis = bounded_log(traces, x_name="step")
    return figure(traces, x="step", y=y, height=height, yaxis=yaxis)


def race(surface, paths: dict, height=540) -> dict:
    """The paths as tracks with a marker per optimiser that moves when Play is pressed.

    Each frame (``frame_steps``) moves one trace of markers, so the animation plays in the
    browser without reruns and stays light. No contour underneath: Plotly.js removes contour
    and heatmap traces from the plot as soon as frames play (plotly.js#4491), so the race is
    drawn on the plain domain.
    """
    palette = colours(paths)
    tracks = [
        line(_thin(path.params)[:, 0], _thin(path.params)[:, 1], name, colour=palette[name], opacity=0.6)
        for name, path in paths.items()
    ]
    ends = [p.n_steps for p in paths.values()]
    at = frame_steps(max(ends, default=0))
    # Where each optimiser is at each frame's step (its last point once it stopped): (frame, optimiser, xy).
    points = np.zeros((len(at), len(paths), 2))
    for j, (path, end) in enumerate(zip(paths.values(), ends, strict=True)):
        points[:, j] = path.params[np.minimum(at, end)]

    def heads(i):
        return {"type": "scatter", "x": points[i, :, 0], "y": points[i, :, 1]}

    markers = {
        **heads(0),
        "name": "position",
        "mode": "markers",
        "showlegend": False,
        "hovertext": list(paths),
        "marker": {"size": 16, "color": list(palette.values()), "line": {"width": 2, "color": "white"}},
    }
    traces = [*tracks, _minima(surface), markers]
    moving = [len(traces) - 1]
    frames = [{"name": str(s), "traces": moving, "data": [heads(i)]} for i, s in enumerate(at)]
    (x0, x1), (y0, y1) = surface.domain
    fig = figure(traces, x="x", y="y", height=height, xaxis={"range": [x0, x1]}, yaxis={"range": [y0, y1]})
    return animated(fig, frames, prefix="step ")


def _arrow(start, end, colour: str) -> dict:
    """An arrow head at ``end`` for a vector drawn from ``start`` (a layout annotation)."""
    return {
        "x": end[0],
        "y": end[1],
        "ax": start[0],
        "ay": start[1],
        "xref": "x",
        "yref": "y",
        "axref": "x",
        "ayref": "y",
        "showarrow": True,
        "arrowhead": 3,
        "arrowsize": 1.6,
        "arrowwidth": 3,
        "arrowcolor": colour,
        "text": "",
    }


def inside(grid, path, step: int, vectors: dict, height=460) -> dict:
    """A close-up of the contours around θₖ₋₁ with the step's vectors (label -> vector) as arrows."""
    xs, ys, z = grid
    before = path.params[step - 1]
    near = path.params[max(0, step - 6) : step + 6]
    traces = [
        contour(xs, ys, z),
        line(near[:, 0], near[:, 1], "path", colour=GREY, markers=True, marker={"size": 6}),
    ]
    heads = []
    for label, vector in vectors.items():
        colour, dash = ARROW_STYLES.get(label, (PALETTE[3], "solid"))
        end = before + vector
        traces.append(
            line([before[0], end[0]], [before[1], end[1]], label, colour=colour, width=3.5, dash=dash)
        )
        heads.append(_arrow(before, end, colour))
    xaxis = {"range": [float(np.min(xs)), float(np.max(xs))], "constrain": "domain"}
    yaxis = {
        "range": [float(np.min(ys)), float(np.max(ys))],
        "scaleanchor": "x",
        "scaleratio": 1,
        "constrain": "domain",
    }
    return figure(traces, x="x", y="y", height=height, xaxis=xaxis, yaxis=yaxis, annotations=heads)


def zoom_window(point, vectors) -> tuple:
    """A square window around ``point`` that holds every vector drawn from it."""
    reach = max([float(np.abs(v).max()) for v in vectors] + [0.0])
    half = 1.4 * reach if reach > 0 else 1e-3 * max(1.0, float(np.abs(point).max()))
    half = max(half, 1e-9 * max(1.0, float(np.abs(point).max())))
    return ((point[0] - half, point[0] + half), (point[1] - half, point[1] + half))


def build_views(surface, visible: dict, contour_grid) -> dict:
    """Every 2-D figure of the race: contour, loss and distance by step, animation.

    ``visible`` maps each shown optimiser to its gdcore OptimiserPath. The distance
    figure is None for a surface without a minimum (the saddle). The 3-D view
    (``surface_3d``) is built apart: the page draws it only when its tab is open.
    """
    if surface.minimum_value is None:
        losses, label, log = {n: p.loss for n, p in visible.items()}, "loss f(x, y)", False
    else:
        losses = {n: p.loss - surface.minimum_value for n, p in visible.items()}
        label, log = ("loss" if surface.minimum_value == 0 else "loss − minimum") + " (log scale)", True
    distance = None
    if len(surface.minima):
        distances = {n: surface.distance_to_minimum(p.params) for n, p in visible.items()}
        distance = per_step(distances, y=f"{runs.distance_name(surface)} (log)", log_y=True)
    return {
        "contour": paths_on_contours(surface, contour_grid, visible),
        "loss": per_step(losses, y=label, log_y=log),
        "distance": distance,
        "race": race(surface, visible),
    }


# -- cached per setting (read only) ---------------------------------------------


@st.cache_resource(max_entries=24, show_spinner=False)
def views(surface_name, start_point, steps, settings, convention, shown):
    """The race's 2-D figures (``build_views``) for these settings and the optimisers ``shown``."""
    paths = runs.paths(surface_name, start_point, steps, settings, convention)
    return build_views(runs.surface(surface_name), {n: paths[n] for n in shown}, runs.grid(surface_name, 80))


@st.cache_resource(max_entries=8, show_spinner=False)
def solid(surface_name, start_point, steps, settings, convention, shown):
    """The 3-D view: drawn only when its tab is open (WebGL is the slowest chart to draw)."""
    paths = runs.paths(surface_name, start_point, steps, settings, convention)
    return surface_3d(runs.surface(surface_name), runs.grid(surface_name, 50), {n: paths[n] for n in shown})


@st.cache_resource(max_entries=24, show_spinner=False)
def close_up(surface_name, start_point, steps, chosen, settings, convention, k):
    """The 'Inside an optimiser' rows and close-up figure (or why there is none) for step k of the
    optimiser ``chosen`` with its ``settings`` (the others' do not change it)."""
    path = runs.path(surface_name, start_point, steps, chosen, settings, convention)
    rows = runs.inside_rows(path, k, settings["learning_rate"])
    vectors = runs.arrows(path, k, chosen, settings, convention)
    try:
        zoom = runs.surface(surface_name).grid(60, zoom_window(path.params[k - 1], vectors.values()))
    except ValueError as error:  # a diverging run's last points can be too far out to draw around
        return rows, f"No close-up here: {error}"
    return rows, inside(zoom, path, k, vectors)
