"""AppTest: the home page and every page in the menu run without an exception, draw valid
charts and offer a share link."""

import pytest
from conftest import charts, open_page

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


SHARE = "Share this view"
CHARTLESS = {"Glossary", "Exercises"}  # pages that draw no chart


@pytest.mark.parametrize("path", ["app.py"] + [page.path for page in PAGES])
def test_every_page_has_a_share_link(path):
    at = open_page(None if path == "app.py" else path)
    boxes = [e for e in at.sidebar.get("expander") if e.proto.label == SHARE]
    assert len(boxes) == 1, f"{path}: no '{SHARE}' box in the sidebar"
    links = [e for e in boxes[0].get("html") if 'class="gd-share-link"' in e.proto.body]
    assert len(links) == 1, f"{path}: the share box holds no link"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.label)
def test_every_chart_validates_at_the_defaults(page):
    """charts() builds a plotly.graph_objects.Figure from each chart's spec, which validates it."""
    at = open_page(page.path)
    figures = charts(at)
    assert bool(figures) == (page.slug not in CHARTLESS), f"{page.label}: {len(figures)} charts"


def _a_section_cut_short():
    import streamlit as st

    from ui import page

    st.session_state[page.HERE_KEY] = "pages/9_Somewhere.py"

    @page.section
    def cut_short():
        raise RuntimeError("the student's next click stops the run here")

    cut_short()


def test_a_section_records_the_view_before_it_draws():
    """A section's run cut short (the student moves a slider, then clicks the menu at once) still
    leaves the view it was started with, for Back and the menu."""
    from streamlit.testing.v1 import AppTest

    from ui import page

    at = AppTest.from_function(_a_section_cut_short)
    at.query_params["bgd_k"] = "4"
    at.run()
    assert at.exception, "the section's run was not cut short"
    assert at.session_state[page.VIEWS_KEY] == {"pages/9_Somewhere.py": {"bgd_k": "4"}}
