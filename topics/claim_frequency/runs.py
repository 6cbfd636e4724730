"""The page's gdcore runs, cached (every cache bounded): the portfolio, raw against
standardised features, the learning-rate race, the contours, early stopping."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import streamlit as st

import gdcore
from ui.compute import in_worker

VALIDATION = 0.2  # the share of the portfolio held out for validation
RACE_SAMPLE = 2_000  # training policies the learning-rate race uses
RACE_FRACTIONS = (0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1.1, 1.5, 3.0)  # of 2 / lambda_max
RACE_MAX_EPOCHS = 3_000
GRID = 41  # contour points per axis
SIDES = ("raw", "standardised")
AGE_BANDS = np.arange(18, 95, 6)  # driver-age bands [18, 24), [24, 30), ...


def _optimiser(name: str, learning_rate: float):
    return gdcore.Adam(learning_rate) if name == "Adam" else gdcore.SGD(learning_rate)


@st.cache_data(max_entries=8, show_spinner=False)
def portfolio(n: int, seed: int, exposure: tuple) -> gdcore.MotorPortfolio:
    """The seeded synthetic portfolio (raises ValueError for a bad exposure range)."""
    return gdcore.make_motor_portfolio(n, seed=seed, exposure_range=exposure)


@st.cache_data(max_entries=8, show_spinner=False)
def split(n: int, seed: int, exposure: tuple):
    """(training, validation) portfolios: VALIDATION of the policies held out (seeded)."""
    return portfolio(n, seed, exposure).split(VALIDATION, seed=seed)


def fittable(n: int, seed: int, exposure: tuple) -> bool:
    """True when both sides of the training set have an optimum; else gdcore's ValueError (the
    portfolio's data decide it, so the main run asks before the sections run). The optimum is
    kept in the cache of :func:`_side_reference`, for section 2."""
    for name in SIDES:
        _side_reference(n, seed, exposure, name)
    return True


@dataclass(frozen=True, eq=False)
class Side:
    """One side of the comparison: the problem's reference points and the run."""

    name: str
    scaler: gdcore.Standardiser | None
    start: np.ndarray  # w = 0, b from the intercept-only closed form
    optimum: np.ndarray
    loss_start: float
    loss_best: float
    kappa: float  # condition number of the Hessian at the optimum
    eta_max: float  # 2 / lambda_max
    history: gdcore.History

    def target_loss(self, fraction: float) -> float:
        return self.loss_best + (1 - fraction) * (self.loss_start - self.loss_best)


def _reference(problem):
    """(start, optimum, loss at start, best loss, kappa, 2 / lambda_max) of a problem."""
    start, optimum = problem.intercept_only(), problem.optimum()
    hessian = problem.hessian(optimum)
    lambda_max = float(np.linalg.eigvalsh(hessian)[-1])
    return (
        start,
        optimum,
        problem.loss(start),
        problem.loss(optimum),
        gdcore.condition_number(hessian),
        2 / lambda_max,
    )


def _problems(train):
    scaler = gdcore.Standardiser(train.X)
    return {"raw": (None, train.problem()), "standardised": (scaler, train.problem(scaler))}


@st.cache_data(max_entries=16, show_spinner=False)
def _side_reference(n, seed, exposure, name) -> tuple:
    """:func:`_reference` of one side's training set: it does not depend on section 2's controls."""
    train, _ = split(n, seed, exposure)
    return _reference(_problems(train)[name][1])


@st.cache_data(max_entries=32, show_spinner=False)
def _scaling_side(n, seed, exposure, optimiser, learning_rate, epochs, name) -> Side:
    start, optimum, loss_start, loss_best, kappa, eta_max = _side_reference(n, seed, exposure, name)
    scaler, history = _fit_side(n, seed, exposure, optimiser, learning_rate, epochs, name, start)
    return Side(name, scaler, start, optimum, loss_start, loss_best, kappa, eta_max, history)


