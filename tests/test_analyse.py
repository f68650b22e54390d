"""NLP over a batch, straight into table rows: exact rows for a literal article."""

from __future__ import annotations

import pytest

from newsfacts.analyse import analyse_articles
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

    tables, report = analyse_check.fn([ARTICLE], "r1", "b1")
    assert set(tables) == {"articles", "sentences", "entities", "facts"}
    assert tables["articles"].num_rows == 1
    assert report.passed and report.batch_id == "b1"
    assert set(report.rows.column("table").to_pylist()) >= {"articles", "sentences", "entities", "facts"}
