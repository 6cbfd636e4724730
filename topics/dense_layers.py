"""The "Dense layers" page's home: its controls (keys and labels), the editable data, the
logistic neuron and the softmax layer computed by gdcore, their figures, tables and snippets."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

import gdcore
from ui.animation import animated
from ui.code import fmt
from ui.figures import PALETTE, figure, line
from ui.page import keep_in_url, rerun_only

# -- controls -----------------------------------------------------------------

W1, W2, B = "w1", "w2", "b"  # the logistic neuron's sliders
W11, W12, W21, W22, B1, B2 = "W11", "W12", "W21", "W22", "b1", "b2"  # the softmax layer's entries
DATA = "dense_data"  # the data editor
DATA_PARAM = "dense_rows"  # the edited data in the address bar: x_1,x_2,y;x_1,x_2,y;...
Z_TABLE, P_TABLE = "Z-table", "P-table"  # the softmax layer's tables
# The softmax layer's entries as the sidebar shows them, two to a row: key, label, default.
LAYER_ENTRIES = (
    (W11, "w₁,₁", 1.0),
    (W12, "w₁,₂", 3.0),
    (W21, "w₂,₁", 2.0),
    (W22, "w₂,₂", 4.0),
    (B1, "b₁", -10.0),
    (B2, "b₂", -20.0),
)
MAX_ROWS = 20


# Each section is a fragment with these keys; its controls rerun it and the code at the end.
NEURON_SECTION, LAYER_SECTION, CODE_SECTION = "dense-neuron", "dense-layer", "dense-code"


@dataclass(frozen=True)
class Neuron:
    """The logistic neuron's sliders: ``w`` = (w₁, w₂) and ``b``."""

    w: np.ndarray
    b: float


@dataclass(frozen=True)
class Layer:
    """The softmax layer's entries: ``W`` (2 × 2) and ``b_vec`` (2)."""

    W: np.ndarray
    b_vec: np.ndarray


@dataclass(frozen=True)
class Weights:
    """Every weight of the page: the neuron's ``w`` = (w₁, w₂) and ``b``, the layer's ``W`` (2 × 2) and ``b_vec``."""

    w: np.ndarray
    b: float
    W: np.ndarray
    b_vec: np.ndarray


def neuron_controls() -> Neuron:
    """The neuron's sliders in the sidebar (bound to the URL); call it in the neuron's section."""
    again = {**rerun_only(NEURON_SECTION, CODE_SECTION), "bind": "query-params"}
    with st.sidebar:
        st.subheader("Logistic neuron")
        w1 = st.slider("w₁", -5.0, 5.0, 1.0, 0.5, key=W1, **again)
        w2 = st.slider("w₂", -5.0, 5.0, 2.0, 0.5, key=W2, **again)
        b = st.slider("b", -20.0, 20.0, -10.0, 0.5, key=B, **again)
    return Neuron(np.array([w1, w2]), b)


def layer_controls() -> Layer:
    """The softmax layer's number inputs in the sidebar (bound to the URL); call it in the layer's section."""
    again = {**rerun_only(LAYER_SECTION, CODE_SECTION), "bind": "query-params"}
    with st.sidebar:
        st.subheader("Softmax layer")
        st.caption("Weights W (2 × 2) and biases b (2)")
        columns = st.columns(2)
        entry = {
            key: columns[i % 2].number_input(
                label, -1000.0, 1000.0, default, 1.0, format="%g", key=key, **again
            )
            for i, (key, label, default) in enumerate(LAYER_ENTRIES)
        }
    W = np.array([[entry[W11], entry[W12]], [entry[W21], entry[W22]]])
    return Layer(W, np.array([entry[B1], entry[B2]]))


def current_weights() -> Weights | None:
    """Every weight as the sidebar's controls say now (for the code, a section of its own), or None
    while a section's controls are not in this session's state yet (the next run draws the code)."""
    value = st.session_state
    if any(key not in value for key in (W11, W12, W21, W22, W1, W2, B, B1, B2)):
        return None
    W = np.array([[value[W11], value[W12]], [value[W21], value[W22]]], dtype=float)
    return Weights(
        np.array([value[W1], value[W2]], dtype=float), value[B], W, np.array([value[B1], value[B2]])
    )


# -- the data -----------------------------------------------------------------


def editor_frame(X: np.ndarray, y: np.ndarray) -> pd.DataFrame:
    """(X, y) as the editor's table (columns x_1, x_2, y)."""
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


def rows_text(X: np.ndarray, y: np.ndarray) -> str:
    """The data as the address bar keeps it: ``x_1,x_2,y`` per row, rows joined by ``;`` (exact)."""
    return ";".join(f"{x1!r},{x2!r},{int(label)}" for (x1, x2), label in zip(X.tolist(), y, strict=True))


