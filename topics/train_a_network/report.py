"""What the page writes: messages about input, divergence and capped runs, the metrics, the
formulas of the network shown, and the sentences that say what to look for."""

from __future__ import annotations

import numpy as np
import streamlit as st

from topics.train_a_network.controls import Settings, Training
from topics.train_a_network.runs import MAX_STEPS, Run, Trained
from ui.page import metrics_row

INTRO = (
    "Dense layers, backpropagation and an optimiser, together: a small network learns to separate "
    "two-dimensional data while you watch. Choose the data, the features, the layers and the optimiser "
    "in the sidebar; the network is trained by the same engine as every other page (`gdcore.fit`), and the "
    "browser plays back its weights, its decision boundary and its learning curves epoch by epoch."
)
LOOK_FOR = """
**Try this**
- *xor* with the features x1 and x2 and **no hidden layer** (empty the layers box): a single neuron draws
  one straight line and stays near 50 %. Add the feature **x1·x2** and it is solved without any hidden layer.
- The *spiral* needs depth: two or three layers of 8 ReLU or tanh units, Adam, η = 0.01, and patience.
- **Compare** plain SGD with Adam at the same learning rate, or batch size 1 with 'all' (batch gradient
  descent): same start, same data, only the optimiser differs.
- A large learning rate with ReLU kills units (see *Inside the network* below); the test loss rising while
  the training loss falls is overfitting: more noise, a smaller training share, then try an L2 penalty.
"""
INSIDE_LOOK_FOR = (
    "**What to look for:** with *sigmoid* in a deep network (try '8, 8, 8, 8'), the first layer's gradient "
    "is many times smaller than the output layer's (each sigmoid multiplies it by at most 1/4 on the way "
    "back), so the first layers learn slowest: vanishing gradients. With *ReLU* at a large learning rate, "
    "units die: their slope is 0 on every example, no gradient reaches their weights, and they never recover."
)


def fmt_loss(value: float) -> str:
    """A loss as shown on the page and printed by the snippet: 4 significant digits (1.234e+05 when large)."""
    return f"{value:.4g}"


def fmt_accuracy(value: float) -> str:
    return f"{value:.1%}"


def describe(training: Training) -> str:
    """'Adam, η 0.01, batch 10' (plus the schedule when there is one)."""
    batch = "all" if training.batch_size is None else training.batch_size
    schedule = "" if training.schedule == "constant" else f", {training.schedule}"
    return f"{training.optimiser}, η {training.learning_rate:g}{schedule}, batch {batch}"


def problems(trained: Trained) -> None:
    """Every input that could not be used, as an error: the page goes on with what it says instead."""
    for message in trained.problems:
        st.error(message, icon=":material/error:")


def run_messages(trained: Trained, settings: Settings) -> None:
    """Divergence and capped epochs, per run."""
    runs = {"A": (trained.a, settings.a), "B": (trained.b, settings.b)}
    for label, (run, training) in runs.items():
        if run is None:
            continue
        name = f"Run {label} ({describe(training)})" if trained.b is not None else "The run"
        if run.epochs < settings.epochs:
            st.info(
                f"{name} takes {run.steps_per_epoch:,} steps per epoch: trained for {run.epochs} epochs "
                f"(at most {MAX_STEPS:,} steps) instead of {settings.epochs}.",
                icon=":material/timer:",
            )
        if run.diverged_at is not None:
            epoch = run.diverged_at // run.steps_per_epoch
            st.warning(
                f"**{name} diverged at step {run.diverged_at:,} (in epoch {epoch + 1})**: its loss or weights "
                f"stopped being finite numbers. Shown up to epoch {run.last_epoch}, the last one completed; "
                "try a smaller learning rate.",
                icon=":material/warning:",
            )


