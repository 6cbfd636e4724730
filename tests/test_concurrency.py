"""Many students at once: 20 browser sessions on different pages move controls together.

No session errors, the server's memory stays flat across rounds (caches are bounded: tests/test_pages.py checks each one),
and each student's state stays their own (see also the guessing-game isolation tests).
"""

import re
import time
from pathlib import Path

import pytest
from conftest import SERVER, wait_for_script

from ui.nav import PAGES

pytestmark = pytest.mark.browser

STUDENTS = 20
ROUNDS = 3


def slug(page) -> str:
    return Path(page.path).stem.split("_", 1)[1]


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def move_a_control(page) -> None:
    """Nudge the page's first slider with the keyboard, as a student would."""
    slider = page.locator('[data-testid="stSlider"] input[type="range"]').first
    if slider.count():
        slider.focus()
        slider.press("ArrowRight")


def test_twenty_students_at_once(browser, app_url):
    contexts = [browser.new_context(viewport={"width": 1200, "height": 900}) for _ in range(STUDENTS)]
    try:
        pages = []
        for i, context in enumerate(contexts):
            page = context.new_page()
            errors = []
            page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
            page.goto(f"{app_url}/{slug(PAGES[i % len(PAGES)])}", wait_until="commit")
            pages.append((page, errors))
        for page, _ in pages:
            wait_for_script(page, timeout=240_000)
        memory = [rss_mb(SERVER["process"].pid)]
        slowest = 0.0
        for _ in range(ROUNDS):
            start = time.perf_counter()
            for page, _ in pages:
                move_a_control(page)
            for page, _ in pages:
                wait_for_script(page, timeout=240_000)
            slowest = max(slowest, time.perf_counter() - start)
            memory.append(rss_mb(SERVER["process"].pid))
        for page, errors in pages:
            assert page.locator('[data-testid="stException"]').count() == 0, page.url
            assert not errors, errors
        connected = sum(
            page.locator('[data-testid="stApp"][data-test-connection-state="CONNECTED"]').count()
            for page, _ in pages
        )
        assert connected == STUDENTS
        print(
            f"\n{STUDENTS} sessions held; slowest round of {STUDENTS} reruns {slowest:.2f} s; RSS MB {memory}"
        )
        # Bounded: every round moves controls to new values, so the bounded caches of eleven pages
        # (the network's runs, the portfolio) still fill; a leak would grow without bound.
        assert memory[-1] - memory[1] < 150, memory
    finally:
        for context in contexts:
            context.close()
