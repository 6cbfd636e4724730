"""The Optimisers page's pieces: hyperparameter controls, optimiser builders, snippets, figures.

Every number drawn here comes from gdcore (paths, grids, states); this module
only chooses controls, builds gdcore optimisers from them and draws.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

import gdcore
from ui.figures import (
    LINE_WIDTH,
    PALETTE,
    PrebuiltFigure,
    contour_with_paths,
    drawn_once,
    line_width,
    spaced,
    styled,
)

NAMES = ("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam")
LEARNING_RATES = (1e-4, 2e-4, 5e-4, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0)
EPSILONS = (1e-10, 1e-8, 1e-7, 1e-6, 1e-4, 1e-2)
RHOS = (0.5, 0.8, 0.9, 0.95, 0.99, 0.999)
BETA_2S = (0.9, 0.99, 0.999, 0.9999)
# Surfaces whose 3-D view is drawn as log10(1 + f - f_min): their walls are 1e3-1e5 times their floor.
LOG_3D = {"rosenbrock", "beale", "himmelblau", "camel"}
MAX_FRAMES = 60
PLAIN = "−η g (plain gradient step)"
EFFECTIVE = "effective step Δθ"
LOOK_FOR = """
Press **▶ Play**: the race runs in your browser, nothing is recomputed; drag the slider to scrub.

- **SGD** follows the steepest slope: on a narrow valley it zig-zags across and crawls along.
- **Momentum** keeps a velocity: it overshoots, then rolls along the valley floor much faster.
- **Nesterov** looks one velocity step ahead, so it brakes a little earlier.
- **AdaGrad, RMSprop, Adam** rescale each coordinate by its recent gradient sizes: each step is
  about η long whatever the slope. With Keras's default η = 0.001 they barely move here; raise
  their learning rate to 0.1 and compare.
"""
CONVENTIONS = """
The two frameworks write the same optimisers slightly differently (switch **formulas** in the sidebar):
- **ε inside or outside the root**: Keras divides by √(A + ε) in AdaGrad and RMSprop, PyTorch by √A + ε.
- **Adam's ε-hat**: Keras folds the bias corrections into the learning rate and adds ε to √v; PyTorch
  adds ε to √v̂, the bias-corrected moment. On PyTorch's scale Keras's ε acts as ε / √(1 − β₂ᵗ):
  larger in the first steps, the same later.
- **AdaGrad's starting accumulator**: 0.1 in Keras, 0 in PyTorch.
- **Momentum buffer**: Keras keeps a velocity v ← μv − ηg (a step), PyTorch a buffer b ← μb + g (a sum of
  gradients) and steps by −ηb: the same path at a constant learning rate, not with a schedule.
- **Defaults**: RMSprop uses η = 0.001, ρ = 0.9, ε = 1e-7 in Keras but lr = 0.01, alpha = 0.99,
  eps = 1e-8 in PyTorch; AdaGrad η 0.001 vs 0.01; SGD η 0.01 vs 0.001.
"""


def colours(names) -> dict[str, str]:
    """The colour of each shown optimiser: the same as contour_with_paths gives it."""
    return {name: PALETTE[(i + 1) % len(PALETTE)] for i, name in enumerate(names)}


def _rate(label, key, value):
    return st.select_slider(
        label,
        LEARNING_RATES,
        value=value,
        format_func=lambda v: f"{float(v):g}",
        key=key,
        bind="query-params",
    )


def _epsilon(key, value):
    return st.select_slider(
        "epsilon ε",
        EPSILONS,
        value=value,
        format_func=lambda v: f"{float(v):g}",
        key=key,
        bind="query-params",
    )


def hyperparameter_controls(name: str) -> dict:
    """An expander with one optimiser's hyperparameters (Keras defaults); returns them as a dict."""
    k = name.lower()
    with st.expander(name, icon=":material/tune:"):
        if name in ("SGD", "Momentum", "Nesterov"):
            settings = {"learning_rate": _rate("learning rate η", f"{k}_lr", 0.01)}
            if name != "SGD":
                settings["momentum"] = st.slider(
                    "momentum μ", 0.0, 0.99, 0.9, 0.01, key=f"{k}_momentum", bind="query-params"
                )
                settings["nesterov"] = name == "Nesterov"
            return settings
        if name == "AdaGrad":
            return {
                "learning_rate": _rate("learning rate η", f"{k}_lr", 0.001),
                "initial_accumulator_value": st.slider(
                    "initial accumulator", 0.0, 1.0, 0.1, 0.05, key=f"{k}_initial", bind="query-params"
                ),
                "epsilon": _epsilon(f"{k}_epsilon", 1e-7),
            }
        if name == "RMSprop":
            return {
                "learning_rate": _rate("learning rate η", f"{k}_lr", 0.001),
                "rho": st.select_slider("rho ρ", RHOS, value=0.9, key=f"{k}_rho", bind="query-params"),
                "momentum": st.slider(
                    "momentum μ", 0.0, 0.99, 0.0, 0.01, key=f"{k}_momentum", bind="query-params"
                ),
                "epsilon": _epsilon(f"{k}_epsilon", 1e-7),
                "centered": st.checkbox("centered", key=f"{k}_centered", bind="query-params"),
            }
        return {
            "learning_rate": _rate("learning rate η", f"{k}_lr", 0.001),
            "beta_1": st.slider("beta₁ β₁", 0.0, 0.99, 0.9, 0.01, key=f"{k}_beta_1", bind="query-params"),
            "beta_2": st.select_slider(
                "beta₂ β₂", BETA_2S, value=0.999, key=f"{k}_beta_2", bind="query-params"
            ),
            "epsilon": _epsilon(f"{k}_epsilon", 1e-7),
            "amsgrad": st.checkbox("amsgrad", key=f"{k}_amsgrad", bind="query-params"),
        }


