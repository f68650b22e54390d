"""Choosing the task runner and running the ingest flow (the CLI's one entry point)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date

#: Chunks in flight per worker: one parsing, the next one queued behind it.
WINDOW_PER_WORKER = 2
#: Threads of the in-process task runner: two chunks parse at once (spaCy's matrix maths
#: releases the GIL: wall ratio to spaCy alone 0.85 with two, 0.72 with one at a time).
IN_PROCESS_THREADS = WINDOW_PER_WORKER


def warm_worker() -> int:
    """Load the NLP model and the expectation suites in a worker process (both memoised:
    once per process, ~1 s and ~5 s here), and import Prefect's task engine, which a
    worker's first task would otherwise wait for (~3 s here); returns the worker's pid."""
    import prefect.task_engine  # noqa: F401
    from newsfacts.analyse import analyse_articles  # noqa: F401
    from newsfacts.nlp import load_nlp
    from newsfacts.quality.validate import runtime

    load_nlp()
    runtime()
    return os.getpid()


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

        if warm:
            warm_worker()
        # Two long-lived threads parse and check while the flow's own thread reads and
        # writes; each thread's heap is reused (an unbounded pool grows a dozen heaps that
        # keep freed memory).
        yield ThreadPoolTaskRunner(max_workers=IN_PROCESS_THREADS), WINDOW_PER_WORKER
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
    warehouse: str = "warehouse",
    since: date | None = None,
    until: date | None = None,
    batch_size: int = 200,
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
