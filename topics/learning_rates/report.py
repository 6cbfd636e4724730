"""The page "Learning rates": its metrics, tables and messages (numbers as the page shows them)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import gdcore
from ui.page import metrics_row, read_or_report


def bowl_metrics(eta: float, a: float, regime: str) -> None:
    """η · f'', the regime and the distance factor 1 − η a of the bowl f(w) = (a/2) w²."""
    metrics_row(
        (
            "η · f''",
            f"{eta * a:g}",
            {"help": "Compare with 1 (overshooting starts) and 2 (divergence starts)."},
        ),
        ("Regime", regime),
        ("Distance factor per step 1 − η a", f"{gdcore.step_factor(eta, a):.3g}"),
    )


def bowl_outcome(run) -> None:
    """Where the run on the bowl ended, or an error saying at which step it left the domain."""
    if run.stop_reason:
        st.error(
            f"Diverged: step {run.stop_step} jumped to w = {run.rejected_x:.4g}, outside [−10, 10]; "
            "the run stops there."
        )
    else:
        st.caption(f"After {run.steps_taken} steps: w = {run.x[-1]:.4g}, f(w) = {run.fx[-1]:.4g}.")


def your_rates(text: str) -> list[float]:
    """The student's own learning rates; those that cannot be read are reported and left out."""
    return read_or_report(
        gdcore.parse_learning_rates,
        text,
        fallback=[],
        message="Your learning rates: {error}. They are left out.",
    )


def curves_table(runs: dict, rates: dict, kind: str, best: float) -> pd.DataFrame:
    """One row per learning curve, numbers as shown (strings at their displayed precision)."""
    return pd.DataFrame(
        {
            "curve": list(runs),
            "η": [f"{r:g}" if isinstance(r, float) else kind.lower() for r in rates.values()],
            "final loss": [
                f"{h.epoch_loss[-1]:.4f}" if h.diverged_at is None else "—" for h in runs.values()
            ],
            "above the best": [
                f"{h.epoch_loss[-1] - best:.3g}"
                if h.diverged_at is None
                else f"diverged at step {h.diverged_at}"
                for h in runs.values()
            ],
        }
    )


def diverged_warnings(runs: dict) -> None:
    """A warning for each run that diverged: where its curve stops."""
    for name, h in runs.items():
        if h.diverged_at is not None:
            st.warning(f"{name}: diverged at step {h.diverged_at}; the curve stops there.")
