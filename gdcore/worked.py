"""The "Loss and derivatives" slides worked through with numbers.

The chain rule for one observation, the hand-written SGD iterations and the
batch gradient descent path behind the BGD tables.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gdcore._validate import NonFiniteError, as_array, count, finite_number, finite_result, positive
from gdcore.linear import LinearRegression
from gdcore.optimisers import SGD
from gdcore.training import MAX_STEPS, descend, fit


def _theta0(theta0, n_params: int = 2) -> np.ndarray:
    theta0 = as_array(theta0, "theta0", ndim=1)
    if theta0.size != n_params:
        raise ValueError(f"theta0 must have {n_params} entries (w, b), got {theta0.size}")
    return theta0


def chain_rule(x, y, w, b) -> dict:
    """The derivatives of Loss_i = (y_hat(x_i) - y_i)^2 for y_hat(x) = w x + b, step by step.

    Returns a dict of floats: ``y_hat`` = w x + b, ``loss`` = (y_hat - y)^2,
    ``dloss_dyhat`` = 2 (y_hat - y), ``dyhat_dw`` = x, ``dyhat_db`` = 1 and, by the chain rule,
    ``dloss_dw`` = dLoss/dy_hat * dy_hat/dw = 2 (y_hat - y) x and
    ``dloss_db`` = dLoss/dy_hat * dy_hat/db = 2 (y_hat - y).
    Slide "Stochastic gradient descent (SGD)": x = y = 5, w = b = 0 give y_hat = 0,
    Loss = 25 and the gradient (-50, -10).
    Raises ``NonFiniteError`` (a ValueError) when the numbers overflow.
    """
    x, y, w, b = (np.float64(finite_number(v, name)) for v, name in ((x, "x"), (y, "y"), (w, "w"), (b, "b")))
    with np.errstate(over="ignore", invalid="ignore"):
        y_hat = w * x + b
        dloss_dyhat = 2.0 * (y_hat - y)
        values = {
            "y_hat": y_hat,
            "loss": (y_hat - y) ** 2,
            "dloss_dyhat": dloss_dyhat,
            "dyhat_dw": x,
            "dyhat_db": 1.0,
            "dloss_dw": dloss_dyhat * x,
            "dloss_db": dloss_dyhat,
        }
    finite_result(np.array(list(values.values())), "x, y, w and b")
    return {name: float(value) for name, value in values.items()}


def sgd_iterations(points, theta0, eta) -> list[dict]:
    """Stochastic gradient descent by hand: one update per chosen point, in the given order.

    Parameters
    ----------
    points : array (m, 2) of chosen observations (x_i, y_i).
    theta0 : array (2,), the start theta_0 = (w, b).
    eta : float > 0, the learning rate.

    Returns one dict per iteration t = 1..m: ``t``, ``x``, ``y``, ``theta`` (theta_{t-1}),
    the fields of ``chain_rule`` at theta_{t-1}, ``gradient`` = (dLoss_i/dw, dLoss_i/db),
    ``step`` = -eta * gradient and ``theta_next`` = theta_t = theta_{t-1} - eta * gradient.
    The list stops before the first iteration whose numbers overflow (not finite), so
    fewer than m records means the updates diverged at iteration len(records) + 1.
    Slides "SGD, first/second iteration": points (5, 5), (9, 17), theta_0 = (0, 0),
    eta = 0.01 give theta_1 = (0.5, 0.1) and theta_2 = (2.732, 0.348).
    """
    points = as_array(points, "points", ndim=2)
    if points.shape[1] != 2:
        raise ValueError(f"points must have 2 columns (x, y), got shape {points.shape}")
    theta0 = _theta0(theta0)
    eta = positive(eta, "eta")
    # The steps: fit's stochastic gradient descent over the points in their order.
    problem = LinearRegression(points[:, 0], points[:, 1])
    history = fit(problem, theta0, SGD(eta), batch_size=1, shuffle=False)
    records = []
    for t in range(1, history.n_steps + 1):
        (x, y), theta = points[t - 1], history.params[t - 1]
        try:
            record = chain_rule(x, y, theta[0], theta[1])
        except NonFiniteError:
            break
        gradient = np.array([record["dloss_dw"], record["dloss_db"]])
        record.update(t=t, x=float(x), y=float(y), theta=theta, gradient=gradient, step=-eta * gradient)
        record["theta_next"] = history.params[t]
        records.append(record)
    return records


@dataclass(frozen=True)
class DescentPath:
    """The iterates of batch gradient descent, theta_{k+1} = theta_k - eta * grad Loss(theta_k).

    ``params[k]`` is theta_k, ``loss[k]`` and ``gradient[k]`` are Loss_{1:n} and its
    gradient there, and ``step[k]`` = -eta * gradient[k], for k = 0..len(params) - 1; all are
    finite. theta_{k+1} = theta_k + step[k] (the last step leads out of the path when it diverged). ``diverged_at`` is the
    first iteration k whose theta_k, loss or gradient is not a finite number (the path
    stops before it), or None.
    """

    params: np.ndarray
    loss: np.ndarray
    gradient: np.ndarray
    step: np.ndarray
    diverged_at: int | None


def gradient_descent_path(problem, theta0, eta, steps) -> DescentPath:
    """Batch gradient descent on a *problem* (``.loss``, ``.gradient`` over all examples).

    theta_{k+1} = theta_k - eta * grad Loss_{1:n}(theta_k), for k = 0..steps - 1:
    the points of ``descend(problem, theta0, SGD(eta), steps)``, with the loss
    and gradient at each (from the problem's ``loss`` and ``gradient``).
    Slides "BGD, first/second iteration": the seed-111 data, theta_0 = (0, 0), eta = 0.1
    give theta_1 = (1.47, 0.60) and theta_2 = (1.33, 0.49).
    """
    theta = as_array(theta0, "theta0", ndim=1)
    n_params = theta.size
    eta = positive(eta, "eta")
    steps = count(steps, "steps", minimum=0, cap=MAX_STEPS)
    try:
        history = descend(problem, theta, SGD(eta), steps)
    except ValueError as error:
        raise ValueError(f"theta0: {error}") from None
    params, losses, gradients = [], [], []
    diverged_at = None
    with np.errstate(over="ignore", invalid="ignore"):
        for theta in history.params:
            try:
                loss = problem.loss(theta)
                gradient = problem.gradient(theta)
            except NonFiniteError:  # the loss or the gradient overflows at theta
                break
            if not (np.isfinite(loss) and np.all(np.isfinite(gradient))):
                break
            params.append(theta)
            losses.append(loss)
            gradients.append(gradient)
    if len(params) < steps + 1:
        diverged_at = len(params)
    gradients = np.array(gradients).reshape(-1, n_params)
    return DescentPath(
        params=np.array(params).reshape(-1, n_params),
        loss=np.array(losses),
        gradient=gradients,
        step=-eta * gradients,
        diverged_at=diverged_at,
    )
