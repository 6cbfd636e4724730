"""One-dimensional cost functions and plain gradient descent on them.

A ``Function1D`` bundles a cost f(x), its derivative f'(x), the interval it
lives on and a default starting point. It is also a gdcore *problem* (one
example, parameters ``[x]``), so ``fit`` and the optimisers can run on it.

The slide "Gradient-based learning" (the "Make a guess" widget) hides
``LECTURE_GUESS``; ``PITFALLS`` draws the shape of the slide "Gradient descent
pitfalls"; ``CONVEX_QUADRATIC`` is the bowl of the slides "Learning rates".
``GUESS_FUNCTIONS`` is the menu of the guessing game.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from gdcore._validate import NonFiniteError, as_array, count, finite_number, finite_result, positive
from gdcore.optimisers import SGD
from gdcore.training import descend

_GRID = 4001  # points used to locate the critical points
_BISECTIONS = 80  # enough to reach float precision on any of our domains


class _Checked:
    """f or f' of a ``Function1D``, made safe: x must be finite numbers, the result must be finite.

    Float overflow (x far outside the domain) raises ``NonFiniteError`` (a ValueError)
    instead of returning inf with a RuntimeWarning. ``raw`` is the callable given.
    """

    def __init__(self, raw, name: str):
        self.raw = raw.raw if isinstance(raw, _Checked) else raw
        self.name = name

    def __call__(self, x):
        x = as_array(x, "x", allow_empty=True)
        with np.errstate(all="ignore"):
            out = np.asarray(self.raw(x), dtype=float)
        return finite_result(out, f"the values of x given to {self.name}")

    def __repr__(self) -> str:
        return f"{self.name}: {self.raw!r}"


@dataclass(frozen=True)
class Function1D:
    """A cost f on [low, high] with its derivative f'.

    Parameters
    ----------
    name : str, shown to students.
    f, df : callables taking a float array and returning an array of the same
        shape: the cost f(x) and its exact derivative f'(x).
    domain : (low, high), the interval where x may go.
    start : float in the domain, the default first guess / starting point x_0.
    formula : LaTeX of f for ``st.latex`` (never drawn inside Plotly).
    derivative_formula : LaTeX of f'.
    learning_rate : a learning rate eta that makes gradient descent behave well
        from ``start`` (its scale depends on f's curvature).
    """

    name: str
    f: Callable = field(repr=False)
    df: Callable = field(repr=False)
    domain: tuple[float, float]
    start: float
    formula: str = ""
    derivative_formula: str = ""
    learning_rate: float = 0.1

    n_examples = 1  # a gdcore problem with a single "example"

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name:
            raise ValueError("name must be a non-empty string")
        if not callable(self.f):
            raise TypeError("f must be callable")
        if not callable(self.df):
            raise TypeError("df must be callable")
        object.__setattr__(self, "f", _Checked(self.f, "f"))
        object.__setattr__(self, "df", _Checked(self.df, "f'"))
        if not isinstance(self.domain, (tuple, list)):
            raise TypeError(f"domain must be a pair (low, high), got {type(self.domain).__name__}")
        if len(self.domain) != 2:
            raise ValueError(f"domain must be (low, high), got {self.domain}")
        low, high = (finite_number(v, "domain") for v in self.domain)
        if not low < high:
            raise ValueError(f"domain must be (low, high) with low < high, got {self.domain}")
        object.__setattr__(self, "domain", (low, high))
        start = finite_number(self.start, "start")
        if not low <= start <= high:
            raise ValueError(f"start must lie in the domain [{low}, {high}], got {start}")
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "learning_rate", positive(self.learning_rate, "learning_rate"))

    # -- values ---------------------------------------------------------------
    def __call__(self, x):
        """f(x) for a number (returns a float) or an array (returns an array)."""
        return self._apply(self.f, x)

    def derivative(self, x):
        """f'(x) for a number (returns a float) or an array (returns an array)."""
        return self._apply(self.df, x)

    @staticmethod
    def _apply(function, x):
        out = function(as_array(x, "x"))
        return float(out) if out.ndim == 0 else out

    @property
    def width(self) -> float:
        """high - low."""
        return self.domain[1] - self.domain[0]

    @property
    def tangent_width(self) -> float:
        """Width in x of a drawn tangent: 1/20 of the domain (5 on the lecture's [0, 100])."""
        return self.width / 20

    @property
    def resolution(self) -> float:
        """A round step for a slider over the domain: 1 on [0, 100], 0.1 on [-10, 10]."""
        return 10.0 ** math.floor(math.log10(self.width / 100))

    def grid(self, n: int = 401):
        """(x, f(x)) on ``n`` equally spaced points of the domain, for drawing the curve."""
        n = count(n, "n", minimum=2, cap=1_000_000)
        xs = np.linspace(*self.domain, n)
        return xs, self(xs)

    def tangent(self, x, width: float | None = None):
        """The tangent segment through (x, f(x)): x +- width/2 and f(x) +- f'(x) width/2.

        Returns two arrays of length 2 (x values, y values). ``width`` defaults to
        ``tangent_width``.
        """
        x = finite_number(x, "x")
        half = (self.tangent_width if width is None else positive(width, "width")) / 2
        fx, slope = self(x), self.derivative(x)
        with np.errstate(all="ignore"):
            xs = np.array([x - half, x + half])
            ys = np.array([fx - slope * half, fx + slope * half])
        return finite_result(xs, "x and width"), finite_result(ys, "x and width")

    def downhill(self, x) -> int:
        """Which way is downhill at x: -1 (left) when f'(x) > 0, +1 (right) when f'(x) < 0, 0 when flat."""
        return -int(np.sign(self.derivative(finite_number(x, "x"))))

    def in_domain(self, x) -> bool:
        """True when low <= x <= high (False for NaN)."""
        if isinstance(x, bool) or not isinstance(x, numbers.Real):
            raise TypeError(f"x must be a number, got {type(x).__name__}")
        return bool(self.domain[0] <= x <= self.domain[1])

    def table(self, xs) -> dict:
        """For points x_1, ..., x_m: a dict of arrays ``x``, ``f(x)``, ``f'(x)`` and ``downhill``
        (-1 left, +1 right, 0 flat), the numbers behind the drawn tangents."""
        xs = as_array(xs, "xs", ndim=1, allow_empty=True)
        slopes = self.df(xs)
        return {
            "x": xs,
            "f(x)": self.f(xs),
            "f'(x)": slopes,
            "downhill": -np.sign(slopes),
        }

    def best_of(self, xs) -> tuple[float, float]:
        """(x, f(x)) of the point of ``xs`` with the lowest f: the best guess so far."""
        xs = as_array(xs, "xs", ndim=1)
        values = self.f(xs)
        best = int(np.argmin(values))
        return float(xs[best]), float(values[best])

    # -- minima ---------------------------------------------------------------
    @cached_property
    def minima(self) -> tuple[tuple[float, float], ...]:
        """The interior local minima as (x, f(x)) pairs, left to right.

        Found where f' changes sign from - to + on a fine grid, then refined by
        bisection on f' to float precision, so f'(x) = 0 there.
        """
        return tuple((x, self(x)) for x in self._sign_changes(rising=True))

    @cached_property
    def maxima(self) -> tuple[tuple[float, float], ...]:
        """The interior local maxima as (x, f(x)) pairs (f' changes from + to -)."""
        return tuple((x, self(x)) for x in self._sign_changes(rising=False))

    @cached_property
    def global_minimum(self) -> tuple[float, float]:
        """(x, f(x)) of the smallest value on [low, high]: an interior minimum or an end point."""
        candidates = [*self.minima, *((end, self(end)) for end in self.domain)]
        return min(candidates, key=lambda pair: pair[1])

    def _sign_changes(self, rising: bool) -> list[float]:
        xs = np.linspace(*self.domain, _GRID)
        slopes = np.asarray(self.df(xs), dtype=float)
        if not rising:
            slopes = -slopes
        found = []
        for i in np.flatnonzero((slopes[:-1] < 0) & (slopes[1:] >= 0)):
            if i + 1 == _GRID - 1 and slopes[-1] == 0:
                continue  # flat at the right end: an end point, not an interior minimum
            a, b = xs[i], xs[i + 1]
            sign = 1.0 if rising else -1.0
            for _ in range(_BISECTIONS):
                middle = (a + b) / 2
                if sign * float(self.df(np.array(middle))) < 0:
                    a = middle
                else:
                    b = middle
            found.append(float((a + b) / 2))
        return found

    # -- a gdcore problem -----------------------------------------------------
    def loss(self, params, idx=None) -> float:
        """f(x) for params = [x] (``idx`` is ignored: there is one example)."""
        params = as_array(params, "params", ndim=1)
        if params.size != 1:
            raise ValueError(f"params must hold one number [x], got shape {params.shape}")
        return float(self(params[0]))

    def gradient(self, params, idx=None):
        """[f'(x)] for params = [x]."""
        params = as_array(params, "params", ndim=1)
        if params.size != 1:
            raise ValueError(f"params must hold one number [x], got shape {params.shape}")
        return np.array([self.derivative(params[0])])

    def loss_and_gradient(self, params, idx=None):
        """(f(x), [f'(x)]) for params = [x], checking only that both are finite (else ``NonFiniteError``).

        The :class:`gdcore.LossAndGradient` capability, for the engine's steps.
        """
        x = np.asarray(params, dtype=float).reshape(1)
        with np.errstate(all="ignore"):
            value = float(np.asarray(self.f.raw(x), dtype=float).reshape(1)[0])
            slope = np.asarray(self.df.raw(x), dtype=float).reshape(1)
        if not (math.isfinite(value) and math.isfinite(slope[0])):
            raise NonFiniteError(f"f(x) or f'(x) is not finite at x = {x[0]}")
        return value, slope


STOP_REASONS = ("diverged", "left the domain")
"""Why ``gradient_descent_1d`` stopped before its last step."""


@dataclass(frozen=True)
class Descent1D:
    """The iterates of gradient descent on a ``Function1D``.

    ``x`` and ``fx`` hold x_0, x_1, ... up to the last iterate that is finite and
    inside the domain. When the run stopped early, ``stop_reason`` is
    ``"diverged"`` (f' or x not finite) or ``"left the domain"``, ``stop_step`` is
    the step k whose result x_k was rejected (so ``len(x) == stop_step``), and
    ``rejected_x`` is that value. Otherwise all three are None.
    """

    x: np.ndarray
    fx: np.ndarray
    stop_step: int | None = None
    stop_reason: str | None = None
    rejected_x: float | None = None

    def __post_init__(self):
        x = as_array(self.x, "x", ndim=1)
        fx = as_array(self.fx, "fx", ndim=1)
        if fx.shape != x.shape:
            raise ValueError(f"x and fx must have the same length, got {x.size} and {fx.size}")
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "fx", fx)
        stopped = (self.stop_step, self.stop_reason, self.rejected_x)
        if all(v is None for v in stopped):
            return
        if self.stop_step is None or self.stop_reason is None or self.rejected_x is None:
            raise ValueError("stop_step, stop_reason and rejected_x must be given together")
        if self.stop_step != count(self.stop_step, "stop_step", cap=x.size) or self.stop_step != x.size:
            raise ValueError(f"stop_step must be len(x) = {x.size} (the step rejected), got {self.stop_step}")
        if self.stop_reason not in STOP_REASONS:
            raise ValueError(f"stop_reason must be one of {STOP_REASONS}, got {self.stop_reason!r}")
        if isinstance(self.rejected_x, bool) or not isinstance(self.rejected_x, numbers.Real):
            raise TypeError(f"rejected_x must be a number, got {type(self.rejected_x).__name__}")
        object.__setattr__(self, "stop_step", int(self.stop_step))
        object.__setattr__(self, "rejected_x", float(self.rejected_x))

    @property
    def steps_taken(self) -> int:
        """Updates actually made: len(x) - 1."""
        return len(self.x) - 1

    def __len__(self) -> int:
        return len(self.x)

    def __array__(self, dtype=None, copy=None):
        """``np.asarray(run)`` is the array of iterates x_0, x_1, ..."""
        return np.asarray(self.x, dtype=dtype)


