"""Exercises to do by hand, with a check of the student's own numbers.

Each kind of exercise reproduces one of the lecture's worked examples with fresh,
hand-friendly numbers (integers, halves, one-decimal numbers) drawn from a seed:

- ``"logistic"``: a logistic neuron, z = X w + b and y_hat = sigma(z) (slide "Matrix notation");
- ``"softmax"``: a softmax layer, Z = X W + b and one row of Softmax(Z) (slide "Using a softmax output");
- ``"chain_rule"``: Loss_i = (y_hat - y_i)^2 and dL/dw, dL/db by the chain rule (slide "Chain rule");
- ``"sgd"``: one SGD iteration, theta_1 = theta_0 - eta grad Loss_i (slide "SGD, first iteration");
- ``"bgd"``: the batch-GD table on three points, the mean gradient, theta_1 and theta_2
  (slides "BGD, first/second iteration");
- ``"learning_rate"``: the bowl f(w) = (a/2) w^2, the factor 1 - eta a, two steps and the regime
  (slide "Learning rates");
- ``"momentum_adam"``: one momentum step (Keras: v <- mu v - eta g) and Adam's first step with its
  bias corrections (slide "Optimisers").

The right answers come from the same gdcore computations the lecture pages use
(``logistic_neuron``, ``softmax_layer``, ``chain_rule``, ``sgd_iterations``,
``LinearRegression.table`` / ``.gradient``, ``gradient_descent_path``, ``step_factor``,
``learning_rate_regime``, ``gradient_descent_1d``, ``SGD(momentum=...)`` and ``Adam``).
Beside each right answer, an exercise lists the typical wrong ones (the sign of the
gradient, a missing factor 2, the sum instead of the mean, eta not applied, a bias
correction forgotten, ...), each with the hint that names the step it comes from.
A seed is redrawn internally until every typical mistake is told apart from the right
answer at the requested rounding, so a wrong answer never passes for a right one.

Usage::

    exercise = make_exercise("sgd", seed=7)
    verdict = check_answer(exercise.answer("w_1"), "0,35")   # "1,5" is read as 1.5
    verdict.status, verdict.message
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from gdcore._validate import count, finite_number, flag
from gdcore.activations import sigmoid
from gdcore.functions1d import convex_quadratic, gradient_descent_1d
from gdcore.layers import logistic_neuron, softmax_layer
from gdcore.linear import LinearRegression
from gdcore.optimisers import SGD, Adam
from gdcore.rates import REGIMES, learning_rate_regime, step_factor
from gdcore.worked import chain_rule, gradient_descent_path, sgd_iterations

__all__ = [
    "EXERCISE_KINDS",
    "MAX_EXERCISE_SEED",
    "Answer",
    "Exercise",
    "Mistake",
    "Verdict",
    "check_answer",
    "exercise_sheet",
    "make_exercise",
    "parse_answer",
]

EXERCISE_KINDS = ("logistic", "softmax", "chain_rule", "sgd", "bgd", "learning_rate", "momentum_adam")
MAX_EXERCISE_SEED = 999_999
_MAX_ATTEMPTS = 5000  # redraws until every mistake is told apart (a few dozen are usual)
_SEPARATION = 2.5  # a mistake lies more than this many units (10^-decimals) from the right answer
_CLOSE = 10  # a rounded answer within this many units of the right one gets the rounding hint


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer: ``value`` (a number, or an option for a choice), the ``kind`` of
    mistake (``"sign"``, ``"factor 2"``, ``"sum"``, ``"eta"``, ``"bias correction"``, ...) and the
    ``hint`` shown to a student whose answer matches it."""

    kind: str
    value: float | str
    hint: str

    def __post_init__(self):
        if not isinstance(self.value, str):
            object.__setattr__(self, "value", float(self.value))


@dataclass(frozen=True)
class Answer:
    """One requested number (or choice) of an exercise.

    ``name`` is a plain identifier (``"w_1"``), ``symbol`` its LaTeX (``\\theta_1``), ``value`` the
    right answer, ``decimals`` the decimals asked for and ``exact`` whether the value has no more
    decimals than that (then it must be given exactly; else to within one unit of the last
    decimal, ``tolerance`` = 10^-decimals). ``step`` is the formula of the step it comes from,
    named in the hint of a wrong answer that matches no typical mistake. A choice has ``choices``
    (its options) and a string ``value``.
    """

    name: str
    symbol: str
    value: float | str
    decimals: int = 0
    exact: bool = True
    mistakes: tuple[Mistake, ...] = ()
    step: str = ""
    choices: tuple[str, ...] = ()

    def __post_init__(self):
        for name in ("name", "symbol", "step"):
            if not isinstance(getattr(self, name), str):
                raise TypeError(f"{name} must be a string, got {type(getattr(self, name)).__name__}")
        if not all(isinstance(mistake, Mistake) for mistake in self.mistakes):
            raise TypeError("mistakes must be a tuple of Mistake")
        if self.choices:
            if self.value not in self.choices:
                raise ValueError(f"value must be one of the choices {self.choices}, got {self.value!r}")
        else:
            object.__setattr__(self, "value", finite_number(self.value, "value"))
        object.__setattr__(self, "decimals", count(self.decimals, "decimals", cap=12, minimum=0))
        object.__setattr__(self, "exact", flag(self.exact, "exact"))

    @property
    def unit(self) -> float:
        """One unit of the last requested decimal, 10^-decimals."""
        return 10.0**-self.decimals

    @property
    def tolerance(self) -> float:
        """How far a right answer may be from ``value``: float noise when exact, else one unit."""
        if self.exact:
            return 1e-9 * max(1.0, abs(float(self.value)))
        return self.unit

    def rounding(self) -> str:
        """What the student is asked for, e.g. "exact" or "3 decimals, ±0.001"."""
        if self.choices:
            return "choose one"
        if self.exact:
            return "exact"
        return f"{self.decimals} decimal{'s' * (self.decimals != 1)}, ±{self.unit:.{self.decimals}f}"

    def formatted(self) -> str:
        """The right answer as it should be written (to its decimals), for an answer key."""
        if self.choices:
            return str(self.value)
        value = float(self.value)
        return _fixed(value, _decimals(value, self.decimals) if self.exact else self.decimals)


