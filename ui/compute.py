"""Heavy computations in worker processes, so that one student's training does not stop the others.

The server runs every student's script in a thread of one Python process. A computation made of
many small NumPy steps (a network trained for thousands of mini-batch steps, a learning-rate race)
holds Python's global lock nearly all the time, so while it runs every other student waits, and
the process uses one core however many the machine has. A function marked ``@in_worker`` runs in a
small pool of worker processes instead (one per core); the script's thread waits for its result
without holding the lock, and the server goes on answering the other students.

    @in_worker
    def train(data, architecture, training, epochs, seed) -> Run: ...

Mark it under its cache decorator (``st.cache_data``): a result in the cache is answered at once,
without a worker. The function must be pure (its result depends on its arguments only) and
defined at the top of an imported module; its arguments and result travel by pickle, and the
same code in a worker gives the same floats (one BLAS thread there too). ``GDLAB_WORKERS`` sets
the number of workers (default: the machine's cores); ``GDLAB_WORKERS=0`` computes in the
script's own thread, as without this module. If a worker dies (say, killed for memory), the call
is computed in the script's thread and a new pool is started for the next one.

Turns: at most ``TURNS`` students' scripts run their page's code in the server at once; the others
wait for a turn (``take_turn``, called by every page and section as it starts). The server's own thread,
which takes each element a script draws and sends it to its student, needs Python's lock too:
with dozens of scripts running at once it got the lock in bursts, and finished runs waited
seconds for their last messages to leave. A script gives its turn back while it waits for a
worker, and when its thread ends.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import logging
import multiprocessing
import multiprocessing.connection
import multiprocessing.spawn
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from streamlit import logger as streamlit_logger
from threadpoolctl import threadpool_limits

WORKERS_ENV = "GDLAB_WORKERS"

F = TypeVar("F", bound=Callable)

# Students' scripts running Python at once. 75 simulated students on one process (`python -m
# bench.load`), pairs side by side: p95 2.1-2.8 s with two turns, 2.2-4.5 s without; with a turn
# held through the whole run, Streamlit's own part included (an experiment that patched
# Streamlit), p95 1.3-1.8 s against 2.1-4.4 s (docs/deploy.md).
TURNS = 2

_functions: dict[tuple[str, str], Callable] = {}  # (module, name) -> the function as written
_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()
_is_worker = False  # set in the workers: a function marked in_worker that calls another runs it there
_turns = threading.BoundedSemaphore(TURNS)
_held = threading.local()  # .turn: this thread's _Turn, if it holds one


class _Turn:
    """One of the server's turns, held by a script's thread. It is given back when the thread lets
    go of it, and so also when the thread ends (its thread-local values are deleted then)."""

    def __del__(self) -> None:
        _turns.release()


def take_turn() -> None:
    """Wait for a turn to run this script's Python, unless its thread holds one (see the module's
    docstring). Call it only where the script holds no other lock: as a page or a section starts."""
    if getattr(_held, "turn", None) is None:
        _turns.acquire()
        _held.turn = _Turn()


@contextlib.contextmanager
def _turn_given_up() -> Iterator[None]:
    """Let another script run while this one waits; afterwards take a turn back if one is free.

    It does not wait for one: the waiting script may hold a cache's lock (it computes a cached
    value) that the scripts holding the turns are waiting for.
    """
    if getattr(_held, "turn", None) is None:
        yield
        return
    _held.turn = None  # its _Turn is deleted: the turn is given back
    try:
        yield
    finally:
        if _turns.acquire(blocking=False):
            _held.turn = _Turn()


def _start_worker() -> None:
    """A worker's set-up: its own marked calls run in place, its caches (a cached function that a
    marked one calls) keep quiet about having no Streamlit runtime, and it ends with its server,
    even one killed outright (a pool only stops the workers of a server that exits normally)."""
    global _is_worker
    _is_worker = True
    threadpool_limits(limits=1, user_api="blas")  # as in the server (ui.page): the same numbers
    streamlit_logger.set_log_level(logging.ERROR)
    server = multiprocessing.parent_process()
    threading.Thread(target=_end_with, args=(server,), daemon=True).start()


def _ready() -> None:
    """A worker's first task: import the maths before a student waits for it."""
    importlib.import_module("gdcore")


def _end_with(server) -> None:
    """Wait until the ``server`` process has ended, then end this worker."""
    multiprocessing.connection.wait([server.sentinel])
    os._exit(0)


def workers() -> int:
    """The number of worker processes: ``GDLAB_WORKERS``, else the machine's cores (0: none)."""
    text = os.environ.get(WORKERS_ENV, "").strip()
    if not text:
        return os.cpu_count() or 1
    try:
        count = int(text)
    except ValueError:
        raise ValueError(f"{WORKERS_ENV} must be a whole number of worker processes, got {text!r}") from None
    if count < 0:
        raise ValueError(f"{WORKERS_ENV} must be 0 or more, got {count}")
    return count


def _without_main(name: str) -> dict:
    """What a new worker prepares before it starts: the parent's, less its ``__main__``.

    A spawned interpreter first runs the parent's ``__main__`` again. Under Streamlit that is the
    page script of whichever session last started a run, in any thread (it needs a session, and
    it would start workers of its own); so a worker runs none.
    """
    data = _preparation_data(name)
    data.pop("init_main_from_path", None)
    data.pop("init_main_from_name", None)
    return data


_preparation_data = multiprocessing.spawn.get_preparation_data
multiprocessing.spawn.get_preparation_data = _without_main  # read there by every "spawn" start


def pool() -> ProcessPoolExecutor | None:
    """The process's pool of workers, started at its first use (None with ``GDLAB_WORKERS=0``).

    Workers are new interpreters ("spawn"): forking a server that runs threads could copy a lock
    held by another thread. They are all started here, at once, each importing gdcore (a submit
    with no idle worker starts one).
    """
    global _pool
    with _pool_lock:
        if _pool is None and not _is_worker and workers() > 0:
            _pool = ProcessPoolExecutor(
                workers(), mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker
            )
            for _ in range(workers()):
                _pool.submit(_ready)
        return _pool


def _forget(broken: ProcessPoolExecutor) -> None:
    """Drop a broken pool (a worker died); the next call starts a new one."""
    global _pool
    with _pool_lock:
        if _pool is broken:
            _pool = None
    broken.shutdown(wait=False, cancel_futures=True)


def _call(module: str, name: str, args: tuple, kwargs: dict):
    """In a worker: the function ``name`` of ``module`` as written (importing the module registers it)."""
    importlib.import_module(module)
    return _functions[module, name](*args, **kwargs)


def in_worker(function: F) -> F:
    """Run ``function`` in a worker process (see the module's docstring); same arguments, same result."""
    module, name = function.__module__, function.__qualname__
    if "<locals>" in name or module == "__main__":
        raise ValueError(f"function must be defined at the top of an imported module, got {module}.{name}")
    _functions[module, name] = function

    @functools.wraps(function)
    def run(*args, **kwargs):
        executor = pool()
        if executor is None:
            return function(*args, **kwargs)
        try:
            with _turn_given_up():
                return executor.submit(_call, module, name, args, kwargs).result()
        except BrokenProcessPool:
            _forget(executor)
            return function(*args, **kwargs)

    return run
