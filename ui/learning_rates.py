"""The page "Learning rates": its settings, schedule controls, runs, figures, messages and snippets.

Figures are built in one call with ``light_layout``. The robot arm's section is in
``ui.robot_arm``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import gdcore
from ui.code import fmt
from ui.figures import PALETTE, light_layout, line_width, quick_figure, star
from ui.page import metrics_row

# The data and runs of the learning curves: 200 points, mini-batches of 10, one start.
N, BATCH, THETA0 = 200, 10, np.array([-2.0, 3.0])
ARM0 = np.array([-0.8, 1.6])  # the arm's starting angles (theta1, theta2)
NAMED = {
    "way too high: diverges": 1.5,
    "too high: suboptimal": 0.3,
    "just right": 0.05,
    "too small: slow": 0.003,
}

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
SCHEDULES = ("Exponential decay", "Inverse time decay", "Piecewise constant", "Cosine decay with warm-up")


def scatter(**trace) -> dict:
    """A scatter trace as a plain dict (see ``quick_figure``); the robot arm's figure uses it too."""
    return {"type": "scatter", **trace}


def schedule_controls(eta0: float, total_steps: int):
    """Sidebar controls for one schedule; returns (name, schedule or None, Keras code, error message)."""
    kind = st.selectbox("Schedule", SCHEDULES, key="schedule", bind="query-params")
    k = "keras.optimizers.schedules."
    try:
        if kind == SCHEDULES[0]:
            steps = st.slider("decay_steps", 10, 600, 100, 10, key="exp_steps", bind="query-params")
            rate = st.slider("decay_rate", 0.1, 0.99, 0.5, 0.01, key="exp_rate", bind="query-params")
            stair = st.toggle("staircase (step decay)", True, key="exp_stair", bind="query-params")
            args = f"{fmt(eta0)}, decay_steps={steps}, decay_rate={fmt(rate)}, staircase={stair}"
            return (
                kind,
                gdcore.ExponentialDecay(eta0, steps, rate, staircase=stair),
                f"{k}ExponentialDecay({args})",
                None,
            )
        if kind == SCHEDULES[1]:
            steps = st.slider("decay_steps", 10, 600, 50, 10, key="inv_steps", bind="query-params")
            rate = st.slider("decay_rate", 0.0, 10.0, 1.0, 0.1, key="inv_rate", bind="query-params")
            args = f"{fmt(eta0)}, decay_steps={steps}, decay_rate={fmt(rate)}"
            return kind, gdcore.InverseTimeDecay(eta0, steps, rate), f"{k}InverseTimeDecay({args})", None
        if kind == SCHEDULES[2]:
            bounds = st.slider(
                "boundaries (steps)", 0, total_steps, (150, 350), 10, key="pw_bounds", bind="query-params"
            )
            factor = st.slider(
                "each drop multiplies η by", 0.05, 1.0, 0.2, 0.05, key="pw_factor", bind="query-params"
            )
            values = [float(f"{v:.12g}") for v in (eta0, eta0 * factor, eta0 * factor**2)]
            code = f"{k}PiecewiseConstantDecay(boundaries={fmt(list(bounds))}, values={fmt(values)})"
            return kind, gdcore.PiecewiseConstantDecay(list(bounds), values), code, None
        steps = st.slider("decay_steps", 10, 600, 500, 10, key="cos_steps", bind="query-params")
        alpha = st.slider("alpha (final fraction)", 0.0, 1.0, 0.0, 0.05, key="cos_alpha", bind="query-params")
        warm = st.slider("warmup_steps (from η = 0)", 0, 300, 50, 10, key="cos_warm", bind="query-params")
        if warm == 0:
            args = f"{fmt(eta0)}, decay_steps={steps}, alpha={fmt(alpha)}"
            return kind, gdcore.CosineDecay(eta0, steps, alpha), f"{k}CosineDecay({args})", None
        args = f"0.0, decay_steps={steps}, alpha={fmt(alpha)}, warmup_target={fmt(eta0)}, warmup_steps={warm}"
        schedule = gdcore.CosineDecay(0.0, steps, alpha, warmup_target=eta0, warmup_steps=warm)
        return kind, schedule, f"{k}CosineDecay({args})", None
    except ValueError as error:
        return kind, None, "", str(error)


def bowl_metrics(eta: float, a: float, regime: str) -> None:
    """η · f'', the regime and the distance factor 1 − η a of the bowl f(w) = (a/2) w²."""
    metrics_row(
        (
            "η · f''",
            f"{eta * a:g}",
            {"help": "Compare with 1 (overshooting starts) and 2 (divergence starts)."},
        ),
        ("Regime", regime),
        ("Distance factor per step 1 − η a", f"{gdcore.step_factor(eta, a):.3g}"),
    )


