"""gdcore.exercises: hand-friendly exercises whose answers are gdcore's own numbers, the answer
parser, and the diagnosis of typical mistakes."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdcore
from gdcore import EXERCISE_KINDS, check_answer, exercise_sheet, make_exercise, parse_answer

SEEDS = range(200)

# The mistakes the lecture's students make, by kind: each must be diagnosed for every seed.
TYPICAL = {
    "logistic": {"bias", "sign"},
    "softmax": {"bias", "transpose", "normalise", "column"},
    "chain_rule": {"sign", "factor 2", "chain", "square"},
    "sgd": {"sign", "factor 2", "eta"},
    "bgd": {"sign", "factor 2", "sum", "eta", "iteration"},
    "learning_rate": {"sign", "factor 2", "eta", "regime"},
    "momentum_adam": {"sign", "eta", "bias correction", "momentum"},
}


def decimals(value: float) -> int:
    for d in range(10):
        if abs(round(value, d) - value) <= 1e-9 * max(1.0, abs(value)):
            return d
    return 10


def expected_answers(exercise) -> dict:
    """The right answers recomputed here, with the gdcore functions the lecture pages use."""
    g = exercise.given
    if exercise.kind == "logistic":
        out = gdcore.logistic_neuron(g["X"], g["y"], g["w"], g["b"])
        return {
            **{f"z_{i + 1}": out["z"][i] for i in range(3)},
            **{f"y_hat_{i + 1}": out["y_hat"][i] for i in range(3)},
        }
    if exercise.kind == "softmax":
        out = gdcore.softmax_layer(g["X"], g["W"], g["b"])
        Z, P = out["Z"], out["P"]
        return {
            **{f"Z_{i + 1}{j + 1}": Z[i, j] for i in range(3) for j in range(2)},
            **{f"P_{j + 1}": P[g["row"], j] for j in range(2)},
        }
    if exercise.kind == "chain_rule":
        out = gdcore.chain_rule(g["x"], g["y"], g["w"], g["b"])
        return {name: out[name] for name in ("y_hat", "loss", "dloss_dyhat", "dloss_dw", "dloss_db")}
    if exercise.kind == "sgd":
        (record,) = gdcore.sgd_iterations([[g["x"], g["y"]]], g["theta0"], g["eta"])
        names = ("y_hat", "loss", "dloss_dw", "dloss_db")
        return {
            **{n: record[n] for n in names},
            "w_1": record["theta_next"][0],
            "b_1": record["theta_next"][1],
        }
    if exercise.kind == "bgd":
        problem = gdcore.LinearRegression(g["x"], g["y"])
        table = problem.table(g["theta0"])
        gradient = problem.gradient(g["theta0"])
        history = gdcore.fit(problem, g["theta0"], gdcore.SGD(g["eta"]), epochs=2)  # the one engine
        expected = {"grad_w": gradient[0], "grad_b": gradient[1]}
        for i in range(3):
            expected |= {f"y_hat_{i + 1}": table["y_hat"][i], f"loss_{i + 1}": table["loss"][i]}
            expected |= {f"dL/dw_{i + 1}": table["dL/dw"][i], f"dL/db_{i + 1}": table["dL/db"][i]}
        for k, name in enumerate("wb"):
            expected |= {f"{name}_1": history.params[1, k], f"{name}_2": history.params[2, k]}
        return expected
    if exercise.kind == "learning_rate":
        factor = gdcore.step_factor(g["eta"], g["a"])
        return {
            "factor": factor,
            "w_1": factor * g["w0"],
            "w_2": factor**2 * g["w0"],
            "regime": gdcore.learning_rate_regime(g["eta"], g["a"]),
        }
    assert exercise.kind == "momentum_adam"
    w0, grads = np.array([g["w0"]]), np.array([g["g"]])
    momentum = gdcore.SGD(g["eta"], momentum=g["mu"])
    w_momentum, state = momentum.step(w0, grads, {"step": 0, "momentum": np.array([g["v0"]])})
    adam = gdcore.Adam(g["eta"], beta_1=g["beta_1"], beta_2=g["beta_2"], convention="pytorch", epsilon=1e-7)
    w_adam, adam_state = adam.step(w0, grads, adam.init(w0))
    return {
        "v_1": state["momentum"][0],
        "w_momentum": w_momentum[0],
        "m_1": adam_state["m"][0],
        "v_adam": adam_state["v"][0],
        "m_hat": g["g"],  # t = 1 from zero moments: the bias corrections give back g and g^2
        "v_hat": g["g"] ** 2,
        "w_adam": w_adam[0],
    }


def typed(value: float, d: int) -> str:
    """A number as a student types it: rounded to the decimals asked for."""
    return f"{value:.{d}f}"


@pytest.mark.parametrize("kind", EXERCISE_KINDS)
def test_every_seed_is_hand_friendly_right_and_diagnosable(kind):
    kinds_seen = set()
    for seed in SEEDS:
        exercise = make_exercise(kind, seed)
        assert (exercise.kind, exercise.seed) == (kind, seed)
        # The numbers given: integers, halves, one-decimal numbers; rates and betas up to 3 decimals.
        for name, value in exercise.given.items():
            values = np.ravel(value).astype(float)
            assert np.all(np.abs(values) <= 25), (kind, seed, name, value)
            assert all(decimals(v) <= 3 for v in values), (kind, seed, name, value)
        # The answers: the same numbers as the gdcore computations, of a readable size.
        expected = expected_answers(exercise)
        assert sorted(a.name for a in exercise.answers) == sorted(expected), (kind, seed)
        for answer in exercise.answers:
            if answer.choices:
                assert answer.value == expected[answer.name] and answer.value in answer.choices
                assert check_answer(answer, answer.value).status == "right"
                for mistake in answer.mistakes:
                    verdict = check_answer(answer, mistake.value)
                    assert verdict.status == "wrong" and mistake.hint in verdict.message
                    kinds_seen.add(mistake.kind)
                continue
            value = float(answer.value)
            slack = 1e-5 if answer.name == "w_adam" else 1e-12  # Keras's epsilon-hat vs the m_hat form
            assert value == pytest.approx(float(expected[answer.name]), rel=1e-9, abs=slack), (
                kind,
                seed,
                answer,
            )
            assert abs(value) < 1000 and answer.decimals <= 6, (kind, seed, answer)
            if answer.exact:
                assert decimals(value) <= answer.decimals, (kind, seed, answer)
            # Right answers pass, as typed (rounded), with a comma or a unicode minus.
            right = answer.formatted()
            assert check_answer(answer, right).status == "right", (kind, seed, answer.name, right)
            assert check_answer(answer, right.replace(".", ",")).status == "right"
            assert check_answer(answer, right.replace("-", "\u2212")).status == "right"
            assert check_answer(answer, right, decimal_comma=False).status == "right"
            # Each typical mistake fails, with its hint.
            for mistake in answer.mistakes:
                verdict = check_answer(answer, typed(float(mistake.value), answer.decimals))
                assert verdict.status == "wrong", (kind, seed, answer.name, mistake)
                assert mistake.hint in verdict.message, (kind, seed, answer.name, mistake, verdict)
                kinds_seen.add(mistake.kind)
    assert TYPICAL[kind] <= kinds_seen


@pytest.mark.parametrize("kind", EXERCISE_KINDS)
def test_a_seed_gives_the_same_exercise_and_seeds_differ(kind):
    a, b = make_exercise(kind, 12345), make_exercise(kind, 12345)
    assert [x.value for x in a.answers] == [x.value for x in b.answers]
    other = make_exercise(kind, 12346)
    assert [x.value for x in a.answers] != [x.value for x in other.answers]
    last = make_exercise(kind, gdcore.MAX_EXERCISE_SEED)
    assert last.seed == gdcore.MAX_EXERCISE_SEED


def test_the_sgd_slide_mistakes_get_their_hints():
    """Slide "SGD": (x, y) = (5, 5), theta_0 = (0, 0) gives dL/dw = -50. Built by hand here with
    the module's own diagnosis: -25 lacks the factor 2, +50 has the wrong sign, -10 is dL/db."""
    from gdcore.exercises import _exact, _gradient_mistakes

    answer = _exact("dloss_dw", "", -50.0, "∂Loss/∂w = 2(ŷ − y)·x.", _gradient_mistakes(5.0, -5.0, "w"))
    assert "factor 2" in check_answer(answer, "-25").message
    assert "sign" in check_answer(answer, "50").message
    assert "∂Loss/∂b" in check_answer(answer, "-10").message
    assert check_answer(answer, "-50").status == "right"
    assert check_answer(answer, "-50.05").message.startswith("Close, but this number is exact")
    assert check_answer(answer, "7").message == "Not right. Check this step: ∂Loss/∂w = 2(ŷ − y)·x."


