"""gdcore.network and gdcore.playground: backpropagation checked by finite differences, the
network as a problem for fit, the Playground's data sets, features and split, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdcore
from gdcore.network import MAX_UNITS

OUTPUTS = ("sigmoid", "softmax", "linear")
DEPTHS = ((), (3,), (4, 3, 2))


def small_data(output, n=24, seed=0):
    """Inputs with three features and targets fitting ``output`` (3 classes for softmax)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    if output == "sigmoid":
        return X, (X[:, 0] * X[:, 1] > 0).astype(float)
    if output == "softmax":
        return X, (np.arange(n) % 3).astype(float)
    return X, np.sin(X[:, 0]) + X[:, 1] * X[:, 2]


def perturbed(net, seed=1):
    """Glorot weights plus noise on everything (biases too, so no ReLU sits exactly on its kink)."""
    return net.init_params(seed) + 0.3 * np.random.default_rng(seed).standard_normal(net.n_params)


# -- backpropagation ----------------------------------------------------------------------


@pytest.mark.parametrize("output", OUTPUTS)
@pytest.mark.parametrize("activation", gdcore.ACTIVATIONS)
@pytest.mark.parametrize("hidden", DEPTHS, ids=lambda h: f"hidden={h}")
@pytest.mark.parametrize("l2", [0.0, 0.05])
def test_backpropagation_matches_finite_differences(output, activation, hidden, l2):
    X, y = small_data(output)
    net = gdcore.Network(X, y, hidden, activation, output, l2=l2)
    params = perturbed(net)
    assert gdcore.check_gradient(net.loss, net.gradient, params, rtol=1e-5, atol=1e-8)
    # on a mini-batch (an index array and a slice) too
    idx = np.array([3, 7, 11, 19])
    assert gdcore.check_gradient(lambda p: net.loss(p, idx), lambda p: net.gradient(p, idx), params)
    assert gdcore.check_gradient(
        lambda p: net.loss(p, slice(5, 12)), lambda p: net.gradient(p, slice(5, 12)), params
    )


def test_one_activation_per_layer_is_checked_too():
    X, y = small_data("sigmoid")
    net = gdcore.Network(X, y, (3, 3, 3, 3), ("relu", "tanh", "leaky_relu", "sigmoid"), "sigmoid", l2=0.01)
    assert gdcore.check_gradient(net.loss, net.gradient, perturbed(net, 4))


def test_the_l2_penalty_is_lambda_times_the_squared_kernel_weights_not_the_biases():
    X, y = small_data("linear")
    plain = gdcore.Network(X, y, (4,), "tanh", "linear")
    penalised = gdcore.Network(X, y, (4,), "tanh", "linear", l2=0.1)
    params = perturbed(plain)
    (W1, _), (W2, _) = plain.unflatten(params)
    expected = 0.1 * (np.sum(W1**2) + np.sum(W2**2))
    assert penalised.loss(params) == pytest.approx(plain.loss(params) + expected, rel=1e-12)
    gap = penalised.gradient(params) - plain.gradient(params)
    np.testing.assert_allclose(gap, 0.2 * np.where(_kernel_mask(plain), params, 0.0), atol=1e-15)


def _kernel_mask(net):
    mask = np.zeros(net.n_params, dtype=bool)
    start = 0
    for fan_in, fan_out in zip(net.layer_sizes[:-1], net.layer_sizes[1:], strict=True):
        mask[start : start + fan_in * fan_out] = True
        start += fan_in * fan_out + fan_out
    return mask


def test_losses_are_gdcores_losses_of_the_predictions():
    for output in OUTPUTS:
        X, y = small_data(output)
        net = gdcore.Network(X, y, (5,), "tanh", output)
        params = perturbed(net)
        y_hat = net.predict(params)
        if output == "sigmoid":
            expected = gdcore.binary_crossentropy(y, y_hat)
        elif output == "softmax":
            expected = gdcore.categorical_crossentropy(np.eye(3)[y.astype(int)], y_hat)
        else:
            expected = gdcore.mse(y, y_hat)
        assert net.loss(params) == pytest.approx(expected, rel=1e-12), output
        assert net.evaluate(params)["loss"] == pytest.approx(expected, rel=1e-12)


