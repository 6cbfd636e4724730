"""A two-link robot arm that reaches for a target by gradient descent on its joint angles.

Slide "Learning rates #2" (Matt Henderson's animation). The shoulder sits at the origin;
link 1 (length l1) turns by theta1 from the x-axis, link 2 (length l2) by theta2 from link 1:

    elbow = (l1 cos theta1, l1 sin theta1)
    hand  = elbow + (l2 cos(theta1 + theta2), l2 sin(theta1 + theta2))

The loss is L = 0.5 ||hand - target||^2, with d = hand - target:

    dL/dtheta1 = d . (-hand_y, hand_x)
    dL/dtheta2 = d . (-l2 sin(theta1 + theta2), l2 cos(theta1 + theta2))

The hand can reach every point at a distance between |l1 - l2| and l1 + l2 from the shoulder.
"""

from __future__ import annotations

import math

import numpy as np

from gdcore._validate import NonFiniteError, as_array, count, finite_number, finite_result, positive
from gdcore.optimisers import SGD
from gdcore.training import MAX_STEPS, descend

__all__ = ["RobotArm", "arm_positions", "reach_target"]

_LARGEST = 1e100  # lengths and target coordinates above this would overflow the squared distance


def _lengths(lengths):
    lengths = as_array(lengths, "lengths", ndim=1)
    if lengths.size != 2 or np.any(lengths <= 0) or np.any(lengths > _LARGEST):
        raise ValueError(f"lengths must be two numbers in (0, {_LARGEST:g}] (l1, l2), got {lengths.tolist()}")
    return lengths


def arm_positions(theta, lengths=(1.0, 0.8)):
    """(elbow, hand) for joint angles ``theta`` = (theta1, theta2) in radians.

    ``theta`` has shape (2,) or (k, 2) (k poses); elbow and hand have the same shape.
    With both angles 0 the arm lies along the x-axis: hand = (l1 + l2, 0).
    """
    theta = as_array(theta, "theta", ndim=(1, 2))
    if theta.shape[-1] != 2:
        raise ValueError(f"theta must hold two angles (theta1, theta2) per pose, got shape {theta.shape}")
    l1, l2 = _lengths(lengths)
    with np.errstate(all="ignore"):
        t1, t12 = theta[..., 0], theta[..., 0] + theta[..., 1]
        elbow = np.stack([l1 * np.cos(t1), l1 * np.sin(t1)], axis=-1)
        hand = elbow + np.stack([l2 * np.cos(t12), l2 * np.sin(t12)], axis=-1)
    return finite_result(elbow, "theta and lengths"), finite_result(hand, "theta and lengths")


