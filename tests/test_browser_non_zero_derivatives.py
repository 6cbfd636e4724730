"""Browser: the start w₁ of "accuracy vs loss" scrubs in the browser, and every panel stays drawn."""

import pytest

pytestmark = pytest.mark.browser

PANELS = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  return ['xy', 'x2y2', 'x3y3', 'x4y4'].map(
    (panel) => [...plot.querySelectorAll(`.subplot.${panel} .scatterlayer .trace path.js-line`)]
      .filter((line) => (line.getAttribute('d') || '').length > 10).length
  );
}"""


def test_dragging_the_start_w1_asks_nothing_of_the_server_and_keeps_every_panel(visit):
    page = visit("/Non_zero_derivatives")
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    plot = page.locator(".js-plotly-plot").first
    grip = plot.locator(".slider-grip-rect").first
    grip.wait_for(timeout=60_000)
    grip.scroll_into_view_if_needed()
    drawn = page.evaluate(PANELS)
    assert all(drawn), drawn
    start, rail = grip.bounding_box(), plot.locator(".slider-rail-rect").first.bounding_box()
    y = start["y"] + start["height"] / 2
    page.mouse.move(start["x"] + start["width"] / 2, y)
    page.mouse.down()
    for i in range(21):
        page.mouse.move(rail["x"] + rail["width"] * i / 20, y)
    page.mouse.up()
    page.wait_for_function(
        "() => document.querySelector('.js-plotly-plot')._fullLayout._currentFrame === '3'", timeout=10_000
    )
    assert sent == [], "scrubbing sent messages to the server"
    assert page.evaluate(PANELS) == drawn  # a frame names a trace of each lower panel: none is emptied
    x = page.evaluate("() => document.querySelector('.js-plotly-plot').data[6].x[0]")
    assert x == 3  # the descent on the loss now starts at w₁ = 3
