"""Dense layers in matrices: a logistic neuron and a softmax layer on a small data set."""

import numpy as np
import pandas as pd
import streamlit as st

import gdcore
from ui import dense
from ui.code import show_code
from ui.figures import show
from ui.latex import bmatrix, num, signed
from ui.page import metrics_row, start
from ui.tables import show_table

start(
    "Dense layers in matrices",
    "A dense layer multiplies the data matrix by a weight matrix and adds a bias: one line of "
    "linear algebra handles every observation at once. Below, first one **logistic neuron** "
    "(a probability for class 1), then a **softmax layer** (a probability for each of two classes). "
    "Edit the data, move the weights in the sidebar and watch every number follow.",
)

with st.sidebar:
    st.subheader("Logistic neuron")
    w1 = st.slider("w₁", -5.0, 5.0, 1.0, 0.5, key="w1", bind="query-params")
    w2 = st.slider("w₂", -5.0, 5.0, 2.0, 0.5, key="w2", bind="query-params")
    b = st.slider("b", -20.0, 20.0, -10.0, 0.5, key="b", bind="query-params")
    st.subheader("Softmax layer")
    st.caption("Weights W (2 × 2) and biases b (2)")
    left, right = st.columns(2)
    entries = {}
    for key, label, default, column in [
        ("W11", "w₁,₁", 1.0, left),
        ("W12", "w₁,₂", 3.0, right),
        ("W21", "w₂,₁", 2.0, left),
        ("W22", "w₂,₂", 4.0, right),
        ("b1", "b₁", -10.0, left),
        ("b2", "b₂", -20.0, right),
    ]:
        entries[key] = column.number_input(
            label, -1000.0, 1000.0, default, 1.0, format="%g", key=key, bind="query-params"
        )
W = np.array([[entries["W11"], entries["W12"]], [entries["W21"], entries["W22"]]])
b_vec = np.array([entries["b1"], entries["b2"]])

st.header("The data")
st.markdown(
    "Each row is an observation $\\mathbf{x}_{i,\\bullet} = (x_{i,1}, x_{i,2})$ with a target "
    "$y_i \\in \\{0, 1\\}$. Edit a cell, add or delete rows (1 to 20)."
)
X, y = dense.data_editor("dense_data")

st.header("A logistic neuron")
st.latex(r"z_i = x_{i,1} w_1 + x_{i,2} w_2 + b, \qquad \hat y_i = \sigma(z_i) = \frac{1}{1 + e^{-z_i}}")
neuron = gdcore.logistic_neuron(X, y, [w1, w2], b)
st.markdown("All observations at once, in matrix notation, with the current numbers:")
st.latex(
    rf"\mathbf z = \mathbf X \mathbf w + b = {bmatrix(X)} {bmatrix([w1, w2])} + ({num(b)}) = {bmatrix(neuron['z'])},"
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
    metrics_row(
        ("Binary cross-entropy", num(neuron["loss"], ".4f")),
        ("Accuracy", f"{num(100 * neuron['accuracy'], '.1f')} %"),
    )
    st.caption("Accuracy counts ŷ ≥ 0.5 as a prediction of class 1.")
with curve_column:
    z_min, z_max = min(-10.0, neuron["z"].min() - 1), max(10.0, neuron["z"].max() + 1)
    z_curve = np.linspace(z_min, z_max, 241)
    show(dense.sigmoid_figure(z_curve, gdcore.sigmoid(z_curve), neuron["z"], neuron["y_hat"], y), "sigmoid")

st.subheader("The decision boundary")
st.markdown(
    f"The neuron predicts class 1 where $\\hat y \\geq 0.5$, that is where $z \\geq 0$: on one side of the "
    f"line ${num(w1)}\\,x_1 {signed(w2)}\\,x_2 {signed(b)} = 0$ (dashed). The background shows $P(Y = 1)$."
)
x1_range, x2_range = dense.plane_box(X)
x1_grid, x2_grid = np.linspace(*x1_range, 81), np.linspace(*x2_range, 81)
grid = np.column_stack([np.repeat(x1_grid[None, :], 81, 0).ravel(), np.repeat(x2_grid, 81)])
probability = gdcore.sigmoid(gdcore.dense(grid, np.array([w1, w2]), b)).reshape(81, 81)
segment = gdcore.decision_boundary([w1, w2], b, x1_range, x2_range)
if segment is None:
    st.info("With these weights the line z = 0 does not cross the plotted area.", icon=":material/info:")
show(dense.boundary_figure(x1_grid, x2_grid, probability, X, y, segment), "decision-boundary")

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
    layer = gdcore.softmax_layer(X, W, b_vec)
except ValueError as error:  # cannot happen with the sidebar's shapes; kept for safety
    st.error(str(error))
    st.stop()
st.latex(
    rf"\mathbf Z = \mathbf X \mathbf W + \mathbf b = {bmatrix(X)} {bmatrix(W)} + {bmatrix([b_vec])} = {bmatrix(layer['Z'])}"
)
z_column, p_column = st.columns(2)
with z_column:
    st.markdown("**Z = XW + b**")
    st.dataframe(pd.DataFrame(layer["Z"], columns=["z_1", "z_2"]), key="Z-table")
with p_column:
    st.markdown("**Softmax(Z)** and the predicted class")
    probabilities = pd.DataFrame(layer["P"], columns=["P(class 1)", "P(class 2)"])
    probabilities["predicted"] = layer["predicted"]
    st.dataframe(probabilities.style.format("{:.6g}", subset=["P(class 1)", "P(class 2)"]), key="P-table")
show(dense.probability_bars(layer["P"]), "softmax-probabilities")

st.subheader("Why subtract the largest logit first?")
example = np.array([710.0, 700.0])
naive, stable = gdcore.naive_softmax(example), gdcore.softmax(example)
st.markdown(
    "$e^{z}$ is larger than the largest floating-point number (about $1.8 \\times 10^{308}$) once "
    "$z > 709.78$. Computed the textbook way, the logits $\\mathbf z = (710, 700)$ give "
    f"$e^{{710}} = \\infty$ and a softmax of **({num(naive[0])}, {num(naive[1])})**, since "
    "$\\infty / \\infty$ is not a number. Subtracting the row's largest logit changes nothing "
    "mathematically ($e^{z_j - c} / \\sum_k e^{z_k - c}$ is the same fraction) but keeps every "
    f"exponent $\\leq 0$: gdcore's softmax gives $({num(stable[0], '.6g')}, {num(stable[1], '.3g')})$."
)
overflowing = ~np.isfinite(gdcore.naive_softmax(layer["Z"])).all(axis=1)
if overflowing.any():
    st.warning(
        f"With your weights the textbook formula would already fail for observation(s) "
        f"{', '.join(str(i) for i in np.flatnonzero(overflowing))}; the table above is still finite.",
        icon=":material/warning:",
    )

show_code(dense.snippet(X, y, [w1, w2], b, W, b_vec), keras=dense.keras_snippet(X, [w1, w2], b, W, b_vec))