@dataclass(frozen=True)
class Exercise:
    """An exercise: its ``kind`` and ``seed``, the numbers ``given`` to the student (name -> float
    or array), the requested ``answers`` in order, and ``work``: every intermediate number of the
    worked solution (the outputs of the gdcore functions that solve it)."""

    kind: str
    seed: int
    given: dict
    answers: tuple[Answer, ...]
    work: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.kind not in EXERCISE_KINDS:
            raise ValueError(f"kind must be one of {EXERCISE_KINDS}, got {self.kind!r}")
        object.__setattr__(self, "seed", count(self.seed, "seed", cap=MAX_EXERCISE_SEED, minimum=0))
        if not isinstance(self.given, dict) or not isinstance(self.work, dict):
            raise TypeError("given and work must be dicts")
        if not self.answers or not all(isinstance(answer, Answer) for answer in self.answers):
            raise TypeError("answers must be a non-empty tuple of Answer")

    def answer(self, name: str) -> Answer:
        """The answer called ``name``; KeyError naming the names there are."""
        for answer in self.answers:
            if answer.name == name:
                return answer
        raise KeyError(f"no answer {name!r}; this exercise asks for {[a.name for a in self.answers]}")


@dataclass(frozen=True)
class Verdict:
    """The mark of one answer: ``status`` is ``"right"``, ``"wrong"``, ``"empty"`` or
    ``"unreadable"``; ``message`` says why (the hint, or what could not be read); ``value`` is the
    number (or option) read, ``note`` how the text was read when it was not a plain number."""

    status: str
    message: str
    value: float | str | None = None
    note: str | None = None


# ------------------------------------------------------------------------------------------------
# Reading a student's answer

_MINUSES = "\u2212\u2012\u2013\u2014\u2010\u2011\ufe63\uff0d"  # − ‒ – — ‐ ‑ ﹣ －
_PLAIN = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$", re.IGNORECASE)
_MAX_LENGTH = 40


