"""Claim frequency: Keras's Poisson loss, a Poisson GLM with exposure, a synthetic motor
portfolio, standardisation as a transform, Hessian condition numbers.

Beyond the slides: the course's later lectures fit claim counts with ``loss="poisson"``,
standardise the inputs first and stop training early on a validation curve. This module
holds the maths of those steps, in the lecture's notation (y_hat, dL/dw, eta).

The model. Policy i has features x_i, an exposure e_i (years insured) and a claim count
y_i. Its expected number of claims is

    y_hat_i = mu_i = e_i * lambda_i,   lambda_i = exp(x_i . w + b),

a yearly frequency lambda_i (the log link keeps it positive) times the exposure: the
exposure enters as an offset, log mu_i = log e_i + x_i . w + b.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gdcore._validate import NonFiniteError, as_array, count, finite_number, finite_result, same_length
from gdcore.losses import EPSILON

__all__ = [
    "FEATURES",
    "MAX_POLICIES",
    "MotorPortfolio",
    "PoissonGLM",
    "RateRun",
    "Standardiser",
    "condition_number",
    "epochs_to_reach",
    "gradient_descent_race",
    "make_motor_portfolio",
    "poisson_loss",
    "poisson_deviance",
    "poisson_loss_gradient",
]

# -- the loss -------------------------------------------------------------------------


def _counts_and_predictions(y, y_pred, y_name="y", y_pred_name="y_pred"):
    y = as_array(y, y_name, ndim=(1, 2))
    y_pred = as_array(y_pred, y_pred_name, ndim=(1, 2))
    if y.shape != y_pred.shape:
        raise ValueError(
            f"{y_name} and {y_pred_name} must have the same shape, got {y.shape} and {y_pred.shape}"
        )
    if np.any(y < 0):
        raise ValueError(f"{y_name} must hold counts >= 0")
    if np.any(y_pred < 0):
        raise ValueError(f"{y_pred_name} must hold expected counts >= 0")
    return y, y_pred


def poisson_loss(y, y_pred):
    """Keras's Poisson loss, L = (1/n) sum_i [y_hat_i - y_i log(y_hat_i + eps)], eps = 1e-7.

    ``keras.losses.poisson`` (and ``loss="poisson"``): the negative Poisson
    log-likelihood per example without the term log(y_i!), which does not depend on
    the model. eps is Keras's backend epsilon; it keeps log finite at y_hat = 0.

    Parameters
    ----------
    y : array (n,) or (n, k)
        Observed counts, >= 0.
    y_pred : array of the same shape
        Expected counts y_hat >= 0.

    Returns
    -------
    float
        The mean over all entries (for a 2-D array, Keras's mean over the last axis
        then over the batch: the same number).
    """
    y, y_pred = _counts_and_predictions(y, y_pred)
    with np.errstate(over="ignore", invalid="ignore"):
        return float(finite_result(np.mean(y_pred - y * np.log(y_pred + EPSILON)), "y and y_pred"))


def poisson_loss_gradient(y, y_pred):
    """dL/dy_hat_i = (1 - y_i / (y_hat_i + eps)) / n for Keras's Poisson loss.

    Parameters
    ----------
    y, y_pred : arrays of the same shape, as for :func:`poisson_loss`.

    Returns
    -------
    array shaped like ``y_pred`` (it carries the 1/n of the mean).
    """
    y, y_pred = _counts_and_predictions(y, y_pred)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        return finite_result((1.0 - y / (y_pred + EPSILON)) / y.size, "y and y_pred")


def poisson_deviance(y, mu):
    """Mean Poisson deviance, D = (2/n) sum_i [y_i log(y_i / mu_i) - (y_i - mu_i)].

    With 0 log 0 = 0 (scikit-learn's ``mean_poisson_deviance``). D is 0 for a perfect
    fit, and D = 2 (L - L_saturated) with L the Poisson loss without eps: the same
    minimiser, on a scale where 0 means "as good as possible".

    Parameters
    ----------
    y : array (n,), counts >= 0.
    mu : array (n,), expected counts > 0.
    """
    y, mu = _counts_and_predictions(y, mu, "y", "mu")
    if np.any(mu <= 0):
        raise ValueError("mu must hold expected counts > 0")
    return _mean_deviance(y, mu, y > 0)


def _mean_deviance(y, mu, claimed):
    """:func:`poisson_deviance` of checked counts y and expected counts mu > 0; ``claimed`` is y > 0."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        ratio_term = np.where(claimed, y * np.log(np.where(claimed, y, 1.0) / mu), 0.0)
        return float(finite_result(2.0 * np.mean(ratio_term - (y - mu)), "y and mu"))


# -- the portfolio -----------------------------------------------------------------------

FEATURES = ("driver age", "vehicle age", "vehicle power", "bonus-malus", "log density")
UNITS = ("years", "years", "power class", "level (100 = neutral)", "log(inhabitants per km²)")
# The true model: log lambda = x . TRUE_WEIGHTS + b, b set so that the mean yearly
# frequency of the average policy is about TRUE_MEAN_FREQUENCY.
TRUE_WEIGHTS = np.array([-0.010, -0.020, 0.030, 0.012, 0.080])
TRUE_MEAN_FREQUENCY = 0.10
_FEATURE_MEANS = np.array([45.0, 7.0, 6.5, 60.0, 6.0])  # roughly the generator's means
MAX_POLICIES = 100_000
FULL_YEAR_SHARE = 0.4  # policies in force the whole period


@dataclass(frozen=True, eq=False)
class MotorPortfolio:
    """A motor portfolio: one row per policy.

    Attributes
    ----------
    X : array (n, 5)
        The features on their original scale, in the order of ``FEATURES``.
    exposure : array (n,)
        Years insured, e_i.
    claims : array (n,)
        Claim counts, y_i.
    true_frequency : array (n,)
        The yearly frequency lambda_i the claims were drawn from.
    true_params : array (6,)
        [w_1, ..., w_5, b] of the true model log lambda = x . w + b.
    features : tuple of str
    """

    X: np.ndarray
    exposure: np.ndarray
    claims: np.ndarray
    true_frequency: np.ndarray
    true_params: np.ndarray
    features: tuple = FEATURES

    def __post_init__(self):
        X = as_array(self.X, "X", ndim=2)
        if X.shape[1] != len(self.features):
            raise ValueError(f"X must have one column per feature ({len(self.features)}), got {X.shape[1]}")
        columns = {
            name: as_array(getattr(self, name), name, ndim=1)
            for name in ("exposure", "claims", "true_frequency")
        }
        for name, column in columns.items():
            same_length(X, "X", column, name)
            object.__setattr__(self, name, column)
        true_params = as_array(self.true_params, "true_params", ndim=1)
        if len(true_params) != X.shape[1] + 1:
            raise ValueError(
                f"true_params must hold {X.shape[1] + 1} numbers (w and b), got {len(true_params)}"
            )
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "true_params", true_params)

    @property
    def n_policies(self) -> int:
        return len(self.claims)

    def subset(self, idx) -> MotorPortfolio:
        """The policies ``idx`` (an index array or a slice)."""
        return MotorPortfolio(
            self.X[idx], self.exposure[idx], self.claims[idx], self.true_frequency[idx], self.true_params
        )

    def split(self, validation_fraction=0.2, seed=0) -> tuple[MotorPortfolio, MotorPortfolio]:
        """(training, validation): a seeded random share ``validation_fraction`` held out.

        Each part keeps at least one policy, so the portfolio needs two.
        """
        fraction = finite_number(validation_fraction, "validation_fraction")
        if not 0 < fraction < 1:
            raise ValueError(f"validation_fraction must be between 0 and 1, got {fraction}")
        n = self.n_policies
        if n < 2:
            raise ValueError(f"the portfolio must have at least 2 policies to split, got {n}")
        n_val = min(n - 1, max(1, round(fraction * n)))
        order = np.random.default_rng(seed).permutation(n)
        return self.subset(np.sort(order[n_val:])), self.subset(np.sort(order[:n_val]))

    def problem(self, standardiser: Standardiser | None = None) -> PoissonGLM:
        """The Poisson GLM of these policies, on the original scale or standardised."""
        X = self.X if standardiser is None else standardiser.transform(self.X)
        return PoissonGLM(X, self.claims, self.exposure)


