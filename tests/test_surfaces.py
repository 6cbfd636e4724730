"""2-D test surfaces and optimiser paths: gradients, minima, reproducibility, bad input."""

import numpy as np
import pytest

import gdcore
from gdcore import (
    SGD,
    SURFACES,
    Adagrad,
    Adam,
    RMSprop,
    check_gradient,
    fit,
    max_path_difference,
    optimiser_path,
)

SURFACE_LIST = list(SURFACES.values())
IDS = list(SURFACES)


def points_in(surface, count=6, seed=0):
    """A few random points inside the surface's domain, plus its start."""
    rng = np.random.default_rng(seed)
    (x0, x1), (y0, y1) = surface.domain
    random = np.column_stack([rng.uniform(x0, x1, count), rng.uniform(y0, y1, count)])
    return [np.asarray(surface.start, dtype=float), *random]


def test_registry_has_the_seven_surfaces_and_is_exported():
    assert set(SURFACES) == {"quadratic", "rosenbrock", "beale", "himmelblau", "saddle", "camel", "rastrigin"}
    assert gdcore.SURFACES is SURFACES
    for name, surface in SURFACES.items():
        assert surface.name == name
        assert surface.n_examples == 1
        assert "f(x, y)" in surface.__doc__ and surface.formula


@pytest.mark.parametrize("surface", SURFACE_LIST, ids=IDS)
def test_gradient_matches_finite_differences(surface):
    for point in points_in(surface):
        assert check_gradient(surface.loss, surface.gradient, point, rtol=1e-5, atol=1e-5), point


@pytest.mark.parametrize("surface", [s for s in SURFACE_LIST if len(s.minima)], ids=lambda s: s.name)
def test_minima_have_zero_gradient_and_the_documented_value(surface):
    for minimum in surface.minima:
        assert np.abs(surface.gradient(minimum)).max() < 1e-9
        assert surface.loss(minimum) == pytest.approx(surface.minimum_value, abs=1e-12)
        assert surface.distance_to_minimum(minimum) == pytest.approx(0.0, abs=1e-15)
    # The known minima are the lowest points of a fine grid over the domain.
    _, _, z = surface.grid(400)
    assert z.min() >= surface.minimum_value - 1e-12


def test_documented_minima():
    assert SURFACES["rosenbrock"].minima.tolist() == [[1.0, 1.0]]
    assert SURFACES["beale"].minima.tolist() == [[3.0, 0.5]]
    assert len(SURFACES["himmelblau"].minima) == 4
    assert np.abs(SURFACES["camel"].minima[0] - [0.0898, -0.7126]).max() < 1e-3
    assert SURFACES["camel"].minimum_value == pytest.approx(-1.0316, abs=1e-4)
    assert SURFACES["rastrigin"].minima.tolist() == [[0.0, 0.0]]
    assert SURFACES["quadratic"].loss([3.0, 1.0]) == pytest.approx(0.1 * 9 + 2)


def test_saddle_has_no_minimum_and_says_so():
    saddle = SURFACES["saddle"]
    assert saddle.minima.shape == (0, 2) and saddle.minimum_value is None
    assert "no minimum" in saddle.note.lower()
    assert saddle.gradient([0.0, 0.0]).tolist() == [0.0, 0.0]
    with pytest.raises(ValueError, match="no minimum"):
        saddle.distance_to_minimum([0.0, 0.0])


@pytest.mark.parametrize("surface", SURFACE_LIST, ids=IDS)
def test_grid_is_the_vectorised_value(surface):
    xs, ys, z = surface.grid(30)
    assert z.shape == (30, 30)
    (x0, x1), (y0, y1) = surface.domain
    assert (xs[0], xs[-1], ys[0], ys[-1]) == (x0, x1, y0, y1)
    assert z[7, 11] == pytest.approx(surface.loss([xs[11], ys[7]]), rel=1e-12)
    assert surface.value(xs[3], ys[4]) == pytest.approx(z[4, 3], rel=1e-12)