def bowl_outcome(run) -> None:
    """Where the run on the bowl ended, or an error saying at which step it left the domain."""
    if run.stop_reason:
        st.error(
            f"Diverged: step {run.stop_step} jumped to w = {run.rejected_x:.4g}, outside [−10, 10]; "
            "the run stops there."
        )
    else:
        st.caption(f"After {run.steps_taken} steps: w = {run.x[-1]:.4g}, f(w) = {run.fx[-1]:.4g}.")


@st.cache_data(max_entries=32)
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


def schedule_pair(kind: str, schedule, eta0: float) -> dict:
    """The schedule's curve and the constant rate ``eta0`` it starts from (the constant only, without a schedule)."""
    constant = {f"constant η = {eta0:g}": eta0}
    return {kind.lower(): schedule, **constant} if schedule else constant


def diverged_warnings(runs: dict) -> None:
    """A warning for each run that diverged: where its curve stops."""
    for name, h in runs.items():
        if h.diverged_at is not None:
            st.warning(f"{name}: diverged at step {h.diverged_at}; the curve stops there.")


def regime_colour(regime: str) -> str:
    return {"creeping": PALETTE[4], "converging": PALETTE[2], "oscillating": PALETTE[3]}.get(
        regime, PALETTE[1]
    )


def bowl_figure(fn, run, regime: str, minimum) -> go.Figure:
    """The convex cost with gradient-descent steps on it, numbered, coloured by the regime."""
    xs, fx = fn.grid(201)
    colour = regime_colour(regime)
    traces = [
        scatter(
            x=xs, y=fx, name="cost f(w)", mode="lines", line={"width": line_width(), "color": PALETTE[0]}
        ),
        scatter(
            x=run.x,
            y=run.fx,
            name=f"gradient-descent steps ({regime})",
            mode="lines+markers",
            line={"width": 1.5, "color": colour, "dash": "dot"},
            marker={"size": 10, "color": colour},
            customdata=np.arange(len(run.x)),
            hovertemplate="step %{customdata}<br>w=%{x:.4g}<br>f=%{y:.4g}<extra></extra>",
        ),
        star(minimum, "minimum"),
    ]
    if run.stop_step is not None and np.isfinite(run.rejected_x) and abs(run.rejected_x) <= 3 * fn.width:
        # The rejected step, outside the domain: the cost there is fn's formula, drawn faintly.
        low, high = min(fn.domain[0], run.rejected_x), max(fn.domain[1], run.rejected_x)
        wide = np.linspace(low, high, 201)
        traces.insert(
            0,
            scatter(
                x=wide,
                y=fn(wide),
                name="outside the domain",
                mode="lines",
                line={"width": 1, "color": "#999999", "dash": "dash"},
                hoverinfo="skip",
            ),
        )
        traces.append(
            scatter(
                x=[run.x[-1], run.rejected_x],
                y=[run.fx[-1], fn(run.rejected_x)],
                mode="lines+markers+text",
                line={"width": 1.5, "color": colour, "dash": "dot"},
                marker={"size": [0, 14], "symbol": "x", "color": colour},
                text=["", f"step {run.stop_step}: left the domain"],
                textposition="top left",
                textfont={"color": colour},
                showlegend=False,
                hoverinfo="skip",
            )
        )
    return quick_figure(traces, light_layout(x="weight w", y="cost f(w)", height=400))


CURVE_COLOURS = (
    PALETTE[1],
    PALETTE[4],
    PALETTE[2],
    PALETTE[5],
    PALETTE[3],
    PALETTE[0],
    PALETTE[6],
    PALETTE[7],
)
CEILING = 1e4  # the learning-curve charts show up to this many times the largest starting loss


def curves_figure(histories: dict, best: float, colours, *, height: int = 460) -> go.Figure:
    """Learning curves: the loss above the best possible, per epoch, on a log scale.

    A diverging run is drawn until it leaves the chart through the top (at CEILING times
    the largest starting value), where a cross says at which step it diverged.
    """
    shown = {name: gdcore.excess_loss(h.epoch_loss, best) for name, h in histories.items()}
    top = CEILING * max(float(v[0]) for v in shown.values() if len(v))
    low = min(float(v.min()) for v in shown.values() if len(v))
    traces = []
    for (name, h), colour in zip(histories.items(), colours, strict=False):
        excess = shown[name]
        above = np.flatnonzero(excess > top)
        cut = int(above[0]) + 1 if len(above) else len(excess)  # keep the first point off the chart
        epochs = np.arange(cut)
        traces.append(
            scatter(
                x=epochs,
                y=excess[:cut],
                name=name,
                mode="lines",
                line={"width": line_width(), "color": colour},
            )
        )
        if h.diverged_at is not None:
            traces.append(
                scatter(
                    x=[max(cut - 1, 0)],
                    y=[min(float(excess[cut - 1]), top)] if cut else [top],
                    mode="markers+text",
                    marker={"symbol": "x", "size": 14, "color": colour},
                    text=[f"diverged at step {h.diverged_at}"],
                    textposition="middle right",
                    textfont={"color": colour},
                    showlegend=False,
                    hoverinfo="skip",
                )
            )
    peak = min(top, max(float(v.max()) for v in shown.values() if len(v)))
    yaxis = {"type": "log", "exponentformat": "power", "range": [np.log10(low) - 0.3, np.log10(peak) + 0.5]}
    return quick_figure(
        traces, light_layout(x="epoch", y="loss − best possible loss", height=height, yaxis=yaxis)
    )