def test_a_rounded_answer_close_to_the_right_one_gets_the_rounding_hint():
    exercise = make_exercise("logistic", 0)
    answer = exercise.answer("y_hat_1")
    assert not answer.exact and answer.rounding() == "3 decimals, ±0.001"
    assert check_answer(answer, typed(answer.value + 0.001, 3)).status == "right"
    verdict = check_answer(answer, f"{answer.value + 0.004:.4f}")
    assert verdict.status == "wrong" and verdict.message.startswith("Close, but not within ±0.001")


@pytest.mark.parametrize(
    "text, value, note",
    [
        ("1.5", 1.5, None),
        ("  -1.5 ", -1.5, None),
        ("\u22121.5", -1.5, None),  # unicode minus
        ("\u2013 0.25", -0.25, None),  # en dash and a space
        ("+.5", 0.5, None),
        ("2e-3", 0.002, None),
        ("1,5", 1.5, "read the comma as a decimal point: 1.5"),
        ("\u22120,25", -0.25, "read the comma as a decimal point: -0.25"),
        ("1/3", 1 / 3, "read a fraction: 0.333333"),
        ("-3 / 4", -0.75, "read a fraction: -0.75"),
        ("1,5/3", 0.5, "read the comma as a decimal point and a fraction: 0.5"),
        ("-0", 0.0, None),
    ],
)
def test_parse_answer_reads(text, value, note):
    assert parse_answer(text) == (pytest.approx(value), note)
    if value == 0:
        assert math.copysign(1, parse_answer(text)[0]) == 1


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "Empty"),
        ("   ", "Empty"),
        ("abc", "is not a number"),
        ("1.5.2", "is not a number"),
        ("nan", "is not a number"),
        ("inf", "is not a number"),
        ("1 5", "space inside the number"),
        ("1,5,2", "more than one comma"),
        ("1,234.5", "a comma and a point"),
        ("50%", "percentage"),
        ("1/0", "divides by zero"),
        ("1/2/3", "more than one /"),
        ("1e999", "too large"),
        ("1" * 41, "Too long"),
        ("x = 3", "space inside the number"),
    ],
)
def test_parse_answer_explains_what_it_cannot_read(text, message):
    with pytest.raises(ValueError, match=message):
        parse_answer(text)
    answer = make_exercise("chain_rule", 0).answers[0]
    verdict = check_answer(answer, text)
    assert verdict.status in ("empty", "unreadable") and verdict.message


