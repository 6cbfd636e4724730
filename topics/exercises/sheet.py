"""The printable sheet: the exercises as one Markdown file, the answer key as another."""

from __future__ import annotations

import gdcore
from topics.exercises import controls, texts

SHEET_FILE = "gd-lab-exercises.md"
KEY_FILE = "gd-lab-answer-key.md"


def _heading(number: int, exercise: gdcore.Exercise) -> str:
    label = controls.KIND_LABELS[exercise.kind]
    return (
        f"## Exercise {number}: {texts.TITLES[exercise.kind]}\n\n"
        f"*GD Lab, page Exercises: “{label}”, seed {exercise.seed}.*"
    )


def _name(answer: gdcore.Answer) -> str:
    return answer.name if answer.choices else f"${answer.symbol}$"


def _asked(answer: gdcore.Answer) -> str:
    if answer.choices:
        options = "; ".join(controls.REGIME_LABELS.get(c, c) for c in answer.choices)
        return f"- The {answer.name}, one of: {options}: ____________"
    return f"- ${answer.symbol}$ ({answer.rounding()}): ____________"


def exercises_markdown(exercises: list[gdcore.Exercise]) -> str:
    """The sheet: each exercise's data, question and one blank per requested number."""
    blocks = [
        "# GD Lab: exercises by hand\n\n"
        "Exact numbers are asked exactly; a number asked to d decimals counts as right within ± one unit "
        "of its last decimal. Open the page Exercises with the kind and seed given under each exercise "
        "to check your numbers."
    ]
    for number, exercise in enumerate(exercises, start=1):
        asked = "\n".join(_asked(a) for a in exercise.answers)
        blocks.append(
            f"{_heading(number, exercise)}\n\n{texts.markdown(texts.question(exercise))}\n\n{asked}"
        )
    return "\n\n".join(blocks) + "\n"


def answer_key_markdown(exercises: list[gdcore.Exercise]) -> str:
    """The answer key: each exercise's answers, then its worked solution."""
    blocks = ["# GD Lab: answer key"]
    for number, exercise in enumerate(exercises, start=1):
        answers = "\n".join(
            f"- {_name(a)} = **{a.formatted()}**" + ("" if a.choices else f" ({a.rounding()})")
            for a in exercise.answers
        )
        blocks.append(
            f"{_heading(number, exercise)}\n\n{answers}\n\n### Worked solution\n\n"
            f"{texts.markdown(texts.solution(exercise))}"
        )
    return "\n\n".join(blocks) + "\n"
