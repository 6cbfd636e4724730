"""The one list of pages, which drives both the sidebar menu and the home page's lecture map.

A new page appears everywhere by adding one ``Page`` entry to ``PAGES``.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

HOME = "app.py"

SECTIONS = ("Dense layers in matrices", "Optimisation", "Loss and derivatives", "Reference")


@dataclass(frozen=True)
class Page:
    path: str
    label: str
    icon: str
    section: str
    blurb: str


PAGES: list[Page] = [
    Page(
        "pages/5_Optimisers.py",
        "Optimisers",
        ":material/rocket_launch:",
        "Optimisation",
        "Momentum, Nesterov, AdaGrad, RMSprop and Adam race on loss surfaces; look inside each step.",
    ),
    Page(
        "pages/8_Glossary.py",
        "Glossary",
        ":material/menu_book:",
        "Reference",
        "The lecture's terms and the app's, in plain words, each linked to the page that shows it.",
    ),
]


def sidebar_menu() -> None:
    """Draw our menu in the sidebar: Home, then the pages grouped by lecture section."""
    with st.sidebar:
        st.page_link(HOME, label="Home", icon=":material/home:")
        for section in SECTIONS:
            pages = [page for page in PAGES if page.section == section]
            if pages:
                st.caption(section.upper())
                for page in pages:
                    st.page_link(page.path, label=page.label, icon=page.icon)


def lecture_map() -> None:
    """The home page's map: each section with a link and one line per page."""
    for number, section in enumerate(SECTIONS, start=1):
        pages = [page for page in PAGES if page.section == section]
        if not pages:
            continue
        st.subheader(f"{number}. {section}" if section != "Reference" else section)
        for page in pages:
            st.page_link(page.path, label=page.label, icon=page.icon)
            st.caption(page.blurb)
