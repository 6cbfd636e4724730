"""ui helpers of the Dense layers and Loss and derivatives pages: parsing and number formatting."""

import numpy as np
import pandas as pd
import pytest

from topics.dense_layers import parse_data
from topics.loss_and_derivatives.controls import parse_points
from topics.loss_and_derivatives.runs import view_box
from ui.latex import bmatrix, num, paren, signed, sub


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(5, 5), (9, 17)", [[5, 5], [9, 17]]),
        ("5 5; 9 17", [[5, 5], [9, 17]]),
        ("[(-1.5, 2e1)]", [[-1.5, 20]]),
        ("(.5, -3.)", [[0.5, -3]]),
    ],
)
def test_parse_points(text, expected):
    np.testing.assert_array_equal(parse_points(text), expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no points"),
        ("(1, 2), (3", "brackets do not pair up"),
        ("(a, 2)", "numbers"),
        ("(1, 2) " * 31, "at most"),
    ],
)
def test_parse_points_rejects(text, message):
    with pytest.raises(ValueError, match=message):
        parse_points(text)


def test_parse_data():
    X, y = parse_data(pd.DataFrame({"x_1": [1, 3], "x_2": [2.5, 4], "y": [0, 1]}))
    np.testing.assert_array_equal(X, [[1, 2.5], [3, 4]])
    np.testing.assert_array_equal(y, [0, 1])
    for frame, message in [
        (pd.DataFrame({"x_1": [1], "x_2": [None], "y": [0]}), "filled in"),
        (pd.DataFrame({"x_1": ["a"], "x_2": [1], "y": [0]}), "number"),
        (pd.DataFrame({"x_1": [1], "x_2": [1], "y": [0.5]}), "only 0 or 1"),
        (pd.DataFrame({"x_1": [], "x_2": [], "y": []}), "1 to 20 rows"),
        (pd.DataFrame({"x_1": range(21), "x_2": range(21), "y": [0] * 21}), "1 to 20 rows"),
    ]:
        with pytest.raises(ValueError, match=message):
            parse_data(frame)


def test_number_formatting():
    assert num(-0.0) == "0" and num(2.7319999999999998) == "2.732" and num(0.5, ".2f") == "0.50"
    assert num(6.1441746e-06, ".3g") == r"6.14 \times 10^{-6}"
    assert signed(-10) == "- 10" and signed(2) == "+ 2" and paren(-5) == "(-5)" and paren(5) == "5"
    assert bmatrix([[1, 2], [3, 4]]) == r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}"
    assert bmatrix(np.arange(8), max_rows=2) == r"\begin{bmatrix} 0 \\ 1 \\ \vdots \end{bmatrix}"
    assert sub(50) == "₅₀"


def test_view_box_keeps_the_anchors_and_drops_a_far_path():
    (w_lo, w_hi), (b_lo, b_hi) = view_box([[0, 0], [2, -1]], [[0, 0], [1e6, 1e6]])
    assert w_lo < 0 < 2 < w_hi and b_lo < -1 < 0 < b_hi and w_hi < 100


def test_rounding_a_huge_number_keeps_it_finite_without_a_warning():
    import warnings

    import pandas as pd

    from ui.tables import rounded

    data = pd.DataFrame({"x": [1.23456, 1e305], "way": ["left", "right"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        shown = rounded(data, 8)
    assert list(shown["x"]) == [1.23456, 1e305] and list(shown["way"]) == ["left", "right"]
    assert list(rounded(data, 2)["x"]) == [1.23, 1e305]
