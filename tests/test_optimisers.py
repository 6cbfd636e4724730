"""Optimisers: Keras's published values, hand-computed steps in both conventions, purity."""

import copy
import inspect
from math import sqrt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from gdcore import SGD, Adagrad, Adam, ExponentialDecay, RMSprop

PARAMS = np.array([1.0, 2.0, 3.0, 4.0])
GRADS = np.array([1.0, 6.0, 7.0, 2.0])


def run(optimiser, params, grads_sequence):
    """The parameters after each step, as a list of arrays, and the last state."""
    params = np.asarray(params, dtype=float)
    state = optimiser.init(params)
    path = []
    for grads in grads_sequence:
        params, state = optimiser.step(params, np.asarray(grads, dtype=float), state)
        path.append(params)
    return path, state


def scalars(path):
    return [float(p[0]) for p in path]


# Keras's own single-step tests (keras/src/optimizers/*_test.py): lr 0.5, other args default.
@pytest.mark.parametrize(
    ("optimiser", "expected"),
    [
        (SGD(learning_rate=0.5), [0.5, -1.0, -0.5, 3.0]),
        (Adam(learning_rate=0.5), [0.5, 1.5, 2.5, 3.5]),
        (Adagrad(learning_rate=0.5), [0.5233, 1.5007, 2.5005, 3.5061]),
        (RMSprop(learning_rate=0.5), [-0.5811, 0.4189, 1.4189, 2.4189]),
    ],
    ids=["SGD", "Adam", "Adagrad", "RMSprop"],
)
def test_keras_published_single_step(optimiser, expected):
    state = optimiser.init(PARAMS)
    params, state = optimiser.step(PARAMS, GRADS, state)
    assert np.round(params, 4).tolist() == pytest.approx(expected, abs=1e-12)  # to 4 decimals
    assert state["step"] == 1


# Keras's golden multi-step tests: start at ones(10), one step with 0.01, then steps with 0.1..1.0.
KERAS_GOLDEN = {
    "Adagrad": (
        Adagrad(learning_rate=0.2, initial_accumulator_value=0.3, epsilon=1e-6),
        [
            [0.9963] * 10,
            [0.9604, 0.9278, 0.9003, 0.8784, 0.8615, 0.8487, 0.8388, 0.8313, 0.8255, 0.8209],
            [0.9251, 0.8629, 0.8137, 0.7768, 0.7497, 0.7298, 0.7151, 0.704, 0.6956, 0.6891],
            [0.8903, 0.8012, 0.7342, 0.6862, 0.6521, 0.6277, 0.6099, 0.5967, 0.5867, 0.579],
            [0.856, 0.7422, 0.6604, 0.6037, 0.5644, 0.5367, 0.5168, 0.5021, 0.491, 0.4825],
        ],
    ),
    "RMSprop centered": (
        RMSprop(centered=True),
        [[v] * 10 for v in (0.9967, 0.9933, 0.9908, 0.9885, 0.9864)],
    ),
    "Adam amsgrad": (Adam(amsgrad=True), [[v] * 10 for v in (0.999, 0.9982, 0.9974, 0.9965, 0.9955)]),
    "SGD nesterov": (
        SGD(nesterov=True),
        [
            [0.9999] * 10,
            [0.9989, 0.9979, 0.9969, 0.9959, 0.9949, 0.9939, 0.9929, 0.9919, 0.9909, 0.9899],
            [0.9979, 0.9959, 0.9939, 0.9919, 0.9899, 0.9879, 0.9859, 0.9839, 0.9819, 0.9799],
            [0.9969, 0.9939, 0.9909, 0.9879, 0.9849, 0.9819, 0.9789, 0.9759, 0.9729, 0.9699],
            [0.9959, 0.9919, 0.9879, 0.9839, 0.9799, 0.9759, 0.9719, 0.9679, 0.9639, 0.9599],
        ],
    ),
}


@pytest.mark.parametrize("name", KERAS_GOLDEN)
def test_keras_published_golden_trajectories(name):
    optimiser, golden = KERAS_GOLDEN[name]
    grads = [np.full(10, 0.01)] + [np.arange(1, 11) / 10] * 4
    path, _ = run(optimiser, np.ones(10), grads)
    np.testing.assert_allclose(path, golden, rtol=5e-4, atol=5e-4)


# Hand-computed steps, one parameter, in both conventions.


def test_sgd_plain_is_the_lecture_update_in_both_conventions():
    for convention in ("keras", "pytorch"):
        path, state = run(SGD(0.1, convention=convention), [1.0, 2.0], [[1.0, -2.0], [0.5, 0.0]])
        np.testing.assert_allclose(path, [[0.9, 2.2], [0.85, 2.2]], rtol=1e-15)
        assert state == {"step": 2}


