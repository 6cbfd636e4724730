"""Drawing the exercise: the question, the answer form with a mark beside each input, the worked
solution, the score and the sheet's downloads."""

from __future__ import annotations

import streamlit as st

import gdcore
from topics.exercises import controls, sheet, texts
from ui.page import share_url

SOLUTION_LABEL = "Show the worked solution"
CHECK_LABEL = "Check"
ICONS = {"right": ":material/check_circle:", "wrong": ":material/cancel:", "unreadable": ":material/help:"}
COLOURS = {"right": "green", "wrong": "red", "unreadable": "orange"}


def show_parts(parts: list[texts.Part]) -> None:
    """Markdown parts with st.markdown, LaTeX parts with st.latex."""
    for kind, text in parts:
        if kind == "md":
            st.markdown(text)
        else:
            st.latex(text)


def rules(comma: bool) -> None:
    """How answers are read and marked: stated once, above the inputs."""
    reading = (
        "A comma is read as a decimal point: **1,5 is read as 1.5**."
        if comma
        else "Write decimals with a point (1.5): a comma is refused."
    )
    st.caption(
        "**How your answers are marked.** An *exact* number must be given exactly (all its decimals). A number "
        "asked *to d decimals* counts as right within ± one unit of its last decimal (e.g. ±0.001 for 3 "
        f"decimals). {reading} A fraction such as 1/3, a minus sign − and spaces around the number are fine. "
        "A wrong answer that matches a typical mistake is told which step it comes from."
    )


def answer_form(exercise: gdcore.Exercise, comma: bool) -> None:
    """One input per requested number, in the exercise's rows; Check marks each one beside it."""
    verdicts = controls.marks(exercise)
    with st.form(controls.FORM):
        for caption, answers in texts.layout(exercise):
            st.markdown(f"**{caption}**")
            for column, answer in zip(st.columns(max(len(answers), 3)), answers, strict=False):
                with column:
                    answer_input(exercise, answer)
                    show_verdict(verdicts.get(answer.name))
        st.form_submit_button(
            CHECK_LABEL,
            on_click=controls.check,
            args=(exercise, comma),
            key=controls.CHECK,
            type="primary",
            icon=":material/done_all:",
        )
    summary(verdicts)


def answer_input(exercise: gdcore.Exercise, answer: gdcore.Answer) -> None:
    key = controls.answer_key(exercise, answer.name)
    if answer.choices:
        st.radio("The steps…", answer.choices, index=None, format_func=controls.REGIME_LABELS.get, key=key)
    else:
        st.text_input(f"${answer.symbol}$ · {answer.rounding()}", key=key, placeholder="your number")


def show_verdict(verdict: gdcore.Verdict | None) -> None:
    """The mark beside an input: right, wrong with the hint, or what could not be read."""
    if verdict is None:
        return
    if verdict.status == "empty":
        st.caption(verdict.message)
        return
    message = verdict.message.replace("[", "(").replace("]", ")")
    st.markdown(f":{COLOURS[verdict.status]}[{ICONS[verdict.status]} {message}]")
    if verdict.note:
        st.caption(verdict.note.capitalize())


def summary(verdicts: dict) -> None:
    """One line after a check: how many are right, and what is left to do."""
    if not verdicts:
        return
    statuses = ("right", "wrong", "unreadable", "empty")
    counts = {status: sum(v.status == status for v in verdicts.values()) for status in statuses}
    total = len(verdicts)
    if counts["right"] == total:
        st.success(f"All {total} right. Well done: try a new exercise.", icon=":material/celebration:")
        return
    others = [f"{counts['wrong']} wrong"] if counts["wrong"] else []
    others += [f"{counts['unreadable']} not readable"] if counts["unreadable"] else []
    others += [f"{counts['empty']} not answered"] if counts["empty"] else []
    st.info(f"{counts['right']} of {total} right; {', '.join(others)}. The marks are beside the inputs.")


def worked_solution(exercise: gdcore.Exercise, quiz: bool) -> bool:
    """The worked solution in an expander; in a quiz, only once an answer was checked. Returns whether shown."""
    if quiz and not controls.checked(exercise):
        st.info(
            "Quiz: the worked solution (and the code) open once you have checked your answers.",
            icon=":material/lock:",
        )
        return False
    with st.expander(SOLUTION_LABEL, icon=":material/school:"):
        show_parts(texts.solution(exercise))
    return True


def score() -> None:
    """The session's score per kind (kept in this browser session only)."""
    rows = controls.score_rows()
    if not rows:
        st.caption("Nothing checked yet. Your score is kept for this session only, in this browser tab.")
        return
    st.dataframe(rows, hide_index=True)
    st.caption("Per exercise, the best of your checks counts. Kept for this session only.")


def sheet_downloads(exercises: list[gdcore.Exercise], quiz: bool) -> None:
    """Two downloads: the exercises and, separately, the answer key with the worked solutions
    (not on a quiz link)."""
    files = [("exercises", sheet.exercises_markdown, sheet.SHEET_FILE, controls.DOWNLOAD_SHEET, "download")]
    if not quiz:
        files.append(("answer key", sheet.answer_key_markdown, sheet.KEY_FILE, controls.DOWNLOAD_KEY, "key"))
    for column, (what, write, file_name, key, icon) in zip(st.columns(2), files, strict=False):
        column.download_button(
            f"Download the {what} (Markdown)",
            write(exercises),
            file_name=file_name,
            mime="text/markdown",
            key=key,
            on_click="ignore",
            icon=f":material/{icon}:",
        )
    if quiz:
        st.caption("A quiz link offers no answer key: open the page without `quiz=1` to download it.")


def quiz_link() -> None:
    """For the teacher: this exercise's link, and the same link as a quiz."""
    url = share_url()
    separator = "&" if "?" in url else "?"
    quiz = url if controls.QUIZ + "=" in url else f"{url}{separator}{controls.QUIZ}=1"
    st.markdown(
        "Everyone who opens a link to this page gets the same exercise: the kind and the seed are in the "
        "address. Add `quiz=1` to hide the worked solutions until a student has checked an answer:"
    )
    st.code(quiz, language=None, wrap_lines=True)
