"""AppTest: the "Gradient descent" page, every control moved, the numbers shown checked against gdcore."""

import json

import numpy as np
import plotly.graph_objects as go
import pytest
from conftest import (
    chart_elements,
    chart_named,
    charts,
    code_shown,
    open_page,
    pseudocode_shown,
    rerun,
    sidebar_fragments,
)

import gdcore
from topics.gradient_descent import controls, runs
from ui.code import PSEUDOCODE_CLASS

PAGE = "pages/3_Gradient_descent.py"
WELL = gdcore.TiltedDoubleWell()
W0 = -1.2
SIZES = (1, 2, 3, 4, 5, 8, 10, 20, 50, 100)


def metrics(at):
    return {m.label: m for m in at.metric}


def warnings(at):
    return " ".join(w.value for w in at.warning)


def check_variants(at, n=100, noise=1.0, data_seed=0, eta=0.05, epochs=20, batch=10, seed=0):
    """The table shows each variant's final (w, b) and loss, as gdcore.fit computes them."""
    x, y = gdcore.make_linear_data(n, noise, data_seed)
    problem = gdcore.LinearRegression(x, y)
    table = at.dataframe[0].value
    assert table["variant"].tolist() == ["Batch GD", "Stochastic GD", "Mini-batch GD"]
    for row, m in zip(table.itertuples(index=False), (None, 1, batch), strict=True):
        history = gdcore.fit(problem, np.zeros(2), gdcore.SGD(eta), batch_size=m, epochs=epochs, seed=seed)
        w, b = history.params[-1]
        assert row[1] == (m or n)
        assert row[2] == history.n_steps
        assert row[4] == pytest.approx(round(w, 4)) and row[5] == pytest.approx(round(b, 4))
        with np.errstate(all="ignore"):
            loss = problem.loss_grid(w, b)
        if np.isfinite(loss):
            assert row[6] == pytest.approx(round(loss, 4), rel=1e-9)
    return table


def check_pitfalls(at, x0, eta=0.1, steps=50):
    run = gdcore.gradient_descent_1d(gdcore.PITFALLS, x0, eta, steps)
    shown = metrics(at)
    assert shown["Start x₀"].value == f"{x0:.2f}"
    label = f"x after {run.steps_taken} step" + ("" if run.steps_taken == 1 else "s")
    assert shown[label].value == f"{run.x[-1]:.3f}"
    assert shown["f(x) there"].value == f"{run.fx[-1]:.3f}"
    return run


def check_noise(at, batch=2, eta=0.05, epochs=30, seed=0, n_seeds=100):
    shown = metrics(at)
    ends = []
    for name, m in (("Batch GD", None), (f"Mini-batch GD (m = {batch})", batch)):
        history = gdcore.descend_well(WELL, W0, eta, batch_size=m, epochs=epochs, seed=seed)
        end = history.params[-1, 0]
        metric = shown[f"{name} ends at w"]
        assert metric.value == f"{end:.3f}"
        assert metric.delta == ("escaped" if end > WELL.barrier else "stayed in the shallow minimum")
        ends.append(end)
    chosen = min(batch, 100)
    sizes = sorted({*SIZES, chosen})
    shares = gdcore.escape_shares(WELL, W0, eta, sizes, epochs=epochs, n_seeds=n_seeds)
    share = shares["escaped"][sizes.index(chosen)]
    assert shown[f"Seeds that escape with m = {chosen}"].value == f"{share:.0%}"
    return ends, share


def test_defaults_tell_the_lecture_story():
    at = open_page(PAGE)
    table = check_variants(at)
    # all three processed every example once per epoch; SGD took 100 times more steps than batch GD
    assert table["examples processed"].tolist() == [2000, 2000, 2000]
    assert table["steps"].tolist() == [20, 2000, 200]
    # 20 batch steps are not enough; mini-batch and SGD get closer to the least-squares loss
    assert table["final loss"][0] > table["final loss"][2]
    assert not at.warning
    run = check_pitfalls(at, 8.0)
    assert 7.8 < run.x[-1] < 8.0  # crawling on the plateau
    ends, share = check_noise(at)
    assert ends[0] == pytest.approx(WELL.shallow, abs=0.01) and ends[1] > WELL.barrier
    assert share == 1.0
    loops = [pseudocode_shown(h.proto.body) for h in at.get("html") if PSEUDOCODE_CLASS in h.proto.body]
    assert len(loops) == 3 and "rnd.shuffle(data)" in loops[1]  # the lecture's three loops
    assert not at.code  # no code highlighter for three static loops
    assert len(chart_elements(at)) == 7


