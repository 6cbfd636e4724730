"""AppTest: the "Non-zero derivatives" page, every control moved, every number shown checked."""

import json

import numpy as np
import plotly.graph_objects as go
from conftest import chart_elements, named_charts, open_page, rerun, snippet_numbers_not_shown
from test_snippets import snippets

import gdcore
from topics import non_zero_derivatives
from ui.numbers import readable

PAGE = "pages/6_Non_zero_derivatives.py"


def percent(share):
    """A share as the page writes it: 100%, 97.5%."""
    return f"{100 * share:.1f}".removesuffix(".0") + "%"


def settle(at):
    """Rerun the sections whose controls moved (fragments: AppTest then holds only their elements),
    then the whole page, so that every section's elements can be read."""
    return rerun(rerun(at))


def metrics(at):
    return {m.label: m for m in at.metric}


def expected(
    seed=0,
    w2=1.0,
    b=-6.0,
    w1=-1.0,
    eta=0.5,
    steps=30,
    units=30,
    n_seeds=500,
    standardise=False,
    layer_seed=0,
    shift=-2.0,
    alpha=0.3,
):
    X, y = gdcore.make_classification_data(40, seed=seed)
    params = np.array([w1, w2, b])
    on_acc = gdcore.descend_logistic(X, y, params, 0, eta, steps, objective="accuracy")
    on_loss = gdcore.descend_logistic(X, y, params, 0, eta, steps, objective="loss")
    inputs = gdcore.standardise(X) if standardise else X
    counts = gdcore.dead_unit_counts(inputs, units, np.arange(n_seeds))
    W = gdcore.glorot_uniform(2, units, layer_seed)
    return {
        "On accuracy: w₁ moved by": readable(on_acc["value"][-1] - on_acc["value"][0]),
        "On the loss: w₁ ends at": readable(on_loss["value"][-1]),
        "Accuracy, descent on accuracy": percent(on_acc["accuracy"][-1]),
        "Accuracy, descent on the loss": percent(on_loss["accuracy"][-1]),
        "Mean dead units per layer": f"{counts.mean():.2f} of {units}",
        "Layers with a dead unit": f"{np.mean(counts > 0):.0%}",
        "Most dead units in a layer": str(counts.max()),
        "Dead ReLUs before the step": str(gdcore.dead_units(inputs, W, np.zeros(units)).sum()),
        "Dead ReLUs after the step": str(gdcore.dead_units(inputs, W, np.full(units, shift)).sum()),
        "Leaky units at zero slope": str(
            np.sum(gdcore.active_slopes(inputs, W, np.full(units, shift), alpha) == 0)
        ),
        "_grad": gdcore.logistic_loss_gradient(X, y, params)[0],
        "_acc": (on_acc["accuracy"][-1], on_loss["accuracy"][0]),
    }


def check(at, **settings):
    want = expected(**settings)
    shown = metrics(at)
    for label, value in want.items():
        if not label.startswith("_"):
            assert shown[label].value == value, label
    assert f"{want['_grad']:.4f}" in at.latex[0].value
    acc_end, acc_start = want["_acc"]
    assert shown["Accuracy, descent on the loss"].delta.endswith("from the start")
    return shown


def test_defaults_show_the_lecture_story():
    at = open_page(PAGE)
    shown = check(at)
    # gradient descent on accuracy never moves; on the loss it reaches every point right
    assert shown["On accuracy: w₁ moved by"].value == "0"
    assert shown["Accuracy, descent on the loss"].value == "100%"
    assert not any("lower accuracy" in i.value for i in at.info)
    assert int(shown["Dead ReLUs after the step"].value) > int(shown["Dead ReLUs before the step"].value) > 0
    assert shown["Leaky units at zero slope"].value == "0"
    assert len(chart_elements(at)) == 5
    assert "0.250" in at.latex[1].value


