"""First loads of the same pages from two checkouts of GD Lab, interleaved in one run.

Run with `python bench/ab_first_load.py OTHER [Page_slug ...] [--cold] [--rounds N]` from the
repository root, where OTHER is another checkout (e.g. `git worktree add /tmp/before <commit>`,
with this checkout's `.venv` linked into it). It serves both with the same Python, warms each
server on every page, then loads each page from the other checkout and from this one in turn
(the order swapped every round), each load in a fresh browser context (`--cold`: a fresh browser,
without the compiled code Chromium keeps in memory), timed as `bench_browser.py` times a first
load: navigation to the script finished and every chart drawn. It prints the medians and this
checkout's ratio to the other's: a change's effect, with the machine's noise the same for both.
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
from bench.bench_browser import first_load  # noqa: E402

PAGES = ["Dense_layers", "Gradient_descent", "Loss_and_derivatives", "Claim_frequency", "Optimisers"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path, help="the other checkout (its root folder)")
    parser.add_argument("pages", nargs="*", default=PAGES, help="page slugs (default: five chart pages)")
    parser.add_argument("--cold", action="store_true", help="a fresh browser for every load")
    parser.add_argument("--rounds", type=int, default=5, help="loads of each page from each checkout")
    args = parser.parse_args()
    roots = {"other": args.other.resolve(), "this": ROOT}
    times: dict[tuple[str, str], list[float]] = {}
    with contextlib.ExitStack() as stack, sync_playwright() as playwright:
        urls = {
            name: stack.enter_context(running_app(Path(tempfile.mkdtemp()) / "streamlit.log", root=root))[0]
            for name, root in roots.items()
        }
        launch = {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
        browser = playwright.chromium.launch(**launch)
        for url in urls.values():  # imports and caches warm on both servers
            for slug in args.pages:
                first_load(browser, f"{url}/{slug}")
        for round_ in range(args.rounds):
            for slug in args.pages:
                for name, url in sorted(urls.items(), reverse=round_ % 2 == 1):
                    if args.cold:
                        with contextlib.closing(playwright.chromium.launch(**launch)) as fresh:
                            ms = first_load(fresh, f"{url}/{slug}")
                    else:
                        ms = first_load(browser, f"{url}/{slug}")
                    times.setdefault((slug, name), []).append(ms)
        browser.close()
    print(
        f"first loads, medians of {args.rounds} ({'a fresh browser each' if args.cold else 'one browser'}):"
    )
    print(f"{'page':<22} {'other ms':>9} {'this ms':>8} {'this / other':>13}")
    for slug in args.pages:
        other, this = (statistics.median(times[(slug, name)]) for name in ("other", "this"))
        print(f"{slug:<22} {other:>9,.0f} {this:>8,.0f} {this / other:>12.2f}x")


if __name__ == "__main__":
    main()
