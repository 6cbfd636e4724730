"""A class on one server: 20 simulated students for about 30 s (bench/load, Streamlit's websocket protocol).

They arrive together on a fresh `streamlit run app.py`, spread over every page, and each
moves a real widget of its page every 2 s or so. Every run must end (``script_finished``)
without an exception in the page, a refused connection or a lost websocket. No timing is
asserted: `python -m bench.load` measures that.
"""

import asyncio
import os
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bench.load.run import PAGE_PATHS, error_summary, run_class
from bench.load.servers import start_replica
from bench.load.student import Student

# Its own server on a free port: safe beside other workers under pytest-xdist (-n auto).
pytestmark = pytest.mark.xdist_group("load")

STUDENTS = 20
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def replica(tmp_path_factory):
    try:
        server = start_replica(tmp_path_factory.mktemp("load") / "streamlit.log")
    except RuntimeError as error:
        pytest.fail(str(error))
    yield server
    server.stop()


def test_a_class_of_twenty_students(replica):
    run = run_class(replica.url, [replica], students=STUDENTS, duration=30, warmup=2, think=2, max_moves=40)
    log = replica.log_path.read_text()
    assert not run.errors, f"{len(run.errors)} errors:\n{error_summary(run.errors)}\n{log[-3000:]}"
    assert all(o.unfinished == 0 and o.disconnects == 0 for o in run.outcomes)
    # Every student opened its page and moved a widget, with every rerun ended.
    assert {o.page for o in run.outcomes} == set(PAGE_PATHS)
    assert all(o.latencies for o in run.outcomes), [o.page for o in run.outcomes if not o.latencies]
    assert run.moves >= STUDENTS * 5
    assert "Traceback" not in log, log[-3000:]
    assert replica.alive


def in_a_fresh_interpreter(code: str, **environment: str) -> str:
    """What ``code`` prints, run by a new Python in the repository (as a new server starts), with
    ``environment`` added to this one's."""
    env = {**os.environ, **environment}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_a_page_runs_numpy_on_one_blas_thread():
    """The server's students are its threads: importing the page kit sets OpenBLAS to one thread
    (from the two asked for here), whatever the machine's default."""

    def blas_threads(module: str) -> str:
        probe = (
            f"import threadpoolctl, {module}; "
            "print([p['num_threads'] for p in threadpoolctl.threadpool_info() if p['user_api'] == 'blas'])"
        )
        return in_a_fresh_interpreter(probe, OPENBLAS_NUM_THREADS="2")

    assert blas_threads("numpy") == "[2]"  # the probe sees the threads it asked for
    assert blas_threads("ui.page") == "[1]"


def test_the_first_page_leaves_the_libraries_out_of_full_collections():
    """A server's first page freezes what is loaded by then (gc.freeze): Python's full collections,
    which stopped every student, no longer walk the libraries' objects. In a fresh interpreter,
    as in a new server."""
    probe = (
        "import gc, sys; sys.path.insert(0, 'tests'); from conftest import open_page; "
        "before = gc.get_freeze_count(); open_page(); print(before, gc.get_freeze_count())"
    )
    before, after = map(int, in_a_fresh_interpreter(probe, GDLAB_WORKERS="0").split()[-2:])
    assert before == 0
    assert after > 100_000  # Streamlit, NumPy, pandas, Plotly...


def test_unchanged_charts_are_sent_in_full_not_as_references(replica):
    """Streamlit 1.67 keeps a reference message (a chart the browser already has) when the
    student's next move cuts a section's run short, but drops the containers it belongs in;
    the browser then fails with "'setIn' cannot be called on an ElementNode". The app turns
    references off (.streamlit/config.toml, global.minCachedMessageSize)."""

    async def visit() -> tuple[Student, int]:
        student = Student(replica.url, "Dense_layers", random.Random(0))
        await student.open()
        await student.rerun()  # every chart again, unchanged: each would be a reference
        _widget, _value, run = await student.move()
        await student.close()
        return student, len(run.widgets)

    # In a thread of its own, as run_class does: Playwright's sync API may run a loop in this one.
    with ThreadPoolExecutor(1) as thread:
        student, widgets = thread.submit(asyncio.run, visit()).result()
    assert widgets > 0  # the runs were read
    assert student.references == 0
