"""fit: the lecture's BGD numbers, hand-run loops, seeds, divergence, schedules, bad input."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdcore
from gdcore import (
    SGD,
    Adam,
    EarlyStopping,
    ExponentialDecay,
    History,
    LinearRegression,
    NonFiniteError,
    PiecewiseConstantDecay,
    RMSprop,
    fit,
    lecture_bgd_data,
    make_linear_data,
)

FIELDS = ("params", "step_loss", "epoch_loss", "learning_rate", "epoch")


class Plain:
    """A problem with only what the protocol requires: n_examples, loss and gradient."""

    def __init__(self, problem):
        self.inner = problem
        self.n_examples = problem.n_examples

    def loss(self, params, idx=None):
        return self.inner.loss(params, idx)

    def gradient(self, params, idx=None):
        return self.inner.gradient(params, idx)


class Wrapped(Plain):
    """The optional methods too, but not a LinearRegression: fit takes its general loop."""

    def __init__(self, problem):
        super().__init__(problem)
        self.n_params = problem.n_params

    def loss_and_gradient(self, params, idx=None):
        return self.inner.loss_and_gradient(params, idx)

    def reordered(self, order):
        return Wrapped(self.inner.reordered(order))


def lecture():
    return LinearRegression(*lecture_bgd_data())


def small(n=7, d=1, seed=2):
    x, y = make_linear_data(n, noise=0.5, seed=seed)
    if d > 1:
        x = np.column_stack([x] + [np.sin(j * x) for j in range(1, d)])
    return LinearRegression(x, y)


def assert_same_history(a, b):
    for name in FIELDS:
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
    assert a.diverged_at == b.diverged_at


def assert_close_history(a, b, rtol=1e-9):
    for name in ("params", "step_loss", "epoch_loss"):
        np.testing.assert_allclose(getattr(a, name), getattr(b, name), rtol=rtol, atol=1e-12, err_msg=name)
    np.testing.assert_array_equal(a.learning_rate, b.learning_rate)
    np.testing.assert_array_equal(a.epoch, b.epoch)
    assert a.diverged_at == b.diverged_at


def hand_loop(problem, optimiser, batch_size, epochs, seed, shuffle=True):
    """The lecture's mini-batch pseudocode, one step at a time through opt.step."""
    rng = np.random.default_rng(seed)
    n = problem.n_examples
    theta = np.zeros(problem.n_params)
    state = optimiser.init(theta)
    rows, losses = [theta], []
    for _ in range(epochs):
        order = rng.permutation(n) if shuffle else np.arange(n)
        for start in range(0, n, batch_size):
            batch = order[start : start + batch_size]
            losses.append(problem.loss(theta, batch))
            theta, state = optimiser.step(theta, problem.gradient(theta, batch), state)
            rows.append(theta)
    return np.array(rows), np.array(losses)


# The lecture's batch gradient descent (slides "BGD, first/second iteration").


def test_lecture_bgd_golden_numbers():
    history = fit(lecture(), np.zeros(2), SGD(0.1), epochs=2)
    np.testing.assert_allclose(history.params[1], [1.46941631, 0.60049802], atol=1e-8)
    np.testing.assert_allclose(history.params[2], [1.32717819, 0.49312992], atol=1e-8)
    gradient_0 = (history.params[0] - history.params[1]) / 0.1
    np.testing.assert_allclose(gradient_0, [-14.69416308, -6.00498023], atol=1e-7)
    third = fit(lecture(), np.zeros(2), SGD(0.1), epochs=3)
    np.testing.assert_allclose(third.params[3], [1.36064289, 0.46413068], atol=1e-8)
    np.testing.assert_array_equal(third.params[:3], history.params)


