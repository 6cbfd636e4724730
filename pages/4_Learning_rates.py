"""Learning rates: too small, too large, learning curves, schedules and a robot arm.

Each section is a fragment with its own sidebar controls: moving one reruns that section and
the code at the end, not the page.
"""

import streamlit as st

from topics.learning_rates import controls, figures, report, robot_arm, runs, snippets
from ui.code import show_code
from ui.figures import show
from ui.numbers import readable
from ui.page import section, start

start(
    "Learning rates",
    "The learning rate η sets the size of every gradient step. Too small and training creeps; too "
    "large and it overshoots, oscillates or blows up. Below, every picture is a real run: a bowl, "
    "learning curves of a linear regression, learning-rate schedules and a robot arm. Move η and watch.",
)


# 1. Too small, too large -------------------------------------------------------------------------
@section(key=controls.BOWL_SECTION)
def too_small_too_large():
    with st.sidebar:
        st.header("1. Too small, too large")
        eta, a, bowl_steps = controls.bowl_controls()
    st.header("1. Too small, too large")
    bowl = runs.bowl(eta, a, bowl_steps)
    st.markdown(
        f"The bowl f(w) = (a/2) w² with a = {a:g}, starting at w = {bowl.fn.start:g}. One step multiplies the "
        "distance to the minimum by 1 − η a, so η · f'' = η a decides: up to 0.1 the steps creep, up to 1 they "
        "slide straight down, between 1 and 2 they overshoot and oscillate, and past 2 every overshoot is "
        "larger than the last."
    )
    report.bowl_metrics(eta, a, bowl.regime)
    show(figures.bowl_scrubber(runs.bowls(a, bowl_steps), eta), name="too-small-too-large")
    st.caption(
        "Drag the slider under the chart to try other learning rates: the steps follow at once, in your "
        "browser. The sidebar's η sets the numbers above and below the chart (and the code)."
    )
    report.bowl_outcome(bowl.run, bowl.regime)
    snippets.remember(eta=eta, a=a, bowl_steps=bowl_steps)


# 2. and 3. Learning curves and schedules: the chosen schedule is one of the learning curves,
# and the seed and the epochs set both sections' runs.
@section(key=controls.CURVES_SECTION)
def curves_and_schedules():
    with st.sidebar:
        st.header("2. Learning curves")
        seed, epochs, extra = controls.curve_controls()
        st.header("3. Schedule")
        eta0 = controls.initial_rate()
        kind, schedule, keras_schedule, schedule_error = controls.schedule_controls(
            eta0, runs.total_steps(epochs)
        )
    st.header("2. Learning curves for various learning rates")
    rates = runs.curve_rates(schedule, report.your_rates(extra))
    curves, best = runs.learning_curves(seed, epochs, rates)
    st.markdown(
        f"Linear regression ŷ = w x + b on {runs.N} seeded points, mini-batches of {runs.BATCH}, the same start "
        "and the same batches for every curve: only η differs. The y-axis shows the loss above the best possible "
        "(least-squares) loss, on a log scale. Add your own rates in the sidebar."
    )
    show(figures.curves_figure(curves, best), name="learning-curves")
    st.dataframe(report.curves_table(curves, rates, kind, best), hide_index=True)
    st.caption(f"Best possible loss (least squares): {readable(best, 5)}.")

    st.header("3. Learning-rate schedules")
    if schedule_error:
        st.error(f"Schedule: {schedule_error}. Showing the constant rate only.")
    steps, sched_rates = runs.schedule_rates(schedule, eta0, epochs)
    sched_curves, _ = runs.learning_curves(seed, epochs, runs.schedule_pair(kind, schedule, eta0))
    st.markdown(
        f"A schedule is a function of the step k (from 0; {len(steps) // epochs} steps per epoch). It starts "
        "large to make quick progress, then shrinks η so that the noisy mini-batch steps settle near the minimum."
    )
    left, right = st.columns(2)
    with left:
        show(figures.schedule_figure(steps, sched_rates, eta0), name="schedule")
        if schedule:
            report.unchanging_schedule(sched_rates)
    with right:
        show(
            figures.curves_figure(sched_curves, best, figures.SCHEDULE_COLOURS, height=400),
            name="schedule-learning-curve",
        )
    report.diverged_warnings(sched_curves)
    snippets.remember(seed=seed, epochs=epochs, rates=rates, keras_schedule=keras_schedule)


# 4. Robot arm ---------------------------------------------------------------------------------------
@section(key=controls.ARM_SECTION)
def robot_arm_section():
    with st.sidebar:
        st.header("4. Robot arm")
        target, arm_rates, arm_steps = controls.arm_controls()
    st.header("4. A robot arm learning to reach")
    arm, arm_runs = robot_arm.reach_runs(target, arm_rates, arm_steps)
    st.markdown(
        "Two links (1 and 0.8 long) turn at the shoulder (θ₁) and the elbow (θ₂). Gradient descent on "
        "L = ½‖hand − target‖² moves both angles; press ▶ Play. A small η creeps, a good one glides in, a too "
        "large one overshoots and flails."
    )
    robot_arm.reach_warning(arm, target)
    show(robot_arm.arm_animation(arm, arm_runs, target), name="robot-arm")
    robot_arm.distance_metrics(arm_runs, arm_steps)
    snippets.remember(arm_target=target, arm_rates=list(arm_rates.values()), arm_steps=arm_steps)


# Reruns after any section: its snippet reads every section's settings.
@section(key=controls.CODE_SECTION)
def code():
    show_code(*snippets.current())


too_small_too_large()
curves_and_schedules()
robot_arm_section()
code()
