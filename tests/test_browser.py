"""Browser: every page by deep link in Debian's Chromium, against `streamlit run app.py`."""

from pathlib import Path

import pytest
from conftest import SCREENSHOTS, wait_for_script
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from ui.nav import PAGES

pytestmark = pytest.mark.browser

DEEP_LINKS = [("", "Home")] + [(Path(page.path).stem.split("_", 1)[1], page.label) for page in PAGES]


@pytest.mark.parametrize(("slug", "label"), DEEP_LINKS, ids=[label for _, label in DEEP_LINKS])
def test_page_by_deep_link(context, app_url, slug, label):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{app_url}/{slug}")
    wait_for_script(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{slug or 'home'}.png"), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0
    menu = page.locator('[data-testid="stSidebar"]')
    for expected in ["Home", *(p.label for p in PAGES)]:
        # A widget (page links included) is drawn once its code has loaded, which on a busy
        # machine can be seconds after the script has finished: wait for it, do not poll once.
        try:
            menu.get_by_text(expected, exact=True).first.wait_for(timeout=30_000)
        except PlaywrightTimeoutError:
            pytest.fail(f"menu lacks {expected!r}")
    assert page.locator("h1").first.is_visible()
    assert not errors, errors
    assert context.outside_requests == [], context.outside_requests
