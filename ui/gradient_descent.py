"""Figures, controls and code snippets of the page "Gradient descent" (each figure built in one call)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

import gdcore
from ui import datasets
from ui.code import fmt
from ui.datasets import Dataset
from ui.figures import PALETTE, light_layout, line_width
from ui.page import metrics_row
from ui.upload import csv_data

BIND = {"bind": "query-params"}
BATCH_SIZES = (1, 2, 3, 4, 5, 8, 10, 20, 50, 100)  # for the escape share; 100 = all the examples
WELL = gdcore.TiltedDoubleWell(n_examples=100, spread=4.0)
W0 = -1.2  # left of the shallow minimum
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


def choose_data() -> Dataset:
    """The data's sidebar controls: the synthetic line, or the student's own CSV file.

    The one place that decides which data the three variants train on. Until a valid
    file is uploaded, the page says so and keeps to the default synthetic line.
    """
    labels = datasets.LABELS["synthetic"], datasets.LABELS["upload"]
    if st.selectbox("Data", labels, key="gd_data", **BIND) == datasets.LABELS["upload"]:
        return csv_data("gd_upload", meanwhile="using the synthetic line") or datasets.synthetic()
    n = st.slider("Number of points n", 10, 500, 100, 10, key="n", **BIND)
    noise = st.slider("Noise (standard deviation)", 0.0, 5.0, 1.0, 0.1, key="noise", **BIND)
    seed = st.number_input("Data seed", 0, 10_000, 0, key="data_seed", **BIND)
    return datasets.synthetic(n, noise, int(seed))


def divergence_message(run, eta, epochs):
    """What to say when a variant diverged (where) or is diverging (its loss grows), else None."""
    k, start = run.history.diverged_at, run.history.epoch_loss[0]
    if k is not None:
        return (
            f"{run.name} diverged at step {k} (epoch {run.diverged_epoch + 1} of {epochs}): η = {eta:g} "
            f"is too large for {run.batch_size} example(s) per step. The path shows the steps before it."
        )
    if run.final_loss > start:
        return f"{run.name} is diverging: the loss grows from {start:.4g} to {run.final_loss:.4g}, η = {eta:g} is too large."
    return None


def variants_table(runs) -> dict:
    """One row per variant: batch size, steps, examples processed, final (w, b) and loss."""
    runs = list(runs.values())
    return {
        "variant": [r.name for r in runs],
        "batch size m": [r.batch_size for r in runs],
        "steps": [r.history.n_steps for r in runs],
        "examples processed": [int(r.examples[-1]) for r in runs],
        "final w": [r.final_params[0] for r in runs],
        "final b": [r.final_params[1] for r in runs],
        "final loss": [r.final_loss for r in runs],
    }


@st.cache_data(max_entries=16)
def well_runs(batch_size, eta, epochs, seed) -> dict:
    """Batch GD and mini-batch GD from W0 on WELL: name -> (epoch of each kept row, w there, diverged_at)."""
    out = {}
    for name, m in (("Batch GD", None), (f"Mini-batch GD (m = {batch_size})", batch_size)):
        history = gdcore.descend_well(WELL, W0, eta, batch_size=m, epochs=epochs, seed=seed)
        rows = gdcore.thin_indices(len(history.params))
        per_epoch = 1 if m is None or m >= WELL.n_examples else -(-WELL.n_examples // m)
        out[name] = (rows / per_epoch, history.params[rows, 0], history.diverged_at)
    return out


@st.cache_data(max_entries=16)
def escape_shares(eta, epochs, n_seeds, chosen) -> dict:
    """gdcore.escape_shares on WELL for BATCH_SIZES and the chosen batch size."""
    sizes = sorted({*BATCH_SIZES, chosen})
    return gdcore.escape_shares(WELL, W0, eta, sizes, epochs=epochs, n_seeds=n_seeds)


def pitfall_summary(path, eta) -> None:
    """Where a 1-D descent stopped (if it did), then its start, end and the cost there as metrics."""
    if path.stop_step is not None:
        st.warning(
            f"Step {path.stop_step} {path.stop_reason} (x = {path.rejected_x:.4g}): η = {eta:g} is too large. "
            "The curve shows the steps before it.",
            icon=":material/warning:",
        )
    metrics_row(
        ("Start x₀", f"{path.x[0]:.2f}"),
        (f"x after {path.steps_taken} steps", f"{path.x[-1]:.3f}"),
        (
            "f(x) there",
            f"{path.fx[-1]:.3f}",
            {"delta": f"{path.fx[-1] - path.fx[0]:+.3f}", "delta_color": "inverse"},
        ),
    )


def well_ending(w, diverged_at):
    """(value, verdict) for a metric saying where a run on the double well ended."""
    if diverged_at is not None:
        return "diverged", f"at step {diverged_at}"
    return f"{w[-1]:.3f}", "escaped" if w[-1] > WELL.barrier else "stayed in the shallow minimum"


def well_metrics(paths, escaped, chosen, n_seeds) -> None:
    """Where each double-well run ended, and the share of seeds that escape with the chosen batch size."""
    share = escaped["escaped"][list(escaped["batch_size"]).index(chosen)]
    ends = [
        (f"{name} ends at w", *well_ending(w, diverged_at), {"delta_color": "off", "delta_arrow": "off"})
        for name, (_, w, diverged_at) in paths.items()
    ]
    metrics_row(
        *[(label, value, {"delta": verdict, **more}) for label, value, verdict, more in ends],
        (f"Seeds that escape with m = {chosen}", f"{share:.0%}", {"help": f"Seeds 0 to {n_seeds - 1}."}),
    )


def well_divergence_warning(escaped, paths, eta) -> None:
    if escaped["diverged"].any() or any(k is not None for *_, k in paths.values()):
        st.warning(
            f"Some runs diverged (w overflowed): η = {eta:g} is too large for this loss.",
            icon=":material/warning:",
        )


def view_grid(problem, start, minimum, size=70):
    """A (w, b) grid around the start and the least-squares solution, and the loss on it."""
    centre = (np.asarray(start) + np.asarray(minimum)) / 2
    half = max(float(np.max(np.abs(np.asarray(start) - np.asarray(minimum)))) * 0.8, 1.0)
    w = np.linspace(centre[0] - half, centre[0] + half, size)
    b = np.linspace(centre[1] - half, centre[1] + half, size)
    return w, b, problem.loss_grid(w[None, :], b[:, None])


def figure(traces, layout) -> go.Figure:
    """A figure from plain trace dicts, without Plotly's per-property validation.

    Validation costs about 4 ms per trace, and this page draws about twenty
    traces per rerun; the dicts below use only standard Plotly properties (the
    page test rebuilds every figure with validation on to check them).
    """
    return go.Figure(traces, layout, _validate=False)


def _line(xs, ys, name, color, *, width=None, mode="lines", **extra):
    """A scatter trace dict (WebGL only past 5000 points: it would hide the SVG markers under it)."""
    return {
        "type": "scattergl" if len(xs) > 5000 else "scatter",
        "x": np.asarray(xs),
        "y": np.asarray(ys),
        "name": name,
        "mode": mode,
        "line": {"width": width or line_width(), "color": color},
        **extra,
    }


def _star(point, name):
    return {
        "type": "scatter",
        "x": [float(point[0])],
        "y": [float(point[1])],
        "name": name,
        "mode": "markers",
        "marker": {
            "symbol": "star",
            "size": 18,
            "color": "#F0E442",
            "line": {"width": 1.5, "color": "black"},
        },
    }


def contour(w, b, z, runs, minimum, *, height=620):
    """Loss contours over (w, b), every variant's path (thinned), the start and the least-squares star."""
    traces = [
        {
            "type": "contour",
            "x": w,
            "y": b,
            "z": np.sqrt(z - z.min()),
            "colorscale": [[0, "#F7FBFF"], [1, "#6BAED6"]],
            "showscale": False,
            "contours": {"coloring": "heatmap"},
            "ncontours": 15,
            "line": {"width": 0.5},
            "hoverinfo": "skip",
            "name": "loss",
        }
    ]
    for rank, run in enumerate(runs.values()):
        path = run.history.params[run.rows]
        few = len(path) <= 60
        trace = _line(
            path[:, 0],
            path[:, 1],
            run.name,
            COLORS[run.name],
            width=line_width() * (1 if few else 0.6),
            mode="lines+markers" if few else "lines",
            marker={"size": 7, "color": COLORS[run.name]},
            legendrank=rank,
        )
        # the long, jittery paths first (just above the contours), the short ones on top
        traces.insert(1 if not few else len(traces), trace)
    start = runs[next(iter(runs))].history.params[0]
    traces.append(
        {
            "type": "scatter",
            "x": [float(start[0])],
            "y": [float(start[1])],
            "name": "start θ₀",
            "mode": "markers",
            "marker": {"size": 12, "color": "white", "line": {"width": 2, "color": "black"}},
        }
    )
    traces.append(_star(minimum, "least squares"))
    axes = {"xaxis": {"range": [w[0], w[-1]]}, "yaxis": {"range": [b[0], b[-1]]}}
    return figure(traces, light_layout(x="w", y="b", height=height, **axes))


