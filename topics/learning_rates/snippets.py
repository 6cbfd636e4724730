"""The page "Learning rates": its "Show the code" snippets (gdcore and Keras), built from its settings."""

from __future__ import annotations

import streamlit as st

from topics.learning_rates.robot_arm import ARM0
from topics.learning_rates.runs import BATCH, THETA0, N
from ui.code import fmt


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
print(f"best possible loss {{best:.5g}}")
rates = {{
{entries}
}}
for name, rate in rates.items():
    h = gdcore.fit(problem, np.array({fmt(list(theta0))}), gdcore.SGD(rate), batch_size={batch}, epochs={epochs}, seed={seed})
    if h.diverged_at is None:
        print(f"{{name}}: final loss {{h.epoch_loss[-1]:.5g}}, above the best {{h.epoch_loss[-1] - best:.3g}}")
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


# Session state: the settings each section last ran with. The sections are fragments that rerun
# on their own; "Show the code" (a fragment too) reruns with the section moved and reads them all.
SETTINGS = "_learning_rates_code"


def remember(**settings) -> None:
    """Record a section's settings for the snippets (``code_snippets``' keyword arguments)."""
    st.session_state.setdefault(SETTINGS, {}).update(settings)


def current() -> tuple[str, str]:
    """``code_snippets`` for the settings every section last ran with."""
    return code_snippets(**st.session_state[SETTINGS])
