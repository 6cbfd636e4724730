"""The Glossary page: the lecture's terms plus the ones GD Lab adds, each with the page that shows it."""

from __future__ import annotations

from typing import NamedTuple

FILTER = "filter"  # the filter box's key (and query parameter)

# The pages a term links to, by slug (``ui.nav.Page.slug``, the deep link's path).
DENSE = "Dense_layers"
GUESS = "Make_a_guess"
GD = "Gradient_descent"
RATES = "Learning_rates"
OPTIMISERS = "Optimisers"
NONZERO = "Non_zero_derivatives"
LOSS = "Loss_and_derivatives"


class Term(NamedTuple):
    term: str
    meaning: str
    slug: str  # the page that shows it


GLOSSARY = sorted(
    [
        # The lecture's own glossary.
        Term("Batch", "The group of training examples used to compute one gradient step.", GD),
        Term(
            "Batch size",
            "How many examples go into each batch: all of them for batch gradient descent, "
            "one for stochastic gradient descent, something in between for mini-batches.",
            GD,
        ),
        Term(
            "Gradient-based learning",
            "Improving a model's parameters by repeatedly moving them against the derivative "
            "(gradient) of the loss: the slope says which way is downhill.",
            GUESS,
        ),
        Term(
            "Hill-climbing",
            "Searching for a better point by looking only at nearby points; gradient descent is "
            "hill-climbing (downhill) that uses the slope to choose the direction and the size of a step.",
            GUESS,
        ),
        Term(
            "Metric",
            "A number that says how good a model is for people (accuracy, for example). It need not be "
            "differentiable, so it is reported, not optimised.",
            NONZERO,
        ),
        Term(
            "Stochastic gradient descent",
            "Gradient descent that updates the parameters after each single, randomly chosen example: "
            "many cheap, noisy steps.",
            GD,
        ),
        Term(
            "Mini-batch gradient descent",
            "Gradient descent on small random groups of examples: less noisy than stochastic, far "
            "cheaper per step than batch; what deep-learning libraries do by default.",
            GD,
        ),
        Term(
            "Batch gradient descent",
            "Gradient descent whose every step uses the mean gradient over all the training data.",
            LOSS,
        ),
        # Terms the app adds.
        Term("Epoch", "One pass over the whole training set, however many steps it takes.", GD),
        Term(
            "Learning rate (η)",
            "The factor that scales the gradient in each update θ ← θ − η∇L: too small creeps, "
            "too large oscillates or diverges.",
            RATES,
        ),
        Term(
            "Learning-rate schedule",
            "A rule that changes the learning rate with the step count, e.g. exponential or cosine decay.",
            RATES,
        ),
        Term("Divergence", "A run whose loss grows without bound, usually because η is too large.", RATES),
        Term(
            "Local minimum",
            "A point lower than all its neighbours but not the lowest overall; gradient descent can stop there.",
            GD,
        ),
        Term(
            "Plateau",
            "A flat stretch of the loss where the gradient is nearly zero, so steps become tiny.",
            GD,
        ),
        Term(
            "Loss function",
            "The differentiable number training minimises, such as the mean squared error.",
            LOSS,
        ),
        Term(
            "Mean squared error (MSE)",
            "The mean of (ŷ − y)² over the examples: the loss of the lecture's linear regression.",
            LOSS,
        ),
        Term(
            "Chain rule",
            "The derivative of a composition is the product of the derivatives along the way: "
            "dL/dw = dL/dŷ · dŷ/dw.",
            LOSS,
        ),
        Term(
            "Gradient",
            "The vector of a function's partial derivatives: the direction of steepest ascent.",
            LOSS,
        ),
        Term(
            "Dense layer",
            "A layer that computes Z = XW + b: every input is connected to every output.",
            DENSE,
        ),
        Term("Sigmoid", "σ(z) = 1 / (1 + e^(−z)): turns a number into a probability.", DENSE),
        Term(
            "Softmax",
            "Turns a row of scores (logits) into probabilities that sum to one; smooth, unlike argmax.",
            DENSE,
        ),
        Term(
            "Cross-entropy",
            "The loss for classification: minus the mean log-probability given to the true class.",
            NONZERO,
        ),
        Term(
            "Dead ReLU",
            "A ReLU unit whose input is negative for every example: its output and its gradient are zero, "
            "so it never learns again.",
            NONZERO,
        ),
        Term(
            "Accuracy",
            "The share of examples whose predicted class is the true one: a metric people read, but a "
            "staircase in the weights (its derivative is 0 almost everywhere), so it cannot be the loss.",
            NONZERO,
        ),
        Term(
            "ReLU",
            "The rectified linear unit max(0, z): passes positive inputs unchanged and outputs 0 otherwise, "
            "where its derivative is 0.",
            NONZERO,
        ),
        Term(
            "Leaky ReLU",
            "Like ReLU, but with a small slope α below zero (z for z > 0, αz otherwise), so a unit always "
            "passes some gradient back and cannot die.",
            NONZERO,
        ),
        Term(
            "Argmax",
            "The index of the largest entry, e.g. the class with the highest score: it jumps from one class to "
            "another, so its derivative is 0 wherever it exists.",
            NONZERO,
        ),
        Term(
            "Logit",
            "A raw score z = xw + b before the sigmoid or the softmax turns it into a probability.",
            DENSE,
        ),
        Term(
            "Saddle point",
            "A point where the gradient is zero but which is a minimum along some directions and a maximum "
            "along others; plain gradient descent slows down near it.",
            OPTIMISERS,
        ),
        Term(
            "Momentum",
            "An optimiser that keeps a running velocity of past gradients, which speeds it along valleys.",
            OPTIMISERS,
        ),
        Term("Nesterov momentum", "Momentum that looks at the gradient one velocity step ahead.", OPTIMISERS),
        Term(
            "AdaGrad",
            "Divides each parameter's step by the root of its summed squared gradients, so steps shrink.",
            OPTIMISERS,
        ),
        Term(
            "RMSprop",
            "Like AdaGrad, but with a decaying average of squared gradients, so steps do not vanish.",
            OPTIMISERS,
        ),
        Term(
            "Adam",
            "Momentum plus RMSprop's scaling, with a bias correction for the first steps.",
            OPTIMISERS,
        ),
    ],
    key=lambda entry: entry.term.lower(),
)


def matching(query: str) -> list[Term]:
    """The terms whose name or meaning contains ``query`` (case-insensitive), in alphabetical order."""
    query = query.lower()
    return [entry for entry in GLOSSARY if query in f"{entry.term} {entry.meaning}".lower()]