def test_every_chart_is_a_valid_plotly_figure():
    at = open_page(PAGE)
    charts = [chart.figure for chart in chart_elements(at)]
    at.slider(key=non_zero_derivatives.UNITS).set_value(1)  # one unit, a histogram with two bars
    at.slider(key=non_zero_derivatives.N_SEEDS).set_value(50)
    at.slider(key=non_zero_derivatives.STEPS).set_value(1)
    charts += [chart.figure for chart in chart_elements(settle(at))]
    assert len(charts) == 10
    for spec in charts:
        go.Figure(spec)


def test_every_control():
    at = open_page(PAGE)
    settings = {
        "seed": 7,
        "w2": -0.5,
        "b": 2.0,
        "w1": 2.5,
        "eta": 1.5,
        "steps": 80,
        "units": 12,
        "n_seeds": 200,
        "layer_seed": 3,
        "shift": -4.5,
        "alpha": 0.05,
    }
    for key in (non_zero_derivatives.SEED, non_zero_derivatives.LAYER_SEED):
        at.number_input(key=key).set_value(settings[key])
    for key in (
        non_zero_derivatives.W2,
        non_zero_derivatives.B,
        non_zero_derivatives.W1,
        non_zero_derivatives.ETA,
        non_zero_derivatives.STEPS,
        non_zero_derivatives.UNITS,
        non_zero_derivatives.N_SEEDS,
        non_zero_derivatives.SHIFT,
        non_zero_derivatives.ALPHA,
    ):
        at.slider(key=key).set_value(settings[key])
    at.slider(key=non_zero_derivatives.Z2).set_value(-2.0)
    at.slider(key=non_zero_derivatives.Z3).set_value(3.0)
    settle(at)
    check(at, **settings)
    at.toggle(key=non_zero_derivatives.STANDARDISE).set_value(True)
    settle(at)
    shown = check(at, **settings, standardise=True)
    assert shown["Mean dead units per layer"].value == "0.00 of 12"  # centred inputs: no unit starts dead
    assert shown["Leaky units at zero slope"].value == "0"


def test_softmax_numbers():
    at = open_page(PAGE)
    at.slider(key=non_zero_derivatives.Z2).set_value(3.0)
    at.slider(key=non_zero_derivatives.Z3).set_value(-4.0)
    settle(at)
    out = gdcore.softmax_slice(np.array([0.0, 3.0, -4.0]), 0, np.linspace(-6, 6, 301), cls=0)
    assert f"{out['dsoftmax'].max():.3f}" in at.latex[1].value
    assert np.all(out["dargmax"] == 0) and out["argmax"][0] == 0 and out["argmax"][-1] == 1


def test_the_code_follows_the_controls():
    at = open_page(PAGE)
    at.toggle(key=non_zero_derivatives.STANDARDISE).set_value(True)
    at.slider(key=non_zero_derivatives.UNITS).set_value(12)
    at.slider(key=non_zero_derivatives.SHIFT).set_value(-4.5)
    at.number_input(key=non_zero_derivatives.SEED).set_value(3)
    settle(at)
    gdcore_code, keras_code = snippets(at)
    assert "inputs = gdcore.standardise(X)" in gdcore_code and "seed=3" in gdcore_code
    assert "dead_unit_counts(inputs, 12," in gdcore_code and "b - 4.5" in gdcore_code
    assert 'keras.layers.Dense(12, activation="relu")' in keras_code
    assert not snippet_numbers_not_shown(at)


def test_a_lower_accuracy_after_descent_on_the_loss_is_explained():
    """Issue 16, item 23: descent on the loss can end with a lower accuracy than descent on accuracy, unexplained."""
    at = open_page(PAGE)
    at.slider(key=non_zero_derivatives.B).set_value(0.0)
    at.slider(key=non_zero_derivatives.W1).set_value(-3.0)
    settle(at)
    X, y = gdcore.make_classification_data(40, seed=0)
    runs = {
        objective: gdcore.descend_logistic(X, y, np.array([-3.0, 1.0, 0.0]), 0, 0.5, 30, objective=objective)
        for objective in ("accuracy", "loss")
    }
    assert runs["loss"]["accuracy"][-1] < runs["accuracy"]["accuracy"][-1]  # 42.5% < 47.5%
    (note,) = [i.value for i in at.info if "lower accuracy" in i.value]
    assert f"({percent(runs['loss']['accuracy'][-1])})" in note and "cross-entropy is not a count" in note