def test_the_cross_entropy_stays_finite_where_keras_would_clip():
    X = np.array([[1.0], [-1.0]])
    net = gdcore.Network(X, [0.0, 1.0], (), output="sigmoid")
    # z = +-100: confidently wrong; log(1 + e^100) - 0 = 100 for each example
    assert net.loss(np.array([100.0, 0.0])) == pytest.approx(100.0)
    np.testing.assert_allclose(net.gradient(np.array([100.0, 0.0])), [1.0, 0.0])  # (y_hat - y) x / n, summed


# -- the Dense layers page's neuron and softmax layer --------------------------------------


def test_no_hidden_layer_and_a_sigmoid_is_the_logistic_neuron():
    X, y = gdcore.lecture_dense_data()
    w, b = np.array([1.0, 2.0]), -10.0
    net = gdcore.Network(X, y, (), output="sigmoid")
    params = np.r_[w, b]
    neuron = gdcore.logistic_neuron(X, y, w, b)
    np.testing.assert_array_equal(net.predict(params), neuron["y_hat"])  # the same numbers, bit for bit
    np.testing.assert_allclose(net.predict(params), 1 / (1 + np.exp([5.0, -1.0, -7.0])), rtol=1e-15)
    assert net.loss(params) == pytest.approx(neuron["loss"], rel=1e-14)
    assert net.evaluate(params)["accuracy"] == neuron["accuracy"]
    np.testing.assert_allclose(net.gradient(params), gdcore.logistic_loss_gradient(X, y, params), rtol=1e-14)
    # and on seeded data with many examples
    X, y = gdcore.make_classification_data(200, seed=3)
    net = gdcore.Network(X, y, (), output="sigmoid")
    params = net.init_params(5)
    neuron = gdcore.logistic_neuron(X, y, params[:2], params[2])
    np.testing.assert_array_equal(net.predict(params), neuron["y_hat"])
    assert net.loss(params) == pytest.approx(neuron["loss"], rel=1e-13)


def test_no_hidden_layer_and_a_softmax_is_the_slides_softmax_layer():
    X, _ = gdcore.lecture_dense_data()
    W, b = np.array([[1.0, 3.0], [2.0, 4.0]]), np.array([-10.0, -20.0])
    net = gdcore.Network(X, [0, 1, 1], (), output="softmax")
    P = net.predict(np.r_[W.ravel(), b])
    np.testing.assert_allclose(P, gdcore.softmax_layer(X, W, b)["P"], rtol=1e-14)
    np.testing.assert_allclose(P[:, 0], [0.98201379, 0.01798621, 6.1441746e-06], rtol=1e-7)


# -- initialisation and layout -------------------------------------------------------------


def test_glorot_uniform_weights_and_zero_biases_in_kerass_order():
    X, y = small_data("softmax")
    net = gdcore.Network(X, y, (8, 4), "relu", "softmax")
    assert net.layer_sizes == (3, 8, 4, 3)
    assert net.n_params == 3 * 8 + 8 + 8 * 4 + 4 + 4 * 3 + 3
    params = net.init_params(7)
    np.testing.assert_array_equal(params, net.init_params(7))
    assert not np.array_equal(params, net.init_params(8))
    rng = np.random.default_rng(7)
    for (W, b), (fan_in, fan_out) in zip(net.unflatten(params), [(3, 8), (8, 4), (4, 3)], strict=True):
        np.testing.assert_array_equal(W, gdcore.glorot_uniform(fan_in, fan_out, rng))
        assert np.all(np.abs(W) <= np.sqrt(6 / (fan_in + fan_out)))
        np.testing.assert_array_equal(b, np.zeros(fan_out))


# -- trained by fit ------------------------------------------------------------------------


def playground(name, noise, hidden, activation, *, seed=0, n=400, n_classes=2):
    X, y = gdcore.make_playground_data(name, n, noise, seed, n_classes)
    X_train, y_train, X_test, y_test = gdcore.train_test_split(X, y, 0.5, seed)
    output = "softmax" if n_classes > 2 else "sigmoid"
    return gdcore.Network(X_train, y_train, hidden, activation, output), X_test, y_test


def test_xor_with_two_tanh_layers_of_4_and_adam_reaches_95_percent_test_accuracy():
    """400 xor points, noise 0.2, seed 0, half for training; Adam(0.01), batch 10, 100 epochs."""
    net, X_test, y_test = playground("xor", 0.2, (4, 4), "tanh")
    history = gdcore.fit(net, net.init_params(0), gdcore.Adam(0.01), batch_size=10, epochs=100, seed=0)
    assert history.diverged_at is None
    test = net.evaluate(history.params[-1], X_test, y_test)
    assert test["accuracy"] >= 0.95  # 1.00 with these seeds
    assert net.evaluate(net.init_params(0), X_test, y_test)["accuracy"] < 0.8  # it learned it


