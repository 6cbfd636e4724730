"""Gradient descent: batch, stochastic and mini-batch side by side; pitfalls; why noise helps."""

import streamlit as st

from topics.gradient_descent import controls, figures, report, runs, snippets
from ui.code import show_code
from ui.figures import show
from ui.page import section, start
from ui.tables import show_table

start(
    "Gradient descent",
    "The lecture's three loops on the same data, with the same learning rate η and number of epochs: "
    "**batch** (all the data per step), **stochastic** (one example per step) and **mini-batch** "
    "(a group per step). Then two pitfalls of plain gradient descent, and how the noise of "
    "mini-batches can help it out of a local minimum. Change the sidebar and watch what follows.",
)

# Each section reads its own sidebar controls as a fragment: moving one reruns only its section.


# 1. The three variants -------------------------------------------------------------------------
@section
def three_variants():
    with st.sidebar:
        st.subheader("1 · Three variants")
        settings = controls.variants()
    st.header("1. Batch, stochastic and mini-batch gradient descent")
    data, eta = settings.data, settings.eta
    epochs = runs.capped_epochs(settings.epochs, len(data.x))
    if epochs < settings.epochs:
        report.capped_notice(epochs, len(data.x))
    variants = runs.variants(data.x, data.y, eta, epochs, settings.batch_size, settings.seed)
    best = runs.least_squares(data.x, data.y)
    st.markdown(report.variants_intro(data, eta, epochs, best))
    report.batch_size_notice(settings.batch_size, len(data.x))
    for column, run in zip(st.columns(3), variants.values(), strict=True):
        with column:
            report.variant_card(run, eta, epochs)
    show_table(report.variants_table(variants), name="gd-variants", decimals=report.DECIMALS)
    left, right = st.columns(2)
    with left:
        st.markdown("**Paths on the loss surface** (darker: higher loss)")
        grid = runs.view_grid(data.x, data.y, best)
        show(figures.paths(*grid, variants, best), name="gd-paths")
    with right:
        show(figures.learning_curves(variants, by_examples=False), name="loss-by-epoch")
        show(figures.learning_curves(variants, by_examples=True), name="loss-by-examples")
    st.markdown(
        "Per epoch every variant processes all n examples once, but batch GD makes **one** careful step "
        "while SGD makes **n** cheap, noisy ones: against the examples processed, SGD is far ahead early on, "
        "then jitters around the minimum because each step follows one example's gradient."
    )
    st.markdown(
        "**Why mini-batches, in practice.** The reason is computational as much as statistical. A GPU (or "
        "a CPU's vector units) computes the gradients of many examples at once, as one matrix product, in "
        "about the time it takes for one: so a step on 32 or 256 examples costs hardly more than a step on "
        "one, and SGD's one-example steps leave the hardware idle. Batch GD goes the other way: all n "
        "examples, their activations and their gradients must fit in the GPU's memory for every single "
        "step, which for millions of examples they do not. A mini-batch is the size that keeps the "
        "hardware busy and fits in memory, which is why Keras trains with `batch_size=32` by default."
    )
    show_code(  # the code of this section's three runs
        snippets.snippet(data.code, eta, epochs, settings.batch_size, settings.seed, report.DECIMALS),
        keras=snippets.keras_snippet(data.code, eta, epochs, settings.batch_size, settings.seed),
    )


# 2. Pitfalls -----------------------------------------------------------------------------------
@section
def pitfalls():
    with st.sidebar:
        st.subheader("2 · Pitfalls")
        pit = controls.pitfalls()
    st.header("2. Pitfalls: a local minimum and a plateau")
    frames = runs.pitfall_frames(pit.x0, pit.eta, pit.steps)
    path = frames[float(pit.x0)]
    st.markdown(
        "A cost with a wall on the left, a local minimum near x = 1.6, the global minimum near x = 4.5 "
        "and an almost flat plateau from x = 7. Start left and gradient descent settles in the local "
        "minimum; start right and it crawls along the plateau, where the slope is tiny."
    )
    st.latex(runs.PITFALLS.formula)
    report.pitfall_summary(path, pit.eta)
    show(figures.pitfalls_scrubber(runs.PITFALLS, frames, pit.x0), name="pitfalls")
    st.caption(
        "Drag the slider under the chart to try other starts x₀ at once; the sidebar's x₀ sets "
        "the numbers above it."
    )


# 3. Noise helps --------------------------------------------------------------------------------
@section
def noise_helps():
    with st.sidebar:
        st.subheader("3 · Noise helps")
        nz = controls.noise()
    st.header("3. The noise of mini-batches helps escape a local minimum")
    st.markdown(
        f"{runs.WELL.n_examples} examples, one parameter w. Example i has the loss fᵢ(w) = F(w) + cᵢw: the "
        "double well F tilted by its own slope cᵢ, and the slopes average to 0. So the gradient on all "
        "the data is exactly F′(w), while a random mini-batch adds the mean slope of the examples drawn: "
        f"the noise comes from sampling the data. All runs start at w = {runs.W0:g}, left of the shallow minimum."
    )
    st.latex(r"F(w) = \frac{1}{n}\sum_{i=1}^n f_i(w) = (w^2 - 1)^2 - 0.8\,w + 1")
    paths = runs.well_runs(nz.batch_size, nz.eta, nz.epochs, nz.seed)
    left, right = st.columns(2)
    with left:
        show(figures.well(runs.WELL, paths), name="double-well")
    with right:
        show(figures.trajectory(runs.WELL, paths), name="double-well-paths")
    size = runs.chosen_size(nz.batch_size)
    escaped = runs.escape_shares(nz.eta, nz.epochs, nz.n_seeds, size)
    report.well_metrics(paths, escaped, size, nz.n_seeds)
    st.subheader(report.escape_heading(nz.n_seeds, nz.eta, nz.epochs))
    show(figures.escape(escaped, size), name="escape-share")
    report.well_divergence_warning(escaped, paths, nz.eta)


three_variants()
pitfalls()
noise_helps()