def test_data_and_training_controls():
    at = open_page(PAGE)
    settings = {"n": 200, "noise": 2.5, "data_seed": 17, "eta": 0.02, "epochs": 7, "batch": 32, "seed": 5}
    keys = {
        "n": controls.N,
        "noise": controls.NOISE,
        "data_seed": controls.DATA_SEED,
        "eta": controls.ETA,
        "epochs": controls.EPOCHS,
        "batch": controls.BATCH,
        "seed": controls.SEED,
    }
    for name in ("n", "noise", "epochs", "batch"):
        at.slider(key=keys[name]).set_value(settings[name])
    for name in ("data_seed", "eta", "seed"):
        at.number_input(key=keys[name]).set_value(settings[name])
    rerun(at)
    table = check_variants(at, **settings)
    assert table["steps"].tolist() == [7, 1400, 7 * 7]
    assert table["examples processed"].tolist() == [1400] * 3
    data = next(m.value for m in at.markdown if m.value.startswith("Data:"))
    assert (
        "200 points" in data and "standard deviation 2.5 (seed 17)" in data and "η = 0.02, 7 epochs" in data
    )


def test_epochs_are_capped_so_that_sgd_stays_small():
    at = open_page(PAGE)
    at.slider(key=controls.N).set_value(500)
    at.slider(key=controls.EPOCHS).set_value(50)
    rerun(at)
    assert "Capped at 20 epochs for 500 points" in at.info[0].value
    table = check_variants(at, n=500, epochs=20)
    assert table["steps"].tolist() == [20, 10_000, 1000]


def test_a_huge_learning_rate_says_where_it_diverged():
    at = open_page(PAGE)
    at.number_input(key=controls.ETA).set_value(5.0)
    rerun(at)
    x, y = gdcore.make_linear_data(100, 1.0, 0)
    runs = gdcore.compare_variants(gdcore.LinearRegression(x, y), np.zeros(2), 5.0, epochs=20, batch_size=10)
    said = warnings(at)
    sgd = runs["Stochastic GD"]
    k = sgd.history.diverged_at
    assert k is not None
    assert f"Stochastic GD diverged at step {k} (epoch {k // 100 + 1} of 20)" in said
    assert "Batch GD is diverging: the loss grows" in said
    # the steps before the divergence are still drawn
    contour = chart_elements(at)[0].figure
    paths = {trace.get("name"): trace for trace in contour["data"]}
    assert "Stochastic GD" in paths and "Batch GD" in paths


def test_pitfall_presets_and_controls():
    at = open_page(PAGE)
    at.button(key=controls.PIT_LEFT).click()
    rerun(at)
    assert at.slider(key=controls.PIT_X0).value == 0.3
    run = check_pitfalls(at, 0.3)
    assert run.x[-1] == pytest.approx(1.585, abs=0.01)  # stuck in the local minimum
    at.button(key=controls.PIT_RIGHT).click()
    rerun(at)
    run = check_pitfalls(at, 8.0)
    assert run.x[-1] > 7.8  # crawls on the plateau
    at.slider(key=controls.PIT_X0).set_value(3.5)
    at.slider(key=controls.PIT_ETA).set_value(0.3)
    at.slider(key=controls.PIT_STEPS).set_value(120)
    rerun(at)
    run = check_pitfalls(at, 3.5, 0.3, 120)
    assert run.x[-1] == pytest.approx(4.496, abs=0.01)  # the global minimum
    at.slider(key=controls.PIT_ETA).set_value(5.0)
    at.slider(key=controls.PIT_X0).set_value(0.0)
    rerun(at)
    run = check_pitfalls(at, 0.0, 5.0, 120)
    assert run.stop_step == 1 and run.stop_reason == "left the domain"  # the wall throws it past x = 10
    assert f"Step {run.stop_step} {run.stop_reason}" in warnings(at)


def test_noise_controls():
    at = open_page(PAGE)
    settings = {"batch": 8, "eta": 0.08, "epochs": 20, "seed": 3, "n_seeds": 50}
    keys = {
        "batch": controls.NZ_BATCH,
        "eta": controls.NZ_ETA,
        "epochs": controls.NZ_EPOCHS,
        "seed": controls.NZ_SEED,
        "n_seeds": controls.NZ_SEEDS,
    }
    for name, value in settings.items():
        if name == "seed":
            at.number_input(key=keys[name]).set_value(value)
        else:
            at.slider(key=keys[name]).set_value(value)
    rerun(at)
    check_noise(at, **settings)
    assert any("Share of 50 seeds" in s.value for s in at.subheader)
    # a batch size off the usual list gets its own bar
    at.slider(key=controls.NZ_BATCH).set_value(7)
    rerun(at)
    check_noise(at, **{**settings, "batch": 7})
    bars = chart_elements(at)[-1].figure["data"][0]
    assert "7" in bars["x"]


