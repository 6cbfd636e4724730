"""The Optimisers page: every control moves the numbers it should, and they are gdcore's."""

import json

import numpy as np
import plotly.graph_objects as go
import pytest
from conftest import ROOT, chart_elements, code_shown, open_page, rerun
from streamlit.testing.v1 import AppTest

import gdcore
from topics.optimisers import controls, report, runs

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
    assert table.loc["Adam", "distance to the global minimum"] > 4
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
    at.number_input(key=controls.start_key("x", "quadratic")).set_value(3.0)
    at.number_input(key=controls.start_key("y", "quadratic")).set_value(-1.0)
    rerun(at)
    moved = results(at)
    assert moved.loc["Adam", "x"] > 2.5 and moved.loc["Adam", "y"] < -0.5
    assert not moved.equals(before)
    at.slider(key=controls.STEPS).set_value(50)
    rerun(at)
    assert (results(at)["steps taken"] == 50).all()
    at.selectbox(key=controls.SURFACE).set_value("Rosenbrock")
    rerun(at)
    assert "100" in at.latex[0].value
    assert any("Momentum diverged at step" in w.value for w in at.warning)
    table = results(at)
    assert table.loc["Momentum", "status"].startswith("diverged at step")
    assert np.isfinite(table.select_dtypes("number").to_numpy()).all()
    at.number_input(key=controls.start_key("x", "rosenbrock")).set_value(0.5)
    at.number_input(key=controls.start_key("y", "rosenbrock")).set_value(0.5)
    at.select_slider(key=controls.key("Momentum", controls.LR)).set_value(0.0001)
    rerun(at)
    assert not any("Momentum diverged" in w.value for w in at.warning)
    at.selectbox(key=controls.SURFACE).set_value("Saddle")
    rerun(at)
    assert not any(column.startswith("distance") for column in results(at).columns)
    assert any("no minimum" in i.value for i in at.info)


def test_multiselect_chooses_the_rows():
    at = open_page(PAGE)
    at.multiselect(key=controls.SHOWN).set_value(["Adam", "SGD"])
    rerun(at)
    assert set(results(at).index) == {"Adam", "SGD"}
    at.multiselect(key=controls.SHOWN).set_value([])
    rerun(at)
    assert any("at least one" in i.value for i in at.info)


@pytest.mark.parametrize(
    ("kind", "key", "value", "row"),
    [
        ("select_slider", controls.key("SGD", controls.LR), 0.1, "SGD"),
        ("slider", controls.key("Momentum", controls.MOMENTUM), 0.5, "Momentum"),
        ("select_slider", controls.key("Nesterov", controls.LR), 0.001, "Nesterov"),
        ("slider", controls.key("Nesterov", controls.MOMENTUM), 0.3, "Nesterov"),
        ("select_slider", controls.key("AdaGrad", controls.LR), 0.5, "AdaGrad"),
        ("slider", controls.key("AdaGrad", controls.INITIAL), 1.0, "AdaGrad"),
        ("select_slider", controls.key("AdaGrad", controls.EPSILON), 0.01, "AdaGrad"),
        ("select_slider", controls.key("RMSprop", controls.LR), 0.1, "RMSprop"),
        ("select_slider", controls.key("RMSprop", controls.RHO), 0.5, "RMSprop"),
        ("slider", controls.key("RMSprop", controls.MOMENTUM), 0.9, "RMSprop"),
        ("select_slider", controls.key("RMSprop", controls.EPSILON), 0.01, "RMSprop"),
        ("checkbox", controls.key("RMSprop", controls.CENTERED), True, "RMSprop"),
        ("select_slider", controls.key("Adam", controls.LR), 0.1, "Adam"),
        ("slider", controls.key("Adam", controls.BETA_1), 0.0, "Adam"),
        ("select_slider", controls.key("Adam", controls.BETA_2), 0.9, "Adam"),
        ("select_slider", controls.key("Adam", controls.EPSILON), 0.01, "Adam"),
        ("checkbox", controls.key("Adam", controls.AMSGRAD), True, "Adam"),
    ],
)
def test_each_hyperparameter_changes_its_optimisers_row(kind, key, value, row):
    at = open_page(PAGE)
    at.selectbox(key=controls.INSIDE).set_value(row)
    at.slider(key=controls.INSIDE_STEP).set_value(30)
    if key == controls.key("Adam", controls.AMSGRAD):  # AMSGrad only matters once v falls: take bigger steps
        at.select_slider(key=controls.key("Adam", controls.LR)).set_value(0.1)
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
    at.selectbox(key=controls.INSIDE).set_value("AdaGrad")
    at.slider(key=controls.INSIDE_STEP).set_value(30)
    rerun(at)
    before, before_inside = results(at), inside(at)
    at.radio(key=controls.CONVENTION).set_value("PyTorch")
    rerun(at)
    # epsilon outside the root: a small change, visible at full precision.
    assert not inside(at).loc["effective step Δθ"].equals(before_inside.loc["effective step Δθ"])
    # Momentum SGD: the same path at a constant learning rate, another state.
    assert results(at).loc["Momentum"].equals(before.loc["Momentum"])
    at.selectbox(key=controls.INSIDE).set_value("Momentum")
    rerun(at)
    surface = gdcore.SURFACES["quadratic"]
    torch = gdcore.optimiser_path(
        surface, surface.start, gdcore.SGD(0.01, momentum=0.9, convention="pytorch"), 200
    )
    state = next(name for name in torch.state if name != "step")  # PyTorch's buffer b, not Keras's velocity
    assert inside(at).loc[f"state: {state}", "x"] == pytest.approx(torch.state[state][30, 0])
    code = code_shown(at)[0][0]
    assert 'convention="pytorch"' in code