@in_worker
def _fit_side(n, seed, exposure, optimiser, learning_rate, epochs, name, start):
    """(scaler, History): full-batch training of one side from ``start``."""
    train, _ = split(n, seed, exposure)
    scaler, problem = _problems(train)[name]
    return scaler, gdcore.fit(problem, start, _optimiser(optimiser, learning_rate), epochs=epochs)


def scaling(n, seed, exposure, optimiser, learning_rate, epochs, progress=None) -> dict[str, Side]:
    """Raw and standardised features: the same optimiser, learning rate and epochs, full batch.

    Each side is cached on its own; ``progress(fraction)`` is called between them, outside
    the caches (a cached function must not draw).
    """
    sides = {}
    for k, name in enumerate(SIDES):
        sides[name] = _scaling_side(n, seed, exposure, optimiser, learning_rate, epochs, name)
        if progress is not None:
            progress((k + 1) / len(SIDES))
    return sides


@dataclass(frozen=True, eq=False)
class Race:
    """Batch gradient descent at rates around 2 / lambda_max on the race sample, for one side."""

    eta_max: float
    runs: list
    target: float

    @property
    def largest_converging(self):
        rates = [run.learning_rate for run in self.runs if run.converged]
        return max(rates) if rates else None

    @property
    def best(self):
        """The converging run that reaches the target in the fewest epochs (None if none does)."""
        hits = [run for run in self.runs if run.converged and run.epochs_to_target is not None]
        return min(hits, key=lambda run: (run.epochs_to_target, -run.learning_rate)) if hits else None


@st.cache_data(max_entries=32, show_spinner=False)
@in_worker
def _race_side(n, seed, exposure, fraction, name) -> Race:
    train, _ = split(n, seed, exposure)
    sample = train.subset(slice(0, RACE_SAMPLE))
    _, problem = _problems(sample)[name]
    start, _, loss_start, loss_best, _, eta_max = _reference(problem)
    target = loss_best + (1 - fraction) * (loss_start - loss_best)
    runs = gdcore.gradient_descent_race(
        problem, start, eta_max * np.array(RACE_FRACTIONS), target=target, max_epochs=RACE_MAX_EPOCHS
    )
    return Race(eta_max, runs, target)


def race(n, seed, exposure, fraction, progress=None) -> dict[str, Race]:
    """Each side's race on the first RACE_SAMPLE training policies, to ``fraction`` of the way
    (each side cached on its own; ``progress`` called between them)."""
    races = {}
    for k, name in enumerate(SIDES):
        races[name] = _race_side(n, seed, exposure, fraction, name)
        if progress is not None:
            progress((k + 1) / len(SIDES))
    return races


def race_factor(races: dict[str, Race]):
    """(factor, exact): raw's best epochs over standardised's; a lower bound when raw never got there."""
    raw, std = races["raw"].best, races["standardised"].best
    if std is None:
        return None, False
    if raw is None:
        return RACE_MAX_EPOCHS / max(std.epochs_to_target, 1), False
    return raw.epochs_to_target / max(std.epochs_to_target, 1), True


@dataclass(frozen=True, eq=False)
class Contour:
    i: int  # the weight's index
    w: np.ndarray
    b: np.ndarray
    loss: np.ndarray  # (len b, len w)
    path: np.ndarray  # (k, 2): (w_i, b) of the run


@st.cache_data(max_entries=16, show_spinner=False)
def contours(n, seed, exposure, optimiser, learning_rate, epochs, feature) -> dict[str, Contour]:
    """The loss over (w_feature, b) through the optimum, for each side, and the run's path."""
    sides = scaling(n, seed, exposure, optimiser, learning_rate, epochs)
    runs = {name: (side.start, side.optimum, side.history.params) for name, side in sides.items()}
    return _contours(n, seed, exposure, runs, feature)