MAX_STEPS = 1_000_000
"""Most updates ``gradient_descent_1d`` makes in one call."""


def gradient_descent_1d(fn: Function1D, x0, learning_rate, steps) -> Descent1D:
    """Plain gradient descent, x_{k+1} = x_k - eta f'(x_k), for ``steps`` steps.

    ``descend(fn, [x0], SGD(eta), steps, within=<the domain>)``: the engine's
    loop, stopped at the domain's edge.

    Parameters
    ----------
    fn : Function1D.
    x0 : float in fn's domain, the starting point.
    learning_rate : float > 0, eta.
    steps : int >= 0, the number of updates.

    Stops early, keeping what came before, when an update is not finite
    ("diverged") or lands outside fn's domain ("left the domain").
    """
    if not isinstance(fn, Function1D):
        raise TypeError(f"fn must be a Function1D, got {type(fn).__name__}")
    x = finite_number(x0, "x0")
    if not fn.in_domain(x):
        raise ValueError(f"x0 must lie in the domain [{fn.domain[0]}, {fn.domain[1]}], got {x}")
    eta = positive(learning_rate, "learning_rate")
    steps = count(steps, "steps", minimum=0, cap=MAX_STEPS)
    low, high = fn.domain
    history = descend(fn, np.array([x]), SGD(eta), steps, within=lambda theta: low <= theta[0] <= high)
    xs = history.params[:, 0]
    stop = reason = rejected = None
    if history.rejected_params is not None:
        rejected = float(history.rejected_params[0])
    elif history.diverged_at is not None:  # f'(x) not finite at the last x: its step has no finite result
        with np.errstate(all="ignore"):
            rejected = float(xs[-1] - eta * fn.df.raw(xs[-1:])[0])
    if rejected is not None:
        stop = len(xs)
        reason = "diverged" if not math.isfinite(rejected) else "left the domain"
    return Descent1D(xs, fn.f(xs), stop, reason, rejected)


