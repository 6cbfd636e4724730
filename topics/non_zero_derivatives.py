"""The "Non-zero derivatives" page's home: its controls (keys and labels), its runs of gdcore
(accuracy against the loss along one weight, argmax against softmax, dead ReLUs), their
figures, metrics and snippets.

The two-panel figures are laid out by hand (``_panels``): ``make_subplots`` costs tens of
milliseconds per figure, and this page has five.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

import gdcore
from gdcore import KERAS_LEAKY_RELU_SLOPE
from ui.animation import animated
from ui.code import fmt
from ui.compute import in_worker
from ui.figures import FONT_SIZE, PALETTE, figure, line
from ui.numbers import readable
from ui.page import metrics_row, rerun_only

# -- controls -----------------------------------------------------------------

SEED = "seed"
W2, B, W1, ETA, STEPS = "w2", "b", "w1", "eta", "steps"  # 1. accuracy vs loss
Z2, Z3 = "z2", "z3"  # 2. argmax vs softmax
UNITS, N_SEEDS, STANDARDISE, LAYER_SEED, SHIFT, ALPHA = (  # 3. dead ReLUs
    "units",
    "n_seeds",
    "standardise",
    "layer_seed",
    "shift",
    "alpha",
)
N_EXAMPLES = 40  # the seeded data's size


# Each section is a fragment with these keys; its controls rerun it and the code at the end.
ACCURACY_SECTION, SOFTMAX_SECTION, RELU_SECTION, CODE_SECTION = (
    "nzd-accuracy",
    "nzd-softmax",
    "nzd-relu",
    "nzd-code",
)


@dataclass(frozen=True)
class Descent:
    """Section 1's controls: the fixed w₂ and b, the start w₁, the learning rate and the steps."""

    w2: float
    b: float
    w1: float
    eta: float
    steps: int

    @property
    def params(self) -> np.ndarray:
        """The logistic regression's (start w₁, fixed w₂, fixed b)."""
        return np.array([self.w1, self.w2, self.b])


@dataclass(frozen=True)
class Logits:
    """Section 2's controls: the fixed logits z₂ and z₃."""

    z2: float
    z3: float

    @property
    def logits(self) -> np.ndarray:
        """(z₁, z₂, z₃), with z₁ = 0 (it varies along the figure)."""
        return np.array([0.0, self.z2, self.z3])


@dataclass(frozen=True)
class Relus:
    """Section 3's controls: the layer's units, the seeds drawn, the inputs, the big step."""

    units: int
    n_seeds: int
    standardised: bool
    layer_seed: int
    shift: float
    alpha: float


@dataclass(frozen=True)
class Settings(Descent, Logits, Relus):
    """Every control of the page (the code at the end shows them all)."""

    seed: int = 0


BOUND = {"bind": "query-params"}


def _again(section: str) -> dict:
    """A control's arguments: bound to the URL; a change reruns only ``section`` and the code."""
    return {**rerun_only(section, CODE_SECTION), **BOUND}


def data_controls() -> int:
    """The data seed, in the sidebar: it feeds sections 1 and 3, so it reruns the page."""
    with st.sidebar:
        st.header("Data")
        return st.number_input("Data seed", 0, 10_000, 0, key=SEED, **BOUND)


def descent_controls() -> Descent:
    """Section 1's controls, in the sidebar; call it in section 1."""
    again = _again(ACCURACY_SECTION)
    with st.sidebar:
        st.header("1. Accuracy vs loss")
        w2 = st.slider("Fixed w₂", -2.0, 2.0, 1.0, 0.1, key=W2, **again)
        b = st.slider("Fixed b", -10.0, 4.0, -6.0, 0.5, key=B, **again)
        w1 = st.slider("Start w₁", -3.0, 3.0, -1.0, 0.1, key=W1, **again)
        eta = st.slider("Learning rate η", 0.05, 2.0, 0.5, 0.05, key=ETA, **again)
        steps = st.slider("Steps", 1, 100, 30, key=STEPS, **again)
    return Descent(w2, b, w1, eta, steps)