def test_bgd_history_has_one_step_per_epoch():
    problem = lecture()
    history = fit(problem, np.zeros(2), SGD(0.1), epochs=4)
    assert isinstance(history, History) and history.n_steps == 4 and history.diverged_at is None
    assert history.params.shape == (5, 2)
    np.testing.assert_array_equal(history.epoch, [0, 1, 2, 3])
    np.testing.assert_array_equal(history.learning_rate, [0.1] * 4)
    np.testing.assert_array_equal(history.step_loss, history.epoch_loss[:-1])
    assert history.epoch_loss[0] == pytest.approx(problem.loss(np.zeros(2)), rel=1e-14)
    assert history.epoch_loss[-1] == pytest.approx(problem.loss(history.params[-1]), rel=1e-14)
    assert np.all(np.diff(history.epoch_loss) < 0)


def test_batch_size_of_n_or_more_is_batch_gradient_descent():
    bgd = fit(lecture(), np.zeros(2), SGD(0.1), epochs=3)
    for batch_size in (3, 4, 100):
        assert_same_history(fit(lecture(), np.zeros(2), SGD(0.1), epochs=3, batch_size=batch_size), bgd)


# Stochastic and mini-batch: the same as the pseudocode run by hand.


@pytest.mark.parametrize("wrap", [None, Wrapped, Plain], ids=["LinearRegression", "general", "protocol only"])
def test_sgd_batch_size_one_reproduces_a_hand_loop(wrap):
    problem = small(n=7)
    rows, losses = hand_loop(problem, SGD(0.05), batch_size=1, epochs=3, seed=4)
    history = fit(
        problem if wrap is None else wrap(problem), np.zeros(2), SGD(0.05), batch_size=1, epochs=3, seed=4
    )
    assert history.n_steps == 21
    np.testing.assert_allclose(history.params, rows, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(history.step_loss, losses, rtol=1e-12, atol=1e-14)
    np.testing.assert_array_equal(history.epoch, np.repeat([0, 1, 2], 7))


@pytest.mark.parametrize("wrap", [None, Wrapped, Plain], ids=["LinearRegression", "general", "protocol only"])
@pytest.mark.parametrize("shuffle", [True, False])
def test_mini_batches_with_a_smaller_last_batch_reproduce_a_hand_loop(wrap, shuffle):
    problem = small(n=7, d=2)
    rows, losses = hand_loop(problem, SGD(0.1), batch_size=3, epochs=2, seed=9, shuffle=shuffle)
    target = problem if wrap is None else wrap(problem)
    history = fit(target, np.zeros(3), SGD(0.1), batch_size=3, epochs=2, seed=9, shuffle=shuffle)
    assert history.n_steps == 6
    np.testing.assert_allclose(history.params, rows, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(history.step_loss, losses, rtol=1e-12, atol=1e-14)
    reordered = problem.reordered(np.random.default_rng(9).permutation(7)) if shuffle else problem
    assert history.epoch_loss[1] == pytest.approx(reordered.loss(history.params[3]), rel=1e-12)


@pytest.mark.parametrize(
    "optimiser",
    [Adam(0.1), RMSprop(0.05, momentum=0.5, centered=True, convention="pytorch"), SGD(0.05, momentum=0.9)],
    ids=repr,
)
def test_any_optimiser_follows_the_hand_loop(optimiser):
    problem = small(n=10)
    rows, losses = hand_loop(problem, optimiser, batch_size=4, epochs=3, seed=1)
    history = fit(problem, np.zeros(2), optimiser, batch_size=4, epochs=3, seed=1)
    np.testing.assert_allclose(history.params, rows, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(history.step_loss, losses, rtol=1e-12, atol=1e-14)


def test_same_seed_same_history_and_another_seed_another():
    for problem in (small(n=20), Wrapped(small(n=20))):
        args = {"batch_size": 3, "epochs": 4}
        first = fit(problem, np.zeros(2), SGD(0.05), seed=11, **args)
        assert_same_history(fit(problem, np.zeros(2), SGD(0.05), seed=11, **args), first)
        other = fit(problem, np.zeros(2), SGD(0.05), seed=12, **args)
        assert not np.array_equal(other.params, first.params)
        unshuffled = fit(problem, np.zeros(2), SGD(0.05), seed=11, shuffle=False, **args)
        assert_same_history(fit(problem, np.zeros(2), SGD(0.05), seed=12, shuffle=False, **args), unshuffled)


def test_fit_does_not_change_params0():
    params0 = np.array([0.5, -0.5])
    fit(small(), params0, SGD(0.1), batch_size=2, epochs=2)
    fit(small(), params0, Adam(0.1), epochs=2)
    np.testing.assert_array_equal(params0, [0.5, -0.5])


# Divergence.


def check_divergence(history):
    k = history.diverged_at
    assert k is not None
    assert history.params.shape[0] == k + 1 and np.all(np.isfinite(history.params))
    for name in ("step_loss", "learning_rate", "epoch"):
        assert len(getattr(history, name)) == k, name
    assert np.all(np.isfinite(history.step_loss)) and np.all(np.isfinite(history.epoch_loss))


def test_divergence_in_batch_gradient_descent_keeps_what_came_before():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = fit(lecture(), np.zeros(2), SGD(10.0), epochs=1000)
    check_divergence(history)
    k = history.diverged_at
    assert 10 < k < 1000
    # Here the parameters stay finite but the loss at params[k] overflows: loss says so.
    with pytest.raises(gdcore.NonFiniteError, match="float overflow"):
        lecture().loss(history.params[k])
    np.testing.assert_array_equal(history.epoch_loss, history.step_loss)
    before = fit(lecture(), np.zeros(2), SGD(10.0), epochs=k - 1)
    assert before.diverged_at is None
    np.testing.assert_array_equal(history.params[:k], before.params)
    np.testing.assert_array_equal(history.step_loss[: k - 1], before.step_loss)


def test_divergence_in_mini_batches_is_found_at_the_same_step_by_every_loop():
    x, y = make_linear_data(40, seed=5)
    problem = LinearRegression(100 * x, y)
    histories = []
    for target in (problem, Wrapped(problem), Plain(problem)):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            history = fit(target, np.zeros(2), SGD(1.0), batch_size=8, epochs=50, seed=3)
        check_divergence(history)
        # 5 steps per epoch: the epoch losses are the full-data losses at params[0], [5], ...
        boundaries = history.params[::5]
        assert len(history.epoch_loss) in (len(boundaries) - 1, len(boundaries))
        expected = [problem.loss(theta) for theta in boundaries[: len(history.epoch_loss)]]
        np.testing.assert_allclose(history.epoch_loss, expected, rtol=1e-9)
        histories.append(history)
    assert histories[0].diverged_at == histories[1].diverged_at == histories[2].diverged_at == 35
    for other in histories[1:]:
        np.testing.assert_allclose(other.params, histories[0].params, rtol=1e-9)


def test_a_non_finite_loss_at_the_start_is_a_divergence_at_step_0():
    for batch_size in (None, 2):
        history = fit(lecture(), np.array([1e200, 0.0]), SGD(0.1), batch_size=batch_size, epochs=3)
        assert history.diverged_at == 0 and history.n_steps == 0
        np.testing.assert_array_equal(history.params, [[1e200, 0.0]])
        assert history.epoch_loss.size == 0


class Exploding:
    """A problem whose loss stays 0 while its gradient blows the parameters up."""

    def __init__(self, n_examples=1):
        self.n_examples = n_examples

    def loss(self, params, idx=None):
        return 0.0

    def gradient(self, params, idx=None):
        return -1e200 * params


@pytest.mark.parametrize("n_examples", [1, 4])
def test_divergence_seen_only_in_the_parameters(n_examples):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = fit(Exploding(n_examples), np.array([1.0]), SGD(1.0), batch_size=2, epochs=5)
    assert history.diverged_at == 1
    np.testing.assert_allclose(history.params, [[1.0], [1e200]])


# Schedules.


def test_a_schedule_sets_each_steps_learning_rate():
    schedule = ExponentialDecay(0.1, decay_steps=2, decay_rate=0.5)
    problem = lecture()
    history = fit(problem, np.zeros(2), SGD(schedule), epochs=5)
    np.testing.assert_allclose(history.learning_rate, schedule(np.arange(5)), rtol=1e-15)
    theta1 = -0.1 * problem.gradient(np.zeros(2))
    theta2 = theta1 - schedule(1) * problem.gradient(theta1)
    np.testing.assert_allclose(history.params[1:3], [theta1, theta2], rtol=1e-13)


@pytest.mark.parametrize("wrap", [None, Wrapped], ids=["LinearRegression", "general"])
def test_a_schedule_in_mini_batches_follows_the_hand_loop(wrap):
    schedule = PiecewiseConstantDecay([3, 8], [0.2, 0.05, 0.01])
    problem = small(n=9)
    rows, _ = hand_loop(problem, SGD(schedule), batch_size=2, epochs=3, seed=0)
    history = fit(
        problem if wrap is None else wrap(problem), np.zeros(2), SGD(schedule), batch_size=2, epochs=3
    )
    np.testing.assert_allclose(history.params, rows, rtol=1e-12, atol=1e-14)
    np.testing.assert_array_equal(history.learning_rate, schedule(np.arange(15)))


def test_a_schedule_for_one_step_at_a_time_works_too():
    def schedule(step):
        return 0.1 if step < 3 else 0.01

    history = fit(lecture(), np.zeros(2), SGD(schedule), epochs=5)
    np.testing.assert_array_equal(history.learning_rate, [0.1, 0.1, 0.1, 0.01, 0.01])


def test_a_schedule_giving_a_negative_rate_is_refused():
    with pytest.raises(ValueError, match="learning_rate"):
        fit(lecture(), np.zeros(2), SGD(lambda step: 0.1 - 0.05 * step), epochs=5)


# Other problems and optimisers.


class Parabola:
    """f(theta) = (theta - 3)^2: a problem with one "example"."""

    n_examples = 1

    def loss(self, params, idx=None):
        return float((params[0] - 3.0) ** 2)

    def gradient(self, params, idx=None):
        assert idx is None
        return 2.0 * (params - 3.0)


def test_a_one_example_problem_runs_batch_gradient_descent():
    for batch_size in (None, 1, 8):
        history = fit(Parabola(), np.array([0.0]), SGD(0.25), epochs=20, batch_size=batch_size)
        assert history.n_steps == 20
        assert history.params[1, 0] == pytest.approx(1.5)
        assert history.params[-1, 0] == pytest.approx(3.0, abs=1e-5)


class OnlyStep:
    """An optimiser with just init and step."""

    def init(self, params):
        return {}

    def step(self, params, grads, state):
        return params - 0.1 * grads, state


def test_an_optimiser_with_only_init_and_step_works():
    history = fit(lecture(), np.zeros(2), OnlyStep(), epochs=2)
    np.testing.assert_allclose(history.params[2], [1.32717819, 0.49312992], atol=1e-8)
    assert np.all(np.isnan(history.learning_rate))


# Bad input.


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"batch_size": 0}, "batch_size"),
        ({"batch_size": -2}, "batch_size"),
        ({"batch_size": 2.5}, "batch_size"),
        ({"batch_size": "8"}, "batch_size"),
        ({"epochs": 0}, "epochs"),
        ({"epochs": -1}, "epochs"),
        ({"epochs": 1.5}, "epochs"),
        ({"seed": -1}, "seed"),
        ({"seed": 1.5}, "seed"),
        ({"shuffle": "no"}, "shuffle"),
        ({"params0": np.zeros(3)}, "params0"),
        ({"params0": np.zeros((2, 1))}, "params0"),
        ({"params0": [np.nan, 0.0]}, "params0"),
        ({"params0": [np.inf, 0.0]}, "params0"),
        ({"optimiser": object()}, "optimiser"),
        ({"problem": object()}, "problem"),
    ],
)
def test_bad_input_is_rejected_by_name(kwargs, name):
    args = {"problem": lecture(), "params0": np.zeros(2), "optimiser": SGD(0.1), **kwargs}
    with pytest.raises((ValueError, TypeError), match=name):
        fit(args.pop("problem"), args.pop("params0"), args.pop("optimiser"), **args)