# -- the functions ------------------------------------------------------------


def _lecture_f(x):
    return (x / 100) ** 2 * np.sin(x / 5)


def _lecture_df(x):
    return 2 * x / 100**2 * np.sin(x / 5) + (x / 100) ** 2 * np.cos(x / 5) / 5


def original_widget_derivative(x):
    """The derivative the lecture's original widget drew, whose first term is 100 times too small.

    2 x / 100^3 sin(x/5) + (x/100)^2 cos(x/5) / 5 (the true f' has 2 x / 100^2 in
    front). At x = 25 it gives +0.0035 although the true slope is -0.00125, so its
    tangent pointed uphill. Kept only to show the difference.
    """
    x = as_array(x, "x")
    with np.errstate(all="ignore"):
        out = 2 * x / 100**3 * np.sin(x / 5) + (x / 100) ** 2 * np.cos(x / 5) / 5
    out = finite_result(out, "the values of x")
    return float(out) if out.ndim == 0 else out


LECTURE_GUESS = Function1D(
    name="The lecture's function",
    f=_lecture_f,
    df=_lecture_df,
    domain=(0.0, 100.0),
    start=50.0,
    formula=r"f(x) = \left(\frac{x}{100}\right)^2 \sin\left(\frac{x}{5}\right)",
    derivative_formula=(
        r"f'(x) = \frac{2x}{100^2} \sin\left(\frac{x}{5}\right)"
        r" + \left(\frac{x}{100}\right)^2 \frac{\cos(x/5)}{5}"
    ),
    learning_rate=20.0,
)
"""The hidden function of the slide "Gradient-based learning"; minima near 25.43, 55.86, 86.97 (global)."""

