"""gdcore.landscapes and gdcore.variants: the tilted double well, escape shares, the three variants."""

import numpy as np
import pytest

import gdcore
from gdcore.landscapes import _final_weights

W0 = -1.2
SIZES = [1, 2, 3, 4, 5, 8, 16, 100]


@pytest.fixture(scope="module")
def well():
    return gdcore.TiltedDoubleWell()


# -- the problem -------------------------------------------------------------------------------
@pytest.mark.parametrize("w", [-1.7, -0.88, -0.2, 0.0, 0.6, 1.09, 1.8])
@pytest.mark.parametrize("idx", [None, slice(0, 7), np.array([3, 50, 99]), np.array([42])])
def test_gradient_matches_finite_differences(well, w, idx):
    assert gdcore.check_gradient(lambda p: well.loss(p, idx), lambda p: well.gradient(p, idx), [w])


def test_tilts_average_to_zero_so_the_examples_average_to_the_double_well(well):
    assert well.tilts.mean() == pytest.approx(0, abs=1e-12)
    assert well.tilts.std() == pytest.approx(4.0)
    w = np.linspace(-2, 2, 9)
    assert well.example_losses(w).mean(axis=0) == pytest.approx(well.mean_loss(w))
    assert [well.loss([v]) for v in w] == pytest.approx(well.mean_loss(w))


def test_a_shallow_minimum_a_barrier_and_a_deeper_minimum(well):
    shallow, barrier, deep = well.shallow, well.barrier, well.deep
    assert shallow == pytest.approx(-0.879, abs=1e-3)
    assert barrier == pytest.approx(-0.209, abs=1e-3)
    assert deep == pytest.approx(1.088, abs=1e-3)
    for point in (shallow, barrier, deep):
        assert well.gradient([point]) == pytest.approx([0.0], abs=1e-9)
    F = well.mean_loss
    assert F(deep) < F(shallow) < F(barrier)
    assert F(barrier) - F(shallow) == pytest.approx(0.327, abs=1e-3)  # shallow: a low wall
    assert F(barrier) - F(deep) > 5 * (F(barrier) - F(shallow))


def test_batch_gradient_descent_stays_in_the_shallow_minimum(well):
    history = gdcore.fit(well, [W0], gdcore.SGD(0.05), batch_size=None, epochs=30)
    assert history.params[-1, 0] == pytest.approx(well.shallow, abs=0.01)
    assert _final_weights(well, W0, 0.05, [100], epochs=30, n_seeds=5) == pytest.approx(
        np.full((1, 5), history.params[-1, 0])
    )


def test_small_batches_escape_for_most_seeds_and_the_share_falls_with_the_batch_size(well):
    shares = gdcore.escape_shares(well, W0, 0.05, SIZES, epochs=30, n_seeds=100)
    escaped = shares["escaped"]
    assert list(shares["batch_size"]) == SIZES
    assert escaped[0] >= 0.9 and escaped[1] >= 0.9
    assert np.all(np.diff(escaped) <= 0), escaped
    assert escaped[-1] == 0  # batch gradient descent never escapes
    assert escaped[SIZES.index(16)] == 0
    assert not shares["diverged"].any()


@pytest.mark.parametrize("seed", [0, 1, 7])
@pytest.mark.parametrize("batch_size", [1, 2, 7, 30])
def test_escape_runs_are_fit_runs(well, seed, batch_size):
    """The vectorised runs make the same updates as fit with SGD (same shuffles per seed)."""
    history = gdcore.fit(well, [W0], gdcore.SGD(0.05), batch_size=batch_size, epochs=6, seed=seed)
    finals = _final_weights(well, W0, 0.05, [batch_size], epochs=6, n_seeds=seed + 1)
    assert finals[0, seed] == pytest.approx(history.params[-1, 0], abs=1e-9)


def test_same_seed_same_result(well):
    a = gdcore.escape_shares(well, W0, 0.05, [2, 3], epochs=10, n_seeds=30)
    b = gdcore.escape_shares(well, W0, 0.05, [2, 3], epochs=10, n_seeds=30)
    assert all(np.array_equal(a[key], b[key]) for key in a)
    h1 = gdcore.fit(well, [W0], gdcore.SGD(0.05), batch_size=2, epochs=5, seed=3)
    h2 = gdcore.fit(well, [W0], gdcore.SGD(0.05), batch_size=2, epochs=5, seed=3)
    assert np.array_equal(h1.params, h2.params)


