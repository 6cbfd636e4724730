"""Browser: shareable views and presenter mode, as a teacher uses them."""

import pytest
from conftest import wait_for_script

from topics.loss_and_derivatives import controls as loss_controls

pytestmark = pytest.mark.browser


def test_a_shared_link_reproduces_the_view(visit, browser, app_url):
    page = visit("/Glossary")
    page.get_by_label("Filter").fill("momentum")
    page.get_by_label("Filter").press("Enter")
    page.wait_for_url("**filter=momentum**")
    wait_for_script(page)
    page.get_by_text("Share this view").click()
    link = page.locator('[data-testid="stSidebar"] .gd-share-link')
    page.wait_for_function("() => document.querySelector('.gd-share-link').value === window.location.href")
    shared = link.input_value()
    assert shared == page.url and "filter=momentum" in shared
    fresh = browser.new_context()
    try:
        other = visit(shared.removeprefix(app_url), in_context=fresh)
        assert other.get_by_label("Filter").input_value() == "momentum"
        assert other.get_by_text("Nesterov momentum", exact=True).count() == 1
        assert other.get_by_text("Batch size", exact=True).count() == 0
    finally:
        fresh.close()


def test_presenter_mode_survives_a_page_switch(visit):
    page = visit("/")
    body_size = "() => getComputedStyle(document.documentElement).fontSize"
    normal = page.evaluate(body_size)
    page.get_by_text("Presenter mode").click()
    wait_for_script(page)
    page.wait_for_function(f"() => ({body_size})() !== '{normal}'")
    page.locator('[data-testid="stSidebar"]').get_by_text("Glossary", exact=True).click()
    page.wait_for_url("**/Glossary")
    wait_for_script(page)
    assert page.get_by_role("switch", name="Presenter mode").is_checked()
    assert page.evaluate(body_size) != normal


def test_back_and_the_menu_return_to_the_view_that_was_there(visit):
    """Leaving a page drops its parameters from the history entry; Back and the menu restore them."""
    page = visit("/Loss_and_derivatives?bgd_k=3&bgd_eta=0.05")
    heading = page.get_by_text("at θ₃", exact=False)
    heading.first.wait_for()
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Glossary", exact=True).click()
    page.wait_for_url("**/Glossary")
    wait_for_script(page)
    page.go_back()
    page.wait_for_url("**/Loss_and_derivatives?*bgd_k=3*")
    wait_for_script(page)
    assert "bgd_eta=0.05" in page.url
    heading.first.wait_for()
    sidebar.get_by_text("Glossary", exact=True).click()
    page.wait_for_url("**/Glossary")
    wait_for_script(page)
    sidebar.get_by_text("Loss and derivatives", exact=True).click()
    page.wait_for_url("**/Loss_and_derivatives?*bgd_k=3*")
    wait_for_script(page)
    heading.first.wait_for()
    # A change inside a section (a fragment: the rest of the page does not rerun) is the view too.
    slider = (
        page.locator('[data-testid="stSlider"]')
        .filter(has_text=loss_controls.BGD_K_LABEL)
        .get_by_role("slider")
    )
    slider.focus()
    slider.press("ArrowRight")
    page.wait_for_url("**/Loss_and_derivatives?*bgd_k=4*")
    # the address changes before the section reruns: wait for the section's new table
    page.get_by_text("at θ₄", exact=False).first.wait_for()
    wait_for_script(page)
    sidebar.get_by_text("Glossary", exact=True).click()
    page.wait_for_url("**/Glossary")
    wait_for_script(page)
    page.go_back()
    page.wait_for_url("**/Loss_and_derivatives?*bgd_k=4*")
    wait_for_script(page)
    page.get_by_text("at θ₄", exact=False).first.wait_for()


def test_the_share_link_follows_a_section_rerun(visit):
    """The game of Make a guess is a fragment: moving its slider does not redraw the sidebar,
    yet the share box must give the new view."""
    page = visit("/Make_a_guess?function=Several+minima&guess_several=-3")
    page.get_by_text("Share this view").click()
    slider = page.locator('[data-testid="stSlider"]').filter(has_text="guess").get_by_role("slider")
    slider.focus()
    slider.press("ArrowRight")
    page.wait_for_function(
        "() => !window.location.href.includes('guess_several=-3&')"
        " && !window.location.href.endsWith('guess_several=-3')"
    )
    wait_for_script(page)
    page.wait_for_function("() => document.querySelector('.gd-share-link').value === window.location.href")
    assert "guess_several=" in page.locator(".gd-share-link").input_value()


# The first chart's height as drawn, and whether it is the element shown full screen.
FIRST_CHART = """() => { const plot = document.querySelector('.gd-chart');
    return [plot._fullLayout.height, plot._fullLayout.width, document.fullscreenElement === plot]; }"""


def test_a_chart_goes_full_screen_and_back(visit):
    """Each chart's mode bar has a full-screen button (for the projector); leaving full screen
    gives the chart back its height and its column's width."""
    page = visit("/Learning_rates")
    page.wait_for_selector(".gd-chart .main-svg", timeout=30_000)
    height, width, screen = page.evaluate(FIRST_CHART)
    assert not screen
    chart = page.locator(".gd-chart").first
    chart.hover()
    chart.locator('.modebar-btn[data-title="Full screen"]').click()
    page.wait_for_function(f"() => ({FIRST_CHART})()[2]", timeout=10_000)
    size = page.evaluate("() => [window.innerHeight, window.innerWidth]")
    page.wait_for_function(f"() => ({FIRST_CHART})()[0] === {size[0]}", timeout=10_000)
    page.evaluate("() => document.exitFullscreen()")
    page.wait_for_function(
        f"() => !({FIRST_CHART})()[2] && ({FIRST_CHART})()[0] === {height}", timeout=10_000
    )
    assert page.evaluate(FIRST_CHART) == [height, width, False]
