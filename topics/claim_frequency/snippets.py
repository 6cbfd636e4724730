"""'Show the code', one per section (each a fragment with its own controls): raw against standardised
in gdcore, and early stopping in gdcore and in Keras (each runnable, printing the page's numbers)."""

from __future__ import annotations

from topics.claim_frequency.runs import RACE_FRACTIONS, RACE_MAX_EPOCHS, RACE_SAMPLE, VALIDATION

PORTFOLIO = """import numpy as np
import gdcore

# A synthetic portfolio (no real policy), split into training and validation.
data = gdcore.make_motor_portfolio({n}, seed={seed}, exposure_range={exposure})
train, validation = data.split({validation}, seed={seed})
scaler = gdcore.Standardiser(train.X)  # like StandardScaler: fitted on the training set only
print("claims per year", f"{{data.claims.sum() / data.exposure.sum():.4f}}")
"""

SCALING = """
def reference(problem):
    start, optimum = problem.intercept_only(), problem.optimum()  # exp(b) = sum(y) / sum(e); Newton
    hessian = problem.hessian(optimum)
    return start, optimum, gdcore.condition_number(hessian), 2 / np.linalg.eigvalsh(hessian)[-1]

# Raw against standardised: the same optimiser, learning rate and epochs (full batch).
for name, problem in (("raw", train.problem()), ("standardised", train.problem(scaler))):
    start, optimum, kappa, eta_max = reference(problem)
    history = gdcore.fit(problem, start, gdcore.{optimiser}({learning_rate}), epochs={epochs})
    best, first = problem.loss(optimum), problem.loss(start)
    target = best + (1 - {target}) * (first - best)
    print(name, "kappa", f"{{kappa:.3g}}", "eta_max", f"{{eta_max:.3g}}",
          "epochs to the target", gdcore.epochs_to_reach(history.epoch_loss, target))

# The race: batch gradient descent at rates around eta_max, on the first {sample} training policies.
sample = train.subset(slice(0, {sample}))
best_epochs = {{}}
for name, problem in (("raw", sample.problem()), ("standardised", sample.problem(gdcore.Standardiser(sample.X)))):
    start, optimum, kappa, eta_max = reference(problem)
    best, first = problem.loss(optimum), problem.loss(start)
    runs = gdcore.gradient_descent_race(problem, start, eta_max * np.array({fractions}),
                                        target=best + (1 - {target}) * (first - best), max_epochs={max_epochs})
    ok = [run for run in runs if run.converged and run.epochs_to_target is not None]
    fastest = min(ok, key=lambda run: (run.epochs_to_target, -run.learning_rate)) if ok else None
    best_epochs[name] = fastest.epochs_to_target if fastest else None
    print(name, "largest converging eta", f"{{max(r.learning_rate for r in runs if r.converged):.3g}}",
          "best eta", f"{{fastest.learning_rate:.3g}}" if fastest else None, "epochs", best_epochs[name])
if best_epochs["raw"] and best_epochs["standardised"]:
    print("factor", f"{{best_epochs['raw'] / max(best_epochs['standardised'], 1):.3g}}")
"""

STOPPING = """
# Early stopping on the validation loss, Adam on mini-batches of standardised features.
problem, val_problem = train.problem(scaler), validation.problem(scaler)
stop = gdcore.EarlyStopping(monitor="val_loss", patience={patience}, min_delta={min_delta},
                            restore_best_weights={restore}, start_from_epoch={start_from})
history = gdcore.fit(problem, problem.intercept_only(), gdcore.Adam({es_rate}), batch_size={batch},
                     epochs={es_epochs}, seed={seed}, validation=val_problem, early_stopping=stop)
print("stopped after epoch", None if history.stopped_epoch is None else history.stopped_epoch + 1,
      "restored epoch", None if history.restored_epoch is None else history.restored_epoch + 1)
print("fitted weights, standardised scale", np.round(history.final_params, 4))
print("fitted weights, original scale", np.round(scaler.params_to_original(history.final_params), 4))
print("true weights, original scale", np.round(data.true_params, 4))
"""

KERAS = """import keras
from keras import layers
from sklearn.preprocessing import StandardScaler

# X_*: the five features; e_*: exposure in years; y_*: claim counts.
scaler = StandardScaler().fit(X_train)  # fitted on the training set only
Z_train, Z_val = scaler.transform(X_train), scaler.transform(X_val)

# A Poisson GLM is one neuron with an exponential activation: lambda = exp(z . w + b).
model = keras.Sequential([keras.Input(({n_features},)), layers.Dense(1, activation="exponential")])
model.compile(optimizer=keras.optimizers.Adam(learning_rate={es_rate}), loss="poisson")

# Exposure: the target is the frequency y / e, and each policy weighs its exposure e.
# Then the loss is (1/n) sum_i e_i [lambda_i - (y_i / e_i) log lambda_i]
#                = (1/n) sum_i [mu_i - y_i log mu_i] + a constant, with mu_i = e_i lambda_i:
# the same gradient as the offset log mu_i = log e_i + z_i . w + b that gdcore uses.
stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience={patience}, min_delta={min_delta},
                                     restore_best_weights={restore}, start_from_epoch={start_from})
history = model.fit(Z_train, y_train / e_train, sample_weight=e_train,
                    validation_data=(Z_val, y_val / e_val, e_val),
                    batch_size={batch}, epochs={es_epochs}, callbacks=[stop])
print(stop.stopped_epoch, model.get_weights())

# The offset itself, with the functional API (y as the target, no weights):
z_in, log_e = keras.Input(({n_features},)), keras.Input((1,))
mu = layers.Activation("exponential")(layers.Add()([layers.Dense(1)(z_in), log_e]))
offset_model = keras.Model([z_in, log_e], mu)
"""


def _values(portfolio, section) -> dict:
    """The templates' fields: the portfolio's settings, a section's (``controls.Scaling`` or
    ``controls.Stopping``) and the runs' constants."""
    return dict(
        n=portfolio.n_policies,
        seed=portfolio.seed,
        exposure=tuple(portfolio.exposure),
        validation=VALIDATION,
        sample=RACE_SAMPLE,
        fractions=list(RACE_FRACTIONS),
        max_epochs=RACE_MAX_EPOCHS,
        n_features=5,
        **vars(section),
    )


def scaling_snippet(portfolio, scaling) -> str:
    """Section 2's gdcore snippet: raw against standardised, and the race."""
    return (PORTFOLIO + SCALING).format(**_values(portfolio, scaling))


def stopping_snippets(portfolio, stopping) -> tuple[str, str]:
    """Section 3's (gdcore snippet, Keras snippet): early stopping and the weights it keeps."""
    values = _values(portfolio, stopping)
    return (PORTFOLIO + STOPPING).format(**values), KERAS.format(**values)
