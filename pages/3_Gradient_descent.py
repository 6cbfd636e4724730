"""Gradient descent: batch, stochastic and mini-batch side by side; pitfalls; why noise helps."""

import numpy as np
import streamlit as st

import gdcore
from ui import gradient_descent as gd
from ui.code import show_code
from ui.figures import show
from ui.page import start
from ui.tables import show_table

BIND = gd.BIND
DECIMALS = 4
MAX_SGD_STEPS = 10_000  # epochs x n: keeps fit's History (one row per step) small
WELL, W0 = gd.WELL, gd.W0
PRESETS = {"left": 0.3, "right": 8.0}


def preset(where):
    st.session_state["pit_x0"] = PRESETS[where]


start(
    "Gradient descent",
    "The lecture's three loops on the same data, with the same learning rate η and number of epochs: "
    "**batch** (all the data per step), **stochastic** (one example per step) and **mini-batch** "
    "(a group per step). Then two pitfalls of plain gradient descent, and how the noise of "
    "mini-batches can help it out of a local minimum. Change the sidebar and watch what follows.",
)

with st.sidebar:
    st.subheader("1 · Three variants")
    data = gd.choose_data()
    eta = st.number_input("Learning rate η", 0.001, 5.0, 0.05, 0.01, format="%g", key="eta", **BIND)
    epochs = st.slider("Epochs", 1, 50, 20, key="epochs", **BIND)
    batch_size = st.slider("Mini-batch size m", 2, 100, 10, key="batch", **BIND)
    seed = st.number_input("Shuffle seed", 0, 10_000, 0, key="seed", **BIND)
    st.subheader("2 · Pitfalls")
    left, right = st.columns(2)
    left.button("Start left", key="pit_left", on_click=preset, args=("left",), icon=":material/west:")
    right.button("Start right", key="pit_right", on_click=preset, args=("right",), icon=":material/east:")
    x0 = st.slider("Start x₀", 0.0, 10.0, PRESETS["right"], 0.1, key="pit_x0", **BIND)
    pit_eta = st.slider("Learning rate η ", 0.01, 5.0, 0.1, 0.01, key="pit_eta", **BIND)
    pit_steps = st.slider("Steps", 1, 200, 50, key="pit_steps", **BIND)
    st.subheader("3 · Noise helps")
    nz_batch = st.slider("Mini-batch size m ", 1, 100, 2, key="nz_batch", **BIND)
    nz_eta = st.slider("Learning rate η  ", 0.01, 0.2, 0.05, 0.01, key="nz_eta", **BIND)
    nz_epochs = st.slider("Epochs ", 5, 40, 30, key="nz_epochs", **BIND)
    nz_seed = st.number_input("Shuffle seed ", 0, 1000, 0, key="nz_seed", **BIND)
    nz_seeds = st.slider("Seeds for the escape share", 20, 100, 100, 10, key="nz_seeds", **BIND)


@st.cache_data(max_entries=8)
def variants(x, y, eta, epochs, batch_size, seed):
    return gdcore.compare_variants(
        gdcore.LinearRegression(x, y), np.zeros(2), eta, epochs=epochs, batch_size=batch_size, seed=seed
    )


