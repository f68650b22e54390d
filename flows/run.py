"""Choosing the task runner and running the ingest flow (the CLI's one entry point)."""

from __future__ import annotations

from datetime import date


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

    flow = ingest
    window = 2
    if dask_address or workers > 1:
        from prefect_dask import DaskTaskRunner

        if dask_address:
            runner = DaskTaskRunner(address=dask_address)
            window = 8
        else:
            runner = DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True})
            window = 2 * workers
        flow = ingest.with_options(task_runner=runner)
    return flow(paths, warehouse=warehouse, since=since, until=until, batch_size=batch_size,
                window=window, progress=progress)
