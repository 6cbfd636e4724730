"""gdcore: the maths of GD Lab, in pure NumPy.

Imports numpy and the standard library only. Every number the app shows comes
from here; the public names below are the contract in ARCHITECTURE.md.
"""

from gdcore.activations import dense, relu, sigmoid, softmax
from gdcore.data import lab_data, lecture_bgd_data, lecture_dense_data, make_linear_data
from gdcore.functions1d import (
    CONVEX_QUADRATIC,
    GUESS_FUNCTIONS,
    LATER_GUESS,
    LECTURE_GUESS,
    PITFALLS,
    SEVERAL_MINIMA,
    Descent1D,
    Function1D,
    convex_quadratic,
    gradient_descent_1d,
    original_widget_derivative,
)
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
from gdcore.nonzero import (
    KERAS_LEAKY_RELU_SLOPE,
    accuracy_jumps,
    active_slopes,
    dead_unit_counts,
    dead_units,
    descend_logistic,
    glorot_uniform,
    leaky_relu,
    leaky_relu_derivative,
    logistic_accuracy,
    logistic_accuracy_gradient,
    logistic_loss,
    logistic_loss_gradient,
    logistic_slice,
    make_classification_data,
    softmax_slice,
    standardise,
)

__all__ = [
    "LinearRegression",
    "accuracy",
    "binary_crossentropy",
    "binary_crossentropy_gradient",
    "categorical_crossentropy",
    "categorical_crossentropy_gradient",
    "check_gradient",
    "dense",
    "lab_data",
    "lecture_bgd_data",
    "lecture_dense_data",
    "make_linear_data",
    "mse",
    "mse_gradient",
    "numerical_gradient",
    "relu",
    "sigmoid",
    "softmax",
    # functions1d: 1-D costs and gradient descent on them
    "CONVEX_QUADRATIC",
    "GUESS_FUNCTIONS",
    "LATER_GUESS",
    "LECTURE_GUESS",
    "PITFALLS",
    "SEVERAL_MINIMA",
    "Descent1D",
    "Function1D",
    "convex_quadratic",
    "gradient_descent_1d",
    "original_widget_derivative",
    # nonzero: we need non-zero derivatives
    "KERAS_LEAKY_RELU_SLOPE",
    "accuracy_jumps",
    "active_slopes",
    "dead_unit_counts",
    "dead_units",
    "descend_logistic",
    "glorot_uniform",
    "leaky_relu",
    "leaky_relu_derivative",
    "logistic_accuracy",
    "logistic_accuracy_gradient",
    "logistic_loss",
    "logistic_loss_gradient",
    "logistic_slice",
    "make_classification_data",
    "softmax_slice",
    "standardise",
]
