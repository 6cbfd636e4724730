"""A class of simulated students against a running server: one level of load, bounded in time.

``run_class`` opens ``students`` students spread over the app's pages, lets each move a
widget every ``think`` seconds (± 50 %) until ``duration`` is over, waits for the last
reruns to end (bounded), and returns what happened: every rerun's time, the errors, and
the server's CPU and memory over the measured window. ``kill_at`` kills one replica
during the run and records what each group of students saw.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import random
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.load.servers import Replica, cpu_seconds, rss_mb
from bench.load.student import Disconnected, Run, Student
from ui.nav import PAGES

# URL paths of the app's pages: Home ("") and each page's file name without its number.
PAGE_PATHS = [""] + [Path(page.path).stem.split("_", 1)[1] for page in PAGES]


@dataclass
class Outcome:
    """What one student saw during a run."""

    page: str
    replica: str = ""
    latencies: list[tuple[float, float]] = field(default_factory=list)  # (sent at, seconds) of each move
    errors: list[str] = field(default_factory=list)
    disconnects: int = 0
    reconnect_seconds: list[float] = field(default_factory=list)  # from the lost socket to the view back
    view_restored: list[bool] = field(default_factory=list)  # after a reconnect: the URL gave the values back
    unfinished: int = 0  # a rerun still running when the run was cut (never expected)


@dataclass
class ClassRun:
    """The result of ``run_class``: the students' outcomes and the server's CPU and memory."""

    students: int
    window: float  # seconds measured (after the warm-up)
    outcomes: list[Outcome]
    cpu_seconds: float  # all replicas, over the window
    client_cpu_seconds: float  # the load tool's own CPU over the window (it shares the machine's cores)
    load_average: float  # the machine's 1-minute load average at the window's end (other jobs included)
    rss_mb_start: float
    rss_mb_end: float
    window_start: float
    window_end: float

    @property
    def latencies(self) -> list[float]:
        """Seconds of each move sent within the measured window (its end waited for, even after it)."""
        return [s for o in self.outcomes for t, s in o.latencies if self.window_start <= t < self.window_end]

    @property
    def finished_in_window(self) -> int:
        return sum(
            1 for o in self.outcomes for t, s in o.latencies if self.window_start <= t + s < self.window_end
        )

    @property
    def reruns_per_second(self) -> float:
        return self.finished_in_window / self.window

    @property
    def errors(self) -> list[str]:
        return [e for o in self.outcomes for e in o.errors]

    @property
    def moves(self) -> int:
        return sum(len(o.latencies) for o in self.outcomes)

    def percentile(self, q: float) -> float:
        """The q-th percentile (0-100) of the window's rerun times, in seconds (nan when none)."""
        values = sorted(self.latencies)
        if not values:
            return float("nan")
        if len(values) == 1:
            return values[0]
        return statistics.quantiles(values, n=100, method="inclusive")[min(98, max(0, round(q) - 1))]

    @property
    def cpu_percent(self) -> float:
        return 100 * self.cpu_seconds / self.window

    @property
    def cpu_ms_per_rerun(self) -> float:
        finished = self.finished_in_window
        return 1000 * self.cpu_seconds / finished if finished else float("nan")


def page_for(index: int, pages: list[str] | None = None) -> str:
    """Student ``index``'s page: the students are spread over ``pages`` (default Home and every page), in turn."""
    pages = pages or PAGE_PATHS
    return pages[index % len(pages)]


async def _student_life(
    student: Student,
    outcome: Outcome,
    *,
    think: float,
    start_delay: float,
    stop_at: float,
    rng: random.Random,
    max_moves: int,
) -> None:
    """Open the page, then move a widget at each think time until ``stop_at``; reconnect when the socket is lost."""
    await asyncio.sleep(start_delay)
    try:
        _check(await student.open(), outcome, "open")
    except Disconnected as error:
        outcome.errors.append(f"open: {error}")
        return
    outcome.replica = student.replica
    moves = 0
    while time.monotonic() < stop_at and moves < max_moves:
        await asyncio.sleep(min(think * rng.uniform(0.5, 1.5), max(0.0, stop_at - time.monotonic())))
        if time.monotonic() >= stop_at:
            break
        moves += 1
        sent = time.monotonic()
        try:
            _widget, _value, run = await student.move()
        except Disconnected:
            outcome.disconnects += 1
            await _reconnect(student, outcome, lost_at=sent, stop_at=stop_at + 30)
            continue
        if _check(run, outcome, "move"):
            outcome.latencies.append((sent, run.seconds))
    await student.close()


async def _reconnect(student: Student, outcome: Outcome, *, lost_at: float, stop_at: float) -> None:
    """Reload the page (same URL, same cookies) until a replica answers; check the URL gave the view back."""
    delay = 0.2
    while time.monotonic() < stop_at:
        try:
            run = await student.open()
        except Disconnected:
            await asyncio.sleep(delay)
            delay = min(2.0, delay * 2)  # the browser backs off too
            continue
        outcome.reconnect_seconds.append(time.monotonic() - lost_at)
        outcome.replica = student.replica
        if _check(run, outcome, "reconnect"):
            wanted = {w: v for w, v in student.moved.items() if w in run.widgets and run.widgets[w].query_key}
            outcome.view_restored.append(
                all(abs(run.url_values.get(w, float("nan")) - v) < 1e-9 for w, v in wanted.items())
            )
        return
    outcome.errors.append("reconnect: no replica answered")