LATER_GUESS = Function1D(
    name="A later version of the course",
    f=lambda x: 0.1 * x**2 + 2 * np.sin(x) + 5,
    df=lambda x: 0.2 * x + 2 * np.cos(x),
    domain=(-10.0, 10.0),
    start=5.0,
    formula=r"f(x) = 0.1 x^2 + 2 \sin x + 5",
    derivative_formula=r"f'(x) = 0.2 x + 2 \cos x",
    learning_rate=0.2,
)
"""The function of a later version of the course's widget, on [-10, 10]."""


def _bump(x, centre, spread):
    return np.exp(-((x - centre) ** 2) / (2 * spread**2))


def _pitfalls_f(x):
    return 2.0 + 2.5 * np.exp(-1.5 * x) - 0.8 * _bump(x, 1.5, 0.45) - 1.8 * _bump(x, 4.5, 0.7) + 0.02 * x


def _pitfalls_df(x):
    return (
        -3.75 * np.exp(-1.5 * x)
        + 0.8 * _bump(x, 1.5, 0.45) * (x - 1.5) / 0.45**2
        + 1.8 * _bump(x, 4.5, 0.7) * (x - 4.5) / 0.7**2
        + 0.02
    )


PITFALLS = Function1D(
    name="A local minimum and a plateau",
    f=_pitfalls_f,
    df=_pitfalls_df,
    domain=(0.0, 10.0),
    start=8.0,
    formula=(
        r"f(x) = 2 + 2.5 e^{-1.5x} - 0.8\, e^{-(x-1.5)^2 / (2 \cdot 0.45^2)}"
        r" - 1.8\, e^{-(x-4.5)^2 / (2 \cdot 0.7^2)} + 0.02 x"
    ),
    derivative_formula=(
        r"f'(x) = -3.75 e^{-1.5x} + 0.8\, e^{-(x-1.5)^2 / (2 \cdot 0.45^2)} \frac{x - 1.5}{0.45^2}"
        r" + 1.8\, e^{-(x-4.5)^2 / (2 \cdot 0.7^2)} \frac{x - 4.5}{0.7^2} + 0.02"
    ),
    learning_rate=0.1,
)
"""The shape of Geron's "Gradient descent pitfalls" figure: a wall on the left, a local
minimum near x = 1.6, the global minimum near x = 4.5, then a plateau with slope about
0.02 to the right of x = 7, where gradient descent crawls."""

