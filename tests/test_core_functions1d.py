"""gdcore.functions1d: the 1-D costs, their derivatives and minima, and gradient descent on them."""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gdcore
from gdcore import (
    CONVEX_QUADRATIC,
    GUESS_FUNCTIONS,
    LECTURE_GUESS,
    PITFALLS,
    Function1D,
    check_gradient,
    gradient_descent_1d,
)

ALL = {**GUESS_FUNCTIONS, "quadratic": CONVEX_QUADRATIC, "bowl": gdcore.convex_quadratic(3.0, 2.0, (-5, 5))}


@pytest.mark.parametrize("key", ALL)
def test_derivative_matches_finite_differences(key):
    fn = ALL[key]
    for x in np.linspace(*fn.domain, 23)[1:-1]:
        assert check_gradient(lambda v: float(fn.f(v[0])), lambda v: np.array([fn.df(v[0])]), [x]), x
    params = np.array([fn.start])
    assert check_gradient(fn.loss, fn.gradient, params)


@pytest.mark.parametrize("key", ALL)
def test_minima_have_zero_slope_and_rising_curvature(key):
    fn = ALL[key]
    assert fn.minima
    for x, fx in fn.minima:
        assert fn.in_domain(x)
        assert abs(fn.derivative(x)) < 1e-9
        assert fx == fn(x)
        h = fn.width * 1e-3
        assert fn(x - h) > fx and fn(x + h) > fx
    x_best, f_best = fn.global_minimum
    xs, fx = fn.grid(20001)
    assert f_best <= fx.min() + 1e-12
    assert abs(x_best - xs[np.argmin(fx)]) <= fn.width / 20000


def test_lecture_function_minima_and_maxima_match_sources():
    minima = [(round(x, 2), round(f, 3)) for x, f in LECTURE_GUESS.minima]
    assert minima == [(25.43, -0.06), (55.86, -0.307), (86.97, -0.751)]
    assert [round(x, 2) for x, _ in LECTURE_GUESS.maxima] == [11.44, 40.48, 71.38]
    x, f = LECTURE_GUESS.global_minimum
    assert round(x, 2) == 86.97 and round(f, 3) == -0.751
    assert LECTURE_GUESS.domain == (0.0, 100.0) and LECTURE_GUESS.start == 50.0
    assert LECTURE_GUESS.tangent_width == 5.0 and LECTURE_GUESS.resolution == 1.0


def test_original_widget_derivative_pointed_the_wrong_way_at_25():
    assert round(gdcore.original_widget_derivative(25.0), 4) == 0.0035
    assert round(LECTURE_GUESS.derivative(25.0), 5) == -0.00125
    assert LECTURE_GUESS.downhill(25.0) == 1  # truly downhill to the right, towards 25.43
    # the wrong formula is not the derivative; ours is
    assert not check_gradient(
        lambda v: float(LECTURE_GUESS.f(v[0])),
        lambda v: np.array([gdcore.original_widget_derivative(v[0])]),
        [25.0],
    )


def test_later_version_and_other_shapes():
    later = GUESS_FUNCTIONS["later"]
    assert later.domain == (-10.0, 10.0)
    assert later(0.0) == 5.0
    assert round(later.global_minimum[0], 3) == -1.428
    # pitfalls: a local minimum left of the global one, then a plateau with a small slope
    (x_local, f_local), (x_global, f_global) = PITFALLS.minima
    assert x_local < x_global and f_local > f_global == PITFALLS.global_minimum[1]
    plateau = PITFALLS.derivative(np.linspace(7, 10, 50))
    assert np.all((plateau > 0) & (plateau < 0.05))
    several = GUESS_FUNCTIONS["several"]
    assert len(several.minima) >= 4


def test_tangent_and_downhill():
    xs, ys = LECTURE_GUESS.tangent(50.0)
    np.testing.assert_allclose(xs, [47.5, 52.5])
    slope = LECTURE_GUESS.derivative(50.0)
    np.testing.assert_allclose(ys, LECTURE_GUESS(50.0) + slope * np.array([-2.5, 2.5]))
    assert slope < 0 and LECTURE_GUESS.downhill(50.0) == 1
    assert CONVEX_QUADRATIC.downhill(3.0) == -1 and CONVEX_QUADRATIC.downhill(0.0) == 0
    xs, _ = CONVEX_QUADRATIC.tangent(1.0, width=4.0)
    np.testing.assert_allclose(xs, [-1.0, 3.0])


