"""Browser latency, side by side with a minimal reference app, in Debian's Chromium, in one run.

Run with `python bench/bench_browser.py [slug ...] [--repeats N] [--loads N] [--json PATH]
[--slider LABEL] [--parts loads,nudges,scrub]` from the repository root (default: Home and every
page of `ui.nav.PAGES`, 7 nudges per slider, 3 first loads per page, all three parts: about 8
minutes on the shared 2-core machine). It starts `streamlit run app.py` and, on another
port, `streamlit run bench/reference_app.py` (one slider, one small Plotly chart), then measures:

- loads: the first load of each page, in a fresh browser context, from navigation to the script
  finished and every chart drawn; the reference is loaded before every page (interleaved);
- nudges: for each headline slider (HEADLINE), the page scrolled to the first chart it changes
  (`look_at`: GD Lab draws only the charts near the screen), the time from a keyboard nudge to the
  last chart redrawn (to the script finished if nothing is redrawn); each nudge of a page is
  followed by a nudge of the reference's slider, so that both see the same noise;
- scrub: every Plotly slider (client-side scrubber over frames) on a page, dragged through
  SCRUB_STEPS frames: the time from each mouse move to the frame drawn, and the number of
  websocket messages the page sends to the server while scrubbing (must be 0).

It prints medians and each one's ratio to the reference's median (targets of issue 15: first
load <= 1.3x, nudge <= 1.5x, scrubber frame <= 100 ms with 0 server messages). The machine is
shared and noisy: read the ratios, not the absolute times. `--json PATH` writes the results.

"Drawn": every chart element (GD Lab's, `ui/chart.js`, or the reference's `st.plotly_chart`) holds
a `.js-plotly-plot` with its `_fullLayout` and SVG or, GD Lab's, waits to be scrolled near (a
screen or more away from the screen: `data-waiting`), the script is not running, and no
chart has been drawn (`plotly_afterplot`), no script run has ended and no websocket message has
come from the server for QUIET_MS; the time reported is that of the last such event, taken with
`performance.now()` in the page itself (so the bench's own polling is not counted).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._app import CHROMIUM, CHROMIUM_ARGS, running_app, wait_for_script  # noqa: E402
from topics import make_a_guess  # noqa: E402
from topics.loss_and_derivatives import controls as loss_controls  # noqa: E402
from ui.nav import PAGES  # noqa: E402

REPEATS = 7  # nudges per slider
LOADS = 3  # first loads per page (each after one of the reference): the slow part of a run
QUIET_MS = 300  # no chart drawn and no script run ended for this long: the page is done
SCRUB_STEPS = 12  # frame changes per scrubber
VIEWPORT = {"width": 1400, "height": 1000}
TARGETS = {"load": 1.3, "nudge": 1.5, "frame_ms": 100}
HOME = "Home"  # the home page's key here; its URL is the app's root
REFERENCE = "bench/reference_app.py"
REFERENCE_SLIDER = "a"

# Headline controls: the first slider of each section of a page, by its label (aria-label, exact,
# trailing spaces included: some labels carry them to stay distinct from another section's).
# From the topics' label constants where they exist, else as written in the topic's controls.
HEADLINE: dict[str, tuple[str, ...]] = {
    HOME: (),
    "Dense_layers": ("w₁",),  # topics/dense_layers.py sidebar
    "Make_a_guess": (make_a_guess.ETA_LABEL,),
    "Gradient_descent": ("Number of points n", "Start x₀", "Mini-batch size m "),  # its controls.py
    "Learning_rates": ("Learning rate η", "Epochs", "Initial η (and the constant rate)", "Target x"),
    "Optimisers": ("steps", "step k"),  # topics/optimisers/controls.py: the sidebar, "Inside an optimiser"
    "Non_zero_derivatives": ("Fixed w₂", "Fixed logit z₂", "Units k in Dense(k, relu)"),
    "Loss_and_derivatives": (loss_controls.BGD_K_LABEL,),  # the BGD tables (n: synthetic data only)
    "Train_a_network": ("Noise (standard deviation)", "Epochs"),  # the data, the training
    "Claim_frequency": ("Policies", "Epochs (full batch)", "patience"),  # portfolio, scaling, stopping
    "Exercises": ("Number of exercises",),  # the printable sheet
    "Glossary": (),
}

# Installed in every page before its own scripts: a log of timed events (performance.now(), ms
# since navigation): 'draw' (a chart drawn, or seen already drawn), 'animated' (a frame of a
# chart's animation applied, then 'frame' at the next animation frame), 'script' (a script run
# ended, as the app shows it), 'message' (a websocket message from the server: the last one of a
# rerun is its end, also when the run was too quick for the app to show it running), 'input' (a
# key pressed or the mouse moved: the start of a measured change).
INSTRUMENT = """(() => {
    const log = window.__bench = [];
    const note = (what, chart) => log.push({what, chart, t: performance.now()});
    window.WebSocket = class extends window.WebSocket {
        constructor(...args) {
            super(...args);
            this.addEventListener('message', () => note('message'));
        }
    };
    const hook = p => {
        if (p.__benchChart || !p.on) return;
        const chart = p.__benchChart = (window.__benchCharts = (window.__benchCharts || 0) + 1);
        p.on('plotly_afterplot', () => note('draw', chart));
        p.on('plotly_animated', () => { note('animated'); requestAnimationFrame(() => note('frame')); });
        if (p._fullLayout) note('draw', chart);
    };
    new MutationObserver(records => {
        document.querySelectorAll('.js-plotly-plot').forEach(hook);
        if (records.some(r => r.attributeName === 'data-test-script-state' && r.oldValue === 'running'))
            note('script');
    }).observe(document, {subtree: true, childList: true, attributes: true, attributeOldValue: true,
                          attributeFilter: ['class', 'data-test-script-state']});
    document.addEventListener('keydown', () => note('input'), true);
    document.addEventListener('mousemove', () => note('input'), true);
})()"""

DONE = "['draw', 'script', 'message']"  # the events that end a change
# A chart element: GD Lab's (ui/chart.js, a Streamlit component) or the reference's st.plotly_chart.
# Its plot appears only once plotly.js has loaded and drawn it, so the bench counts the elements.
CHARTS = json.dumps('[data-testid="stPlotlyChart"], .stBidiComponent')

# A chart element drawn, or waiting to be scrolled near (ui/chart.js: `data-waiting`).
DRAWN_OR_WAITING = """c => {
    const p = c.querySelector('.js-plotly-plot');
    return (p && p._fullLayout && p.querySelector('.main-svg')) || c.querySelector('[data-waiting]');
}"""

# Every chart drawn or waiting, the server answered after `since`, the script is not running and
# nothing happened for `quiet` ms.
SETTLED = f"""([since, quiet]) => {{
    const drawnOrWaiting = {DRAWN_OR_WAITING};
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.dataset.testScriptState !== 'notRunning') return false;
    const log = window.__bench.filter(e => e.t >= since && {DONE}.includes(e.what));
    if (!log.some(e => e.what !== 'draw')) return false;
    if (![...document.querySelectorAll({CHARTS})].every(drawnOrWaiting)) return false;
    return performance.now() - log.at(-1).t > quiet;
}}"""

# Since `since`: [ms to the last chart drawn or the end of the script run, charts drawn (each
# chart element counted once, however many times Plotly drew it)].
SINCE = f"""(since) => {{
    const log = window.__bench.filter(e => e.t >= since && {DONE}.includes(e.what));
    return [log.at(-1).t - since, new Set(log.filter(e => e.what === 'draw').map(e => e.chart)).size];
}}"""

# What the page is waiting for, when it does not settle.
STATE = f"""(since) => ({{
    script: document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState,
    log: window.__bench.filter(e => e.t >= since - 1000).map(e => `${{e.what}}@${{Math.round(e.t - since)}}`),
    undrawn: [...document.querySelectorAll({CHARTS})].filter(c => !({DRAWN_OR_WAITING})(c)).length,
}})"""

LAST_INPUT = "() => window.__bench.filter(e => e.what === 'input').at(-1).t"

# Each Plotly slider on the page: [chart index, slider index, its frames' tick centres (x, y)].
PLOTLY_SLIDERS = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap((p, i) =>
    [...p.querySelectorAll('.slider-container')].map((s, j) =>
        [i, j, [...s.querySelectorAll('.slider-tick-rect')].map(r => {
            const b = r.getBoundingClientRect();
            return [b.x + b.width / 2, b.y + b.height / 2];
        })]))"""

