"""The page's figures, built as specs with ``ui.figures`` (drawn by the page with ``show``)."""

from __future__ import annotations

import numpy as np

import gdcore
from ui.figures import PALETTE, contour_with_paths, figure, line, spaced, star

SIDE_COLOURS = {"raw": PALETTE[1], "standardised": PALETTE[0]}


def contour_figure(contour, side, feature: str) -> dict:
    """The loss over (w, b) through the optimum, the run's path on it, the optimum as a star."""
    spans = (float(np.ptp(contour.w)) or 1.0, float(np.ptp(contour.b)) or 1.0)
    finite = contour.path[np.all(np.isfinite(contour.path), axis=1)]
    path = finite[spaced(finite, spans)] if len(finite) else finite.reshape(0, 2)
    scale = "z" if side.scaler is not None else "x"
    return contour_with_paths(
        contour.w,
        contour.b,
        contour.loss,
        {f"{side.name}: the run's path": path},
        minimum=side.optimum[[contour.i, -1]],
        minimum_name="optimum",
        colors=[SIDE_COLOURS[side.name]],
        title=f"{side.name.capitalize()} features: κ = {side.kappa:.3g}",
        x=f"w of {feature} ({scale})",
        y="b (intercept)",
        height=420,
    )


def loss_figure(sides: dict, fraction: float) -> dict:
    """The loss above the best, per epoch, for both sides (log scale), and each side's target."""
    traces = []
    for name, side in sides.items():
        excess = gdcore.excess_loss(side.history.epoch_loss, side.loss_best)
        epochs = np.arange(len(excess))
        traces.append(line(epochs, excess, name, colour=SIDE_COLOURS[name]))
    first = next(iter(sides.values()))
    gap = (1 - fraction) * (first.loss_start - first.loss_best)
    longest = max(len(side.history.epoch_loss) for side in sides.values())
    traces.append(line([0, max(longest - 1, 1)], [max(gap, 1e-12)] * 2, f"target ({fraction:.0%} of the way)",
                       colour=PALETTE[6], width=1.5, dash="dash"))  # fmt: skip
    return figure(traces, x="epoch", y="loss − best loss", height=380, yaxis={"type": "log"})


def stopping_figure(run) -> dict:
    """Train and validation deviance per epoch; where early stopping stopped and what it restored."""
    h = run.history
    epochs = np.arange(len(run.train_deviance))
    traces = [
        line(epochs, run.train_deviance, "training deviance", colour=PALETTE[0]),
        line(epochs, run.val_deviance, "validation deviance", colour=PALETTE[1]),
    ]
    values = np.concatenate([run.train_deviance, run.val_deviance])
    values = values[np.isfinite(values)]
    low, high = (float(values.min()), float(values.max())) if values.size else (0.0, 1.0)
    if h.stopped_epoch is not None:
        x = h.stopped_epoch + 1
        traces.append(
            line([x, x], [low, high], f"stopped after epoch {x}", colour=PALETTE[6], width=1.5, dash="dot")
        )
    if h.restored_epoch is not None:
        x = h.restored_epoch + 1
        traces.append(star((x, run.val_deviance[x]), f"weights restored from epoch {x}"))
    return figure(traces, x="epoch", y="mean Poisson deviance", height=400)


def age_figure(labels, true, observed, fitted) -> dict:
    """Yearly claim frequency by driver-age band: the true one, the observed one, the model's."""
    return figure(
        [
            line(labels, true, "true frequency", colour=PALETTE[2], markers=True),
            {
                "type": "scatter",
                "x": labels,
                "y": observed,
                "mode": "markers",
                "name": "observed (claims / exposure)",
                "marker": {"color": PALETTE[6], "size": 9, "symbol": "x"},
            },  # fmt: skip
            line(labels, fitted, "model (early-stopped)", colour=PALETTE[1], markers=True, dash="dash"),
        ],
        x="driver age (years)",
        y="claims per year",
        height=380,
    )
