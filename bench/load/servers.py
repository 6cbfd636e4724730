"""Start `streamlit run app.py` replicas and HAProxy on 127.0.0.1, and read a process's CPU and memory.

Replicas are started the way ``deploy/replicas.sh`` starts them (one shared
``server.cookieSecret``), and HAProxy with ``deploy/proxy.sh`` and ``deploy/haproxy.cfg``,
so that a load run exercises the deployment's own configuration.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ui.compute import WORKERS_ENV

ROOT = Path(__file__).resolve().parents[2]
PROXY_SCRIPT = ROOT / "deploy" / "proxy.sh"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def process_tree(pid: int) -> list[int]:
    """``pid`` and every process it started, and theirs (``/proc/<pid>/task/*/children``): the
    server and its compute workers (``ui.compute``). A process that has just exited is left out."""
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo += [int(child) for child in task.read_text().split()]
            except OSError:
                continue
    return tree


def _proc_fields(pid: int, name: str) -> list[str]:
    """The fields of ``/proc/<pid>/<name>`` (for ``stat``, those after the command's name), or none
    for a process that has just exited."""
    try:
        text = Path(f"/proc/{pid}/{name}").read_text()
    except OSError:
        return []
    return (text.rsplit(")", 1)[1] if name == "stat" else text).split()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time so far of a server and its workers (``/proc/<pid>/stat``, fields 14 and 15)."""
    stats = [fields for fields in (_proc_fields(p, "stat") for p in process_tree(pid)) if fields]
    return sum(int(fields[11]) + int(fields[12]) for fields in stats) / CLOCK_TICKS


def rss_mb(pid: int) -> float:
    """Resident memory in MB of a server and its workers (``/proc/<pid>/statm``)."""
    pages = [fields for fields in (_proc_fields(p, "statm") for p in process_tree(pid)) if fields]
    return sum(int(fields[1]) for fields in pages) * PAGE_SIZE / 2**20


def wait_healthy(url: str, process: subprocess.Popen, log_path: Path, timeout: float = 60) -> None:
    """Return once ``url``/_stcore/health answers 200; RuntimeError (with the log) if the process exits or is late."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited early:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer /_stcore/health within {timeout} s:\n{log_path.read_text()}")


@dataclass
class Replica:
    """One running `streamlit run app.py`: its URL and process."""

    url: str
    process: subprocess.Popen
    log_path: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL: the replica dies as a crashed container does, without closing its sockets politely."""
        if self.alive:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.alive:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_replica(
    log_path: Path,
    port: int | None = None,
    cookie_secret: str | None = None,
    timeout: float = 60,
    options: dict[str, str] | None = None,
    script: str = "app.py",
    workers: int | None = None,
    root: Path | None = None,
) -> Replica:
    """Start `streamlit run app.py` (or ``script``) in the checkout ``root`` (this one unless given)
    on 127.0.0.1 (a free port unless given) and wait until it is healthy.

    ``options`` are extra configuration options (``{"runner.postScriptGC": "false"}``), given as flags;
    ``workers`` sets ``GDLAB_WORKERS`` (else the environment's, else one per core). Raises
    RuntimeError, with the server's log, if it exits or does not answer within ``timeout`` s.
    """
    port = port or free_port()
    command = [sys.executable, "-m", "streamlit", "run", script]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true"]
    for name, value in (options or {}).items():
        command += [f"--{name}", value]
    # Streamlit refuses the secret on the command line (it would show in `ps`): environment only.
    env = dict(os.environ)
    if cookie_secret:
        env["STREAMLIT_SERVER_COOKIE_SECRET"] = cookie_secret
    if workers is not None:
        env[WORKERS_ENV] = str(workers)
    log = open(log_path, "w")  # noqa: SIM115 - the process writes to it until it stops
    process = subprocess.Popen(command, cwd=root or ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    replica = Replica(f"http://127.0.0.1:{port}", process, log_path)
    try:
        wait_healthy(replica.url, process, log_path, timeout)
    except BaseException:
        replica.stop()
        raise
    return replica


@contextlib.contextmanager
def running_replicas(
    count: int, log_dir: Path, options: dict[str, str] | None = None
) -> Iterator[list[Replica]]:
    """``count`` replicas sharing one cookie secret and the cores for their workers, as
    ``deploy/replicas.sh`` starts them; stopped afterwards."""
    secret = secrets.token_hex(32)
    workers = None if WORKERS_ENV in os.environ else -(-(os.cpu_count() or 1) // count)
    replicas: list[Replica] = []
    try:
        for index in range(count):
            replicas.append(
                start_replica(
                    log_dir / f"replica-{index + 1}.log",
                    cookie_secret=secret,
                    options=options,
                    workers=workers,
                )
            )
        yield replicas
    finally:
        for replica in replicas:
            replica.stop()


@contextlib.contextmanager
def running_proxy(replicas: list[Replica], log_dir: Path) -> Iterator[str]:
    """HAProxy in the foreground (``deploy/proxy.sh``) in front of ``replicas``; yields its URL."""
    port = free_port()
    backends = [replica.url.removeprefix("http://") for replica in replicas]
    log_path = log_dir / "haproxy.log"
    env = {**os.environ, "GDLAB_BIND": f"127.0.0.1:{port}", "GDLAB_STATE_DIR": str(log_dir)}
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            ["bash", str(PROXY_SCRIPT), *backends], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process, log_path, timeout=20)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
