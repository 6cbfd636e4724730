"""Browser: the "Train a network" figure opens at the last epoch, ▶ Play plays from epoch 0, and
each frame draws its own heat map of the decision boundary; compared runs' titles and legend
stay apart."""

import pytest

pytestmark = pytest.mark.browser

CURRENT = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  return plot._fullLayout._currentFrame ?? null;
}"""


# The heat map drawn is the current frame's (an image the frame swaps).
HEAT_MAP_OF_THE_FRAME = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  const frame = plot._transitionData._frameHash[plot._fullLayout._currentFrame];
  const drawn = [...plot.querySelectorAll('.imagelayer image')].map((image) => image.getAttribute('href'));
  return drawn.length === 1 && drawn[0] === frame.layout.images[0].source;
}"""


def test_play_at_the_last_epoch_plays_from_the_first(visit):
    page = visit("/Train_a_network?net_epochs=40")
    page.wait_for_selector(".js-plotly-plot .slider-container", timeout=60_000)
    play = page.locator(".js-plotly-plot .updatemenu-button").filter(has_text="Play").first
    # every frame drawn, as Plotly.js reports it (polling would miss the fast first frames)
    page.evaluate(
        """() => { const plot = document.querySelector('.js-plotly-plot'); window.gdSeen = [];
                   plot.on('plotly_animatingframe', (event) => window.gdSeen.push(Number(event.name))); }"""
    )
    for _ in range(2):  # once as the page opens at the last epoch, once after playing to the end
        page.evaluate("() => { window.gdSeen = []; }")
        play.click()
        page.wait_for_function("() => window.gdSeen.includes(40)", timeout=20_000)
        seen = page.evaluate("() => window.gdSeen")
        assert page.evaluate(CURRENT) == "40"
        assert min(seen) <= 5, f"Play did not start again from the first epochs: {sorted(seen)}"
    # a frame chosen on the slider draws its own heat map
    rail = page.locator(".js-plotly-plot .slider-rail-rect").first.bounding_box()
    page.mouse.click(rail["x"] + rail["width"] * 0.1, rail["y"] + rail["height"] / 2)
    page.wait_for_function(f"() => ({CURRENT})() !== '40'", timeout=10_000)
    page.wait_for_function(HEAT_MAP_OF_THE_FRAME, timeout=10_000)


# Whether two screen boxes overlap by more than a pixel.
OVERLAP = (
    "(p, q) => p.left < q.right - 1 && q.left < p.right - 1 && p.top < q.bottom - 1 && q.top < p.bottom - 1"
)

# Pairs of the figure's texts above its panels (the panels' titles, the legend's entries) that
# overlap on the screen.
OVERLAPPING_TITLES = f"""() => {{
  const overlap = {OVERLAP};
  const plot = document.querySelector('.js-plotly-plot');
  const texts = [...plot.querySelectorAll('text.annotation-text, .legend text.legendtext')];
  const boxes = texts.map((t) => [t.textContent, t.getBoundingClientRect()]);
  const out = [];
  boxes.forEach(([a, p], i) => boxes.slice(i + 1).forEach(([b, q]) => {{
    if (overlap(p, q)) out.push([a, b]);
  }}));
  return [texts.length, out];
}}"""


@pytest.mark.parametrize(("width", "presenter"), [(1024, False), (1280, True)])
def test_compared_runs_titles_and_legend_do_not_overlap(visit, width, presenter):
    """Two runs compared: three panel titles and six legend entries above the panels, none over
    another, in a 1,024 px window with the sidebar open and in presenter mode at 1,280 px."""
    page = visit("/Train_a_network?net_compare=true")
    page.set_viewport_size({"width": width, "height": 1000})
    if presenter:
        page.get_by_text("Presenter mode").click()
    page.wait_for_function(
        "() => document.querySelector('.js-plotly-plot')?.querySelectorAll('text.annotation-text').length === 3",
        timeout=60_000,
    )
    page.wait_for_timeout(1000)  # a resize or presenter mode's redraw
    texts, overlapping = page.evaluate(OVERLAPPING_TITLES)
    assert texts == 9
    assert not overlapping, overlapping


# In the network's panel (the subplot xy): its texts and nodes that a clip cuts at the panel's edges,
# and its nodes that lie under the next panel's axis titles.
NETWORK_CUT_OR_COVERED = f"""() => {{
  const plot = document.querySelector('.js-plotly-plot');
  const box = plot.getBoundingClientRect(), x = plot._fullLayout.xaxis, y = plot._fullLayout.yaxis;
  const edges = {{left: box.left + x._offset, right: box.left + x._offset + x._length,
                 top: box.top + y._offset, bottom: box.top + y._offset + y._length}};
  const clipped = (e) => {{ for (let a = e; a !== plot; a = a.parentElement) if (a.hasAttribute('clip-path')) return true; }};
  const overlap = {OVERLAP};
  const within = (r, c) => r.left >= c.left - 1 && r.right <= c.right + 1 && r.top >= c.top - 1 && r.bottom <= c.bottom + 1;
  const shapes = [...plot.querySelectorAll('g.subplot.xy .textpoint text, g.subplot.xy path.point')];
  const name = (e) => e.textContent || 'a node';
  const cut = shapes.filter((e) => clipped(e) && !within(e.getBoundingClientRect(), edges)).map(name);
  const titles = [...plot.querySelectorAll('text.y2title, text.y3title')].map((t) => t.getBoundingClientRect());
  const covered = shapes.filter((e) => titles.some((t) => overlap(e.getBoundingClientRect(), t))).map(name);
  return [shapes.length, cut, covered];
}}"""


@pytest.mark.parametrize("compare", ["true", "false"])
def test_the_network_panel_is_whole_in_a_narrow_window(visit, compare):
    """One run or two compared, in a 960 px window with the sidebar open: the network's input names
    and nodes are not cut at its panel's edges, and no node lies under the next panel's x2 title."""
    page = visit(f"/Train_a_network?net_compare={compare}")
    page.set_viewport_size({"width": 960, "height": 1000})
    page.wait_for_function(
        "() => document.querySelector('.js-plotly-plot g.subplot.xy .textpoint')", timeout=60_000
    )
    page.wait_for_timeout(1000)  # the resize's redraw
    shapes, cut, covered = page.evaluate(NETWORK_CUT_OR_COVERED)
    assert shapes >= 10  # the nodes and the input names
    assert not cut, cut
    assert not covered, covered
