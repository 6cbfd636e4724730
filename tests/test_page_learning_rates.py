"""AppTest: the "Learning rates" page, every control moved, the numbers shown checked against gdcore."""

import base64
import json

import conftest
import numpy as np
import pytest
from conftest import chart_elements, open_page

import gdcore
from topics.learning_rates import controls, robot_arm
from ui.numbers import readable

PAGE = "pages/4_Learning_rates.py"
THETA0, ARM0 = np.array([-2.0, 3.0]), np.array([-0.8, 1.6])
EXP = gdcore.ExponentialDecay(0.3, 100, 0.5, staircase=True)


def rerun(at):
    """Apply the controls moved. Each reruns only its section and the code (a fragment rerun:
    AppTest's tree then holds only what was sent again); a second, full run reads the page."""
    conftest.rerun(at)
    return conftest.rerun(at)


@pytest.fixture
def at():
    return open_page(PAGE)


def metrics(at):
    return {m.label: m.value for m in at.metric}


def rows(at):
    frame = at.dataframe[0].value
    return {row["curve"]: row for _, row in frame.iterrows()}


def run(rate, seed=0, epochs=30):
    x, y = gdcore.make_linear_data(200, noise=1.0, seed=seed)
    problem = gdcore.LinearRegression(x, y)
    h = gdcore.fit(problem, THETA0, gdcore.SGD(rate), batch_size=10, epochs=epochs, seed=seed)
    return h, problem.loss(problem.least_squares())


def check_row(row, rate, seed=0, epochs=30):
    h, best = run(rate, seed, epochs)
    if h.diverged_at is None:
        assert row["final loss"] == readable(h.epoch_loss[-1], 5)
        assert row["above the best"] == readable(h.epoch_loss[-1] - best, 3)
    else:
        assert row["above the best"] == f"diverged at step {h.diverged_at}"


def check_bowl(at, eta=0.1, a=1.0, steps=20):
    shown = metrics(at)
    assert shown["η · f''"] == f"{eta * a:g}"
    if eta * a != 2:
        assert shown["Regime"] == gdcore.learning_rate_regime(eta, a)
    assert float(shown["Distance factor per step 1 − η a"]) == gdcore.step_factor(eta, a)
    fn = gdcore.convex_quadratic(a)
    descent = gdcore.gradient_descent_1d(fn, fn.start, eta, steps)
    if descent.stop_step is None:
        after = f"After {steps} step{'s' if steps != 1 else ''}: w = {readable(descent.x[-1])}"
        assert any(after in c.value for c in at.caption)
    else:
        assert any(f"step {descent.stop_step} jumped" in e.value for e in at.error)


def check_arm(at, target=(0.5, 1.3), rates=(0.05, 0.5, 1.5), steps=60):
    arm = gdcore.RobotArm(target)
    shown = [v for k, v in metrics(at).items() if k.startswith("Distance after")]
    ends = [gdcore.reach_target(arm, ARM0, r, steps)["distance"][-1] for r in rates]
    assert shown == [f"{d:.3f}" for d in ends]
    labels = [k for k in metrics(at) if k.startswith("Distance after")]
    assert all(f"{steps} steps" in k and f"η = {r:g}" in k for k, r in zip(labels, rates, strict=True))
    # honest names: the closest run (gdcore's distances) is called so, and only it
    closest = [k for k in labels if robot_arm.CLOSEST in k]
    assert closest == [labels[int(np.argmin(ends))]]


def arm_chart(at):
    """The robot arm's animation (the chart with frames and a Play button)."""
    specs = [c.figure for c in chart_elements(at)]
    return next(spec for spec in specs if "updatemenus" in spec["layout"])


def schedule_chart(at):
    """The learning rates drawn against the step (the 'schedule' trace)."""
    for chart in chart_elements(at):
        spec = chart.figure
        for trace in spec["data"]:
            if trace.get("name") == "schedule":
                y = trace["y"]
                if isinstance(y, dict):  # plotly's typed-array encoding
                    return np.frombuffer(base64.b64decode(y["bdata"]), dtype=y["dtype"])
                return np.array(y)
    return None


