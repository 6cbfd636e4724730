"""Slide "We need non-zero derivatives": accuracy vs a loss, argmax vs softmax, dead ReLUs.

Gradient descent only moves a weight when the derivative of what it minimises is
non-zero. Accuracy and argmax are piecewise constant (derivative zero almost
everywhere); the cross-entropy and softmax are smooth. A ReLU unit whose input is
negative for every example has a zero derivative for every example: it is "dead".
"""

from __future__ import annotations

import numpy as np

from gdcore._validate import (
    NonFiniteError,
    as_array,
    count,
    finite_number,
    finite_result,
    non_negative,
    positive,
    same_length,
)
from gdcore.activations import sigmoid, softmax
from gdcore.optimisers import SGD
from gdcore.training import MAX_STEPS, descend

# -- data -----------------------------------------------------------------------


def make_classification_data(n=40, seed=0, separation=2.0):
    """Seeded two-class data with two positive-valued features, like raw actuarial inputs.

    Class 0: x ~ N((2, 2), 0.8^2 I); class 1: x ~ N((2 + s, 2 + s), 0.8^2 I) with s =
    ``separation``; n // 2 examples of class 0 first, then the rest of class 1.
    Returns (X of shape (n, 2), y of shape (n,) with 0/1 labels).
    """
    n = count(n, "n", minimum=2, cap=1_000_000)
    s = finite_number(separation, "separation")
    rng = np.random.default_rng(seed)
    n0 = n // 2
    y = np.r_[np.zeros(n0), np.ones(n - n0)]
    X = 2.0 + 0.8 * rng.standard_normal((n, 2)) + s * y[:, None]
    return X, y


# -- logistic regression along one weight ---------------------------------------------


def _logistic_inputs(X, y, params):
    X = as_array(X, "X", ndim=2)
    y = as_array(y, "y", ndim=1)
    same_length(X, "X", y, "y")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("y must hold 0/1 labels")
    params = as_array(params, "params", ndim=1)
    if params.size != X.shape[1] + 1:
        raise ValueError(
            f"params must be [w_1, ..., w_{X.shape[1]}, b] ({X.shape[1] + 1} numbers), got {params.size}"
        )
    return X, y, params


def logistic_loss(X, y, params):
    """Binary cross-entropy of logistic regression, L = -(1/n) sum_i [y_i log y_hat_i + (1 - y_i) log(1 - y_hat_i)].

    y_hat_i = sigma(z_i), z_i = x_i . w + b, params = [w..., b]. Computed as
    (1/n) sum_i [log(1 + e^{z_i}) - y_i z_i], which is the same number without
    overflow (Keras's ``binary_crossentropy`` clips y_hat to [1e-7, 1 - 1e-7], so the
    two agree while |z| < 16).
    """
    X, y, params = _logistic_inputs(X, y, params)
    return _loss(X, y, _z(X, params))


def logistic_loss_gradient(X, y, params):
    """dL/dw_j = (1/n) sum_i (y_hat_i - y_i) x_ij and dL/db = (1/n) sum_i (y_hat_i - y_i)."""
    X, y, params = _logistic_inputs(X, y, params)
    return _loss_gradient(X, y, _z(X, params))


def logistic_accuracy(X, y, params):
    """Accuracy of logistic regression, (1/n) sum_i [ (z_i >= 0) == y_i ] (y_hat_i >= 0.5 iff z_i >= 0)."""
    X, y, params = _logistic_inputs(X, y, params)
    return _accuracy(y, _z(X, params))


# The formulas above without their checks, from z = X w + b: what the descent's steps use.
def _z(X, params):
    return X @ params[:-1] + params[-1]


def _loss(X, y, z):
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def _loss_gradient(X, y, z):
    error = sigmoid(z) - y
    return np.append(X.T @ error, error.sum()) / y.size


def _accuracy(y, z):
    return float(np.mean((z >= 0) == (y == 1)))


