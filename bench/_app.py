"""The benchmarks' own helper: `streamlit run app.py` (or another script, e.g. the reference app)
on a free localhost port, and Debian's Chromium with the browser tests' flags (bench imports the
app's modules, never tests/)."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_app(
    log_path: Path, timeout: float = 60, script: str = "app.py"
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Yield (url, process) once /_stcore/health answers; stop the server afterwards.

    ``script`` is the file served, relative to the repository root (default: GD Lab itself).

    Raises RuntimeError, with the server's log, if it exits or does not answer in time.
    """
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    url = f"http://127.0.0.1:{port}"
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + timeout
            while not _healthy(url):
                if server.poll() is not None:
                    raise RuntimeError(f"streamlit exited early:\n{log_path.read_text()}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not answer /_stcore/health within {timeout} s")
                time.sleep(0.3)
            yield url, server
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def wait_for_script(page, timeout: float = 60_000) -> None:
    """Wait until Streamlit has connected and finished running the page's script."""
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=timeout)
    page.wait_for_selector("h1", timeout=timeout)  # every page draws a title; none before the first run ends
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)
    # Widgets and links are drawn as skeletons first; wait until all are real.
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=timeout)
