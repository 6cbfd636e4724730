"""Loss landscapes for the page "Gradient descent": why mini-batch noise helps.

Slide "Mini-batch gradient descent", reason 3: "The noise helps us jump out of
local minima". ``TiltedDoubleWell`` is a *problem* whose mean loss has a
shallow local minimum beside a deeper global one; each example tilts the
landscape its own way, so a mini-batch's gradient is the mean gradient plus
the mean tilt of the examples drawn. The noise comes from sampling the data,
never from added random numbers. ``escape_shares`` counts how often mini-batch
gradient descent (``fit`` with ``SGD``) leaves the shallow minimum.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from gdcore._validate import NonFiniteError, as_array, finite_number, finite_result, positive
from gdcore.optimisers import SGD
from gdcore.training import fit

__all__ = ["TiltedDoubleWell", "descend_well", "escape_shares"]

TILT = -0.8  # the mean loss's own tilt: it makes the right-hand minimum the deeper one


class TiltedDoubleWell:
    """A *problem* with one parameter w: a double well that each example tilts.

    Example i has the loss

        f_i(w) = (w^2 - 1)^2 - 0.8 w + 1 + c_i w,     df_i/dw = 4 w^3 - 4 w - 0.8 + c_i,

    with tilts c_i evenly spread over an interval centred on 0 whose standard
    deviation is ``spread``, so that sum_i c_i = 0. The mean over all the
    examples is the double well F(w) = (w^2 - 1)^2 - 0.8 w + 1: a shallow
    minimum near w = -0.88 (F ~ 1.75), a barrier near w = -0.21 (F ~ 2.08)
    and the global minimum near w = 1.09 (F ~ 0.16). A batch of examples B
    has the gradient F'(w) + mean_{i in B} c_i: exactly F'(w) for the full
    batch, and F'(w) plus a random tilt for a random mini-batch, with
    standard deviation spread * sqrt((n - m) / (m (n - 1))) for m examples.

    Parameters
    ----------
    n_examples : int >= 2, the number of examples n.
    spread : float >= 0, the standard deviation of the tilts c_i.

    ``loss`` and ``gradient`` raise ``NonFiniteError`` (a ValueError) when w is
    so large that they overflow; ``loss_and_gradient``, which ``fit`` uses,
    returns a NaN loss instead, so a diverging run is recorded as one.
    """

    n_params = 1

    def __init__(self, n_examples=100, spread=4.0):
        n = positive(n_examples, "n_examples", integer=True)
        if n < 2:
            raise ValueError(f"n_examples must be at least 2, got {n}")
        spread = finite_number(spread, "spread")
        if not 0 <= spread <= 1e6:
            raise ValueError(f"spread must be between 0 and 1e6, got {spread}")
        tilts = np.linspace(-1.0, 1.0, n)
        tilts -= tilts.mean()
        tilts *= spread / tilts.std()
        self.n_examples = n
        self.spread = spread
        self.tilts = tilts
        self.shallow, self.barrier, self.deep = self.critical_points()

    @staticmethod
    def critical_points() -> tuple[float, float, float]:
        """(shallow minimum, barrier, deep minimum) of F: the real roots of 4 w^3 - 4 w - 0.8 = 0."""
        roots = np.sort(np.roots([4.0, 0.0, -4.0, TILT]).real)
        return float(roots[0]), float(roots[1]), float(roots[2])

    def mean_loss(self, w):
        """F(w) = (w^2 - 1)^2 - 0.8 w + 1 for a number or an array (the loss on all the data)."""
        w = as_array(w, "w")
        with np.errstate(all="ignore"):
            out = finite_result((w * w - 1) ** 2 + TILT * w + 1, "w")
        return float(out) if out.ndim == 0 else out

    def example_losses(self, w):
        """f_i(w) for every example i (rows) at every w (columns): shape (n, len(w))."""
        w = as_array(w, "w", ndim=1)
        with np.errstate(all="ignore"):
            out = (w * w - 1) ** 2 + TILT * w + 1 + self.tilts[:, None] * w
        return finite_result(out, "w")

    def _w(self, params):
        params = as_array(params, "params", ndim=1)
        if params.size != 1:
            raise ValueError(f"params must hold one number [w], got shape {params.shape}")
        return float(params[0])

    def _mean_tilt(self, idx):
        if idx is None:
            return 0.0
        tilts = self.tilts[idx]
        if np.size(tilts) == 0:
            raise ValueError("idx must select at least one example")
        return float(tilts.sum() / tilts.size)  # np.mean's sum and division, without its overhead

    def loss(self, params, idx=None) -> float:
        """mean_{i in idx} f_i(w) = F(w) + (mean_{i in idx} c_i) w, for params = [w]."""
        w = self._w(params)
        with np.errstate(all="ignore"):
            value = (w * w - 1) * (w * w - 1) + TILT * w + 1 + self._mean_tilt(idx) * w
        return float(finite_result(value, "params"))

    def gradient(self, params, idx=None):
        """[mean_{i in idx} df_i/dw] = [4 w^3 - 4 w - 0.8 + mean_{i in idx} c_i], for params = [w]."""
        w = self._w(params)
        with np.errstate(all="ignore"):
            value = 4 * w * w * w - 4 * w + TILT + self._mean_tilt(idx)
        return np.array([finite_result(value, "params")])

    def loss_and_gradient(self, params, idx=None):
        """(loss, gradient) at params = [w], checking only that both are finite (else ``NonFiniteError``).

        The :class:`gdcore.LossAndGradient` capability, for the engine's steps.
        """
        (w,) = np.asarray(params, dtype=float).reshape(1).tolist()
        c = self._mean_tilt(idx)
        with np.errstate(all="ignore"):
            # products, not **: a Python float's power raises OverflowError instead of giving inf
            loss = (w * w - 1) * (w * w - 1) + TILT * w + 1 + c * w
            grad = 4 * w * w * w - 4 * w + TILT + c
        if not (math.isfinite(loss) and math.isfinite(grad)):
            raise NonFiniteError("params are too large (or not finite): the loss overflows")
        return loss, np.array([grad])


def descend_well(problem, w0, learning_rate, *, batch_size=None, epochs=30, seed=0):
    """``fit(problem, [w0], SGD(learning_rate), batch_size=..., epochs=..., seed=...)``, divergence recorded.

    Each step is w <- w - eta (F'(w) + mean_{i in B} c_i) over the batch B (all
    the examples when ``batch_size`` is None). A run whose w overflows stops
    there and ``History.diverged_at`` says at which step, as for any other run.

    Parameters
    ----------
    problem : TiltedDoubleWell
    w0 : float, the start.
    learning_rate : float > 0, eta.
    batch_size : int >= 1 or None (batch gradient descent).
    epochs : int >= 1.
    seed : int >= 0, seeds the shuffles.
    """
    if not isinstance(problem, TiltedDoubleWell):
        raise TypeError(f"problem must be a TiltedDoubleWell, got {type(problem).__name__}")
    w0 = finite_number(w0, "w0")
    optimiser = SGD(positive(learning_rate, "learning_rate"))
    return fit(problem, np.array([w0]), optimiser, batch_size=batch_size, epochs=epochs, seed=seed)


def escape_shares(problem, w0, learning_rate, batch_sizes, *, epochs=30, n_seeds=100):
    """The share of seeds 0, ..., n_seeds - 1 for which mini-batch GD ends beyond the barrier.

    For each batch size m, runs the mini-batch loop of ``fit(problem, [w0],
    SGD(learning_rate), batch_size=m, epochs=epochs, seed=s)`` for every seed s
    (the same shuffles, all seeds at once with NumPy): per epoch, shuffle the
    examples, then for each batch B of m examples
    w <- w - eta (F'(w) + mean_{i in B} c_i). A run *escapes* when its final w is
    beyond the barrier (w > ``problem.barrier``); a run whose w overflows
    *diverges* and does not escape.

    Parameters
    ----------
    problem : TiltedDoubleWell
    w0 : float, the start (e.g. left of the shallow minimum).
    learning_rate : float > 0, eta.
    batch_sizes : 1-D sequence of ints >= 1 (m >= n is batch gradient descent).
    epochs : int >= 1.
    n_seeds : int >= 1, the number of seeds (0, 1, ...).

    Returns
    -------
    dict of arrays, one entry per batch size: ``batch_size``, ``escaped``
    (share in [0, 1]) and ``diverged`` (share in [0, 1]).
    """
    finals = _final_weights(problem, w0, learning_rate, batch_sizes, epochs=epochs, n_seeds=n_seeds)
    sizes = np.array([int(m) for m in batch_sizes])
    with np.errstate(invalid="ignore"):
        escaped = np.nan_to_num(finals, nan=-np.inf) > problem.barrier
    return {
        "batch_size": sizes,
        "escaped": escaped.mean(axis=1),
        "diverged": (~np.isfinite(finals)).mean(axis=1),
    }


def _final_weights(problem, w0, learning_rate, batch_sizes, *, epochs=30, n_seeds=100):
    """The final w of every run: shape (len(batch_sizes), n_seeds), NaN for a diverged run."""
    if not isinstance(problem, TiltedDoubleWell):
        raise TypeError(f"problem must be a TiltedDoubleWell, got {type(problem).__name__}")
    w0 = finite_number(w0, "w0")
    eta = positive(learning_rate, "learning_rate")
    if isinstance(batch_sizes, (str, bytes)) or not hasattr(batch_sizes, "__len__"):
        raise TypeError("batch_sizes must be a sequence of whole numbers >= 1")
    if len(batch_sizes) == 0:
        raise ValueError("batch_sizes must not be empty")
    sizes = [positive(m, "batch_sizes", integer=True) for m in batch_sizes]
    epochs = positive(epochs, "epochs", integer=True)
    n_seeds = positive(n_seeds, "n_seeds", integer=True)
    if isinstance(epochs, bool) or isinstance(n_seeds, bool) or not isinstance(n_seeds, numbers.Integral):
        raise TypeError("epochs and n_seeds must be whole numbers")
    if epochs * n_seeds > 100_000:
        raise ValueError(f"epochs * n_seeds must be at most 100000, got {epochs * n_seeds}")
    n = problem.n_examples
    # fit draws one permutation per epoch from default_rng(seed), whatever the batch size.
    rngs = [np.random.default_rng(seed) for seed in range(n_seeds)]
    orders = np.array([[rng.permutation(n) for rng in rngs] for _ in range(epochs)])
    cumulative = np.zeros((epochs, n_seeds, n + 1))  # running sums of the shuffled tilts
    np.cumsum(problem.tilts[orders], axis=2, out=cumulative[:, :, 1:])
    # All batch sizes advance together, one slot per step: slot k of an epoch is step k for
    # every batch size with more than k steps per epoch, and leaves the others unchanged.
    steps = [1 if m >= n else -(-n // m) for m in sizes]
    slots = max(steps)
    rate = np.zeros((slots, len(sizes), 1))  # 4 eta where a step is taken, else 0
    for j, k in enumerate(steps):
        rate[:k, j] = 4 * eta
    w = np.full((len(sizes), n_seeds), w0)
    cube = np.empty_like(w)
    shift = np.zeros((slots, len(sizes), n_seeds))  # eta (0.8-tilt + the batch's mean tilt) per slot
    with np.errstate(all="ignore"):
        for e in range(epochs):
            for j, m in enumerate(sizes):
                if m >= n:  # batch gradient descent: the tilts cancel exactly
                    shift[0, j] = eta * TILT
                    continue
                starts = np.arange(0, n, m)
                ends = np.minimum(starts + m, n)
                means = (cumulative[e][:, ends] - cumulative[e][:, starts]) / (ends - starts)
                shift[: steps[j], j] = eta * (TILT + means.T)
            for k in range(slots):
                # w <- w - eta (4 w^3 - 4 w + TILT + mean tilt), in place
                np.multiply(w, w, out=cube)
                cube -= 1.0
                cube *= w
                cube *= rate[k]
                w -= cube
                w -= shift[k]
    finals = np.where(np.isfinite(w), w, np.nan)
    return finals