ACTIVE = """([i, j]) => document.querySelectorAll('.js-plotly-plot')[i]._fullLayout.sliders[j].active"""


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def settle(page, since: float, timeout: float = 60_000) -> tuple[float, int]:
    """Wait until the page is done after `since` (page time, ms); (ms to the last event, draws)."""
    try:
        page.wait_for_function(SETTLED, arg=[since, QUIET_MS], timeout=timeout, polling=50)
    except PlaywrightTimeout:
        state = page.evaluate(STATE, since)
        raise RuntimeError(f"{page.url} did not settle within {timeout / 1000:.0f} s: {state}") from None
    return tuple(page.evaluate(SINCE, since))


def instrumented_page(browser):
    """A new page in a fresh browser context of the bench's window, with the bench's log (INSTRUMENT)."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(INSTRUMENT)
    return context.new_page()


def first_load(browser, url: str) -> float:
    """ms from navigation to the script finished and every chart drawn, in a fresh context."""
    page = instrumented_page(browser)
    try:
        page.goto(url)
        wait_for_script(page)
        return settle(page, 0)[0]
    finally:
        page.context.close()


def slider(page, label: str):
    return page.locator(f'[data-testid="stSlider"] input[type="range"][aria-label="{label}"]')


def nudge(page, label: str, i: int) -> tuple[float, int]:
    """Move the slider one step (right, then left, ...): ms to the last redraw, charts redrawn."""
    control = slider(page, label)
    control.focus()
    control.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
    return settle(page, page.evaluate(LAST_INPUT), timeout=30_000)


# Mark the top one of the charts drawn since `since` (by the bench's numbers, INSTRUMENT).
MARK_FIRST_DRAWN = """(since) => {
    const drawn = new Set(window.__bench.filter(e => e.t >= since && e.what === 'draw').map(e => e.chart));
    const plots = [...document.querySelectorAll('.js-plotly-plot')].filter(p => drawn.has(p.__benchChart));
    plots.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
    document.querySelectorAll('[data-bench-look]').forEach(p => delete p.dataset.benchLook);
    if (plots.length) plots[0].dataset.benchLook = '';
    return plots.length;
}"""
LOOK = "() => document.querySelector('[data-bench-look]')?.scrollIntoView({block: 'center'})"


def look_at(page, label: str) -> None:
    """Scroll the page to the first chart a nudge of the slider `label` redraws, as a student looks at
    what they change: GD Lab draws only the charts near the screen (ui/chart.js). The charts are found
    with every chart near (a window 20,000 px tall) and two nudges (right, left: the value is back)."""
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": 20_000})
    settle(page, 0)
    since = page.evaluate("() => performance.now()")
    nudge(page, label, 0)
    nudge(page, label, 1)
    page.evaluate(MARK_FIRST_DRAWN, since)
    page.set_viewport_size(size)
    page.evaluate(LOOK)
    settle(page, 0)


def open_page(browser, url: str, sent: list | None = None):
    """A page at `url`, loaded and settled; websocket messages it sends are appended to `sent`."""
    page = instrumented_page(browser)
    if sent is not None:
        page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(len(payload))))
    page.goto(url)
    wait_for_script(page)
    settle(page, 0)
    return page


def scrub(page, sent: list) -> list[dict]:
    """Drag each Plotly slider on the page through SCRUB_STEPS frames; per slider: ms per frame
    change (mouse move to the frame drawn), frames that did change, messages sent to the server."""
    results = []
    for n, (chart, index, _) in enumerate(page.evaluate(PLOTLY_SLIDERS)):
        page.locator(".js-plotly-plot").nth(chart).scroll_into_view_if_needed()
        ticks = page.evaluate(PLOTLY_SLIDERS)[n][2]  # where they are once scrolled into view
        wanted = sorted({round(k * (len(ticks) - 1) / SCRUB_STEPS) for k in range(SCRUB_STEPS + 1)})
        times, changed = [], 0
        sent.clear()
        page.mouse.move(*ticks[wanted[0]])
        page.mouse.down()
        for k in wanted[1:]:
            page.mouse.move(*ticks[k])
            since = page.evaluate(LAST_INPUT)
            page.wait_for_function(
                "(since) => window.__bench.some(e => e.what === 'frame' && e.t >= since)", arg=since
            )
            page.wait_for_timeout(50)  # a late second draw of the same frame
            times.append(
                page.evaluate(
                    """(since) => Math.max(...window.__bench.filter(e => e.t >= since
                        && (e.what === 'frame' || e.what === 'draw')).map(e => e.t)) - since""",
                    since,
                )
            )
            changed += page.evaluate(ACTIVE, [chart, index]) == k
        page.mouse.up()
        page.wait_for_timeout(500)  # anything the release would send
        results.append(
            {
                "chart": chart,
                "frames": len(ticks),
                "changes": len(times),
                "landed": changed,
                "frame_ms": median(times),
                "max_ms": max(times) if times else None,
                "sent": len(sent),
            }
        )
    return results


def measure_loads(browser, urls: dict[str, str], ref_url: str, rounds: int) -> tuple[dict, list]:
    """First loads: `rounds` times each page, each one just after a load of the reference."""
    loads: dict[str, list[float]] = {slug: [] for slug in urls}
    reference: list[float] = []
    for _ in range(rounds):
        for slug, url in urls.items():
            reference.append(first_load(browser, ref_url))
            loads[slug].append(first_load(browser, url))
    return loads, reference


def measure_nudges(page, labels: tuple[str, ...], reference, ref_times: list, repeats: int) -> dict:
    """Per headline slider (label): [(ms, charts drawn)] of `repeats` nudges, each followed by a
    nudge of the reference's slider (its ms appended to `ref_times`). A missing label stops the run:
    a renamed slider must not silently drop out of the table."""
    nudges: dict[str, list[tuple[float, int]]] = {}
    for label in labels:
        if not slider(page, label).count():
            raise SystemExit(f"no slider labelled {label!r} on {page.url}: update HEADLINE")
        nudges[label] = []
        look_at(page, label)
        for i in range(repeats):
            nudges[label].append(nudge(page, label, i))
            ref_times.append(nudge(reference, REFERENCE_SLIDER, i)[0])
    return nudges


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("slugs", nargs="*", help="pages to measure (default: all; the home page is Home)")
    parser.add_argument("--repeats", type=int, default=REPEATS, help=f"nudges per slider (default {REPEATS})")
    parser.add_argument("--loads", type=int, default=LOADS, help=f"first loads per page (default {LOADS})")
    parser.add_argument("--slider", help="move this slider (its label) instead of the headline ones")
    parser.add_argument("--parts", default="loads,nudges,scrub", help="comma-separated: loads,nudges,scrub")
    parser.add_argument("--json", type=Path, help="write the results to this file")
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    names = {HOME: "Home"} | {page.slug: page.label for page in PAGES}
    slugs = [slug for slug in names if not args.slugs or slug in args.slugs]
    labels = {slug: (args.slider,) if args.slider else HEADLINE.get(slug, ()) for slug in slugs}

    started = time.monotonic()
    logs = Path(tempfile.mkdtemp())
    loads, ref_loads, nudges, ref_nudges, scrubbers = {}, [], {}, [], {}
    with (
        running_app(logs / "app.log") as (app_url, _),
        running_app(logs / "reference.log", script=REFERENCE) as (ref_url, _),
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        urls = {slug: f"{app_url}/" if slug == HOME else f"{app_url}/{slug}" for slug in slugs}
        first_load(browser, ref_url), first_load(browser, urls[slugs[0]])  # warm both servers up
        if "loads" in parts:
            loads, ref_loads = measure_loads(browser, urls, ref_url, args.loads)
        reference = open_page(browser, ref_url)
        for slug in slugs:
            if "scrub" not in parts and not ("nudges" in parts and labels[slug]):
                continue
            sent: list[int] = []
            page = open_page(browser, urls[slug], sent)
            if "nudges" in parts:
                nudges[slug] = measure_nudges(page, labels[slug], reference, ref_nudges, args.repeats)
            if "scrub" in parts:
                scrubbers[names[slug]] = scrub(page, sent)
            page.context.close()
        browser.close()

    ref = {"load_ms": median(ref_loads), "loads": len(ref_loads)}
    ref |= {"nudge_ms": median(ref_nudges), "nudges": len(ref_nudges)}
    rows = []
    for slug in slugs:
        for n, (label, samples) in enumerate((nudges.get(slug) or {None: []}).items()):
            rows.append(
                {
                    "page": names[slug],
                    "control": label,
                    "load_ms": median(loads.get(slug, [])) if n == 0 else None,
                    "nudge_ms": median([ms for ms, _ in samples]),
                    "charts": median([charts for _, charts in samples]),
                    "missing": label is not None and not samples,
                }
            )
    print_table(ref, rows, scrubbers, args)
    print(f"(whole run: {time.monotonic() - started:.0f} s)")
    if args.json:
        results = {"repeats": args.repeats, "loads": args.loads, "targets": TARGETS, "reference": ref}
        results |= {"pages": rows, "scrubbers": scrubbers}
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


def ratio(value: float | None, reference: float | None) -> str:
    return f"{value / reference:.2f}x" if value is not None and reference else "-"


def ms(value: float | None) -> str:
    return f"{value:,.0f}" if value is not None else "-"


def print_table(ref: dict, rows: list[dict], scrubbers: dict[str, list[dict]], args) -> None:
    print(
        f"Reference app ({REFERENCE}): first load {ms(ref['load_ms'])} ms (median of {ref['loads']}), "
        f"nudge -> redrawn {ms(ref['nudge_ms'])} ms (median of {ref['nudges']}), interleaved with the pages"
    )
    print(
        f"Pages: medians of {args.loads} first loads and {args.repeats} nudges; x ref = ratio to the "
        f"reference (targets: first load <= {TARGETS['load']}x, nudge <= {TARGETS['nudge']}x)"
    )
    print(
        f"{'page':<21} {'control':<34} {'first load ms':>13} {'x ref':>6} "
        f"{'nudge->redrawn ms':>17} {'x ref':>6} {'charts drawn':>12}"
    )
    for row in rows:
        control = "(label not found)" if row["missing"] else (row["control"] or "-").strip()
        print(
            f"{row['page']:<21} {control:<34} {ms(row['load_ms']):>13} {ratio(row['load_ms'], ref['load_ms']):>6} "
            f"{ms(row['nudge_ms']):>17} {ratio(row['nudge_ms'], ref['nudge_ms']):>6} {ms(row['charts']):>12}"
        )
    found = [(page, slider) for page, sliders in scrubbers.items() for slider in sliders]
    if found:
        print(
            f"\nScrubbers: Plotly sliders dragged through {SCRUB_STEPS} frame changes "
            f"(targets: median <= {TARGETS['frame_ms']} ms per frame, 0 messages sent to the server)"
        )
        print(
            f"{'page':<21} {'chart':>5} {'frames':>6} {'landed':>7} {'median ms':>9} {'max ms':>7} {'sent':>5}"
        )
        for page, found_slider in found:
            landed = f"{found_slider['landed']}/{found_slider['changes']}"
            print(
                f"{page:<21} {found_slider['chart']:>5} {found_slider['frames']:>6} {landed:>7} "
                f"{ms(found_slider['frame_ms']):>9} {ms(found_slider['max_ms']):>7} {found_slider['sent']:>5}"
            )


if __name__ == "__main__":
    main()
