"""The page's figures, as ``ui.figures.figure`` specs.

``playground``: the network drawn with its weights, the heat map of its predictions over the
input plane with the data, and the loss and accuracy curves, all in one figure whose frames
(the saved epochs) the browser plays and scrubs without asking the server. ``inside``: the
gradient size and the dead units per layer against the epoch.

A heat map is a small PNG image (``ui.figures.heat_image`` of ``runs.heat_values``) that a frame
swaps without redrawing the figure (a heat map trace would make Plotly.js draw all five panels
again on every frame); the network's coordinates travel as integers: a frame is a few
kilobytes, 40 frames well under a megabyte.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from topics.train_a_network.runs import LEVELS, Run, Split, Trained, box, target_scale
from ui.animation import animated
from ui.figures import PALETTE, cells_range, figure, heat_image, image_layer, line, tint

CLASS_COLOURS = (PALETTE[1], PALETTE[0], PALETTE[2], PALETTE[3])  # class 0 orange, 1 blue, as in Playground
POSITIVE, NEGATIVE = PALETTE[0], PALETTE[1]  # weight signs: blue > 0, orange < 0
RUN_COLOURS = {"A": "#000000", "B": PALETTE[3]}
WIDTHS = (0.7, 1.8, 3.2, 5.5)  # edge widths for |w| in the four quarters of the largest |w|
FADE = 0.55  # the heat map's strongest colour: this share of the class colour, the rest white
HEIGHT = 820
TOP, BOTTOM = (0.46, 1.0), (0.0, 0.32)
TOP_MARGIN = {False: 80, True: 110}  # px above the panels for the legend and one- or two-line titles


def colourscale(output: str, n_classes: int) -> list:
    """The heat map's colours for the integer values of ``runs.heat_values``."""
    if output == "softmax":
        top = LEVELS * n_classes - 1
        stops = []
        for c in range(n_classes):
            stops += [
                [LEVELS * c / top, tint(CLASS_COLOURS[c], 0.08)],
                [(LEVELS * c + LEVELS - 1) / top, tint(CLASS_COLOURS[c], FADE)],
            ]
        return stops
    low, high = CLASS_COLOURS[0], CLASS_COLOURS[1]
    return [[0.0, tint(low, FADE)], [0.5, "#ffffff"], [1.0, tint(high, FADE)]]


def _heat_range(output: str, n_classes: int, data: Split) -> dict:
    if output == "softmax":
        return {"zmin": 0, "zmax": LEVELS * n_classes - 1}
    if output == "sigmoid":
        return {"zmin": 0, "zmax": LEVELS}
    lo, hi = target_scale(data)
    return {"zmin": round(LEVELS * lo), "zmax": round(LEVELS * hi)}


# -- the network drawn ----------------------------------------------------------------------


def node_positions(layer_sizes) -> list[tuple[np.ndarray, np.ndarray]]:
    """(x, y) of each layer's nodes: layer l at x = 4 l, its k nodes at y = k - 1, k - 3, ..., 1 - k."""
    return [(np.full(k, 4 * l), np.arange(k - 1, -k, -2)) for l, k in enumerate(layer_sizes)]


def _edges(layer_sizes):
    """The end points of every edge (x0, y0, x1, y1), in the order of the flattened weights W_l[i, j]."""
    nodes = node_positions(layer_sizes)
    ends = []
    for (xa, ya), (xb, yb) in zip(nodes[:-1], nodes[1:], strict=True):
        i, j = np.meshgrid(np.arange(len(xa)), np.arange(len(xb)), indexing="ij")
        ends.append(np.column_stack([xa[i.ravel()], ya[i.ravel()], xb[j.ravel()], yb[j.ravel()]]))
    return np.vstack(ends)


def weights_only(net, params: np.ndarray) -> np.ndarray:
    """The kernel weights W_1, W_2, ... of ``params`` (rows: epochs) in one array per row, biases left out."""
    columns = []
    start = 0
    for fan_in, fan_out in zip(net.layer_sizes[:-1], net.layer_sizes[1:], strict=True):
        columns.append(np.arange(start, start + fan_in * fan_out))
        start += fan_in * fan_out + fan_out
    return params[..., np.concatenate(columns)]


