"""The reprocess flow: the NLP again over stored ``articles.text``, derived tables replaced.

Recipe: select (articles in ``--since/--until``, or only those whose derived rows an
older extractor made) → load them per day → analyse-and-check (the same task as ingest)
→ settle (the ledger; an article that fails the gate keeps its old rows and gets a
quarantine row) → replace its derived rows (sentences, entities, facts, and every other
table keyed by ``article_id``), one commit per table and chunk, so an article's old and
new rows never coexist in a table. ``articles`` itself is not rewritten.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pyarrow as pa
import pyarrow.compute as pc
from prefect import flow

from newsfacts.options import DEFAULT_BATCH_SIZE, DEFAULT_WAREHOUSE, WINDOW_PER_WORKER
from newsfacts.extractor import COLUMN, derived_tables, extractor_version, stamp
from newsfacts.ledger import Ledger, in_order
from newsfacts.records import CleanArticle
from newsfacts.runrecords import new_run_id
from newsfacts.schema import PARTITION, UNDATED
from newsfacts.warehouse import Warehouse, short_hash, write_article_batch
from tasks.steps import ReadResult, analyse_check, isolate, open_warehouse, seal_run

_ARTICLE_COLUMNS = ["article_id", "doc_id", "title", "text", "published_at", "source", "url", "dateline",
                    "agency", "input_path", PARTITION]


def stale_ids(wh: Warehouse, version: str) -> set[str]:
    """Articles with a derived row that another extractor version (or none) made."""
    ids: set[str] = set()
    for name in derived_tables():
        dset = wh.dataset(name)
        if dset is None or COLUMN not in dset.schema.names:
            continue
        old = dset.to_table(columns=["article_id"], filter=pc.field(COLUMN).is_null() | (pc.field(COLUMN) != version))
        ids.update(old.column("article_id").to_pylist())
    return ids


def _day_filter(since: date | None, until: date | None):
    expr = None
    if since is not None:
        expr = (pc.field(PARTITION) >= since.isoformat()) & (pc.field(PARTITION) != UNDATED)
    if until is not None:
        upper = (pc.field(PARTITION) <= until.isoformat()) & (pc.field(PARTITION) != UNDATED)
        expr = upper if expr is None else expr & upper
    return expr


def select_articles(wh: Warehouse, since: date | None, until: date | None, stale: bool) -> dict[str, list[str]]:
    """The ids to reprocess, by day partition (days in order, ids sorted)."""
    dset = wh.dataset("articles")
    if dset is None:
        return {}
    rows = dset.to_table(columns=["article_id", PARTITION], filter=_day_filter(since, until))
    wanted = stale_ids(wh, extractor_version()) if stale else None
    by_day: dict[str, list[str]] = {}
    for aid, day in zip(rows.column("article_id").to_pylist(), rows.column(PARTITION).to_pylist()):
        if wanted is None or aid in wanted:
            by_day.setdefault(day, []).append(aid)
    return {d: sorted(set(ids)) for d, ids in sorted(by_day.items())}


def load_articles(wh: Warehouse, day: str, ids: list[str]) -> list[CleanArticle]:
    """The stored articles as the analysis takes them (in the order of ``ids``)."""
    filt = (pc.field(PARTITION) == day) & pc.field("article_id").isin(pa.array(ids, pa.string()))
    rows = {r["article_id"]: r for r in wh.dataset("articles").to_table(columns=_ARTICLE_COLUMNS, filter=filt).to_pylist()}
    return [CleanArticle(article_id=a, doc_id=r["doc_id"], source_path=r["input_path"], title=r["title"], text=r["text"],
                         published_at=r["published_at"], source=r["source"], url=r["url"], dateline=r["dateline"],
                         agency=r["agency"]) for a in ids if (r := rows.get(a)) is not None]


def chunks(wh: Warehouse, selection: dict[str, list[str]], batch_size: int) -> Iterator[ReadResult]:
    """Stored articles in chunks of at most ``batch_size``, one day at a time."""
    index = 0
    for day, ids in selection.items():
        for start in range(0, len(ids), batch_size):
            arts = load_articles(wh, day, ids[start:start + batch_size])
            yield ReadResult(index, articles=arts, records_read=len(arts))
            index += 1


@flow(name="newsfacts-reprocess", log_prints=True)
def reprocess(
    warehouse: str = DEFAULT_WAREHOUSE, since: date | None = None, until: date | None = None, stale: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE, window: int = WINDOW_PER_WORKER,
) -> dict:
    """Re-run the NLP over stored articles and replace their derived rows.

    Args:
        warehouse: the warehouse root (folder or ``s3://`` URL).
        since: first day (inclusive) of the articles' ``day`` partition; undated articles
            are reprocessed only when neither bound is given.
        until: last day (inclusive).
        stale: only articles with derived rows from another ``extractor_version``.
        batch_size: articles per chunk.
        window: chunks in flight.

    Returns:
        The accounting: ``records_read`` articles selected, ``articles_written`` reprocessed,
        ``quarantined`` kept their old rows (failed the gate or crashed), and the version.
    """
    started = datetime.now(UTC)
    run_id = new_run_id(started)
    wh = open_warehouse(warehouse)
    ledger = Ledger(run_id)
    selection = select_articles(wh, since, until, stale)

    def admitted():
        for chunk in chunks(wh, selection, batch_size):
            new = ledger.read(chunk)
            if new:
                yield new, short_hash(*sorted(a.article_id for a in new))

    for (new, batch_id), future in in_order(admitted(), lambda it: analyse_check.submit(it[0], run_id, it[1]), window):
        try:
            outcome = future.result()
        except Exception as exc:  # noqa: BLE001  (the ledger quarantines the chunk and fails the run)
            outcome = exc
        tables = ledger.settle(new, batch_id, outcome, lambda t, b: isolate(t, run_id, b))
        if tables:
            ledger.published(write_article_batch(wh, stamp(tables), articles=False))
    ledger.close()
    seal_run(wh, ledger, None, flow_run_id=None, started_at=started, inputs=[f"reprocess since={since} until={until} stale={stale}"])
    return {**ledger.summary(warehouse), "extractor_version": extractor_version()}
