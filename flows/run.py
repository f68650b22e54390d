"""Choosing the task runner, running the ingest flow (the CLI's one entry point), and
stopping a run in bounded time: on SIGINT/SIGTERM or when the Prefect API is lost.

The run works in a thread of its own; the main thread waits, handles signals and
watches the API. To stop, it raises ``RunStopped`` inside the run (the chunk in
flight is abandoned; chunks already committed stay published, and the warehouse's
commit order keeps a half-written chunk invisible), gives it a few seconds to
unwind, and returns so the caller can print the accounting and exit.
"""

from __future__ import annotations

import ctypes
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date

from newsfacts.options import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_WAREHOUSE,
    STOP_DEADLINE_SERVER_LOST,
    STOP_DEADLINE_SIGNAL,
    WINDOW_PER_WORKER,
    ExitCode,
)
#: Threads of the in-process task runner without a parse helper (:mod:`newsfacts.parsehelper`;
#: with one there are two): one chunk parses at a time while the flow's own
#: thread reads the next and writes the last. Two parsing threads fight over the GIL: on
#: 2026-12-01 (500 BBC articles, quiet 2-core machine, one bench run each) the flow took
#: 94.5 s wall and 122.5 s CPU with two against 70.7 s and 70.7 s with one (spaCy alone
#: 52-55 s). ``NEWSFACTS_PARSE_THREADS`` overrides it (to measure, or on many cores).
IN_PROCESS_THREADS = int(os.environ.get("NEWSFACTS_PARSE_THREADS", "0") or 0) or 1


def warm_worker(*, background: bool = False) -> int:
    """Load the NLP model, the expectation suites and the place index in a worker process
    (all memoised: once per process, ~1 s, ~3 s and ~1.5 s of CPU here), and import
    Prefect's task engine, which a worker's first task would otherwise wait for (~3 s
    here); returns the worker's pid. In a ``newsfacts run`` it runs while the ephemeral
    Prefect server boots (``newsfacts.server.run_api``).

    With ``background`` (an in-process run with a parse helper, whose first chunk parses in
    the helper for many seconds anyway), the Great Expectations runtime and the place index
    are built in a thread while the run starts; the suite files are still read and checked
    here, so a broken suite fails before the run, as does a missing or altered model.
    """
    import prefect.task_engine  # noqa: F401
    from newsfacts.analyse import analyse_articles  # noqa: F401
    from newsfacts.nlp import load_nlp

    load_nlp()
    if background:
        from newsfacts.quality.suites import load_suite_dicts

        load_suite_dicts()
        global _warming
        if _warming is None:  # once per process (a command's warm-up and its run both ask)
            _warming = threading.Thread(target=_warm_checks, kwargs={"report": True, "gated": True}, name="newsfacts-warm", daemon=True)
            _warming.start()
    else:
        _warm_checks()
    return os.getpid()


_warming: threading.Thread | None = None
#: Opened when the background warm-up may start building (:func:`hold_background_warm`): a
#: run that boots its own Prefect server keeps the two cores for that boot, which it waits
#: for, and builds the GX runtime and the place index while its first chunk parses.
_warm_gate = threading.Event()
_warm_gate.set()


def hold_background_warm() -> None:
    """Make the background warm-up thread wait until :func:`release_background_warm`."""
    if os.environ.get("NEWSFACTS_WARM_GATE", "1") != "0":
        _warm_gate.clear()


def release_background_warm() -> None:
    """Let the background warm-up thread build (idempotent)."""
    _warm_gate.set()


def _warm_checks(*, report: bool = False, gated: bool = False) -> None:
    if gated:
        _warm_gate.wait(timeout=300)
    from newsfacts.quality.validate import runtime

    runtime()
    try:  # the gazetteer the first chunk's places would otherwise build (newsfacts.places)
        from newsfacts.places import place_index
    except ImportError:
        pass
    else:
        place_index()
    if report:  # the report's modules (pandas, Altair: ~1.2 s), imported by the run's end otherwise
        import newsfacts.report  # noqa: F401