def test_a_nudge_reruns_only_its_section():
    """Issue 15: each section's controls rerun that section (and the code); the other sections'
    charts are neither sent again nor changed."""
    at = open_page(PAGE)
    before = named_charts(at)
    sections = {
        "accuracy": {"accuracy-vs-loss", "accuracy-during-descent"},
        "softmax": {"argmax-vs-softmax"},
        "relu": {"dead-units", "relu-vs-leaky-slopes"},
    }
    assert set(before) == set().union(*sections.values())
    for section, move in (
        ("softmax", lambda: at.slider(key=non_zero_derivatives.Z2).set_value(-2.0)),
        ("relu", lambda: at.slider(key=non_zero_derivatives.UNITS).set_value(12)),
        ("accuracy", lambda: at.slider(key=non_zero_derivatives.ETA).set_value(1.5)),
    ):
        move()
        sent = named_charts(rerun(at))
        assert set(sent) == sections[section], section
        assert all(sent[name] != before[name] for name in sent), section
        assert snippets(at), "the code follows, as a section of its own"
        whole = named_charts(rerun(at))
        for name in set(before) - sections[section]:
            assert whole[name] == before[name], (section, name)
        before = whole
    code = snippets(at)[0]
    assert "np.array([-1.0, 1.0, -6.0])" in code and ", 1.5, 30, objective" in code and "(2, 12, 0)" in code
    assert not snippet_numbers_not_shown(at)


def test_the_start_scrubbers_frames_are_the_server_figure():
    """Issue 15: dragging the start w₁ under "accuracy vs loss" shows, for each w₁, the descents the
    server draws when the sidebar's start w₁ is set to it (the same gdcore calls)."""
    at = open_page(PAGE)
    at.slider(key=non_zero_derivatives.B).set_value(-2.0)
    at.slider(key=non_zero_derivatives.W1).set_value(0.3)  # off the scrubber's grid: a frame of its own
    spec = json.loads(named_charts(settle(at))["accuracy-vs-loss"])
    frames = {frame["name"]: frame for frame in spec["frames"]}
    assert len(frames) == 32 and {"-3", "-1.4", "0", "0.3", "3"} <= set(frames)
    slider = spec["layout"]["sliders"][0]
    assert spec["frames"][slider["active"]]["name"] == "0.3" and "updatemenus" not in spec["layout"]
    assert spec["frames"][slider["active"]]["data"][2:] == [spec["data"][5], spec["data"][6]]
    X, y = gdcore.make_classification_data(40, seed=0)
    for value in (-3.0, -1.4, 2.8):
        at.slider(key=non_zero_derivatives.W1).set_value(value)
        server = json.loads(named_charts(settle(at))["accuracy-vs-loss"])
        frame = frames[f"{value:g}"]
        # the descents change; the lower panels' traces are named with no change (see KEPT_TRACES)
        assert frame["traces"] == [2, 3, 5, 6] and frame["data"][:2] == [{}, {}]
        assert frame["data"][2:] == [server["data"][5], server["data"][6]], value
        run = gdcore.descend_logistic(X, y, np.array([value, 1.0, -2.0]), 0, 0.5, 30, objective="loss")
        np.testing.assert_allclose(frame["data"][3]["x"], run["value"], rtol=1e-5)
        np.testing.assert_allclose(frame["data"][3]["y"], run["loss"], rtol=1e-5)
    assert sum(len(spec) for spec in named_charts(at).values()) < 400_000