def learning_curves(runs, *, by_examples, height=310):
    """Full-data loss of each variant against epochs, or against examples processed (log scale)."""
    traces = []
    for run in runs.values():
        if by_examples:
            xs, ys, mode = run.examples, run.loss, "lines"
        else:
            ys = run.history.epoch_loss
            xs, mode = np.arange(len(ys)), "lines+markers" if len(ys) <= 60 else "lines"
        traces.append(_line(xs, ys, run.name, COLORS[run.name], mode=mode, legendrank=len(traces)))
    traces.sort(key=lambda trace: -len(trace["x"]))  # the noisiest (longest) drawn first, beneath
    title = "Loss after each step, by examples processed" if by_examples else "Loss after each epoch"
    x = "examples processed (gradient evaluations)" if by_examples else "epoch"
    layout = light_layout(title=title, x=x, y="loss on all the data", yaxis={"type": "log"}, height=height)
    return figure(traces, layout)


def pitfalls_figure(fn, path, *, height=420):
    """The 1-D cost and the steps x_0, x_1, ... on it (numbered in the hover)."""
    xs, fx = fn.grid()
    steps = _line(
        path.x,
        path.fx,
        "steps",
        PALETTE[1],
        width=1.5,
        mode="lines+markers",
        marker={"size": 9, "color": PALETTE[1]},
        customdata=np.arange(len(path.x)),
        hovertemplate="step %{customdata}<br>x=%{x:.4g}<br>f=%{y:.4g}<extra></extra>",
    )
    steps["line"]["dash"] = "dot"
    first = {
        "type": "scatter",
        "x": [path.x[0]],
        "y": [path.fx[0]],
        "name": "start x₀",
        "mode": "markers",
        "marker": {"size": 14, "color": "white", "line": {"width": 2.5, "color": PALETTE[1]}},
    }
    traces = [_line(xs, fx, "cost f", PALETTE[0]), steps, first]
    return figure(traces, light_layout(x="x", y="cost f(x)", height=height))