def test_a_huge_learning_rate_diverges_and_counts_as_no_escape(well):
    shares = gdcore.escape_shares(well, W0, 50.0, [1, 100], epochs=10, n_seeds=10)
    assert shares["diverged"].tolist() == [1.0, 1.0]
    assert shares["escaped"].tolist() == [0.0, 0.0]
    history = gdcore.descend_well(well, W0, 50.0, epochs=10)
    assert history.diverged_at == 4 and np.isfinite(history.params).all()  # w ~ 4e28: w^4 overflows
    stochastic = gdcore.descend_well(well, W0, 50.0, batch_size=1, epochs=10)
    assert stochastic.diverged_at is not None and np.isfinite(stochastic.params).all()
    # fit on the problem itself: the overflow (NonFiniteError) is recorded as the same divergence
    direct = gdcore.fit(well, [W0], gdcore.SGD(50.0), batch_size=None, epochs=10)
    assert direct.diverged_at == history.diverged_at and np.isfinite(direct.params).all()


@pytest.mark.parametrize("batch_size", [None, 1, 3, 100])
def test_descend_well_is_fit(well, batch_size):
    a = gdcore.descend_well(well, W0, 0.05, batch_size=batch_size, epochs=8, seed=4)
    b = gdcore.fit(well, [W0], gdcore.SGD(0.05), batch_size=batch_size, epochs=8, seed=4)
    assert a.params == pytest.approx(b.params, abs=1e-12)
    assert a.step_loss == pytest.approx(b.step_loss) and a.epoch_loss == pytest.approx(b.epoch_loss)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: gdcore.TiltedDoubleWell(n_examples=1), "n_examples"),
        (lambda: gdcore.TiltedDoubleWell(n_examples=2.5), "n_examples"),
        (lambda: gdcore.TiltedDoubleWell(spread=-1.0), "spread"),
        (lambda: gdcore.TiltedDoubleWell(spread=float("nan")), "spread"),
        (lambda: gdcore.TiltedDoubleWell().loss([1.0, 2.0]), "params"),
        (lambda: gdcore.TiltedDoubleWell().loss([float("inf")]), "params"),
        (lambda: gdcore.TiltedDoubleWell().loss([1e200]), "params"),
        (lambda: gdcore.TiltedDoubleWell().loss([1e100]), "params"),
        (lambda: gdcore.TiltedDoubleWell().gradient([1e120]), "params"),
        (lambda: gdcore.TiltedDoubleWell().gradient([0.0], np.array([], dtype=int)), "idx"),
        (lambda: gdcore.TiltedDoubleWell().mean_loss(1e300), "w"),
        (lambda: gdcore.escape_shares(gdcore.TiltedDoubleWell(), W0, 0.0, [1]), "learning_rate"),
        (lambda: gdcore.escape_shares(gdcore.TiltedDoubleWell(), W0, 0.1, []), "batch_sizes"),
        (lambda: gdcore.escape_shares(gdcore.TiltedDoubleWell(), W0, 0.1, [0]), "batch_sizes"),
        (lambda: gdcore.escape_shares(gdcore.TiltedDoubleWell(), np.nan, 0.1, [1]), "w0"),
        (lambda: gdcore.escape_shares(gdcore.TiltedDoubleWell(), W0, 0.1, [1], epochs=0), "epochs"),
        (lambda: gdcore.escape_shares(gdcore.TiltedDoubleWell(), W0, 0.1, [1], n_seeds=-1), "n_seeds"),
        (lambda: gdcore.escape_shares("well", W0, 0.1, [1]), "problem"),
        (lambda: gdcore.descend_well("well", W0, 0.1), "problem"),
        (lambda: gdcore.descend_well(gdcore.TiltedDoubleWell(), W0, -0.1), "learning_rate"),
        (lambda: gdcore.descend_well(gdcore.TiltedDoubleWell(), W0, 0.1, batch_size=0), "batch_size"),
    ],
)
def test_bad_input_names_the_argument(call, name):
    with pytest.raises((ValueError, TypeError), match=name):
        call()


