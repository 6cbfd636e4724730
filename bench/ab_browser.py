"""First loads and nudges of the same pages from two checkouts of GD Lab, interleaved in one run.

Run with `python bench/ab_browser.py OTHER [Page_slug ...] [--cold] [--rounds N] [--nudges]` from
the repository root, where OTHER is another checkout (e.g. `git worktree add /tmp/before <commit>`,
with this checkout's `.venv` linked into it). It serves both with the same Python, warms each
server on every page, then loads each page from the other checkout and from this one in turn
(the order swapped every round), each load in a fresh browser context (`--cold`: a fresh browser,
without the compiled code Chromium keeps in memory), timed as `bench_browser.py` times a first
load: navigation to the script finished and every chart drawn. With `--nudges`, each page is then
open from both checkouts at once and each of its headline sliders (`bench_browser.HEADLINE`) is
nudged on one and then the other (right, then left, ...; which one goes first swapped every two
nudges), timed as `bench_browser.py` times a nudge. It prints the medians and this checkout's ratio to the other's: a change's effect, with
the machine's noise the same for both (two whole bench runs one after the other are not: the
second of two runs was the faster by up to 10-20 % on this machine, whatever code it ran).
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._app import CHROMIUM, CHROMIUM_ARGS, running_app  # noqa: E402
from bench.bench_browser import HEADLINE, first_load, look_at, nudge, open_page  # noqa: E402

PAGES = ["Dense_layers", "Gradient_descent", "Loss_and_derivatives", "Claim_frequency", "Optimisers"]
NAMES = ("other", "this")


def loads(playwright, browser, urls: dict, pages: list[str], rounds: int, cold: bool) -> dict:
    """{(slug, checkout): [ms]}: first loads, each page from each checkout in turn."""
    launch = {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
    times: dict[tuple[str, str], list[float]] = {}
    for round_ in range(rounds):
        for slug in pages:
            for name in sorted(NAMES, reverse=round_ % 2 == 1):
                if cold:
                    with contextlib.closing(playwright.chromium.launch(**launch)) as fresh:
                        ms = first_load(fresh, f"{urls[name]}/{slug}")
                else:
                    ms = first_load(browser, f"{urls[name]}/{slug}")
                times.setdefault((slug, name), []).append(ms)
    return times


def nudges(browser, urls: dict, pages: list[str], repeats: int) -> dict:
    """{(slug + slider, checkout): [ms]}: each headline slider nudged on both checkouts in turn."""
    times: dict[tuple[str, str], list[float]] = {}
    for slug in pages:
        opened = {name: open_page(browser, f"{urls[name]}/{slug}") for name in NAMES}
        for label in HEADLINE.get(slug, ()):
            for page in opened.values():
                look_at(page, label)
            for i in range(repeats):  # right, left, right, ...; the first checkout swapped every two
                for name in sorted(NAMES, reverse=(i // 2) % 2 == 1):
                    times.setdefault((f"{slug}: {label.strip()}", name), []).append(
                        nudge(opened[name], label, i)[0]
                    )
        for page in opened.values():
            page.context.close()
    return times


def report(title: str, times: dict) -> None:
    print(title)
    print(f"{'page':<52} {'other ms':>9} {'this ms':>8} {'this / other':>13}")
    for row in dict.fromkeys(key for key, _ in times):
        other, this = (statistics.median(times[(row, name)]) for name in NAMES)
        print(f"{row:<52} {other:>9,.0f} {this:>8,.0f} {this / other:>12.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path, help="the other checkout (its root folder)")
    parser.add_argument("pages", nargs="*", default=PAGES, help="page slugs (default: five chart pages)")
    parser.add_argument("--cold", action="store_true", help="a fresh browser for every load")
    parser.add_argument("--rounds", type=int, default=5, help="loads of each page from each checkout")
    parser.add_argument("--nudges", action="store_true", help="also nudge each page's headline sliders")
    parser.add_argument("--repeats", type=int, default=7, help="nudges of each slider on each checkout")
    args = parser.parse_args()
    roots = dict(zip(NAMES, (args.other.resolve(), ROOT), strict=True))
    with contextlib.ExitStack() as stack, sync_playwright() as playwright:
        urls = {
            name: stack.enter_context(running_app(Path(tempfile.mkdtemp()) / "streamlit.log", root=root))[0]
            for name, root in roots.items()
        }
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for url in urls.values():  # imports and caches warm on both servers
            for slug in args.pages:
                first_load(browser, f"{url}/{slug}")
        load_times = loads(playwright, browser, urls, args.pages, args.rounds, args.cold)
        nudge_times = nudges(browser, urls, args.pages, args.repeats) if args.nudges else {}
        browser.close()
    kind = "a fresh browser each" if args.cold else "one browser"
    report(f"first loads, medians of {args.rounds} ({kind}):", load_times)
    if nudge_times:
        report(f"\nnudges to the last chart redrawn, medians of {args.repeats}:", nudge_times)


if __name__ == "__main__":
    main()
