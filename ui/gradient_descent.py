"""Figures, controls and code snippets of the page "Gradient descent" (each figure built in one call)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

import gdcore
from ui.code import fmt
from ui.figures import PALETTE, light_layout, line_width, star

BIND = {"bind": "query-params"}
COLORS = {"Batch GD": PALETTE[0], "Stochastic GD": PALETTE[1], "Mini-batch GD": PALETTE[2]}

# The lecture's three loops, as on the slides.
PSEUDOCODE = {
    "Batch GD": """for i in range(numEpochs):
    gradient = evaluate_gradient(loss_function, data, weights)
    weights = weights - learningRate * gradient""",
    "Stochastic GD": """for i in range(numEpochs):
    rnd.shuffle(data)
    for example in data:
        gradient = evaluate_gradient(loss_function, example, weights)
        weights = weights - learningRate * gradient""",
    "Mini-batch GD": """for i in range(numEpochs):
    rnd.shuffle(data)
    for b in range(numBatches):
        batch = data[b * batchSize : (b + 1) * batchSize]
        gradient = evaluate_gradient(loss_function, batch, weights)
        weights = weights - learningRate * gradient""",
}


def choose_data():
    """The data's sidebar controls; returns ``(x, y, description)``.

    The one place that decides which data the three variants train on (a
    seeded synthetic line today; an uploaded CSV can be added here).
    """
    n = st.slider("Number of points n", 10, 500, 100, 10, key="n", **BIND)
    noise = st.slider("Noise (standard deviation)", 0.0, 5.0, 1.0, 0.1, key="noise", **BIND)
    seed = st.number_input("Data seed", 0, 10_000, 0, key="data_seed", **BIND)
    x, y = gdcore.make_linear_data(n, noise, int(seed))
    return x, y, f"{n} points on y = 2x − 1 with Gaussian noise of standard deviation {noise:g} (seed {seed})"


def view_grid(problem, start, minimum, size=70):
    """A (w, b) grid around the start and the least-squares solution, and the loss on it."""
    centre = (np.asarray(start) + np.asarray(minimum)) / 2
    half = max(float(np.max(np.abs(np.asarray(start) - np.asarray(minimum)))) * 0.8, 1.0)
    w = np.linspace(centre[0] - half, centre[0] + half, size)
    b = np.linspace(centre[1] - half, centre[1] + half, size)
    return w, b, problem.loss_grid(w[None, :], b[:, None])


def contour(w, b, z, run, minimum, *, height=360):
    """Loss contours over (w, b), one variant's path (thinned) and the least-squares star."""
    shown = np.log10(z - z.min() + 1e-12 * max(1.0, abs(z.max())))
    path = run.history.params[run.rows]
    color = COLORS[run.name]
    many = len(path) > 300
    traces = [
        go.Contour(
            x=w,
            y=b,
            z=shown,
            colorscale="Blues",
            reversescale=True,
            showscale=False,
            contours={"coloring": "heatmap"},
            ncontours=20,
            line={"width": 0.5},
            hoverinfo="skip",
            name="loss",
        ),
        (go.Scattergl if many else go.Scatter)(
            x=path[:, 0],
            y=path[:, 1],
            name=f"{run.name} path",
            mode="lines" if many else "lines+markers",
            line={"width": line_width() * (0.6 if many else 1), "color": color},
            marker={"size": 6, "color": color},
        ),
        go.Scatter(
            x=path[[0], 0],
            y=path[[0], 1],
            name="start θ₀",
            mode="markers",
            marker={"size": 11, "color": "white", "line": {"width": 2, "color": "black"}},
        ),
        star(minimum, "least squares"),
    ]
    axes = {"xaxis": {"range": [w[0], w[-1]]}, "yaxis": {"range": [b[0], b[-1]]}}
    return go.Figure(traces, light_layout(x="w", y="b", height=height, **axes))


def learning_curves(runs, *, by_examples, height=380):
    """Full-data loss of each variant against epochs, or against examples processed (log scale)."""
    traces = []
    for run in runs.values():
        if by_examples:
            xs, ys = run.examples, run.loss
        else:
            ys = run.history.epoch_loss
            xs = np.arange(len(ys))
        traces.append(
            (go.Scattergl if len(xs) > 300 else go.Scatter)(
                x=xs,
                y=ys,
                name=run.name,
                mode="lines" if by_examples or len(xs) > 60 else "lines+markers",
                line={"width": line_width(), "color": COLORS[run.name]},
            )
        )
    title = "Loss after each step, by gradient evaluations" if by_examples else "Loss after each epoch"
    x = "examples processed (gradient evaluations)" if by_examples else "epoch"
    return go.Figure(
        traces, light_layout(title=title, x=x, y="loss on all the data", yaxis={"type": "log"}, height=height)
    )