def parse_answer(text, *, decimal_comma: bool = True) -> tuple[float, str | None]:
    """A number typed by a student, as ``(value, note)``.

    Accepted: a plain number (``-1.5``, ``.25``, ``2e-3``), a unicode minus (``−1.5``), spaces
    around the number, after a sign or around ``/``, a fraction ``a/b`` (``1/3``) and, when
    ``decimal_comma``, one comma as the decimal point (``1,5`` = 1.5). ``note`` says how the text
    was read when it was not a plain number (a comma or a fraction), else None.

    Raises ValueError with a message for the student: empty text, words, a percentage, a space
    inside a number, several commas, a comma beside a point, a comma when ``decimal_comma`` is
    off, a division by zero, or a number too large for a float.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    shown = text.strip()
    if not shown:
        raise ValueError("Empty: type a number.")
    if len(shown) > _MAX_LENGTH:
        raise ValueError(f"Too long: type one number (at most {_MAX_LENGTH} characters).")
    s = shown.translate({ord(c): "-" for c in _MINUSES}).replace("\uff0b", "+")
    s = re.sub(r"\s*([+\-/])\s*", r"\1", re.sub(r"\s+", " ", s))  # spaces after a sign, around /
    if " " in s:
        raise ValueError(f"“{shown}” has a space inside the number: type one number, e.g. 15 or 1.5.")
    if s.endswith("%"):
        raise ValueError("A percentage: write it as a decimal number, e.g. 0.5 for 50%.")
    notes = []
    if "," in s:
        if s.count(",") > 1:
            raise ValueError(f"“{shown}” has more than one comma: type one number, e.g. 1.5.")
        if "." in s:
            raise ValueError(f"“{shown}” has a comma and a point: use one decimal point, e.g. 1234.5.")
        if not decimal_comma:
            raise ValueError(
                f"“{shown}” has a comma: write the decimal with a point (1.5), "
                "or switch on “Read a comma as a decimal point”."
            )
        s = s.replace(",", ".")
        notes.append("the comma as a decimal point")
    parts = s.split("/")
    if len(parts) > 2:
        raise ValueError(f"“{shown}” has more than one /: type one number or one fraction, e.g. 1/3.")
    if not all(_PLAIN.match(part) for part in parts):
        raise ValueError(
            f"“{shown}” is not a number: type digits with a decimal point, e.g. −1.5 "
            "(a fraction such as 1/3 works too)."
        )
    numbers = [float(part) for part in parts]
    if len(numbers) == 2:
        if numbers[1] == 0:
            raise ValueError(f"“{shown}” divides by zero.")
        notes.append("a fraction")
    value = numbers[0] / numbers[1] if len(numbers) == 2 else numbers[0]
    if not all(math.isfinite(v) for v in (*numbers, value)):
        raise ValueError(f"“{shown}” is too large a number.")
    value = value + 0.0  # no -0
    note = f"read {' and '.join(notes)}: {value:.6g}" if notes else None
    return value, note


# ------------------------------------------------------------------------------------------------
# Marking an answer


def check_answer(answer: Answer, text, *, decimal_comma: bool = True) -> Verdict:
    """Mark the student's ``text`` (a typed number, or the option chosen for a choice).

    Right when within ``answer.tolerance`` of the right value. A wrong number that matches a
    typical mistake (within one unit of its last decimal) gets that mistake's hint; one close to
    the right value gets a hint about rounding; any other names the step to check. Never raises
    for what a student can type: empty or unreadable text gives status ``"empty"`` or
    ``"unreadable"`` with a message.
    """
    if not isinstance(answer, Answer):
        raise TypeError(f"answer must be an Answer, got {type(answer).__name__}")
    if text is None or (isinstance(text, str) and not text.strip()):
        return Verdict("empty", "No answer yet: " + ("choose one." if answer.choices else "type a number."))
    if answer.choices:
        if text not in answer.choices:
            return Verdict("unreadable", f"Choose one of: {', '.join(answer.choices)}.")
        if text == answer.value:
            return Verdict("right", "Right.", text)
        hints = [m.hint for m in answer.mistakes if m.value == text] or [f"Check: {answer.step}"]
        return Verdict("wrong", " ".join(hints), text)
    try:
        value, note = parse_answer(text, decimal_comma=decimal_comma)
    except ValueError as error:
        return Verdict("unreadable", str(error))
    right = float(answer.value)
    error = abs(value - right)
    if error <= answer.tolerance:
        return Verdict("right", "Right.", value, note)
    hints = []
    for mistake in answer.mistakes:
        if abs(value - float(mistake.value)) <= answer.unit * (1 + 1e-9) and mistake.hint not in hints:
            hints.append(mistake.hint)
    if hints:
        return Verdict("wrong", " ".join(hints), value, note)
    if answer.exact and error <= answer.unit:
        message = "Close, but this number is exact: give it with all its decimals, not rounded."
    elif not answer.exact and error <= _CLOSE * answer.unit:
        message = (
            f"Close, but not within ±{answer.unit:.{answer.decimals}f}: round to {answer.decimals} "
            "decimals, and keep more decimals in the steps before."
        )
    else:
        message = f"Not right. Check this step: {answer.step}"
    return Verdict("wrong", message, value, note)


# ------------------------------------------------------------------------------------------------
# Building exercises


def make_exercise(kind: str, seed: int) -> Exercise:
    """The exercise of ``kind`` (one of ``EXERCISE_KINDS``) for ``seed`` (0..MAX_EXERCISE_SEED).

    The same kind and seed give the same exercise, everywhere: a shared link reproduces it.
    """
    if kind not in _BUILDERS:
        raise ValueError(f"kind must be one of {', '.join(EXERCISE_KINDS)}; got {kind!r}")
    seed = count(seed, "seed", cap=MAX_EXERCISE_SEED, minimum=0)
    rng = np.random.default_rng((EXERCISE_KINDS.index(kind), seed))
    for _ in range(_MAX_ATTEMPTS):
        drawn = _BUILDERS[kind](rng)
        if drawn is None:
            continue
        given, answers, work = drawn
        if _diagnosable(answers):
            return Exercise(kind, seed, given, tuple(answers), work)
    raise RuntimeError(f"no {kind} exercise found for seed {seed}")  # pragma: no cover - tested seeds pass


def exercise_sheet(kinds, seed: int, n_exercises: int = 5) -> list[Exercise]:
    """``n_exercises`` exercises for a printed sheet: kinds taken in turn from ``kinds``, the i-th
    with seed ``seed + i`` (wrapping at MAX_EXERCISE_SEED), so each one can be opened on the page."""
    kinds = list(kinds) if not isinstance(kinds, str) else [kinds]
    if not kinds:
        raise ValueError("kinds must name at least one kind of exercise")
    n_exercises = count(n_exercises, "n_exercises", cap=20)
    seed = count(seed, "seed", cap=MAX_EXERCISE_SEED, minimum=0)
    return [
        make_exercise(kinds[i % len(kinds)], (seed + i) % (MAX_EXERCISE_SEED + 1)) for i in range(n_exercises)
    ]


def _diagnosable(answers) -> bool:
    """True when every number is of a readable size and every typical mistake lies far enough
    from the right answer to be told apart at the requested rounding."""
    for answer in answers:
        if answer.choices:
            continue
        right = float(answer.value)
        if not (math.isfinite(right) and abs(right) < 1000):
            return False
        for mistake in answer.mistakes:
            wrong = float(mistake.value)
            if not (math.isfinite(wrong) and abs(wrong) < 1e6):
                return False
            if abs(wrong - right) <= _SEPARATION * answer.unit + answer.tolerance:
                return False
    return True


def _decimals(value: float, most: int = 8) -> int:
    """The fewest decimals that write ``value`` exactly (float noise aside), at most ``most``."""
    for d in range(most + 1):
        if abs(round(value, d) - value) <= 1e-9 * max(1.0, abs(value)):
            return d
    return most


def _fixed(value: float, decimals: int) -> str:
    """``value`` written with ``decimals`` decimals, never as -0."""
    text = f"{value:.{decimals}f}"
    return text.lstrip("-") if float(text) == 0 else text


def _exact(name, symbol, value, step, mistakes=()) -> Answer:
    """An answer given exactly. Its ``decimals`` are those the value needs, at least 1: a typed
    number within 0.1 of a typical mistake (or of the right value) is told which it is near."""
    value = float(value)
    return Answer(name, symbol, value, max(_decimals(value), 1), True, tuple(mistakes), step)


def _rounded(name, symbol, value, decimals, step, mistakes=()) -> Answer:
    """An answer given to ``decimals`` decimals, right within one unit of the last one."""
    return Answer(name, symbol, float(value), decimals, False, tuple(mistakes), step)


def _pick(rng, values, size=None):
    """Values drawn uniformly from a short list of hand-friendly numbers (floats)."""
    picked = np.asarray(values, dtype=float)[rng.integers(0, len(values), size=size)]
    return picked if size is not None else float(picked)


_NOISES = np.array(np.meshgrid(*[[-1.0, 0.0, 1.0]] * 3, indexing="ij")).reshape(3, -1).T  # (27, 3)
_HALVES = (-2.0, -1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0)
_RATES = (0.01, 0.02, 0.05, 0.1)


def _gradient_mistakes(x, residual, which: str):
    """The typical mistakes of dLoss_i/dw = 2 (y_hat - y) x (``which="w"``) or dLoss_i/db = 2 (y_hat - y)."""
    right = 2 * residual * (x if which == "w" else 1.0)
    mistakes = [
        Mistake("sign", -right, "The sign: ∂Loss/∂ŷ = 2(ŷ − y), prediction minus target."),
        Mistake("factor 2", right / 2, "The factor 2 is missing: the derivative of (ŷ − y)² is 2(ŷ − y)."),
    ]
    if which == "w":
        mistakes.append(
            Mistake("chain", 2 * residual, "That is ∂Loss/∂b: for w multiply by ∂ŷ/∂w = x as well.")
        )
    else:
        mistakes.append(Mistake("chain", 2 * residual * x, "You multiplied by x: ∂ŷ/∂b = 1, not x."))
    return mistakes


def _prediction_answers(prefix: str, sub: str, x, y, w, b, y_hat):
    """y_hat = w x + b and Loss = (y_hat - y)^2 for one observation, with their typical mistakes."""
    residual = y_hat - y
    return [
        _exact(
            f"y_hat{prefix}",
            rf"\hat y{sub}",
            y_hat,
            "ŷ = w·x + b.",
            [
                Mistake("bias", w * x, "The bias is missing: ŷ = w·x + b."),
                Mistake("swap", b * x + w, "w and b are swapped: w multiplies x, b is added."),
            ],
        ),
        _exact(
            f"loss{prefix}",
            rf"\text{{Loss}}{sub}",
            residual**2,
            "Loss = (ŷ − y)².",
            [
                Mistake("square", residual, "Square the error: Loss = (ŷ − y)²."),
                Mistake("derivative", 2 * residual, "That is the derivative 2(ŷ − y); the loss is (ŷ − y)²."),
            ],
        ),
    ]


def _logistic(rng):
    """Slide "Matrix notation": z = X w + b, y_hat = sigma(z), three observations, two features."""
    X = rng.integers(-3, 4, size=(3, 2)).astype(float)
    w = _pick(rng, _HALVES, size=2)
    b = _pick(rng, (-3.0, -2.0, -1.0, 1.0, 2.0, 3.0))
    y = rng.integers(0, 2, size=3).astype(float)
    out = logistic_neuron(X, y, w, b)
    z, y_hat = out["z"], out["y_hat"]
    if np.any(np.abs(z) > 4) or np.any(z == 0):
        return None
    answers = []
    for i in range(3):
        answers.append(
            _exact(
                f"z_{i + 1}",
                f"z_{i + 1}",
                z[i],
                "z_i = x_i1·w_1 + x_i2·w_2 + b.",
                [
                    Mistake("bias", z[i] - b, "The bias is missing: z_i = x_i1·w_1 + x_i2·w_2 + b."),
                    Mistake(
                        "order",
                        X[i] @ w[::-1] + b,
                        "w_1 and w_2 are swapped: x_i1 goes with w_1, x_i2 with w_2 (row times column).",
                    ),
                    Mistake("sign", -z[i], "The sign is flipped: check the products and the sign of b."),
                ],
            )
        )
    for i in range(3):
        answers.append(
            _rounded(
                f"y_hat_{i + 1}",
                rf"\hat y_{i + 1}",
                y_hat[i],
                3,
                "ŷ_i = σ(z_i) = 1 / (1 + e^(−z_i)).",
                [
                    Mistake(
                        "sign",
                        sigmoid(-z[i]),
                        "That is 1/(1 + e^(z)) = σ(−z): the exponent is −z, so ŷ > 0.5 exactly when z > 0.",
                    ),
                    Mistake("bias", sigmoid(z[i] - b), "That is σ of z without the bias b."),
                    Mistake("exp", math.exp(-z[i]), "That is e^(−z) alone: ŷ = 1 / (1 + e^(−z))."),
                ],
            )
        )
    return {"X": X, "y": y, "w": w, "b": b}, answers, {**out, "exp_neg_z": np.exp(-z)}


def _softmax(rng):
    """Slide "Using a softmax output": Z = X W + b, then the softmax of one row of Z."""
    X = rng.integers(1, 4, size=(3, 2)).astype(float)
    W = _pick(rng, (-2.0, -1.0, 1.0, 2.0), size=(2, 2))
    if W[0, 1] == W[1, 0]:
        return None  # W and its transpose must differ, to tell that mistake apart
    b = _pick(rng, (-3.0, -2.0, -1.0, 1.0, 2.0, 3.0), size=2)
    row = int(rng.integers(0, 3))
    out = softmax_layer(X, W, b)
    Z, P = out["Z"], out["P"]
    if np.any(np.abs(Z) > 10) or not 0.5 <= abs(Z[row, 0] - Z[row, 1]) <= 3:
        return None
    transposed = X @ W.T + b
    answers = []
    for i in range(3):
        for j in range(2):
            answers.append(
                _exact(
                    f"Z_{i + 1}{j + 1}",
                    f"z_{{{i + 1},{j + 1}}}",
                    Z[i, j],
                    "z_ij = x_i1·w_1j + x_i2·w_2j + b_j (row i of X times column j of W, plus b_j).",
                    [
                        Mistake("bias", Z[i, j] - b[j], f"The bias is missing: add b_{j + 1}."),
                        Mistake(
                            "transpose",
                            transposed[i, j],
                            "You used the rows of W: z_ij takes row i of X times column j of W.",
                        ),
                        Mistake(
                            "bias column",
                            Z[i, j] - b[j] + b[1 - j],
                            f"That bias belongs to the other column: column {j + 1} gets b_{j + 1}.",
                        ),
                    ],
                )
            )
    exp_row = np.exp(Z[row])
    exp_column = np.exp(Z).sum(axis=0)
    for j in range(2):
        mistakes = [
            Mistake(
                "normalise",
                exp_row[j],
                "That is e^(z_ij) alone: divide by the sum of the row's exponentials.",
            ),
            Mistake(
                "column",
                exp_row[j] / exp_column[j],
                "You normalised down column j: softmax divides by the sum across row i.",
            ),
            Mistake("sigmoid", sigmoid(Z[row, j]), "That is σ(z_ij): softmax compares the row's entries."),
        ]
        if Z[row].sum() != 0:
            mistakes.append(
                Mistake("linear", Z[row, j] / Z[row].sum(), "Exponentiate first: e^(z_ij) / Σ_l e^(z_il).")
            )
        answers.append(
            _rounded(
                f"P_{j + 1}",
                rf"\hat y_{{{row + 1},{j + 1}}}",
                P[row, j],
                3,
                "Softmax_j(z_i) = e^(z_ij) / (e^(z_i1) + e^(z_i2)).",
                mistakes,
            )
        )
    work = {**out, "row": row, "exp_row": exp_row, "exp_sum": float(exp_row.sum())}
    return {"X": X, "W": W, "b": b, "row": row}, answers, work


def _chain_rule(rng):
    """Slide "Chain rule": one observation, y_hat = w x + b, Loss = (y_hat - y)^2 and its derivatives."""
    x = float(rng.integers(-3, 7))
    y = float(rng.integers(-5, 11))
    w, b = _pick(rng, (0.0, *_HALVES), size=2)
    out = chain_rule(x, y, w, b)
    residual = out["y_hat"] - y
    if residual == 0:
        return None
    answers = _prediction_answers("", "", x, y, w, b, out["y_hat"])
    answers.append(
        _exact(
            "dloss_dyhat",
            r"\partial \text{Loss}/\partial \hat y",
            out["dloss_dyhat"],
            "∂Loss/∂ŷ = 2(ŷ − y).",
            [
                Mistake("sign", -out["dloss_dyhat"], "The sign: 2(ŷ − y), prediction minus target."),
                Mistake("factor 2", residual, "The factor 2 is missing: the derivative of u² is 2u."),
            ],
        )
    )
    answers.append(
        _exact(
            "dloss_dw",
            r"\partial \text{Loss}/\partial w",
            out["dloss_dw"],
            "∂Loss/∂w = 2(ŷ − y)·x.",
            _gradient_mistakes(x, residual, "w"),
        )
    )
    answers.append(
        _exact(
            "dloss_db",
            r"\partial \text{Loss}/\partial b",
            out["dloss_db"],
            "∂Loss/∂b = 2(ŷ − y)·1.",
            _gradient_mistakes(x, residual, "b"),
        )
    )
    return {"x": x, "y": y, "w": w, "b": b}, answers, out


def _update_mistakes(theta0, gradient, eta, which: int, other_gradient=None):
    """Typical mistakes of theta_1 = theta_0 - eta * gradient for one parameter."""
    mistakes = [
        Mistake("sign", theta0 + eta * gradient, "The sign: step against the gradient, θ₁ = θ₀ − η·∇Loss."),
        Mistake("eta", theta0 - gradient, f"η is not applied: multiply the gradient by η = {eta:g}."),
        Mistake("factor 2", theta0 - eta * gradient / 2, "The gradient lost its factor 2: 2(ŷ − y)."),
    ]
    if other_gradient is not None:
        name = "∂L/∂b" if which == 0 else "∂L/∂w"
        mistakes.append(
            Mistake(
                "component", theta0 - eta * other_gradient, f"You used {name}: each parameter has its own."
            )
        )
    return mistakes


def _sgd(rng):
    """Slide "SGD, first iteration": one point, theta_0 = (w, b), eta; the gradient and theta_1."""
    x = float(rng.integers(1, 10))
    y = float(rng.integers(-5, 21))
    theta0 = _pick(rng, (-1.0, -0.5, 0.0, 0.5, 1.0), size=2)
    eta = _pick(rng, _RATES)
    (record,) = sgd_iterations([[x, y]], theta0, eta)
    residual = record["y_hat"] - y
    if residual == 0 or record["loss"] > 500:
        return None
    answers = _prediction_answers("", "", x, y, theta0[0], theta0[1], record["y_hat"])
    answers.append(
        _exact(
            "dloss_dw", r"\partial \text{Loss}_i/\partial w", record["dloss_dw"], "∂Loss/∂w = 2(ŷ − y)·x.",
            _gradient_mistakes(x, residual, "w"),
        )
    )  # fmt: skip
    answers.append(
        _exact(
            "dloss_db", r"\partial \text{Loss}_i/\partial b", record["dloss_db"], "∂Loss/∂b = 2(ŷ − y).",
            _gradient_mistakes(x, residual, "b"),
        )
    )  # fmt: skip
    gradient = record["gradient"]
    for k, (name, symbol) in enumerate((("w_1", "w_1"), ("b_1", "b_1"))):
        answers.append(
            _exact(
                name,
                symbol,
                record["theta_next"][k],
                "θ₁ = θ₀ − η·∇Loss_i.",
                _update_mistakes(theta0[k], gradient[k], eta, k, gradient[1 - k]),
            )
        )
    return {"x": x, "y": y, "theta0": theta0, "eta": eta}, answers, record


def _bgd(rng):
    """Slides "BGD, first/second iteration": three points, the table at theta_0, the mean gradient,
    theta_1 and theta_2."""
    x = np.sort(rng.choice(np.arange(2.0, 8.0), size=3, replace=False))  # x = 1 hides dy_hat/dw = x
    slope, intercept = _pick(rng, (1.0, 2.0, 3.0)), _pick(rng, (-1.0, 0.0, 1.0, 2.0))
    theta0 = np.array([_pick(rng, (-1.0, 0.0, 1.0, 2.0)), _pick(rng, (-1.0, 1.0))])
    eta = _pick(rng, (0.01, 0.02, 0.05))
    # y near a line, like the lecture's data, with the noise (-1, 0 or +1 per point) chosen so that
    # the means of the columns dL/dw and dL/db (sums of three) are whole numbers.
    residuals = theta0[0] * x + theta0[1] - (slope * x + intercept) - _NOISES
    whole = (residuals.sum(axis=1) % 3 == 0) & ((residuals @ x) % 3 == 0)
    if not whole.any():
        return None
    noises = _NOISES[whole]
    y = slope * x + intercept + noises[rng.integers(0, len(noises))]
    problem = LinearRegression(x, y)
    gradient = problem.gradient(theta0)
    path = gradient_descent_path(problem, theta0, eta, 2)
    if path.diverged_at is not None or not path.loss[2] < path.loss[1] < path.loss[0]:
        return None  # a step size that makes progress, as on the slides
    theta1, theta2 = path.params[1], path.params[2]
    if np.any(np.abs(theta2) > 20):
        return None
    table = problem.table(theta0)
    answers = []
    for i in range(3):
        row = _prediction_answers(
            f"_{i + 1}", f"_{i + 1}", x[i], y[i], theta0[0], theta0[1], table["y_hat"][i]
        )
        residual = table["y_hat"][i] - y[i]
        row.append(
            _exact(f"dL/dw_{i + 1}", rf"\partial L_{i + 1}/\partial w", table["dL/dw"][i], "∂Loss_i/∂w = 2(ŷ_i − y_i)·x_i.",
                   _gradient_mistakes(x[i], residual, "w"))
        )  # fmt: skip
        row.append(
            _exact(f"dL/db_{i + 1}", rf"\partial L_{i + 1}/\partial b", table["dL/db"][i], "∂Loss_i/∂b = 2(ŷ_i − y_i).",
                   _gradient_mistakes(x[i], residual, "b"))
        )  # fmt: skip
        answers += row
    for k, name in enumerate(("w", "b")):
        answers.append(
            _exact(
                f"grad_{name}",
                rf"\partial \text{{Loss}}_{{1:3}}/\partial {name}",
                gradient[k],
                f"the mean of the column dL/d{name}: (1/n) Σ_i ∂Loss_i/∂{name}.",
                [
                    Mistake(
                        "sum", 3 * gradient[k], "That is the sum of the column: divide by n = 3 for the mean."
                    ),
                    Mistake(
                        "factor 2", gradient[k] / 2, "The factor 2 is missing: ∂Loss_i/∂ŷ = 2(ŷ_i − y_i)."
                    ),
                    Mistake("sign", -gradient[k], "The sign: ŷ_i − y_i, prediction minus target."),
                ],
            )
        )
    # The same iterations, done with the sum of the column instead of the mean.
    summed1 = theta0 - eta * 3 * gradient
    summed2 = summed1 - eta * 3 * problem.gradient(summed1)
    gradient1 = problem.gradient(theta1)
    for k, name in enumerate(("w", "b")):
        mistakes = _update_mistakes(theta0[k], gradient[k], eta, k)
        mistakes.append(
            Mistake("sum", summed1[k], "You stepped with the sum of the column: ∇Loss_{1:3} is the mean.")
        )
        answers.append(_exact(f"{name}_1", f"{name}_1", theta1[k], "θ₁ = θ₀ − η·∇Loss_{1:3}(θ₀).", mistakes))
    for k, name in enumerate(("w", "b")):
        answers.append(
            _rounded(
                f"{name}_2",
                f"{name}_2",
                theta2[k],
                2,
                "θ₂ = θ₁ − η·∇Loss_{1:3}(θ₁): a new table at θ₁, its mean gradient, one more step.",
                [
                    Mistake("iteration", theta1[k], "That is θ₁: do a second iteration, from θ₁."),
                    Mistake(
                        "stale",
                        theta1[k] - eta * gradient[k],
                        "You reused the gradient at θ₀: compute the table again at θ₁.",
                    ),
                    Mistake("sign", theta1[k] + eta * gradient1[k], "The sign: θ₂ = θ₁ − η·∇Loss(θ₁)."),
                    Mistake("sum", summed2[k], "You stepped with sums of the columns: use their means."),
                ],
            )
        )
    work = {
        "table": table,
        "gradient": gradient,
        "step": path.step[0],
        "theta1": theta1,
        "table1": problem.table(theta1),
        "gradient1": gradient1,
        "step1": path.step[1],
        "theta2": theta2,
    }
    return {"x": x, "y": y, "theta0": theta0, "eta": eta}, answers, work


_REGIME_RULES = {
    "creeping": "creeping means η·a ≤ 0.1 (each step removes at most a tenth of the distance)",
    "converging": "sliding straight down (converging) means 0.1 < η·a ≤ 1 (a factor between 0 and 0.9)",
    "oscillating": "oscillating means 1 < η·a < 2 (a negative factor: each step jumps over the minimum)",
    "bouncing": "bouncing for ever means η·a = 2 exactly (a factor of −1: each jump lands as far away)",
    "diverging": "diverging means η·a > 2 (a factor below −1: each jump lands further away)",
}


def _learning_rate(rng):
    """Slide "Learning rates": on f(w) = (a/2) w^2, one step multiplies w by 1 - eta a."""
    regime = REGIMES[int(rng.integers(0, len(REGIMES)))]
    a = _pick(rng, (0.5, 1.0, 2.0, 4.0, 5.0, 10.0))
    eta = _pick(rng, (0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.75, 0.8, 1.0))
    w0 = _pick(rng, (-5.0, -4.0, -3.0, -2.0, 2.0, 3.0, 4.0, 5.0))
    product = eta * a
    if (
        learning_rate_regime(eta, a) != regime
        or product > 3
        or (regime != "bouncing" and min(abs(product - r) for r in (0.1, 1, 2)) < 0.04)  # 2 is the border
    ):
        return None
    factor = step_factor(eta, a)
    run = gradient_descent_1d(convex_quadratic(a, domain=(-100.0, 100.0), start=w0), w0, eta, 2)
    w1, w2 = run.x[1], run.x[2]
    answers = [
        _exact(
            "factor",
            r"1 - \eta a",
            factor,
            "w₁ = w₀ − η·f'(w₀) = w₀ − η·a·w₀ = (1 − η a)·w₀.",
            [
                Mistake("sign", 1 + product, "The sign: a step goes against the slope, w − η·a·w."),
                Mistake(
                    "step", product, "That is η·a, the share of the distance removed; the factor is 1 − η·a."
                ),
                Mistake(
                    "curvature", 1 - eta, "The curvature is missing: f'(w) = a·w, so the factor is 1 − η·a."
                ),
                Mistake("factor 2", 1 - product / 2, "The derivative of (a/2)·w² is a·w: the 2 cancels."),
            ],
        ),
        _exact(
            "w_1",
            "w_1",
            w1,
            "w₁ = w₀ − η·f'(w₀), with f'(w) = a·w.",
            [
                Mistake("sign", w0 + eta * a * w0, "The sign: w₁ = w₀ − η·f'(w₀), against the slope."),
                Mistake("eta", w0 - a * w0, f"η is not applied: the step is η·f'(w₀), with η = {eta:g}."),
                Mistake(
                    "factor 2", w0 - product * w0 / 2, "The derivative of (a/2)·w² is a·w: the 2 cancels."
                ),
                Mistake("step", -product * w0, "That is the step −η·f'(w₀): add it to w₀."),
            ],
        ),
        _exact(
            "w_2",
            "w_2",
            w2,
            "w₂ = w₁ − η·f'(w₁) = (1 − η a)²·w₀.",
            [
                Mistake("iteration", w1, "That is w₁: take a second step, from w₁."),
                Mistake("sign", w0 * (1 + product) ** 2, "The sign: each step goes against the slope."),
                Mistake(
                    "factor 2",
                    w0 * (1 - product / 2) ** 2,
                    "The derivative of (a/2)·w² is a·w: the 2 cancels.",
                ),
                Mistake(
                    "stale",
                    w0 - 2 * product * w0,
                    "You took both steps with f'(w₀): the slope at w₁ is a·w₁.",
                ),
            ],
        ),
    ]
    regime_answer = Answer(
        "regime",
        r"\text{regime}",
        regime,
        mistakes=tuple(
            Mistake("regime", option, f"Not {option}: η·a = {product:g} and {_REGIME_RULES[option]}.")
            for option in REGIMES
            if option != regime
        ),
        step="the regime follows from η·a: ≤ 0.1 creeping, ≤ 1 converging, < 2 oscillating, = 2 bouncing, "
        "> 2 diverging.",
        choices=REGIMES,
    )
    answers.append(regime_answer)
    work = {"factor": factor, "product": product, "regime": regime, "w": run.x[:3], "slopes": a * run.x[:2]}
    return {"a": a, "eta": eta, "w0": w0}, answers, work


def _bias_corrected(name, symbol, moment, corrected, beta, letter, sub) -> Answer:
    """Adam's bias-corrected moment at t = 1, moment / (1 - beta^1), with its typical mistakes."""
    return _exact(
        name,
        symbol,
        corrected,
        f"{letter}̂₁ = {letter}₁ / (1 − β{sub}^t), with t = 1.",
        [
            Mistake(
                "bias correction",
                moment,
                f"The bias correction is forgotten: divide {letter}₁ by 1 − β{sub}^1.",
            ),
            Mistake("multiply", moment * (1 - beta), f"Divide by 1 − β{sub}^t, do not multiply."),
        ],
    )


