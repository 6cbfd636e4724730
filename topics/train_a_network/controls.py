"""The page's controls: widget keys and labels (defined once, used by the page, tests and bench),
the sidebar that reads them, and the settings it returns.

Every control is bound to the URL, so "Share this view" reproduces the run.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import streamlit as st

import gdcore
from ui import upload
from ui.page import rerun_only

BIND = {"bind": "query-params"}
# The sections Compare's controls rerun alone: "Watch it learn" (where they are), "Inside the
# network" and the code, which show run B too.
COMPARE_SECTION, INSIDE_SECTION, CODE_SECTION = "net-compare", "net-inside", "net-code"

# -- keys ---------------------------------------------------------------------------------
DATA = "net_data"
CLASSES = "net_classes"
NOISE = "net_noise"
TRAIN_SHARE = "net_train"
FEATURES = "net_features"
HIDDEN = "net_hidden"
ACTIVATION = "net_activation"
OUTPUT = "net_output"
OPTIMISER = "net_optimiser"
MOMENTUM = "net_momentum"
RHO = "net_rho"
BETA_1 = "net_beta_1"
BETA_2 = "net_beta_2"
LEARNING_RATE = "net_lr"
SCHEDULE = "net_schedule"
BATCH = "net_batch"
EPOCHS = "net_epochs"
L2 = "net_l2"
SEED = "net_seed"
COMPARE = "net_compare"
B_OPTIMISER = "net_b_optimiser"
B_LEARNING_RATE = "net_b_lr"
B_BATCH = "net_b_batch"
UPLOAD = "net_upload"  # the uploader's key prefix (files are not in the URL)
CSV_X1, CSV_X2, CSV_LABEL, CSV_STANDARDISE = (
    "net_csv_x1",
    "net_csv_x2",
    "net_csv_label",
    "net_csv_standardise",
)

# -- choices --------------------------------------------------------------------------------
N_POINTS = 400
DATA_LABELS = {
    "circle": "Circle",
    "xor": "Exclusive or (xor)",
    "clusters": "Gaussian clusters",
    "spiral": "Spiral",
    "moons": "Two moons",
    "bumps": "Two bumps (regression)",
    "csv": "Your own CSV",
}
DEFAULT_DATA = "xor"
OUTPUT_LABELS = {
    "auto": "Automatic (from the data)",
    "sigmoid": "sigmoid + binary cross-entropy",
    "softmax": "softmax + categorical cross-entropy",
    "linear": "linear + mean squared error",
}
OPTIMISERS = ("SGD", "Momentum", "Adagrad", "RMSprop", "Adam")
LEARNING_RATES = (1e-5, 1e-4, 3e-4, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
SCHEDULES = ("constant", "exponential decay", "inverse time decay", "cosine decay")
BATCHES = (1, 2, 5, 10, 20, 50, 100, "all")
L2S = (0.0, 1e-5, 1e-4, 1e-3, 0.01, 0.1)
DEFAULT_HIDDEN = "4, 4"
MAX_LAYERS, MAX_UNITS = 4, 8


@dataclass(frozen=True)
class Training:
    """One configuration's optimiser, learning rate, schedule and batch size (None: all the data)."""

    optimiser: str = "Adam"
    learning_rate: float = 0.01
    schedule: str = "constant"
    batch_size: int | None = 10
    momentum: float = 0.9
    rho: float = 0.9
    beta_1: float = 0.9
    beta_2: float = 0.999


@dataclass(frozen=True)
class DataChoice:
    """Which data: a generated set (name, noise, classes) or a student's CSV, and the split."""

    name: str = DEFAULT_DATA
    noise: float = 0.2
    n_classes: int = 2
    train_share: float = 0.5
    seed: int = 0
    csv: object = None  # a CsvData, or None


@dataclass(frozen=True)
class CsvData:
    """Two feature columns and a label column read from a student's file."""

    X: np.ndarray = field(repr=False)
    y: np.ndarray = field(repr=False)
    description: str
    code: str


@dataclass(frozen=True)
class Settings:
    data: DataChoice
    features: tuple[str, ...]
    hidden_text: str
    activation: str
    output: str  # a key of OUTPUT_LABELS
    a: Training
    b: Training | None
    epochs: int
    l2: float
    seed: int
    problems: tuple[str, ...] = ()  # messages about input that could not be used


def _rate(label, key, value, help=None, on_change=BIND):
    return st.select_slider(
        label,
        LEARNING_RATES,
        value=value,
        format_func=lambda v: f"{float(v):g}",
        key=key,
        help=help,
        **on_change,
    )


def _batch(label, key, on_change=BIND):
    return st.select_slider(
        label,
        BATCHES,
        value=10,
        key=key,
        help="Examples per step; 'all' is batch gradient descent (one step per epoch).",
        **on_change,
    )


def _batch_size(choice):
    return None if choice == "all" else int(choice)


