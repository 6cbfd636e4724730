"""'Show the code': the gdcore lines that train the page's network and print its numbers, and the
Keras Sequential / compile / fit that trains the same network with the same settings."""

from __future__ import annotations

from topics.train_a_network.controls import Settings, Training
from topics.train_a_network.runs import Trained, steps_per_epoch

GDCORE_OPTIMISERS = {
    "SGD": "SGD",
    "Momentum": "SGD",
    "Adagrad": "Adagrad",
    "RMSprop": "RMSprop",
    "Adam": "Adam",
}
KERAS_LOSSES = {
    "sigmoid": "binary_crossentropy",
    "softmax": "sparse_categorical_crossentropy",
    "linear": "mse",
}


def _arguments(training: Training) -> str:
    more = {
        "Momentum": f", momentum={training.momentum:g}",
        "RMSprop": f", rho={training.rho:g}",
        "Adam": f", beta_1={training.beta_1:g}, beta_2={training.beta_2:g}",
    }.get(training.optimiser, "")
    return more


def _rate(training: Training, total: int, module: str) -> str:
    """The learning rate argument: a number, or the schedule over ``total`` steps."""
    eta = f"{training.learning_rate:g}"
    return {
        "constant": eta,
        "exponential decay": f"{module}ExponentialDecay({eta}, decay_steps={total}, decay_rate=0.1)",
        "inverse time decay": f"{module}InverseTimeDecay({eta}, decay_steps={total}, decay_rate=9.0)",
        "cosine decay": f"{module}CosineDecay({eta}, decay_steps={total})",
    }[training.schedule]


def _batch(training: Training) -> str:
    return "None" if training.batch_size is None else str(training.batch_size)


def gdcore_snippet(trained: Trained, settings: Settings) -> str:
    """Runnable code that trains the page's network(s) and prints the final losses and accuracies."""
    arch, data = trained.architecture, trained.data
    n_train = len(data.y_train)
    runs = {"A": (trained.a, settings.a), **({"B": (trained.b, settings.b)} if trained.b else {})}
    split = (
        f"X_train, y_train, X_test, y_test = gdcore.train_test_split(X, y, train_share={settings.data.train_share:g}, "
        f"seed={settings.data.seed})"
    )
    if (
        data.kind == "classes"
        and data.label_problem is None
        and data.class_values != tuple(range(data.n_classes))
    ):
        split = "y, classes = gdcore.class_labels(y)  # labels 0, 1, ...\n" + split
    lines = [
        "import gdcore",
        "",
        data.code,
        split,
        f"features = {list(arch.features)!r}",
        f"net = gdcore.Network(gdcore.input_features(X_train, features), y_train, hidden={arch.hidden!r},",
        f"                     activation={arch.activation!r}, output={arch.output!r}, l2={arch.l2:g}"
        + (f", n_classes={trained.net.n_outputs})" if arch.output == "softmax" else ")"),
        f"params0 = net.init_params(seed={settings.seed})  # Glorot-uniform weights, zero biases",
        "X_test_features = gdcore.input_features(X_test, features)",
    ]
    for label, (run, training) in runs.items():
        per_epoch = steps_per_epoch(n_train, training.batch_size)
        total = run.epochs * per_epoch
        name = GDCORE_OPTIMISERS[training.optimiser]
        lines += [
            "",
            f"# {label}: {training.optimiser}" if len(runs) > 1 else f"# {training.optimiser}",
            f"optimiser = gdcore.{name}({_rate(training, total, 'gdcore.')}{_arguments(training)})",
            f"history = gdcore.fit(net, params0, optimiser, batch_size={_batch(training)}, epochs={run.epochs}, "
            f"seed={settings.seed})",
            f"params = gdcore.epoch_params(history, steps_per_epoch={per_epoch})[-1]  # the last epoch completed",
            "train, test = net.evaluate(params), net.evaluate(params, X_test_features, y_test)",
            f"print(f\"{label}: train loss {{train['loss']:.4g}}, test loss {{test['loss']:.4g}}\")",
        ]
        if arch.output != "linear":
            lines.append(
                f"print(f\"{label}: train accuracy {{train['accuracy']:.1%}}, test accuracy {{test['accuracy']:.1%}}\")"
            )
    return "\n".join(lines)


def keras_snippet(trained: Trained, settings: Settings) -> str:
    """The same network, initialisation, loss, optimiser and batches in Keras 3 (shown, not run)."""
    arch = trained.architecture
    training = settings.a
    n_train = len(trained.data.y_train)
    per_epoch = steps_per_epoch(n_train, training.batch_size)
    total = trained.a.epochs * per_epoch
    regulariser = f", kernel_regularizer=keras.regularizers.L2({arch.l2:g})" if arch.l2 else ""
    layers = [f"    keras.Input(shape=({len(arch.features)},)),"]
    layers += [
        f'    keras.layers.Dense({units}, activation="{arch.activation}"{regulariser}),'
        for units in arch.hidden
    ]
    outputs = trained.net.n_outputs
    layers.append(f'    keras.layers.Dense({outputs}, activation="{arch.output}"{regulariser}),')
    keras_name = "SGD" if training.optimiser == "Momentum" else training.optimiser
    batch = "len(X_train)" if training.batch_size is None else str(training.batch_size)
    metrics = ', metrics=["accuracy"]' if arch.output != "linear" else ""
    return "\n".join(
        [
            "import keras  # Keras 3, TensorFlow backend",
            "",
            "# X_train, y_train, X_test, y_test: the features and labels of the gdcore tab",
            f"keras.utils.set_random_seed({settings.seed})  # Glorot-uniform weights and zero biases are Keras's defaults",
            "model = keras.Sequential([",
            *layers,
            "])",
            "model.compile(",
            f"    optimizer=keras.optimizers.{keras_name}(learning_rate="
            f"{_rate(training, total, 'keras.optimizers.schedules.')}{_arguments(training)}),",
            f'    loss="{KERAS_LOSSES[arch.output]}"{metrics},',
            ")",
            f"model.fit(X_train, y_train, batch_size={batch}, epochs={trained.a.epochs}, shuffle=True,",
            "          validation_data=(X_test, y_test))",
        ]
    )