def test_sgd_momentum_by_hand():
    # Keras: v1 = -0.1, theta1 = 0.9; v2 = 0.9 * -0.1 - 0.1 * 2 = -0.29, theta2 = 0.61.
    path, state = run(SGD(0.1, momentum=0.9), [1.0], [[1.0], [2.0]])
    assert scalars(path) == pytest.approx([0.9, 0.61], abs=1e-15)
    assert state["momentum"][0] == pytest.approx(-0.29)
    # torch: b1 = g1 = 1, theta1 = 0.9; b2 = 0.9 + 2 = 2.9, theta2 = 0.9 - 0.29.
    path, state = run(SGD(0.1, momentum=0.9, convention="pytorch"), [1.0], [[1.0], [2.0]])
    assert scalars(path) == pytest.approx([0.9, 0.61], abs=1e-15)
    assert state["momentum"][0] == pytest.approx(2.9)  # one name in both conventions


def test_sgd_nesterov_by_hand():
    # Keras: v1 = -0.1, theta1 = 1 + 0.9 * -0.1 - 0.1 = 0.81; v2 = -0.29, theta2 = 0.81 - 0.261 - 0.2.
    path, _ = run(SGD(0.1, momentum=0.9, nesterov=True), [1.0], [[1.0], [2.0]])
    assert scalars(path) == pytest.approx([0.81, 0.349], abs=1e-15)
    # torch: theta1 = 1 - 0.1 (1 + 0.9 * 1); b2 = 2.9, theta2 = 0.81 - 0.1 (2 + 0.9 * 2.9).
    path, _ = run(SGD(0.1, momentum=0.9, nesterov=True, convention="pytorch"), [1.0], [[1.0], [2.0]])
    assert scalars(path) == pytest.approx([0.81, 0.349], abs=1e-15)


def test_sgd_momentum_conventions_part_when_the_learning_rate_changes():
    schedule = ExponentialDecay(0.1, decay_steps=1, decay_rate=0.5)  # 0.1, then 0.05
    keras, _ = run(SGD(schedule, momentum=0.9), [1.0], [[1.0], [2.0]])
    torch, _ = run(SGD(schedule, momentum=0.9, convention="pytorch"), [1.0], [[1.0], [2.0]])
    # Keras: v2 = -0.09 - 0.05 * 2 = -0.19; torch: theta2 = 0.9 - 0.05 * 2.9.
    assert scalars(keras) == pytest.approx([0.9, 0.71], abs=1e-15)
    assert scalars(torch) == pytest.approx([0.9, 0.755], abs=1e-15)


def test_adagrad_by_hand_epsilon_inside_or_outside_the_root():
    # A0 = 0.1, g = 2 then -1: A1 = 4.1, A2 = 5.1. epsilon 0.5 makes the difference visible.
    keras, state = run(Adagrad(0.1, epsilon=0.5), [1.0], [[2.0], [-1.0]])
    theta1 = 1 - 0.1 * 2 / sqrt(4.1 + 0.5)
    assert scalars(keras) == pytest.approx([theta1, theta1 + 0.1 / sqrt(5.1 + 0.5)], abs=1e-15)
    assert state["accumulator"][0] == pytest.approx(5.1)
    torch, _ = run(Adagrad(0.1, epsilon=0.5, convention="pytorch"), [1.0], [[2.0], [-1.0]])
    theta1 = 1 - 0.1 * 2 / (sqrt(4.1) + 0.5)
    assert scalars(torch) == pytest.approx([theta1, theta1 + 0.1 / (sqrt(5.1) + 0.5)], abs=1e-15)


def test_adagrad_starts_from_the_accumulator_value_given():
    path, state = run(Adagrad(1.0, initial_accumulator_value=0.0, convention="pytorch"), [0.0], [[3.0]])
    assert scalars(path) == pytest.approx([-3.0 / (3.0 + 1e-7)])
    assert Adagrad.pytorch().initial_accumulator_value == 0.0
    assert Adagrad().init(np.zeros(2))["accumulator"].tolist() == [0.1, 0.1]


# RMSprop with rho 0.5, lr 0.1, epsilon 0.01, gradients 2 then 1:
# S1 = 2, S2 = 1.5; centered: G1 = 1, G2 = 1, so D1 = 2 - 1 = 1, D2 = 1.5 - 1 = 0.5.
RMS = {"learning_rate": 0.1, "rho": 0.5, "epsilon": 0.01}


