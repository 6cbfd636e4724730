"""Browser: presenter mode makes things larger and hides none of them, at 1280 and 1920 px wide,
on every page (issue 16.1)."""

import time

import pytest
from conftest import wait_for_script

from ui.nav import PAGES

pytestmark = pytest.mark.browser

# Everything a student reads that can be cut at the right edge of its column: a label, button
# or metric text ending in "...", a metric's value, a formula, a table or a data grid.
CLIPPED = """() => {
  const out = [];
  const cut = (e) => e.scrollWidth > e.clientWidth + 2;
  const outside = (e) => {
    const box = e.getBoundingClientRect(), column = e.parentElement.getBoundingClientRect();
    return box.width > 0 && (box.right > column.right + 2 || box.right > window.innerWidth);
  };
  const checks = [
    [".stMarkdownEllipsis", cut],
    ['[data-testid="stMetricValue"] > div', cut],
    [".katex-display", cut],
    ['[data-testid="stTable"]', cut],
    ['[data-testid="stDataFrame"]', outside],
    ['[data-testid="stMetric"]', outside],
    ["button", outside],
  ];
  for (const [selector, clipped] of checks) {
    document.querySelectorAll(selector).forEach((e) => {
      if (e.offsetParent !== null && clipped(e)) out.push(`${selector}: ${(e.innerText || "").slice(0, 40)}`);
    });
  }
  return out;
}"""


@pytest.mark.parametrize("width", [1280, 1920])
def test_presenter_mode_clips_nothing_on_any_page(visit, width):
    page = visit("/")
    page.set_viewport_size({"width": width, "height": 1000})
    normal = page.evaluate("() => getComputedStyle(document.documentElement).fontSize")
    page.get_by_text("Presenter mode").click()
    wait_for_script(page)
    problems = {}
    for target in PAGES:
        # The menu keeps the session (and presenter mode); a new address would start a new one.
        page.locator('[data-testid="stSidebar"]').get_by_role("link", name=target.label, exact=True).click()
        page.wait_for_url(f"**/{target.slug}**")
        wait_for_script(page)
        time.sleep(0.5)  # fonts and the fitting script settle after the last element is drawn
        assert page.evaluate("() => getComputedStyle(document.documentElement).fontSize") != normal
        clipped = page.evaluate(CLIPPED)
        if clipped:
            problems[target.slug] = clipped
    assert not problems, problems