def test_defaults_match_gdcore(at):
    check_bowl(at)
    table = rows(at)
    assert list(table)[:4] == [
        "way too high: diverges",
        "too high: suboptimal",
        "just right",
        "too small: slow",
    ]
    for name, rate in [
        ("way too high: diverges", 1.5),
        ("too high: suboptimal", 0.3),
        ("just right", 0.05),
        ("too small: slow", 0.003),
        ("start high then reduce it", EXP),
    ]:
        check_row(table[name], rate)
    assert "diverged" in table["way too high: diverges"]["above the best"]
    check_arm(at)
    assert not at.warning and not at.error
    # the animations: the arm's, with a Play button and at most 61 frames; the bowl's scrubber
    animated = [c.figure for c in chart_elements(at) if "frames" in c.figure]
    arm = [spec for spec in animated if "updatemenus" in spec["layout"]]
    assert len(animated) == 2 and len(arm) == 1 and 2 <= len(arm[0]["frames"]) <= 61
    assert arm[0]["layout"]["updatemenus"][0]["buttons"][0]["label"].endswith("Play")


def test_bowl_controls(at):
    at.select_slider(key=controls.BOWL_ETA).set_value(1.5)
    rerun(at)
    check_bowl(at, eta=1.5)
    assert metrics(at)["Regime"] == "oscillating"
    at.select_slider(key=controls.BOWL_A).set_value(2.0)
    at.slider(key=controls.BOWL_STEPS).set_value(50)
    rerun(at)
    check_bowl(at, eta=1.5, a=2.0, steps=50)
    assert metrics(at)["Regime"] == "diverging"
    assert any("Diverged" in e.value for e in at.error)
    at.select_slider(key=controls.BOWL_ETA).set_value(0.001)
    at.select_slider(key=controls.BOWL_A).set_value(0.25)
    rerun(at)
    check_bowl(at, eta=0.001, a=0.25, steps=50)
    assert metrics(at)["Regime"] == "creeping"


def test_learning_curve_controls_and_custom_rates(at):
    at.number_input(key=controls.SEED).set_value(7)
    at.slider(key=controls.EPOCHS).set_value(12)
    at.text_input(key=controls.EXTRA).input("0.1, 1e-2")
    rerun(at)
    table = rows(at)
    check_row(table["just right"], 0.05, seed=7, epochs=12)
    check_row(table["η = 0.1"], 0.1, seed=7, epochs=12)
    check_row(table["η = 0.01"], 0.01, seed=7, epochs=12)
    assert table["η = 0.01"]["η"] == "0.01"
    # bad input: an error, the page keeps running without the bad rates
    at.text_input(key=controls.EXTRA).input("0.1, fast")
    rerun(at)
    assert any("fast" in e.value for e in at.error)
    assert "η = 0.1" not in rows(at) and "just right" in rows(at)
    at.text_input(key=controls.EXTRA).input("5")
    rerun(at)
    assert rows(at)["η = 5"]["above the best"].startswith("diverged at step")


