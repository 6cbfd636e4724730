"""AppTest: play the "Make a guess" game and check every number shown against gdcore."""

import json

import plotly.graph_objects as go
import pytest
from conftest import chart_elements, open_page, reopened, rerun, snippet_numbers_not_shown
from test_snippets import snippets

import gdcore
from topics import make_a_guess

PAGE = "pages/2_Make_a_guess.py"
LABEL = {key: fn.name for key, fn in gdcore.GUESS_FUNCTIONS.items()}  # the selectbox shows the names


def metrics(at):
    return {m.label: m.value for m in at.metric}


def guess(at, x, key="lecture"):
    at.slider(key=make_a_guess.guess_key(key)).set_value(x)
    rerun(at)
    at.button(key=make_a_guess.ADD).click()
    return rerun(at)


def test_play_the_game():
    at = open_page(PAGE)
    fn = gdcore.LECTURE_GUESS
    assert at.selectbox(key=make_a_guess.FUNCTION).value == LABEL["lecture"] == "The lecture's function"
    assert at.slider(key=make_a_guess.guess_key("lecture")).value == 50
    assert metrics(at) == {
        "Guesses": "0",
        "Best guess x": "–",
        "Lowest f(x) found": "–",
        "True minimum f": "hidden",
    }
    chart = chart_elements(at)[0].spec
    assert "No guesses yet" in chart and "hidden function" not in chart

    guess(at, 30.0)
    guess(at, 60.0)
    guess(at, 40.0)
    shown = metrics(at)
    assert shown["Guesses"] == "3"
    best_x, best_f = fn.best_of([30.0, 60.0, 40.0])
    assert best_x == 60.0
    assert shown["Best guess x"] == "60" and shown["Lowest f(x) found"] == f"{best_f:.4g}"
    assert shown["True minimum f"] == "hidden"
    spec = chart_elements(at)[0].spec
    assert "your guesses" in spec and "hidden function" not in spec and "tangent" not in spec

    at.toggle(key=make_a_guess.DERIVATIVES).set_value(True)
    rerun(at)
    spec = chart_elements(at)[0].figure
    assert any(trace["name"] == "tangent (arrow points downhill)" for trace in spec["data"])
    arrows = spec["layout"]["annotations"]
    assert len(arrows) == 3  # one arrowhead per guess, at the downhill end of its tangent
    for x, arrow in zip((30.0, 60.0, 40.0), arrows, strict=True):
        assert arrow["ax"] == x and arrow["x"] == x + fn.downhill(x) * fn.tangent_width / 2
    table = at.dataframe[0].value
    assert list(table["x"]) == [30.0, 60.0, 40.0]
    assert list(table["downhill"]) == ["→ right" if fn.downhill(x) > 0 else "← left" for x in (30, 60, 40)]
    assert list(table["f'(x)"]) == [round(fn.derivative(x), 5) for x in (30.0, 60.0, 40.0)]

    guess(at, 25.0)  # where the original widget pointed uphill
    table = at.dataframe[0].value
    assert table["original pointed the wrong way"].iloc[-1]
    assert table["downhill"].iloc[-1] == "→ right"

    at.toggle(key=make_a_guess.REVEAL).set_value(True)
    rerun(at)
    x_min, f_min = fn.global_minimum
    shown = metrics(at)
    assert shown["True minimum f"] == "-0.7514" == f"{f_min:.4g}"
    spec = chart_elements(at)[0].spec
    assert "hidden function" in spec and "global minimum" in spec
    best_x, best_f = fn.best_of([30.0, 60.0, 40.0, 25.0])
    gap = next(md.value for md in at.markdown if md.value.startswith("The true minimum"))
    assert f"at x = {x_min:.4g}" in gap and f"{best_f - f_min:.3g} above it" in gap
    assert f"{abs(best_x - x_min):.3g} away" in gap
    assert len(at.latex) == 2
    assert any("passed" in md.value for md in at.markdown)
    assert any("+0.00350" in md.value and "-0.00125" in md.value for md in at.markdown)

    at.toggle(key=make_a_guess.PLAY).set_value(True)
    rerun(at)
    run = gdcore.gradient_descent_1d(fn, 25.0, 20.0, 20)  # from the last guess, default eta and steps
    summary = next(md.value for md in at.markdown if md.value.startswith("**Gradient descent**"))
    assert "x₀ = 25" in summary and f"ended at x = {run.x[-1]:.4g}" in summary
    assert "gradient descent" in chart_elements(at)[0].spec

    at.select_slider(key=make_a_guess.eta_key("lecture")).set_value(500.0)
    at.slider(key=make_a_guess.STEPS).set_value(50)
    guess(at, 80.0)  # gradient descent now starts from here, with a too-large learning rate
    run = gdcore.gradient_descent_1d(fn, 80.0, 500.0, 50)
    assert run.stop_reason == "left the domain"
    assert (
        at.warning
        and f"Step {run.stop_step} would have gone to x = {run.rejected_x:.4g}" in at.warning[0].value
    )
    assert metrics(at)["Guesses"] == "5"

    at.button(key=make_a_guess.RESET).click()
    rerun(at)
    assert metrics(at)["Guesses"] == "0" and not at.dataframe
    summary = next(md.value for md in at.markdown if md.value.startswith("**Gradient descent**"))
    assert "x₀ = 80" in summary  # no guesses left: starts from the slider's position


