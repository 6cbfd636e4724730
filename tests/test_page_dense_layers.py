"""AppTest: the "Dense layers" page shows the slides' numbers and follows every control."""

import json

import numpy as np
import pandas as pd
import pytest
from conftest import (
    chart_elements,
    charts,
    named_charts,
    open_page,
    reopened,
    rerun,
    snippet_numbers_not_shown,
)
from test_snippets import snippets

import gdcore
from topics import dense_layers

PAGE = "pages/1_Dense_layers.py"
SLIDE_Z = [-5, 1, 7]
SLIDE_SIGMOID = [0.00669, 0.73106, 0.99909]
SLIDE_Z_MATRIX = [[-5, -9], [1, 5], [7, 19]]
SLIDE_SOFTMAX = [[0.98201379, 0.01798621], [0.01798621, 0.98201379], [6.1441746e-06, 0.99999386]]


def sigmoid(z):
    return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))


def neuron_table(at):
    return at.dataframe[1].value


def z_matrix(at):
    return at.dataframe[2].value[["z_1", "z_2"]].to_numpy()


def softmax_table(at):
    return at.dataframe[3].value


def latex(at):
    return " ".join(element.value for element in at.latex)


def metrics(at):
    return {metric.label: metric.value for metric in at.metric}


def settle(at):
    """Rerun the section whose control moved (a fragment: AppTest then holds only its elements), then
    the whole page, so that every section's elements can be read."""
    return rerun(rerun(at))


@pytest.fixture
def at():
    return open_page(PAGE)


def test_defaults_show_the_slide_numbers(at):
    assert at.title[0].value == "Dense layers in matrices"
    editor = at.data_editor[0].value
    np.testing.assert_array_equal(editor[["x_1", "x_2"]].to_numpy(), [[1, 2], [3, 4], [5, 6]])
    np.testing.assert_array_equal(editor["y"], [0, 1, 1])
    table = neuron_table(at)
    assert list(table.columns) == ["x_1", "x_2", "y", "z", "y_hat"]
    np.testing.assert_array_equal(table["z"], SLIDE_Z)
    np.testing.assert_array_equal(table["y_hat"], SLIDE_SIGMOID)
    shown = latex(at)
    assert r"\begin{bmatrix} -5 \\ 1 \\ 7 \end{bmatrix}" in shown
    assert r"\begin{bmatrix} 0.00669 \\ 0.73106 \\ 0.99909 \end{bmatrix}" in shown
    assert r"+ (-10)" in shown
    expected_loss = -np.mean(np.log([1 - sigmoid(-5), sigmoid(1), sigmoid(7)]))
    assert metrics(at) == {"Binary cross-entropy": f"{expected_loss:.4f}", "Accuracy": "100.0 %"}
    np.testing.assert_array_equal(z_matrix(at), SLIDE_Z_MATRIX)
    assert r"\begin{bmatrix} -5 & -9 \\ 1 & 5 \\ 7 & 19 \end{bmatrix}" in shown
    probabilities = softmax_table(at)
    np.testing.assert_allclose(probabilities[["P(class 1)", "P(class 2)"]], SLIDE_SOFTMAX, rtol=1e-7)
    np.testing.assert_array_equal(probabilities["predicted"], [1, 2, 2])
    assert len(chart_elements(at)) == 3
    assert not at.error and not at.warning


def test_every_chart_is_a_valid_plotly_figure(at):
    assert len(charts(at)) == 3
    at.number_input(key=dense_layers.W22).set_value(1000.0)  # logits beyond exp's overflow
    at.slider(key=dense_layers.W1).set_value(0.0)
    at.slider(key=dense_layers.W2).set_value(0.0)  # no decision boundary
    assert len(charts(settle(at))) == 3


