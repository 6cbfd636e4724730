"""AppTest: the "Loss and derivatives" page shows the slides' numbers and follows every control."""

import json
import re

import numpy as np
import plotly.graph_objects as go
import pytest
from conftest import (
    chart_elements,
    chart_named,
    charts,
    open_page,
    reopened,
    rerun,
    sidebar_fragments,
    snippet_numbers_not_shown,
)
from test_core_golden import BGD_ITERATION_1, BGD_ITERATION_2
from test_snippets import snippets

import gdcore
from topics.loss_and_derivatives import controls
from ui.latex import sub

PAGE = "pages/7_Loss_and_derivatives.py"
BGD_COLUMNS = ["x", "y", "y_hat", "loss", "dL/dw", "dL/db"]
SECTIONS = {0: "the chain rule", 1: "SGD by hand", 2: "the BGD tables"}  # each shows its own code
BGD = 2


def pvec(*values):
    return r"\begin{pmatrix} " + r" \\ ".join(values) + r" \end{pmatrix}"


def latex(at):
    return "\n".join(element.value for element in at.latex)


def table(at, first_column):
    """The displayed table whose first column is ``first_column`` ("t": SGD, "x": BGD)."""
    (found,) = [d.value for d in at.dataframe if d.value.columns[0] == first_column]
    return found


def bgd_update(at):
    (line,) = [e.value for e in at.latex if r"\nabla =" in e.value]
    return line.strip("$\n")


def sgd_update(at):
    (line,) = [e.value for e in at.latex if r"\nabla \text{Loss}_i =" in e.value]
    return line.strip("$\n")


@pytest.fixture
def at():
    return open_page(PAGE)


def test_defaults_show_the_slide_numbers(at):
    shown = latex(at)
    # Chain rule for (x_i, y_i) = (5, 5) at (w, b) = (0, 0), slide "Stochastic gradient descent (SGD)".
    assert r"= 0 \times 5 + 0 = 0\;\Rightarrow\; \text{Loss}_i = (0 - 5)^2 = 25" in shown
    assert r"= (-10) \times 5 = -50" in shown and r"= (-10) \times 1 = -10" in shown
    # SGD, first iteration.
    assert sgd_update(at).endswith(f"+ {pvec('0.5', '0.1')} = {pvec('0.5', '0.1')}")
    sgd = table(at, "t")
    assert sgd.to_dict("list") == {
        "t": [1], "x": [5.0], "y": [5.0], "y_hat": [0.0], "loss": [25.0],
        "dL/dw": [-50.0], "dL/db": [-10.0], "w_t": [0.5], "b_t": [0.1],
    }  # fmt: skip
    # BGD, first iteration.
    bgd = table(at, "x")
    assert list(bgd.columns) == BGD_COLUMNS
    for column, expected in BGD_ITERATION_1.items():
        np.testing.assert_array_equal(bgd[column], expected, err_msg=column)
    assert rf"\text{{mean of dL/db}} \end{{pmatrix}} = {pvec('-14.69', '-6.00')}" in shown
    assert bgd_update(at).endswith(f"= {pvec('1.47', '0.60')}")
    assert any(s.value == "The table at θ₀ = (0.00, 0.00), the start" for s in at.subheader)
    assert len(chart_elements(at)) == 3
    assert not at.error and not at.warning


def test_sgd_next_back_reset(at):
    at.button(key=controls.SGD_NEXT).click()
    rerun(at)
    assert r"= 0.5 \times 9 + 0.1 = 4.6" in latex(at)
    assert rf"- 0.01 {pvec('-223.2', '-24.8')}" in sgd_update(at)
    assert sgd_update(at).endswith(f"+ {pvec('2.232', '0.248')} = {pvec('2.732', '0.348')}")
    np.testing.assert_allclose(table(at, "t")[["w_t", "b_t"]], [[0.5, 0.1], [2.732, 0.348]])
    assert at.button(key=controls.SGD_NEXT).disabled
    at.button(key=controls.SGD_BACK).click()
    rerun(at)
    assert sgd_update(at).endswith(f"= {pvec('0.5', '0.1')}") and at.button(key=controls.SGD_BACK).disabled
    at.button(key=controls.SGD_NEXT).click()
    rerun(at)
    at.button(key=controls.SGD_RESET).click()
    rerun(at)
    assert len(table(at, "t")) == 1


