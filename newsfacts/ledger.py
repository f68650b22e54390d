"""The run's bookkeeping as one plain object: what was read, admitted, skipped,
quarantined, checked and published, and the run-level tables that record it.

The ingest flow (``flows/ingest.py``) only moves data: it hands every chunk it reads to
:meth:`Ledger.read`, every analysed chunk to :meth:`Ledger.settle`, tells the ledger what
it published with :meth:`Ledger.published`, and writes :meth:`Ledger.run_tables` at the
end. The accounting invariant (``read = written + duplicates + quarantined + out of range
+ skipped``) is kept here, where unit tests reach it with literal articles and a fake
analyser.

Crash policy: an analysis that fails with a known input error (:class:`InputError`)
quarantines its chunk with that error's reason and the run goes on as usual; any other
exception (a bug, a worker lost) also quarantines the chunk (``nlp_error``), so nothing is
lost or counted twice, but the run's status becomes ``completed_with_errors`` and the
command exits non-zero.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

import pyarrow as pa

from newsfacts.accounting import Tally, dedupe
from newsfacts.errors import InputError
from newsfacts.gate import select_articles
from newsfacts.records import CleanArticle, Quarantined

try:  # the readers' record for an input path that was not read at all (FIFO, device, loop, ...)
    from newsfacts.records import Skipped
except ImportError:  # pragma: no cover  (before the readers distinguish skipped inputs)
    Skipped = ()  # type: ignore[assignment,misc]
from newsfacts.runrecords import quarantine_id, quarantine_table, runs_table
from newsfacts.schema import QUALITY

T = TypeVar("T")
F = TypeVar("F")

COMPLETED = "completed"
COMPLETED_WITH_ERRORS = "completed_with_errors"
UNBALANCED = "unbalanced"
#: The warning expectation recorded when one (source, doc_id) arrives with different contents.
COLLISION_EXPECTATION = "expect_doc_id_to_have_one_content"
#: The warning expectation for stated publication dates that were kept out (implausible or unreadable).
DATE_EXPECTATION = "expect_published_at_to_be_plausible"


class Report(Protocol):
    """What a quality check of a chunk gives (``newsfacts.quality.QualityReport``)."""

    passed: bool
    rows: pa.Table
    warnings: list[str]
    failures: list[str]
    batch_id: str


class ReadChunk(Protocol):
    """What reading and cleaning one chunk gives (``tasks.steps.ReadResult``)."""

    articles: list[CleanArticle]
    quarantined: list[Quarantined]
    records_read: int
    out_of_range: int


def in_order(items: Iterable[T], submit: Callable[[T], F], size: int) -> Iterator[tuple[T, F]]:
    """Submit items as they come and yield ``(item, future)`` in input order, with at most
    ``size`` submitted and not yet yielded: the flow's in-order window of chunks in flight.

    >>> log = []
    >>> for item, fut in in_order(range(4), lambda i: log.append(f"submit {i}") or i * 10, 2):
    ...     log.append(f"done {item}")
    >>> log
    ['submit 0', 'submit 1', 'done 0', 'submit 2', 'done 1', 'submit 3', 'done 2', 'done 3']
    """
    pending: deque[tuple[T, F]] = deque()
    for item in items:
        pending.append((item, submit(item)))
        while len(pending) >= max(size, 1):
            yield pending.popleft()
    while pending:
        yield pending.popleft()


@dataclass
class Ledger:
    """Bookkeeping of one run.

    Args:
        run_id: the run's id.
        seen: article ids already published (and, as the run goes, met in it).
        known_quarantine: quarantine ids already in the warehouse (a rerun adds none twice).
        contents: ``(source, doc_id) -> article ids`` already published, to report collisions.

    >>> ledger = Ledger("r1")
    >>> ledger.tally.balanced, ledger.status
    (True, 'completed')
    """

    run_id: str
    seen: set[str] = field(default_factory=set)
    known_quarantine: set[str] = field(default_factory=set)
    contents: dict[tuple[str | None, str], set[str]] = field(default_factory=dict)
    tally: Tally = field(default_factory=Tally)
    quarantined: list[Quarantined] = field(default_factory=list)
    quality: list[pa.Table] = field(default_factory=list)
    reports: list[Any] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    collisions: list[dict] = field(default_factory=list)
    date_notes: list[dict] = field(default_factory=list)

    # ---- read and admit ----------------------------------------------------------------
    def read(self, chunk: ReadChunk) -> list[CleanArticle]:
        """Count a read chunk, quarantine its bad records, and admit its new articles.

        Returns:
            The articles to analyse: not published before and not met earlier in the run.
        """
        self.tally.records_read += chunk.records_read
        self.tally.out_of_range += chunk.out_of_range
        noted = [art for art in chunk.articles if getattr(art, "date_note", None)]
        self.tally.dates_undated += len(noted)
        room = max(0, 5 - len(self.date_notes))  # a few examples for the warning's details
        self.date_notes.extend({"doc_id": art.doc_id, "input": art.source_path, "line": art.line,
                                "note": art.date_note} for art in noted[:room])
        self.quarantine(chunk.quarantined)
        new, dups = dedupe(chunk.articles, self.seen)
        self.tally.duplicates_skipped += len(dups)
        for art in new:
            self._note_content(art)
        return new

    def _note_content(self, art: CleanArticle) -> None:
        key = (art.source, art.doc_id)
        ids = self.contents.setdefault(key, set())
        if ids and art.article_id not in ids:
            self.collisions.append({"source": art.source, "doc_id": art.doc_id, "article_id": art.article_id,
                                    "input": art.source_path, "line": art.line})
        ids.add(art.article_id)

    def quarantine(self, items: Iterable[Quarantined]) -> None:
        """Count quarantined (or skipped) records; keep each new quarantine row once."""
        for q in items:
            if isinstance(q, Skipped):
                self.tally.skipped += 1
            else:
                self.tally.quarantined += 1
            qid = quarantine_id(q)
            if qid not in self.known_quarantine:
                self.known_quarantine.add(qid)
                self.quarantined.append(q)

    # ---- settle an analysed chunk ------------------------------------------------------
    def settle(
        self, new: list[CleanArticle], batch_id: str, outcome: tuple[Mapping[str, pa.Table], Report] | BaseException,
        isolate: Callable[[Mapping[str, pa.Table], str], Any],
    ) -> dict[str, pa.Table] | None:
        """Decide what of an analysed chunk is published and quarantine the rest.

        Args:
            new: the chunk's admitted articles.
            batch_id: the chunk's id.
            outcome: ``(tables, report)`` from analyse-check, or the exception it raised.
            isolate: ``isolate(tables, batch_id) -> GateOutcome`` (the gate's bisection).

        Returns:
            The tables to publish (only articles that passed), or None.
        """
        if isinstance(outcome, BaseException):
            self._crashed(new, batch_id, outcome)
            return None
        tables, report, *rest = outcome
        crashed = rest[0] if rest else ()
        if crashed:  # articles that broke the analysis on their own; the rest of the chunk goes on
            by_id = {a.article_id: a for a in new}
            for aid, why in crashed:
                self._crashed([by_id[aid]], batch_id, why)
        self._checked(report)
        if report.passed:
            return dict(tables)
        gate = isolate(tables, batch_id)
        by_id = {a.article_id: a for a in new}
        for aid, sub in gate.failed:
            self._checked(sub, failed=True)
            art = by_id[aid]
            detail = ("failed critical expectations: " + "; ".join(sub.failures[:5])
                      + f" (run {self.run_id}, batch {sub.batch_id})")
            self.quarantine([Quarantined(art.source_path, art.doc_id, "quality", "quality_gate", detail, art.line)])
        return select_articles(tables, gate.passed_ids) if gate.passed_ids else None

    def _checked(self, report: Report, *, failed: bool = False) -> None:
        self.quality.append(report.rows)
        self.reports.append(report)
        if failed:
            self.tally.failed_expectations.extend(report.failures)
        else:
            self.warnings.extend(report.warnings)

    def _crashed(self, new: list[CleanArticle], batch_id: str, exc: BaseException | str) -> None:
        known = isinstance(exc, InputError)
        reason = exc.reason if known else "nlp_error"
        detail = (exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}") + f" (batch {batch_id})"
        if not known:
            self.errors.append(detail)
            self.tally.errors += 1
        self.quarantine(Quarantined(a.source_path, a.doc_id, "nlp", reason, detail, a.line) for a in new)

    def published(self, n: int) -> None:
        """Count articles whose rows landed in the warehouse (called after the commit)."""
        self.tally.articles_written += n

    # ---- the end of the run ------------------------------------------------------------
    @property
    def status(self) -> str:
        if not self.tally.balanced:
            return UNBALANCED
        return COMPLETED_WITH_ERRORS if self.errors else COMPLETED

    def close(self) -> Tally:
        """Fold warnings and collisions into the tally (once, at the end)."""
        self.tally.collisions = len(self.collisions)
        self.tally.warnings = len(self.warnings) + (1 if self.collisions else 0) + (1 if self.tally.dates_undated else 0)
        return self.tally

    def collision_rows(self, now: datetime) -> pa.Table:
        """The warning expectations' rows in ``quality``: doc ids that collided, and stated
        publication dates kept out of the tables (empty when neither happened)."""
        rows = []
        if self.collisions:
            rows.append(self._warning_row(now, COLLISION_EXPECTATION, "doc_id", len(self.collisions), {
                "examples": self.collisions[:5],
                "what": "the same doc_id from one source with different content; each is published"}))
        if self.tally.dates_undated:
            rows.append(self._warning_row(now, DATE_EXPECTATION, "published_at", self.tally.dates_undated, {
                "examples": self.date_notes,
                "what": "a stated date before 1900, after tomorrow or unreadable: the article is published undated"}))
        return pa.Table.from_pylist(rows, schema=QUALITY.schema) if rows else QUALITY.schema.empty_table()

    def _warning_row(self, now: datetime, expectation: str, column: str, count: int, details: dict) -> dict:
        return {
            "run_id": self.run_id, "batch_id": "run", "table": "articles", "expectation": expectation,
            "column": column, "severity": "warning", "success": False, "unexpected_count": count,
            "element_count": self.tally.records_read, "details": json.dumps(details, default=str), "checked_at": now,
        }

    def run_tables(self, *, flow_run_id: str | None, started_at: datetime, inputs: list[str]) -> dict[str, pa.Table]:
        """The run-level tables: new quarantine rows, quality results, the run's own row."""
        now = datetime.now(UTC)
        quality = [*self.quality, self.collision_rows(now)]
        return {
            "quarantine": quarantine_table(self.quarantined, run_id=self.run_id, now=now),
            "quality": pa.concat_tables(quality, promote_options="permissive"),
            "runs": runs_table(self.tally, run_id=self.run_id, flow_run_id=flow_run_id, started_at=started_at,
                               inputs=inputs, status=self.status),
        }

    def summary(self, warehouse: str) -> dict:
        """The run's accounting as the flow returns it."""
        return {"run_id": self.run_id, "warehouse": warehouse, "status": self.status,
                "run_errors": self.errors[:5], **self.tally.as_dict()}