def test_bias_shifts_every_z_by_the_same_amount(at):
    at.slider(key=dense_layers.B).set_value(-7.5)
    settle(at)
    table = neuron_table(at)
    np.testing.assert_allclose(table["z"], np.array(SLIDE_Z) + 2.5)
    np.testing.assert_allclose(table["y_hat"], np.round(sigmoid(table["z"]), 5))
    assert r"+ (-7.5)" in latex(at)
    assert r"\begin{bmatrix} -2.5 \\ 3.5 \\ 9.5 \end{bmatrix}" in latex(at)


def test_weights_follow(at):
    at.slider(key=dense_layers.W1).set_value(-1.0)
    at.slider(key=dense_layers.W2).set_value(0.5)
    settle(at)
    table = neuron_table(at)
    np.testing.assert_allclose(table["z"], [-1 + 1 - 10, -3 + 2 - 10, -5 + 3 - 10])
    assert metrics(at)["Accuracy"] == "33.3 %"  # every z < 0: predicts 0 for all, one is right
    assert r"\begin{bmatrix} -1 \\ 0.5 \end{bmatrix}" in latex(at)


@pytest.mark.parametrize(
    ("key", "value", "column", "change"),
    [
        (dense_layers.W11, 2.0, 0, [1, 3, 5]),
        (dense_layers.W21, 3.0, 0, [2, 4, 6]),
        (dense_layers.W12, 4.0, 1, [1, 3, 5]),
        (dense_layers.W22, 5.0, 1, [2, 4, 6]),
        (dense_layers.B1, -9.0, 0, [1, 1, 1]),
        (dense_layers.B2, -19.0, 1, [1, 1, 1]),
    ],
)
def test_softmax_inputs_follow(at, key, value, column, change):
    at.number_input(key=key).set_value(value)
    settle(at)
    expected = np.array(SLIDE_Z_MATRIX, dtype=float)
    expected[:, column] += change
    np.testing.assert_allclose(z_matrix(at), expected)
    shifted = expected - expected.max(axis=1, keepdims=True)
    softmax = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(softmax_table(at)[["P(class 1)", "P(class 2)"]], softmax, rtol=1e-9)


def test_large_logits_stay_finite_and_the_page_says_why(at):
    at.number_input(key=dense_layers.W22).set_value(1000.0)
    settle(at)
    Z = z_matrix(at)
    assert Z.max() > 709
    probabilities = softmax_table(at)[["P(class 1)", "P(class 2)"]].to_numpy()
    assert np.isfinite(probabilities).all()
    np.testing.assert_allclose(probabilities.sum(axis=1), 1)
    assert "observations 1, 2, 3" in at.warning[0].value  # numbered from 1, as on the slides
    assert any("(nan, 0)" in markdown.value for markdown in at.markdown)


def test_data_edits_follow_and_bad_edits_fall_back(at):
    at.session_state[dense_layers.DATA] = {
        "edited_rows": {0: {"y": 1}},
        "added_rows": [{"x_1": 7, "x_2": 1, "y": 0}],
        "deleted_rows": [],
    }
    settle(at)
    table = neuron_table(at)
    np.testing.assert_array_equal(table["y"], [1, 1, 1, 0])
    np.testing.assert_array_equal(table["z"], [-5, 1, 7, 7 + 2 - 10])
    assert metrics(at)["Accuracy"] == "75.0 %"
    assert len(softmax_table(at)) == 4
    # A label that is not 0 or 1: an error, and the last valid data stays on screen.
    at.session_state[dense_layers.DATA] = {"edited_rows": {0: {"y": 2}}, "added_rows": [], "deleted_rows": []}
    settle(at)
    assert "y must hold only 0 or 1, got 2" in at.error[0].value
    np.testing.assert_array_equal(neuron_table(at)["y"], [1, 1, 1, 0])
    # A row left half empty, then no rows at all: errors, the page keeps running.
    at.session_state[dense_layers.DATA] = {"edited_rows": {}, "added_rows": [{"x_1": 1}], "deleted_rows": []}
    settle(at)
    assert "every cell must be filled in" in at.error[0].value
    at.session_state[dense_layers.DATA] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [0, 1, 2]}
    settle(at)
    assert "1 to 20 rows" in at.error[0].value
    assert len(neuron_table(at)) == 4