def sidebar() -> Settings:
    """Draw the sidebar's controls but Compare's and return what they say (``b`` None: see
    :func:`compare`)."""
    problems: list[str] = []
    with st.sidebar:
        st.subheader("Data")
        data = _data_controls(problems)
        features = st.multiselect(
            "Input features",
            gdcore.INPUT_FEATURES,
            default=["x1", "x2"],
            key=FEATURES,
            help="What the first layer sees, computed from the two coordinates x1 and x2.",
            **BIND,
        )
        if not features:
            problems.append("Choose at least one input feature: using x1 and x2 meanwhile.")
            features = ["x1", "x2"]
        st.subheader("Network")
        hidden_text = st.text_input(
            "Hidden layers: units per layer",
            DEFAULT_HIDDEN,
            key=HIDDEN,
            help=f"Up to {MAX_LAYERS} hidden layers of 1 to {MAX_UNITS} units, e.g. '4, 4' or '8 8 2'; "
            "empty for none (then the network is a logistic or softmax regression).",
            **BIND,
        )
        activation = st.selectbox(
            "Hidden activation",
            gdcore.ACTIVATIONS,
            index=gdcore.ACTIVATIONS.index("tanh"),
            key=ACTIVATION,
            **BIND,
        )
        output_label = st.selectbox("Output and loss", list(OUTPUT_LABELS.values()), key=OUTPUT, **BIND)
        output = next(name for name, label in OUTPUT_LABELS.items() if label == output_label)
        l2 = st.select_slider(
            "L2 penalty λ", L2S, value=0.0, format_func=lambda v: f"{float(v):g}", key=L2, **BIND
        )
        st.subheader("Training")
        a = _training_controls()
        epochs = st.slider("Epochs", 10, 300, 100, 10, key=EPOCHS, **BIND)
        seed = st.number_input(
            "Seed", 0, 1_000_000, 0, key=SEED, help="Initial weights, data and shuffling.", **BIND
        )
    data = DataChoice(**{**data.__dict__, "seed": int(seed)})
    return Settings(
        data,
        tuple(features),
        hidden_text,
        activation,
        output,
        a,
        None,
        int(epochs),
        float(l2),
        int(seed),
        tuple(problems),
    )


def compare(settings: Settings) -> Settings:
    """Draw Compare's controls at the end of the sidebar (call it in the section they rerun) and
    return ``settings`` with their second configuration ``b`` (None when it is off)."""
    again = {**rerun_only(COMPARE_SECTION, INSIDE_SECTION, CODE_SECTION), **BIND}
    with st.sidebar:
        st.subheader("Compare")
        if not st.toggle(
            "Train a second configuration",
            key=COMPARE,
            help="From the same initial weights and data; its other hyperparameters are Keras's defaults.",
            **again,
        ):
            return replace(settings, b=None)
        name = st.selectbox("Optimiser B", OPTIMISERS, index=0, key=B_OPTIMISER, **again)
        learning_rate = _rate("Learning rate B", B_LEARNING_RATE, 0.1, on_change=again)
        batch = _batch("Batch size B", B_BATCH, on_change=again)
    b = Training(
        optimiser=name,
        learning_rate=learning_rate,
        schedule=settings.a.schedule,
        batch_size=_batch_size(batch),
    )
    return replace(settings, b=b)


def compared(settings: Settings) -> Settings:
    """``settings`` with the second configuration Compare's controls hold now (for a section that
    runs after them and shows run B: "Inside the network", the code)."""
    state = st.session_state
    if not state.get(COMPARE):
        return replace(settings, b=None)
    b = Training(
        optimiser=state[B_OPTIMISER],
        learning_rate=state[B_LEARNING_RATE],
        schedule=settings.a.schedule,
        batch_size=_batch_size(state[B_BATCH]),
    )
    return replace(settings, b=b)


def _training_controls() -> Training:
    name = st.selectbox("Optimiser", OPTIMISERS, index=OPTIMISERS.index("Adam"), key=OPTIMISER, **BIND)
    more = {}
    if name == "Momentum":
        more["momentum"] = st.slider("momentum μ", 0.0, 0.99, 0.9, 0.01, key=MOMENTUM, **BIND)
    elif name == "RMSprop":
        more["rho"] = st.select_slider("rho ρ", (0.5, 0.8, 0.9, 0.95, 0.99), value=0.9, key=RHO, **BIND)
    elif name == "Adam":
        more["beta_1"] = st.slider("β₁", 0.0, 0.99, 0.9, 0.01, key=BETA_1, **BIND)
        more["beta_2"] = st.select_slider("β₂", (0.9, 0.99, 0.999, 0.9999), value=0.999, key=BETA_2, **BIND)
    learning_rate = _rate("Learning rate η", LEARNING_RATE, 0.01)
    schedule = st.selectbox(
        "Schedule",
        SCHEDULES,
        key=SCHEDULE,
        help="A decay runs over the whole training: exponential and inverse time to η/10, cosine to 0.",
        **BIND,
    )
    batch_size = _batch_size(_batch("Batch size", BATCH))
    return Training(name, float(learning_rate), schedule, batch_size, **more)