def test_a_comma_is_refused_when_the_page_does_not_read_it_as_a_decimal_point():
    with pytest.raises(ValueError, match="write the decimal with a point"):
        parse_answer("1,5", decimal_comma=False)
    verdict = check_answer(make_exercise("sgd", 3).answers[0], "1,5", decimal_comma=False)
    assert verdict.status == "unreadable" and "point" in verdict.message


@settings(max_examples=200, deadline=None)
@given(st.floats(-1e6, 1e6, allow_nan=False))
def test_parse_answer_reads_back_any_written_number(value):
    assert parse_answer(repr(value))[0] == value
    assert parse_answer(f"{value:.4f}".replace(".", ",").replace("-", "\u2212"))[0] == pytest.approx(
        round(value, 4), abs=1e-9
    )


STUDENT_ANSWERS = (*make_exercise("bgd", 1).answers[-3:], make_exercise("learning_rate", 1).answer("regime"))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_check_answer_never_raises_on_what_a_student_types(text):
    for answer in STUDENT_ANSWERS:
        verdict = check_answer(answer, text)
        assert verdict.status in ("right", "wrong", "empty", "unreadable") and verdict.message


def test_a_choice_is_marked_with_the_rule_of_the_chosen_regime():
    for seed in range(20):
        answer = make_exercise("learning_rate", seed).answer("regime")
        assert answer.choices == gdcore.REGIMES
        wrong = next(option for option in answer.choices if option != answer.value)
        verdict = check_answer(answer, wrong)
        assert verdict.status == "wrong" and verdict.message.startswith(f"Not {wrong}: η·a = ")
        assert check_answer(answer, None).status == "empty"
        assert check_answer(answer, "sliding").status == "unreadable"


