"""The "Loss and derivatives" page's controls: widget keys (in students' shared links), labels,
the sidebar sections that read them, the typed SGD points, and the SGD stepper.

Each section function draws its widgets where it is called and returns what they say.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import numpy as np
import streamlit as st

from ui import datasets, upload
from ui.datasets import Dataset
from ui.numbers import plural
from ui.page import keep_in_url, read_or_report

BIND = {"bind": "query-params"}

# 1 · One observation
CR_X = "cr_x"
CR_Y = "cr_y"
CR_W = "cr_w"
CR_B = "cr_b"
CR_CODE = "cr_code"  # each section's "Show the code", open or closed
SGD_CODE = "sgd_code"
BGD_CODE = "bgd_code"
# 2 · SGD by hand; the stepper's buttons and the iteration t it shows (session state)
SGD_POINTS = "sgd_points"
SGD_W0 = "sgd_w0"
SGD_B0 = "sgd_b0"
SGD_ETA = "sgd_eta"
SGD_BACK = "sgd_back"
SGD_NEXT = "sgd_next"
SGD_RESET = "sgd_reset"
SGD_T = "sgd_t"
# 3 · BGD tables
BGD_DATA = "bgd_data"
BGD_UPLOAD = "bgd_upload"  # the prefix of the upload's keys (ui.upload)
BGD_N = "bgd_n"
BGD_NOISE = "bgd_noise"
BGD_SEED = "bgd_seed"
BGD_W0 = "bgd_w0"
BGD_B0 = "bgd_b0"
BGD_ETA = "bgd_eta"
BGD_K = "bgd_k"
BGD_K_LABEL = "Table at θₖ, after k updates"
BGD_DECIMALS = "bgd_decimals"

K_MAX = 50  # the last BGD iteration k offered
# Each built-in data set opens with a learning rate below its 2 / lambda_max (gdcore.max_curvature):
# lecture 0.18, lab 0.074, synthetic (10 points) 0.58.
ETA_DEFAULTS = {"lecture": 0.1, "lab": 0.05, "synthetic": 0.1, "upload": 0.1}
DEFAULT_POINTS = "(5, 5), (9, 17)"  # the slides' two picks
MAX_POINTS = 30
NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


# Said on the page: a number box refuses a value out of its range and says why only in a tooltip.
RANGE_NOTE = "Each box takes −100 to 100{eta}. A value outside is not taken: the box keeps its last value."


class Observation(NamedTuple):
    """Section 1's settings: one observation (x_i, y_i) and the parameters (w, b)."""

    x: float
    y: float
    w: float
    b: float


class Sgd(NamedTuple):
    """Section 2's settings: the points as typed, theta_0 and eta."""

    points_text: str
    theta0: tuple[float, float]
    eta: float


class Bgd(NamedTuple):
    """Section 3's settings: which data (``data_name`` a key of ``datasets.LABELS``), theta_0, eta,
    the iteration k shown and the decimals."""

    data_name: str
    uploaded: Dataset | None
    n: int
    noise: float
    seed: int
    theta0: tuple[float, float]
    eta: float
    k: int
    decimals: int


def observation() -> Observation:
    """Section 1's controls: x_i, y_i, w and b, two a row."""
    left, right = st.columns(2)
    x = left.number_input("xᵢ", -100.0, 100.0, 5.0, 1.0, format="%g", key=CR_X, **BIND)
    y = right.number_input("yᵢ", -100.0, 100.0, 5.0, 1.0, format="%g", key=CR_Y, **BIND)
    w = left.number_input("w", -100.0, 100.0, 0.0, 0.1, format="%g", key=CR_W, **BIND)
    b = right.number_input("b", -100.0, 100.0, 0.0, 0.1, format="%g", key=CR_B, **BIND)
    st.caption(RANGE_NOTE.format(eta=""))
    return Observation(x, y, w, b)


