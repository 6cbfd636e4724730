"""The "Loss and derivatives" page's formulas, tables and messages: the chain rule written out with
its numbers, each SGD update, the BGD table at theta_k and its update, and what to say when the
updates overflow or diverge."""

from __future__ import annotations

import streamlit as st

import gdcore
from topics.loss_and_derivatives.controls import is_default
from ui.latex import num, paren, signed, sub
from ui.numbers import fixed, plural, readable
from ui.tables import show_table


def vector(values, spec=".6g") -> str:
    r"""A column vector \begin{pmatrix} a \\ b \end{pmatrix} of formatted numbers."""
    return r"\begin{pmatrix} " + r" \\ ".join(num(v, spec) for v in values) + r" \end{pmatrix}"


def chain_rule_latex(record: dict, x, y, w, b, spec=".6g") -> list[str]:
    """The derivatives of one observation's loss, written out with its numbers (from gdcore.chain_rule)."""
    y_hat, residual = record["y_hat"], record["dloss_dyhat"] / 2
    return [
        rf"\hat y(x_i) = w x_i + b = {paren(w, spec)} \times {paren(x, spec)} {signed(b, spec)} = {num(y_hat, spec)}"
        rf"\;\Rightarrow\; \text{{Loss}}_i = ({num(y_hat, spec)} {signed(-y, spec)})^2 = {num(record['loss'], spec)}",
        rf"\frac{{\partial \text{{Loss}}_i}}{{\partial \hat y(x_i)}} = 2(\hat y(x_i) - y_i) = 2 \cdot {paren(residual, spec)}"
        rf" = {num(record['dloss_dyhat'], spec)}, \quad \frac{{\partial \hat y}}{{\partial w}} = x_i = {num(x, spec)},"
        r" \quad \frac{\partial \hat y}{\partial b} = 1",
        rf"\frac{{\partial \text{{Loss}}_i}}{{\partial w}} = {paren(record['dloss_dyhat'], spec)} \times {paren(x, spec)}"
        rf" = {num(record['dloss_dw'], spec)}, \qquad \frac{{\partial \text{{Loss}}_i}}{{\partial b}} = "
        rf"{paren(record['dloss_dyhat'], spec)} \times 1 = {num(record['dloss_db'], spec)}",
    ]


def update_latex(
    t: int, theta, eta, gradient, step, theta_next, spec=".6g", grad_name=r"\nabla \text{Loss}_i"
) -> str:
    """theta_t = theta_{t-1} - eta grad = ... with the numbers, as on the SGD and BGD slides."""
    return (
        rf"\boldsymbol\theta_{{{t}}} = \boldsymbol\theta_{{{t - 1}}} - \eta\, {grad_name} = {vector(theta, spec)}"
        rf" - {num(eta, '.6g')} {vector(gradient, spec)} = {vector(theta, spec)} + {vector(step, spec)}"
        rf" = {vector(theta_next, spec)}"
    )


# -- 1. One observation ------------------------------------------------------------------------


def chain_rule(record: dict, x, y, w, b) -> None:
    """The chain rule for one observation, one formula a line."""
    for line in chain_rule_latex(record, x, y, w, b):
        st.latex(line)


# -- 2. SGD by hand ----------------------------------------------------------------------------


def sgd_overflow_warning(records: list, points, theta0) -> None:
    """A warning when the SGD updates overflowed before the last point (fewer records than points),
    naming the cause: a point too large for floating-point numbers at any η (its derivative at θ₀
    already overflows), or η too large (the parameters grew until they overflowed)."""
    t = len(records) + 1
    if t > len(points):
        return
    x, y = (float(v) for v in points[t - 1])
    shown = "No iteration can be shown." if t == 1 else f"Showing the {plural(t - 1, 'iteration')} before it."
    try:
        gdcore.chain_rule(x, y, *theta0)
    except ValueError:
        st.warning(
            f"The update at iteration {t} overflows because the point ({readable(x)}, {readable(y)}) is too "
            "large: its loss or its derivative 2(ŷ − y)·x is beyond the largest floating-point number "
            "(about 1.8 × 10³⁰⁸), whatever η. Use smaller numbers (rescale x and y). " + shown,
            icon=":material/warning:",
        )
        return
    st.warning(
        f"The updates overflow at iteration {t}: η is far too large for these points, each step "
        f"overshoots further until θ is no longer a finite number. {shown}",
        icon=":material/warning:",
    )


def slides_caption(points) -> None:
    """The caption about the slides' two picks, while the points are the slides' ones."""
    if is_default(points):
        st.caption(
            "The slides' two picks are made up for the example: (9, 17) lies on y = 2x − 1, (5, 5) does not."
        )


