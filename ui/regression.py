"""Figures, inputs, messages and snippets of the "Loss and derivatives" page (arrays in, figures out)."""

from __future__ import annotations

import re

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from ui import datasets
from ui.code import fmt
from ui.datasets import Dataset
from ui.figures import PALETTE, contour_with_paths, light_layout, line_width
from ui.latex import num, paren, signed, sub
from ui.page import read_or_report
from ui.tables import show_table

DEFAULT_POINTS = "(5, 5), (9, 17)"
MAX_POINTS = 30
NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def parse_points(text: str) -> np.ndarray:
    """The points (x, y) written as "(5, 5), (9, 17)" as an array (m, 2); ValueError if malformed."""
    leftover = NUMBER.sub("", text)
    if re.search(r"[^\s,;()\[\]]", leftover):
        raise ValueError("points must be numbers written as (x, y), (x, y), ...")
    numbers = [float(value) for value in NUMBER.findall(text)]
    if not numbers or len(numbers) % 2:
        raise ValueError(f"points need an even, non-zero count of numbers (x, y pairs), got {len(numbers)}")
    if len(numbers) > 2 * MAX_POINTS:
        raise ValueError(f"at most {MAX_POINTS} points, got {len(numbers) // 2}")
    points = np.array(numbers).reshape(-1, 2)
    if not np.isfinite(points).all():
        raise ValueError("points must be finite numbers")
    return points


def sgd_points(text: str) -> np.ndarray:
    """The SGD points typed in the sidebar; when they cannot be read, an error and the slides' points."""
    return read_or_report(
        parse_points,
        text,
        fallback=parse_points(DEFAULT_POINTS),
        message=f"Cannot read the points: {{error}}. Using {DEFAULT_POINTS} instead.",
        icon=":material/error:",
    )


def data_figure(x, y, lines: dict[str, tuple], *, height=380) -> go.Figure:
    """The data as points and straight lines (name -> (xs, ys, dash)) through them."""
    traces = [
        go.Scatter(
            x=xs,
            y=ys,
            name=name,
            mode="lines",
            line={"width": line_width(), "color": PALETTE[i + 1], "dash": dash},
        )
        for i, (name, (xs, ys, dash)) in enumerate(lines.items())
    ]
    traces.append(
        go.Scatter(
            x=x,
            y=y,
            name="data",
            mode="markers",
            marker={"size": 11, "color": PALETTE[0], "line": {"width": 1, "color": "black"}},
        )
    )
    return go.Figure(traces, light_layout(x="x", y="y", height=height))


def loss_curve(loss, current: int, *, height=340) -> go.Figure:
    """Loss_{1:n}(theta_k) against the iteration k (log scale), the current k marked."""
    k = np.arange(len(loss))
    positive = np.maximum(loss, np.finfo(float).tiny)  # a log axis cannot show an exact 0
    traces = [
        go.Scatter(x=k, y=positive, name="loss", mode="lines+markers", line={"width": line_width()}),
        go.Scatter(
            x=[current],
            y=[positive[current]],
            name=f"θ{sub(current)}",
            mode="markers",
            marker={
                "size": 15,
                "color": PALETTE[1],
                "symbol": "diamond",
                "line": {"width": 1, "color": "black"},
            },
        ),
    ]
    return go.Figure(
        traces,
        light_layout(
            x="iteration k", y="Loss(θₖ), log scale", height=height, yaxis={"type": "log", "dtick": 1}
        ),
    )


def view_box(anchors, path, *, margin=0.6, max_zoom_out=4.0):
    """(w range, b range) for the contour: the anchors (start, minimum) with a margin, and the path
    as far as it stays within ``max_zoom_out`` times that box (a diverging path leaves the view)."""
    anchors = np.asarray(anchors, dtype=float)
    centre = (anchors.max(axis=0) + anchors.min(axis=0)) / 2
    half = np.maximum((anchors.max(axis=0) - anchors.min(axis=0)) / 2 * (1 + margin), 1.0)
    path = np.asarray(path, dtype=float)
    near = path[np.all(np.abs(path - centre) <= max_zoom_out * half, axis=1)]
    if len(near):
        half = np.maximum(half, np.abs(near - centre).max(axis=0) * 1.1)
    return (centre[0] - half[0], centre[0] + half[0]), (centre[1] - half[1], centre[1] + half[1])


