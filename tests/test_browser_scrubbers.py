"""Browser: the Gradient descent and Loss and derivatives scrubbers redraw in the browser without a
message to the server, and a section's control reruns only its section (fragments), in Chromium."""

import pytest
from conftest import TALL_WINDOW, wait_for_script

pytestmark = pytest.mark.browser

# The scrubbed figure (the one with frames, in the given order), its slider's step and its traces' (x, y).
SCRUBBED = """(which) => {
    const plots = [...document.querySelectorAll('.js-plotly-plot')]
        .filter(p => p._transitionData && p._transitionData._frames && p._transitionData._frames.length);
    const plot = plots[which];
    if (!plot) return null;
    return {active: plot._fullLayout.sliders[0].active, xy: plot.data.map(t => [Array.from(t.x || []), Array.from(t.y || [])])};
}"""
# Every chart is marked; a chart drawn again (or replaced) since then loses its mark.
MARK = """() => document.querySelectorAll('.js-plotly-plot').forEach(p => {
    p.dataset.seen = '1';
    p.on('plotly_afterplot', () => { p.dataset.seen = '0'; });
})"""
KEPT = """() => [...document.querySelectorAll('.js-plotly-plot')].map(p => p.dataset.seen === '1')"""


def open_listening(context, url):
    """The page at ``url``, with every websocket message it sends recorded in ``page.sent``."""
    page = context.new_page()
    page.sent, page.errors = [], []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: page.sent.append(payload)))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(url)
    wait_for_script(page)
    page.set_viewport_size(TALL_WINDOW)  # every section's charts drawn
    return page


def drag(page, which: int, fraction: float) -> dict:
    """Press the ``which``-th scrubber's rail at ``fraction`` of its length; the scrubbed state after it."""
    before = page.evaluate(SCRUBBED, which)
    rail = page.locator(".js-plotly-plot .slider-rail-rect").nth(which)
    rail.scroll_into_view_if_needed()
    box = rail.bounding_box()
    page.mouse.click(box["x"] + fraction * box["width"], box["y"] + box["height"] / 2)
    page.wait_for_function(f"({SCRUBBED})({which}).active !== {before['active']}", timeout=10_000)
    page.wait_for_timeout(500)  # time for any message the page would send
    return before, page.evaluate(SCRUBBED, which)


def sidebar_slider(page, label):
    sliders = page.locator('[data-testid="stSidebar"] [data-testid="stSlider"] input[type="range"]')
    return sliders.and_(page.locator(f'[aria-label="{label}"]')).first


def test_the_pitfalls_scrub_in_the_browser_and_a_section_reruns_alone(context, app_url):
    page = open_listening(context, app_url + "/Gradient_descent")
    page.wait_for_function(f"({SCRUBBED})(0) !== null", timeout=30_000)
    sent = len(page.sent)
    before, after = drag(page, 0, 0.3)
    assert after["xy"][1] != before["xy"][1], "the steps did not move"
    assert len(page.sent) == sent, "scrubbing sent a message to the server"

    # The pitfalls' own sidebar control reruns its section: the other sections' charts stay drawn.
    page.evaluate(MARK)
    slider = sidebar_slider(page, "Start x₀")
    slider.focus()
    slider.press("ArrowLeft")
    page.wait_for_function("() => location.search.includes('pit_x0=7.9')", timeout=30_000)
    wait_for_script(page)
    page.wait_for_timeout(500)
    kept = page.evaluate(KEPT)
    assert len(kept) == 7 and kept[:3] == [True] * 3 and kept[4:] == [True] * 3, kept  # only the pitfalls
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_text("2 · Pitfalls").count() == 1 and sidebar.get_by_text("Start left").count() == 1
    assert page.locator('[data-testid="stException"]').count() == 0 and not page.errors


def test_k_scrubs_the_bgd_line_and_contour_in_the_browser(context, app_url):
    page = open_listening(context, app_url + "/Loss_and_derivatives")
    page.wait_for_function(f"({SCRUBBED})(1) !== null", timeout=30_000)
    sent = len(page.sent)
    for which in (0, 1):  # the line over the data, the point on the contour
        before, after = drag(page, which, 0.5)
        assert after["xy"] != before["xy"], "nothing moved"
    assert len(page.sent) == sent, "scrubbing sent a message to the server"
    assert page.locator('[data-testid="stException"]').count() == 0 and not page.errors