def make_motor_portfolio(n_policies=10_000, seed=0, exposure_range=(0.05, 1.0)) -> MotorPortfolio:
    """A seeded synthetic motor portfolio, in the spirit of the French MTPL data.

    Synthetic: every policy is drawn here, none is real. The features:

    - driver age: 18 to 90 years, around 45;
    - vehicle age: 0 to 25 years, skewed, around 7;
    - vehicle power: classes 4 to 15, mostly 4 to 8;
    - bonus-malus: 50 to 230 (100 = neutral, lower is better), mostly at 50,
      higher for young drivers;
    - log density: log of inhabitants per km² where the driver lives, 0 to 10.2
      (density 1 to 27,000).

    Exposure: ``FULL_YEAR_SHARE`` of the policies are insured for the whole upper
    bound of ``exposure_range``, the others uniformly within it. Claims:
    y_i ~ Poisson(e_i lambda_i), lambda_i = exp(x_i . w_true + b_true).

    Parameters
    ----------
    n_policies : int, 1 to 100,000.
    seed : int >= 0, the seed of ``numpy.random.default_rng``.
    exposure_range : (low, high) with 0 < low <= high <= 1, in years.
    """
    n = count(n_policies, "n_policies", cap=MAX_POLICIES)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, got {seed!r}")
    low, high = (finite_number(v, "exposure_range") for v in exposure_range)
    if not 0 < low <= high <= 1:
        raise ValueError(
            f"exposure_range must be (low, high) with 0 < low <= high <= 1 year, got {exposure_range}"
        )
    rng = np.random.default_rng(seed)
    age = np.clip(np.round(rng.normal(45, 14, n)), 18, 90)
    vehicle_age = np.clip(np.round(rng.gamma(2.0, 3.5, n)), 0, 25)
    power = np.clip(4 + rng.poisson(2.5, n), 4, 15).astype(float)
    young = np.maximum(0.0, 30 - age) * 2.5
    bonus_malus = np.clip(50 + np.round(rng.exponential(10, n) + young), 50, 230)
    log_density = np.clip(rng.normal(6, 2, n), 0, 10.2)
    X = np.column_stack([age, vehicle_age, power, bonus_malus, log_density])
    b = math.log(TRUE_MEAN_FREQUENCY) - float(_FEATURE_MEANS @ TRUE_WEIGHTS)
    true_params = np.append(TRUE_WEIGHTS, b)
    frequency = np.exp(X @ TRUE_WEIGHTS + b)
    exposure = np.where(rng.random(n) < FULL_YEAR_SHARE, high, rng.uniform(low, high, n))
    claims = rng.poisson(exposure * frequency).astype(float)
    return MotorPortfolio(X, exposure, claims, frequency, true_params)


