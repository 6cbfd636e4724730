"""Learning-rate schedules: the learning rate eta as a function of the step count.

Slide "Learning rate schedule". Keras 3 names and formulas
(``keras.optimizers.schedules``); the step counts from 0, as in Keras, where
the first update uses ``schedule(0)``.

A schedule is just a function of the step (as in optax): ``schedule(step)``
takes an int, or an integer numpy array of steps, and returns a float, or a
float array of the same shape. Any callable with that behaviour can be given
to an optimiser as its ``learning_rate``.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from gdcore._validate import finite_number, flag, non_negative, positive

__all__ = ["CosineDecay", "ExponentialDecay", "InverseTimeDecay", "PiecewiseConstantDecay"]


def _as_steps(step):
    """Return ``(steps as a float array, was_scalar)``; raise unless ``step`` is an integer >= 0."""
    if isinstance(step, (bool, np.bool_)):
        raise TypeError("step must be an integer (or an integer array), got a bool")
    if isinstance(step, numbers.Integral):
        if step < 0:
            raise ValueError(f"step must be >= 0, got {step}")
        return np.float64(step), True
    array = np.asarray(step)
    if array.dtype.kind not in "iu":
        raise TypeError(f"step must be an integer or an integer array, got {array.dtype} values")
    if array.size and array.min() < 0:
        raise ValueError(f"step must be >= 0, got a minimum of {array.min()}")
    return array.astype(float), array.ndim == 0


def _result(values, scalar):
    return float(values) if scalar else np.asarray(values, dtype=float)


class _Schedule:
    """Shared helpers: a readable repr built from the constructor's arguments."""

    _fields: tuple[str, ...] = ()

    def __repr__(self):
        args = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({args})"

    def __call__(self, step):  # pragma: no cover - every schedule overrides it
        raise NotImplementedError


def _decay_progress(steps, decay_steps, staircase):
    """step / decay_steps, floored when ``staircase`` (step decay): the exponent or ratio of a decay."""
    p = steps / decay_steps
    return np.floor(p) if staircase else p


class ExponentialDecay(_Schedule):
    """eta(step) = eta_0 * decay_rate ** (step / decay_steps).

    With ``staircase=True`` the exponent is ``floor(step / decay_steps)``: the
    rate drops by the factor ``decay_rate`` every ``decay_steps`` steps.

    Parameters
    ----------
    initial_learning_rate : float > 0
        eta_0, the learning rate at step 0.
    decay_steps : float > 0
        Steps over which the rate is multiplied by ``decay_rate``.
    decay_rate : float > 0
        The factor (below 1 for a decay).
    staircase : bool
        Decay in discrete jumps instead of continuously.
    """

    _fields = ("initial_learning_rate", "decay_steps", "decay_rate", "staircase")

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False):
        self.initial_learning_rate = positive(initial_learning_rate, "initial_learning_rate")
        self.decay_steps = positive(decay_steps, "decay_steps")
        self.decay_rate = positive(decay_rate, "decay_rate")
        self.staircase = flag(staircase, "staircase")

    def __call__(self, step):
        steps, scalar = _as_steps(step)
        p = _decay_progress(steps, self.decay_steps, self.staircase)
        return _result(self.initial_learning_rate * np.power(self.decay_rate, p), scalar)


class InverseTimeDecay(_Schedule):
    """eta(step) = eta_0 / (1 + decay_rate * step / decay_steps).

    With ``staircase=True`` the ratio is ``floor(step / decay_steps)``.

    Parameters
    ----------
    initial_learning_rate : float > 0
        eta_0, the learning rate at step 0.
    decay_steps : float > 0
        The time unit of the decay.
    decay_rate : float >= 0
        How fast the rate falls (0 keeps it constant).
    staircase : bool
        Decay in discrete jumps instead of continuously.
    """

    _fields = ("initial_learning_rate", "decay_steps", "decay_rate", "staircase")

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False):
        self.initial_learning_rate = positive(initial_learning_rate, "initial_learning_rate")
        self.decay_steps = positive(decay_steps, "decay_steps")
        self.decay_rate = non_negative(decay_rate, "decay_rate")
        self.staircase = flag(staircase, "staircase")

    def __call__(self, step):
        steps, scalar = _as_steps(step)
        p = _decay_progress(steps, self.decay_steps, self.staircase)
        return _result(self.initial_learning_rate / (1.0 + self.decay_rate * p), scalar)