def final_metrics(run: Run, label: str | None = None, reference: Run | None = None) -> None:
    """The loss and accuracy on the training and test data at the last epoch (with B's difference to A)."""
    suffix = f" {label}" if label else ""
    entries = [
        ("train loss", run.train_loss[-1], fmt_loss, reference and reference.train_loss[-1]),
        ("test loss", run.test_loss[-1], fmt_loss, reference and reference.test_loss[-1]),
    ]
    if run.train_accuracy is not None:
        entries += [
            (
                "train accuracy",
                run.train_accuracy[-1],
                fmt_accuracy,
                reference and reference.train_accuracy[-1],
            ),
            ("test accuracy", run.test_accuracy[-1], fmt_accuracy, reference and reference.test_accuracy[-1]),
        ]
    metrics = []
    for name, value, fmt, other in entries:
        more = {"help": f"At epoch {run.last_epoch}; the loss without the L2 penalty."}
        if reference is not None and np.isfinite(value - other):
            more["delta"] = f"{value - other:+.4g} vs A" if fmt is fmt_loss else f"{value - other:+.1%} vs A"
            more["delta_color"] = "inverse" if "loss" in name else "normal"
        metrics.append((f"{name}{suffix}", fmt(value), more))
    metrics_row(*metrics)


def network_formulas(trained: Trained) -> list[str]:
    """LaTeX: this network's forward pass, loss and backward pass, with its sizes."""
    net, arch = trained.net, trained.architecture
    sizes = net.layer_sizes
    L = len(sizes) - 1
    shapes = r",\ ".join(
        rf"W_{l} \in \mathbb{{R}}^{{{sizes[l - 1]} \times {sizes[l]}}}" for l in range(1, L + 1)
    )
    g = {"relu": r"\max(0, z)", "leaky_relu": r"\max(0.2z, z)", "tanh": r"\tanh z",
         "sigmoid": r"\sigma(z)", "linear": "z"}[arch.activation]  # fmt: skip
    output = {
        "sigmoid": (r"\hat y = \sigma(Z_L)", r"L = -\frac1n \sum_i \big[y_i \log \hat y_i + (1 - y_i)\log(1 - \hat y_i)\big]"),
        "softmax": (r"\hat Y = \operatorname{softmax}(Z_L)", r"L = -\frac1n \sum_i \log \hat Y_{i, y_i}"),
        "linear": (r"\hat y = Z_L", r"L = \frac1n \sum_i (\hat y_i - y_i)^2"),
    }[arch.output]  # fmt: skip
    penalty = rf" + \lambda \sum_l \lVert W_l \rVert^2,\quad \lambda = {arch.l2:g}" if arch.l2 else ""
    l2_term = r" + 2\lambda W_l" if arch.l2 else ""
    lines = [
        rf"A_0 = X \in \mathbb{{R}}^{{n \times {sizes[0]}}},\quad Z_l = A_{{l-1}} W_l + b_l,\quad "
        + (rf"A_l = g(Z_l),\ g(z) = {g}\ (l < {L}),\quad " if L > 1 else "")
        + output[0],
        shapes,
        output[1] + penalty,
        r"dZ_L = \hat Y - Y"
        + (r"\ (\times 2 \text{ for the MSE})" if arch.output == "linear" else "")
        + rf",\quad dW_l = \tfrac1n A_{{l-1}}^\top dZ_l{l2_term},\quad "
        r"db_l = \tfrac1n \textstyle\sum_i (dZ_l)_{i\cdot}"
        + (r",\quad dZ_{l-1} = (dZ_l W_l^\top) \odot g'(Z_{l-1})" if L > 1 else ""),
    ]
    return lines


def inside_summary(run: Run, hidden: tuple[int, ...]) -> str:
    """One sentence with this run's numbers: the first layer's gradient against the output layer's, dead units."""
    norms = run.gradient_norms[-1]
    epoch = int(run.inside_epochs[-1])
    parts = []
    if len(norms) > 1 and norms[-1] > 0 and norms[0] > 0:
        ratio = norms[0] / norms[-1]
        parts.append(
            f"at epoch {epoch}, the first layer's gradient is {ratio:.3g} times the output layer's"
            if ratio >= 1
            else f"at epoch {epoch}, the first layer's gradient is 1/{1 / ratio:.3g} of the output layer's"
        )
    if hidden:
        dead = ", ".join(f"{d} of {k}" for d, k in zip(run.dead[-1], hidden, strict=True))
        parts.append(f"dead units per hidden layer: {dead}")
    return (
        ("Here " + "; ".join(parts) + ".") if parts else "With no hidden layer there is one layer of weights."
    )
