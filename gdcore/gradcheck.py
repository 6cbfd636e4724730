"""Finite-difference gradient checks, used by the tests on every gradient."""

from __future__ import annotations

import numpy as np


def numerical_gradient(f, x, eps=1e-6):
    """Central differences, df/dx_i ~ (f(x + eps e_i) - f(x - eps e_i)) / (2 eps).

    ``f`` maps an array shaped like ``x`` to a number.
    """
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[i] = eps
        grad[i] = (f(x + step) - f(x - step)) / (2 * eps)
    return grad


def check_gradient(f, grad, x, eps=1e-6, rtol=1e-5, atol=1e-7):
    """True when ``grad(x)`` matches the central differences of ``f`` at ``x``."""
    analytic = np.asarray(grad(np.asarray(x, dtype=float)), dtype=float)
    numeric = numerical_gradient(f, x, eps)
    return analytic.shape == numeric.shape and bool(np.allclose(analytic, numeric, rtol=rtol, atol=atol))
