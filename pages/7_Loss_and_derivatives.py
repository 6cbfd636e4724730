"""Loss and derivatives: the chain rule, SGD by hand and the BGD tables, with the slides' numbers."""

import streamlit as st

from topics.loss_and_derivatives import controls, figures, report, runs, snippets
from ui.code import show_code
from ui.figures import show
from ui.latex import num
from ui.page import section, start

start(
    "Loss and derivatives",
    "The lecture's worked example, live: linear regression $\\hat y = wx + b$ with the squared error, "
    "its derivatives by the chain rule, then stochastic gradient descent by hand and batch gradient "
    "descent table by table. The defaults give the slides' numbers; change any input in the sidebar.",
)

# Each section reads its own sidebar controls as a fragment: moving one reruns only its section,
# and each section shows the code of its own numbers.


@section
def one_observation():
    with st.sidebar:
        st.subheader("1 · One observation")
        one = controls.observation()
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
        f"With the sidebar's numbers, $(x_i, y_i) = ({num(one.x)}, {num(one.y)})$ and "
        f"$(w, b) = ({num(one.w)}, {num(one.b)})$:"
    )
    report.chain_rule(runs.chain_rule(*one), *one)
    show_code(snippets.chain_rule_snippet(one), key=controls.CR_CODE)


@section
def sgd_by_hand():
    with st.sidebar:
        st.subheader("2 · SGD by hand")
        sgd = controls.sgd()
    st.header("2. Stochastic gradient descent, one point at a time")
    st.markdown(
        "SGD picks one observation, computes the gradient of **its** loss and steps against it: "
        "$\\boldsymbol\\theta_t = \\boldsymbol\\theta_{t-1} - \\eta\\, \\nabla \\text{Loss}_i$. "
        "Cheap steps, each one based on a single noisy look at the data."
    )
    points = controls.sgd_points(sgd.points_text)
    report.slides_caption(points)
    records = runs.sgd_iterations(points, sgd.theta0, sgd.eta)
    report.sgd_overflow_warning(records, points, sgd.theta0)
    t = controls.stepper(len(records)) if records else 0
    if t:
        report.sgd_iteration(records, t, sgd.eta)
        show_code(
            snippets.sgd_snippet(points=points, theta0=sgd.theta0, eta=sgd.eta, t=t), key=controls.SGD_CODE
        )


@section
def bgd_tables():
    with st.sidebar:
        st.subheader("3 · BGD tables")
        bgd = controls.bgd()
    st.header("3. Batch gradient descent, table by table")
    st.markdown(
        "BGD uses every observation at each step: the gradient of $\\text{Loss}_{1:n}$ is the **mean** of the "
        "per-observation derivatives, i.e. the means of the last two columns of the table."
    )
    data = runs.bgd_data(bgd.data_name, bgd.uploaded, bgd.n, bgd.noise, bgd.seed)
    st.caption(f"Data: {data.description}.")
    problem, path = runs.bgd(data, bgd.theta0, bgd.eta)
    report.bgd_warning(problem, path, bgd.eta, controls.K_MAX)
    last = len(path.params) - 1  # the last finite θ
    k = min(bgd.k, last)
    table_column, figure_column = st.columns([3, 2])
    with table_column:
        report.bgd_table(problem, path, k, bgd.decimals)
    with figure_column:
        show(figures.data_lines_over_k(problem, data.x, data.y, path.params, k), "bgd-data")
    report.bgd_update(path, k, bgd.eta, bgd.decimals)
    contour_column, loss_column = st.columns(2)
    with contour_column:
        grid = runs.loss_grid(problem, path.params)
        show(figures.path_contour_over_k(*grid, path.params, k), "bgd-contour")
    with loss_column:
        show(figures.loss_curve(path.loss, k), "bgd-loss")
    st.caption(
        "Drag k under the line and the contours to move through the iterations at once; the sidebar's k "
        "sets the table, the update and the loss curve."
    )
    show_code(
        snippets.bgd_snippet(
            data_code=data.code, theta0=bgd.theta0, eta=bgd.eta, k=k, has_next=k < last, decimals=bgd.decimals
        ),
        keras=snippets.keras_snippet(data_code=data.code, theta0=bgd.theta0, eta=bgd.eta, k=k),
        key=controls.BGD_CODE,
    )


one_observation()
sgd_by_hand()
bgd_tables()
