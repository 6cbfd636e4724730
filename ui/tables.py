"""Tables from gdcore's dicts of arrays: rounded for display, full precision in the CSV."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from ui.numbers import LARGE
from ui.page import presenter_mode


def frame(table: dict) -> pd.DataFrame:
    """A DataFrame whose columns are the dict's keys, in order."""
    return pd.DataFrame(
        {name: list(values) if not hasattr(values, "__len__") else values for name, values in table.items()}
    )


def _numbers(values: pd.Series) -> bool:
    """Whether a column holds numbers (not flags): what ``rounded`` rounds and ``huge_columns`` reads."""
    return pd.api.types.is_numeric_dtype(values.dtype) and values.dtype.kind != "b"


def rounded(data: pd.DataFrame, decimals: int | None) -> pd.DataFrame:
    """``data.round(decimals)``, except that a number too large to round (x 10^decimals overflows)
    is kept as it is, instead of becoming inf with a RuntimeWarning; -0 becomes 0.

    Column by column in NumPy: pandas's frame-wide round and masks took about 10 ms for a small
    table, on every rerun of a section that shows one.
    """
    if decimals is None:
        return data
    columns = []
    for _, values in data.items():
        if values.dtype.kind == "f":
            plain = values.to_numpy()
            with np.errstate(over="ignore", invalid="ignore"):
                shown = np.round(plain, decimals)
            overflowed = ~np.isfinite(shown) & np.isfinite(plain)
            columns.append(np.where(overflowed, plain, shown) + 0.0)  # -0.0 + 0.0 is 0.0
        else:
            columns.append(values.round(decimals) if _numbers(values) else values)
    shown = pd.DataFrame(dict(enumerate(columns)), index=data.index)
    shown.columns = data.columns  # names as they were, repeated ones included
    return shown


def huge_columns(data: pd.DataFrame) -> list[str]:
    """The number columns holding a finite value of LARGE or more: shown in scientific notation."""
    huge = []
    for column, values in data.items():
        if _numbers(values):
            numbers = values.to_numpy(dtype=float, na_value=np.nan)
            if (np.abs(numbers[np.isfinite(numbers)]) >= LARGE).any():
                huge.append(column)
    return huge


def _plain(value: float) -> str:
    """A rounded float as the data grid shows it: no trailing zeros (``1``, ``0.00669``)."""
    return format(value, ".10g")


def show_table(
    table: dict | pd.DataFrame,
    *,
    name: str,
    decimals: int | None = 2,
    key: str | None = None,
    formats: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Show ``table`` rounded to ``decimals`` and offer it as ``gd-lab-<name>.csv``.

    ``formats`` optionally maps a column to a printf-style display format (e.g. ``"%.2f"``
    to show 3.00 rather than 3, as on the slides); a column holding values of ``LARGE`` or more
    is shown in scientific notation, whatever ``formats`` says (a diverging run's 1e100 is not a
    hundred digits wide);
    the values and the CSV are unchanged.
    Returns the rounded DataFrame that is displayed (what a test should read).
    """
    data = table if isinstance(table, pd.DataFrame) else frame(table)
    shown = rounded(data, decimals)
    formats = {**(formats or {}), **{column: "%.3e" for column in huge_columns(shown)}}
    if presenter_mode():
        # A static table grows with the projector's font and fits its column; a data grid
        # would have to be zoomed, and then scrolls sideways.
        plain = {column: _plain for column in shown.select_dtypes("float").columns}
        styled = shown.style.hide(axis="index").format(
            {**plain, **{column: (lambda value, fmt=fmt: fmt % value) for column, fmt in formats.items()}}
        )
        st.table(styled)
    else:
        column_config = {column: st.column_config.NumberColumn(format=fmt) for column, fmt in formats.items()}
        st.dataframe(shown, hide_index=True, column_config=column_config or None)
    st.download_button(
        "Download CSV",
        data.to_csv(index=False).encode(),
        file_name=f"gd-lab-{name}.csv",
        mime="text/csv",
        icon=":material/download:",
        key=key or f"download-{name}",
    )
    return shown
