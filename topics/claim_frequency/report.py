"""The page's metrics, tables and messages (numbers formatted once, as the snippet prints them)."""

from __future__ import annotations

import math

import numpy as np
import streamlit as st

import gdcore
from topics.claim_frequency.runs import RACE_FRACTIONS, RACE_MAX_EPOCHS, RACE_SAMPLE, race_factor
from ui.page import metrics_row
from ui.tables import show_table

SYNTHETIC = (
    "**Synthetic data.** Every policy here is drawn by GD Lab from a known model, in the spirit of the "
    "public French motor third-party liability (MTPL) data; none is a real policy."
)


def g(value) -> str:
    """A number as the page shows it: 3 significant digits, scientific past 10⁴ (never 100 digits)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "∞" if value == math.inf else "—"
    return f"{float(value):.3g}"


def portfolio_summary(data: gdcore.MotorPortfolio) -> None:
    frequency = data.claims.sum() / data.exposure.sum()
    metrics_row(
        ("Policies", f"{data.n_policies:,}"),
        ("Exposure (years)", f"{data.exposure.sum():,.1f}"),
        ("Claims", f"{int(data.claims.sum()):,}"),
        ("Claims per year, Σy / Σe", f"{frequency:.4f}", {"help": "The intercept-only model's exp(b)."}),
    )


def portfolio_table(data: gdcore.MotorPortfolio, rows: int = 8) -> None:
    table = {name: data.X[:rows, k] for k, name in enumerate(data.features)}
    table |= {
        "exposure (years)": data.exposure[:rows],
        "claims": data.claims[:rows],
        "true frequency": data.true_frequency[:rows],
    }
    show_table(table, name="synthetic-portfolio", decimals=3)


def epochs_text(epochs, limit) -> str:
    return f"{epochs}" if epochs is not None else f"not within {limit:,}"


def side_metrics(side, fraction: float) -> None:
    reached = gdcore.epochs_to_reach(side.history.epoch_loss, side.target_loss(fraction))
    metrics_row(
        ("Condition number κ", g(side.kappa), {"help": "λ_max / λ_min of the Hessian at the optimum."}),
        ("2 / λ_max", g(side.eta_max), {"help": "Gradient descent needs η below this near the optimum."}),
        ("Epochs to the target", epochs_text(reached, side.history.n_steps)),
    )


def run_messages(side, optimiser: str, learning_rate: float) -> None:
    """Say when a run diverged or got stuck, and where; what came before is still drawn."""
    h = side.history
    name = side.name.capitalize()
    if h.diverged_at is not None:
        st.error(
            f"{name}: diverged at epoch {h.diverged_at} with {optimiser} at η = {learning_rate:g}: a step "
            "made exp(x · w + b) overflow. The curves stop there.",
            icon=":material/warning:",
        )
    elif h.epoch_loss[-1] > h.epoch_loss[0]:
        st.warning(
            f"{name}: η = {learning_rate:g} overshot. The loss ended at {g(h.epoch_loss[-1])}, above the start's "
            f"{g(h.epoch_loss[0])}: a step pushed every prediction y_hat = e · exp(x · w + b) towards 0, where "
            "the gradient vanishes and training is stuck.",
            icon=":material/warning:",
        )


def race_table(races: dict) -> None:
    rows = {
        "features": [],
        "2 / λ_max": [],
        "largest converging η": [],
        "best η": [],
        "epochs to the target": [],
    }
    for name, race in races.items():
        best = race.best
        rows["features"].append(name)
        rows["2 / λ_max"].append(g(race.eta_max))
        rows["largest converging η"].append(g(race.largest_converging))
        rows["best η"].append(g(best.learning_rate) if best else "—")
        rows["epochs to the target"].append(
            epochs_text(best.epochs_to_target if best else None, RACE_MAX_EPOCHS)
        )
    st.dataframe(rows, hide_index=True)
    st.caption(
        f"Batch gradient descent (plain SGD, one step per epoch) on the first {RACE_SAMPLE:,} training policies, "
        f"at η = 2 / λ_max times {', '.join(f'{f:g}' for f in RACE_FRACTIONS)}; a rate converges when its loss "
        "settles without blowing up or turning back up. The condition number depends on the features' scales, "
        "not on how many policies there are."
    )


def race_sentence(races: dict) -> None:
    factor, exact = race_factor(races)
    if factor is None:
        st.warning("Standardised features did not reach the target here, so there is no factor to report.")
    elif exact:
        st.success(
            f"At their own best learning rates, standardised features reach the target in **{factor:.3g}× fewer "
            "epochs** than raw ones.",
            icon=":material/speed:",
        )
    else:
        st.success(
            f"Raw features did not reach the target within {RACE_MAX_EPOCHS:,} epochs at any rate: standardised "
            f"ones are **more than {factor:.3g}× faster**.",
            icon=":material/speed:",
        )


def stopping_metrics(run) -> None:
    h = run.history
    stopped = f"after epoch {h.stopped_epoch + 1}" if h.stopped_epoch is not None else "no: ran every epoch"
    restored = f"epoch {h.restored_epoch + 1}" if h.restored_epoch is not None else "the last epoch's"
    best = f"epoch {h.best_epoch + 1}" if h.best_epoch is not None else "—"
    metrics_row(
        ("Stopped early", stopped),
        ("Best val_loss", best),
        ("Weights kept", restored),
        ("Validation deviance kept", g(deviance_kept(run))),
    )


def deviance_kept(run) -> float:
    h = run.history
    index = (h.restored_epoch + 1) if h.restored_epoch is not None else len(run.val_deviance) - 1
    return float(run.val_deviance[index])


def weights_table(run, true_params) -> None:
    names = [*gdcore.FEATURES, "intercept b"]
    show_table(
        {
            "parameter": names,
            "true (original scale)": np.asarray(true_params),
            "fitted (standardised scale)": run.final,
            "fitted (original scale)": run.original,
        },
        name="claim-frequency-weights",
        decimals=4,
    )


MIN_POLICIES = 20  # fewer cannot pin down six parameters and hold out a validation set


def usable(data: gdcore.MotorPortfolio) -> bool:
    """Whether the portfolio can be fitted; if not, say why (the sections below are skipped)."""
    if data.n_policies < MIN_POLICIES:
        st.warning(
            f"With {data.n_policies} {'policy' if data.n_policies == 1 else 'policies'} there is nothing to "
            f"learn six parameters from, nor anything to hold out for validation: choose at least "
            f"{MIN_POLICIES} policies to train the model.",
            icon=":material/info:",
        )
        return False
    if data.claims.sum() == 0:
        st.warning(
            "This portfolio has no claims at all (exposures this short leave almost none): the best frequency "
            "is 0, the intercept runs off to minus infinity and there is nothing to fit. Widen the exposure "
            "range or add policies.",
            icon=":material/info:",
        )
        return False
    return True


def computed(compute, what: str):
    """``compute()``, or None with a message naming ``what`` when gdcore says the data cannot be fitted."""
    try:
        return compute()
    except ValueError as error:
        st.error(f"{what}: {error}.", icon=":material/error:")
        return None


class Progress:
    """A progress bar over the page's training, for large portfolios (a cached run never moves it)."""

    def __init__(self, n_policies: int, large: int):
        self.bar = None
        if n_policies >= large:
            self.bar = st.progress(0.0, text=f"Training on {n_policies:,} policies…")
            self.text = f"Training on {n_policies:,} policies…"

    def part(self, low: float, high: float):
        """A callback for one stage: its fraction done (0 to 1) moves the bar from ``low`` to ``high``."""
        if self.bar is None:
            return None
        return lambda fraction: self.bar.progress(min(1.0, low + (high - low) * fraction), text=self.text)

    def at(self, fraction: float) -> None:
        if self.bar is not None:
            self.bar.progress(fraction, text=self.text)

    def done(self) -> None:
        if self.bar is not None:
            self.bar.empty()


def scaling_intro(s, n_train: int) -> None:
    st.markdown(
        f"The same model, the same start (w = 0, b from the intercept-only model), the same {s.optimiser} with "
        f"η = {s.learning_rate:g} for {s.epochs} epochs of full-batch training on the {n_train:,} training "
        "policies. Left: the features as they are (ages in years, bonus-malus from 50 to 230). Right: each "
        "feature standardised to mean 0 and standard deviation 1. The contours are the loss over one weight and "
        "the intercept, the other weights held at their best values; the path is the run's."
    )


def stopping_messages(run) -> None:
    h = run.history
    if h.diverged_at is not None:
        st.error(
            f"Training diverged at step {h.diverged_at}: the learning rate is too large for Adam here. "
            "The curves stop there.",
            icon=":material/warning:",
        )
    elif h.stopped_epoch is None:
        st.info(
            f"No early stop: `val_loss` kept improving often enough, so all {len(run.val_deviance) - 1} epochs ran.",
            icon=":material/info:",
        )
    if h.restored_epoch is None and h.stopped_epoch is not None:
        st.caption("Without `restore_best_weights` the model keeps the weights of the last epoch it ran.")
