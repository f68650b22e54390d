"""NLP over a batch, straight into table rows: exact rows for a literal article."""

from __future__ import annotations

import pyarrow as pa
from spacy.language import Language
import pytest

from datetime import date, datetime, timezone

from newsfacts.analyse import analyse_articles, unresolved_timexes
from newsfacts.records import CleanArticle

pytestmark = pytest.mark.slow

ARTICLE = CleanArticle(
    article_id="a1", doc_id="d1", source_path="in.jsonl",
    title="12 DEAD IN BUS CRASH",
    text="BEIRUT: Twelve people were killed in Aleppo on Monday.\nThe army said 40 were wounded.",
    dateline="BEIRUT", agency=None,
)


@pytest.fixture(scope="module")
def tables(nlp):
    return analyse_articles(nlp, [ARTICLE], run_id="r1")


def test_sentences_split_at_line_breaks_with_offsets(tables):
    rows = [(r["field"], r["sentence_idx"], r["start_char"], r["end_char"], r["text"]) for r in tables["sentences"].to_pylist()]
    assert rows == [
        ("title", 0, 0, 20, "12 DEAD IN BUS CRASH"),
        ("body", 0, 0, 55, "BEIRUT: Twelve people were killed in Aleppo on Monday.\n"),
        ("body", 1, 55, 85, "The army said 40 were wounded."),
    ]


def test_entities_keep_names_only_with_canonical_forms(tables):
    rows = [(r["field"], r["sentence_idx"], r["text"], r["label"], r["canonical"]) for r in tables["entities"].to_pylist()]
    assert ("body", 0, "BEIRUT", "GPE", "Beirut") in rows
    assert ("body", 0, "Aleppo", "Aleppo") in [(f, i, t, c) for f, i, t, _, c in rows]
    assert not [r for r in rows if r[3] in {"DATE", "CARDINAL"}], "numbers and dates live in facts"


def test_facts_from_title_and_body_with_exact_evidence(tables):
    rows = [(r["field"], r["sentence_idx"], r["category"], r["value"], r["qualifier"], r["location"], r["evidence"])
            for r in tables["facts"].to_pylist()]
    assert ("title", 0, "killed", 12.0, "exact", None, "12 DEAD") in [(*r[:6], r[6][:7]) for r in rows]
    assert ("body", 0, "killed", 12.0, "exact", "Aleppo") in [r[:6] for r in rows]
    assert ("body", 1, "wounded", 40.0, "exact", None) in [r[:6] for r in rows]
    text = {"title": ARTICLE.title, "body": ARTICLE.text}
    for r in tables["facts"].to_pylist():
        assert text[r["field"]][r["start_char"]:r["end_char"]] == r["evidence"]


def test_article_row_counts_words_of_title_and_body(tables):
    [row] = tables["articles"].to_pylist()
    assert (row["article_id"], row["doc_id"], row["dateline"], row["run_id"]) == ("a1", "d1", "BEIRUT", "r1")
    assert row["n_words"] == 5 + 15


def test_analyse_check_returns_the_tables_and_their_report(nlp):
    from tasks.steps import analyse_check

    tables, report, crashed = analyse_check.fn([ARTICLE], "r1", "b1")
    assert crashed == []
    assert set(tables) >= {"articles", "sentences", "entities", "facts", "timexes"}
    assert tables["articles"].num_rows == 1
    assert report.passed and report.batch_id == "b1"
    assert set(report.rows.column("table").to_pylist()) >= {"articles", "sentences", "entities", "facts", "timexes"}


@Language.component("test_breaks_on_boom")
def _breaks_on_boom(doc):
    """Fault injection: a component that fails on one text, as a date off the calendar once did."""
    if "BOOM" in doc.text:
        raise OverflowError("date value out of range")
    return doc


def test_an_article_that_breaks_the_analysis_is_quarantined_alone(nlp):
    from newsfacts.ledger import Ledger
    from tasks.steps import analyse_check

    bad = CleanArticle(article_id="bad", doc_id="d-bad", source_path="in.jsonl", title="", text="BOOM went the year.")
    nlp.add_pipe("test_breaks_on_boom", last=True)
    try:
        outcome = analyse_check.fn([ARTICLE, bad], "r1", "b1")
    finally:
        nlp.remove_pipe("test_breaks_on_boom")
    tables, report, crashed = outcome
    assert crashed == [("bad", "OverflowError: date value out of range")]
    assert tables["articles"].column("article_id").to_pylist() == ["a1"] and report.passed
    ledger = Ledger("r1")
    ledger.tally.records_read = 2
    kept = ledger.settle([ARTICLE, bad], "b1", outcome, isolate=lambda t, b: None)
    ledger.published(kept["articles"].num_rows)
    assert [(q.doc_id, q.reason) for q in ledger.quarantined] == [("d-bad", "nlp_error")]
    assert ledger.tally.balanced and ledger.status == "completed_with_errors"