def logit_controls() -> Logits:
    """Section 2's controls, in the sidebar; call it in section 2."""
    again = _again(SOFTMAX_SECTION)
    with st.sidebar:
        st.header("2. Argmax vs softmax")
        z2 = st.slider("Fixed logit z₂", -4.0, 4.0, 1.0, 0.1, key=Z2, **again)
        z3 = st.slider("Fixed logit z₃", -4.0, 4.0, -0.5, 0.1, key=Z3, **again)
    return Logits(z2, z3)


def relu_controls() -> Relus:
    """Section 3's controls, in the sidebar; call it in section 3."""
    again = _again(RELU_SECTION)
    with st.sidebar:
        st.header("3. Dead ReLUs")
        units = st.slider("Units k in Dense(k, relu)", 1, 100, 30, key=UNITS, **again)
        n_seeds = st.slider("Layers drawn (seeds 0, 1, …)", 50, 2000, 500, 50, key=N_SEEDS, **again)
        standardised = st.toggle("Standardise the inputs", key=STANDARDISE, **again)
        layer_seed = st.number_input("Layer seed (for the big step)", 0, 10_000, 0, key=LAYER_SEED, **again)
        shift = st.slider("Bias update Δb of one big step", -6.0, 0.0, -2.0, 0.25, key=SHIFT, **again)
        alpha = st.slider("Leaky ReLU slope α", 0.01, 0.5, KERAS_LEAKY_RELU_SLOPE, 0.01, key=ALPHA, **again)
    return Relus(units, n_seeds, standardised, layer_seed, shift, alpha)


def current_settings() -> Settings | None:
    """Every control's value now (for the code, a section of its own that runs after them all), or
    None while a section's controls are not in this session's state yet (its code is then drawn by
    the next run)."""
    names = ("w2", "b", "w1", "eta", "steps", "z2", "z3", "units", "n_seeds", "standardised")
    keys = (W2, B, W1, ETA, STEPS, Z2, Z3, UNITS, N_SEEDS, STANDARDISE)
    more = ("layer_seed", "shift", "alpha", "seed")
    state = st.session_state
    if any(key not in state for key in (*keys, LAYER_SEED, SHIFT, ALPHA, SEED)):
        return None
    values = {name: state[key] for name, key in zip(names, keys, strict=True)}
    values.update(
        {name: state[key] for name, key in zip(more, (LAYER_SEED, SHIFT, ALPHA, SEED), strict=True)}
    )
    return Settings(**values)


# -- runs ---------------------------------------------------------------------

W1_VALUES = np.linspace(-3, 3, 301)  # section 1's slice along w₁
Z1_VALUES = np.linspace(-6, 6, 301)  # section 2's slice along z₁