# Properties.


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(1, 40),
    batch_size=st.one_of(st.none(), st.integers(1, 50)),
    epochs=st.integers(1, 4),
    seed=st.integers(0, 10),
)
def test_number_of_steps_is_epochs_times_batches_per_epoch(n, batch_size, epochs, seed):
    problem = small(n=n, seed=seed)
    history = fit(problem, np.zeros(2), SGD(0.01), batch_size=batch_size, epochs=epochs, seed=seed)
    per_epoch = 1 if batch_size is None else math.ceil(n / batch_size)
    assert history.n_steps == epochs * per_epoch
    assert history.params.shape == (epochs * per_epoch + 1, 2)
    assert history.learning_rate.shape == history.step_loss.shape == history.epoch.shape == (history.n_steps,)
    np.testing.assert_array_equal(history.epoch, np.repeat(np.arange(epochs), per_epoch))
    assert history.epoch_loss.shape == (epochs + 1,)
    assert history.diverged_at is None


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(2, 60),
    d=st.integers(1, 3),
    batch_size=st.integers(1, 70),
    epochs=st.integers(1, 3),
    lr=st.floats(1e-3, 0.3),
    seed=st.integers(0, 100),
    shuffle=st.booleans(),
    decay=st.booleans(),
)
def test_the_linear_regression_fast_path_equals_the_general_loop(
    n, d, batch_size, epochs, lr, seed, shuffle, decay
):
    problem = small(n=n, d=d, seed=seed)
    learning_rate = ExponentialDecay(lr, 5, 0.7) if decay else lr
    args = {"batch_size": batch_size, "epochs": epochs, "seed": seed, "shuffle": shuffle}
    fast = fit(problem, np.zeros(d + 1), SGD(learning_rate), **args)
    general = fit(Wrapped(problem), np.zeros(d + 1), SGD(learning_rate), **args)
    assert_close_history(fast, general)


