"""Browser: every page by deep link in Debian's Chromium, against `streamlit run app.py`."""

from pathlib import Path

import pytest
from conftest import SCREENSHOTS
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from ui.nav import PAGES

pytestmark = pytest.mark.browser

DEEP_LINKS = [("", "Home")] + [(Path(page.path).stem.split("_", 1)[1], page.label) for page in PAGES]


@pytest.mark.parametrize(("slug", "label"), DEEP_LINKS, ids=[label for _, label in DEEP_LINKS])
def test_page_by_deep_link(visit, slug, label):
    page = visit(f"/{slug}")
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