# -- standardisation ---------------------------------------------------------------------


class Standardiser:
    """Standardisation as a transform with its inverse (scikit-learn's ``StandardScaler``).

    Fitted on the columns of ``X``: z_ij = (x_ij - m_j) / s_j with m_j the column mean
    and s_j its standard deviation (1 for a constant column, which is only centred).

    A linear model on z is a linear model on x:
    z . w_z + b_z = x . (w_z / s) + (b_z - sum_j w_z,j m_j / s_j), so
    :meth:`params_to_original` and :meth:`params_to_standardised` translate weights
    between the two scales (the model's predictions do not change).

    Attributes
    ----------
    mean_ : array (d,)
    scale_ : array (d,)
    constant : array of bool (d,), the columns that could only be centred.
    """

    def __init__(self, X):
        X = as_array(X, "X", ndim=2)
        with np.errstate(all="ignore"):
            self.mean_ = finite_result(X.mean(axis=0), "the values in X")
            sd = finite_result(X.std(axis=0), "the values in X")
        self.constant = sd <= 1e-12 * np.maximum(1.0, np.abs(self.mean_))
        self.scale_ = np.where(self.constant, 1.0, sd)

    @property
    def n_features(self) -> int:
        return len(self.mean_)

    def _columns(self, X, name):
        X = as_array(X, name, ndim=2)
        if X.shape[1] != self.n_features:
            raise ValueError(f"{name} must have {self.n_features} columns, got {X.shape[1]}")
        return X

    def transform(self, X):
        """Z = (X - mean_) / scale_."""
        return (self._columns(X, "X") - self.mean_) / self.scale_

    def inverse_transform(self, Z):
        """X = Z * scale_ + mean_."""
        return self._columns(Z, "Z") * self.scale_ + self.mean_

    def _params(self, params):
        params = as_array(params, "params", ndim=1)
        if params.size != self.n_features + 1:
            raise ValueError(f"params must have {self.n_features + 1} entries [w..., b], got {params.size}")
        return params

    def params_to_original(self, params):
        """[w_z..., b_z] on the standardised scale -> [w..., b] on the original scale."""
        params = self._params(params)
        w = params[:-1] / self.scale_
        return np.append(w, params[-1] - w @ self.mean_)

    def params_to_standardised(self, params):
        """[w..., b] on the original scale -> [w_z..., b_z] on the standardised scale."""
        params = self._params(params)
        return np.append(params[:-1] * self.scale_, params[-1] + params[:-1] @ self.mean_)


