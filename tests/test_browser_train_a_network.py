"""Browser: the "Train a network" figure opens at the last epoch, ▶ Play plays from epoch 0, and
the heat map of the decision boundary stays drawn on every frame."""

import time

import pytest

pytestmark = pytest.mark.browser

CURRENT = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  return plot._fullLayout._currentFrame ?? null;
}"""


HEAT_MAPS = "() => document.querySelector('.js-plotly-plot').querySelectorAll('.heatmaplayer image').length"


def test_play_at_the_last_epoch_plays_from_the_first(visit):
    page = visit("/Train_a_network?net_epochs=40")
    page.wait_for_selector(".js-plotly-plot .slider-container", timeout=60_000)
    play = page.locator(".js-plotly-plot .updatemenu-button").filter(has_text="Play").first
    seen = set()
    for _ in range(2):  # once as the page opens at the last epoch, once after playing to the end
        play.click()
        deadline = time.time() + 20
        while time.time() < deadline:
            frame = page.evaluate(CURRENT)
            if frame is not None:
                seen.add(int(frame))
            if frame == "40":
                break
            time.sleep(0.05)
        assert page.evaluate(CURRENT) == "40"
        assert min(seen) <= 5, f"Play did not start again from the first epochs: {sorted(seen)}"
        seen.clear()
    # a frame chosen on the slider keeps its heat map (a frame drawn without redrawing loses it)
    rail = page.locator(".js-plotly-plot .slider-rail-rect").first.bounding_box()
    page.mouse.click(rail["x"] + rail["width"] * 0.1, rail["y"] + rail["height"] / 2)
    page.wait_for_function(f"() => ({CURRENT})() !== '40'", timeout=10_000)
    page.wait_for_function(f"() => ({HEAT_MAPS})() === 1", timeout=10_000)
