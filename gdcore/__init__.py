"""gdcore: the maths of GD Lab, in pure NumPy.

Imports numpy and the standard library only. Every number the app shows comes
from here; the public names below are the contract in ARCHITECTURE.md.
"""

from types import ModuleType

from gdcore._validate import NonFiniteError
from gdcore.activations import dense, relu, sigmoid, softmax
from gdcore.data import lab_data, lecture_bgd_data, lecture_dense_data, make_linear_data
from gdcore.gradcheck import check_gradient, numerical_gradient
from gdcore.linear import LinearRegression
from gdcore.losses import (
    accuracy,
    binary_crossentropy,
    binary_crossentropy_gradient,
    categorical_crossentropy,
    categorical_crossentropy_gradient,
    mse,
    mse_gradient,
)
from gdcore.optimisers import SGD, Adagrad, Adam, Optimiser, RMSprop
from gdcore.schedules import CosineDecay, ExponentialDecay, InverseTimeDecay, PiecewiseConstantDecay
from gdcore.surfaces import (
    SURFACES,
    Beale,
    Himmelblau,
    IllConditionedQuadratic,
    Rastrigin,
    Rosenbrock,
    Saddle,
    SixHumpCamel,
    max_path_difference,
    optimiser_path,
)
from gdcore.training import History, fit

# Every name imported above, and nothing else: add a public name by importing it.
__all__ = sorted(
    name
    for name, value in globals().items()
    if not name.startswith("_") and not isinstance(value, ModuleType)
)
