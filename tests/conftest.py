"""Shared fixtures: AppTest page opener, and the running app plus Chromium for browser tests."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings
from streamlit.testing.v1 import AppTest

from bench._app import CHROMIUM, CHROMIUM_ARGS, running_app, wait_for_script
from ui.figures import CHART_COMPONENT

ROOT = Path(__file__).resolve().parents[1]

# Property tests explore new examples on every run here; under CI they draw the same examples every
# time (a CI run must not fail by the luck of the draw: what exploring finds is fixed here first).
# No deadline: timings belong in bench/, and a shared machine makes any deadline flaky.
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, database=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def open_page(path: str | None = None, timeout: float = 60) -> AppTest:
    """Run app.py in AppTest, switch to ``path`` (e.g. "pages/1_Dense_layers.py"), check no exception."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.run()
    assert not at.exception, at.exception
    if path is not None:
        at.switch_page(path)
        at.run()
        assert not at.exception, at.exception
    return at


def reopened(at: AppTest, path: str) -> AppTest:
    """A new session opened at ``at``'s address on ``path``: what a student gets after a reload, a
    shared link, or a failover to another replica (session state gone, the URL kept)."""
    again = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    rerun(again)
    again.switch_page(path)
    for name, value in at.query_params.items():
        again.query_params[name] = value
    return rerun(again)


class Chart:
    """A chart element ``ui.figures.show`` drew: ``id`` (the element's), ``spec`` (the JSON text
    sent to the browser), ``figure`` (its data, layout and frames), ``config`` and ``name``."""

    def __init__(self, element):
        self.id = element.proto.id
        self.spec = element.proto.bytes.decode()
        sent = json.loads(self.spec)
        self.config = sent.pop("config")
        self.figure = sent
        self.name = self.config["toImageButtonOptions"]["filename"].removeprefix("gd-lab-")


def chart_elements(at: AppTest) -> list[Chart]:
    """The charts the last run sent, in page order (after a fragment's rerun, only its charts)."""
    return [
        Chart(element)
        for element in at.get("bidi_component")
        if element.proto.component_name == CHART_COMPONENT
    ]


def charts(at: AppTest) -> list:
    """Every chart on the page as a ``plotly.graph_objects.Figure``: building it validates every
    trace, layout and frame property, so an invalid spec fails here."""
    import plotly.graph_objects as go

    return [go.Figure(chart.figure) for chart in chart_elements(at)]


def named_charts(at: AppTest) -> dict[str, str]:
    """The charts the last run sent, by the name ``ui.figures.show`` gave them (``gd-lab-<name>.png``,
    its picture's file name) -> their spec. After a fragment's rerun, only that fragment's charts."""
    return {chart.name: chart.spec for chart in chart_elements(at)}


def rerun(at: AppTest) -> AppTest:
    """Rerun and assert the page raised nothing."""
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's Chromium; a skip on a developer's machine, a failure under CI."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    message = (
        f"Browser tests need Debian's Chromium at {CHROMIUM}: "
        "run `sudo apt-get update && sudo apt-get install -y chromium` (never `playwright install`)."
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


# The running server's process, for tests that watch its memory.
SERVER: dict[str, subprocess.Popen] = {}


@pytest.fixture(scope="session")
def app_url(chromium_path, tmp_path_factory) -> str:
    """Start `streamlit run app.py` on a free localhost port; wait for /_stcore/health."""
    try:
        with running_app(tmp_path_factory.mktemp("server") / "streamlit.log") as (url, server):
            SERVER["process"] = server
            yield url
    except RuntimeError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="session")
def browser(chromium_path):
    """One headless Chromium for the session, driven by Playwright (no downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# A window tall enough for every chart of a page to be near the screen, and so drawn: GD Lab draws
# a chart once it is within a screen of what the page shows (ui/chart.js; tests/test_browser_lazy.py).
TALL_WINDOW = {"width": 1400, "height": 5000}


@pytest.fixture
def context(browser, app_url):
    """A fresh browser context whose requests to anything but localhost are blocked and recorded."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.outside_requests = []

    def guard(route):
        host = route.request.url.split("/")[2].split(":")[0] if "://" in route.request.url else ""
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            context.outside_requests.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    yield context
    context.close()


