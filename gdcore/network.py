"""A multilayer perceptron in matrix form, trained by backpropagation and the one engine, ``fit``.

The slides "Dense layers in matrices" stacked: for layers l = 1, ..., L,

    Z_l = A_{l-1} W_l + b_l,    A_l = g_l(Z_l),    A_0 = X,    Y_hat = A_L,

and the chain rule taken backwards through them ("Loss and derivatives"), layer by layer.
"""

from __future__ import annotations

import re

import numpy as np

from gdcore._validate import as_array, count, finite_number, finite_result
from gdcore.layers import binary_labels
from gdcore.nonzero import glorot_uniform
from gdcore.training import History

ACTIVATIONS = ("relu", "leaky_relu", "tanh", "sigmoid", "linear")
"""Hidden-layer activations, by their Keras names (``Dense(units, activation=...)``)."""
OUTPUTS = {"sigmoid": "binary_crossentropy", "softmax": "categorical_crossentropy", "linear": "mse"}
"""Output activation -> the loss it is trained with (Keras's names)."""
LEAKY_SLOPE = 0.2
"""The negative slope of ``activation="leaky_relu"`` (``keras.activations.leaky_relu``'s default;
the layer ``keras.layers.LeakyReLU`` defaults to 0.3)."""
MAX_UNITS = 1_000
MAX_LAYERS = 20
MAX_CLASSES = 100
MAX_SEED = 2**63 - 1

_FLOAT64 = np.dtype(np.float64)


def parse_layers(text, max_layers=4, max_units=8) -> tuple[int, ...]:
    """Hidden layer sizes typed by a student, e.g. "4, 4" or "8 8 2", as a tuple of ints.

    Separators are commas, semicolons or spaces; an empty text means no hidden layer.
    Raises ValueError naming the bad entry when one is not a whole number between 1 and
    ``max_units``, or when there are more than ``max_layers`` layers.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    max_layers = count(max_layers, "max_layers", minimum=0, cap=MAX_LAYERS)
    max_units = count(max_units, "max_units", cap=MAX_UNITS)
    sizes = []
    for token in re.split(r"[,;\s]+", text.strip()):
        if not token:
            continue
        if not re.fullmatch(r"\d{1,6}", token) or not 1 <= int(token) <= max_units:
            raise ValueError(f"text: {token!r} is not a number of units between 1 and {max_units}")
        sizes.append(int(token))
    if len(sizes) > max_layers:
        raise ValueError(f"text: at most {max_layers} hidden layers, got {len(sizes)}")
    return tuple(sizes)


# -- activations and their derivatives, unchecked (called at every step) --------------


def _sigmoid(z):
    # The formula of gdcore.sigmoid, so that a one-neuron network gives its very numbers.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _activate(name, Z):
    """A = g(Z) for a hidden activation ``name``."""
    if name == "relu":
        return np.maximum(Z, 0.0)
    if name == "tanh":
        return np.tanh(Z)
    if name == "sigmoid":
        return _sigmoid(Z)
    if name == "leaky_relu":
        return np.maximum(Z, LEAKY_SLOPE * Z)
    return Z


def _times_slope(name, dA, Z, A):
    """dZ = dA * g'(Z), in place in dA (g' from Z and A = g(Z))."""
    if name == "relu":
        dA *= Z > 0
    elif name == "tanh":
        slope = A * A
        np.subtract(1.0, slope, out=slope)
        dA *= slope
    elif name == "sigmoid":
        dA *= A * (1.0 - A)
    elif name == "leaky_relu":
        dA *= np.where(Z > 0, 1.0, LEAKY_SLOPE)
    return dA


def _slope(name, Z, A):
    """g'(Z) from Z and A = g(Z)."""
    return _times_slope(name, np.ones_like(Z), Z, A)


