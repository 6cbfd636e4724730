"""The Exercises page's controls: widget keys and labels (defined once, used by the page, the tests
and the bench), the URL (kind, seed, quiz flag) and the session state (marks and score)."""

from __future__ import annotations

import random

import streamlit as st

import gdcore
from ui.page import keep_in_url

BIND = {"bind": "query-params"}

# Widget keys: the first four are in the URL ("Share this view" reproduces the exercise).
KIND = "kind"
SEED = "seed"
COMMA = "comma"
SHEET_KINDS = "sheet_kinds"
SHEET_COUNT = "sheet_n"
NEW = "new"
CHECK = "check"
FORM = "answers"
DOWNLOAD_SHEET = "download_sheet"
DOWNLOAD_KEY = "download_key"
QUIZ = "quiz"  # a query parameter only (?quiz=1), set by the teacher's link, not a widget

MARKS = "exercise_marks"  # session state: (kind, seed) -> {answer name: Verdict} of the last check
SCORE = "exercise_score"  # session state: (kind, seed) -> (best number right, numbers asked)
SCORE_PARAM = "score"  # the score in the address bar too: kind:seed:right:asked,...

KIND_LABELS = {
    "logistic": "Logistic neuron",
    "softmax": "Softmax layer",
    "chain_rule": "Chain rule",
    "sgd": "One SGD iteration",
    "bgd": "Batch GD table",
    "learning_rate": "Learning-rate regime",
    "momentum_adam": "Momentum and Adam",
}
KIND_BY_LABEL = {label: kind for kind, label in KIND_LABELS.items()}
REGIME_LABELS = {
    "creeping": "creeps (creeping)",
    "converging": "slides straight down (converging)",
    "oscillating": "oscillates (oscillating)",
    "bouncing": "bounces for ever (bouncing)",
    "diverging": "diverges (diverging)",
}
SHEET_DEFAULT = 5
SHEET_MAX = 10


def choose_exercise() -> tuple[str, int]:
    """The kind and seed controls and the "New exercise" button, in one row; returns (kind, seed).

    A link whose kind or seed cannot be used gets a message (Streamlit then drops it from the URL
    and the page shows the default)."""
    raw = {name: st.query_params.get(name) for name in (KIND, SEED)}
    kind_column, seed_column, new_column = st.columns([3, 2, 2], vertical_alignment="bottom")
    kind = kind_column.selectbox("Exercise", list(KIND_LABELS), format_func=KIND_LABELS.get, key=KIND, **BIND)
    seed = seed_column.number_input(
        "Seed",
        0,
        gdcore.MAX_EXERCISE_SEED,
        0,
        1,
        key=SEED,
        help="The same seed gives the same numbers.",
        **BIND,
    )
    new_column.button(
        "New exercise", key=NEW, on_click=new_seed, type="primary", icon=":material/casino:", width="stretch"
    )
    if raw[KIND] is not None and raw[KIND] != KIND_LABELS[kind]:
        st.error(
            f"The link asks for the exercise “{raw[KIND]}”, which is not one of: "
            f"{', '.join(KIND_LABELS.values())}. Showing “{KIND_LABELS[kind]}” instead.",
            icon=":material/link_off:",
        )
    if raw[SEED] is not None and not _same_number(raw[SEED], seed):
        st.error(
            f"The link's seed “{raw[SEED]}” is not a whole number from 0 to {gdcore.MAX_EXERCISE_SEED}. "
            f"Showing seed {seed} instead.",
            icon=":material/link_off:",
        )
    return kind, int(seed)


def _same_number(text: str, value: int) -> bool:
    try:
        return float(text) == value
    except ValueError:
        return False


def new_seed() -> None:
    """Draw a new seed (a different one) for the "New exercise" button."""
    current = st.session_state.get(SEED, 0)
    seed = current
    while seed == current:
        seed = random.randint(0, gdcore.MAX_EXERCISE_SEED)
    st.session_state[SEED] = seed


def decimal_comma() -> bool:
    """The switch that reads "1,5" as 1.5 (on by default, and said so beside the answers)."""
    return st.toggle(
        "Read a comma as a decimal point (1,5 = 1.5)",
        value=True,
        key=COMMA,
        help="Off: a comma is refused with a message, and only 1.5 is read.",
        **BIND,
    )