# The problem methods fit uses.


def test_loss_and_gradient_equals_loss_and_gradient():
    problem = small(n=9, d=2)
    params = np.array([0.3, -1.2, 0.7])
    for idx in (None, slice(2, 6), np.array([4, 0, 8]), [1]):
        loss, gradient = problem.loss_and_gradient(params, idx)
        assert loss == pytest.approx(problem.loss(params, idx), rel=1e-13)
        np.testing.assert_allclose(gradient, problem.gradient(params, idx), rtol=1e-13, atol=1e-15)
    loss, gradient = problem.loss_and_gradient([0.3, -1.2, 0.7])
    assert loss == pytest.approx(problem.loss(params))
    with pytest.raises(ValueError, match="params"):
        problem.loss_and_gradient(np.zeros(2))


def test_loss_and_gradient_raises_non_finite_error_for_non_finite_params():
    # The LossAndGradient protocol: a non-finite loss is a NonFiniteError (fit records a divergence).
    with np.errstate(all="ignore"), pytest.raises(NonFiniteError, match="params"):
        small().loss_and_gradient(np.array([np.inf, 0.0]))


def test_reordered_is_the_same_problem_in_another_order():
    problem = small(n=6, d=2)
    order = np.array([5, 2, 0, 1, 4, 3])
    reordered = problem.reordered(order)
    same = LinearRegression(problem.X[order], problem.y[order])
    params = np.array([0.1, 0.2, 0.3])
    np.testing.assert_array_equal(reordered.X, same.X)
    np.testing.assert_array_equal(reordered.y, same.y)
    assert reordered.loss(params, slice(0, 2)) == pytest.approx(same.loss(params, slice(0, 2)))
    np.testing.assert_allclose(
        reordered.loss_and_gradient(params, slice(1, 4))[1], same.gradient(params, [1, 2, 3])
    )
    assert reordered.table is not None and reordered.least_squares() == pytest.approx(problem.least_squares())
    # fit on a reordered problem sees its examples in the new order (caches included):
    fit(problem, np.zeros(3), SGD(0.1), batch_size=2)  # fills the problem's caches
    twice = problem.reordered(order)
    args = {"batch_size": 2, "epochs": 2, "shuffle": False}
    assert_same_history(fit(twice, np.zeros(3), SGD(0.1), **args), fit(same, np.zeros(3), SGD(0.1), **args))
    with pytest.raises(ValueError, match="order"):
        problem.reordered(np.arange(5))
    with pytest.raises(ValueError, match="order"):
        problem.reordered(np.linspace(0, 5, 6))


