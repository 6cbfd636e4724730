"""The app in a browser, for the benchmarks and the browser tests: `streamlit run app.py` on a free
localhost port, Debian's Chromium's flags, and waiting for a page's script (bench imports the app's
modules, never tests/; the tests use this module)."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

from bench.load.servers import start_replica

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextlib.contextmanager
def running_app(
    log_path: Path, timeout: float = 60, script: str = "app.py", root: Path | None = None
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Yield (url, process) of `streamlit run <script>` (GD Lab, or e.g. the bench's reference app;
    in the checkout ``root``, this one unless given) on a free 127.0.0.1 port once /_stcore/health
    answers; stop it afterwards. Raises RuntimeError, with the server's log, if it does not start."""
    replica = start_replica(log_path, timeout=timeout, script=script, root=root)
    try:
        yield replica.url, replica.process
    finally:
        replica.stop()


def wait_for_script(page, timeout: float = 60_000) -> None:
    """Wait until Streamlit has connected and finished running the page's script."""
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=timeout)
    page.wait_for_selector("h1", timeout=timeout)  # every page draws a title; none before the first run ends
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)
    # Widgets and links are drawn as skeletons first; wait until all are real.
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=timeout)
