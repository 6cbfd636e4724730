"""The data a page trains on: the lecture's, the lab's, a seeded noisy line, or a student's upload.

Each comes as a ``Dataset``: the arrays, a description the page shows ("Data: ...") and the
line of Python that makes the same x and y in a "Show the code" snippet.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

import gdcore
from ui.code import fmt

# The data sources a page offers, as its "Data" select box shows them.
LABELS = {
    "lecture": "Lecture: x = 1, 2, 3 (seed 111)",
    "lab": "Lab: (2, 7), (3, 10), (5, 16)",
    "synthetic": "Synthetic: y = 2x − 1 + noise",
    "upload": "Your own data: upload a CSV",
}


class Dataset(NamedTuple):
    """Data a page trains on: the arrays, a description for the page, and snippet lines defining x and y."""

    x: np.ndarray
    y: np.ndarray
    description: str
    code: str


def lecture() -> Dataset:
    """The BGD slides' three points (gdcore.lecture_bgd_data)."""
    return Dataset(
        *gdcore.lecture_bgd_data(),
        "the lecture's x = 1, 2, 3 with y = 2x − 1 plus a little noise (seed 111)",
        "x, y = gdcore.lecture_bgd_data()  # seed 111",
    )


def lab() -> Dataset:
    """The lab's points (2, 7), (3, 10), (5, 16) (gdcore.lab_data)."""
    return Dataset(
        *gdcore.lab_data(), "the lab's points (2, 7), (3, 10), (5, 16)", "x, y = gdcore.lab_data()"
    )


def synthetic(n: int = 100, noise: float = 1.0, seed: int = 0) -> Dataset:
    """n seeded points on y = 2x − 1 with Gaussian noise (gdcore.make_linear_data)."""
    n, noise, seed = int(n), float(noise), int(seed)
    return Dataset(
        *gdcore.make_linear_data(n, noise, seed),
        f"{n} points on y = 2x − 1 with Gaussian noise of standard deviation {noise:g} (seed {seed})",
        f"x, y = gdcore.make_linear_data(n={n}, noise={fmt(noise)}, seed={seed})",
    )
