"""Fuzzing gdcore: hypothesis calls every public function and class with random shapes and
values (NaN, inf, empty, huge, wrong types). Each call returns a finite result or raises
ValueError or TypeError with a message; nothing else escapes, not even a warning."""

import inspect
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import gdcore

ELEMENTS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, 1.0, -1.0, 1e308, -1e308, 1e-308, 0.5]),
    st.integers(-5, 5).map(float),
)
ARRAYS = hnp.arrays(
    np.float64, hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4), elements=ELEMENTS
)
ARGUMENTS = st.one_of(
    ARRAYS,
    ELEMENTS,
    st.integers(-3, 10),
    st.none(),
    st.text(max_size=3),
    st.lists(ELEMENTS, max_size=4),
)

PUBLIC = sorted(
    name
    for name in gdcore.__all__
    if callable(obj := getattr(gdcore, name))
    and not (inspect.isclass(obj) and issubclass(obj, BaseException))
)
# Takes functions, not data: fuzzed through the functions it checks.
NOT_DATA = {"check_gradient", "numerical_gradient"}
# NaN or inf is the correct result: naive_softmax shows students what overflow looks like, and the
# condition number of a singular matrix is infinite (documented).
NON_FINITE_ON_PURPOSE = {"naive_softmax", "condition_number"}


def finite(result) -> bool:
    """True when every number inside ``result`` (arrays, tuples, dicts, objects' arrays) is finite."""
    if result is None or isinstance(result, (str, bool)):
        return True
    if isinstance(result, dict):
        return all(finite(value) for value in result.values())
    if isinstance(result, (tuple, list)):
        return all(finite(value) for value in result)
    if isinstance(result, (int, float, np.ndarray, np.generic)):
        array = np.asarray(result)
        return array.dtype.kind not in "fc" or bool(np.all(np.isfinite(array)))
    return True


def required_parameters(function) -> list[str]:
    signature = inspect.signature(function)
    return [
        p.name
        for p in signature.parameters.values()
        if p.default is inspect.Parameter.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]


def call_and_check(function, args, name=None):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            result = function(*args)
        except (ValueError, TypeError) as error:
            assert str(error), f"{function.__name__} raised {type(error).__name__} without a message"
            return None
    if name not in NON_FINITE_ON_PURPOSE:
        assert finite(result), (
            f"{function.__name__}{tuple(args)!r} returned non-finite numbers without raising"
        )
    return result


@pytest.mark.parametrize("name", [n for n in PUBLIC if n not in NOT_DATA])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_public_function_returns_finite_or_raises_value_or_type_error(name, data):
    function = getattr(gdcore, name)
    args = [data.draw(ARGUMENTS, label=p) for p in required_parameters(function)]
    result = call_and_check(function, args, name)
    if inspect.isclass(function) and result is not None:
        # Fuzz the object's public methods too.
        for method_name, method in inspect.getmembers(result, callable):
            if method_name.startswith("_") or inspect.isclass(method):
                continue
            method_args = [
                data.draw(ARGUMENTS, label=f"{method_name}.{p}") for p in required_parameters(method)
            ]
            call_and_check(method, method_args)
