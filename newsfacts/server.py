"""The embedded Prefect server: one local, project-owned API for every newsfacts command.

``newsfacts server start`` runs ``prefect server start`` in the background with
its SQLite database, pid and log under the project's Prefect home (``./.prefect``),
bound to 127.0.0.1 on a fixed port, analytics off, and returns once
``/api/health`` answers. The files it leaves:

- ``.prefect/server.pid``  the server's process id (the format ``prefect server stop`` reads)
- ``.prefect/server.url``  its API URL, e.g. ``http://127.0.0.1:4200/api``
- ``.prefect/server.log``  its output
- ``.prefect/prefect.db``  Prefect's SQLite database (flow runs, deployments, logs)

Commands find the server through ``PREFECT_API_URL``; when that is unset and a
server started here is alive, :func:`discover` sets it. With no server running,
a run starts its own *ephemeral* server (:func:`start_ephemeral`): the same
Prefect API as Prefect's ephemeral mode, in a child process that watches its
parent and stops within a second or two of it, even after ``kill -9`` of the run,
so it never outlives its run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsfacts.errors import NewsfactsError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 4200
PID_FILE = "server.pid"
URL_FILE = "server.url"
LOG_FILE = "server.log"

#: Environment of the server process: local SQLite under PREFECT_HOME, nothing phoned home.
SERVER_ENV = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_UI_ENABLED": "true",
}


class ServerError(NewsfactsError):
    """The local Prefect server cannot be started, reached or stopped."""

    reason = "server"


@dataclass(frozen=True)
class ServerInfo:
    """A server started by :func:`start`, as recorded in the Prefect home."""

    pid: int
    api_url: str
    home: Path

    @property
    def log(self) -> Path:
        return self.home / LOG_FILE


def default_home() -> Path:
    """``$PREFECT_HOME`` when set, else ``./.prefect``."""
    return Path(os.environ.get("PREFECT_HOME") or Path.cwd() / ".prefect").resolve()


def api_url(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> str:
    return f"http://{host}:{port}/api"


def healthy(url: str, timeout: float = 2.0) -> bool:
    """Whether ``<url>/health`` answers 200."""
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/health", timeout=timeout) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _alive(pid: int) -> bool:
    """Whether ``pid`` is a live process that looks like a Prefect server (Linux: checks its command line)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists():
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            return False
        return b"prefect" in b" ".join(args) and b"server" in args
    return True


def read_info(home: Path | None = None) -> ServerInfo | None:
    """The server recorded in ``home`` when its process is still alive, else None."""
    home = (home or default_home()).resolve()
    pid_file, url_file = home / PID_FILE, home / URL_FILE
    if not (pid_file.exists() and url_file.exists()):
        return None
    try:
        pid = int(pid_file.read_text().strip())
        url = url_file.read_text().strip()
    except (OSError, ValueError):
        return None
    return ServerInfo(pid, url, home) if _alive(pid) else None


def discover(home: Path | None = None) -> str | None:
    """Point this process at the local server when ``PREFECT_API_URL`` is unset.

    Returns:
        The API URL in use (the user's own, the discovered one), or None for ephemeral mode.
    """
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    info = read_info(home)
    if info is None or not healthy(info.api_url, timeout=1.0):
        return None
    os.environ["PREFECT_API_URL"] = info.api_url
    return info.api_url


def start(
    home: Path | None = None, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, timeout: float = 120.0
) -> ServerInfo:
    """Start a Prefect server in the background and wait until it answers.

    Args:
        home: the Prefect home holding the database, pid and log files (default ``./.prefect``).
        host: the address to bind (127.0.0.1: reachable from this machine only).
        port: the TCP port.
        timeout: seconds to wait for ``/api/health`` (a fresh database takes ~20 s here).

    Returns:
        The running server (an already running one is returned as is).

    Raises:
        ServerError: the server exited or did not answer in time (the log tail is in the message).
    """
    home = (home or default_home()).resolve()
    home.mkdir(parents=True, exist_ok=True)
    running = read_info(home)
    if running is not None:
        return running
    url = api_url(host, port)
    if healthy(url, timeout=1.0):
        raise ServerError(f"another server already answers at {url}; stop it or choose --port")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API_")}
    env.update(SERVER_ENV, PREFECT_HOME=str(home))
    log = open(home / LOG_FILE, "ab")
    cmd = [sys.executable, "-m", "prefect", "server", "start", "--host", host, "--port", str(port), "--analytics-off"]
    proc = subprocess.Popen(
        cmd, env=env, cwd=home, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: survives the terminal, stopped as a group
    )
    log.close()
    (home / PID_FILE).write_text(str(proc.pid))
    (home / URL_FILE).write_text(url)
    info = ServerInfo(proc.pid, url, home)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            _forget(home)
            raise ServerError(f"the Prefect server exited with status {proc.returncode}:\n{_tail(info.log)}")
        if healthy(url):
            return info
        time.sleep(0.5)
    stop(home)
    raise ServerError(f"the Prefect server did not answer {url}/health within {timeout:.0f} s:\n{_tail(info.log)}")


