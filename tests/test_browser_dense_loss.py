"""Browser: the Dense layers and Loss and derivatives pages by shared link, and the SGD buttons."""

from urllib.parse import urlencode

import pytest
from conftest import wait_for_script

from topics.loss_and_derivatives import controls as loss_controls

pytestmark = pytest.mark.browser


def open_link(visit, path):
    page = visit(path)
    page.locator('[data-testid="stSidebar"]').get_by_text("Home", exact=True).first.wait_for(timeout=30_000)
    return page


def test_a_shared_link_opens_the_loss_page_at_theta_1(visit):
    query = urlencode({loss_controls.BGD_K: 1, loss_controls.BGD_DECIMALS: 3})
    page = open_link(visit, f"/Loss_and_derivatives?{query}")
    page.get_by_text("The table at θ₁ = (1.469, 0.600), after 1 update", exact=True).wait_for(timeout=30_000)


def test_sgd_next_button_shows_the_second_iteration(visit):
    page = open_link(visit, "/Loss_and_derivatives")
    assert "2.732" not in " ".join(page.locator(".katex-mathml").all_inner_texts())
    page.get_by_role("button", name="Next").click()
    page.get_by_text("Iteration 2 of 2", exact=True).wait_for(timeout=30_000)
    wait_for_script(page)
    maths = " ".join(page.locator(".katex-mathml").all_inner_texts())
    assert "2.732" in maths and "0.348" in maths


def test_a_shared_link_sets_the_dense_page_weights_and_w1_scrubs_in_the_browser(visit):
    page = open_link(visit, "/Dense_layers?b=-7.5&W22=5")
    sent = []  # messages to the server: none while the w₁ scrubber is dragged
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    page.locator('[data-testid="stSliderThumbValue"]', has_text="-7.50").wait_for(timeout=30_000)
    page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot .main-svg').length >= 3", timeout=60_000
    )
    maths = " ".join(page.locator(".katex-mathml").all_inner_texts())
    assert "9.5" in maths  # z = (-2.5, 3.5, 9.5) with b = -7.5
    # Issue 15: drag the sigmoid chart's w₁ slider from end to end: the frames play in the browser
    sigmoid = page.locator(".js-plotly-plot").first
    grip = sigmoid.locator(".slider-grip-rect").first
    grip.scroll_into_view_if_needed()
    start, rail = grip.bounding_box(), sigmoid.locator(".slider-rail-rect").first.bounding_box()
    y = start["y"] + start["height"] / 2
    before = len(sent)
    page.mouse.move(start["x"] + start["width"] / 2, y)
    page.mouse.down()
    for i in range(21):
        page.mouse.move(rail["x"] + rail["width"] * (1 - i / 20), y)
    page.mouse.up()
    current = "() => document.querySelector('.js-plotly-plot')._fullLayout._currentFrame"
    page.wait_for_function(f"({current})() === '-5'", timeout=10_000)
    assert len(sent) == before, "scrubbing sent messages to the server"
    # the decision boundary's w₁ slider: its background (a heat map) is drawn again on each frame
    boundary = page.locator(".js-plotly-plot").nth(1)
    rail = boundary.locator(".slider-rail-rect").first
    rail.scroll_into_view_if_needed()
    box = rail.bounding_box()
    page.mouse.click(box["x"] + 2, box["y"] + box["height"] / 2)
    page.wait_for_function(
        """() => { const plot = document.querySelectorAll('.js-plotly-plot')[1];
                   return plot._fullLayout._currentFrame === '-5'
                       && plot.querySelectorAll('.heatmaplayer image').length === 1; }""",
        timeout=10_000,
    )
    assert len(sent) == before, "scrubbing sent messages to the server"
    # a sidebar slider of the neuron's section (a fragment) still reruns it and updates the link
    w2 = page.locator('[data-testid="stSlider"]').filter(has_text="w₂").get_by_role("slider")
    w2.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => window.location.search.includes('w2=2.5')", timeout=30_000)
    wait_for_script(page)
    assert "W22=5" in page.url and "b=-7.5" in page.url