def test_schedule_controls(at):
    at.select_slider(key=controls.ETA0).set_value(0.5)
    at.slider(key=controls.EXP_STEPS).set_value(50)
    at.slider(key=controls.EXP_RATE).set_value(0.8)
    at.toggle(key=controls.EXP_STAIR).set_value(False)
    rerun(at)
    schedule = gdcore.ExponentialDecay(0.5, 50, 0.8)
    check_row(rows(at)["start high then reduce it"], schedule)
    assert np.allclose(schedule_chart(at), schedule(np.arange(600)))

    at.selectbox(key=controls.SCHEDULE).set_value("Inverse time decay")
    rerun(at)
    at.slider(key=controls.INV_STEPS).set_value(100)
    at.slider(key=controls.INV_RATE).set_value(3.0)
    rerun(at)
    schedule = gdcore.InverseTimeDecay(0.5, 100, 3.0)
    check_row(rows(at)["start high then reduce it"], schedule)
    assert np.allclose(schedule_chart(at), schedule(np.arange(600)))

    at.selectbox(key=controls.SCHEDULE).set_value("Piecewise constant")
    rerun(at)
    at.slider(key=controls.PW_BOUNDS).set_value((100, 400))
    at.slider(key=controls.PW_FACTOR).set_value(0.5)
    rerun(at)
    schedule = gdcore.PiecewiseConstantDecay([100, 400], [0.5, 0.25, 0.125])
    check_row(rows(at)["start high then reduce it"], schedule)
    assert np.allclose(schedule_chart(at), schedule(np.arange(600)))
    # equal boundaries are bad input: an error, the constant rate still runs
    at.slider(key=controls.PW_BOUNDS).set_value((200, 200))
    rerun(at)
    assert any("boundaries" in e.value for e in at.error)
    assert schedule_chart(at) is not None and np.allclose(schedule_chart(at), 0.5)

    at.selectbox(key=controls.SCHEDULE).set_value("Cosine decay with warm-up")
    rerun(at)
    at.slider(key=controls.COS_STEPS).set_value(300)
    at.slider(key=controls.COS_ALPHA).set_value(0.1)
    at.slider(key=controls.COS_WARM).set_value(100)
    rerun(at)
    schedule = gdcore.CosineDecay(0.0, 300, 0.1, warmup_target=0.5, warmup_steps=100)
    check_row(rows(at)["start high then reduce it"], schedule)
    assert np.allclose(schedule_chart(at), schedule(np.arange(600)))
    keras = conftest.code_shown(at)[0][1]
    assert "CosineDecay(0.0, decay_steps=300, alpha=0.1, warmup_target=0.5, warmup_steps=100)" in keras
    at.slider(key=controls.COS_WARM).set_value(0)
    rerun(at)
    assert np.allclose(schedule_chart(at), gdcore.CosineDecay(0.5, 300, 0.1)(np.arange(600)))


def test_robot_arm_controls(at):
    at.slider(key=controls.ARM_X).set_value(-1.0)
    at.slider(key=controls.ARM_Y).set_value(0.4)
    at.select_slider(key=controls.ARM_SMALL).set_value(0.02)
    at.select_slider(key=controls.ARM_GOOD).set_value(0.3)
    at.select_slider(key=controls.ARM_LARGE).set_value(2.0)
    at.slider(key=controls.ARM_STEPS).set_value(150)
    rerun(at)
    check_arm(at, (-1.0, 0.4), (0.02, 0.3, 2.0), 150)
    arm = arm_chart(at)
    assert len(arm["frames"]) <= 60 and arm["frames"][-1]["name"] == "150"
    assert not at.warning
    at.slider(key=controls.ARM_X).set_value(2.5)
    at.slider(key=controls.ARM_Y).set_value(2.5)
    rerun(at)
    assert any("out of reach" in w.value for w in at.warning)
    far = gdcore.RobotArm((2.5, 2.5)).closest_distance
    assert any(f"{far:.3f}" in w.value for w in at.warning)
    check_arm(at, (2.5, 2.5), (0.02, 0.3, 2.0), 150)


def check_charts(at, count):
    """Every chart on the page is a valid Plotly figure (``go.Figure`` raises on any invalid property)."""
    assert len(conftest.charts(at)) == count


def test_every_chart_validates(at):
    check_charts(at, 5)
    # a step that leaves the bowl's domain, and a diverging schedule: the crosses and their labels
    at.select_slider(key=controls.BOWL_ETA).set_value(3.0)
    at.select_slider(key=controls.BOWL_A).set_value(4.0)
    at.select_slider(key=controls.ETA0).set_value(3.0)
    rerun(at)
    assert any("Diverged" in e.value for e in at.error)
    check_charts(at, 5)


# -- issue 16: what a class trips on ------------------------------------------------------------


def test_a_huge_final_loss_is_written_in_scientific_notation(at):
    """16.3: /Learning_rates?epochs=5: η = 1.5 has not diverged yet, its loss is 2.2e106."""
    at.slider(key=controls.EPOCHS).set_value(5)
    rerun(at)
    table = rows(at)
    h, best = run(1.5, epochs=5)
    assert h.diverged_at is None and h.epoch_loss[-1] > 1e100
    assert table["way too high: diverges"]["final loss"] == readable(h.epoch_loss[-1], 5) == "2.2287e+106"
    for row in table.values():
        assert all(len(str(cell)) <= 30 for cell in row)
    assert any(f"Best possible loss (least squares): {readable(best, 5)}." == c.value for c in at.caption)


