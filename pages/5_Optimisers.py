"""Optimisers: SGD, momentum, Nesterov, AdaGrad, RMSprop and Adam on 2-D loss surfaces."""

import streamlit as st

import gdcore
from ui import optimiser_runs as cached
from ui import optimisers as ui
from ui.code import show_code
from ui.figures import show
from ui.page import metrics_row, presenter_mode, start
from ui.tables import show_table

start(
    "Optimisers",
    "What `model.compile(optimizer=...)` chooses: six optimisers race from the same start on a loss "
    "surface of two parameters. Pick a surface, move the start, change a learning rate, and watch the "
    "paths, the loss and the optimisers' inner state follow.",
)


with st.sidebar:
    labels = {surface.label: name for name, surface in gdcore.SURFACES.items()}
    name = labels[st.selectbox("Loss surface", list(labels), key="surface", bind="query-params")]
    surface = gdcore.SURFACES[name]
    (x_lo, x_hi), (y_lo, y_hi) = surface.domain
    left, right = st.columns(2)
    x0 = left.number_input(
        "start x₀", x_lo, x_hi, surface.start[0], 0.1, key=f"x0_{name}", bind="query-params"
    )
    y0 = right.number_input(
        "start y₀", y_lo, y_hi, surface.start[1], 0.1, key=f"y0_{name}", bind="query-params"
    )
    steps = st.slider("steps", 10, 500, 200, 10, key="steps", bind="query-params")
    shown = st.multiselect("optimisers shown", ui.NAMES, default=ui.NAMES, key="shown", bind="query-params")
    framework = st.radio(
        "formulas", ["Keras", "PyTorch"], horizontal=True, key="convention", bind="query-params"
    )
    st.caption("Hyperparameters: Keras's defaults (Momentum and Nesterov: SGD with momentum 0.9).")
    settings = {n: ui.hyperparameter_controls(n) for n in ui.NAMES}

convention, start_point, presenter = framework.lower(), (float(x0), float(y0)), presenter_mode()
runs = cached.paths(name, start_point, steps, settings, convention)
visible = {n: runs[n] for n in shown}
figures = cached.views(name, start_point, steps, settings, convention, shown, presenter)

st.latex(surface.formula)
st.caption(surface.note)
for n, path in visible.items():
    if path.diverged_at is not None:
        st.warning(f"**{n} diverged at step {path.diverged_at}**: its next point or the loss there is not a "
                   f"finite number. Plotted up to step {path.n_steps}; try a smaller learning rate.")  # fmt: skip
if not visible:
    st.info("Choose at least one optimiser in the sidebar.")

left, right = st.columns(2)
with left:
    flat, solid_tab = st.tabs(["Contours", "3-D surface"], key="view", bind="query-params")
    if flat.open:
        with flat:
            show(figures["contour"], name="optimiser-paths")
    if solid_tab.open:
        with solid_tab:
            view = cached.solid(name, start_point, steps, settings, convention, shown, presenter)
            show(view, name="optimiser-surface-3d")
with right:
    show(figures["loss"], name="optimiser-loss")
    if figures["distance"] is not None:
        show(figures["distance"], name="optimiser-distance")
    else:
        st.info("The saddle has **no minimum**, so there is no distance to plot: the loss falls without "
                "bound as a run escapes along y.")  # fmt: skip

st.subheader("Where each optimiser ended")
show_table(ui.results(surface, visible), name="optimiser-results", decimals=None)

left, right = st.columns([3, 2])
with left:
    st.subheader("Watch them race")
    show(figures["race"], name="optimiser-race", key="race")
with right:
    st.subheader("What to look for")
    st.markdown(ui.LOOK_FOR)


# Its own controls rerun only this section, not the race's figures above.
@st.fragment
def inside_an_optimiser(runs, name, start_point, steps, settings, convention, presenter):
    left, right = st.columns([2, 3])
    chosen = left.selectbox("optimiser", ui.NAMES, index=5, key="inside", bind="query-params")
    wanted = left.slider("step k", 1, 500, 1, key="inside_step", bind="query-params")
    path = runs[chosen]
    if path.n_steps == 0:
        left.warning(f"{chosen} diverged at its first step: there is nothing to look inside.")
        return
    k = min(wanted, path.n_steps)
    if k < wanted:
        left.caption(f"{chosen} took only {path.n_steps} steps: showing step {k}.")
    rows, figure = cached.close_up(name, start_point, steps, settings, convention, chosen, k, presenter)
    with left:
        table = {
            "quantity": list(rows),
            "x": [v[0] for v in rows.values()],
            "y": [v[1] for v in rows.values()],
        }
        show_table(table, name="optimiser-inside", decimals=None)
    with right:
        if isinstance(figure, str):
            st.info(figure)
        else:
            show(figure, name="optimiser-inside")


st.header("Inside an optimiser")
inside_an_optimiser(runs, name, start_point, steps, settings, convention, presenter)

st.header("Keras or PyTorch?")
st.markdown(ui.CONVENTIONS)
momentum = settings["Momentum"]
same, different = cached.convention_gaps(
    name, start_point, steps, momentum["learning_rate"], momentum["momentum"]
)
metrics_row(
    ("Momentum SGD: Keras vs PyTorch, same settings", ui.fmt_gap(same),
     {"help": "Largest difference between the two paths (relative beyond |θ| = 1), Momentum's η and μ."}),
    ("RMSprop: Keras defaults vs PyTorch defaults", ui.fmt_gap(different),
     {"help": "Largest difference between the two paths, each framework with its own defaults."}),
)  # fmt: skip

chosen_settings = {n: settings[n] for n in shown}
show_code(ui.gdcore_snippet(name, start_point, steps, chosen_settings, convention),
          keras=ui.keras_snippet(surface, start_point, steps, chosen_settings))  # fmt: skip