def test_inside_an_optimiser_shows_its_state_and_step():
    at = open_page(PAGE)
    shown = inside(at)
    assert {"state: m", "state: v", "effective step Δθ"} <= set(shown.index)
    at.selectbox(key=controls.INSIDE).set_value("Momentum")
    at.slider(key=controls.INSIDE_STEP).set_value(3)
    rerun(at)
    shown = inside(at)
    surface = gdcore.SURFACES["quadratic"]
    path = gdcore.optimiser_path(surface, surface.start, gdcore.SGD(0.01, momentum=0.9), 200)
    state = next(name for name in path.state if name != "step")  # Keras's velocity v
    assert shown.loc[f"state: {state}", "x"] == pytest.approx(path.state[state][3, 0])
    assert shown.loc["effective step Δθ", "y"] == pytest.approx(path.steps[2, 1])
    assert shown.loc["gradient g", "y"] == pytest.approx(path.gradient[2, 1])
    at.slider(key=controls.STEPS).set_value(10)
    at.slider(key=controls.INSIDE_STEP).set_value(400)
    rerun(at)
    assert any("showing step 10" in c.value for c in at.caption)


def test_snippet_prints_the_table():
    at = open_page(PAGE)
    code, keras = code_shown(at)[0]
    assert "gdcore.optimiser_path" in code
    assert "keras.optimizers.Adam(learning_rate=0.001" in keras


def test_presenter_mode_rebuilds_the_figures_larger():
    at = open_page(PAGE)
    sizes = [len(chart.spec) for chart in chart_elements(at)]
    at.toggle(key="presenter").set_value(True)
    rerun(at)
    charts = chart_elements(at)
    assert len(charts) == len(sizes)
    assert '"size":22' in charts[0].spec  # 15 pt * 1.45, not the cached normal-size figure


def chart_types(at) -> list[set[str]]:
    """The trace types of each Plotly chart on the page."""
    return [{trace.get("type", "scatter") for trace in c.figure["data"]} for c in chart_elements(at)]


def test_3d_view_is_drawn_only_when_its_tab_is_open():
    at = open_page(PAGE)
    assert [tab.label for tab in at.tabs][:2] == list(controls.VIEWS)
    assert not any("surface" in types for types in chart_types(at))  # not even hidden: nothing to draw
    assert any("contour" in types for types in chart_types(at))
    at.session_state[controls.VIEW] = controls.VIEWS[1]
    rerun(at)
    types = chart_types(at)
    assert sum("surface" in t for t in types) == 1 and {"surface", "scatter3d"} <= next(
        t for t in types if "surface" in t
    )
    assert sum("contour" in t for t in types) == 1  # the close-up only: the big contour map is not drawn now
    # The 3-D paths follow the sidebar like the rest.
    at.multiselect(key=controls.SHOWN).set_value(["Adam", "SGD"])
    rerun(at)
    solid = next(c.figure for c in chart_elements(at) if '"surface"' in c.spec)
    assert [t["name"] for t in solid["data"] if t["type"] == "scatter3d"] == ["Adam", "SGD"]


