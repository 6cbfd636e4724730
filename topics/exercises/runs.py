"""The gdcore exercises behind the page, cached (every cache bounded)."""

from __future__ import annotations

import streamlit as st

import gdcore


@st.cache_data(max_entries=64, show_spinner=False)
def exercise(kind: str, seed: int) -> gdcore.Exercise:
    """The exercise of ``kind`` for ``seed`` (the same everywhere: a shared link reproduces it)."""
    return gdcore.make_exercise(kind, seed)


@st.cache_data(max_entries=16, show_spinner=False)
def sheet(kinds: tuple[str, ...], seed: int, n_exercises: int) -> list[gdcore.Exercise]:
    """The exercises of the printable sheet: ``kinds`` in turn, seeds ``seed``, ``seed + 1``, ..."""
    return gdcore.exercise_sheet(kinds, seed, n_exercises)
