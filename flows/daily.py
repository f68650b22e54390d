"""The daily flow: one day's folder of a dated inbox (``inbox/YYYY-MM-DD/``) into the warehouse.

Deployed with a cron schedule by ``newsfacts serve`` (``flows/deploy.py``); run one
day on demand with ``prefect deployment run 'newsfacts-daily/daily' -p day=2017-02-14``.
"""

from __future__ import annotations

from datetime import date

from prefect import flow, get_run_logger

from newsfacts.errors import MissingPathError
from newsfacts.options import DEFAULT_BATCH_SIZE, DEFAULT_INBOX, DEFAULT_WAREHOUSE, FLOW_NAME
from newsfacts.partitions import Partition, day_folder, yesterday


@flow(name=FLOW_NAME, log_prints=True)
def ingest_day(
    inbox: str = DEFAULT_INBOX,
    day: date | None = None,
    warehouse: str = DEFAULT_WAREHOUSE,
    batch_size: int = DEFAULT_BATCH_SIZE,
    dask_address: str | None = None,
    redo: bool = False,
) -> dict:
    """Ingest the articles delivered for one day.

    Args:
        inbox: the dated inbox; the day's inputs are in ``<inbox>/<YYYY-MM-DD>/``.
        day: the day to process; yesterday (UTC) when not given, as a scheduled run does.
        warehouse: the warehouse root, a folder or an ``s3://bucket/prefix`` URL.
        batch_size: articles per chunk.
        dask_address: run the NLP on an existing Dask cluster, e.g. ``tcp://10.0.0.5:8786``.
        redo: run the day again even when it completed before with the same files.

    Returns:
        The day's accounting (``complete_before`` is True when it had already completed).

    Raises:
        MissingPathError: the inbox has no folder for the day (nothing was delivered).
    """
    from flows.backfill import run_partition
    from flows.run import task_runner

    day = day or yesterday()
    folder = day_folder(inbox, day)
    if not folder.is_dir():
        raise MissingPathError(f"no inbox folder for {day}: {folder} does not exist")
    part = Partition(f"days/{day.isoformat()}", (str(folder),), day=day)
    with task_runner(1, dask_address) as (runner, window):
        summary = run_partition(part, warehouse=warehouse, batch_size=batch_size, window=window,
                                progress=False, redo=redo, task_runner=runner)
    if summary["complete_before"]:
        get_run_logger().info("day %s already completed with the same files; nothing to do", day)
    return summary


OPTIMIZE_FLOW_NAME = "newsfacts-optimize"


@flow(name=OPTIMIZE_FLOW_NAME, log_prints=True)
def optimize_warehouse(warehouse: str = DEFAULT_WAREHOUSE, retention_hours: int = 7 * 24) -> dict:
    """Compact every table's small files and vacuum files older than the retention (weekly).

    Args:
        warehouse: the warehouse root, a folder or an ``s3://bucket/prefix`` URL.
        retention_hours: files removed from a table stay this long for running readers.

    Returns:
        Per table: files before and after, files vacuumed.
    """
    from newsfacts.warehouse import Warehouse

    wh = Warehouse(warehouse, create=False)
    wh.require_current()
    report = wh.optimize(retention_hours=retention_hours)
    for name, r in report.items():
        get_run_logger().info("%s: %d files -> %d, %d vacuumed", name, r["files_before"], r["files_after"], r["vacuumed"])
    return report