def data(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The seeded two-class data (X, y)."""
    return gdcore.make_classification_data(N_EXAMPLES, seed=int(seed))


def descents(X, y, settings: Descent) -> dict:
    """Gradient descent on w₁ from the start w₁, ``on_accuracy`` and ``on_loss``."""
    return {
        f"on_{objective}": gdcore.descend_logistic(
            X, y, settings.params, 0, settings.eta, settings.steps, objective=objective
        )
        for objective in ("accuracy", "loss")
    }


def accuracy_vs_loss(X, y, settings: Descent) -> dict:
    """Section 1, along w₁: the ``slice`` of accuracy, loss and their derivatives, the accuracy's
    ``jumps``, gradient descent ``on_accuracy`` and ``on_loss``, and the loss's ``gradient`` dL/dw₁
    at the start."""
    params = settings.params
    run = {
        "slice": gdcore.logistic_slice(X, y, params, 0, W1_VALUES),
        "jumps": gdcore.accuracy_jumps(X, y, params, 0),
        **descents(X, y, settings),
    }
    run["gradient"] = gdcore.logistic_loss_gradient(X, y, params)[0]
    return run


def argmax_vs_softmax(settings: Logits) -> dict:
    """Section 2, along z₁: argmax and softmax for class 1 and their derivatives."""
    return gdcore.softmax_slice(settings.logits, 0, Z1_VALUES, cls=0)


def inputs(X, settings: Relus) -> np.ndarray:
    """Section 3's inputs: the data, standardised when chosen."""
    return gdcore.standardise(X) if settings.standardised else X


@st.cache_data(max_entries=16)
@in_worker
def dead_counts(X, units, n_seeds):
    """Dead units of Dense(``units``, relu) on ``X``, one layer per seed 0..n_seeds-1 (cached)."""
    return gdcore.dead_unit_counts(X, units, np.arange(n_seeds))


def big_step(X, settings: Relus) -> dict:
    """The layer drawn with the layer seed (``W``), its biases before (``b0``) and after (``b1``) one
    big step, and each unit's mean slope after it, ReLU (``relu``) and leaky ReLU (``leaky``)."""
    W = gdcore.glorot_uniform(X.shape[1], settings.units, int(settings.layer_seed))
    b0 = np.zeros(settings.units)
    b1 = b0 + settings.shift
    return {
        "W": W,
        "b0": b0,
        "b1": b1,
        "relu": gdcore.active_slopes(X, W, b1),
        "leaky": gdcore.active_slopes(X, W, b1, alpha=settings.alpha),
    }


# -- figures ------------------------------------------------------------------

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
    """The trace entries that put it in ``panel`` (1, 2, ...)."""
    suffix = "" if panel == 1 else str(panel)
    return {"xaxis": f"x{suffix}", "yaxis": f"y{suffix}"}


def _line(x, y, name, colour, panel, *, shape="linear", showlegend=True) -> dict:
    """A main line in ``panel``; ``shape="hv"`` draws a staircase."""
    trace = line(x, y, name, colour=colour, showlegend=showlegend, **_axes(panel))
    trace["line"]["shape"] = shape
    return trace


def _path(x, y, name, colour, panel) -> dict:
    """Gradient descent's iterates in ``panel``: diamonds joined by a dotted line."""
    return line(
        x,
        y,
        name,
        colour=colour,
        width=1,
        dash="dot",
        markers=True,
        marker={"size": 9, "symbol": "diamond", "line": {"width": 1, "color": "white"}},
        customdata=np.arange(len(x)),
        hovertemplate="step %{customdata}<br>%{x:.4g}, %{y:.4g}<extra></extra>",
        **_axes(panel),
    )


def _panel_figure(traces, panels: dict, height: int) -> dict:
    """A figure of hand-placed panels, the legend above their titles."""
    legend = {"orientation": "h", "yanchor": "bottom", "y": 1.08, "x": 0}
    return figure(traces, height=height, margin={"t": 110}, legend=legend, **panels)


def metric_vs_loss_figure(run: dict, *, parameter="w₁", height=640) -> dict:
    """2 x 2: accuracy and loss along one weight (top), their derivatives (bottom), with both descents."""
    sliced, jumps, on_accuracy, on_loss = run["slice"], run["jumps"], run["on_accuracy"], run["on_loss"]
    w = sliced["value"]
    inside = np.asarray(jumps)[(jumps >= w.min()) & (jumps <= w.max())]
    traces = [
        _line(w, sliced["accuracy"], "accuracy", STEP_COLOUR, 1, shape="hv"),
        _line(w, sliced["loss"], "loss", SMOOTH_COLOUR, 2),
        _line(w[[0, -1]], sliced["daccuracy"][[0, -1]], "derivative", STEP_COLOUR, 3, showlegend=False),
        _line(w, sliced["dloss"], "derivative", SMOOTH_COLOUR, 4, showlegend=False),
        {
            "type": "scatter",
            "x": inside,
            "y": np.zeros_like(inside),
            "name": "jumps: no derivative",
            "mode": "markers",
            "marker": {"symbol": "line-ns-open", "size": 16, "color": STEP_COLOUR, "line": {"width": 2}},
            "hovertemplate": "jump at %{x:.4g}<extra></extra>",
            **_axes(3),
        },
        _path(on_accuracy["value"], on_accuracy["accuracy"], "gradient descent on accuracy", PATH_COLOUR, 1),
        _path(on_loss["value"], on_loss["loss"], "gradient descent on the loss", LOSS_PATH_COLOUR, 2),
    ]
    titles = (
        "Accuracy (a staircase)",
        "Binary cross-entropy (smooth)",
        f"d accuracy / d{parameter}",
        f"d loss / d{parameter}",
    )
    return _panel_figure(traces, _panels(2, 2, titles, parameter), height)


START_VALUES = np.round(np.arange(-3.0, 3.01, 0.2), 1)  # the scrubber's start w₁, with the sidebar's
PATH_TRACES = [5, 6]  # what a frame of the start w₁ changes: the two descents
# One trace of each lower panel, named in every frame with no change: Plotly.js empties a
# subplot none of whose traces a frame names when it animates without redrawing.
KEPT_TRACES = [2, 3]  # (their frame entries are empty: nothing is sent or changed)


@st.cache_data(max_entries=16, show_spinner=False)
@in_worker
def start_descents(X, y, w2: float, b: float, eta: float, steps: int) -> dict:
    """Both descents from each start w₁ of START_VALUES (start w₁ -> ``descents``), cached: moving
    the sidebar's start w₁ does not compute them again."""
    return {float(w1): descents(X, y, Descent(w2, b, float(w1), eta, steps)) for w1 in START_VALUES}


def start_scrubber(X, y, settings: Descent, run: dict) -> dict:
    """The accuracy-vs-loss figure of ``run`` (at the sidebar's settings) with a slider over the
    start w₁ (START_VALUES and the sidebar's own): both descents start again from there in the
    browser; w₂, b, η and the steps stay at the sidebar's values."""
    starts = np.union1d(START_VALUES, [round(float(settings.w1), 6)])
    on_grid = start_descents(X, y, settings.w2, settings.b, settings.eta, settings.steps)
    frames = []
    for w1 in starts:
        own = np.isclose(w1, settings.w1)  # the sidebar's start: the run drawn already
        moved = run if own else {**run, **on_grid[float(w1)]}
        fig = metric_vs_loss_figure(moved)
        paths = [fig["data"][i] for i in PATH_TRACES]
        frames.append({"name": f"{w1:g}", "traces": KEPT_TRACES + PATH_TRACES, "data": [{}, {}, *paths]})
    active = int(np.flatnonzero(np.isclose(starts, settings.w1))[0])
    fig = metric_vs_loss_figure(run)
    # One w₁ range for every frame (the lower panels match the upper ones): the axes stay put
    # while the descents move.
    xs = np.concatenate([W1_VALUES, *(trace["x"] for frame in frames for trace in frame["data"] if trace)])
    pad = 0.02 * (xs.max() - xs.min())
    shown = [float(xs.min() - pad), float(xs.max() + pad)]
    layout = {
        **fig["layout"],
        **{name: {**fig["layout"][name], "range": shown} for name in ("xaxis", "xaxis2")},
    }
    return animated({**fig, "layout": layout}, frames, prefix="start w₁ = ", play=False, active=active)


def accuracy_during_descent_figure(run: dict, *, height=340) -> dict:
    """Accuracy after each step of both runs: flat on accuracy, rising on the loss."""
    steps = np.arange(len(run["on_loss"]["accuracy"]))
    traces = [
        line(steps, run[key]["accuracy"], name, colour=colour, markers=True, marker={"size": 6})
        for name, key, colour in (
            ("gradient descent on accuracy", "on_accuracy", PATH_COLOUR),
            ("gradient descent on the loss", "on_loss", LOSS_PATH_COLOUR),
        )
    ]
    return figure(traces, x="step", y="accuracy", height=height)


def softmax_figure(sliced: dict, *, logit="z₁", cls="class 1", height=540) -> dict:
    """Argmax's jump against softmax's smooth curve (top) and their derivatives (bottom)."""
    z = sliced["value"]
    traces = [
        _line(z, sliced["argmax"], "argmax (one-hot)", STEP_COLOUR, 1, shape="hv"),
        _line(z, sliced["softmax"], "softmax probability", SMOOTH_COLOUR, 1),
        _line(z[[0, -1]], sliced["dargmax"][[0, -1]], "argmax", STEP_COLOUR, 2, showlegend=False),
        _line(z, sliced["dsoftmax"], "softmax", SMOOTH_COLOUR, 2, showlegend=False),
    ]
    titles = (f"Output for {cls}", f"Derivative with respect to {logit}")
    return _panel_figure(traces, _panels(2, 1, titles, logit), height)


def dead_histogram(counts, units: int, *, height=380) -> dict:
    """How many layers (one per seed) had 0, 1, 2, ... dead units."""
    tally = np.bincount(np.asarray(counts, dtype=int), minlength=1)
    bar = {
        "type": "bar",
        "x": np.arange(tally.size),
        "y": tally,
        "marker": {"color": SMOOTH_COLOUR},
        "name": "layers",
        "hovertemplate": "%{y} layers with %{x} dead units<extra></extra>",
    }
    xaxis = {"range": [-0.6, max(tally.size, 2) - 0.4], **({"dtick": 1} if tally.size <= 20 else {})}
    return figure([bar], x=f"dead units (of {units})", y="number of layers", height=height, xaxis=xaxis)


def slopes_figure(step: dict, alpha: float, *, height=380) -> dict:
    """Each unit's mean activation slope over the data after the big ``step``: ReLU vs leaky ReLU
    (0 means dead)."""
    relu_slopes = np.asarray(step["relu"])
    units = np.arange(1, len(relu_slopes) + 1)
    dead = units[relu_slopes == 0]
    traces = [
        {"type": "bar", "x": units, "y": relu_slopes, "name": "ReLU", "marker": {"color": STEP_COLOUR}},
        {
            "type": "bar",
            "x": units,
            "y": step["leaky"],
            "name": f"leaky ReLU (α = {alpha:g})",
            "marker": {"color": SMOOTH_COLOUR},
        },
        {
            "type": "scatter",
            "x": dead,
            "y": np.full(dead.size, 0.04),
            "name": "dead ReLU",
            "mode": "markers",
            "marker": {"symbol": "x-thin-open", "size": 11, "color": STEP_COLOUR, "line": {"width": 2.5}},
            "hovertemplate": "unit %{x} is dead<extra></extra>",
        },
    ]
    return figure(
        traces,
        x="unit",
        y="mean slope f′(z) over the data",
        height=height,
        yaxis={"range": [0, 1.05]},
        barmode="group",
        bargap=0.25,
    )


# -- report -------------------------------------------------------------------


def _percent(share: float) -> str:
    """A share as a short percentage: 100%, 97.5% (short enough for a metric on a narrow screen)."""
    return f"{100 * share:.1f}".removesuffix(".0") + "%"


def descent_metrics(run: dict) -> None:
    """How far each descent moved w₁ and the accuracy each ends with, two short metrics a row; and,
    when descent on the loss ends with the lower accuracy, why that can happen."""
    on_accuracy, on_loss = run["on_accuracy"], run["on_loss"]
    moved = on_accuracy["value"][-1] - on_accuracy["value"][0]
    metrics_row(
        (
            "On accuracy: w₁ moved by",
            readable(moved),
            {"help": "Its gradient is zero, so every step is −η × 0."},
        ),
        ("On the loss: w₁ ends at", readable(on_loss["value"][-1])),
    )
    change = on_loss["accuracy"][-1] - on_loss["accuracy"][0]
    metrics_row(
        ("Accuracy, descent on accuracy", _percent(on_accuracy["accuracy"][-1])),
        (
            "Accuracy, descent on the loss",
            _percent(on_loss["accuracy"][-1]),
            {"delta": f"{'+' if change >= 0 else '−'}{_percent(abs(change))} from the start"},
        ),
    )
    if on_loss["accuracy"][-1] < on_accuracy["accuracy"][-1]:
        st.info(
            f"Here descent on the loss ends with a lower accuracy ({_percent(on_loss['accuracy'][-1])}) than "
            f"descent on accuracy, which never moved ({_percent(on_accuracy['accuracy'][-1])}). The "
            "cross-entropy is not a count of correct answers: it rewards giving every example a high "
            "probability for its true class, so lowering it can push a few examples just across z = 0 the "
            "wrong way while making many others more confident. The loss is what gradient descent can "
            "follow; accuracy is what we report, and with only w₁ free the two need not agree.",
            icon=":material/info:",
        )


def dead_count_metrics(counts, units: int) -> None:
    """Mean dead units per layer, the share of layers with one, and the most in one layer."""
    metrics_row(
        ("Mean dead units per layer", f"{counts.mean():.2f} of {units}"),
        ("Layers with a dead unit", f"{np.mean(counts > 0):.0%}"),
        ("Most dead units in a layer", int(counts.max())),
    )


def big_step_metrics(X, step: dict) -> None:
    """Dead ReLUs before and after the big ``step``, and leaky units with zero slope after it."""
    metrics_row(
        ("Dead ReLUs before the step", int(gdcore.dead_units(X, step["W"], step["b0"]).sum())),
        ("Dead ReLUs after the step", int(gdcore.dead_units(X, step["W"], step["b1"]).sum())),
        (
            "Leaky units at zero slope",
            int(np.sum(step["leaky"] == 0)),
            {"help": "Leaky ReLU units whose slope is 0 for every example after the step."},
        ),
    )


# -- snippets -----------------------------------------------------------------


def snippet(settings: Settings) -> str:
    """'Show the code': the page's three sections in gdcore, printing the numbers it shows."""
    s = settings
    inputs = "gdcore.standardise(X)" if s.standardised else "X  # or gdcore.standardise(X)"
    return f"""import numpy as np
import gdcore

X, y = gdcore.make_classification_data({N_EXAMPLES}, seed={int(s.seed)})
params = np.array({fmt([float(v) for v in s.params])})  # start w1, fixed w2 and b
print("dL/dw1 =", round(gdcore.logistic_loss_gradient(X, y, params)[0], 4))
for objective in ("accuracy", "loss"):  # gradient descent on w1 only
    run = gdcore.descend_logistic(X, y, params, 0, {fmt(float(s.eta))}, {int(s.steps)}, objective=objective)
    print(f"descent on the {{objective}}: w1 ends at {{run['value'][-1]:.4g}}")
print(f"accuracy after descent on the loss: {{run['accuracy'][-1]:.1%}}")
softmax = gdcore.softmax_slice({fmt([float(v) for v in s.logits])}, 0, np.linspace(-6, 6, 301))
print("largest dSoftmax/dz:", round(softmax["dsoftmax"].max(), 3))
inputs = {inputs}
counts = gdcore.dead_unit_counts(inputs, {int(s.units)}, np.arange({int(s.n_seeds)}))
print(f"dead units per layer: mean {{counts.mean():.2f}}, most {{counts.max()}}, in {{np.mean(counts > 0):.0%}} of layers")
W, b = gdcore.glorot_uniform(2, {int(s.units)}, {int(s.layer_seed)}), np.zeros({int(s.units)})
print("dead units before and after the big step:", gdcore.dead_units(inputs, W, b).sum(),
      gdcore.dead_units(inputs, W, b - {fmt(abs(float(s.shift)))}).sum())
"""


def keras_snippet(settings: Settings) -> str:
    """Dead ReLUs in Keras 3: a freshly initialised Dense(k, relu), then every bias moved by the big step."""
    s = settings
    return f"""import numpy as np
import keras
import gdcore  # only for the data

X, y = gdcore.make_classification_data({N_EXAMPLES}, seed=0)
layer = keras.layers.Dense({int(s.units)}, activation="relu")  # Glorot-uniform W, zero b
layer.build((None, 2))
W, b = layer.get_weights()  # Keras draws its own random W: other counts than GD Lab's seeds
print("dead units:", np.all(X @ W + b <= 0, axis=0).sum())
print("after the big step:", np.all(X @ W + b + {fmt(float(s.shift))} <= 0, axis=0).sum())
leaky = keras.layers.LeakyReLU(negative_slope={fmt(float(s.alpha))})  # slope alpha below 0: never dead
"""
