"""AppTest: the home page and every page in the menu run without an exception."""

import re
from pathlib import Path

import pytest
from conftest import open_page

from ui.nav import PAGES


def test_home_page_shows_the_lecture_map():
    at = open_page()
    assert at.title[0].value == "GD Lab"
    assert any(h.value == "The lecture map" for h in at.header)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.label)
def test_every_page_runs(page):
    at = open_page(page.path)
    assert at.title, f"{page.path} shows no title"


def test_every_page_file_is_in_the_menu():
    from pathlib import Path

    files = {f"pages/{path.name}" for path in (Path(__file__).parents[1] / "pages").glob("*.py")}
    assert files == {page.path for page in PAGES}


def test_every_cache_is_bounded():
    """Many students share the server: each cache holds at most max_entries items or ttl seconds."""
    root = Path(__file__).resolve().parents[1]
    decorators = 0
    for path in [
        root / "app.py",
        *root.glob("pages/*.py"),
        *root.glob("topics/**/*.py"),
        *root.glob("ui/*.py"),
    ]:
        for call in re.findall(r"@st\.cache_(?:data|resource)(\([^)]*\))?", path.read_text()):
            decorators += 1
            assert "max_entries" in call or "ttl" in call, f"{path.name}: unbounded cache {call or '()'}"
    assert decorators >= 10  # the pattern still finds the caches
