"""Loss and derivatives: the chain rule, SGD by hand and the BGD tables, with the slides' numbers."""

import numpy as np
import streamlit as st

import gdcore
from ui import regression as reg
from ui import upload
from ui.code import show_code
from ui.figures import show
from ui.latex import num, sub
from ui.page import start
from ui.tables import show_table

K_MAX = 50
DATASETS = {
    "lecture": "Lecture: x = 1, 2, 3 (seed 111)",
    "lab": "Lab: (2, 7), (3, 10), (5, 16)",
    "synthetic": "Synthetic: y = 2x − 1 + noise",
    "upload": "Your own data: upload a CSV",
}
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
    data_label = st.selectbox("Data", list(DATASETS.values()), key="bgd_data", **BIND)
    data_name = next(name for name, label in DATASETS.items() if label == data_label)
    n, noise, seed = 10, 0.5, 0  # the synthetic data's controls, shown when chosen
    if data_name == "synthetic":
        n = st.slider("Number of points n", 2, 100, 10, key="bgd_n", **BIND)
        noise = st.slider("Noise (standard deviation)", 0.0, 3.0, 0.5, 0.1, key="bgd_noise", **BIND)
        seed = st.number_input("Seed", 0, 1_000_000, 0, key="bgd_seed", **BIND)
    uploaded = upload.csv_data("bgd_upload") if data_name == "upload" else None
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
try:
    points = reg.parse_points(points_text)
except ValueError as error:
    st.error(f"Cannot read the points: {error}. Using {reg.DEFAULT_POINTS} instead.", icon=":material/error:")
    points = reg.parse_points(reg.DEFAULT_POINTS)
records = gdcore.sgd_iterations(points, (sgd_w0, sgd_b0), sgd_eta)
if len(records) < len(points):
    st.warning(
        f"The updates overflow at iteration {len(records) + 1}: η is far too large for these points. "
        "Showing the iterations before it.",
        icon=":material/warning:",
    )
if records:
    st.session_state["sgd_t"] = int(np.clip(st.session_state.get("sgd_t", 1), 1, len(records)))
    t = st.session_state["sgd_t"]
    reg.stepper(t, len(records))
    record = records[t - 1]
    st.markdown(
        f"Start with $\\boldsymbol\\theta_{{{t - 1}}} = (w, b)^\\top = ({num(record['theta'][0])}, "
        f"{num(record['theta'][1])})^\\top$ and pick $x_i = {num(record['x'])}$, $y_i = {num(record['y'])}$."
    )
    for line in reg.chain_rule_latex(record, record["x"], record["y"], *record["theta"]):
        st.latex(line)
    st.latex(
        reg.update_latex(
            t, record["theta"], sgd_eta, record["gradient"], record["step"], record["theta_next"]
        )
    )
    show_table(reg.sgd_table(records[:t]), name="sgd-iterations", decimals=6)

st.header("3. Batch gradient descent, table by table")
st.markdown(
    "BGD uses every observation at each step: the gradient of $\\text{Loss}_{1:n}$ is the **mean** of the "
    "per-observation derivatives, i.e. the means of the last two columns of the table."
)
if uploaded is not None:
    x, y, data_code = uploaded.x, uploaded.y, uploaded.code
    st.caption(f"Data: {uploaded.description}.")
else:
    if data_name == "upload":
        st.info("No valid CSV file yet: showing the lecture's data.", icon=":material/upload_file:")
    source = "lecture" if data_name == "upload" else data_name
    x, y = reg.dataset(source, n, noise, seed)
    data_code = reg.dataset_code(source, n, noise, seed)
problem = gdcore.LinearRegression(x, y)
path = gdcore.gradient_descent_path(problem, (w0, b0), eta, K_MAX + 1)
last = len(path.params) - 1
if path.diverged_at is not None:
    st.warning(
        f"Gradient descent diverged: θ{sub(path.diverged_at)} (or the loss there) is no longer a finite "
        f"number, η = {num(eta)} is far too large. The tables stop at θ{sub(last)}.",
        icon=":material/warning:",
    )
elif path.loss[K_MAX] > path.loss[0]:
    st.warning(
        f"The loss grows from ${num(path.loss[0], '.4g')}$ to ${num(path.loss[K_MAX], '.4g')}$ in {K_MAX} "
        "iterations: η is too large for this data, gradient descent is diverging.",
        icon=":material/warning:",
    )
k = min(k, last)
theta = path.params[k]
spec = f".{decimals}f"
table_column, figure_column = st.columns([3, 2])
with table_column:
    st.subheader(f"Iteration {k + 1}, at θ{sub(k)} = ({num(theta[0], spec)}, {num(theta[1], spec)})")
    table = problem.table(theta)
    show_table(
        table,
        name=f"bgd-iteration-{k + 1}",
        decimals=decimals,
        formats=dict.fromkeys(list(table)[1:], f"%.{decimals}f"),
    )
    st.latex(
        rf"\nabla \text{{Loss}}_{{1:{problem.n_examples}}} = \begin{{pmatrix}} \text{{mean of dL/dw}} \\ "
        rf"\text{{mean of dL/db}} \end{{pmatrix}} = {reg.vector(path.gradient[k], spec)}"
    )
with figure_column:
    xs = np.array([x.min() - 0.5, x.max() + 0.5])
    lines = {f"θ{sub(k)}": (xs, problem.predict(theta, xs), None)}
    lines["least squares"] = (xs, problem.predict(problem.least_squares(), xs), "dash")
    show(reg.data_figure(x, y, lines), "bgd-data")
if k < last:
    update = reg.update_latex(
        k + 1, theta, eta, path.gradient[k], path.step[k], path.params[k + 1], spec, r"\nabla"
    )
    st.latex(update)
else:
    st.error(f"θ{sub(k + 1)} = θ{sub(k)} − η∇ overflows: no finite update.", icon=":material/error:")
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
        t=st.session_state["sgd_t"] if records else 0,
        data_code=data_code,
        theta0=(w0, b0),
        eta=eta,
        k=k,
        has_next=k < last,
        decimals=decimals,
    ),
    keras=reg.keras_snippet(data_code=data_code, theta0=(w0, b0), eta=eta, k=k),
)
