"""The dense-layer slides worked through: a logistic neuron and a softmax layer.

Slides "Multiple observations", "Matrix notation" and "Using a softmax output".
"""

from __future__ import annotations

import numpy as np

from gdcore._validate import as_array, finite_number, same_length
from gdcore.activations import dense, sigmoid, softmax
from gdcore.losses import accuracy, binary_crossentropy


def binary_labels(y, name: str = "y") -> np.ndarray:
    """Return ``y`` as a 1-D float array of 0s and 1s, or raise naming ``name``."""
    y = as_array(y, name, ndim=1)
    wrong = (y != 0) & (y != 1)
    if wrong.any():
        values = ", ".join(f"{v:g}" for v in sorted(set(y[wrong].tolist())))
        raise ValueError(f"{name} must hold only 0 or 1, got {values}")
    return y


def logistic_neuron(X, y, w, b) -> dict:
    """One logistic neuron on the rows of X: z = X w + b, y_hat = sigma(z).

    Parameters
    ----------
    X : array (n, p), the observations x_{i,.}.
    y : array (n,) of 0/1 targets.
    w : array (p,), the weights (w_1, ..., w_p).
    b : float, the bias.

    Returns a dict with ``z`` and ``y_hat`` (arrays (n,)), the binary
    cross-entropy ``loss`` = -(1/n) sum_i [y_i log y_hat_i + (1 - y_i) log(1 - y_hat_i)]
    and the ``accuracy`` (prediction 1 when y_hat_i >= 0.5).
    Slide "Matrix notation": X = [[1, 2], [3, 4], [5, 6]], w = (1, 2), b = -10 give
    z = (-5, 1, 7) and y_hat = (0.00669, 0.73106, 0.99909).
    """
    X = as_array(X, "X", ndim=2)
    y = binary_labels(y)
    same_length(X, "X", y, "y")
    w = as_array(w, "w", ndim=1)
    b = finite_number(b, "b")
    z = dense(X, w, b)
    y_hat = sigmoid(z)
    return {"z": z, "y_hat": y_hat, "loss": binary_crossentropy(y, y_hat), "accuracy": accuracy(y, y_hat)}


def softmax_layer(X, W, b) -> dict:
    """A dense layer with a softmax output: Z = X W + b, Y_hat = Softmax(Z) row by row.

    Returns a dict with ``Z`` (n, k), ``P`` (n, k) whose row i holds
    P(Y_i = j) = exp(z_ij) / sum_l exp(z_il), and ``predicted`` (n,), the class
    1..k of highest probability. Slide "Using a softmax output": W = [[1, 3], [2, 4]],
    b = (-10, -20) give Z = [[-5, -9], [1, 5], [7, 19]] and softmax rows
    (0.98201379, 0.01798621), (0.01798621, 0.98201379), (6.1441746e-06, 0.99999386).
    """
    W = as_array(W, "W", ndim=2)
    b = as_array(b, "b", ndim=1)
    if b.size != W.shape[1]:
        raise ValueError(f"b must have {W.shape[1]} entries (one per column of W), got {b.size}")
    Z = dense(X, W, b)
    P = softmax(Z)
    return {"Z": Z, "P": P, "predicted": np.argmax(P, axis=1) + 1}


def naive_softmax(Z):
    """Softmax computed the textbook way, exp(z_ij) / sum_l exp(z_il), WITHOUT the max shift.

    For teaching only: exp overflows to inf for logits above about 709
    (log of the largest float64), and inf / inf gives nan. Overflow warnings are
    silenced, so the result simply shows the inf / nan. Use ``softmax`` instead.
    """
    Z = as_array(Z, "Z", ndim=(1, 2))
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(Z)
        return e / e.sum(axis=-1, keepdims=True)


def decision_boundary(w, b, x1_range, x2_range):
    """The segment of the line w_1 x_1 + w_2 x_2 + b = 0 inside a box, where sigma(z) = 0.5.

    Returns ``(x1s, x2s)``, two arrays of two end points, or ``None`` when the
    line misses the box or when w = (0, 0) (then there is no line: z = b everywhere).
    """
    w = as_array(w, "w", ndim=1)
    if w.size != 2:
        raise ValueError(f"w must have 2 entries (w_1, w_2), got {w.size}")
    b = finite_number(b, "b")
    (lo1, hi1), (lo2, hi2) = (
        tuple(finite_number(v, name) for v in box)
        for box, name in ((x1_range, "x1_range"), (x2_range, "x2_range"))
    )
    w1, w2 = w
    candidates = []
    with np.errstate(over="ignore"):  # a tiny weight puts the crossing at infinity: off the box
        if w2 != 0:  # x2 = -(w1 x1 + b) / w2 on the left and right edges
            candidates += [(x1, -(w1 * x1 + b) / w2) for x1 in (lo1, hi1)]
        if w1 != 0:  # x1 = -(w2 x2 + b) / w1 on the bottom and top edges
            candidates += [(-(w2 * x2 + b) / w1, x2) for x2 in (lo2, hi2)]
    tol = 1e-9 * max(1.0, hi1 - lo1, hi2 - lo2)
    inside = sorted(
        {
            (round(x1, 12), round(x2, 12))
            for x1, x2 in candidates
            if lo1 - tol <= x1 <= hi1 + tol and lo2 - tol <= x2 <= hi2 + tol
        }
    )
    if len(inside) < 2:
        return None
    (a1, a2), (c1, c2) = inside[0], inside[-1]
    return np.array([a1, c1]), np.array([a2, c2])