def test_guesses_are_per_function_and_per_session():
    first = open_page(PAGE)
    guess(first, 70.0)
    guess(first, 90.0)
    assert metrics(first)["Guesses"] == "2"

    first.selectbox(key=make_a_guess.FUNCTION).set_value(LABEL["later"])
    rerun(first)
    assert metrics(first)["Guesses"] == "0"
    later = gdcore.GUESS_FUNCTIONS["later"]
    assert first.slider(key=make_a_guess.guess_key("later")).value == pytest.approx(later.start)
    guess(first, -1.5, key="later")
    assert metrics(first)["Best guess x"] == "-1.5"
    first.selectbox(key=make_a_guess.FUNCTION).set_value(LABEL["lecture"])
    rerun(first)
    assert metrics(first)["Guesses"] == "2" and metrics(first)["Best guess x"] == "90"

    second = open_page(PAGE)
    assert metrics(second)["Guesses"] == "0"
    assert "your guesses" not in chart_elements(second)[0].spec


@pytest.mark.parametrize("key", list(gdcore.GUESS_FUNCTIONS))
def test_every_function_with_every_control(key):
    fn = gdcore.GUESS_FUNCTIONS[key]
    at = open_page(PAGE)
    at.selectbox(key=make_a_guess.FUNCTION).set_value(LABEL[key])
    rerun(at)
    for x in (fn.domain[0], fn.start, fn.domain[1]):
        guess(at, x, key=key)
    for toggle in (make_a_guess.DERIVATIVES, make_a_guess.REVEAL, make_a_guess.PLAY):
        at.toggle(key=toggle).set_value(True)
    at.select_slider(key=make_a_guess.eta_key(key)).set_value(fn.learning_rate)
    at.slider(key=make_a_guess.STEPS).set_value(200)
    rerun(at)
    assert metrics(at)["Guesses"] == "3"
    assert metrics(at)["True minimum f"] == f"{fn.global_minimum[1]:.4g}"
    best_x, _ = fn.best_of([fn.domain[0], fn.start, fn.domain[1]])
    assert metrics(at)["Best guess x"] == f"{best_x:.4g}"
    run = gdcore.gradient_descent_1d(fn, fn.domain[1], fn.learning_rate, 200)
    summary = next(md.value for md in at.markdown if md.value.startswith("**Gradient descent**"))
    assert f"{run.steps_taken} steps" in summary and f"x = {run.x[-1]:.4g}" in summary


