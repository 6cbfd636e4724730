"""Input checks shared by every public gdcore function.

Each check raises ``ValueError`` (or ``TypeError``) with a message that names
the argument and says what was expected, so a page can show it to a student.
"""

from __future__ import annotations

import math
import numbers

import numpy as np


def as_array(
    value, name: str, *, ndim: int | tuple[int, ...] | None = None, allow_empty: bool = False
) -> np.ndarray:
    """Return ``value`` as a finite float array, or raise naming ``name``.

    ``ndim`` is the number of dimensions expected (an int or a tuple of allowed ints).
    """
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be numeric, got a string")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be numeric array-like ({error})") from None
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else ndim
        if array.ndim not in allowed:
            wanted = " or ".join(str(d) for d in allowed)
            raise ValueError(f"{name} must have {wanted} dimension(s), got shape {array.shape}")
    if array.size == 0 and not allow_empty:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must contain only finite numbers (no NaN or inf)")
    return array


class NonFiniteError(ValueError):
    """A computation overflowed: the inputs are too large for float64.

    A ``ValueError``, so pages and tests treat it like any bad input; ``fit`` treats it
    as divergence.
    """


def finite_result(result, names: str):
    """Return ``result`` (a number, an array or a dict of them) if every number in it is finite,
    else raise ``NonFiniteError``.

    ``names`` says which arguments made it overflow (e.g. "y and y_hat").
    """
    parts = result.values() if isinstance(result, dict) else (result,)
    if not all(np.all(np.isfinite(part)) for part in parts):
        raise NonFiniteError(f"{names} are too large: the result is not a finite number (float overflow)")
    return result


def same_length(a: np.ndarray, a_name: str, b: np.ndarray, b_name: str) -> None:
    """Raise unless ``a`` and ``b`` have the same number of rows."""
    if a.shape[0] != b.shape[0]:
        raise ValueError(
            f"{a_name} and {b_name} must have the same length, got {a.shape[0]} and {b.shape[0]}"
        )


def positive(value, name: str, *, integer: bool = False) -> float | int:
    """Return ``value`` if it is a finite positive number (an int when ``integer``)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    if integer and not float(value).is_integer():
        raise ValueError(f"{name} must be a whole number, got {value}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value}")
    return int(value) if integer else float(value)


def count(value, name: str, *, cap: int, minimum: int = 1) -> int:
    """Return ``value`` as an int if it is a whole number with ``minimum <= value <= cap``.

    For sizes and counts (examples, units, fan-in, grid points): the cap keeps a
    mistyped huge number from allocating an array that cannot fit in memory.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a whole number, got {type(value).__name__}")
    if not isinstance(value, numbers.Integral) and not (math.isfinite(value) and float(value).is_integer()):
        raise ValueError(f"{name} must be a whole number, got {value}")
    if not minimum <= value <= cap:
        shown = f"{value}" if abs(value) < 1e15 else "a number far out of that range"
        raise ValueError(f"{name} must be a whole number between {minimum} and {cap:,}, got {shown}")
    return int(value)


def finite_number(value, name: str) -> float:
    """Return ``value`` as a float if it is a finite real number."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return float(value)


def non_negative(value, name: str) -> float:
    """Return ``value`` as a float if it is a finite number >= 0."""
    value = finite_number(value, name)
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}")
    return value


def flag(value, name: str) -> bool:
    """Return ``value`` as a bool if it is True or False (a numpy bool too), else raise ``TypeError``."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


MAX_SEED = 2**63 - 1
MAX_STEPS = 10_000_000
"""Most steps one training run may take (its history is kept in memory)."""


def seed(value, name: str = "seed") -> int:
    """Return ``value`` if it is a whole number that ``numpy.random.default_rng`` accepts (>= 0)."""
    return count(value, name, minimum=0, cap=MAX_SEED)
