"""Students' own data: "Upload a CSV", choose the x and y columns, optionally standardise.

Any page calls ``csv_data(key, meanwhile)`` in its sidebar and gets a ``Dataset`` (x, y, description,
code) back, or None before a first valid file. The checks are pure functions of the file's bytes
(``parse_csv``, ``choose_columns``) so that a test can try every kind of bad file. Files
stay in memory (Streamlit keeps uploads in RAM; nothing here writes them to disk), and the
last valid data lives in ``st.session_state``: this student's session only.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

import gdcore
from ui.code import fmt
from ui.datasets import Dataset
from ui.page import keep_in_url

MAX_MEGABYTES = 2  # as server.maxUploadSize in .streamlit/config.toml
MAX_BYTES = MAX_MEGABYTES * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 100
MAX_ABS = 1e6  # larger raw values make every learning rate on our pages overflow


LITERAL_ROWS = 50  # up to this many rows, a snippet holds the data itself (runnable as it is)

X_COLUMN = "x column"  # the labels of the column choices
Y_COLUMN = "y column"


class UploadError(ValueError):
    """The file cannot be used; the message says why, for the student."""


@dataclass(frozen=True)
class ParsedCSV:
    """The numeric columns of a CSV file, and what was left out."""

    frame: pd.DataFrame  # numeric columns only (NaN where a value is missing)
    ignored: tuple[str, ...]  # columns that are not numbers
    separator: str
    decimal: str
    notes: tuple[str, ...] = ()  # what the reading decided and the student should know

    @property
    def columns(self) -> list[str]:
        return [str(column) for column in self.frame.columns]


def _dialect(text: str) -> tuple[str, str]:
    """(separator, decimal mark): the separator sniffed among ",", ";" and tab; with "," the decimal
    mark is "."; with ";" or a tab, whichever of "1.5" and "1,5" the file holds more often."""
    sample = text[:20_000]
    try:
        separator = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        separator = max(",;\t", key=sample.count) if any(c in sample for c in ",;\t") else ","
    if separator == ",":
        return separator, "."
    commas, dots = len(re.findall(r"\d,\d", sample)), len(re.findall(r"\d\.\d", sample))
    return separator, "," if commas > dots else "."


COMMA_NUMBER = re.compile(r"^\s*[-+]?\d+(?:,\d+)?\s*$")  # "1,5" held in quotes in a comma-separated file


def _comma_decimals(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with each text column whose every value is a number with a decimal comma ("1,5") as numbers."""
    for column in frame.columns:
        values = frame[column].dropna()
        if (
            not pd.api.types.is_numeric_dtype(values)
            and len(values)
            and values.astype(str).str.match(COMMA_NUMBER).all()
        ):
            frame[column] = pd.to_numeric(
                frame[column].astype(str).str.replace(",", ".", regex=False), errors="coerce"
            )
    return frame


def _is_number(text) -> bool:
    """Whether a header cell is a number (then the file has no header row)."""
    try:
        float(str(text).replace(",", "."))
    except ValueError:
        return False
    return True


def _sample(frame: pd.DataFrame, column) -> str:
    """A value of ``column`` to quote in a message."""
    values = frame[column].dropna()
    return repr(str(values.iloc[0]))[:30] if len(values) else "nothing"


