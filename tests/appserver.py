"""Start `streamlit run app.py` on a free localhost port, for browser tests and benchmarks.

The starter itself lives in bench/load/servers.py (the load tool starts replicas the same way).
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

from bench.load.servers import start_replica


@contextlib.contextmanager
def running_app(log_path: Path, timeout: float = 60) -> Iterator[tuple[str, subprocess.Popen]]:
    """Yield (url, process) once /_stcore/health answers; stop the server afterwards.

    Raises RuntimeError, with the server's log, if it exits or does not answer in time.
    """
    replica = start_replica(log_path, timeout=timeout)
    try:
        yield replica.url, replica.process
    finally:
        replica.stop()
