"""Figures, metrics and snippets of the page "Non-zero derivatives": staircases against smooth
curves, dead units.

Built in one call with ``light_layout`` and hand-placed panels (``make_subplots`` and
repeated ``update_*`` calls cost tens of milliseconds per figure; this page has five).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

import gdcore
from ui.code import fmt
from ui.figures import FONT_SIZE, PALETTE, light_layout, line_width
from ui.page import metrics_row

STEP_COLOUR, SMOOTH_COLOUR, PATH_COLOUR, LOSS_PATH_COLOUR = PALETTE[1], PALETTE[0], PALETTE[6], PALETTE[3]
GAP = 0.1


def _panels(rows: int, cols: int, titles, x_title: str) -> dict:
    """Layout entries for a rows x cols grid of panels (numbered left to right, top to bottom).

    Columns share their x-axis range (each panel's x-axis matches the top one's).
    """
    width = (1 - GAP * (cols - 1)) / cols
    height = (1 - 1.4 * GAP * (rows - 1)) / rows
    layout, annotations = {}, []
    for r in range(rows):
        for c in range(cols):
            i = r * cols + c + 1
            suffix = "" if i == 1 else str(i)
            x0, y1 = c * (width + GAP), 1 - r * (height + 1.4 * GAP)
            layout[f"xaxis{suffix}"] = {
                "domain": [x0, x0 + width],
                "anchor": f"y{suffix}",
                "title": {"text": x_title if r == rows - 1 else None},
                **({"matches": "x" if c == 0 else "x2"} if r else {}),
            }
            layout[f"yaxis{suffix}"] = {"domain": [y1 - height, y1], "anchor": f"x{suffix}"}
            annotations.append(
                {
                    "text": titles[i - 1],
                    "x": x0 + width / 2,
                    "y": y1,
                    "xref": "paper",
                    "yref": "paper",
                    "xanchor": "center",
                    "yanchor": "bottom",
                    "showarrow": False,
                    "font": {"size": FONT_SIZE + 1, "color": "#111111"},
                }
            )
    layout["annotations"] = annotations
    return layout


def _axes(panel: int) -> dict:
    suffix = "" if panel == 1 else str(panel)
    return {"xaxis": f"x{suffix}", "yaxis": f"y{suffix}"}


def _line(x, y, name, colour, panel, *, shape="linear", showlegend=True):
    return go.Scatter(
        x=x,
        y=y,
        name=name,
        mode="lines",
        line={"width": line_width(), "color": colour, "shape": shape},
        showlegend=showlegend,
        **_axes(panel),
    )


def _path(x, y, name, colour, panel):
    return go.Scatter(
        x=x,
        y=y,
        name=name,
        mode="markers+lines",
        line={"width": 1, "color": colour, "dash": "dot"},
        marker={"size": 9, "color": colour, "symbol": "diamond", "line": {"width": 1, "color": "white"}},
        customdata=np.arange(len(x)),
        hovertemplate="step %{customdata}<br>%{x:.4g}, %{y:.4g}<extra></extra>",
        **_axes(panel),
    )


def _legend_on_top(height: int) -> dict:
    return {
        "height": height,
        "margin": {"l": 60, "r": 20, "t": 110, "b": 50},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.08, "x": 0},
    }


def metric_vs_loss_figure(
    sliced: dict, jumps, on_accuracy: dict, on_loss: dict, *, parameter="w₁", height=640
):
    """2 x 2: accuracy and loss along one weight (top), their derivatives (bottom), with both descents."""
    w = sliced["value"]
    inside = np.asarray(jumps)[(jumps >= w.min()) & (jumps <= w.max())]
    data = [
        _line(w, sliced["accuracy"], "accuracy", STEP_COLOUR, 1, shape="hv"),
        _line(w, sliced["loss"], "loss", SMOOTH_COLOUR, 2),
        _line(w[[0, -1]], sliced["daccuracy"][[0, -1]], "derivative", STEP_COLOUR, 3, showlegend=False),
        _line(w, sliced["dloss"], "derivative", SMOOTH_COLOUR, 4, showlegend=False),
        go.Scatter(
            x=inside,
            y=np.zeros_like(inside),
            name="jumps: no derivative",
            mode="markers",
            marker={"symbol": "line-ns-open", "size": 16, "color": STEP_COLOUR, "line": {"width": 2}},
            hovertemplate="jump at %{x:.4g}<extra></extra>",
            **_axes(3),
        ),
        _path(on_accuracy["value"], on_accuracy["accuracy"], "gradient descent on accuracy", PATH_COLOUR, 1),
        _path(on_loss["value"], on_loss["loss"], "gradient descent on the loss", LOSS_PATH_COLOUR, 2),
    ]
    titles = (
        "Accuracy (a staircase)",
        "Binary cross-entropy (smooth)",
        f"d accuracy / d{parameter}",
        f"d loss / d{parameter}",
    )
    layout = light_layout(**_panels(2, 2, titles, parameter))
    layout.update(_legend_on_top(height))
    return go.Figure(data=data, layout=layout)


def accuracy_during_descent_figure(on_accuracy: dict, on_loss: dict, *, height=340):
    """Accuracy after each step of both runs: flat on accuracy, rising on the loss."""
    steps = np.arange(len(on_loss["accuracy"]))
    data = [
        go.Scatter(
            x=steps,
            y=run["accuracy"],
            name=name,
            mode="lines+markers",
            line={"width": line_width(), "color": colour},
            marker={"size": 6, "color": colour},
        )
        for name, run, colour in (
            ("gradient descent on accuracy", on_accuracy, PATH_COLOUR),
            ("gradient descent on the loss", on_loss, LOSS_PATH_COLOUR),
        )
    ]
    return go.Figure(data=data, layout=light_layout(x="step", y="accuracy", height=height))


def softmax_figure(sliced: dict, *, logit="z₁", cls="class 1", height=540):
    """Argmax's jump against softmax's smooth curve (top) and their derivatives (bottom)."""
    z = sliced["value"]
    data = [
        _line(z, sliced["argmax"], "argmax (one-hot)", STEP_COLOUR, 1, shape="hv"),
        _line(z, sliced["softmax"], "softmax probability", SMOOTH_COLOUR, 1),
        _line(z[[0, -1]], sliced["dargmax"][[0, -1]], "argmax", STEP_COLOUR, 2, showlegend=False),
        _line(z, sliced["dsoftmax"], "softmax", SMOOTH_COLOUR, 2, showlegend=False),
    ]
    titles = (f"Output for {cls}", f"Derivative with respect to {logit}")
    layout = light_layout(**_panels(2, 1, titles, logit))
    layout["xaxis2"]["matches"] = "x"
    layout.update(_legend_on_top(height))
    return go.Figure(data=data, layout=layout)


def dead_histogram(counts, units: int, *, height=380):
    """How many layers (one per seed) had 0, 1, 2, ... dead units."""
    tally = np.bincount(np.asarray(counts, dtype=int), minlength=1)
    bar = go.Bar(
        x=np.arange(tally.size),
        y=tally,
        marker_color=SMOOTH_COLOUR,
        name="layers",
        hovertemplate="%{y} layers with %{x} dead units<extra></extra>",
    )
    xaxis = {"range": [-0.6, max(tally.size, 2) - 0.4], **({"dtick": 1} if tally.size <= 20 else {})}
    return go.Figure(
        data=[bar],
        layout=light_layout(x=f"dead units (of {units})", y="number of layers", height=height, xaxis=xaxis),
    )


def slopes_figure(relu_slopes, leaky_slopes, alpha: float, *, height=380):
    """Each unit's mean activation slope over the data: ReLU vs leaky ReLU (0 means dead)."""
    units = np.arange(1, len(relu_slopes) + 1)
    dead = units[np.asarray(relu_slopes) == 0]
    data = [
        go.Bar(x=units, y=relu_slopes, name="ReLU", marker_color=STEP_COLOUR),
        go.Bar(x=units, y=leaky_slopes, name=f"leaky ReLU (α = {alpha:g})", marker_color=SMOOTH_COLOUR),
        go.Scatter(
            x=dead,
            y=np.full(dead.size, 0.04),
            name="dead ReLU",
            mode="markers",
            marker={"symbol": "x-thin-open", "size": 11, "color": STEP_COLOUR, "line": {"width": 2.5}},
            hovertemplate="unit %{x} is dead<extra></extra>",
        ),
    ]
    layout = light_layout(
        x="unit",
        y="mean slope f′(z) over the data",
        height=height,
        yaxis={"range": [0, 1.05]},
        barmode="group",
        bargap=0.25,
    )
    return go.Figure(data=data, layout=layout)