def test_the_sgd_iteration_lives_in_the_url_and_comes_back_in_a_new_session(at):
    """Issue 20: after a failover (a new session on another replica), a reload or a shared link,
    the iteration shown is the same."""
    at.button(key=controls.SGD_NEXT).click()
    rerun(at)
    assert at.query_params[controls.SGD_T] == "2"
    again = reopened(at, PAGE)
    assert len(table(again, "t")) == 2
    assert sgd_update(again).endswith(f"+ {pvec('2.232', '0.248')} = {pvec('2.732', '0.348')}")
    again.button(key=controls.SGD_RESET).click()
    rerun(again)
    assert len(table(again, "t")) == 1 and again.query_params[controls.SGD_T] == "1"
    again.query_params[controls.SGD_T] = "x9"  # a link typed by hand: the first iteration
    assert len(table(rerun(again), "t")) == 1


def test_sgd_inputs_follow(at):
    at.text_input(key=controls.SGD_POINTS).set_value("(1, 3); (2, 1) (4, 4)")
    at.number_input(key=controls.SGD_W0).set_value(1.0)
    at.number_input(key=controls.SGD_B0).set_value(-1.0)
    at.number_input(key=controls.SGD_ETA).set_value(0.1)
    rerun(at)
    # theta_0 = (1, -1), (x, y) = (1, 3): y_hat = 0, gradient 2 (0 - 3) (1, 1) = (-6, -6).
    assert r"= 1 \times 1 - 1 = 0" in latex(at)
    assert sgd_update(at).endswith(f"+ {pvec('0.6', '0.6')} = {pvec('1.6', '-0.4')}")
    for _ in range(2):
        at.button(key=controls.SGD_NEXT).click()
        rerun(at)
    assert table(at, "t")["t"].tolist() == [1, 2, 3]


def test_sgd_bad_points_and_overflow(at):
    at.text_input(key=controls.SGD_POINTS).set_value("(5, 5), (9")
    rerun(at)
    assert "Cannot read the points" in at.error[0].value
    assert sgd_update(at).endswith(f"= {pvec('0.5', '0.1')}")
    at.text_input(key=controls.SGD_POINTS).set_value("(1e150, 1), (1e150, 1), (1e150, 1)")
    at.number_input(key=controls.SGD_ETA).set_value(10.0)
    rerun(at)
    assert "overflow at iteration" in at.warning[0].value
    assert np.isfinite(table(at, "t").drop(columns="t").to_numpy()).all()


def test_chain_rule_inputs_follow(at):
    at.number_input(key=controls.CR_X).set_value(2.0)
    at.number_input(key=controls.CR_Y).set_value(1.0)
    at.number_input(key=controls.CR_W).set_value(1.5)
    at.number_input(key=controls.CR_B).set_value(-0.5)
    rerun(at)
    # y_hat = 1.5 * 2 - 0.5 = 2.5; Loss = 2.25; dLoss/dy_hat = 3; gradient (6, 3).
    shown = latex(at)
    assert r"= 1.5 \times 2 - 0.5 = 2.5\;\Rightarrow\; \text{Loss}_i = (2.5 - 1)^2 = 2.25" in shown
    assert r"= 3 \times 2 = 6" in shown and r"= 3 \times 1 = 3" in shown


def test_bgd_iterations_follow_k(at):
    at.slider(key=controls.BGD_K).set_value(1)
    rerun(at)
    bgd = table(at, "x")
    for column, expected in BGD_ITERATION_2.items():
        np.testing.assert_array_equal(bgd[column] + 0.0, expected, err_msg=column)
    assert bgd_update(at).endswith(f"= {pvec('1.33', '0.49')}")
    assert any(s.value == "The table at θ₁ = (1.47, 0.60), after 1 update" for s in at.subheader)
    at.slider(key=controls.BGD_K).set_value(2)
    rerun(at)
    assert any(s.value == "The table at θ₂ = (1.33, 0.49), after 2 updates" for s in at.subheader)
    np.testing.assert_array_equal(
        table(at, "x")["y_hat"], np.round(1.32717819 * np.array([1, 2, 3]) + 0.49312992, 2)
    )
    assert bgd_update(at).endswith(f"= {pvec('1.36', '0.46')}")