def quiz_mode() -> bool:
    """True when the link carries ?quiz=1: the worked solutions wait until an answer is checked."""
    return str(st.query_params.get(QUIZ, "")).lower() in ("1", "true", "yes", "on")


def answer_key(exercise: gdcore.Exercise, name: str) -> str:
    """The widget key of one answer: a new exercise gets new, empty inputs."""
    return f"answer:{exercise.kind}:{exercise.seed}:{name}"


def marks(exercise: gdcore.Exercise) -> dict:
    """The verdicts of this exercise's last check ({} before the first)."""
    return st.session_state.get(MARKS, {}).get((exercise.kind, exercise.seed), {})


def checked(exercise: gdcore.Exercise) -> bool:
    """True once at least one answer of this exercise was checked (right or wrong)."""
    return any(verdict.status in ("right", "wrong") for verdict in marks(exercise).values())


def check(exercise: gdcore.Exercise, comma: bool) -> None:
    """The Check button's callback: mark every answer and keep the best score of this exercise."""
    verdicts = {
        answer.name: gdcore.check_answer(
            answer, st.session_state.get(answer_key(exercise, answer.name)), decimal_comma=comma
        )
        for answer in exercise.answers
    }
    ident = (exercise.kind, exercise.seed)
    st.session_state.setdefault(MARKS, {})[ident] = verdicts
    if any(v.status in ("right", "wrong") for v in verdicts.values()):
        right = sum(v.status == "right" for v in verdicts.values())
        score = session_score()
        best = score.get(ident, (0, len(verdicts)))[0]
        score[ident] = (max(best, right), len(verdicts))
        keep_in_url(SCORE_PARAM, score_text(score))


def score_text(score: dict) -> str:
    """The score as the address bar keeps it: ``kind:seed:right:asked`` per exercise, comma-separated."""
    return ",".join(f"{kind}:{seed}:{right}:{asked}" for (kind, seed), (right, asked) in score.items())


def parse_score(text: str) -> dict:
    """``score_text``'s score back; an entry that cannot be read (a link edited by hand) is left out."""
    score = {}
    for entry in text.split(","):
        kind, *numbers = entry.split(":")
        if kind in KIND_LABELS and len(numbers) == 3 and all(n.isdigit() for n in numbers):
            seed, right, asked = map(int, numbers)
            if right <= asked <= 100:
                score[(kind, seed)] = (right, asked)
    return score


def session_score() -> dict:
    """This session's score: (kind, seed) -> (best number right, numbers asked). A session starts
    with the score in the address bar, so a reload, or a new session on another server after a
    failover, keeps it (the typed answers of the exercise on screen are not kept)."""
    if SCORE not in st.session_state:
        st.session_state[SCORE] = parse_score(st.query_params.get(SCORE_PARAM, ""))
    return st.session_state[SCORE]


def score_rows() -> list[dict]:
    """The session's score per kind: exercises checked, exercises all right, numbers right."""
    score = session_score()
    rows = []
    for kind, label in KIND_LABELS.items():
        results = [result for (k, _), result in score.items() if k == kind]
        if results:
            rows.append(
                {
                    "exercise": label,
                    "checked": len(results),
                    "all right": sum(right == asked for right, asked in results),
                    "numbers right": f"{sum(r for r, _ in results)} of {sum(a for _, a in results)}",
                }
            )
    return rows


def sheet_controls(kind: str) -> tuple[tuple[str, ...], int]:
    """The printable sheet's kinds (all by default) and number of exercises."""
    chosen = st.multiselect(
        "Kinds of exercise on the sheet (taken in turn)",
        list(KIND_LABELS),
        default=list(KIND_LABELS),
        format_func=KIND_LABELS.get,
        key=SHEET_KINDS,
        **BIND,
    )
    n_exercises = st.slider("Number of exercises", 1, SHEET_MAX, SHEET_DEFAULT, key=SHEET_COUNT, **BIND)
    return tuple(chosen) or (kind,), n_exercises