def test_spiral_with_relu_and_plain_sgd_at_a_tiny_learning_rate_does_not_learn():
    """The same budget on the spiral (noise 0.1), ReLU 8-8, SGD(1e-4): test accuracy stays near chance."""
    net, X_test, y_test = playground("spiral", 0.1, (8, 8), "relu")
    params0 = net.init_params(0)
    history = gdcore.fit(net, params0, gdcore.SGD(1e-4), batch_size=10, epochs=100, seed=0)
    stuck = net.evaluate(history.params[-1], X_test, y_test)
    assert stuck["accuracy"] < 0.6  # 0.51 with these seeds: a coin toss
    assert abs(stuck["loss"] - net.evaluate(params0, X_test, y_test)["loss"]) < 0.05  # barely moved
    assert np.max(np.abs(history.params[-1] - params0)) < 0.05


@pytest.mark.parametrize(
    "optimiser",
    [
        gdcore.SGD(0.1),
        gdcore.SGD(0.05, momentum=0.9, nesterov=True),
        gdcore.Adagrad(0.1),
        gdcore.RMSprop(0.01),
        gdcore.Adam(gdcore.ExponentialDecay(0.02, 100, 0.5)),
        gdcore.Adam(gdcore.CosineDecay(0.02, 200), convention="pytorch"),
    ],
    ids=repr,
)
@pytest.mark.parametrize("batch_size", [None, 1, 7])
def test_every_optimiser_schedule_and_batch_size_trains_it(optimiser, batch_size):
    net, _, _ = playground("clusters", 0.2, (4,), "tanh", n=60, n_classes=3)
    epochs = 60 if batch_size is None else 10
    history = gdcore.fit(net, net.init_params(1), optimiser, batch_size=batch_size, epochs=epochs, seed=2)
    assert history.diverged_at is None
    assert history.epoch_loss[-1] < 0.8 * history.epoch_loss[0]


def test_epoch_snapshots_of_one_run_equal_shorter_runs_so_the_optimiser_state_carries_over():
    """The parameters after epoch e of one long run equal a run of e epochs (same seed): Adam's
    moments and the schedule's step carry over from epoch to epoch, nothing restarts."""
    net, _, _ = playground("moons", 0.2, (6,), "tanh", n=80)
    params0 = net.init_params(3)
    optimiser = gdcore.Adam(gdcore.InverseTimeDecay(0.05, 20, 1.0))
    history = gdcore.fit(net, params0, optimiser, batch_size=9, epochs=6, seed=4)
    snapshots = gdcore.epoch_params(history, steps_per_epoch=5)  # ceil(40 / 9)
    assert snapshots.shape == (7, net.n_params)
    np.testing.assert_array_equal(snapshots[0], params0)
    for epochs in (1, 2, 5):
        short = gdcore.fit(net, params0, optimiser, batch_size=9, epochs=epochs, seed=4)
        np.testing.assert_array_equal(snapshots[epochs], short.params[-1])
    # and a restart from the snapshot (fresh Adam moments) would have given something else
    restarted = gdcore.fit(net, snapshots[1], optimiser, batch_size=9, epochs=1, seed=4)
    assert not np.allclose(restarted.params[-1], snapshots[2])


def test_a_diverging_regression_stops_with_finite_parameters():
    X, y = gdcore.make_playground_data("bumps", 100, 0.1, 0)
    net = gdcore.Network(gdcore.input_features(X, gdcore.INPUT_FEATURES), y, (8, 8), "linear", "linear")
    history = gdcore.fit(net, net.init_params(0), gdcore.SGD(0.5), batch_size=10, epochs=50)
    assert history.diverged_at == 4  # with these seeds
    assert np.isfinite(history.params).all()
    snapshots = gdcore.epoch_params(history, 10)
    assert len(snapshots) == history.diverged_at // 10 + 1


