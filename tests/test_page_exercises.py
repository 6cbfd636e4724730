"""AppTest: the Exercises page. A full round per kind (new exercise, a wrong answer, the right
answers, the worked solution and its code), the quiz link, the score, the printable sheet, answers
that cannot be read, and a shared link that reproduces the exercise in a fresh session."""

from pathlib import Path

import pytest
from conftest import reopened, rerun, sections, snippet_numbers_not_shown
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

import gdcore
from topics.exercises import controls, report, sheet, texts
from ui.code import CODE_LABEL

ROOT = Path(__file__).resolve().parents[1]
PAGE = "pages/10_Exercises.py"


def open_exercise(kind=None, seed=None, *, quiz=False, **query) -> AppTest:
    """A fresh session opened from a link to the page (kind, seed and quiz flag in the URL)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if kind is not None:
        at.query_params[controls.KIND] = controls.KIND_LABELS.get(kind, kind)
    if seed is not None:
        at.query_params[controls.SEED] = str(seed)
    if quiz:
        at.query_params[controls.QUIZ] = "1"
    for name, value in query.items():
        at.query_params[name] = value
    rerun(at)
    at.switch_page(PAGE)
    return rerun(at)


def shown(at) -> gdcore.Exercise:
    """The exercise the page shows, by its kind and seed controls."""
    return gdcore.make_exercise(
        at.selectbox(key=controls.KIND).value, int(at.number_input(key=controls.SEED).value)
    )


def answer(at, exercise, texts_by_name: dict, *, check=True) -> AppTest:
    """Type (or choose) the answers and press Check."""
    for name, text in texts_by_name.items():
        key = controls.answer_key(exercise, name)
        if exercise.answer(name).choices:
            at.radio(key=key).set_value(text)
        else:
            at.text_input(key=key).input(text)
    if check:
        at.button(key=controls.CHECK).click()
    return rerun(at)


def beside(at, exercise, name) -> list[str]:
    """The marks and notes drawn in the column of one answer's input."""
    key = controls.answer_key(exercise, name)
    for column in at.columns:
        if any(w.key == key for w in [*column.text_input, *column.radio]):
            return [m.value for m in column.markdown] + [c.value for c in column.caption]
    raise AssertionError(f"no input {key}")


def latex(at) -> list[str]:
    return [element.value.strip("$\n") for element in at.latex]


def expander(at, label):
    return next((e for e in at.expander if e.label == label), None)


def typed(answer_: gdcore.Answer, value) -> str:
    return value if answer_.choices else f"{float(value):.{answer_.decimals}f}"


@pytest.mark.parametrize("kind", gdcore.EXERCISE_KINDS)
def test_a_full_round(kind):
    at = open_exercise(kind, 0)
    assert at.selectbox(key=controls.KIND).value == kind
    assert not at.error and not at.exception
    # A new exercise: a new seed, in the URL, and its question on the page.
    at.button(key=controls.NEW).click()
    rerun(at)
    exercise = shown(at)
    assert exercise.seed != 0 and at.query_params[controls.SEED] == str(exercise.seed)
    for kind_of_part, text in texts.question(exercise):
        assert text in (latex(at) if kind_of_part == "tex" else [m.value for m in at.markdown])
    # A typical mistake: rejected, with its hint beside the input.
    first = exercise.answers[0]
    mistake = first.mistakes[0]
    answer(at, exercise, {first.name: typed(first, mistake.value)})
    (mark,) = beside(at, exercise, first.name)
    assert mark.startswith(":red[") and mistake.hint in mark
    assert at.info[0].value.startswith(f"0 of {len(exercise.answers)} right; 1 wrong")
    # The right answers, as the answer key writes them: all marked right.
    answer(at, exercise, {a.name: a.formatted() for a in exercise.answers})
    for a in exercise.answers:
        assert beside(at, exercise, a.name)[0] == f":green[{report.ICONS['right']} Right.]", a.name
    assert at.success[0].value == f"All {len(exercise.answers)} right. Well done: try a new exercise."
    # The worked solution: every step, with gdcore's numbers.
    solution = expander(at, report.SOLUTION_LABEL)
    assert solution is not None
    assert [e.value.strip("$\n") for e in solution.latex] == [
        text for part, text in texts.solution(exercise) if part == "tex"
    ]
    # The score, and the code that prints the page's numbers.
    assert at.dataframe[0].value.to_dict("records") == [
        {"exercise": controls.KIND_LABELS[kind], "checked": 1, "all right": 1,
         "numbers right": f"{len(exercise.answers)} of {len(exercise.answers)}"}
    ]  # fmt: skip
    assert snippet_numbers_not_shown(at) == []


