"""GD Lab home page: what the app is, who it is for, and the lecture map."""

import streamlit as st

from ui.nav import lecture_map
from ui.page import start

start(
    "GD Lab",
    "An interactive companion to the lecture **Optimisation** of *Deep Learning for "
    "Actuaries*: how a neural network's weights are learned by gradient descent.",
)

st.markdown(
    """
**Who it is for.** Students who want to *see* what the slides say, and teachers who
project it in class. Every page has controls in the sidebar: change a number and watch
every table, formula and chart follow. With the lecture's defaults each page reproduces
the slides' numbers exactly; everything is computed live by a small NumPy package,
`gdcore`, and checked by tests.
"""
)

st.header("The lecture map")
lecture_map()
