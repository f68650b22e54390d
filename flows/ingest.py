"""The ingest flow: raw articles → cleaned, parsed, checked, published Parquet tables.

Recipe: recover → plan → (read-clean → de-duplicate → analyse-check → stage) per
chunk → commit. The flow process reads, de-duplicates and stages; the heavy
step (one ``nlp.pipe`` pass and the Great Expectations suites) runs on the task
runner, a small in-order window of chunks at a time, so reading and writing
overlap with NLP, memory stays bounded and the output does not depend on the
number of workers.
"""

from __future__ import annotations

import sys
from collections import deque
from datetime import UTC, date, datetime

import pyarrow as pa
from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact
from prefect.runtime import flow_run
from tqdm.auto import tqdm

from newsfacts.accounting import Tally, dedupe
from newsfacts.errors import NewsfactsError
from newsfacts.gate import select_articles
from newsfacts.partitions import stage_marker
from newsfacts.quality import build_data_docs, summary_markdown
from newsfacts.records import Quarantined
from newsfacts.runrecords import new_run_id, quarantine_id, quarantine_table, runs_table
from newsfacts.schema import QUALITY
from newsfacts.warehouse import Warehouse, short_hash
from tasks.steps import analyse_check, commit, isolate, plan_inputs, read_clean, stage

#: Runs with more batches than this render data docs only for batches that failed an expectation.
DATA_DOCS_ALL_BATCHES = 20


@flow(name="newsfacts-ingest", log_prints=True)
def ingest(
    paths: list[str],
    warehouse: str = "warehouse",
    since: date | None = None,
    until: date | None = None,
    batch_size: int = 200,
    window: int = 2,
    progress: bool = True,
    default_day: date | None = None,
    marker: dict | None = None,
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
            completes, ``_state/<key>.json`` is published in the same commit as its rows.

    Returns:
        The run's accounting: run_id, records read, articles written, duplicates
        skipped, quarantined, out of range, balanced.
    """
    logger = get_run_logger()
    started = datetime.now(UTC)
    run_id = new_run_id(started)
    wh = Warehouse(warehouse)
    rolled = wh.recover()
    if rolled:
        logger.warning("finished the interrupted commit of run(s) %s", ", ".join(rolled))

    chunks = plan_inputs(paths, batch_size)
    seen = wh.column_values("articles", "article_id")
    known_quarantine = wh.column_values("quarantine", "quarantine_id")
    tally = Tally()
    txn = wh.begin(run_id)
    quarantined: list[Quarantined] = []
    quality: list[pa.Table] = []
    reports: list = []
    failures: list[str] = []
    warnings: list[str] = []

    def quarantine(items: list[Quarantined]) -> None:
        tally.quarantined += len(items)
        for q in items:
            qid = quarantine_id(q)
            if qid not in known_quarantine:
                known_quarantine.add(qid)
                quarantined.append(q)

    bar = tqdm(total=sum(c.size for c in chunks), unit="rec", desc="articles", disable=not progress, file=sys.stderr)

    def publish(new: list, batch_id: str, done) -> None:
        """Stage a finished chunk whose critical expectations pass; quarantine what fails."""
        try:
            tables, report = done.result()
        except Exception as exc:  # noqa: BLE001  (an NLP or validation crash costs this batch, not the run)
            detail = f"{type(exc).__name__}: {exc} (batch {batch_id})"
            logger.error("batch %s failed and was quarantined: %s", batch_id, detail)
            quarantine([Quarantined(a.source_path, a.doc_id, "nlp", "nlp_error", detail, a.line) for a in new])
            bar.update(len(new))
            return
        quality.append(report.rows)
        reports.append(report)
        warnings.extend(report.warnings)
        if report.passed:
            stage(wh, txn, tables)
            tally.articles_written += len(new)
        else:  # find the articles that fail; publish the rest
            outcome = isolate(tables, run_id, batch_id)
            by_id = {a.article_id: a for a in new}
            for aid, sub in outcome.failed:
                quality.append(sub.rows)
                reports.append(sub)
                failures.extend(sub.failures)
                detail = "failed critical expectations: " + "; ".join(sub.failures[:5]) + f" (run {run_id}, batch {sub.batch_id})"
                art = by_id[aid]
                quarantine([Quarantined(art.source_path, art.doc_id, "quality", "quality_gate", detail, art.line)])
            if outcome.passed_ids:
                stage(wh, txn, select_articles(tables, outcome.passed_ids))
                tally.articles_written += len(outcome.passed_ids)
        bar.update(len(new))

    # The flow process reads, de-duplicates and stages (light, in input order); the task
    # runner's workers parse and check (heavy). ``window`` chunks are in flight, so each
    # worker has its next chunk queued while it parses one, and reading never waits
    # behind NLP on a worker.
    in_flight: deque = deque()
    for chunk in chunks:
        res = read_clean(chunk, since, until, default_day)
        tally.records_read += res.records_read
        tally.out_of_range += res.out_of_range
        quarantine(res.quarantined)
        new, dups = dedupe(res.articles, seen)
        tally.duplicates_skipped += len(dups)
        bar.update(res.records_read - len(new))
        if new:
            batch_id = short_hash(*sorted(a.article_id for a in new))
            in_flight.append((new, batch_id, analyse_check.submit(new, run_id, batch_id)))
        while len(in_flight) >= max(window, 1):
            publish(*in_flight.popleft())
    while in_flight:
        publish(*in_flight.popleft())
    bar.close()
    tally.warnings = len(warnings)
    tally.failed_expectations = failures

    status = "completed" if tally.balanced else "unbalanced"
    if marker and tally.balanced:
        stage_marker(wh, txn, marker["key"], {
            **marker, "run_id": run_id, "flow_run_id": str(flow_run.id or ""), "inputs": [str(p) for p in paths],
            "completed_at": datetime.now(UTC).isoformat(), "tally": tally.as_dict(),
        })
    if txn.moves or quarantined:
        run_tables = {
            "quarantine": quarantine_table(quarantined, run_id=run_id),
            "quality": pa.concat_tables(quality) if quality else QUALITY.schema.empty_table(),
            "runs": runs_table(tally, run_id=run_id, flow_run_id=str(flow_run.id or ""), started_at=started,
                               inputs=[str(p) for p in paths], status=status),
        }
        commit(wh, txn, run_tables)
        if wh.local:
            try:
                build_data_docs(wh.root, reports, only_failed=len(reports) > DATA_DOCS_ALL_BATCHES)
            except (NewsfactsError, OSError, ValueError) as exc:  # the tables are published; the report is not
                logger.warning("data docs were not rebuilt: %s", exc)
    else:
        wh.discard(txn)
    create_markdown_artifact(
        key="newsfacts-run-summary",
        markdown=f"Run `{run_id}` into `{warehouse}`\n\n" + summary_markdown(reports, tally.as_dict()),
        description=f"newsfacts run {run_id}",
    )
    return {"run_id": run_id, "warehouse": warehouse, **tally.as_dict()}

