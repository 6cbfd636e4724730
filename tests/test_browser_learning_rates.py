"""Browser: the "Learning rates" page by deep link; the robot arm's animation plays in Chromium."""

import time

import pytest
from conftest import SCREENSHOTS, TALL_WINDOW, wait_for_script

pytestmark = pytest.mark.browser

# The hand of the first arm (x of its last point) in the animated chart's live plotly data.
HAND_X = """() => {
    const plot = [...document.querySelectorAll('.js-plotly-plot')]
        .find(p => p.layout && p.layout.updatemenus && p.layout.updatemenus.length);
    return plot ? [...plot.data[0].x].map(Number) : null;
}"""


def test_robot_arm_animation_plays(visit):
    page = visit("/Learning_rates?arm_steps=60")
    page.set_viewport_size(TALL_WINDOW)  # the arm is far down the page
    page.wait_for_function(f"() => ({HAND_X})() !== null", timeout=30_000)
    before = page.evaluate(HAND_X)
    play = page.locator(".updatemenu-button").filter(has_text="Play").first
    play.scroll_into_view_if_needed()
    play.click()
    page.wait_for_function(
        f"(start) => {{ const now = ({HAND_X})(); return now && now[2] !== start[2]; }}",
        arg=before,
        timeout=30_000,
    )
    after = page.evaluate(HAND_X)
    assert after[0] == 0.0 and after[2] != before[2]  # the shoulder stays, the hand moved
    time.sleep(1.5)  # let it play on, then check it kept going
    later = page.evaluate(HAND_X)
    assert later != before
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "Learning_rates-arm.png"), full_page=True)


BOWL = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .find(p => p.layout && p.layout.sliders && !p.layout.updatemenus)"""
BOWL_STATE = f"""() => {{
    const p = ({BOWL})();
    return p && p._fullLayout ? {{active: p._fullLayout.sliders[0].active, x: p._fullLayout.xaxis.range,
        steps: p._fullData[2].name, jump: Array.from(p._fullData[4].text || [])}} : null;
}}"""


def steady(page, state: str, every: float = 0.25, timeout: float = 10.0):
    """The value of the JavaScript function ``state`` once two reads ``every`` seconds apart agree."""
    value, waited = page.evaluate(state), 0.0
    while waited < timeout:
        time.sleep(every)
        waited += every
        value, before = page.evaluate(state), value
        if value == before:
            return value
    raise AssertionError(f"still changing after {timeout} s: {value}")


def test_the_bowl_scrubs_in_the_browser_and_a_control_reruns_its_section(visit):
    """Dragging the η scrubber redraws the bowl with no message to the server, out to a diverging
    run whose axis follows it; the bowl's Steps slider reruns its section and the code only: the
    other charts stay mounted (not drawn again); Back returns to the view it left (AppTest does not
    bind query parameters, so this is checked here)."""
    page = visit("/Learning_rates")
    page.set_viewport_size(TALL_WINDOW)  # every section's charts drawn
    page.wait_for_function(f"() => ({BOWL_STATE})() !== null", timeout=30_000)
    start = page.evaluate(BOWL_STATE)
    assert "creeping" in start["steps"] and start["x"][1] < 11
    sent = []
    client = page.context.new_cdp_session(page)
    client.send("Network.enable")
    client.on("Network.webSocketFrameSent", lambda event: sent.append(event))
    rail = page.locator(".js-plotly-plot .slider-rail-rect").first
    rail.scroll_into_view_if_needed()
    box = rail.bounding_box()
    middle = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 0.3 * box["width"], middle)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] - 1, middle, steps=12)
    page.mouse.up()
    page.wait_for_function(f"() => ({BOWL_STATE})().steps.includes('diverging')", timeout=10_000)
    end = steady(page, BOWL_STATE)  # the drag's last frames may still be on their way
    assert end["active"] > start["active"] and end["jump"][-1].startswith("step 1:")
    assert end["x"][0] < -11  # the axis reaches out to where the step landed
    time.sleep(0.5)
    assert sent == [], "scrubbing sent messages to the server"

    # Each chart counts its draws from here on.
    page.evaluate(
        """() => document.querySelectorAll('.js-plotly-plot').forEach(p => {
            p.dataset.draws = '0';
            p.on('plotly_afterplot', () => { p.dataset.draws = String(Number(p.dataset.draws) + 1); });
        })"""
    )
    steps = page.locator('[data-testid="stSidebar"] [data-testid="stSlider"]').filter(has_text="Steps")
    steps.get_by_role("slider").first.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('bowl_steps=21')", timeout=30_000)
    # the address changes before the rerun ends: wait for the bowl drawn anew, with 21 steps
    page.wait_for_function(f"() => ({BOWL})().dataset.draws !== '0'", timeout=30_000)
    wait_for_script(page)
    page.wait_for_timeout(500)  # time for any other chart to be drawn
    assert sent, "the watch on the websocket saw the slider's message"  # so it saw none while scrubbing
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].map(p => p.dataset.draws !== '0')"
    )
    assert drawn == [True, False, False, False, False], drawn  # only the bowl was drawn again
    page.get_by_text("Show the code").click()
    code = page.locator('[data-testid="stExpander"]').filter(has_text="Show the code").locator("pre").first
    assert "gradient_descent_1d(fn, fn.start, eta, 21)" in code.inner_text()
    # Back, after the menu, returns to the view the section left (16.4)
    page.locator('[data-testid="stSidebar"]').get_by_text("Glossary", exact=True).click()
    page.wait_for_url("**/Glossary")
    wait_for_script(page)
    page.go_back()
    page.wait_for_url("**/Learning_rates?*bowl_steps=21*")
