"""Seeded 2-D data sets in the spirit of TensorFlow Playground, input features and a train/test split.

Every set has two inputs (x1, x2) inside about [-3, 3] x [-3, 3]. The classification sets
have labels 0, 1, ... (as floats); the regression set has a real-valued target.
``noise`` is the standard deviation of Gaussian noise added to each input coordinate
(classification) or to the target (regression), so 0 gives the clean shape.
"""

from __future__ import annotations

import numpy as np

from gdcore._validate import as_array, count, finite_number, same_length

PLAYGROUND_DATASETS = ("circle", "xor", "clusters", "spiral", "moons", "bumps")
"""The generated sets: five for classification and ``"bumps"`` for regression."""
REGRESSION_DATASETS = ("bumps",)
MULTICLASS_DATASETS = ("clusters", "spiral")
"""The sets that take ``n_classes`` (2 to 4); the others have two classes."""
MAX_CLASSES = 4
MAX_POINTS = 10_000
MAX_SEED = 2**63 - 1
INPUT_FEATURES = ("x1", "x2", "x1²", "x2²", "x1·x2", "sin x1", "sin x2")
"""The input features a network may use, as Playground offers them."""
EXTENT = 3.0  # the sets lie in about [-EXTENT, EXTENT]^2


def make_playground_data(name="xor", n=400, noise=0.2, seed=0, n_classes=2):
    """``n`` seeded points of the data set ``name`` (one of ``PLAYGROUND_DATASETS``).

    - ``circle``: class 1 inside a disc of radius 1.5, class 0 on a ring of radii 2.1 to 3.
    - ``xor``: uniform on the square, class 1 where x1 x2 >= 0 (the points keep 0.3 away from
      the axes, as in Playground).
    - ``clusters``: ``n_classes`` Gaussian clusters (sd 0.6) centred on a circle of radius 2.
    - ``spiral``: ``n_classes`` interleaved spiral arms, 1.75 turns out to radius 3.
    - ``moons``: two interleaving half circles (scikit-learn's moons, scaled by 2).
    - ``bumps`` (regression): y = exp(-|x - (1, 1)|^2 / 2) - exp(-|x + (1, 1)|^2 / 2), plus noise.

    Parameters
    ----------
    name : str
    n : int, 2 <= n <= 10,000
    noise : float >= 0
        Standard deviation of the Gaussian noise on the inputs (on y for ``bumps``).
    seed : int, the seed of ``numpy.random.default_rng``.
    n_classes : int, 2 to 4; only ``clusters`` and ``spiral`` use it.

    Returns
    -------
    X : array (n, 2)
    y : array (n,), labels 0, ..., k - 1 (classification) or real targets (regression).
    """
    if name not in PLAYGROUND_DATASETS:
        raise ValueError(f"name must be one of {', '.join(PLAYGROUND_DATASETS)}, got {name!r}")
    n = count(n, "n", minimum=2, cap=MAX_POINTS)
    noise = finite_number(noise, "noise")
    if noise < 0:
        raise ValueError(f"noise must be >= 0, got {noise}")
    n_classes = count(n_classes, "n_classes", minimum=2, cap=MAX_CLASSES)
    k = n_classes if name in MULTICLASS_DATASETS else 2
    rng = np.random.default_rng(count(seed, "seed", minimum=0, cap=MAX_SEED))
    if name == "bumps":
        X = rng.uniform(-EXTENT, EXTENT, (n, 2))
        y = np.exp(-np.sum((X - 1.0) ** 2, axis=1) / 2) - np.exp(-np.sum((X + 1.0) ** 2, axis=1) / 2)
        return X, y + noise * rng.standard_normal(n)
    y = np.arange(n) % k  # balanced classes, interleaved
    if name == "circle":
        inside = y == 1
        radius = np.where(inside, rng.uniform(0.0, 1.5, n), rng.uniform(2.1, EXTENT, n))
        angle = rng.uniform(0.0, 2 * np.pi, n)
        X = radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    elif name == "xor":
        X = rng.uniform(0.3, EXTENT, (n, 2)) * rng.choice([-1.0, 1.0], (n, 2))
        y = (X[:, 0] * X[:, 1] >= 0).astype(int)
    elif name == "clusters":
        angle = 2 * np.pi * y / k + np.pi / 4
        X = 2.0 * np.column_stack([np.cos(angle), np.sin(angle)]) + 0.6 * rng.standard_normal((n, 2))
    elif name == "spiral":
        t = rng.uniform(0.0, 1.0, n)
        angle = 1.75 * 2 * np.pi * t + 2 * np.pi * y / k
        X = EXTENT * t[:, None] * np.column_stack([np.sin(angle), np.cos(angle)])
    else:  # moons
        angle = rng.uniform(0.0, np.pi, n)
        upper = np.column_stack([np.cos(angle), np.sin(angle)])
        lower = np.column_stack([1 - np.cos(angle), 0.5 - np.sin(angle)])
        X = 2.0 * (np.where((y == 0)[:, None], upper, lower) - [0.5, 0.25])
    return X + noise * rng.standard_normal((n, 2)), y.astype(float)


