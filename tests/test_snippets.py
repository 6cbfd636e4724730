"""Show the code: every page's gdcore snippet runs and prints numbers the page shows."""

import re
from pathlib import Path

import pytest
from conftest import code_shown, open_page, rerun, snippet_numbers_not_shown

from ui.code import CODE, CODE_LABEL
from ui.nav import PAGES

ROOT = Path(__file__).resolve().parents[1]
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", re.IGNORECASE)
POWER_OF_TEN = re.compile(r"(-?\d+(?:\.\d+)?) \\times 10\^\{(-?\d+)\}")  # as ui.latex.num writes it
WITH_CODE = [page for page in PAGES if page.section != "Reference"]


def snippets(at, which: int = 0):
    """The code blocks inside the page's first 'Show the code' expander (gdcore one first), or inside
    its ``which``-th one on a page whose sections each show their own code; opened to read them."""
    shown = code_shown(at)
    return shown[which] if len(shown) > which else []


def shown_numbers(at) -> list[str]:
    """Every number on the page as it is written there (tables, metrics, formulas, text)."""
    texts = [str(m.value) for m in at.metric]
    texts += [e.value for e in [*at.markdown, *at.latex, *at.caption, *at.info, *at.warning, *at.success]]
    for frame in at.dataframe:
        texts += [str(v) for v in frame.value.to_numpy().ravel()]
    for table in at.table:
        texts += [str(v) for v in table.value.to_numpy().ravel()]
    texts = [POWER_OF_TEN.sub(r"\1e\2", text) for text in texts]  # 2.5 \times 10^{25} is 2.5e25
    return [token for text in texts for token in NUMBER.findall(text)]


def matches(printed: float, shown: str) -> bool:
    """True when ``shown`` is ``printed`` written to the precision it is shown with."""
    value = float(shown)
    mantissa = shown.lower().split("e")[0]
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    scale = 10 ** int(shown.lower().split("e")[1]) if "e" in shown.lower() else 1
    return abs(value - printed) <= 0.5 * 10**-decimals * scale * (1 + 1e-9) + 1e-12


@pytest.mark.parametrize("page", WITH_CODE, ids=lambda page: page.label)
def test_snippet_prints_the_numbers_the_page_shows(page):
    missing = snippet_numbers_not_shown(open_page(page.path))
    assert not missing, f"{page.path}: the snippet printed {missing} which the page does not show"


def test_the_code_is_sent_only_while_its_expander_is_open():
    """A closed 'Show the code' holds nothing (the browser loads no code highlighter for it); opened, it
    holds the gdcore and the Keras code; closed again, nothing."""
    at = open_page(WITH_CODE[0].path)
    boxes = [box for box in at.expander if box.label == CODE_LABEL]
    assert boxes and not any(box.code for box in boxes) and not at.code
    code, keras = code_shown(at)[0]
    assert "import gdcore" in code and "import keras" in keras
    at.session_state[CODE] = False  # the page's one code expander, by its key
    rerun(at)
    assert not at.code


def test_the_snippets_say_how_to_get_gdcore_and_pip_can_install_it():
    """Outside the app a snippet needs gdcore: the caption says `pip install .`, which installs it."""
    import tomllib
    from pathlib import Path

    from ui.code import INSTALL

    project = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())
    assert "pip install ." in INSTALL
    assert project["tool"]["setuptools"]["packages"] == ["gdcore"]
    assert project["project"]["dependencies"] == ["numpy>=2.0"]  # gdcore imports numpy only
    assert project["build-system"]["build-backend"] == "setuptools.build_meta"