def test_rounding_follows(at):
    at.slider(key=controls.BGD_DECIMALS).set_value(4)
    rerun(at)
    bgd = table(at, "x")
    np.testing.assert_array_equal(bgd["y"], [0.9887, 3.0038, 5.0150])
    np.testing.assert_array_equal(bgd["dL/dw"], [-1.9773, -12.0154, -30.0898])
    assert bgd_update(at).endswith(f"= {pvec('1.4694', '0.6005')}")


def test_bgd_start_and_learning_rate_follow(at):
    at.number_input(key=controls.BGD_W0).set_value(1.0)
    at.number_input(key=controls.BGD_B0).set_value(0.5)
    at.number_input(key=controls.BGD_ETA).set_value(0.05)
    rerun(at)
    np.testing.assert_array_equal(table(at, "x")["y_hat"], [1.5, 2.5, 3.5])
    assert r"- 0.05 \begin{pmatrix}" in bgd_update(at)
    assert any(s.value == "The table at θ₀ = (1.00, 0.50), the start" for s in at.subheader)


def test_other_datasets_change_the_table(at):
    at.selectbox(key=controls.BGD_DATA).select_index(1)  # the lab's points
    rerun(at)
    lab = table(at, "x")
    np.testing.assert_array_equal(lab["x"], [2, 3, 5])
    np.testing.assert_array_equal(lab["loss"], [49, 100, 256])
    assert not at.warning  # the lab's data opens with eta = 0.05, which converges
    at.number_input(key=controls.BGD_ETA).set_value(0.1)
    rerun(at)
    assert "loss grows" in at.warning[0].value  # eta = 0.1 is too large for this data
    at.selectbox(key=controls.BGD_DATA).select_index(2)  # synthetic data
    rerun(at)
    assert len(table(at, "x")) == 10
    at.slider(key=controls.BGD_N).set_value(25)
    at.slider(key=controls.BGD_NOISE).set_value(0.0)
    rerun(at)
    synthetic = table(at, "x")
    assert len(synthetic) == 25
    x_full = synthetic["x"].to_numpy()
    np.testing.assert_allclose(synthetic["y"], np.round(2 * x_full - 1, 2), atol=0.011)
    at.slider(key=controls.BGD_NOISE).set_value(1.0)
    at.number_input(key=controls.BGD_SEED).set_value(7)
    rerun(at)
    assert not np.array_equal(table(at, "x")["x"], synthetic["x"])


