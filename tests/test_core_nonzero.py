"""gdcore.nonzero: accuracy vs cross-entropy, argmax vs softmax, Glorot initialisation, dead ReLUs."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gdcore
from gdcore import check_gradient

X, Y = gdcore.make_classification_data(40, seed=0)
PARAMS = np.array([-1.0, 1.0, -4.0])


def test_data_is_seeded_and_labelled():
    X2, y2 = gdcore.make_classification_data(40, seed=0)
    np.testing.assert_array_equal(X, X2)
    assert X.shape == (40, 2) and list(np.unique(Y)) == [0.0, 1.0] and Y.sum() == 20
    assert not np.array_equal(X, gdcore.make_classification_data(40, seed=1)[0])


@pytest.mark.parametrize("seed", range(4))
def test_logistic_loss_gradient_and_value(seed):
    params = np.random.default_rng(seed).normal(size=3)
    assert check_gradient(
        lambda p: gdcore.logistic_loss(X, Y, p), lambda p: gdcore.logistic_loss_gradient(X, Y, p), params
    )
    y_hat = gdcore.sigmoid(X @ params[:2] + params[2])
    assert gdcore.logistic_loss(X, Y, params) == pytest.approx(gdcore.binary_crossentropy(Y, y_hat), rel=1e-6)
    assert gdcore.logistic_accuracy(X, Y, params) == gdcore.accuracy(Y, y_hat)


def test_accuracy_gradient_is_zero_away_from_the_jumps():
    jumps = gdcore.accuracy_jumps(X, Y, PARAMS, 0)
    between = (jumps[3] + jumps[4]) / 2
    params = PARAMS.copy()
    params[0] = between
    assert check_gradient(
        lambda p: gdcore.logistic_accuracy(X, Y, p),
        lambda p: gdcore.logistic_accuracy_gradient(X, Y, p),
        params,
        eps=1e-4,
    )
    np.testing.assert_array_equal(gdcore.logistic_accuracy_gradient(X, Y, params), 0.0)


@pytest.mark.parametrize("index", [0, 1, 2])
def test_slice_matches_the_full_functions(index):
    values = np.linspace(-3, 3, 7)
    sliced = gdcore.logistic_slice(X, Y, PARAMS, index, values)
    for k, v in enumerate(values):
        params = PARAMS.copy()
        params[index] = v
        assert sliced["loss"][k] == pytest.approx(gdcore.logistic_loss(X, Y, params), rel=1e-12)
        assert sliced["dloss"][k] == pytest.approx(
            gdcore.logistic_loss_gradient(X, Y, params)[index], rel=1e-10
        )
        assert sliced["accuracy"][k] == gdcore.logistic_accuracy(X, Y, params)
    assert np.all(sliced["daccuracy"] == 0)


def test_accuracy_is_a_staircase_jumping_only_at_the_jumps():
    jumps = gdcore.accuracy_jumps(X, Y, PARAMS, 0)
    assert len(jumps) == len(Y) and np.all(np.diff(jumps) >= 0)
    # constant between consecutive jump points, and each jump changes it by k/n
    middles = (jumps[:-1] + jumps[1:]) / 2
    left = gdcore.logistic_slice(X, Y, PARAMS, 0, middles)["accuracy"]
    for a, b, value in zip(jumps[:-1], jumps[1:], left, strict=True):
        inside = np.linspace(a, b, 7)[1:-1]
        np.testing.assert_array_equal(gdcore.logistic_slice(X, Y, PARAMS, 0, inside)["accuracy"], value)
    steps = np.diff(left) * len(Y)
    np.testing.assert_allclose(steps, np.round(steps), atol=1e-9)


def test_descent_on_accuracy_never_moves_and_on_loss_improves():
    on_accuracy = gdcore.descend_logistic(X, Y, PARAMS, 0, 0.5, 30, objective="accuracy")
    np.testing.assert_array_equal(on_accuracy["value"], PARAMS[0])
    assert np.all(on_accuracy["accuracy"] == on_accuracy["accuracy"][0])
    on_loss = gdcore.descend_logistic(X, Y, PARAMS, 0, 0.5, 30, objective="loss")
    assert on_loss["loss"][-1] < on_loss["loss"][0]
    assert np.all(np.diff(on_loss["loss"]) <= 1e-12)
    assert on_loss["accuracy"][-1] > on_loss["accuracy"][0]
    # the first step is theta - eta dL/dtheta
    assert on_loss["value"][1] == pytest.approx(
        PARAMS[0] - 0.5 * gdcore.logistic_loss_gradient(X, Y, PARAMS)[0]
    )


@pytest.mark.parametrize("index", [0, 1, 2])
def test_descent_steps_are_exactly_those_of_the_checked_gradient(index):
    """The engine's fused, unchecked steps give the same numbers, to the last bit, as the loop
    theta <- theta - eta dL/dtheta_index written with ``logistic_loss_gradient``."""
    run = gdcore.descend_logistic(X, Y, PARAMS, index, 0.5, 30, objective="loss")
    theta = PARAMS.copy()
    for value in run["value"][1:]:
        theta[index] = theta[index] - 0.5 * gdcore.logistic_loss_gradient(X, Y, theta)[index]
        assert value == theta[index]
    assert run["loss"][-1] == gdcore.logistic_loss(X, Y, theta)


def test_softmax_slice_derivative_and_argmax():
    logits = np.array([0.0, 1.0, -0.5])
    values = np.linspace(-4, 4, 81)
    for cls in range(3):
        out = gdcore.softmax_slice(logits, 0, values, cls)
        for v, d in zip(values[::10], out["dsoftmax"][::10], strict=True):
            f = lambda z, cls=cls: float(gdcore.softmax(np.r_[z[0], logits[1:]])[cls])  # noqa: E731
            assert check_gradient(f, lambda z, d=d: np.array([d]), [v])
        assert np.all(out["dargmax"] == 0)
    out = gdcore.softmax_slice(logits, 0, values)
    np.testing.assert_array_equal(out["argmax"], (values >= 1.0).astype(float))  # ties go to the first class
    assert np.all(np.diff(out["softmax"]) > 0) and np.all(out["dsoftmax"] > 0)


def test_leaky_relu_and_its_derivative():
    z = np.array([-2.0, -0.5, 0.0, 1.5])
    np.testing.assert_allclose(gdcore.leaky_relu(z), [-0.6, -0.15, 0.0, 1.5])
    assert gdcore.KERAS_LEAKY_RELU_SLOPE == 0.3
    np.testing.assert_allclose(gdcore.leaky_relu(z, alpha=0.0), gdcore.relu(z))
    for alpha in (0.0, 0.3):
        for v in (-1.3, 0.7):
            assert check_gradient(
                lambda t, a=alpha: float(gdcore.leaky_relu(t, a)[0]),
                lambda t, a=alpha: gdcore.leaky_relu_derivative(t, a),
                [v],
            )


def test_glorot_uniform_limits_and_seed():
    W = gdcore.glorot_uniform(2, 30, 0)
    limit = np.sqrt(6 / 32)
    assert W.shape == (2, 30) and np.all(np.abs(W) <= limit)
    np.testing.assert_array_equal(W, gdcore.glorot_uniform(2, 30, np.random.default_rng(0)))
    big = gdcore.glorot_uniform(100, 300, 1)
    assert big.min() < -0.95 * np.sqrt(6 / 400) and big.max() > 0.95 * np.sqrt(6 / 400)
    assert big.var() == pytest.approx(2 / 400, rel=0.05)  # Var U(-l, l) = l^2/3 = 2/(fan_in+fan_out)


def test_dead_units_by_hand():
    X = np.array([[1.0, 2.0], [3.0, 1.0]])
    W = np.array([[1.0, -1.0, -1.0, 0.0], [-1.0, -1.0, 1.0, 0.0]])
    b = np.array([0.0, 5.0, -3.0, 0.0])
    # Z = X W + b = [[-1, 2, -2, 0], [2, 1, -5, 0]]: units 3 and 4 are <= 0 on both rows
    np.testing.assert_array_equal(gdcore.dead_units(X, W, b), [False, False, True, True])
    np.testing.assert_allclose(gdcore.active_slopes(X, W, b), [0.5, 1.0, 0.0, 0.0])
    np.testing.assert_allclose(gdcore.active_slopes(X, W, b, alpha=0.3), [0.65, 1.0, 0.3, 0.3])
    # a big enough negative bias update kills every unit; leaky units keep slope alpha
    np.testing.assert_array_equal(gdcore.dead_units(X, W, b - 10), True)
    assert np.all(gdcore.active_slopes(X, W, b - 10, alpha=0.3) == 0.3)


def test_dead_unit_counts_match_the_loop():
    seeds = np.arange(20)
    counts = gdcore.dead_unit_counts(X, 30, seeds)
    expected = [gdcore.dead_units(X, gdcore.glorot_uniform(2, 30, int(s)), np.zeros(30)).sum() for s in seeds]
    np.testing.assert_array_equal(counts, expected)
    assert counts.mean() > 3  # positive inputs: a unit with both weights negative is dead
    assert np.all(gdcore.dead_unit_counts(gdcore.standardise(X), 30, seeds) == 0)


@given(st.integers(1, 50), st.integers(1, 50), st.integers(0, 2**32 - 1))
def test_glorot_shape_and_bound(fan_in, fan_out, seed):
    W = gdcore.glorot_uniform(fan_in, fan_out, seed)
    assert W.shape == (fan_in, fan_out) and np.all(np.abs(W) <= np.sqrt(6 / (fan_in + fan_out)))


def test_standardise():
    Z = gdcore.standardise(X)
    np.testing.assert_allclose(Z.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Z.std(axis=0), 1)


def test_bad_input_names_the_argument():
    with pytest.raises(ValueError, match="params"):
        gdcore.logistic_loss(X, Y, [1.0, 2.0])
    with pytest.raises(ValueError, match="y"):
        gdcore.logistic_loss(X, Y + 0.5, PARAMS)
    with pytest.raises(ValueError, match="X and y"):
        gdcore.logistic_accuracy(X[:5], Y, PARAMS)
    with pytest.raises(ValueError, match="index"):
        gdcore.logistic_slice(X, Y, PARAMS, 3, [0.0])
    with pytest.raises(TypeError, match="index"):
        gdcore.logistic_slice(X, Y, PARAMS, 1.0, [0.0])
    with pytest.raises(ValueError, match="objective"):
        gdcore.descend_logistic(X, Y, PARAMS, 0, 0.1, 3, objective="auc")
    with pytest.raises(ValueError, match="learning_rate"):
        gdcore.descend_logistic(X, Y, PARAMS, 0, 0.0, 3)
    with pytest.raises(ValueError, match="steps"):
        gdcore.descend_logistic(X, Y, PARAMS, 0, 0.1, -3)
    with pytest.raises(ValueError, match="logits"):
        gdcore.softmax_slice([1.0], 0, [0.0])
    with pytest.raises(ValueError, match="values"):
        gdcore.softmax_slice([1.0, 2.0], 0, [np.nan])
    with pytest.raises(ValueError, match="alpha"):
        gdcore.leaky_relu([1.0], alpha=-0.1)
    with pytest.raises(ValueError, match="fan_in"):
        gdcore.glorot_uniform(0, 3)
    with pytest.raises(ValueError, match="W"):
        gdcore.dead_units(X, np.zeros((3, 4)), 0.0)
    with pytest.raises(ValueError, match="b"):
        gdcore.dead_units(X, np.zeros((2, 4)), np.zeros(3))
    with pytest.raises(ValueError, match="seeds"):
        gdcore.dead_unit_counts(X, 3, [0.5])
    with pytest.raises(ValueError, match="units"):
        gdcore.dead_unit_counts(X, 0, [1])
    with pytest.raises(ValueError, match="n"):
        gdcore.make_classification_data(1)


def test_counts_are_capped_and_overflow_is_an_error():
    with pytest.raises(ValueError, match="fan_in"):
        gdcore.glorot_uniform(10**20, 3)
    with pytest.raises(ValueError, match="fan_in \\* fan_out"):
        gdcore.glorot_uniform(50_000, 50_000)
    with pytest.raises(ValueError, match="fan_out"):
        gdcore.glorot_uniform(3, 2.5)
    with pytest.raises(TypeError, match="fan_in"):
        gdcore.glorot_uniform(None, 3)
    assert gdcore.glorot_uniform(3.0, 2, 0).shape == (3, 2)
    with pytest.raises(ValueError, match="X"):
        gdcore.standardise([[1e308], [1e308]])
    with pytest.raises(ValueError, match="X"):
        gdcore.standardise([[1e308], [-1e308]])  # the sd overflows: not a column of zeros
