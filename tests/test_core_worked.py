"""gdcore's worked examples: dense-layer slides, chain rule, SGD by hand, the BGD path."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdcore

LECTURE_W, LECTURE_B = np.array([1.0, 2.0]), -10.0
SOFTMAX_W, SOFTMAX_B = np.array([[1.0, 3.0], [2.0, 4.0]]), np.array([-10.0, -20.0])
finite = st.floats(-1e3, 1e3, allow_nan=False)


# Dense layers -----------------------------------------------------------------


def test_logistic_neuron_golden():
    X, y = gdcore.lecture_dense_data()
    out = gdcore.logistic_neuron(X, y, LECTURE_W, LECTURE_B)
    np.testing.assert_array_equal(out["z"], [-5, 1, 7])
    np.testing.assert_allclose(out["y_hat"], [0.00669, 0.73106, 0.99909], atol=5e-6)
    expected_loss = -np.mean(np.log([1 - out["y_hat"][0], out["y_hat"][1], out["y_hat"][2]]))
    assert out["loss"] == pytest.approx(expected_loss, rel=1e-12)
    assert out["accuracy"] == 1.0


def test_logistic_neuron_follows_its_inputs():
    X, y = gdcore.lecture_dense_data()
    base = gdcore.logistic_neuron(X, y, LECTURE_W, LECTURE_B)
    shifted = gdcore.logistic_neuron(X, y, LECTURE_W, LECTURE_B + 3)
    np.testing.assert_allclose(shifted["z"] - base["z"], 3)
    worse = gdcore.logistic_neuron(X, y, -LECTURE_W, -LECTURE_B)
    assert worse["accuracy"] == 0.0 and worse["loss"] > base["loss"]


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ((np.ones((3, 2)), [0, 1, 2], LECTURE_W, 0.0), "y"),
        ((np.ones((3, 2)), [0, 1], LECTURE_W, 0.0), "same length"),
        ((np.ones((3, 2)), [0, 1, 1], [1.0, 2.0, 3.0], 0.0), "W"),
        ((np.ones((3, 2)), [0, 1, 1], LECTURE_W, np.nan), "b"),
        (([[1, np.nan]], [0], LECTURE_W, 0.0), "X"),
        ((np.ones((0, 2)), [], LECTURE_W, 0.0), "X"),
    ],
)
def test_logistic_neuron_bad_input(args, name):
    with pytest.raises(ValueError, match=name):
        gdcore.logistic_neuron(*args)


def test_binary_labels():
    np.testing.assert_array_equal(gdcore.binary_labels([0, 1.0, 1]), [0, 1, 1])
    with pytest.raises(ValueError, match="labels must hold only 0 or 1"):
        gdcore.binary_labels([0, 0.5], name="labels")


def test_softmax_layer_golden():
    X, _ = gdcore.lecture_dense_data()
    out = gdcore.softmax_layer(X, SOFTMAX_W, SOFTMAX_B)
    np.testing.assert_array_equal(out["Z"], [[-5, -9], [1, 5], [7, 19]])
    np.testing.assert_allclose(
        out["P"], [[0.98201379, 0.01798621], [0.01798621, 0.98201379], [6.1441746e-06, 0.99999386]], rtol=1e-7
    )
    np.testing.assert_array_equal(out["predicted"], [1, 2, 2])


def test_softmax_layer_bad_input():
    X, _ = gdcore.lecture_dense_data()
    with pytest.raises(ValueError, match="b must have 2 entries"):
        gdcore.softmax_layer(X, SOFTMAX_W, [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="W must have 2 rows"):
        gdcore.softmax_layer(X, np.ones((3, 2)), SOFTMAX_B)
    with pytest.raises(ValueError, match="W"):
        gdcore.softmax_layer(X, [1.0, 2.0], SOFTMAX_B)


def test_naive_softmax_agrees_when_small_and_overflows_when_large():
    Z = np.array([[-5.0, -9.0], [1.0, 5.0], [7.0, 19.0]])
    np.testing.assert_allclose(gdcore.naive_softmax(Z), gdcore.softmax(Z), rtol=1e-12)
    big = np.array([[710.0, 700.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        naive = gdcore.naive_softmax(big)
        stable = gdcore.softmax(big)
    assert np.isnan(naive[0, 0]) and naive[0, 1] == 0.0
    np.testing.assert_allclose(stable, [[1 / (1 + np.exp(-10)), 1 / (1 + np.exp(10))]])
    assert np.isfinite(gdcore.naive_softmax([709.0, 0.0])).all()


@settings(max_examples=60, deadline=None)
@given(w1=finite, w2=finite, b=finite)
def test_decision_boundary_points_have_z_zero(w1, w2, b):
    box = ((-10.0, 10.0), (-10.0, 10.0))
    segment = gdcore.decision_boundary([w1, w2], b, *box)
    if segment is None:
        return
    x1s, x2s = segment
    assert np.all((x1s >= -10 - 1e-6) & (x1s <= 10 + 1e-6) & (x2s >= -10 - 1e-6) & (x2s <= 10 + 1e-6))
    scale = max(abs(w1), abs(w2), abs(b), 1.0)
    np.testing.assert_allclose(w1 * x1s + w2 * x2s + b, 0, atol=1e-9 * scale * 10)


def test_decision_boundary_cases():
    x1s, x2s = gdcore.decision_boundary(LECTURE_W, LECTURE_B, (0, 6), (0, 7))
    np.testing.assert_allclose(LECTURE_W[0] * x1s + LECTURE_W[1] * x2s + LECTURE_B, 0)
    x1s, x2s = gdcore.decision_boundary([2.0, 0.0], -4.0, (0, 6), (0, 7))  # vertical x1 = 2
    np.testing.assert_allclose(x1s, [2, 2])
    np.testing.assert_allclose(sorted(x2s), [0, 7])
    assert gdcore.decision_boundary([0.0, 0.0], 1.0, (0, 6), (0, 7)) is None
    assert gdcore.decision_boundary([1.0, 1.0], 100.0, (0, 6), (0, 7)) is None
    with pytest.raises(ValueError, match="w must have 2 entries"):
        gdcore.decision_boundary([1.0], 0.0, (0, 1), (0, 1))
    with pytest.raises(ValueError, match="x1_range"):
        gdcore.decision_boundary([1.0, 1.0], 0.0, (0, np.inf), (0, 1))


# Loss and derivatives ---------------------------------------------------------


def test_chain_rule_golden():
    out = gdcore.chain_rule(5, 5, 0, 0)
    assert out == {
        "y_hat": 0,
        "loss": 25,
        "dloss_dyhat": -10,
        "dyhat_dw": 5,
        "dyhat_db": 1,
        "dloss_dw": -50,
        "dloss_db": -10,
    }


@settings(max_examples=40, deadline=None)
@given(x=finite, y=finite, w=st.floats(-10, 10), b=st.floats(-10, 10))
def test_chain_rule_matches_finite_differences_and_linear_regression(x, y, w, b):
    out = gdcore.chain_rule(x, y, w, b)
    loss = lambda theta: (theta[0] * x + theta[1] - y) ** 2  # noqa: E731
    grad = lambda theta: np.array([out["dloss_dw"], out["dloss_db"]])  # noqa: E731
    assert gdcore.check_gradient(loss, grad, np.array([w, b]), eps=1e-4, rtol=1e-4, atol=1e-4)
    problem = gdcore.LinearRegression([x], [y])
    np.testing.assert_allclose(problem.gradient(np.array([w, b])), grad(None), rtol=1e-12, atol=1e-9)
    assert out["dloss_dw"] == pytest.approx(out["dloss_dyhat"] * out["dyhat_dw"])


def test_chain_rule_bad_input():
    with pytest.raises(ValueError, match="y must be finite"):
        gdcore.chain_rule(1.0, np.inf, 0.0, 0.0)
    with pytest.raises(TypeError, match="w must be a number"):
        gdcore.chain_rule(1.0, 1.0, "0", 0.0)


def test_sgd_iterations_golden():
    first, second = gdcore.sgd_iterations([(5, 5), (9, 17)], (0, 0), 0.01)
    assert (first["t"], first["y_hat"], first["loss"]) == (1, 0, 25)
    np.testing.assert_allclose(first["gradient"], [-50, -10])
    np.testing.assert_allclose(first["step"], [0.5, 0.1])
    np.testing.assert_allclose(first["theta_next"], [0.5, 0.1])
    assert second["t"] == 2 and second["y_hat"] == pytest.approx(4.6)
    np.testing.assert_allclose(second["theta"], [0.5, 0.1])
    np.testing.assert_allclose(second["gradient"], [-223.2, -24.8])
    np.testing.assert_allclose(second["step"], [2.232, 0.248])
    np.testing.assert_allclose(second["theta_next"], [2.732, 0.348])


def test_sgd_iterations_stop_before_overflow_without_warnings():
    points = [(1e100, 1.0)] * 6
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        records = gdcore.sgd_iterations(points, (0, 0), 1.0)
    assert 0 < len(records) < 6
    for record in records:
        assert np.isfinite(record["loss"]) and np.all(np.isfinite(record["theta_next"]))


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (([(1, 2, 3)], (0, 0), 0.1), "points must have 2 columns"),
        (([], (0, 0), 0.1), "points"),
        (([(1, np.nan)], (0, 0), 0.1), "points"),
        (([(1, 2)], (0, 0, 0), 0.1), "theta0"),
        (([(1, 2)], (0, 0), 0.0), "eta"),
        (([(1, 2)], (0, 0), -1.0), "eta"),
    ],
)
def test_sgd_iterations_bad_input(args, name):
    with pytest.raises(ValueError, match=name):
        gdcore.sgd_iterations(*args)


def test_gradient_descent_path_golden():
    problem = gdcore.LinearRegression(*gdcore.lecture_bgd_data())
    path = gdcore.gradient_descent_path(problem, (0, 0), 0.1, 3)
    np.testing.assert_allclose(
        path.params,
        [(0, 0), (1.46941631, 0.60049802), (1.32717819, 0.49312992), (1.36064289, 0.46413068)],
        atol=1e-8,
    )
    np.testing.assert_allclose(path.gradient[:2], [(-14.69416308, -6.00498023), (1.42238122, 1.07368105)])
    np.testing.assert_allclose(path.loss, [problem.loss(theta) for theta in path.params])
    np.testing.assert_allclose(path.step, -0.1 * path.gradient)
    np.testing.assert_allclose(path.params[1:], path.params[:-1] + path.step[:-1])
    assert path.diverged_at is None
    assert gdcore.gradient_descent_path(problem, (0, 0), 0.1, 0).params.shape == (1, 2)


def test_gradient_descent_path_stops_at_divergence_without_warnings():
    problem = gdcore.LinearRegression(*gdcore.lecture_bgd_data())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = gdcore.gradient_descent_path(problem, (0, 0), 100.0, 200)
    assert path.diverged_at is not None and path.diverged_at == len(path.params)
    assert 10 < path.diverged_at < 200
    assert np.all(np.isfinite(path.params)) and np.all(np.isfinite(path.loss))
    assert np.all(np.diff(path.loss) > 0)


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (((0, 0, 0), 0.1, 3), "theta0"),
        (((0, 0), 0.0, 3), "eta"),
        (((0, 0), 0.1, -1), "steps"),
        (((0, 0), 0.1, 2.5), "steps"),
        (((np.nan, 0), 0.1, 2), "theta0"),
    ],
)
def test_gradient_descent_path_bad_input(args, name):
    problem = gdcore.LinearRegression(*gdcore.lab_data())
    with pytest.raises(ValueError, match=name):
        gdcore.gradient_descent_path(problem, *args)


@settings(max_examples=40, deadline=None)
@given(
    points=st.lists(st.tuples(finite, finite), min_size=1, max_size=6),
    w0=st.floats(-10, 10),
    b0=st.floats(-10, 10),
    eta=st.floats(1e-4, 1e-2),
)
def test_sgd_iterations_match_linear_regression_one_point_at_a_time(points, w0, b0, eta):
    records = gdcore.sgd_iterations(points, (w0, b0), eta)
    theta = np.array([w0, b0])
    for t, (record, (x, y)) in enumerate(zip(records, points, strict=False), start=1):
        problem = gdcore.LinearRegression([x], [y])
        assert record["t"] == t and (record["x"], record["y"]) == (x, y)
        np.testing.assert_array_equal(record["theta"], theta)
        np.testing.assert_allclose(record["gradient"], problem.gradient(theta), rtol=1e-12, atol=1e-9)
        np.testing.assert_allclose(
            record["theta_next"], theta - eta * record["gradient"], rtol=1e-12, atol=1e-12
        )
        theta = record["theta_next"]