def logistic_accuracy_gradient(X, y, params):
    """The gradient of the accuracy: zero, wherever it exists.

    The accuracy is piecewise constant in the parameters: it only changes where some
    z_i crosses 0, and there it jumps (no derivative). Everywhere else each partial
    derivative is exactly 0, so gradient descent on it never moves.
    """
    _, _, params = _logistic_inputs(X, y, params)
    return np.zeros_like(params)


def _slice_index(params, index):
    if isinstance(index, bool) or not isinstance(index, (int, np.integer)):
        raise TypeError(f"index must be an int, got {type(index).__name__}")
    if not 0 <= index < params.size:
        raise ValueError(f"index must be between 0 and {params.size - 1}, got {index}")
    return int(index)


def logistic_slice(X, y, params, index, values):
    """Loss, accuracy and their derivatives as parameter ``index`` runs over ``values``, the others fixed.

    Returns a dict of equal-length arrays: ``value`` (the parameter), ``loss``,
    ``dloss`` (dL/d theta_index, as in ``logistic_loss_gradient``), ``accuracy`` and
    ``daccuracy`` (0 wherever it exists).
    """
    X, y, params = _logistic_inputs(X, y, params)
    index = _slice_index(params, index)
    values = as_array(values, "values", ndim=1)
    column = X[:, index] if index < X.shape[1] else np.ones(X.shape[0])
    rest = X @ params[:-1] + params[-1] - params[index] * column
    z = rest[None, :] + values[:, None] * column[None, :]  # (len(values), n)
    loss = np.mean(np.logaddexp(0.0, z) - y * z, axis=1)
    dloss = (sigmoid(z) - y) @ column / y.size
    acc = np.mean((z >= 0) == (y == 1), axis=1)
    return {"value": values, "loss": loss, "dloss": dloss, "accuracy": acc, "daccuracy": np.zeros_like(acc)}


def accuracy_jumps(X, y, params, index):
    """Where the accuracy jumps as parameter ``index`` varies: theta_index = -r_i / x_i,index.

    With r_i = z_i - theta_index x_i,index (the rest of z_i), example i's prediction
    flips where z_i = 0. Sorted; examples whose x_i,index = 0 never flip.
    """
    X, y, params = _logistic_inputs(X, y, params)
    index = _slice_index(params, index)
    column = X[:, index] if index < X.shape[1] else np.ones(X.shape[0])
    rest = X @ params[:-1] + params[-1] - params[index] * column
    moving = column != 0
    return np.sort(-rest[moving] / column[moving])


class _AlongOneWeight:
    """A *problem* of one parameter: logistic regression's C(theta_index), the other parameters fixed.

    C is the binary cross-entropy (``objective="loss"``) or 1 - accuracy
    (``objective="accuracy"``, whose derivative is 0 wherever it exists).
    """

    def __init__(self, X, y, params, index, objective):
        self.X, self.y, self.params, self.index = X, y, params, index
        self.n_examples = y.size
        self.accuracy = objective == "accuracy"

    def _theta(self, params):
        theta = self.params.copy()
        theta[self.index] = params[0]
        return theta

    def loss(self, params, idx=None):
        """C at theta with theta_index = params[0] (``idx`` is ignored: all the examples)."""
        theta = self._theta(params)
        if self.accuracy:
            return 1.0 - logistic_accuracy(self.X, self.y, theta)
        return logistic_loss(self.X, self.y, theta)

    def gradient(self, params, idx=None):
        """[dC/dtheta_index]."""
        if self.accuracy:
            return np.zeros(1)
        return logistic_loss_gradient(self.X, self.y, self._theta(params))[[self.index]]

    def loss_and_gradient(self, params, idx=None):
        """(C, [dC/dtheta_index]) from one z = X w + b, unchecked: the engine's steps (``NonFiniteError``
        when z is not finite, as the checked forms raise a ValueError)."""
        z = _z(self.X, self._theta(params))
        if not np.isfinite(z).all():
            raise NonFiniteError("params are too large (or not finite): z = X w + b overflows")
        if self.accuracy:
            return 1.0 - _accuracy(self.y, z), np.zeros(1)
        return _loss(self.X, self.y, z), _loss_gradient(self.X, self.y, z)[[self.index]]


