"""Browser: a chart a screen or more below what the page shows waits, keeping its place, and is drawn
once scrolled near, with the newest figure the server sent it; printing draws every chart (ui/chart.js)."""

import pytest

pytestmark = pytest.mark.browser

ESCAPE = ".st-key-chart-escape-share .gd-chart"  # the Gradient descent page's last chart
MINI_BATCH = '[data-testid="stSidebar"] input[type="range"][aria-label="Mini-batch size m "]'  # its control

# The chart's state: waiting, drawn, its height and its figure's, and whether what it shows is the
# newest figure it was sent (each trace's given attributes, as JSON).
STATE = """(selector) => {
    const div = document.querySelector(selector);
    const sent = JSON.parse(new TextDecoder().decode(div.gdBytes));
    const same = !!div._fullLayout && sent.data.every((trace, i) =>
        Object.keys(trace).every(k => JSON.stringify(trace[k]) === JSON.stringify(div.data[i][k])));
    return {waiting: div.hasAttribute('data-waiting'), drawn: !!div._fullLayout, shows_newest: same,
            height: Math.round(div.getBoundingClientRect().height), figure_height: sent.layout.height ?? 450,
            sent: JSON.stringify(sent.data)};
}"""
EVERY_CHART = "() => [...document.querySelectorAll('.gd-chart')].map(div => !!div._fullLayout)"


def test_a_far_chart_waits_and_is_drawn_with_its_newest_figure_when_scrolled_near(visit):
    page = visit("/Gradient_descent")  # a window of 1,400 x 1,000
    page.wait_for_function(
        f"() => document.querySelector('{ESCAPE}')?.hasAttribute('data-waiting')", timeout=30_000
    )
    page.wait_for_function(f"() => ({EVERY_CHART})()[0]", timeout=30_000)  # the first chart is drawn
    first = page.evaluate(STATE, ESCAPE)
    assert not first["drawn"]
    assert first["height"] == first["figure_height"], "a waiting chart keeps its place on the page"

    control = page.locator(MINI_BATCH)
    control.focus()
    control.press("ArrowRight")
    page.wait_for_function(
        f"(before) => ({STATE})('{ESCAPE}').sent !== before", arg=first["sent"], timeout=30_000
    )
    changed = page.evaluate(STATE, ESCAPE)
    assert changed["waiting"] and not changed["drawn"], "a far chart is not drawn when its figure changes"

    page.locator(ESCAPE).scroll_into_view_if_needed()
    page.wait_for_function(f"() => ({STATE})('{ESCAPE}').drawn", timeout=30_000)
    drawn = page.evaluate(STATE, ESCAPE)
    assert drawn["shows_newest"] and not drawn["waiting"]
    assert drawn["sent"] == changed["sent"]


def test_printing_draws_every_chart(visit):
    page = visit("/Non_zero_derivatives")
    page.wait_for_selector(".gd-chart[data-waiting]", timeout=30_000)
    assert not all(page.evaluate(EVERY_CHART))
    page.pdf()  # Chromium prints the page: "beforeprint", then print layout
    assert all(page.evaluate(EVERY_CHART))