def parse_csv(data: bytes) -> ParsedCSV:
    """The numeric columns of a CSV file's bytes, or ``UploadError`` saying what is wrong.

    Checks, in order: size (at most ``MAX_BYTES``), text (UTF-8 or Latin-1, no NUL bytes),
    CSV structure, rows (at most ``MAX_ROWS``), columns (at most ``MAX_COLUMNS``) and at
    least two numeric columns.
    """
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"data must be bytes, got {type(data).__name__}")
    if len(data) > MAX_BYTES:
        raise UploadError(
            f"the file is {len(data) / 1024 / 1024:.1f} MB; files of at most {MAX_MEGABYTES} MB are accepted"
        )
    if not data.strip():
        raise UploadError("the file is empty")
    if b"\x00" in data:
        raise UploadError("this is not a CSV file (it holds binary data); save your table as CSV first")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")  # old Excel exports; every byte decodes
    separator, decimal = _dialect(text)
    notes = []
    try:
        frame = pd.read_csv(io.StringIO(text), sep=separator, decimal=decimal, skipinitialspace=True)
        if len(frame.columns) >= 2 and all(_is_number(column) for column in frame.columns):
            frame = pd.read_csv(
                io.StringIO(text), sep=separator, decimal=decimal, skipinitialspace=True, header=None
            )
            frame.columns = [f"column {i}" for i in range(1, frame.shape[1] + 1)]
            notes.append(
                "the first row holds numbers, so it is read as data, not as column names: "
                f"the columns are called column 1 to column {frame.shape[1]}"
            )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv.Error) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise UploadError(f"this file cannot be read as CSV ({first})") from None
    if separator == "," or decimal == ".":
        frame = _comma_decimals(frame)
    if frame.empty:
        raise UploadError("the file has a header row but no rows of data")
    if len(frame) > MAX_ROWS:
        raise UploadError(f"the file has {len(frame):,} rows; at most {MAX_ROWS:,} rows are accepted")
    if frame.shape[1] > MAX_COLUMNS:
        raise UploadError(f"the file has {frame.shape[1]} columns; at most {MAX_COLUMNS} are accepted")
    numeric = [
        column
        for column in frame.columns
        if pd.api.types.is_numeric_dtype(frame[column]) and not pd.api.types.is_bool_dtype(frame[column])
    ]
    if len(numeric) < 2:
        found = f"only {numeric[0]!r}" if numeric else "none"
        text_columns = [column for column in frame.columns if column not in numeric][:3]
        held = "; ".join(f"{str(column)!r} holds {_sample(frame, column)}" for column in text_columns)
        names = {",": "commas", ";": "semicolons", "\t": "tabs"}
        raise UploadError(
            f"the file needs at least two columns of numbers (one for x, one for y); found {found} "
            f"among {frame.shape[1]} column(s), read as separated by {names[separator]} with "
            f"{'decimal commas' if decimal == ',' else 'decimal points'} ({held}). Expected numbers such as "
            "1.5 (or 1,5 in a file separated by semicolons), one column each"
        )
    ignored = tuple(str(column) for column in frame.columns if column not in numeric)
    return ParsedCSV(frame[numeric].astype(float), ignored, separator, decimal, tuple(notes))


def choose_columns(
    parsed: ParsedCSV, x_column: str, y_column: str, standardise: bool = False, name: str = "your_data.csv"
) -> tuple[Dataset, list[str]]:
    """(data, notes) from two columns; ``UploadError`` when they cannot be used.

    Rows where x or y is missing (or not finite) are dropped and said in ``notes``, as is an x
    that is the same in every row (no single best line then). At least 2 rows must remain. Without ``standardise``, values larger than ``MAX_ABS`` in size are
    refused (gradient descent would overflow at any learning rate offered).
    """
    for label, column in (("x", x_column), ("y", y_column)):
        if column not in parsed.columns:
            raise UploadError(f"the {label} column {column!r} is not one of the numeric columns")
    pairs = parsed.frame[[x_column, y_column]].to_numpy(dtype=float)
    keep = np.isfinite(pairs).all(axis=1)
    notes = []
    dropped = int((~keep).sum())
    if dropped:
        rows = "1 row" if dropped == 1 else f"{dropped} rows"
        notes.append(
            f"{rows} with a missing or non-finite {x_column!r} or {y_column!r} "
            f"{'was' if dropped == 1 else 'were'} dropped"
        )
    pairs = pairs[keep]
    if len(pairs) < 2:
        raise UploadError(
            f"at least 2 rows with both {x_column!r} and {y_column!r} are needed, found {len(pairs)}"
        )
    if np.ptp(pairs[:, 0]) == 0:
        notes.append(
            f"{x_column!r} has the same value, {pairs[0, 0]:g}, in every row: no slope can be learnt from it. "
            "A whole line of (w, b) fits equally well (every line through the mean of y at that x), "
            "so there is no single lowest point of the loss; gradient descent stops at one of them"
        )
    if standardise:
        try:
            pairs = gdcore.standardise(pairs)
        except ValueError as error:
            raise UploadError(f"cannot standardise these columns: {error}") from None
    else:
        largest = float(np.abs(pairs).max())
        if largest > MAX_ABS:
            raise UploadError(
                f"values as large as {largest:.3g} are too large for gradient descent here (at most "
                f"{MAX_ABS:,.0f} in size): turn on 'Standardise x and y' or rescale the column (e.g. to thousands)"
            )
    description = f"{name}: x = {x_column}, y = {y_column}, {len(pairs)} rows" + (
        ", standardised" if standardise else ""
    )
    description = " ".join(description.split())  # no line breaks from odd column names
    x, y = pairs[:, 0].copy(), pairs[:, 1].copy()
    if len(pairs) <= LITERAL_ROWS:
        code = f"# {description}\nx = {fmt(x)}\ny = {fmt(y)}"
    else:
        options = "" if parsed.separator == "," else f", sep={parsed.separator!r}, decimal={parsed.decimal!r}"
        columns = f"[{x_column!r}, {y_column!r}]"
        values = f"data[{columns}].to_numpy(float)"
        code = (
            f"import pandas as pd  # {description}\n"
            f"data = pd.read_csv({name!r}{options}).dropna(subset={columns})\n"
            f"x, y = {f'gdcore.standardise({values})' if standardise else values}.T"
        )
    return Dataset(x, y, description, code), notes