def _momentum_adam(rng):
    """Slide "Optimisers": one momentum step (Keras: v <- mu v - eta g, w <- w + v) and Adam's
    first step from m = v = 0, with its bias corrections, from the same w_0 and gradient g."""
    w0 = _pick(rng, _HALVES)
    g = _pick(rng, (-4.0, -3.0, -2.0, -1.5, -0.5, 0.5, 1.5, 2.0, 3.0, 4.0))
    eta = _pick(rng, (0.01, 0.05, 0.1, 0.2))
    mu = _pick(rng, (0.5, 0.8, 0.9))
    v0 = _pick(rng, (-0.5, -0.4, -0.3, -0.2, 0.2, 0.3, 0.4, 0.5))
    beta_1 = _pick(rng, (0.5, 0.8, 0.9))
    beta_2 = _pick(rng, (0.9, 0.99, 0.999))
    params = np.array([w0])
    grads = np.array([g])
    momentum = SGD(eta, momentum=mu)
    w_momentum, state = momentum.step(params, grads, {"step": 0, "momentum": np.array([v0])})
    velocity = state["momentum"][0]
    adam = Adam(eta, beta_1=beta_1, beta_2=beta_2)
    w_adam, adam_state = adam.step(params, grads, adam.init(params))
    m, v = adam_state["m"][0], adam_state["v"][0]
    m_hat, v_hat = m / (1 - beta_1), v / (1 - beta_2)  # t = 1: divide by 1 - beta^1
    eps = adam.epsilon
    answers = [
        _exact(
            "v_1",
            "v_1",
            velocity,
            "v₁ = μ·v₀ − η·g.",
            [
                Mistake("sign", mu * v0 + eta * g, "The sign: Keras's velocity is v ← μ·v − η·g."),
                Mistake("eta", mu * v0 - g, f"η is not applied: v ← μ·v − η·g, with η = {eta:g}."),
                Mistake("mu", v0 - eta * g, f"μ is missing: the old velocity is multiplied by μ = {mu:g}."),
                Mistake("momentum", -eta * g, "That forgets the old velocity: add μ·v₀."),
            ],
        ),
        _exact(
            "w_momentum",
            r"w_1 \text{ (momentum)}",
            w_momentum[0],
            "w₁ = w₀ + v₁.",
            [
                Mistake("sign", w0 - velocity, "The velocity already holds the minus sign: w₁ = w₀ + v₁."),
                Mistake("momentum", w0 - eta * g, "That is plain SGD: with momentum, w₁ = w₀ + v₁."),
                Mistake("eta", w0 + mu * v0 - g, "η is not applied to the gradient in v₁."),
            ],
        ),
        _exact(
            "m_1",
            "m_1",
            m,
            "m₁ = β₁·m₀ + (1 − β₁)·g, with m₀ = 0.",
            [
                Mistake("weights", beta_1 * g, "The weights are swapped: the new gradient gets 1 − β₁."),
                Mistake("bias correction", g, "That is m̂₁, already corrected: m₁ = (1 − β₁)·g."),
            ],
        ),
        _exact(
            "v_adam",
            r"v_1 \text{ (Adam)}",
            v,
            "v₁ = β₂·v₀ + (1 − β₂)·g², with v₀ = 0.",
            [
                Mistake("square", (1 - beta_2) * g, "Square the gradient: v averages g²."),
                Mistake("weights", beta_2 * g * g, "The weights are swapped: the new g² gets 1 − β₂."),
                Mistake("bias correction", g * g, "That is v̂₁, already corrected: v₁ = (1 − β₂)·g²."),
            ],
        ),
        _bias_corrected("m_hat", r"\hat m_1", m, m_hat, beta_1, "m", "₁"),
        _bias_corrected("v_hat", r"\hat v_1", v, v_hat, beta_2, "v", "₂"),
        _rounded(
            "w_adam",
            r"w_1 \text{ (Adam)}",
            w_adam[0],
            3,
            "w₁ = w₀ − η·m̂₁ / (√v̂₁ + ε).",
            [
                Mistake(
                    "bias correction",
                    w0 - eta * m / (math.sqrt(v) + eps),
                    "The bias corrections are forgotten: use m̂₁ and v̂₁, not m₁ and v₁.",
                ),
                Mistake("sign", w0 + eta * m_hat / (math.sqrt(v_hat) + eps), "The sign: w₁ = w₀ − η·m̂₁/√v̂₁."),
                Mistake("eta", w0 - m_hat / (math.sqrt(v_hat) + eps), f"η is not applied: η = {eta:g}."),
                Mistake("sqrt", w0 - eta * m_hat / v_hat, "Divide by the square root √v̂₁, not by v̂₁."),
            ],
        ),
    ]
    given = {"w0": w0, "g": g, "eta": eta, "mu": mu, "v0": v0, "beta_1": beta_1, "beta_2": beta_2}
    work = {
        "velocity": velocity,
        "w_momentum": w_momentum[0],
        "m": m,
        "v": v,
        "m_hat": m_hat,
        "v_hat": v_hat,
        "sqrt_v_hat": math.sqrt(v_hat),
        "epsilon": eps,
        "w_adam": w_adam[0],
    }
    return given, answers, work


_BUILDERS = {
    "logistic": _logistic,
    "softmax": _softmax,
    "chain_rule": _chain_rule,
    "sgd": _sgd,
    "bgd": _bgd,
    "learning_rate": _learning_rate,
    "momentum_adam": _momentum_adam,
}
