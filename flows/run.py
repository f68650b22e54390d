"""Choosing the task runner and running the ingest flow (the CLI's one entry point)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

#: Chunks in flight per Dask worker: one being analysed, one being read.
WINDOW_PER_WORKER = 2


def warm_worker() -> int:
    """Load the NLP model in a Dask worker process (memoised: once per process); returns its pid."""
    from newsfacts.nlp import load_nlp

    load_nlp()
    return os.getpid()


@contextmanager
def task_runner(workers: int = 1, dask_address: str | None = None, *, warm: bool = True) -> Iterator[tuple[object, int]]:
    """The task runner for one or many ingest runs, and the window of chunks in flight.

    - ``workers == 1`` and no address: Prefect's default (threads in this process).
    - ``workers > 1``: a local Dask cluster of ``workers`` single-threaded processes,
      started once here and shared by every flow run inside the ``with`` block.
    - ``dask_address``: an existing Dask scheduler (``dask scheduler`` + ``dask worker``s).

    With ``warm``, every worker loads the model once up front, in parallel.

    Yields:
        ``(task_runner or None, window)``.
    """
    if not dask_address and workers <= 1:
        yield None, WINDOW_PER_WORKER
        return
    from distributed import Client, LocalCluster
    from prefect_dask import DaskTaskRunner

    cluster = None
    if not dask_address:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        dask_address = cluster.scheduler_address
    try:
        with Client(dask_address) as client:
            n = sum(client.nthreads().values()) or workers  # worker threads
            if warm:
                client.run(warm_worker)
        yield DaskTaskRunner(address=dask_address), WINDOW_PER_WORKER * max(n, 1)
    finally:
        if cluster is not None:
            cluster.close()


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
