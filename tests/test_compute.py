"""ui.compute: a marked function gives the same result in a worker process as in the caller's thread,
in another process than the caller's; a dead worker costs one call's time, not the result. Scripts
take turns: at most TURNS at once, a turn back when its thread ends or while it waits for a worker."""

import multiprocessing
import os
import sys
import threading
import time
import types

import numpy as np
import pytest

from ui import compute


@compute.in_worker
def where_and_what(x: np.ndarray) -> tuple[int, np.ndarray]:
    """(the process id that computed it, a result of the input)."""
    return os.getpid(), np.cumsum(x) ** 2


@compute.in_worker
def dies_in_a_worker(value: int) -> int:
    """``value`` in the caller's process; a worker running it exits at once."""
    if multiprocessing.parent_process() is not None:
        os._exit(3)
    return value


@compute.in_worker
def after(seconds: float) -> float:
    """``seconds``, returned after waiting that long."""
    time.sleep(seconds)
    return seconds


@compute.in_worker
def nested(x: np.ndarray) -> tuple[int, int]:
    """(the process id here, the one ``where_and_what`` ran in when called from here)."""
    return os.getpid(), where_and_what(x)[0]


def test_a_marked_function_runs_in_a_worker_and_gives_the_same_result(monkeypatch):
    monkeypatch.delenv(compute.WORKERS_ENV, raising=False)
    x = np.linspace(-1, 1, 101)
    pid, result = where_and_what(x)
    assert pid != os.getpid()
    np.testing.assert_array_equal(result, np.cumsum(x) ** 2)
    outer, inner = nested(x)
    assert outer == inner != os.getpid()  # a marked call inside a worker runs there


def test_workers_start_under_a_page_script_that_needs_a_session(monkeypatch, tmp_path):
    """Under Streamlit, ``__main__`` is the page script some session is running (set by each run, in
    any thread, even while the pool starts); a new interpreter would run it again, outside any
    session, and fail: the workers must not."""
    script = tmp_path / "page.py"
    script.write_text("raise RuntimeError('a page script outside a session')\n")
    page = types.ModuleType("__main__")
    page.__file__ = str(script)
    monkeypatch.delenv(compute.WORKERS_ENV, raising=False)
    monkeypatch.setattr(compute, "_pool", None)
    monkeypatch.setitem(sys.modules, "__main__", page)
    try:
        assert where_and_what(np.ones(2))[0] != os.getpid()
        assert sys.modules["__main__"] is page
    finally:
        compute.pool().shutdown()


def test_zero_workers_compute_in_the_callers_thread(monkeypatch):
    monkeypatch.setenv(compute.WORKERS_ENV, "0")
    monkeypatch.setattr(compute, "_pool", None)
    pid, result = where_and_what(np.arange(4.0))
    assert pid == os.getpid()
    np.testing.assert_array_equal(result, [0.0, 1.0, 9.0, 36.0])


def test_a_dead_worker_costs_the_call_its_time_not_its_result(monkeypatch):
    monkeypatch.delenv(compute.WORKERS_ENV, raising=False)
    broken = compute.pool()
    assert dies_in_a_worker(7) == 7  # computed here after the worker died
    assert compute.pool() is not broken  # the next call gets a new pool
    assert where_and_what(np.ones(3))[0] != os.getpid()


@pytest.mark.parametrize("text", ["two", "-1", "1.5"])
def test_a_bad_worker_count_is_refused_by_name(monkeypatch, text):
    monkeypatch.setenv(compute.WORKERS_ENV, text)
    with pytest.raises(ValueError, match=compute.WORKERS_ENV):
        compute.workers()


def test_only_a_function_at_the_top_of_a_module_can_be_marked():
    def local(x):
        return x

    with pytest.raises(ValueError, match="top of an imported module"):
        compute.in_worker(local)


def test_the_first_page_a_server_runs_starts_the_workers(monkeypatch):
    """The workers start with the first page, not with the first student who waits for a heavy run."""
    from conftest import open_page

    monkeypatch.delenv(compute.WORKERS_ENV, raising=False)
    monkeypatch.setattr(compute, "_pool", None)
    open_page()  # Home: nothing heavy on it
    started = compute._pool
    assert started is not None
    started.shutdown()


def test_at_most_turns_scripts_run_at_once_and_a_turn_comes_back_when_its_thread_ends():
    running, most, lock = [0], [0], threading.Lock()

    def script():
        compute.take_turn()  # never given back by hand: the thread's end gives it back
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1

    scripts = [threading.Thread(target=script) for _ in range(3 * compute.TURNS)]
    for thread in scripts:
        thread.start()
    for thread in scripts:
        thread.join(10)
    # Each got a turn: the ended ones gave theirs back.
    assert not any(thread.is_alive() for thread in scripts)
    assert most[0] == compute.TURNS


def test_a_script_waiting_for_a_worker_lets_others_run_and_ends_without_waiting_for_a_turn(monkeypatch):
    monkeypatch.delenv(compute.WORKERS_ENV, raising=False)
    after(0)  # the workers are up
    others_running, done, hold = [], [], threading.Event()

    def waiting():
        compute.take_turn()
        done.append(after(1.0))  # its turn given up meanwhile; every turn is held when it comes back
        done.append(time.monotonic())

    def other():
        compute.take_turn()
        others_running.append(time.monotonic())
        hold.wait(30)

    waiter = threading.Thread(target=waiting)
    waiter.start()
    time.sleep(0.3)
    others = [threading.Thread(target=other) for _ in range(compute.TURNS)]
    for thread in others:
        thread.start()
    waiter.join(5)
    try:
        assert len(done) == 2 and done[0] == 1.0  # it finished without a turn...
        assert len(others_running) == compute.TURNS  # ...all of them went to others
        assert max(others_running) < done[1]  # while it waited
    finally:
        hold.set()
        for thread in others:
            thread.join(10)
