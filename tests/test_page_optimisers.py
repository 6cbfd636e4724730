"""The Optimisers page: every control moves the numbers it should, and they are gdcore's."""

import json

import numpy as np
import pytest
from conftest import ROOT, open_page, rerun
from streamlit.testing.v1 import AppTest

import gdcore

PAGE = "pages/5_Optimisers.py"


def results(at):
    """The 'Where each optimiser ended' table, indexed by optimiser."""
    frame = next(f.value for f in at.dataframe if "optimiser" in f.value.columns)
    return frame.set_index("optimiser")


def inside(at):
    frame = next(f.value for f in at.dataframe if "quantity" in f.value.columns)
    return frame.set_index("quantity")


def metrics(at):
    return {m.label: m.value for m in at.metric}


@pytest.fixture(scope="module")
def default_page():
    return open_page(PAGE)


def test_defaults_show_the_keras_default_runs(default_page):
    at = default_page
    table = results(at)
    assert list(table.index) == ["SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"]
    surface = gdcore.SURFACES["quadratic"]
    path = gdcore.optimiser_path(surface, surface.start, gdcore.SGD(0.01, momentum=0.9), 200)
    assert table.loc["Momentum", "x"] == round(path.params[-1, 0], 4)
    assert table.loc["Momentum", "loss"] == round(path.loss[-1], 4)
    assert (table["steps taken"] == 200).all()
    # Keras defaults: the adaptive optimisers barely move at eta = 0.001.
    assert table.loc["Adam", "distance to minimum"] > 4
    assert not at.warning


def test_convention_demo_momentum_agrees_rmsprop_defaults_do_not(default_page):
    shown = metrics(default_page)
    same = float(shown["Momentum SGD: Keras vs PyTorch, same settings"])
    different = float(shown["RMSprop: Keras defaults vs PyTorch defaults"])
    assert same < 1e-12
    assert different > 0.1


def test_surface_start_and_steps_follow():
    at = open_page(PAGE)
    before = results(at)
    at.number_input(key="x0_quadratic").set_value(3.0)
    at.number_input(key="y0_quadratic").set_value(-1.0)
    rerun(at)
    moved = results(at)
    assert moved.loc["Adam", "x"] > 2.5 and moved.loc["Adam", "y"] < -0.5
    assert not moved.equals(before)
    at.slider(key="steps").set_value(50)
    rerun(at)
    assert (results(at)["steps taken"] == 50).all()
    at.selectbox(key="surface").set_value("Rosenbrock")
    rerun(at)
    assert "100" in at.latex[0].value
    assert any("Momentum diverged at step" in w.value for w in at.warning)
    table = results(at)
    assert table.loc["Momentum", "status"].startswith("diverged at step")
    assert np.isfinite(table.select_dtypes("number").to_numpy()).all()
    at.number_input(key="x0_rosenbrock").set_value(0.5)
    at.number_input(key="y0_rosenbrock").set_value(0.5)
    at.select_slider(key="momentum_lr").set_value(0.0001)
    rerun(at)
    assert not any("Momentum diverged" in w.value for w in at.warning)
    at.selectbox(key="surface").set_value("Saddle")
    rerun(at)
    assert "distance to minimum" not in results(at).columns
    assert any("no minimum" in i.value for i in at.info)


def test_multiselect_chooses_the_rows():
    at = open_page(PAGE)
    at.multiselect(key="shown").set_value(["Adam", "SGD"])
    rerun(at)
    assert set(results(at).index) == {"Adam", "SGD"}
    at.multiselect(key="shown").set_value([])
    rerun(at)
    assert any("at least one" in i.value for i in at.info)


@pytest.mark.parametrize(
    ("kind", "key", "value", "row"),
    [
        ("select_slider", "sgd_lr", 0.1, "SGD"),
        ("slider", "momentum_momentum", 0.5, "Momentum"),
        ("select_slider", "nesterov_lr", 0.001, "Nesterov"),
        ("slider", "nesterov_momentum", 0.3, "Nesterov"),
        ("select_slider", "adagrad_lr", 0.5, "AdaGrad"),
        ("slider", "adagrad_initial", 1.0, "AdaGrad"),
        ("select_slider", "adagrad_epsilon", 0.01, "AdaGrad"),
        ("select_slider", "rmsprop_lr", 0.1, "RMSprop"),
        ("select_slider", "rmsprop_rho", 0.5, "RMSprop"),
        ("slider", "rmsprop_momentum", 0.9, "RMSprop"),
        ("select_slider", "rmsprop_epsilon", 0.01, "RMSprop"),
        ("checkbox", "rmsprop_centered", True, "RMSprop"),
        ("select_slider", "adam_lr", 0.1, "Adam"),
        ("slider", "adam_beta_1", 0.0, "Adam"),
        ("select_slider", "adam_beta_2", 0.9, "Adam"),
        ("select_slider", "adam_epsilon", 0.01, "Adam"),
        ("checkbox", "adam_amsgrad", True, "Adam"),
    ],
)
def test_each_hyperparameter_changes_its_optimisers_row(kind, key, value, row):
    at = open_page(PAGE)
    at.selectbox(key="inside").set_value(row)
    at.slider(key="inside_step").set_value(30)
    if key == "adam_amsgrad":  # AMSGrad only matters once v falls: take bigger steps
        at.select_slider(key="adam_lr").set_value(0.1)
    rerun(at)
    before, before_inside = results(at), inside(at)
    getattr(at, kind)(key=key).set_value(value)
    rerun(at)
    after, after_inside = results(at), inside(at)
    # The row's final point (4 decimals) or, for a small effect like epsilon's, step 30 (full precision).
    assert not after.loc[row].equals(before.loc[row]) or not after_inside.equals(before_inside)
    others = [name for name in before.index if name != row]
    assert after.loc[others].equals(before.loc[others])


