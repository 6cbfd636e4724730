"""Losses (each with its gradient with respect to the prediction) and accuracy.

Every loss is a mean over the n examples, as in Keras; every ``*_gradient`` is
the derivative of that mean with respect to each prediction, so it already
carries the factor 1/n.
"""

from __future__ import annotations

import numpy as np

from gdcore._validate import as_array, finite_result, same_length

EPSILON = 1e-7  # Keras's backend epsilon: probabilities are clipped to [eps, 1 - eps]


def _pair(y, y_hat, y_name="y", y_hat_name="y_hat", ndim=(1, 2)):
    y = as_array(y, y_name, ndim=ndim)
    y_hat = as_array(y_hat, y_hat_name, ndim=ndim)
    if y.shape != y_hat.shape:
        raise ValueError(
            f"{y_name} and {y_hat_name} must have the same shape, got {y.shape} and {y_hat.shape}"
        )
    return y, y_hat


def _probabilities(p, name, labels, labels_name):
    """Check that the labels and the probabilities lie in [0, 1]; return (clipped p, where p
    was not clipped). The loss is flat where a probability was clipped, so its derivative is 0
    there (as Keras's, whose clip passes no gradient)."""
    if np.any((labels < 0) | (labels > 1)):
        raise ValueError(f"{labels_name} must hold labels in [0, 1]")
    if np.any((p < 0) | (p > 1)):
        raise ValueError(f"{name} must hold probabilities in [0, 1]")
    return np.clip(p, EPSILON, 1 - EPSILON), (p >= EPSILON) & (p <= 1 - EPSILON)


ROW_SUM_TOLERANCE = 1e-6


def _rows_of_probabilities(P):
    """Refuse rows of P that do not sum to 1: P must hold class probabilities (e.g. a softmax).

    Keras renormalises such rows (P / sum(P)); gdcore asks for probabilities instead, so that a
    wrong input is said, not silently changed.
    """
    sums = P.sum(axis=1)
    wrong = np.flatnonzero(np.abs(sums - 1.0) > ROW_SUM_TOLERANCE)
    if wrong.size:
        raise ValueError(
            f"P's rows must sum to 1 (class probabilities, e.g. a softmax); row {wrong[0]} sums to "
            f"{sums[wrong[0]]:.6g}"
        )


def mse(y, y_hat):
    """Mean squared error, L = (1/n) sum_i (y_hat_i - y_i)^2."""
    y, y_hat = _pair(y, y_hat)
    with np.errstate(over="ignore", invalid="ignore"):
        return float(finite_result(np.mean((y_hat - y) ** 2), "y and y_hat"))


def mse_gradient(y, y_hat):
    """dL/dy_hat_i = 2 (y_hat_i - y_i) / n for the mean squared error."""
    y, y_hat = _pair(y, y_hat)
    with np.errstate(over="ignore", invalid="ignore"):
        return finite_result(2.0 * (y_hat - y) / y.size, "y and y_hat")


def binary_crossentropy(y, p):
    """Binary cross-entropy, L = -(1/n) sum_i [y_i log p_i + (1 - y_i) log(1 - p_i)].

    ``p`` are predicted probabilities P(Y = 1), clipped to [1e-7, 1 - 1e-7] as in Keras.
    """
    y, p = _pair(y, p, "y", "p", ndim=1)
    p, _ = _probabilities(p, "p", y, "y")
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)))


def binary_crossentropy_gradient(y, p):
    """dL/dp_i = (p_i - y_i) / (p_i (1 - p_i)) / n for the binary cross-entropy, and 0 where p_i
    lies within 1e-7 of 0 or 1 (clipped, so the loss is flat there, as in Keras)."""
    y, p = _pair(y, p, "y", "p", ndim=1)
    p, inside = _probabilities(p, "p", y, "y")
    return np.where(inside, (p - y) / (p * (1 - p)), 0.0) / y.size


def categorical_crossentropy(Y, P):
    """Categorical cross-entropy, L = -(1/n) sum_i sum_j Y_ij log P_ij.

    ``Y`` is one-hot (n, k); ``P`` holds each row's class probabilities (n, k), which must
    sum to 1 (within 1e-6; Keras would renormalise them, gdcore refuses them), clipped to
    [1e-7, 1 - 1e-7].
    """
    Y, P = _pair(Y, P, "Y", "P", ndim=2)
    _rows_of_probabilities(P)
    P, _ = _probabilities(P, "P", Y, "Y")
    return float(-np.mean(np.sum(Y * np.log(P), axis=1)))


def categorical_crossentropy_gradient(Y, P):
    """dL/dP_ij = -Y_ij / P_ij / n for the categorical cross-entropy, and 0 where P_ij lies
    within 1e-7 of 0 or 1 (clipped: the loss is flat there). Rows of P must sum to 1."""
    Y, P = _pair(Y, P, "Y", "P", ndim=2)
    _rows_of_probabilities(P)
    P, inside = _probabilities(P, "P", Y, "Y")
    return np.where(inside, -Y / P, 0.0) / Y.shape[0]


def accuracy(y, y_hat, threshold=0.5):
    """Share of correct predictions, (1/n) sum_i [prediction_i == y_i].

    1-D ``y_hat`` holds probabilities of class 1: the prediction is 1 when
    y_hat_i >= threshold. 2-D ``y_hat`` holds class probabilities: the prediction
    is the argmax of each row, and ``y`` is either one-hot (n, k) or labels (n,).
    Its derivative is zero almost everywhere, which is why it is a metric, not a loss.
    """
    y_hat = as_array(y_hat, "y_hat", ndim=(1, 2))
    y = as_array(y, "y", ndim=(1, 2))
    same_length(y, "y", y_hat, "y_hat")
    if y_hat.ndim == 1:
        if y.ndim != 1:
            raise ValueError(f"y must be 1-D like y_hat, got shape {y.shape}")
        predicted = (y_hat >= threshold).astype(float)
    else:
        predicted = np.argmax(y_hat, axis=1).astype(float)
        if y.ndim == 2:
            if y.shape != y_hat.shape:
                raise ValueError(f"y and y_hat must have the same shape, got {y.shape} and {y_hat.shape}")
            y = np.argmax(y, axis=1).astype(float)
    return float(np.mean(predicted == y))