@pytest.fixture
def visit(context, app_url):
    """Open the app at ``path`` (e.g. "/Optimisers?steps=50") as a student would; returns the page.

    The page is in this test's context unless ``in_context`` names another (a second
    student). It is returned once the script has run. When the test ends, no page it
    opened may have raised a JavaScript error or shown a Python exception, and no request
    may have left localhost.
    """
    opened = []

    def open_page_in_browser(path: str = "/", in_context=None):
        page = (in_context or context).new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(app_url + path)
        wait_for_script(page)
        opened.append((page, errors))
        return page

    yield open_page_in_browser
    for page, errors in opened:
        assert not errors, f"{page.url}: {errors}"
        if not page.is_closed():
            assert page.locator('[data-testid="stException"]').count() == 0, f"{page.url} shows an exception"
    assert context.outside_requests == [], context.outside_requests


SCREENSHOTS = ROOT / "screenshots"


def code_shown(at: AppTest) -> list[list[str]]:
    """Open every 'Show the code' expander of the page (their contents are sent only while open),
    rerun, and return each one's code blocks (the gdcore one first), in page order."""
    from ui.code import CODE_LABEL

    boxes = [box for box in at.expander if box.label == CODE_LABEL]
    for box in boxes:
        at.session_state[box.proto.id.split("-", 2)[2]] = True  # a keyed element's id ends with its key
    rerun(at)
    return [[code.value for code in box.code] for box in at.expander if box.label == CODE_LABEL]


def snippet_numbers_not_shown(at: AppTest, which: int = 0) -> list[float]:
    """Run the page's 'Show the code' snippet (of its ``which``-th such expander); return the numbers it
    printed that the page does not show.

    The check of tests/test_snippets.py, for a page in any state (that test runs the defaults).
    """
    from test_snippets import NUMBER, matches, shown_numbers, snippets

    code = snippets(at, which)
    assert code, "the page has no 'Show the code' expander"
    result = subprocess.run(
        [sys.executable, "-c", code[0]], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    printed = [float(token) for token in NUMBER.findall(result.stdout)]
    assert printed, f"the snippet printed no numbers:\n{result.stdout}"
    shown = shown_numbers(at)
    return [p for p in printed if not any(matches(p, s) for s in shown)]


def pseudocode_shown(markup: str) -> str:
    """What the browser shows of ``ui.code.pseudocode``'s HTML: the text of its <pre>, unescaped."""
    from ui.code import PSEUDOCODE_CLASS

    pre = markup[markup.index(f'<pre class="{PSEUDOCODE_CLASS}">') :]
    return html.unescape(re.sub(r"<[^>]+>", "", pre))


def chart_named(at: AppTest, name: str):
    """The chart element drawn as ``ui.figures.show(..., name)`` (its PNG file name says which)."""
    return next(chart for chart in chart_elements(at) if chart.name == name)


def sections(page: str) -> dict[str, str]:
    """The sections (``@section``: ``st.fragment``) of ``page``, by name, with their source: AppTest runs
    a whole page, so this is how a test sees what a section reruns alone."""
    import ast

    tree = ast.parse((ROOT / page).read_text())
    return {
        f.name: ast.unparse(f)
        for f in tree.body
        if isinstance(f, ast.FunctionDef)
        and any(
            ast.unparse(d) == "section" or ast.unparse(d).startswith("section(") for d in f.decorator_list
        )
    }


def sidebar_fragments(page: str) -> list[str]:
    """The names of ``page``'s sections that write to ``st.sidebar``: each reruns alone with its sidebar
    controls."""
    return [name for name, source in sections(page).items() if "with st.sidebar:" in source]
