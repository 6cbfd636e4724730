"""The page "Learning rates": its widget keys (the names in shared links), labels and sidebar controls.

Every control is bound to the URL, so a key is part of a shared link: keep its string.
"""

from __future__ import annotations

import streamlit as st

import gdcore
from ui.code import fmt
from ui.page import rerun_only

# The page's sections, each a ``ui.page.section`` with this key, and its "Show the code" (CODE).
BOWL_SECTION, CURVES_SECTION, ARM_SECTION, CODE_SECTION = "lr_bowl", "lr_curves", "lr_arm", "lr_code"


def bound(section: str) -> dict:
    """A control's binding: to the URL (a shared link carries it), and to its section and the code
    below (whose snippet it feeds), not the whole page."""
    return {"bind": "query-params", **rerun_only(section, CODE_SECTION)}


BOWL, CURVES, ARM = bound(BOWL_SECTION), bound(CURVES_SECTION), bound(ARM_SECTION)

# 1. Too small, too large
BOWL_ETA = "bowl_eta"
BOWL_A = "bowl_a"
BOWL_STEPS = "bowl_steps"
# 2. Learning curves
SEED = "seed"
EPOCHS = "epochs"
EXTRA = "extra"
# 3. Schedule
ETA0 = "eta0"
SCHEDULE = "schedule"
EXP_STEPS, EXP_RATE, EXP_STAIR = "exp_steps", "exp_rate", "exp_stair"
INV_STEPS, INV_RATE = "inv_steps", "inv_rate"
PW_BOUNDS, PW_FACTOR = "pw_bounds", "pw_factor"
COS_STEPS, COS_ALPHA, COS_WARM = "cos_steps", "cos_alpha", "cos_warm"
# 4. Robot arm
ARM_X, ARM_Y = "arm_x", "arm_y"
ARM_SMALL, ARM_GOOD, ARM_LARGE = "arm_small", "arm_good", "arm_large"
ARM_STEPS = "arm_steps"
ARM_RATES = (("small", ARM_SMALL, 0.05), ("good", ARM_GOOD, 0.5), ("too large", ARM_LARGE, 1.5))

SEED_MAX = 10_000
# The range in the label: a number typed outside it is refused with only a tooltip to say why.
SEED_LABEL = f"Data seed (0 to {SEED_MAX:,})"

# A roughly logarithmic menu of learning rates, for select_sliders.
LOG_RATES = (
    0.001,
    0.002,
    0.005,
    0.01,
    0.02,
    0.05,
    0.1,
    0.2,
    0.3,
    0.5,
    0.8,
    1.0,
    1.2,
    1.5,
    1.8,
    2.0,
    2.2,
    2.5,
    3.0,
)
CURVATURES = (0.25, 0.5, 1.0, 2.0, 4.0)
SCHEDULES = ("Exponential decay", "Inverse time decay", "Piecewise constant", "Cosine decay with warm-up")


def bowl_controls() -> tuple[float, float, int]:
    """The bowl's learning rate η, curvature a and number of steps."""
    eta = st.select_slider("Learning rate η", LOG_RATES, 0.1, key=BOWL_ETA, **BOWL)
    a = st.select_slider("Curvature f'' = a", CURVATURES, 1.0, key=BOWL_A, **BOWL)
    steps = st.slider("Steps", 1, 100, 20, key=BOWL_STEPS, **BOWL)
    return eta, a, steps


def curve_controls() -> tuple[int, int, str]:
    """The learning curves' data seed, epochs and the student's own learning rates (as typed)."""
    seed = st.number_input(SEED_LABEL, 0, SEED_MAX, 0, key=SEED, **CURVES)
    epochs = st.slider("Epochs", 5, 100, 30, key=EPOCHS, **CURVES)
    extra = st.text_input("Your learning rates", "", key=EXTRA, placeholder="e.g. 0.1, 0.01", **CURVES)
    return int(seed), epochs, extra


def initial_rate() -> float:
    """The schedule's initial η, which is also the constant rate it is compared with."""
    return st.select_slider("Initial η (and the constant rate)", LOG_RATES, 0.3, key=ETA0, **CURVES)


