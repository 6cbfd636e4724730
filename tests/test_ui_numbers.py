"""Numbers as shown: readable text, and tables that never print a hundred digits or -0."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from ui.numbers import plural, readable
from ui.tables import huge_columns, rounded


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1234.5678, "1235"),
        (0.99975, "0.9998"),  # not "1": the factor differs from 1
        (-22377855123456789.0, "-2.238e+16"),
        (2.75e25, "2.750e+25"),
        (0.00001234, "1.234e-05"),
        (-0.0, "0"),
        (-1e-12 * 0, "0"),
        (float("inf"), "inf"),
        (float("nan"), "nan"),
        (3, "3"),
    ],
)
def test_readable_numbers(value, shown):
    assert readable(value) == shown


def test_readable_never_prints_long_numbers():
    for value in np.geomspace(1e-300, 1e300, 200):
        for signed in (value, -value):
            assert len(readable(signed)) <= 11, signed  # -1.234e+300


def test_plural():
    assert (
        plural(1, "step") == "1 step" and plural(2, "epoch") == "2 epochs" and plural(0, "step") == "0 steps"
    )


def test_tables_round_without_minus_zero_and_flag_huge_columns():
    data = pd.DataFrame({"loss": [1.0, -0.00001, 2.2e100], "epoch": [0, 1, 2], "name": ["a", "b", "c"]})
    shown = rounded(data, 2)
    assert not np.signbit(shown["loss"][1]) and shown["loss"][2] == 2.2e100
    assert shown["epoch"].dtype.kind == "i"
    assert huge_columns(shown) == ["loss"]
    assert huge_columns(data.assign(loss=[1.0, np.inf, np.nan])) == []


def test_fixed_decimals_and_latex_numbers_stay_readable():
    """Issue 16, items 3 and 24: a diverging theta to 2 decimals is not 150 digits; never -0.00."""
    from ui.latex import num
    from ui.numbers import fixed

    assert fixed(1.4694, 2) == "1.47" and fixed(-0.0001, 2) == "0.00" and fixed(-0.0, 4) == "0.0000"
    assert fixed(-2.2377855e150, 2) == "-2.238e+150" and fixed(float("inf")) == "inf"
    assert num(-2.2377855e150, ".2f") == r"-2.238 \times 10^{150}"
    assert num(-0.00001, ".4f") == "0.0000" and num(1.5, ".2f") == "1.50"
    assert num(float("nan")) == "nan"


@given(
    values=hnp.arrays(np.float64, 5, elements=st.floats(-1e200, 1e200) | st.just(np.nan)),
    counts=hnp.arrays(np.int64, 5, elements=st.integers(-1000, 1000)),
    decimals=st.integers(0, 6),
)
@settings(max_examples=60, deadline=None)
def test_tables_round_as_pandas_does_every_column_kept(values, counts, decimals):
    """Where nothing overflows, ``rounded`` is pandas's ``DataFrame.round`` with -0 made 0, every
    column (text, integers, flags) kept as it was, in order, with its index."""
    data = pd.DataFrame(
        {"x": values, "n": counts, "name": list("abcde"), "ok": counts > 0}, index=[3, 1, 4, 1, 5]
    )
    expected = data.round(decimals)
    expected["x"] = expected["x"] + 0.0
    pd.testing.assert_frame_equal(rounded(data, decimals), expected)