def sgd_iteration(records: list, t: int, eta: float) -> None:
    """SGD iteration t: its start, its chain rule, its update and the table of iterations 1..t."""
    record = records[t - 1]
    st.markdown(
        f"Start with $\\boldsymbol\\theta_{{{t - 1}}} = (w, b)^\\top = ({num(record['theta'][0])}, "
        f"{num(record['theta'][1])})^\\top$ and pick $x_i = {num(record['x'])}$, $y_i = {num(record['y'])}$."
    )
    chain_rule(record, record["x"], record["y"], *record["theta"])
    st.latex(update_latex(t, record["theta"], eta, record["gradient"], record["step"], record["theta_next"]))
    show_table(sgd_table(records[:t]), name="sgd-iterations", decimals=6)


def sgd_table(records: list[dict]) -> dict:
    """The SGD iterations so far as table columns (from gdcore.sgd_iterations' records)."""
    columns = {
        "t": "t",
        "x": "x",
        "y": "y",
        "y_hat": "y_hat",
        "loss": "loss",
        "dL/dw": "dloss_dw",
        "dL/db": "dloss_db",
    }
    table = {name: [record[field] for record in records] for name, field in columns.items()}
    table["w_t"] = [record["theta_next"][0] for record in records]
    table["b_t"] = [record["theta_next"][1] for record in records]
    return table


# -- 3. BGD tables -----------------------------------------------------------------------------


def stable_hint(problem, eta: float) -> str:
    """Why η is too large, with the largest learning rate that converges on this data:
    2 / lambda_max of the Hessian of the MSE (gdcore.max_curvature)."""
    try:
        largest = 2.0 / gdcore.max_curvature(problem)
    except ValueError:
        return f"η = {readable(eta)} is far too large for this data."
    return (
        f"On this data batch gradient descent converges only for η < 2 / λ_max = {readable(largest, 3)} "
        f"(λ_max: the largest curvature of the loss); η = {readable(eta)} is above it. "
        f"Try η = {readable(largest / 2, 2)}."
    )


def bgd_warning(problem, path, eta: float, k_max: int) -> None:
    """A warning when gradient descent diverged (where the tables stop), or when its loss grew in
    ``k_max`` steps, saying which learning rates converge."""
    last = len(path.params) - 1
    if path.diverged_at is not None:
        st.warning(
            f"Gradient descent diverged: θ{sub(path.diverged_at)} (or the loss there) is no longer a finite "
            f"number. The tables stop at θ{sub(last)}. {stable_hint(problem, eta)}",
            icon=":material/warning:",
        )
    elif path.loss[k_max] > path.loss[0]:
        st.warning(
            f"The loss grows from ${num(path.loss[0], '.4g')}$ to ${num(path.loss[k_max], '.4g')}$ in {k_max} "
            f"iterations: gradient descent is diverging. {stable_hint(problem, eta)}",
            icon=":material/warning:",
        )


def bgd_heading(theta, k: int, decimals: int) -> str:
    """The BGD table's heading, numbered by k alone: "The table at θ₃ = (1.36, 0.46), after 3 updates"."""
    where = "the start" if k == 0 else f"after {plural(k, 'update')}"
    return f"The table at θ{sub(k)} = ({fixed(theta[0], decimals)}, {fixed(theta[1], decimals)}), {where}"


def bgd_table(problem, path, k: int, decimals: int) -> None:
    """The table at θₖ with its heading, rounded to ``decimals``, and the gradient as the means of its last columns."""
    theta, spec = path.params[k], f".{decimals}f"
    st.subheader(bgd_heading(theta, k, decimals))
    table = problem.table(theta)
    show_table(
        table,
        name=f"bgd-theta-{k}",
        decimals=decimals,
        formats=dict.fromkeys(list(table)[1:], f"%.{decimals}f"),
    )
    st.latex(
        rf"\nabla \text{{Loss}}_{{1:{problem.n_examples}}} = \begin{{pmatrix}} \text{{mean of dL/dw}} \\ "
        rf"\text{{mean of dL/db}} \end{{pmatrix}} = {vector(path.gradient[k], spec)}"
    )


def bgd_update(path, k: int, eta: float, decimals: int) -> None:
    """The update θₖ₊₁ = θₖ − η∇ with the numbers, or an error when it overflows (θₖ is the last finite one)."""
    if k == len(path.params) - 1:
        st.error(f"θ{sub(k + 1)} = θ{sub(k)} − η∇ overflows: no finite update.", icon=":material/error:")
        return
    step = (path.params[k], eta, path.gradient[k], path.step[k], path.params[k + 1])
    st.latex(update_latex(k + 1, *step, f".{decimals}f", r"\nabla"))