def sgd() -> Sgd:
    """Section 2's controls: the points in the order picked, w_0, b_0 and eta."""
    text = st.text_input("Points (x, y), in the order picked", DEFAULT_POINTS, key=SGD_POINTS, **BIND)
    left, middle, right = st.columns(3)
    w0 = left.number_input("w₀", -100.0, 100.0, 0.0, 0.1, format="%g", key=SGD_W0, **BIND)
    b0 = middle.number_input("b₀", -100.0, 100.0, 0.0, 0.1, format="%g", key=SGD_B0, **BIND)
    eta = right.number_input("η", 0.0001, 10.0, 0.01, 0.001, format="%g", key=SGD_ETA, **BIND)
    st.caption(RANGE_NOTE.format(eta="; η from 0.0001 to 10"))
    return Sgd(text, (w0, b0), eta)


def _data_name(label: str) -> str:
    """The key of ``datasets.LABELS`` shown as ``label``."""
    return next(name for name, shown in datasets.LABELS.items() if shown == label)


def _data_changed() -> None:
    """Select box callback: each data set opens with its own learning rate (``ETA_DEFAULTS``)."""
    st.session_state[BGD_ETA] = ETA_DEFAULTS[_data_name(st.session_state[BGD_DATA])]


def bgd() -> Bgd:
    """Section 3's controls: the data (the synthetic data's controls or the upload when chosen),
    theta_0, eta, the iteration k and the decimals shown."""
    label = st.selectbox(
        "Data", list(datasets.LABELS.values()), key=BGD_DATA, on_change=_data_changed, **BIND
    )
    name = _data_name(label)
    n, noise, seed = 10, 0.5, 0  # the synthetic data's controls, shown when chosen
    if name == "synthetic":
        n = st.slider("Number of points n", 2, 100, 10, key=BGD_N, **BIND)
        noise = st.slider("Noise (standard deviation)", 0.0, 3.0, 0.5, 0.1, key=BGD_NOISE, **BIND)
        seed = st.number_input("Seed", 0, 1_000_000, 0, key=BGD_SEED, **BIND)
    uploaded = (
        upload.csv_data(BGD_UPLOAD, meanwhile="showing the lecture's data") if name == "upload" else None
    )
    left, middle, right = st.columns(3)
    w0 = left.number_input("w₀", -100.0, 100.0, 0.0, 0.1, format="%g", key=BGD_W0, **BIND)
    b0 = middle.number_input("b₀", -100.0, 100.0, 0.0, 0.1, format="%g", key=BGD_B0, **BIND)
    # the data's own default on a first visit; afterwards the state, which _data_changed may have set
    default = None if BGD_ETA in st.session_state else ETA_DEFAULTS[name]
    eta = right.number_input("η", 0.0001, 100.0, default, 0.01, format="%g", key=BGD_ETA, **BIND)
    st.caption(RANGE_NOTE.format(eta="; η from 0.0001 to 100"))
    k = st.slider(
        BGD_K_LABEL,
        0,
        K_MAX,
        0,
        key=BGD_K,
        help="k = 0 is the start θ₀.",
        **BIND,
    )
    decimals = st.slider("Decimals shown", 0, 8, 2, key=BGD_DECIMALS, **BIND)
    return Bgd(name, uploaded, n, noise, seed, (w0, b0), eta, k, decimals)


MINUSES = str.maketrans({"−": "-", "–": "-", "‒": "-"})  # the minus signs the app itself prints
POINT = re.compile(r"\(([^()]*)\)")  # one point in brackets
COMMA_DECIMALS = re.compile(r"^\s*[-+]?\d+,\d+\s*;\s*[-+]?\d+,\d+\s*$")  # (1,5; 2,5)
WRITE_THEM = "write them as pairs of numbers, e.g. (5, 5), (9, 17)"


def _numbers(text: str, where: str) -> list[float]:
    """The numbers in ``text``; ValueError when anything else is there."""
    leftover = NUMBER.sub("", text)
    if found := re.search(r"[^\s,;\[\]]", leftover):
        raise ValueError(f"{where} holds {found.group()!r}, which is not part of a number: {WRITE_THEM}")
    return [float(value) for value in NUMBER.findall(text)]