CLASSES = {
    "SGD": "SGD",
    "Momentum": "SGD",
    "Nesterov": "SGD",
    "AdaGrad": "Adagrad",
    "RMSprop": "RMSprop",
    "Adam": "Adam",
}


def build(name: str, settings: dict, convention: str):
    """The gdcore optimiser for one entry of NAMES with these hyperparameters."""
    return getattr(gdcore, CLASSES[name])(**settings, convention=convention)


def _arguments(settings: dict) -> str:
    return ", ".join(f"{key}={value!r}" for key, value in settings.items())


def gdcore_snippet(surface_name: str, start, steps: int, settings: dict, convention: str) -> str:
    """Runnable gdcore code that prints each optimiser's final x, y and loss as the table shows them."""
    extra = ', convention="pytorch"' if convention == "pytorch" else ""
    lines = "\n".join(
        f'    "{name}": gdcore.{CLASSES[name]}({_arguments(values)}{extra}),'
        for name, values in settings.items()
    )
    return f'''import gdcore

surface = gdcore.SURFACES["{surface_name}"]
optimisers = {{
{lines}
}}
for name, optimiser in optimisers.items():
    path = gdcore.optimiser_path(surface, {list(map(float, start))}, optimiser, steps={steps})
    x, y = path.params[-1]
    print(name, round(x, 4), round(y, 4), "loss", round(path.loss[-1], 4))
'''


def keras_snippet(surface, start, steps: int, settings: dict) -> str:
    """The same runs in Keras 3 (TensorFlow backend); shown, not run."""
    lines = "\n".join(
        f'    "{name}": keras.optimizers.{CLASSES[name]}({_arguments(values)}),'
        for name, values in settings.items()
    )
    return f"""from math import pi

import keras
import tensorflow as tf
from keras.ops import cos


def f(p):  # {surface.label}
    x, y = p[0], p[1]
    return {surface.expression}


optimisers = {{
{lines}
}}
for name, optimiser in optimisers.items():
    p = keras.Variable({list(map(float, start))})
    for _ in range({steps}):
        with tf.GradientTape() as tape:
            loss = f(p)
        optimiser.apply_gradients([(tape.gradient(loss, p), p)])
    print(name, p.numpy().round(4), "loss", float(f(p)))
"""


# -- figures ------------------------------------------------------------------


def _thin(points: np.ndarray, limit: int = 300) -> np.ndarray:
    """At most ``limit`` rows of a path (every k-th, the last one kept), to keep payloads small."""
    if len(points) <= limit:
        return points
    idx = np.unique(np.append(np.linspace(0, len(points) - 1, limit).round().astype(int), len(points) - 1))
    return points[idx]


def _minima_trace(surface) -> go.Scatter:
    if len(surface.minima):
        xy, name = surface.minima, "minimum" if len(surface.minima) == 1 else "minima"
    else:
        xy, name = np.zeros((1, 2)), "saddle point"
    return go.Scatter(
        x=xy[:, 0],
        y=xy[:, 1],
        name=name,
        mode="markers",
        marker={
            "symbol": "star" if len(surface.minima) else "x",
            "size": 16,
            "color": "#F0E442",
            "line": {"width": 1.5, "color": "black"},
        },
    )


