"""The "Loss and derivatives" page's runs of gdcore: the chain rule for one observation, SGD by
hand, and batch gradient descent on the chosen data, with the loss around its path.

Every run is a few dozen steps on at most 100 points: none is cached.
"""

from __future__ import annotations

import numpy as np

import gdcore
from topics.loss_and_derivatives.controls import K_MAX
from ui import datasets
from ui.datasets import Dataset

chain_rule = gdcore.chain_rule  # (x, y, w, b) -> the record of one observation's derivatives
sgd_iterations = gdcore.sgd_iterations  # (points, theta0, eta) -> one record per point picked


def bgd_data(name: str, uploaded: Dataset | None, n: int, noise: float, seed: int) -> Dataset:
    """The BGD section's data: the student's upload when valid, the lecture's data while an
    upload is missing, else the chosen one of ``datasets.LABELS``."""
    if uploaded is not None:
        return uploaded
    if name == "synthetic":
        return datasets.synthetic(n, noise, seed)
    return datasets.lab() if name == "lab" else datasets.lecture()


def bgd(data: Dataset, theta0, eta):
    """(problem, path): linear regression on ``data`` and K_MAX + 1 steps of BGD from ``theta0``
    (gdcore.gradient_descent_path; its params end at the last finite theta)."""
    problem = gdcore.LinearRegression(data.x, data.y)
    return problem, gdcore.gradient_descent_path(problem, theta0, eta, K_MAX + 1)


def view_box(anchors, path, *, margin=0.6, max_zoom_out=4.0):
    """(w range, b range) for the contour: the anchors (start, minimum) with a margin, and the path
    as far as it stays within ``max_zoom_out`` times that box (a diverging path leaves the view)."""
    anchors = np.asarray(anchors, dtype=float)
    centre = (anchors.max(axis=0) + anchors.min(axis=0)) / 2
    half = np.maximum((anchors.max(axis=0) - anchors.min(axis=0)) / 2 * (1 + margin), 1.0)
    path = np.asarray(path, dtype=float)
    near = path[np.all(np.abs(path - centre) <= max_zoom_out * half, axis=1)]
    if len(near):
        half = np.maximum(half, np.abs(near - centre).max(axis=0) * 1.1)
    return (centre[0] - half[0], centre[0] + half[0]), (centre[1] - half[1], centre[1] + half[1])


def loss_grid(problem, params, size: int = 60):
    """(w grid, b grid, loss on it, least-squares minimum) around a one-feature problem's BGD path."""
    minimum = problem.least_squares()
    w_range, b_range = view_box([params[0], minimum], params)
    w_grid, b_grid = np.linspace(*w_range, size), np.linspace(*b_range, size)
    return w_grid, b_grid, problem.loss_grid(w_grid[None, :], b_grid[:, None]), minimum