def frame_from_text(text: str) -> pd.DataFrame:
    """The editor's table from ``rows_text``'s text, or ValueError saying what is wrong."""
    try:
        rows = [[float(v) for v in row.split(",")] for row in text.split(";")]
        frame = pd.DataFrame(rows, columns=["x_1", "x_2", "y"])
    except ValueError:
        raise ValueError("each row must be three numbers x_1,x_2,y, rows separated by ';'") from None
    return editor_frame(*parse_data(frame))


def starting_frame() -> pd.DataFrame:
    """The editor's table when this session starts: the data the address keeps (a reload, a
    shared link, or a new session after a failover), else the slides' data. Read once per
    session, so that the editor's edits always apply to the same table."""
    key = f"{DATA}-start"
    if key not in st.session_state:
        start = editor_frame(*gdcore.lecture_dense_data())
        if DATA_PARAM in st.query_params:
            try:
                start = frame_from_text(st.query_params[DATA_PARAM])
            except ValueError as error:
                st.warning(f"Cannot read the data in the link: {error}. Starting from the slides' data.")
        st.session_state[key] = start
    return st.session_state[key]


def data_editor() -> tuple[np.ndarray, np.ndarray]:
    """The editable data; a bad edit shows an error and falls back to the last valid data. The
    valid data is kept in the address bar too (``?dense_rows=``) when it is not the slides'."""
    edited = st.data_editor(
        starting_frame(),
        key=DATA,
        num_rows="dynamic",
        hide_index=True,
        column_config={
            "x_1": st.column_config.NumberColumn("x_1", required=True),
            "x_2": st.column_config.NumberColumn("x_2", required=True),
            "y": st.column_config.NumberColumn("y", min_value=0, max_value=1, step=1, required=True),
        },
    )
    fallback = f"{DATA}-last-valid"
    try:
        X, y = parse_data(edited)
    except ValueError as error:
        st.error(
            f"Cannot use this data: {error}. Showing the last valid data instead.", icon=":material/error:"
        )
        return st.session_state.get(fallback, gdcore.lecture_dense_data())
    st.session_state[fallback] = (X, y)
    lecture_X, lecture_y = gdcore.lecture_dense_data()
    same = np.array_equal(X, lecture_X) and np.array_equal(y, lecture_y)
    keep_in_url(DATA_PARAM, None if same else rows_text(X, y))
    return X, y


# -- runs ---------------------------------------------------------------------


def neuron(X, y, weights: Neuron) -> dict:
    """gdcore's logistic neuron on the data: ``z``, ``y_hat``, ``loss`` and ``accuracy``."""
    return gdcore.logistic_neuron(X, y, weights.w, weights.b)


def plane_box(X, margin: float = 1.0) -> tuple[tuple[float, float], tuple[float, float]]:
    """The (x_1, x_2) ranges of the boundary plot: the data plus a margin."""
    low, high = X.min(axis=0) - margin, X.max(axis=0) + margin
    return (float(low[0]), float(high[0])), (float(low[1]), float(high[1]))


PLANE_POINTS = 41  # the decision plane's grid, per axis: light enough for a frame per w₁


def decision_plane(X, weights: Neuron, points: int = PLANE_POINTS) -> dict:
    """P(Y = 1) over a grid around the data (``x1``, ``x2``, ``probability``) and the ``segment``
    of the line z = 0 inside it (None when the line misses the plotted area)."""
    x1_range, x2_range = plane_box(X)
    x1, x2 = np.linspace(*x1_range, points), np.linspace(*x2_range, points)
    grid = np.column_stack([np.tile(x1, points), np.repeat(x2, points)])
    probability = gdcore.sigmoid(gdcore.dense(grid, weights.w, weights.b)).reshape(points, points)
    segment = gdcore.decision_boundary(weights.w, weights.b, x1_range, x2_range)
    return {"x1": x1, "x2": x2, "probability": probability, "segment": segment}


def softmax_layer(X, weights: Layer) -> dict:
    """gdcore's softmax layer on the data: ``Z``, ``P`` and the ``predicted`` class."""
    return gdcore.softmax_layer(X, weights.W, weights.b_vec)


def _observations(n: int) -> pd.Index:
    """The tables' row labels: observations numbered from 1, as on the slides."""
    return pd.RangeIndex(1, n + 1, name="obs")


def logits_table(layer: dict) -> pd.DataFrame:
    """Z = XW + b, one column per class, one row per observation (numbered from 1)."""
    return pd.DataFrame(layer["Z"], columns=["z_1", "z_2"], index=_observations(len(layer["Z"])))


def probabilities_table(layer: dict):
    """Softmax(Z) and the predicted class, the probabilities to 6 significant digits."""
    probabilities = pd.DataFrame(
        layer["P"], columns=["P(class 1)", "P(class 2)"], index=_observations(len(layer["P"]))
    )
    probabilities["predicted"] = layer["predicted"]
    return probabilities.style.format("{:.6g}", subset=["P(class 1)", "P(class 2)"])