def test_pytorch_formulas_change_the_inner_state_and_the_snippet():
    at = open_page(PAGE)
    at.selectbox(key="inside").set_value("AdaGrad")
    at.slider(key="inside_step").set_value(30)
    rerun(at)
    before, before_inside = results(at), inside(at)
    at.radio(key="convention").set_value("PyTorch")
    rerun(at)
    # epsilon outside the root: a small change, visible at full precision.
    assert not inside(at).loc["effective step Δθ"].equals(before_inside.loc["effective step Δθ"])
    # Momentum SGD: the same path at a constant learning rate, another state.
    assert results(at).loc["Momentum"].equals(before.loc["Momentum"])
    at.selectbox(key="inside").set_value("Momentum")
    rerun(at)
    assert "state: momentum" in inside(at).index
    code = next(e for e in at.expander if e.label == "Show the code").code[0].value
    assert 'convention="pytorch"' in code


def test_inside_an_optimiser_shows_its_state_and_step():
    at = open_page(PAGE)
    shown = inside(at)
    assert {"state: m", "state: v", "effective step Δθ"} <= set(shown.index)
    at.selectbox(key="inside").set_value("Momentum")
    at.slider(key="inside_step").set_value(3)
    rerun(at)
    shown = inside(at)
    surface = gdcore.SURFACES["quadratic"]
    path = gdcore.optimiser_path(surface, surface.start, gdcore.SGD(0.01, momentum=0.9), 200)
    assert shown.loc["state: momentum", "x"] == pytest.approx(path.state["momentum"][3, 0])
    assert shown.loc["effective step Δθ", "y"] == pytest.approx(path.steps[2, 1])
    assert shown.loc["gradient g", "y"] == pytest.approx(path.gradient[2, 1])
    at.slider(key="steps").set_value(10)
    at.slider(key="inside_step").set_value(400)
    rerun(at)
    assert any("showing step 10" in c.value for c in at.caption)


def test_snippet_prints_the_table():
    at = open_page(PAGE)
    code = next(e for e in at.expander if e.label == "Show the code").code
    assert "gdcore.optimiser_path" in code[0].value
    assert "keras.optimizers.Adam(learning_rate=0.001" in code[1].value


def test_presenter_mode_rebuilds_the_figures_larger():
    at = open_page(PAGE)
    sizes = [len(chart.proto.spec) for chart in at.get("plotly_chart")]
    at.toggle(key="presenter").set_value(True)
    rerun(at)
    charts = at.get("plotly_chart")
    assert len(charts) == len(sizes)
    assert '"size":22' in charts[0].proto.spec  # 15 pt * 1.45, not the cached normal-size figure


def chart_types(at) -> list[set[str]]:
    """The trace types of each Plotly chart on the page."""
    return [
        {trace.get("type", "scatter") for trace in json.loads(c.proto.spec)["data"]}
        for c in at.get("plotly_chart")
    ]


def test_3d_view_is_drawn_only_when_its_tab_is_open():
    at = open_page(PAGE)
    assert [tab.label for tab in at.tabs][:2] == ["Contours", "3-D surface"]
    assert not any("surface" in types for types in chart_types(at))  # not even hidden: nothing to draw
    assert any("contour" in types for types in chart_types(at))
    at.session_state["view"] = "3-D surface"
    rerun(at)
    types = chart_types(at)
    assert sum("surface" in t for t in types) == 1 and {"surface", "scatter3d"} <= next(
        t for t in types if "surface" in t
    )
    assert sum("contour" in t for t in types) == 1  # the close-up only: the big contour map is not drawn now
    # The 3-D paths follow the sidebar like the rest.
    at.multiselect(key="shown").set_value(["Adam", "SGD"])
    rerun(at)
    solid = next(json.loads(c.proto.spec) for c in at.get("plotly_chart") if '"surface"' in c.proto.spec)
    assert [t["name"] for t in solid["data"] if t["type"] == "scatter3d"] == ["Adam", "SGD"]


def test_the_3d_tab_opens_from_a_shared_link():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(PAGE)
    at.query_params["view"] = "3-D surface"
    rerun(at)
    assert any("surface" in types for types in chart_types(at))


def test_contour_marks_every_visible_step_and_sends_plain_lists():
    at = open_page(PAGE)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["data"][0]["type"] == "contour"
    assert "bdata" not in at.get("plotly_chart")[0].proto.spec and "template" not in spec["layout"]
    surface = gdcore.SURFACES["quadratic"]
    path = gdcore.optimiser_path(surface, surface.start, gdcore.SGD(0.01, momentum=0.9), 200)
    marks = next(t for t in spec["data"] if t.get("legendgroup") == "Momentum" and t["mode"] == "markers")
    steps = marks["customdata"]
    assert steps[0] == 0 and steps[-1] == 200 and steps == sorted(steps)
    np.testing.assert_allclose(marks["x"], path.params[steps, 0], rtol=1e-5)
    # A step left out is hidden under the previous marker kept.
    (x0, x1), (y0, y1) = surface.domain
    kept = dict(zip(steps, path.params[steps], strict=True))
    last = path.params[0]
    for step in range(1, 200):
        if step in kept:
            last = kept[step]
        else:
            assert abs(path.params[step, 0] - last[0]) / (x1 - x0) < 0.004 * 1.01
            assert abs(path.params[step, 1] - last[1]) / (y1 - y0) < 0.004 * 1.01