def test_a_shared_link_reproduces_the_exercise_in_a_fresh_session():
    first = open_exercise("bgd", 0)
    first.button(key=controls.NEW).click()
    rerun(first)
    seed = int(first.number_input(key=controls.SEED).value)
    share = [c.value for c in first.code if f"{controls.SEED}={seed}" in c.value]
    assert share and "kind=Batch+GD+table" in share[0]
    second = open_exercise("bgd", seed)
    assert [a.value for a in shown(second).answers] == [a.value for a in shown(first).answers]
    assert latex(second) == latex(first)
    assert [t.label for t in second.text_input] == [t.label for t in first.text_input]
    assert not second.error


def test_a_link_that_cannot_be_used_gets_a_message():
    at = open_exercise("Nope", "abc")
    messages = [e.value for e in at.error]
    assert any("“Nope”, which is not one of" in m for m in messages)
    assert any("seed “abc” is not a whole number from 0 to 999999" in m for m in messages)
    assert shown(at).kind == gdcore.EXERCISE_KINDS[0] and shown(at).seed == 0
    at = open_exercise("sgd", "2000000")
    assert any("seed “2000000” is not a whole number" in e.value for e in at.error)


def test_the_quiz_link_hides_the_solution_until_an_answer_is_checked():
    at = open_exercise("sgd", 5, quiz=True)
    exercise = shown(at)
    assert expander(at, report.SOLUTION_LABEL) is None and expander(at, CODE_LABEL) is None
    assert any(i.value.startswith("Quiz: the worked solution") for i in at.info)
    assert [b.label for b in at.get("download_button")] == ["Download the exercises (Markdown)"]
    answer(at, exercise, {})  # Check with nothing typed: still locked
    assert expander(at, report.SOLUTION_LABEL) is None
    answer(at, exercise, {"w_1": "12"})
    assert expander(at, report.SOLUTION_LABEL) is not None and expander(at, CODE_LABEL) is not None
    assert at.query_params[controls.QUIZ] == "1"
    teacher = [c.value for c in at.code if "quiz=1" in c.value]
    assert teacher and "seed=5" in teacher[0]


def test_answers_that_cannot_be_read_get_a_message_beside_them():
    at = open_exercise("sgd", 5)
    exercise = shown(at)
    names = [a.name for a in exercise.answers]
    typed_texts = ["", "abc", "1,5", "1/3", "\u2212 2", "  3  "]
    answer(at, exercise, dict(zip(names, typed_texts, strict=True)))
    assert beside(at, exercise, names[0]) == ["No answer yet: type a number."]
    (mark,) = beside(at, exercise, names[1])
    assert mark.startswith(":orange[") and "“abc” is not a number" in mark
    assert "Read the comma as a decimal point: 1.5" in beside(at, exercise, names[2])
    assert "Read a fraction: 0.333333" in beside(at, exercise, names[3])
    assert all(beside(at, exercise, n)[0].startswith((":red[", ":green[")) for n in names[2:])
    assert "1 not readable, 1 not answered" in at.info[0].value
    # With the comma switch off, "1,5" is refused, and said so.
    at.toggle(key=controls.COMMA).set_value(False)
    rerun(at)
    assert any("Write decimals with a point" in c.value for c in at.caption)
    answer(at, exercise, {})
    (mark,) = beside(at, exercise, names[2])
    assert mark.startswith(":orange[") and "has a comma" in mark