@in_worker
def _contours(n, seed, exposure, runs, feature) -> dict[str, Contour]:
    """:func:`contours` from each side's (start, optimum, parameters at every step)."""
    train, _ = split(n, seed, exposure)
    problems = _problems(train)
    out = {}
    for name, (start, optimum, params) in runs.items():
        points = np.array([start[[feature, -1]], optimum[[feature, -1]]])
        centre = points.mean(axis=0)
        half = np.maximum(np.abs(points[1] - points[0]) * 0.9, [1e-3, 1e-2])
        path = params[:, [feature, -1]]
        near = path[np.all(np.abs(path - centre) <= 3 * half, axis=1)]
        low = np.minimum(centre - half, near.min(axis=0)) if len(near) else centre - half
        high = np.maximum(centre + half, near.max(axis=0)) if len(near) else centre + half
        w, b = np.linspace(low[0], high[0], GRID), np.linspace(low[1], high[1], GRID)
        grid = problems[name][1].loss_grid(optimum, feature, -1, w, b)
        out[name] = Contour(feature, w, b, grid, path)
    return out


@dataclass(frozen=True, eq=False)
class Stopping:
    """The early-stopping run on standardised features, with train and validation deviance per epoch."""

    scaler: gdcore.Standardiser
    history: gdcore.History
    train_deviance: np.ndarray  # at the start and after each epoch
    val_deviance: np.ndarray
    final: np.ndarray  # standardised [w..., b] training ended with
    original: np.ndarray  # the same on the original scale


def epoch_end_rows(history) -> np.ndarray:
    """Indices into ``history.params`` of the start and of the end of each epoch run."""
    epochs = np.asarray(history.epoch, dtype=int)
    ends = np.flatnonzero(np.diff(epochs)) + 1  # the first step of each later epoch
    return np.concatenate([[0], ends, [len(epochs)]]) if len(epochs) else np.array([0])


def deviance_or_nan(problem, params) -> float:
    try:
        return problem.deviance(params)
    except ValueError:  # an expected count underflowed to 0
        return math.nan


@st.cache_data(max_entries=16, show_spinner=False)
@in_worker
def stopping(n, seed, exposure, patience, min_delta, restore, start_from, batch, rate, epochs) -> Stopping:
    """Adam on mini-batches of the standardised training set, with Keras's EarlyStopping on val_loss."""
    train, validation = split(n, seed, exposure)
    scaler = gdcore.Standardiser(train.X)
    problem, val_problem = train.problem(scaler), validation.problem(scaler)
    rule = gdcore.EarlyStopping(
        patience=patience, min_delta=min_delta, restore_best_weights=restore, start_from_epoch=start_from
    )
    history = gdcore.fit(
        problem,
        problem.intercept_only(),
        gdcore.Adam(rate),
        batch_size=batch,
        epochs=epochs,
        seed=seed,
        validation=val_problem,
        early_stopping=rule,
    )
    rows = history.params[epoch_end_rows(history)]
    train_dev = np.array([deviance_or_nan(problem, p) for p in rows])
    val_dev = np.array([deviance_or_nan(val_problem, p) for p in rows])
    final = np.asarray(history.final_params)
    return Stopping(scaler, history, train_dev, val_dev, final, scaler.params_to_original(final))


@st.cache_data(max_entries=16, show_spinner=False)
def by_age(n, seed, exposure, original: tuple):
    """Per driver-age band of the whole portfolio: (band labels, true, observed, predicted) yearly
    frequencies, each exposure-weighted; the prediction from the original-scale ``original``."""
    data = portfolio(n, seed, exposure)
    params = np.asarray(original)
    with np.errstate(over="ignore"):
        predicted = np.exp(data.X @ params[:-1] + params[-1])
    band = np.digitize(data.X[:, 0], AGE_BANDS) - 1
    labels, true, observed, fitted = [], [], [], []
    for k in range(len(AGE_BANDS) - 1):
        inside = band == k
        if not inside.any():
            continue
        e = data.exposure[inside]
        labels.append(f"{AGE_BANDS[k]}–{AGE_BANDS[k + 1] - 1}")
        true.append(float(e @ data.true_frequency[inside] / e.sum()))
        observed.append(float(data.claims[inside].sum() / e.sum()))
        fitted.append(float(e @ predicted[inside] / e.sum()))
    return labels, np.array(true), np.array(observed), np.array(fitted)
