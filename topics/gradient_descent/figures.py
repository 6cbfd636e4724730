"""The "Gradient descent" page's figures: specs built with ``ui.figures.figure`` from arrays the runs return."""

from __future__ import annotations

import numpy as np

from ui.animation import animated
from ui.figures import LINE_WIDTH, PALETTE, bounded_log, contour, curve_with_steps, figure, line, star

COLORS = {"Batch GD": PALETTE[0], "Stochastic GD": PALETTE[1], "Mini-batch GD": PALETTE[2]}
FEW = 60  # a path or curve with at most this many points gets a marker at each


def _point(xy, name, *, size, colour, width=2):
    """An open marker (white, with a coloured rim) at ``xy``: where a run starts."""
    return {
        "type": "scatter",
        "x": [float(xy[0])],
        "y": [float(xy[1])],
        "name": name,
        "mode": "markers",
        "marker": {"size": size, "color": "white", "line": {"width": width, "color": colour}},
    }


def paths(w, b, z, runs, minimum, *, height=620) -> dict:
    """Loss contours over (w, b), every variant's path (thinned), the start and the least-squares star."""
    traces = [
        contour(
            w,
            b,
            np.sqrt(z - z.min()),
            log_levels=False,
            colorscale=[[0, "#F7FBFF"], [1, "#6BAED6"]],
            reversescale=False,
            ncontours=15,
        )
    ]
    for rank, run in enumerate(runs.values()):
        path = run.history.params[run.rows]
        few = len(path) <= FEW
        colour = COLORS[run.name]
        trace = line(
            path[:, 0],
            path[:, 1],
            run.name,
            colour=colour,
            width=LINE_WIDTH * (1 if few else 0.6),
            markers=few,
            marker={"size": 7, "color": colour},
            legendrank=rank,
        )
        # the long, jittery paths first (just above the contours), the short ones on top
        traces.insert(1 if not few else len(traces), trace)
    start = runs[next(iter(runs))].history.params[0]
    traces.append(_point(start, "start θ₀", size=12, colour="black"))
    traces.append(star(minimum, "least squares"))
    axes = {"xaxis": {"range": [w[0], w[-1]]}, "yaxis": {"range": [b[0], b[-1]]}}
    return figure(traces, x="w", y="b", height=height, **axes)


def learning_curves(runs, *, by_examples: bool, height=310) -> dict:
    """Full-data loss of each variant against epochs, or against examples processed (log scale)."""
    traces = []
    for run in runs.values():
        if by_examples:
            xs, ys, markers = run.examples, run.loss, False
        else:
            ys = run.history.epoch_loss
            xs, markers = np.arange(len(ys)), len(ys) <= FEW
        colour = COLORS[run.name]
        traces.append(line(xs, ys, run.name, colour=colour, markers=markers, legendrank=len(traces)))
    traces.sort(key=lambda trace: -len(trace["x"]))  # the noisiest (longest) drawn first, beneath
    title = "Loss after each step, by examples processed" if by_examples else "Loss after each epoch"
    x = "examples processed (gradient evaluations)" if by_examples else "epoch"
    traces, yaxis = bounded_log(traces, x_name=x.split(" (")[0])  # a diverging run leaves at the top
    return figure(traces, title=title, x=x, y="loss on all the data", yaxis=yaxis, height=height)


def pitfalls(fn, path, *, height=420) -> dict:
    """The 1-D cost and the steps x_0, x_1, ... on it (numbered in the hover), the start marked."""
    fig = curve_with_steps(
        *fn.grid(), path.x, path.fx, x="x", y="cost f(x)", curve_name="cost f", height=height
    )
    fig["data"].append(_point((path.x[0], path.fx[0]), "start x₀", size=14, colour=PALETTE[1], width=2.5))
    return fig


def start_name(x0) -> str:
    """A scrubber frame's name: the start x0 as the slider under the chart shows it."""
    return f"{float(x0):g}"


def pitfalls_scrubber(fn, paths: dict, x0, *, height=500) -> dict:
    """``pitfalls`` at the start ``x0``, with a slider under it over the starts of ``paths``
    (x0 -> descent, ``runs.pitfall_frames``): dragging it redraws the steps in the browser."""
    fig = pitfalls(fn, paths[float(x0)], height=height)
    frames = []
    for start, path in paths.items():
        steps, begin = pitfalls(fn, path)["data"][1:3]
        changed = [
            {key: trace[key] for key in ("x", "y", "customdata") if key in trace} for trace in (steps, begin)
        ]
        frames.append({"name": start_name(start), "traces": [1, 2], "data": changed})
    return animated(fig, frames, prefix="start x₀ = ", play=False, active=list(paths).index(float(x0)))


def well(problem, runs, *, height=400) -> dict:
    """The double well F(w), a few examples' tilted losses, and where each run (``runs.well_runs``) ended."""
    w = np.linspace(-1.9, 1.9, 300)
    # a few examples' losses as one trace, separated by gaps
    chosen = problem.example_losses(w)[np.linspace(0, problem.n_examples - 1, 5).round().astype(int)]
    gap = np.full((len(chosen), 1), np.nan)
    traces = [
        line(
            np.tile(np.append(w, np.nan), len(chosen)),
            np.hstack([chosen, gap]).ravel(),
            "some examples' losses fᵢ",
            colour="#BBBBBB",
            width=1,
            hoverinfo="skip",
        ),
        line(w, problem.mean_loss(w), "mean loss F", colour="black"),
    ]
    for (name, (_, path, _)), colour in zip(runs.items(), (PALETTE[0], PALETTE[2]), strict=False):
        ends = np.array([path[0], path[-1]])
        ends = ends[np.abs(ends) <= w[-1]]  # a diverged run ends far off the chart
        traces.append(
            {
                "type": "scatter",
                "x": ends,
                "y": problem.mean_loss(ends),
                "mode": "markers",
                "name": f"{name}: start → end",
                "marker": {"size": [10, 16], "color": colour, "symbol": ["circle-open", "circle"]},
            }
        )
    return figure(traces, x="w", y="loss", height=height, yaxis={"range": [-1, 6]})


def trajectory(problem, runs, *, height=400) -> dict:
    """w against epochs for each run, with the shallow minimum, the barrier and the deep minimum."""
    traces = [
        line(epochs, w, name, colour=colour)
        for (name, (epochs, w, _)), colour in zip(runs.items(), (PALETTE[0], PALETTE[2]), strict=False)
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
    return figure(
        traces,
        x="epoch",
        y="w",
        height=height,
        shapes=shapes,
        annotations=annotations,
        yaxis={"range": [-1.9, 1.9]},
    )


def escape(shares, chosen, *, height=380) -> dict:
    """Share of seeds that escape the shallow minimum, one bar per batch size (the chosen one highlighted)."""
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
    return figure(
        [bar],
        x="batch size m (100 = batch gradient descent)",
        y="% of seeds that escape",
        height=height,
        yaxis={"range": [0, 115]},
        xaxis={"type": "category"},
    )
