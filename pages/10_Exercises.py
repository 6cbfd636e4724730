"""Exercises: practise the lecture's computations by hand and check your own numbers."""

import streamlit as st

from topics.exercises import controls, report, runs, snippets, texts
from ui.code import show_code
from ui.page import section, start

start(
    "Exercises",
    "Practise by hand what the lecture computes: a dense layer's forward pass, the chain rule, one SGD "
    "iteration, the batch-GD table, the learning-rate regimes, a momentum and an Adam step. Take a "
    "calculator, type your numbers and press **Check**: each number is marked right or wrong, and a wrong "
    "one is told which step it went wrong in. The numbers are new for every seed; a link to this page "
    "gives everyone the same exercise.",
)

kind, seed = controls.choose_exercise()
exercise = runs.exercise(kind, seed)
quiz = controls.quiz_mode()

st.header(texts.TITLES[kind])
if quiz:
    st.caption("Quiz link: the worked solution opens once you have checked your answers.")
report.show_parts(texts.question(exercise))

st.subheader("Your answers")
comma = controls.decimal_comma()
report.rules(comma)
report.answer_form(exercise, comma)

if report.worked_solution(exercise, quiz):
    show_code(snippets.snippet(exercise), keras=snippets.keras_snippet(exercise))

st.header("Your score")
report.score()


@section
def printable_sheet(kind: str, seed: int, quiz: bool) -> None:
    """The sheet's own section, and the teachers' links: a change of the sheet's controls reruns them
    alone."""
    st.header("A printable sheet")
    st.markdown(
        "Exercises for a tutorial or homework: the exercises in one file, the answer key (with the worked "
        "solutions) in another. The sheet starts at this exercise's seed; each exercise names its kind and "
        "seed, so a student can check it here."
    )
    sheet_kinds, n_exercises = controls.sheet_controls(kind)
    report.sheet_downloads(runs.sheet(sheet_kinds, seed, n_exercises), quiz)
    with st.expander("For teachers: one exercise for the whole class, or a quiz", icon=":material/groups:"):
        report.quiz_link()  # here, so that its link follows the sheet's controls too


printable_sheet(kind, seed, quiz)
