"""The "Gradient descent" page's words and numbers: the lecture's pseudocode, the variants' table,
the metrics of the pitfalls and of the double well, and what to say when a run diverges."""

from __future__ import annotations

import streamlit as st

from topics.gradient_descent.runs import MAX_SGD_STEPS, WELL
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
        f"Capped at {epochs} epochs for {n} points, so that SGD makes at most {MAX_SGD_STEPS:,} steps.",
        icon=":material/info:",
    )


def variant_card(run, eta, epochs) -> None:
    """One variant's column: its name, the lecture's loop, its batch size, and a divergence warning."""
    st.subheader(run.name)
    st.code(PSEUDOCODE[run.name], language="python", wrap_lines=True)
    st.caption(f"m = {run.batch_size} example(s) per step, {run.steps_per_epoch} step(s) per epoch.")
    if message := divergence_message(run, eta, epochs):
        st.warning(message, icon=":material/warning:")


def divergence_message(run, eta, epochs):
    """What to say when a variant diverged (where) or is diverging (its loss grows), else None."""
    k, start = run.history.diverged_at, run.history.epoch_loss[0]
    if k is not None:
        return (
            f"{run.name} diverged at step {k} (epoch {run.diverged_epoch + 1} of {epochs}): η = {eta:g} "
            f"is too large for {run.batch_size} example(s) per step. The path shows the steps before it."
        )
    if run.final_loss > start:
        return f"{run.name} is diverging: the loss grows from {start:.4g} to {run.final_loss:.4g}, η = {eta:g} is too large."
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
            f"Step {path.stop_step} {path.stop_reason} (x = {path.rejected_x:.4g}): η = {eta:g} is too large. "
            "The curve shows the steps before it.",
            icon=":material/warning:",
        )
    metrics_row(
        ("Start x₀", f"{path.x[0]:.2f}"),
        (f"x after {path.steps_taken} steps", f"{path.x[-1]:.3f}"),
        (
            "f(x) there",
            f"{path.fx[-1]:.3f}",
            {"delta": f"{path.fx[-1] - path.fx[0]:+.3f}", "delta_color": "inverse"},
        ),
    )


# -- 3. Noise helps ----------------------------------------------------------------------------


def well_ending(w, diverged_at):
    """(value, verdict) for a metric saying where a run on the double well ended."""
    if diverged_at is not None:
        return "diverged", f"at step {diverged_at}"
    return f"{w[-1]:.3f}", "escaped" if w[-1] > WELL.barrier else "stayed in the shallow minimum"


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


def well_divergence_warning(escaped, paths, eta) -> None:
    """A warning when any double-well run (shown or counted) diverged."""
    if escaped["diverged"].any() or any(k is not None for *_, k in paths.values()):
        st.warning(
            f"Some runs diverged (w overflowed): η = {eta:g} is too large for this loss.",
            icon=":material/warning:",
        )