# -- the three variants ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def linear():
    x, y = gdcore.make_linear_data(100, 1.0, 0)
    return gdcore.LinearRegression(x, y)


def test_three_variants_are_three_fit_runs(linear):
    runs = gdcore.compare_variants(linear, np.zeros(2), 0.05, epochs=20, batch_size=10, seed=3)
    assert list(runs) == ["Batch GD", "Stochastic GD", "Mini-batch GD"]
    for run, m in zip(runs.values(), (None, 1, 10), strict=True):
        history = gdcore.fit(linear, np.zeros(2), gdcore.SGD(0.05), batch_size=m, epochs=20, seed=3)
        assert np.array_equal(run.history.params, history.params)
        assert run.final_params == pytest.approx(history.params[-1])
        assert run.final_loss == pytest.approx(linear.loss(history.params[-1]))
        assert run.history.epoch_loss[-1] == pytest.approx(run.final_loss)
        assert run.examples[-1] == 20 * 100  # every variant sees every example once per epoch
    assert [r.history.n_steps for r in runs.values()] == [20, 2000, 200]
    assert [r.steps_per_epoch for r in runs.values()] == [1, 100, 10]
    # examples processed: m per step
    sgd = runs["Stochastic GD"]
    assert np.array_equal(sgd.examples, sgd.rows)
    assert sgd.loss == pytest.approx([linear.loss(p) for p in sgd.history.params[sgd.rows]])


def test_a_smaller_last_batch_counts_its_own_examples(linear):
    runs = gdcore.compare_variants(linear, np.zeros(2), 0.01, epochs=2, batch_size=30)
    run = runs["Mini-batch GD"]
    assert run.steps_per_epoch == 4
    assert run.examples.tolist() == [0, 30, 60, 90, 100, 130, 160, 190, 200]


def test_long_runs_are_thinned_for_drawing(linear):
    runs = gdcore.compare_variants(linear, np.zeros(2), 0.01, epochs=50, batch_size=10, max_points=500)
    sgd = runs["Stochastic GD"]
    assert len(sgd.rows) <= 500 and sgd.rows[0] == 0 and sgd.rows[-1] == 5000
    assert np.all(np.diff(sgd.rows) > 0)
    assert gdcore.thin_indices(10, 2000).tolist() == list(range(10))


def test_a_too_large_learning_rate_says_where_it_diverged(linear):
    runs = gdcore.compare_variants(linear, np.zeros(2), 5.0, epochs=50, batch_size=10)
    batch = runs.pop("Batch GD")  # 50 steps, each about 12 times further out: huge but still finite
    assert batch.history.diverged_at is None and batch.final_loss > 1e100 * batch.history.epoch_loss[0]
    for run in runs.values():
        k = run.history.diverged_at
        assert k is not None
        assert run.diverged_epoch == k // run.steps_per_epoch < 50
        assert run.final_loss == np.inf or run.final_loss > 1e100
        assert len(run.history.params) == k + 1 and np.isfinite(run.history.params).all()


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda p: gdcore.compare_variants(p, np.zeros(2), 0.0), "learning_rate"),
        (lambda p: gdcore.compare_variants(p, np.zeros(2), 0.1, batch_size=0), "batch_size"),
        (lambda p: gdcore.compare_variants(p, np.zeros(2), 0.1, epochs=0), "epochs"),
        (lambda p: gdcore.compare_variants(p, [np.nan, 0.0], 0.1), "params0"),
        (lambda p: gdcore.compare_variants("data", np.zeros(2), 0.1), "n_examples"),
        (lambda p: gdcore.thin_indices(10, 1), "max_points"),
        (lambda p: gdcore.thin_indices(0), "length"),
        (lambda p: gdcore.thin_indices(2**63), "length"),  # past exact float indices (test_fuzz found it)
        (lambda p: gdcore.thin_indices(10**8, 10**8), "max_points"),  # would keep 10**8 indices
    ],
)
def test_variants_bad_input_names_the_argument(linear, call, name):
    with pytest.raises((ValueError, TypeError), match=name):
        call(linear)
