"""Derived check columns, computed before validation (pure functions, no GX)."""

from __future__ import annotations

import pyarrow as pa

from newsfacts.quality.derived import add_derived
from newsfacts.schema import TABLES

TEXT = "Shelling hit Homs. Two died.  Five fled."
#       0         1         2         3
#       0123456789012345678901234567890123456789


def table(name: str, rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=TABLES[name].schema)


ARTICLES = table("articles", [dict(article_id="a", doc_id="d", title="Homs", text=TEXT, input_path="x",
                                   n_words=7, run_id="r")])


def sentence(idx: int, start: int, end: int, field: str = "body", article_id: str = "a") -> dict:
    source = TEXT if field == "body" else "Homs"
    return dict(article_id=article_id, field=field, sentence_idx=idx, start_char=start, end_char=end,
                text=source[start:end])


def test_sentences_that_tile_the_text():
    rows = [sentence(2, 30, 40), sentence(0, 0, 18), sentence(1, 19, 28), sentence(0, 0, 4, "title")]
    frame = add_derived("sentences", table("sentences", rows), {"articles": ARTICLES})
    assert frame["slice_matches"].tolist() == [True, True, True, True]
    assert frame["source_len"].tolist() == [40, 40, 40, 4]
    assert frame["after_previous"].tolist() == [True, True, True, True]
    assert frame["gap_is_space"].tolist() == [True, True, True, True]


def test_overlap_and_a_gap_with_text_in_it():
    rows = [sentence(0, 0, 18), sentence(1, 15, 28), sentence(2, 33, 40)]
    frame = add_derived("sentences", table("sentences", rows), {"articles": ARTICLES})
    assert frame["after_previous"].tolist() == [True, False, True]
    assert frame["gap_is_space"].tolist() == [True, True, False]  # "  Fiv" (28:33) is in no sentence


def test_a_row_of_an_unknown_article():
    rows = [sentence(0, 0, 18, article_id="zz")]
    frame = add_derived("sentences", table("sentences", rows), {"articles": ARTICLES})
    assert frame["has_article"].tolist() == [False]
    assert frame["slice_matches"].tolist() == [False]
    assert frame["source_len"].isna().tolist() == [True]


def test_entities_within_their_sentence():
    sentences = table("sentences", [sentence(0, 0, 18), sentence(1, 19, 28)])
    entities = table("entities", [
        dict(article_id="a", field="body", sentence_idx=0, start_char=13, end_char=17, text="Homs", label="GPE",
             canonical="Homs"),
        dict(article_id="a", field="body", sentence_idx=1, start_char=13, end_char=17, text="Homs", label="GPE",
             canonical="Homs"),
    ])
    frame = add_derived("entities", entities, {"articles": ARTICLES, "sentences": sentences})
    assert frame["slice_matches"].tolist() == [True, True]
    assert frame["in_sentence"].tolist() == [True, False]


def test_death_toll_is_the_value_of_killed_and_casualties_only():
    def fact(fid: str, category: str, value: float) -> dict:
        return dict(fact_id=fid, article_id="a", field="body", sentence_idx=1, start_char=19, end_char=22,
                    evidence="Two", category=category, value=value, qualifier="exact", number_text="Two")

    facts = table("facts", [fact("1", "killed", 2.0), fact("2", "displaced", 5.0), fact("3", "casualties", 7.0)])
    frame = add_derived("facts", facts, {"articles": ARTICLES})
    assert frame["death_toll"].fillna(-1).tolist() == [2.0, -1, 7.0]