def test_the_3d_tab_opens_from_a_shared_link():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(PAGE)
    at.query_params[controls.VIEW] = controls.VIEWS[1]
    rerun(at)
    assert any("surface" in types for types in chart_types(at))


def test_contour_marks_every_visible_step_and_sends_plain_lists():
    at = open_page(PAGE)
    spec = chart_elements(at)[0].figure
    assert spec["data"][0]["type"] == "contour"
    assert "bdata" not in chart_elements(at)[0].spec and "template" not in spec["layout"]
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


def specs(at) -> list[dict]:
    """The spec of every Plotly chart on the page."""
    return [chart.figure for chart in chart_elements(at)]


def test_every_chart_validates():
    at = open_page(PAGE)
    for spec in specs(at):  # contours, loss, distance, race, close-up
        go.Figure(spec)  # raises on any invalid property
    assert len(specs(at)) == 5
    # the 3-D view, PyTorch's formulas with the momentum close-up, the saddle (a cross, no distance)
    at.session_state[controls.VIEW] = controls.VIEWS[1]
    at.radio(key=controls.CONVENTION).set_value("PyTorch")
    at.selectbox(key=controls.INSIDE).set_value("Momentum")
    at.selectbox(key=controls.SURFACE).set_value("Saddle")
    rerun(at)
    assert any("surface" in types for types in chart_types(at))
    for spec in specs(at):
        go.Figure(spec)
    # a diverging run
    at.selectbox(key=controls.SURFACE).set_value("Rosenbrock")
    rerun(at)
    assert any("diverged" in w.value for w in at.warning)
    for spec in specs(at):
        go.Figure(spec)


@pytest.mark.parametrize("formulas", controls.FORMULAS)
def test_the_momentum_arrow_is_drawn_in_both_conventions(formulas):
    convention = formulas.lower()
    at = open_page(PAGE)
    at.radio(key=controls.CONVENTION).set_value(formulas)
    at.selectbox(key=controls.INSIDE).set_value("Momentum")
    at.slider(key=controls.INSIDE_STEP).set_value(3)
    rerun(at)
    close_up = next(s for s in specs(at) if any(t.get("name") == runs.EFFECTIVE for t in s["data"]))
    arrow = next(t for t in close_up["data"] if t.get("name") == runs.MOMENTUM_ARROWS[convention])
    surface = gdcore.SURFACES["quadratic"]
    optimiser = gdcore.SGD(0.01, momentum=0.9, convention=convention)
    path = gdcore.optimiser_path(surface, surface.start, optimiser, 200)
    momentum = path.state[runs.MOMENTUM_STATE][3]
    vector = momentum if convention == "keras" else -0.01 * momentum  # velocity v, or −η × buffer b
    np.testing.assert_allclose([arrow["x"][1], arrow["y"][1]], path.params[2] + vector, rtol=1e-5)
    np.testing.assert_allclose([arrow["x"][0], arrow["y"][0]], path.params[2], rtol=1e-5)


# -- issue 16: what a class trips on ------------------------------------------------------------


def keras_defaults(sgd=0.01, momentum=0.01, nesterov=0.01, adaptive=0.001):
    return {
        "SGD": gdcore.SGD(sgd),
        "Momentum": gdcore.SGD(momentum, momentum=0.9),
        "Nesterov": gdcore.SGD(nesterov, momentum=0.9, nesterov=True),
        "AdaGrad": gdcore.Adagrad(adaptive),
        "RMSprop": gdcore.RMSprop(adaptive),
        "Adam": gdcore.Adam(adaptive),
    }


def race(surface_name, start=None, steps=200, **rates):
    surface = gdcore.SURFACES[surface_name]
    return surface, {
        name: gdcore.optimiser_path(surface, surface.start if start is None else start, optimiser, steps)
        for name, optimiser in keras_defaults(**rates).items()
    }