def test_the_fast_path_is_taken_only_for_plain_sgd_on_a_linear_regression():
    from gdcore.training import _plain_sgd_on_least_squares as fast

    problem = small()
    assert fast(problem, SGD(0.1)) and fast(problem, SGD(ExponentialDecay(0.1, 2, 0.5), convention="pytorch"))
    assert not fast(problem, SGD(0.1, momentum=0.5))
    assert not fast(problem, Adam(0.1))
    assert not fast(Wrapped(problem), SGD(0.1))


def test_the_fast_path_over_several_chunks_of_batches_equals_the_general_loop():
    problem = small(n=601, d=2, seed=8)  # 301 batches of 2 (the last of 1): more than one chunk
    args = {"batch_size": 2, "epochs": 2, "seed": 6}
    fast = fit(problem, np.zeros(3), SGD(0.02), **args)
    assert_close_history(fast, fit(Wrapped(problem), np.zeros(3), SGD(0.02), **args))
    # A divergence late in an epoch, in its second chunk of batches:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fast = fit(problem, np.zeros(3), SGD(0.9), **args)
        general = fit(Wrapped(problem), np.zeros(3), SGD(0.9), **args)
    check_divergence(fast)
    assert fast.diverged_at % 301 > 256  # 301 steps per epoch
    assert_close_history(fast, general)