def descent_metrics(on_accuracy: dict, on_loss: dict) -> None:
    """How far each descent moved w₁, and the accuracy after descent on the loss (on accuracy, for comparison)."""
    metrics_row(
        (
            "Descent on accuracy: w₁ moved by",
            f"{on_accuracy['value'][-1] - on_accuracy['value'][0]:.4g}",
            {"help": "Its gradient is zero, so every step is −η × 0."},
        ),
        ("Descent on the loss: w₁ ends at", f"{on_loss['value'][-1]:.4g}"),
        (
            "Accuracy after descent on the loss",
            f"{on_loss['accuracy'][-1]:.1%}",
            {
                "delta": f"{on_loss['accuracy'][-1] - on_loss['accuracy'][0]:+.1%} "
                f"(on accuracy: {on_accuracy['accuracy'][-1]:.1%})"
            },
        ),
    )


@st.cache_data(max_entries=16)
def dead_counts(X, units, n_seeds):
    """Dead units of Dense(``units``, relu) on ``X``, one layer per seed 0..n_seeds-1 (cached)."""
    return gdcore.dead_unit_counts(X, units, np.arange(n_seeds))


def dead_count_metrics(counts, units: int) -> None:
    """Mean dead units per layer, the share of layers with one, and the most in one layer."""
    metrics_row(
        ("Mean dead units per layer", f"{counts.mean():.2f} of {units}"),
        ("Layers with a dead unit", f"{np.mean(counts > 0):.0%}"),
        ("Most dead units in a layer", int(counts.max())),
    )


