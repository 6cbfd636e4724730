"""The "Loss and derivatives" page's "Show the code", one per section (each section is a fragment and
shows the code of its own numbers): the chain rule, SGD by hand and BGD in gdcore, and BGD in Keras 3."""

from __future__ import annotations

import numpy as np

from ui.code import fmt


def chain_rule_snippet(observation) -> str:
    """Section 1's code: one observation's loss and derivatives; ``observation`` is (x_i, y_i, w, b)."""
    x_i, y_i, w, b = (fmt(float(v)) for v in observation)
    return f"""import gdcore

# 1. One observation: the loss and its derivatives by the chain rule
print(gdcore.chain_rule(x={x_i}, y={y_i}, w={w}, b={b}))
"""


def sgd_snippet(*, points, theta0, eta, t) -> str:
    """Section 2's code: SGD by hand on ``points``, printing iterations 1..``t`` as the page shows them."""
    points, theta0 = fmt(np.asarray(points, dtype=float)), fmt(tuple(float(v) for v in theta0))
    return f"""import gdcore

# 2. SGD by hand: one update per point, in the order picked (shown: iterations 1 to {t})
records = gdcore.sgd_iterations({points}, theta0={theta0}, eta={fmt(float(eta))})
for record in records[:{t}]:
    print("t =", record["t"], "loss =", record["loss"], "theta_t =", record["theta_next"].tolist())
"""


def bgd_snippet(*, data_code, theta0, eta, k, has_next, decimals) -> str:
    """Section 3's code: the BGD table at theta_k (``data_code`` defines x and y, ``Dataset.code``),
    shown with ``decimals``; ``has_next`` says whether theta_{k+1} is finite."""
    lines = [
        "import gdcore",
        "",
        "# 3. BGD: the table at theta_k and the update (all n observations at each step)",
        data_code,
        "problem = gdcore.LinearRegression(x, y)",
        f"path = gdcore.gradient_descent_path(problem, theta0={fmt(tuple(float(v) for v in theta0))}, "
        f"eta={fmt(float(eta))}, steps={k + 1})",
        f"for column, values in problem.table(path.params[{k}]).items():",
        f"    print(column, values.round({decimals}).tolist())  # as the page rounds them",
        f'print("gradient =", path.gradient[{k}].tolist())',
    ]
    if has_next:
        lines.append(f'print("theta_{k + 1} =", path.params[{k + 1}].tolist())')
    return "\n".join(lines) + "\n"


def keras_snippet(*, data_code, theta0, eta, k) -> str:
    """The BGD section in Keras 3: a Dense(1) layer, mean squared error and ``keras.optimizers.SGD``."""
    w0, b0 = (fmt(float(v)) for v in theta0)
    return f"""import numpy as np
import keras
import gdcore  # only for the data

{data_code}
model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])  # y_hat = w x + b
model.layers[0].set_weights([np.array([[{w0}]]), np.array([{b0}])])  # theta_0
model.compile(optimizer=keras.optimizers.SGD(learning_rate={fmt(float(eta))}), loss="mse")
# BGD: every step uses all n observations (batch_size=None would mean 32)
model.fit(x, y, batch_size=len(x), epochs={int(k)}, shuffle=False, verbose=0)
w, b = model.layers[0].get_weights()
print("theta_{int(k)} =", w.ravel(), b)
# SGD by hand instead: fit the picked points with batch_size=1, epochs=1, shuffle=False
"""
