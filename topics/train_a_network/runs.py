"""The page's computations, all by gdcore and cached: the data and its split, the network, one
``fit`` run per configuration, and what the page draws from it at the saved epochs.

A run keeps the parameters at the end of every epoch (``gdcore.epoch_params`` of one ``fit``
call, so the optimiser's state carries over from epoch to epoch) and, for the frames the
browser plays, the network's predictions over a grid of the input plane as small integers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
import streamlit as st

import gdcore
from topics.train_a_network.controls import DEFAULT_HIDDEN, N_POINTS, DataChoice, Settings, Training
from ui.animation import frame_steps
from ui.compute import in_worker

GRID = 40  # grid points per axis of the heat map
MAX_FRAMES = 40  # saved epochs the browser can play
MAX_INSIDE = 100  # epochs at which gradient sizes and dead units are measured
MAX_STEPS = 5_000  # optimiser steps per run: keeps the heaviest page (two runs) within about half a second
LEVELS = 100  # the heat map's values are integers 0..LEVELS (a probability in hundredths)


@dataclass(frozen=True)
class Split:
    """The data, split: raw inputs (x1, x2) and targets, and what kind of targets they are."""

    X_train: np.ndarray = field(repr=False)
    y_train: np.ndarray = field(repr=False)
    X_test: np.ndarray = field(repr=False)
    y_test: np.ndarray = field(repr=False)
    kind: str  # "classes" or "regression"
    n_classes: int  # 0 for regression
    class_values: tuple  # the label each class stands for (a CSV's own values)
    description: str
    code: str  # Python lines defining X and y
    label_problem: str | None = None  # why the labels cannot be classes (one value, or more than 4)


@st.cache_data(max_entries=16, show_spinner=False)
def split(data: DataChoice) -> Split:
    """The chosen data set (generated, or the student's columns), split into training and test."""
    if data.csv is not None:
        X, y = data.csv.X, data.csv.y
        description, code = data.csv.description, data.csv.code
        whole = np.all(y == np.round(y))
        kind = "classes" if whole else "regression"
    else:
        X, y = gdcore.make_playground_data(data.name, N_POINTS, data.noise, data.seed, data.n_classes)
        kind = "regression" if data.name in gdcore.REGRESSION_DATASETS else "classes"
        classes = f", n_classes={data.n_classes}" if data.name in gdcore.MULTICLASS_DATASETS else ""
        description = f"{N_POINTS} points of '{data.name}', noise {data.noise:g} (seed {data.seed})"
        code = (
            f"X, y = gdcore.make_playground_data({data.name!r}, n={N_POINTS}, noise={data.noise:g}, "
            f"seed={data.seed}{classes})"
        )
    values: tuple = ()
    n_classes, problem = 0, None
    if kind == "classes":
        try:
            y, found = gdcore.class_labels(y)
        except ValueError as error:  # a linear output may still fit more than 4 values
            problem, found = str(error).replace("y must", "the label column must"), np.unique(y)
        values, n_classes = tuple(found.tolist()), len(found)
    X_train, y_train, X_test, y_test = gdcore.train_test_split(X, y, data.train_share, data.seed)
    return Split(X_train, y_train, X_test, y_test, kind, n_classes, values, description, code, problem)


def output_for(data: Split, requested: str) -> tuple[str, str | None]:
    """The output layer to train with, and a message when ``requested`` cannot fit the data."""
    natural = "linear" if data.kind == "regression" else ("sigmoid" if data.n_classes == 2 else "softmax")
    if requested == "auto" or requested == natural or (requested == "softmax" and data.kind == "classes"):
        return (natural if requested == "auto" else requested), None
    if requested == "linear":
        return "linear", None  # a regression on the class labels: allowed, without an accuracy
    if data.kind == "regression":
        why = "its targets are real numbers, not classes"
    else:
        why = f"it has {data.n_classes} classes; a sigmoid output has one unit, for two classes"
    return (
        natural,
        f"A {requested} output cannot fit this data ({why}): training with a {natural} output instead.",
    )


def steps_per_epoch(n_train: int, batch_size: int | None) -> int:
    """ceil(n / batch_size) steps per epoch, 1 for batch gradient descent (as ``fit`` takes them)."""
    return 1 if batch_size is None or batch_size >= n_train else math.ceil(n_train / batch_size)


def epochs_allowed(n_train: int, batch_size: int | None, epochs: int) -> int:
    """``epochs``, or fewer so that a run takes at most MAX_STEPS steps."""
    return max(1, min(epochs, MAX_STEPS // steps_per_epoch(n_train, batch_size)))


def optimiser(training: Training, total_steps: int):
    """The gdcore optimiser for ``training``, its learning rate a schedule over ``total_steps`` steps."""
    eta = training.learning_rate
    if training.schedule == "exponential decay":
        eta = gdcore.ExponentialDecay(eta, total_steps, 0.1)
    elif training.schedule == "inverse time decay":
        eta = gdcore.InverseTimeDecay(eta, total_steps, 9.0)
    elif training.schedule == "cosine decay":
        eta = gdcore.CosineDecay(eta, total_steps)
    if training.optimiser in ("SGD", "Momentum"):
        momentum = training.momentum if training.optimiser == "Momentum" else 0.0
        return gdcore.SGD(eta, momentum=momentum)
    if training.optimiser == "Adagrad":
        return gdcore.Adagrad(eta)
    if training.optimiser == "RMSprop":
        return gdcore.RMSprop(eta, rho=training.rho)
    return gdcore.Adam(eta, beta_1=training.beta_1, beta_2=training.beta_2)


@dataclass(frozen=True)
class Architecture:
    """What the network is: its inputs, hidden layers, activation, output and penalty."""

    features: tuple[str, ...]
    hidden: tuple[int, ...]
    activation: str
    output: str
    l2: float

    def network(self, data: Split) -> gdcore.Network:
        """The network on the training data (a problem for ``gdcore.fit``)."""
        X = gdcore.input_features(data.X_train, self.features)
        n_classes = data.n_classes if self.output == "softmax" else None
        return gdcore.Network(X, data.y_train, self.hidden, self.activation, self.output, self.l2, n_classes)


@dataclass(frozen=True)
class Run:
    """One configuration trained: its numbers at every epoch and at the saved frames."""

    params: np.ndarray = field(repr=False)  # (epochs done + 1, n_params): theta at the end of each epoch
    train_loss: np.ndarray = field(repr=False)  # per epoch, without the L2 penalty
    test_loss: np.ndarray = field(repr=False)
    train_accuracy: np.ndarray | None = field(repr=False)  # None for regression
    test_accuracy: np.ndarray | None = field(repr=False)
    diverged_at: int | None  # the step where fit stopped, or None
    steps_per_epoch: int
    epochs: int  # epochs asked for (after the MAX_STEPS cap)
    frames: np.ndarray = field(repr=False)  # the epochs the browser plays
    heat: np.ndarray = field(repr=False)  # (frames, GRID, GRID) integers: the heat map per frame
    inside_epochs: np.ndarray = field(repr=False)
    gradient_norms: np.ndarray = field(repr=False)  # (inside epochs, layers)
    dead: np.ndarray = field(repr=False)  # (inside epochs, hidden layers)

    @property
    def last_epoch(self) -> int:
        """The last epoch completed (all of them unless the run diverged)."""
        return len(self.params) - 1


def box(data: Split) -> tuple[np.ndarray, np.ndarray]:
    """The heat map's grid: GRID values of x1 and of x2 over the data, with a margin."""
    X = np.vstack([data.X_train, data.X_test])
    lo, hi = X.min(axis=0), X.max(axis=0)
    margin = 0.08 * np.maximum(hi - lo, 1e-9)
    return tuple(np.linspace(lo[j] - margin[j], hi[j] + margin[j], GRID) for j in range(2))


def heat_values(net: gdcore.Network, params: np.ndarray, grid_features: np.ndarray, scale) -> np.ndarray:
    """The heat map as integers, GRID x GRID (rows: x2), so that it travels small.

    sigmoid: round(100 P(class 1)); softmax: 100 c + round(99 s) for the most probable class c
    with strength s = (p_max - 1/k) / (1 - 1/k); linear: round(100 y_hat) clipped to ``scale``.
    """
    y_hat = net.predict(params, grid_features)
    if net.output == "sigmoid":
        z = np.rint(LEVELS * y_hat)
    elif net.output == "softmax":
        k = y_hat.shape[1]
        strength = (y_hat.max(axis=1) - 1 / k) / (1 - 1 / k)
        z = LEVELS * np.argmax(y_hat, axis=1) + np.rint((LEVELS - 1) * strength)
    else:
        z = np.rint(LEVELS * np.clip(y_hat, *scale))
    return z.astype(np.int32).reshape(GRID, GRID)


def target_scale(data: Split) -> tuple[float, float]:
    """The regression heat map's colour range: the targets' range."""
    y = np.r_[data.y_train, data.y_test]
    return float(y.min()), float(y.max())


@st.cache_data(max_entries=16, show_spinner="Training…")
@in_worker
def train(data: Split, architecture: Architecture, training: Training, epochs: int, seed: int) -> Run:
    """Train from the Glorot weights of ``seed`` with one ``gdcore.fit`` call; evaluate every epoch."""
    net = architecture.network(data)
    n_train = net.n_examples
    epochs = epochs_allowed(n_train, training.batch_size, epochs)
    per_epoch = steps_per_epoch(n_train, training.batch_size)
    history = gdcore.fit(
        net,
        net.init_params(seed),
        optimiser(training, epochs * per_epoch),
        batch_size=training.batch_size,
        epochs=epochs,
        seed=seed,
    )
    params = gdcore.epoch_params(history, per_epoch)
    X_test = gdcore.input_features(data.X_test, architecture.features)
    train_scores = net.evaluate(params)  # every epoch's row in one go
    test_scores = net.evaluate(params, X_test, data.y_test)
    frames = frame_steps(len(params) - 1, MAX_FRAMES)
    x1, x2 = box(data)
    grid = np.column_stack([np.tile(x1, GRID), np.repeat(x2, GRID)])
    grid_features = gdcore.input_features(grid, architecture.features)
    scale = target_scale(data)
    inside = frame_steps(len(params) - 1, MAX_INSIDE)
    return Run(
        params=params,
        train_loss=train_scores["loss"],
        test_loss=test_scores["loss"],
        train_accuracy=train_scores["accuracy"],
        test_accuracy=test_scores["accuracy"],
        diverged_at=history.diverged_at,
        steps_per_epoch=per_epoch,
        epochs=epochs,
        frames=frames,
        heat=np.stack([heat_values(net, params[e], grid_features, scale) for e in frames]),
        inside_epochs=inside,
        gradient_norms=np.array([net.layer_gradient_norms(params[e]) for e in inside]),
        dead=net.dead_units(params[inside]),
    )


@dataclass(frozen=True)
class Trained:
    """Everything the page shows: the data, the network, run A and (when comparing) run B."""

    data: Split
    architecture: Architecture
    net: gdcore.Network
    a: Run
    b: Run | None
    problems: tuple[str, ...]


def everything(settings: Settings) -> Trained:
    """Read the settings into gdcore objects, train A (and B), collect what could not be used."""
    problems = list(settings.problems)
    data = split(settings.data)
    try:
        hidden = gdcore.parse_layers(settings.hidden_text, max_layers=4, max_units=8)
    except ValueError as error:
        problems.append(
            f"Cannot build the hidden layers {settings.hidden_text!r}: {str(error).removeprefix('text: ')}. "
            f"Using {DEFAULT_HIDDEN} meanwhile."
        )
        hidden = gdcore.parse_layers(DEFAULT_HIDDEN)
    output, message = output_for(data, settings.output)
    if data.label_problem and (output != "linear" or data.n_classes < 2):
        hint = (
            " (the linear output can fit 5 or more whole numbers as a regression)"
            if data.n_classes > 2
            else ""
        )
        problems.append(
            f"Cannot learn {data.description.split(':')[0]}'s labels: {data.label_problem}. "
            f"Showing the default data meanwhile{hint}."
        )
        data = split(DataChoice(seed=settings.data.seed, train_share=settings.data.train_share))
        output, message = output_for(data, settings.output)
    if message:
        problems.append(message)
    architecture = Architecture(settings.features, hidden, settings.activation, output, settings.l2)
    a = train(data, architecture, settings.a, settings.epochs, settings.seed)
    b = train(data, architecture, settings.b, settings.epochs, settings.seed) if settings.b else None
    return Trained(data, architecture, architecture.network(data), a, b, tuple(problems))


def with_b(trained: Trained, settings: Settings) -> Trained:
    """``trained`` (run A) with run B of ``settings.b`` on the same data and network (or none)."""
    b = None
    if settings.b is not None:
        b = train(trained.data, trained.architecture, settings.b, settings.epochs, settings.seed)
    return replace(trained, b=b)