def stop(home: Path | None = None, *, timeout: float = 20.0) -> bool:
    """Stop the server started by :func:`start` (its whole process group).

    Returns:
        True when a running server was stopped, False when none was running.
    """
    home = (home or default_home()).resolve()
    info = read_info(home)
    if info is None:
        _forget(home)
        return False
    try:
        os.killpg(info.pid, signal.SIGTERM)
    except ProcessLookupError:
        _forget(home)
        return False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _group_alive(info.pid):
        time.sleep(0.2)
    if _group_alive(info.pid):
        os.killpg(info.pid, signal.SIGKILL)
    try:  # reap it when this process is its parent (tests start and stop in one process)
        os.waitpid(info.pid, os.WNOHANG)
    except ChildProcessError:
        pass
    _forget(home)
    return True


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    try:
        pid, _ = os.waitpid(pgid, os.WNOHANG)  # our own child: reap so it stops showing as a zombie
    except ChildProcessError:
        return True
    if pid == pgid:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
    return True


def _forget(home: Path) -> None:
    for name in (PID_FILE, URL_FILE):
        (home / name).unlink(missing_ok=True)


def _tail(path: Path, n: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return "(no log)"


# ---------------------------------------------------------------- the ephemeral server of one run

#: Environment of an ephemeral server: Prefect's own for its ephemeral mode (no UI).
EPHEMERAL_ENV = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
EPHEMERAL_LOG = "ephemeral.log"
#: How often the server's watcher checks that its run is alive, in seconds.
WATCH_INTERVAL = 0.5


@dataclass
class Ephemeral:
    """The Prefect server of one run, a child process of it."""

    proc: subprocess.Popen
    api_url: str
    log: Path

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the server (SIGTERM, then SIGKILL after ``timeout`` seconds)."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now."""
    with socket.socket() as sock:
        sock.bind((DEFAULT_HOST, 0))
        return sock.getsockname()[1]


def start_ephemeral(home: Path | None = None, *, timeout: float = 90.0) -> Ephemeral:
    """Start a Prefect server for this process only, and wait until it answers.

    The child runs ``python -m newsfacts.server --parent PID`` and stops itself when
    this process is gone (however it ended).

    Raises:
        ServerError: it exited or did not answer within ``timeout`` seconds.
    """
    home = (home or default_home()).resolve()
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API_")}
    env.update({**SERVER_ENV, **EPHEMERAL_ENV, "PREFECT_HOME": str(home)})
    log_path = home / EPHEMERAL_LOG
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "newsfacts.server", "--parent", str(os.getpid()), "--port", str(port)],
            env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
        )
    server = Ephemeral(proc, api_url(DEFAULT_HOST, port), log_path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServerError(f"the ephemeral Prefect server exited with status {proc.returncode}; see {log_path}")
        if healthy(server.api_url, timeout=1.0):
            return server
        time.sleep(0.2)
    server.stop()
    raise ServerError(f"the ephemeral Prefect server did not answer within {timeout:.0f} s; see {log_path} "
                      "(or start one with `newsfacts server start`)")


@contextlib.contextmanager
def run_api(url: str | None, *, timeout: float = 90.0) -> Iterator[tuple[str, Callable[[], bool]]]:
    """The Prefect API a run reports to, and a check that it still answers.

    ``url`` (the user's server, or the one ``newsfacts server start`` left) is used as
    is, as is an API already set in this process's Prefect settings (a test harness);
    otherwise an ephemeral server is started for the block (:func:`start_ephemeral`),
    Prefect's queued events and logs are shipped (bounded) and it is stopped after it.

    Yields:
        ``(api_url, answers)``.
    """
    if url is None and "prefect" in sys.modules:
        from prefect.settings import get_current_settings

        url = get_current_settings().api.url
    if url:
        yield url, lambda: healthy(url, timeout=1.0)
        return
    server = start_ephemeral(timeout=timeout)
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        with _prefect_settings(server.api_url):
            yield server.api_url, lambda: server.alive() and healthy(server.api_url, timeout=1.0)
            drain_prefect()
    finally:
        server.stop(timeout=2.0)
        os.environ.pop("PREFECT_API_URL", None)


@contextlib.contextmanager
def _prefect_settings(url: str) -> Iterator[None]:
    """Point an already imported Prefect at ``url`` too (settings read at import time)."""
    if "prefect" not in sys.modules:
        yield
        return
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: url}):
        yield


def drain_prefect(timeout: float = 5.0) -> None:
    """Ship Prefect's queued events and logs, waiting at most ``timeout`` seconds for each."""
    if "prefect" not in sys.modules:
        return
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        worker.drain_all(timeout=timeout)


def _watch_parent(parent: int) -> None:
    """Stop this process when ``parent`` is gone: SIGTERM to itself, then exit hard."""
    while os.getppid() == parent:
        time.sleep(WATCH_INTERVAL)
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(5)
    os._exit(0)


def _serve_ephemeral(argv: list[str] | None = None) -> None:
    """The child of :func:`start_ephemeral`: Prefect's API app under uvicorn, watching its parent."""
    parser = argparse.ArgumentParser(prog="python -m newsfacts.server")
    parser.add_argument("--parent", type=int, required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    if os.getppid() != args.parent:
        return  # the run is already gone
    threading.Thread(target=_watch_parent, args=(args.parent,), daemon=True, name="watch-parent").start()
    import uvicorn

    uvicorn.run("prefect.server.api.server:create_app", factory=True, host=DEFAULT_HOST, port=args.port,
                log_level="error", lifespan="on")


if __name__ == "__main__":
    _serve_ephemeral()
