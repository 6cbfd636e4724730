"""Learning rates: how the step size decides between creeping, converging, oscillating and diverging.

Slides "Learning rates" (too small / too large, Geron Fig 4-4 and 4-5) and "Learning
rate schedule" (learning curves for various learning rates, Geron Fig 11-8).

On a quadratic with curvature a = f''(x) > 0, one gradient step is
x_{k+1} - x* = (1 - eta a)(x_k - x*): the distance to the minimum x* is multiplied by
the factor 1 - eta a. So the product eta a decides everything:

- eta a <= 0.1: creeping (each step removes at most a tenth of the distance);
- 0.1 < eta a <= 1: converging, monotonically (eta a = 1 jumps to x* in one step);
- 1 < eta a <= 2: oscillating, overshooting x* from side to side (converging when
  eta a < 2, bouncing for ever between x* +- d at eta a = 2);
- eta a > 2: diverging, each overshoot larger than the last.

Near a minimum every smooth cost looks like such a quadratic, with a the largest
curvature (the largest eigenvalue of the Hessian): gradient descent needs eta < 2 / a.
"""

from __future__ import annotations

import math
import re

import numpy as np

from gdcore._validate import as_array, finite_number, positive
from gdcore.linear import LinearRegression

__all__ = [
    "CREEPING_LIMIT",
    "REGIMES",
    "compare_learning_rates",
    "excess_loss",
    "learning_rate_regime",
    "max_curvature",
    "parse_learning_rates",
    "step_factor",
]

REGIMES = ("creeping", "converging", "oscillating", "bouncing", "diverging")
CREEPING_LIMIT = 0.1  # eta a at or below this: the step removes at most 10 % of the distance


def step_factor(learning_rate, curvature) -> float:
    """The factor 1 - eta a by which one gradient step multiplies the distance to the minimum.

    For f(x) = (a/2)(x - x*)^2, x_{k+1} - x* = x_k - x* - eta a (x_k - x*) = (1 - eta a)(x_k - x*).
    """
    eta = positive(learning_rate, "learning_rate")
    a = positive(curvature, "curvature")
    factor = 1.0 - eta * a
    if not np.isfinite(factor):
        raise ValueError("learning_rate and curvature are too large: eta * a overflows")
    return factor


def learning_rate_regime(learning_rate, curvature) -> str:
    """One of ``REGIMES`` for gradient descent with rate eta on a curvature a = f''.

    "creeping" for eta a <= 0.1, "converging" for eta a <= 1 (monotone),
    "oscillating" for 1 < eta a < 2 (overshoots, and still converges), "bouncing" at
    eta a = 2 (to within rounding: the factor 1 - eta a is -1, so w jumps between +-w0
    for ever, neither converging nor diverging) and "diverging" for eta a > 2.
    """
    r = 1.0 - step_factor(learning_rate, curvature)
    if r <= CREEPING_LIMIT:
        return "creeping"
    if r <= 1.0:
        return "converging"
    if math.isclose(r, 2.0, rel_tol=1e-12):
        return "bouncing"
    if r < 2.0:
        return "oscillating"
    return "diverging"


def max_curvature(problem) -> float:
    """The largest curvature of a LinearRegression's MSE: the top eigenvalue of its Hessian.

    L(theta) = (1/n) ||A theta - y||^2 with A = [X, 1], so the Hessian is H = (2/n) A^T A
    (the same at every theta). Batch gradient descent converges iff eta < 2 / lambda_max(H).
    """
    if not isinstance(problem, LinearRegression):
        raise TypeError(f"problem must be a LinearRegression, got {type(problem).__name__}")
    design = np.column_stack([problem.X, np.ones(problem.n_examples)])
    with np.errstate(all="ignore"):
        hessian = 2.0 / problem.n_examples * design.T @ design
    if not np.all(np.isfinite(hessian)):
        raise ValueError("problem's inputs x are too large: the Hessian overflows")
    return float(np.linalg.eigvalsh(hessian)[-1])


_NUMBER = re.compile(r"^[+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$", re.IGNORECASE)


def parse_learning_rates(text, low=1e-6, high=100.0, max_count=6) -> list[float]:
    """Learning rates typed by a student, e.g. "0.1, 0.02 1e-3", as a list of floats.

    Separators are commas, semicolons or spaces; duplicates are dropped, order kept.
    Raises ValueError naming the bad entry when one is not a number, or not in
    [low, high], or when there are more than ``max_count`` rates.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    low = positive(low, "low")
    high = positive(high, "high")
    max_count = positive(max_count, "max_count", integer=True)
    rates: list[float] = []
    for token in re.split(r"[,;\s]+", text.strip()):
        if not token:
            continue
        if not _NUMBER.match(token):
            raise ValueError(f"text: {token!r} is not a positive number (write e.g. 0.05 or 1e-3)")
        value = float(token)
        if not low <= value <= high:
            raise ValueError(f"text: learning rate {token} must be between {low:g} and {high:g}")
        if value not in rates:
            rates.append(value)
    if len(rates) > max_count:
        raise ValueError(f"text: at most {max_count} learning rates, got {len(rates)}")
    return rates


def compare_learning_rates(problem, params0, learning_rates, *, batch_size=None, epochs=30, seed=0) -> dict:
    """``fit`` with plain SGD once per learning rate: name -> History.

    ``learning_rates`` maps a name (e.g. "too small: slow") to a float eta or a
    schedule (a callable of the step). Every run starts from ``params0`` and sees
    the same batches (same ``seed``), so only the learning rate differs. A run
    that diverges stops there (``History.diverged_at``).
    """
    from gdcore.optimisers import SGD
    from gdcore.training import fit

    if not isinstance(learning_rates, dict) or not learning_rates:
        raise TypeError("learning_rates must be a non-empty dict of name -> learning rate or schedule")
    params0 = as_array(params0, "params0", ndim=1)
    return {
        str(name): fit(problem, params0, SGD(rate), batch_size=batch_size, epochs=epochs, seed=seed)
        for name, rate in learning_rates.items()
    }


def excess_loss(losses, best, floor=1e-12):
    """max(L - L*, floor): how far each loss is above the best possible loss L*.

    For a log-scale learning curve, where the noise floor L* would otherwise hide
    the differences between learning rates; ``floor`` keeps rounding (L - L* <= 0)
    on the chart.
    """
    losses = as_array(losses, "losses", ndim=1, allow_empty=True)
    best = finite_number(best, "best")
    floor = positive(floor, "floor")
    with np.errstate(all="ignore"):
        excess = losses - best
    if not np.all(np.isfinite(excess)):
        raise ValueError("losses and best are too large: their difference overflows")
    return np.maximum(excess, floor)
