"""Where a slider change's time goes in the browser: websocket traffic and each chart's redraw.

Run with `python bench/profile_browser.py [Page_slug] [slider label]` from the repository root
(default: the Optimisers page's first slider; `reference` for the bench's reference app). It starts
`streamlit run app.py`, scrolls to the first chart the slider changes (as bench_browser.py does, for
a slider named by its label), nudges it with the keyboard REPEATS times and prints, per nudge, the
time from the key press to: the first and last websocket message from the server and their total
size, each chart's `plotly_afterplot` (its heading or position on the page), and the end of the
script run as the page reports it; and the synchronous time of the nudge's `Plotly.react` calls,
summed: the charts' own redrawing, which no server or Streamlit change can take off a nudge. Times
are medians over the nudges, in ms.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._app import CHROMIUM, CHROMIUM_ARGS, running_app, wait_for_script  # noqa: E402
from bench.bench_browser import instrumented_page, look_at  # noqa: E402

REPEATS = 7

# Every chart records the wall-clock time of each redraw; a new chart is hooked on sight.
HOOK = """() => {
    window.__draws = window.__draws || [];
    window.__reacts = window.__reacts || [];
    const hook = () => document.querySelectorAll('.js-plotly-plot').forEach(p => {
        if (p.dataset.hooked === '1' || !p.on) return;
        p.dataset.hooked = '1';
        p.on('plotly_afterplot', () => {
            const types = [...new Set((p._fullData || []).map(t => t.type))].join('+');
            const frames = p._transitionData && p._transitionData._frames && p._transitionData._frames.length;
            const axis = p._fullLayout && p._fullLayout.yaxis && p._fullLayout.yaxis.title
                         && p._fullLayout.yaxis.title.text;
            const kind = types + (frames ? ' (frames)' : '') + (axis && !frames ? ' ' + axis.slice(0, 12) : '');
            window.__draws.push({chart: kind, t: Date.now()});
        });
    });
    hook();
    // The synchronous part of each Plotly.react (GD Lab's charts; st.plotly_chart's draws otherwise).
    const Plotly = window.Plotly;
    if (Plotly && Plotly.react && !Plotly.__timed) {
        const react = Plotly.react;
        Plotly.__timed = true;
        Plotly.react = function (...args) {
            const start = performance.now();
            const drawn = react.apply(this, args);
            window.__reacts.push(performance.now() - start);
            return drawn;
        };
    }
    if (!window.__observer) {
        window.__observer = new MutationObserver(hook);
        window.__observer.observe(document.body, {childList: true, subtree: true});
    }
}"""


def profile(page, url: str, label: str | None) -> None:
    frames: list[tuple[float, int]] = []
    sent: list[float] = []

    def watch(ws) -> None:
        ws.on("framereceived", lambda f: frames.append((time.time(), len(f))))
        ws.on("framesent", lambda f: sent.append(time.time()))

    page.on("websocket", watch)
    page.goto(url)
    wait_for_script(page)
    page.wait_for_timeout(1500)
    if label:
        look_at(page, label)  # as the bench: scrolled to the first chart the slider changes
    sliders = page.locator('[data-testid="stSlider"] input[type="range"]')
    slider = sliders.and_(page.locator(f'[aria-label="{label}"]')) if label else sliders.first
    rows: dict[str, list[float]] = defaultdict(list)
    for i in range(REPEATS):
        page.evaluate(HOOK)
        page.evaluate("() => { window.__draws = []; window.__reacts = []; }")
        frames.clear()
        sent.clear()
        slider.focus()
        start = time.time()
        slider.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
        page.wait_for_timeout(200)
        wait_for_script(page)
        done = time.time()
        page.wait_for_timeout(1500)  # late redraws
        draws = page.evaluate("() => window.__draws")
        reacts = page.evaluate("() => window.__reacts")
        if reacts:
            rows["Plotly.react, synchronous ms (sum)"].append(sum(reacts))
        if sent:  # the browser's rerun request: what comes before it is the frontend's
            rows["websocket: rerun sent"].append((sent[0] - start) * 1000)
        if frames:
            rows["websocket: first message"].append((frames[0][0] - start) * 1000)
            rows["websocket: last message"].append((frames[-1][0] - start) * 1000)
            rows["websocket: kB received"].append(sum(n for _, n in frames) / 1000)
        rows["script reported done"].append((done - start) * 1000)
        if draws:
            rows["first chart drawn"].append((draws[0]["t"] / 1000 - start) * 1000)
        last: dict[str, float] = {}
        for draw in draws:
            last[draw["chart"]] = (draw["t"] / 1000 - start) * 1000
            rows[f"draws of {draw['chart']}"].append(sum(d["chart"] == draw["chart"] for d in draws))
        for chart, t in sorted(last.items(), key=lambda item: item[1]):
            rows[f"afterplot {chart}"].append(t)
        if last:
            rows["last chart drawn"].append(max(last.values()))

    print("last nudge's websocket messages (ms after the key press: kB):")
    print("  " + ", ".join(f"{(t - start) * 1000:.0f}: {n / 1000:.1f}" for t, n in frames))
    print(f"{'event':<40} {'median':>8} {'max':>8} {'n':>3}")
    for name, values in rows.items():
        print(f"{name:<40} {statistics.median(values):>8.0f} {max(values):>8.0f} {len(values):>3}")


def main(slug: str = "Optimisers", label: str | None = None) -> None:
    """Profile GD Lab's page ``slug``, or with ``reference`` the bench's reference app (one slider)."""
    log = Path(tempfile.mkdtemp()) / "streamlit.log"
    reference = slug == "reference"
    script = str(Path(__file__).with_name("reference_app.py")) if reference else "app.py"
    with running_app(log, script=script) as (url, _), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = instrumented_page(browser)  # the bench's log, which look_at reads
        profile(page, url if reference else f"{url}/{slug}", label)
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