def test_divergence_is_reported_and_tables_stay_finite(at):
    at.number_input(key=controls.BGD_ETA).set_value(100.0)
    at.slider(key=controls.BGD_K).set_value(50)
    rerun(at)
    warning = at.warning[0].value
    assert "Gradient descent diverged" in warning
    last = int(
        warning.split("The tables stop at θ")[1]
        .split(".")[0]
        .translate(str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789"))
    )
    assert any(s.value.startswith(f"The table at θ{sub(last)} = ") for s in at.subheader)
    assert "overflows" in at.error[0].value
    assert np.isfinite(table(at, "x").to_numpy()).all()
    assert len(chart_elements(at)) == 3


def test_the_code_follows_the_controls(at):
    at.number_input(key=controls.CR_X).set_value(2.5)
    at.selectbox(key=controls.BGD_DATA).select_index(2)  # synthetic data
    rerun(at)
    at.slider(key=controls.BGD_N).set_value(7)
    at.slider(key=controls.BGD_K).set_value(3)
    at.slider(key=controls.BGD_DECIMALS).set_value(4)
    at.button(key=controls.SGD_NEXT).click()
    rerun(at)
    (chain_code,), (sgd_code,), (gdcore_code, keras_code) = (snippets(at, which) for which in SECTIONS)
    assert "chain_rule(x=2.5, y=5.0" in chain_code and "records[:2]" in sgd_code
    assert "make_linear_data(n=7, noise=0.5, seed=0)" in gdcore_code and "path.params[3]" in gdcore_code
    assert "keras.optimizers.SGD(learning_rate=0.1)" in keras_code and "epochs=3" in keras_code
    for which in SECTIONS:  # each section's code prints its numbers
        assert not snippet_numbers_not_shown(at, which), SECTIONS[which]


def test_the_code_of_a_diverged_run(at):
    at.number_input(key=controls.BGD_ETA).set_value(100.0)
    at.slider(key=controls.BGD_K).set_value(50)
    rerun(at)
    (gdcore_code, _) = snippets(at, BGD)
    assert "theta_" not in gdcore_code.split("gradient =")[1]  # no finite next theta to print
    assert not snippet_numbers_not_shown(at, BGD)


@pytest.mark.parametrize(
    ("label", "said", "first_x"),
    [
        ("Lecture: x = 1, 2, 3 (seed 111)", "Data: the lecture's x = 1, 2, 3", 1.0),
        ("Lab: (2, 7), (3, 10), (5, 16)", "Data: the lab's points (2, 7), (3, 10), (5, 16).", 2.0),
        ("Synthetic: y = 2x − 1 + noise", "Data: 10 points on y = 2x − 1 with Gaussian noise", None),
    ],
)
def test_the_page_says_which_data_the_tables_use(label, said, first_x):
    at = open_page(PAGE)
    at.selectbox(key=controls.BGD_DATA).set_value(label)
    rerun(at)
    captions = [c.value for c in at.caption if c.value.startswith("Data: ")]
    assert len(captions) == 1 and captions[0].startswith(said), captions
    x = table(at, "x")["x"].tolist()
    if first_x is not None:
        assert x[0] == first_x
    else:
        assert len(x) == 10 and x[0] == pytest.approx(round(gdcore.make_linear_data(10, 0.5, 0)[0][0], 2))


@pytest.mark.parametrize("eta", [0.1, 100.0], ids=["defaults", "diverging"])
def test_every_figure_is_valid_plotly(eta):
    """The figure specs are built without Plotly's validation: rebuild each one with it (3 charts)."""
    at = open_page(PAGE)
    at.number_input(key=controls.BGD_ETA).set_value(eta)
    at.slider(key=controls.BGD_K).set_value(controls.K_MAX)
    rerun(at)
    assert len(charts(at)) == 3  # raises on any invalid property


def loss_chart(at) -> dict:
    (spec,) = [
        c.figure
        for c in chart_elements(at)
        if "log scale" in json.dumps(c.figure["layout"]["yaxis"].get("title", {}))
    ]
    return spec


@pytest.mark.parametrize("eta", [0.5, 100.0])
def test_a_diverging_loss_keeps_a_readable_axis(eta):
    """Issue 16, item 2: /Loss_and_derivatives?bgd_eta=0.5 showed 25-285 overlapping log labels."""
    at = open_page(PAGE)
    at.number_input(key=controls.BGD_ETA).set_value(eta)
    rerun(at)
    spec = loss_chart(at)
    yaxis = spec["layout"]["yaxis"]
    low, high = yaxis["range"]
    assert high - low <= 8 and (high - low) / yaxis.get("dtick", 1) <= 8
    json.dumps(spec, allow_nan=False)
    assert any("leaves the chart" in trace.get("name", "") for trace in spec["data"])
    go.Figure(spec)


def test_one_numbering_for_the_bgd_table():
    """Issue 16, item 9: k = 3 showed "Iteration 4, at θ₃"; the heading now counts by k alone."""
    at = open_page(PAGE)
    at.slider(key=controls.BGD_K).set_value(3)
    rerun(at)
    theta = gdcore.gradient_descent_path(
        gdcore.LinearRegression(*gdcore.lecture_bgd_data()), (0.0, 0.0), 0.1, 4
    ).params[3]
    (heading,) = [s.value for s in at.subheader if "θ₃" in s.value]
    assert heading == f"The table at θ₃ = ({theta[0]:.2f}, {theta[1]:.2f}), after 3 updates"
    assert "Iteration" not in heading and "θₖ, after k updates" in at.slider(key=controls.BGD_K).label


def test_a_diverging_run_prints_readable_numbers():
    """Issue 16, item 3: bgd_eta=100, bgd_k=50 printed 100-digit numbers in the heading, table and formulas."""
    at = open_page(PAGE)
    at.number_input(key=controls.BGD_ETA).set_value(100.0)
    at.slider(key=controls.BGD_K).set_value(50)
    rerun(at)
    texts = [s.value for s in at.subheader] + [e.value for e in at.latex] + [w.value for w in at.warning]
    assert texts and not any(re.search(r"\d{12,}", text) for text in texts), texts
    (heading,) = [s.value for s in at.subheader if s.value.startswith("The table at")]
    assert re.search(r"e\+\d+", heading), heading
    (bgd,) = [d for d in at.dataframe if d.value.columns[0] == "x"]
    columns = json.loads(bgd.proto.columns).items()
    shown_formats = {name: config.get("type_config", {}).get("format") for name, config in columns}
    assert any(fmt == "%.3e" for fmt in shown_formats.values()), shown_formats


@pytest.mark.parametrize(
    ("typed", "points"),
    [
        ("(−3, 1), (2, −4)", [[-3.0, 1.0], [2.0, -4.0]]),  # the Unicode minus the app prints
        ("(1,5; 2,5)", [[1.5, 2.5]]),  # decimal commas: the obvious reading
        ("(1, 3); (2, 1) (4, 4)", [[1.0, 3.0], [2.0, 1.0], [4.0, 4.0]]),
        ("1 2 3 4", [[1.0, 2.0], [3.0, 4.0]]),
    ],
)
def test_points_are_read_as_written(typed, points):
    """Issue 16, item 6: "−3" was refused and "(1,5; 2,5)" silently became (1, 5), (2, 5)."""
    np.testing.assert_array_equal(controls.parse_points(typed), points)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("(1,2,3),(4)", "(1,2,3) holds 3 numbers; each point is one pair (x, y)"),
        ("(5, 5), (9", "the brackets do not pair up"),
        ("(1, 2) 3", "3 stands outside the brackets"),
        ("(a, 1)", "'a', which is not part of a number"),
    ],
)
def test_points_that_cannot_be_read_say_why(typed, said):
    """Issue 16, item 6: "(1,2,3),(4)" was silently read as (1, 2), (3, 4); messages ended in "...."."""
    at = open_page(PAGE)
    at.text_input(key=controls.SGD_POINTS).set_value(typed)
    rerun(at)
    (error,) = at.error
    assert said in error.value and "..." not in error.value, error.value
    assert sgd_update(at).endswith(f"= {pvec('0.5', '0.1')}")  # the slides' points meanwhile


