"""The embedded Prefect server: one local, project-owned API for every newsfacts command.

``newsfacts server start`` runs ``prefect server start`` in the background with
its SQLite database, pid and log under the project's Prefect home (``./.prefect``),
bound to 127.0.0.1 on a fixed port, analytics off, and returns once
``/api/health`` answers. The files it leaves:

- ``.prefect/server.pid``  the server's process id (the format ``prefect server stop`` reads)
- ``.prefect/server.url``  its API URL, e.g. ``http://127.0.0.1:4200/api``
- ``.prefect/server.log``  its output
- ``.prefect/prefect.db``  Prefect's SQLite database (flow runs, deployments, logs)

Commands find a running server by themselves (:func:`find_server`, :func:`discover`):
``PREFECT_API_URL`` when the user set it; else the server recorded in the Prefect home
when it is alive and answers; else a Prefect server answering at
``http://127.0.0.1:$NEWSFACTS_PORT/api`` (4200 by default; ``NEWSFACTS_PORT=0`` looks
at no port). With no server running, a run starts its own *ephemeral* server
(:func:`start_ephemeral`): the same Prefect API as Prefect's ephemeral mode, in a child
process that watches its parent and stops within a second or two of it, even after
``kill -9`` of the run, so it never outlives its run; the run loads its model and suites
while that server boots (:func:`run_api`). The run's summary says which server ran it.
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


#: The environment variable naming the port of ``newsfacts server start`` (its ``--port``),
#: which is also the port a run looks at for a running local server.
PORT_ENV = "NEWSFACTS_PORT"


@dataclass(frozen=True)
class Choice:
    """Which Prefect API a command uses, and how it was found.

    ``kind`` is ``"env"`` (``PREFECT_API_URL`` set by the user), ``"local"`` (a running
    local server: the one ``newsfacts server start`` recorded in the Prefect home, or one
    answering at the default address) or ``"ephemeral"`` (none: the run starts its own).
    """

    kind: str
    url: str | None = None
    how: str = ""

    def describe(self) -> str:
        """One line for the run summary.

        >>> Choice("ephemeral").describe()
        'prefect: ephemeral server started for this run (`newsfacts server start` once makes every run faster)'
        >>> Choice("local", "http://127.0.0.1:4200/api", "server.url in .prefect").describe()
        'prefect: local server http://127.0.0.1:4200/api (reused: server.url in .prefect)'
        """
        if self.kind == "ephemeral":
            return ("prefect: ephemeral server started for this run "
                    "(`newsfacts server start` once makes every run faster)")
        if self.kind == "env":
            return f"prefect: server {self.url} ({self.how or 'PREFECT_API_URL'})"
        return f"prefect: local server {self.url} (reused: {self.how})"

    def as_dict(self) -> dict:
        return {"kind": self.kind, "url": self.url, "how": self.how}


def default_port() -> int:
    """``$NEWSFACTS_PORT`` when it is a port number, else 4200 (``NEWSFACTS_PORT=0``: look at no port)."""
    try:
        return int(os.environ.get(PORT_ENV) or DEFAULT_PORT)
    except ValueError:
        return DEFAULT_PORT


def find_server(home: Path | None = None) -> Choice:
    """The Prefect API a command should use, without starting anything.

    In order: ``PREFECT_API_URL`` when the user set it; the server ``newsfacts server start``
    recorded in the Prefect home when its process lives and answers; a Prefect server
    answering ``/api/health`` at ``http://127.0.0.1:$NEWSFACTS_PORT/api`` (default port
    4200: a server started from another folder, or by ``prefect server start``); else
    ephemeral. Each check is local and bounded (well under a second when nothing runs).
    """
    if os.environ.get("PREFECT_API_URL"):
        return Choice("env", os.environ["PREFECT_API_URL"], "PREFECT_API_URL")
    home = (home or default_home()).resolve()
    info = read_info(home)
    if info is not None and healthy(info.api_url, timeout=1.0):
        return Choice("local", info.api_url, f"{URL_FILE} in {home}")
    port = default_port()
    url = api_url(DEFAULT_HOST, port)
    if port and _port_open(DEFAULT_HOST, port) and healthy(url, timeout=1.0):
        return Choice("local", url, f"answering at the default address, port {port}")
    return Choice("ephemeral")


def _port_open(host: str, port: int, timeout: float = 0.2) -> bool:
    """Whether something accepts TCP connections there (fast 'no' before an HTTP request)."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def discover(home: Path | None = None) -> str | None:
    """Point this process at a running server (:func:`find_server`) when ``PREFECT_API_URL`` is unset.

    Returns:
        The API URL in use (the user's own, the discovered one), or None for ephemeral mode.
    """
    global _last
    choice = _last = find_server(home)
    if choice.kind == "local":
        os.environ["PREFECT_API_URL"] = choice.url
    return choice.url