def loss_contour(w_grid, b_grid, loss, path, current: int, minimum, *, height=440) -> go.Figure:
    """Loss contours over (w, b) with the BGD path, theta_current marked and the minimum as a star."""
    marker = {"size": 16, "symbol": "diamond", "color": PALETTE[1], "line": {"width": 1.5, "color": "black"}}
    path = np.asarray(path, dtype=float)
    current_point = go.Scatter(
        x=[path[current, 0]], y=[path[current, 1]], name=f"θ{sub(current)}", mode="markers", marker=marker
    )
    return contour_with_paths(
        w_grid,
        b_grid,
        loss,
        {"BGD path": path},
        minimum=minimum,
        minimum_name="least squares",
        extra_traces=[current_point],
        colors=[PALETTE[4]],
        height=height,
    )


def bgd_data(name: str, uploaded, n: int, noise: float, seed: int) -> Dataset:
    """The BGD section's data, said in a caption: the student's upload when valid, the lecture's
    data while an upload is missing, else the chosen one of ``datasets.LABELS``."""
    if uploaded is not None:
        data = uploaded
    elif name == "synthetic":
        data = datasets.synthetic(n, noise, seed)
    else:
        data = datasets.lab() if name == "lab" else datasets.lecture()
    st.caption(f"Data: {data.description}.")
    return data


def path_contour(problem, params, current: int, size: int = 60) -> go.Figure:
    """The loss contour of a one-feature problem around its BGD path and its least-squares minimum."""
    minimum = problem.least_squares()
    w_range, b_range = view_box([params[0], minimum], params)
    w_grid, b_grid = np.linspace(*w_range, size), np.linspace(*b_range, size)
    loss = problem.loss_grid(w_grid[None, :], b_grid[:, None])
    return loss_contour(w_grid, b_grid, loss, params, current, minimum)


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


def stepper(t: int, m: int) -> None:
    """Back / Next / Reset buttons for the SGD iteration shown (t of m, kept in session state)."""
    back, forward, reset, where = st.columns([1, 1, 1, 4], vertical_alignment="center")
    back.button(
        "Back", key="sgd_back", icon=":material/arrow_back:", disabled=t == 1, on_click=move, args=(-1,)
    )
    forward.button(
        "Next", key="sgd_next", icon=":material/arrow_forward:", disabled=t == m, on_click=move, args=(1,)
    )
    reset.button("Reset", key="sgd_reset", icon=":material/restart_alt:", on_click=move, args=(0,))
    where.markdown(f"**Iteration {t} of {m}**")


def sgd_overflow_warning(records: list, points) -> None:
    """A warning when the SGD updates overflowed before the last point (fewer records than points)."""
    if len(records) < len(points):
        st.warning(
            f"The updates overflow at iteration {len(records) + 1}: η is far too large for these points. "
            "Showing the iterations before it.",
            icon=":material/warning:",
        )


def sgd_iteration(records: list, eta: float) -> int:
    """SGD iteration t (chosen with the stepper, kept in session state): its start, its chain rule,
    its update and the table of iterations 1..t. Returns t, 0 when there is none."""
    if not records:
        return 0
    st.session_state["sgd_t"] = int(np.clip(st.session_state.get("sgd_t", 1), 1, len(records)))
    t = st.session_state["sgd_t"]
    stepper(t, len(records))
    record = records[t - 1]
    st.markdown(
        f"Start with $\\boldsymbol\\theta_{{{t - 1}}} = (w, b)^\\top = ({num(record['theta'][0])}, "
        f"{num(record['theta'][1])})^\\top$ and pick $x_i = {num(record['x'])}$, $y_i = {num(record['y'])}$."
    )
    for line in chain_rule_latex(record, record["x"], record["y"], *record["theta"]):
        st.latex(line)
    st.latex(update_latex(t, record["theta"], eta, record["gradient"], record["step"], record["theta_next"]))
    show_table(sgd_table(records[:t]), name="sgd-iterations", decimals=6)
    return t


def bgd_warning(path, eta: float, k_max: int) -> None:
    """A warning when gradient descent diverged (where the tables stop), or when its loss grew in ``k_max`` steps."""
    last = len(path.params) - 1
    if path.diverged_at is not None:
        st.warning(
            f"Gradient descent diverged: θ{sub(path.diverged_at)} (or the loss there) is no longer a finite "
            f"number, η = {num(eta)} is far too large. The tables stop at θ{sub(last)}.",
            icon=":material/warning:",
        )
    elif path.loss[k_max] > path.loss[0]:
        st.warning(
            f"The loss grows from ${num(path.loss[0], '.4g')}$ to ${num(path.loss[k_max], '.4g')}$ in {k_max} "
            "iterations: η is too large for this data, gradient descent is diverging.",
            icon=":material/warning:",
        )


