"""AppTest: the "Claim frequency" page follows every control, shows gdcore's numbers, and keeps
working at the extremes (one policy, exposure near 0, a huge learning rate)."""

import numpy as np
import pytest
from conftest import (
    chart_elements,
    chart_named,
    charts,
    open_page,
    rerun,
    sidebar_fragments,
    snippet_numbers_not_shown,
)

import gdcore
from topics.claim_frequency import controls as c
from topics.claim_frequency import runs

PAGE = "pages/9_Claim_frequency.py"
SMALL = 2_000  # policies: fast, and enough to fit


def metric(at, label):
    return [m.value for m in at.metric if m.label == label]


def charts_validate(at):
    return len(charts(at))


@pytest.fixture(scope="module")
def defaults():
    return open_page(PAGE)


def test_defaults_show_gdcore_numbers(defaults):
    at = defaults
    assert not at.error and not at.warning
    assert any("Synthetic data" in i.value for i in at.info)
    assert charts_validate(at) == 5
    data = gdcore.make_motor_portfolio(c.DEFAULT_SIZE, seed=0, exposure_range=c.DEFAULT_EXPOSURE)
    assert metric(at, "Claims") == [f"{int(data.claims.sum()):,}"]
    train, _ = data.split(runs.VALIDATION, seed=0)
    raw, std = train.problem(), train.problem(gdcore.Standardiser(train.X))
    kappas = [gdcore.condition_number(p.hessian(p.optimum())) for p in (raw, std)]
    assert metric(at, "Condition number κ") == [f"{k:.3g}" for k in kappas]
    assert kappas[0] > 1e4 * kappas[1]


def test_the_page_says_the_measured_factor_at_least_five(defaults):
    races = runs.race(c.DEFAULT_SIZE, 0, c.DEFAULT_EXPOSURE, 0.5)
    factor, exact = runs.race_factor(races)
    assert exact and factor >= 5
    (sentence,) = [s.value for s in defaults.success]
    assert f"{factor:.3g}× fewer epochs" in sentence
    table = [d.value for d in defaults.dataframe if "best η" in d.value.columns][0]
    assert table["epochs to the target"].tolist() == [
        str(races[name].best.epochs_to_target) for name in runs.SIDES
    ]


@pytest.mark.parametrize("which", [0, 1])  # sections 2 and 3 each show their own code
def test_snippet_prints_the_numbers_the_page_shows(defaults, which):
    assert not snippet_numbers_not_shown(defaults, which)


def test_every_control_moves():
    at = open_page(PAGE)
    at.select_slider(key=c.N_POLICIES).set_value(SMALL)
    at.number_input(key=c.SEED).set_value(3)
    at.slider(key=c.EXPOSURE).set_value((0.1, 0.9))
    at.selectbox(key=c.OPTIMISER).set_value("SGD")
    at.select_slider(key=c.LEARNING_RATE).set_value(0.003)
    at.slider(key=c.EPOCHS).set_value(100)
    at.select_slider(key=c.TARGET).set_value(0.75)
    at.selectbox(key=c.CONTOUR_FEATURE).set_value("bonus-malus")
    at.slider(key=c.PATIENCE).set_value(2)
    at.select_slider(key=c.MIN_DELTA).set_value(1e-4)
    at.toggle(key=c.RESTORE).set_value(False)
    at.slider(key=c.START_FROM).set_value(1)
    at.select_slider(key=c.BATCH).set_value(256)
    at.select_slider(key=c.ES_RATE).set_value(0.03)
    at.slider(key=c.ES_EPOCHS).set_value(40)
    rerun(at)
    assert charts_validate(at) == 5
    assert metric(at, "Policies") == [f"{SMALL:,}"]
    # The contour is over the bonus-malus weight now.
    spec = chart_elements(at)[0].figure
    assert "bonus-malus" in spec["layout"]["xaxis"]["title"]["text"]
    # Without restore_best_weights the page keeps, and shows, the last epoch's weights.
    assert metric(at, "Weights kept") == ["the last epoch's"]
    data = gdcore.make_motor_portfolio(SMALL, seed=3, exposure_range=(0.1, 0.9))
    train, validation = data.split(runs.VALIDATION, seed=3)
    scaler = gdcore.Standardiser(train.X)
    rule = gdcore.EarlyStopping(patience=2, min_delta=1e-4, restore_best_weights=False, start_from_epoch=1)
    problem = train.problem(scaler)
    history = gdcore.fit(problem, problem.intercept_only(), gdcore.Adam(0.03), batch_size=256, epochs=40, seed=3,
                         validation=validation.problem(scaler), early_stopping=rule)  # fmt: skip
    expected = (
        "no: ran every epoch" if history.stopped_epoch is None else f"after epoch {history.stopped_epoch + 1}"
    )
    assert metric(at, "Stopped early") == [expected]
    weights = [d.value for d in at.dataframe if "parameter" in d.value.columns][0]
    np.testing.assert_allclose(weights["fitted (standardised scale)"], np.round(history.params[-1], 4))