def test_loss_and_gradient_gives_a_nan_loss_for_nan_params_and_the_checked_forms_raise():
    X, y = small_data("sigmoid")
    net = gdcore.Network(X, y, (3,), "relu")
    bad = np.full(net.n_params, np.nan)
    with np.errstate(all="ignore"):
        loss, _ = net.loss_and_gradient(bad)
    assert np.isnan(loss)
    with pytest.raises(ValueError, match="params must contain only finite numbers"):
        net.loss(bad)
    with pytest.raises(ValueError, match="too large"):
        net.loss(np.full(net.n_params, 1e200))
    with pytest.raises(ValueError, match=r"params must have 16 entries for layers \(3, 3, 1\)"):
        net.gradient(np.zeros(5))


# -- inside: dead units and gradient sizes -----------------------------------------------


def test_dead_relu_units_are_counted_per_layer():
    X, y = small_data("sigmoid")
    net = gdcore.Network(X, y, (3, 2), "relu")
    params = net.init_params(0)
    assert net.dead_units(params).shape == (2,)
    start = 3 * 3  # b_1 follows W_1 (3 x 3)
    params[start : start + 3] = [-100.0, 0.0, -100.0]  # two units of layer 1 never switch on
    assert net.dead_units(params)[0] == 2
    # the dead units' incoming weights get exactly zero gradient
    grad = net.gradient(params)
    W1_grad = grad[:9].reshape(3, 3)
    assert np.all(W1_grad[:, [0, 2]] == 0) and np.any(W1_grad[:, 1] != 0)
    for activation in ("leaky_relu", "linear"):
        other = gdcore.Network(X, y, (3, 2), activation)
        assert list(other.dead_units(params)) == [0, 0]
    # a tanh unit only when it saturates: tanh(-100) is -1 in floating point, its slope 0
    tanh = gdcore.Network(X, y, (3, 2), "tanh")
    assert list(tanh.dead_units(params)) == [2, 0]
    params[start : start + 3] = [-3.0, 0.0, -3.0]
    assert list(tanh.dead_units(params)) == [0, 0]


@pytest.mark.parametrize("output", OUTPUTS)
@pytest.mark.parametrize("hidden", DEPTHS, ids=lambda h: f"hidden={h}")
def test_thetas_as_rows_give_each_rows_numbers(output, hidden):
    """evaluate, predict and dead_units on rows of thetas (a run's epochs) in one call: each
    row's numbers are those of the row alone, the loss being the one training minimises."""
    X, y = small_data(output)
    X_test, y_test = small_data(output, n=9, seed=5)
    net = gdcore.Network(X, y, hidden, "relu", output)
    rows = np.stack([perturbed(net, seed) for seed in range(5)])
    if hidden:
        rows[2, 3 * hidden[0]] = -100.0  # the first bias of layer 1: that ReLU unit dies in row 2 only
    together = {
        "train": net.evaluate(rows),
        "test": net.evaluate(rows, X_test, y_test),
        "predict": net.predict(rows, X_test),
        "dead": net.dead_units(rows),
    }
    for r, theta in enumerate(rows):
        train, test = net.evaluate(theta), net.evaluate(theta, X_test, y_test)
        assert together["train"]["loss"][r] == pytest.approx(train["loss"], rel=1e-13)
        assert train["loss"] == pytest.approx(net.loss(theta), rel=1e-13)
        assert together["test"]["loss"][r] == pytest.approx(test["loss"], rel=1e-13)
        if output == "linear":
            assert together["train"]["accuracy"] is None and train["accuracy"] is None
        else:
            assert together["train"]["accuracy"][r] == train["accuracy"]
            assert together["test"]["accuracy"][r] == test["accuracy"]
        np.testing.assert_allclose(together["predict"][r], net.predict(theta, X_test), rtol=1e-13, atol=1e-15)
        np.testing.assert_array_equal(together["dead"][r], net.dead_units(theta))
    assert together["dead"].shape == (5, len(hidden))
    assert isinstance(net.evaluate(rows[0])["loss"], float)
    if hidden:
        assert together["dead"].any()  # the check above compared some dead units
    with pytest.raises(ValueError, match="params must have"):
        net.evaluate(rows[:, 1:])
    with pytest.raises(ValueError, match="params must have 1 or 2 dimension"):
        net.predict(rows[None])


