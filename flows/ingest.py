"""The ingest flow: raw articles → cleaned, parsed, checked, published Delta tables.

Recipe: plan → read (and admit: count, quarantine, skip what is published) →
analyse-and-check (on the task runner, a small in-order window of chunks in flight) →
settle (the ledger decides what passes the gate) → commit (each chunk's child tables,
then its articles; at the end the run tables and the seal). The bookkeeping lives in
``newsfacts.ledger.Ledger``; the write order in ``newsfacts.warehouse``.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime

from prefect import flow, get_run_logger
from prefect.runtime import flow_run
from tqdm.auto import tqdm

from flows.artifacts import publish_run_artifacts
from newsfacts.options import DEFAULT_BATCH_SIZE, DEFAULT_WAREHOUSE, WINDOW_PER_WORKER
from newsfacts.errors import NewsfactsError, WarehouseError
from newsfacts.ledger import COMPLETED, Ledger, in_order
from newsfacts.quality import build_data_docs, summary_markdown
from newsfacts.runrecords import new_run_id
from newsfacts.warehouse import Warehouse, short_hash
from tasks.steps import analyse_check, isolate, open_warehouse, plan_inputs, publish, read_clean, seal_run

#: Runs with more batches than this render data docs only for batches that failed an expectation.
DATA_DOCS_ALL_BATCHES = 20


@flow(name="newsfacts-ingest", log_prints=True)
def ingest(
    paths: list[str],
    warehouse: str = DEFAULT_WAREHOUSE,
    since: date | None = None,
    until: date | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    window: int = WINDOW_PER_WORKER,
    progress: bool = True,
    default_day: date | None = None,
    marker: dict | None = None,
    redo: bool = False,
    parts: int | None = None,
) -> dict:
    """Ingest articles from files or folders into the warehouse.

    Args:
        paths: input files or folders (.txt, .jsonl, .jsonl.gz, .html, .htm, .gz).
        warehouse: the warehouse root, a folder or an ``s3://bucket/prefix`` URL.
        since: keep only articles published on or after this day.
        until: keep only articles published on or before this day.
        batch_size: articles per chunk (the unit of work of every task).
        window: chunks being parsed or queued at once (2 × workers is a good value).
        progress: show a progress bar on the terminal.
        default_day: the day of a dated inbox folder; articles with no date of their own get it.
        marker: ``{"key": ..., "fingerprint": ...}`` of a backfill partition; when the run
            completes, its seal commit carries the partition's completion transaction.
        redo: analyse and replace articles that are already published (reprocess them).
        parts: cut the inputs into at least this many chunks of about equal text size (one or
            two per parallel slot for a small run), so that the workers finish together.

    Returns:
        The run's accounting: run_id, status, records read, articles written, duplicates
        skipped, quarantined, out of range, skipped, balanced.
    """
    started = datetime.now(UTC)
    run_id = new_run_id(started)
    wh = open_warehouse(warehouse)
    chunks = plan_inputs(paths, batch_size, parts)
    ledger = new_ledger(wh, run_id, redo=redo)
    bar = tqdm(total=sum(c.size for c in chunks), unit="rec", desc="articles", disable=not progress, file=sys.stderr)
    try:
        for (new, batch_id), future in in_order(
            admitted(ledger, chunks, (since, until, default_day), bar),
            lambda item: analyse_check.submit(item[0], run_id, item[1]), window,
        ):
            tables = ledger.settle(new, batch_id, outcome_of(future), lambda t, b: isolate(t, run_id, b))
            if tables:
                ledger.published(publish(wh, tables))
            bar.update(len(new))
        bar.close()
        ledger.close()
        hooks = stage_hooks()
        hooks.loop_done()  # every row of the run is published: a backfill may start its next partition
        docs = render_docs_aside(wh, ledger)  # beside the seal, on the core the workers left idle
        hooks.may_seal()  # seals (copies, incidents, completion) land in partition order
        seal_run(wh, ledger, marker if ledger.status == COMPLETED else None,
                 flow_run_id=str(flow_run.id or ""), started_at=started, inputs=[str(p) for p in paths])
        hooks.sealed()
    except WarehouseError as exc:
        raise WarehouseError(f"{exc} (this run had published {ledger.tally.articles_written} article(s) "
                             "before the failure; rerunning the same command publishes the rest once)") from exc
    finish(wh, ledger, warehouse, docs)
    return ledger.summary(warehouse)


class StageHooks:
    """What a caller running several ingest runs at once (``flows.backfill``) is told, or waits for:
    ``loop_done`` once every chunk of the run is published (the next run may start reading and
    parsing: it sees this run's articles as published), ``may_seal`` before the run's seal
    (waits for the previous run's seal, so seals land in order), ``sealed`` after it.
    Set per thread with :func:`staged`; by default every hook does nothing."""

    def __init__(self, loop_done: Callable[[], None] | None = None, may_seal: Callable[[], None] | None = None,
                 sealed: Callable[[], None] | None = None) -> None:
        self.loop_done = loop_done or _nothing
        self.may_seal = may_seal or _nothing
        self.sealed = sealed or _nothing


def _nothing() -> None:
    return None


_STAGE = threading.local()
#: One data-docs site per warehouse: two runs of a backfill never render into it at once.
_DOCS_LOCK = threading.Lock()


def stage_hooks() -> StageHooks:
    """The hooks the calling thread set (a sync flow runs in the thread that called it)."""
    return getattr(_STAGE, "hooks", None) or StageHooks()


def staged(hooks: StageHooks | None) -> None:
    """Set (or clear, with None) the calling thread's hooks for the ingest runs it starts."""
    _STAGE.hooks = hooks


def render_docs_aside(wh: Warehouse, ledger: Ledger) -> threading.Thread | None:
    """Start rendering the run's data docs in a thread (local warehouses); joined in :func:`finish`.

    Rendering is single-threaded Python (about 0.1-0.3 s per table and chunk) and the seal's
    copy marks and incident rebuild are too: side by side they use both cores at the end of a
    run instead of one after the other, while the workers have nothing left to parse.
    """
    if not (wh.local and ledger.reports):
        return None
    reports = list(ledger.reports)
    box: dict = {}

    def render() -> None:
        try:
            with _DOCS_LOCK:
                build_data_docs(wh.root, reports, only_failed=len(reports) > DATA_DOCS_ALL_BATCHES)
        except (NewsfactsError, OSError, ValueError) as exc:  # the tables are published; the report is not
            box["error"] = exc

    thread = threading.Thread(target=render, name="newsfacts-data-docs", daemon=True)
    thread.box = box  # type: ignore[attr-defined]
    thread.start()
    return thread


def admitted(ledger: Ledger, chunks, filters: tuple, bar):
    """Read and clean each chunk in input order; yield its admitted articles with a batch id."""
    for chunk in chunks:
        res = read_clean(chunk, *filters)
        new = ledger.read(res)
        bar.update(res.records_read - len(new))
        if new:
            yield new, short_hash(*sorted(a.article_id for a in new))


def new_ledger(wh: Warehouse, run_id: str, *, redo: bool = False) -> Ledger:
    """A run's ledger, knowing what the warehouse already holds."""
    contents: dict = {}
    known = wh.read("articles", columns=["source", "doc_id", "article_id"])
    for source, doc_id, aid in zip(*(known.column(c).to_pylist() for c in ("source", "doc_id", "article_id"))):
        contents.setdefault((source, doc_id), set()).add(aid)
    seen = set() if redo else {aid for ids in contents.values() for aid in ids}
    return Ledger(run_id, seen=seen, known_quarantine=wh.column_values("quarantine", "quarantine_id"),
                  contents=contents)


def outcome_of(future):
    """A task future's result, or the exception it raised (settled by the ledger)."""
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001  (a crash costs this chunk; the ledger decides the run's status)
        get_run_logger().error("batch analysis failed: %s: %s", type(exc).__name__, exc)
        return exc


def finish(wh: Warehouse, ledger: Ledger, warehouse: str, docs: threading.Thread | None = None) -> None:
    """Data docs (local warehouses; ``docs``: their rendering, started beside the seal), the report
    and the run's artifacts (keyed per warehouse)."""
    logger = get_run_logger()
    for error in ledger.errors:
        logger.error("run %s: a batch crashed and was quarantined: %s", ledger.run_id, error)
    if docs is None:
        docs = render_docs_aside(wh, ledger)
    if docs is not None:
        docs.join()
        if "error" in docs.box:  # type: ignore[attr-defined]
            logger.warning("data docs were not rebuilt: %s", docs.box["error"])  # type: ignore[attr-defined]
    publish_run_artifacts(ledger.summary(warehouse), warehouse=warehouse,
                          details=summary_markdown(ledger.reports, ledger.tally.as_dict()))
