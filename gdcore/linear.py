"""The lecture's linear regression, y_hat = w x + b, with the per-example MSE.

Slides "Example: linear regression" to "BGD, second iteration".
"""

from __future__ import annotations

import math

import numpy as np

from gdcore._validate import NonFiniteError, as_array, finite_result, same_length

_FLOAT64 = np.dtype(np.float64)


class LinearRegression:
    """A *problem*: the MSE of y_hat = x . w + b over the examples.

    Parameters
    ----------
    x : array of shape (n,) or (n, d)
        Inputs; one feature when 1-D.
    y : array of shape (n,)
        Targets.

    The parameters are one flat array ``theta = [w_1, ..., w_d, b]``.
    For example i, Loss_i = (y_hat_i - y_i)^2 and, by the chain rule,
    dLoss_i/dw = 2 (y_hat_i - y_i) x_i and dLoss_i/db = 2 (y_hat_i - y_i).
    ``loss`` and ``gradient`` average these over the chosen examples.
    """

    def __init__(self, x, y):
        x = as_array(x, "x", ndim=(1, 2))
        y = as_array(y, "y", ndim=1)
        same_length(x, "x", y, "y")
        self.X = np.ascontiguousarray(x.reshape(len(x), -1))
        self.y = y
        self.n_examples, self.n_features = self.X.shape
        self.n_params = self.n_features + 1

    def _theta(self, params):
        """``params`` as a finite float array of n_params entries, or a ValueError naming it.

        A float64 array of the right shape (what ``fit`` passes) costs only a
        type check and a finiteness check of its few numbers.
        """
        if not (type(params) is np.ndarray and params.dtype is _FLOAT64 and params.shape == (self.n_params,)):
            params = as_array(params, "params", ndim=1)
            if params.size != self.n_params:
                raise ValueError(f"params must have {self.n_params} entries [w..., b], got {params.size}")
        elif not all(map(math.isfinite, params.tolist())):
            raise ValueError("params must contain only finite numbers (no NaN or inf)")
        return params

    def _rows(self, idx):
        """(A rows, y rows) of the examples ``idx``: all (None), a slice, or an index array or list."""
        design = self.__dict__.get("_design")
        if design is None:
            design = self._design_matrix()
        if idx is None:
            return design, self.y
        if type(idx) is np.ndarray and idx.dtype.kind in "iu":
            return design.take(idx, axis=0), self.y.take(idx)  # take: the fastest gather of rows
        return design[idx], self.y[idx]

    def predict(self, params, x=None):
        """y_hat = x . w + b for the training inputs, or for new inputs ``x``."""
        params = self._theta(params)
        X = self.X if x is None else as_array(x, "x").reshape(-1, self.n_features)
        with np.errstate(all="ignore"):
            return finite_result(X @ params[:-1] + params[-1], "params or x")

    def loss(self, params, idx=None):
        """Loss_{1:n} = (1/n) sum_i (y_hat_i - y_i)^2 over the examples ``idx`` (all when None).

        Parameters
        ----------
        params : array (n_params,), theta = [w..., b], finite.
        idx : None, a slice, or an integer index array or list of examples.

        Returns
        -------
        float, the mean squared error r . r / m of the residuals r = A theta - y of the m examples.
        """
        params = self._theta(params)
        design, y = self._rows(idx)
        with np.errstate(all="ignore"):
            residual = design.dot(params)
            residual -= y
            loss = float(residual.dot(residual)) / residual.shape[0]
        return finite_result(loss, "params or the data")

    def gradient(self, params, idx=None):
        """(dL/dw, dL/db) = (1/n) sum_i 2 (y_hat_i - y_i) (x_i, 1) over the examples ``idx``.

        Parameters and ``idx`` as in :meth:`loss`. Returns an array (n_params,):
        (2/m) r A, with A the rows (x_i, 1) and r = A theta - y.
        """
        params = self._theta(params)
        design, y = self._rows(idx)
        with np.errstate(all="ignore"):
            residual = design.dot(params)
            residual -= y
            gradient = residual.dot(design)
            gradient *= 2.0 / residual.shape[0]
        return finite_result(gradient, "params or the data")

    def loss_and_gradient(self, params, idx=None):
        """``(loss(params, idx), gradient(params, idx))`` in one pass over the examples.

        With the design matrix A = [X, 1] (one row (x_i, 1) per example) and the
        residuals r = A theta - y of the m examples ``idx``:
        Loss = r . r / m and (dL/dw, dL/db) = (2/m) r A.

        ``fit`` calls this at every step, so it checks only the shape of
        ``params`` and that the results are finite: non-finite parameters, or
        an overflow, raise ``NonFiniteError`` (which ``fit`` records as a
        divergence).
        ``idx`` may be None (all examples), a slice or an index array.
        """
        if not (type(params) is np.ndarray and params.dtype is _FLOAT64 and params.shape == (self.n_params,)):
            params = np.asarray(params, dtype=float)
            if params.shape != (self.n_params,):
                raise ValueError(
                    f"params must have shape ({self.n_params},) [w..., b], got shape {params.shape}"
                )
        design, y = self._rows(idx)
        with np.errstate(all="ignore"):  # an overflow is reported below, not warned about
            # ndarray.dot: the same products as @, with less overhead on small arrays.
            residual = design.dot(params)
            residual -= y
            m = residual.shape[0]
            gradient = residual.dot(design)
            gradient *= 2.0 / m
            loss = float(residual.dot(residual)) / m
        if not (math.isfinite(loss) and all(map(math.isfinite, gradient.tolist()))):
            raise NonFiniteError("params are too large (or not finite): the loss or its gradient overflows")
        return loss, gradient

    def reordered(self, order):
        """The same problem with its examples in the order ``order``.

        ``order`` is an integer array of length n, usually a permutation of
        0..n-1. ``fit`` calls this once per epoch after shuffling, so that every
        mini-batch is a contiguous slice (a view) of the reordered data: the
        pseudocode's ``rnd.shuffle(data)`` followed by
        ``data[b * batchSize : (b + 1) * batchSize]``.
        """
        order = np.asarray(order)
        if order.dtype.kind not in "iu" or order.shape != (self.n_examples,):
            raise ValueError(f"order must be an integer array of shape ({self.n_examples},), got {order!r}")
        design = self._design_matrix().take(order, axis=0)
        new = object.__new__(type(self))  # the data were checked when self was built
        new.__dict__.update(self.__dict__)
        new.__dict__.pop("_examples", None)  # a cache in the old order
        new._design = design
        new.X = design[:, :-1]
        new.y = self.y.take(order)
        return new

    def _design_matrix(self):
        """A = [X, 1], built once on first use (n rows, n_features + 1 columns)."""
        design = self.__dict__.get("_design")
        if design is None:
            design = np.empty((self.n_examples, self.n_params))
            design[:, :-1] = self.X
            design[:, -1] = 1.0
            self._design = design
        return design

    def least_squares_rows(self):
        """B = [X, 1, y], one row b_i = (x_i, 1, y_i) per example, built once on first use.

        Declares that the loss is linear least squares: Loss_idx(theta) = mean over
        idx of (b_i . (theta, -1))^2 (the :class:`gdcore.LinearLeastSquares`
        capability), which lets ``fit`` run plain SGD as small matrix products.
        """
        rows = self.__dict__.get("_examples")
        if rows is None:
            rows = np.empty((self.n_examples, self.n_params + 1))
            rows[:, :-2] = self.X
            rows[:, -2] = 1.0
            rows[:, -1] = self.y
            self._examples = rows
        return rows

    def loss_grid(self, w, b):
        """MSE at every (w, b) of a grid (one-feature case), for contour plots.

        Uses the expansion L(w, b) = mean(y^2) - 2w mean(xy) - 2b mean(y)
        + w^2 mean(x^2) + 2wb mean(x) + b^2, so its cost does not grow with n.
        """
        if self.n_features != 1:
            raise ValueError("loss_grid needs one feature (x of shape (n,))")
        w, b = as_array(w, "w"), as_array(b, "b")
        x, y = self.X[:, 0], self.y
        with np.errstate(all="ignore"):
            grid = (
                np.mean(y * y)
                - 2 * w * np.mean(x * y)
                - 2 * b * np.mean(y)
                + w * w * np.mean(x * x)
                + 2 * w * b * np.mean(x)
                + b * b
            )
        return finite_result(grid, "w and b")

    def least_squares(self):
        """The parameters that minimise the MSE (numpy.linalg.lstsq on [X, 1])."""
        design = np.column_stack([self.X, np.ones(self.n_examples)])
        return np.linalg.lstsq(design, self.y, rcond=None)[0]

    def table(self, params):
        """The per-example table of the BGD slides (one feature).

        Keys are exactly ``x``, ``y``, ``y_hat``, ``loss``, ``dL/dw``, ``dL/db``;
        the means of the last two columns are the gradient.
        """
        params = self._theta(params)
        if self.n_features != 1:
            raise ValueError("table needs one feature (x of shape (n,))")
        x = self.X[:, 0]
        with np.errstate(all="ignore"):
            y_hat = x * params[0] + params[1]
            residual = y_hat - self.y
            table = {
                "x": x.copy(),
                "y": self.y.copy(),
                "y_hat": y_hat,
                "loss": residual**2,
                "dL/dw": 2 * residual * x,
                "dL/db": 2 * residual,
            }
        return finite_result(table, "params or the data")