def test_an_overflow_names_its_cause():
    """Issue 16, item 7: (1e308, 1) blamed eta although no eta helps and no iteration was shown."""
    at = open_page(PAGE)
    at.text_input(key=controls.SGD_POINTS).set_value("(1e308, 1)")
    rerun(at)
    (warning,) = at.warning
    assert "point (1.000e+308, 1) is too large" in warning.value and "whatever η" in warning.value
    assert "No iteration can be shown" in warning.value and "η is far too large" not in warning.value
    with pytest.raises(ValueError):
        gdcore.chain_rule(1e308, 1.0, 0.0, 0.0)  # the cause, as gdcore sees it
    at.text_input(key=controls.SGD_POINTS).set_value("(1e150, 1), (1e150, 1), (1e150, 1)")
    at.number_input(key=controls.SGD_ETA).set_value(10.0)
    rerun(at)
    assert (
        "η is far too large" in at.warning[0].value
        and "Showing the 1 iteration before it" in at.warning[0].value
    )


def test_the_slides_caption_goes_with_the_slides_points():
    """Issue 16, item 23: the caption about "the slides' two picks" stayed after the points changed."""
    at = open_page(PAGE)
    assert any("slides' two picks" in c.value for c in at.caption)
    at.text_input(key=controls.SGD_POINTS).set_value("(1, 3), (2, 1)")
    rerun(at)
    assert not any("slides' two picks" in c.value for c in at.caption)


def test_each_built_in_data_set_opens_with_a_learning_rate_that_converges():
    """Issue 16, item 14: the Lab data diverged at the default eta = 0.1 (loss 135 -> 2.75e25), no hint given."""
    at = open_page(PAGE)
    for label, name in zip(controls.datasets.LABELS.values(), controls.ETA_DEFAULTS, strict=False):
        if name == "upload":
            continue
        at.selectbox(key=controls.BGD_DATA).set_value(label)
        rerun(at)
        eta = at.number_input(key=controls.BGD_ETA).value
        problem = gdcore.LinearRegression(
            *{"lecture": gdcore.lecture_bgd_data, "lab": gdcore.lab_data}.get(
                name, lambda: gdcore.make_linear_data(10, 0.5, 0)
            )()
        )
        assert eta == controls.ETA_DEFAULTS[name] < 2 / gdcore.max_curvature(problem), name
        assert not at.warning, name
    at.selectbox(key=controls.BGD_DATA).set_value(controls.datasets.LABELS["lab"])
    rerun(at)
    at.number_input(key=controls.BGD_ETA).set_value(0.1)
    rerun(at)
    largest = 2 / gdcore.max_curvature(gdcore.LinearRegression(*gdcore.lab_data()))
    assert f"η < 2 / λ_max = {largest:.3g}" in at.warning[0].value and "Try η = 0.037" in at.warning[0].value