def bgd_table(problem, path, k: int, decimals: int) -> None:
    """The table at θₖ with its heading, rounded to ``decimals``, and the gradient as the means of its last columns."""
    theta, spec = path.params[k], f".{decimals}f"
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
        rf"\text{{mean of dL/db}} \end{{pmatrix}} = {vector(path.gradient[k], spec)}"
    )


def bgd_data_figure(problem, x, y, theta, k: int) -> go.Figure:
    """``data_figure`` with the line at θₖ and the least-squares line."""
    xs = np.array([x.min() - 0.5, x.max() + 0.5])
    lines = {f"θ{sub(k)}": (xs, problem.predict(theta, xs), None)}
    lines["least squares"] = (xs, problem.predict(problem.least_squares(), xs), "dash")
    return data_figure(x, y, lines)


def bgd_update(path, k: int, eta: float, decimals: int) -> None:
    """The update θₖ₊₁ = θₖ − η∇ with the numbers, or an error when it overflows (θₖ is the last finite one)."""
    if k == len(path.params) - 1:
        st.error(f"θ{sub(k + 1)} = θ{sub(k)} − η∇ overflows: no finite update.", icon=":material/error:")
        return
    step = (path.params[k], eta, path.gradient[k], path.step[k], path.params[k + 1])
    st.latex(update_latex(k + 1, *step, f".{decimals}f", r"\nabla"))


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


def move(delta: int, key: str = "sgd_t") -> None:
    """Button callback: step the SGD iteration shown by ``delta`` (0 resets to the first)."""
    st.session_state[key] = 1 if delta == 0 else st.session_state.get(key, 1) + delta


def snippet(
    *, observation, points, sgd_theta0, sgd_eta, t, data_code, theta0, eta, k, has_next, decimals
) -> str:
    """'Show the code': the page's three sections in gdcore, printing the numbers it shows.

    ``observation`` is (x_i, y_i, w, b); ``points`` the SGD points used, of which the page
    shows iterations 1..``t`` (0: none); ``data_code`` defines x and y (``Dataset.code``);
    the BGD table is at theta_k, shown with ``decimals``, and ``has_next`` says whether
    theta_{k+1} is finite.
    """
    x_i, y_i, w, b = (fmt(float(v)) for v in observation)
    lines = [
        "import gdcore",
        "",
        "# 1. One observation: the loss and its derivatives by the chain rule",
        f"print(gdcore.chain_rule(x={x_i}, y={y_i}, w={w}, b={b}))",
    ]
    if t:
        lines += [
            f"# 2. SGD by hand: one update per point, in the order picked (shown: iterations 1 to {t})",
            f"records = gdcore.sgd_iterations({fmt(np.asarray(points, dtype=float))}, "
            f"theta0={fmt(tuple(float(v) for v in sgd_theta0))}, eta={fmt(float(sgd_eta))})",
            f"for record in records[:{t}]:",
            '    print("t =", record["t"], "loss =", record["loss"], "theta_t =", record["theta_next"].tolist())',
        ]
    lines += [
        "# 3. BGD: the table at theta_k and the update (all n observations at each step)",
        data_code,
        "problem = gdcore.LinearRegression(x, y)",
        f"path = gdcore.gradient_descent_path(problem, theta0={fmt(tuple(float(v) for v in theta0))}, "
        f"eta={fmt(float(eta))}, steps={k + 1})",
        f"for column, values in problem.table(path.params[{k}]).items():",
        f"    print(column, values.round({decimals}).tolist())  # as the page rounds them",
        f'print("gradient =", path.gradient[{k}].tolist())',
    ]
    if has_next:
        lines.append(f'print("theta_{k + 1} =", path.params[{k + 1}].tolist())')
    return "\n".join(lines) + "\n"


def keras_snippet(*, data_code, theta0, eta, k) -> str:
    """The BGD section in Keras 3: a Dense(1) layer, mean squared error and ``keras.optimizers.SGD``."""
    w0, b0 = (fmt(float(v)) for v in theta0)
    return f"""import numpy as np
import keras
import gdcore  # only for the data

{data_code}
model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])  # y_hat = w x + b
model.layers[0].set_weights([np.array([[{w0}]]), np.array([{b0}])])  # theta_0
model.compile(optimizer=keras.optimizers.SGD(learning_rate={fmt(float(eta))}), loss="mse")
# BGD: every step uses all n observations (batch_size=None would mean 32)
model.fit(x, y, batch_size=len(x), epochs={int(k)}, shuffle=False, verbose=0)
w, b = model.layers[0].get_weights()
print("theta_{int(k)} =", w.ravel(), b)
# SGD by hand instead: fit the picked points with batch_size=1, epochs=1, shuffle=False
"""
