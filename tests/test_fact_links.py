"""Links between facts as warehouse columns (issue 19): ``subcount``, ``same_as_fact_id`` and
``revises_fact_id``, written by the real pipeline, checked by the real GX suite, read back from
the real Delta ``facts`` table."""

from __future__ import annotations

import json

import pytest
from deltalake import DeltaTable

from tests.test_quality import broken, check, failed

TEXT = (
    "The deal is worth $280bn (£155bn), officials said.\n"
    "The bank cut its growth forecast to 4.0% from 4.4%.\n"
    "The blast killed 58 people, including 12 foreigners."
)


def test_a_link_to_another_fact_of_the_article_passes():
    assert failed(check(broken("facts", 1, revises_fact_id="f1"))) == []


@pytest.mark.parametrize(
    "link",
    [
        {"same_as_fact_id": "nowhere"},  # no such fact
        {"revises_fact_id": "f2"},  # itself
    ],
)
def test_a_link_to_no_other_fact_fails_the_batch(link):
    report = check(broken("facts", 1, **link))
    assert failed(report) == [("critical", "facts", "links_resolve", "expect_column_values_to_be_in_set")]
    assert report.passed is False


def test_a_link_to_a_fact_of_another_field_fails():
    batch = broken("facts", 1, field="title", sentence_idx=0, start_char=0, end_char=5, evidence="Blast",
                   same_as_fact_id="f1")
    assert ("critical", "facts", "links_resolve", "expect_column_values_to_be_in_set") in failed(check(batch))


@pytest.mark.slow
def test_links_are_read_back_from_the_delta_facts_table(tmp_path, prefect_harness):
    from flows.run import run_ingest

    inputs, root = tmp_path / "in", tmp_path / "wh"
    inputs.mkdir()
    (inputs / "links.jsonl").write_text(json.dumps(
        {"id": "links-1", "title": "Deal, forecast and blast", "text": TEXT, "published_at": "2017-03-01"}) + "\n")
    result = run_ingest([str(inputs)], warehouse=str(root), progress=False, batch_size=4)
    assert result["articles_written"] == 1
    rows = DeltaTable(str(root / "facts")).to_pyarrow_table(columns=[
        "fact_id", "article_id", "field", "number_text", "category", "value", "unit",
        "subcount", "same_as_fact_id", "revises_fact_id"]).to_pylist()
    by_number = {r["number_text"]: r for r in rows if r["field"] == "body"}
    dollars, pounds = by_number["$280bn"], by_number["£155bn"]
    assert (dollars["unit"], pounds["unit"]) == ("USD", "GBP")
    assert pounds["same_as_fact_id"] == dollars["fact_id"] and dollars["same_as_fact_id"] is None
    new, old = by_number["4.0"], by_number["4.4"]
    assert new["revises_fact_id"] == old["fact_id"] and old["revises_fact_id"] is None
    toll, foreigners = by_number["58"], by_number["12"]
    assert (toll["category"], toll["value"], toll["subcount"]) == ("killed", 58.0, False)
    assert (foreigners["value"], foreigners["subcount"]) == (12.0, True)
    assert dollars["subcount"] is None  # not a count of people
    ids = {r["fact_id"] for r in rows}
    for r in rows:
        for link in (r["same_as_fact_id"], r["revises_fact_id"]):
            assert link is None or link in ids
    quality = DeltaTable(str(root / "quality")).to_pyarrow_table().to_pylist()
    checks = [q for q in quality if q["table"] == "facts" and q["column"] == "links_resolve"]
    assert checks and all(q["success"] for q in checks)