def test_snippet_matches_the_settings():
    at = open_page(PAGE)
    at.slider(key=controls.BATCH).set_value(25)
    at.slider(key=controls.EPOCHS).set_value(3)
    rerun(at)
    code, keras = code_shown(at)[0]
    assert "epochs=3" in code and '("Mini-batch GD", 25)' in code
    assert "keras.optimizers.SGD(learning_rate=0.05)" in keras and "batch_size=batch_size, epochs=3" in keras


def check_charts_validate(at, expected=7):
    """Every chart on the page, and there must be ``expected`` of them, is valid Plotly JSON."""
    checked = charts(at)  # raises on any invalid property
    assert len(checked) == expected, f"{len(checked)} charts to check, expected {expected}"


def test_every_figure_is_valid_plotly_at_the_defaults():
    """The page builds its figure specs without Plotly's validation; rebuild each with validation on."""
    check_charts_validate(open_page(PAGE))


def test_every_figure_is_valid_plotly():
    """The figures of diverging runs (paths cut short, an overflowing loss) validate too."""
    at = open_page(PAGE)
    at.number_input(key=controls.ETA).set_value(5.0)
    rerun(at)
    check_charts_validate(at)


def test_a_diverging_noise_run_says_so():
    at = open_page(PAGE)
    at.slider(key=controls.NZ_ETA).set_value(0.2)
    at.slider(key=controls.NZ_BATCH).set_value(1)
    rerun(at)
    history = gdcore.descend_well(WELL, W0, 0.2, batch_size=1, epochs=30, seed=0)
    assert history.diverged_at is not None
    metric = metrics(at)["Mini-batch GD (m = 1) ends at w"]
    assert metric.value == "diverged" and metric.delta == f"at step {history.diverged_at}"
    assert "Some runs diverged (w overflowed): η = 0.2" in warnings(at)


def test_diverging_learning_curves_keep_a_readable_axis():
    """Issue 16, item 2: at eta = 5 the learning curves showed "NaN" ticks and "Infinity"."""
    at = open_page(PAGE)
    at.number_input(key=controls.ETA).set_value(5.0)
    rerun(at)
    curves = [c.figure for c in chart_elements(at) if "loss on all the data" in c.spec]
    assert len(curves) == 2
    for spec in curves:
        json.dumps(spec, allow_nan=False)
        low, high = spec["layout"]["yaxis"]["range"]
        assert high - low <= 8
        assert any("leaves the chart" in trace.get("name", "") for trace in spec["data"])
        go.Figure(spec)


def test_a_mini_batch_as_large_as_the_data_is_said_to_be_batch_gd():
    """Issue 16, item 11: m > n was silently batch GD, its curve hidden under the batch curve."""
    at = open_page(PAGE)
    assert not any("mini-batch GD is batch GD here" in i.value for i in at.info)
    at.slider(key=controls.N).set_value(30)
    at.slider(key=controls.BATCH).set_value(50)
    rerun(at)
    (notice,) = [i.value for i in at.info if "mini-batch GD is batch GD here" in i.value]
    assert "m = 50 is at least n = 30" in notice
    table = at.dataframe[0].value.set_index("variant")
    assert table.loc["Mini-batch GD", "batch size m"] == 30  # gdcore uses all 30 examples
    assert table.loc["Mini-batch GD", "final loss"] == table.loc["Batch GD", "final loss"]


def test_one_of_a_thing_is_singular_and_the_mini_batch_reason_is_given():
    """Issue 16, items 23 and 24: "1 epochs", "1 steps"; the computational reason for mini-batches."""
    at = open_page(PAGE)
    at.slider(key=controls.EPOCHS).set_value(1)
    at.slider(key=controls.PIT_STEPS).set_value(1)
    rerun(at)
    text = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    assert "1 epoch for every variant" in text and "1 epochs" not in text
    assert "x after 1 step" in [m.label for m in at.metric]
    assert "1 examples" not in text and "m = 1 example per step" in text
    assert "GPU" in text and "memory" in text
    check_pitfalls(at, 8.0, steps=1)


