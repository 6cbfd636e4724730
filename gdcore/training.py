"""Training: batch, stochastic and mini-batch gradient descent with any optimiser.

Slides "Go over all the training data", "Pick a random training example",
"Take a group of training examples" and "Mini-batch gradient descent".
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np

from gdcore._validate import NonFiniteError, as_array, positive
from gdcore.linear import LinearRegression
from gdcore.optimisers import SGD

__all__ = ["History", "fit"]


@dataclass(eq=False)
class History:
    """Everything ``fit`` saw, as numpy arrays (k counts the steps from 0).

    Attributes
    ----------
    params : array (n_steps + 1, n_params)
        theta_0 (the start) and the parameters after each step.
    step_loss : array (n_steps,)
        The mini-batch loss at ``params[k]``, just before step k.
    epoch_loss : array (epochs done + 1,)
        The loss on all the data at the start and after each epoch (only
        the finite ones: after a divergence, those before it).
    learning_rate : array (n_steps,)
        eta used by step k (NaN for an optimiser that cannot say).
    epoch : array of int (n_steps,)
        The epoch (from 0) that step k belongs to.
    diverged_at : int or None
        None, or the first step k where training broke down: the loss at
        ``params[k]`` (mini-batch or full data) is not finite, or step k gave
        non-finite parameters. Training stopped there; the arrays keep only
        what came before: ``params`` has k + 1 rows (all finite) and the
        per-step arrays have k entries.
    """

    params: np.ndarray
    step_loss: np.ndarray
    epoch_loss: np.ndarray
    learning_rate: np.ndarray
    epoch: np.ndarray
    diverged_at: int | None = None

    def __post_init__(self):
        for name in ("params", "step_loss", "epoch_loss", "learning_rate", "epoch"):
            value = getattr(self, name)
            if isinstance(value, (str, bytes)) or value is None:
                raise TypeError(f"{name} must be an array, got {type(value).__name__}")
            object.__setattr__(self, name, np.asarray(value, dtype=float))
        if self.params.ndim != 2:
            raise ValueError(f"params must be 2-D (one row per step), got shape {self.params.shape}")
        n_steps = len(self.params) - 1
        for name in ("step_loss", "learning_rate", "epoch"):
            if getattr(self, name).shape != (n_steps,):
                raise ValueError(
                    f"{name} must have one entry per step ({n_steps}), got {getattr(self, name).shape}"
                )

    @property
    def n_steps(self) -> int:
        """The number of steps taken."""
        return len(self.step_loss)


def fit(problem, params0, optimiser, *, batch_size=None, epochs=1, seed=0, shuffle=True) -> History:
    """Train ``problem`` from ``params0`` with ``optimiser``; return the :class:`History`.

    The lecture's three loops, with ``optimiser`` in place of the plain update
    ``weights = weights - learningRate * gradient``:

    Batch gradient descent (``batch_size=None``, or ``batch_size >= n``)::

        for i in range(numEpochs):
            gradient = evaluate_gradient(loss_function, data, weights)
            weights = weights - learningRate * gradient

    Stochastic gradient descent (``batch_size=1``)::

        for i in range(numEpochs):
            rnd.shuffle(data)
            for example in data:
                gradient = evaluate_gradient(loss_function, example, weights)
                weights = weights - learningRate * gradient

    Mini-batch gradient descent (any other ``batch_size``; the last batch of an
    epoch may be smaller)::

        for i in range(numEpochs):
            rnd.shuffle(data)
            for b in range(numBatches):
                batch = data[b * batchSize : (b + 1) * batchSize]
                gradient = evaluate_gradient(loss_function, batch, weights)
                weights = weights - learningRate * gradient

    So an epoch has ceil(n / batch_size) steps (one for batch gradient
    descent). With ``shuffle`` the data are shuffled at the start of every
    epoch by ``numpy.random.default_rng(seed)``: the same seed gives the same
    History. Batch gradient descent does not shuffle (the order of a full
    batch does not matter).

    Parameters
    ----------
    problem : a *problem*
        Anything with ``n_examples`` and ``loss(params, idx=None)`` and
        ``gradient(params, idx=None)``, the mean loss and gradient over the
        examples ``idx`` (all when None), like :class:`LinearRegression`.
        Optional, for speed: ``loss_and_gradient(params, idx=None)`` returning
        both (it must return a non-finite loss, not raise, for non-finite
        params), and ``reordered(order)`` returning the problem with its
        examples in that order and accepting slices as ``idx``.
    params0 : 1-D array
        theta_0, the starting parameters.
    optimiser : SGD, Adagrad, RMSprop, Adam (or anything with ``init``/``step``)
    batch_size : int >= 1 or None
    epochs : int >= 1
    seed : int >= 0
    shuffle : bool

    Training stops at the first step whose loss or new parameters are not
    finite (see ``History.diverged_at``); no floating-point warnings escape.

    Speed: the history arrays are allocated once, the learning rates of all
    steps are computed up front, and the data are reordered once per epoch
    so that a batch is a slice. Plain SGD on a :class:`LinearRegression`
    (the lecture's case) takes a fast path that makes the same updates up
    to rounding (see ``_LinearSGD``).
    """
    n = _n_examples(problem)
    params0 = as_array(params0, "params0", ndim=1)
    n_params = getattr(problem, "n_params", None)
    if n_params is not None and params0.size != n_params:
        raise ValueError(f"params0 must have {n_params} entries, got {params0.size}")
    if batch_size is not None:
        batch_size = positive(batch_size, "batch_size", integer=True)
    epochs = positive(epochs, "epochs", integer=True)
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be an integer >= 0, got {seed!r}")
    if not isinstance(shuffle, (bool, np.bool_)):
        raise TypeError(f"shuffle must be True or False, got {shuffle!r}")
    if not (hasattr(optimiser, "init") and hasattr(optimiser, "step")):
        raise TypeError(f"optimiser must have init() and step(), got {type(optimiser).__name__}")

    full_batch = batch_size is None or batch_size >= n
    steps_per_epoch = 1 if full_batch else -(-n // batch_size)
    total = epochs * steps_per_epoch
    learning_rates = _learning_rates(optimiser, total)
    run = _Run(problem, params0, optimiser, learning_rates, epochs)
    with np.errstate(all="ignore"):
        if full_batch:
            run.full_batch()
        else:
            run.mini_batch(n, batch_size, bool(shuffle), np.random.default_rng(seed))
    return run.history()


class _Run:
    """The arrays of one ``fit`` call and the loops that fill them."""

    def __init__(self, problem, params0, optimiser, learning_rates, epochs):
        total = len(learning_rates)
        self.problem = problem
        self.params0 = params0
        self.optimiser = optimiser
        self.learning_rates = learning_rates
        self.learning_rate_list = learning_rates.tolist()
        self.epochs = epochs
        self.P = np.empty((total + 1, params0.size))
        self.P[0] = params0
        self.L = np.empty(total)
        self.E = np.empty(total, dtype=np.int64)
        self.epoch_loss = np.empty(epochs + 1)
        self.steps = 0  # steps taken
        self.epoch_losses = 0  # entries of epoch_loss filled
        self.diverged_at = None
        if hasattr(optimiser, "_apply"):
            self.apply = optimiser._apply
        else:
            self.apply = lambda params, grads, state, learning_rate: optimiser.step(params, grads, state)

    def history(self):
        k, e = self.steps, self.epoch_losses
        return History(
            params=self.P[: k + 1],
            step_loss=self.L[:k],
            epoch_loss=self.epoch_loss[:e],
            learning_rate=self.learning_rates[:k],
            epoch=self.E[:k],
            diverged_at=self.diverged_at,
        )

    def full_batch(self):
        """One step per epoch on all the data; the loss before a step is that epoch's loss."""
        loss_and_gradient = _loss_and_gradient(self.problem)
        apply, P, L, E, epoch_loss = self.apply, self.P, self.L, self.E, self.epoch_loss
        learning_rates = self.learning_rate_list
        params = self.params0
        state = self.optimiser.init(params)
        loss, grad = loss_and_gradient(params, None)
        for k in range(self.epochs):
            if not math.isfinite(loss):
                self.diverged_at = k
                return
            epoch_loss[k] = L[k] = loss
            self.epoch_losses = k + 1
            E[k] = k
            params, state = apply(params, grad, state, learning_rates[k])
            if not np.isfinite(params).all():
                self.diverged_at = k
                return
            P[k + 1] = params
            self.steps = k + 1
            loss, grad = loss_and_gradient(params, None)
        if math.isfinite(loss):
            epoch_loss[self.epochs] = loss
            self.epoch_losses = self.epochs + 1
        else:
            self.diverged_at = self.epochs

    def mini_batch(self, n, batch_size, shuffle, rng):
        """ceil(n / batch_size) steps per epoch over contiguous batches of the (shuffled) data."""
        problem = self.problem
        P, E, epoch_loss = self.P, self.E, self.epoch_loss
        starts = range(0, n, batch_size)
        n_batches = len(starts)
        slices = [slice(start, start + batch_size) for start in starts]
        can_reorder = hasattr(problem, "reordered")
        fast = None
        if _plain_sgd_on_linear_regression(problem, self.optimiser):
            fast = _LinearSGD(problem, batch_size, self)
        params = self.params0
        state = self.optimiser.init(params)

        loss = problem.loss(params)
        if not math.isfinite(loss):
            self.diverged_at = 0
            return
        epoch_loss[0] = loss
        self.epoch_losses = 1
        k = 0
        for e in range(self.epochs):
            first = k
            if fast is not None:
                order = rng.permutation(n) if shuffle else None
                params, k, loss = fast.epoch(order, params, k)
            else:
                if can_reorder:
                    # Shuffle once per epoch and reorder the data once, so that
                    # every batch is a contiguous slice (a view, no copy).
                    data = problem.reordered(rng.permutation(n)) if shuffle else problem
                    batches = slices
                else:
                    data = problem
                    order = rng.permutation(n) if shuffle else np.arange(n)
                    batches = [order[start : start + batch_size] for start in starts]
                params, state, k = self._epoch(data, batches, params, state, k)
            E[first:k] = e
            self.steps = k
            # The parameters are checked once per epoch, all rows at once (a
            # non-finite loss has already ended the epoch early).
            rows = P[first + 1 : k + 1]
            if not np.isfinite(rows).all():
                bad = np.flatnonzero(~np.isfinite(rows).all(axis=1))
                self.diverged_at = self.steps = first + int(bad[0])
                return
            if k - first < n_batches:
                self.diverged_at = k
                return
            if fast is None:
                loss = _loss_and_gradient(data)(params, None)[0]
            if not math.isfinite(loss):
                self.diverged_at = k
                return
            epoch_loss[e + 1] = loss
            self.epoch_losses = e + 2

    def _epoch(self, data, batches, params, state, k):
        """The general loop: any problem, any optimiser. Stops early at a non-finite loss."""
        loss_and_gradient = _loss_and_gradient(data)
        apply, P, L, isfinite = self.apply, self.P, self.L, math.isfinite
        learning_rates = self.learning_rate_list
        for idx in batches:
            loss, grad = loss_and_gradient(params, idx)
            if not isfinite(loss):
                break
            params, state = apply(params, grad, state, learning_rates[k])
            P[k + 1] = params
            L[k] = loss
            k += 1
        return params, state, k


class _LinearSGD:
    """Fast path of ``fit``: plain SGD on a LinearRegression (the lecture's case).

    It makes the same updates as the general loop, up to rounding. For a batch
    of m examples with rows a_i = (x_i, 1) and targets y_i, the MSE gradient is
    (2/m) sum_i a_i (a_i . theta - y_i) = (2/m) (G theta - c) with
    G = sum_i a_i a_i^T and c = sum_i a_i y_i, so a step with learning rate
    eta is the affine map theta <- (I - s G) theta + s c, s = 2 eta / m.
    In the coordinates theta~ = (theta, -1) that is theta~ <- M theta~, one
    small (p+1) x (p+1) matrix per batch: with the rows b_i = (a_i, y_i),
    S = sum_i b_i b_i^T holds both G and c, and M = [I | 0] - s S on top of
    the row (0, ..., 0, 1). The matrices of up to _CHUNK batches are built at
    once, so a step costs one small matrix-vector product whatever m. The
    mini-batch losses r . r / m, with residuals r_i = b_i . theta~ at the
    parameters before each step, are then computed for those steps at once.

    The shuffled data are written into one buffer padded with zero rows to a
    whole number of batches: a zero row adds nothing to S or to r . r, so
    the last, smaller batch needs no special case (only its own m).
    """

    def __init__(self, problem, batch_size, run):
        self.data = data = problem._example_rows()  # rows b_i = (x_i, 1, y_i), cached by the problem
        n, p = data.shape[0], data.shape[1] - 1
        n_batches = -(-n // batch_size)
        sizes = np.full(n_batches, float(batch_size))
        sizes[-1] = n - (n_batches - 1) * batch_size
        self.n, self.p, self.batch_size, self.n_batches = n, p, batch_size, n_batches
        self.sizes, self.two_over_m = sizes, 2.0 / sizes
        self.buffer = np.empty((n_batches * batch_size, p + 1))
        self.buffer[n:] = 0.0
        self.unshuffled = True  # buffer[:n] not yet filled
        self.top = np.eye(p, p + 1)  # [I | 0]
        self.bottom = np.eye(1, p + 1, p)[0]  # (0, ..., 0, 1)
        self.P, self.L, self.rates = run.P, run.L, run.learning_rates

    def epoch(self, order, params, k):
        """One epoch from step k: ``(params, steps done, full-data loss after the epoch)``.

        ``order`` is the epoch's permutation (None: keep the data's order).
        Like ``_Run._epoch`` it stops early at a non-finite mini-batch loss
        (the loss returned is then NaN).
        """
        n, p, batch_size, buffer = self.n, self.p, self.batch_size, self.buffer
        P, L = self.P, self.L
        if order is not None:
            np.take(self.data, order, axis=0, out=buffer[:n], mode="clip")
        elif self.unshuffled:
            buffer[:n] = self.data
            self.unshuffled = False
        for lo in range(0, self.n_batches, _CHUNK):
            count = min(_CHUNK, self.n_batches - lo)
            B = buffer[lo * batch_size : (lo + count) * batch_size].reshape(count, batch_size, p + 1)
            S = np.matmul(B.transpose(0, 2, 1), B)
            s = self.rates[k : k + count] * self.two_over_m[lo : lo + count]
            M = np.empty_like(S)
            np.multiply(S[:, :p, :], -s[:, None, None], out=M[:, :p, :])
            M[:, :p, :] += self.top
            M[:, p, :] = self.bottom
            path = np.empty((count + 1, p + 1))
            path[0, :p] = params
            path[0, p] = -1.0
            rows = list(path)  # the row views, made once; ndarray.dot is the cheapest small product
            for M_b, before, after in zip(list(M), rows[:-1], rows[1:], strict=True):
                M_b.dot(before, out=after)
            P[k + 1 : k + 1 + count] = path[1:, :p]
            residual = np.matmul(B, path[:-1, :, None])[:, :, 0]
            losses = np.einsum("ij,ij->i", residual, residual) / self.sizes[lo : lo + count]
            L[k : k + count] = losses
            finite = np.isfinite(losses)
            if not finite.all():
                k += int(np.flatnonzero(~finite)[0])
                return P[k], k, math.nan
            k += count
            params = P[k]
        residual = buffer[:n].dot(np.append(params, -1.0))
        return params, k, float(residual.dot(residual)) / n


_CHUNK = 256  # batches whose matrices the fast path holds at once


def _plain_sgd_on_linear_regression(problem, optimiser):
    """Whether ``fit`` may take its fast path, ``_LinearSGD``."""
    return (
        type(problem) is LinearRegression
        and type(optimiser) is SGD
        and optimiser.momentum == 0
        and problem.n_params <= 64
    )


def _n_examples(problem):
    if not all(hasattr(problem, name) for name in ("n_examples", "loss", "gradient")):
        raise TypeError(f"problem must have n_examples, loss() and gradient(), got {type(problem).__name__}")
    return positive(problem.n_examples, "problem.n_examples", integer=True)


def _loss_and_gradient(problem):
    """``problem.loss_and_gradient`` if it has one, else separate loss and gradient calls.

    The fallback does not call the problem with non-finite parameters (its
    checks might raise), and a problem that overflows (``NonFiniteError``) counts as a
    NaN loss: either way ``fit`` records a divergence instead of raising.
    """
    fused = getattr(problem, "loss_and_gradient", None)
    if fused is not None:
        return fused
    loss, gradient = problem.loss, problem.gradient

    def separate(params, idx):
        if not np.isfinite(params).all():
            return math.nan, None
        try:
            return loss(params, idx), gradient(params, idx)
        except NonFiniteError:
            return math.nan, None

    return separate


def _learning_rates(optimiser, total):
    """eta for steps 0..total-1, computed once (vectorised when the schedule allows)."""
    learning_rate_at = getattr(optimiser, "learning_rate_at", None)
    if learning_rate_at is None:
        return np.full(total, math.nan)
    steps = np.arange(total)
    try:
        rates = np.asarray(learning_rate_at(steps), dtype=float)
        if rates.shape != (total,):
            raise ValueError("not one rate per step")
    except Exception:  # a schedule written for one step at a time
        rates = np.array([float(learning_rate_at(k)) for k in range(total)])
    bad = np.flatnonzero(~(np.isfinite(rates) & (rates >= 0)))
    if bad.size:
        k = int(bad[0])
        raise ValueError(f"learning_rate must be finite and >= 0, got {rates[k]} at step {k}")
    return rates
