"""Batch, stochastic and mini-batch gradient descent side by side, on the same data.

Slides "Go over all the training data", "Pick a random training example",
"Take a group of training examples" and "Mini-batch gradient descent".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gdcore._validate import as_array, count, positive
from gdcore.optimisers import SGD
from gdcore.training import History, check_problem, fit

__all__ = ["VariantRun", "compare_variants", "thin_indices"]

VARIANT_NAMES = ("Batch GD", "Stochastic GD", "Mini-batch GD")


@dataclass(frozen=True, eq=False)
class VariantRun:
    """One run of ``fit`` with plain SGD, and what the page draws from it.

    Attributes
    ----------
    name : "Batch GD", "Stochastic GD" or "Mini-batch GD".
    batch_size : int, examples per step m (n for batch gradient descent).
    steps_per_epoch : int, ceil(n / m).
    history : History
    final_params : array, the last finite parameters theta.
    final_loss : float, Loss_{1:n} at ``final_params`` (all the data; inf if it overflows).
    diverged_epoch : int or None, the epoch of ``history.diverged_at``.
    rows : array of int, at most ``max_points`` rows of ``history.params`` to draw.
    examples : array, gradient evaluations (examples processed) before each of ``rows``.
    loss : array, Loss_{1:n} on all the data at each of ``rows``.
    """

    name: str
    batch_size: int
    steps_per_epoch: int
    history: History
    final_params: np.ndarray
    final_loss: float
    diverged_epoch: int | None
    rows: np.ndarray
    examples: np.ndarray
    loss: np.ndarray


# thin_indices: indices are spread in floating point, exact up to 2**53; the points are kept in memory.
MAX_THINNED_LENGTH = 2**53
MAX_THINNED_POINTS = 1_000_000


def thin_indices(length, max_points=2000):
    """At most ``max_points`` evenly spread indices of 0..length-1, the first and last included:
    round(i (length - 1) / (max_points - 1)) for i = 0..max_points-1, without repeats.

    ``length`` is at most 2**53 and ``max_points`` between 2 and 1,000,000 (ValueError otherwise).
    """
    length = count(length, "length", cap=MAX_THINNED_LENGTH)
    max_points = count(max_points, "max_points", minimum=2, cap=MAX_THINNED_POINTS)
    if length <= max_points:
        return np.arange(length)
    return np.unique(np.linspace(0, length - 1, max_points).round().astype(int))


def compare_variants(problem, params0, learning_rate, *, epochs=20, batch_size=10, seed=0, max_points=2000):
    """Run the lecture's three loops on ``problem`` with the same eta, epochs and seed.

    Batch GD (m = n, one step per epoch), stochastic GD (m = 1, n steps per
    epoch) and mini-batch GD (m = ``batch_size``, ceil(n / m) steps), each
    ``fit(problem, params0, SGD(learning_rate), batch_size=m, epochs=epochs,
    seed=seed)``: theta <- theta - eta * gradient of the batch's mean loss.

    After k steps of an epoch with batch size m, the examples processed
    (gradient evaluations of one example each) are
    e * n + min(j * m, n) for k = e * ceil(n / m) + j.

    Parameters
    ----------
    problem : a *problem* (e.g. LinearRegression).
    params0 : 1-D array, theta_0.
    learning_rate : float > 0, eta.
    epochs : int >= 1.
    batch_size : int >= 1, the mini-batch size m.
    seed : int >= 0, seeds the shuffles (the same for SGD and mini-batch).
    max_points : int >= 2, the most steps kept in ``rows`` for drawing.

    Returns
    -------
    dict: name -> VariantRun, in the lecture's order.
    """
    n = check_problem(problem)
    params0 = as_array(params0, "params0", ndim=1)
    optimiser = SGD(positive(learning_rate, "learning_rate"))
    batch_size = positive(batch_size, "batch_size", integer=True)
    runs = {}
    for name, m in zip(VARIANT_NAMES, (n, 1, min(batch_size, n)), strict=True):
        history = fit(problem, params0, optimiser, batch_size=m, epochs=epochs, seed=seed)
        per_epoch = -(-n // m)
        rows = thin_indices(len(history.params), max_points)
        examples = (rows // per_epoch) * n + np.minimum((rows % per_epoch) * m, n)
        loss = _losses(problem, history.params[rows])
        final = history.params[-1]
        k = history.diverged_at
        runs[name] = VariantRun(
            name=name,
            batch_size=m,
            steps_per_epoch=per_epoch,
            history=history,
            final_params=final,
            final_loss=float(loss[-1]),
            diverged_epoch=None if k is None else min(k // per_epoch, epochs - 1),
            rows=rows,
            examples=examples,
            loss=loss,
        )
    return runs


def _losses(problem, params):
    """Loss_{1:n} at each row of ``params`` (at most ``max_points`` rows); +inf where it overflows."""
    with np.errstate(all="ignore"):
        losses = np.array([_loss_or_inf(problem, row) for row in params])
    return np.nan_to_num(losses, nan=np.inf)


def _loss_or_inf(problem, row):
    try:
        return problem.loss(row)
    except ValueError:  # gdcore's problems refuse to return an overflowed loss
        return np.inf
