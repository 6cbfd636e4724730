"""'Show the code': gdcore code that prints the exercise's answers, and Keras where natural."""

from __future__ import annotations

import gdcore
from ui.code import fmt

HEADER = "import numpy as np\n\nimport gdcore\n\n"


def snippet(exercise: gdcore.Exercise) -> str:
    """Runnable code that computes this exercise's answers with the lecture's gdcore functions."""
    g = exercise.given
    return HEADER + _GDCORE[exercise.kind].format(**{name: fmt(value) for name, value in g.items()})


def keras_snippet(exercise: gdcore.Exercise) -> str | None:
    """The same computation in Keras 3, for the kinds where Keras does it directly (else None)."""
    template = _KERAS.get(exercise.kind)
    if template is None:
        return None
    return template.format(**{name: fmt(value) for name, value in exercise.given.items()})


_GDCORE = {
    "logistic": """X = np.array({X})
y = np.array({y})
neuron = gdcore.logistic_neuron(X, y, w=np.array({w}), b={b})
print("z =", neuron["z"])
print("y_hat =", neuron["y_hat"].round(3))
""",
    "softmax": """X = np.array({X})
W = np.array({W})
b = np.array({b})
layer = gdcore.softmax_layer(X, W, b)
print("Z =", layer["Z"])
print("softmax of the asked row =", layer["P"][{row}].round(3))
""",
    "chain_rule": """for name, value in gdcore.chain_rule(x={x}, y={y}, w={w}, b={b}).items():
    print(name, "=", value)
""",
    "sgd": """(record,) = gdcore.sgd_iterations([[{x}, {y}]], theta0={theta0}, eta={eta})
print("y_hat =", record["y_hat"], "and loss =", record["loss"])
print("gradient =", record["gradient"])
print("theta next =", record["theta_next"])
""",
    "bgd": """problem = gdcore.LinearRegression(x=np.array({x}), y=np.array({y}))
theta0 = np.array({theta0})
for column, values in problem.table(theta0).items():
    print(column, values)
print("mean gradient =", problem.gradient(theta0))
path = gdcore.gradient_descent_path(problem, theta0, eta={eta}, steps=2)
print("theta after one iteration =", path.params[1], "and after two =", path.params[2])
""",
    "learning_rate": """a, eta, w0 = {a}, {eta}, {w0}
print("factor =", gdcore.step_factor(eta, a))
bowl = gdcore.convex_quadratic(a, domain=(-100.0, 100.0), start=w0)
print("iterates =", gdcore.gradient_descent_1d(bowl, w0, eta, steps=2).x)
print("regime:", gdcore.learning_rate_regime(eta, a))
""",
    "momentum_adam": """w, g = np.array([{w0}]), np.array([{g}])
momentum = gdcore.SGD(learning_rate={eta}, momentum={mu})
w_new, state = momentum.step(w, g, {{"step": 0, "momentum": np.array([{v0}])}})
print("momentum: velocity =", state["momentum"], "and w =", w_new)
adam = gdcore.Adam(learning_rate={eta}, beta_1={beta_1}, beta_2={beta_2})
w_new, state = adam.step(w, g, adam.init(w))
print("adam: m =", state["m"], "and v =", state["v"], "and w =", w_new.round(3))
print("bias-corrected: m_hat =", state["m"] / (1 - {beta_1}), "and v_hat =", state["v"] / (1 - {beta_2}))
""",
}

_KERAS = {
    "logistic": """import numpy as np
import keras

X = np.array({X})
neuron = keras.layers.Dense(1, activation="sigmoid")
neuron.build((None, 2))
neuron.set_weights([np.array({w}).reshape(2, 1), np.array([{b}])])
print(neuron(X).numpy().ravel().round(3))
""",
    "softmax": """import numpy as np
import keras

X = np.array({X})
layer = keras.layers.Dense(2, activation="softmax")
layer.build((None, 2))
layer.set_weights([np.array({W}), np.array({b})])
print(layer(X).numpy()[{row}].round(3))
""",
    "momentum_adam": """import numpy as np
import keras

# Keras starts the velocity at 0: the momentum step with v0 = {v0} needs an earlier step.
# Adam's first step, from m = v = 0:
w = keras.Variable([{w0}])
adam = keras.optimizers.Adam(learning_rate={eta}, beta_1={beta_1}, beta_2={beta_2})
adam.apply_gradients([(np.array([{g}]), w)])
print(w.numpy().round(3))
""",
}