# -- the GLM -----------------------------------------------------------------------------

_FLOAT64 = np.dtype(np.float64)


class PoissonGLM:
    """A *problem*: Keras's Poisson loss of the GLM y_hat_i = e_i exp(x_i . w + b).

    Parameters
    ----------
    X : array (n, d), or (n,) for one feature; (n, 0) for the intercept-only model
    claims : array (n,), counts y_i >= 0
    exposure : array (n,), years e_i > 0
    epsilon : float >= 0, Keras's 1e-7 by default (0 gives the exact likelihood)

    The parameters are one flat array ``theta = [w_1, ..., w_d, b]``. With the rows
    a_i = (x_i, 1), eta_i = a_i . theta + log e_i and y_hat_i = mu_i = exp(eta_i):

        Loss = (1/n) sum_i [mu_i - y_i log(mu_i + eps)]
        (dL/dw, dL/db) = (1/n) sum_i mu_i (1 - y_i / (mu_i + eps)) a_i

    by the chain rule, dL/dmu_i = 1 - y_i / (mu_i + eps) and dmu_i/deta_i = mu_i. With
    eps = 0 the gradient is (1/n) sum_i (mu_i - y_i) a_i: at the optimum the model's
    expected claims match the observed ones, in total and along every feature.
    The Hessian is (1/n) sum_i h_i a_i a_i^T with
    h_i = mu_i - y_i eps mu_i / (mu_i + eps)^2 (mu_i when eps = 0).
    """

    def __init__(self, X, claims, exposure, *, epsilon=EPSILON):
        X = as_array(X, "X", ndim=(1, 2), allow_empty=True)
        claims = as_array(claims, "claims", ndim=1)
        exposure = as_array(exposure, "exposure", ndim=1)
        same_length(X, "X", claims, "claims")
        same_length(X, "X", exposure, "exposure")
        if np.any(claims < 0):
            raise ValueError("claims must be counts >= 0")
        if np.any(exposure <= 0):
            raise ValueError("exposure must be > 0 years for every policy")
        epsilon = finite_number(epsilon, "epsilon")
        if epsilon < 0:
            raise ValueError(f"epsilon must be >= 0, got {epsilon}")
        self.X = np.ascontiguousarray(X.reshape(len(X), -1))
        self.claims = claims
        self.exposure = exposure
        self.epsilon = epsilon
        self.n_examples, self.n_features = self.X.shape
        self.n_params = self.n_features + 1
        self._design = np.column_stack([self.X, np.ones(self.n_examples)])
        self._log_exposure = np.log(exposure)
        self._claimed = claims > 0

    # -- the problem protocol

    def _theta(self, params):
        params = as_array(params, "params", ndim=1)
        if params.size != self.n_params:
            raise ValueError(f"params must have {self.n_params} entries [w..., b], got {params.size}")
        return params

    def loss_and_gradient(self, params, idx=None):
        """``(loss(params, idx), gradient(params, idx))`` in one pass.

        For ``fit`` (the :class:`gdcore.training.LossAndGradient` capability): it checks
        only the shape of ``params``; when exp overflows, or ``params`` are not finite,
        it raises ``NonFiniteError``, which ``fit`` records as a divergence.
        """
        if not (type(params) is np.ndarray and params.dtype is _FLOAT64 and params.shape == (self.n_params,)):
            params = np.asarray(params, dtype=float)
            if params.shape != (self.n_params,):
                raise ValueError(
                    f"params must have shape ({self.n_params},) [w..., b], got shape {params.shape}"
                )
        design, offset, y = self._design, self._log_exposure, self.claims
        if idx is not None:
            design, offset, y = design[idx], offset[idx], y[idx]
        with np.errstate(all="ignore"):
            mu = design.dot(params)  # eta_i, then mu_i in place: one array, no temporaries
            mu += offset
            np.exp(mu, out=mu)
            shifted = mu + self.epsilon
            slope = y * mu  # dL_i/deta_i = mu_i - y_i mu_i / (mu_i + eps)
            slope /= shifted
            np.subtract(mu, slope, out=slope)
            m = mu.shape[0]
            loss = float(mu.sum() - y.dot(np.log(shifted, out=shifted))) / m
            gradient = slope.dot(design) / m
        if not math.isfinite(loss) or not np.isfinite(gradient).all():
            raise NonFiniteError("params are too large: exp(x . w + b) overflows (float overflow)")
        return loss, gradient

    def loss(self, params, idx=None):
        """Loss = (1/n) sum_i [mu_i - y_i log(mu_i + eps)] over the policies ``idx`` (all when None)."""
        return self.loss_and_gradient(self._theta(params), idx)[0]

    def gradient(self, params, idx=None):
        """(dL/dw, dL/db) = (1/n) sum_i mu_i (1 - y_i / (mu_i + eps)) (x_i, 1) over ``idx``."""
        return self.loss_and_gradient(self._theta(params), idx)[1]

    def reordered(self, order):
        """The same problem with its policies in the order ``order`` (for ``fit``'s shuffling)."""
        order = np.asarray(order)
        if order.dtype.kind not in "iu" or order.shape != (self.n_examples,):
            raise ValueError(f"order must be an integer array of shape ({self.n_examples},)")
        new = object.__new__(type(self))
        new.__dict__.update(self.__dict__)
        for name in ("X", "claims", "exposure", "_design", "_log_exposure", "_claimed"):
            setattr(new, name, getattr(self, name).take(order, axis=0))
        return new

    # -- predictions and diagnostics

    def frequency(self, params, X=None):
        """lambda = exp(x . w + b), the yearly claim frequency, for the policies or new rows ``X``."""
        params = self._theta(params)
        X = self.X if X is None else as_array(X, "X", ndim=2)
        with np.errstate(over="ignore"):
            return finite_result(np.exp(X @ params[:-1] + params[-1]), "params")

    def expected_claims(self, params):
        """y_hat_i = mu_i = e_i lambda_i for the policies."""
        return self.exposure * self.frequency(params)

    def deviance(self, params):
        """The mean Poisson deviance of the fitted expected claims (see :func:`poisson_deviance`)."""
        mu = self.expected_claims(params)
        if np.any(mu <= 0):
            raise ValueError(
                "params give an expected claim count of 0 (exp underflow): the deviance is infinite"
            )
        return _mean_deviance(self.claims, mu, self._claimed)  # the claims were checked once, here

    def hessian(self, params):
        """d^2 L / d theta^2 = (1/n) sum_i h_i a_i a_i^T, h_i = mu_i - y_i eps mu_i / (mu_i + eps)^2."""
        mu = self.expected_claims(self._theta(params))
        h = mu - self.claims * self.epsilon * mu / (mu + self.epsilon) ** 2
        return (self._design * h[:, None]).T @ self._design / self.n_examples

    def intercept_only(self):
        """The intercept-only optimum (eps = 0): w = 0 and exp(b) = sum_i y_i / sum_i e_i.

        Setting dL/db = (1/n) sum_i (e_i exp(b) - y_i) to 0: the frequency is the
        claims per year of exposure. Raises ValueError when there are no claims
        (then b -> -infinity).
        """
        total = float(self.claims.sum())
        if total <= 0:
            raise ValueError(
                "claims: there are no claims, so the best frequency is 0 and the intercept b = log 0 "
                "runs off to minus infinity; use more policies or longer exposures"
            )
        return np.append(np.zeros(self.n_features), math.log(total / float(self.exposure.sum())))

    def optimum(self, max_iter=100, tol=1e-12):
        """The parameters that minimise the loss, by Newton's method from :meth:`intercept_only`.

        Each iteration solves H d = -g and halves the step until the loss does not rise
        (the loss is convex). Not gradient descent: a reference point, as least squares
        is for the linear regression. Raises ValueError when the Hessian is singular
        (fewer distinct policies than parameters, or a constant feature).
        """
        theta = self.intercept_only()
        loss, gradient = self.loss_and_gradient(theta)
        for _ in range(max_iter):
            H = self.hessian(theta)
            if not np.isfinite(condition_number(H)):
                raise ValueError(
                    "the Hessian is singular: the features cannot tell the parameters apart "
                    "(too few policies, or a feature that does not vary)"
                )
            step = np.linalg.solve(H, -gradient)
            t = 1.0
            while t > 1e-10:
                candidate = theta + t * step
                try:
                    new_loss, new_gradient = self.loss_and_gradient(candidate)
                except NonFiniteError:
                    new_loss = math.inf
                if new_loss <= loss + 1e-15 * abs(loss):
                    break
                t /= 2
            else:
                break
            done = abs(loss - new_loss) <= tol * max(1.0, abs(loss))
            theta, loss, gradient = candidate, new_loss, new_gradient
            if done and float(np.abs(gradient).max()) < 1e-9:
                break
        return theta

    def loss_grid(self, params, i, j, values_i, values_j):
        """The loss over a grid of (theta_i, theta_j), the other parameters fixed at ``params``.

        Returns an array (len(values_j), len(values_i)) (rows follow theta_j, for a
        contour plot with theta_i across). Exact, eps included: sum_i mu_i factorises
        over the two grid axes, and the log term is summed over the policies with claims.
        Points where exp overflows are set to the largest finite value.
        """
        params = self._theta(params)
        u = as_array(values_i, "values_i", ndim=1)
        v = as_array(values_j, "values_j", ndim=1)
        for name, index in (("i", i), ("j", j)):
            if not -self.n_params <= index < self.n_params:
                raise ValueError(f"{name} must index a parameter (0 to {self.n_params - 1}), got {index}")
        i, j = i % self.n_params, j % self.n_params
        if i == j:
            raise ValueError("i and j must be two different parameters")
        a_i, a_j = self._design[:, i], self._design[:, j]
        rest = params.copy()
        rest[[i, j]] = 0.0
        with np.errstate(all="ignore"):
            base = self._design @ rest + self._log_exposure
            along_j, along_i = np.outer(v, a_j), np.outer(a_i, u)
            along_j += base
            total = np.exp(along_j, out=along_j) @ np.exp(along_i, out=along_i)  # (len v, len u)
            claimed = self._claimed
            eta = (
                base[claimed][:, None, None]
                + a_j[claimed][:, None, None] * v[None, :, None]
                + a_i[claimed][:, None, None] * u[None, None, :]
            )
            np.exp(eta, out=eta)  # then log(mu + eps), in place: the largest arrays here
            eta += self.epsilon
            log_term = np.einsum("k,kab->ab", self.claims[claimed], np.log(eta, out=eta))
            grid = (total - log_term) / self.n_examples
        finite = np.isfinite(grid)
        if not finite.all():
            grid = np.where(finite, grid, grid[finite].max() if finite.any() else 0.0)
        return grid