def test_sigmoid_gradients_vanish_towards_the_input_of_a_deep_network():
    X, y = small_data("sigmoid", n=200)
    deep = gdcore.Network(X, y, (8, 8, 8, 8), "sigmoid")
    norms = deep.layer_gradient_norms(deep.init_params(0))
    assert norms.shape == (5,)
    assert norms[0] < norms[-1] / 20  # each sigmoid layer multiplies by at most 1/4
    relu = gdcore.Network(X, y, (8, 8, 8, 8), "relu")
    relu_norms = relu.layer_gradient_norms(relu.init_params(0))
    assert relu_norms[0] / relu_norms[-1] > norms[0] / norms[-1]


# -- architecture text ---------------------------------------------------------------------


def test_parse_layers():
    assert gdcore.parse_layers("4, 4") == (4, 4)
    assert gdcore.parse_layers(" 8 2;1 ") == (8, 2, 1)
    assert gdcore.parse_layers("") == ()
    for text, message in [
        ("4, 9", "'9' is not a number of units between 1 and 8"),
        ("0", "'0' is not a number"),
        ("2.5", "'2.5' is not a number"),
        ("four", "'four' is not a number"),
        ("1 1 1 1 1", "at most 4 hidden layers, got 5"),
    ]:
        with pytest.raises(ValueError, match=message):
            gdcore.parse_layers(text)
    with pytest.raises(TypeError, match="text must be a string"):
        gdcore.parse_layers(4)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(1, 8), max_size=4), st.sampled_from([", ", " ", ";"]))
def test_parse_layers_reads_what_it_would_write(sizes, separator):
    assert gdcore.parse_layers(separator.join(map(str, sizes))) == tuple(sizes)


def test_bad_networks_get_messages_naming_the_argument():
    X, y = small_data("sigmoid")
    cases = [
        (dict(output="tanh"), "output must be one of sigmoid, softmax, linear"),
        (dict(hidden=(4,), activation="swish"), "activation must be one of relu"),
        (
            dict(hidden=(4, 4), activation=("relu",)),
            r"activation must be one name or one per hidden layer \(2\)",
        ),
        (dict(hidden=(0,)), "hidden must be a whole number between 1"),
        (dict(hidden=(MAX_UNITS + 1,)), "hidden must be a whole number between 1"),
        (dict(l2=-1.0), "l2 must be >= 0"),
    ]
    for kwargs, message in cases:
        with pytest.raises(ValueError, match=message):
            gdcore.Network(X, y, **kwargs)
    with pytest.raises(TypeError, match="hidden must be a sequence"):
        gdcore.Network(X, y, hidden="4, 4")
    with pytest.raises(ValueError, match="y must hold only 0 or 1, got 2"):
        gdcore.Network(X, np.arange(len(y)) % 3, output="sigmoid")
    with pytest.raises(ValueError, match="class labels 0, 1"):
        gdcore.Network(X, y - 0.5, output="softmax")
    with pytest.raises(ValueError, match="X and y must have the same length"):
        gdcore.Network(X, y[:-1])
    with pytest.raises(ValueError, match="X must have 3 columns"):
        gdcore.Network(X, y).predict(np.zeros(4), np.zeros((2, 2)))
    with pytest.raises(TypeError, match="history must be a History"):
        gdcore.epoch_params([1, 2], 1)


# -- the Playground's data -----------------------------------------------------------------


@pytest.mark.parametrize("name", gdcore.PLAYGROUND_DATASETS)
def test_playground_data_are_seeded_and_inside_the_square(name):
    X, y = gdcore.make_playground_data(name, 300, 0.0, seed=5, n_classes=3)
    X2, y2 = gdcore.make_playground_data(name, 300, 0.0, seed=5, n_classes=3)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    assert X.shape == (300, 2) and y.shape == (300,)
    assert np.all(np.abs(X) <= 4.5)
    if name in gdcore.REGRESSION_DATASETS:
        assert len(np.unique(y)) > 100
    else:
        classes = 3 if name in gdcore.MULTICLASS_DATASETS else 2
        assert set(np.unique(y)) == set(range(classes))
        assert np.bincount(y.astype(int)).min() >= 300 // classes - 60
    noisy = gdcore.make_playground_data(name, 300, 0.5, seed=5, n_classes=3)
    changed = 1 if name in gdcore.REGRESSION_DATASETS else 0  # noise on y, else on X
    assert not np.array_equal(noisy[changed], (X, y)[changed])