def test_a_problem_that_overflows_is_a_divergence_not_an_error():
    from gdcore import SURFACES

    rosenbrock = SURFACES["rosenbrock"]
    history = fit(rosenbrock, np.array([-1.5, 2.0]), SGD(0.5), epochs=50)
    assert history.diverged_at is not None
    assert np.all(np.isfinite(history.params))


# Early stopping (issue 19): Keras 3's EarlyStopping on a scripted validation curve.


class Clock:
    """Full-batch SGD(1.0) from [0] moves theta to e + 1 after epoch e; the loss follows a script."""

    n_examples = 1

    def __init__(self, curve):
        self.curve = curve

    def loss(self, params, idx=None):
        return float(self.curve[round(params[0])])

    def gradient(self, params, idx=None):
        return np.array([-1.0])


# The monitored value after epoch e is VAL[e + 1] (VAL[0] is at the start).
VAL = [10.0, 5.0, 4.0, 4.5, 3.9, 4.2, 4.3, 4.4, 4.5, 4.6, 4.7]
TRAIN = [9.0 - 0.5 * k for k in range(len(VAL))]


def early(epochs=10, **kwargs):
    return fit(
        Clock(TRAIN),
        [0.0],
        SGD(1.0),
        epochs=epochs,
        validation=Clock(VAL),
        early_stopping=EarlyStopping(**kwargs),
    )