def schedule_controls(eta0: float, total_steps: int):
    """Controls for one schedule; returns (name, schedule or None, Keras code, error message or None)."""
    kind = st.selectbox("Schedule", SCHEDULES, key=SCHEDULE, **CURVES)
    k = "keras.optimizers.schedules."
    try:
        if kind == SCHEDULES[0]:
            steps = st.slider("decay_steps", 10, 600, 100, 10, key=EXP_STEPS, **CURVES)
            rate = st.slider("decay_rate", 0.1, 0.99, 0.5, 0.01, key=EXP_RATE, **CURVES)
            stair = st.toggle("staircase (step decay)", True, key=EXP_STAIR, **CURVES)
            args = f"{fmt(eta0)}, decay_steps={steps}, decay_rate={fmt(rate)}, staircase={stair}"
            return (
                kind,
                gdcore.ExponentialDecay(eta0, steps, rate, staircase=stair),
                f"{k}ExponentialDecay({args})",
                None,
            )
        if kind == SCHEDULES[1]:
            steps = st.slider("decay_steps", 10, 600, 50, 10, key=INV_STEPS, **CURVES)
            rate = st.slider("decay_rate", 0.0, 10.0, 1.0, 0.1, key=INV_RATE, **CURVES)
            args = f"{fmt(eta0)}, decay_steps={steps}, decay_rate={fmt(rate)}"
            return kind, gdcore.InverseTimeDecay(eta0, steps, rate), f"{k}InverseTimeDecay({args})", None
        if kind == SCHEDULES[2]:
            bounds = piecewise_boundaries(total_steps)
            factor = st.slider("each drop multiplies η by", 0.05, 1.0, 0.2, 0.05, key=PW_FACTOR, **CURVES)
            values = [float(f"{v:.12g}") for v in (eta0, eta0 * factor, eta0 * factor**2)]
            code = f"{k}PiecewiseConstantDecay(boundaries={fmt(list(bounds))}, values={fmt(values)})"
            return kind, gdcore.PiecewiseConstantDecay(list(bounds), values), code, None
        steps = st.slider("decay_steps", 10, 600, 500, 10, key=COS_STEPS, **CURVES)
        alpha = st.slider("alpha (final fraction)", 0.0, 1.0, 0.0, 0.05, key=COS_ALPHA, **CURVES)
        warm = st.slider("warmup_steps (from η = 0)", 0, 300, 50, 10, key=COS_WARM, **CURVES)
        if warm == 0:
            args = f"{fmt(eta0)}, decay_steps={steps}, alpha={fmt(alpha)}"
            return kind, gdcore.CosineDecay(eta0, steps, alpha), f"{k}CosineDecay({args})", None
        args = f"0.0, decay_steps={steps}, alpha={fmt(alpha)}, warmup_target={fmt(eta0)}, warmup_steps={warm}"
        schedule = gdcore.CosineDecay(0.0, steps, alpha, warmup_target=eta0, warmup_steps=warm)
        return kind, schedule, f"{k}CosineDecay({args})", None
    except ValueError as error:
        return kind, None, "", str(error)


def piecewise_boundaries(total_steps: int) -> tuple[int, int]:
    """The two boundaries of the piecewise schedule, inside the run: from 0 to ``total_steps`` − 10.

    A boundary at or past the run's last step would never be reached and the schedule would
    silently be the constant rate; boundaries left there by fewer epochs (or a link) are
    moved inside the run, and the sidebar says so.
    """
    last = max(total_steps - 10, 10)
    default = (int(round(total_steps / 4, -1)), int(round(total_steps * 7 / 12, -1)))  # (150, 350) of 600
    old = st.session_state.get(PW_BOUNDS)
    if old is not None and max(old) > last:
        high = min(int(old[1]), last)
        st.session_state[PW_BOUNDS] = (max(min(int(old[0]), high - 10), 0), high)
    bounds = st.slider("boundaries (steps)", 0, last, default, 10, key=PW_BOUNDS, **CURVES)
    if old is not None and tuple(old) != tuple(bounds):
        st.caption(f"Moved inside the run's {total_steps} steps: a boundary past its end is never reached.")
    return bounds


def arm_controls() -> tuple[tuple[float, float], dict, int]:
    """The arm's target (x, y), its three learning rates (label -> η) and its number of steps."""
    tx = st.slider("Target x", -2.5, 2.5, 0.5, 0.1, key=ARM_X, **ARM)
    ty = st.slider("Target y", -2.5, 2.5, 1.3, 0.1, key=ARM_Y, **ARM)
    rates = {
        label: st.select_slider(f"η {label}", LOG_RATES, default, key=key, **ARM)
        for label, key, default in ARM_RATES
    }
    steps = st.slider("Arm steps", 10, 200, 60, 10, key=ARM_STEPS, **ARM)
    return (tx, ty), rates, steps
