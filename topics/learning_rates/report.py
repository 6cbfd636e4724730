"""The page "Learning rates": its metrics, tables and messages (numbers as the page shows them)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import streamlit as st

import gdcore
from ui.numbers import plural, readable
from ui.page import metrics_row, read_or_report

# "0,1" or "1,5": a comma between digits, no decimal point: a decimal comma, or two rates?
AMBIGUOUS = re.compile(r"(?<![\d.,eE+-])\d+(?:,\d+)+(?![\d.eE])")


def exact(value) -> str:
    """A number of the bowl's settings (a product of two menu values) without rounding it away:
    0.99975 stays 0.99975, not 1."""
    return readable(value, 10)


def bowl_metrics(eta: float, a: float, regime: str) -> None:
    """η · f'', the regime and the distance factor 1 − η a of the bowl f(w) = (a/2) w²,
    written exactly (a factor 0.99975 is not rounded to 1)."""
    metrics_row(
        (
            "η · f''",
            exact(eta * a),
            {"help": "Compare with 1 (overshooting starts) and 2 (divergence starts)."},
        ),
        ("Regime", regime),
        ("Distance factor per step 1 − η a", exact(gdcore.step_factor(eta, a))),
    )


def bowl_outcome(run, regime: str = "") -> None:
    """Where the run on the bowl ended, or an error saying at which step it left the domain."""
    if run.stop_reason:
        st.error(
            f"Diverged: step {run.stop_step} jumped to w = {readable(run.rejected_x)}, outside [−10, 10]; "
            "the run stops there."
        )
        return
    st.caption(
        f"After {plural(run.steps_taken, 'step')}: w = {readable(run.x[-1])}, f(w) = {readable(run.fx[-1])}."
    )
    if regime == "bouncing":
        st.info(
            "At η · f'' = 2 exactly, each step multiplies the distance to the minimum by −1: w jumps "
            "between the same two points for ever, **neither converging nor diverging**."
        )


def parse_rates(text: str) -> list[float]:
    """``gdcore.parse_learning_rates``, refusing "0,1" (a decimal comma, or the rates 0 and 1?),
    with gdcore's messages without their argument name ("text: ...")."""
    ambiguous = AMBIGUOUS.search(text)
    if ambiguous:
        piece = ambiguous.group()
        dotted, spaced = piece.replace(",", ".", 1), piece.replace(",", ", ")
        raise ValueError(
            f"“{piece}” could be one rate with a decimal comma or several rates: write {dotted} "
            f"with a decimal point, or {spaced} with a space after each comma"
        )
    try:
        return gdcore.parse_learning_rates(text)
    except ValueError as error:
        raise ValueError(str(error).removeprefix("text: ")) from None


def your_rates(text: str) -> list[float]:
    """The student's own learning rates; those that cannot be read are reported and left out."""
    return read_or_report(
        parse_rates,
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
                readable(h.epoch_loss[-1], 5) if h.diverged_at is None else "—" for h in runs.values()
            ],
            "above the best": [
                readable(h.epoch_loss[-1] - best, 3)
                if h.diverged_at is None
                else f"diverged at step {h.diverged_at}"
                for h in runs.values()
            ],
        }
    )


def unchanging_schedule(schedule_rates) -> None:
    """A warning when the schedule keeps the same η over the whole run: it is the constant rate."""
    if len(schedule_rates) and float(np.ptp(schedule_rates)) == 0.0:
        st.warning(
            f"Over this run's {plural(len(schedule_rates), 'step')} the schedule never changes η: it is "
            "the constant rate. Make it decay sooner, or train for more epochs."
        )


def diverged_warnings(runs: dict) -> None:
    """A warning for each run that diverged: where its curve stops."""
    for name, h in runs.items():
        if h.diverged_at is not None:
            st.warning(f"{name}: diverged at step {h.diverged_at}; the curve stops there.")