def test_every_regime_is_drawn():
    regimes = {make_exercise("learning_rate", seed).answer("regime").value for seed in range(40)}
    assert regimes == set(gdcore.REGIMES)


def test_adam_keras_and_the_bias_corrected_form_agree():
    """The answer w_1 (Adam) is Keras's Adam.step; the worked solution writes the m_hat / v_hat form."""
    for seed in range(50):
        exercise = make_exercise("momentum_adam", seed)
        g, work = exercise.given, exercise.work
        by_hand = g["w0"] - g["eta"] * work["m_hat"] / (work["sqrt_v_hat"] + work["epsilon"])
        assert work["w_adam"] == pytest.approx(by_hand, abs=1e-6)
        assert work["m_hat"] == pytest.approx(g["g"]) and work["v_hat"] == pytest.approx(g["g"] ** 2)


def test_exercise_sheet_takes_the_kinds_in_turn_with_consecutive_seeds():
    sheet = exercise_sheet(["sgd", "bgd"], 10, 5)
    assert [(e.kind, e.seed) for e in sheet] == [
        ("sgd", 10),
        ("bgd", 11),
        ("sgd", 12),
        ("bgd", 13),
        ("sgd", 14),
    ]
    wrapped = exercise_sheet("logistic", gdcore.MAX_EXERCISE_SEED, 2)
    assert [e.seed for e in wrapped] == [gdcore.MAX_EXERCISE_SEED, 0]


def test_the_answer_key_writes_exact_numbers_exactly():
    exercise = make_exercise("bgd", 0)
    w_1, w_2 = exercise.answer("w_1"), exercise.answer("w_2")
    assert w_1.formatted() == f"{w_1.value:.{decimals(w_1.value)}f}" and w_1.rounding() == "exact"
    assert w_2.formatted() == f"{w_2.value:.2f}" and w_2.rounding() == "2 decimals, ±0.01"
    with pytest.raises(KeyError, match="this exercise asks for"):
        exercise.answer("theta_9")


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: make_exercise("adagrad", 0), ValueError, "kind must be one of"),
        (lambda: make_exercise("sgd", -1), ValueError, "seed must be a whole number between 0"),
        (lambda: make_exercise("sgd", 10**7), ValueError, "seed must be a whole number between 0"),
        (lambda: make_exercise("sgd", 1.5), ValueError, "seed must be a whole number"),
        (lambda: make_exercise("sgd", "3"), TypeError, "seed must be a whole number"),
        (lambda: make_exercise("sgd", True), TypeError, "seed must be a whole number"),
        (lambda: exercise_sheet([], 0), ValueError, "kinds must name at least one"),
        (lambda: exercise_sheet(["sgd"], 0, 0), ValueError, "n_exercises must be a whole number"),
        (lambda: exercise_sheet(["nope"], 0), ValueError, "kind must be one of"),
        (lambda: check_answer("w_1", "1"), TypeError, "answer must be an Answer"),
        (lambda: parse_answer(1.5), TypeError, "text must be a string"),
    ],
)
def test_bad_input_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()
