"""We need non-zero derivatives: accuracy vs a loss, argmax vs softmax, and dead ReLUs."""

import streamlit as st

from topics import non_zero_derivatives as topic
from ui.code import show_code
from ui.figures import show
from ui.page import section, start

start(
    "Non-zero derivatives",
    "Gradient descent moves a weight by −η times a derivative. Where that derivative is zero, "
    "nothing moves, however long you train. Below: why accuracy cannot be the loss, why a "
    "classifier outputs softmax probabilities rather than the argmax, and how ReLU units can die.",
)
seed = topic.data_controls()  # the data feed sections 1 and 3
X, y = topic.data(seed)


# Each section reruns alone when its own sidebar controls move.
# 1. Accuracy against the binary cross-entropy, along w1 ---------------------------------------
@section(key=topic.ACCURACY_SECTION)
def accuracy_vs_loss(X, y):
    settings = topic.descent_controls()
    st.header("1. Accuracy is a staircase; the loss is smooth")
    run = topic.accuracy_vs_loss(X, y, settings)
    st.markdown(
        "Logistic regression ŷ = σ(w₁x₁ + w₂x₂ + b) on 40 seeded points with two classes. Only w₁ "
        "varies; w₂ and b stay fixed. An example's prediction flips only where its z crosses 0, so the "
        "accuracy is flat between those points and jumps at them: its derivative is 0 or does not exist. "
        "Both runs below start at the same w₁ and use the same η."
    )
    show(topic.start_scrubber(X, y, settings, run), name="accuracy-vs-loss")
    st.caption(
        "Drag the slider under the chart to start both runs from another w₁: they follow in your browser. "
        "The sidebar's start w₁ sets the numbers and the chart below."
    )
    st.latex(
        r"\frac{\partial L}{\partial w_1} = \frac{1}{n} \sum_i (\hat y_i - y_i)\, x_{i1}"
        rf" = {run['gradient']:.4f} \text{{ at }} w_1 = {settings.w1:g}, \qquad"
        r"\frac{\partial\, \mathrm{accuracy}}{\partial w_1} = 0"
    )
    topic.descent_metrics(run)
    show(topic.accuracy_during_descent_figure(run), name="accuracy-during-descent")


accuracy_vs_loss(X, y)


# 2. Argmax against softmax --------------------------------------------------------------------
@section(key=topic.SOFTMAX_SECTION)
def argmax_vs_softmax():
    out = topic.argmax_vs_softmax(topic.logit_controls())
    st.header("2. Argmax jumps; softmax slides")
    st.markdown(
        "Three classes with logits (z₁, z₂, z₃); z₂ and z₃ are fixed and z₁ varies. The one-hot argmax "
        "says 1 for class 1 only once z₁ passes the largest other logit; nudging z₁ changes nothing "
        "elsewhere, so its derivative is 0. The softmax probability rises smoothly, with derivative "
        "p₁(1 − p₁) > 0 everywhere: a signal gradient descent can use."
    )
    show(topic.softmax_figure(out), name="argmax-vs-softmax")
    st.latex(
        r"\frac{\partial\, \mathrm{Softmax}_1(\mathbf{z})}{\partial z_1} = p_1 (1 - p_1), \qquad"
        r"\max_{z_1} p_1 (1 - p_1) = "
        rf"{out['dsoftmax'].max():.3f}"
    )


argmax_vs_softmax()


# 3. Dead ReLUs --------------------------------------------------------------------------------
@section(key=topic.RELU_SECTION)
def dead_relus(X):
    settings = topic.relu_controls()
    st.header("3. Dead ReLUs")
    units, n_seeds, standardised = settings.units, settings.n_seeds, settings.standardised
    inputs = topic.inputs(X, settings)
    counts = topic.dead_counts(inputs, units, n_seeds)
    st.markdown(
        f"A Dense({units}, relu) layer with Keras's default initialisation: Glorot-uniform weights "
        f"U(−ℓ, ℓ), ℓ = √(6 / (2 + {units})), and zero biases. A unit is **dead** when its input z is ≤ 0 "
        "for every example: it outputs 0 and its derivative is 0 for every example, so no gradient ever "
        f"reaches its weights. Here: {n_seeds} layers, one per seed, on the {'standardised' if standardised else 'raw (all positive)'} inputs."
    )
    topic.dead_count_metrics(counts, units)
    show(topic.dead_histogram(counts, units), name="dead-units")

    st.subheader("One step too large")
    step = topic.big_step(inputs, settings)
    st.markdown(
        f"Take the layer drawn with seed {settings.layer_seed} and one gradient step with a learning rate far too "
        f"large, which moves every bias by Δb = −η ∂L/∂b = {settings.shift:g}. Units whose z is now negative for "
        f"every example are dead for good. A leaky ReLU keeps slope α = {settings.alpha:g} below zero (Keras's "
        f"`LeakyReLU` default is {topic.KERAS_LEAKY_RELU_SLOPE:g}; `keras.activations.leaky_relu` uses 0.2 and "
        "PyTorch 0.01), so its units always pass a gradient back."
    )
    topic.big_step_metrics(inputs, step)
    show(topic.slopes_figure(step, settings.alpha), name="relu-vs-leaky-slopes")


dead_relus(X)


@section(key=topic.CODE_SECTION)
def the_code():
    settings = topic.current_settings()
    if settings is not None:
        show_code(topic.snippet(settings), keras=topic.keras_snippet(settings))


the_code()
