"""gdcore: the maths of GD Lab, in pure NumPy.

Imports numpy and the standard library only. Every number the app shows comes
from here; the public names below are the contract in ARCHITECTURE.md.
"""

from gdcore.activations import dense, relu, sigmoid, softmax
from gdcore.data import lab_data, lecture_bgd_data, lecture_dense_data, make_linear_data
from gdcore.gradcheck import check_gradient, numerical_gradient
from gdcore.layers import binary_labels, decision_boundary, logistic_neuron, naive_softmax, softmax_layer
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
from gdcore.worked import DescentPath, chain_rule, gradient_descent_path, sgd_iterations

__all__ = [
    "DescentPath",
    "LinearRegression",
    "accuracy",
    "binary_crossentropy",
    "binary_crossentropy_gradient",
    "binary_labels",
    "categorical_crossentropy",
    "categorical_crossentropy_gradient",
    "chain_rule",
    "check_gradient",
    "decision_boundary",
    "dense",
    "gradient_descent_path",
    "lab_data",
    "lecture_bgd_data",
    "lecture_dense_data",
    "logistic_neuron",
    "make_linear_data",
    "mse",
    "mse_gradient",
    "naive_softmax",
    "numerical_gradient",
    "relu",
    "sgd_iterations",
    "sigmoid",
    "softmax",
    "softmax_layer",
]