def crossings(values, around=0.0):
    """How many times a coordinate crosses ``around``: the zig-zags."""
    return int(np.sum(np.diff(np.sign(np.asarray(values) - around)) != 0))


def test_what_to_look_for_on_each_surface_is_what_the_runs_do():
    """16.16: the text per surface says what the default runs do, and what it suggests works."""
    assert set(report.AT_THE_DEFAULTS) == set(gdcore.SURFACES)
    # quadratic: SGD crawls at 0.01 (no zig-zag), zig-zags at 0.4; momentum overshoots to (0, 0)
    surface, paths = race("quadratic")
    assert crossings(paths["SGD"].params[:, 1]) == 0 and paths["SGD"].params[-1, 0] < -2.9
    for name in ("Momentum", "Nesterov"):
        assert (
            crossings(paths[name].params[:, 1]) > 0
            and surface.distance_to_minimum(paths[name].params[-1]) < 0.1
        )
    assert 0.4 in controls.LEARNING_RATES
    _, faster = race("quadratic", sgd=0.4)
    assert crossings(faster["SGD"].params[:30, 1]) >= 10 and faster["SGD"].diverged_at is None
    # rosenbrock: the three SGDs blow up within a few steps; at 0.001 none does
    surface, paths = race("rosenbrock")
    assert all(
        paths[n].diverged_at is not None and paths[n].diverged_at <= 6
        for n in ("SGD", "Momentum", "Nesterov")
    )
    assert all(paths[n].diverged_at is None for n in ("AdaGrad", "RMSprop", "Adam"))
    assert np.linalg.norm(surface.gradient(surface.start)) == pytest.approx(160, abs=5)
    _, lower = race("rosenbrock", sgd=0.001, momentum=0.001, nesterov=0.001)
    assert all(p.diverged_at is None for p in lower.values())
    assert surface.distance_to_minimum(lower["SGD"].params[-1]) > 2
    assert all(surface.distance_to_minimum(lower[n].params[-1]) < 1 for n in ("Momentum", "Nesterov"))
    # beale: SGD creeps in, Momentum and Nesterov blow up within 10 steps, not at 0.005
    surface, paths = race("beale")
    assert paths["SGD"].diverged_at is None
    assert all(
        paths[n].diverged_at is not None and paths[n].diverged_at <= 10 for n in ("Momentum", "Nesterov")
    )
    _, lower = race("beale", momentum=0.005, nesterov=0.005)
    sgd = surface.distance_to_minimum(lower["SGD"].params[-1])
    assert all(surface.distance_to_minimum(lower[n].params[-1]) < sgd for n in ("Momentum", "Nesterov"))
    # himmelblau: the three SGDs reach (-2.81, 3.13), the adaptive ones stay near the start
    surface, paths = race("himmelblau")
    for name, path in paths.items():
        moved = np.linalg.norm(path.params[-1] - surface.start)
        if name in ("SGD", "Momentum", "Nesterov"):
            assert np.allclose(path.params[-1], (-2.8051, 3.1313), atol=1e-3)
        else:
            assert moved < 0.5
    # saddle: slow escape along y, momentum far beyond 1e7; from y0 = 0 towards (0, 0)
    surface, paths = race("saddle")
    assert 1 < paths["SGD"].params[-1, 1] < 10
    assert all(paths[n].params[-1, 1] > 1e7 for n in ("Momentum", "Nesterov"))
    _, flat = race("saddle", start=(surface.start[0], 0.0))
    assert all(p.params[-1, 1] == 0 and abs(p.params[-1, 0]) < abs(surface.start[0]) for p in flat.values())
    # camel: SGD and Nesterov in one global minimum, Momentum in the other
    surface, paths = race("camel")
    assert np.allclose(paths["SGD"].params[-1], surface.minima[0], atol=1e-3)
    assert np.allclose(paths["Nesterov"].params[-1], surface.minima[0], atol=1e-3)
    assert np.allclose(paths["Momentum"].params[-1], surface.minima[1], atol=1e-3)
    # rastrigin: SGD rattles near (-3, 2), settles there at 0.002, 3.6 from (0, 0); Nesterov leaves the square
    surface, paths = race("rastrigin")
    assert np.all(np.abs(paths["SGD"].params[-20:] - (-3, 2)) < 0.5)
    assert np.ptp(paths["SGD"].params[-20:, 0]) > 0.1  # still moving: it does not settle
    _, lower = race("rastrigin", sgd=0.002)
    assert np.allclose(lower["SGD"].params[-1], lower["SGD"].params[-2]) and np.allclose(
        lower["SGD"].params[-1], (-3, 2), atol=0.05
    )
    assert surface.distance_to_minimum(lower["SGD"].params[-1]) == pytest.approx(3.6, abs=0.05)
    (x0, x1), (y0, y1) = surface.domain
    end = paths["Nesterov"].params[-1]
    assert not (x0 <= end[0] <= x1 and y0 <= end[1] <= y1)