def _segments(ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """x and y of line segments separated by None (one Plotly trace draws them all)."""
    x = np.empty(3 * len(ends), dtype=object)
    y = np.empty(3 * len(ends), dtype=object)
    x[0::3], x[1::3], y[0::3], y[1::3] = ends[:, 0], ends[:, 2], ends[:, 1], ends[:, 3]
    return x, y


def edge_traces(ends: np.ndarray, weights: np.ndarray, largest: float) -> list[dict]:
    """Eight traces: the edges by sign (colour) and by size (width, in quarters of ``largest``)."""
    level = np.minimum((4 * np.abs(weights) / largest).astype(int), 3)
    positive = weights > 0
    traces = []
    for sign, colour in ((positive, POSITIVE), (~positive, NEGATIVE)):
        for q, width in enumerate(WIDTHS):
            x, y = _segments(ends[sign & (level == q)])
            traces.append({"x": x, "y": y, "line": {"color": colour, "width": width}})
    return traces


def _frame_index(run: Run, epoch: int) -> int:
    """The run's last saved frame at or before ``epoch`` (a run that diverged stays at its last one)."""
    return max(int(np.searchsorted(run.frames, epoch, side="right")) - 1, 0)


def _node_trace(net, feature_names) -> dict:
    nodes = node_positions(net.layer_sizes)
    x = np.concatenate([xs for xs, _ in nodes])
    y = np.concatenate([ys for _, ys in nodes])
    labels = list(feature_names)
    for l, k in enumerate(net.layer_sizes[1:-1], start=1):
        labels += [f"layer {l}, unit {j + 1}" for j in range(k)]
    outputs = net.layer_sizes[-1]
    labels += ["ŷ"] if outputs == 1 else [f"class {c}" for c in range(outputs)]
    text = list(feature_names) + [""] * (len(x) - len(feature_names))
    return {
        "type": "scatter",
        "mode": "markers+text",
        "x": x,
        "y": y,
        "text": text,
        "textposition": "middle left",
        "cliponaxis": False,  # the input names and the output unit stay whole in a narrow panel
        "customdata": labels,
        "hovertemplate": "%{customdata}<extra></extra>",
        "marker": {"size": 16, "color": "#ffffff", "line": {"color": "#333333", "width": 1.5}},
        "showlegend": False,
        "xaxis": "x",
        "yaxis": "y",
    }


# -- the data and the heat map ----------------------------------------------------------------


def _points(data: Split, output: str, axes: int, legend: bool) -> list[dict]:
    xa, ya = f"x{axes}", f"y{axes}"
    traces = []
    for name, X, y, outline, symbol in (
        ("training points", data.X_train, data.y_train, "#ffffff", "circle"),
        ("test points", data.X_test, data.y_test, "#000000", "circle"),
    ):
        if output == "linear":
            lo, hi = target_scale(data)
            marker = {"color": y, "cmin": lo, "cmax": hi, "colorscale": colourscale("linear", 0)}
        else:
            marker = {"color": [CLASS_COLOURS[int(c) % len(CLASS_COLOURS)] for c in y]}
        marker.update(size=6, symbol=symbol, line={"color": outline, "width": 1})
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": X[:, 0],
                "y": X[:, 1],
                "name": name,
                "marker": marker,
                "showlegend": legend,
                "hoverinfo": "skip",
                "xaxis": xa,
                "yaxis": ya,
            }
        )
    return traces


@st.cache_data(max_entries=32, show_spinner=False)
def heat_sources(heat: np.ndarray, scale: list, zmin: int, zmax: int) -> list[str]:
    """Every saved epoch's heat map of a run (``run.heat``) as a PNG data URI, encoded once per
    run: a rerun that draws the same run again (another section's control moved) reuses them."""
    return [heat_image(z, scale, zmin, zmax) for z in heat]


def _heat_layers(data: Split, output: str, n_classes: int, runs: dict[str, Run], cells) -> list[list[dict]]:
    """Each run's heat maps as layout images over the cells ``cells`` (``runs.box``) on its own axes
    (2, 3), one per saved frame."""
    scale, zrange = colourscale(output, n_classes), _heat_range(output, n_classes, data)
    zmin, zmax = zrange["zmin"], max(zrange["zmax"], zrange["zmin"] + 1)
    return [
        [image_layer(source, *cells, axes=str(2 + i)) for source in heat_sources(run.heat, scale, zmin, zmax)]
        for i, run in enumerate(runs.values())
    ]


# -- the curves -------------------------------------------------------------------------------


def _curve_traces(runs: dict[str, Run], regression: bool) -> list[dict]:
    traces = []
    panels = [("loss", 4)] + ([] if regression else [("accuracy", 5)])
    for quantity, axes in panels:
        for label, run in runs.items():
            for part, dash in (("train", None), ("test", "dot")):
                values = getattr(run, f"{part}_{quantity}")
                epochs = np.arange(len(values))
                group = part + (f" {label}" if len(runs) > 1 else "")  # one legend entry for both panels
                name = f"{part} {quantity}" + (f" {label}" if len(runs) > 1 else "")
                traces.append(
                    line(
                        epochs,
                        np.maximum(values, 1e-12) if quantity == "loss" else values,
                        group,
                        colour=RUN_COLOURS[label],
                        width=2,
                        dash=dash,
                        xaxis=f"x{axes}",
                        yaxis=f"y{axes}",
                        hovertemplate=f"{name}<br>epoch %{{x}}: %{{y:.4g}}<extra></extra>",
                        legendgroup=group,
                        showlegend=quantity == "loss",
                    )
                )
    return traces