def test_your_rates_messages_have_no_prefix_and_0_comma_1_is_refused(at):
    """16.8: no internal "text:" in the message; "0,1" is not silently two rates (0 and 1)."""
    at.text_input(key=controls.EXTRA).input("0.1, fast")
    rerun(at)
    [message] = [e.value for e in at.error]
    assert message.startswith("Your learning rates: 'fast' is not a positive number")
    assert "text:" not in message
    at.text_input(key=controls.EXTRA).input("1,5")
    rerun(at)
    [message] = [e.value for e in at.error]
    assert "“1,5”" in message and "1.5" in message and "1, 5" in message
    assert "η = 1" not in rows(at) and "η = 5" not in rows(at)
    # a list with a space after each comma, or of decimals, is read as before
    for text in ("0.1, 0.2", "0.1,0.2", "0.1; 2"):
        at.text_input(key=controls.EXTRA).input(text)
        rerun(at)
        assert not at.error, text
        assert "η = 0.1" in rows(at)


def crosses(at, name="learning-curves"):
    """The labelled crosses of the learning-curves chart: label -> (x, y)."""
    spec = next(
        c.figure for c in chart_elements(at) if any(t.get("name") == "just right" for t in c.figure["data"])
    )
    return {t["text"][-1]: (t["x"][-1], t["y"][-1]) for t in spec["data"] if t.get("mode") == "markers+text"}


def test_diverged_marks_sit_at_their_epoch_and_do_not_overlap(at):
    """16.10: step 298 is at epoch 14.9 (20 steps an epoch), not at epoch 1; two labels apart."""
    at.text_input(key=controls.EXTRA).input("2")
    rerun(at)
    first, _ = run(1.5)
    second, _ = run(2.0)
    assert first.diverged_at == 298 and second.diverged_at is not None
    marks = crosses(at)
    x1, y1 = marks[f"diverged at step {first.diverged_at}"]
    x2, y2 = marks[f"diverged at step {second.diverged_at}"]
    assert x1 == pytest.approx(first.diverged_at / 20) and x2 == pytest.approx(second.diverged_at / 20)
    assert abs(np.log10(y1) - np.log10(y2)) >= 0.5  # a label's height apart on the log axis


def test_a_far_target_is_unreachable_drawn_and_the_names_are_honest(at):
    """16.15: target (2.5, 2.5): the warning fires, the star is on the chart, 'good' is not the worst."""
    at.slider(key=controls.ARM_X).set_value(2.5)
    at.slider(key=controls.ARM_Y).set_value(2.5)
    rerun(at)
    assert any("out of reach" in w.value for w in at.warning)
    check_arm(at, (2.5, 2.5))
    spec = arm_chart(at)
    layout = spec["layout"]
    [target] = [t for t in spec["data"] if t.get("name") == "target"]
    for axis, value in (("xaxis", target["x"][0]), ("yaxis", target["y"][0])):
        low, high = layout[axis]["range"]
        assert low < value < high
    names = [t["name"] for t in spec["data"] if t.get("name", "").startswith("η = ")]
    assert not any("good" in n for n in names)
    assert "η = 0.05 · ended closest" in names and "η = 0.5 · ended farthest" in names


def test_piecewise_boundaries_stay_inside_the_run(at):
    """16.18: 5 epochs are 100 steps: the boundaries slider ends inside them, its values too."""
    at.selectbox(key=controls.SCHEDULE).set_value("Piecewise constant")
    rerun(at)
    assert at.slider(key=controls.PW_BOUNDS).value == (150, 350)
    at.slider(key=controls.EPOCHS).set_value(5)
    conftest.rerun(at)  # the run the epochs moved (of their section): it says that it moved them
    assert any("Moved inside the run's 100 steps" in c.value for c in at.sidebar.caption)
    conftest.rerun(at)
    bounds = at.slider(key=controls.PW_BOUNDS)
    assert bounds.max < 100 and max(bounds.value) < 100
    rates = schedule_chart(at)
    assert len(rates) == 100 and np.ptp(rates) > 0  # the schedule does drop within the run
    assert not at.warning


