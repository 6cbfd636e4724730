"""Browser: narrow screens cut no chart text and no metric (issue 16, item 21)."""

import pytest
from conftest import wait_for_script

pytestmark = pytest.mark.browser

# Each text of a Plotly chart (legend, annotations, tick labels, axis titles) that sticks out of the chart.
CUT_CHART_TEXT = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(plot => {
    const box = plot.getBoundingClientRect();
    return [...plot.querySelectorAll('.legendtext, .annotation-text, .xtick text, .ytick text, .g-xtitle text, .g-ytitle text')]
        .filter(t => t.textContent.trim())
        .filter(t => { const r = t.getBoundingClientRect();
                       return r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1; })
        .map(t => t.textContent);
})"""

# Each metric whose label or value is cut with an ellipsis (its text wider than its box).
CUT_METRICS = """() => [...document.querySelectorAll('[data-testid="stMetricValue"], [data-testid="stMetricLabel"]')]
    .flatMap(m => [m, ...m.querySelectorAll('*')])
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => e.closest('[data-testid="stMetric"]').innerText.replace(/\\n/g, ' '))"""


@pytest.mark.parametrize(
    "path",
    ["/Make_a_guess", "/Make_a_guess?derivatives=true&reveal=true&play=true&guess_lecture=40"],
    ids=["no-guess", "everything-on"],
)
def test_make_a_guess_chart_text_fits_a_phone(browser, app_url, path):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(app_url + path)
        wait_for_script(page)
        page.wait_for_selector(".js-plotly-plot .legend, .js-plotly-plot .annotation", timeout=30_000)
        page.wait_for_timeout(500)
        assert page.evaluate(CUT_CHART_TEXT) == []
    finally:
        context.close()


@pytest.mark.parametrize("slug", ["Dense_layers", "Non_zero_derivatives"])
def test_metrics_fit_a_small_laptop(browser, app_url, slug):
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    try:
        page = context.new_page()
        page.goto(f"{app_url}/{slug}")
        wait_for_script(page)
        page.wait_for_selector('[data-testid="stMetricValue"]', timeout=30_000)
        page.wait_for_timeout(500)
        assert page.evaluate(CUT_METRICS) == []
    finally:
        context.close()
