"""Numbers as a student reads them, in text, headings and metrics (``ui.latex`` writes them into
formulas, ``ui.tables`` into tables): a few significant digits, scientific notation past a
sensible size, never "-0" and never a hundred digits."""

from __future__ import annotations

import math

LARGE = 1e6  # from here on, scientific notation
SMALL = 1e-4  # below this (and not 0), scientific notation


def readable(value, digits: int = 4) -> str:
    """``value`` with ``digits`` significant digits: ``1234.5`` -> ``1235``, ``2.2e25`` -> ``2.200e+25``,
    ``-0.0`` -> ``0``; a non-finite value as ``inf``, ``-inf`` or ``nan``."""
    value = float(value)
    if not math.isfinite(value):
        return str(value)
    if value == 0:
        return "0"
    if abs(value) >= LARGE or abs(value) < SMALL:
        return f"{value:.{digits - 1}e}"
    text = f"{value:.{digits}g}"
    return "0" if float(text) == 0 else text


def fixed(value, decimals: int = 2) -> str:
    """``value`` with ``decimals`` decimals (``1.50``), or in scientific notation from ``LARGE`` on
    (``-2.238e+25``, not 26 digits); never ``-0.00``; a non-finite value as ``inf``, ``-inf`` or ``nan``."""
    value = float(value)
    if not math.isfinite(value):
        return str(value)
    text = f"{value:.3e}" if abs(value) >= LARGE else f"{value:.{int(decimals)}f}"
    return text[1:] if text.startswith("-") and text.strip("-0.") == "" else text


def plural(count: int, noun: str) -> str:
    """``1 step``, ``2 steps``: a count with its noun."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