def test_a_schedule_that_never_changes_eta_says_so(at):
    """16.18: staircase decay every 600 steps in a 100-step run is the constant rate: said."""
    at.slider(key=controls.EPOCHS).set_value(5)
    at.slider(key=controls.EXP_STEPS).set_value(600)
    rerun(at)
    assert np.ptp(schedule_chart(at)) == 0
    assert any("never changes η" in w.value and "100 steps" in w.value for w in at.warning)


def test_the_bowl_rounds_nothing_away(at):
    """16.19: 1 − 0.001 · 0.25 = 0.99975 is not "1"; at η a = 2 the steps bounce for ever."""
    at.select_slider(key=controls.BOWL_ETA).set_value(0.001)
    at.select_slider(key=controls.BOWL_A).set_value(0.25)
    rerun(at)
    assert metrics(at)["Distance factor per step 1 − η a"] == "0.99975"
    for eta, a in ((2.0, 1.0), (1.0, 2.0), (0.5, 4.0)):
        at.select_slider(key=controls.BOWL_ETA).set_value(eta)
        at.select_slider(key=controls.BOWL_A).set_value(a)
        rerun(at)
        shown = metrics(at)
        assert shown["η · f''"] == "2" and shown["Distance factor per step 1 − η a"] == "-1"
        assert shown["Regime"] == "bouncing"
        assert any("neither converging nor diverging" in i.value for i in at.info)
        fn = gdcore.convex_quadratic(a)
        descent = gdcore.gradient_descent_1d(fn, fn.start, eta, 20)
        assert descent.stop_step is None and abs(descent.x[-1]) == pytest.approx(abs(fn.start))


def test_one_step_and_the_seed_range_are_written_out(at):
    """16.24: "After 1 step", not "1 steps"; the seed's range is in its label, not only a tooltip."""
    at.slider(key=controls.BOWL_STEPS).set_value(1)
    rerun(at)
    check_bowl(at, steps=1)
    assert not any("1 steps" in c.value for c in at.caption)
    assert "0 to 10,000" in at.number_input(key=controls.SEED).label


# -- issue 15: sections rerun alone, η scrubs in the browser --------------------------------------


def specs(at) -> dict:
    """Every chart sent by the last run: its first trace's name (or the scrubber's) -> (id, spec)."""
    found = {}
    for chart in chart_elements(at):
        spec = chart.figure
        if "sliders" in spec["layout"] and "updatemenus" not in spec["layout"]:
            name = "bowl"
        elif "updatemenus" in spec["layout"]:
            name = "arm"
        elif spec["data"][0].get("name") == "schedule":
            name = "schedule"
        elif any(t.get("name") == "just right" for t in spec["data"]):
            name = "curves"
        else:
            name = "schedule-curves"
        found[name] = (chart.id, chart.spec)
    return found


@pytest.mark.parametrize(
    ("move", "changed"),
    [
        (lambda at: at.select_slider(key=controls.BOWL_ETA).set_value(1.5), {"bowl"}),
        (lambda at: at.text_input(key=controls.EXTRA).input("0.02"), {"curves"}),
        (
            lambda at: at.selectbox(key=controls.SCHEDULE).set_value("Cosine decay with warm-up"),
            {"curves", "schedule", "schedule-curves"},
        ),  # fmt: skip
        (lambda at: at.slider(key=controls.ARM_X).set_value(-1.0), {"arm"}),
    ],
    ids=["bowl", "your rates", "schedule", "arm"],
)
def test_a_control_reruns_its_section_and_leaves_the_other_charts_alone(at, move, changed):
    """A control reruns its own section (and the code): only that section's charts are sent again;
    every other chart keeps its id and spec, so the browser does not draw it again."""
    before = specs(at)
    assert set(before) == {"bowl", "curves", "schedule", "schedule-curves", "arm"}
    move(at)
    conftest.rerun(at)
    sent = specs(at)
    section = (
        {"bowl"} if changed == {"bowl"} else {"arm"} if changed == {"arm"} else set(before) - {"bowl", "arm"}
    )
    assert set(sent) == section, "only the moved control's section ran"
    assert any(e.label == "Show the code" for e in at.expander), "the code reran with it"
    after = specs(conftest.rerun(at))  # a full run: the page as the browser now shows it
    for name in before:
        assert (after[name] != before[name]) == (name in changed), name
        assert sent.get(name, before[name]) == after[name], name