def schedule_figure(steps, schedule_rates, eta0: float) -> go.Figure:
    """The learning rate against the step: the schedule and the constant rate."""
    return quick_figure(
        [
            scatter(
                x=steps,
                y=schedule_rates,
                name="schedule",
                mode="lines",
                line={"width": line_width(), "color": PALETTE[3]},
            ),
            scatter(
                x=[steps[0], steps[-1]],
                y=[eta0, eta0],
                name="constant",
                mode="lines",
                line={"width": line_width(), "color": PALETTE[6], "dash": "dash"},
            ),
        ],
        light_layout(x="step", y="learning rate η", height=400, yaxis={"rangemode": "tozero"}),
    )


def curves_table(runs: dict, rates: dict, kind: str, best: float) -> pd.DataFrame:
    """One row per learning curve, numbers as shown (strings at their displayed precision)."""
    return pd.DataFrame(
        {
            "curve": list(runs),
            "η": [f"{r:g}" if isinstance(r, float) else kind.lower() for r in rates.values()],
            "final loss": [
                f"{h.epoch_loss[-1]:.4f}" if h.diverged_at is None else "—" for h in runs.values()
            ],
            "above the best": [
                f"{h.epoch_loss[-1] - best:.3g}"
                if h.diverged_at is None
                else f"diverged at step {h.diverged_at}"
                for h in runs.values()
            ],
        }
    )


def code_snippets(
    *,
    eta,
    a,
    bowl_steps,
    seed,
    epochs,
    rates,
    arm_target,
    arm_rates,
    arm_steps,
    keras_schedule,
    n=N,
    batch=BATCH,
    theta0=THETA0,
    arm0=ARM0,
):
    """(gdcore snippet, Keras snippet) that reproduce the page's numbers from its settings."""
    entries = "\n".join(
        f"    {name!r}: {fmt(r) if isinstance(r, float) else 'gdcore.' + repr(r)},"
        for name, r in rates.items()
    )
    snippet = f"""import numpy as np
import gdcore

# 1. The bowl f(w) = (a/2) w^2: eta * f'' decides the regime
eta, a = {fmt(eta)}, {fmt(a)}
fn = gdcore.convex_quadratic(a)
run = gdcore.gradient_descent_1d(fn, fn.start, eta, {bowl_steps})
print(f"eta * f'' = {{eta * a:g}}: {{gdcore.learning_rate_regime(eta, a)}}")
if run.stop_step is None:
    print(f"After {{run.steps_taken}} steps: w = {{run.x[-1]:.4g}}, f(w) = {{run.fx[-1]:.4g}}")
else:
    print(f"Diverged: step {{run.stop_step}} jumped to w = {{run.rejected_x:.4g}}")

# 2. Learning curves: SGD on a linear regression, one run per learning rate
x, y = gdcore.make_linear_data({n}, noise=1.0, seed={seed})
problem = gdcore.LinearRegression(x, y)
best = problem.loss(problem.least_squares())
print(f"best possible loss {{best:.4f}}")
rates = {{
{entries}
}}
for name, rate in rates.items():
    h = gdcore.fit(problem, np.array({fmt(list(theta0))}), gdcore.SGD(rate), batch_size={batch}, epochs={epochs}, seed={seed})
    if h.diverged_at is None:
        print(f"{{name}}: final loss {{h.epoch_loss[-1]:.4f}}, above the best {{h.epoch_loss[-1] - best:.3g}}")
    else:
        print(f"{{name}}: diverged at step {{h.diverged_at}}")

# 4. The robot arm
arm = gdcore.RobotArm({fmt(list(arm_target))})
for rate in {fmt(list(arm_rates))}:
    path = gdcore.reach_target(arm, np.array({fmt(list(arm0))}), rate, {arm_steps})
    print(f"arm distance {{path['distance'][-1]:.3f}}")
"""
    keras = f"""import keras
import numpy as np

schedule = {keras_schedule or "None  # fix the schedule's settings"}
optimizer = keras.optimizers.SGD(learning_rate=schedule)  # or learning_rate=0.05 for a constant rate

model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
model.layers[0].set_weights([np.array([[{float(theta0[0])!r}]]), np.array([{float(theta0[1])!r}])])  # the same start (w, b)
model.compile(optimizer=optimizer, loss="mse")
# x, y: the data above. Keras counts optimiser steps from 0, as gdcore does; it shuffles
# with its own random numbers, so the curves match in shape, not to the last digit.
history = model.fit(x, y, batch_size={batch}, epochs={epochs}, shuffle=True)
"""
    return snippet, keras
