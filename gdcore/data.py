"""Data sets: the lecture's own, and seeded generators for the pages."""

from __future__ import annotations

import numpy as np

from gdcore._validate import finite_number, finite_result, non_negative, positive


def lecture_bgd_data():
    """The BGD slides' data: x = (1, 2, 3), y = 2x - 1 + 0.01 * randn(3), seed 111.

    Drawn with NumPy's legacy generator, as in the lecture
    (``np.random.seed(111); np.random.randn(3)``).
    """
    x = np.array([1.0, 2.0, 3.0])
    y = 2 * x - 1 + 0.01 * np.random.RandomState(111).randn(3)
    return x, y


def lecture_dense_data():
    """The dense-layer slides' data: X = [[1, 2], [3, 4], [5, 6]], y = (0, 1, 1)."""
    return np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), np.array([0.0, 1.0, 1.0])


def lab_data():
    """The neighbouring lab's points (2, 7), (3, 10), (5, 16), on y = 3x + 1."""
    return np.array([2.0, 3.0, 5.0]), np.array([7.0, 10.0, 16.0])


def make_linear_data(n=100, noise=1.0, seed=0, w=2.0, b=-1.0, x_range=(-2.0, 2.0)):
    """Seeded data on a line: x ~ Uniform(x_range), y = w x + b + noise * N(0, 1).

    Parameters
    ----------
    n : int, number of points (>= 1).
    noise : float, standard deviation of the Gaussian noise (>= 0).
    seed : int, seed of ``numpy.random.default_rng``.
    """
    n = positive(n, "n", integer=True)
    noise = non_negative(noise, "noise")
    low, high = (finite_number(v, "x_range") for v in x_range)
    if not low < high:
        raise ValueError(f"x_range must be (low, high) with low < high, got {x_range}")
    rng = np.random.default_rng(seed)
    x = rng.uniform(low, high, n)
    with np.errstate(over="ignore", invalid="ignore"):
        y = finite_number(w, "w") * x + finite_number(b, "b") + noise * rng.standard_normal(n)
    return x, finite_result(y, "w, b and noise")