def test_gradient_descent_follows_the_update_rule():
    run = gradient_descent_1d(LECTURE_GUESS, 50.0, 20.0, 3)
    x = 50.0
    for k in range(1, 4):
        x = x - 20.0 * LECTURE_GUESS.derivative(x)
        assert run.x[k] == pytest.approx(x, rel=1e-12)
    np.testing.assert_allclose(run.fx, LECTURE_GUESS(run.x))
    assert run.stop_reason is None and run.steps_taken == 3
    np.testing.assert_array_equal(np.asarray(run), run.x)  # the run is its array of iterates
    assert len(run) == 4


def test_gradient_descent_reaches_the_nearest_minimum():
    run = gradient_descent_1d(LECTURE_GUESS, 50.0, 20.0, 200)
    assert run.x[-1] == pytest.approx(LECTURE_GUESS.minima[1][0], abs=1e-6)
    run = gradient_descent_1d(CONVEX_QUADRATIC, 8.0, 0.5, 60)
    assert abs(run.x[-1]) < 1e-12


def test_gradient_descent_crawls_on_the_plateau():
    run = gradient_descent_1d(PITFALLS, 9.0, 0.1, 100)
    assert 8.7 < run.x[-1] < 9.0  # 100 steps of about 0.002


def test_gradient_descent_stops_when_leaving_the_domain():
    run = gradient_descent_1d(CONVEX_QUADRATIC, 8.0, 2.5, 10)  # factor 1 - 2.5 = -1.5: diverges
    assert run.stop_reason == "left the domain" and run.stop_step == 1
    assert run.rejected_x == pytest.approx(-12.0)
    assert list(run.x) == [8.0]
    run = gradient_descent_1d(CONVEX_QUADRATIC, 1.0, 2.1, 100)  # factor -1.1: out after a few steps
    assert run.stop_reason == "left the domain" and len(run.x) == run.stop_step
    assert np.all(np.abs(np.diff(np.abs(run.x))) > 0)


def test_gradient_descent_reports_divergence():
    exploding = Function1D("wall", lambda x: x, lambda x: np.where(x > 0.5, np.inf, -1.0), (0.0, 1.0), 0.0)
    run = gradient_descent_1d(exploding, 0.0, 0.3, 5)
    assert run.stop_reason == "diverged" and run.stop_step == 3 and list(run.x) == [0.0, 0.3, 0.6]


def test_function1d_is_a_problem_for_fit():
    assert CONVEX_QUADRATIC.n_examples == 1
    assert CONVEX_QUADRATIC.loss(np.array([2.0])) == 2.0
    np.testing.assert_allclose(CONVEX_QUADRATIC.gradient(np.array([2.0]), idx=np.array([0])), [2.0])


@given(st.floats(-10, 10), st.floats(0.01, 1.9), st.integers(0, 30))
def test_gradient_descent_on_the_bowl_contracts(x0, eta, steps):
    run = gradient_descent_1d(CONVEX_QUADRATIC, x0, eta, steps)
    assert run.stop_reason is None and len(run.x) == steps + 1
    np.testing.assert_allclose(run.x, x0 * (1 - eta) ** np.arange(steps + 1), atol=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"domain": (1.0, 0.0)}, "domain"),
        ({"domain": (0.0, np.inf)}, "domain"),
        ({"start": 2.0}, "start"),
        ({"learning_rate": 0.0}, "learning_rate"),
        ({"name": ""}, "name"),
    ],
)
def test_function1d_rejects_bad_definitions(kwargs, name):
    base = {"name": "f", "f": np.square, "df": lambda x: 2 * x, "domain": (0.0, 1.0), "start": 0.5}
    with pytest.raises(ValueError, match=name):
        Function1D(**{**base, **kwargs})
    with pytest.raises(TypeError, match="df"):
        Function1D(**{**base, "df": 3})


