"""Training: the one place in gdcore where gradient descent steps happen.

Slides "Go over all the training data", "Pick a random training example",
"Take a group of training examples" and "Mini-batch gradient descent".

- :class:`Problem` is what can be trained: ``n_examples``, ``loss(params,
  idx=None)`` and ``gradient(params, idx=None)``. The optional capabilities a
  problem may declare for speed are protocols too (:class:`LossAndGradient`,
  :class:`Reorderable`, :class:`LinearLeastSquares`); the engine asks which
  protocols a problem implements, never which class it is.
- :func:`fit` trains with batch, stochastic or mini-batch gradient descent and
  any optimiser, optionally with a validation set and :class:`EarlyStopping`.
- :func:`descend` is batch gradient descent for a number of steps that keeps,
  on request, the gradient and the optimiser's state of every step: the loop
  behind the optimiser paths, the 1-D descents and the worked iterations.

Both run the same step loop (``_Run._steps``); the only other place that
updates parameters is the declared fast path for plain SGD on a linear
least-squares problem (``_LinearSGD``), which makes the same updates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

from gdcore._validate import MAX_STEPS, NonFiniteError, as_array, count, finite_number, flag, seed
from gdcore.optimisers import Optimiser

__all__ = [
    "EarlyStopping",
    "History",
    "LinearLeastSquares",
    "LossAndGradient",
    "Problem",
    "Reorderable",
    "descend",
    "fit",
]


# -- what can be trained ----------------------------------------------------------


@runtime_checkable
class Problem(Protocol):
    """What ``fit`` and ``descend`` train: a mean loss over examples and its gradient.

    Attributes and methods
    ----------------------
    n_examples : int >= 1
        n, the number of examples.
    loss(params, idx=None) -> float
        Loss_idx(theta) = (1/m) sum_{i in idx} Loss_i(theta), the mean over
        the m examples ``idx`` (an integer index array; all when None).
    gradient(params, idx=None) -> array like params
        dLoss_idx/dtheta, the gradient of that mean.

    ``loss`` and ``gradient`` may check their input and raise; a
    ``NonFiniteError`` (overflow), or any ``ValueError`` for non-finite
    ``params``, counts as a divergence. Optional capabilities, declared by
    implementing one of the protocols below: :class:`LossAndGradient`,
    :class:`Reorderable`, :class:`LinearLeastSquares`.
    """

    n_examples: int

    def loss(self, params, idx=None) -> float: ...

    def gradient(self, params, idx=None) -> np.ndarray: ...


@runtime_checkable
class LossAndGradient(Protocol):
    """Optional: ``loss_and_gradient(params, idx=None) -> (loss, gradient)`` in one pass.

    The engine's hot path: it may skip the input checks that ``loss`` and
    ``gradient`` make (the engine passes float arrays of the right shape),
    but when the loss or the gradient is not finite (overflow, or
    non-finite ``params``) it raises ``NonFiniteError``, which the engine
    records as a divergence.
    """

    def loss_and_gradient(self, params, idx=None) -> tuple[float, np.ndarray]: ...


@runtime_checkable
class Reorderable(Protocol):
    """Optional: ``reordered(order)``, the same problem with its examples in that order.

    The returned problem must accept slices as ``idx``: ``fit`` then shuffles
    by reordering the data once per epoch, and each mini-batch is a slice.
    """

    def reordered(self, order) -> Problem: ...


@runtime_checkable
class LinearLeastSquares(Protocol):
    """Optional: ``least_squares_rows()``, an array B of rows b_i = (a_i, y_i), one per example.

    Declares that Loss_idx(theta) = (1/m) sum_{i in idx} (a_i . theta - y_i)^2
    (linear regression's MSE). ``fit`` then runs plain SGD
    (``optimiser.plain_gradient_step``) as small matrix products: the same
    updates, several times faster.
    """

    def least_squares_rows(self) -> np.ndarray: ...


@runtime_checkable
class _Stepper(Protocol):
    """Anything with ``init(params)`` and ``step(params, grads, state)`` can be an optimiser."""

    def init(self, params): ...

    def step(self, params, grads, state): ...


def check_problem(problem, name="problem") -> int:
    """Return ``problem.n_examples`` if ``problem`` implements :class:`Problem`, else raise naming ``name``."""
    if not isinstance(problem, Problem):
        raise TypeError(f"{name} must have n_examples, loss() and gradient(), got {type(problem).__name__}")
    return count(problem.n_examples, f"{name}.n_examples", cap=2**62)


# -- early stopping ---------------------------------------------------------------------


class EarlyStopping:
    """Stop training when a monitored loss has stopped improving (Keras 3's ``EarlyStopping``).

    At the end of every epoch e = 0, 1, ... (from ``start_from_epoch`` on),
    with ``current`` the monitored loss and ``best`` the lowest seen so far
    (inf at first)::

        wait <- wait + 1
        if current + min_delta < best:        (an improvement; mode "min")
            best, best_epoch, best weights <- current, e, the weights now
            wait <- 0
        elif wait >= patience and e > 0:
            stop after epoch e                (History.stopped_epoch = e)

    With ``restore_best_weights`` the weights of the best epoch are the ones
    training ends with (``History.final_params``, ``History.restored_epoch``),
    whether it stopped early or ran all its epochs, as in Keras 3 (whose
    ``on_train_end`` restores them in both cases); the first monitored epoch's
    weights count as the best until one improves on them. Without it the
    weights are those of the last epoch run.

    Parameters
    ----------
    monitor : "val_loss" or "loss"
        "val_loss": the loss on ``fit``'s ``validation`` problem after the
        epoch. "loss": the training loss as Keras logs it, the mean of the
        epoch's mini-batch losses weighted by batch size.
    patience : int >= 0
        Epochs without improvement before stopping.
    min_delta : float >= 0
        The smallest decrease that counts as an improvement (its sign is
        ignored, as in Keras).
    restore_best_weights : bool
    start_from_epoch : int >= 0
        Epochs to wait before monitoring at all (a warm-up).
    """

    MONITORS = ("val_loss", "loss")

    def __init__(
        self, monitor="val_loss", patience=0, min_delta=0.0, restore_best_weights=False, start_from_epoch=0
    ):
        if monitor not in self.MONITORS:
            raise ValueError(f"monitor must be 'val_loss' or 'loss', got {monitor!r}")
        self.monitor = monitor
        self.patience = count(patience, "patience", minimum=0, cap=MAX_STEPS)
        self.min_delta = abs(finite_number(min_delta, "min_delta"))
        self.restore_best_weights = flag(restore_best_weights, "restore_best_weights")
        self.start_from_epoch = count(start_from_epoch, "start_from_epoch", minimum=0, cap=MAX_STEPS)

    def __repr__(self):
        return (
            f"EarlyStopping(monitor={self.monitor!r}, patience={self.patience}, min_delta={self.min_delta!r}, "
            f"restore_best_weights={self.restore_best_weights}, start_from_epoch={self.start_from_epoch})"
        )


class _Watch:
    """One training run's early-stopping counters (Keras keeps them on the callback)."""

    def __init__(self, rule: EarlyStopping):
        self.rule = rule
        self.wait = 0
        self.best = math.inf
        self.best_epoch = None
        self.best_params = None
        self.stopped_epoch = None

    def epoch_end(self, epoch, current, params) -> bool:
        """Keras's ``on_epoch_end``: True when training must stop after this epoch."""
        rule = self.rule
        if epoch < rule.start_from_epoch:
            return False
        if rule.restore_best_weights and self.best_params is None:
            self.best_params, self.best_epoch = params, epoch
        self.wait += 1
        if current + rule.min_delta < self.best:
            self.best, self.best_epoch, self.wait = current, epoch, 0
            if rule.restore_best_weights:
                self.best_params = params
            return False
        if self.wait >= rule.patience and epoch > 0:
            self.stopped_epoch = epoch
            return True
        return False


# -- the record of a run ----------------------------------------------------------------


@dataclass(eq=False)
class History:
    """Everything a run saw, as numpy arrays (k counts the steps from 0).

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
    val_loss : array (epochs done + 1,) or None
        The loss on the ``validation`` problem at the start and after each
        epoch (None without one).
    stopped_epoch : int or None
        The epoch (from 0) after which early stopping ended training (the
        last epoch run, as Keras counts it); None otherwise.
    best_epoch : int or None
        The epoch with the best monitored loss (early stopping only).
    restored_epoch : int or None
        The epoch whose weights ``final_params`` are, when early stopping
        restored the best weights; None when they are the last ones.
    final_params : array (n_params,)
        The weights training ends with: ``params[-1]``, or the restored ones.
    gradient : array (n_steps, n_params) or None
        g_k, the gradient step k used (``descend(..., record=True)`` only).
    state : dict of arrays or None
        The optimiser's state after k steps, k = 0..n_steps: ``"step"`` and
        each named array stacked along a first axis (``record=True`` only).
    rejected_params : array or None
        The parameters of the step that ended the run without being kept:
        non-finite ones (then ``diverged_at`` is that step), or, with
        ``descend(..., within=...)``, the first ones outside (then
        ``diverged_at`` is None and the run is shorter than asked).
    """

    params: np.ndarray
    step_loss: np.ndarray
    epoch_loss: np.ndarray
    learning_rate: np.ndarray
    epoch: np.ndarray
    diverged_at: int | None = None
    val_loss: np.ndarray | None = None
    stopped_epoch: int | None = None
    best_epoch: int | None = None
    restored_epoch: int | None = None
    final_params: np.ndarray | None = None
    gradient: np.ndarray | None = None
    state: dict | None = None
    rejected_params: np.ndarray | None = None

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
        if self.final_params is None:
            self.final_params = self.params[-1]

    @property
    def n_steps(self) -> int:
        """The number of steps taken."""
        return len(self.step_loss)


# -- the engine -------------------------------------------------------------------------


def fit(
    problem,
    params0,
    optimiser,
    *,
    batch_size=None,
    epochs=1,
    seed=0,
    shuffle=True,
    validation=None,
    early_stopping=None,
) -> History:
    """Train ``problem`` from ``params0`` with ``optimiser``; return the :class:`History`.

    The lecture's three loops, with ``optimiser`` in place of the plain update
    ``weights = weights - learningRate * gradient`` (theta <- theta - eta dL/dtheta):

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
    epoch may be smaller, as in Keras)::

        for i in range(numEpochs):
            rnd.shuffle(data)
            for b in range(numBatches):
                batch = data[b * batchSize : (b + 1) * batchSize]
                gradient = evaluate_gradient(loss_function, batch, weights)
                weights = weights - learningRate * gradient

    So an epoch has ceil(n / batch_size) steps (one for batch gradient
    descent). With ``shuffle`` the data are shuffled at the start of every
    epoch by ``numpy.random.default_rng(seed)``: the same seed gives the same
    History. Batch gradient descent does not shuffle.

    Parameters
    ----------
    problem : a :class:`Problem`
        ``n_examples``, ``loss(params, idx=None)``, ``gradient(params, idx=None)``
        (e.g. :class:`LinearRegression`), with any of the optional
        capabilities (:class:`LossAndGradient`, :class:`Reorderable`,
        :class:`LinearLeastSquares`).
    params0 : 1-D array
        theta_0, the starting parameters (checked once, by ``problem.loss``).
    optimiser : SGD, Adagrad, RMSprop, Adam (or anything with ``init``/``step``)
    batch_size : int >= 1 or None
    epochs : int >= 1
    seed : int >= 0
    shuffle : bool
    validation : a :class:`Problem` or None
        Held-out data with the same parameters: its loss on all its examples
        is recorded at the start and after each epoch (``History.val_loss``).
    early_stopping : :class:`EarlyStopping` or None

    Returns
    -------
    History

    Training stops at the first step whose loss or new parameters are not
    finite (see ``History.diverged_at``); no floating-point warnings escape.
    Everything is checked here, once; the steps run without checks (the
    optimiser's ``apply``, the problem's ``loss_and_gradient`` if it has one).
    """
    epochs = count(epochs, "epochs", minimum=1, cap=MAX_STEPS)
    if batch_size is not None:
        batch_size = count(batch_size, "batch_size", cap=2**62)
    return _train(problem, params0, optimiser, batch_size, epochs, seed, shuffle, validation, early_stopping)


def descend(problem, params0, optimiser, steps, *, record=False, within=None) -> History:
    """Batch gradient descent for ``steps`` steps: the loop of ``fit(..., epochs=steps)``.

    ::

        state = optimiser.init(theta_0)
        for k in range(steps):
            g_k = dLoss_{1:n}/dtheta at theta_k
            theta_{k+1}, state = optimiser.apply(theta_k, g_k, state, eta_k)

    for a :class:`Problem` of any size (each step uses all its examples). It
    is ``fit(problem, params0, optimiser, epochs=steps)`` (the same History),
    with two options for the pages that look inside a run.

    Parameters
    ----------
    problem : a :class:`Problem`
    params0 : 1-D array, theta_0.
    optimiser : SGD, Adagrad, RMSprop, Adam (or anything with ``init``/``step``)
    steps : int, 0 <= steps <= MAX_STEPS
    record : bool
        Keep each step's gradient (``History.gradient``) and the optimiser's
        state after every step (``History.state``).
    within : callable or None
        ``within(theta) -> bool``: the run stops at the first step whose new
        parameters are outside; they are not kept but given as
        ``History.rejected_params``.

    Returns
    -------
    History
    """
    steps = count(steps, "steps", minimum=0, cap=MAX_STEPS)
    record = flag(record, "record")
    if within is not None and not callable(within):
        raise TypeError(f"within must be a function of the parameters, got {type(within).__name__}")
    return _train(problem, params0, optimiser, None, steps, 0, True, None, None, record, within)


def _train(
    problem,
    params0,
    optimiser,
    batch_size,
    epochs,
    seed_value,
    shuffle,
    validation,
    early_stopping,
    record=False,
    within=None,
):
    """Check everything once, then run the epochs (``fit`` and ``descend`` share this)."""
    n = check_problem(problem)
    params0 = as_array(params0, "params0", ndim=1)
    seed_value = seed(seed_value)
    shuffle = flag(shuffle, "shuffle")
    optimiser = _as_optimiser(optimiser)
    if validation is not None:
        check_problem(validation, "validation")
    if early_stopping is not None:
        if not isinstance(early_stopping, EarlyStopping):
            raise TypeError(f"early_stopping must be an EarlyStopping, got {type(early_stopping).__name__}")
        if early_stopping.monitor == "val_loss" and validation is None:
            raise ValueError(
                "early_stopping monitors 'val_loss': pass a validation problem (or monitor='loss')"
            )
    with np.errstate(all="ignore"):
        _check_params0(problem, params0, "problem")
        if validation is not None:
            _check_params0(validation, params0, "validation")
    full_batch = batch_size is None or batch_size >= n
    steps_per_epoch = 1 if full_batch else -(-n // batch_size)
    if epochs * steps_per_epoch > MAX_STEPS:
        raise ValueError(f"epochs must make at most {MAX_STEPS:,} steps, got {epochs * steps_per_epoch:,}")
    run = _Run(problem, params0, optimiser, epochs, steps_per_epoch, record, within)
    run.validation = None if validation is None else _full_loss(validation)
    run.watch = None if early_stopping is None else _Watch(early_stopping)
    with np.errstate(all="ignore"):
        if full_batch:
            run.full_batch()
        else:
            run.mini_batch(n, batch_size, shuffle, np.random.default_rng(seed_value))
    return run.history()


def _check_params0(problem, params0, name):
    """Let the problem's own checked ``loss`` judge ``params0`` once (a shape that does not fit it)."""
    try:
        problem.loss(params0)
    except NonFiniteError:
        pass  # an overflow at the start is a divergence at step 0, recorded by the run
    except (ValueError, TypeError) as error:
        raise type(error)(f"params0 does not suit the {name}: {error}") from None


class _StepOnly:
    """An optimiser with only ``init`` and ``step``, as the engine uses optimisers."""

    plain_gradient_step = False

    def __init__(self, optimiser):
        self.init = optimiser.init
        self.step = optimiser.step

    def apply(self, params, grads, state, learning_rate):
        return self.step(params, grads, state)

    @staticmethod
    def learning_rates(n_steps):
        return np.full(n_steps, math.nan)  # it cannot say


def _as_optimiser(optimiser):
    if isinstance(optimiser, Optimiser):
        return optimiser
    if isinstance(optimiser, _Stepper):
        return _StepOnly(optimiser)
    raise TypeError(f"optimiser must have init() and step(), got {type(optimiser).__name__}")


def _evaluator(problem):
    """(loss, gradient) at (params, idx), never raising for a divergence: a NaN loss instead.

    ``problem.loss_and_gradient`` if it declares one; else its ``loss`` and
    ``gradient``, where an overflow (``NonFiniteError``) or a ``ValueError``
    for non-finite parameters is a NaN loss.
    """
    if isinstance(problem, LossAndGradient):
        return problem.loss_and_gradient
    loss, gradient = problem.loss, problem.gradient

    def separate(params, idx):
        try:
            return loss(params, idx), gradient(params, idx)
        except ValueError as error:
            if isinstance(error, NonFiniteError) or not np.isfinite(params).all():
                return math.nan, None
            raise

    return separate


def _full_loss(problem):
    """Loss_{1:n}(params) on all of ``problem``'s examples; NaN, not an error, when it breaks down.

    The problem's ``loss``, not its fused ``loss_and_gradient``: at an epoch's end (and on the
    validation data) no gradient is needed, and for a network it would cost a backward pass.
    """
    loss = problem.loss

    def checked(params):
        try:
            return loss(params)
        except ValueError as error:
            if isinstance(error, NonFiniteError) or not np.isfinite(params).all():
                return math.nan
            raise

    return checked


class _Remembered:
    """An evaluator that remembers its last full-data answer.

    In batch gradient descent the loss after an epoch (full data) is also the
    loss before the next step: it is computed once.
    """

    def __init__(self, evaluate):
        self.evaluate = evaluate
        self.params = self.value = None

    def __call__(self, params, idx):
        if idx is None:
            if params is not self.params:
                self.params, self.value = None, self.evaluate(params, None)
                self.params = params
            return self.value
        return self.evaluate(params, idx)


class _Run:
    """The arrays of one training run and the loop that fills them."""

    def __init__(self, problem, params0, optimiser, epochs, steps_per_epoch, record, within):
        total = epochs * steps_per_epoch
        self.problem = problem
        self.params0 = params0
        self.optimiser = optimiser
        self.apply = optimiser.apply
        self.learning_rates = optimiser.learning_rates(total)
        self.learning_rate_list = self.learning_rates.tolist()
        self.epochs, self.steps_per_epoch = epochs, steps_per_epoch
        self.P = np.empty((total + 1, params0.size))
        self.P[0] = params0
        self.L = np.empty(total)
        self.E = np.empty(total, dtype=np.int64)
        self.epoch_loss = np.empty(epochs + 1)
        self.val_loss = np.empty(epochs + 1)
        self.G = np.empty((total, params0.size)) if record else None
        self.states = [] if record else None
        self.within = within
        self.validation = self.watch = None
        self.steps = 0  # steps taken
        self.epoch_losses = 0  # entries of epoch_loss (and val_loss) filled
        self.diverged_at = self.stopped_epoch = self.rejected = None

    # -- the one step loop -----------------------------------------------------------
    def _steps(self, evaluate, batches, params, state, k):
        """For each batch: loss and g at params, then one optimiser update. Returns (params, state, k).

        Stops before the step at a non-finite loss, and after a step whose new
        parameters leave ``within``. Non-finite parameters are found per
        epoch, all rows at once (``_epoch_end``).
        """
        apply, P, L, G, states, within = self.apply, self.P, self.L, self.G, self.states, self.within
        learning_rates, isfinite = self.learning_rate_list, math.isfinite
        for idx in batches:
            try:
                loss, grad = evaluate(params, idx)
            except NonFiniteError:
                break
            if not isfinite(loss):
                break
            new, state = apply(params, grad, state, learning_rates[k])
            if within is not None and not within(new):
                self.rejected = new
                break
            params = P[k + 1] = new
            L[k] = loss
            if G is not None:
                G[k] = grad
                states.append(state)
            k += 1
        return params, state, k

    def _epoch_end(self, e, first, k, full_loss, params):
        """Bookkeeping after epoch e (steps first..k-1); False when training must stop."""
        self.E[first:k] = e
        self.steps = k
        rows = self.P[first + 1 : k + 1]
        if not np.isfinite(rows).all():
            bad = int(np.flatnonzero(~np.isfinite(rows).all(axis=1))[0])
            self.diverged_at = self.steps = first + bad
            self.rejected = rows[bad].copy()
            return False
        if self.rejected is not None:  # left ``within``
            return False
        if k - first < self.steps_per_epoch:  # a non-finite mini-batch loss ended the epoch
            self.diverged_at = k
            return False
        loss = full_loss(params)
        if not math.isfinite(loss):
            self.diverged_at = k
            return False
        self.epoch_loss[e + 1] = loss
        if self.validation is not None:
            self.val_loss[e + 1] = self.validation(params)
        self.epoch_losses = e + 2
        if self.watch is None:
            return True
        if self.watch.rule.monitor == "val_loss":
            current = self.val_loss[e + 1]
        else:  # Keras's "loss": the epoch's mini-batch losses, weighted by batch size
            current = float(self.L[first:k].dot(self.batch_sizes[: k - first])) / self.batch_sizes.sum()
        if self.watch.epoch_end(e, current, params):
            self.stopped_epoch = e
            return False
        return True

    def _start(self, loss):
        """Record the loss at theta_0; False when it is not finite (a divergence at step 0)."""
        if not math.isfinite(loss):
            self.diverged_at = 0
            return False
        self.epoch_loss[0] = loss
        if self.validation is not None:
            self.val_loss[0] = self.validation(self.params0)
        self.epoch_losses = 1
        return True

    def full_batch(self):
        """One step per epoch on all the data (``idx=None``)."""
        evaluate = _Remembered(_evaluator(self.problem))
        self.batch_sizes = np.array([float(self.problem.n_examples)])
        params = self.params0
        state = self.optimiser.init(params)
        if self.states is not None:
            self.states.append(state)

        def full_loss(theta):  # remembered for the next step
            try:
                return evaluate(theta, None)[0]
            except NonFiniteError:
                return math.nan

        if not self._start(full_loss(params)):
            return
        one_batch = (None,)
        k = 0
        for e in range(self.epochs):
            first = k
            params, state, k = self._steps(evaluate, one_batch, params, state, k)
            if not self._epoch_end(e, first, k, full_loss, params):
                return

    def mini_batch(self, n, batch_size, shuffle, rng):
        """ceil(n / batch_size) steps per epoch over contiguous batches of the (shuffled) data."""
        problem = self.problem
        starts = range(0, n, batch_size)
        self.batch_sizes = np.minimum(batch_size, n - np.array(starts, dtype=float))
        slices = [slice(start, start + batch_size) for start in starts]
        reorderable = isinstance(problem, Reorderable)
        fast = None
        if _plain_sgd_on_least_squares(problem, self.optimiser) and self.G is None and self.within is None:
            fast = _LinearSGD(problem, batch_size, self)
        params = self.params0
        state = self.optimiser.init(params)
        if self.states is not None:
            self.states.append(state)
        full_loss, evaluate = _full_loss(problem), _evaluator(problem)
        if not self._start(full_loss(params)):
            return
        k = 0
        for e in range(self.epochs):
            first = k
            if fast is not None:
                order = rng.permutation(n) if shuffle else None
                params, k, loss = fast.epoch(order, params, k)
                epoch_loss = lambda _theta, loss=loss: loss  # noqa: E731 - the fast path computed it
            else:
                if reorderable:
                    # Shuffle once per epoch and reorder the data once, so that
                    # every batch is a contiguous slice (a view, no copy).
                    data = problem.reordered(rng.permutation(n)) if shuffle else problem
                    batches = slices
                    params, state, k = self._steps(_evaluator(data), batches, params, state, k)
                    epoch_loss = _full_loss(data)
                else:
                    order = rng.permutation(n) if shuffle else np.arange(n)
                    batches = [order[start : start + batch_size] for start in starts]
                    params, state, k = self._steps(evaluate, batches, params, state, k)
                    epoch_loss = full_loss
            if not self._epoch_end(e, first, k, epoch_loss, params):
                return

    def history(self):
        k, e = self.steps, self.epoch_losses
        params = self.P[: k + 1]
        final, restored, best = params[-1], None, None
        watch = self.watch
        if watch is not None:
            best = watch.best_epoch
            if watch.rule.restore_best_weights and watch.best_params is not None:
                final, restored = watch.best_params, watch.best_epoch
        state = None
        if self.states is not None:
            states = self.states[: k + 1]
            state = {"step": np.array([s["step"] for s in states])}
            for name in states[0]:
                if name != "step":
                    state[name] = np.array([s[name] for s in states], dtype=float)
        return History(
            params=params,
            step_loss=self.L[:k],
            epoch_loss=self.epoch_loss[:e],
            learning_rate=self.learning_rates[:k],
            epoch=self.E[:k],
            diverged_at=self.diverged_at,
            val_loss=None if self.validation is None else self.val_loss[:e],
            stopped_epoch=self.stopped_epoch,
            best_epoch=best,
            restored_epoch=restored,
            final_params=final,
            gradient=None if self.G is None else self.G[:k],
            state=state,
            rejected_params=self.rejected,
        )


# -- the declared fast path -----------------------------------------------------------


class _LinearSGD:
    """Fast path of ``fit``: plain SGD on a :class:`LinearLeastSquares` problem (the lecture's case).

    It makes the same updates as the general loop, up to rounding. For a batch
    of m examples with rows a_i and targets y_i, the MSE gradient is
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
        self.data = data = problem.least_squares_rows()  # rows b_i = (a_i, y_i)
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
        Like ``_Run._steps`` it stops early at a non-finite mini-batch loss
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
            count_ = min(_CHUNK, self.n_batches - lo)
            B = buffer[lo * batch_size : (lo + count_) * batch_size].reshape(count_, batch_size, p + 1)
            S = np.matmul(B.transpose(0, 2, 1), B)
            s = self.rates[k : k + count_] * self.two_over_m[lo : lo + count_]
            M = np.empty_like(S)
            np.multiply(S[:, :p, :], -s[:, None, None], out=M[:, :p, :])
            M[:, :p, :] += self.top
            M[:, p, :] = self.bottom
            path = np.empty((count_ + 1, p + 1))
            path[0, :p] = params
            path[0, p] = -1.0
            rows = list(path)  # the row views, made once; ndarray.dot is the cheapest small product
            for M_b, before, after in zip(list(M), rows[:-1], rows[1:], strict=True):
                M_b.dot(before, out=after)
            P[k + 1 : k + 1 + count_] = path[1:, :p]
            residual = np.matmul(B, path[:-1, :, None])[:, :, 0]
            losses = np.einsum("ij,ij->i", residual, residual) / self.sizes[lo : lo + count_]
            L[k : k + count_] = losses
            finite = np.isfinite(losses)
            if not finite.all():
                k += int(np.flatnonzero(~finite)[0])
                return P[k], k, math.nan
            k += count_
            params = P[k]
        residual = buffer[:n].dot(np.append(params, -1.0))
        return params, k, float(residual.dot(residual)) / n


_CHUNK = 256  # batches whose matrices the fast path holds at once


def _plain_sgd_on_least_squares(problem, optimiser):
    """Whether ``fit`` may take its fast path, ``_LinearSGD``: both declared it, and it is small."""
    return (
        isinstance(problem, LinearLeastSquares)
        and optimiser.plain_gradient_step
        and problem.least_squares_rows().shape[1] <= 65
    )
