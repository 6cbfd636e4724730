"""Numbers written into LaTeX for st.latex: formatting only, no maths."""

from __future__ import annotations

import math

import numpy as np

from ui.numbers import LARGE


def num(value, spec: str = ".6g") -> str:
    r"""A number for LaTeX: ``format(value, spec)``, with -0 (or -0.00) shown as 0 (0.00), e-notation
    as a power of 10, and a fixed-point spec (``.2f``) switching to 4 significant digits in
    scientific notation from ``ui.numbers.LARGE`` on (never a hundred digits)."""
    value = float(value)
    if not math.isfinite(value):
        return format(value, spec)  # nan, inf: as Python writes them
    if value == 0:
        value = 0.0  # no "-0"
    if spec.endswith("f") and abs(value) >= LARGE:
        spec = ".3e"
    text = format(value, spec)
    if text.startswith("-") and text.strip("-0.") == "":
        text = text[1:]  # -0.0001 to 2 decimals: 0.00, not -0.00
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text


def signed(value, spec: str = ".6g") -> str:
    """``+ 3`` or ``- 3``: a term added to what comes before."""
    return f"- {num(-value, spec)}" if float(value) < 0 else f"+ {num(value, spec)}"


def paren(value, spec: str = ".6g") -> str:
    """A number in parentheses when negative, for products such as 2 (0 - 5)."""
    text = num(value, spec)
    return f"({text})" if float(value) < 0 else text


def bmatrix(values, spec: str = ".6g", max_rows: int = 6) -> str:
    r"""A ``\begin{bmatrix}`` of a vector (a column) or a matrix; long ones end with a row of dots."""
    array = np.asarray(values, dtype=float)
    if array.ndim == 1:
        array = array[:, None]
    rows = [" & ".join(num(v, spec) for v in row) for row in array[:max_rows]]
    if len(array) > max_rows:
        rows.append(" & ".join([r"\vdots"] * array.shape[1]))
    return r"\begin{bmatrix} " + r" \\ ".join(rows) + r" \end{bmatrix}"


SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def sub(k: int) -> str:
    """``k`` in Unicode subscript digits, for plain-text labels such as θ₁₂."""
    return str(k).translate(SUBSCRIPTS)
