"""Load the app with simulated students; print one row per level of students.

Run from the repository root (traffic goes to 127.0.0.1 only; every run stops by itself):

    python -m bench.load --students 1 10 20 40 80            # one process
    python -m bench.load --replicas 2 --students 20 40 60    # two replicas behind HAProxy
    python -m bench.load --replicas 2 --students 30 --kill-after 25 --duration 50   # kill replica r1
    python -m bench.load --memory --students 40              # idle sessions, and memory after a run
    python -m bench.load --per-move 40                       # server CPU of each interaction, page by page

Each level opens that many students spread over the pages, each moving a real widget of
its page every ``--think`` seconds (± 50 %) for ``--duration`` seconds; the first
``--warmup`` seconds are not measured. Columns: reruns finished per second, the median,
95th and 99th percentile of a move's time (from the rerun request to its
``script_finished``), errors (exceptions in a page, runs that did not end, refused
connections), the servers' CPU (100 % = one core) and resident memory, and the servers'
CPU time per rerun. A server's CPU and memory include its worker processes (``ui.compute``).

``--per-move N`` measures what one interaction costs the server, alone: one student per
page, N moves one after the other (no other traffic), the server's CPU time read before
each move and after its ``script_finished``; it prints per page the median, 90th percentile
and mean CPU per move, and the median over every move of the class (each page weighted
equally, as the students are spread over the pages). Linux reports a process's CPU in
clock ticks (10 ms): a single move is read to the tick, the medians over many moves are
finer than that.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.load.run import PAGE_PATHS, ClassRun, Outcome, error_summary, page_for, run_class
from bench.load.servers import Replica, cpu_seconds, rss_mb, running_proxy, running_replicas
from bench.load.student import Student


def level_row(run: ClassRun) -> str:
    ms = [1000 * run.percentile(q) for q in (50, 95, 99)]
    return (
        f"| {run.students} | {run.reruns_per_second:.2f} | {ms[0]:,.0f} | {ms[1]:,.0f} | {ms[2]:,.0f} "
        f"| {len(run.errors)} | {run.cpu_percent:.0f}% | {run.rss_mb_end:,.0f} | {run.cpu_ms_per_rerun:,.0f} "
        f"| {100 * run.client_cpu_seconds / run.window:.0f}% | {run.load_average:.1f} |"
    )


HEADER = (
    "| students | reruns/s | p50 ms | p95 ms | p99 ms | errors | server CPU | RSS MB | CPU ms/rerun | tool CPU | load avg |\n"
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
)


def class_options(args: argparse.Namespace) -> dict:
    """The ``run_class`` arguments the command line sets (all but the number of students)."""
    return {
        "duration": args.duration,
        "warmup": args.warmup,
        "think": args.think,
        "seed": args.seed,
        "pages": args.pages,
    }


def levels(url: str, replicas: list[Replica], args: argparse.Namespace) -> list[ClassRun]:
    """One run per level of students, against the same warm server(s); prints each row as it comes."""
    print(HEADER, flush=True)
    runs = []
    for count in args.students:
        run = run_class(url, replicas, students=count, **class_options(args))
        print(level_row(run), flush=True)
        if run.errors:
            print(error_summary(run.errors), flush=True)
        runs.append(run)
        time.sleep(3)  # the sessions of this level close before the next one opens
    return runs


def fault(url: str, replicas: list[Replica], args: argparse.Namespace) -> None:
    """Kill replica r1 at ``--kill-after`` seconds; report what its students and the others saw."""
    victims: set[int] = set()

    def kill(outcomes: list[Outcome]) -> None:
        victims.update(i for i, o in enumerate(outcomes) if o.replica == "r1")
        replicas[0].kill()
        print(
            f"killed r1 (pid {replicas[0].pid}) with {len(victims)} of {len(outcomes)} students on it",
            flush=True,
        )

    run = run_class(
        url, replicas, students=args.students[0], kill_at=args.kill_after, on_kill=kill, **class_options(args)
    )
    print(HEADER)
    print(level_row(run))
    print(
        "| students | count | moves | errors | disconnects | reconnect s (median, max) | view back from the URL |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, members in (
        ("on the killed replica", [o for i, o in enumerate(run.outcomes) if i in victims]),
        ("on the other replicas", [o for i, o in enumerate(run.outcomes) if i not in victims]),
    ):
        waits = sorted(s for o in members for s in o.reconnect_seconds)
        restored = [ok for o in members for ok in o.view_restored]
        wait_text = f"{waits[len(waits) // 2]:.1f}, {waits[-1]:.1f}" if waits else "-"
        print(
            f"| {name} | {len(members)} | {sum(len(o.latencies) for o in members)} "
            f"| {sum(len(o.errors) for o in members)} | {sum(o.disconnects for o in members)} "
            f"| {wait_text} | {sum(restored)} of {len(restored)} |"
        )
    if run.errors:
        print(error_summary(run.errors))


def memory(url: str, replicas: list[Replica], args: argparse.Namespace) -> None:
    """An idle session's memory, and whether a load run's memory comes back after its students leave."""
    pid = replicas[0].pid

    async def idle(pages: list[str], hold: float) -> float:
        students = [Student(url, page, random.Random(i)) for i, page in enumerate(pages)]
        for student in students:
            await student.open()
        await asyncio.sleep(hold)
        held = rss_mb(pid)
        for student in students:
            await student.close()
        return held

    count = args.students[0]
    asyncio.run(idle(PAGE_PATHS, 0))  # warm: every page once (imports, caches at defaults)
    time.sleep(5)
    baseline = rss_mb(pid)
    held = asyncio.run(idle([page_for(i, args.pages) for i in range(count)], 5))
    print(f"baseline (warm, no session): {baseline:.0f} MB")
    print(f"{count} idle sessions: {held:.0f} MB, {1024 * (held - baseline) / count:.0f} kB per idle session")
    run = run_class(url, replicas, students=count, **class_options(args))
    print(HEADER)
    print(level_row(run))
    after = [rss_mb(pid)]
    for _ in range(int(args.settle // 10)):
        time.sleep(10)
        after.append(rss_mb(pid))
    print(
        f"RSS every 10 s after the students left: {', '.join(f'{m:.0f}' for m in after)} MB "
        f"(baseline {baseline:.0f} MB; a disconnected session is kept for server.disconnectedSessionTTL, 120 s)"
    )


def per_move(url: str, replicas: list[Replica], args: argparse.Namespace) -> None:
    """The server's CPU time of each move, one move at a time, page by page (see the module's docstring)."""
    pid = replicas[0].pid

    async def page_moves(page: str, rng: random.Random) -> list[float]:
        student = Student(url, page, rng)
        await student.open()
        await student.rerun()  # a second run: the page's imports and first-visit caches are done
        costs = []
        for _ in range(args.per_move):
            await asyncio.sleep(0.05)  # the previous run's last messages are written
            before = cpu_seconds(pid)
            _widget, _value, run = await student.move()
            if run.exceptions or run.problem:
                raise RuntimeError(f"/{page}: {run.problem or run.exceptions[0]}")
            await asyncio.sleep(0.02)
            costs.append(1000 * (cpu_seconds(pid) - before))
        await student.close()
        return costs

    def row(name: str, costs: list[float]) -> str:
        p90 = statistics.quantiles(costs, n=10, method="inclusive")[8]
        return f"| {name} | {len(costs)} | {statistics.median(costs):.0f} | {p90:.0f} | {statistics.fmean(costs):.0f} |"

    rng = random.Random(args.seed)
    print("| page | moves | median CPU ms | p90 CPU ms | mean CPU ms |\n| --- | --- | --- | --- | --- |")
    every = []
    for page in args.pages or PAGE_PATHS:
        costs = asyncio.run(page_moves(page, random.Random(rng.random())))
        every += costs
        print(row(page or "Home", costs), flush=True)
    print(row("every page", every))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, nargs="+", default=[1, 10, 20, 40, 80], help="levels")
    parser.add_argument(
        "--replicas", type=int, default=1, help="1: one process, no proxy; more: behind HAProxy"
    )
    parser.add_argument("--duration", type=float, default=40.0, help="seconds per level")
    parser.add_argument("--warmup", type=float, default=10.0, help="seconds of each level not measured")
    parser.add_argument("--think", type=float, default=5.0, help="mean seconds between a student's moves")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--set",
        nargs="+",
        default=[],
        metavar="OPTION=VALUE",
        help="extra streamlit options for the replicas, e.g. runner.postScriptGC=false (to compare)",
    )
    parser.add_argument("--pages", nargs="+", help="only these pages' URL paths (Home for the home page)")
    parser.add_argument(
        "--logs", type=Path, help="keep the servers' logs in this directory (default: a temporary one)"
    )
    parser.add_argument(
        "--kill-after", type=float, help="kill replica r1 after this many seconds (--replicas >= 2)"
    )
    parser.add_argument("--memory", action="store_true", help="idle sessions' memory, and memory after a run")
    parser.add_argument(
        "--per-move", type=int, metavar="N", help="N moves per page, one at a time: the server's CPU per move"
    )
    parser.add_argument("--settle", type=float, default=130.0, help="--memory: seconds watched after the run")
    args = parser.parse_args(argv)
    args.pages = [("" if p == "Home" else p) for p in args.pages] if args.pages else None
    if args.per_move is not None and args.per_move < 2:
        parser.error("--per-move needs 2 moves or more (a median and a 90th percentile)")
    if args.kill_after is not None and args.replicas < 2:
        parser.error("--kill-after needs --replicas 2 or more")
    if args.logs:
        args.logs.mkdir(parents=True, exist_ok=True)
    with (
        contextlib.nullcontext(args.logs)
        if args.logs
        else tempfile.TemporaryDirectory(prefix="gdlab-load-") as logs,
        running_replicas(args.replicas, Path(logs), dict(o.split("=", 1) for o in args.set)) as replicas,
        running_proxy(replicas, Path(logs))
        if args.replicas > 1
        else contextlib.nullcontext(replicas[0].url) as url,
    ):
        where = ", ".join(f"{r.url} (pid {r.pid})" for r in replicas)
        print(f"replicas: {where}; students connect to {url}", flush=True)
        if args.memory:
            memory(url, replicas, args)
        elif args.per_move:
            per_move(url, replicas, args)
        elif args.kill_after is not None:
            fault(url, replicas, args)
        else:
            levels(url, replicas, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
