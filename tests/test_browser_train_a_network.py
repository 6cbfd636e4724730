"""Browser: the "Train a network" figure opens at the last epoch, and ▶ Play plays from epoch 0."""

import time

import pytest

pytestmark = pytest.mark.browser

CURRENT = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  return plot._fullLayout._currentFrame ?? null;
}"""


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