def _check(run: Run, outcome: Outcome, what: str) -> bool:
    """Record a run's problems as errors (with the page's path); True when the run ended well."""
    where = f"/{outcome.page} {what}"
    for exception in run.exceptions:
        outcome.errors.append(f"{where}: exception {exception}")
    if run.problem:
        outcome.errors.append(f"{where}: {run.problem}")
    return not (run.exceptions or run.problem)


async def _run_class_async(
    url: str,
    replicas: list[Replica],
    *,
    students: int,
    duration: float,
    warmup: float,
    think: float,
    seed: int,
    max_moves: int,
    kill_at: float | None,
    on_kill: Callable[[list[Outcome]], None] | None,
    pages: list[str] | None,
) -> ClassRun:
    rng = random.Random(seed)
    begin = time.monotonic()
    stop_at = begin + duration
    outcomes = [Outcome(page=page_for(i, pages)) for i in range(students)]
    ramp = min(warmup * 0.8, 0.1 * students)
    tasks = [
        asyncio.create_task(
            _student_life(
                Student(url, outcome.page, random.Random(rng.random())),
                outcome,
                think=think,
                start_delay=ramp * i / max(1, students),
                stop_at=stop_at,
                rng=random.Random(rng.random()),
                max_moves=max_moves,
            )
        )
        for i, outcome in enumerate(outcomes)
    ]
    await asyncio.sleep(warmup)
    window_start = time.monotonic()
    cpu_start = sum(cpu_seconds(r.pid) for r in replicas if r.alive)
    client_start = time.process_time()
    rss_start = sum(rss_mb(r.pid) for r in replicas if r.alive)
    if kill_at is not None:
        await asyncio.sleep(max(0.0, begin + kill_at - time.monotonic()))
        if on_kill:
            on_kill(outcomes)
    await asyncio.sleep(max(0.0, stop_at - time.monotonic()))
    window_end = time.monotonic()
    cpu_end = sum(cpu_seconds(r.pid) for r in replicas if r.alive)
    client_end = time.process_time()
    rss_end = sum(rss_mb(r.pid) for r in replicas if r.alive)
    # The last moves finish (each bounded by the student's run timeout); a student still busy
    # after that is cut and counted as unfinished.
    done, pending = await asyncio.wait(tasks, timeout=90)
    for task, outcome in zip(tasks, outcomes, strict=True):
        if task in pending:
            task.cancel()
            outcome.unfinished += 1
        elif task.exception() is not None:
            outcome.errors.append(f"client: {type(task.exception()).__name__}: {task.exception()}")
    if pending:
        await asyncio.wait(pending, timeout=5)
    return ClassRun(
        students=students,
        window=window_end - window_start,
        outcomes=outcomes,
        cpu_seconds=cpu_end - cpu_start,
        client_cpu_seconds=client_end - client_start,
        load_average=float(Path("/proc/loadavg").read_text().split()[0]),
        rss_mb_start=rss_start,
        rss_mb_end=rss_end,
        window_start=window_start,
        window_end=window_end,
    )


def run_class(
    url: str,
    replicas: list[Replica],
    *,
    students: int,
    duration: float = 40.0,
    warmup: float = 10.0,
    think: float = 5.0,
    seed: int = 0,
    max_moves: int = 1000,
    kill_at: float | None = None,
    on_kill: Callable[[list[Outcome]], None] | None = None,
    pages: list[str] | None = None,
) -> ClassRun:
    """Run ``students`` students against ``url`` for ``duration`` seconds (the first ``warmup`` not measured).

    ``replicas`` are the processes whose CPU and memory are read (all of them behind a proxy).
    At ``kill_at`` seconds, ``on_kill(outcomes)`` is called (to kill a replica and note who was on it).
    ``pages`` (URL paths, "" for Home) limits the students to those pages.
    """
    if not 0 <= warmup < duration:
        raise ValueError(f"warmup must be in [0, duration), got {warmup} and {duration}")
    run = _run_class_async(
        url,
        replicas,
        students=students,
        duration=duration,
        warmup=warmup,
        think=think,
        seed=seed,
        max_moves=max_moves,
        kill_at=kill_at,
        on_kill=on_kill,
        pages=pages,
    )
    # In a thread of its own: the caller's thread may already run an event loop (Playwright's sync
    # API does, in the test process), and asyncio.run refuses to start a second one there.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, run).result()


def error_summary(errors: list[str], limit: int = 5) -> str:
    """The most common errors, one line each with their count."""
    return "\n".join(f"  {count} x {error}" for error, count in Counter(errors).most_common(limit))
