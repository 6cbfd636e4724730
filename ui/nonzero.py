"""Figures of the page "Non-zero derivatives": staircases against smooth curves, dead units."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ui.figures import FONT_SIZE, LINE_WIDTH, PALETTE, styled

STEP_COLOUR, SMOOTH_COLOUR, PATH_COLOUR = PALETTE[1], PALETTE[0], PALETTE[6]


def _line(fig, x, y, name, colour, row, col, *, dash=None, shape="linear", showlegend=True):
    fig.add_trace(
        go.Scatter(
            x=x,
            y=y,
            name=name,
            mode="lines",
            line={"width": LINE_WIDTH, "color": colour, "dash": dash, "shape": shape},
            showlegend=showlegend,
            legendgroup=name,
        ),
        row=row,
        col=col,
    )


def _path(fig, x, y, name, colour, row, col):
    fig.add_trace(
        go.Scatter(
            x=x,
            y=y,
            name=name,
            mode="markers+lines",
            line={"width": 1, "color": colour, "dash": "dot"},
            marker={"size": 9, "color": colour, "symbol": "diamond", "line": {"width": 1, "color": "white"}},
            customdata=np.arange(len(x)),
            hovertemplate="step %{customdata}<br>%{x:.4g}, %{y:.4g}<extra></extra>",
        ),
        row=row,
        col=col,
    )


def _big_titles(fig):
    """Subplot titles as large and dark as the axes; the legend above them."""
    fig.update_annotations(font={"size": FONT_SIZE + 1, "color": "#111111"})
    fig.update_layout(margin={"t": 110}, legend={"y": 1.1})
    return fig


def metric_vs_loss_figure(
    sliced: dict, jumps, on_accuracy: dict, on_loss: dict, *, parameter="w₁", height=640
):
    """2 x 2: accuracy and loss along one weight (top), their derivatives (bottom), with both descents."""
    fig = make_subplots(
        rows=2,
        cols=2,
        shared_xaxes=True,
        vertical_spacing=0.1,
        horizontal_spacing=0.09,
        subplot_titles=(
            "Accuracy (a staircase)",
            "Binary cross-entropy (smooth)",
            "d accuracy / d" + parameter,
            "d loss / d" + parameter,
        ),
    )
    w = sliced["value"]
    _line(fig, w, sliced["accuracy"], "accuracy", STEP_COLOUR, 1, 1, shape="hv")
    _line(fig, w, sliced["loss"], "loss", SMOOTH_COLOUR, 1, 2)
    _line(fig, w, sliced["daccuracy"], "derivative", STEP_COLOUR, 2, 1, showlegend=False)
    _line(fig, w, sliced["dloss"], "derivative", SMOOTH_COLOUR, 2, 2, showlegend=False)
    inside = jumps[(jumps >= w.min()) & (jumps <= w.max())]
    fig.add_trace(
        go.Scatter(
            x=inside,
            y=np.zeros_like(inside),
            name="jumps: no derivative",
            mode="markers",
            marker={"symbol": "line-ns-open", "size": 16, "color": STEP_COLOUR, "line": {"width": 2}},
            hovertemplate="jump at %{x:.4g}<extra></extra>",
        ),
        row=2,
        col=1,
    )
    _path(
        fig, on_accuracy["value"], on_accuracy["accuracy"], "gradient descent on accuracy", PATH_COLOUR, 1, 1
    )
    _path(fig, on_loss["value"], on_loss["loss"], "gradient descent on the loss", PALETTE[3], 1, 2)
    fig.update_xaxes(title_text=parameter, row=2)
    styled(fig, height=height)
    return _big_titles(fig)


def softmax_figure(sliced: dict, *, logit="z₁", cls="class 1", height=520):
    """Argmax's jump against softmax's smooth curve (top) and their derivatives (bottom)."""
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.12,
        subplot_titles=(f"Output for {cls}", f"Derivative with respect to {logit}"),
    )
    z = sliced["value"]
    _line(fig, z, sliced["argmax"], "argmax (one-hot)", STEP_COLOUR, 1, 1, shape="hv")
    _line(fig, z, sliced["softmax"], "softmax probability", SMOOTH_COLOUR, 1, 1)
    _line(fig, z, sliced["dargmax"], "argmax", STEP_COLOUR, 2, 1, showlegend=False)
    _line(fig, z, sliced["dsoftmax"], "softmax", SMOOTH_COLOUR, 2, 1, showlegend=False)
    fig.update_xaxes(title_text=logit, row=2)
    styled(fig, height=height)
    return _big_titles(fig)


def dead_histogram(counts, units: int, *, height=380):
    """How many layers (one per seed) had 0, 1, 2, ... dead units."""
    tally = np.bincount(np.asarray(counts, dtype=int), minlength=1)
    fig = go.Figure(
        go.Bar(
            x=np.arange(tally.size),
            y=tally,
            marker_color=PALETTE[0],
            name="layers",
            hovertemplate="%{y} layers with %{x} dead units<extra></extra>",
        )
    )
    fig.update_xaxes(range=[-0.6, max(tally.size, 2) - 0.4], dtick=1 if tally.size <= 20 else None)
    return styled(fig, x=f"dead units (of {units})", y="number of seeds", height=height)


def slopes_figure(relu_slopes, leaky_slopes, alpha: float, *, height=380):
    """Each unit's mean activation slope over the data: ReLU vs leaky ReLU (0 means dead)."""
    units = np.arange(1, len(relu_slopes) + 1)
    fig = go.Figure()
    fig.add_trace(go.Bar(x=units, y=relu_slopes, name="ReLU", marker_color=STEP_COLOUR))
    fig.add_trace(
        go.Bar(x=units, y=leaky_slopes, name=f"leaky ReLU (α = {alpha:g})", marker_color=SMOOTH_COLOUR)
    )
    fig.update_yaxes(range=[0, 1.05])
    fig.update_layout(barmode="group", bargap=0.25)
    return styled(fig, x="unit", y="mean slope f′(z) over the data", height=height)