def test_clean_shapes_are_what_their_names_say():
    X, y = gdcore.make_playground_data("xor", 200, 0.0, 1)
    np.testing.assert_array_equal(y, X[:, 0] * X[:, 1] >= 0)
    X, y = gdcore.make_playground_data("circle", 200, 0.0, 1)
    radius = np.hypot(X[:, 0], X[:, 1])
    assert radius[y == 1].max() <= 1.5 < 2.1 <= radius[y == 0].min()


def test_input_features():
    X = np.array([[1.0, 2.0], [-0.5, 3.0]])
    F = gdcore.input_features(X, gdcore.INPUT_FEATURES)
    np.testing.assert_allclose(
        F, [[1, 2, 1, 4, 2, np.sin(1), np.sin(2)], [-0.5, 3, 0.25, 9, -1.5, np.sin(-0.5), np.sin(3)]]
    )
    np.testing.assert_array_equal(gdcore.input_features(X, ["x2"]), X[:, 1:])
    for names, message in [
        ([], "names must be one or more"),
        (["x3"], "names must be one"),
        (["x1", "x1"], "repeat"),
    ]:
        with pytest.raises(ValueError, match=message):
            gdcore.input_features(X, names)


def test_train_test_split_is_seeded_and_keeps_every_row_once():
    X = np.arange(20.0).reshape(10, 2)
    y = np.arange(10.0)
    X_train, y_train, X_test, y_test = gdcore.train_test_split(X, y, 0.7, seed=1)
    assert len(y_train) == 7 and len(y_test) == 3
    assert sorted(np.r_[y_train, y_test]) == list(y)
    np.testing.assert_array_equal(X_train[:, 0], 2 * y_train)
    again = gdcore.train_test_split(X, y, 0.7, seed=1)
    np.testing.assert_array_equal(again[1], y_train)
    assert len(gdcore.train_test_split(X, y, 0.01)[1]) == 1  # both parts keep a row
    with pytest.raises(ValueError, match="train_share must be between 0 and 1"):
        gdcore.train_test_split(X, y, 1.0)


def test_class_labels_for_a_students_label_column():
    labels, values = gdcore.class_labels([2.0, 1.0, 2.0, 3.0])
    np.testing.assert_array_equal(labels, [1, 0, 1, 2])
    np.testing.assert_array_equal(values, [1, 2, 3])
    with pytest.raises(ValueError, match=r"at least 2 classes to classify, got only one value \(1\)"):
        gdcore.class_labels([1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match=r"at most 4 classes, got 5 distinct values \(0, 1, 2, 3, 4\)"):
        gdcore.class_labels(np.arange(10) % 5)


def test_bad_data_requests_get_messages():
    for kwargs, message in [
        (dict(name="rings"), "name must be one of circle, xor"),
        (dict(n=1), "n must be a whole number between 2"),
        (dict(noise=-0.1), "noise must be >= 0"),
        (dict(n_classes=5), "n_classes must be a whole number between 2 and 4"),
        (dict(seed=-1), "seed must be a whole number between 0"),
    ]:
        with pytest.raises(ValueError, match=message):
            gdcore.make_playground_data(**kwargs)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(
        ["loss", "gradient", "predict", "evaluate", "layer_gradient_norms", "dead_units", "unflatten"]
    ),
    st.one_of(
        st.lists(
            st.sampled_from([0.0, 1.0, -1.0, 1e308, -1e308, 1e-308, 700.0, -700.0, 1e4]),
            min_size=16,
            max_size=16,
        ),
        st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=0, max_size=20),
        st.text(max_size=3),
        st.none(),
    ),
    st.sampled_from(OUTPUTS),
)
def test_a_networks_methods_return_finite_numbers_or_raise_a_message(method, params, output):
    """The fuzz test of every public name, on a network that exists: huge, NaN or mis-sized
    parameters give a ValueError or TypeError with a message, never inf, NaN or a warning."""
    import warnings

    X, y = small_data(output, n=6)
    net = gdcore.Network(X, y, (3,), "relu", output, l2=0.1)  # 16 parameters (24 for 3 classes)
    if isinstance(params, list) and len(params) == 16:
        params = (params * 2)[: net.n_params]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            result = getattr(net, method)(params)
        except (ValueError, TypeError) as error:
            assert str(error)
            return
    values = [w for pair in result for w in pair] if method == "unflatten" else [result]
    for value in values:
        if isinstance(value, dict):
            value = [v for v in value.values() if v is not None]
        assert np.all(np.isfinite(np.asarray(value, dtype=float))), (method, params)