def descend_logistic(X, y, params, index, learning_rate, steps, objective="loss"):
    """Gradient descent on parameter ``index`` only, the others fixed: theta <- theta - eta dC/dtheta.

    ``objective`` is "loss" (C = binary cross-entropy) or "accuracy" (C = 1 - accuracy,
    whose derivative is 0, so theta never moves). The steps are those of
    ``descend`` on C as a function of that one parameter. Returns a dict of
    arrays with one entry per iterate (the start included): ``value``, ``loss``,
    ``accuracy``.
    """
    X, y, params = _logistic_inputs(X, y, params)
    index = _slice_index(params, index)
    eta = positive(learning_rate, "learning_rate")
    steps = count(steps, "steps", minimum=0, cap=MAX_STEPS)
    if objective not in ("loss", "accuracy"):
        raise ValueError(f"objective must be 'loss' or 'accuracy', got {objective!r}")
    problem = _AlongOneWeight(X, y, params, index, objective)
    values = descend(problem, params[[index]], SGD(eta), steps).params[:, 0]
    sliced = logistic_slice(X, y, params, index, values)
    return {"value": values, "loss": sliced["loss"], "accuracy": sliced["accuracy"]}


# -- argmax vs softmax ----------------------------------------------------------


def softmax_slice(logits, index, values, cls=None):
    """Class ``cls``'s output as logit ``index`` runs over ``values``, the other logits fixed.

    Returns a dict of arrays: ``value`` (z_index), ``softmax`` (Softmax_cls(z)),
    ``dsoftmax`` (dSoftmax_cls/dz_index = p_cls (1[cls = index] - p_index)),
    ``argmax`` (1 when cls is the argmax of z, else 0; ties go to the first class)
    and ``dargmax`` (0 wherever it exists). ``cls`` defaults to ``index``.
    """
    logits = as_array(logits, "logits", ndim=1)
    if logits.size < 2:
        raise ValueError(f"logits must hold at least 2 numbers, got {logits.size}")
    index = _slice_index(logits, index)
    cls = index if cls is None else _slice_index(logits, cls)
    values = as_array(values, "values", ndim=1)
    Z = np.tile(logits, (values.size, 1))
    Z[:, index] = values
    P = softmax(Z)
    p_cls = P[:, cls]
    derivative = p_cls * ((cls == index) - P[:, index])
    chosen = (np.argmax(Z, axis=1) == cls).astype(float)
    return {
        "value": values,
        "softmax": p_cls,
        "dsoftmax": derivative,
        "argmax": chosen,
        "dargmax": np.zeros_like(chosen),
    }


# -- dead ReLUs -----------------------------------------------------------------

KERAS_LEAKY_RELU_SLOPE = 0.3
"""Default negative slope of ``keras.layers.LeakyReLU`` (Keras 3 ``negative_slope``, Keras 2
``alpha``). The function ``keras.activations.leaky_relu`` defaults to 0.2 and
``torch.nn.LeakyReLU`` to 0.01."""


def leaky_relu(z, alpha=KERAS_LEAKY_RELU_SLOPE):
    """Leaky ReLU, f(z) = z for z >= 0 and alpha z for z < 0, element-wise (alpha >= 0)."""
    z = as_array(z, "z", allow_empty=True)
    alpha = non_negative(alpha, "alpha")
    return np.where(z >= 0, z, alpha * z)


def leaky_relu_derivative(z, alpha=KERAS_LEAKY_RELU_SLOPE):
    """df/dz = 1 for z > 0 and alpha for z < 0 (at z = 0 we take alpha, as Keras's relu takes 0).

    With alpha = 0 this is the ReLU's derivative: 0 for every z <= 0.
    """
    z = as_array(z, "z", allow_empty=True)
    alpha = non_negative(alpha, "alpha")
    return np.where(z > 0, 1.0, alpha)


