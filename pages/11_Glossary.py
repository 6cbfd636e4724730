"""Glossary: the lecture's terms and the app's, each linked to the page that shows it."""

import streamlit as st

from topics import glossary
from ui.nav import BY_SLUG
from ui.page import start

start(
    "Glossary",
    "The words of the lecture, in plain language, each with a link to the page where you can see it.",
)

with st.sidebar:
    query = st.text_input("Filter", key=glossary.FILTER, bind="query-params", placeholder="e.g. batch")

shown = glossary.matching(query)
if not shown:
    st.info(f"No term matches “{query}”.")
for entry in shown:
    st.markdown(f"**{entry.term}** — {entry.meaning}")
    page = BY_SLUG[entry.slug]
    st.page_link(page.path, label=f"See it: {page.label}", icon=page.icon)
