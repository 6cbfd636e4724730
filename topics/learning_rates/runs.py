"""The page "Learning rates": its runs of gdcore (the bowl, the learning curves, the schedules).

The robot arm's runs are in :mod:`topics.learning_rates.robot_arm`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

import gdcore
from topics.learning_rates.controls import LOG_RATES
from ui.compute import in_worker

# The data and runs of the learning curves: 200 points, mini-batches of 10, one start.
N, BATCH, THETA0 = 200, 10, np.array([-2.0, 3.0])
NAMED = {
    "way too high: diverges": 1.5,
    "too high: suboptimal": 0.3,
    "just right": 0.05,
    "too small: slow": 0.003,
}
SCHEDULED = "start high then reduce it"  # the learning curve that follows the chosen schedule
STEPS_PER_EPOCH = -(-N // BATCH)  # the last partial batch is kept, as in Keras


@dataclass(frozen=True)
class Bowl:
    """Gradient descent on the bowl f(w) = (a/2) w²: the function, the run and its regime."""

    fn: object
    run: object
    regime: str


def bowl(eta: float, a: float, steps: int) -> Bowl:
    """``steps`` gradient-descent steps of size ``eta`` on the bowl of curvature ``a``, from its start."""
    fn = gdcore.convex_quadratic(a)
    return Bowl(fn, gdcore.gradient_descent_1d(fn, fn.start, eta, steps), gdcore.learning_rate_regime(eta, a))


# The learning rates the bowl's scrubber shows: the sidebar's menu and more around the regimes'
# borders (eta a = 0.1, 1 and 2 for a = 1): 32 frames.
SCRUB_RATES = tuple(
    sorted({*LOG_RATES, 0.003, 0.03, 0.07, 0.15, 0.4, 0.6, 0.7, 0.9, 1.1, 1.3, 1.6, 1.9, 2.1})
)


@st.cache_resource(max_entries=16, show_spinner=False)
def bowls(a: float, steps: int) -> dict:
    """``bowl(eta, a, steps)`` for every eta of SCRUB_RATES (eta -> Bowl): the scrubber's frames.
    Kept as they are (read only): a Bowl holds its function, which cannot be pickled."""
    return {eta: bowl(eta, a, steps) for eta in SCRUB_RATES}


def curve_rates(schedule, your_rates) -> dict:
    """The learning curves drawn: the named rates, the schedule (if any) and the student's rates."""
    scheduled = {SCHEDULED: schedule} if schedule else {}
    return {**NAMED, **scheduled, **{f"η = {r:g}": r for r in your_rates}}


@st.cache_data(max_entries=32)
@in_worker
def _curves(seed, epochs, described, _rates):
    """Runs for ``_rates`` (name -> eta or schedule); ``described`` = repr(_rates) is the cache key."""
    x, y = gdcore.make_linear_data(N, noise=1.0, seed=seed)
    problem = gdcore.LinearRegression(x, y)
    runs = gdcore.compare_learning_rates(problem, THETA0, _rates, batch_size=BATCH, epochs=epochs, seed=seed)
    return runs, problem.loss(problem.least_squares())


def learning_curves(seed: int, epochs: int, rates: dict):
    """(name -> History, best possible loss): SGD on the seeded linear regression, one run per
    learning rate or schedule in ``rates``, the same start and batches for all; cached."""
    return _curves(seed, epochs, repr(rates), rates)


def total_steps(epochs: int) -> int:
    """The optimiser steps of a learning curve over ``epochs`` epochs."""
    return epochs * STEPS_PER_EPOCH


def schedule_pair(kind: str, schedule, eta0: float) -> dict:
    """The schedule's curve and the constant rate ``eta0`` it starts from (the constant only, without a schedule)."""
    constant = {f"constant η = {eta0:g}": eta0}
    return {kind.lower(): schedule, **constant} if schedule else constant


def schedule_rates(schedule, eta0: float, epochs: int) -> tuple[np.ndarray, np.ndarray]:
    """(steps 0..total-1, the learning rate at each step): the schedule's, or ``eta0`` without one."""
    steps = np.arange(total_steps(epochs))
    return steps, (schedule(steps) if schedule else np.full(len(steps), eta0))
