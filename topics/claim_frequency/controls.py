"""The page's widgets: keys and labels defined once (the page, its tests and the bench use them)."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

import gdcore

BIND = {"bind": "query-params"}

# Keys.
N_POLICIES = "policies"
SEED = "seed"
EXPOSURE = "exposure"
OPTIMISER = "optimiser"
LEARNING_RATE = "eta"
EPOCHS = "epochs"
TARGET = "target"
CONTOUR_FEATURE = "contour_feature"
PATIENCE = "patience"
MIN_DELTA = "min_delta"
RESTORE = "restore"
START_FROM = "start_from"
BATCH = "batch"
ES_RATE = "es_eta"
ES_EPOCHS = "es_epochs"
SCALING_CODE = "scaling_code"  # each section's "Show the code", open or closed
STOPPING_CODE = "stopping_code"

SIZES = (1, 10, 100, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000)
DEFAULT_SIZE = 10_000
DEFAULT_EXPOSURE = (0.05, 1.0)
OPTIMISERS = ("Adam", "SGD")
RATES = (1e-5, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 1000.0)
TARGETS = (0.25, 0.5, 0.75, 0.9)  # share of the way from the start's loss to the best loss
MIN_DELTAS = (0.0, 1e-5, 1e-4, 1e-3)
BATCHES = (256, 512, 1024, 4096)  # mini-batches: at most ~60,000 steps at 100,000 policies
LARGE = 20_000  # portfolios from this size show a progress bar while they train


@dataclass(frozen=True)
class Portfolio:
    """The portfolio's settings: they feed every section."""

    n_policies: int
    seed: int
    exposure: tuple

    @property
    def args(self) -> tuple:
        """(n, seed, exposure): the first arguments of every run in ``runs``."""
        return self.n_policies, self.seed, self.exposure


@dataclass(frozen=True)
class Scaling:
    """Section 2's settings: raw against standardised."""

    optimiser: str
    learning_rate: float
    epochs: int
    target: float
    feature: int

    @property
    def feature_name(self) -> str:
        return gdcore.FEATURES[self.feature]


@dataclass(frozen=True)
class Stopping:
    """Section 3's settings: early stopping."""

    patience: int
    min_delta: float
    restore: bool
    start_from: int
    batch: int
    es_rate: float
    es_epochs: int


def share(fraction: float) -> str:
    """A target as a share of the way from the start's loss to the best loss: ``25% of the way``."""
    return f"{fraction:.0%} of the way"


TARGET_LABELS = {fraction: share(fraction) for fraction in TARGETS}


def portfolio() -> Portfolio:
    """The portfolio's controls (in the sidebar, where they are called)."""
    st.subheader("1 · Portfolio (synthetic)")
    n = st.select_slider("Policies", SIZES, DEFAULT_SIZE, key=N_POLICIES, **BIND)
    seed = st.number_input("Portfolio seed", 0, 10_000, 0, key=SEED, **BIND)
    exposure = st.slider("Exposure range (years)", 0.0, 1.0, DEFAULT_EXPOSURE, 0.01, key=EXPOSURE, **BIND)
    return Portfolio(int(n), int(seed), tuple(float(v) for v in exposure))


def scaling() -> Scaling:
    """Section 2's controls: the optimiser, η and epochs of both sides, the target, the contour's weight."""
    st.subheader("2 · Raw against standardised")
    optimiser = st.selectbox("Optimiser (both sides)", OPTIMISERS, key=OPTIMISER, **BIND)
    eta = st.select_slider("Learning rate η (both sides)", RATES, 0.03, key=LEARNING_RATE, **BIND)
    epochs = st.slider("Epochs (full batch)", 10, 1000, 200, 10, key=EPOCHS, **BIND)
    target = st.select_slider("Target loss", TARGETS, 0.5, format_func=TARGET_LABELS.get, key=TARGET, **BIND)
    feature = st.selectbox("Contour: the weight of", gdcore.FEATURES, key=CONTOUR_FEATURE, **BIND)
    return Scaling(optimiser, float(eta), int(epochs), float(target), gdcore.FEATURES.index(feature))


def stopping() -> Stopping:
    """Section 3's controls: Keras's EarlyStopping and the Adam run it watches."""
    st.subheader("3 · Early stopping")
    patience = st.slider("patience", 0, 20, 5, key=PATIENCE, **BIND)
    min_delta = st.select_slider("min_delta", MIN_DELTAS, 0.0, format_func=str, key=MIN_DELTA, **BIND)
    restore = st.toggle("restore_best_weights", True, key=RESTORE, **BIND)
    start_from = st.slider("start_from_epoch", 0, 20, 0, key=START_FROM, **BIND)
    batch = st.select_slider("batch_size", BATCHES, 512, key=BATCH, **BIND)
    es_rate = st.select_slider("Adam learning rate", RATES, 0.01, key=ES_RATE, **BIND)
    es_epochs = st.slider("epochs (at most)", 5, 200, 100, 5, key=ES_EPOCHS, **BIND)
    return Stopping(
        int(patience),
        float(min_delta),
        bool(restore),
        int(start_from),
        int(batch),
        float(es_rate),
        int(es_epochs),
    )