def _loss_range(runs: dict[str, Run]) -> tuple[float, float]:
    values = np.concatenate([np.r_[run.train_loss, run.test_loss] for run in runs.values()])
    values = np.maximum(values[np.isfinite(values)], 1e-12)
    return float(values.min()), float(values.max())


def _marker_traces(epoch: int, loss_range, regression: bool) -> list[dict]:
    """The epoch shown, as a vertical line on the loss (and accuracy) panel."""
    lo, hi = loss_range
    marks = [{"type": "scatter", "x": [epoch, epoch], "y": [lo, hi]}]
    if not regression:
        marks.append({"type": "scatter", "x": [epoch, epoch], "y": [0.0, 1.0]})
    return marks


# -- the figure ---------------------------------------------------------------------------------


def _axes(compare: bool, regression: bool, loss_range, layer_sizes, heat_box) -> dict:
    plain = {"showgrid": False, "zeroline": False, "showticklabels": False, "title": {"text": None}}
    x1_range, x2_range = (cells_range(centres) for centres in heat_box)
    gridless = {"showgrid": False, "zeroline": False}
    widest = max(layer_sizes)
    if compare:
        network_x, a_x, b_x, right = (0.0, 0.27), (0.36, 0.66), (0.71, 1.0), 3.5
    else:
        network_x, a_x, b_x, right = (0.0, 0.42), (0.52, 1.0), None, 1.5
    layout = {
        # room on the left for the input features' names, on the right for the next panel's x2 title
        "xaxis": {**plain, "domain": list(network_x), "range": [-3.0, 4 * (len(layer_sizes) - 1) + right]},
        "yaxis": {**plain, "domain": list(TOP), "range": [-widest, widest]},
        # the heat map is an image: its axes span its cells, as they would a heat map trace's, and
        # draw no grid (a layout image lies above it)
        "xaxis2": {
            "domain": list(a_x),
            "anchor": "y2",
            "title": {"text": "x1"},
            "range": x1_range,
            **gridless,
        },
        "yaxis2": {
            "domain": list(TOP),
            "anchor": "x2",
            "title": {"text": "x2"},
            "range": x2_range,
            **gridless,
        },
    }
    if b_x:
        layout["xaxis3"] = {
            "domain": list(b_x), "anchor": "y3", "title": {"text": "x1"}, "range": x1_range, **gridless
        }  # fmt: skip
        layout["yaxis3"] = {"domain": list(TOP), "anchor": "x3", "matches": "y2", **gridless}
    lo, hi = loss_range
    loss_x = (0.0, 1.0) if regression else (0.0, 0.46)
    layout["xaxis4"] = {"domain": list(loss_x), "anchor": "y4", "title": {"text": "epoch"}}
    layout["yaxis4"] = {
        "domain": list(BOTTOM),
        "anchor": "x4",
        "type": "log",
        "range": [np.log10(lo) - 0.05, np.log10(hi) + 0.05],
        "title": {"text": "loss"},
    }
    if not regression:
        layout["xaxis5"] = {"domain": [0.54, 1.0], "anchor": "y5", "title": {"text": "epoch"}}
        layout["yaxis5"] = {
            "domain": list(BOTTOM),
            "anchor": "x5",
            "range": [0, 1.02],
            "tickformat": ".0%",
            "title": {"text": "accuracy"},
        }
    return layout


def _titles(compare: bool, regression: bool, runs: dict[str, Run], labels: dict[str, str]) -> list[dict]:
    def title(text, axes):
        return {
            "text": f"<b>{text}</b>",
            "xref": f"x{axes} domain",
            "yref": f"y{axes} domain",
            "x": 0.5,
            "y": 1.0,
            "yanchor": "bottom",
            "showarrow": False,
        }

    # Compared, each title takes two lines: on one, three panels' titles run into each other
    # in a column under 1,000 px wide.
    network = "network A<br>blue w > 0, orange w < 0" if compare else "network (blue w > 0, orange w < 0)"
    what = "prediction" if regression else "decision boundary"
    panels = [f"{what} {name}<br>{labels[name]}" if compare else what for name in runs]
    return [title(network, ""), *(title(text, 2 + i) for i, text in enumerate(panels))]