def condition_number(matrix) -> float:
    """kappa = lambda_max / lambda_min of a symmetric positive semi-definite matrix (a Hessian).

    Gradient descent with a fixed eta needs eta < 2 / lambda_max to converge, and then
    shrinks the error along the flattest direction by only about 1 - 2 / kappa per
    step: the larger kappa, the more elongated the loss contours and the slower the
    descent. Returns inf for a singular matrix (lambda_min <= 1e-13 lambda_max).
    """
    matrix = as_array(matrix, "matrix", ndim=2)
    if matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"matrix must be square, got shape {matrix.shape}")
    eigenvalues = np.linalg.eigvalsh(matrix / 2 + matrix.T / 2)  # halves first: no overflow
    largest, smallest = float(eigenvalues[-1]), float(eigenvalues[0])
    if largest <= 0 or smallest <= 1e-13 * largest:
        return math.inf
    return largest / smallest


# -- how fast gradient descent gets there -------------------------------------------------


def epochs_to_reach(epoch_loss, target):
    """The first epoch after which the loss is <= ``target`` (0: already at the start), or None.

    ``epoch_loss`` is ``History.epoch_loss``: the loss at the start and after each epoch.
    """
    losses = as_array(epoch_loss, "epoch_loss", ndim=1, allow_empty=True)
    target = finite_number(target, "target")
    hits = np.flatnonzero(losses <= target)
    return int(hits[0]) if hits.size else None


