"""Extremes: every control of every page at its minimum and maximum (and a few random
values), one at a time and all together. No run raises, every chart stays a valid Plotly
figure, and no NaN or inf reaches a table or a metric unless that row or metric itself says
the run diverged."""

import re

import numpy as np
import pytest
from conftest import charts, open_page

from ui.nav import PAGES

KINDS = ("slider", "select_slider", "number_input", "selectbox", "radio", "checkbox", "toggle")
NON_FINITE = re.compile(r"\b(nan|inf)\b", re.IGNORECASE)


def controls(at):
    """(kind, key) of every control on the page, in order."""
    found = []
    for kind in KINDS:
        for element in at.get(kind):
            assert element.key, f"a {kind} labelled {element.label!r} has no key (needed for shareable links)"
            if not element.key.startswith("$$"):
                found.append((kind, element.key))
    return found


def extremes(element, kind, rng):
    """The values to try for one control: its ends, then random values in between."""
    if kind in ("slider", "number_input"):
        low, high = element.min, element.max
        assert low is not None and high is not None, f"{element.key}: every number input needs bounds"
        if isinstance(element.value, tuple):
            return [(low, low), (high, high), (low, high)]
        values = [low, high]
        for _ in range(2):
            value = rng.uniform(low, high)
            values.append(type(element.value)(round(value) if isinstance(element.value, int) else value))
        return values
    if kind in ("select_slider", "selectbox", "radio"):
        count = len(element.options)
        return [0, count - 1, int(rng.integers(count))]  # option indices
    return [True, False]


def raw_option(element, index):
    """The option value behind the shown label ``element.options[index]``.

    AppTest knows only the labels; a widget with a ``format_func`` needs the value itself,
    which for our controls is the label, or the number it spells.
    """
    label = element.options[index]
    labels = getattr(element.format_func, "__self__", None)
    if isinstance(labels, dict):  # format_func=LABELS.get: the value is the key of its label
        return next(value for value, shown in labels.items() if str(shown) == label)
    for cast in (str, int, float):
        try:
            candidate = cast(label)
        except ValueError:
            continue
        try:
            if str(element.format_func(candidate)) == label:
                return candidate
        except (TypeError, ValueError, KeyError):
            continue
    raise AssertionError(f"{element.key}: cannot find the value behind option {label!r}")


def set_value(at, kind, key, value):
    element = getattr(at, kind)(key=key)
    if kind in ("selectbox", "radio", "select_slider"):
        element.set_value(raw_option(element, value))
    else:
        element.set_value(value)


EXPLAINED = re.compile(r"diverg|not finite|overflow", re.IGNORECASE)


def check_shown_numbers(at, where):
    assert not at.exception, f"{where}: {at.exception}"
    charts(at)  # every chart validates as a plotly.graph_objects.Figure
    problems = []
    for frame in at.dataframe:
        table = frame.value
        numbers = table.select_dtypes("number").to_numpy(dtype=float)
        for row in np.flatnonzero(~np.all(np.isfinite(numbers), axis=1)):
            said = " ".join(str(cell) for cell in table.iloc[row].tolist())
            if not EXPLAINED.search(said):
                problems.append(f"table row {row} holds NaN or inf without saying why: {said[:120]}")
    for metric in at.metric:
        shown = f"{metric.label} {metric.value}"
        if NON_FINITE.search(str(metric.value)) and not EXPLAINED.search(shown):
            problems.append(f"metric {metric.label!r} shows {metric.value!r}")
    assert not problems, f"{where}: {problems}"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.label)
def test_each_control_at_its_extremes(page):
    rng = np.random.default_rng(0)
    at = open_page(page.path)
    for kind, key in controls(at):
        fresh = open_page(page.path)
        for value in extremes(getattr(fresh, kind)(key=key), kind, rng):
            set_value(fresh, kind, key, value)
            fresh.run()
            check_shown_numbers(fresh, f"{page.path} {key}={value!r}")


@pytest.mark.parametrize("end", ["minimum", "maximum"])
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.label)
def test_all_controls_at_one_end_together(page, end):
    rng = np.random.default_rng(1)
    at = open_page(page.path)
    for kind, key in controls(at):
        try:
            element = getattr(at, kind)(key=key)
        except KeyError:
            continue  # hidden by another control's value
        values = extremes(element, kind, rng)
        set_value(at, kind, key, values[0] if end == "minimum" else values[1])
    at.run()
    check_shown_numbers(at, f"{page.path} all controls at their {end}")
