"""The "Gradient descent" page's "Show the code": its three variants in gdcore, and in Keras 3."""

from __future__ import annotations

from ui.code import fmt


def snippet(data, eta, epochs, batch_size, seed, decimals):
    """Runnable gdcore code printing each variant's final (w, b) and loss as the table shows them."""
    return f"""import numpy as np
import gdcore

{data}
problem = gdcore.LinearRegression(x, y)
sgd = gdcore.SGD(learning_rate={fmt(float(eta))})
for name, batch_size in [("Batch GD", None), ("Stochastic GD", 1), ("Mini-batch GD", {batch_size})]:
    history = gdcore.fit(problem, np.zeros(2), sgd, batch_size=batch_size, epochs={epochs}, seed={seed})
    w, b = history.params[-1]
    loss = problem.loss(history.params[-1])
    print(f"{{name}}: w = {{w:.{decimals}f}}, b = {{b:.{decimals}f}}, loss = {{loss:.{decimals}f}}")
"""


def keras_snippet(data, eta, epochs, batch_size, seed):
    """The same three runs in Keras 3 (one Dense unit, MSE, plain SGD)."""
    return f"""import keras
import gdcore

{data}
for name, batch_size in [("Batch GD", len(x)), ("Stochastic GD", 1), ("Mini-batch GD", {batch_size})]:
    keras.utils.set_random_seed({seed})
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1, kernel_initializer="zeros")])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate={fmt(float(eta))}), loss="mse")
    model.fit(x, y, batch_size=batch_size, epochs={epochs}, shuffle=True, verbose=0)
    w, b = (float(v.ravel()[0]) for v in model.get_weights())
    print(name, w, b, model.evaluate(x, y, verbose=0))
"""