def big_step_metrics(inputs, W, b0, b1, leaky_slopes) -> None:
    """Dead ReLUs with biases ``b0`` and ``b1`` (before and after the big step), and leaky units with zero slope."""
    metrics_row(
        ("Dead ReLUs before the step", int(gdcore.dead_units(inputs, W, b0).sum())),
        ("Dead ReLUs after the step", int(gdcore.dead_units(inputs, W, b1).sum())),
        ("Leaky units with zero slope after", int(np.sum(leaky_slopes == 0))),
    )


def snippet(*, seed, params, eta, steps, logits, units, n_seeds, standardised, layer_seed, shift) -> str:
    """'Show the code': the page's three sections in gdcore, printing the numbers it shows.

    ``params`` is (start w1, w2, b), ``logits`` (z1, z2, z3) with z1 varied over [-6, 6].
    """
    inputs = "gdcore.standardise(X)" if standardised else "X  # or gdcore.standardise(X)"
    return f"""import numpy as np
import gdcore

X, y = gdcore.make_classification_data(40, seed={int(seed)})
params = np.array({fmt([float(v) for v in params])})  # start w1, fixed w2 and b
print("dL/dw1 =", round(gdcore.logistic_loss_gradient(X, y, params)[0], 4))
for objective in ("accuracy", "loss"):  # gradient descent on w1 only
    run = gdcore.descend_logistic(X, y, params, 0, {fmt(float(eta))}, {int(steps)}, objective=objective)
    print(f"descent on the {{objective}}: w1 ends at {{run['value'][-1]:.4g}}")
print(f"accuracy after descent on the loss: {{run['accuracy'][-1]:.1%}}")
softmax = gdcore.softmax_slice({fmt([float(v) for v in logits])}, 0, np.linspace(-6, 6, 301))
print("largest dSoftmax/dz:", round(softmax["dsoftmax"].max(), 3))
inputs = {inputs}
counts = gdcore.dead_unit_counts(inputs, {int(units)}, np.arange({int(n_seeds)}))
print(f"dead units per layer: mean {{counts.mean():.2f}}, most {{counts.max()}}, in {{np.mean(counts > 0):.0%}} of layers")
W, b = gdcore.glorot_uniform(2, {int(units)}, {int(layer_seed)}), np.zeros({int(units)})
print("dead units before and after the big step:", gdcore.dead_units(inputs, W, b).sum(),
      gdcore.dead_units(inputs, W, b - {fmt(abs(float(shift)))}).sum())
"""


def keras_snippet(*, units, shift, alpha) -> str:
    """Dead ReLUs in Keras 3: a freshly initialised Dense(k, relu), then every bias moved by the big step."""
    return f"""import numpy as np
import keras
import gdcore  # only for the data

X, y = gdcore.make_classification_data(40, seed=0)
layer = keras.layers.Dense({int(units)}, activation="relu")  # Glorot-uniform W, zero b
layer.build((None, 2))
W, b = layer.get_weights()  # Keras draws its own random W: other counts than GD Lab's seeds
print("dead units:", np.all(X @ W + b <= 0, axis=0).sum())
print("after the big step:", np.all(X @ W + b + {fmt(float(shift))} <= 0, axis=0).sum())
leaky = keras.layers.LeakyReLU(negative_slope={fmt(float(alpha))})  # slope alpha below 0: never dead
"""