def playground(trained: Trained, labels: dict[str, str]) -> dict:
    """The animated figure: network, heat map(s) with the data, loss and accuracy; frames = saved epochs.

    ``labels`` names each run shown (e.g. {"A": "Adam, η 0.01, batch 10"}).
    """
    runs = {"A": trained.a, **({"B": trained.b} if trained.b is not None else {})}
    net, data, architecture = trained.net, trained.data, trained.architecture
    output, n_classes = architecture.output, net.n_outputs
    regression = output == "linear"
    compare = len(runs) > 1
    a = trained.a
    ends = _edges(net.layer_sizes)
    weights = weights_only(net, a.params)
    largest = float(np.abs(weights).max()) or 1.0
    longest = max(runs.values(), key=lambda run: run.last_epoch)
    frames_at = longest.frames  # the saved epochs of the run that went furthest
    last = len(frames_at) - 1
    loss_range = _loss_range(runs)

    cells = box(data)
    layers = _heat_layers(data, output, n_classes, runs, cells)

    def heat(epoch):
        return [images[_frame_index(run, epoch)] for images, run in zip(layers, runs.values(), strict=True)]

    def edges(epoch):
        return edge_traces(ends, weights[min(epoch, a.last_epoch)], largest)

    shown = int(frames_at[last])
    traces = [
        {"type": "scatter", "mode": "lines", "hoverinfo": "skip", "showlegend": False, "opacity": 0.85, **t}
        for t in edges(shown)
    ]
    animated_traces = list(range(len(traces)))
    traces.append(_node_trace(net, architecture.features))
    for i in range(len(runs)):
        traces += _points(data, output, 2 + i, legend=i == 0)
    traces += _curve_traces(runs, regression)
    for axes, mark in zip((4, 5), _marker_traces(shown, loss_range, regression), strict=False):
        animated_traces.append(len(traces))
        traces.append(
            line(mark["x"], mark["y"], None, colour="#888888", width=1.5, showlegend=False, hoverinfo="skip",
                 xaxis=f"x{axes}", yaxis=f"y{axes}")
        )  # fmt: skip

    frames = []
    for epoch in frames_at.tolist():
        data_f = [{"type": "scatter", "x": t["x"], "y": t["y"]} for t in edges(epoch)]
        data_f += _marker_traces(epoch, loss_range, regression)
        frames.append(
            {"name": str(epoch), "traces": animated_traces, "data": data_f, "layout": {"images": heat(epoch)}}
        )

    spec = figure(
        traces,
        height=HEIGHT,
        annotations=_titles(compare, regression, runs, labels),
        # the legend at the top of the figure, above the panels' titles (not on them)
        legend={"orientation": "h", "yref": "container", "y": 1.0, "yanchor": "top", "x": 0},
        margin={"t": TOP_MARGIN[compare]},
        images=heat(shown),
        **_axes(compare, regression, loss_range, net.layer_sizes, cells),
    )
    return animated(spec, frames, prefix="epoch ", active=last, replay=True)


def inside(trained: Trained) -> dict:
    """Gradient size ||dL/dW_l|| per layer (log scale) and dead units per hidden layer, against the epoch."""
    runs = {"A": trained.a, **({"B": trained.b} if trained.b is not None else {})}
    n_layers = len(trained.net.layer_sizes) - 1
    traces = []
    for label, run in runs.items():
        dash = None if label == "A" else "dash"
        suffix = f" ({label})" if len(runs) > 1 else ""
        for l in range(n_layers):
            name = f"layer {l + 1}" + (" (output)" if l == n_layers - 1 else "") + suffix
            traces.append(
                line(run.inside_epochs, np.maximum(run.gradient_norms[:, l], 1e-16), name,
                     colour=PALETTE[l % len(PALETTE)], dash=dash, width=2, legendgroup=f"layer {l}")
            )  # fmt: skip
        for l in range(run.dead.shape[1]):
            traces.append(
                line(run.inside_epochs, run.dead[:, l], f"dead units, layer {l + 1}{suffix}",
                     colour=PALETTE[l % len(PALETTE)], dash=dash, width=2, xaxis="x2", yaxis="y2",
                     showlegend=False, legendgroup=f"layer {l}",
                     hovertemplate=f"layer {l + 1}{suffix}<br>epoch %{{x}}: %{{y}} dead<extra></extra>")
            )  # fmt: skip
    largest_layer = max(trained.net.hidden, default=1)
    return figure(
        traces,
        height=400,
        x="epoch",
        y="‖dL/dW‖ (log scale)",
        xaxis={"domain": [0.0, 0.58]},
        yaxis={"type": "log", "exponentformat": "power"},
        xaxis2={"domain": [0.68, 1.0], "anchor": "y2", "title": {"text": "epoch"}},
        yaxis2={"anchor": "x2", "range": [-0.2, largest_layer + 0.2], "dtick": 1,
                "title": {"text": "dead units (slope 0 on every example)"}},
    )  # fmt: skip
