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


def test_a_shared_link_sets_the_dense_page_weights(visit):
    page = open_link(visit, "/Dense_layers?b=-7.5&W22=5")
    page.locator('[data-testid="stSliderThumbValue"]', has_text="-7.50").wait_for(timeout=30_000)
    page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot .main-svg').length >= 3", timeout=60_000
    )
    maths = " ".join(page.locator(".katex-mathml").all_inner_texts())
    assert "9.5" in maths  # z = (-2.5, 3.5, 9.5) with b = -7.5