_last: Choice | None = None


def last_choice() -> Choice | None:
    """What the last :func:`discover` of this process found (None before any)."""
    return _last


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
#: Seconds a run's health check of its API waits for an answer: a stopped server refuses at once;
#: a busy one on a loaded machine (load 20+ on 2 cores) can take more than a second.
HEALTH_TIMEOUT = 3.0


@dataclass
class Ephemeral:
    """The Prefect server of one run, a child process of it."""

    proc: subprocess.Popen
    api_url: str
    log: Path

    def alive(self) -> bool:
        return self.proc.poll() is None

    def answers(self) -> bool:
        """Whether the run may go on with this server: its process lives and it answers, or at least
        accepts connections (a live child that is slow on a loaded machine is busy, not lost)."""
        if not self.alive():
            return False
        if healthy(self.api_url, timeout=HEALTH_TIMEOUT):
            return True
        host, port = self.api_url.split("//", 1)[1].split("/", 1)[0].rsplit(":", 1)
        return _port_open(host, int(port), timeout=HEALTH_TIMEOUT)

    def wait_ready(self, timeout: float = 90.0) -> None:
        """Wait until the server answers ``/api/health``.

        Raises:
            ServerError: it exited or did not answer within ``timeout`` seconds (then it is stopped).
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServerError(f"the ephemeral Prefect server exited with status {self.proc.returncode}; "
                                  f"see {self.log}")
            if healthy(self.api_url, timeout=1.0):
                return
            time.sleep(0.1)
        self.stop()
        raise ServerError(f"the ephemeral Prefect server did not answer within {timeout:.0f} s; see {self.log} "
                          "(or start one with `newsfacts server start`)")

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


def start_ephemeral(home: Path | None = None, *, timeout: float = 90.0, wait: bool = True) -> Ephemeral:
    """Start a Prefect server for this process only, and (with ``wait``) wait until it answers.

    The child runs ``python -m newsfacts.server --parent PID`` and stops itself when
    this process is gone (however it ended). With ``wait=False`` it returns at once;
    call :meth:`Ephemeral.wait_ready` after doing other work while the server boots.

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
    if wait:
        server.wait_ready(timeout)
    return server


@contextlib.contextmanager
def run_api(url: str | None, *, timeout: float = 90.0,
            warm: Callable[[], object] | None = None,
            ready: Callable[[], object] | None = None) -> Iterator[tuple[str, Callable[[], bool], bool]]:
    """The Prefect API a run reports to, and a check that it still answers.

    ``url`` (the user's server, or a running local one :func:`find_server` found) is used
    as is, as is an API already set in this process's Prefect settings (a test harness);
    otherwise an ephemeral server is started for the block (:func:`start_ephemeral`),
    Prefect's queued events and logs are shipped (bounded) and it is stopped after it.

    Args:
        url: the API to use, or None for an ephemeral server.
        timeout: seconds an ephemeral server may take to answer.
        warm: work to do before the run (imports, the model, the suites); with an
            ephemeral server it runs while the server boots (another process), so the
            two overlap instead of adding up.
        ready: called once the API answers (at once for a running server), before the run.

    Yields:
        ``(api_url, answers, ephemeral)``: ephemeral is True when the server was started here.
    """
    if url is None and "prefect" in sys.modules:
        from prefect.settings import get_current_settings

        url = get_current_settings().api.url
    if url:
        if warm is not None:
            warm()
        if ready is not None:
            ready()
        yield url, lambda: healthy(url, timeout=HEALTH_TIMEOUT), False
        return
    server = start_ephemeral(timeout=timeout, wait=False)
    # Named before ``warm`` imports Prefect: its settings are read at import time, and the run's
    # threads see only those (a temporary setting lives in this thread's context).
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        if warm is not None:
            warm()
        server.wait_ready(timeout)
        if ready is not None:
            ready()
        with _prefect_settings(server.api_url):
            yield server.api_url, server.answers, True
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
