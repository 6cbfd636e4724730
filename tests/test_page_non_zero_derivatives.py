"""AppTest: the "Non-zero derivatives" page, every control moved, every number shown checked."""

import json

import numpy as np
import plotly.graph_objects as go
from conftest import open_page, rerun, snippet_numbers_not_shown
from test_snippets import snippets

import gdcore
from topics import non_zero_derivatives

PAGE = "pages/6_Non_zero_derivatives.py"


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
        "Descent on accuracy: w₁ moved by": f"{on_acc['value'][-1] - on_acc['value'][0]:.4g}",
        "Descent on the loss: w₁ ends at": f"{on_loss['value'][-1]:.4g}",
        "Accuracy after descent on the loss": f"{on_loss['accuracy'][-1]:.1%}",
        "Mean dead units per layer": f"{counts.mean():.2f} of {units}",
        "Layers with a dead unit": f"{np.mean(counts > 0):.0%}",
        "Most dead units in a layer": str(counts.max()),
        "Dead ReLUs before the step": str(gdcore.dead_units(inputs, W, np.zeros(units)).sum()),
        "Dead ReLUs after the step": str(gdcore.dead_units(inputs, W, np.full(units, shift)).sum()),
        "Leaky units with zero slope after": str(
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
    assert f"(on accuracy: {acc_end:.1%})" in shown["Accuracy after descent on the loss"].delta
    return shown


def test_defaults_show_the_lecture_story():
    at = open_page(PAGE)
    shown = check(at)
    # gradient descent on accuracy never moves; on the loss it reaches every point right
    assert shown["Descent on accuracy: w₁ moved by"].value == "0"
    assert shown["Accuracy after descent on the loss"].value == "100.0%"
    assert int(shown["Dead ReLUs after the step"].value) > int(shown["Dead ReLUs before the step"].value) > 0
    assert shown["Leaky units with zero slope after"].value == "0"
    assert len(at.get("plotly_chart")) == 5
    assert "0.250" in at.latex[1].value


def test_every_chart_is_a_valid_plotly_figure():
    at = open_page(PAGE)
    charts = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    at.slider(key=non_zero_derivatives.UNITS).set_value(1)  # one unit, a histogram with two bars
    at.slider(key=non_zero_derivatives.N_SEEDS).set_value(50)
    at.slider(key=non_zero_derivatives.STEPS).set_value(1)
    charts += [json.loads(chart.proto.spec) for chart in rerun(at).get("plotly_chart")]
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
    rerun(at)
    check(at, **settings)
    at.toggle(key=non_zero_derivatives.STANDARDISE).set_value(True)
    rerun(at)
    shown = check(at, **settings, standardise=True)
    assert shown["Mean dead units per layer"].value == "0.00 of 12"  # centred inputs: no unit starts dead
    assert shown["Leaky units with zero slope after"].value == "0"


def test_softmax_numbers():
    at = open_page(PAGE)
    at.slider(key=non_zero_derivatives.Z2).set_value(3.0)
    at.slider(key=non_zero_derivatives.Z3).set_value(-4.0)
    rerun(at)
    out = gdcore.softmax_slice(np.array([0.0, 3.0, -4.0]), 0, np.linspace(-6, 6, 301), cls=0)
    assert f"{out['dsoftmax'].max():.3f}" in at.latex[1].value
    assert np.all(out["dargmax"] == 0) and out["argmax"][0] == 0 and out["argmax"][-1] == 1


def test_the_code_follows_the_controls():
    at = open_page(PAGE)
    at.toggle(key=non_zero_derivatives.STANDARDISE).set_value(True)
    at.slider(key=non_zero_derivatives.UNITS).set_value(12)
    at.slider(key=non_zero_derivatives.SHIFT).set_value(-4.5)
    at.number_input(key=non_zero_derivatives.SEED).set_value(3)
    rerun(at)
    gdcore_code, keras_code = snippets(at)
    assert "inputs = gdcore.standardise(X)" in gdcore_code and "seed=3" in gdcore_code
    assert "dead_unit_counts(inputs, 12," in gdcore_code and "b - 4.5" in gdcore_code
    assert 'keras.layers.Dense(12, activation="relu")' in keras_code
    assert not snippet_numbers_not_shown(at)
