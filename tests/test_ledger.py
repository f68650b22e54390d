"""The run's bookkeeping without Prefect, spaCy or a warehouse: literal articles, a fake
analyser (one that passes, one that fails the gate for one article, one that crashes)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

from newsfacts.errors import MissingTextError
from newsfacts.gate import GateOutcome
from newsfacts.ledger import COMPLETED, COMPLETED_WITH_ERRORS, Ledger, in_order
from newsfacts.records import CleanArticle, Quarantined, Skipped
from newsfacts.schema import QUALITY


def art(aid: str, doc_id: str | None = None, source: str | None = "wire") -> CleanArticle:
    return CleanArticle(article_id=aid, doc_id=doc_id or aid, source_path="in.jsonl", title="", text=f"Text {aid}.",
                        source=source)


@dataclass
class Chunk:
    articles: list[CleanArticle]
    quarantined: list[Quarantined] = field(default_factory=list)
    records_read: int = 0
    out_of_range: int = 0


@dataclass
class FakeReport:
    passed: bool
    batch_id: str
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows: pa.Table = field(default_factory=QUALITY.schema.empty_table)


def analyse(articles: list[CleanArticle], bad: frozenset[str] = frozenset()):
    """A fake analyser: one articles row per article, failing the gate when an id is in ``bad``."""
    tables = {"articles": pa.table({"article_id": [a.article_id for a in articles]})}
    failed = [f"articles: {a.article_id} is bad" for a in articles if a.article_id in bad]
    return tables, FakeReport(not failed, "b", failures=failed)


def isolate_bad(bad: set[str]):
    def isolate(tables, batch_id):
        ids = tables["articles"].column("article_id").to_pylist()
        return GateOutcome(passed_ids=[i for i in ids if i not in bad],
                           failed=[(i, FakeReport(False, f"{batch_id}:{i}", failures=[f"{i} is bad"])) for i in ids if i in bad])
    return isolate


def never(tables, batch_id):
    raise AssertionError("a passing batch is never bisected")


def test_reading_counts_quarantines_skips_and_admits_only_new_articles():
    ledger = Ledger("r1", seen={"old"})
    chunk = Chunk([art("old"), art("a"), art("a"), art("b")], records_read=7, out_of_range=1,
                  quarantined=[Quarantined("x.txt", None, "read", "empty_file", "empty"),
                               Skipped("p.txt", "p", "read", "not_a_file", "a FIFO")])
    new = ledger.read(chunk)
    assert [a.article_id for a in new] == ["a", "b"]
    t = ledger.tally
    assert (t.duplicates_skipped, t.quarantined, t.skipped, t.out_of_range) == (2, 1, 1, 1)
    ledger.published(len(new))
    assert ledger.tally.balanced and ledger.status == COMPLETED


def test_a_passing_batch_is_published_whole():
    ledger = Ledger("r1")
    new = ledger.read(Chunk([art("a"), art("b")], records_read=2))
    tables = ledger.settle(new, "b1", analyse(new), never)
    assert tables["articles"].column("article_id").to_pylist() == ["a", "b"]
    ledger.published(2)
    assert ledger.tally.balanced and len(ledger.reports) == 1


def test_a_failing_article_is_quarantined_and_the_rest_published():
    ledger = Ledger("r1")
    new = ledger.read(Chunk([art("a"), art("bad"), art("c")], records_read=3))
    tables = ledger.settle(new, "b1", analyse(new, frozenset({"bad"})), isolate_bad({"bad"}))
    assert tables["articles"].column("article_id").to_pylist() == ["a", "c"]
    ledger.published(2)
    [q] = ledger.quarantined
    assert (q.doc_id, q.stage, q.reason) == ("bad", "quality", "quality_gate") and "bad is bad" in q.detail
    assert ledger.tally.failed_expectations == ["bad is bad"]
    assert ledger.tally.balanced and ledger.status == COMPLETED


def test_a_known_input_error_in_the_analysis_quarantines_the_batch_and_the_run_completes():
    ledger = Ledger("r1")
    new = ledger.read(Chunk([art("a"), art("b")], records_read=2))
    assert ledger.settle(new, "b1", MissingTextError("no text"), never) is None
    assert {q.reason for q in ledger.quarantined} == {"no_text"}
    assert ledger.tally.balanced and ledger.status == COMPLETED


def test_a_crashing_analyser_marks_the_run_completed_with_errors():
    ledger = Ledger("r1")
    new = ledger.read(Chunk([art("a"), art("b")], records_read=2))
    assert ledger.settle(new, "b1", RuntimeError("worker lost"), never) is None
    assert [q.reason for q in ledger.quarantined] == ["nlp_error", "nlp_error"]
    assert ledger.tally.balanced, "nothing lost: the batch is counted as quarantined"
    assert ledger.status == COMPLETED_WITH_ERRORS and ledger.tally.errors == 1
    assert "RuntimeError: worker lost" in ledger.errors[0]
    runs = ledger.run_tables(flow_run_id=None, started_at=__import__("datetime").datetime.now(), inputs=["x"])["runs"]
    assert runs.column("status").to_pylist() == ["completed_with_errors"]


def test_a_rerun_adds_no_quarantine_row_twice():
    first = Ledger("r1")
    first.quarantine([Quarantined("x.txt", None, "read", "empty_file", "empty")])
    again = Ledger("r2", known_quarantine={q for q in first.run_tables(
        flow_run_id=None, started_at=__import__("datetime").datetime.now(), inputs=[])["quarantine"]
        .column("quarantine_id").to_pylist()})
    again.quarantine([Quarantined("x.txt", None, "read", "empty_file", "empty")])
    assert again.tally.quarantined == 1 and again.quarantined == []


def test_the_same_doc_id_with_other_content_is_published_and_reported_as_a_collision():
    ledger = Ledger("r1", seen={"v1"}, contents={("wire", "story-7"): {"v1"}})
    new = ledger.read(Chunk([art("v2", "story-7"), art("v1", "story-7"), art("x", "story-7", source="other")],
                            records_read=3))
    assert [a.article_id for a in new] == ["v2", "x"], "once per content; another source's id is its own"
    ledger.published(2)
    tally = ledger.close()
    assert tally.collisions == 1 and tally.warnings == 1
    assert any("id collisions" in line for line in tally.summary_lines())
    quality = ledger.run_tables(flow_run_id=None, started_at=__import__("datetime").datetime.now(), inputs=[])["quality"]
    [row] = quality.to_pylist()
    assert (row["expectation"], row["severity"], row["success"], row["unexpected_count"]) == (
        "expect_doc_id_to_have_one_content", "warning", False, 1)


def test_dates_kept_out_are_a_warning_expectation_with_examples_and_a_summary_line():
    from dataclasses import replace
    from datetime import datetime

    odd = replace(art("d1"), date_note="before 1900: '0001-01-01'")
    ledger = Ledger("r1")
    ledger.read(Chunk([odd, art("d2")], records_read=2))
    ledger.published(2)
    tally = ledger.close()
    assert (tally.dates_undated, tally.warnings) == (1, 1)
    assert any(line.startswith("dates kept out") for line in tally.summary_lines())
    [row] = ledger.run_tables(flow_run_id=None, started_at=datetime.now(), inputs=[])["quality"].to_pylist()
    assert (row["expectation"], row["column"], row["severity"], row["success"], row["unexpected_count"]) == (
        "expect_published_at_to_be_plausible", "published_at", "warning", False, 1)
    assert "0001-01-01" in row["details"]


def test_the_window_keeps_input_order_and_at_most_size_in_flight():
    in_flight, peak, order = set(), 0, []

    def submit(i):
        nonlocal peak
        in_flight.add(i)
        peak = max(peak, len(in_flight))
        return i

    for item, fut in in_order(range(7), submit, 3):
        in_flight.discard(item)
        order.append(fut)
    assert order == list(range(7)) and peak == 3
