"""ui.code.pseudocode_html: the lecture's pseudocode as coloured, escaped HTML, its text unchanged."""

import re

import pytest
from conftest import pseudocode_shown

from topics.gradient_descent.report import PSEUDOCODE
from ui.code import pseudocode_html


@pytest.mark.parametrize("name", list(PSEUDOCODE))
def test_the_lecture_s_loops_are_shown_as_written(name):
    assert pseudocode_shown(pseudocode_html(PSEUDOCODE[name])) == PSEUDOCODE[name]


def test_keywords_numbers_operators_and_punctuation_are_coloured_and_text_is_escaped():
    markup = pseudocode_html("for b in range(n): x = y[b + 1] < 2.5  # <b>&")
    spans = re.findall(r'<span class="(\w+)">([^<]*)</span>', markup)
    assert ("kw", "for") in spans and ("kw", "in") in spans
    assert ("nu", "1") in spans and ("nu", "2.5") in spans
    assert ("op", "=") in spans and ("op", "&lt;") in spans and ("pu", "[") in spans
    assert ("kw", "range") not in spans  # a builtin, not a keyword (as st.code shows it)
    assert "<b>" not in markup.split("</style>")[1] and markup.endswith(
        'b<span class="op">&gt;</span>&amp;</pre>'
    )
    assert pseudocode_shown(markup) == "for b in range(n): x = y[b + 1] < 2.5  # <b>&"