def _data_controls(problems: list[str]) -> DataChoice:
    label = st.selectbox("Data set", list(DATA_LABELS.values()), index=1, key=DATA, **BIND)
    name = next(key for key, text in DATA_LABELS.items() if text == label)
    n_classes = 2
    if name in gdcore.MULTICLASS_DATASETS:
        n_classes = st.slider("Classes", 2, gdcore.playground.MAX_CLASSES, 3, key=CLASSES, **BIND)
    csv = None
    if name == "csv":
        csv = _csv_controls(problems)
        if csv is None:
            name = DEFAULT_DATA
    noise = 0.0
    if name != "csv":
        noise = st.slider("Noise (standard deviation)", 0.0, 1.0, 0.2, 0.05, key=NOISE, **BIND)
    train_share = st.slider(
        "Training share", 0.1, 0.9, 0.5, 0.1, key=TRAIN_SHARE, help="The rest is the test set.", **BIND
    )
    return DataChoice(name, float(noise), int(n_classes), float(train_share), 0, csv)


def _csv_controls(problems: list[str]) -> CsvData | None:
    """The uploader and the column choice; None (and a problem) until the file can be used."""
    meanwhile = f"showing {DATA_LABELS[DEFAULT_DATA]} meanwhile"
    file = st.file_uploader(
        "Upload a CSV",
        type="csv",
        key=f"{UPLOAD}_file",
        help=f"A header row, two numeric feature columns and a label column (classes: 2 to 4 whole-number "
        f"labels; any other numbers: a regression target); at most {upload.MAX_ROWS:,} rows and "
        f"{upload.MAX_MEGABYTES} MB. It stays in this browser session.",
    )
    lost = upload.lost_file(UPLOAD, file)
    if file is None:
        if lost:
            upload.say_lost(lost, f"showing {DATA_LABELS[DEFAULT_DATA]}")
        else:
            st.info(f"No CSV file yet: {meanwhile}.", icon=":material/upload_file:")
        return None
    try:
        parsed = upload.parse_csv(file.getvalue())
        columns = parsed.columns
        if len(columns) < 3:
            raise upload.UploadError(
                f"it needs three columns of numbers (x1, x2 and a label), found {len(columns)}"
            )
        x1 = st.selectbox("x1 column", columns, index=0, key=CSV_X1)
        x2 = st.selectbox("x2 column", columns, index=1, key=CSV_X2)
        label = st.selectbox("Label column", columns, index=len(columns) - 1, key=CSV_LABEL)
        standardise = st.toggle("Standardise x1 and x2", value=True, key=CSV_STANDARDISE)
        return read_columns(parsed, x1, x2, label, standardise, file.name)
    except upload.UploadError as error:
        problems.append(f"Cannot use {file.name}: {error}. {meanwhile[0].upper()}{meanwhile[1:]}.")
        return None


def read_columns(parsed, x1: str, x2: str, label: str, standardise: bool, name: str) -> CsvData:
    """Two features and a label from a parsed CSV, or ``UploadError`` saying what is wrong.

    Rows with a missing value are dropped; a whole-number label column must have 2 to 4
    classes (checked when the page builds the network, which knows the output chosen).
    """
    if len({x1, x2, label}) < 3:
        raise upload.UploadError("choose three different columns for x1, x2 and the label")
    values = parsed.frame[[x1, x2, label]].to_numpy(dtype=float)
    values = values[np.isfinite(values).all(axis=1)]
    if len(values) < 4:
        raise upload.UploadError(f"at least 4 complete rows are needed, found {len(values)}")
    X, y = values[:, :2], values[:, 2]
    if standardise:
        try:
            X = gdcore.standardise(X)
        except ValueError as error:
            raise upload.UploadError(f"cannot standardise these columns: {error}") from None
    elif np.abs(X).max() > upload.MAX_ABS:
        raise upload.UploadError(
            f"values larger than {upload.MAX_ABS:g} in size: turn on 'Standardise x1 and x2'"
        )
    description = f"{name}: x1 = {x1}, x2 = {x2}, label = {label}, {len(values)} rows" + (
        ", x standardised" if standardise else ""
    )
    code = (
        f"import pandas as pd  # {' '.join(description.split())}\n"
        f"data = pd.read_csv({name!r}{_dialect(parsed)}).dropna(subset={[x1, x2, label]!r})\n"
        f"X, y = data[{[x1, x2]!r}].to_numpy(float), data[{label!r}].to_numpy(float)"
        + ("\nX = gdcore.standardise(X)" if standardise else "")
    )
    return CsvData(X, y, description, code)


def _dialect(parsed) -> str:
    return "" if parsed.separator == "," else f", sep={parsed.separator!r}, decimal={parsed.decimal!r}"
