"""gdcore core maths: every gradient against finite differences, properties, bad input."""

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import gdcore
from gdcore import check_gradient, numerical_gradient

finite = st.floats(-1e3, 1e3, allow_nan=False)
logits = st.floats(-1e4, 1e4, allow_nan=False)


def test_import_loads_no_ui_libraries():
    code = (
        "import sys, gdcore; print(sorted(m for m in ('streamlit', 'pandas', 'plotly') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_checker_catches_a_wrong_gradient():
    f = lambda x: float(np.sum(x**3))  # noqa: E731
    assert check_gradient(f, lambda x: 3 * x**2, np.array([0.5, -1.0]))
    assert not check_gradient(f, lambda x: 2 * x**2, np.array([0.5, -1.0]))


@pytest.mark.parametrize("seed", range(5))
def test_linear_regression_gradient(seed):
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=(7, 3)), rng.normal(size=7)
    problem = gdcore.LinearRegression(x, y)
    theta = rng.normal(size=4)
    assert check_gradient(problem.loss, problem.gradient, theta)
    idx = np.array([1, 4, 5])
    assert check_gradient(lambda t: problem.loss(t, idx), lambda t: problem.gradient(t, idx), theta)


def test_loss_grid_matches_loss():
    x, y = gdcore.make_linear_data(30, noise=0.5, seed=3)
    problem = gdcore.LinearRegression(x, y)
    w, b = np.meshgrid(np.linspace(-3, 3, 4), np.linspace(-2, 2, 5))
    expected = [
        [problem.loss(np.array([wi, bi])) for wi, bi in zip(wr, br, strict=True)]
        for wr, br in zip(w, b, strict=True)
    ]
    np.testing.assert_allclose(problem.loss_grid(w, b), expected, rtol=1e-10)


@pytest.mark.parametrize(
    ("w", "b", "message"),
    [
        (None, 0.0, "w must contain only finite"),
        (0.0, [np.nan], "b must contain only finite"),
        (1e200, 0.0, "w and b"),
    ],
)
def test_loss_grid_refuses_what_is_not_a_finite_grid(w, b, message):
    problem = gdcore.LinearRegression(*gdcore.make_linear_data(10, seed=1))
    with pytest.raises((TypeError, ValueError), match=message):
        problem.loss_grid(w, b)


def test_least_squares_has_zero_gradient():
    problem = gdcore.LinearRegression(*gdcore.make_linear_data(50, noise=1.0, seed=1))
    np.testing.assert_allclose(problem.gradient(problem.least_squares()), 0, atol=1e-10)


@pytest.mark.parametrize("seed", range(3))
def test_loss_gradients(seed):
    rng = np.random.default_rng(seed)
    y, y_hat = rng.normal(size=6), rng.normal(size=6)
    assert check_gradient(lambda p: gdcore.mse(y, p), lambda p: gdcore.mse_gradient(y, p), y_hat)
    labels, p = rng.integers(0, 2, 6).astype(float), rng.uniform(0.05, 0.95, 6)
    assert check_gradient(
        lambda q: gdcore.binary_crossentropy(labels, q),
        lambda q: gdcore.binary_crossentropy_gradient(labels, q),
        p,
        eps=1e-7,
    )
    Y = np.eye(3)[rng.integers(0, 3, 5)]
    P = rng.uniform(0.05, 0.95, (5, 3))
    P /= P.sum(axis=1, keepdims=True)  # class probabilities (a step of 1e-7 stays within the row tolerance)
    assert check_gradient(
        lambda q: gdcore.categorical_crossentropy(Y, q),
        lambda q: gdcore.categorical_crossentropy_gradient(Y, q),
        P,
        eps=1e-7,
    )


def test_activation_derivatives_by_finite_differences():
    z = np.array([-3.0, -0.5, 0.7, 2.5])
    s = gdcore.sigmoid(z)
    np.testing.assert_allclose(
        numerical_gradient(lambda v: gdcore.sigmoid(v).sum(), z), s * (1 - s), rtol=1e-6
    )
    np.testing.assert_allclose(numerical_gradient(lambda v: gdcore.relu(v).sum(), z), z > 0, atol=1e-8)


def test_loss_values():
    assert gdcore.mse([1, 2], [1, 4]) == 2
    assert gdcore.binary_crossentropy([1, 0], [0.5, 0.5]) == pytest.approx(np.log(2))
    assert gdcore.categorical_crossentropy([[0, 1]], [[0.5, 0.5]]) == pytest.approx(np.log(2))
    assert gdcore.accuracy([0, 1, 1], [0.2, 0.4, 0.9]) == pytest.approx(2 / 3)
    assert gdcore.accuracy([[1, 0], [0, 1]], [[0.9, 0.1], [0.8, 0.2]]) == 0.5
    assert gdcore.accuracy([0, 1], [[0.9, 0.1], [0.3, 0.7]]) == 1.0
    assert np.isfinite(gdcore.binary_crossentropy([1.0], [0.0]))