def contour(surface, grid, paths: dict, *, title=None, height=560) -> PrebuiltFigure:
    """The surface's contours with every optimiser's path and its minima as stars.

    Each path is a line through its steps with a marker on every step that would not
    be hidden under the previous marker (``spaced``); hovering a marker gives its step.
    """
    xs, ys, z = grid
    base = contour_with_paths(xs, ys, z, {}, title=title, x="x", y="y", height=height).to_dict()
    spans = (float(np.ptp(xs)), float(np.ptp(ys)))
    traces = []
    for (name, path), colour in zip(paths.items(), colours(paths).values(), strict=True):
        points, marks = _thin(path.params), spaced(path.params, spans)
        traces.append(
            {
                "type": "scatter",
                "x": points[:, 0],
                "y": points[:, 1],
                "name": name,
                "legendgroup": name,
                "mode": "lines",
                "line": {"width": line_width(), "color": colour},
                "hoverinfo": "skip",
            }
        )
        traces.append(
            {
                "type": "scatter",
                "x": path.params[marks, 0],
                "y": path.params[marks, 1],
                "name": name,
                "legendgroup": name,
                "showlegend": False,
                "mode": "markers",
                "marker": {"size": 4, "color": colour},
                "customdata": marks,
                "hovertemplate": f"{name}, step %{{customdata}}<br>x=%{{x:.4g}}<br>y=%{{y:.4g}}<extra></extra>",
            }
        )
    traces.append(_minima_trace(surface).to_plotly_json())
    return PrebuiltFigure({**base, "data": base["data"] + traces})


def _z_view(surface, values):
    """What the 3-D view plots for loss values: f, or log10(1 + f - f_min) for steep surfaces."""
    values = np.asarray(values, dtype=float)
    if surface.name in LOG_3D:
        return np.log10(1.0 + np.maximum(values - surface.minimum_value, 0.0))
    return values


def surface_3d(surface, grid, paths: dict, height=560) -> go.Figure:
    """A 3-D surface with each path drawn on it (points outside the domain are left out)."""
    xs, ys, z = grid
    fig = go.Figure(
        go.Surface(
            x=xs,
            y=ys,
            z=_z_view(surface, z),
            colorscale="Blues",
            reversescale=True,
            showscale=False,
            opacity=0.85,
            hoverinfo="skip",
            name="loss",
        )
    )
    (x0, x1), (y0, y1) = surface.domain
    shown_z = _z_view(surface, z)
    lift = 0.015 * float(shown_z.max() - shown_z.min())  # draw the paths just above the surface
    for (name, path), colour in zip(paths.items(), colours(paths).values(), strict=True):
        points, loss = _thin(path.params), _thin(path.loss[:, None])[:, 0]
        inside = (points[:, 0] >= x0) & (points[:, 0] <= x1) & (points[:, 1] >= y0) & (points[:, 1] <= y1)
        shown = np.where(inside[:, None], points, np.nan)
        fig.add_trace(
            go.Scatter3d(
                x=shown[:, 0],
                y=shown[:, 1],
                z=np.where(inside, _z_view(surface, loss) + lift, np.nan),
                name=name,
                mode="lines+markers",
                line={"width": 6, "color": colour},
                marker={"size": 2.5, "color": colour},
            )
        )
    z_title = "log10(1 + f − min)" if surface.name in LOG_3D else "f(x, y)"
    styled(fig, height=height)
    fig.update_layout(
        scene={
            "xaxis_title": "x",
            "yaxis_title": "y",
            "zaxis_title": z_title,
            "aspectmode": "manual",
            "aspectratio": {"x": 1.2, "y": 1.2, "z": 0.7},
            "camera": {"eye": {"x": -1.3, "y": -1.7, "z": 1.2}},
        },
        margin={"l": 0, "r": 0, "t": 50, "b": 0},
    )
    return fig


def per_step(series: dict, *, y: str, log_y: bool, height=300) -> go.Figure:
    """One line per optimiser (name -> values by step), in the optimisers' colours.

    On a log scale the axis stops 3 decades above the highest starting value, so that a
    diverging run leaves through the top instead of squashing the others flat.
    """
    palette = colours(series)
    data = [
        {
            "type": "scatter",
            "x": np.arange(len(values)),
            "y": np.asarray(values, dtype=float),
            "name": name,
            "mode": "lines",
            "line": {"width": LINE_WIDTH, "color": palette[name]},
        }
        for name, values in series.items()
    ]
    fig = styled(go.Figure({"data": data}), x="step", y=y, height=height)
    positive = np.concatenate([np.asarray(v, dtype=float) for v in series.values()] + [np.empty(0)])
    positive = positive[positive > 0]
    if log_y and positive.size:
        starts = [v[0] for v in series.values() if len(v) and v[0] > 0]
        top = np.log10(max(starts)) + 3 if starts else np.log10(positive.max())
        bottom = min(np.log10(positive.min()), top - 1) - 0.3
        fig.update_yaxes(
            type="log", exponentformat="power", range=[bottom, min(top, np.log10(positive.max()) + 0.3)]
        )
    elif log_y:
        fig.update_yaxes(type="log", exponentformat="power")
    return fig


