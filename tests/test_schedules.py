"""Learning-rate schedules: Keras's formulas, checked on hand-computed values."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdcore import CosineDecay, ExponentialDecay, InverseTimeDecay, PiecewiseConstantDecay

ALL = [
    ExponentialDecay(0.1, 10, 0.5),
    ExponentialDecay(0.1, 10, 0.5, staircase=True),
    InverseTimeDecay(0.1, 10, 0.5),
    InverseTimeDecay(0.1, 10, 0.5, staircase=True),
    PiecewiseConstantDecay([10, 20], [1.0, 0.5, 0.1]),
    CosineDecay(1.0, 10),
    CosineDecay(1.0, 10, alpha=0.1),
    CosineDecay(0.0, 10, warmup_target=1.0, warmup_steps=4),
]


def test_exponential_decay_hand_values():
    schedule = ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
    assert schedule(0) == pytest.approx(0.1)
    assert schedule(5) == pytest.approx(0.1 * math.sqrt(0.5))
    assert schedule(10) == pytest.approx(0.05)
    assert schedule(30) == pytest.approx(0.0125)


def test_exponential_decay_staircase_drops_every_decay_steps():
    schedule = ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5, staircase=True)
    assert [schedule(s) for s in (0, 9, 10, 19, 25)] == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025])


def test_inverse_time_decay_hand_values():
    schedule = InverseTimeDecay(0.1, decay_steps=10, decay_rate=0.5)
    assert schedule(0) == pytest.approx(0.1)
    assert schedule(20) == pytest.approx(0.1 / 2.0)
    assert schedule(15) == pytest.approx(0.1 / 1.75)
    stairs = InverseTimeDecay(0.1, decay_steps=10, decay_rate=0.5, staircase=True)
    assert stairs(15) == pytest.approx(0.1 / 1.5)
    assert stairs(9) == pytest.approx(0.1)


def test_piecewise_constant_uses_the_value_before_a_boundary_at_the_boundary():
    schedule = PiecewiseConstantDecay([10, 20], [1.0, 0.5, 0.1])
    steps = [0, 9, 10, 11, 20, 21, 1000]
    assert [schedule(s) for s in steps] == [1.0, 1.0, 1.0, 0.5, 0.5, 0.1, 0.1]


def test_cosine_decay_hand_values():
    schedule = CosineDecay(1.0, decay_steps=10)
    assert [schedule(s) for s in (0, 5, 10, 20)] == pytest.approx([1.0, 0.5, 0.0, 0.0], abs=1e-15)
    floor = CosineDecay(2.0, decay_steps=10, alpha=0.1)
    assert floor(5) == pytest.approx(2.0 * (0.9 * 0.5 + 0.1))
    assert floor(10) == pytest.approx(0.2)
    assert floor(99) == pytest.approx(0.2)


def test_cosine_decay_warmup_then_decay_from_the_target():
    schedule = CosineDecay(0.0, decay_steps=10, warmup_target=1.0, warmup_steps=4)
    assert [schedule(s) for s in (0, 1, 2, 4)] == pytest.approx([0.0, 0.25, 0.5, 1.0])
    assert schedule(9) == pytest.approx(0.5)  # halfway through the decay
    assert schedule(14) == pytest.approx(0.0, abs=1e-15)
    assert schedule(100) == pytest.approx(0.0, abs=1e-15)
    warm_from = CosineDecay(0.1, decay_steps=10, warmup_target=0.5, warmup_steps=4)
    assert warm_from(2) == pytest.approx(0.3)


def test_cosine_decay_warmup_target_without_warmup_steps_decays_from_the_target():
    schedule = CosineDecay(0.1, decay_steps=10, warmup_target=2.0)
    assert schedule(0) == pytest.approx(2.0)
    assert schedule(5) == pytest.approx(1.0)


def test_cosine_decay_ignores_warmup_steps_without_a_target_as_keras():
    assert CosineDecay(1.0, 10, warmup_steps=5)(5) == pytest.approx(0.5)


@pytest.mark.parametrize("schedule", ALL, ids=repr)
def test_arrays_of_steps_give_arrays_equal_to_one_step_at_a_time(schedule):
    steps = np.arange(40)
    values = schedule(steps)
    assert isinstance(values, np.ndarray) and values.shape == (40,)
    np.testing.assert_allclose(values, [schedule(int(s)) for s in steps], rtol=1e-14, atol=1e-15)
    assert isinstance(schedule(3), float)
    assert isinstance(schedule(np.int64(3)), float)
    assert schedule(np.arange(6).reshape(2, 3)).shape == (2, 3)


@pytest.mark.parametrize("schedule", ALL, ids=repr)
def test_steps_must_be_non_negative_integers(schedule):
    with pytest.raises(ValueError, match="step"):
        schedule(-1)
    with pytest.raises(ValueError, match="step"):
        schedule(np.array([0, -2]))
    with pytest.raises(TypeError, match="step"):
        schedule(1.5)
    with pytest.raises(TypeError, match="step"):
        schedule(np.array([0.0, 1.0]))
    with pytest.raises(TypeError, match="step"):
        schedule(True)


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda: ExponentialDecay(0.0, 10, 0.5), "initial_learning_rate"),
        (lambda: ExponentialDecay(0.1, 0, 0.5), "decay_steps"),
        (lambda: ExponentialDecay(0.1, 10, -0.5), "decay_rate"),
        (lambda: ExponentialDecay(0.1, 10, 0.5, staircase="yes"), "staircase"),
        (lambda: InverseTimeDecay(-0.1, 10, 0.5), "initial_learning_rate"),
        (lambda: InverseTimeDecay(0.1, -3, 0.5), "decay_steps"),
        (lambda: InverseTimeDecay(0.1, 10, float("nan")), "decay_rate"),
        (lambda: PiecewiseConstantDecay([10, 20], [1.0, 0.5]), "values"),
        (lambda: PiecewiseConstantDecay([20, 10], [1.0, 0.5, 0.1]), "boundaries"),
        (lambda: PiecewiseConstantDecay([10], [1.0, -0.5]), "values"),
        (lambda: PiecewiseConstantDecay("ab", [1.0, 0.5, 0.1]), "boundaries"),
        (lambda: CosineDecay(0.0, 10), "initial_learning_rate"),
        (lambda: CosineDecay(0.1, 0), "decay_steps"),
        (lambda: CosineDecay(0.1, 10, alpha=1.5), "alpha"),
        (lambda: CosineDecay(0.1, 10, warmup_target=0.0, warmup_steps=3), "warmup_target"),
        (lambda: CosineDecay(0.1, 10, warmup_target=1.0, warmup_steps=-1), "warmup_steps"),
        (lambda: CosineDecay(0.1, 10, warmup_target=1.0, warmup_steps=2.5), "warmup_steps"),
    ],
)
def test_bad_arguments_are_rejected_by_name(make, name):
    with pytest.raises((ValueError, TypeError), match=name):
        make()


@settings(max_examples=30, deadline=None)
@given(
    lr=st.floats(1e-4, 10.0),
    decay_steps=st.integers(1, 1000),
    rate=st.floats(0.01, 0.99),
    staircase=st.booleans(),
)
def test_exponential_decay_is_non_negative_and_never_increases(lr, decay_steps, rate, staircase):
    values = ExponentialDecay(lr, decay_steps, rate, staircase=staircase)(np.arange(0, 5000, 7))
    assert values[0] == pytest.approx(lr)
    assert np.all(values >= 0) and np.all(np.diff(values) <= 0)  # may underflow to 0


@settings(max_examples=30, deadline=None)
@given(
    lr=st.floats(1e-4, 10.0),
    decay_steps=st.integers(1, 200),
    alpha=st.floats(0.0, 1.0),
    warmup=st.integers(0, 50),
)
def test_cosine_decay_stays_between_its_floor_and_its_peak(lr, decay_steps, alpha, warmup):
    schedule = CosineDecay(lr / 10, decay_steps, alpha=alpha, warmup_target=lr, warmup_steps=warmup)
    values = schedule(np.arange(decay_steps + warmup + 20))
    assert np.all(values <= lr * (1 + 1e-12))
    assert np.all(values[warmup:] >= alpha * lr * (1 - 1e-12))
    assert values[-1] == pytest.approx(alpha * lr, rel=1e-9, abs=1e-15)
