"""What every page does first: page config, our menu, the title and its introduction."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui.nav import sidebar_menu

# A local file: a Material-icon favicon would be fetched from a font server, and
# the app must work offline.
ICON = str(Path(__file__).resolve().parents[1] / "assets" / "gd-lab-icon.png")


def start(title: str, intro: str) -> None:
    """Set up a page: wide layout, the sidebar menu, the title and a short 'what you will see'."""
    st.set_page_config(page_title=f"{title} · GD Lab", page_icon=ICON, layout="wide")
    sidebar_menu()
    st.title(title)
    st.markdown(intro)