def well_figure(problem, runs, *, height=400):
    """The double well F(w), a few examples' tilted losses, and where each run ended."""
    w = np.linspace(-1.9, 1.9, 300)
    # a few examples' losses as one trace, separated by gaps
    chosen = problem.example_losses(w)[np.linspace(0, problem.n_examples - 1, 5).round().astype(int)]
    gap = np.full((len(chosen), 1), np.nan)
    traces = [
        _line(
            np.tile(np.append(w, np.nan), len(chosen)),
            np.hstack([chosen, gap]).ravel(),
            "some examples' losses fᵢ",
            "#BBBBBB",
            width=1,
            hoverinfo="skip",
        ),
        _line(w, problem.mean_loss(w), "mean loss F", "black"),
    ]
    for (name, path), color in zip(runs.items(), (PALETTE[0], PALETTE[2]), strict=False):
        ends = np.array([path[0], path[-1]])
        ends = ends[np.abs(ends) <= w[-1]]  # a diverged run ends far off the chart
        traces.append(
            {
                "type": "scatter",
                "x": ends,
                "y": problem.mean_loss(ends),
                "mode": "markers",
                "name": f"{name}: start → end",
                "marker": {"size": [10, 16], "color": color, "symbol": ["circle-open", "circle"]},
            }
        )
    return figure(traces, light_layout(x="w", y="loss", height=height, yaxis={"range": [-1, 6]}))


def trajectory_figure(problem, runs, *, height=400):
    """w against epochs for each run, with the shallow minimum, the barrier and the deep minimum."""
    traces = [
        _line(epochs, w, name, color)
        for (name, (epochs, w, _)), color in zip(runs.items(), (PALETTE[0], PALETTE[2]), strict=False)
    ]
    levels = (
        (problem.shallow, "shallow minimum"),
        (problem.barrier, "barrier"),
        (problem.deep, "deep minimum"),
    )
    shapes = [
        {
            "type": "line",
            "xref": "paper",
            "x0": 0,
            "x1": 1,
            "y0": level,
            "y1": level,
            "line": {"dash": "dot", "color": "#777777", "width": 1},
        }
        for level, _ in levels
    ]
    annotations = [
        {
            "xref": "paper",
            "x": 0.01,
            "y": level,
            "text": label,
            "showarrow": False,
            "xanchor": "left",
            "yanchor": "bottom",
            "bgcolor": "rgba(255, 255, 255, 0.8)",
            "font": {"color": "#444444"},
        }
        for level, label in levels
    ]
    layout = light_layout(
        x="epoch", y="w", height=height, shapes=shapes, annotations=annotations, yaxis={"range": [-1.9, 1.9]}
    )
    return figure(traces, layout)


def escape_figure(shares, chosen, *, height=380):
    """Share of seeds that escape the shallow minimum, one bar per batch size."""
    sizes = shares["batch_size"]
    bar = {
        "type": "bar",
        "x": [str(m) for m in sizes],
        "y": shares["escaped"] * 100,
        "marker": {"color": [PALETTE[1] if m == chosen else PALETTE[2] for m in sizes]},
        "text": [f"{s:.0%}" for s in shares["escaped"]],
        "textposition": "outside",
        "name": "escaped",
    }
    layout = light_layout(
        x="batch size m (100 = batch gradient descent)",
        y="% of seeds that escape",
        height=height,
        yaxis={"range": [0, 115]},
        xaxis={"type": "category"},
    )
    return figure([bar], layout)


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
