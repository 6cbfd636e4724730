"""Browser: play "Make a guess" in Chromium from a shared link, offline; the guesses follow the link."""

import time

import pytest
from conftest import SCREENSHOTS, wait_for_script

import gdcore

pytestmark = pytest.mark.browser


def metric(page, label):
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label)
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def test_a_shared_link_sets_the_game_and_carries_the_guesses(visit, browser):
    page = visit("/Make_a_guess?function=Several+minima&guess_several=-3&derivatives=true")
    page.get_by_role("button", name="Add guess").click()
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stMetric"]')]
                .some(m => m.innerText.includes('Guesses') && m.innerText.includes('1'))""",
        timeout=30_000,
    )
    wait_for_script(page)
    assert metric(page, "Best guess x") == "-3"
    # the link chose the "several minima" function: its value at -3 is shown
    assert metric(page, "Lowest f(x) found") == f"{gdcore.GUESS_FUNCTIONS['several'](-3.0):.4g}"
    page.get_by_text("tangent (arrow points downhill)").first.wait_for(timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    time.sleep(1)  # let the widgets' lazy chunks paint before the picture
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "Make_a_guess-played.png"), full_page=True)

    # the address bar keeps the guesses (issue 20): a new session at that address finds them,
    # as a student does after a reconnect to another replica, or whoever opens a shared link
    page.wait_for_function("() => window.location.search.includes('guesses_several=-3')", timeout=10_000)
    second = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        other = visit(page.url.removeprefix(page.url.split("/Make_a_guess")[0]), in_context=second)
        other.wait_for_selector('[data-testid="stMetric"]', timeout=30_000)
        assert metric(other, "Guesses") == "1" and metric(other, "Best guess x") == "-3"
        fresh = visit("/Make_a_guess?function=Several+minima", in_context=second)
        fresh.wait_for_selector('[data-testid="stMetric"]', timeout=30_000)
        assert metric(fresh, "Guesses") == "0"
    finally:
        second.close()
