"""The page "Optimisers": its texts, tables, metrics and messages (numbers as the page shows them)."""

from __future__ import annotations

import streamlit as st

LOOK_FOR = """
Press **▶ Play**: the race runs in your browser, nothing is recomputed; drag the slider to scrub.

- **SGD** follows the steepest slope: on a narrow valley it zig-zags across and crawls along.
- **Momentum** keeps a velocity: it overshoots, then rolls along the valley floor much faster.
- **Nesterov** looks one velocity step ahead, so it brakes a little earlier.
- **AdaGrad, RMSprop, Adam** rescale each coordinate by its recent gradient sizes: each step is
  about η long whatever the slope. With Keras's default η = 0.001 they barely move here; raise
  their learning rate to 0.1 and compare.
"""
CONVENTIONS = """
The two frameworks write the same optimisers slightly differently (switch **formulas** in the sidebar):
- **ε inside or outside the root**: Keras divides by √(A + ε) in AdaGrad and RMSprop, PyTorch by √A + ε.
- **Adam's ε-hat**: Keras folds the bias corrections into the learning rate and adds ε to √v; PyTorch
  adds ε to √v̂, the bias-corrected moment. On PyTorch's scale Keras's ε acts as ε / √(1 − β₂ᵗ):
  larger in the first steps, the same later.
- **AdaGrad's starting accumulator**: 0.1 in Keras, 0 in PyTorch.
- **Momentum buffer**: Keras keeps a velocity v ← μv − ηg (a step), PyTorch a buffer b ← μb + g (a sum of
  gradients) and steps by −ηb: the same path at a constant learning rate, not with a schedule.
- **Defaults**: RMSprop uses η = 0.001, ρ = 0.9, ε = 1e-7 in Keras but lr = 0.01, alpha = 0.99,
  eps = 1e-8 in PyTorch; AdaGrad η 0.001 vs 0.01; SGD η 0.01 vs 0.001.
"""
GAP_HELP = {
    "same": "Largest difference between the two paths (relative beyond |θ| = 1), Momentum's η and μ.",
    "different": "Largest difference between the two paths, each framework with its own defaults.",
}


def diverged_warnings(visible: dict) -> None:
    """A warning for each shown optimiser whose run diverged: where, and what to try."""
    for name, path in visible.items():
        if path.diverged_at is not None:
            st.warning(
                f"**{name} diverged at step {path.diverged_at}**: its next point or the loss there is not a "
                f"finite number. Plotted up to step {path.n_steps}; try a smaller learning rate."
            )


def shown(value: float) -> float:
    """``value`` rounded to 4 decimals for a table, as the snippet prints it (Python's round).

    Python's round never overflows; pandas' would turn a diverging run's 1e300 into inf.
    """
    return round(float(value), 4)


def results(surface, visible: dict) -> dict:
    """The final table: where each shown optimiser ended (all numbers from its gdcore path)."""
    table = {
        "optimiser": list(visible),
        "steps taken": [p.n_steps for p in visible.values()],
        "x": [shown(p.params[-1, 0]) for p in visible.values()],
        "y": [shown(p.params[-1, 1]) for p in visible.values()],
        "loss": [shown(p.loss[-1]) for p in visible.values()],
    }
    if len(surface.minima):
        distances = [surface.distance_to_minimum(p.params[-1]) for p in visible.values()]
        table["distance to minimum"] = [shown(d) for d in distances]
    table["status"] = [
        "ran all steps" if p.diverged_at is None else f"diverged at step {p.diverged_at}"
        for p in visible.values()
    ]
    return table


def inside_table(rows: dict) -> dict:
    """The 'Inside an optimiser' rows (quantity -> 2-vector) as a table with columns x and y."""
    return {
        "quantity": list(rows),
        "x": [v[0] for v in rows.values()],
        "y": [v[1] for v in rows.values()],
    }


def fmt_gap(value: float) -> str:
    """A path difference for a metric: scientific when tiny."""
    return "0" if value == 0 else (f"{value:.1e}" if value < 1e-3 else f"{value:.4g}")


def convention_metrics(gaps) -> tuple:
    """The two Keras-vs-PyTorch metrics (for ``ui.page.metrics_row``) from ``runs.convention_gaps``."""
    same, different = gaps
    return (
        ("Momentum SGD: Keras vs PyTorch, same settings", fmt_gap(same), {"help": GAP_HELP["same"]}),
        ("RMSprop: Keras defaults vs PyTorch defaults", fmt_gap(different), {"help": GAP_HELP["different"]}),
    )
