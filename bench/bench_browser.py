"""Browser latency: time from a slider change to the updated chart, in Debian's Chromium.

Run with `python bench/bench_browser.py [Page_slug ...] [--slider LABEL]` from the
repository root (default: every page, its first slider). It starts `streamlit run app.py` on a free port, opens each
page, nudges its first slider with the keyboard 7 times and prints the median and
slowest time until the script has rerun and the page's charts are drawn again.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._app import CHROMIUM, CHROMIUM_ARGS, running_app, wait_for_script  # noqa: E402
from topics import make_a_guess  # noqa: E402
from ui.nav import PAGES  # noqa: E402

REPEATS = 7
# A chart is new or was drawn again since MARK ran.
CHANGED = """() => [...document.querySelectorAll('.js-plotly-plot')].some(p => p.dataset.seen !== '1')"""
MARK = """() => document.querySelectorAll('.js-plotly-plot').forEach(p => {
    p.dataset.seen = '1';
    p.on && p.on('plotly_afterplot', () => { p.dataset.seen = '0'; });
})"""


# The slider to move on a page (its label), where the first one does not change a chart.
SLIDER = {"Make_a_guess": make_a_guess.ETA_LABEL}


def measure(page, url: str, label: str | None = None, chosen: str | None = None) -> list[float]:
    page.goto(url)
    wait_for_script(page)
    sliders = page.locator('[data-testid="stSlider"] input[type="range"]')
    slider = page.get_by_label(label, exact=True).and_(sliders) if label else sliders.first
    if chosen:  # --slider LABEL: matched by its aria-label (also below the fold)
        slider = sliders.and_(page.locator(f'[aria-label="{label}"]')).first
    if not slider.count():
        return []
    times = []
    for i in range(REPEATS):
        page.evaluate(MARK)
        slider.focus()
        start = time.perf_counter()
        slider.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
        if page.locator(".js-plotly-plot").count():
            page.wait_for_function(CHANGED, timeout=30_000)  # a chart was drawn again
        wait_for_script(page)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main(slugs: list[str], label: str | None = None) -> None:
    log = Path(tempfile.mkdtemp()) / "streamlit.log"
    with running_app(log) as (url, _), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        print(f"{'page':<28} {'median ms':>10} {'max ms':>8}")
        for target in PAGES:
            if slugs and target.slug not in slugs:
                continue
            times = measure(page, f"{url}/{target.slug}", label or SLIDER.get(target.slug), label)
            if times:
                print(f"{target.label:<28} {statistics.median(times):>10.0f} {max(times):>8.0f}")
            else:
                print(f"{target.label:<28} {'no slider':>10}")
        browser.close()


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if "--slider" in arguments:  # e.g. Optimisers --slider "step k": another slider than the first
        at = arguments.index("--slider")
        main(arguments[:at] + arguments[at + 2 :], arguments[at + 1])
    else:
        main(arguments)
