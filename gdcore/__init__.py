"""gdcore: the maths of GD Lab, in pure NumPy.

Imports numpy and the standard library only. Every number the app shows comes
from here; the public names below are the contract in ARCHITECTURE.md.
"""

from types import ModuleType

from gdcore._validate import NonFiniteError
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
from gdcore.landscapes import TiltedDoubleWell, descend_well, escape_shares
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
from gdcore.optimisers import SGD, Adagrad, Adam, Optimiser, RMSprop
from gdcore.rates import (
    CREEPING_LIMIT,
    REGIMES,
    compare_learning_rates,
    excess_loss,
    learning_rate_regime,
    max_curvature,
    parse_learning_rates,
    step_factor,
)
from gdcore.robot_arm import RobotArm, arm_positions, reach_target
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
from gdcore.variants import VariantRun, compare_variants, thin_indices
from gdcore.worked import DescentPath, chain_rule, gradient_descent_path, sgd_iterations

# Every name imported above, and nothing else: add a public name by importing it.
__all__ = sorted(
    name
    for name, value in globals().items()
    if not name.startswith("_") and not isinstance(value, ModuleType)
)

# -- Train a network (issue 17): the MLP problem with backpropagation, the Playground data sets.
from gdcore.network import ACTIVATIONS, LEAKY_SLOPE, OUTPUTS, Network, epoch_params, parse_layers  # noqa: E402
from gdcore.playground import (  # noqa: E402
    INPUT_FEATURES,
    MULTICLASS_DATASETS,
    PLAYGROUND_DATASETS,
    REGRESSION_DATASETS,
    class_labels,
    input_features,
    make_playground_data,
    train_test_split,
)

NETWORK_NAMES = [
    "ACTIVATIONS",
    "INPUT_FEATURES",
    "LEAKY_SLOPE",
    "MULTICLASS_DATASETS",
    "Network",
    "OUTPUTS",
    "PLAYGROUND_DATASETS",
    "REGRESSION_DATASETS",
    "class_labels",
    "epoch_params",
    "input_features",
    "make_playground_data",
    "parse_layers",
    "train_test_split",
]
__all__ = sorted({*__all__, *NETWORK_NAMES})
