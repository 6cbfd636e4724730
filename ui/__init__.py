"""Shared Streamlit and Plotly pieces: navigation, page set-up, figures, tables.

The ui layer draws; it never computes maths that a test could not check
through gdcore.
"""

# Imported before any page runs: plotly's validators take pandas from sys.modules without
# importing it, so when several students open pages of a fresh server at once, one page's
# thread could see pandas half-initialised while another's imports it.
import pandas  # noqa: F401, E402
