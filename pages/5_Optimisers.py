"""Optimisers: SGD, momentum, Nesterov, AdaGrad, RMSprop and Adam on 2-D loss surfaces."""

import streamlit as st

from topics.optimisers import controls, figures, report, runs, snippets
from ui.code import show_code
from ui.figures import show
from ui.numbers import plural
from ui.page import metrics_row, section, start
from ui.tables import show_table

start(
    "Optimisers",
    "What `model.compile(optimizer=...)` chooses: six optimisers race from the same start on a loss "
    "surface of two parameters. Pick a surface, move the start, change a learning rate, and watch the "
    "paths, the loss and the optimisers' inner state follow.",
)

with st.sidebar:
    name = controls.surface_choice()
    start_point = controls.start_point(name)
    steps = controls.steps()
    shown = controls.shown()
    convention = controls.convention()
    st.caption("Hyperparameters: Keras's defaults (Momentum and Nesterov: SGD with momentum 0.9).")
    settings = controls.hyperparameters()

surface = runs.surface(name)
paths = runs.paths(name, start_point, steps, settings, convention)
visible = {n: paths[n] for n in shown}
views = figures.views(name, start_point, steps, settings, convention, shown)

st.latex(surface.formula)
st.caption(surface.note)
report.diverged_warnings(visible)
if not visible:
    st.info("Choose at least one optimiser in the sidebar.")


# Its tabs rerun only this view: the 3-D surface is built and drawn only while its tab is open.
@section
def paths_view(contours, name, start_point, steps, settings, convention, shown):
    flat, solid_tab = st.tabs(list(controls.VIEWS), key=controls.VIEW, bind="query-params")
    if flat.open:
        with flat:
            show(contours, name="optimiser-paths")
    if solid_tab.open:
        with solid_tab:
            solid = figures.solid(name, start_point, steps, settings, convention, shown)
            show(solid, name="optimiser-surface-3d")


left, right = st.columns(2)
with left:
    paths_view(views["contour"], name, start_point, steps, settings, convention, shown)
with right:
    show(views["loss"], name="optimiser-loss")
    if views["distance"] is not None:
        show(views["distance"], name="optimiser-distance")
    else:
        st.info("The saddle has **no minimum**, so there is no distance to plot: the loss falls without "
                "bound as a run escapes along y.")  # fmt: skip

st.subheader("Where each optimiser ended")
show_table(report.results(surface, visible), name="optimiser-results", decimals=None)

left, right = st.columns([3, 2])
with left:
    st.subheader("Watch them race")
    show(views["race"], name="optimiser-race", key="race")
with right:
    st.subheader("What to look for")
    st.markdown(report.look_for(name))


# Its own controls rerun only this section, not the race's figures above.
@section
def inside_an_optimiser(paths, name, start_point, steps, settings, convention):
    left, right = st.columns([2, 3])
    chosen, wanted = controls.inside_choice(left)
    path = paths[chosen]
    if path.n_steps == 0:
        left.warning(f"{chosen} diverged at its first step: there is nothing to look inside.")
        return
    k = min(wanted, path.n_steps)
    if k < wanted:
        left.caption(f"{chosen} took only {plural(path.n_steps, 'step')}: showing step {k}.")
    rows, close_up = figures.close_up(name, start_point, steps, chosen, settings[chosen], convention, k)
    with left:
        show_table(
            report.inside_table(rows), name="optimiser-inside", decimals=None, formats=report.INSIDE_FORMATS
        )
    with right:
        if isinstance(close_up, str):
            st.info(close_up)
        else:
            show(close_up, name="optimiser-inside")


st.header("Inside an optimiser")
inside_an_optimiser(paths, name, start_point, steps, settings, convention)

st.header("Keras or PyTorch?")
st.markdown(report.CONVENTIONS)
momentum = settings["Momentum"]
gaps = runs.convention_gaps(name, start_point, steps, momentum["learning_rate"], momentum["momentum"])
metrics_row(*report.convention_metrics(gaps))

chosen_settings = {n: settings[n] for n in shown}
show_code(snippets.gdcore_snippet(name, start_point, steps, chosen_settings, convention),
          keras=snippets.keras_snippet(surface, start_point, steps, chosen_settings))  # fmt: skip