# 1. The three variants -------------------------------------------------------------------------
st.header("1. Batch, stochastic and mini-batch gradient descent")
x, y = data.x, data.y
problem = gdcore.LinearRegression(x, y)
best = problem.least_squares()
if epochs * len(x) > MAX_SGD_STEPS:
    epochs = max(1, MAX_SGD_STEPS // len(x))
    st.info(
        f"Capped at {epochs} epochs for {len(x)} points, so that SGD makes at most {MAX_SGD_STEPS:,} steps.",
        icon=":material/info:",
    )
runs = variants(x, y, eta, epochs, batch_size, int(seed))
st.markdown(
    f"Data: {data.description}. Model ŷ = wx + b with the MSE loss, starting at θ₀ = (w, b) = (0, 0); "
    f"η = {eta:g}, {epochs} epochs for every variant. The star is the least-squares solution "
    f"(w, b) = ({best[0]:.{DECIMALS}f}, {best[1]:.{DECIMALS}f}), the lowest point of the loss."
)
grid = gd.view_grid(problem, (0.0, 0.0), best)
for column, run in zip(st.columns(3), runs.values(), strict=True):
    with column:
        st.subheader(run.name)
        st.code(gd.PSEUDOCODE[run.name], language="python", wrap_lines=True)
        st.caption(f"m = {run.batch_size} example(s) per step, {run.steps_per_epoch} step(s) per epoch.")
        if message := gd.divergence_message(run, eta, epochs):
            st.warning(message, icon=":material/warning:")
show_table(gd.variants_table(runs), name="gd-variants", decimals=DECIMALS)
left, right = st.columns(2)
with left:
    st.markdown("**Paths on the loss surface** (darker: higher loss)")
    show(gd.contour(*grid, runs, best), name="gd-paths")
with right:
    show(gd.learning_curves(runs, by_examples=False), name="loss-by-epoch")
    show(gd.learning_curves(runs, by_examples=True), name="loss-by-examples")
st.markdown(
    "Per epoch every variant processes all n examples once, but batch GD makes **one** careful step "
    "while SGD makes **n** cheap, noisy ones: against the examples processed, SGD is far ahead early on, "
    "then jitters around the minimum because each step follows one example's gradient."
)

# 2. Pitfalls -----------------------------------------------------------------------------------
st.header("2. Pitfalls: a local minimum and a plateau")
fn = gdcore.PITFALLS
path = gdcore.gradient_descent_1d(fn, x0, pit_eta, pit_steps)
st.markdown(
    "A cost with a wall on the left, a local minimum near x = 1.6, the global minimum near x = 4.5 "
    "and an almost flat plateau from x = 7. Start left and gradient descent settles in the local "
    "minimum; start right and it crawls along the plateau, where the slope is tiny."
)
st.latex(fn.formula)
gd.pitfall_summary(path, pit_eta)
show(gd.pitfalls_figure(fn, path), name="pitfalls")

# 3. Noise helps --------------------------------------------------------------------------------
st.header("3. The noise of mini-batches helps escape a local minimum")
st.markdown(
    f"{WELL.n_examples} examples, one parameter w. Example i has the loss fᵢ(w) = F(w) + cᵢw: the "
    "double well F tilted by its own slope cᵢ, and the slopes average to 0. So the gradient on all "
    "the data is exactly F′(w), while a random mini-batch adds the mean slope of the examples drawn: "
    f"the noise comes from sampling the data. All runs start at w = {W0:g}, left of the shallow minimum."
)
st.latex(r"F(w) = \frac{1}{n}\sum_{i=1}^n f_i(w) = (w^2 - 1)^2 - 0.8\,w + 1")
paths = gd.well_runs(nz_batch, nz_eta, nz_epochs, int(nz_seed))
left, right = st.columns(2)
with left:
    show(gd.well_figure(WELL, {name: w for name, (_, w, _) in paths.items()}), name="double-well")
with right:
    show(gd.trajectory_figure(WELL, paths), name="double-well-paths")
chosen = min(nz_batch, WELL.n_examples)
escaped = gd.escape_shares(nz_eta, nz_epochs, nz_seeds, chosen)
gd.well_metrics(paths, escaped, chosen, nz_seeds)
st.subheader(f"Share of {nz_seeds} seeds that escape, by batch size (η = {nz_eta:g}, {nz_epochs} epochs)")
show(gd.escape_figure(escaped, chosen), name="escape-share")
gd.well_divergence_warning(escaped, paths, nz_eta)

show_code(
    gd.snippet(data.code, eta, epochs, batch_size, int(seed), DECIMALS),
    keras=gd.keras_snippet(data.code, eta, epochs, batch_size, int(seed)),
)
