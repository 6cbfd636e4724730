"""The "Gradient descent" page's runs of gdcore: the three variants on a line, the 1-D pitfalls,
and the tilted double well where mini-batch noise helps (the slow ones cached, each cache bounded)."""

from __future__ import annotations

import numpy as np
import streamlit as st

import gdcore
from ui.compute import in_worker

START = (0.0, 0.0)  # theta_0 = (w, b) of the three variants
MAX_SGD_STEPS = 10_000  # epochs x n: keeps fit's History (one row per step) small
PITFALLS = gdcore.PITFALLS  # a wall, a local minimum, the global minimum and a plateau
WELL = gdcore.TiltedDoubleWell(n_examples=100, spread=4.0)
W0 = -1.2  # left of the shallow minimum
BATCH_SIZES = (1, 2, 3, 4, 5, 8, 10, 20, 50, 100)  # for the escape share; 100 = all the examples


# -- 1. The three variants ---------------------------------------------------------------------


def capped_epochs(epochs: int, n: int) -> int:
    """``epochs``, or fewer so that stochastic GD on ``n`` examples makes at most MAX_SGD_STEPS steps."""
    return max(1, MAX_SGD_STEPS // n) if epochs * n > MAX_SGD_STEPS else epochs


@st.cache_data(max_entries=8)
@in_worker
def variants(x, y, eta, epochs, batch_size, seed) -> dict:
    """Batch, stochastic and mini-batch GD from START (gdcore.compare_variants): name -> VariantRun."""
    return gdcore.compare_variants(
        gdcore.LinearRegression(x, y), np.asarray(START), eta, epochs=epochs, batch_size=batch_size, seed=seed
    )


def least_squares(x, y) -> np.ndarray:
    """The least-squares (w, b) of the line ŷ = wx + b through (x, y): the lowest point of the loss."""
    return gdcore.LinearRegression(x, y).least_squares()


def view_grid(x, y, minimum, size=70):
    """(w grid, b grid, MSE loss on it) around START and the least-squares solution ``minimum``."""
    start, minimum = np.asarray(START), np.asarray(minimum)
    centre = (start + minimum) / 2
    half = max(float(np.max(np.abs(start - minimum))) * 0.8, 1.0)
    w = np.linspace(centre[0] - half, centre[0] + half, size)
    b = np.linspace(centre[1] - half, centre[1] + half, size)
    return w, b, gdcore.LinearRegression(x, y).loss_grid(w[None, :], b[:, None])


# -- 2. Pitfalls -------------------------------------------------------------------------------


def pitfall_path(x0, eta, steps):
    """Plain gradient descent on PITFALLS from x0 (gdcore.gradient_descent_1d)."""
    return gdcore.gradient_descent_1d(PITFALLS, x0, eta, steps)


SCRUB_STARTS = np.round(np.linspace(0.0, 10.0, 21), 1)  # the scrubber's starts x0: every 0.5


@st.cache_data(max_entries=8)
@in_worker
def pitfall_scrub(eta, steps) -> dict:
    """x0 -> the descent from x0 (``pitfall_path``, the server's call) for every x0 of SCRUB_STARTS."""
    return {float(x0): pitfall_path(float(x0), eta, steps) for x0 in SCRUB_STARTS}


def pitfall_frames(x0, eta, steps) -> dict:
    """The scrubber's descents: SCRUB_STARTS and the sidebar's ``x0``, in order of x0 (the
    descent from ``x0`` is run only when it is not one of SCRUB_STARTS)."""
    paths = pitfall_scrub(eta, steps)
    if float(x0) not in paths:
        paths[float(x0)] = pitfall_path(x0, eta, steps)
    return dict(sorted(paths.items()))


# -- 3. Noise helps ----------------------------------------------------------------------------


@st.cache_data(max_entries=16)
@in_worker
def well_runs(batch_size, eta, epochs, seed) -> dict:
    """Batch GD and mini-batch GD from W0 on WELL: name -> (epoch of each kept row, w there, diverged_at)."""
    out = {}
    for name, m in (("Batch GD", None), (f"Mini-batch GD (m = {batch_size})", batch_size)):
        history = gdcore.descend_well(WELL, W0, eta, batch_size=m, epochs=epochs, seed=seed)
        rows = gdcore.thin_indices(len(history.params))
        per_epoch = 1 if m is None or m >= WELL.n_examples else -(-WELL.n_examples // m)
        out[name] = (rows / per_epoch, history.params[rows, 0], history.diverged_at)
    return out


def chosen_size(batch_size: int) -> int:
    """The mini-batch size actually used on WELL (at most all its examples)."""
    return min(batch_size, WELL.n_examples)


def escape_shares(eta, epochs, n_seeds, chosen) -> dict:
    """gdcore.escape_shares on WELL for BATCH_SIZES and the chosen batch size."""
    return _escape_shares(eta, epochs, n_seeds, tuple(sorted({*BATCH_SIZES, chosen})))


@st.cache_data(max_entries=16)
@in_worker
def _escape_shares(eta, epochs, n_seeds, sizes) -> dict:
    """Keyed by the sizes run, not the chosen one: choosing one of BATCH_SIZES runs nothing again."""
    return gdcore.escape_shares(WELL, W0, eta, sizes, epochs=epochs, n_seeds=n_seeds)