@dataclass(frozen=True, eq=False)
class RateRun:
    """One learning rate of :func:`gradient_descent_race`.

    Attributes
    ----------
    learning_rate : float
    epoch_loss : array, the loss at the start and after each epoch run.
    epochs_to_target : int or None, the first epoch at or below the target.
    diverged_at : int or None, the epoch where the loss stopped being finite.
    converged : bool, no divergence and the last loss within 1% of the run's
        improvement of its lowest (a run whose loss grows again does not count).
    """

    learning_rate: float
    epoch_loss: np.ndarray
    epochs_to_target: int | None
    diverged_at: int | None
    converged: bool


def gradient_descent_race(
    problem, params0, learning_rates, *, target, max_epochs=3000, check_epochs=200, chunk=250, progress=None
):
    """Batch gradient descent (plain SGD on all the data, one step per epoch) at each rate.

    Every run starts from ``params0`` and goes through ``fit``. First each rate runs
    ``check_epochs`` epochs, to see whether it converges (see :class:`RateRun`). Then
    the converging rates, largest first, go on ``chunk`` epochs at a time (plain SGD
    keeps no state, so the chunks make the same steps as one long run) until they
    reach ``target`` or their budget: ``max_epochs``, lowered to the fewest epochs to
    the target found so far (after that a run cannot be the fastest).

    Parameters
    ----------
    problem : a problem (e.g. :class:`PoissonGLM`)
    params0 : 1-D array
    learning_rates : sequence of eta > 0
    target : float, the loss to reach.
    max_epochs, check_epochs, chunk : int >= 1
    progress : callable(fraction) or None, called as the runs advance (0 to 1).

    Returns
    -------
    list of :class:`RateRun`, one per rate, in the order given.
    """
    from gdcore.optimisers import SGD
    from gdcore.training import fit

    rates = as_array(learning_rates, "learning_rates", ndim=1)
    if np.any(rates <= 0):
        raise ValueError("learning_rates must all be > 0")
    target = finite_number(target, "target")
    max_epochs = count(max_epochs, "max_epochs", cap=1_000_000)
    check_epochs = count(check_epochs, "check_epochs", cap=max_epochs)
    chunk = count(chunk, "chunk", cap=1_000_000)
    params0 = as_array(params0, "params0", ndim=1)
    curves, ends, diverged = [], [], []
    for k, rate in enumerate(rates):
        history = fit(problem, params0, SGD(float(rate)), epochs=check_epochs)
        curves.append(list(history.epoch_loss))
        ends.append(history.params[-1])
        diverged.append(None if history.diverged_at is None else len(history.epoch_loss))
        if progress is not None:
            progress(0.5 * (k + 1) / len(rates))
    converged = [_settled(curve) if d is None else False for curve, d in zip(curves, diverged, strict=True)]
    budget = max_epochs
    going_on = [k for k in np.argsort(-rates, kind="stable") if converged[k]]
    for position, k in enumerate(going_on):
        curve = curves[k]
        reached = epochs_to_reach(curve, target)
        while reached is None and len(curve) - 1 < budget:
            history = fit(problem, ends[k], SGD(float(rates[k])), epochs=min(chunk, budget - len(curve) + 1))
            curve.extend(history.epoch_loss[1:])
            ends[k] = history.params[-1]
            if history.diverged_at is not None:
                diverged[k], converged[k] = len(curve), False
                break
            reached = epochs_to_reach(curve, target)
        if reached is not None:
            budget = min(budget, max(reached, check_epochs))
        if progress is not None:
            progress(0.5 + 0.5 * (position + 1) / len(going_on))
    return [
        RateRun(float(rate), np.asarray(curve, dtype=float), epochs_to_reach(curve, target), d, bool(c))
        for rate, curve, d, c in zip(rates, curves, diverged, converged, strict=True)
    ]


def _settled(curve) -> bool:
    """Whether a finite learning curve has settled: its last loss within 1% of its improvement of
    its lowest (a curve that turns up again, oscillating outwards, has not)."""
    curve = np.asarray(curve, dtype=float)
    if curve.size < 2:
        return False
    lowest = float(curve.min())
    return bool(curve[-1] - lowest <= 0.01 * (curve[0] - lowest) + 1e-15 * abs(lowest))