def animation(surface, paths: dict, height=540) -> go.Figure:
    """The paths as tracks with a marker per optimiser that moves when Play is pressed.

    At most MAX_FRAMES frames (steps subsampled); each frame moves one trace of markers,
    so the animation plays in the browser without reruns and stays light. No contour
    underneath: Plotly.js removes contour and heatmap traces from the plot as soon as
    frames play (plotly.js#4491), so the race is drawn on the plain domain.
    """
    palette = colours(paths)
    data = [
        {
            "type": "scatter",
            "x": _thin(path.params)[:, 0],
            "y": _thin(path.params)[:, 1],
            "name": name,
            "mode": "lines",
            "opacity": 0.6,
            "line": {"width": LINE_WIDTH, "color": palette[name]},
        }
        for name, path in paths.items()
    ]
    spec = {"data": data, "layout": {}}
    spec["data"].append(_minima_trace(surface).to_plotly_json())
    n_steps = max((p.n_steps for p in paths.values()), default=0)
    frames_at = np.unique(np.linspace(0, n_steps, min(MAX_FRAMES, n_steps + 1)).round().astype(int))
    ends = np.array([p.n_steps for p in paths.values()], dtype=int)
    stacked = [p.params for p in paths.values()]

    def heads(step):
        points = np.array([path[min(step, end)] for path, end in zip(stacked, ends, strict=True)])
        points = points.reshape(-1, 2)
        return {"type": "scatter", "x": points[:, 0], "y": points[:, 1]}

    spec["data"].append(
        {
            **heads(0),
            "name": "position",
            "mode": "markers",
            "showlegend": False,
            "hovertext": list(paths),
            "marker": {"size": 16, "color": list(palette.values()), "line": {"width": 2, "color": "white"}},
        }
    )
    moving = [len(spec["data"]) - 1]
    spec["frames"] = [{"name": str(s), "traces": moving, "data": [heads(int(s))]} for s in frames_at]
    play = {"frame": {"duration": 90, "redraw": False}, "fromcurrent": True, "transition": {"duration": 0}}
    still = {"mode": "immediate", "frame": {"duration": 0, "redraw": False}, "transition": {"duration": 0}}
    (x0, x1), (y0, y1) = surface.domain
    spec["layout"].update(
        xaxis={"range": [x0, x1], "title": {"text": "x"}},
        yaxis={"range": [y0, y1], "title": {"text": "y"}},
        margin={"l": 60, "r": 20, "t": 30, "b": 130},
        updatemenus=[
            {
                "type": "buttons",
                "direction": "left",
                "x": 0,
                "y": -0.13,
                "xanchor": "left",
                "yanchor": "top",
                "showactive": False,
                "pad": {"t": 10, "r": 10},
                "buttons": [
                    {"label": "▶ Play", "method": "animate", "args": [None, play]},
                    {"label": "❚❚ Pause", "method": "animate", "args": [[None], still]},
                ],
            }
        ],
        sliders=[
            {
                "active": 0,
                "x": 0.3,
                "len": 0.7,
                "y": -0.1,
                "yanchor": "top",
                "currentvalue": {"prefix": "step ", "visible": True, "xanchor": "right"},
                "steps": [
                    {"label": str(s), "method": "animate", "args": [[str(s)], still]} for s in frames_at
                ],
            }
        ],
    )
    fig = styled(go.Figure(spec), x="x", y="y", height=height)
    fig.update_layout(margin={"l": 60, "r": 20, "t": 30, "b": 130})
    fig.update_xaxes(range=[x0, x1])
    fig.update_yaxes(range=[y0, y1])
    return fig


