"""We need non-zero derivatives: accuracy vs a loss, argmax vs softmax, and dead ReLUs."""

import numpy as np
import streamlit as st

import gdcore
from ui.code import show_code
from ui.figures import show
from ui.nonzero import (
    accuracy_during_descent_figure,
    big_step_metrics,
    dead_count_metrics,
    dead_counts,
    dead_histogram,
    descent_metrics,
    keras_snippet,
    metric_vs_loss_figure,
    slopes_figure,
    snippet,
    softmax_figure,
)
from ui.page import start

start(
    "Non-zero derivatives",
    "Gradient descent moves a weight by −η times a derivative. Where that derivative is zero, "
    "nothing moves, however long you train. Below: why accuracy cannot be the loss, why a "
    "classifier outputs softmax probabilities rather than the argmax, and how ReLU units can die.",
)

with st.sidebar:
    st.header("Data")
    seed = st.number_input("Data seed", 0, 10_000, 0, key="seed", bind="query-params")
    st.header("1. Accuracy vs loss")
    w2 = st.slider("Fixed w₂", -2.0, 2.0, 1.0, 0.1, key="w2", bind="query-params")
    b = st.slider("Fixed b", -10.0, 4.0, -6.0, 0.5, key="b", bind="query-params")
    w1_start = st.slider("Start w₁", -3.0, 3.0, -1.0, 0.1, key="w1", bind="query-params")
    eta = st.slider("Learning rate η", 0.05, 2.0, 0.5, 0.05, key="eta", bind="query-params")
    steps = st.slider("Steps", 1, 100, 30, key="steps", bind="query-params")
    st.header("2. Argmax vs softmax")
    z2 = st.slider("Fixed logit z₂", -4.0, 4.0, 1.0, 0.1, key="z2", bind="query-params")
    z3 = st.slider("Fixed logit z₃", -4.0, 4.0, -0.5, 0.1, key="z3", bind="query-params")
    st.header("3. Dead ReLUs")
    units = st.slider("Units k in Dense(k, relu)", 1, 100, 30, key="units", bind="query-params")
    n_seeds = st.slider("Layers drawn (seeds 0, 1, …)", 50, 2000, 500, 50, key="n_seeds", bind="query-params")
    standardised = st.toggle("Standardise the inputs", key="standardise", bind="query-params")
    layer_seed = st.number_input(
        "Layer seed (for the big step)", 0, 10_000, 0, key="layer_seed", bind="query-params"
    )
    shift = st.slider(
        "Bias update Δb of one big step", -6.0, 0.0, -2.0, 0.25, key="shift", bind="query-params"
    )
    alpha = st.slider(
        "Leaky ReLU slope α", 0.01, 0.5, gdcore.KERAS_LEAKY_RELU_SLOPE, 0.01, key="alpha", bind="query-params"
    )

X, y = gdcore.make_classification_data(40, seed=int(seed))

# 1. Accuracy against the binary cross-entropy, along w1 ---------------------------------------
st.header("1. Accuracy is a staircase; the loss is smooth")
params = np.array([w1_start, w2, b])
sliced = gdcore.logistic_slice(X, y, params, 0, np.linspace(-3, 3, 301))
jumps = gdcore.accuracy_jumps(X, y, params, 0)
on_accuracy = gdcore.descend_logistic(X, y, params, 0, eta, steps, objective="accuracy")
on_loss = gdcore.descend_logistic(X, y, params, 0, eta, steps, objective="loss")
st.markdown(
    "Logistic regression ŷ = σ(w₁x₁ + w₂x₂ + b) on 40 seeded points with two classes. Only w₁ "
    "varies; w₂ and b stay fixed. An example's prediction flips only where its z crosses 0, so the "
    "accuracy is flat between those points and jumps at them: its derivative is 0 or does not exist. "
    "Both runs below start at the same w₁ and use the same η."
)
show(metric_vs_loss_figure(sliced, jumps, on_accuracy, on_loss), name="accuracy-vs-loss")
grad0 = gdcore.logistic_loss_gradient(X, y, params)[0]
st.latex(
    r"\frac{\partial L}{\partial w_1} = \frac{1}{n} \sum_i (\hat y_i - y_i)\, x_{i1}"
    rf" = {grad0:.4f} \text{{ at }} w_1 = {w1_start:g}, \qquad"
    r"\frac{\partial\, \mathrm{accuracy}}{\partial w_1} = 0"
)
descent_metrics(on_accuracy, on_loss)
show(accuracy_during_descent_figure(on_accuracy, on_loss), name="accuracy-during-descent")