def test_the_page_says_what_happens_on_rosenbrock():
    """16.16: on Rosenbrock the page warns for the three SGDs and its text says why and what to do."""
    at = open_page(PAGE)
    at.selectbox(key=controls.SURFACE).set_value("Rosenbrock")
    rerun(at)
    warned = [w.value for w in at.warning]
    assert all(any(f"{n} diverged" in w for w in warned) for n in ("SGD", "Momentum", "Nesterov"))
    assert any("blow up within a few steps" in m.value and "0.001" in m.value for m in at.markdown)
    at.select_slider(key=controls.key("SGD", controls.LR)).set_value(0.001)
    at.select_slider(key=controls.key("Momentum", controls.LR)).set_value(0.001)
    at.select_slider(key=controls.key("Nesterov", controls.LR)).set_value(0.001)
    rerun(at)
    assert not at.warning
    assert (results(at)["steps taken"] == 200).all()


def distance_title(at):
    for chart in chart_elements(at):
        title = chart.figure["layout"].get("yaxis", {}).get("title", {}).get("text", "")
        if title.startswith("distance"):
            return title
    return None


def test_the_distance_says_it_is_to_the_global_minimum():
    """16.16: on Rastrigin the distance is to (0, 0), the global minimum: the labels say so."""
    at = open_page(PAGE)
    at.selectbox(key=controls.SURFACE).set_value("Rastrigin")
    rerun(at)
    table = results(at)
    assert "distance to the global minimum" in table.columns
    surface = gdcore.SURFACES["rastrigin"]
    _, paths = race("rastrigin")
    assert table.loc["SGD", "distance to the global minimum"] == round(
        float(np.hypot(*paths["SGD"].params[-1])), 4
    )
    assert distance_title(at).startswith("distance to the global minimum")
    assert any("global minimum (0, 0)" in m.value for m in at.markdown)
    at.selectbox(key=controls.SURFACE).set_value("Six-hump camel")
    rerun(at)
    assert "distance to the nearest global minimum" in results(at).columns
    assert distance_title(at).startswith("distance to the nearest global minimum")
    assert len(surface.minima) == 1


def test_no_minus_zero_and_the_start_ranges_are_written():
    """16.24: Momentum ends at y = -1e-5 on the quadratic: shown as 0, not -0; the start's range is shown."""
    at = open_page(PAGE)
    _, paths = race("quadratic")
    assert -5e-5 < paths["Momentum"].params[-1, 1] <= 0
    table = results(at).select_dtypes("number").to_numpy().ravel()
    assert not np.any(np.signbit(table) & (table == 0))
    assert any("x₀ from -5 to 5, y₀ from -3 to 3" in c.value for c in at.sidebar.caption)
    shown = inside(at)
    assert not np.any(np.signbit(shown[["x", "y"]].to_numpy()) & (shown[["x", "y"]].to_numpy() == 0))


# -- issue 16.2 and issue 15 -----------------------------------------------------------------------