def test_the_score_counts_per_kind_and_keeps_the_best_check():
    at = open_exercise("chain_rule", 3)
    exercise = shown(at)
    right = {a.name: a.formatted() for a in exercise.answers}
    answer(at, exercise, {**right, "loss": "0"})
    answer(at, exercise, {"loss": "abc"})  # a worse check does not lower the best
    at.selectbox(key=controls.KIND).select("learning_rate")
    rerun(at)
    other = shown(at)
    answer(
        at,
        other,
        {"regime": next(c for c in other.answer("regime").choices if c != other.answer("regime").value)},
    )
    rows = at.dataframe[0].value.to_dict("records")
    n = len(exercise.answers)
    assert rows == [
        {"exercise": "Chain rule", "checked": 1, "all right": 0, "numbers right": f"{n - 1} of {n}"},
        {"exercise": "Learning-rate regime", "checked": 1, "all right": 0, "numbers right": "0 of 4"},
    ]


def test_the_score_lives_in_the_url_and_comes_back_in_a_new_session():
    """Issue 20: after a failover (a new session on another replica) or a reload, the score is back."""
    at = open_exercise("chain_rule", 3)
    exercise = shown(at)
    answer(at, exercise, {**{a.name: a.formatted() for a in exercise.answers}, "loss": "0"})
    n = len(exercise.answers)
    assert at.query_params[controls.SCORE_PARAM] == f"chain_rule:3:{n - 1}:{n}"
    again = reopened(at, PAGE)
    assert again.dataframe[0].value.to_dict("records") == [
        {"exercise": "Chain rule", "checked": 1, "all right": 0, "numbers right": f"{n - 1} of {n}"}
    ]
    assert controls.parse_score(f"chain_rule:3:{n - 1}:{n},nope:1:1:1,bgd:x:1:2,bgd:1:3:2") == {
        ("chain_rule", 3): (n - 1, n)
    }  # entries edited by hand are left out


def test_the_sheet_is_a_section_of_its_own():
    """The printable sheet is a section (a fragment): a change of its controls reruns the sheet alone,
    not the exercise, the answers and the score above it; the teachers' links below it are in it, so
    that they follow the sheet's controls (which are in the address)."""
    sheet_section = sections(PAGE)["printable_sheet"]
    for call in ("controls.sheet_controls(", "report.sheet_downloads(", "report.quiz_link()"):
        assert call in sheet_section, call
    assert list(sections(PAGE)) == ["printable_sheet"]


def test_the_printable_sheet_and_its_answer_key(monkeypatch):
    files = {}
    load = MemoryMediaFileStorage.load_and_get_id

    def spy(self, data, mimetype, kind, filename=None):
        files[filename] = data.decode() if isinstance(data, bytes) else data
        return load(self, data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    at = open_exercise("logistic", 40)
    at.multiselect(key=controls.SHEET_KINDS).set_value(["sgd", "momentum_adam"])
    at.slider(key=controls.SHEET_COUNT).set_value(3)
    rerun(at)
    assert [b.label for b in at.get("download_button")] == [
        "Download the exercises (Markdown)",
        "Download the answer key (Markdown)",
    ]
    exercises = gdcore.exercise_sheet(["sgd", "momentum_adam"], 40, 3)
    assert [(e.kind, e.seed) for e in exercises] == [("sgd", 40), ("momentum_adam", 41), ("sgd", 42)]
    exercises_md, key_md = files[sheet.SHEET_FILE], files[sheet.KEY_FILE]
    assert exercises_md == sheet.exercises_markdown(exercises)
    assert key_md == sheet.answer_key_markdown(exercises)
    assert exercises_md.count("## Exercise") == 3 and "“Momentum and Adam”, seed 41" in exercises_md
    assert exercises_md.count(": ____________\n") == sum(len(e.answers) for e in exercises)
    assert (
        "Worked solution" not in exercises_md
        and "**" + exercises[0].answer("w_1").formatted() not in exercises_md
    )
    for e in exercises:
        for a in e.answers:
            assert f"= **{a.formatted()}**" in key_md
        for _kind, text in texts.solution(e):
            assert text in key_md
