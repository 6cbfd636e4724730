"""Claim frequency: how long the page's first (cold-cache) run takes, stage by stage, by portfolio size.

Run with `python bench/bench_claim_frequency.py [sizes ...]` from the repository root (default:
10,000 and 100,000 policies, at the page's default settings). A cold run of a large portfolio
shows a progress bar; later runs with the same settings come from the caches (see
bench_pages.py for those). Each stage is timed once, in a fresh process's empty caches.

Measured 2026-12-06 on the 2-core machine under a load average of about 10 (other engineers'
jobs), cold totals: 10,000 policies 0.80 s, 100,000 policies 4.1 s with OPENBLAS_NUM_THREADS=1;
2.96 s and 36.8 s with OpenBLAS's default threads. Under load a threaded matrix-vector product
of the (80,000 x 6) design matrix took 27 ms instead of 0.28 ms single-threaded: the 100,000
policy run is dominated by that, not by the maths.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from topics.claim_frequency import controls as c  # noqa: E402
from topics.claim_frequency import runs  # noqa: E402

STAGES = ("data", "raw vs standardised", "race", "contours", "early stopping", "by age")


def cold_stages(n: int) -> list[float]:
    exposure, times = c.DEFAULT_EXPOSURE, []
    calls = (
        lambda: runs.split(n, 0, exposure),
        lambda: runs.scaling(n, 0, exposure, c.OPTIMISERS[0], 0.03, 200),
        lambda: runs.race(n, 0, exposure, 0.5),
        lambda: runs.contours(n, 0, exposure, c.OPTIMISERS[0], 0.03, 200, 0),
        lambda: runs.stopping(n, 0, exposure, 5, 0.0, True, 0, 512, 0.01, 100),
    )
    for call in calls:
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    runs.by_age(n, 0, exposure, tuple(result.original))
    times.append(time.perf_counter() - start)
    return times


def main(sizes: list[int]) -> None:
    print(f"{'policies':>9} " + " ".join(f"{stage:>20}" for stage in STAGES) + f" {'total s':>8}")
    for n in sizes:
        times = cold_stages(n)
        print(f"{n:>9,} " + " ".join(f"{t:>20.2f}" for t in times) + f" {sum(times):>8.2f}")


if __name__ == "__main__":
    main([int(v) for v in sys.argv[1:]] or [10_000, 100_000])
