"""gdcore.poisson: Keras's Poisson loss, the Poisson GLM with exposure, the synthetic portfolio,
standardisation and condition numbers."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdcore
from gdcore import (
    PoissonGLM,
    Standardiser,
    check_gradient,
    condition_number,
    epochs_to_reach,
    gradient_descent_race,
    make_motor_portfolio,
    poisson_deviance,
    poisson_loss,
    poisson_loss_gradient,
)


@pytest.fixture(scope="module")
def portfolio():
    return make_motor_portfolio(2000, seed=1)


# -- the loss --------------------------------------------------------------------------


def test_keras_published_values():
    # keras.losses.poisson's docstring examples (float32 in Keras, hence the tolerances).
    assert poisson_loss([1.4, 9.3, 2.2], [4.3, 8.2, 12.2]) == pytest.approx(-0.8045559, abs=1e-6)
    assert poisson_loss([1.0, 9.0, 2.0], [4.0, 8.0, 12.0]) == pytest.approx(-0.35702705, abs=1e-6)
    # keras.losses.Poisson()([[0, 1], [0, 0]], [[1, 1], [0, 0]]) = 0.5 (0.49999997 in float32).
    assert poisson_loss([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]]) == pytest.approx(
        0.49999997, abs=1e-7
    )


def test_the_formula_with_keras_epsilon():
    y, y_pred = np.array([0.0, 2.0, 1.0]), np.array([0.1, 0.9, 0.8])
    assert poisson_loss(y, y_pred) == pytest.approx(np.mean(y_pred - y * np.log(y_pred + 1e-7)), rel=1e-15)
    # at y_hat = 0 the epsilon keeps the loss finite: -y log(1e-7)
    assert poisson_loss([1.0], [0.0]) == pytest.approx(-math.log(1e-7))


def test_loss_gradient_by_finite_differences():
    rng = np.random.default_rng(0)
    y = rng.poisson(1.5, 7).astype(float)
    y_pred = rng.uniform(0.2, 3.0, 7)
    assert check_gradient(lambda p: poisson_loss(y, p), lambda p: poisson_loss_gradient(y, p), y_pred)


def test_deviance_matches_scikit_learn_formula():
    # the course's example: mean_poisson_deviance([0, 2, 1], [0.1, 0.9, 0.8])
    expected = 2 * np.mean([0.1, 2 * np.log(2 / 0.9) - 1.1, np.log(1 / 0.8) - 0.2])
    assert poisson_deviance([0.0, 2.0, 1.0], [0.1, 0.9, 0.8]) == pytest.approx(expected)
    assert poisson_deviance([0.0, 3.0], [1e-300 + 0.0 + 1.0, 3.0]) == pytest.approx(1.0)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: poisson_loss([-1.0], [1.0]), "y must hold counts"),
        (lambda: poisson_loss([1.0], [-1.0]), "y_pred must hold expected counts"),
        (lambda: poisson_loss([1.0, 2.0], [1.0]), "same shape"),
        (lambda: poisson_loss("1", [1.0]), "numeric"),
        (lambda: poisson_deviance([1.0], [0.0]), "mu must hold expected counts > 0"),
        (lambda: PoissonGLM([[1.0]], [1.0], [0.0]), "exposure must be > 0"),
        (lambda: PoissonGLM([[1.0]], [-1.0], [1.0]), "claims must be counts"),
        (lambda: PoissonGLM([[1.0], [2.0]], [1.0], [1.0]), "same length"),
        (lambda: make_motor_portfolio(0), "n_policies"),
        (lambda: make_motor_portfolio(100_001), "n_policies"),
        (lambda: make_motor_portfolio(10, exposure_range=(0.0, 1.0)), "exposure_range"),
        (lambda: make_motor_portfolio(10, seed=-1), "seed"),
        (lambda: make_motor_portfolio(1).split(), "at least 2 policies"),
    ],
)
def test_bad_input_names_the_argument(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


# -- the GLM -----------------------------------------------------------------------------


def test_glm_gradient_by_finite_differences(portfolio):
    problem = portfolio.problem(Standardiser(portfolio.X))
    theta = np.array([0.1, -0.2, 0.05, 0.3, 0.1, -2.0])
    assert check_gradient(problem.loss, problem.gradient, theta, rtol=1e-6)
    idx = np.arange(0, 2000, 7)
    assert check_gradient(
        lambda t: problem.loss(t, idx), lambda t: problem.gradient(t, idx), theta, rtol=1e-6
    )


def test_glm_hessian_by_finite_differences(portfolio):
    problem = portfolio.problem(Standardiser(portfolio.X))
    theta = np.array([0.1, -0.2, 0.05, 0.3, 0.1, -2.0])
    numeric = np.array(
        [gdcore.numerical_gradient(lambda t, k=k: problem.gradient(t)[k], theta) for k in range(6)]
    )
    np.testing.assert_allclose(problem.hessian(theta), numeric, rtol=1e-5, atol=1e-9)


def test_glm_loss_is_keras_loss_of_expected_claims(portfolio):
    problem = portfolio.problem()
    theta = portfolio.true_params
    mu = portfolio.exposure * np.exp(portfolio.X @ theta[:-1] + theta[-1])
    assert problem.loss(theta) == pytest.approx(poisson_loss(portfolio.claims, mu), rel=1e-12)
    np.testing.assert_allclose(problem.expected_claims(theta), mu)
    assert problem.deviance(theta) == pytest.approx(poisson_deviance(portfolio.claims, mu))


def test_intercept_only_reaches_the_closed_form(portfolio):
    """Gradient descent on the intercept alone lands on exp(b) = sum(claims) / sum(exposure)."""
    closed = portfolio.claims.sum() / portfolio.exposure.sum()
    exact = PoissonGLM(np.zeros((portfolio.n_policies, 0)), portfolio.claims, portfolio.exposure, epsilon=0)
    assert math.exp(exact.intercept_only()[-1]) == pytest.approx(closed, rel=1e-15)
    history = gdcore.fit(exact, [0.0], gdcore.SGD(5.0), epochs=200)
    assert math.exp(history.params[-1, 0]) == pytest.approx(closed, rel=1e-9)
    # with Keras's epsilon the optimum moves by far less than a rounding of the frequency
    keras = PoissonGLM(np.zeros((portfolio.n_policies, 0)), portfolio.claims, portfolio.exposure)
    history = gdcore.fit(keras, [0.0], gdcore.SGD(5.0), epochs=200)
    assert math.exp(history.params[-1, 0]) == pytest.approx(closed, rel=1e-5)
    assert abs(keras.gradient(exact.intercept_only())[0]) < 1e-6


def test_optimum_is_a_stationary_point_near_the_truth():
    big = make_motor_portfolio(50_000, seed=3)
    scaler = Standardiser(big.X)
    problem = big.problem(scaler)
    theta = problem.optimum()
    assert np.abs(problem.gradient(theta)).max() < 1e-9
    original = scaler.params_to_original(theta)
    np.testing.assert_allclose(original[:-1], big.true_params[:-1], atol=0.012)
    # the same optimum on the original scale
    raw = big.problem()
    np.testing.assert_allclose(raw.optimum(), original, rtol=1e-5, atol=1e-7)


def test_singular_problem_is_reported():
    problem = PoissonGLM(np.ones((3, 1)), [1.0, 0.0, 2.0], [1.0, 1.0, 1.0])
    assert condition_number(problem.hessian([0.0, 0.0])) == math.inf
    with pytest.raises(ValueError, match="singular"):
        problem.optimum()
    with pytest.raises(ValueError, match="no claims"):
        PoissonGLM(np.ones((3, 1)), [0.0, 0.0, 0.0], [1.0, 1.0, 1.0]).intercept_only()


def test_fit_reports_divergence_instead_of_raising(portfolio):
    problem = portfolio.problem()
    start = problem.intercept_only()
    # Too large a step overshoots so far that exp overflows: fit records where.
    history = gdcore.fit(problem, start, gdcore.SGD(1e4), epochs=50)
    assert history.diverged_at is not None and np.isfinite(history.epoch_loss).all()
    # Or so far the other way that every y_hat underflows to 0: a finite loss, a zero gradient, stuck.
    history = gdcore.fit(problem, start, gdcore.SGD(10.0), epochs=50)
    assert history.diverged_at is None and history.epoch_loss[-1] > history.epoch_loss[0]
    assert not np.any(problem.gradient(history.params[-1]))
    with pytest.raises(ValueError, match="params"):
        problem.loss([1e3] * 6)


def test_mini_batch_fit_matches_on_reordered_problem(portfolio):
    problem = portfolio.problem(Standardiser(portfolio.X))
    order = np.random.default_rng(0).permutation(problem.n_examples)
    moved = problem.reordered(order)
    theta = np.array([0.1, 0.0, 0.2, 0.0, 0.0, -2.0])
    assert moved.loss(theta) == pytest.approx(problem.loss(theta), rel=1e-12)
    assert moved.loss(theta, slice(0, 10)) == pytest.approx(problem.loss(theta, order[:10]), rel=1e-12)
    # the deviance and the loss grid use which policies have claims: reordered with the rest
    assert moved.deviance(theta) == pytest.approx(problem.deviance(theta), rel=1e-12)
    mu = problem.expected_claims(theta)
    assert moved.deviance(theta) == pytest.approx(poisson_deviance(problem.claims, mu), rel=1e-12)


def test_loss_grid_is_the_loss_at_each_point(portfolio):
    problem = portfolio.problem()
    theta = problem.optimum()
    u, v = np.linspace(-0.05, 0.03, 4), np.linspace(-3.5, -1.5, 3)
    grid = problem.loss_grid(theta, 0, -1, u, v)
    assert grid.shape == (3, 4)
    for a, b_value in enumerate(v):
        for c, w_value in enumerate(u):
            point = theta.copy()
            point[0], point[-1] = w_value, b_value
            assert grid[a, c] == pytest.approx(problem.loss(point), rel=1e-12)
    with pytest.raises(ValueError, match="two different"):
        problem.loss_grid(theta, 5, -1, u, v)


# -- the portfolio, standardisation, condition numbers --------------------------------------


def test_portfolio_is_seeded_and_plausible():
    a, b = make_motor_portfolio(5000, seed=7), make_motor_portfolio(5000, seed=7)
    np.testing.assert_array_equal(a.claims, b.claims)
    assert a.X.shape == (5000, 5) and a.features == gdcore.FEATURES
    assert a.exposure.min() >= 0.05 and a.exposure.max() == 1.0
    assert a.X[:, 0].min() >= 18 and a.X[:, 0].max() <= 90
    assert a.X[:, 3].min() >= 50 and a.X[:, 3].max() <= 230
    assert 0.05 < a.claims.sum() / a.exposure.sum() < 0.2  # a yearly frequency of about 10%
    train, validation = a.split(0.2, seed=0)
    assert (train.n_policies, validation.n_policies) == (4000, 1000)
    assert make_motor_portfolio(1).n_policies == 1


@given(st.integers(1, 6), st.integers(0, 10_000))
@settings(max_examples=30, deadline=None)
def test_standardiser_round_trips(d, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(50, 20, (30, d)) * rng.uniform(0.01, 100, d)
    scaler = Standardiser(X)
    Z = scaler.transform(X)
    np.testing.assert_allclose(Z.mean(axis=0), 0, atol=1e-9)
    np.testing.assert_allclose(Z.std(axis=0), 1, rtol=1e-9)
    np.testing.assert_allclose(scaler.inverse_transform(Z), X, rtol=1e-10)
    theta = rng.normal(size=d + 1)
    original = scaler.params_to_original(theta)
    # the same model: same linear predictor on both scales
    np.testing.assert_allclose(Z @ theta[:-1] + theta[-1], X @ original[:-1] + original[-1], atol=1e-9)
    np.testing.assert_allclose(scaler.params_to_standardised(original), theta, atol=1e-9)


def test_standardiser_keeps_constant_columns_centred():
    scaler = Standardiser([[1.0, 5.0], [2.0, 5.0]])
    assert scaler.constant.tolist() == [False, True]
    np.testing.assert_allclose(scaler.transform([[1.0, 5.0]]), [[-1.0, 0.0]])


def test_condition_numbers_raw_against_standardised(portfolio):
    raw = portfolio.problem()
    scaled = portfolio.problem(Standardiser(portfolio.X))
    kappa_raw = condition_number(raw.hessian(raw.optimum()))
    kappa_std = condition_number(scaled.hessian(scaled.optimum()))
    assert kappa_raw > 1e5 and kappa_std < 10
    assert condition_number(np.diag([4.0, 1.0])) == pytest.approx(4.0)
    with pytest.raises(ValueError, match="square"):
        condition_number(np.ones((2, 3)))


def test_race_standardised_is_at_least_five_times_faster(portfolio):
    """At their own best learning rates, standardised inputs reach the target in >= 5x fewer epochs."""
    fractions = np.array([0.25, 0.5, 0.75, 0.9, 0.99, 1.1, 3.0])
    best = {}
    for name, problem in (
        ("raw", portfolio.problem()),
        ("std", portfolio.problem(Standardiser(portfolio.X))),
    ):
        optimum = problem.optimum()
        eta_max = 2 / np.linalg.eigvalsh(problem.hessian(optimum))[-1]
        start = problem.intercept_only()
        target = problem.loss(optimum) + 0.5 * (problem.loss(start) - problem.loss(optimum))
        runs = gradient_descent_race(problem, start, eta_max * fractions, target=target, max_epochs=1000)
        assert not runs[-1].converged  # 3 x 2 / lambda_max: diverges, or overshoots to y_hat = 0 and sticks
        assert runs[0].converged
        best[name] = min(r.epochs_to_target for r in runs if r.converged and r.epochs_to_target is not None)
    assert best["raw"] >= 5 * best["std"]


def test_epochs_to_reach():
    assert epochs_to_reach([3.0, 2.0, 1.0], 2.0) == 1
    assert epochs_to_reach([3.0, 2.0, 1.0], 0.5) is None
    assert epochs_to_reach([], 0.5) is None