def test_edited_data_lives_in_the_url_and_comes_back_in_a_new_session(at):
    """Issue 20: after a failover (a new session on another replica), a reload or a shared link,
    the edited rows are back, exactly; the slides' data leaves the address bar clean."""
    at.session_state[dense_layers.DATA] = {
        "edited_rows": {0: {"x_1": 0.1}},
        "added_rows": [{"x_1": 7.25, "x_2": -1 / 3, "y": 0}],
        "deleted_rows": [],
    }
    settle(at)
    assert at.query_params[dense_layers.DATA_PARAM] == f"0.1,2.0,0;3.0,4.0,1;5.0,6.0,1;7.25,{-1 / 3!r},0"
    again = reopened(at, PAGE)
    pd.testing.assert_frame_equal(neuron_table(again), neuron_table(at))
    assert len(neuron_table(again)) == 4 and not again.warning
    again.session_state[dense_layers.DATA] = {"edited_rows": {0: {"x_1": 1.0}}, "added_rows": [],
                                              "deleted_rows": [3]}  # fmt: skip
    settle(again)
    np.testing.assert_array_equal(neuron_table(again)["z"], SLIDE_Z)  # the slides' data again
    assert dense_layers.DATA_PARAM not in again.query_params
    at.query_params[dense_layers.DATA_PARAM] = "1,2,3;x"  # a link typed by hand
    broken = reopened(at, PAGE)
    assert "Cannot read the data in the link" in broken.warning[0].value
    np.testing.assert_array_equal(neuron_table(broken)["z"], SLIDE_Z)


def test_bad_data_on_a_first_visit_falls_back_to_the_lecture_data():
    from conftest import ROOT
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(PAGE)
    at.session_state[dense_layers.DATA] = {"edited_rows": {1: {"y": 5}}, "added_rows": [], "deleted_rows": []}
    settle(at)
    assert at.error
    np.testing.assert_array_equal(neuron_table(at)["z"], SLIDE_Z)


def test_the_code_follows_the_controls(at):
    at.slider(key=dense_layers.W1).set_value(-2.5)
    at.slider(key=dense_layers.B).set_value(3.0)
    at.number_input(key=dense_layers.W12).set_value(-7.0)
    settle(at)
    gdcore_code, keras_code = snippets(at)
    assert "w=[-2.5, 2.0], b=3.0" in gdcore_code and "W=np.array([[1.0, -7.0], [2.0, 4.0]])" in gdcore_code
    assert 'keras.layers.Dense(1, activation="sigmoid")' in keras_code and "[[-2.5], [2.0]]" in keras_code
    assert not snippet_numbers_not_shown(at)


def test_observations_are_numbered_from_1_as_on_the_slides(at):
    """Issue 16, item 20: the page said "obs 0" where the slides say observation 1."""
    n = len(gdcore.lecture_dense_data()[1])
    specs = [chart.figure for chart in chart_elements(at)]
    labels = [
        label
        for spec in specs
        for trace in spec["data"]
        for label in [*(trace.get("text") or []), *(trace["x"] if trace.get("type") == "bar" else [])]
        if isinstance(label, str) and label.startswith("obs ")
    ]
    assert labels and "obs 0" not in labels and f"obs {n}" in labels
    for frame in at.dataframe:
        if "z_1" in frame.value.columns or "P(class 1)" in frame.value.columns:
            assert list(frame.value.index) == list(range(1, n + 1))