def test_rmsprop_plain_by_hand():
    keras, state = run(RMSprop(**RMS), [1.0], [[2.0], [1.0]])
    t1 = 1 - 0.1 * 2 / sqrt(2.01)
    assert scalars(keras) == pytest.approx([t1, t1 - 0.1 / sqrt(1.51)], abs=1e-15)
    assert state["mean_square"][0] == pytest.approx(1.5)
    torch, _ = run(RMSprop(**RMS, convention="pytorch"), [1.0], [[2.0], [1.0]])
    t1 = 1 - 0.1 * 2 / (sqrt(2) + 0.01)
    assert scalars(torch) == pytest.approx([t1, t1 - 0.1 / (sqrt(1.5) + 0.01)], abs=1e-15)


def test_rmsprop_momentum_by_hand():
    keras, state = run(RMSprop(**RMS, momentum=0.5), [1.0], [[2.0], [1.0]])
    m1 = 0.1 * 2 / sqrt(2.01)
    m2 = 0.5 * m1 + 0.1 / sqrt(1.51)
    assert scalars(keras) == pytest.approx([1 - m1, 1 - m1 - m2], abs=1e-15)
    assert state["momentum"][0] == pytest.approx(m2)
    torch, state = run(RMSprop(**RMS, momentum=0.5, convention="pytorch"), [1.0], [[2.0], [1.0]])
    b1 = 2 / (sqrt(2) + 0.01)
    b2 = 0.5 * b1 + 1 / (sqrt(1.5) + 0.01)
    assert scalars(torch) == pytest.approx([1 - 0.1 * b1, 1 - 0.1 * b1 - 0.1 * b2], abs=1e-15)
    assert state["momentum"][0] == pytest.approx(b2)


def test_rmsprop_centered_by_hand():
    keras, state = run(RMSprop(**RMS, centered=True), [1.0], [[2.0], [1.0]])
    t1 = 1 - 0.2 / sqrt(1 + 0.01)
    assert scalars(keras) == pytest.approx([t1, t1 - 0.1 / sqrt(0.5 + 0.01)], abs=1e-15)
    assert state["mean_gradient"][0] == pytest.approx(1.0)
    torch, _ = run(RMSprop(**RMS, centered=True, convention="pytorch"), [1.0], [[2.0], [1.0]])
    t1 = 1 - 0.2 / (1 + 0.01)
    assert scalars(torch) == pytest.approx([t1, t1 - 0.1 / (sqrt(0.5) + 0.01)], abs=1e-15)


def test_rmsprop_centered_with_momentum_by_hand():
    keras, _ = run(RMSprop(**RMS, centered=True, momentum=0.5), [1.0], [[2.0], [1.0]])
    m1 = 0.2 / sqrt(1.01)
    m2 = 0.5 * m1 + 0.1 / sqrt(0.51)
    assert scalars(keras) == pytest.approx([1 - m1, 1 - m1 - m2], abs=1e-15)
    torch, _ = run(RMSprop(**RMS, centered=True, momentum=0.5, convention="pytorch"), [1.0], [[2.0], [1.0]])
    b1 = 2 / (1 + 0.01)
    b2 = 0.5 * b1 + 1 / (sqrt(0.5) + 0.01)
    assert scalars(torch) == pytest.approx([1 - 0.1 * b1, 1 - 0.1 * (b1 + b2)], abs=1e-15)


# Adam with beta_1 0.5, beta_2 0.75, lr 0.1, epsilon 0.1, gradients 1, 0.1, 0.1:
# m = 0.5, 0.3, 0.2 and v = 0.25, 0.19, 0.145 (v falls, so AMSGrad keeps 0.25).
ADAM = {"learning_rate": 0.1, "beta_1": 0.5, "beta_2": 0.75, "epsilon": 0.1}
M_T, V_T, GRAD_T = [0.5, 0.3, 0.2], [0.25, 0.19, 0.145], [[1.0], [0.1], [0.1]]


def keras_adam(vs):
    theta, out = 1.0, []
    for t, (m, v) in enumerate(zip(M_T, vs, strict=True), start=1):
        theta -= 0.1 * sqrt(1 - 0.75**t) / (1 - 0.5**t) * m / (sqrt(v) + 0.1)
        out.append(theta)
    return out


def torch_adam(vs):
    theta, out = 1.0, []
    for t, (m, v) in enumerate(zip(M_T, vs, strict=True), start=1):
        theta -= 0.1 * (m / (1 - 0.5**t)) / (sqrt(v / (1 - 0.75**t)) + 0.1)
        out.append(theta)
    return out