@pytest.mark.parametrize("surface", SURFACE_LIST, ids=IDS)
def test_path_is_reproducible_and_matches_fit(surface):
    for optimiser in (SGD(0.001, momentum=0.9), Adam(0.05), RMSprop(0.01), Adagrad(0.1)):
        first = optimiser_path(surface, surface.start, optimiser, 40)
        second = optimiser_path(surface, surface.start, optimiser, 40)
        assert np.array_equal(first.params, second.params)
        assert first.params.shape == (41, 2) and first.diverged_at is None
        history = fit(surface, np.asarray(surface.start, dtype=float), optimiser, epochs=40)
        assert np.array_equal(history.params, first.params)
        assert np.allclose(first.loss[:-1], history.step_loss)


def test_path_keeps_the_state_of_every_step():
    surface = SURFACES["quadratic"]
    optimiser = SGD(0.01, momentum=0.9)
    path = optimiser_path(surface, surface.start, optimiser, 5)
    assert path.state["step"].tolist() == [0, 1, 2, 3, 4, 5]
    assert path.state["momentum"].shape == (6, 2)
    assert path.state["momentum"][0].tolist() == [0.0, 0.0]
    # Keras momentum: the velocity is the step taken.
    assert np.allclose(path.state["momentum"][1:], path.steps)
    assert np.allclose(path.gradient[0], surface.gradient(surface.start))
    adam = optimiser_path(surface, surface.start, Adam(0.1), 3)
    assert set(adam.state) == {"step", "m", "v"}
    assert np.allclose(adam.state["m"][1], 0.1 * adam.gradient[0])


def test_diverging_path_says_where_and_keeps_what_came_before():
    surface = SURFACES["rosenbrock"]
    path = optimiser_path(surface, surface.start, SGD(0.5), 200)
    assert path.diverged_at is not None and path.diverged_at < 200
    assert len(path.params) == path.diverged_at + 1
    assert np.isfinite(path.params).all() and np.isfinite(path.loss).all()


def test_conventions_momentum_agrees_rmsprop_defaults_do_not():
    surface = SURFACES["rosenbrock"]
    same = max_path_difference(
        surface,
        surface.start,
        SGD(0.001, momentum=0.9),
        SGD(0.001, momentum=0.9, convention="pytorch"),
        100,
    )
    assert same < 1e-12
    different = max_path_difference(surface, surface.start, RMSprop(), RMSprop.pytorch(), 100)
    assert different > 1e-2


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: SURFACES["beale"].loss([1.0, 2.0, 3.0]), "params"),
        (lambda: SURFACES["beale"].loss([1.0, np.nan]), "params"),
        (lambda: SURFACES["beale"].gradient([1.0, 2.0], idx=3), "idx"),
        (lambda: SURFACES["rosenbrock"].loss([1e200, 1.0]), "params"),
        (lambda: SURFACES["quadratic"].grid(1), "n"),
        (lambda: SURFACES["quadratic"].grid(10, window=[[1, 0], [0, 1]]), "window"),
        (lambda: SURFACES["quadratic"].value(np.ones(3), np.ones(4)), "x and y"),
        (lambda: SURFACES["quadratic"].distance_to_minimum(np.ones(3)), "points"),
        (lambda: optimiser_path(SURFACES["quadratic"], [1.0], SGD(), 3), "start"),
        (lambda: optimiser_path(SURFACES["quadratic"], [1.0, 2.0], SGD(), 0), "steps"),
        (lambda: optimiser_path(SURFACES["quadratic"], [1.0, 2.0], SGD(), 10**6), "steps"),
        (lambda: optimiser_path(SURFACES["rosenbrock"], [1e200, 1.0], SGD(), 3), "start"),
    ],
)
def test_bad_input_raises_naming_the_argument(call, argument):
    with pytest.raises(ValueError, match=argument):
        call()


def test_wrong_types_raise_type_error():
    with pytest.raises(TypeError, match="problem"):
        optimiser_path(object(), [1.0, 2.0], SGD(), 3)
    with pytest.raises(TypeError, match="optimiser"):
        optimiser_path(SURFACES["quadratic"], [1.0, 2.0], "adam", 3)
    with pytest.raises(TypeError, match="steps"):
        optimiser_path(SURFACES["quadratic"], [1.0, 2.0], SGD(), "10")