def test_a_nudge_reruns_only_its_section(at):
    """Issue 15: the neuron's sliders rerun the neuron's section (and the code), the layer's entries
    the layer's; the other section's chart is neither sent again nor changed."""
    before = named_charts(at)
    assert set(before) == {"sigmoid", "decision-boundary", "softmax-probabilities"}
    at.slider(key=dense_layers.W1).set_value(-1.5)
    sent = named_charts(rerun(at))
    assert set(sent) == {"sigmoid", "decision-boundary"}  # the softmax layer's chart is not sent again
    assert sent["sigmoid"] != before["sigmoid"] and sent["decision-boundary"] != before["decision-boundary"]
    assert "w=[-1.5, 2.0]" in snippets(at)[0]  # the code follows, as a section of its own
    after = named_charts(rerun(at))  # the whole page again: the softmax chart's spec is the same
    assert after["softmax-probabilities"] == before["softmax-probabilities"]

    at.number_input(key=dense_layers.W22).set_value(5.0)
    sent = named_charts(rerun(at))
    assert (
        set(sent) == {"softmax-probabilities"}
        and sent["softmax-probabilities"] != before["softmax-probabilities"]
    )
    assert "[2.0, 5.0]" in snippets(at)[0] and "w=[-1.5, 2.0]" in snippets(at)[0]
    whole = named_charts(rerun(at))
    assert whole["sigmoid"] == after["sigmoid"] and whole["decision-boundary"] == after["decision-boundary"]


@pytest.mark.parametrize(
    ("name", "builder", "traces"),
    [("sigmoid", "sigmoid", [0, 1, 2]), ("decision-boundary", "boundary", [0, 1])],
)
def test_the_w1_scrubbers_frames_are_the_server_figures(at, name, builder, traces):
    """Issue 15: dragging w₁ under a chart shows, for each w₁, what the server draws when the sidebar's
    w₁ is set to it (the same gdcore calls), with w₂ and b at the sidebar's values."""
    at.slider(key=dense_layers.W2).set_value(-1.0)
    at.slider(key=dense_layers.B).set_value(2.5)
    spec = json.loads(named_charts(settle(at))[name])
    frames = spec["frames"]
    assert [f["name"] for f in frames] == [f"{v:g}" for v in np.arange(-5.0, 5.25, 0.5)] and len(frames) == 21
    slider = spec["layout"]["sliders"][0]
    assert "updatemenus" not in spec["layout"] and frames[slider["active"]]["name"] == "1"  # the sidebar's w₁
    X, y = gdcore.lecture_dense_data()
    for value in (-5.0, -1.5, 1.0, 4.5):
        (frame,) = [f for f in frames if f["name"] == f"{value:g}"]
        at.slider(key=dense_layers.W1).set_value(value)
        server = json.loads(named_charts(settle(at))[name])
        assert frame["traces"] == traces
        for i, changed in zip(traces, frame["data"], strict=True):
            assert changed == {key: server["data"][i][key] for key in changed}, (value, i)
            unchanged = {key: v for key, v in server["data"][i].items() if key not in changed}
            assert unchanged == {key: v for key, v in spec["data"][i].items() if key not in changed}, (
                value,
                i,
            )
        assert [t for i, t in enumerate(server["data"]) if i not in traces] == [
            t for i, t in enumerate(spec["data"]) if i not in traces
        ]  # the other traces (the data points) are the same at every w₁
        assert frame["layout"]["xaxis"]["range"] == server["layout"]["xaxis"]["range"]
    # and what the topic builds for that w₁ is what gdcore says
    weights = dense_layers.Neuron(np.array([4.5, -1.0]), 2.5)
    z = gdcore.logistic_neuron(X, y, weights.w, weights.b)["z"]
    if builder == "sigmoid":
        np.testing.assert_allclose(
            sorted(frame["data"][1]["x"] + frame["data"][2]["x"]), sorted(z), rtol=1e-6
        )
    total = sum(len(spec) for spec in named_charts(at).values())
    assert total < 600_000, total  # the whole page's Plotly JSON, frames included