@given(hnp.arrays(float, hnp.array_shapes(min_dims=2, max_dims=2, max_side=6), elements=logits))
def test_softmax_rows_sum_to_one_and_stay_finite(Z):
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        P = gdcore.softmax(Z)
    assert P.shape == Z.shape
    assert np.all(np.isfinite(P)) and np.all(P >= 0)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-12)


@given(hnp.arrays(float, hnp.array_shapes(max_dims=3, max_side=5), elements=logits))
def test_sigmoid_in_unit_interval(z):
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = gdcore.sigmoid(z)
    assert s.shape == z.shape and np.all((s >= 0) & (s <= 1))


@given(st.integers(1, 6), st.integers(1, 4), st.integers(1, 4), st.data())
def test_dense_shapes(n, p, k, data):
    X = data.draw(hnp.arrays(float, (n, p), elements=finite))
    W = data.draw(hnp.arrays(float, (p, k), elements=finite))
    b = data.draw(hnp.arrays(float, (k,), elements=finite))
    Z = gdcore.dense(X, W, b)
    assert Z.shape == (n, k)
    np.testing.assert_allclose(Z, X @ W + b)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: gdcore.dense(np.ones((3, 2)), np.ones((3, 2)), np.zeros(2)), "W"),
        (lambda: gdcore.dense(np.ones((3, 2)), np.ones((2, 2)), np.zeros(3)), "b"),
        (lambda: gdcore.dense(np.ones(3), np.ones((2, 2)), np.zeros(2)), "X"),
        (lambda: gdcore.softmax([]), "Z"),
        (lambda: gdcore.softmax([[np.nan, 1.0]]), "Z"),
        (lambda: gdcore.sigmoid([np.inf]), "z"),
        (lambda: gdcore.LinearRegression([1, 2, 3], [1, 2]), "x and y"),
        (lambda: gdcore.LinearRegression([], []), "x"),
        (lambda: gdcore.LinearRegression([1, np.nan], [1, 2]), "x"),
        (lambda: gdcore.LinearRegression([1, 2], [1, 2]).loss([1.0]), "params"),
        (lambda: gdcore.LinearRegression([1, 2], [1, 2]).gradient([1.0, np.inf]), "params"),
        (lambda: gdcore.mse([1, 2], [1]), "y and y_hat"),
        (lambda: gdcore.binary_crossentropy([1, 0], [1.5, 0.2]), "p"),
        (lambda: gdcore.categorical_crossentropy([1, 0], [0.5, 0.5]), "Y"),
        (lambda: gdcore.accuracy([1, 0, 1], [0.5, 0.5]), "y and y_hat"),
        (lambda: gdcore.make_linear_data(0), "n"),
        (lambda: gdcore.make_linear_data(10, noise=-1), "noise"),
    ],
)
def test_bad_input_raises_naming_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_non_numeric_input_is_a_type_error():
    with pytest.raises(TypeError, match="z"):
        gdcore.sigmoid("abc")
    with pytest.raises(TypeError, match="n"):
        gdcore.make_linear_data("ten")


def test_crossentropy_gradients_are_zero_where_the_prediction_is_clipped():
    """Within 1e-7 of 0 or 1 the probability is clipped, the loss is flat, and so is its derivative
    (Keras's too): not the +-1e7/n a formula without the clip would give."""
    y, p = np.array([1.0, 0.0, 1.0]), np.array([1e-9, 1 - 1e-9, 0.5])
    gradient = gdcore.binary_crossentropy_gradient(y, p)
    assert gradient[0] == 0 and gradient[1] == 0 and gradient[2] == pytest.approx(-2 / 3)
    for i in (0, 1):  # the loss does not move when p_i moves inside the clipped band
        moved = p.copy()
        moved[i] = 5e-8 if i == 0 else 1 - 5e-8
        assert gdcore.binary_crossentropy(y, moved) == gdcore.binary_crossentropy(y, p)
    Y, P = np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[1e-9, 1 - 1e-9], [0.3, 0.7]])
    grad = gdcore.categorical_crossentropy_gradient(Y, P)
    assert grad[0, 0] == 0 and grad[1, 1] == pytest.approx(-1 / 0.7 / 2)


def test_categorical_crossentropy_refuses_rows_that_are_not_probabilities():
    Y = np.array([[1.0, 0.0], [0.0, 1.0]])
    for function in (gdcore.categorical_crossentropy, gdcore.categorical_crossentropy_gradient):
        with pytest.raises(ValueError, match="row 1 sums to 0.8"):
            function(Y, np.array([[0.5, 0.5], [0.4, 0.4]]))
    assert gdcore.categorical_crossentropy(Y, np.array([[0.5, 0.5], [0.3, 0.7 + 1e-9]])) > 0