class PiecewiseConstantDecay(_Schedule):
    """A step function: ``values[i]`` while ``boundaries[i-1] < step <= boundaries[i]``.

    So ``values[0]`` for ``step <= boundaries[0]`` and ``values[-1]`` for
    ``step > boundaries[-1]`` (Keras's convention: a boundary step still uses
    the value before it).

    Parameters
    ----------
    boundaries : sequence of numbers, strictly increasing
    values : sequence of floats >= 0, one more than ``boundaries``
    """

    _fields = ("boundaries", "values")

    def __init__(self, boundaries, values):
        if isinstance(boundaries, (str, bytes)) or isinstance(values, (str, bytes)):
            raise TypeError("boundaries and values must be sequences of numbers")
        self.boundaries = [finite_number(b, "boundaries") for b in boundaries]
        self.values = [non_negative(v, "values") for v in values]
        if len(self.values) != len(self.boundaries) + 1:
            raise ValueError(
                "values must have one more entry than boundaries, got "
                f"{len(self.values)} values and {len(self.boundaries)} boundaries"
            )
        if any(b >= c for b, c in zip(self.boundaries, self.boundaries[1:], strict=False)):
            raise ValueError(f"boundaries must be strictly increasing, got {self.boundaries}")
        self._boundaries = np.array(self.boundaries, dtype=float)
        self._values = np.array(self.values, dtype=float)

    def __call__(self, step):
        steps, scalar = _as_steps(step)
        # searchsorted(side="left") counts the boundaries strictly below the step.
        return _result(self._values[np.searchsorted(self._boundaries, steps, side="left")], scalar)


class CosineDecay(_Schedule):
    """Optional linear warm-up, then a cosine decay (Keras 3's ``CosineDecay``).

    Without warm-up (``warmup_target=None``), with t = min(step, decay_steps):

        eta(step) = eta_0 * ((1 - alpha) * 0.5 * (1 + cos(pi * t / decay_steps)) + alpha)

    so the rate falls from eta_0 to alpha * eta_0 and then stays there.

    With ``warmup_target``, the rate first rises linearly from eta_0 to
    ``warmup_target`` over ``warmup_steps`` steps,
    eta(step) = eta_0 + (warmup_target - eta_0) * step / warmup_steps, and then
    decays as above from ``warmup_target`` (in place of eta_0) over
    ``decay_steps`` more steps. As in Keras, ``warmup_steps`` is ignored when
    ``warmup_target`` is None.

    Parameters
    ----------
    initial_learning_rate : float >= 0
        eta_0 (may be 0 only when warming up).
    decay_steps : float > 0
        Length of the cosine decay.
    alpha : float in [0, 1]
        Final rate as a fraction of the rate the decay starts from.
    warmup_target : float > 0 or None
        The rate reached at the end of the warm-up.
    warmup_steps : int >= 0
        Length of the warm-up.
    """

    _fields = ("initial_learning_rate", "decay_steps", "alpha", "warmup_target", "warmup_steps")

    def __init__(self, initial_learning_rate, decay_steps, alpha=0.0, warmup_target=None, warmup_steps=0):
        self.initial_learning_rate = non_negative(initial_learning_rate, "initial_learning_rate")
        if warmup_target is None and self.initial_learning_rate == 0:
            raise ValueError("initial_learning_rate must be > 0 when there is no warmup_target")
        self.decay_steps = positive(decay_steps, "decay_steps")
        self.alpha = non_negative(alpha, "alpha")
        if self.alpha > 1:
            raise ValueError(f"alpha must be in [0, 1], got {self.alpha}")
        self.warmup_target = None if warmup_target is None else positive(warmup_target, "warmup_target")
        if isinstance(warmup_steps, bool) or not isinstance(warmup_steps, numbers.Integral):
            raise TypeError(f"warmup_steps must be an integer, got {warmup_steps!r}")
        if warmup_steps < 0:
            raise ValueError(f"warmup_steps must be >= 0, got {warmup_steps}")
        self.warmup_steps = int(warmup_steps)

    def _decay(self, t, start):
        cosine = 0.5 * (1.0 + np.cos(math.pi * t / self.decay_steps))
        return start * ((1.0 - self.alpha) * cosine + self.alpha)

    def __call__(self, step):
        steps, scalar = _as_steps(step)
        if self.warmup_target is None:
            return _result(
                self._decay(np.minimum(steps, self.decay_steps), self.initial_learning_rate), scalar
            )
        w = self.warmup_steps
        t = np.minimum(steps, self.decay_steps + w)
        decayed = self._decay(np.maximum(t - w, 0.0), self.warmup_target)
        if w == 0:
            return _result(decayed, scalar)
        warm = self.initial_learning_rate + (self.warmup_target - self.initial_learning_rate) * (t / w)
        return _result(np.where(t < w, warm, decayed), scalar)
