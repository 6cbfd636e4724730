"""Learning rates: too small, too large, learning curves, schedules and a robot arm."""

import numpy as np
import streamlit as st

import gdcore
from ui.code import show_code
from ui.figures import PALETTE, show
from ui.learning_rates import (
    BATCH,
    CURVE_COLOURS,
    LOG_RATES,
    NAMED,
    N,
    bowl_figure,
    bowl_metrics,
    bowl_outcome,
    code_snippets,
    curves_figure,
    curves_table,
    diverged_warnings,
    learning_curves,
    schedule_controls,
    schedule_figure,
    schedule_pair,
)
from ui.page import read_or_report, start
from ui.robot_arm import arm_animation, distance_metrics, pose_frames, reach_runs, reach_warning

start(
    "Learning rates",
    "The learning rate η sets the size of every gradient step. Too small and training creeps; too "
    "large and it overshoots, oscillates or blows up. Below, every picture is a real run: a bowl, "
    "learning curves of a linear regression, learning-rate schedules and a robot arm. Move η and watch.",
)

with st.sidebar:
    st.header("1. Too small, too large")
    eta = st.select_slider("Learning rate η", LOG_RATES, 0.1, key="bowl_eta", bind="query-params")
    a = st.select_slider(
        "Curvature f'' = a", (0.25, 0.5, 1.0, 2.0, 4.0), 1.0, key="bowl_a", bind="query-params"
    )
    bowl_steps = st.slider("Steps", 1, 100, 20, key="bowl_steps", bind="query-params")
    st.header("2. Learning curves")
    seed = st.number_input("Data seed", 0, 10_000, 0, key="seed", bind="query-params")
    epochs = st.slider("Epochs", 5, 100, 30, key="epochs", bind="query-params")
    extra = st.text_input(
        "Your learning rates", "", key="extra", bind="query-params", placeholder="e.g. 0.1, 0.01"
    )
    st.header("3. Schedule")
    eta0 = st.select_slider(
        "Initial η (and the constant rate)", LOG_RATES, 0.3, key="eta0", bind="query-params"
    )
    kind, schedule, keras_schedule, schedule_error = schedule_controls(eta0, epochs * N // BATCH)
    st.header("4. Robot arm")
    tx = st.slider("Target x", -2.5, 2.5, 0.5, 0.1, key="arm_x", bind="query-params")
    ty = st.slider("Target y", -2.5, 2.5, 1.3, 0.1, key="arm_y", bind="query-params")
    arm_rates = {
        label: st.select_slider(f"η {label}", LOG_RATES, default, key=f"arm_{key}", bind="query-params")
        for label, key, default in (
            ("small", "small", 0.05),
            ("good", "good", 0.5),
            ("too large", "large", 1.5),
        )
    }
    arm_steps = st.slider("Arm steps", 10, 200, 60, 10, key="arm_steps", bind="query-params")

# 1. Too small, too large -------------------------------------------------------------------------
st.header("1. Too small, too large")
fn = gdcore.convex_quadratic(a)
run = gdcore.gradient_descent_1d(fn, fn.start, eta, bowl_steps)
regime = gdcore.learning_rate_regime(eta, a)
st.markdown(
    f"The bowl f(w) = (a/2) w² with a = {a:g}, starting at w = {fn.start:g}. One step multiplies the distance "
    "to the minimum by 1 − η a, so η · f'' = η a decides: up to 0.1 the steps creep, up to 1 they slide "
    "straight down, between 1 and 2 they overshoot and oscillate, and past 2 every overshoot is larger than the last."
)
bowl_metrics(eta, a, regime)
show(bowl_figure(fn, run, regime, (0.0, 0.0)), name="too-small-too-large")
bowl_outcome(run)

# 2. Learning curves -------------------------------------------------------------------------------
st.header("2. Learning curves for various learning rates")
your_rates = read_or_report(
    gdcore.parse_learning_rates,
    extra,
    fallback=[],
    message="Your learning rates: {error}. They are left out.",
)
start_high = {"start high then reduce it": schedule} if schedule else {}
rates = {**NAMED, **start_high, **{f"η = {r:g}": r for r in your_rates}}
runs, best = learning_curves(int(seed), epochs, rates)
st.markdown(
    f"Linear regression ŷ = w x + b on {N} seeded points, mini-batches of {BATCH}, the same start and the same "
    "batches for every curve: only η differs. The y-axis shows the loss above the best possible (least-squares) "
    "loss, on a log scale. Add your own rates in the sidebar."
)
show(curves_figure(runs, best, CURVE_COLOURS), name="learning-curves")
st.dataframe(curves_table(runs, rates, kind, best), hide_index=True)
st.caption(f"Best possible loss (least squares): {best:.4f}.")

# 3. Schedules ---------------------------------------------------------------------------------------
st.header("3. Learning-rate schedules")
if schedule_error:
    st.error(f"Schedule: {schedule_error}. Showing the constant rate only.")
total = epochs * N // BATCH
steps = np.arange(total)
sched_runs, _ = learning_curves(int(seed), epochs, schedule_pair(kind, schedule, eta0))
sched_rates = schedule(steps) if schedule else np.full(total, eta0)
st.markdown(
    f"A schedule is a function of the step k (from 0; {total // epochs} steps per epoch). It starts large to make "
    "quick progress, then shrinks η so that the noisy mini-batch steps settle near the minimum."
)
left, right = st.columns(2)
with left:
    show(schedule_figure(steps, sched_rates, eta0), name="schedule")
with right:
    show(
        curves_figure(sched_runs, best, (PALETTE[3], PALETTE[6]), height=400), name="schedule-learning-curve"
    )
diverged_warnings(sched_runs)

# 4. Robot arm ---------------------------------------------------------------------------------------
st.header("4. A robot arm learning to reach")
arm = gdcore.RobotArm((tx, ty))
arm_runs = reach_runs(arm, arm_rates, arm_steps)
st.markdown(
    "Two links (1 and 0.8 long) turn at the shoulder (θ₁) and the elbow (θ₂). Gradient descent on "
    "L = ½‖hand − target‖² moves both angles; press ▶ Play. A small η creeps, a good one glides in, a too "
    "large one overshoots and flails."
)
reach_warning(arm, (tx, ty))
show(arm_animation(arm_runs, (tx, ty), float(arm.lengths.sum()), pose_frames(arm_steps)), name="robot-arm")
distance_metrics(arm_runs, arm_steps)

settings = dict(eta=eta, a=a, bowl_steps=bowl_steps, seed=int(seed), epochs=epochs, rates=rates)
arm_settings = dict(arm_target=(tx, ty), arm_rates=list(arm_rates.values()), arm_steps=arm_steps)
show_code(*code_snippets(**settings, **arm_settings, keras_schedule=keras_schedule))