def test_validation_loss_is_recorded_at_the_start_and_after_each_epoch():
    history = fit(Clock(TRAIN), [0.0], SGD(1.0), epochs=4, validation=Clock(VAL))
    np.testing.assert_array_equal(history.val_loss, VAL[:5])
    assert history.stopped_epoch is None and history.restored_epoch is None
    np.testing.assert_array_equal(history.final_params, [4.0])
    assert fit(Clock(TRAIN), [0.0], SGD(1.0), epochs=2).val_loss is None


@pytest.mark.parametrize(
    ("kwargs", "stopped", "best"),
    [
        ({"patience": 2}, 5, 3),  # epochs 4 and 5 do not beat 3.9 (epoch 3): wait reaches 2 at epoch 5
        ({"patience": 0}, 2, 1),  # the first epoch without improvement stops
        ({"patience": 2, "min_delta": 0.2}, 3, 1),  # 3.9 is not 0.2 below 4.0: no improvement at epoch 3
        ({"patience": 0, "start_from_epoch": 2}, 4, 3),  # epochs 0 and 1 are not watched
    ],
)
def test_early_stopping_stops_where_keras_does(kwargs, stopped, best):
    for restore in (False, True):
        history = early(restore_best_weights=restore, **kwargs)
        assert history.stopped_epoch == stopped and history.best_epoch == best
        assert history.n_steps == stopped + 1 and history.epoch[-1] == stopped
        np.testing.assert_array_equal(history.val_loss, VAL[: stopped + 2])
        if restore:  # the weights at the end of the best epoch
            assert history.restored_epoch == best
            np.testing.assert_array_equal(history.final_params, history.params[best + 1])
            np.testing.assert_array_equal(history.final_params, [best + 1.0])
        else:  # the last weights
            assert history.restored_epoch is None
            np.testing.assert_array_equal(history.final_params, history.params[-1])


def test_restore_best_weights_restores_also_when_training_ends_without_stopping():
    # Keras 3 restores in on_train_end whether or not it stopped early.
    history = early(epochs=6, patience=10, restore_best_weights=True)
    assert history.stopped_epoch is None and history.n_steps == 6
    assert history.best_epoch == 3 and history.restored_epoch == 3
    np.testing.assert_array_equal(history.final_params, [4.0])
    np.testing.assert_array_equal(early(epochs=6, patience=10).final_params, [6.0])


def test_early_stopping_on_the_training_loss_without_validation():
    # monitor="loss": Keras logs the epoch's mean mini-batch loss; in batch GD, the loss before the step.
    curve = [8.0, 6.0, 7.0, 7.5, 5.0, 9.0]
    history = fit(
        Clock(curve), [0.0], SGD(1.0), epochs=5, early_stopping=EarlyStopping(monitor="loss", patience=1)
    )
    assert history.best_epoch == 1 and history.stopped_epoch == 2  # 7.0 does not beat 6.0: wait 1 >= 1
    with pytest.raises(ValueError, match="validation"):
        fit(Clock(curve), [0.0], SGD(1.0), epochs=5, early_stopping=EarlyStopping())


def test_early_stopping_in_mini_batches_monitors_the_keras_training_loss():
    problem = small(n=10)
    history = fit(
        problem, np.zeros(2), SGD(0.05), batch_size=4, epochs=3, early_stopping=EarlyStopping(monitor="loss")
    )
    sizes = np.array([4, 4, 2])
    first_epoch = history.step_loss[:3] @ sizes / 10
    assert history.stopped_epoch is None and history.best_epoch == 2
    assert first_epoch > history.step_loss[3:6] @ sizes / 10


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"monitor": "accuracy"}, "monitor"),
        ({"patience": -1}, "patience"),
        ({"patience": 1.5}, "patience"),
        ({"min_delta": np.nan}, "min_delta"),
        ({"restore_best_weights": "yes"}, "restore_best_weights"),
        ({"start_from_epoch": -2}, "start_from_epoch"),
    ],
)
def test_early_stopping_rejects_bad_settings_by_name(kwargs, name):
    with pytest.raises((ValueError, TypeError), match=name):
        EarlyStopping(**kwargs)
