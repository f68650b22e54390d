"""Backfills: one ingest flow run per day (or per slice of undated inputs), resumable.

Each partition is an ordinary ``newsfacts-ingest`` flow run that commits on its
own; its last commit carries the partition's completion transaction (``newsfacts.partitions``). Running a
backfill again skips partitions that completed with the same inputs, so an
interrupted backfill finishes the remaining days and repeats nothing. One Dask
cluster (local or remote) serves every day, so each worker loads the model once.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass, field
from datetime import date

from tqdm.auto import tqdm

from newsfacts.options import DEFAULT_BATCH_SIZE, DEFAULT_WAREHOUSE, WINDOW_PER_WORKER
from newsfacts.accounting import Tally
from newsfacts.errors import NewsfactsError
from newsfacts.partitions import (
    PARTITION_SIZE,
    Partition,
    balanced_batch_size,
    fingerprint,
    is_complete,
    plan_partitions,
)
from newsfacts.plan import plan_chunks
from newsfacts.warehouse import Warehouse


def run_partition(
    part: Partition, *, warehouse: str, batch_size: int = DEFAULT_BATCH_SIZE, window: int = WINDOW_PER_WORKER, progress: bool = True,
    redo: bool = False, task_runner=None,
) -> dict:
    """Ingest one partition unless it already completed with the same inputs.

    Returns:
        The run's accounting (see ``flows.ingest.ingest``) plus ``partition`` and
        ``complete_before`` (True when the partition was skipped, with no counts).
    """
    from flows.ingest import ingest

    fp = fingerprint(part)
    if not redo and is_complete(Warehouse(warehouse), part, fp):
        return {"partition": part.key, "complete_before": True, "run_id": None,
                "warehouse": warehouse, **Tally().as_dict()}
    flow, parts = ingest, None
    if task_runner is not None:  # parallel: enough chunks of equal text size that every slot stays busy
        flow = ingest.with_options(task_runner=task_runner)
        records = sum(c.size for c in plan_chunks(part.paths, batch_size=batch_size))
        parts = -(-records // balanced_batch_size(records, batch_size, window)) if records else None
    summary = flow(
        list(part.paths), warehouse=warehouse, since=part.since, until=part.until, batch_size=batch_size,
        window=window, progress=progress, default_day=part.day, marker={"key": part.key, "fingerprint": fp},
        redo=redo, parts=parts,
    )
    return {"partition": part.key, "complete_before": False, **summary}


def run_backfill(
    paths: list[str],
    *,
    warehouse: str = DEFAULT_WAREHOUSE,
    since: date | None = None,
    until: date | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = 1,
    dask_address: str | None = None,
    progress: bool = True,
    redo: bool = False,
    partition_size: int = PARTITION_SIZE,
) -> dict:
    """Backfill ``paths`` into the warehouse, one flow run per day or slice.

    Args:
        paths: dated inboxes (``inbox/YYYY-MM-DD/...``), day folders, or plain files/folders.
        warehouse: the warehouse root (folder or ``s3://`` URL).
        since: first day, inclusive (day folders by name; plain inputs by ``published_at``).
        until: last day, inclusive.
        batch_size: articles per chunk.
        workers: local Dask worker processes (1 = in-process threads).
        dask_address: an existing Dask scheduler instead of a local cluster.
        progress: show a progress bar across partitions (or across articles for a single one).
        redo: ignore completion markers and run every partition again, reprocessing
            (analysing and replacing) articles that are already published.
        partition_size: records per slice of plain inputs.

    Returns:
        The summed accounting of the runs, plus ``partitions``, ``ran``, ``complete_before``,
        ``failed`` (partition keys with their error) and ``run_ids``.
    """
    from flows.run import task_runner

    Warehouse(warehouse).require_current()
    parts = plan_partitions(paths, since=since, until=until, partition_size=partition_size)
    book = _Book()
    many = len(parts) > 1
    with task_runner(workers, dask_address) as (runner, window):
        bar = tqdm(total=len(parts), unit="day", desc="backfill", disable=not (progress and many), file=sys.stderr)
        lanes = _Overlapped()
        for part in parts:
            bar.set_postfix_str(part.label)
            lanes.start(part, lambda part=part: run_partition(
                part, warehouse=warehouse, batch_size=batch_size, window=window,
                progress=progress and not many, redo=redo, task_runner=runner), on_done=lambda: bar.update(1))
            if lanes.crashed():  # a bug, not a failed day: start nothing more
                break
        for part, outcome in lanes.results():
            if isinstance(outcome, NewsfactsError):
                book.failed.append({"partition": part.key, "error": f"{type(outcome).__name__}: {outcome}"})
            elif isinstance(outcome, BaseException):
                raise outcome
            else:
                book.add(part, outcome)
        bar.close()
    return {
        "warehouse": warehouse, "partitions": len(parts), "ran": book.ran, "complete_before": book.skipped,
        "failed": book.failed, "run_ids": book.run_ids, **book.total.as_dict(),
    }


class _Overlapped:
    """Partitions run one after the other, except that each one's end overlaps the next one's start.

    A partition's flow run ends with serial work in the flow process: the seal (copy marks over
    the whole ``articles``, the incident rebuild over the whole ``facts``, the completion
    commit), the data docs and the report. Run one after the other, the workers would wait
    for all of it. Here the next partition starts as soon as the previous one has published
    every chunk (its admission then sees those articles as published, exactly as when run
    after it), so the workers parse its chunks during that tail; seals still land in
    partition order (each waits for the previous one's), so the last seal marks copies and
    rebuilds incidents over every row, and the tables are those of a serial backfill.
    """

    def __init__(self) -> None:
        self._runs: list[tuple[Partition, threading.Thread, dict]] = []
        self._sealed = threading.Event()
        self._sealed.set()

    def start(self, part: Partition, call, on_done=None) -> None:
        """Start ``call()`` (one partition's run) in a thread; return once the previous
        partitions' chunks and this one's are all published, or it ended."""
        from flows.ingest import StageHooks, staged

        loop_done, sealed, previous = threading.Event(), threading.Event(), self._sealed
        box: dict = {}

        def work() -> None:
            staged(StageHooks(loop_done=loop_done.set, may_seal=previous.wait, sealed=sealed.set))
            try:
                box["result"] = call()
            except BaseException as exc:  # noqa: BLE001  (handed back in partition order)
                box["error"] = exc
            finally:
                staged(None)
                loop_done.set()
                _wait(previous)  # a skipped or failed partition seals nothing, but keeps its turn
                sealed.set()
                if on_done:
                    on_done()

        thread = threading.Thread(target=work, name=f"newsfacts-{part.key}", daemon=True)
        thread.start()
        self._runs.append((part, thread, box))
        self._sealed = sealed
        _wait(loop_done)

    def crashed(self) -> bool:
        """Whether a partition ended with an error other than a ``NewsfactsError``."""
        return any("error" in box and not isinstance(box["error"], NewsfactsError) for _, _, box in self._runs)

    def results(self):
        """``(partition, summary or exception)`` in partition order, once each has ended."""
        for part, thread, box in self._runs:
            while thread.is_alive():
                thread.join(0.2)  # short waits: a stop (SIGINT, lost API) is raised in this thread
            yield part, box.get("error", box.get("result"))


def _wait(event: threading.Event) -> None:
    while not event.wait(0.2):  # short waits: a stop (SIGINT, lost API) is raised in this thread
        pass


@dataclass
class _Book:
    """A backfill's running totals over its partitions."""

    total: Tally = field(default_factory=Tally)
    ran: int = 0
    skipped: int = 0
    failed: list[dict] = field(default_factory=list)
    run_ids: list[str] = field(default_factory=list)

    def add(self, part: Partition, res: dict) -> None:
        if res["complete_before"]:
            self.skipped += 1
            return
        self.ran += 1
        self.run_ids.append(res["run_id"])
        self.total.add(Tally.from_summary(res))
        if res.get("status") not in (None, "completed"):
            self.failed.append({"partition": part.key, "error": f"run {res['run_id']} {res.get('status')}: "
                                + "; ".join(res.get("run_errors", [])[:2])})


def tally_of(summary: dict) -> Tally:
    """The Tally inside a run or backfill summary."""
    return Tally.from_summary(summary)