def test_constant_x_has_no_single_lowest_point():
    """Issue 16, item 13: with the same x in every row, one point was called the lowest point of the loss."""
    from test_upload import open_upload, upload

    at = open_upload("Gradient descent")
    upload(at, b"x,y\n2,1\n2,3\n2,5\n", name="flat.csv")
    text = " ".join(m.value for m in at.markdown)
    assert "the lowest point of the loss" not in text and "a whole line of (w, b)" in text
    assert any("same value, 2, in every row" in w.value for w in at.warning)


# -- Issue 15: a nudge reruns only its section; the pitfalls scrub over x0 in the browser -------------


SECTIONS = {  # a control of each section, a new value for it, and the section's charts
    "variants": (lambda at: at.slider(key=controls.EPOCHS), 7, ("gd-paths", "loss-by-epoch")),
    "pitfalls": (lambda at: at.slider(key=controls.PIT_X0), 2.0, ("pitfalls",)),
    "noise": (lambda at: at.slider(key=controls.NZ_ETA), 0.1, ("double-well", "escape-share")),
}


@pytest.mark.parametrize("moved", list(SECTIONS))
def test_a_section_control_changes_only_its_own_charts(moved):
    """Each section is a fragment with its sidebar controls; its charts change, the others' elements
    (spec and id, from which Streamlit decides to redraw) stay as they were."""
    at = open_page(PAGE)
    before = {name: (chart_named(at, name).spec, chart_named(at, name).id)
              for _, _, names in SECTIONS.values() for name in names}  # fmt: skip
    widget, value, own = SECTIONS[moved]
    widget(at).set_value(value)
    rerun(at)
    for name, (spec, chart_id) in before.items():
        if name in own:
            assert chart_named(at, name).spec != spec, f"{name} did not follow {moved}"
        else:
            assert (chart_named(at, name).spec, chart_named(at, name).id) == (spec, chart_id), name


def test_the_sections_are_fragments_with_their_sidebar_controls():
    assert sidebar_fragments(PAGE) == ["three_variants", "pitfalls", "noise_helps"]


def server_steps(x0, eta=0.1, steps=50):
    """The pitfalls figure the server draws for the start x0, as it is sent: the steps and the start."""
    from topics.gradient_descent import figures, runs
    from ui.figures import drawn

    return drawn(figures.pitfalls(runs.PITFALLS, runs.pitfall_path(x0, eta, steps)))["data"][1:3]


@pytest.mark.parametrize(("x0", "eta", "steps"), [(8.0, 0.1, 50), (0.3, 0.5, 120)])
def test_the_pitfalls_scrub_over_x0_with_the_servers_numbers(x0, eta, steps):
    at = open_page(PAGE)
    at.slider(key=controls.PIT_X0).set_value(x0)
    at.slider(key=controls.PIT_ETA).set_value(eta)
    at.slider(key=controls.PIT_STEPS).set_value(steps)
    rerun(at)
    spec = chart_named(at, "pitfalls").figure
    names = [frame["name"] for frame in spec["frames"]]
    assert 20 <= len(names) <= 40 and names[0] == "0" and names[-1] == "10"
    slider = spec["layout"]["sliders"][0]
    assert [step["label"] for step in slider["steps"]] == names
    assert names[slider["active"]] == f"{x0:g}"  # starts at the sidebar's x0 ...
    assert spec["data"][1:3] == server_steps(x0, eta, steps)  # ... which the chart shows
    for v in (0.0, 2.5, 6.0, 10.0):  # each frame: the server's figure for its start
        frame = spec["frames"][names.index(f"{v:g}")]
        assert frame["traces"] == [1, 2]
        for got, want in zip(frame["data"], server_steps(v, eta, steps), strict=True):
            assert got["x"] == want["x"] and got["y"] == want["y"]
    assert len(chart_named(at, "pitfalls").spec) < 200_000
    assert any("Drag the slider under the chart" in c.value for c in at.caption)


@pytest.mark.parametrize("x0", [8.0, 1.5, 1.3])
def test_the_pitfall_descent_shown_is_the_servers_on_the_scrubber_grid_or_off_it(x0):
    frames = runs.pitfall_frames(x0, 0.3, 40)
    expected = runs.pitfall_path(x0, 0.3, 40)
    np.testing.assert_array_equal(frames[x0].x, expected.x)
    np.testing.assert_array_equal(frames[x0].fx, expected.fx)
    assert list(frames) == sorted({*runs.SCRUB_STARTS.tolist(), x0})
