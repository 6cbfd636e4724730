"""The Optimisers page's cached work: the optimisers' paths per setting and the figures built from them.

Every function is keyed by plain settings (the surface's name, the start, the steps, each
optimiser's hyperparameters, the formulas' convention), so a student's rerun with the same
sidebar reuses them. Figures are kept as built objects (``st.cache_resource``, read only)
because building them is the slow part; every cache is bounded.
"""

from __future__ import annotations

import streamlit as st

import gdcore
from ui import optimisers as ui
from ui.figures import drawn_once


@st.cache_data(max_entries=64, show_spinner=False)
def paths(surface_name, start_point, steps, settings, convention):
    """Each optimiser's path (gdcore.optimiser_path) from the start: name -> OptimiserPath."""
    surface = gdcore.SURFACES[surface_name]
    return {
        name: gdcore.optimiser_path(surface, start_point, ui.build(name, values, convention), steps)
        for name, values in settings.items()
    }


@st.cache_data(max_entries=16, show_spinner=False)
def grid(surface_name, n):
    """The surface's loss on an n x n grid over its domain."""
    return gdcore.SURFACES[surface_name].grid(n)


# Plotly figures are slow to build: the built objects are kept (and only read) per setting.
@st.cache_resource(max_entries=24, show_spinner=False)
def views(surface_name, start_point, steps, settings, convention, shown, presenter):
    runs = paths(surface_name, start_point, steps, settings, convention)
    return ui.views(gdcore.SURFACES[surface_name], {n: runs[n] for n in shown}, grid(surface_name, 80))


@st.cache_resource(max_entries=8, show_spinner=False)
def solid(surface_name, start_point, steps, settings, convention, shown, presenter):
    """The 3-D view: drawn only when its tab is open (WebGL is the slowest chart to draw)."""
    runs = paths(surface_name, start_point, steps, settings, convention)
    surface = gdcore.SURFACES[surface_name]
    return drawn_once(ui.surface_3d(surface, grid(surface_name, 50), {n: runs[n] for n in shown}))


@st.cache_resource(max_entries=24, show_spinner=False)
def close_up(surface_name, start_point, steps, settings, convention, chosen, k, presenter):
    """The 'Inside an optimiser' rows and close-up figure (or why there is none) for step k."""
    path = paths(surface_name, start_point, steps, settings, convention)[chosen]
    rows = ui.inside_rows(path, k, settings[chosen]["learning_rate"])
    arrows = {ui.PLAIN: rows[ui.PLAIN], ui.EFFECTIVE: rows[ui.EFFECTIVE]}
    if "momentum" in path.state and ui.CLASSES[chosen] == "SGD":  # Keras: v is a step; torch: b, times -eta
        v = path.state["momentum"][k]
        eta = settings[chosen]["learning_rate"]
        arrows.update({"velocity": v} if convention == "keras" else {"momentum buffer × (−η)": -eta * v})
    surface = gdcore.SURFACES[surface_name]
    try:
        zoom = surface.grid(60, ui.zoom_window(path.params[k - 1], arrows.values()))
    except ValueError as error:  # a diverging run's last points can be too far out to draw around
        return rows, f"No close-up here: {error}"
    return rows, drawn_once(ui.inside(surface, zoom, path, k, arrows))


@st.cache_data(max_entries=32, show_spinner=False)
def convention_gaps(surface_name, start_point, steps, learning_rate, momentum):
    """Largest path differences, Keras vs PyTorch: momentum SGD (same settings), RMSprop (own defaults)."""
    surface = gdcore.SURFACES[surface_name]
    sgd = [gdcore.SGD(learning_rate, momentum=momentum, convention=c) for c in ("keras", "pytorch")]
    rmsprop = [gdcore.RMSprop(), gdcore.RMSprop.pytorch()]
    return tuple(gdcore.max_path_difference(surface, start_point, *pair, steps) for pair in (sgd, rmsprop))
