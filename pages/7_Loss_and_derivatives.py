"""Loss and derivatives: the chain rule, SGD by hand and the BGD tables, with the slides' numbers."""

import streamlit as st

import gdcore
from ui import datasets, upload
from ui import regression as reg
from ui.code import show_code
from ui.figures import show
from ui.latex import num
from ui.page import start

K_MAX = 50
BIND = {"bind": "query-params"}

start(
    "Loss and derivatives",
    "The lecture's worked example, live: linear regression $\\hat y = wx + b$ with the squared error, "
    "its derivatives by the chain rule, then stochastic gradient descent by hand and batch gradient "
    "descent table by table. The defaults give the slides' numbers; change any input in the sidebar.",
)

with st.sidebar:
    st.subheader("1 · One observation")
    left, right = st.columns(2)
    x_i = left.number_input("xᵢ", -100.0, 100.0, 5.0, 1.0, format="%g", key="cr_x", **BIND)
    y_i = right.number_input("yᵢ", -100.0, 100.0, 5.0, 1.0, format="%g", key="cr_y", **BIND)
    w = left.number_input("w", -100.0, 100.0, 0.0, 0.1, format="%g", key="cr_w", **BIND)
    b = right.number_input("b", -100.0, 100.0, 0.0, 0.1, format="%g", key="cr_b", **BIND)
    st.subheader("2 · SGD by hand")
    points_text = st.text_input(
        "Points (x, y), in the order picked", reg.DEFAULT_POINTS, key="sgd_points", **BIND
    )
    left, middle, right = st.columns(3)
    sgd_w0 = left.number_input("w₀", -100.0, 100.0, 0.0, 0.1, format="%g", key="sgd_w0", **BIND)
    sgd_b0 = middle.number_input("b₀", -100.0, 100.0, 0.0, 0.1, format="%g", key="sgd_b0", **BIND)
    sgd_eta = right.number_input("η", 0.0001, 10.0, 0.01, 0.001, format="%g", key="sgd_eta", **BIND)
    st.subheader("3 · BGD tables")
    data_label = st.selectbox("Data", list(datasets.LABELS.values()), key="bgd_data", **BIND)
    data_name = next(name for name, label in datasets.LABELS.items() if label == data_label)
    n, noise, seed = 10, 0.5, 0  # the synthetic data's controls, shown when chosen
    if data_name == "synthetic":
        n = st.slider("Number of points n", 2, 100, 10, key="bgd_n", **BIND)
        noise = st.slider("Noise (standard deviation)", 0.0, 3.0, 0.5, 0.1, key="bgd_noise", **BIND)
        seed = st.number_input("Seed", 0, 1_000_000, 0, key="bgd_seed", **BIND)
    uploaded = (
        upload.csv_data("bgd_upload", meanwhile="showing the lecture's data")
        if data_name == "upload"
        else None
    )
    left, middle, right = st.columns(3)
    w0 = left.number_input("w₀", -100.0, 100.0, 0.0, 0.1, format="%g", key="bgd_w0", **BIND)
    b0 = middle.number_input("b₀", -100.0, 100.0, 0.0, 0.1, format="%g", key="bgd_b0", **BIND)
    eta = right.number_input("η", 0.0001, 100.0, 0.1, 0.01, format="%g", key="bgd_eta", **BIND)
    k = st.slider("Iteration k (the table at θₖ)", 0, K_MAX, 0, key="bgd_k", **BIND)
    decimals = st.slider("Decimals shown", 0, 8, 2, key="bgd_decimals", **BIND)

st.header("1. The loss and its derivatives")
st.markdown("For one observation $(x_i, y_i)$ and for a batch of the first $n$ observations:")
st.latex(
    r"\hat y(x) = wx + b, \qquad \text{Loss}_i = (\hat y(x_i) - y_i)^2, \qquad"
    r"\text{Loss}_{1:n} = \frac1n \sum_{i=1}^n (\hat y(x_i) - y_i)^2"
)
st.markdown(
    "The loss depends on $w$ and $b$ only through the prediction $\\hat y$, so its derivatives are a "
    "product of two simple pieces (the **chain rule**):"
)
st.latex(
    r"\frac{\partial \text{Loss}_i}{\partial w} = \frac{\partial \text{Loss}_i}{\partial \hat y(x_i)}"
    r"\times \frac{\partial \hat y(x_i)}{\partial w} = 2(\hat y(x_i) - y_i)\, x_i, \qquad"
    r"\frac{\partial \text{Loss}_i}{\partial b} = \frac{\partial \text{Loss}_i}{\partial \hat y(x_i)}"
    r"\times \frac{\partial \hat y(x_i)}{\partial b} = 2(\hat y(x_i) - y_i)"
)
st.markdown(
    f"With the sidebar's numbers, $(x_i, y_i) = ({num(x_i)}, {num(y_i)})$ and $(w, b) = ({num(w)}, {num(b)})$:"
)
for line in reg.chain_rule_latex(gdcore.chain_rule(x_i, y_i, w, b), x_i, y_i, w, b):
    st.latex(line)

st.header("2. Stochastic gradient descent, one point at a time")
st.markdown(
    "SGD picks one observation, computes the gradient of **its** loss and steps against it: "
    "$\\boldsymbol\\theta_t = \\boldsymbol\\theta_{t-1} - \\eta\\, \\nabla \\text{Loss}_i$. "
    "Cheap steps, each one based on a single noisy look at the data."
)
st.caption("The slides' two picks are made up for the example: (9, 17) lies on y = 2x − 1, (5, 5) does not.")
points = reg.sgd_points(points_text)
records = gdcore.sgd_iterations(points, (sgd_w0, sgd_b0), sgd_eta)
reg.sgd_overflow_warning(records, points)
t = reg.sgd_iteration(records, sgd_eta)

st.header("3. Batch gradient descent, table by table")
st.markdown(
    "BGD uses every observation at each step: the gradient of $\\text{Loss}_{1:n}$ is the **mean** of the "
    "per-observation derivatives, i.e. the means of the last two columns of the table."
)
x, y, _, data_code = reg.bgd_data(data_name, uploaded, n, noise, seed)
problem = gdcore.LinearRegression(x, y)
path = gdcore.gradient_descent_path(problem, (w0, b0), eta, K_MAX + 1)
reg.bgd_warning(path, eta, K_MAX)
last = len(path.params) - 1  # the last finite θ
k = min(k, last)
table_column, figure_column = st.columns([3, 2])
with table_column:
    reg.bgd_table(problem, path, k, decimals)
with figure_column:
    show(reg.bgd_data_figure(problem, x, y, path.params[k], k), "bgd-data")
reg.bgd_update(path, k, eta, decimals)
contour_column, loss_column = st.columns(2)
with contour_column:
    show(reg.path_contour(problem, path.params, k), "bgd-contour")
with loss_column:
    show(reg.loss_curve(path.loss, k), "bgd-loss")

show_code(
    reg.snippet(
        observation=(x_i, y_i, w, b),
        points=points,
        sgd_theta0=(sgd_w0, sgd_b0),
        sgd_eta=sgd_eta,
        t=t,
        data_code=data_code,
        theta0=(w0, b0),
        eta=eta,
        k=k,
        has_next=k < last,
        decimals=decimals,
    ),
    keras=reg.keras_snippet(data_code=data_code, theta0=(w0, b0), eta=eta, k=k),
)