# 2. Argmax against softmax --------------------------------------------------------------------
st.header("2. Argmax jumps; softmax slides")
logits = np.array([0.0, z2, z3])
out = gdcore.softmax_slice(logits, 0, np.linspace(-6, 6, 301), cls=0)
st.markdown(
    "Three classes with logits (z₁, z₂, z₃); z₂ and z₃ are fixed and z₁ varies. The one-hot argmax "
    "says 1 for class 1 only once z₁ passes the largest other logit; nudging z₁ changes nothing "
    "elsewhere, so its derivative is 0. The softmax probability rises smoothly, with derivative "
    "p₁(1 − p₁) > 0 everywhere: a signal gradient descent can use."
)
show(softmax_figure(out), name="argmax-vs-softmax")
st.latex(
    r"\frac{\partial\, \mathrm{Softmax}_1(\mathbf{z})}{\partial z_1} = p_1 (1 - p_1), \qquad"
    r"\max_{z_1} p_1 (1 - p_1) = "
    rf"{out['dsoftmax'].max():.3f}"
)

# 3. Dead ReLUs --------------------------------------------------------------------------------
st.header("3. Dead ReLUs")
inputs = gdcore.standardise(X) if standardised else X
counts = dead_counts(inputs, units, n_seeds)
st.markdown(
    f"A Dense({units}, relu) layer with Keras's default initialisation: Glorot-uniform weights "
    f"U(−ℓ, ℓ), ℓ = √(6 / (2 + {units})), and zero biases. A unit is **dead** when its input z is ≤ 0 "
    "for every example: it outputs 0 and its derivative is 0 for every example, so no gradient ever "
    f"reaches its weights. Here: {n_seeds} layers, one per seed, on the {'standardised' if standardised else 'raw (all positive)'} inputs."
)
dead_count_metrics(counts, units)
show(dead_histogram(counts, units), name="dead-units")

st.subheader("One step too large")
W = gdcore.glorot_uniform(inputs.shape[1], units, int(layer_seed))
b0 = np.zeros(units)
b1 = b0 + shift
relu_slopes = gdcore.active_slopes(inputs, W, b1)
leaky_slopes = gdcore.active_slopes(inputs, W, b1, alpha=alpha)
st.markdown(
    f"Take the layer drawn with seed {layer_seed} and one gradient step with a learning rate far too "
    f"large, which moves every bias by Δb = −η ∂L/∂b = {shift:g}. Units whose z is now negative for "
    f"every example are dead for good. A leaky ReLU keeps slope α = {alpha:g} below zero (Keras's "
    f"`LeakyReLU` default is {gdcore.KERAS_LEAKY_RELU_SLOPE:g}; `keras.activations.leaky_relu` uses 0.2 and "
    "PyTorch 0.01), so its units always pass a gradient back."
)
big_step_metrics(inputs, W, b0, b1, leaky_slopes)
show(slopes_figure(relu_slopes, leaky_slopes, alpha), name="relu-vs-leaky-slopes")

show_code(
    snippet(
        seed=seed,
        params=params,
        eta=eta,
        steps=steps,
        logits=logits,
        units=units,
        n_seeds=n_seeds,
        standardised=standardised,
        layer_seed=layer_seed,
        shift=shift,
    ),
    keras=keras_snippet(units=units, shift=shift, alpha=alpha),
)