def input_features(X, names=("x1", "x2")):
    """The input features ``names`` (from ``INPUT_FEATURES``) computed from the two columns of ``X``.

    x1, x2, x1², x2², x1·x2, sin x1, sin x2, in the order given. Returns an array
    (n, len(names)).
    """
    X = as_array(X, "X", ndim=2)
    if X.shape[1] != 2:
        raise ValueError(f"X must have 2 columns (x1, x2), got {X.shape[1]}")
    names = tuple(names)
    unknown = [name for name in names if name not in INPUT_FEATURES]
    if unknown or not names:
        raise ValueError(f"names must be one or more of {', '.join(INPUT_FEATURES)}, got {names!r}")
    if len(set(names)) != len(names):
        raise ValueError(f"names must not repeat a feature, got {names!r}")
    x1, x2 = X[:, 0], X[:, 1]
    columns = {
        "x1": lambda: x1,
        "x2": lambda: x2,
        "x1²": lambda: x1 * x1,
        "x2²": lambda: x2 * x2,
        "x1·x2": lambda: x1 * x2,
        "sin x1": lambda: np.sin(x1),
        "sin x2": lambda: np.sin(x2),
    }
    return np.column_stack([columns[name]() for name in names])


def train_test_split(X, y, train_share=0.5, seed=0):
    """A seeded split: a random ``train_share`` of the rows for training, the rest for testing.

    The rows are shuffled by ``numpy.random.default_rng(seed)``; both parts keep at least
    one row. Returns ``(X_train, y_train, X_test, y_test)``.
    """
    X = as_array(X, "X", ndim=2)
    y = as_array(y, "y", ndim=1)
    same_length(X, "X", y, "y")
    share = finite_number(train_share, "train_share")
    if not 0 < share < 1:
        raise ValueError(f"train_share must be between 0 and 1 (exclusive), got {share}")
    n = len(y)
    if n < 2:
        raise ValueError(f"X and y must have at least 2 rows to split, got {n}")
    n_train = min(max(int(round(share * n)), 1), n - 1)
    order = np.random.default_rng(count(seed, "seed", minimum=0, cap=MAX_SEED)).permutation(n)
    train, test = order[:n_train], order[n_train:]
    return X[train], y[train], X[test], y[test]


def class_labels(y, max_classes=MAX_CLASSES):
    """Labels 0, ..., k - 1 for the distinct values of ``y`` (sorted), with 2 <= k <= ``max_classes``.

    For a student's own label column: any numbers, e.g. 0/1 or 1/2/3. Returns
    ``(labels, values)``: the labels as floats and the k distinct values in order.
    """
    y = as_array(y, "y", ndim=1)
    values, labels = np.unique(y, return_inverse=True)
    if len(values) < 2:
        raise ValueError(f"y must hold at least 2 classes to classify, got only one value ({values[0]:g})")
    if len(values) > max_classes:
        shown = ", ".join(f"{v:g}" for v in values[:8]) + (", ..." if len(values) > 8 else "")
        raise ValueError(
            f"y must hold at most {max_classes} classes, got {len(values)} distinct values ({shown})"
        )
    return labels.astype(float), values