def bowl_spec(at) -> dict:
    return json.loads(specs(at)["bowl"][1])


@pytest.mark.parametrize(("eta", "a", "steps"), [(0.1, 1.0, 20), (2.5, 4.0, 50)])
def test_the_bowl_scrubber_frames_are_the_server_figures(at, eta, a, steps):
    """Each frame of the η scrubber is the server's figure at that η (the same gdcore run), the
    slider starts at the sidebar's η, and every regime is in reach, a jump off the chart included."""
    from topics.learning_rates import figures, runs
    from ui.figures import drawn

    at.select_slider(key=controls.BOWL_ETA).set_value(eta)
    at.select_slider(key=controls.BOWL_A).set_value(a)
    at.slider(key=controls.BOWL_STEPS).set_value(steps)
    spec = bowl_spec(rerun(at))
    frames = spec["frames"]
    assert 20 <= len(frames) <= 40 and [f["name"] for f in frames] == [f"{r:g}" for r in runs.SCRUB_RATES]
    slider = spec["layout"]["sliders"][0]
    assert frames[slider["active"]]["name"] == f"{eta:g}" and "updatemenus" not in spec["layout"]
    assert spec["data"] == drawn(figures.bowl_figure(runs.bowl(eta, a, steps)))["data"]
    regimes = set()
    for frame in frames:
        server = drawn(figures.bowl_figure(runs.bowl(float(frame["name"]), a, steps)))
        assert frame["data"] == [server["data"][i] for i in frame["traces"]], frame["name"]
        for axis in ("xaxis", "yaxis"):
            assert frame["layout"][axis]["range"] == server["layout"][axis]["range"]
        regimes.add(frame["data"][1]["name"].split("(")[1].rstrip(")"))
    if a == 1.0:
        assert regimes >= {"creeping", "converging", "oscillating", "diverging", "bouncing"}
    else:  # η a up to 12: the first step lands far off the chart, and the label says where
        assert any("off the chart" in (f["data"][2]["text"] or [""])[-1] for f in frames)
    text = specs(at)["bowl"][1]
    assert "NaN" not in text and "Infinity" not in text


def log_axes(at):
    """(name, y-axis, spec text) of every chart with a log y-axis."""
    found = []
    for name, (_, text) in specs(at).items():
        spec = json.loads(text)
        if spec["layout"].get("yaxis", {}).get("type") == "log":
            found.append((name, spec["layout"]["yaxis"], text))
    return found


@pytest.mark.parametrize("extra", ["", "5, 20"])
def test_diverging_learning_curves_keep_a_readable_log_axis(at, extra):
    """16.2 (/Learning_rates?epochs=5): η = 1.5 reaches 2e106 in 5 epochs; η = 5 and 20 overflow.
    The log axis stays within a few decades, with a few labels; nothing non-finite is sent; a
    triangle at the top says where a curve left the chart."""
    at.slider(key=controls.EPOCHS).set_value(5)
    at.text_input(key=controls.EXTRA).input(extra)
    rerun(at)
    axes = log_axes(at)
    assert {name for name, _, _ in axes} == {"curves", "schedule-curves"}
    for name, yaxis, text in axes:
        low, high = yaxis["range"]
        assert np.isfinite([low, high]).all() and 1 <= high - low <= 8.5, name
        assert (high - low) / yaxis.get("dtick", 1) <= 9, name
        assert "NaN" not in text and "Infinity" not in text, name
    curves = json.loads(specs(at)["curves"][1])
    left = [t["name"] for t in curves["data"] if t.get("name", "").endswith("leaves the chart")]
    assert "way too high: diverges: leaves the chart" in left
    if extra:
        assert {"η = 5: leaves the chart", "η = 20: leaves the chart"} <= set(left)