SEVERAL_MINIMA = Function1D(
    name="Several minima",
    f=lambda x: (x - 1) ** 2 / 8 + 1.5 * np.sin(2 * x),
    df=lambda x: (x - 1) / 4 + 3 * np.cos(2 * x),
    domain=(-6.0, 6.0),
    start=0.0,
    formula=r"f(x) = \frac{(x-1)^2}{8} + 1.5 \sin 2x",
    derivative_formula=r"f'(x) = \frac{x-1}{4} + 3 \cos 2x",
    learning_rate=0.05,
)
"""Four local minima on [-6, 6], two of them almost equally deep (near -0.71 and 2.30)."""


def convex_quadratic(curvature=1.0, centre=0.0, domain=(-10.0, 10.0), start=None) -> Function1D:
    """The convex bowl f(x) = (a/2) (x - c)^2 with f'(x) = a (x - c), a = ``curvature``.

    Gradient descent contracts by the factor (1 - eta a) per step: it converges for
    0 < eta < 2/a, crawls when eta is much smaller than 1/a and oscillates then
    diverges past 2/a (slides "Learning rates"). ``start`` defaults to 80 % of the
    way from the centre to the right end of the domain.
    """
    a = positive(curvature, "curvature")
    c = finite_number(centre, "centre")
    low, high = (finite_number(v, "domain") for v in domain)
    if start is None:
        start = c + 0.8 * (high - c) if low <= c <= high else (low + high) / 2
    return Function1D(
        name=f"Convex quadratic: ({a:g}/2)(x − {c:g})²",
        f=lambda x: a / 2 * (x - c) ** 2,
        df=lambda x: a * (x - c),
        domain=(low, high),
        start=start,
        formula=rf"f(x) = \frac{{{a:g}}}{{2}} (x - {c:g})^2",
        derivative_formula=rf"f'(x) = {a:g} (x - {c:g})",
        learning_rate=0.5 / a,
    )


CONVEX_QUADRATIC = convex_quadratic()
"""f(x) = x^2 / 2 on [-10, 10], starting at 8: the learning-rate pages' bowl."""

GUESS_FUNCTIONS: dict[str, Function1D] = {
    "lecture": LECTURE_GUESS,
    "later": LATER_GUESS,
    "plateau": PITFALLS,
    "several": SEVERAL_MINIMA,
}
"""The hidden functions of the "Make a guess" game, by URL-friendly key (the lecture's first)."""