class RobotArm:
    """A gdcore *problem*: L(theta) = 0.5 ||hand(theta) - target||^2 (one "example").

    Parameters
    ----------
    target : (x, y), the point to reach.
    lengths : (l1, l2) > 0, the links' lengths.

    Usable with ``fit`` and any optimiser: ``fit(RobotArm(t), theta0, SGD(eta), epochs=k)``.
    """

    n_examples = 1
    n_params = 2

    def __init__(self, target, lengths=(1.0, 0.8)):
        target = as_array(target, "target", ndim=1)
        if target.size != 2 or np.any(np.abs(target) > _LARGEST):
            raise ValueError(
                f"target must be a point (x, y) with |x|, |y| <= {_LARGEST:g}, got {target.tolist()}"
            )
        self.target = target
        self.lengths = _lengths(lengths)

    @property
    def reachable(self) -> bool:
        """True when |l1 - l2| <= ||target|| <= l1 + l2: the hand can touch the target."""
        l1, l2 = self.lengths
        return bool(abs(l1 - l2) <= np.hypot(*self.target) <= l1 + l2)

    @property
    def closest_distance(self) -> float:
        """The smallest distance the hand can get to the target (0 when reachable)."""
        l1, l2 = self.lengths
        with np.errstate(all="ignore"):
            r = float(np.hypot(*self.target))
        return max(0.0, r - (l1 + l2), abs(l1 - l2) - r)

    def _theta(self, params):
        params = as_array(params, "params", ndim=1)
        if params.size != 2:
            raise ValueError(f"params must be the two angles [theta1, theta2], got {params.size} numbers")
        return params

    def distance(self, params) -> float:
        """||hand(theta) - target||."""
        _, hand = arm_positions(self._theta(params), self.lengths)
        with np.errstate(all="ignore"):
            distance = float(np.hypot(*(hand - self.target)))
        return finite_result(distance, "target and lengths")

    def loss(self, params, idx=None) -> float:
        """L = 0.5 ||hand - target||^2 (``idx`` is ignored: one example)."""
        with np.errstate(all="ignore"):
            loss = 0.5 * np.float64(self.distance(params)) ** 2
        return float(finite_result(loss, "target and lengths"))

    def gradient(self, params, idx=None):
        """[dL/dtheta1, dL/dtheta2] = [d . (-hand_y, hand_x), d . (-l2 sin t12, l2 cos t12)]."""
        theta = self._theta(params)
        _, hand = arm_positions(theta, self.lengths)
        d = hand - self.target
        l2 = self.lengths[1]
        with np.errstate(all="ignore"):
            t12 = theta[0] + theta[1]
            grad = np.array(
                [d[0] * -hand[1] + d[1] * hand[0], d[0] * -l2 * np.sin(t12) + d[1] * l2 * np.cos(t12)]
            )
        return finite_result(grad, "target and lengths")

    def loss_and_gradient(self, params, idx=None):
        """(L, [dL/dtheta1, dL/dtheta2]) on two floats, without checks (the engine's hot path).

        With c1 = cos theta1, s1 = sin theta1, c12 = cos(theta1 + theta2),
        s12 = sin(theta1 + theta2): hand = (l1 c1 + l2 c12, l1 s1 + l2 s12),
        d = hand - target, L = 0.5 d . d, dL/dtheta1 = d . (-hand_y, hand_x)
        and dL/dtheta2 = l2 d . (-s12, c12). Non-finite angles raise ``NonFiniteError``.
        """
        t1, t2 = np.asarray(params, dtype=float).reshape(2).tolist()
        if not (math.isfinite(t1) and math.isfinite(t2)):
            raise NonFiniteError("params must be finite angles")
        (l1, l2), (x, y) = self.lengths.tolist(), self.target.tolist()
        cos, sin = math.cos, math.sin
        c1, s1, c12, s12 = cos(t1), sin(t1), cos(t1 + t2), sin(t1 + t2)
        hx, hy = l1 * c1 + l2 * c12, l1 * s1 + l2 * s12
        dx, dy = hx - x, hy - y
        return 0.5 * (dx * dx + dy * dy), np.array([-dx * hy + dy * hx, l2 * (-dx * s12 + dy * c12)])


def reach_target(arm, theta0, learning_rate, steps) -> dict:
    """Gradient descent theta_{k+1} = theta_k - eta dL/dtheta on ``arm`` for ``steps`` steps.

    The steps of ``descend(arm, theta0, SGD(eta), steps)`` (the same as
    ``fit(arm, theta0, SGD(eta), epochs=steps)``).

    Returns a dict of arrays, one row per pose (the start included): ``theta`` (k+1, 2),
    ``elbow`` (k+1, 2), ``hand`` (k+1, 2) and ``distance`` (k+1,), ||hand - target||.
    (The gradient is bounded by (l1 + l2) ||d||, so the angles stay finite.)
    """
    if not isinstance(arm, RobotArm):
        raise TypeError(f"arm must be a RobotArm, got {type(arm).__name__}")
    theta0 = arm._theta(theta0)
    finite_number(float(theta0[0]) + float(theta0[1]), "theta0")  # theta1 + theta2 must not overflow
    eta = positive(learning_rate, "learning_rate")
    steps = count(steps, "steps", cap=MAX_STEPS)
    l1, l2 = (float(v) for v in arm.lengths)
    x, y = (float(v) for v in arm.target)
    # |step| <= eta (l1 + l2) ||d|| <= eta (l1 + l2) (l1 + l2 + ||target||): keep it finite
    finite_number(eta * (l1 + l2) * (l1 + l2 + abs(x) + abs(y)), "learning_rate")
    theta = descend(arm, theta0, SGD(eta), steps).params
    elbow, hand = arm_positions(theta, arm.lengths)
    with np.errstate(all="ignore"):
        distance = np.hypot(*(hand - arm.target).T)
    return {"theta": theta, "elbow": elbow, "hand": hand, "distance": finite_result(distance, "target")}
