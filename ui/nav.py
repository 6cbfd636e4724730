"""The one list of pages, which drives the sidebar menu, the home page's lecture map, the
glossary's links, the tests and the benchmarks.

A new page appears everywhere by adding one ``Page`` entry to ``PAGES``; its deep link is
``/<slug>``, where ``Page.slug`` is the file name without its number and ``.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

HOME = "app.py"

SECTIONS = (
    "Dense layers in matrices",
    "Optimisation",
    "Loss and derivatives",
    "Beyond the slides",
    "Practice",
    "Reference",
)
UNNUMBERED = ("Practice", "Reference")  # sections the lecture map does not number


@dataclass(frozen=True)
class Page:
    path: str
    label: str
    icon: str
    section: str
    blurb: str

    @property
    def number(self) -> int:
        """The number in the file name, which orders the pages (``pages/5_Optimisers.py`` -> 5)."""
        return int(self.path.removeprefix("pages/").split("_", 1)[0])

    @property
    def slug(self) -> str:
        """The deep link's path, as Streamlit derives it from the file name (``Optimisers``)."""
        return self.path.removeprefix("pages/").removesuffix(".py").split("_", 1)[1]


# Kept in lecture order by the number in each file name, wherever an entry is added.
PAGES: list[Page] = sorted(
    [
        Page(
            "pages/1_Dense_layers.py",
            "Dense layers",
            ":material/grid_on:",
            "Dense layers in matrices",
            "A logistic neuron and a softmax layer in matrix form: edit the data and weights, watch z, ŷ and the probabilities.",
        ),
        Page(
            "pages/7_Loss_and_derivatives.py",
            "Loss and derivatives",
            ":material/functions:",
            "Loss and derivatives",
            "The chain rule with numbers, SGD by hand and the BGD tables, iteration by iteration.",
        ),
        Page(
            "pages/10_Exercises.py",
            "Exercises",
            ":material/edit_note:",
            "Practice",
            "Compute by hand, type your numbers, and see which step went wrong: fresh numbers for every seed.",
        ),
        Page(
            "pages/9_Claim_frequency.py",
            "Claim frequency",
            ":material/directions_car:",
            "Beyond the slides",
            "A Poisson GLM with exposure on a synthetic motor portfolio: raw against standardised features, early stopping.",
        ),
        Page(
            "pages/8_Train_a_network.py",
            "Train a network",
            ":material/hub:",
            "Beyond the slides",
            "Dense layers, backpropagation and an optimiser together: watch a small network learn, compare two optimisers.",
        ),
        Page(
            "pages/11_Glossary.py",
            "Glossary",
            ":material/menu_book:",
            "Reference",
            "The lecture's terms and the app's, in plain words, each linked to the page that shows it.",
        ),
        Page(
            "pages/2_Make_a_guess.py",
            "Make a guess",
            ":material/ads_click:",
            "Optimisation",
            "Find the minimum of a hidden function by guessing, with the derivative as a hint.",
        ),
        Page(
            "pages/3_Gradient_descent.py",
            "Gradient descent",
            ":material/trending_down:",
            "Optimisation",
            "Batch, stochastic and mini-batch gradient descent side by side; a local minimum, a plateau, and noise that helps.",
        ),
        Page(
            "pages/6_Non_zero_derivatives.py",
            "Non-zero derivatives",
            ":material/trending_flat:",
            "Optimisation",
            "Why accuracy, argmax and dead ReLUs stop gradient descent: their derivative is zero.",
        ),
        Page(
            "pages/5_Optimisers.py",
            "Optimisers",
            ":material/rocket_launch:",
            "Optimisation",
            "Momentum, Nesterov, AdaGrad, RMSprop and Adam race on loss surfaces; look inside each step.",
        ),
        Page(
            "pages/4_Learning_rates.py",
            "Learning rates",
            ":material/speed:",
            "Optimisation",
            "Too small, too large, just right: learning curves, schedules and a robot arm, all computed live.",
        ),
    ],
    key=lambda page: page.number,
)
BY_SLUG: dict[str, Page] = {page.slug: page for page in PAGES}


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
        st.subheader(section if section in UNNUMBERED else f"{number}. {section}")
        for page in pages:
            st.page_link(page.path, label=page.label, icon=page.icon)
            st.caption(page.blurb)
