"""Casualty scorer and its gold files: literal inputs with exact P/R/F1."""

from __future__ import annotations

import json

import pytest
import spacy
from spacy.tokens import Doc, Span

from newsfacts.evaluation import prf
from newsfacts.evaluation.casualties import (
    DATA, baseline_keys, count_matches, gold_keys, load_split, predicted_keys)
from newsfacts.schema import PEOPLE_CATEGORIES, QUALIFIERS


def test_count_matches_per_category_and_overall():
    gold = [("killed", 16.0), ("wounded", 5.0), ("killed", 16.0)]
    pred = [("killed", 16.0), ("killed", 5.0), ("people", 2.0)]
    counts = count_matches([(gold, pred), ([("detained", 9.0)], [])])
    assert counts == {
        "killed": (1, 2, 2),
        "wounded": (0, 0, 1),
        "detained": (0, 0, 1),
        "people": (0, 1, 0),
        "all": (1, 3, 4),
    }
    p, r, f = prf(*counts["all"])
    assert (p, r, round(f, 4)) == (1 / 3, 0.25, 0.2857)


def test_gold_keys_keep_only_people_categories():
    record = {"facts": [{"category": "killed", "value": 310000}, {"category": "money", "value": 5}]}
    assert gold_keys(record) == [("killed", 310000.0)]


def test_predicted_keys_read_the_fact_spans():
    if not Span.has_extension("fact"):
        Span.set_extension("fact", default=None)
    doc = Doc(spacy.blank("en").vocab, words=["killed", "16", "and", "$", "5"])
    a, b = Span(doc, 0, 2, "killed"), Span(doc, 3, 5, "money")
    a._.fact = {"category": "killed", "value": 16}
    b._.fact = {"category": "money", "value": 5}
    doc.spans["facts"] = [a, b]
    assert predicted_keys(doc) == [("killed", 16.0)]


def test_keyword_baseline():
    assert baseline_keys("In 2015 a blast killed 7 people, dozens were wounded and 3 men arrested.") == [
        ("killed", 7.0), ("wounded", 12.0), ("detained", 3.0)]


@pytest.mark.parametrize("split", ["dev", "test"])
def test_gold_files_follow_the_vocabularies(split):
    records = load_split(split)
    for r in records:
        assert set(r) in ({"source", "sentence", "facts"}, {"source", "sentence", "facts", "provenance"})
        assert r["source"].startswith(("fakes:", "bbc:", "reuters21578:"))
        for f in r["facts"]:
            assert set(f) == {"category", "value", "qualifier", "counted"}
            assert f["category"] in PEOPLE_CATEGORIES and f["qualifier"] in QUALIFIERS


def test_third_batch_provenance_points_at_the_sentence_in_its_corpus():
    """Batch 3 rows carry corpus, file and char offsets into the cleaned article text; they give back the sentence."""
    import csv
    import hashlib
    import html
    import re

    from newsfacts.clean import clean_body

    from newsfacts.evaluation import CORPORA as corpora  # ../shared/corpora, or NEWSFACTS_SHARED's

    if not corpora.is_dir():
        pytest.skip(f"shared corpora not mounted at {corpora} (set NEWSFACTS_SHARED)")
    csv.field_size_limit(10**9)
    fakes = None
    rows = [(split, r) for split in ("dev", "test") for r in load_split(split) if "provenance" in r]
    assert len(rows) >= 140
    for split, r in rows:
        prov = r["provenance"]
        assert ("dev" if hashlib.sha1(r["source"].encode()).digest()[0] % 2 == 0 else "test") == split
        if prov["corpus"] == "bbc":
            raw = (corpora / "bbc" / prov["file"]).read_text(encoding="utf-8")
        elif prov["corpus"] == "fakes_syria":
            if fakes is None:
                with open(corpora / "fakes_syria" / "fakes.csv", encoding="cp1252", errors="replace") as fh:
                    fakes = {row["unit_id"]: row["article_content"] for row in csv.DictReader(fh)}
            raw = fakes[r["source"].split(":", 1)[1]]
        else:
            sgm = (corpora / "reuters21578" / prov["file"]).read_text(encoding="latin-1")
            newid = r["source"].split(":", 1)[1]
            raw = html.unescape(re.search(r'NEWID="%s">.*?<BODY>(.*?)</BODY>' % newid, sgm, re.S).group(1))
        text, _ = clean_body(raw)  # offsets are into the cleaned text, as the pipeline reads it
        assert text[prov["start"]:prov["end"]] == r["sentence"]


def test_gold_sizes_and_test_articles_differ_from_dev():
    dev, test = load_split("dev"), load_split("test")
    assert len(dev) + len(test) >= 2 * 338  # at least double the first set of 190 + 148
    assert len(dev) >= 400 and len(test) >= 400  # batch 3 (2026-12-01): 843 sentences
    assert not {r["source"] for r in dev} & {r["source"] for r in test}
    assert not {r["sentence"] for r in dev} & {r["sentence"] for r in test}


def test_load_split_limit(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text("".join(json.dumps({"source": "bbc:x", "sentence": str(i), "facts": []}) + "\n" for i in range(3)))
    assert [r["sentence"] for r in load_split("dev", path=path, limit=2)] == ["0", "1"]
    assert DATA.name == "data"