class Network:
    """A *problem* for :func:`gdcore.fit`: a dense network on the examples (X, y).

    Layer by layer (the forward pass), with A_0 = X of shape (n, p)::

        Z_l = A_{l-1} W_l + b_l,     A_l = g_l(Z_l),     Y_hat = A_L

    Hidden layers use ``activation`` (relu, leaky_relu, tanh, sigmoid or linear, one for all
    or one per layer); the output layer and its loss are

    - ``"sigmoid"``, one unit: y_hat = sigma(z), binary cross-entropy
      L = -(1/n) sum_i [y_i log y_hat_i + (1 - y_i) log(1 - y_hat_i)],
      computed as (1/n) sum_i [log(1 + e^{z_i}) - y_i z_i];
    - ``"softmax"``, k units: y_hat_ij = exp(z_ij) / sum_c exp(z_ic), categorical
      cross-entropy L = -(1/n) sum_i log y_hat_{i, y_i}, computed as
      (1/n) sum_i [log sum_c exp(z_ic) - z_{i, y_i}];
    - ``"linear"``, one unit: y_hat = z, mean squared error L = (1/n) sum_i (y_hat_i - y_i)^2.

    The two cross-entropies are written with the logits z, as Keras computes them when the
    output layer is a sigmoid or softmax: the same numbers as ``gdcore.binary_crossentropy``
    while the probabilities are inside its clipping range [1e-7, 1 - 1e-7], and finite
    beyond it. With ``l2`` = lambda > 0 the loss adds lambda sum_l sum_jk W_l,jk^2 (Keras's
    ``kernel_regularizer=L2(lambda)`` on every layer; biases are not penalised).

    Backpropagation (the chain rule, from the output back to the input), for the m
    examples of a batch::

        dZ_L = Y_hat - Y                (Y one-hot for softmax; 2 (Y_hat - Y) for the MSE)
        dW_l = A_{l-1}^T dZ_l / m + 2 lambda W_l
        db_l = (sum over the rows of dZ_l) / m
        dA_{l-1} = dZ_l W_l^T
        dZ_{l-1} = dA_{l-1} * g'(Z_{l-1})          (element-wise)

    (The code divides dZ_L by m once, which carries the 1/m into every dW_l and db_l.)

    The parameters are one flat array theta = [W_1 (row by row), b_1, W_2, b_2, ...], the
    order of Keras's ``model.get_weights()``, so that the optimisers work on it as on any
    problem.

    Parameters
    ----------
    X : array (n, p)
        The inputs (features), one row per example.
    y : array (n,)
        0/1 labels (sigmoid output), labels 0, ..., k - 1 (softmax) or real targets (linear).
    hidden : sequence of int
        Units per hidden layer (empty: no hidden layer, a logistic or softmax regression).
    activation : str or sequence of str
        The hidden layers' activation, one for all or one per hidden layer.
    output : "sigmoid", "softmax" or "linear"
    l2 : float >= 0
        lambda, the L2 penalty on the weights.
    n_classes : int or None
        Softmax only: k (default: the largest label + 1).
    """

    def __init__(self, X, y, hidden=(), activation="relu", output="sigmoid", l2=0.0, n_classes=None):
        X = as_array(X, "X", ndim=2)
        if output not in OUTPUTS:
            raise ValueError(f"output must be one of {', '.join(OUTPUTS)}, got {output!r}")
        if isinstance(hidden, (str, bytes)) or not hasattr(hidden, "__len__"):
            raise TypeError(f"hidden must be a sequence of layer sizes, got {hidden!r}")
        if len(hidden) > MAX_LAYERS:
            raise ValueError(f"hidden must have at most {MAX_LAYERS} layers, got {len(hidden)}")
        hidden = tuple(count(units, "hidden", cap=MAX_UNITS) for units in hidden)
        activations = (activation,) * len(hidden) if isinstance(activation, str) else tuple(activation)
        if len(activations) != len(hidden):
            raise ValueError(
                f"activation must be one name or one per hidden layer ({len(hidden)}), got {len(activations)}"
            )
        for name in activations:
            if name not in ACTIVATIONS:
                raise ValueError(f"activation must be one of {', '.join(ACTIVATIONS)}, got {name!r}")
        self.l2 = finite_number(l2, "l2")
        if self.l2 < 0:
            raise ValueError(f"l2 must be >= 0, got {self.l2}")
        self.output, self.hidden, self.activations = output, hidden, activations
        self.loss_name = OUTPUTS[output]
        self.X = np.ascontiguousarray(X)
        self.y, self.T, self.n_outputs = self._targets(y, n_classes)
        self.n_examples, self.n_inputs = X.shape
        if len(self.y) != self.n_examples:
            raise ValueError(f"X and y must have the same length, got {self.n_examples} and {len(self.y)}")
        self.layer_sizes = (self.n_inputs, *hidden, self.n_outputs)
        self._layers = []  # (W start, W end = b start, b end, W shape, activation)
        start = 0
        for i, (fan_in, fan_out) in enumerate(zip(self.layer_sizes[:-1], self.layer_sizes[1:], strict=True)):
            end = start + fan_in * fan_out
            name = activations[i] if i < len(hidden) else output
            self._layers.append((start, end, end + fan_out, (fan_in, fan_out), name))
            start = end + fan_out
        self.n_params = start

    def _targets(self, y, n_classes):
        """(y as given, the target matrix Y the loss compares Y_hat with, output units)."""
        if self.output == "sigmoid":
            y = binary_labels(y)
            return y, y[:, None].copy(), 1
        y = as_array(y, "y", ndim=1)
        if self.output == "linear":
            return y, y[:, None].copy(), 1
        if not np.all((y >= 0) & (y == np.round(y))):
            raise ValueError("y must hold class labels 0, 1, ..., k - 1 for a softmax output")
        largest = int(y.max()) + 1
        k = (
            max(largest, 2)
            if n_classes is None
            else count(n_classes, "n_classes", minimum=2, cap=MAX_CLASSES)
        )
        if largest > k:
            raise ValueError(f"y must hold labels below n_classes = {k}, got {largest - 1:g}")
        if k > MAX_CLASSES:
            raise ValueError(f"y must hold at most {MAX_CLASSES} classes, got labels up to {largest - 1}")
        return y, np.eye(k)[y.astype(int)], k

    # -- parameters -------------------------------------------------------------------

    def init_params(self, seed=0):
        """theta_0 as Keras initialises a Dense layer: W_l Glorot-uniform, b_l = 0.

        W_l ~ U(-limit, limit) with limit = sqrt(6 / (fan_in + fan_out)), drawn layer by
        layer from one ``numpy.random.default_rng(seed)``.
        """
        rng = np.random.default_rng(count(seed, "seed", minimum=0, cap=MAX_SEED))
        params = np.zeros(self.n_params)
        for start, end, _, (fan_in, fan_out), _ in self._layers:
            params[start:end] = glorot_uniform(fan_in, fan_out, rng).ravel()
        return params

    def _theta(self, params, rows=False):
        """``params`` checked: one theta (n_params,), or with ``rows`` also thetas as rows (r, n_params)."""
        params = as_array(params, "params", ndim=(1, 2) if rows else 1)
        if params.shape[-1] != self.n_params:
            raise ValueError(
                f"params must have {self.n_params} entries for layers {self.layer_sizes}, "
                f"got {params.shape[-1]}"
            )
        return params

    def unflatten(self, params):
        """The list of (W_l, b_l) in ``params``, layer by layer (copies)."""
        params = self._theta(params)
        return [
            (params[start:end].reshape(shape).copy(), params[end:stop].copy())
            for start, end, stop, shape, _ in self._layers
        ]

    # -- forward and backward -----------------------------------------------------------

    def _forward(self, params, X):
        """[(A_0, None), (Z_1, A_1), ..., (Z_L, A_L)] (A_L is Z_L itself before the output activation).

        For thetas as rows (r, n_params), r forward passes at once: each Z_l and A_l gets a
        leading axis of length r (``A_{l-1} W_l`` as a stack of r matrix products).
        """
        passes = [(None, X)]
        A = X
        last = len(self._layers) - 1
        rows = params.ndim == 2
        for i, (start, end, stop, shape, name) in enumerate(self._layers):
            if rows:
                Z = np.matmul(A, params[:, start:end].reshape(len(params), *shape))
                Z += params[:, None, end:stop]
            else:
                Z = A.dot(params[start:end].reshape(shape))
                Z += params[end:stop]
            A = Z if i == last else _activate(name, Z)
            passes.append((Z, A))
        return passes

    def _data_loss(self, Z, T):
        """The mean data loss for the logits Z_L (m, k) of m examples with targets T, or one
        loss per row for a stack of logits (r, m, k) (``_output_loss``'s loss, without dZ)."""
        m = Z.shape[-2]
        reduce = np.add.reduce
        if self.output == "sigmoid":
            z = Z[..., 0]
            return reduce(np.logaddexp(0.0, z) - z * T[:, 0], axis=-1) / m
        if self.output == "softmax":
            shifted = Z - Z.max(axis=-1, keepdims=True)
            log_p = shifted - np.log(reduce(np.exp(shifted), axis=-1, keepdims=True))
            return -reduce((log_p * T).reshape(*Z.shape[:-2], -1), axis=-1) / m
        residual = Z[..., 0] - T[:, 0]
        return reduce(residual * residual, axis=-1) / m

    def _output_loss(self, Z, T):
        """(mean data loss, dL/dZ_L) for the logits Z_L of m examples with targets T.

        dL/dZ_L = (Y_hat - Y) / m for both cross-entropies, 2 (Y_hat - Y) / m for the MSE.
        """
        m = Z.shape[0]
        reduce = np.add.reduce
        if self.output == "sigmoid":
            z = Z[:, 0]
            loss = float(reduce(np.logaddexp(0.0, z)) - T[:, 0].dot(z)) / m
            # sigma(z) = (1 + tanh(z / 2)) / 2: fewer operations than gdcore.sigmoid's form, and as
            # exact for a gradient (its absolute error is below 1e-16).
            dZ = np.tanh(Z * 0.5)
            dZ *= 0.5
            dZ += 0.5
        elif self.output == "softmax":
            shifted = Z - Z.max(axis=1, keepdims=True)
            log_p = shifted - np.log(reduce(np.exp(shifted), axis=1, keepdims=True))
            loss = -float(reduce(log_p * T, axis=None)) / m
            dZ = np.exp(log_p)
        else:
            residual = Z[:, 0] - T[:, 0]
            loss = float(residual.dot(residual)) / m
            dZ = Z * 2.0
            T = 2.0 * T
        dZ -= T
        dZ *= 1.0 / m
        return loss, dZ

    def _penalty(self, params):
        if self.l2 == 0:
            return 0.0
        return self.l2 * sum(
            float(params[start:end].dot(params[start:end])) for start, end, *_ in self._layers
        )

    def loss_and_gradient(self, params, idx=None):
        """``(loss(params, idx), gradient(params, idx))`` from one forward and one backward pass.

        ``fit`` calls this at every step, so it checks only the shape of ``params``:
        non-finite parameters give a non-finite loss (how ``fit`` notices divergence),
        not an error. ``idx`` may be None (all examples), a slice or an index array.
        """
        if not (type(params) is np.ndarray and params.dtype is _FLOAT64 and params.shape == (self.n_params,)):
            params = np.asarray(params, dtype=float)
            if params.shape != (self.n_params,):
                raise ValueError(f"params must have shape ({self.n_params},), got shape {params.shape}")
        if idx is None:
            X, T = self.X, self.T
        else:
            X, T = self.X[idx], self.T[idx]
        passes = self._forward(params, X)
        loss, dZ = self._output_loss(passes[-1][0], T)  # dZ_L, already divided by m
        grad = np.empty(self.n_params)
        layers = self._layers
        for i in range(len(layers) - 1, -1, -1):
            start, end, stop, shape, _ = layers[i]
            passes[i][1].T.dot(dZ, out=grad[start:end].reshape(shape))  # dW_l = A_{l-1}^T dZ_l
            np.add.reduce(dZ, axis=0, out=grad[end:stop])  # db_l
            if i:
                dA = dZ.dot(params[start:end].reshape(shape).T)  # dA_{l-1} = dZ_l W_l^T
                dZ = _times_slope(layers[i - 1][4], dA, *passes[i])  # dZ_{l-1} = dA_{l-1} * g'(Z_{l-1})
        if self.l2:
            for start, end, *_ in self._layers:
                grad[start:end] += (2.0 * self.l2) * params[start:end]
            loss += self._penalty(params)
        return loss, grad

    def loss(self, params, idx=None):
        """L(theta), the mean loss over the examples ``idx`` (all when None), plus the L2 penalty."""
        params = self._theta(params)
        X, T = (self.X, self.T) if idx is None else (self.X[idx], self.T[idx])
        with np.errstate(over="ignore", invalid="ignore"):  # a forward pass only: no backpropagation
            loss = self._output_loss(self._forward(params, X)[-1][0], T)[0] + self._penalty(params)
            return finite_result(loss, "params")

    def gradient(self, params, idx=None):
        """dL/dtheta over the examples ``idx`` (all when None), by backpropagation (flat, like params)."""
        params = self._theta(params)
        with np.errstate(over="ignore", invalid="ignore"):
            return finite_result(self.loss_and_gradient(params, idx)[1], "params")

    def reordered(self, order):
        """The same problem with its examples in the order ``order`` (``fit`` shuffles with it)."""
        order = np.asarray(order)
        if order.dtype.kind not in "iu" or order.shape != (self.n_examples,):
            raise ValueError(f"order must be an integer array of shape ({self.n_examples},), got {order!r}")
        new = object.__new__(type(self))  # the data were checked when self was built
        new.__dict__.update(self.__dict__)
        new.X, new.y, new.T = self.X.take(order, axis=0), self.y.take(order), self.T.take(order, axis=0)
        return new

    # -- what a page shows ------------------------------------------------------------------

    def _inputs(self, X):
        if X is None:
            return self.X
        X = as_array(X, "X", ndim=2)
        if X.shape[1] != self.n_inputs:
            raise ValueError(f"X must have {self.n_inputs} columns (the network's inputs), got {X.shape[1]}")
        return X

    def predict(self, params, X=None):
        """Y_hat for the inputs X (the training inputs when None).

        P(y = 1) of shape (n,) for a sigmoid output, the class probabilities (n, k) for a
        softmax, the predictions (n,) for a linear output. For thetas as rows (r, n_params),
        e.g. every epoch's, r predictions stacked: (r, n) or (r, n, k).
        """
        params = self._theta(params, rows=True)
        X = self._inputs(X)
        with np.errstate(over="ignore", invalid="ignore"):
            Z = self._forward(params, X)[-1][0]
            if self.output == "softmax":
                e = np.exp(Z - Z.max(axis=-1, keepdims=True))
                Y_hat = e / e.sum(axis=-1, keepdims=True)
            else:
                Y_hat = _sigmoid(Z[..., 0]) if self.output == "sigmoid" else Z[..., 0].copy()
        return finite_result(Y_hat, "params and X")

    def evaluate(self, params, X=None, y=None):
        """``{"loss": data loss without the penalty, "accuracy": share correct (None for a linear output)}``.

        On (X, y), by default the training data. The prediction is class 1 when
        y_hat >= 0.5 (sigmoid), the most probable class (softmax). For thetas as rows
        (r, n_params), e.g. every epoch's, the loss and accuracy of each row, as arrays (r,).
        """
        params = self._theta(params, rows=True)
        if (X is None) != (y is None):
            raise ValueError("X and y must be given together")
        if X is None:
            X, T, y = self.X, self.T, self.y
        else:
            X = self._inputs(X)
            y, T, _ = self._targets(y, self.n_outputs if self.output == "softmax" else None)
            if len(y) != len(X):
                raise ValueError(f"X and y must have the same length, got {len(X)} and {len(y)}")
        with np.errstate(over="ignore", invalid="ignore"):
            Z = self._forward(params, X)[-1][0]
            loss = finite_result(self._data_loss(Z, T), "params and X")
        accuracy = None
        if self.output != "linear":
            predicted = (Z[..., 0] >= 0) if self.output == "sigmoid" else np.argmax(Z, axis=-1)
            accuracy = np.mean(predicted == y, axis=-1)
        if params.ndim == 1:
            return {"loss": float(loss), "accuracy": None if accuracy is None else float(accuracy)}
        return {"loss": loss, "accuracy": accuracy}

    def layer_gradient_norms(self, params, idx=None):
        """||dL/dW_l|| (Frobenius norm) for each layer l = 1, ..., L, without the penalty's part.

        Vanishing gradients show as norms that shrink layer by layer towards the input.
        """
        params = self._theta(params)
        with np.errstate(over="ignore", invalid="ignore"):
            grad = self.loss_and_gradient(params, idx)[1]
            norms = [
                np.linalg.norm(grad[start:end] - 2.0 * self.l2 * params[start:end])
                for start, end, *_ in self._layers
            ]
        return finite_result(np.array(norms), "params")

    def dead_units(self, params, X=None):
        """For each hidden layer, the number of units whose slope g'(z) is 0 on every row of X.

        Such a unit passes no gradient back for any example, so its incoming weights never
        change again: a "dead" ReLU (z <= 0 everywhere). Leaky ReLU and linear units never
        die; tanh and sigmoid units only when they saturate in floating point (tanh(z) = +-1
        exactly for |z| > 19, sigma(z) = 1 for z > 37). For thetas as rows (r, n_params), the
        counts of each row: (r, hidden layers).
        """
        params = self._theta(params, rows=True)
        X = self._inputs(X)
        with np.errstate(over="ignore", invalid="ignore"):
            passes = self._forward(params, X)
        counts = [
            np.all(_slope(name, *passes[i]) == 0, axis=-2).sum(axis=-1)
            for i, name in enumerate(self.activations, start=1)
        ]
        return (
            np.stack(counts, axis=-1).astype(int) if counts else np.zeros(params.shape[:-1] + (0,), dtype=int)
        )


def epoch_params(history, steps_per_epoch):
    """The parameters at the end of each epoch of a ``fit`` run: rows theta_0, theta_(1 epoch), ...

    ``History.params`` holds every step; epoch e ends after e * ``steps_per_epoch`` steps
    (ceil(n / batch_size), or 1 for batch gradient descent). After a divergence, only the
    epochs completed before it. Returns an array (epochs completed + 1, n_params).
    """
    if not isinstance(history, History):
        raise TypeError(f"history must be a History from gdcore.fit, got {type(history).__name__}")
    steps_per_epoch = count(steps_per_epoch, "steps_per_epoch", cap=10**9)
    return history.params[::steps_per_epoch].copy()  # a copy: the full history can be freed