MAX_FAN = 100_000
"""Largest fan_in or fan_out ``glorot_uniform`` accepts (a count, not a memory size)."""
MAX_WEIGHTS = 10_000_000
"""Largest kernel ``glorot_uniform`` draws: fan_in * fan_out <= 1e7 numbers (80 MB)."""


def glorot_uniform(fan_in, fan_out, rng=None):
    """Keras's default kernel initialiser: W_jk ~ U(-limit, limit), limit = sqrt(6 / (fan_in + fan_out)).

    Returns an array of shape (fan_in, fan_out). ``rng`` is a numpy Generator or a
    seed for ``numpy.random.default_rng`` (None: fresh entropy). Keras's default bias
    initialiser is zeros.
    """
    fan_in = count(fan_in, "fan_in", cap=MAX_FAN)
    fan_out = count(fan_out, "fan_out", cap=MAX_FAN)
    if fan_in * fan_out > MAX_WEIGHTS:
        raise ValueError(
            f"fan_in * fan_out must be at most {MAX_WEIGHTS:,} weights, got {fan_in} * {fan_out} = {fan_in * fan_out:,}"
        )
    if not isinstance(rng, np.random.Generator):
        rng = np.random.default_rng(rng)
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))


def _layer(X, W, b):
    X = as_array(X, "X", ndim=2)
    W = as_array(W, "W", ndim=2)
    b = as_array(b, "b", ndim=(0, 1))
    if W.shape[0] != X.shape[1]:
        raise ValueError(f"W must have {X.shape[1]} rows (one per column of X), got shape {W.shape}")
    if b.ndim == 1 and b.size not in (1, W.shape[1]):
        raise ValueError(f"b must be a scalar or have {W.shape[1]} entries, got shape {b.shape}")
    return X @ W + b


def dead_units(X, W, b):
    """Which units of Dense(k, relu) are dead on X: z_ij = (X W + b)_ij <= 0 for every row i.

    Returns a boolean array of shape (k,). A dead unit outputs relu(z) = 0 for every
    input and its derivative is 0 for every input, so no gradient reaches its weights:
    gradient descent can never revive it.
    """
    return np.all(_layer(X, W, b) <= 0, axis=0)


def active_slopes(X, W, b, alpha=0.0):
    """Each unit's mean activation slope over the rows of X: (1/n) sum_i f'(z_ij).

    f'(z) is 1 for z > 0 and alpha otherwise (alpha = 0: ReLU; alpha > 0: leaky ReLU,
    whose slopes are never below alpha, so its units never die). Shape (k,).
    """
    return leaky_relu_derivative(_layer(X, W, b), alpha).mean(axis=0)


def dead_unit_counts(X, units, seeds):
    """Number of dead units of a freshly initialised Dense(units, relu) on X, one count per seed.

    For each seed s: W = glorot_uniform(p, units, default_rng(s)), b = 0 (Keras's
    defaults), and the count is sum(dead_units(X, W, b)). Returns an int array.
    """
    X = as_array(X, "X", ndim=2)
    units = count(units, "units", cap=MAX_FAN)
    seeds = np.asarray(seeds)
    if seeds.ndim != 1 or seeds.size == 0 or not np.issubdtype(seeds.dtype, np.integer):
        raise ValueError("seeds must be a non-empty 1-D array of integers")
    limit = np.sqrt(6.0 / (X.shape[1] + units))  # glorot_uniform, vectorised over the seeds
    W = np.stack([np.random.default_rng(int(s)).uniform(-limit, limit, (X.shape[1], units)) for s in seeds])
    return np.sum(np.all(np.einsum("np,spk->snk", X, W) <= 0, axis=1), axis=1)


def standardise(X):
    """Columns centred and scaled to unit variance: (x_ij - mean_j) / sd_j (constant columns: centred only)."""
    X = as_array(X, "X", ndim=2)
    with np.errstate(all="ignore"):
        mean = finite_result(X.mean(axis=0), "the values in X")
        sd = finite_result(X.std(axis=0), "the values in X")  # an overflowed sd would give 0s
        Z = (X - mean) / np.where(sd > 0, sd, 1.0)
    return finite_result(Z, "the values in X")
