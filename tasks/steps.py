"""The pipeline's steps as Prefect tasks. Each wraps pure logic from ``newsfacts``
and works on a chunk of a few hundred articles, never on one article.

Deterministic steps get no retries; the warehouse's commits retry conflicts with other
writers themselves (``newsfacts.warehouse``), and every write is idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time

import pyarrow as pa
from prefect import task
from prefect.cache_policies import NO_CACHE

from newsfacts.accounting import in_range
from newsfacts.clean import clean_article
from newsfacts.errors import InputError
from newsfacts.memory import release_memory
from newsfacts.plan import Chunk, plan_chunks, read_unit
from newsfacts.records import CleanArticle, Quarantined
from newsfacts.schema import PARTITION, TABLES
from newsfacts.extractor import stamp
from newsfacts.warehouse import Warehouse, conform, write_article_batch


@dataclass
class ReadResult:
    """What reading and cleaning one chunk gave."""

    chunk: int
    articles: list[CleanArticle] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)
    records_read: int = 0
    out_of_range: int = 0


@task(name="plan-inputs", cache_policy=NO_CACHE)
def plan_inputs(paths: list[str], batch_size: int, parts: int | None = None) -> list[Chunk]:
    """Walk the inputs and cut them into chunks of about ``batch_size`` articles (with ``parts``:
    at least that many, of about equal text size, see ``plan.plan_chunks``)."""
    return plan_chunks(paths, batch_size=batch_size, parts=parts)


@task(name="read-clean", cache_policy=NO_CACHE)
def read_clean(
    chunk: Chunk, since: date | None = None, until: date | None = None, default_day: date | None = None
) -> ReadResult:
    """Read a chunk's inputs and clean each article; bad inputs become quarantine records.

    ``default_day`` (a dated inbox folder's day) dates articles that carry no date of their own.
    """
    result = ReadResult(chunk.index)
    default_ts = datetime.combine(default_day, time(), tzinfo=UTC) if default_day else None
    for unit in chunk.units:
        for item in read_unit(unit):
            result.records_read += 1
            if isinstance(item, Quarantined):
                result.quarantined.append(item)
                continue
            try:
                art = clean_article(item)
            except InputError as exc:
                result.quarantined.append(
                    Quarantined(item.source_path, item.doc_id, "clean", exc.reason, exc.detail, item.line)
                )
                continue
            if art.published_at is None and default_ts is not None:
                art = replace(art, published_at=default_ts)
            if not in_range(art.published_at, since, until):
                result.out_of_range += 1
                continue
            result.articles.append(art)
    return result


@task(name="analyse-check", cache_policy=NO_CACHE)
def analyse_check(articles: list[CleanArticle], run_id: str, batch_id: str):
    """Sentences, entities and numeric facts for a chunk (one ``nlp.pipe`` pass), then its
    Great Expectations suites: the unit of work sent to a worker.

    One task, not two: Prefect's per-task cost is paid once on Dask, and the tables
    are validated where they were built instead of travelling to another task.

    If the chunk's analysis raises (one text that breaks a component), each article is analysed
    on its own: the ones that go through are kept, the others come back in ``crashed`` and are
    quarantined alone (before, the whole chunk was: 3,387 Reuters articles in 18 chunks for one
    date arithmetic error each).

    Returns:
        ``(tables, report, crashed)``; ``crashed``: ``(article_id, "Error: message")`` pairs.
    """
    from newsfacts.analyse import analyse_articles
    from newsfacts.nlp import load_nlp
    from newsfacts.quality import validate_batch

    nlp, crashed = load_nlp(), []
    try:
        tables = analyse_articles(nlp, articles, run_id=run_id)
    except Exception as exc:  # noqa: BLE001  (narrowed down to the articles below)
        tables, crashed = _article_by_article(nlp, articles, run_id, exc)
    # nullable columns the analysis does not fill (yet) are nulls, not a failed column list
    tables = {name: conform(data, TABLES[name], stored=False) if name in TABLES else data
              for name, data in tables.items()}
    release_memory()
    report = validate_batch(tables, run_id=run_id, batch_id=batch_id)
    release_memory()
    return tables, report, crashed


def _article_by_article(nlp, articles: list[CleanArticle], run_id: str, error: Exception):
    """The tables of the articles that analyse on their own, and the ones that do not (with why);
    re-raises ``error`` when none does (a broken model or component, not a text)."""
    from newsfacts.analyse import analyse_articles

    parts, crashed = [], []
    for art in articles:
        try:
            parts.append(analyse_articles(nlp, [art], run_id=run_id))
        except Exception as exc:  # noqa: BLE001  (this article is quarantined with the message)
            crashed.append((art.article_id, f"{type(exc).__name__}: {exc}"))
    if not parts:
        raise error
    return {name: pa.concat_tables([p[name] for p in parts]) for name in parts[0]}, crashed


@task(name="open-warehouse", cache_policy=NO_CACHE)
def open_warehouse(warehouse: str) -> Warehouse:
    """The warehouse, refused when an older version wrote it; every table exists afterwards, and
    data files that no version refers to and that are over an hour old are deleted."""
    wh = Warehouse(warehouse)
    wh.require_current()
    wh.ensure_tables(TABLES)
    wh.sweep()  # files an earlier failed write left (disk full, crash, conflict), once an hour old
    return wh


@task(name="publish", cache_policy=NO_CACHE)
def publish(wh: Warehouse, tables: dict[str, pa.Table]) -> int:
    """Commit a checked chunk (child tables first, articles last), stamped with the
    extractor version; conflicts are retried inside. Returns the articles written."""
    return write_article_batch(wh, stamp(tables))


@task(name="seal", cache_policy=NO_CACHE)
def seal_run(wh: Warehouse, ledger, marker: dict | None, *, flow_run_id: str, started_at, inputs: list[str]) -> None:
    """The run's last commits: quarantine (new ids only), quality, runs, then the seal on
    ``articles`` carrying ``run:<run_id>`` and, for a completed partition, its completion id."""
    from newsfacts.partitions import completion_id

    tables = ledger.run_tables(flow_run_id=flow_run_id, started_at=started_at, inputs=inputs)
    wh.insert_new("quarantine", tables["quarantine"])
    wh.append("quality", tables["quality"])
    wh.append("runs", tables["runs"])
    if ledger.tally.articles_written:
        refresh_copies(wh)
        rebuild_incidents(wh, run_id=ledger.run_id)
    app_ids = [f"newsfacts:run:{ledger.run_id}"]
    if marker:
        app_ids.append(completion_id(marker["key"], marker["fingerprint"]))
    wh.seal(app_ids, {"newsfacts.run_id": ledger.run_id, "newsfacts.status": ledger.status})


COPY_COLUMNS = ["copy_of", "copy_similarity"]


#: The copy index (MinHash signatures by article and text fingerprint), a cache beside the tables.
COPY_INDEX = ("_indexes", "copy-signatures.parquet")


def refresh_copies(wh: Warehouse) -> int:
    """``articles.copy_of``/``copy_similarity`` found over the whole table (``newsfacts.copies``);
    only rows whose marks changed are updated. Returns how many rows changed.

    Signatures of articles seen before come from the copy index (``_indexes/`` in the
    warehouse; a missing or damaged index is rebuilt), so a run computes only its new or
    changed articles' signatures; LSH banding and the exact Jaccard checks cover every article.
    """
    import pyarrow.compute as pc

    from newsfacts.copies import indexed_signatures, mark_copies, read_index, write_index

    articles = wh.read("articles")
    for name in COPY_COLUMNS:  # a table created before the copy columns existed
        if name not in articles.column_names:
            articles = articles.append_column(name, pa.nulls(articles.num_rows, TABLES["articles"].schema.field(name).type))
    articles = articles.select(["article_id", "text", "published_at", PARTITION, *COPY_COLUMNS])
    index_path = wh.path(*COPY_INDEX)
    sigs, index, computed = indexed_signatures(articles.column("article_id").to_pylist(),
                                               articles.column("text").to_pylist(), read_index(wh.fs, index_path))
    if computed or index.num_rows != articles.num_rows:
        write_index(wh.fs, index_path, index)
    marked = mark_copies(articles, sigs=sigs)
    changed = pc.invert(pc.and_kleene(
        pc.fill_null(pc.equal(marked.column("copy_of"), articles.column("copy_of")), False),
        pc.fill_null(pc.equal(marked.column("copy_similarity"), articles.column("copy_similarity")), False)))
    both_null = pc.and_(pc.is_null(marked.column("copy_of")), pc.is_null(articles.column("copy_of")))
    rows = marked.filter(pc.and_(changed, pc.invert(both_null)))
    return wh.update_columns("articles", rows, COPY_COLUMNS)


def rebuild_incidents(wh: Warehouse, run_id: str | None = None) -> dict[str, int]:
    """``incidents`` and ``incident_claims`` rebuilt from the whole ``facts`` and ``articles``
    (``newsfacts.incidents.reconcile``), after the run's facts landed, before its seal.

    Both new tables are validated against ``expectations/incidents.json`` and
    ``incident_claims.json`` first; their quality rows are appended (batch ``incidents``).
    A failed critical expectation keeps the previous tables whole (no partial table) and
    returns ``{}``; otherwise returns the rows written per table.
    """
    from newsfacts.errors import QualityGateError
    from newsfacts.incidents import reconcile
    from newsfacts.quality import validate_batch

    run = run_id or "rebuild-" + datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    reports = []

    def build() -> dict[str, pa.Table]:
        incidents, claims = reconcile(wh.read("facts"), wh.read("articles"))
        tables = {"incidents": incidents, "incident_claims": claims}
        report = validate_batch(tables, run_id=run, batch_id=f"incidents-{len(reports)}" if reports else "incidents")
        reports.append(report)
        report.raise_if_failed()
        return tables

    try:
        return wh.rebuild(build)
    except QualityGateError as exc:
        import logging

        logging.getLogger(__name__).warning("incidents not replaced: %s", exc)
        return {}
    finally:
        for report in reports:
            wh.append("quality", report.rows)


@task(name="isolate-failures", cache_policy=NO_CACHE)
def isolate(tables: dict[str, pa.Table], run_id: str, batch_id: str):
    """Bisect a batch that failed a critical expectation down to the articles that cause it."""
    from newsfacts.gate import isolate_failures
    from newsfacts.quality import validate_batch

    return isolate_failures(
        tables, lambda part, sub_id: validate_batch(part, run_id=run_id, batch_id=sub_id), batch_id=batch_id
    )
