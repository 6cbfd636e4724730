"""The "Gradient descent" page's controls: widget keys (in students' shared links), labels, and
the sidebar sections that read them.

Each section function draws its widgets where it is called and returns what they say.
"""

from __future__ import annotations

from typing import NamedTuple

import streamlit as st

from ui import datasets
from ui.datasets import Dataset
from ui.upload import csv_data

BIND = {"bind": "query-params"}

# 1 · Three variants: the data, then training
DATA = "gd_data"
UPLOAD = "gd_upload"  # the prefix of the upload's keys (ui.upload)
N = "n"
NOISE = "noise"
DATA_SEED = "data_seed"
ETA = "eta"
EPOCHS = "epochs"
BATCH = "batch"
SEED = "seed"
# 2 · Pitfalls
PIT_LEFT = "pit_left"
PIT_RIGHT = "pit_right"
PIT_X0 = "pit_x0"
PIT_ETA = "pit_eta"
PIT_STEPS = "pit_steps"
# 3 · Noise helps
NZ_BATCH = "nz_batch"
NZ_ETA = "nz_eta"
NZ_EPOCHS = "nz_epochs"
NZ_SEED = "nz_seed"
NZ_SEEDS = "nz_seeds"

DATA_LABELS = (datasets.LABELS["synthetic"], datasets.LABELS["upload"])
PRESETS = {"left": 0.3, "right": 8.0}  # the pitfall buttons' starts x0


class Variants(NamedTuple):
    """Section 1's settings: the data and how the three variants train on it."""

    data: Dataset
    eta: float
    epochs: int
    batch_size: int
    seed: int


class Pitfalls(NamedTuple):
    """Section 2's settings: a 1-D descent from x0."""

    x0: float
    eta: float
    steps: int


class Noise(NamedTuple):
    """Section 3's settings: the double-well runs and the escape share."""

    batch_size: int
    eta: float
    epochs: int
    seed: int
    n_seeds: int


def choose_data() -> Dataset:
    """The data's controls: the synthetic line, or the student's own CSV file.

    The one place that decides which data the three variants train on. Until a valid
    file is uploaded, the page says so and keeps to the default synthetic line.
    """
    if st.selectbox("Data", DATA_LABELS, key=DATA, **BIND) == datasets.LABELS["upload"]:
        return csv_data(UPLOAD, meanwhile="using the synthetic line") or datasets.synthetic()
    n = st.slider("Number of points n", 10, 500, 100, 10, key=N, **BIND)
    noise = st.slider("Noise (standard deviation)", 0.0, 5.0, 1.0, 0.1, key=NOISE, **BIND)
    seed = st.number_input("Data seed", 0, 10_000, 0, key=DATA_SEED, **BIND)
    return datasets.synthetic(n, noise, int(seed))


def variants() -> Variants:
    """Section 1's controls: the data, η, epochs, mini-batch size and shuffle seed."""
    data = choose_data()
    eta = st.number_input("Learning rate η", 0.001, 5.0, 0.05, 0.01, format="%g", key=ETA, **BIND)
    epochs = st.slider("Epochs", 1, 50, 20, key=EPOCHS, **BIND)
    batch_size = st.slider("Mini-batch size m", 2, 100, 10, key=BATCH, **BIND)
    seed = st.number_input("Shuffle seed", 0, 10_000, 0, key=SEED, **BIND)
    return Variants(data, eta, epochs, batch_size, int(seed))


def preset(where: str) -> None:
    """Button callback: start the pitfall descent at the preset ``where`` ("left" or "right")."""
    st.session_state[PIT_X0] = PRESETS[where]


def pitfalls() -> Pitfalls:
    """Section 2's controls: two preset starts, the start x0, η and the number of steps."""
    left, right = st.columns(2)
    left.button("Start left", key=PIT_LEFT, on_click=preset, args=("left",), icon=":material/west:")
    right.button("Start right", key=PIT_RIGHT, on_click=preset, args=("right",), icon=":material/east:")
    x0 = st.slider("Start x₀", 0.0, 10.0, PRESETS["right"], 0.1, key=PIT_X0, **BIND)
    eta = st.slider("Learning rate η ", 0.01, 5.0, 0.1, 0.01, key=PIT_ETA, **BIND)
    steps = st.slider("Steps", 1, 200, 50, key=PIT_STEPS, **BIND)
    return Pitfalls(x0, eta, steps)


def noise() -> Noise:
    """Section 3's controls: mini-batch size, η, epochs, the seed shown and the seeds counted."""
    batch_size = st.slider("Mini-batch size m ", 1, 100, 2, key=NZ_BATCH, **BIND)
    eta = st.slider("Learning rate η  ", 0.01, 0.2, 0.05, 0.01, key=NZ_ETA, **BIND)
    epochs = st.slider("Epochs ", 5, 40, 30, key=NZ_EPOCHS, **BIND)
    seed = st.number_input("Shuffle seed ", 0, 1000, 0, key=NZ_SEED, **BIND)
    n_seeds = st.slider("Seeds for the escape share", 20, 100, 100, 10, key=NZ_SEEDS, **BIND)
    return Noise(batch_size, eta, epochs, int(seed), n_seeds)
