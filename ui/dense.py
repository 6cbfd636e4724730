"""Figures and the data editor of the "Dense layers" page (arrays in, figures out)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import gdcore
from ui.code import fmt
from ui.figures import PALETTE, light_layout, line_width

MAX_ROWS = 20
CLASS_COLOURS = {0: PALETTE[1], 1: PALETTE[0]}  # y = 0 orange, y = 1 blue


def lecture_frame() -> pd.DataFrame:
    """The slides' data as the editor's starting table (columns x_1, x_2, y)."""
    X, y = gdcore.lecture_dense_data()
    return pd.DataFrame({"x_1": X[:, 0], "x_2": X[:, 1], "y": y.astype(int)})


def parse_data(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(X, y) from the edited table, or ValueError saying what is wrong."""
    if not 1 <= len(frame) <= MAX_ROWS:
        raise ValueError(f"the data must have 1 to {MAX_ROWS} rows, got {len(frame)}")
    try:
        values = frame[["x_1", "x_2", "y"]].apply(pd.to_numeric, errors="raise").to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise ValueError("every cell must be a number") from None
    if not np.isfinite(values).all():
        raise ValueError("every cell must be filled in with a finite number")
    return values[:, :2], gdcore.binary_labels(values[:, 2], "y")


def data_editor(key: str) -> tuple[np.ndarray, np.ndarray]:
    """The editable data; a bad edit shows an error and falls back to the last valid data."""
    edited = st.data_editor(
        lecture_frame(),
        key=key,
        num_rows="dynamic",
        hide_index=True,
        column_config={
            "x_1": st.column_config.NumberColumn("x_1", required=True),
            "x_2": st.column_config.NumberColumn("x_2", required=True),
            "y": st.column_config.NumberColumn("y", min_value=0, max_value=1, step=1, required=True),
        },
    )
    fallback = f"{key}-last-valid"
    try:
        X, y = parse_data(edited)
    except ValueError as error:
        st.error(
            f"Cannot use this data: {error}. Showing the last valid data instead.", icon=":material/error:"
        )
        return st.session_state.get(fallback, gdcore.lecture_dense_data())
    st.session_state[fallback] = (X, y)
    return X, y


def _points(xs, ys, label, **extra) -> go.Scatter:
    marker = {"size": 14, "color": CLASS_COLOURS[label], "line": {"width": 1.5, "color": "black"}}
    return go.Scatter(x=xs, y=ys, name=f"y = {label}", marker=marker, **extra)


def sigmoid_figure(z_curve, sigma_curve, z, y_hat, y) -> go.Figure:
    """The sigmoid curve with each observation placed at (z_i, sigma(z_i)), coloured by y_i."""
    traces = [
        go.Scatter(
            x=z_curve, y=sigma_curve, name="σ(z)", mode="lines", line={"width": line_width(), "color": "#444"}
        )
    ]
    for label in (0, 1):
        mask = y == label
        traces.append(
            _points(
                z[mask],
                y_hat[mask],
                label,
                mode="markers+text",
                text=[f"obs {i}" for i in np.flatnonzero(mask)],
                textposition=["top left" if p < 0.5 else "bottom right" for p in y_hat[mask]],
            )
        )
    half = {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": 0.5, "y1": 0.5}
    layout = light_layout(x="z", y="ŷ = σ(z)", height=380, yaxis={"range": [-0.05, 1.05]})
    return go.Figure(traces, {**layout, "shapes": [{**half, "line": {"dash": "dot", "color": "#888"}}]})


def boundary_figure(x1_grid, x2_grid, probability, X, y, segment) -> go.Figure:
    """P(Y = 1) over the (x_1, x_2) plane, the line where it is 0.5, and the data coloured by y."""
    traces = [
        go.Heatmap(
            x=x1_grid,
            y=x2_grid,
            z=probability,
            zmin=0,
            zmax=1,
            colorscale=[[0, "#f6c9a8"], [0.5, "#ffffff"], [1, "#a9cce8"]],
            colorbar={"title": {"text": "P(Y=1)"}, "thickness": 14},
            hovertemplate="x_1=%{x:.3g}<br>x_2=%{y:.3g}<br>P(Y=1)=%{z:.3f}<extra></extra>",
        )
    ]
    if segment is not None:
        traces.append(
            go.Scatter(
                x=segment[0],
                y=segment[1],
                name="z = 0 (ŷ = 0.5)",
                mode="lines",
                line={"width": line_width(), "color": "black", "dash": "dash"},
            )
        )
    traces += [_points(X[y == label, 0], X[y == label, 1], label, mode="markers") for label in (0, 1)]
    layout = light_layout(
        x="x_1",
        y="x_2",
        height=420,
        xaxis={"range": [x1_grid[0], x1_grid[-1]]},
        yaxis={"range": [x2_grid[0], x2_grid[-1]]},
    )
    return go.Figure(traces, layout)


def probability_bars(P) -> go.Figure:
    """Softmax probabilities: one group of bars per observation, one bar per class."""
    labels = [f"obs {i}" for i in range(len(P))]
    traces = [
        go.Bar(x=labels, y=P[:, j], name=f"class {j + 1}", marker_color=PALETTE[j % len(PALETTE)])
        for j in range(P.shape[1])
    ]
    layout = light_layout(x="observation", y="probability", height=340, yaxis={"range": [0, 1]})
    return go.Figure(traces, {**layout, "barmode": "group"})


def plane_box(X, margin: float = 1.0) -> tuple[tuple[float, float], tuple[float, float]]:
    """The (x_1, x_2) ranges of the boundary plot: the data plus a margin."""
    low, high = X.min(axis=0) - margin, X.max(axis=0) + margin
    return (float(low[0]), float(high[0])), (float(low[1]), float(high[1]))


def snippet(X, y, w, b, W, b_vec) -> str:
    """'Show the code': the page's logistic neuron and softmax layer in gdcore, printing its numbers."""
    return f"""import numpy as np
import gdcore

X = np.array({fmt(X)})
y = np.array({fmt(y)})

neuron = gdcore.logistic_neuron(X, y, w={fmt(w)}, b={fmt(float(b))})
print("z =", neuron["z"])
print("y_hat =", neuron["y_hat"].round(5))
print("binary cross-entropy =", round(neuron["loss"], 4))
print(f"accuracy = {{100 * neuron['accuracy']:.1f}} %")

layer = gdcore.softmax_layer(X, W=np.array({fmt(W)}), b=np.array({fmt(b_vec)}))
print("Z = XW + b =", layer["Z"].tolist())
print("Softmax(Z) =", layer["P"].tolist())
print("predicted class:", layer["predicted"])
"""


def keras_snippet(X, w, b, W, b_vec) -> str:
    """The same two layers in Keras 3, with the page's weights set by hand."""
    return f"""import numpy as np
import keras

X = np.array({fmt(X)})

neuron = keras.layers.Dense(1, activation="sigmoid")
neuron.build((None, 2))
neuron.set_weights([np.array({fmt([[v] for v in w])}), np.array([{fmt(float(b))}])])
print("y_hat =", neuron(X).numpy().ravel())

layer = keras.layers.Dense(2, activation="softmax")
layer.build((None, 2))
layer.set_weights([np.array({fmt(W)}), np.array({fmt(b_vec)})])
print("Softmax(Z) =", layer(X).numpy())
"""