def _point(inside: str) -> tuple[float, float]:
    """The point written inside one pair of brackets: two numbers, or two comma decimals split by ';'."""
    if COMMA_DECIMALS.match(inside):
        x, y = (float(part.strip().replace(",", ".")) for part in inside.split(";"))
        return x, y
    numbers = _numbers(inside, f"({inside.strip()})")
    if len(numbers) != 2:
        raise ValueError(
            f"({inside.strip()}) holds {plural(len(numbers), 'number')}; each point is one pair (x, y)"
        )
    return numbers[0], numbers[1]


def parse_points(text: str) -> np.ndarray:
    """The points (x, y) written as "(5, 5), (9, 17)" as an array (m, 2); ValueError if malformed.

    A Unicode minus (−3) is a minus; "(1,5; 2,5)" is the point (1.5, 2.5) written with decimal
    commas; with brackets, each point must hold exactly two numbers; without any, the numbers
    are read two by two.
    """
    text = text.translate(MINUSES)
    if "(" in text or ")" in text:
        if text.count("(") != text.count(")") or re.search(r"\([^)]*\(|\)[^(]*\)", text):
            raise ValueError(f"the brackets do not pair up: {WRITE_THEM}")
        _numbers(POINT.sub(" ", text), "the text between the points")
        points = np.array([_point(inside) for inside in POINT.findall(text)], dtype=float).reshape(-1, 2)
    else:
        numbers = _numbers(text, "the box")
        if len(numbers) % 2:
            raise ValueError(
                f"an odd count of numbers ({len(numbers)}) cannot be read as pairs: {WRITE_THEM}"
            )
        points = np.array(numbers, dtype=float).reshape(-1, 2)
    if not len(points):
        raise ValueError(f"no points: {WRITE_THEM}")
    if outside := NUMBER.findall(POINT.sub(" ", text)) if "(" in text else []:
        raise ValueError(f"{outside[0]} stands outside the brackets: {WRITE_THEM}")
    if len(points) > MAX_POINTS:
        raise ValueError(f"at most {MAX_POINTS} points, got {len(points)}")
    if not np.isfinite(points).all():
        raise ValueError("points must be finite numbers")
    return points


def is_default(points) -> bool:
    """Whether ``points`` are the slides' two picks."""
    return np.array_equal(points, parse_points(DEFAULT_POINTS))


def sgd_points(text: str) -> np.ndarray:
    """The SGD points typed in the sidebar; when they cannot be read, an error and the slides' points."""
    return read_or_report(
        parse_points,
        text,
        fallback=parse_points(DEFAULT_POINTS),
        message=f"Cannot read the points: {{error}}. Using {DEFAULT_POINTS} instead.",
        icon=":material/error:",
    )


def iteration() -> int:
    """The SGD iteration shown, from the address bar (``?sgd_t=3``; 1 when missing or unreadable).

    In the URL rather than the session, like every control: a reload, a shared link, or a new
    session on another server after a failover shows the same iteration.
    """
    try:
        return int(st.query_params.get(SGD_T, "1"))
    except ValueError:
        return 1


def move(delta: int) -> None:
    """Button callback: step the SGD iteration shown by ``delta`` (0 resets to the first)."""
    keep_in_url(SGD_T, str(1 if delta == 0 else iteration() + delta))


def stepper(m: int) -> int:
    """Back / Next / Reset buttons over the SGD iterations 1..``m``; returns the iteration t shown
    (kept in the address bar, within 1..m)."""
    t = int(np.clip(iteration(), 1, m))
    if t != 1 or SGD_T in st.query_params:
        keep_in_url(SGD_T, str(t))
    back, forward, reset, where = st.columns([1, 1, 1, 4], vertical_alignment="center")
    back.button(
        "Back", key=SGD_BACK, icon=":material/arrow_back:", disabled=t == 1, on_click=move, args=(-1,)
    )
    forward.button(
        "Next", key=SGD_NEXT, icon=":material/arrow_forward:", disabled=t == m, on_click=move, args=(1,)
    )
    reset.button("Reset", key=SGD_RESET, icon=":material/restart_alt:", on_click=move, args=(0,))
    where.markdown(f"**Iteration {t} of {m}**")
    return t