SEED_SENTENCE = (
    "Twelve people were killed in Aleppo on Monday. The army said 40 were wounded. "
    "The talks aim to end the war in Syria that has claimed more than 310,000 lives since 2011."
)
PUBLISHED = datetime(2017, 2, 15, 9, 30, tzinfo=timezone.utc)  # a Wednesday


@pytest.fixture(scope="module")
def dated(nlp):
    art = CleanArticle(article_id="a2", doc_id="d2", source_path="in.jsonl", title="Talks will resume on Thursday",
                       text=SEED_SENTENCE, published_at=PUBLISHED)
    return analyse_articles(nlp, [art], run_id="r1")


def test_timex_rows_resolved_against_the_publication_date(dated):
    rows = [(r["field"], r["sentence_idx"], r["text"], r["type"], r["value"], r["anchored"], r["start_date"], r["end_date"])
            for r in dated["timexes"].to_pylist()]
    assert rows == [
        ("title", 0, "Thursday", "DATE", "2017-02-16", True, date(2017, 2, 16), date(2017, 2, 16)),
        ("body", 0, "Monday", "DATE", "2017-02-13", True, date(2017, 2, 13), date(2017, 2, 13)),
        ("body", 2, "2011", "DATE", "2011", False, date(2011, 1, 1), date(2011, 12, 31)),
    ]
    text = {"title": "Talks will resume on Thursday", "body": SEED_SENTENCE}
    for r in dated["timexes"].to_pylist():
        assert text[r["field"]][r["start_char"]:r["end_char"]] == r["text"]


def test_facts_placed_in_time_event_since_and_as_of(dated):
    rows = {(r["category"], r["value"]): (r["time_start"], r["time_end"], r["time_basis"]) for r in dated["facts"].to_pylist()}
    assert rows[("killed", 12.0)] == (date(2017, 2, 13), date(2017, 2, 13), "event")
    assert rows[("wounded", 40.0)] == (date(2017, 2, 15), date(2017, 2, 15), "as_of")
    assert rows[("killed", 310000.0)] == (date(2011, 1, 1), date(2017, 2, 15), "since")


def test_undated_article_leaves_relative_dates_unresolved_and_counts_them(nlp):
    art = CleanArticle(article_id="a3", doc_id="d3", source_path="in.jsonl", title="", text=SEED_SENTENCE)
    tables = analyse_articles(nlp, [art], run_id="r1")
    rows = [(r["text"], r["value"], r["anchored"], r["start_date"]) for r in tables["timexes"].to_pylist()]
    assert rows == [("Monday", "XXXX-WXX-1", False, None), ("2011", "2011", False, date(2011, 1, 1))]
    assert unresolved_timexes(tables["timexes"]) == 1
    facts = {(r["category"], r["value"]): (r["time_start"], r["time_end"], r["time_basis"]) for r in tables["facts"].to_pylist()}
    assert facts[("killed", 310000.0)] == (date(2011, 1, 1), None, "since")
    assert facts[("wounded", 40.0)] == (None, None, "as_of")


def test_quality_suite_rejects_bad_timex_rows(dated):
    """The generated suite checks TIMEX3 syntax, start <= end and that the text slices out of the article."""
    from newsfacts.quality import validate_batch

    bad = dated["timexes"].to_pylist()
    bad[0] = {**bad[0], "value": "next Thursday", "start_date": date(2017, 2, 17), "end_date": date(2017, 2, 16),
              "text": "Thursdays"}
    tables = {**dated, "timexes": pa.Table.from_pylist(bad, schema=dated["timexes"].schema)}
    report = validate_batch(tables, run_id="r1", batch_id="b2")
    failed = {(r["table"], r["column"]) for r in report.rows.to_pylist() if not r["success"]}
    assert {("timexes", "value"), ("timexes", "end_date,start_date"), ("timexes", "slice_matches")} <= failed
    assert not report.passed
