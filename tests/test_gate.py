"""The gate's bisection finds exactly the bad articles of a failed batch."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from newsfacts.gate import isolate_failures, select_articles


@dataclass
class Report:
    passed: bool


def tables_of(ids):
    return {
        "articles": pa.table({"article_id": ids, "text": [f"text {i}" for i in ids]}),
        "facts": pa.table({"article_id": [i for i in ids for _ in range(2)], "value": [1.0] * (2 * len(ids))}),
    }


def test_select_articles_keeps_only_their_rows():
    picked = select_articles(tables_of(["a", "b", "c"]), ["c", "a"])
    assert picked["articles"].column("article_id").to_pylist() == ["a", "c"]
    assert picked["facts"].num_rows == 4


def test_bisection_quarantines_only_the_bad_articles():
    bad = {"a3", "a6"}
    calls = []

    def validate(tables, batch_id):
        calls.append(batch_id)
        return Report(passed=not bad & set(tables["articles"].column("article_id").to_pylist()))

    outcome = isolate_failures(tables_of([f"a{i}" for i in range(8)]), validate, batch_id="b")
    assert outcome.passed_ids == ["a0", "a1", "a2", "a4", "a5", "a7"]
    assert sorted(aid for aid, _ in outcome.failed) == ["a3", "a6"]
    assert outcome.validations == len(calls) == 10
    assert [b for b in calls if ":" in b] == ["b:a2", "b:a3", "b:a6", "b:a7"]


def test_a_batch_of_one_bad_article():
    outcome = isolate_failures(tables_of(["x"]), lambda t, b: Report(False), batch_id="b")
    assert (outcome.passed_ids, [a for a, _ in outcome.failed]) == ([], ["x"])
