"""Activations and the dense layer: the slides "Dense layers in matrices"."""

from __future__ import annotations

import numpy as np

from gdcore._validate import as_array, finite_result


def sigmoid(z):
    """Logistic function, sigma(z) = 1 / (1 + exp(-z)), element-wise.

    Computed without overflow: for z < 0 it uses exp(z) / (1 + exp(z)).
    Slide "Matrix notation": sigmoid((-5, 1, 7)) = (0.00669, 0.73106, 0.99909).
    """
    z = as_array(z, "z")
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def relu(z):
    """Rectified linear unit, relu(z) = max(0, z), element-wise."""
    return np.maximum(as_array(z, "z"), 0.0)


def softmax(Z):
    """Row-wise softmax, Softmax_j(z_i) = exp(z_ij) / sum_k exp(z_ik).

    Stable: the row maximum is subtracted first (the result is unchanged, as
    softmax(z - c) = softmax(z)), so exp never overflows, even for logits of 1e4.
    A 1-D ``Z`` is treated as one row.
    Slide "Using a softmax output": softmax of Z = [[-5, -9], [1, 5], [7, 19]].
    """
    Z = as_array(Z, "Z", ndim=(1, 2))
    with np.errstate(over="ignore"):  # a gap over 1e308 gives -inf, and exp(-inf) = 0, exactly right
        shifted = Z - Z.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def dense(X, W, b):
    """A dense layer's pre-activation, Z = X W + b.

    X is (n, p), W is (p, k) or (p,), b is (k,) or a scalar; the result is
    (n, k), or (n,) when W is a vector. Slide "Matrix notation": z = Xw + b.
    """
    X = as_array(X, "X", ndim=2)
    W = as_array(W, "W", ndim=(1, 2))
    b = as_array(b, "b", ndim=(0, 1))
    if W.shape[0] != X.shape[1]:
        raise ValueError(f"W must have {X.shape[1]} rows (one per column of X), got shape {W.shape}")
    k = W.shape[1] if W.ndim == 2 else None
    if b.ndim == 1 and (k is None and b.size != 1 or k is not None and b.size not in (1, k)):
        raise ValueError(f"b must be a scalar or have {k or 1} entries, got shape {b.shape}")
    if k is None and b.ndim == 1:
        b = b[0]
    with np.errstate(over="ignore", invalid="ignore"):
        return finite_result(X @ W + b, "X, W and b")