def test_the_code_replays_the_game():
    at = open_page(PAGE)
    guess(at, 30.0)
    guess(at, 60.0)
    for toggle in (make_a_guess.DERIVATIVES, make_a_guess.REVEAL, make_a_guess.PLAY):
        at.toggle(key=toggle).set_value(True)
    at.select_slider(key=make_a_guess.eta_key("lecture")).set_value(500.0)
    rerun(at)
    (code,) = snippets(at)
    assert 'GUESS_FUNCTIONS["lecture"]' in code and "guesses = [30.0, 60.0]" in code
    assert "gradient_descent_1d(fn, 60.0, learning_rate=500.0, steps=20)" in code
    assert "fn.global_minimum" in code and "original_widget_derivative" in code
    assert not snippet_numbers_not_shown(at)

    at.selectbox(key=make_a_guess.FUNCTION).set_value(LABEL["several"])
    rerun(at)
    (code,) = snippets(at)
    assert "guesses = []" in code and "global_minimum" in code and "original_widget" not in code
    assert not snippet_numbers_not_shown(at)


def test_every_chart_is_a_valid_plotly_figure():
    at = open_page(PAGE)
    charts = [chart.figure for chart in chart_elements(at)]
    guess(at, 25.0)
    guess(at, 60.0)
    for toggle in (make_a_guess.DERIVATIVES, make_a_guess.REVEAL, make_a_guess.PLAY):
        at.toggle(key=toggle).set_value(True)
    at.select_slider(key=make_a_guess.eta_key("lecture")).set_value(500.0)  # a run that leaves the domain
    charts += [chart.figure for chart in chart_elements(rerun(at))]
    assert len(charts) == 2
    for spec in charts:
        go.Figure(spec)


def test_the_table_shows_the_precision_the_text_uses():
    """Issue 16, item 24: the table showed -0.0012 where the text says -0.00125 (x = 25)."""
    at = open_page(PAGE)
    at.toggle(key=make_a_guess.DERIVATIVES).set_value(True)
    guess(at, 25.0)
    wrong = gdcore.original_widget_derivative(25.0)
    assert any(f"{wrong:+.5f}" in m.value for m in at.markdown)  # the text, to 5 decimals
    (table,) = at.dataframe
    formats = {
        name: config.get("type_config", {}).get("format")
        for name, config in json.loads(table.proto.columns).items()
    }
    for column in ("x", "f(x)", "f'(x)", "original widget's f'(x)"):
        assert formats[column] == "%.5f", column
    assert table.value["original widget's f'(x)"].iloc[0] == round(wrong, 5)


def test_the_guesses_live_in_the_url_and_come_back_in_a_new_session():
    """Issue 20: a student whose replica dies (a new session) or who shares a link keeps the guesses."""
    at = open_page(PAGE)
    guess(at, 30.0)
    guess(at, 60.0)
    param = make_a_guess.guesses_param("lecture")
    assert at.query_params[param] == "30,60"
    assert make_a_guess.guesses_param("lecture") == "guesses_lecture"

    # a new session (another replica, or a shared link) opened at that address
    again = reopened(at, PAGE)
    shown = metrics(again)
    assert shown["Guesses"] == "2" and shown["Best guess x"] == "60"
    (code,) = snippets(again)
    assert "guesses = [30.0, 60.0]" in code

    # another function has its own list, in its own parameter; Reset clears only the current one
    again.selectbox(key=make_a_guess.FUNCTION).set_value(LABEL["several"])
    rerun(again)
    assert metrics(again)["Guesses"] == "0"
    guess(again, -3.0, key="several")
    assert again.query_params[make_a_guess.guesses_param("several")] == "-3"
    again.button(key=make_a_guess.RESET).click()
    rerun(again)
    assert metrics(again)["Guesses"] == "0"
    assert make_a_guess.guesses_param("several") not in again.query_params
    assert again.query_params[param] == "30,60"


def test_guesses_from_a_link_keep_only_numbers_on_the_axis():
    fn = gdcore.GUESS_FUNCTIONS["several"]
    assert make_a_guess.parse_guesses("-3,1.5", fn) == [-3.0, 1.5]
    assert make_a_guess.parse_guesses("", fn) == []
    assert make_a_guess.parse_guesses("-3,abc,nan,inf,99,,2", fn) == [-3.0, 2.0]
    assert len(make_a_guess.parse_guesses(",".join(["1"] * 500), fn)) == make_a_guess.MAX_GUESSES
    assert make_a_guess.guesses_text([-3.0, 1.5, 0.1 + 0.2]) == "-3,1.5,0.3"