@contextmanager
def shared_api() -> Iterator[str]:
    """The Prefect API URL that Dask workers report to, set for the duration of the block.

    Workers receive this process's settings with every task. In ephemeral mode those
    name no URL, and each worker process would start a Prefect server of its own (tens
    of seconds each); so the ephemeral server is started here and named explicitly.
    A remote cluster's workers must be able to reach the URL: use a Prefect server
    bound to an address they can reach (``newsfacts server start --host``).
    """
    from prefect.settings import (
        PREFECT_API_URL,
        get_current_settings,
        temporary_settings,
    )

    url = get_current_settings().api.url
    if url:
        yield url
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start(timeout=int(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")))
    with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
        yield server.api_url


@contextmanager
def task_runner(workers: int = 1, dask_address: str | None = None, *, warm: bool = True) -> Iterator[tuple[object, int]]:
    """The task runner for one or many ingest runs, and the window of chunks in flight.

    - ``workers == 1`` and no address: Prefect's default (threads in this process).
    - ``workers > 1``: a local Dask cluster of ``workers`` single-threaded processes,
      started once here and shared by every flow run inside the ``with`` block.
    - ``dask_address``: an existing Dask scheduler (``dask scheduler`` + ``dask worker``s).

    With ``warm``, every worker (or this process) loads the model and the suites up front,
    so a missing or altered model fails here, before any flow run starts.

    Yields:
        ``(task_runner or None, window)``.
    """
    if not dask_address and workers <= 1:
        from prefect.task_runners import ThreadPoolTaskRunner

        from newsfacts.parsehelper import parse_helper

        with parse_helper() as helper:  # the model loads in the child while this process warms up
            if warm:
                warm_worker(background=helper is not None)
            # Without a helper one long-lived thread parses and checks while the flow's own
            # thread reads and writes. With one, two threads: one waits for the helper's parse
            # of a chunk while the other extracts, checks and hands back the chunk before.
            threads = IN_PROCESS_THREADS if helper is None else max(IN_PROCESS_THREADS, 2)
            yield ThreadPoolTaskRunner(max_workers=threads), WINDOW_PER_WORKER
        return
    from distributed import Client, LocalCluster
    from prefect_dask import DaskTaskRunner

    with ExitStack() as stack:
        stack.enter_context(shared_api())
        if not dask_address:
            import dask

            # No dashboard, so nobody reads the workers' statistical profiler: turn it off,
            # it samples the parsing thread's stack every 10 ms (~10 % of a chunk's time here).
            stack.enter_context(dask.config.set({"distributed.worker.profile.enabled": False}))
            # Workers forked warm from one preloaded forkserver, not each spawned cold (newsfacts.workerfork).
            from newsfacts.workerfork import local_cluster_config

            stack.enter_context(dask.config.set(local_cluster_config()))
            cluster = stack.enter_context(
                LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
            )
            dask_address = cluster.scheduler_address
        with Client(dask_address) as client:
            n = sum(client.nthreads().values()) or workers  # worker threads
            if warm:
                client.run(warm_worker)
        yield DaskTaskRunner(address=dask_address), WINDOW_PER_WORKER * max(n, 1)


def run_ingest(
    paths: list[str],
    *,
    warehouse: str = DEFAULT_WAREHOUSE,
    since: date | None = None,
    until: date | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = 1,
    dask_address: str | None = None,
    progress: bool = True,
) -> dict:
    """Run the ingest flow in-process (workers=1), on a local Dask cluster, or on a remote one."""
    from flows.ingest import ingest

    with task_runner(workers, dask_address) as (runner, window):
        flow = ingest.with_options(task_runner=runner) if runner is not None else ingest
        return flow(paths, warehouse=warehouse, since=since, until=until, batch_size=batch_size,
                    window=window, progress=progress)


# ---------------------------------------------------------------- stopping in bounded time


class RunStopped(BaseException):
    """Raised inside a run to stop it (a BaseException, so no ``except Exception`` swallows it)."""


@dataclass(frozen=True)
class Stop:
    """Why a run was stopped: the one-line message and the exit code."""

    message: str
    code: ExitCode
    deadline: float


@dataclass
class Outcome:
    """How a guarded run ended: its result, or why it was stopped (and whether it unwound in time)."""

    result: object = None
    stop: Stop | None = None
    unwound: bool = True


#: Seconds between two health checks of the Prefect API, and failed checks in a row that mean it is gone.
HEALTH_INTERVAL = 1.0
HEALTH_MISSES = 3
#: Seconds left for printing and stopping the ephemeral server once the run has unwound or given up.
EXIT_MARGIN = 5.0


def guarded(target: Callable[[], object], *, health: Callable[[], bool] | None = None,
            api_url: str | None = None) -> Outcome:
    """Run ``target`` in a thread; stop it on SIGINT/SIGTERM or when ``health`` fails
    ``HEALTH_MISSES`` times in a row.

    Args:
        target: the run (returns its summary).
        health: whether the Prefect API answers (None: not watched).
        api_url: the API's address, for the message.

    Returns:
        The outcome; an exception raised by ``target`` is raised here unless the run was stopped.
    """
    done, box, stop_box = threading.Event(), {}, []

    def work() -> None:
        try:
            box["result"] = target()
        except BaseException as exc:  # noqa: BLE001  (handed to the caller below)
            box["error"] = exc
        finally:
            done.set()

    worker = threading.Thread(target=work, name="newsfacts-run", daemon=True)
    worker.start()
    with _signals_stop(stop_box):
        if health is not None:
            threading.Thread(target=_watch_api, args=(health, api_url, done, stop_box), daemon=True).start()
        while not done.wait(0.2) and not stop_box:
            pass
    if stop_box:
        stop = stop_box[0]
        started = time.monotonic()
        _raise_in(worker, RunStopped)
        worker.join(max(stop.deadline - EXIT_MARGIN - (time.monotonic() - started), 0.5))
        return Outcome(box.get("result"), stop, unwound=not worker.is_alive())
    if "error" in box:
        raise box["error"]
    return Outcome(box.get("result"))


@contextmanager
def _signals_stop(stop_box: list) -> Iterator[None]:
    """SIGINT and SIGTERM ask the run to stop (main thread only; restored afterwards)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame) -> None:
        name = signal.Signals(signum).name
        if not stop_box:
            stop_box.append(Stop(f"stopped by {name}", ExitCode.INTERRUPTED, STOP_DEADLINE_SIGNAL))

    old = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, h in old.items():
            signal.signal(sig, h)


def _watch_api(health: Callable[[], bool], api_url: str | None, done: threading.Event, stop_box: list) -> None:
    misses = 0
    while not done.wait(HEALTH_INTERVAL):
        misses = 0 if health() else misses + 1
        if misses >= HEALTH_MISSES and not stop_box:
            from newsfacts.server import HEALTH_TIMEOUT

            stop_box.append(Stop(f"the Prefect API at {api_url or '?'} stopped answering", ExitCode.SERVER_LOST,
                                 STOP_DEADLINE_SERVER_LOST - HEALTH_MISSES * (HEALTH_INTERVAL + HEALTH_TIMEOUT)))
            return


def _raise_in(thread: threading.Thread, exc_type: type[BaseException]) -> None:
    """Raise ``exc_type`` in ``thread`` at its next Python instruction."""
    if thread.ident is not None and thread.is_alive():
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident), ctypes.py_object(exc_type))
