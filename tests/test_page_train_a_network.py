"""AppTest: the "Train a network" page shows gdcore's numbers, follows every control, plays its saved
epochs from one figure, and keeps working after bad input (a shared link, a CSV file)."""

import json

import numpy as np
import plotly.graph_objects as go
import pytest
from conftest import ROOT, chart_elements, named_charts, open_page, reopened, rerun, snippet_numbers_not_shown
from streamlit.testing.v1 import AppTest
from test_snippets import snippets

import gdcore
from topics.train_a_network import controls as c
from topics.train_a_network import figures, runs
from ui.figures import heat_image

PAGE = "pages/8_Train_a_network.py"
MAX_PAYLOAD = 2_000_000


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def charts(at) -> list[dict]:
    """Every chart's spec, each checked to be a valid Plotly figure."""
    specs = [chart.figure for chart in chart_elements(at)]
    for spec in specs:
        go.Figure(spec)
    return specs


def errors(at) -> list[str]:
    return [e.value for e in at.error]


def trained_like_the_page(name="xor", hidden=(4, 4), activation="tanh", output="sigmoid", optimiser=None,
                          batch_size=10, epochs=100, noise=0.2, seed=0, n_classes=2):  # fmt: skip
    """The page's defaults, computed here with gdcore alone."""
    X, y = gdcore.make_playground_data(name, 400, noise, seed, n_classes)
    X_train, y_train, X_test, y_test = gdcore.train_test_split(X, y, 0.5, seed)
    net = gdcore.Network(X_train, y_train, hidden, activation, output)
    history = gdcore.fit(net, net.init_params(seed), optimiser or gdcore.Adam(0.01), batch_size=batch_size,
                         epochs=epochs, seed=seed)  # fmt: skip
    per_epoch = -(-len(y_train) // batch_size)
    params = gdcore.epoch_params(history, per_epoch)
    return net, params, net.evaluate(params[-1]), net.evaluate(params[-1], X_test, y_test)


@pytest.fixture(scope="module")
def default_page():
    return open_page(PAGE)


def test_defaults_show_the_numbers_of_gdcore_and_its_snippet(default_page):
    at = default_page
    _, _, train, test = trained_like_the_page()
    assert metrics(at) == {
        "train loss": f"{train['loss']:.4g}",
        "test loss": f"{test['loss']:.4g}",
        "train accuracy": f"{train['accuracy']:.1%}",
        "test accuracy": f"{test['accuracy']:.1%}",
    }
    assert test["accuracy"] >= 0.95
    assert not errors(at) and not at.warning
    assert not snippet_numbers_not_shown(at)
    keras = snippets(at)[1]
    assert (
        'keras.layers.Dense(4, activation="tanh"),' in keras and "optimizers.Adam(learning_rate=0.01" in keras
    )


def test_one_figure_plays_the_saved_epochs_with_gdcores_predictions(default_page):
    playground, inside = charts(default_page)
    assert sum(len(chart.spec) for chart in chart_elements(default_page)) < MAX_PAYLOAD
    frames = playground["frames"]
    assert [f["name"] for f in frames][:3] == ["0", "3", "5"] and frames[-1]["name"] == "100"
    assert len(frames) == runs.MAX_FRAMES
    assert [s["label"] for s in playground["layout"]["sliders"][0]["steps"]] == [f["name"] for f in frames]
    net, params, _, _ = trained_like_the_page()
    data = runs.split(c.DataChoice())
    x1, x2 = runs.box(data)
    grid = np.column_stack([np.tile(x1, runs.GRID), np.repeat(x2, runs.GRID)])
    for frame in (frames[0], frames[17], frames[-1]):
        epoch = int(frame["name"])
        (heat,) = frame["layout"]["images"]  # the heat map: a PNG of gdcore's predictions, in %
        expected = np.rint(100 * net.predict(params[epoch], grid)).reshape(runs.GRID, runs.GRID)
        assert heat["source"] == heat_image(expected, figures.colourscale("sigmoid", 1), 0, 100)
        assert (heat["xref"], heat["yref"]) == ("x2", "y2")
    # the figure opens at the last epoch, and ▶ Play there plays every epoch from the first
    assert playground["layout"]["sliders"][0]["active"] == len(frames) - 1
    play = playground["layout"]["updatemenus"][0]["buttons"][0]
    assert play["args"][0] == [f["name"] for f in frames]
    assert not play["args"][1]["frame"]["redraw"]  # a frame swaps the heat map's image: no redraw
    assert not any("▶ Play" in caption.value for caption in default_page.caption)
    # the figure opens at the last epoch: its heat map is the last frame's
    assert playground["layout"]["images"] == frames[-1]["layout"]["images"]
    # the network: 2 * 4 + 4 * 4 + 4 * 1 weights drawn, split by sign into the edge traces of each frame
    edges = [d for d in frames[-1]["data"] if d["type"] == "scatter" and None in d["x"]]
    assert sum(d["x"].count(None) for d in edges) == 28
    # the inside view: the gradient size of each layer at the last epoch
    last = [t["y"][-1] for t in inside["data"][:3]]
    np.testing.assert_allclose(last, net.layer_gradient_norms(params[-1]), rtol=1e-5)


# Each control with a value that changes run A's numbers, in an order that shows every control.
MOVES = [
    ("selectbox", c.DATA, c.DATA_LABELS["spiral"]),
    ("slider", c.CLASSES, 2),
    ("slider", c.NOISE, 0.1),
    ("slider", c.TRAIN_SHARE, 0.7),
    ("multiselect", c.FEATURES, ["x1", "x2", "sin x1", "sin x2"]),
    ("text_input", c.HIDDEN, "8, 8"),
    ("selectbox", c.ACTIVATION, "relu"),
    ("selectbox", c.ACTIVATION, "leaky_relu"),
    ("selectbox", c.ACTIVATION, "sigmoid"),
    ("selectbox", c.ACTIVATION, "linear"),
    ("selectbox", c.OUTPUT, c.OUTPUT_LABELS["softmax"]),
    ("select_slider", c.L2, 0.01),
    ("select_slider", c.LEARNING_RATE, 0.03),
    ("slider", c.BETA_1, 0.5),
    ("select_slider", c.BETA_2, 0.9),
    ("selectbox", c.SCHEDULE, "exponential decay"),
    ("selectbox", c.SCHEDULE, "inverse time decay"),
    ("selectbox", c.SCHEDULE, "cosine decay"),
    ("selectbox", c.OPTIMISER, "Momentum"),
    ("slider", c.MOMENTUM, 0.5),
    ("selectbox", c.OPTIMISER, "RMSprop"),
    ("select_slider", c.RHO, 0.99),
    ("selectbox", c.OPTIMISER, "Adagrad"),
    ("selectbox", c.OPTIMISER, "SGD"),
    ("select_slider", c.BATCH, "all"),
    ("slider", c.EPOCHS, 20),
    ("number_input", c.SEED, 3),
    ("selectbox", c.DATA, c.DATA_LABELS["circle"]),
    ("selectbox", c.DATA, c.DATA_LABELS["moons"]),
    ("selectbox", c.DATA, c.DATA_LABELS["clusters"]),
    ("selectbox", c.OUTPUT, c.OUTPUT_LABELS["linear"]),
    ("selectbox", c.DATA, c.DATA_LABELS["bumps"]),
]


def test_every_control_changes_the_run():
    at = open_page(PAGE)
    at.slider(key=c.EPOCHS).set_value(10)
    rerun(at)
    before = metrics(at)
    for kind, key, value in MOVES:
        getattr(at, kind)(key=key).set_value(value)
        rerun(at)
        now = metrics(at)
        assert now != before, f"{key} = {value!r} changed nothing"
        assert not errors(at), (key, value, errors(at))
        charts(at)
        before = now
    assert "train accuracy" not in before  # the regression set: a loss, no accuracy


def test_compare_trains_b_from_the_same_initial_weights():
    at = open_page(PAGE)
    at.toggle(key=c.COMPARE).set_value(True)
    rerun(at)
    shown = metrics(at)
    _, _, train_b, test_b = trained_like_the_page(optimiser=gdcore.SGD(0.1))
    assert (
        shown["train loss B"] == f"{train_b['loss']:.4g}"
        and shown["test accuracy B"] == f"{test_b['accuracy']:.1%}"
    )
    assert shown["train loss A"] == metrics(open_page(PAGE))["train loss"]
    playground = charts(at)[0]
    assert [image["xref"] for image in playground["layout"]["images"]] == ["x2", "x3"]
    assert [image["xref"] for image in playground["frames"][0]["layout"]["images"]] == ["x2", "x3"]
    assert not snippet_numbers_not_shown(at)  # the snippet trains and prints A and B
    # B with A's settings is A, number for number: same start, same batches
    at.selectbox(key=c.B_OPTIMISER).set_value("Adam")
    at.select_slider(key=c.B_LEARNING_RATE).set_value(0.01)
    rerun(at)
    for name in ("train loss", "test loss", "train accuracy", "test accuracy"):
        assert metrics(at)[f"{name} A"] == metrics(at)[f"{name} B"]
    at.select_slider(key=c.B_BATCH).set_value(1)
    rerun(at)
    assert metrics(at)["train loss B"] != metrics(at)["train loss A"]


def test_an_impossible_architecture_from_a_shared_link_gets_a_message():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(PAGE)
    at.query_params[c.HIDDEN] = "9, 0, 3"
    rerun(at)
    assert errors(at) == [
        "Cannot build the hidden layers '9, 0, 3': '9' is not a number of units between 1 and 8. "
        "Using 4, 4 meanwhile."
    ]
    assert metrics(at) == metrics(open_page(PAGE))  # the default network, trained as usual
    at.text_input(key=c.HIDDEN).set_value("1 2 3 4 5")
    rerun(at)
    assert "at most 4 hidden layers, got 5" in errors(at)[0]
    at.text_input(key=c.HIDDEN).set_value("")  # no hidden layer: a logistic regression, fine
    rerun(at)
    assert not errors(at) and float(metrics(at)["test accuracy"].rstrip("%")) < 70  # a line cannot do xor


def test_output_that_cannot_fit_the_data_gets_a_message():
    at = open_page(PAGE)
    at.selectbox(key=c.DATA).set_value(c.DATA_LABELS["clusters"])
    at.selectbox(key=c.OUTPUT).set_value(c.OUTPUT_LABELS["sigmoid"])
    rerun(at)
    assert errors(at) == [
        "A sigmoid output cannot fit this data (it has 3 classes; a sigmoid output has one unit, for two "
        "classes): training with a softmax output instead."
    ]
    assert "test accuracy" in metrics(at)


def test_divergence_says_where_and_shows_what_came_before():
    at = open_page(PAGE)
    at.selectbox(key=c.DATA).set_value(c.DATA_LABELS["bumps"])
    at.selectbox(key=c.ACTIVATION).set_value("linear")
    at.selectbox(key=c.OPTIMISER).set_value("SGD")
    at.select_slider(key=c.LEARNING_RATE).set_value(3.0)
    rerun(at)
    (warning,) = at.warning
    assert warning.value.startswith("**The run diverged at step 4 (in epoch 1)**")
    assert "Shown up to epoch 0" in warning.value
    playground = charts(at)[0]
    assert [f["name"] for f in playground["frames"]] == ["0"]


def test_a_long_run_is_capped_with_a_message():
    at = open_page(PAGE)
    at.select_slider(key=c.BATCH).set_value(1)
    at.slider(key=c.EPOCHS).set_value(300)
    rerun(at)
    assert [i.value for i in at.info] == [
        "The run takes 200 steps per epoch: trained for 25 epochs (at most 5,000 steps) instead of 300."
    ]
    assert charts(at)[0]["frames"][-1]["name"] == "25"


def csv(rows) -> bytes:
    return ("a,b,label\n" + "".join(f"{x1},{x2},{y}\n" for x1, x2, y in rows)).encode()


def upload(at, data: bytes, name: str):
    at.sidebar.file_uploader(key=f"{c.UPLOAD}_file").set_value((name, data, "text/csv"))
    return rerun(at)


def test_a_new_session_at_the_address_says_the_csv_is_missing():
    """Issue 20: a failover, a reload or a shared link keeps the address, not the uploaded file."""
    at = open_page(PAGE)
    at.selectbox(key=c.DATA).set_value(c.DATA_LABELS["csv"])
    good = [(i % 7, (3 * i) % 5, 1 + int(i % 7 > 3)) for i in range(40)]
    upload(rerun(at), csv(good), "good.csv")
    again = reopened(at, PAGE)
    again.selectbox(key=c.DATA).set_value(c.DATA_LABELS["csv"])  # bound to the URL in a browser
    rerun(again)
    (warning,) = [w.value for w in again.warning]
    assert warning.startswith("The file good.csv is not in this session")
    assert warning.endswith("showing Exclusive or (xor) meanwhile.") and not again.info
    assert metrics(again) == metrics(open_page(PAGE))  # the default data meanwhile


def test_a_students_csv_trains_and_bad_ones_get_messages():
    at = open_page(PAGE)
    defaults = metrics(at)
    at.selectbox(key=c.DATA).set_value(c.DATA_LABELS["csv"])
    rerun(at)
    assert [i.value for i in at.info] == ["No CSV file yet: showing Exclusive or (xor) meanwhile."]
    assert metrics(at) == defaults
    upload(at, csv([(i % 7, i % 5, 1) for i in range(30)]), "one.csv")
    assert errors(at) == [
        "Cannot learn one.csv's labels: the label column must hold at least 2 classes to classify, "
        "got only one value (1). Showing the default data meanwhile."
    ]
    assert metrics(at) == defaults
    upload(at, csv([(i % 7, i % 3, i % 5) for i in range(30)]), "five.csv")
    assert errors(at) == [
        "Cannot learn five.csv's labels: the label column must hold at most 4 classes, got 5 distinct values "
        "(0, 1, 2, 3, 4). Showing the default data meanwhile (the linear output can fit 5 or more whole "
        "numbers as a regression)."
    ]
    assert metrics(at) == defaults
    at.selectbox(key=c.OUTPUT).set_value(c.OUTPUT_LABELS["linear"])
    rerun(at)
    assert not errors(at) and list(metrics(at)) == ["train loss", "test loss"]
    upload(at, b"a,b\n1,2\n3,4\n", "two.csv")
    assert "it needs three columns of numbers (x1, x2 and a label), found 2" in errors(at)[0]
    # labels 1 and 2 of a good file are the classes 0 and 1
    good = [(i % 7, (3 * i) % 5, 1 + int(i % 7 > 3)) for i in range(40)]
    at.selectbox(key=c.OUTPUT).set_value(c.OUTPUT_LABELS["auto"])
    upload(at, csv(good), "good.csv")
    assert not errors(at)
    assert any("good.csv: x1 = a, x2 = b, label = label, 40 rows" in e.value for e in at.caption)
    X = gdcore.standardise(np.array(good, dtype=float)[:, :2])
    y, _ = gdcore.class_labels(np.array(good, dtype=float)[:, 2])
    X_train, y_train, *_ = gdcore.train_test_split(X, y, 0.5, 0)
    net = gdcore.Network(X_train, y_train, (4, 4), "tanh", "sigmoid")
    history = gdcore.fit(net, net.init_params(0), gdcore.Adam(0.01), batch_size=10, epochs=100, seed=0)
    assert metrics(at)["train loss"] == f"{net.evaluate(gdcore.epoch_params(history, 2)[-1])['loss']:.4g}"
    at.selectbox(key=c.CSV_X2).set_value("a")
    rerun(at)
    assert "choose three different columns" in errors(at)[0]


def test_the_snippet_reproduces_a_schedule_momentum_and_batch_gradient_descent():
    at = open_page(PAGE)
    at.selectbox(key=c.OPTIMISER).set_value("Momentum")
    at.selectbox(key=c.SCHEDULE).set_value("cosine decay")
    at.select_slider(key=c.BATCH).set_value("all")
    at.select_slider(key=c.L2).set_value(0.001)
    at.slider(key=c.EPOCHS).set_value(30)
    rerun(at)
    code, keras = snippets(at)
    assert "gdcore.SGD(gdcore.CosineDecay(0.01, decay_steps=30), momentum=0.9)" in code
    assert "batch_size=None, epochs=30" in code
    assert (
        "keras.optimizers.SGD(learning_rate=keras.optimizers.schedules.CosineDecay(0.01, decay_steps=30)"
        in keras
    )
    assert "kernel_regularizer=keras.regularizers.L2(0.001)" in keras and "batch_size=len(X_train)" in keras
    formulas = "".join(e.value for e in at.latex)
    assert r"\lambda = 0.001" in formulas and r"dZ_l + 2\lambda W_l" in formulas and r"\tanh z" in formulas
    assert not snippet_numbers_not_shown(at)


def test_compares_controls_rerun_only_the_sections_that_show_run_b():
    """Issue 15: Compare's controls rerun "Watch it learn", "Inside the network" and the code; the
    sidebar's other controls and the network's formulas (section 2) are not sent again."""
    at = open_page(PAGE)
    formulas = [latex.value for latex in at.latex]
    before = named_charts(at)
    at.toggle(key=c.COMPARE).set_value(True)
    rerun(at)
    sent = named_charts(at)
    assert set(sent) == {"train-a-network", "train-a-network-inside"}
    assert not at.latex and c.EPOCHS not in [s.key for s in at.slider]  # section 2 and the sidebar stay
    assert "(B)" in sent["train-a-network-inside"] and "(B)" not in before["train-a-network-inside"]
    assert "# B: SGD\noptimiser = gdcore.SGD(0.1)" in snippets(at)[0]  # the code follows
    at.select_slider(key=c.B_LEARNING_RATE).set_value(0.03)
    rerun(at)
    again = named_charts(at)
    assert set(again) == set(sent) and again["train-a-network"] != sent["train-a-network"]
    assert "SGD, η 0.03" in json.dumps(json.loads(again["train-a-network"]), ensure_ascii=False)
    assert "gdcore.SGD(0.03)" in snippets(at)[0]
    assert not snippet_numbers_not_shown(at)  # the code trains and prints the B shown
    rerun(at)  # the whole page again: run A's formulas are the same, B stays on
    assert [latex.value for latex in at.latex] == formulas and "train loss B" in metrics(at)
