"""Claim frequency: a Poisson GLM with exposure on a synthetic motor portfolio; raw against
standardised features; early stopping on a validation curve."""

import streamlit as st

from topics.claim_frequency import controls, figures, report, runs, snippets
from ui.code import show_code
from ui.figures import show
from ui.page import section, start

start(
    "Claim frequency",
    "Actuaries model claim counts with a **Poisson** model: policy i, insured for e_i years, expects "
    "ŷ_i = e_i · exp(x_i · w + b) claims. Training it is an optimisation problem like any other, with "
    'Keras\'s `loss="poisson"`. Below: why gradient descent **crawls on raw features** and races on '
    "standardised ones, and where **early stopping** stops and which weights it keeps.",
)
with st.sidebar:
    p = controls.portfolio()  # feeds every section: a change reruns the whole page

# 1. The portfolio ------------------------------------------------------------------------------
st.header("1. A motor portfolio")
st.info(report.SYNTHETIC, icon=":material/science:")
if p.exposure[0] <= 0:
    st.error(
        f"Exposure range: a policy insured for {p.exposure[0]:g} years was never insured, and its expected "
        "claims e · λ would be 0. Showing the default range 0.05 to 1 year instead.",
        icon=":material/error:",
    )
    p = controls.Portfolio(p.n_policies, p.seed, controls.DEFAULT_EXPOSURE)
data = runs.portfolio(*p.args)
st.markdown(
    "Five rating factors, as in the French MTPL data: driver age, vehicle age, vehicle power, bonus-malus "
    "(50 = best, 100 = neutral) and the log of the population density where the driver lives. Each policy "
    "has an exposure e (years insured) and a number of claims y drawn from Poisson(e · λ) with a known "
    "true yearly frequency λ = exp(x · w_true + b_true)."
)
report.portfolio_summary(data)
report.portfolio_table(data)
fitted = report.usable(data) and report.computed(lambda: runs.fittable(*p.args), "The training set")


# Sections 2 and 3 read their own sidebar controls as fragments: moving one reruns only its section.
# 2. Raw against standardised -------------------------------------------------------------------
@section
def raw_against_standardised(p, fitted):
    with st.sidebar:
        s = controls.scaling()
    st.header("2. Raw against standardised features")
    if not fitted:
        return
    bar = report.Progress(p.n_policies, controls.LARGE)
    sides = report.computed(
        lambda: runs.scaling(*p.args, s.optimiser, s.learning_rate, s.epochs, bar.part(0, 0.5)),
        "The training set",
    )
    if not sides:
        return
    races = runs.race(*p.args, s.target, bar.part(0.5, 1.0))
    bar.done()
    shapes = runs.contours(*p.args, s.optimiser, s.learning_rate, s.epochs, s.feature)
    report.scaling_intro(s, runs.split(*p.args)[0].n_policies)
    left, right = st.columns(2)
    for column, name in ((left, "raw"), (right, "standardised")):
        with column:
            show(figures.contour_figure(shapes[name], sides[name], s.feature_name), name=f"contour-{name}")
            report.side_metrics(sides[name], s.target)
            report.run_messages(sides[name], s.optimiser, s.learning_rate)
    show(figures.loss_figure(sides, s.target), name="loss-per-epoch")
    st.markdown(
        "The condition number κ = λ_max / λ_min of the Hessian says how elongated the valley is. Gradient "
        "descent must keep η below 2 / λ_max (the steepest direction), and then crawls along the flattest "
        "one at a pace set by λ_min: about κ steps to shrink the error there by a factor e. Raw features are "
        "on very different scales and none is centred, so a weight and the intercept can compensate each "
        "other: κ is huge. Standardised, κ is close to 1 and the valley is round."
    )
    st.subheader("Each at its own best learning rate")
    report.race_table(races)
    report.race_sentence(races)
    show_code(snippets.scaling_snippet(p, s), key=controls.SCALING_CODE)


# 3. Early stopping -----------------------------------------------------------------------------
@section
def early_stopping(p, fitted, data):
    with st.sidebar:
        e = controls.stopping()
    st.header("3. Early stopping on the validation deviance")
    if not fitted:
        return
    bar = report.Progress(p.n_policies, controls.LARGE)
    stop = report.computed(
        lambda: runs.stopping(
            *p.args, e.patience, e.min_delta, e.restore, e.start_from, e.batch, e.es_rate, e.es_epochs
        ),
        "Early stopping",
    )
    bar.done()
    if not stop:
        return
    st.markdown(
        f"Adam with η = {e.es_rate:g} on mini-batches of {e.batch} standardised training policies; "
        f"{runs.VALIDATION:.0%} of the portfolio is held out. After every epoch, Keras's `EarlyStopping` looks "
        "at `val_loss` (the Poisson loss on the held-out policies): an epoch that does not beat the best by "
        "more than `min_delta` adds one to a counter, and training stops once the counter reaches `patience`. "
        "With `restore_best_weights` the model goes back to the best epoch's weights. The chart shows the mean "
        "Poisson deviance, 2 × (the loss − the loss of a perfect fit): the same curve, shifted and scaled."
    )
    show(figures.stopping_figure(stop), name="early-stopping")
    report.stopping_metrics(stop)
    report.stopping_messages(stop)

    # 4. What the model learnt --------------------------------------------------------------------
    st.header("4. Predicted against true frequency")
    labels, true, observed, fitted_frequency = runs.by_age(*p.args, tuple(stop.original))
    show(figures.age_figure(labels, true, observed, fitted_frequency), name="frequency-by-age")
    st.markdown(
        "Yearly claim frequency by driver-age band over the whole synthetic portfolio, each weighted by "
        "exposure. The true frequency is known only because the data are synthetic; the observed one is "
        "claims per year insured, noisy where there are few policies."
    )
    st.subheader("Fitted weights against the true ones")
    report.weights_table(stop, data.true_params)
    st.caption(
        "The model is trained on standardised features; its weights on the original scale follow from the "
        "inverse transform, w = w_z / s and b = b_z − Σ w_z m / s (m, s: each feature's training mean and "
        "standard deviation)."
    )
    show_code(*snippets.stopping_snippets(p, e), key=controls.STOPPING_CODE)


raw_against_standardised(p, fitted)
early_stopping(p, fitted, data)
