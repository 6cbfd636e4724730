"""What every page does: page config, our menu, presenter mode, the share link, the title;
a row of metrics, and input that cannot be read reported without stopping the page."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import streamlit as st

from ui.nav import sidebar_menu

# A local file: a Material-icon favicon would be fetched from a font server, and
# the app must work offline.
ICON = str(Path(__file__).resolve().parents[1] / "assets" / "gd-lab-icon.png")

PRESENTER_KEY = "presenter"

# Projector-sized text and tables; ui.figures.show scales the charts.
PRESENTER_CSS = """
<style>
html { font-size: 21px; }
[data-testid="stDataFrame"], [data-testid="stTable"] { zoom: 1.3; }
[data-testid="stMetricValue"] { font-size: 2.6rem; }
.katex { font-size: 1.35em; }
</style>
"""


def presenter_mode() -> bool:
    """True when the presenter-mode switch in the menu is on (kept across pages)."""
    return bool(st.session_state.get(PRESENTER_KEY, False))


def share_url() -> str:
    """This page's address with the current (non-default) controls as query parameters."""
    base = st.context.url or ""
    query = urlencode(st.query_params.to_dict(), doseq=True)
    return f"{base}?{query}" if query else base


def start(title: str, intro: str) -> None:
    """Set up a page: wide layout, the menu, presenter mode, the share link, the title and a short
    'what you will see'."""
    st.set_page_config(page_title=f"{title} · GD Lab", page_icon=ICON, layout="wide")
    sidebar_menu()
    with st.sidebar:
        st.toggle(
            "Presenter mode",
            key=PRESENTER_KEY,
            persist_state="session",
            help="Larger text, tables and charts for a projector; stays on across pages.",
        )
        _share_link()
    if presenter_mode():
        st.html(PRESENTER_CSS)
    st.title(title)
    st.markdown(intro)


def _share_link() -> None:
    """A 'copy link to this view' box. Every control is bound to the URL, and the browser sends the
    address with each rerun, so the link is current even though it is drawn before the controls."""
    with st.expander("Share this view", icon=":material/link:"):
        st.caption("Copy this link: it opens the page with the same settings (same numbers, same seeds).")
        st.code(share_url(), language=None, wrap_lines=True)


def metrics_row(*metrics: tuple) -> None:
    """One row of ``st.metric``, a column each; a metric is (label, value) or (label, value, {more arguments})."""
    for column, (label, value, *more) in zip(st.columns(len(metrics)), metrics, strict=True):
        column.metric(label, value, **(more[0] if more else {}))


def read_or_report(parse, text: str, *, fallback, message: str, icon: str | None = None):
    """``parse(text)``; when it raises ValueError, ``st.error(message)`` (its ``{error}`` filled in)
    and ``fallback`` instead, so that the page keeps running."""
    try:
        return parse(text)
    except ValueError as error:
        st.error(message.format(error=error), icon=icon)
        return fallback