def test_adam_by_hand_epsilon_hat_or_epsilon():
    keras, state = run(Adam(**ADAM), [1.0], GRAD_T)
    assert scalars(keras) == pytest.approx(keras_adam(V_T), abs=1e-15)
    assert state["m"][0] == pytest.approx(0.2) and state["v"][0] == pytest.approx(0.145)
    torch, _ = run(Adam(**ADAM, convention="pytorch"), [1.0], GRAD_T)
    assert scalars(torch) == pytest.approx(torch_adam(V_T), abs=1e-15)
    assert abs(scalars(keras)[0] - scalars(torch)[0]) > 1e-3


def test_adam_amsgrad_by_hand():
    keras, state = run(Adam(**ADAM, amsgrad=True), [1.0], GRAD_T)
    assert scalars(keras) == pytest.approx(keras_adam([0.25, 0.25, 0.25]), abs=1e-15)
    assert state["v_max"][0] == pytest.approx(0.25)
    torch, _ = run(Adam(**ADAM, amsgrad=True, convention="pytorch"), [1.0], GRAD_T)
    assert scalars(torch) == pytest.approx(torch_adam([0.25, 0.25, 0.25]), abs=1e-15)
    assert scalars(keras)[2] != pytest.approx(keras_adam(V_T)[2])


# Properties.

ALL_OPTIMISERS = [
    make(convention=convention)
    for convention in ("keras", "pytorch")
    for make in (
        lambda **c: SGD(0.1, **c),
        lambda **c: SGD(0.1, momentum=0.9, **c),
        lambda **c: SGD(0.1, momentum=0.9, nesterov=True, **c),
        lambda **c: Adagrad(0.1, **c),
        lambda **c: RMSprop(0.1, **c),
        lambda **c: RMSprop(0.1, momentum=0.5, centered=True, **c),
        lambda **c: Adam(0.1, **c),
        lambda **c: Adam(ExponentialDecay(0.1, 5, 0.5), amsgrad=True, **c),
    )
]


@pytest.mark.parametrize("optimiser", ALL_OPTIMISERS, ids=repr)
def test_step_never_changes_its_inputs(optimiser):
    params = np.array([1.0, -2.0, 0.5])
    grads = np.array([0.3, 0.1, -4.0])
    state = optimiser.init(params)
    for _ in range(3):
        saved = (params.copy(), grads.copy(), copy.deepcopy(state))
        new_params, new_state = optimiser.step(params, grads, state)
        np.testing.assert_array_equal(params, saved[0])
        np.testing.assert_array_equal(grads, saved[1])
        assert state.keys() == saved[2].keys() and state["step"] == saved[2]["step"]
        for name, value in state.items():
            np.testing.assert_array_equal(value, saved[2][name])
        assert new_params is not params and new_state is not state
        assert new_state["step"] == state["step"] + 1
        params, state = new_params, new_state


@pytest.mark.parametrize("optimiser", ALL_OPTIMISERS, ids=repr)
def test_state_arrays_are_named_numpy_arrays_shaped_like_params(optimiser):
    params = np.zeros((2, 3))
    state = optimiser.init(params)
    _, state = optimiser.step(params, np.ones((2, 3)), state)
    for name, value in state.items():
        if name != "step":
            assert isinstance(value, np.ndarray) and value.shape == (2, 3), name


@settings(max_examples=30, deadline=None)
@given(
    params=hnp.arrays(float, 4, elements=st.floats(-10, 10)),
    grads=st.lists(hnp.arrays(float, 4, elements=st.floats(-10, 10)), min_size=1, max_size=8),
    lr=st.floats(1e-3, 1.0),
    momentum=st.floats(0.0, 0.99),
    nesterov=st.booleans(),
)
def test_sgd_momentum_keras_equals_pytorch_at_a_constant_learning_rate(params, grads, lr, momentum, nesterov):
    keras, _ = run(SGD(lr, momentum=momentum, nesterov=nesterov), params, grads)
    torch, _ = run(SGD(lr, momentum=momentum, nesterov=nesterov, convention="pytorch"), params, grads)
    np.testing.assert_allclose(keras, torch, rtol=1e-12, atol=1e-12)


def test_rmsprop_defaults_differ_between_frameworks_while_sgd_momentum_agrees():
    grads = [np.array([0.5, -1.0])] * 5
    keras, _ = run(RMSprop(), [1.0, 1.0], grads)
    torch, _ = run(RMSprop.pytorch(), [1.0, 1.0], grads)
    assert not np.allclose(keras[-1], torch[-1], rtol=1e-3)
    keras, _ = run(SGD(0.01, momentum=0.9), [1.0, 1.0], grads)
    torch, _ = run(SGD.pytorch(learning_rate=0.01, momentum=0.9), [1.0, 1.0], grads)
    np.testing.assert_allclose(keras, torch, rtol=1e-14)


