"""The "Gradient descent" page's words and numbers: the lecture's pseudocode, the variants' table,
the metrics of the pitfalls and of the double well, and what to say when a run diverges."""

from __future__ import annotations

import numpy as np
import streamlit as st

from topics.gradient_descent.runs import MAX_SGD_STEPS, WELL
from ui.code import pseudocode
from ui.numbers import fixed, plural, readable
from ui.page import metrics_row

DECIMALS = 4  # of the variants' table, the least-squares (w, b) and the snippet's prints

# The lecture's three loops, as on the slides.
PSEUDOCODE = {
    "Batch GD": """for i in range(numEpochs):
    gradient = evaluate_gradient(loss_function, data, weights)
    weights = weights - learningRate * gradient""",
    "Stochastic GD": """for i in range(numEpochs):
    rnd.shuffle(data)
    for example in data:
        gradient = evaluate_gradient(loss_function, example, weights)
        weights = weights - learningRate * gradient""",
    "Mini-batch GD": """for i in range(numEpochs):
    rnd.shuffle(data)
    for b in range(numBatches):
        batch = data[b * batchSize : (b + 1) * batchSize]
        gradient = evaluate_gradient(loss_function, batch, weights)
        weights = weights - learningRate * gradient""",
}


# -- 1. The three variants ---------------------------------------------------------------------


def capped_notice(epochs: int, n: int) -> None:
    """Say that the epochs were capped to ``epochs`` for ``n`` points."""
    st.info(
        f"Capped at {plural(epochs, 'epoch')} for {n} points, so that SGD makes at most {MAX_SGD_STEPS:,} steps.",
        icon=":material/info:",
    )


def variants_intro(data, eta, epochs: int, best) -> str:
    """The sentence under section 1's header: the data, the model, the settings and the star.

    With the same x in every row there is no single lowest point: a whole line of (w, b) fits
    equally well, and the star is only one of them (the shortest, from least squares)."""
    star = f"(w, b) = ({fixed(best[0], DECIMALS)}, {fixed(best[1], DECIMALS)})"
    if np.ptp(data.x) == 0:
        where = (
            f"The star is one least-squares solution {star}: x is the same in every row, so a whole line "
            "of (w, b) fits equally well and the loss has no single lowest point."
        )
    else:
        where = f"The star is the least-squares solution {star}, the lowest point of the loss."
    return (
        f"Data: {data.description}. Model ŷ = wx + b with the MSE loss, starting at θ₀ = (w, b) = (0, 0); "
        f"η = {eta:g}, {plural(epochs, 'epoch')} for every variant. {where}"
    )


def batch_size_notice(batch_size: int, n: int) -> None:
    """Say so when the mini-batch size m is at least n: mini-batch GD is then batch GD."""
    if batch_size >= n:
        st.info(
            f"m = {batch_size} is at least n = {n}: every mini-batch holds all the data, so mini-batch GD "
            "is batch GD here, and its path and curves lie exactly under the batch ones. Choose m < n "
            "to see a difference.",
            icon=":material/info:",
        )


def variant_card(run, eta, epochs) -> None:
    """One variant's column: its name, the lecture's loop, its batch size, and a divergence warning."""
    st.subheader(run.name)
    pseudocode(PSEUDOCODE[run.name])
    st.caption(
        f"m = {plural(run.batch_size, 'example')} per step, {plural(run.steps_per_epoch, 'step')} per epoch."
    )
    if message := divergence_message(run, eta, epochs):
        st.warning(message, icon=":material/warning:")


def divergence_message(run, eta, epochs):
    """What to say when a variant diverged (where) or is diverging (its loss grows), else None."""
    k, start = run.history.diverged_at, run.history.epoch_loss[0]
    if k is not None:
        return (
            f"{run.name} diverged at step {k} (epoch {run.diverged_epoch + 1} of {epochs}): η = {eta:g} "
            f"is too large for {plural(run.batch_size, 'example')} per step. The path shows the steps before it."
        )
    if run.final_loss > start:
        return (
            f"{run.name} is diverging: the loss grows from {readable(start)} to {readable(run.final_loss)}, "
            f"η = {eta:g} is too large."
        )
    return None


def variants_table(runs) -> dict:
    """One row per variant: batch size, steps, examples processed, final (w, b) and loss."""
    runs = list(runs.values())
    return {
        "variant": [r.name for r in runs],
        "batch size m": [r.batch_size for r in runs],
        "steps": [r.history.n_steps for r in runs],
        "examples processed": [int(r.examples[-1]) for r in runs],
        "final w": [r.final_params[0] for r in runs],
        "final b": [r.final_params[1] for r in runs],
        "final loss": [r.final_loss for r in runs],
    }


# -- 2. Pitfalls -------------------------------------------------------------------------------


def pitfall_summary(path, eta) -> None:
    """Where a 1-D descent stopped (if it did), then its start, end and the cost there as metrics."""
    if path.stop_step is not None:
        st.warning(
            f"Step {path.stop_step} {path.stop_reason} (x = {readable(path.rejected_x)}): η = {eta:g} is too large. "
            "The curve shows the steps before it.",
            icon=":material/warning:",
        )
    change = fixed(path.fx[-1] - path.fx[0], 3)
    metrics_row(
        ("Start x₀", fixed(path.x[0], 2)),
        (f"x after {plural(path.steps_taken, 'step')}", fixed(path.x[-1], 3)),
        (
            "f(x) there",
            fixed(path.fx[-1], 3),
            {"delta": change if change.startswith("-") else f"+{change}", "delta_color": "inverse"},
        ),
    )


# -- 3. Noise helps ----------------------------------------------------------------------------


def well_ending(w, diverged_at):
    """(value, verdict) for a metric saying where a run on the double well ended."""
    if diverged_at is not None:
        return "diverged", f"at step {diverged_at}"
    return fixed(w[-1], 3), "escaped" if w[-1] > WELL.barrier else "stayed in the shallow minimum"


def well_metrics(paths, escaped, chosen, n_seeds) -> None:
    """Where each double-well run ended, and the share of seeds that escape with the chosen batch size."""
    share = escaped["escaped"][list(escaped["batch_size"]).index(chosen)]
    ends = [
        (f"{name} ends at w", *well_ending(w, diverged_at), {"delta_color": "off", "delta_arrow": "off"})
        for name, (_, w, diverged_at) in paths.items()
    ]
    metrics_row(
        *[(label, value, {"delta": verdict, **more}) for label, value, verdict, more in ends],
        (f"Seeds that escape with m = {chosen}", f"{share:.0%}", {"help": f"Seeds 0 to {n_seeds - 1}."}),
    )


def escape_heading(n_seeds: int, eta: float, epochs: int) -> str:
    """The heading over the escape shares."""
    return f"Share of {n_seeds} seeds that escape, by batch size (η = {eta:g}, {plural(epochs, 'epoch')})"


def well_divergence_warning(escaped, paths, eta) -> None:
    """A warning when any double-well run (shown or counted) diverged."""
    if escaped["diverged"].any() or any(k is not None for *_, k in paths.values()):
        st.warning(
            f"Some runs diverged (w overflowed): η = {eta:g} is too large for this loss.",
            icon=":material/warning:",
        )