def test_early_stopping_on_the_page_keeps_the_best_epoch():
    """Keras's rule as the page uses it: stop `patience` epochs after the best, restore the best."""
    at = open_page(PAGE)
    at.select_slider(key=c.N_POLICIES).set_value(SMALL)
    at.slider(key=c.PATIENCE).set_value(3)
    rerun(at)
    (stopped,) = metric(at, "Stopped early")
    (best,) = metric(at, "Best val_loss")
    (kept,) = metric(at, "Weights kept")
    assert stopped.startswith("after epoch ")
    assert int(stopped.split()[-1]) - int(best.split()[-1]) == 3
    assert kept == best
    run = runs.stopping(SMALL, 0, c.DEFAULT_EXPOSURE, 3, 0.0, True, 0, 512, 0.01, 100)
    h = run.history
    assert run.val_deviance[h.best_epoch + 1] == np.nanmin(run.val_deviance[1:])
    np.testing.assert_allclose(h.final_params, h.params[runs.epoch_end_rows(h)[h.restored_epoch + 1]])


def test_one_policy_gets_a_message():
    at = open_page(PAGE)
    at.select_slider(key=c.N_POLICIES).set_value(1)
    rerun(at)
    assert any("at least 20 policies" in w.value for w in at.warning)
    assert metric(at, "Policies") == ["1"]
    assert charts_validate(at) == 0


def test_exposure_near_zero_gets_messages():
    at = open_page(PAGE)
    at.select_slider(key=c.N_POLICIES).set_value(SMALL)
    at.slider(key=c.EXPOSURE).set_value((0.0, 0.5))
    rerun(at)
    assert any("never insured" in e.value for e in at.error)
    at.slider(key=c.EXPOSURE).set_value((0.01, 0.01))
    at.select_slider(key=c.N_POLICIES).set_value(100)
    rerun(at)
    assert any("no claims" in w.value for w in at.warning)


def test_huge_learning_rate_says_where_it_diverged():
    at = open_page(PAGE)
    at.select_slider(key=c.N_POLICIES).set_value(SMALL)
    at.selectbox(key=c.OPTIMISER).set_value("SGD")
    at.select_slider(key=c.LEARNING_RATE).set_value(1000.0)
    at.select_slider(key=c.ES_RATE).set_value(1000.0)
    rerun(at)
    messages = [e.value for e in at.error] + [w.value for w in at.warning]
    assert any("Raw: diverged at epoch" in m or "Raw: η = 1000 overshot" in m for m in messages), messages
    assert charts_validate(at) == 5
    assert all(len(m) < 400 for m in messages)  # readable numbers, no 100-digit ones


def test_a_large_portfolio_trains_with_a_progress_bar(monkeypatch):
    """The bar is drawn between cached runs, so a rerun that hits the caches replays nothing stale."""
    monkeypatch.setattr(c, "LARGE", SMALL)  # "large" from SMALL policies, to keep the test fast
    at = open_page(PAGE)
    at.select_slider(key=c.N_POLICIES).set_value(SMALL)
    at.select_slider(key=c.TARGET).set_value(0.25)
    rerun(at)
    rerun(at)  # every run cached now
    assert charts_validate(at) == 5 and not at.error


# -- Issue 15: a nudge reruns only its section --------------------------------------------------------

SECTIONS = {  # a control of each section, a new value, and the section's charts
    "raw against standardised": (
        lambda at: at.select_slider(key=c.TARGET),
        0.9,
        ("contour-raw", "contour-standardised", "loss-per-epoch"),
    ),
    "early stopping": (lambda at: at.slider(key=c.PATIENCE), 1, ("early-stopping", "frequency-by-age")),
}


@pytest.mark.parametrize("moved", list(SECTIONS))
def test_a_section_control_changes_only_its_own_charts(moved):
    """Sections 2 and 3 are fragments with their sidebar controls: a change in one leaves the other's
    chart elements (spec and id, from which Streamlit decides to redraw) as they were."""
    at = open_page(PAGE)
    at.select_slider(key=c.N_POLICIES).set_value(SMALL)
    rerun(at)
    names = [name for _, _, own in SECTIONS.values() for name in own]
    before = {name: (chart_named(at, name).spec, chart_named(at, name).id) for name in names}
    widget, value, own = SECTIONS[moved]
    widget(at).set_value(value)
    rerun(at)
    for name in names:
        if name not in own:
            assert (chart_named(at, name).spec, chart_named(at, name).id) == before[name], name
    changed = [name for name in own if chart_named(at, name).spec != before[name][0]]
    assert changed, f"no chart of {moved} followed its control"


def test_the_sections_are_fragments_with_their_sidebar_controls():
    assert sidebar_fragments(PAGE) == ["raw_against_standardised", "early_stopping"]