@pytest.mark.parametrize("cls", [SGD, Adagrad, RMSprop, Adam])
def test_default_tables_match_the_constructors(cls):
    signature = inspect.signature(cls)
    defaults = {name: p.default for name, p in signature.parameters.items() if name != "convention"}
    assert defaults == cls.KERAS_DEFAULTS
    assert cls.PYTORCH_DEFAULTS.keys() == defaults.keys() == cls.PYTORCH_NAMES.keys()
    torch = cls.pytorch()
    assert torch.convention == "pytorch"
    for name, value in cls.PYTORCH_DEFAULTS.items():
        assert getattr(torch, name) == value
    assert cls.pytorch(learning_rate=0.5).learning_rate == 0.5


def test_pytorch_defaults_are_torch_optims():
    assert RMSprop.PYTORCH_DEFAULTS == {
        "learning_rate": 0.01,
        "rho": 0.99,
        "momentum": 0.0,
        "epsilon": 1e-8,
        "centered": False,
    }
    assert Adagrad.PYTORCH_DEFAULTS == {
        "learning_rate": 0.01,
        "initial_accumulator_value": 0.0,
        "epsilon": 1e-10,
    }
    assert Adam.PYTORCH_DEFAULTS["epsilon"] == 1e-8 and Adam.PYTORCH_DEFAULTS["learning_rate"] == 0.001
    assert RMSprop.PYTORCH_NAMES["rho"] == "alpha"


def test_a_schedule_sets_the_learning_rate_of_each_step():
    schedule = ExponentialDecay(0.1, decay_steps=1, decay_rate=0.5)
    optimiser = SGD(schedule)
    path, _ = run(optimiser, [0.0], [[-1.0]] * 3)
    assert scalars(path) == pytest.approx([0.1, 0.15, 0.175])
    assert optimiser.learning_rate_at(2) == pytest.approx(0.025)
    np.testing.assert_allclose(optimiser.learning_rate_at(np.arange(3)), [0.1, 0.05, 0.025])
    np.testing.assert_array_equal(SGD(0.3).learning_rate_at(np.arange(3)), [0.3, 0.3, 0.3])
    assert SGD(0.3).learning_rate_at(7) == 0.3


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda: SGD(0.0), "learning_rate"),
        (lambda: SGD(-0.1), "learning_rate"),
        (lambda: SGD(float("nan")), "learning_rate"),
        (lambda: SGD("0.1"), "learning_rate"),
        (lambda: SGD(True), "learning_rate"),
        (lambda: SGD(0.1, momentum=1.0), "momentum"),
        (lambda: SGD(0.1, momentum=-0.1), "momentum"),
        (lambda: SGD(0.1, nesterov="yes"), "nesterov"),
        (lambda: SGD(0.1, convention="tensorflow"), "convention"),
        (lambda: Adagrad(epsilon=0.0), "epsilon"),
        (lambda: Adagrad(initial_accumulator_value=-1.0), "initial_accumulator_value"),
        (lambda: RMSprop(rho=1.0), "rho"),
        (lambda: RMSprop(momentum=1.5), "momentum"),
        (lambda: RMSprop(centered=1), "centered"),
        (lambda: Adam(beta_1=1.0), "beta_1"),
        (lambda: Adam(beta_2=-0.5), "beta_2"),
        (lambda: Adam(epsilon=-1e-7), "epsilon"),
        (lambda: Adam(amsgrad=None), "amsgrad"),
        (lambda: Adam(convention="torch"), "convention"),
    ],
)
def test_bad_hyperparameters_are_rejected_by_name(make, name):
    with pytest.raises((ValueError, TypeError), match=name):
        make()


def test_step_checks_its_arguments():
    optimiser = SGD(0.1)
    state = optimiser.init(np.zeros(2))
    with pytest.raises(ValueError, match="grads"):
        optimiser.step(np.zeros(2), np.zeros(3), state)
    with pytest.raises(ValueError, match="params"):
        optimiser.step(np.array([np.nan, 0.0]), np.zeros(2), state)
    with pytest.raises(TypeError, match="state"):
        optimiser.step(np.zeros(2), np.zeros(2), {})
    with pytest.raises(ValueError, match="learning_rate"):
        SGD(lambda step: -1.0).step(np.zeros(2), np.zeros(2), state)


def test_repr_names_the_hyperparameters():
    assert repr(Adam.pytorch()) == (
        "Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-08, amsgrad=False, convention='pytorch')"
    )
