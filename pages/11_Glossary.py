"""Glossary: the lecture's terms and the app's, each linked to the page that shows it."""

import streamlit as st

from ui.glossary import GLOSSARY
from ui.nav import PAGES
from ui.page import start

start(
    "Glossary",
    "The words of the lecture, in plain language, each with a link to the page where you can see it.",
)

with st.sidebar:
    query = st.text_input("Filter", key="filter", bind="query-params", placeholder="e.g. batch")

pages = {page.path: page for page in PAGES}
shown = [entry for entry in GLOSSARY if query.lower() in (entry.term + " " + entry.meaning).lower()]
if not shown:
    st.info(f"No term matches “{query}”.")
for entry in shown:
    st.markdown(f"**{entry.term}** — {entry.meaning}")
    page = pages.get(entry.page)
    if page is not None:
        st.page_link(page.path, label=f"See it: {page.label}", icon=page.icon)