def well_figure(problem, runs, *, height=400):
    """The double well F(w), a few examples' tilted losses, and where each run ended."""
    w = np.linspace(-1.9, 1.9, 300)
    per_example = problem.example_losses(w)
    traces = []
    for k, i in enumerate(np.linspace(0, problem.n_examples - 1, 5).round().astype(int)):
        traces.append(
            go.Scatter(
                x=w,
                y=per_example[i],
                mode="lines",
                name="some examples' losses fᵢ" if k == 0 else None,
                showlegend=k == 0,
                legendgroup="examples",
                line={"width": 1, "color": "#BBBBBB"},
                hoverinfo="skip",
            )
        )
    traces.append(
        go.Scatter(
            x=w,
            y=problem.mean_loss(w),
            mode="lines",
            name="mean loss F",
            line={"width": line_width(), "color": "black"},
        )
    )
    for (name, path), color in zip(runs.items(), (PALETTE[0], PALETTE[2]), strict=False):
        end = path[-1]
        traces.append(
            go.Scatter(
                x=[path[0], end],
                y=problem.mean_loss(np.array([path[0], end])),
                mode="markers",
                name=f"{name}: start → end",
                marker={"size": [10, 16], "color": color, "symbol": ["circle-open", "circle"]},
            )
        )
    return go.Figure(traces, light_layout(x="w", y="loss", height=height, yaxis={"range": [-1, 6]}))


def trajectory_figure(problem, runs, *, height=400):
    """w against epochs for each run, with the shallow minimum, the barrier and the deep minimum."""
    traces = []
    for (name, (epochs, w)), color in zip(runs.items(), (PALETTE[0], PALETTE[2]), strict=False):
        traces.append(
            (go.Scattergl if len(w) > 300 else go.Scatter)(
                x=epochs, y=w, mode="lines", name=name, line={"width": line_width(), "color": color}
            )
        )
    shapes, annotations = [], []
    for level, label in (
        (problem.shallow, "shallow minimum"),
        (problem.barrier, "barrier"),
        (problem.deep, "deep minimum"),
    ):
        shapes.append(
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "y0": level,
                "y1": level,
                "line": {"dash": "dot", "color": "#777777", "width": 1},
            }
        )
        annotations.append(
            {
                "xref": "paper",
                "x": 1,
                "y": level,
                "text": label,
                "showarrow": False,
                "xanchor": "right",
                "yanchor": "bottom",
                "font": {"color": "#555555"},
            }
        )
    return go.Figure(
        traces,
        light_layout(x="epoch", y="w", height=height, shapes=shapes, annotations=annotations),
    )


def escape_figure(shares, chosen, *, height=380):
    """Share of seeds that escape the shallow minimum, one bar per batch size."""
    sizes = shares["batch_size"]
    colors = [PALETTE[1] if m == chosen else PALETTE[2] for m in sizes]
    bar = go.Bar(
        x=[str(m) for m in sizes],
        y=shares["escaped"] * 100,
        marker={"color": colors},
        text=[f"{s:.0%}" for s in shares["escaped"]],
        textposition="outside",
        name="escaped",
    )
    return go.Figure(
        [bar],
        light_layout(
            x="batch size m (100 = batch gradient descent)",
            y="% of seeds that escape",
            height=height,
            yaxis={"range": [0, 115]},
            xaxis={"type": "category"},
        ),
    )


def data_code():
    """The line of Python that makes the data ``choose_data`` returned (for the snippets)."""
    state = st.session_state
    return f"x, y = gdcore.make_linear_data(n={state['n']}, noise={fmt(float(state['noise']))}, seed={int(state['data_seed'])})"


def snippet(data, eta, epochs, batch_size, seed, decimals):
    """Runnable gdcore code printing each variant's final (w, b) and loss as the table shows them."""
    return f"""import numpy as np
import gdcore

{data}
problem = gdcore.LinearRegression(x, y)
sgd = gdcore.SGD(learning_rate={fmt(float(eta))})
for name, batch_size in [("Batch GD", None), ("Stochastic GD", 1), ("Mini-batch GD", {batch_size})]:
    history = gdcore.fit(problem, np.zeros(2), sgd, batch_size=batch_size, epochs={epochs}, seed={seed})
    w, b = history.params[-1]
    loss = problem.loss(history.params[-1])
    print(f"{{name}}: w = {{w:.{decimals}f}}, b = {{b:.{decimals}f}}, loss = {{loss:.{decimals}f}}")
"""


def keras_snippet(data, eta, epochs, batch_size, seed):
    """The same three runs in Keras 3 (one Dense unit, MSE, plain SGD)."""
    return f"""import keras
import gdcore

{data}
for name, batch_size in [("Batch GD", len(x)), ("Stochastic GD", 1), ("Mini-batch GD", {batch_size})]:
    keras.utils.set_random_seed({seed})
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1, kernel_initializer="zeros")])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate={fmt(float(eta))}), loss="mse")
    model.fit(x, y, batch_size=batch_size, epochs={epochs}, shuffle=True, verbose=0)
    w, b = (float(v.ravel()[0]) for v in model.get_weights())
    print(name, w, b, model.evaluate(x, y, verbose=0))
"""