def test_bad_input_names_the_argument():
    with pytest.raises(ValueError, match="x0"):
        gradient_descent_1d(LECTURE_GUESS, 120.0, 1.0, 5)
    with pytest.raises(ValueError, match="x0"):
        gradient_descent_1d(LECTURE_GUESS, np.nan, 1.0, 5)
    with pytest.raises(ValueError, match="learning_rate"):
        gradient_descent_1d(LECTURE_GUESS, 50.0, -1.0, 5)
    with pytest.raises(ValueError, match="steps"):
        gradient_descent_1d(LECTURE_GUESS, 50.0, 1.0, -1)
    with pytest.raises(ValueError, match="steps"):
        gradient_descent_1d(LECTURE_GUESS, 50.0, 1.0, 2.5)
    with pytest.raises(TypeError, match="fn"):
        gradient_descent_1d(lambda x: x, 0.0, 1.0, 1)
    with pytest.raises(ValueError, match="x"):
        LECTURE_GUESS(np.inf)
    with pytest.raises(ValueError, match="width"):
        LECTURE_GUESS.tangent(50.0, width=0.0)
    with pytest.raises(ValueError, match="params"):
        LECTURE_GUESS.loss(np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match="curvature"):
        gdcore.convex_quadratic(curvature=-1.0)
    with pytest.raises(ValueError, match="n"):
        LECTURE_GUESS.grid(1)


def test_table_and_best_of():
    table = LECTURE_GUESS.table([25.0, 50.0, 90.0])
    assert list(table) == ["x", "f(x)", "f'(x)", "downhill"]
    np.testing.assert_allclose(table["f'(x)"], LECTURE_GUESS.derivative(np.array([25.0, 50.0, 90.0])))
    np.testing.assert_array_equal(table["downhill"], [1, 1, -1])
    assert LECTURE_GUESS.table([])["x"].size == 0
    x, f = LECTURE_GUESS.best_of([25.0, 90.0, 50.0])
    assert x == 90.0 and f == LECTURE_GUESS(90.0)
    with pytest.raises(ValueError, match="xs"):
        LECTURE_GUESS.best_of([])


@pytest.mark.parametrize("key", ALL)
def test_overflow_raises_a_value_error_not_a_warning(key):
    fn = ALL[key]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for method in (fn, fn.f):
            with pytest.raises(ValueError, match="x"):
                method(np.array([1e308, -1e308, 1.0]))
        for method in (fn.derivative, fn.df):  # f' may stay finite (a line, a decaying term)
            try:
                assert np.all(np.isfinite(method(np.array([1e308, -1e308, 1.0]))))
            except ValueError as error:
                assert "x" in str(error)
        with pytest.raises(ValueError, match="x"):
            fn.table([-1e308])
        with pytest.raises(ValueError, match="x"):
            fn.f(None)
    x, fx = fn.grid(5)
    np.testing.assert_array_equal(fn.f(x), fx)  # checked f gives the same numbers


def test_counts_and_runs_are_validated():
    with pytest.raises(ValueError, match="steps"):
        gradient_descent_1d(LECTURE_GUESS, 50.0, 1.0, 10**12)
    with pytest.raises(ValueError, match="n"):
        LECTURE_GUESS.grid(1e308)
    with pytest.raises(TypeError, match="x"):
        LECTURE_GUESS.in_domain(None)
    with pytest.raises(ValueError, match="x"):
        gdcore.Descent1D(None, None)
    with pytest.raises(ValueError, match="x and fx"):
        gdcore.Descent1D([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="stop_reason"):
        gdcore.Descent1D([1.0], [1.0], 1, "bored", 3.0)
    run = gradient_descent_1d(CONVEX_QUADRATIC, 1.0, 2.1, 100)
    again = gdcore.Descent1D(run.x, run.fx, run.stop_step, run.stop_reason, run.rejected_x)
    assert again.stop_step == len(again.x) and again.stop_reason == "left the domain"


def test_original_widget_derivative_overflow():
    with pytest.raises(ValueError, match="x"):
        gdcore.original_widget_derivative(1e308)
