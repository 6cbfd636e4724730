"""The page "Optimisers": its widget keys (the names in shared links), labels and controls,
and the gdcore optimiser each name stands for.

Every control is bound to the URL, so a key is part of a shared link: keep its string.
"""

from __future__ import annotations

import streamlit as st

import gdcore

BIND = {"bind": "query-params"}

SURFACE = "surface"
STEPS = "steps"
SHOWN = "shown"
CONVENTION = "convention"
VIEW = "view"  # the tabs Contours / 3-D surface
INSIDE = "inside"  # "Inside an optimiser": which one
INSIDE_STEP = "inside_step"  # and which step

VIEWS = ("Contours", "3-D surface")
FORMULAS = ("Keras", "PyTorch")

# The six optimisers of the race and the gdcore class each one is (with its settings).
CLASSES = {
    "SGD": gdcore.SGD,
    "Momentum": gdcore.SGD,
    "Nesterov": gdcore.SGD,
    "AdaGrad": gdcore.Adagrad,
    "RMSprop": gdcore.RMSprop,
    "Adam": gdcore.Adam,
}
NAMES = tuple(CLASSES)

# Hyperparameter fields: an optimiser's control for a field has the key ``key(name, field)``.
LR, MOMENTUM, EPSILON = "lr", "momentum", "epsilon"
INITIAL = "initial"
RHO, CENTERED = "rho", "centered"
BETA_1, BETA_2, AMSGRAD = "beta_1", "beta_2", "amsgrad"

LEARNING_RATES = (1e-4, 2e-4, 5e-4, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.4, 0.5, 1.0, 2.0)
EPSILONS = (1e-10, 1e-8, 1e-7, 1e-6, 1e-4, 1e-2)
RHOS = (0.5, 0.8, 0.9, 0.95, 0.99, 0.999)
BETA_2S = (0.9, 0.99, 0.999, 0.9999)


def start_key(axis: str, surface_name: str) -> str:
    """The key of the start's ``axis`` ("x" or "y") on one surface: each surface keeps its own start."""
    return f"{axis}0_{surface_name}"


def key(name: str, field: str) -> str:
    """The key of one optimiser's hyperparameter control, e.g. ``key("SGD", LR)`` -> "sgd_lr"."""
    return f"{name.lower()}_{field}"


def build(name: str, settings: dict, convention: str):
    """The gdcore optimiser for one entry of NAMES with these hyperparameters."""
    return CLASSES[name](**settings, convention=convention)


def surface_choice() -> str:
    """The loss surface chosen (its gdcore name), picked by its label."""
    labels = {surface.label: name for name, surface in gdcore.SURFACES.items()}
    return labels[st.selectbox("Loss surface", list(labels), key=SURFACE, **BIND)]


def start_point(surface_name: str) -> tuple[float, float]:
    """The start (x₀, y₀) on the surface, side by side; the surface's own start by default."""
    surface = gdcore.SURFACES[surface_name]
    (x_lo, x_hi), (y_lo, y_hi) = surface.domain
    left, right = st.columns(2)
    # The ranges are written out: a number typed outside them is refused with only a tooltip.
    st.caption(f"x₀ from {x_lo:g} to {x_hi:g}, y₀ from {y_lo:g} to {y_hi:g} (the plotted window).")
    x0 = left.number_input(
        "start x₀", x_lo, x_hi, surface.start[0], 0.1, key=start_key("x", surface_name), **BIND
    )
    y0 = right.number_input(
        "start y₀", y_lo, y_hi, surface.start[1], 0.1, key=start_key("y", surface_name), **BIND
    )
    return float(x0), float(y0)


def steps() -> int:
    """The number of steps each optimiser takes."""
    return st.slider("steps", 10, 500, 200, 10, key=STEPS, **BIND)


def shown() -> list[str]:
    """The optimisers drawn (all of them by default)."""
    return st.multiselect("optimisers shown", NAMES, default=NAMES, key=SHOWN, **BIND)


def convention() -> str:
    """The formulas' convention: "keras" or "pytorch"."""
    return st.radio("formulas", FORMULAS, horizontal=True, key=CONVENTION, **BIND).lower()


def _rate(value, name):
    return st.select_slider(
        "learning rate η",
        LEARNING_RATES,
        value=value,
        format_func=lambda v: f"{float(v):g}",
        key=key(name, LR),
        **BIND,
    )


def _epsilon(name):
    return st.select_slider(
        "epsilon ε",
        EPSILONS,
        value=1e-7,
        format_func=lambda v: f"{float(v):g}",
        key=key(name, EPSILON),
        **BIND,
    )


def hyperparameter_controls(name: str) -> dict:
    """An expander with one optimiser's hyperparameters (Keras defaults); returns them as a dict."""
    with st.expander(name, icon=":material/tune:"):
        if CLASSES[name] is gdcore.SGD:
            settings = {"learning_rate": _rate(0.01, name)}
            if name != "SGD":
                settings["momentum"] = st.slider(
                    "momentum μ", 0.0, 0.99, 0.9, 0.01, key=key(name, MOMENTUM), **BIND
                )
                settings["nesterov"] = name == "Nesterov"
            return settings
        if name == "AdaGrad":
            return {
                "learning_rate": _rate(0.001, name),
                "initial_accumulator_value": st.slider(
                    "initial accumulator", 0.0, 1.0, 0.1, 0.05, key=key(name, INITIAL), **BIND
                ),
                "epsilon": _epsilon(name),
            }
        if name == "RMSprop":
            return {
                "learning_rate": _rate(0.001, name),
                "rho": st.select_slider("rho ρ", RHOS, value=0.9, key=key(name, RHO), **BIND),
                "momentum": st.slider("momentum μ", 0.0, 0.99, 0.0, 0.01, key=key(name, MOMENTUM), **BIND),
                "epsilon": _epsilon(name),
                "centered": st.checkbox("centered", key=key(name, CENTERED), **BIND),
            }
        return {
            "learning_rate": _rate(0.001, name),
            "beta_1": st.slider("beta₁ β₁", 0.0, 0.99, 0.9, 0.01, key=key(name, BETA_1), **BIND),
            "beta_2": st.select_slider("beta₂ β₂", BETA_2S, value=0.999, key=key(name, BETA_2), **BIND),
            "epsilon": _epsilon(name),
            "amsgrad": st.checkbox("amsgrad", key=key(name, AMSGRAD), **BIND),
        }


def hyperparameters() -> dict:
    """Every optimiser's hyperparameters (name -> settings), an expander each."""
    return {name: hyperparameter_controls(name) for name in NAMES}


def inside_choice(column) -> tuple[str, int]:
    """In ``column``: the optimiser to look inside and the step k wanted."""
    chosen = column.selectbox("optimiser", NAMES, index=5, key=INSIDE, **BIND)
    wanted = column.slider("step k", 1, 500, 1, key=INSIDE_STEP, **BIND)
    return chosen, wanted
