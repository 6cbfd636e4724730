"""Train a network: dense layers, backpropagation and an optimiser together, played back epoch by epoch."""

import streamlit as st

from topics.train_a_network import controls, figures, report, runs, snippets
from ui.code import show_code
from ui.figures import show
from ui.page import section, start

start("Train a network", report.INTRO)

settings = controls.sidebar()  # all but Compare's: they feed every section
trained = runs.everything(settings)  # run A
report.problems(trained)


# Compare's controls rerun only the sections that show run B (trained beside A): this one,
# "Inside the network" and the code.
@section(key=controls.COMPARE_SECTION)
def watch_it_learn(trained, settings):
    settings = controls.compare(settings)
    trained = runs.with_b(trained, settings)
    report.run_messages(trained, settings)
    labels = {"A": report.describe(settings.a), **({"B": report.describe(settings.b)} if settings.b else {})}
    st.header("1. Watch it learn")
    st.caption(f"Data: {trained.data.description}; {len(trained.data.y_train)} points for training, "
               f"{len(trained.data.y_test)} for testing (outlined in black).")  # fmt: skip
    report.final_metrics(trained.a, "A" if trained.b else None)
    if trained.b is not None:
        report.final_metrics(trained.b, "B", reference=trained.a)
    show(figures.playground(trained, labels), name="train-a-network")
    st.markdown(report.LOOK_FOR)


watch_it_learn(trained, settings)

st.header("2. The network in matrices")
st.markdown(
    "Each layer is the dense layer of the first slides, $Z = XW + b$ followed by an activation; the output "
    "of one layer is the input of the next. Backpropagation is the chain rule applied layer by layer, "
    "from the loss back to the first weights; every step of the optimiser uses the gradient it gives for "
    "one mini-batch of $n$ examples:"
)
for formula in report.network_formulas(trained):
    st.latex(formula)


@section(key=controls.INSIDE_SECTION)
def inside_the_network(trained, settings):
    trained = runs.with_b(trained, controls.compared(settings))
    st.header("3. Inside the network")
    st.markdown(report.INSIDE_LOOK_FOR)
    show(figures.inside(trained), name="train-a-network-inside")
    st.caption(report.inside_summary(trained.a, trained.architecture.hidden))


inside_the_network(trained, settings)


@section(key=controls.CODE_SECTION)
def the_code(trained, settings):
    settings = controls.compared(settings)
    trained = runs.with_b(trained, settings)
    show_code(snippets.gdcore_snippet(trained, settings), keras=snippets.keras_snippet(trained, settings))


the_code(trained, settings)
