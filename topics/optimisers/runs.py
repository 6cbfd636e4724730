"""The page "Optimisers": its cached runs of gdcore (the optimisers' paths, the loss grids, the
Keras-vs-PyTorch gaps).

Every function is keyed by plain settings (the surface's name, the start, the steps, each
optimiser's hyperparameters, the formulas' convention), so a student's rerun with the same
sidebar reuses them; every cache is bounded.
"""

from __future__ import annotations

import streamlit as st

import gdcore
from topics.optimisers.controls import CLASSES, build
from ui.compute import in_worker

# gdcore's name for the momentum state of SGD (Momentum, Nesterov), in both conventions: Keras's
# velocity v (a step) and PyTorch's buffer b (a sum of gradients).
MOMENTUM_STATE = "momentum"


def surface(surface_name: str):
    """The gdcore loss surface of that name (formula, note, domain, minima)."""
    return gdcore.SURFACES[surface_name]


def distance_name(surface) -> str:
    """What the distance of a run measures: to the global minimum, or the nearest of several.

    gdcore lists only global minima (Himmelblau's four, the camel's two); Rastrigin's and the
    camel's local minima are not among them, so a run stuck in a local dip is far from them.
    """
    return (
        "distance to the global minimum"
        if len(surface.minima) == 1
        else "distance to the nearest global minimum"
    )


def paths(surface_name, start_point, steps, settings, convention):
    """Each optimiser's path (``path``) from the start: name -> OptimiserPath."""
    return {
        name: path(surface_name, start_point, steps, name, values, convention)
        for name, values in settings.items()
    }


@st.cache_data(max_entries=6 * 64, show_spinner=False)
@in_worker
def path(surface_name, start_point, steps, name, settings, convention):
    """One optimiser's path (gdcore.optimiser_path) with its own ``settings``: a change to
    another optimiser's hyperparameters does not run this one again."""
    return gdcore.optimiser_path(surface(surface_name), start_point, build(name, settings, convention), steps)


@st.cache_data(max_entries=16, show_spinner=False)
def grid(surface_name, n):
    """The surface's loss on an n x n grid over its domain."""
    return surface(surface_name).grid(n)


def convention_gaps(surface_name, start_point, steps, learning_rate, momentum):
    """Largest path differences, Keras vs PyTorch: momentum SGD (same settings), RMSprop (own defaults)."""
    return (
        momentum_gap(surface_name, start_point, steps, learning_rate, momentum),
        rmsprop_gap(surface_name, start_point, steps),
    )


@st.cache_data(max_entries=32, show_spinner=False)
@in_worker
def momentum_gap(surface_name, start_point, steps, learning_rate, momentum):
    """Largest path difference of momentum SGD with the same settings, Keras vs PyTorch."""
    sgd = [gdcore.SGD(learning_rate, momentum=momentum, convention=c) for c in ("keras", "pytorch")]
    return gdcore.max_path_difference(surface(surface_name), start_point, *sgd, steps)


@st.cache_data(max_entries=32, show_spinner=False)
@in_worker
def rmsprop_gap(surface_name, start_point, steps):
    """Largest path difference of RMSprop with each framework's defaults (no control of the page
    changes them: only the surface, the start and the steps)."""
    pair = (gdcore.RMSprop(), gdcore.RMSprop.pytorch())
    return gdcore.max_path_difference(surface(surface_name), start_point, *pair, steps)


# -- inside one step ------------------------------------------------------------

PLAIN = "−η g (plain gradient step)"
EFFECTIVE = "effective step Δθ"
# The momentum arrow drawn from θₖ₋₁: what the momentum state is in each convention.
MOMENTUM_ARROWS = {"keras": "velocity v = μv − ηg", "pytorch": "−η × buffer b = μb + g"}


def inside_rows(path, k: int, learning_rate: float) -> dict:
    """Step k (1-based) of a path: the point, the gradient, the state after the step, the step taken."""
    rows = {
        "point before θₖ₋₁": path.params[k - 1],
        "gradient g": path.gradient[k - 1],
        PLAIN: -learning_rate * path.gradient[k - 1],
    }
    rows.update({f"state: {name}": path.state[name][k] for name in path.state if name != "step"})
    rows.update({EFFECTIVE: path.steps[k - 1], "point after θₖ": path.params[k]})
    return rows


def arrows(path, k: int, name: str, settings: dict, convention: str) -> dict:
    """The vectors drawn from θₖ₋₁ at step k (label -> vector): the plain gradient step, the step
    taken and, for SGD with momentum, its momentum (Keras's velocity v; PyTorch's −η b)."""
    learning_rate = settings["learning_rate"]
    drawn = {PLAIN: -learning_rate * path.gradient[k - 1], EFFECTIVE: path.steps[k - 1]}
    if CLASSES[name] is gdcore.SGD and MOMENTUM_STATE in path.state:
        momentum = path.state[MOMENTUM_STATE][k]
        drawn[MOMENTUM_ARROWS[convention]] = momentum if convention == "keras" else -learning_rate * momentum
    return drawn
