"""The page "Optimisers": its "Show the code" snippets (gdcore, run by a test; Keras 3, shown),
built from its settings. gdcore's optimiser classes carry Keras's names, so one name serves both."""

from __future__ import annotations

from topics.optimisers.controls import CLASSES


def _arguments(settings: dict) -> str:
    return ", ".join(f"{key}={value!r}" for key, value in settings.items())


def gdcore_snippet(surface_name: str, start, steps: int, settings: dict, convention: str) -> str:
    """Runnable gdcore code that prints each optimiser's final x, y and loss as the table shows them."""
    extra = ', convention="pytorch"' if convention == "pytorch" else ""
    lines = "\n".join(
        f'    "{name}": gdcore.{CLASSES[name].__name__}({_arguments(values)}{extra}),'
        for name, values in settings.items()
    )
    return f'''import gdcore

surface = gdcore.SURFACES["{surface_name}"]
optimisers = {{
{lines}
}}
for name, optimiser in optimisers.items():
    path = gdcore.optimiser_path(surface, {list(map(float, start))}, optimiser, steps={steps})
    x, y = path.params[-1]
    print(name, round(x, 4), round(y, 4), "loss", round(path.loss[-1], 4))
'''


def keras_snippet(surface, start, steps: int, settings: dict) -> str:
    """The same runs in Keras 3 (TensorFlow backend); shown, not run."""
    lines = "\n".join(
        f'    "{name}": keras.optimizers.{CLASSES[name].__name__}({_arguments(values)}),'
        for name, values in settings.items()
    )
    return f"""from math import pi

import keras
import tensorflow as tf
from keras.ops import cos


def f(p):  # {surface.label}
    x, y = p[0], p[1]
    return {surface.expression}


optimisers = {{
{lines}
}}
for name, optimiser in optimisers.items():
    p = keras.Variable({list(map(float, start))})
    for _ in range({steps}):
        with tf.GradientTape() as tape:
            loss = f(p)
        optimiser.apply_gradients([(tape.gradient(loss, p), p)])
    print(name, p.numpy().round(4), "loss", float(f(p)))
"""
