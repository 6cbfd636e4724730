"""Browser: the Optimisers page by deep link; its race animation plays in the browser."""

import pytest
from conftest import SCREENSHOTS, wait_for_script

pytestmark = pytest.mark.browser

# The race figure is the only one with animation frames; read the moving markers' first
# position and the slider's active step straight from Plotly's graph div.
RACE_STATE = """() => {
    const plots = [...document.querySelectorAll('.js-plotly-plot')];
    const race = plots.find(p => p._transitionData && p._transitionData._frames
                                 && p._transitionData._frames.length > 0);
    if (!race) return null;
    const heads = race._fullData[race._fullData.length - 1];
    return {frames: race._transitionData._frames.length, x: Array.from(heads.x), y: Array.from(heads.y),
            active: race._fullLayout.sliders[0].active};
}"""


def test_race_animation_plays_without_reruns(visit):
    page = visit("/Optimisers")
    page.wait_for_function(f"({RACE_STATE})() !== null", timeout=30_000)
    before = page.evaluate(RACE_STATE)
    assert before["frames"] > 10 and before["active"] == 0
    sent = []  # what the page sends the server from now on: nothing, while the race plays
    client = page.context.new_cdp_session(page)
    client.send("Network.enable")
    client.on("Network.webSocketFrameSent", lambda event: sent.append(event))

    play = page.locator(".js-plotly-plot .updatemenu-button").filter(has_text="Play")
    play.first.scroll_into_view_if_needed()
    play.first.click()
    page.wait_for_function(f"({RACE_STATE})().active > 5", timeout=30_000)
    after = page.evaluate(RACE_STATE)
    assert after["x"] != before["x"] or after["y"] != before["y"], "the markers did not move"
    # Playing is client-side: the script did not run again.
    assert page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').count() == 1
    assert sent == [], "playing the race sent messages to the server"

    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "Optimisers-race.png"), full_page=True)


HAS_SURFACE = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .some(p => (p._fullData || []).some(t => t.type === 'surface'))"""


def test_3d_view_opens_in_its_tab_and_in_the_link(visit, app_url):
    page = visit("/Optimisers")
    page.wait_for_selector(".js-plotly-plot")
    assert not page.evaluate(HAS_SURFACE)  # not drawn until asked for
    page.get_by_role("tab", name="3-D surface").click()
    page.wait_for_function(HAS_SURFACE, timeout=60_000)
    wait_for_script(page)
    assert "view=3-D" in page.url.replace("+", " ").replace("%20", " ")
    # The shared link opens the page on the 3-D view.
    other = visit(page.url.removeprefix(app_url))
    other.wait_for_function(HAS_SURFACE, timeout=60_000)
