"""Shared Streamlit and Plotly pieces: navigation, page set-up, figures, tables.

The ui layer draws; it never computes maths that a test could not check
through gdcore.
"""