def file_key(key: str) -> str:
    """The file uploader's widget key, for the upload whose keys start with ``key``."""
    return f"{key}_file"


def standardise_key(key: str) -> str:
    """The 'Standardise x and y' toggle's widget key, for the upload whose keys start with ``key``."""
    return f"{key}_standardise"


def file_param(key: str) -> str:
    """The address bar's parameter naming the file that the upload ``key`` uses (``?<key>_csv=a.csv``)."""
    return f"{key}_csv"


def lost_file(key: str, file) -> str | None:
    """Note the uploaded ``file`` in use in the address bar; return the name of a file that the
    address names but this session never had (else None).

    An uploaded file lives only in the session that received it. A new session (a reload, a
    shared link, or the app reconnecting to another server after a failover) starts without
    it, while the address keeps every control: the note lets the page say what is missing
    instead of silently showing other data.
    """
    param, seen = file_param(key), f"{key}_had_file"
    if file is not None:
        st.session_state[seen] = True
        keep_in_url(param, file.name)
        return None
    named = st.query_params.get(param)
    if named and not st.session_state.get(seen):
        return named
    keep_in_url(param, None)  # removed with its ✕ in this session, or none yet
    return None


def say_lost(name: str, meanwhile: str) -> None:
    """The message for a file that this session does not have (see ``lost_file``)."""
    st.warning(
        f"The file {name} is not in this session: an uploaded file stays only in the browser session "
        "that uploaded it, and this page started a new one (a reload, a shared link, or the app "
        f"reconnecting to another server). Upload it again to use it; {meanwhile} meanwhile.",
        icon=":material/cloud_off:",
    )


def csv_data(key: str, meanwhile: str) -> Dataset | None:
    """The upload control and column choice; returns (x, y, description, code) of the last valid data.

    Call it inside the sidebar. A bad file shows an error and returns the previous valid
    data of this session (None before the first one), so the page keeps working. Until
    there is valid data, the messages say what the page does ``meanwhile`` (e.g. "using
    the synthetic line").
    """
    last_key = f"{key}_last_valid"
    last = st.session_state.get(last_key)
    file = st.file_uploader(
        "Upload a CSV",
        type="csv",
        key=file_key(key),
        help=f"A table with a header row and at least two columns of numbers; at most {MAX_ROWS:,} rows "
        f"and {MAX_MEGABYTES} MB. It stays in this browser session and is never saved.",
    )
    lost = lost_file(key, file)
    if file is None:  # none yet, or removed with its ✕: its data is no longer used
        # ... but stays the last valid data of this session: choosing another file first sends a
        # run without any (a section's fragment reruns for it), and a bad new file falls back on it.
        st.session_state.pop(f"{key}_parsed", None)
        if lost:
            say_lost(lost, meanwhile)
            return None
        st.info(
            f"No valid CSV file yet: {meanwhile}. Upload one to use your own data.",
            icon=":material/upload_file:",
        )
        return None
    keep_previous = (
        " Keeping your previous data."
        if last is not None
        else f" {meanwhile[0].upper()}{meanwhile[1:]} meanwhile."
    )
    parsed_key = f"{key}_parsed"
    try:
        cached = st.session_state.get(parsed_key)
        if cached is not None and cached[0] == file.file_id:
            parsed = cached[1]
        else:
            if file.size > MAX_BYTES:
                raise UploadError(f"the file is larger than {MAX_MEGABYTES} MB")
            parsed = parse_csv(file.getvalue())
            st.session_state[parsed_key] = (file.file_id, parsed)
    except UploadError as error:
        st.session_state.pop(parsed_key, None)
        st.error(f"Cannot use {file.name}: {error}.{keep_previous}", icon=":material/error:")
        return last
    columns = parsed.columns
    x_column = st.selectbox(X_COLUMN, columns, index=0, key=f"{key}_x_{file.file_id}")
    y_column = st.selectbox(Y_COLUMN, columns, index=1, key=f"{key}_y_{file.file_id}")
    standardise = st.toggle(
        "Standardise x and y",
        key=standardise_key(key),
        help="Centre each column and divide it by its standard deviation: (v − mean) / sd.",
    )
    if parsed.ignored:
        st.caption(f"Not numbers, left out: {', '.join(parsed.ignored)}.")
    for note in parsed.notes:
        st.info(f"{note[0].upper()}{note[1:]}.", icon=":material/info:")
    try:
        data, notes = choose_columns(parsed, x_column, y_column, standardise, file.name)
    except UploadError as error:
        st.error(f"Cannot use {file.name}: {error}.{keep_previous}", icon=":material/error:")
        return last
    for note in notes:
        st.warning(f"{note[0].upper()}{note[1:]}.", icon=":material/warning:")
    st.session_state[last_key] = data
    return data