def test_the_number_boxes_say_their_range_on_the_page():
    """Issue 16, item 24: an out-of-range number showed its reason only in a tooltip."""
    at = open_page(PAGE)
    notes = [c.value for c in at.sidebar.caption if "A value outside is not taken" in c.value]
    assert len(notes) == 3 and "η from 0.0001 to 100" in notes[2]
    box = at.number_input(key=controls.BGD_ETA)
    assert (box.min, box.max) == (0.0001, 100.0)


# -- Issue 15: a nudge reruns only its section; k scrubs the line and the contour in the browser -----

CHARTS = ("bgd-data", "bgd-contour", "bgd-loss")  # all in section 3


def drawn_charts(at):
    return {name: (chart_named(at, name).spec, chart_named(at, name).id) for name in CHARTS}


def move_chain_rule(at):
    at.number_input(key=controls.CR_X).set_value(2.5)


def move_sgd(at):
    at.button(key=controls.SGD_NEXT).click()


def move_decimals(at):
    at.slider(key=controls.BGD_DECIMALS).set_value(5)


@pytest.mark.parametrize("move", [move_chain_rule, move_sgd, move_decimals])
def test_a_control_that_changes_no_figure_redraws_no_chart_named(at, move):
    """The sections are fragments; a control of another section, or one that changes only the table,
    leaves every chart element as it was (spec and id: Streamlit draws it again only if they change)."""
    before = drawn_charts(at)
    move(at)
    rerun(at)
    assert drawn_charts(at) == before


def test_the_sections_are_fragments_with_their_sidebar_controls():
    assert sidebar_fragments(PAGE) == ["one_observation", "sgd_by_hand", "bgd_tables"]


@pytest.mark.parametrize(("k", "eta"), [(0, 0.1), (7, 0.1), (50, 100.0)])
def test_k_scrubs_the_line_and_the_contour_with_the_servers_numbers(at, k, eta):
    """Frames for every k; each frame is what the server draws at that k; the slider starts at the
    sidebar's k (the last finite one when the run diverged)."""
    from topics.loss_and_derivatives import figures, runs
    from ui.datasets import lecture
    from ui.figures import drawn

    before = drawn_charts(at)
    at.number_input(key=controls.BGD_ETA).set_value(eta)
    at.slider(key=controls.BGD_K).set_value(k)
    rerun(at)
    problem, path = runs.bgd(lecture(), (0.0, 0.0), eta)
    last = len(path.params) - 1
    grid = runs.loss_grid(problem, path.params)
    data = lecture()
    for name, trace, server in (
        ("bgd-data", 0, lambda j: figures.data_lines(problem, data.x, data.y, path.params[j], j)),
        ("bgd-contour", 2, lambda j: figures.path_contour(*grid, path.params, j)),
    ):
        spec = chart_named(at, name).figure
        names = [frame["name"] for frame in spec["frames"]]
        assert names == [str(j) for j in range(last + 1)]
        slider = spec["layout"]["sliders"][0]
        assert slider["active"] == min(k, last) and [s["label"] for s in slider["steps"]] == names
        for j in {0, min(k, last), last // 2, last}:
            want = drawn(server(j))["data"][trace]
            frame = spec["frames"][j]
            assert frame["traces"] == [trace]
            assert (frame["data"][0]["x"], frame["data"][0]["y"]) == (want["x"], want["y"]), (name, j)
        shown = spec["data"][trace]
        want = drawn(server(min(k, last)))["data"][trace]
        assert (shown["x"], shown["y"]) == (want["x"], want["y"])  # the chart shows the active frame
        assert len(chart_named(at, name).spec) < 200_000
    if k:
        assert drawn_charts(at)["bgd-data"] != before["bgd-data"]
    assert any("Drag k under the line" in c.value for c in at.caption)