def inside(surface, grid, path, step: int, arrows: dict, height=460) -> go.Figure:
    """A close-up of the contours around theta_{k-1} with the step's vectors drawn as arrows."""
    xs, ys, z = grid
    before = path.params[step - 1]
    near = path.params[max(0, step - 6) : step + 6]
    fig = contour_with_paths(xs, ys, z, {"path": near}, x="x", y="y", height=height)
    fig.update_traces(selector={"name": "path"}, line_color="#999999", marker_color="#999999")
    styles = {
        PLAIN: ("#666666", "dot"),
        EFFECTIVE: (PALETTE[1], "solid"),
        "velocity": (PALETTE[2], "dash"),
        "momentum buffer × (−η)": (PALETTE[2], "dash"),
    }
    for label, vector in arrows.items():
        colour, dash = styles.get(label, (PALETTE[3], "solid"))
        end = before + vector
        fig.add_trace(
            go.Scatter(
                x=[before[0], end[0]],
                y=[before[1], end[1]],
                name=label,
                mode="lines",
                line={"width": 3.5, "color": colour, "dash": dash},
            )
        )
        fig.add_annotation(
            x=end[0],
            y=end[1],
            ax=before[0],
            ay=before[1],
            xref="x",
            yref="y",
            axref="x",
            ayref="y",
            showarrow=True,
            arrowhead=3,
            arrowsize=1.6,
            arrowwidth=3,
            arrowcolor=colour,
            text="",
        )
    fig.update_xaxes(constrain="domain")
    fig.update_yaxes(scaleanchor="x", scaleratio=1, constrain="domain")
    return fig


def zoom_window(point, vectors) -> tuple:
    """A square window around ``point`` that holds every vector drawn from it."""
    reach = max([float(np.abs(v).max()) for v in vectors] + [0.0])
    half = 1.4 * reach if reach > 0 else 1e-3 * max(1.0, float(np.abs(point).max()))
    half = max(half, 1e-9 * max(1.0, float(np.abs(point).max())))
    return ((point[0] - half, point[0] + half), (point[1] - half, point[1] + half))


def views(surface, visible: dict, contour_grid) -> dict:
    """Every 2-D figure of the race: contour, loss and distance by step, animation.

    ``visible`` maps each shown optimiser to its gdcore OptimiserPath. The distance
    figure is None for a surface without a minimum (the saddle). The 3-D view
    (``surface_3d``) is built apart: the page draws it only when its tab is open.
    """
    base = contour(surface, contour_grid, visible)
    if surface.minimum_value is None:
        losses, label, log = {n: p.loss for n, p in visible.items()}, "loss f(x, y)", False
    else:
        losses = {n: p.loss - surface.minimum_value for n, p in visible.items()}
        label, log = ("loss" if surface.minimum_value == 0 else "loss − minimum") + " (log scale)", True
    distance = None
    if len(surface.minima):
        distances = {n: surface.distance_to_minimum(p.params) for n, p in visible.items()}
        distance = per_step(distances, y="distance to nearest minimum (log)", log_y=True)
    figures = {
        "contour": base,
        "loss": per_step(losses, y=label, log_y=log),
        "distance": distance,
        "race": animation(surface, visible),
    }
    return {name: None if fig is None else drawn_once(fig) for name, fig in figures.items()}


def shown(value: float) -> float:
    """``value`` rounded to 4 decimals for a table, as the snippet prints it (Python's round).

    Python's round never overflows; pandas' would turn a diverging run's 1e300 into inf.
    """
    return round(float(value), 4)


def results(surface, visible: dict) -> dict:
    """The final table: where each shown optimiser ended (all numbers from its gdcore path)."""
    table = {
        "optimiser": list(visible),
        "steps taken": [p.n_steps for p in visible.values()],
        "x": [shown(p.params[-1, 0]) for p in visible.values()],
        "y": [shown(p.params[-1, 1]) for p in visible.values()],
        "loss": [shown(p.loss[-1]) for p in visible.values()],
    }
    if len(surface.minima):
        distances = [surface.distance_to_minimum(p.params[-1]) for p in visible.values()]
        table["distance to minimum"] = [shown(d) for d in distances]
    table["status"] = [
        "ran all steps" if p.diverged_at is None else f"diverged at step {p.diverged_at}"
        for p in visible.values()
    ]
    return table


def inside_rows(path, k: int, learning_rate: float) -> dict:
    """Step k (1-based) of a path: the point, the gradient, the state after the step, the step taken."""
    rows = {
        "point before θₖ₋₁": path.params[k - 1],
        "gradient g": path.gradient[k - 1],
        PLAIN: -learning_rate * path.gradient[k - 1],
    }
    rows.update({f"state: {name}": path.state[name][k] for name in path.state if name != "step"})
    rows.update({EFFECTIVE: path.steps[k - 1], "point after θₖ": path.params[k]})
    return rows


def fmt_gap(value: float) -> str:
    """A path difference for a metric: scientific when tiny."""
    return "0" if value == 0 else (f"{value:.1e}" if value < 1e-3 else f"{value:.4g}")
