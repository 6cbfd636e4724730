"""2-D test functions as *problems*, and the path an optimiser takes on one.

Slides "Optimisers": momentum, Nesterov, AdaGrad, RMSprop and Adam are easiest to
compare on a loss surface of two parameters theta = (x, y). Each surface here is a
*problem* with a single "example" (``n_examples = 1``), so ``fit`` and
:func:`optimiser_path` can train on it like on the lecture's linear regression:
``loss(params)`` is f(x, y) and ``gradient(params)`` is (df/dx, df/dy).

Each surface also carries what a page needs to draw it: ``domain`` (the plotting
window), ``start`` (a suggested starting point), ``minima`` (the known minimisers,
shape (m, 2); empty for the saddle), ``minimum_value`` (f there; None for the
saddle), ``formula`` (LaTeX) and ``expression`` (the same formula in Python,
using ``cos`` and ``pi``). ``value(x, y)`` and ``grid(n)`` evaluate f on arrays
(for contours and 3-D surfaces) in one vectorised call.

``SURFACES`` maps a short name to one instance of each surface.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gdcore._validate import NonFiniteError, as_array, count, finite_result, positive
from gdcore.training import descend

__all__ = [
    "SURFACES",
    "Beale",
    "Himmelblau",
    "IllConditionedQuadratic",
    "OptimiserPath",
    "Rastrigin",
    "Rosenbrock",
    "Saddle",
    "SixHumpCamel",
    "max_path_difference",
    "optimiser_path",
]

MAX_GRID = 400  # points per side of a grid
MAX_STEPS = 100_000  # steps of one optimiser_path


def _window(window, name):
    """((x_min, x_max), (y_min, y_max)) with finite bounds, each min < max."""
    array = as_array(window, name)
    if array.shape != (2, 2):
        raise ValueError(f"{name} must be ((x_min, x_max), (y_min, y_max)), got shape {array.shape}")
    if not (array[:, 0] < array[:, 1]).all():
        raise ValueError(f"{name} must have x_min < x_max and y_min < y_max, got {array.tolist()}")
    return array


class Surface:
    """A 2-D loss surface f(x, y) as a problem with one example (see the module's docstring).

    Subclasses set the class attributes and implement ``_f(x, y)`` and
    ``_df(x, y)`` (returning (df/dx, df/dy)) on arrays, without checks.
    """

    n_examples = 1
    n_params = 2
    name = ""
    label = ""
    formula = ""
    expression = ""
    domain = ((-1.0, 1.0), (-1.0, 1.0))
    start = (0.0, 0.0)
    minima = np.empty((0, 2))
    minimum_value: float | None = None
    note = ""

    def __init__(self):
        if type(self) is Surface:
            raise TypeError("Surface is a base class: use one of gdcore.SURFACES")

    def __repr__(self):
        return f"{type(self).__name__}()"

    # -- checks -----------------------------------------------------------------
    def _params(self, params):
        params = as_array(params, "params", ndim=1)
        if params.shape != (2,):
            raise ValueError(f"params must be (x, y), got shape {params.shape}")
        return params

    @staticmethod
    def _idx(idx):
        """A surface has one example: idx may be None, 0, [0] or slice(None)."""
        if idx is None or (isinstance(idx, slice) and idx == slice(None)):
            return
        if isinstance(idx, (bool, np.bool_, str, bytes)):
            raise ValueError(f"idx must be None or 0 (a surface has one example), got {idx!r}")
        try:
            values = np.asarray(idx).ravel()
        except Exception:
            values = None
        if values is None or values.dtype.kind not in "iu" or values.size != 1 or values[0] != 0:
            raise ValueError(f"idx must be None or 0 (a surface has one example), got {idx!r}")

    # -- evaluation -------------------------------------------------------------
    def value(self, x, y):
        """f(x, y) for arrays x and y (broadcast together), e.g. a grid for a contour plot."""
        x = as_array(x, "x", allow_empty=True)
        y = as_array(y, "y", allow_empty=True)
        try:
            x, y = np.broadcast_arrays(x, y)
        except ValueError:
            raise ValueError(f"x and y must broadcast together, got shapes {x.shape} and {y.shape}") from None
        with np.errstate(all="ignore"):
            z = self._f(x, y)
        return finite_result(np.asarray(z, dtype=float), "x and y")

    def loss(self, params, idx=None):
        """f(x, y) at params = (x, y) (the "mean over the one example")."""
        params = self._params(params)
        self._idx(idx)
        with np.errstate(all="ignore"):
            value = float(self._f(params[0], params[1]))
        return float(finite_result(value, "params"))

    def gradient(self, params, idx=None):
        """(df/dx, df/dy) at params = (x, y)."""
        params = self._params(params)
        self._idx(idx)
        with np.errstate(all="ignore"):
            grad = np.array(self._df(params[0], params[1]), dtype=float)
        return finite_result(grad, "params")

    def loss_and_gradient(self, params, idx=None):
        """(f(x, y), (df/dx, df/dy)) with only the check that both are finite (else ``NonFiniteError``).

        The :class:`gdcore.LossAndGradient` capability, for the engine's steps.
        """
        x, y = np.asarray(params, dtype=float)
        with np.errstate(all="ignore"):
            value, grad = float(self._f(x, y)), np.array(self._df(x, y), dtype=float)
        if not (math.isfinite(value) and math.isfinite(grad[0]) and math.isfinite(grad[1])):
            raise NonFiniteError("params are too large (or not finite): f or its gradient overflows")
        return value, grad

    def grid(self, n=80, window=None):
        """``(xs, ys, Z)``: n points per side over ``window`` (default ``domain``), Z[i, j] = f(xs[j], ys[i]).

        Z has shape (n, n), the layout Plotly's contour and surface traces expect.
        """
        n = positive(n, "n", integer=True)
        if not 2 <= n <= MAX_GRID:
            raise ValueError(f"n must be between 2 and {MAX_GRID}, got {n}")
        (x0, x1), (y0, y1) = _window(self.domain if window is None else window, "window")
        xs = np.linspace(x0, x1, n)
        ys = np.linspace(y0, y1, n)
        return xs, ys, self.value(xs[None, :], ys[:, None])

    def distance_to_minimum(self, points):
        """Euclidean distance from each point (shape (2,) or (k, 2)) to the nearest known minimum."""
        points = as_array(points, "points", ndim=(1, 2))
        if points.shape[-1] != 2:
            raise ValueError(f"points must have shape (2,) or (k, 2), got {points.shape}")
        if len(self.minima) == 0:
            raise ValueError(f"{self.label} has no minimum: there is no distance to it")
        with np.errstate(all="ignore"):
            gaps = points[..., None, :] - self.minima
            distances = np.sqrt((gaps * gaps).sum(axis=-1)).min(axis=-1)
        return finite_result(distances, "points")

    def _f(self, x, y):  # pragma: no cover - every surface overrides it
        raise NotImplementedError

    def _df(self, x, y):  # pragma: no cover
        raise NotImplementedError


class IllConditionedQuadratic(Surface):
    """An ill-conditioned bowl: f(x, y) = 0.1 x^2 + 2 y^2.

    Gradient (0.2 x, 4 y). One minimum, f(0, 0) = 0. The curvatures differ by
    a factor of 20, so a learning rate small enough for y (eta < 0.5) crawls
    along x: plain gradient descent zig-zags, momentum and the adaptive
    methods do better.
    """

    name = "quadratic"
    label = "Ill-conditioned quadratic"
    formula = r"f(x, y) = 0.1\,x^2 + 2\,y^2"
    expression = "0.1 * x**2 + 2 * y**2"
    domain = ((-5.0, 5.0), (-3.0, 3.0))
    start = (-4.5, 2.0)
    minima = np.array([[0.0, 0.0]])
    minimum_value = 0.0
    note = "One minimum at (0, 0); the valley is 20 times steeper across than along."

    def _f(self, x, y):
        return 0.1 * x * x + 2.0 * y * y

    def _df(self, x, y):
        return 0.2 * x, 4.0 * y


class Rosenbrock(Surface):
    """Rosenbrock's banana valley: f(x, y) = (1 - x)^2 + 100 (y - x^2)^2.

    Gradient: df/dx = -2 (1 - x) - 400 x (y - x^2), df/dy = 200 (y - x^2).
    One minimum, f(1, 1) = 0, at the end of a long, curved, flat valley.
    """

    name = "rosenbrock"
    label = "Rosenbrock"
    formula = r"f(x, y) = (1 - x)^2 + 100\,(y - x^2)^2"
    expression = "(1 - x)**2 + 100 * (y - x**2)**2"
    domain = ((-2.0, 2.0), (-1.0, 3.0))
    start = (-1.5, 2.0)
    minima = np.array([[1.0, 1.0]])
    minimum_value = 0.0
    note = "One minimum at (1, 1), at the end of a long, curved, flat valley."

    def _f(self, x, y):
        return (1.0 - x) ** 2 + 100.0 * (y - x * x) ** 2

    def _df(self, x, y):
        inner = y - x * x
        return -2.0 * (1.0 - x) - 400.0 * x * inner, 200.0 * inner


class Beale(Surface):
    """Beale's function: f(x, y) = (1.5 - x + x y)^2 + (2.25 - x + x y^2)^2 + (2.625 - x + x y^3)^2.

    With a = 1.5 - x + x y, b = 2.25 - x + x y^2, c = 2.625 - x + x y^3:
    df/dx = 2 a (y - 1) + 2 b (y^2 - 1) + 2 c (y^3 - 1),
    df/dy = 2 a x + 4 b x y + 6 c x y^2.
    One minimum, f(3, 0.5) = 0, with flat plateaus and steep walls.
    """

    name = "beale"
    label = "Beale"
    formula = r"f(x, y) = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2"
    expression = "(1.5 - x + x*y)**2 + (2.25 - x + x*y**2)**2 + (2.625 - x + x*y**3)**2"
    domain = ((-4.5, 4.5), (-4.5, 4.5))
    start = (1.0, 1.5)
    minima = np.array([[3.0, 0.5]])
    minimum_value = 0.0
    note = "One minimum at (3, 0.5); flat plateaus and very steep walls."

    def _f(self, x, y):
        a = 1.5 - x + x * y
        b = 2.25 - x + x * y * y
        c = 2.625 - x + x * y * y * y
        return a * a + b * b + c * c

    def _df(self, x, y):
        a = 1.5 - x + x * y
        b = 2.25 - x + x * y * y
        c = 2.625 - x + x * y * y * y
        dx = 2.0 * a * (y - 1.0) + 2.0 * b * (y * y - 1.0) + 2.0 * c * (y * y * y - 1.0)
        dy = 2.0 * a * x + 4.0 * b * x * y + 6.0 * c * x * y * y
        return dx, dy


class Himmelblau(Surface):
    """Himmelblau's function: f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2.

    Gradient: df/dx = 4 x (x^2 + y - 11) + 2 (x + y^2 - 7),
    df/dy = 2 (x^2 + y - 11) + 4 y (x + y^2 - 7).
    Four minima, all with f = 0: (3, 2), (-2.8051, 3.1313), (-3.7793, -3.2832)
    and (3.5844, -1.8481). Which one an optimiser finds depends on the start.
    """

    name = "himmelblau"
    label = "Himmelblau"
    formula = r"f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2"
    expression = "(x**2 + y - 11)**2 + (x + y**2 - 7)**2"
    domain = ((-5.0, 5.0), (-5.0, 5.0))
    start = (-0.5, -0.5)
    minima = np.array(
        [
            [3.0, 2.0],
            [-2.805118086952745, 3.131312518250573],
            [-3.779310253377747, -3.283185991286169],
            [3.5844283403304917, -1.8481265269644034],
        ]
    )
    minimum_value = 0.0
    note = "Four minima, all at f = 0: which one a run reaches depends on where it starts."

    def _f(self, x, y):
        a = x * x + y - 11.0
        b = x + y * y - 7.0
        return a * a + b * b

    def _df(self, x, y):
        a = x * x + y - 11.0
        b = x + y * y - 7.0
        return 4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b


class Saddle(Surface):
    """A saddle: f(x, y) = x^2 - y^2.

    Gradient (2 x, -2 y). It has NO minimum: (0, 0) is a saddle point (a
    minimum along x, a maximum along y) and f is unbounded below along y.
    Started near y = 0, gradient descent first slows down near the saddle,
    then escapes along y; ``minima`` is empty and ``minimum_value`` None.
    """

    name = "saddle"
    label = "Saddle"
    formula = r"f(x, y) = x^2 - y^2"
    expression = "x**2 - y**2"
    domain = ((-3.0, 3.0), (-3.0, 3.0))
    start = (-2.5, 0.1)
    minima = np.empty((0, 2))
    minimum_value = None
    note = "No minimum: (0, 0) is a saddle point and f falls without bound along y."

    def _f(self, x, y):
        return x * x - y * y

    def _df(self, x, y):
        return 2.0 * x, -2.0 * y


class SixHumpCamel(Surface):
    """The six-hump camel: f(x, y) = (4 - 2.1 x^2 + x^4 / 3) x^2 + x y + (-4 + 4 y^2) y^2.

    Gradient: df/dx = 8 x - 8.4 x^3 + 2 x^5 + y, df/dy = x - 8 y + 16 y^3.
    Two global minima, f = -1.0316 at +-(0.0898, -0.7127), and four local minima.
    """

    name = "camel"
    label = "Six-hump camel"
    formula = r"f(x, y) = \left(4 - 2.1\,x^2 + \tfrac{x^4}{3}\right)x^2 + xy + (-4 + 4y^2)\,y^2"
    expression = "(4 - 2.1 * x**2 + x**4 / 3) * x**2 + x * y + (-4 + 4 * y**2) * y**2"
    domain = ((-2.0, 2.0), (-1.2, 1.2))
    start = (-1.2, -1.0)
    minima = np.array(
        [[0.08984201310031807, -0.7126564030207396], [-0.08984201310031807, 0.7126564030207396]]
    )
    minimum_value = -1.0316284534898774
    note = "Two global minima, f = −1.0316 at ±(0.0898, −0.7127), and four local ones."

    def _f(self, x, y):
        x2 = x * x
        y2 = y * y
        return (4.0 - 2.1 * x2 + x2 * x2 / 3.0) * x2 + x * y + (-4.0 + 4.0 * y2) * y2

    def _df(self, x, y):
        x2 = x * x
        return 8.0 * x - 8.4 * x2 * x + 2.0 * x2 * x2 * x + y, x - 8.0 * y + 16.0 * y * y * y


class Rastrigin(Surface):
    """Rastrigin's function: f(x, y) = 20 + x^2 - 10 cos(2 pi x) + y^2 - 10 cos(2 pi y).

    Gradient: df/dx = 2 x + 20 pi sin(2 pi x), df/dy = 2 y + 20 pi sin(2 pi y).
    One global minimum, f(0, 0) = 0, among a lattice of local minima near the
    integer points: gradient methods stop in the nearest dip.
    """

    name = "rastrigin"
    label = "Rastrigin"
    formula = r"f(x, y) = 20 + x^2 - 10\cos(2\pi x) + y^2 - 10\cos(2\pi y)"
    expression = "20 + x**2 - 10 * cos(2 * pi * x) + y**2 - 10 * cos(2 * pi * y)"
    domain = ((-4.0, 4.0), (-4.0, 4.0))
    start = (-3.2, 2.3)
    minima = np.array([[0.0, 0.0]])
    minimum_value = 0.0
    note = "One global minimum at (0, 0) among many local ones, near every integer point."

    def _f(self, x, y):
        two_pi = 2.0 * math.pi
        return 20.0 + x * x - 10.0 * np.cos(two_pi * x) + y * y - 10.0 * np.cos(two_pi * y)

    def _df(self, x, y):
        two_pi = 2.0 * math.pi
        return 2.0 * x + 10.0 * two_pi * np.sin(two_pi * x), 2.0 * y + 10.0 * two_pi * np.sin(two_pi * y)


SURFACES: dict[str, Surface] = {
    surface.name: surface
    for surface in (
        IllConditionedQuadratic(),
        Rosenbrock(),
        Beale(),
        Himmelblau(),
        Saddle(),
        SixHumpCamel(),
        Rastrigin(),
    )
}


@dataclass(eq=False, frozen=True)
class OptimiserPath:
    """What :func:`optimiser_path` saw (n = the number of steps taken).

    Attributes
    ----------
    params : array (n + 1, 2)
        theta_0 (the start) and the point after each step; all finite.
    loss : array (n + 1,)
        f at each of those points.
    gradient : array (n, 2)
        g_k, the gradient at ``params[k]`` used by step k.
    state : dict of arrays
        The optimiser's state after k steps, k = 0..n: ``state["step"]`` is
        0..n and each named array of the state (``momentum``, ``accumulator``,
        ``m``, ``v``, ...) is stacked into shape (n + 1, 2); row 0 is ``init``.
    diverged_at : int or None
        None, or the step k that broke down (its new point, or the loss
        there, is not finite); the path stops before it.
    """

    params: np.ndarray
    loss: np.ndarray
    gradient: np.ndarray
    state: dict
    diverged_at: int | None

    @property
    def n_steps(self) -> int:
        """The number of steps taken."""
        return len(self.gradient)

    @property
    def steps(self) -> np.ndarray:
        """The effective steps theta_{k+1} - theta_k, shape (n, 2)."""
        return np.diff(self.params, axis=0)


def optimiser_path(problem, start, optimiser, steps):
    """Run ``optimiser`` from ``start`` for ``steps`` full-batch steps; return an :class:`OptimiserPath`.

    The loop of batch gradient descent, keeping every state on the way::

        state = optimiser.init(theta_0)
        for k in range(steps):
            g_k = gradient(theta_k)
            theta_{k+1}, state = optimiser.step(theta_k, g_k, state)

    It is ``descend(problem, start, optimiser, steps, record=True)`` (the same
    updates as ``fit(problem, start, optimiser, epochs=steps)``), seen as a
    path: the points, the loss at each, the gradients and the optimiser's
    state after every step, for a page to look inside. A run that breaks down
    (a non-finite point, or a non-finite loss there) stops there:
    ``diverged_at`` says at which step and the path keeps what came before.

    Parameters
    ----------
    problem : a *problem*, e.g. one of ``SURFACES``
    start : array (n_params,)
        theta_0.
    optimiser : SGD, Adagrad, RMSprop, Adam (or anything with ``init``/``step``)
    steps : int, 1 <= steps <= 100000
    """
    steps = count(steps, "steps", cap=MAX_STEPS)
    start = as_array(start, "start", ndim=1)
    try:
        history = descend(problem, start, optimiser, steps, record=True)
    except ValueError as error:
        raise ValueError(f"start: {error}") from None
    # The History keeps a last finite point whose loss is not finite: the path does not.
    kept = len(history.epoch_loss)
    if kept == 0:
        raise ValueError("start: the loss is not finite there")
    return OptimiserPath(
        params=history.params[:kept],
        loss=history.epoch_loss,
        gradient=history.gradient[: kept - 1],
        state={name: values[:kept] for name, values in history.state.items()},
        diverged_at=None if history.diverged_at is None else kept - 1,
    )


def max_path_difference(problem, start, first, second, steps):
    """How far apart two optimisers' paths get: max_k |a_k - b_k| / max(1, |a_k|, |b_k|).

    Both run :func:`optimiser_path` from ``start`` for ``steps`` steps; a_k and
    b_k are any coordinate of their k-th points, over the steps that both
    completed. The difference is absolute for points within 1 of the origin
    and relative beyond (so that rounding on a diverging run stays ~1e-16).
    Used to compare the Keras and PyTorch conventions: SGD with momentum at a
    constant learning rate gives the same path (up to rounding) in both,
    RMSprop with each framework's defaults does not.
    """
    a = optimiser_path(problem, start, first, steps).params
    b = optimiser_path(problem, start, second, steps).params
    n = min(len(a), len(b))
    a, b = a[:n], b[:n]
    with np.errstate(all="ignore"):
        scale = np.maximum(1.0, np.maximum(np.abs(a), np.abs(b)))
        gap = float(np.max(np.abs(a / scale - b / scale)))
    return float(finite_result(gap, "the two paths"))
