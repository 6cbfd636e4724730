"""What the bench scripts share: the app on sys.path and one timing helper (never tests/)."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def median_times(functions: dict, repeats: int) -> dict:
    """Median wall time in seconds of each function, timed in interleaved rounds after a warm-up.

    Interleaving spreads any load from other processes over all the functions alike.
    """
    times = {name: [] for name in functions}
    for function in functions.values():
        function()
    for _ in range(repeats):
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}