@pytest.mark.parametrize("sgd_rate", [0.01, 2.0])
def test_diverging_runs_keep_a_readable_log_axis(sgd_rate):
    """16.2: on Rosenbrock SGD, Momentum and Nesterov blow up (SGD at η = 2 at its first steps):
    the loss and distance axes keep a few decades and labels, nothing non-finite reaches a
    chart (the 3-D view's too), and a triangle says where each run left the chart."""
    at = open_page(PAGE)
    at.selectbox(key=controls.SURFACE).set_value("Rosenbrock")
    at.select_slider(key=controls.key("SGD", controls.LR)).set_value(sgd_rate)
    at.session_state[controls.VIEW] = controls.VIEWS[1]
    rerun(at)
    texts = [chart.spec for chart in chart_elements(at)]
    assert any('"surface"' in text for text in texts)
    assert not any("NaN" in text or "Infinity" in text for text in texts)
    logs = [json.loads(t) for t in texts if json.loads(t)["layout"].get("yaxis", {}).get("type") == "log"]
    assert len(logs) == 2  # the loss and the distance by step
    for spec in logs:
        low, high = spec["layout"]["yaxis"]["range"]
        assert np.isfinite([low, high]).all() and 1 <= high - low <= 8.5
        assert (high - low) / spec["layout"]["yaxis"].get("dtick", 1) <= 9
        left = {t["name"] for t in spec["data"] if t.get("name", "").endswith("leaves the chart")}
        assert {f"{n}: leaves the chart" for n in ("SGD", "Momentum", "Nesterov")} <= left


def race_and_inside(at):
    """The race's spec and the 'Inside an optimiser' table."""
    race = next(c.figure for c in chart_elements(at) if "frames" in c.figure)
    return race, inside(at)


@pytest.mark.parametrize("chosen", ["SGD", "Adam"])
def test_a_race_frame_is_where_the_server_says_the_optimiser_is(chosen):
    """The race scrubs the step k in the browser: its frame k puts each optimiser where the server's
    'Inside an optimiser' (the same gdcore path) says it is after step k."""
    at = open_page(PAGE)
    race, _ = race_and_inside(at)
    names = race["data"][-1]["hovertext"]
    assert names == list(controls.NAMES)
    slider = race["layout"]["sliders"][0]
    assert slider["active"] == 0 and 20 <= len(race["frames"]) <= 61
    for frame in race["frames"][1:4] + race["frames"][-1:]:
        k = int(frame["name"])
        at.selectbox(key=controls.INSIDE).set_value(chosen)
        at.slider(key=controls.INSIDE_STEP).set_value(k)
        rerun(at)
        _, table = race_and_inside(at)
        i = names.index(chosen)
        [heads] = frame["data"]
        assert frame["traces"] == [len(race["data"]) - 1]
        assert heads["x"][i] == pytest.approx(table.loc["point after θₖ", "x"], rel=1e-5)
        assert heads["y"][i] == pytest.approx(table.loc["point after θₖ", "y"], rel=1e-5)


def test_inside_an_optimiser_reruns_alone():
    """'Inside an optimiser' is a fragment: its controls leave the race's charts as they are
    (same id, same spec: the browser does not draw them again)."""
    at = open_page(PAGE)
    before = {c.id: c.spec for c in chart_elements(at)}
    at.slider(key=controls.INSIDE_STEP).set_value(7)
    rerun(at)
    after = {c.id: c.spec for c in chart_elements(at)}
    assert len(before) == len(after) == 5
    changed = [i for i in after if before.get(i) != after[i]]
    assert len(changed) == 1 and '"annotations"' in after[changed[0]]  # the close-up, with its arrows


def test_a_path_depends_only_on_its_own_optimisers_settings():
    """Each path is gdcore's for its own hyperparameters (cached apiece): changing Adam's leaves the
    other five as they were, to the last bit."""
    surface = gdcore.SURFACES["beale"]
    settings = {name: {"learning_rate": 0.002} for name in ("SGD", "AdaGrad", "Adam")}
    before = runs.paths("beale", surface.start, 40, settings, "keras")
    after = runs.paths("beale", surface.start, 40, {**settings, "Adam": {"learning_rate": 0.05}}, "keras")
    for name, path in after.items():
        expected = gdcore.optimiser_path(
            surface,
            surface.start,
            controls.build(name, {"learning_rate": 0.05 if name == "Adam" else 0.002}, "keras"),
            40,
        )
        np.testing.assert_array_equal(path.params, expected.params)
        assert np.array_equal(path.params, before[name].params) == (name != "Adam")
