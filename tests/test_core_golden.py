"""Golden numbers from ../shared/lecture/sources.md: the slides, reproduced exactly."""

import numpy as np
import pytest

import gdcore

BGD_ITERATION_1 = {
    "x": [1, 2, 3],
    "y": [0.99, 3.00, 5.01],
    "y_hat": [0, 0, 0],
    "loss": [0.98, 9.02, 25.15],
    "dL/dw": [-1.98, -12.02, -30.09],
    "dL/db": [-1.98, -6.01, -10.03],
}
BGD_ITERATION_2 = {
    "x": [1, 2, 3],
    "y": [0.99, 3.00, 5.01],
    "y_hat": [2.07, 3.54, 5.01],
    "loss": [1.17, 0.29, 0.00],
    "dL/dw": [2.16, 2.14, -0.04],
    "dL/db": [2.16, 1.07, -0.01],
}
THETAS = [(0, 0), (1.46941631, 0.60049802), (1.32717819, 0.49312992), (1.36064289, 0.46413068)]


@pytest.fixture
def bgd():
    return gdcore.LinearRegression(*gdcore.lecture_bgd_data())


def test_lecture_bgd_data():
    x, y = gdcore.lecture_bgd_data()
    np.testing.assert_array_equal(x, [1, 2, 3])
    np.testing.assert_allclose(y, [0.98866162, 3.00384319, 5.01496554], atol=1e-8)


def test_bgd_iteration_1_table_and_gradient(bgd):
    table = bgd.table(np.zeros(2))
    assert list(table) == ["x", "y", "y_hat", "loss", "dL/dw", "dL/db"]
    for column, expected in BGD_ITERATION_1.items():
        np.testing.assert_array_equal(np.round(table[column], 2), expected, err_msg=column)
    np.testing.assert_allclose(bgd.gradient(np.zeros(2)), [-14.69416308, -6.00498023], atol=1e-8)
    np.testing.assert_allclose([table["dL/dw"].mean(), table["dL/db"].mean()], bgd.gradient(np.zeros(2)))


def test_bgd_iteration_2_table(bgd):
    table = bgd.table(np.array(THETAS[1]))
    for column, expected in BGD_ITERATION_2.items():
        np.testing.assert_array_equal(np.round(table[column], 2) + 0.0, expected, err_msg=column)
    np.testing.assert_allclose(bgd.gradient(np.array(THETAS[1])), [1.42238122, 1.07368105], atol=1e-8)


def test_bgd_thetas_1_to_3(bgd):
    theta = np.zeros(2)
    for expected in THETAS[1:]:
        theta = theta - 0.1 * bgd.gradient(theta)
        np.testing.assert_allclose(theta, expected, atol=1e-8)


def test_sgd_worked_example():
    # Slides "SGD, first/second iteration": one example at a time, eta = 0.01.
    first = gdcore.LinearRegression([5.0], [5.0])
    theta0 = np.zeros(2)
    assert first.predict(theta0)[0] == 0
    assert first.loss(theta0) == 25
    np.testing.assert_allclose(first.gradient(theta0), [-50, -10])
    theta1 = theta0 - 0.01 * first.gradient(theta0)
    np.testing.assert_allclose(theta1, [0.5, 0.1])
    second = gdcore.LinearRegression([9.0], [17.0])
    assert second.predict(theta1)[0] == pytest.approx(4.6)
    np.testing.assert_allclose(second.gradient(theta1), [-223.2, -24.8])
    np.testing.assert_allclose(theta1 - 0.01 * second.gradient(theta1), [2.732, 0.348])


def test_logistic_neuron_slide():
    X, y = gdcore.lecture_dense_data()
    np.testing.assert_array_equal(X, [[1, 2], [3, 4], [5, 6]])
    np.testing.assert_array_equal(y, [0, 1, 1])
    z = gdcore.dense(X, np.array([1.0, 2.0]), -10.0)
    np.testing.assert_array_equal(z, [-5, 1, 7])
    np.testing.assert_allclose(gdcore.sigmoid(z), [0.00669, 0.73106, 0.99909], atol=5e-6)


def test_softmax_layer_slide():
    X, _ = gdcore.lecture_dense_data()
    Z = gdcore.dense(X, np.array([[1.0, 3.0], [2.0, 4.0]]), np.array([-10.0, -20.0]))
    np.testing.assert_array_equal(Z, [[-5, -9], [1, 5], [7, 19]])
    np.testing.assert_allclose(
        gdcore.softmax(Z),
        [[0.98201379, 0.01798621], [0.01798621, 0.98201379], [6.1441746e-06, 0.99999386]],
        rtol=1e-7,
        atol=1e-9,
    )


def test_lab_data_is_on_its_line():
    x, y = gdcore.lab_data()
    np.testing.assert_array_equal(y, 3 * x + 1)
    np.testing.assert_allclose(gdcore.LinearRegression(x, y).least_squares(), [3, 1], atol=1e-12)
