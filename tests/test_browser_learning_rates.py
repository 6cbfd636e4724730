"""Browser: the "Learning rates" page by deep link; the robot arm's animation plays in Chromium."""

import time

import pytest
from conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

# The hand of the first arm (x of its last point) in the animated chart's live plotly data.
HAND_X = """() => {
    const plot = [...document.querySelectorAll('.js-plotly-plot')]
        .find(p => p.layout && p.layout.updatemenus && p.layout.updatemenus.length);
    return plot ? [...plot.data[0].x].map(Number) : null;
}"""


def test_robot_arm_animation_plays(visit):
    page = visit("/Learning_rates?arm_steps=60")
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