OVERFLOW_LOGITS = np.array([710.0, 700.0])  # e^710 overflows a float


def overflow_example() -> tuple[np.ndarray, np.ndarray]:
    """Softmax of the logits (710, 700) the textbook way (nan) and gdcore's way (finite)."""
    return gdcore.naive_softmax(OVERFLOW_LOGITS), gdcore.softmax(OVERFLOW_LOGITS)


def overflowing_rows(layer: dict) -> np.ndarray:
    """The observations (numbered from 1) whose textbook softmax would not be finite."""
    return np.flatnonzero(~np.isfinite(gdcore.naive_softmax(layer["Z"])).all(axis=1)) + 1


# -- figures ------------------------------------------------------------------

CLASS_COLOURS = {0: PALETTE[1], 1: PALETTE[0]}  # y = 0 orange, y = 1 blue


def _points(xs, ys, label, **more) -> dict:
    """Observations of class ``label`` as large dots in its colour."""
    marker = {"size": 14, "color": CLASS_COLOURS[label], "line": {"width": 1.5, "color": "black"}}
    return {"type": "scatter", "x": xs, "y": ys, "name": f"y = {label}", "marker": marker, **more}


def sigmoid_figure(run: dict, y) -> dict:
    """The sigmoid curve with each observation of the neuron's ``run`` at (z_i, σ(z_i)), coloured by y_i."""
    z, y_hat = run["z"], run["y_hat"]
    z_curve = np.linspace(min(-10.0, z.min() - 3), max(10.0, z.max() + 3), 121)  # room for the labels
    traces = [line(z_curve, gdcore.sigmoid(z_curve), "σ(z)", colour="#444")]
    for label in (0, 1):
        mask = y == label
        traces.append(
            _points(
                z[mask],
                y_hat[mask],
                label,
                mode="markers+text",
                text=[f"obs {i}" for i in np.flatnonzero(mask) + 1],  # numbered from 1, as on the slides
                textposition=["top left" if p < 0.5 else "bottom right" for p in y_hat[mask]],
            )
        )
    half = {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": 0.5, "y1": 0.5}
    return figure(
        traces,
        x="z",
        y="ŷ = σ(z)",
        height=380,
        xaxis={"range": [float(z_curve[0]), float(z_curve[-1])]},
        yaxis={"range": [-0.05, 1.05]},
        shapes=[{**half, "line": {"dash": "dot", "color": "#888"}}],
    )


def boundary_figure(plane: dict, X, y) -> dict:
    """P(Y = 1) over the (x_1, x_2) plane, the line where it is 0.5, and the data coloured by y."""
    x1, x2 = plane["x1"], plane["x2"]
    traces = [
        {
            "type": "heatmap",
            "x": x1,
            "y": x2,
            "z": np.rint(100 * plane["probability"]).astype(int),  # whole percents: a light frame
            "zmin": 0,
            "zmax": 100,
            "colorscale": [[0, "#f6c9a8"], [0.5, "#ffffff"], [1, "#a9cce8"]],
            "colorbar": {"title": {"text": "P(Y=1) %"}, "thickness": 14},
            "hovertemplate": "x_1=%{x:.3g}<br>x_2=%{y:.3g}<br>P(Y=1)=%{z}%<extra></extra>",
        }
    ]
    xs, ys = plane["segment"] if plane["segment"] is not None else ([], [])  # empty: off the plotted area
    traces.append(line(xs, ys, "z = 0 (ŷ = 0.5)", colour="black", dash="dash"))
    traces += [_points(X[y == label, 0], X[y == label, 1], label, mode="markers") for label in (0, 1)]
    return figure(
        traces,
        x="x_1",
        y="x_2",
        height=420,
        xaxis={"range": [x1[0], x1[-1]]},
        yaxis={"range": [x2[0], x2[-1]]},
    )


W1_VALUES = np.arange(-5.0, 5.25, 0.5)  # the scrubbers' frames: the w₁ slider's values
# What a frame of w₁ changes in each figure: trace index -> the properties that change.
SIGMOID_CHANGES = {0: ("x", "y"), 1: ("x", "y", "textposition"), 2: ("x", "y", "textposition")}
BOUNDARY_CHANGES = {0: ("z",), 1: ("x", "y")}


def _frames(figures: dict, changes: dict) -> list[dict]:
    """A frame per figure of ``figures`` (w₁ -> the figure at that w₁): the properties that
    ``changes`` names (of those traces, and their type) and the x-axis range."""
    return [
        {
            "name": f"{w1:g}",
            "traces": list(changes),
            "data": [{key: fig["data"][i][key] for key in ("type", *keys)} for i, keys in changes.items()],
            "layout": {"xaxis": {"range": fig["layout"]["xaxis"].get("range")}},
        }
        for w1, fig in figures.items()
    ]


# The frames depend on the data, w₂ and b, not on the sidebar's w₁: a student moving w₁ reuses them.
@st.cache_resource(max_entries=16, show_spinner=False)
def sigmoid_frames(X, y, w2: float, b: float) -> list[dict]:
    """The sigmoid figure's frames over W1_VALUES, w₂ and b fixed (read only)."""
    at = {w1: sigmoid_figure(neuron(X, y, Neuron(np.array([w1, w2]), b)), y) for w1 in W1_VALUES}
    return _frames(at, SIGMOID_CHANGES)


@st.cache_resource(max_entries=16, show_spinner=False)
def boundary_frames(X, y, w2: float, b: float) -> list[dict]:
    """The decision-boundary figure's frames over W1_VALUES, w₂ and b fixed (read only)."""
    at = {w1: boundary_figure(decision_plane(X, Neuron(np.array([w1, w2]), b)), X, y) for w1 in W1_VALUES}
    return _frames(at, BOUNDARY_CHANGES)


def _scrubbed(drawn: dict, frames: list[dict], weights: Neuron, redraw: bool = False) -> dict:
    """``drawn`` (the figure at the sidebar's weights) with a w₁ slider over ``frames``, at the
    frame nearest the sidebar's w₁; ``redraw`` for frames that change a heat map."""
    active = int(np.argmin(np.abs(W1_VALUES - weights.w[0])))
    return animated(drawn, frames, prefix="w₁ = ", play=False, active=active, redraw=redraw)


def sigmoid_scrubber(X, y, weights: Neuron) -> dict:
    """The sigmoid figure at the sidebar's weights, with a slider over w₁ (W1_VALUES) that moves
    every observation along the curve in the browser; w₂ and b stay at the sidebar's values."""
    frames = sigmoid_frames(X, y, float(weights.w[1]), float(weights.b))
    return _scrubbed(sigmoid_figure(neuron(X, y, weights), y), frames, weights)


def boundary_scrubber(X, y, weights: Neuron) -> dict:
    """The decision-boundary figure at the sidebar's weights, with a slider over w₁ (W1_VALUES)
    that turns the line z = 0 and the background in the browser; w₂ and b stay as they are."""
    frames = boundary_frames(X, y, float(weights.w[1]), float(weights.b))
    drawn = boundary_figure(decision_plane(X, weights), X, y)
    return _scrubbed(drawn, frames, weights, redraw=True)  # the background is a heat map


def probability_bars(layer: dict) -> dict:
    """Softmax probabilities: one group of bars per observation, one bar per class."""
    P = layer["P"]
    labels = [f"obs {i}" for i in range(1, len(P) + 1)]
    traces = [
        {"type": "bar", "x": labels, "y": P[:, j], "name": f"class {j + 1}", "marker": {"color": PALETTE[j]}}
        for j in range(P.shape[1])
    ]
    return figure(
        traces, x="observation", y="probability", height=340, yaxis={"range": [0, 1]}, barmode="group"
    )


# -- snippets -----------------------------------------------------------------


def snippet(X, y, weights: Weights) -> str:
    """'Show the code': the page's logistic neuron and softmax layer in gdcore, printing its numbers."""
    return f"""import numpy as np
import gdcore

X = np.array({fmt(X)})
y = np.array({fmt(y)})

neuron = gdcore.logistic_neuron(X, y, w={fmt(weights.w)}, b={fmt(float(weights.b))})
print("z =", neuron["z"])
print("y_hat =", neuron["y_hat"].round(5))
print("binary cross-entropy =", round(neuron["loss"], 4))
print(f"accuracy = {{100 * neuron['accuracy']:.1f}} %")

layer = gdcore.softmax_layer(X, W=np.array({fmt(weights.W)}), b=np.array({fmt(weights.b_vec)}))
print("Z = XW + b =", layer["Z"].tolist())
print("Softmax(Z) =", layer["P"].tolist())
print("predicted class:", layer["predicted"])
"""


def keras_snippet(X, weights: Weights) -> str:
    """The same two layers in Keras 3, with the page's weights set by hand."""
    return f"""import numpy as np
import keras

X = np.array({fmt(X)})

neuron = keras.layers.Dense(1, activation="sigmoid")
neuron.build((None, 2))
neuron.set_weights([np.array({fmt([[v] for v in weights.w.tolist()])}), np.array([{fmt(float(weights.b))}])])
print("y_hat =", neuron(X).numpy().ravel())

layer = keras.layers.Dense(2, activation="softmax")
layer.build((None, 2))
layer.set_weights([np.array({fmt(weights.W)}), np.array({fmt(weights.b_vec)})])
print("Softmax(Z) =", layer(X).numpy())
"""
