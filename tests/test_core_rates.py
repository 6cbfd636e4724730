"""gdcore.rates and gdcore.robot_arm: regimes, curvature, parsing, learning curves, the arm."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdcore

# -- regimes on a quadratic -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("eta", "a", "regime"),
    [
        (0.01, 1.0, "creeping"),
        (0.1, 1.0, "creeping"),
        (0.05, 4.0, "converging"),
        (0.9, 1.0, "converging"),
        (1.0, 1.0, "converging"),
        (0.6, 2.0, "oscillating"),
        (1.9, 1.0, "oscillating"),
        (2.0, 1.0, "bouncing"),
        (0.4, 5.0, "bouncing"),  # 0.4 * 5 rounds to 2 exactly
        (2.0000001, 1.0, "diverging"),
        (2.1, 1.0, "diverging"),
        (1.5, 4.0, "diverging"),
    ],
)
def test_regime_at_known_learning_rates(eta, a, regime):
    assert gdcore.learning_rate_regime(eta, a) == regime
    assert gdcore.step_factor(eta, a) == pytest.approx(1 - eta * a)


@pytest.mark.parametrize("a", [0.5, 1.0, 2.0])
def test_regimes_match_the_descent_on_the_bowl(a):
    fn = gdcore.convex_quadratic(a)
    # eta a < 1: the distance falls monotonically and w never crosses the minimum
    run = gdcore.gradient_descent_1d(fn, fn.start, 0.5 / a, 20)
    assert np.all(np.diff(np.abs(run.x)) < 0) and np.all(run.x > 0)
    # 1 < eta a < 2: w changes sign every step, the distance still falls
    run = gdcore.gradient_descent_1d(fn, fn.start, 1.5 / a, 20)
    assert np.all(np.sign(run.x[1:]) == -np.sign(run.x[:-1]))
    assert np.all(np.diff(np.abs(run.x)) < 0)
    # eta a > 2: the distance grows until w leaves the domain, and the step is named
    run = gdcore.gradient_descent_1d(fn, fn.start, 2.1 / a, 50)
    assert np.all(np.diff(np.abs(run.x)) > 0)
    assert run.stop_reason == "left the domain" and run.stop_step == 3  # 8, -8.8, 9.68, -10.65
    assert abs(run.rejected_x) > 10
    # each step multiplies the distance by the step factor
    run = gdcore.gradient_descent_1d(fn, fn.start, 0.3 / a, 5)
    assert np.allclose(run.x[1:] / run.x[:-1], gdcore.step_factor(0.3 / a, a))


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ((0.0, 1.0), "learning_rate"),
        ((-1.0, 1.0), "learning_rate"),
        ((0.1, 0.0), "curvature"),
        ((float("nan"), 1.0), "learning_rate"),
        ((1e300, 1e300), "too large"),
    ],
)
def test_regime_rejects_bad_input(args, name):
    with pytest.raises(ValueError, match=name):
        gdcore.learning_rate_regime(*args)


def test_max_curvature_is_the_top_hessian_eigenvalue_and_the_divergence_threshold():
    x, y = gdcore.make_linear_data(50, seed=3)
    problem = gdcore.LinearRegression(x, y)
    lam = gdcore.max_curvature(problem)
    hessian = np.array([[2 * np.mean(x * x), 2 * np.mean(x)], [2 * np.mean(x), 2.0]])
    assert lam == pytest.approx(np.linalg.eigvalsh(hessian)[-1])
    below = gdcore.fit(problem, np.zeros(2), gdcore.SGD(1.9 / lam), epochs=400)
    above = gdcore.fit(problem, np.zeros(2), gdcore.SGD(2.1 / lam), epochs=4000)
    assert below.diverged_at is None and below.epoch_loss[-1] < below.epoch_loss[0]
    assert above.diverged_at is not None
    with pytest.raises(TypeError, match="problem"):
        gdcore.max_curvature(gdcore.CONVEX_QUADRATIC)


# -- typed learning rates ---------------------------------------------------------------------


def test_parse_learning_rates():
    assert gdcore.parse_learning_rates("0.1, 0.02;1e-3  0.1") == [0.1, 0.02, 0.001]
    assert gdcore.parse_learning_rates("   ") == []
    assert gdcore.parse_learning_rates(".5") == [0.5]


@pytest.mark.parametrize("text", ["abc", "0.1, x", "-0.1", "0", "1e9", "nan", "inf", "1,2,3,4,5,6,7"])
def test_parse_learning_rates_rejects_bad_entries(text):
    with pytest.raises(ValueError, match="text"):
        gdcore.parse_learning_rates(text)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(1e-6, 100.0), min_size=1, max_size=6))
def test_parse_learning_rates_round_trips(rates):
    parsed = gdcore.parse_learning_rates(", ".join(repr(r) for r in rates))
    assert parsed == list(dict.fromkeys(rates))


# -- learning curves, schedules fed into fit --------------------------------------------------


def lecture_problem(seed=0):
    x, y = gdcore.make_linear_data(200, noise=1.0, seed=seed)
    return gdcore.LinearRegression(x, y)


def test_learning_curves_order_as_in_the_lecture_figure():
    problem = lecture_problem()
    best = problem.loss(problem.least_squares())
    schedule = gdcore.ExponentialDecay(0.3, 100, 0.5, staircase=True)
    runs = gdcore.compare_learning_rates(
        problem,
        [-2.0, 3.0],
        {"way": 1.5, "high": 0.3, "right": 0.05, "small": 0.003, "schedule": schedule},
        batch_size=10,
        epochs=30,
    )
    assert runs["way"].diverged_at is not None and np.all(np.isfinite(runs["way"].epoch_loss))
    final = {name: h.epoch_loss[-1] - best for name, h in runs.items() if name != "way"}
    assert final["right"] < final["high"]  # too high: stuck higher up
    assert final["right"] < final["small"]  # too small: not there yet
    assert final["schedule"] < final["high"]  # start high, then reduce it
    # the schedule's values are the learning rates fit used, step by step
    steps = np.arange(runs["schedule"].n_steps)
    assert np.array_equal(runs["schedule"].learning_rate, schedule(steps))
    # same batches for every run: a constant schedule equal to 0.05 gives "just right" exactly
    same = gdcore.compare_learning_rates(
        problem,
        [-2.0, 3.0],
        {"c": gdcore.PiecewiseConstantDecay([10], [0.05, 0.05])},
        batch_size=10,
        epochs=30,
    )
    assert np.allclose(same["c"].epoch_loss, runs["right"].epoch_loss)


@pytest.mark.parametrize(
    "schedule",
    [
        gdcore.ExponentialDecay(0.3, 100, 0.5),
        gdcore.InverseTimeDecay(0.3, 50, 1.0),
        gdcore.PiecewiseConstantDecay([150, 350], [0.3, 0.06, 0.012]),
        gdcore.CosineDecay(0.0, 500, 0.0, warmup_target=0.3, warmup_steps=50),
    ],
)
def test_each_schedule_drives_fit(schedule):
    problem = lecture_problem(1)
    h = gdcore.fit(problem, np.array([-2.0, 3.0]), gdcore.SGD(schedule), batch_size=10, epochs=5)
    assert np.array_equal(h.learning_rate, schedule(np.arange(100)))
    assert h.diverged_at is None and h.epoch_loss[-1] < h.epoch_loss[0]


def test_excess_loss():
    assert np.array_equal(gdcore.excess_loss([3.0, 2.0, 1.0], 1.0), [2.0, 1.0, 1e-12])
    with pytest.raises(ValueError, match="losses"):
        gdcore.excess_loss([np.nan], 1.0)
    with pytest.raises(ValueError, match="too large"):
        gdcore.excess_loss([1e308], -1e308)


def test_compare_learning_rates_rejects_bad_input():
    problem = lecture_problem()
    with pytest.raises(TypeError, match="learning_rates"):
        gdcore.compare_learning_rates(problem, [0.0, 0.0], {})
    with pytest.raises(ValueError, match="learning_rate"):
        gdcore.compare_learning_rates(problem, [0.0, 0.0], {"bad": -0.1})
    with pytest.raises(ValueError, match="params0"):
        gdcore.compare_learning_rates(problem, [0.0, 0.0, 0.0], {"ok": 0.1})


# -- the robot arm ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("theta", "elbow", "hand"),
    [
        ((0.0, 0.0), (1.0, 0.0), (1.8, 0.0)),
        ((math.pi / 2, 0.0), (0.0, 1.0), (0.0, 1.8)),
        ((0.0, math.pi / 2), (1.0, 0.0), (1.0, 0.8)),
        ((math.pi / 2, -math.pi / 2), (0.0, 1.0), (0.8, 1.0)),
        ((0.0, math.pi), (1.0, 0.0), (0.2, 0.0)),
    ],
)
def test_forward_kinematics_by_hand(theta, elbow, hand):
    e, h = gdcore.arm_positions(theta)
    assert np.allclose(e, elbow) and np.allclose(h, hand)


def test_forward_kinematics_of_many_poses_and_other_lengths():
    _, hand = gdcore.arm_positions(np.zeros((4, 2)), lengths=(2.0, 0.5))
    assert np.allclose(hand, [[2.5, 0.0]] * 4)


@settings(max_examples=40, deadline=None)
@given(
    st.tuples(st.floats(-4, 4), st.floats(-4, 4)),
    st.tuples(st.floats(-2.5, 2.5), st.floats(-2.5, 2.5)),
    st.tuples(st.floats(0.2, 2.0), st.floats(0.2, 2.0)),
)
def test_arm_gradient_matches_finite_differences(theta, target, lengths):
    arm = gdcore.RobotArm(target, lengths)
    assert gdcore.check_gradient(arm.loss, arm.gradient, np.array(theta), rtol=1e-4, atol=1e-6)


def test_reach_target_small_good_and_too_large():
    arm = gdcore.RobotArm((0.5, 1.3))
    start = (-0.8, 1.6)
    small, good, large = (gdcore.reach_target(arm, start, eta, 60) for eta in (0.05, 0.5, 1.5))
    assert small["theta"].shape == (61, 2) and small["distance"].shape == (61,)
    assert good["distance"][-1] < 1e-3 < small["distance"][-1] < small["distance"][0]
    assert np.all(np.diff(small["distance"]) <= 1e-12)  # a small rate creeps steadily in
    assert np.any(np.diff(large["distance"]) > 0.05)  # a too large one overshoots
    assert large["distance"][-1] > good["distance"][-1]
    elbow, hand = gdcore.arm_positions(good["theta"])
    assert np.allclose(hand, good["hand"]) and np.allclose(elbow, good["elbow"])
    assert np.allclose(good["distance"], [arm.distance(t) for t in good["theta"]])


def test_reach_and_out_of_reach():
    assert gdcore.RobotArm((1.0, 1.0)).reachable
    far, near = gdcore.RobotArm((3.0, 0.0)), gdcore.RobotArm((0.1, 0.0))
    assert not far.reachable and far.closest_distance == pytest.approx(1.2)
    assert not near.reachable and near.closest_distance == pytest.approx(0.1)
    run = gdcore.reach_target(far, (0.3, 0.3), 0.3, 200)
    assert run["distance"][-1] == pytest.approx(1.2, abs=1e-3)


def test_arm_with_fit_and_an_optimiser():
    arm = gdcore.RobotArm((0.5, 1.3))
    h = gdcore.fit(arm, np.array([-0.8, 1.6]), gdcore.Adam(0.1), epochs=200)
    assert arm.distance(h.params[-1]) < 0.01


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: gdcore.RobotArm((1.0,)), "target"),
        (lambda: gdcore.RobotArm((1.0, np.nan)), "target"),
        (lambda: gdcore.RobotArm((1.0, 1.0), (1.0, 0.0)), "lengths"),
        (lambda: gdcore.RobotArm((1.0, 1.0), (1.0,)), "lengths"),
        (lambda: gdcore.arm_positions((1.0, 2.0, 3.0)), "theta"),
        (lambda: gdcore.arm_positions(np.zeros((2, 2, 2))), "theta"),
        (lambda: gdcore.RobotArm((1.0, 1.0)).loss([1.0]), "params"),
        (lambda: gdcore.reach_target(gdcore.RobotArm((1.0, 1.0)), (0.0, 0.0), 0.0, 10), "learning_rate"),
        (lambda: gdcore.reach_target(gdcore.RobotArm((1.0, 1.0)), (0.0, 0.0), 1e308, 10), "learning_rate"),
        (lambda: gdcore.reach_target(gdcore.RobotArm((1.0, 1.0)), (0.0, 0.0), 0.1, 0), "steps"),
    ],
)
def test_arm_rejects_bad_input(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_reach_target_needs_a_robot_arm():
    with pytest.raises(TypeError, match="arm"):
        gdcore.reach_target(gdcore.CONVEX_QUADRATIC, (0.0, 0.0), 0.1, 10)


@pytest.mark.parametrize("eta", [0.05, 0.5, 1.5, 3.0])
def test_reach_target_makes_the_same_steps_as_fit_with_sgd(eta):
    arm = gdcore.RobotArm((-1.0, 0.4), lengths=(1.2, 0.5))
    path = gdcore.reach_target(arm, (0.3, -0.2), eta, 40)
    h = gdcore.fit(arm, np.array([0.3, -0.2]), gdcore.SGD(eta), epochs=40)
    assert np.allclose(path["theta"], h.params, atol=1e-9)
    assert np.allclose(0.5 * path["distance"][:-1] ** 2, h.step_loss)


def test_overflowing_angles_raise_naming_the_argument():
    with pytest.raises(ValueError, match="theta"):
        gdcore.arm_positions([1e308, 1e308])
    with pytest.raises(ValueError, match="theta0"):
        gdcore.reach_target(gdcore.RobotArm((1.0, 1.0)), (1e308, 1e308), 0.1, 3)
    with pytest.raises(ValueError, match="target"):
        gdcore.RobotArm((1e200, 0.0))
