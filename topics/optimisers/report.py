"""The page "Optimisers": its texts, tables, metrics and messages (numbers as the page shows them)."""

from __future__ import annotations

import streamlit as st

from topics.optimisers.runs import distance_name

LOOK_FOR = """
Press **▶ Play**: the race runs in your browser, nothing is recomputed; drag the slider to scrub.

- **SGD** steps η times the gradient straight down the slope: in a valley much steeper across than
  along, a step large enough to make progress along it overshoots across, and SGD zig-zags.
- **Momentum** keeps a velocity: it overshoots, then rolls along a valley floor much faster.
- **Nesterov** looks one velocity step ahead, so it brakes a little earlier.
- **AdaGrad, RMSprop, Adam** rescale each coordinate by its recent gradient sizes: each step is
  about η long whatever the slope. With Keras's default η = 0.001 they barely move; raise their
  learning rate to 0.1 and compare.
"""
# What the runs at the page's defaults (Keras's hyperparameters, the surface's start, 200 steps)
# do on each surface, and what to move to see more: each claim is checked against gdcore by
# tests/test_page_optimisers.py.
AT_THE_DEFAULTS = {
    "quadratic": "SGD's η = 0.01 is too small to zig-zag: across the valley η × f'' = 0.01 × 4 = 0.04, "
    "far below 1, so it only crawls and is still near x = −3 after 200 steps. **Raise SGD's η to 0.4**: "
    "η × 4 = 1.6 > 1 overshoots across, and SGD zig-zags down the valley. Momentum and Nesterov "
    "overshoot across it at η = 0.01 already, and end near (0, 0).",
    "rosenbrock": "SGD, Momentum and Nesterov **blow up within a few steps** at η = 0.01: the valley's "
    "walls are so steep (the gradient at the start is about 160 long) that one step flies far out, and "
    "each next step is worse. **Lower their η to 0.001**: none blows up, Momentum and Nesterov follow the "
    "curved valley towards (1, 1), SGD crawls. The adaptive ones, whose steps are about η long, do not "
    "blow up.",
    "beale": "SGD creeps towards the minimum at η = 0.01, but Momentum and Nesterov **blow up within 10 "
    "steps**: their velocity builds up on the steep walls. **Lower their η to 0.005**: they end closer to "
    "the minimum than SGD.",
    "himmelblau": "SGD, Momentum and Nesterov all reach the minimum at (−2.81, 3.13); the adaptive ones "
    "barely leave the start. Move the start (x₀, y₀) to reach the other three minima.",
    "saddle": "SGD slides off the saddle along y, slowly; Momentum and Nesterov accelerate away (y beyond "
    "10⁷ after 200 steps): this loss has no bottom. **Set y₀ to 0**: the gradient has no y part on the x "
    "axis, and every run creeps towards the saddle point (0, 0) instead.",
    "camel": "SGD and Nesterov end in the global minimum (0.0898, −0.7127); Momentum, carried by its "
    "velocity, ends in the other one, (−0.0898, 0.7127).",
    "rastrigin": "SGD rattles around the dip next to its start, near (−3, 2): η = 0.01 is too large for "
    "the dip's curvature (about 400) to settle. **Lower SGD's η to 0.002**: it settles in that local "
    "minimum, about 3.6 from the global minimum (0, 0), which is what the distance measures. Momentum's "
    "velocity carries it over several dips, Nesterov's out of the plotted square: gradient methods find "
    "a minimum, not the best one.",
}


def look_for(surface_name: str) -> str:
    """What to look for in the race: how each optimiser works, then what it does on this surface."""
    return f"{LOOK_FOR}\n**Here, at the defaults:** {AT_THE_DEFAULTS[surface_name]}\n"


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
    return round(float(value), 4) + 0.0  # + 0.0: a -0.00001 is shown as 0, not -0


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
        table[distance_name(surface)] = [shown(d) for d in distances]
    table["status"] = [
        "ran all steps" if p.diverged_at is None else f"diverged at step {p.diverged_at}"
        for p in visible.values()
    ]
    return table


# 4 significant digits, scientific notation for a tiny or huge number: never "-0.0000" for -1e-9.
INSIDE_FORMATS = {"x": "%.4g", "y": "%.4g"}


def inside_table(rows: dict) -> dict:
    """The 'Inside an optimiser' rows (quantity -> 2-vector) as a table with columns x and y
    (full precision; shown with INSIDE_FORMATS)."""
    return {
        "quantity": list(rows),
        "x": [float(v[0]) + 0.0 for v in rows.values()],
        "y": [float(v[1]) + 0.0 for v in rows.values()],
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
