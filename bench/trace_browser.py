"""Where a slider nudge's time goes on the browser's main thread: Chromium's performance trace.

Run with `python bench/trace_browser.py [Page_slug] [slider label] [nudges]` from the repository root
(default: the Optimisers page's `steps`, 6 nudges; `reference` for the bench's reference app and its
slider). It starts `streamlit run app.py`, scrolls to the first chart the slider changes (as
bench_browser.py does), nudges the slider with the keyboard (right, left, ...) while Chromium
records its trace (the DevTools timeline), and prints, per nudge, the main thread's
busy time and its self time by trace event: script (`FunctionCall`, `RunMicrotasks`, `RunTask`:
JavaScript and the tasks it runs in), style (`UpdateLayoutTree`), `Layout`, painting and compositing (`Paint`,
`PrePaint`, `Layerize`, `Commit`), garbage collection (`V8.GC_*`). Which script: `profile_browser.py`
times each chart's redraw; a CPU profile names the functions.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._app import CHROMIUM, CHROMIUM_ARGS, running_app, wait_for_script  # noqa: E402
from bench.bench_browser import look_at, open_page  # noqa: E402

CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute"]


def nudge(page, slider, i: int) -> None:
    slider.focus()
    slider.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
    page.wait_for_timeout(300)
    wait_for_script(page)
    page.wait_for_timeout(1200)  # late redraws


def trace(page, slider, nudges: int) -> list[dict]:
    """The trace events of `nudges` nudges (after two untraced ones: caches and code warm)."""
    for i in range(2):
        nudge(page, slider, i)
    cdp = page.context.new_cdp_session(page)
    events, done = [], []
    cdp.on("Tracing.dataCollected", lambda message: events.extend(message["value"]))
    cdp.on("Tracing.tracingComplete", lambda _: done.append(True))
    cdp.send(
        "Tracing.start", {"traceConfig": {"includedCategories": CATEGORIES}, "transferMode": "ReportEvents"}
    )
    for i in range(nudges):
        nudge(page, slider, i)
    cdp.send("Tracing.end")
    while not done:
        page.wait_for_timeout(100)
    return events


def self_times(events: list[dict]) -> tuple[float, Counter]:
    """The main thread's busy time (µs) and each event name's self time (µs: its time minus its
    children's). The main thread is the one that ran style recalculations."""
    main = Counter(e["tid"] for e in events if e.get("name") == "UpdateLayoutTree").most_common(1)[0][0]
    timed = [e for e in events if e.get("tid") == main and e.get("ph") == "X" and "dur" in e]
    timed.sort(key=lambda e: (e["ts"], -e["dur"]))
    own, open_events, busy, busy_until = Counter(), [], 0.0, 0.0
    for event in timed:
        while open_events and open_events[-1]["ts"] + open_events[-1]["dur"] <= event["ts"]:
            open_events.pop()
        if open_events:
            own[open_events[-1]["name"]] -= event["dur"]
        else:
            busy += max(0.0, event["ts"] + event["dur"] - max(event["ts"], busy_until))
            busy_until = max(busy_until, event["ts"] + event["dur"])
        own[event["name"]] += event["dur"]
        open_events.append(event)
    return busy, own


def main(slug: str = "Optimisers", label: str = "steps", nudges: str = "6") -> None:
    reference = slug == "reference"
    script = str(Path(__file__).with_name("reference_app.py")) if reference else "app.py"
    with (
        running_app(Path(tempfile.mkdtemp()) / "streamlit.log", script=script) as (url, _),
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = open_page(browser, url if reference else f"{url}/{slug}")  # with the bench's log
        page.wait_for_timeout(2000)
        if not reference:
            look_at(page, label)  # as the bench: scrolled to the first chart the slider changes
        sliders = page.locator('[data-testid="stSlider"] input[type="range"]')
        slider = sliders.first if reference else sliders.and_(page.locator(f'[aria-label="{label}"]'))
        events = trace(page, slider, int(nudges))
        browser.close()
    busy, own = self_times(events)
    n = int(nudges)
    print(
        f"{slug}, {label if not reference else 'its slider'}: main thread busy {busy / 1000 / n:.0f} ms a nudge"
    )
    print(f"{'self time, ms a nudge':<44} {'ms':>6}")
    for name, us in own.most_common(15):
        print(f"{name:<44} {us / 1000 / n:>6.1f}")


if __name__ == "__main__":
    main(*sys.argv[1:])
