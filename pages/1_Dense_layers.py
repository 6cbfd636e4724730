"""Dense layers in matrices: a logistic neuron and a softmax layer on a small data set."""

import streamlit as st

from topics import dense_layers
from ui.code import show_code
from ui.figures import show
from ui.latex import bmatrix, num, signed
from ui.page import metrics_row, section, start
from ui.tables import show_table

start(
    "Dense layers in matrices",
    "A dense layer multiplies the data matrix by a weight matrix and adds a bias: one line of "
    "linear algebra handles every observation at once. Below, first one **logistic neuron** "
    "(a probability for class 1), then a **softmax layer** (a probability for each of two classes). "
    "Edit the data, move the weights in the sidebar and watch every number follow.",
)
st.header("The data")
st.markdown(
    "Each row is an observation $\\mathbf{x}_{i,\\bullet} = (x_{i,1}, x_{i,2})$ with a target "
    "$y_i \\in \\{0, 1\\}$. Edit a cell, add or delete rows (1 to 20)."
)
X, y = dense_layers.data_editor()


# Each section below reruns alone when its own sidebar controls move (the data feed them all).
@section(key=dense_layers.NEURON_SECTION)
def logistic_neuron(X, y):
    weights = dense_layers.neuron_controls()
    (w1, w2), b = weights.w, weights.b
    st.header("A logistic neuron")
    st.latex(r"z_i = x_{i,1} w_1 + x_{i,2} w_2 + b, \qquad \hat y_i = \sigma(z_i) = \frac{1}{1 + e^{-z_i}}")
    neuron = dense_layers.neuron(X, y, weights)
    st.markdown("All observations at once, in matrix notation, with the current numbers:")
    st.latex(
        rf"\mathbf z = \mathbf X \mathbf w + b = {bmatrix(X)} {bmatrix(weights.w)} + ({num(b)}) = {bmatrix(neuron['z'])},"
        rf"\qquad \hat{{\mathbf y}} = \sigma(\mathbf z) = {bmatrix(neuron['y_hat'], '.5f')}"
    )
    table_column, curve_column = st.columns([2, 3])
    with table_column:
        show_table(
            {"x_1": X[:, 0], "x_2": X[:, 1], "y": y, "z": neuron["z"], "y_hat": neuron["y_hat"]},
            name="logistic-neuron",
            decimals=5,
            formats={"y_hat": "%.5f"},
        )
    with curve_column:
        show(dense_layers.sigmoid_scrubber(X, y, weights), "sigmoid")
    # full width, under the table and the curve: in the table's column a narrow screen cut "100.0 %" to "100.…"
    metrics_row(
        ("Binary cross-entropy", num(neuron["loss"], ".4f")),
        ("Accuracy", f"{num(100 * neuron['accuracy'], '.1f')} %"),
    )
    st.caption(
        "Accuracy counts ŷ ≥ 0.5 as a prediction of class 1. Drag the w₁ slider under a chart to watch the "
        "observations move (w₂ and b stay put): it runs in your browser. The sidebar's w₁ sets the table, "
        "the formulas and the numbers."
    )

    st.subheader("The decision boundary")
    st.markdown(
        f"The neuron predicts class 1 where $\\hat y \\geq 0.5$, that is where $z \\geq 0$: on one side of the "
        f"line ${num(w1)}\\,x_1 {signed(w2)}\\,x_2 {signed(b)} = 0$ (dashed). The background shows $P(Y = 1)$."
    )
    plane = dense_layers.decision_plane(X, weights)
    if plane["segment"] is None:
        st.info("With these weights the line z = 0 does not cross the plotted area.", icon=":material/info:")
    show(dense_layers.boundary_scrubber(X, y, weights), "decision-boundary")


logistic_neuron(X, y)


@section(key=dense_layers.LAYER_SECTION)
def softmax_layer(X):
    weights = dense_layers.layer_controls()
    st.header("A softmax layer")
    st.markdown(
        "Now two outputs, one per class. Each column of $\\mathbf W$ and entry of $\\mathbf b$ makes one "
        "score (logit); the softmax turns each row of scores into probabilities that add up to 1."
    )
    st.latex(
        r"z_{i,j} = x_{i,1} w_{1,j} + x_{i,2} w_{2,j} + b_j, \qquad"
        r"\hat y_{i,j} = \mathrm{Softmax}_j(\mathbf z_i) = \frac{e^{z_{i,j}}}{e^{z_{i,1}} + e^{z_{i,2}}}"
    )
    try:
        layer = dense_layers.softmax_layer(X, weights)
    except ValueError as error:  # cannot happen with the sidebar's shapes; kept for safety
        st.error(str(error))
        return
    st.latex(
        rf"\mathbf Z = \mathbf X \mathbf W + \mathbf b = {bmatrix(X)} {bmatrix(weights.W)} + {bmatrix([weights.b_vec])}"
        rf" = {bmatrix(layer['Z'])}"
    )
    z_column, p_column = st.columns(2)
    with z_column:
        st.markdown("**Z = XW + b**")
        st.dataframe(dense_layers.logits_table(layer), key=dense_layers.Z_TABLE)
    with p_column:
        st.markdown("**Softmax(Z)** and the predicted class")
        st.dataframe(dense_layers.probabilities_table(layer), key=dense_layers.P_TABLE)
    show(dense_layers.probability_bars(layer), "softmax-probabilities")

    st.subheader("Why subtract the largest logit first?")
    naive, stable = dense_layers.overflow_example()
    st.markdown(
        "$e^{z}$ is larger than the largest floating-point number (about $1.8 \\times 10^{308}$) once "
        "$z > 709.78$. Computed the textbook way, the logits $\\mathbf z = (710, 700)$ give "
        f"$e^{{710}} = \\infty$ and a softmax of **({num(naive[0])}, {num(naive[1])})**, since "
        "$\\infty / \\infty$ is not a number. Subtracting the row's largest logit changes nothing "
        "mathematically ($e^{z_j - c} / \\sum_k e^{z_k - c}$ is the same fraction) but keeps every "
        f"exponent $\\leq 0$: gdcore's softmax gives $({num(stable[0], '.6g')}, {num(stable[1], '.3g')})$."
    )
    overflowing = dense_layers.overflowing_rows(layer)
    if overflowing.size:
        st.warning(
            f"With your weights the textbook formula would already fail for "
            f"{'observation' if overflowing.size == 1 else 'observations'} "
            f"{', '.join(str(i) for i in overflowing)}; the table above is still finite.",
            icon=":material/warning:",
        )


softmax_layer(X)


@section(key=dense_layers.CODE_SECTION)
def the_code(X, y):
    weights = dense_layers.current_weights()
    if weights is not None:
        show_code(dense_layers.snippet(X, y, weights), keras=dense_layers.keras_snippet(X, weights))


the_code(X, y)
