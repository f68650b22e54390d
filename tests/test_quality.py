"""Quality gates: literal small batches, exact failures.

One good batch (one article, its sentences, entities and facts, one quarantine
row); each test breaks one thing and names exactly which expectation fails,
with which severity. GX is imported once per session (~5 s).
"""

from __future__ import annotations

import copy
import json
from datetime import datetime, timezone

import pyarrow as pa
import pytest

from newsfacts.quality import validate_batch
from newsfacts.schema import QUALITY, TABLES

BODY = "A car bomb killed 12 people in Aleppo on Monday. More than 300 were wounded."
TITLE = "Blast kills 12 in Aleppo"
WHEN = datetime(2016, 1, 11, 9, 30, tzinfo=timezone.utc)

GOOD = {
    "articles": [
        dict(article_id="a1", doc_id="d1", title=TITLE, text=BODY, published_at=WHEN, source="AFP",
             url="https://example.org/1", dateline="ALEPPO", agency="AFP", input_path="in.jsonl",
             n_words=14, run_id="r1"),
    ],
    "sentences": [
        dict(article_id="a1", field="title", sentence_idx=0, start_char=0, end_char=24, text=TITLE),
        dict(article_id="a1", field="body", sentence_idx=0, start_char=0, end_char=48,
             text="A car bomb killed 12 people in Aleppo on Monday."),
        dict(article_id="a1", field="body", sentence_idx=1, start_char=49, end_char=76,
             text="More than 300 were wounded."),
    ],
    "entities": [
        dict(article_id="a1", field="title", sentence_idx=0, start_char=18, end_char=24, text="Aleppo",
             label="GPE", canonical="Aleppo"),
        dict(article_id="a1", field="body", sentence_idx=0, start_char=31, end_char=37, text="Aleppo",
             label="GPE", canonical="Aleppo"),
    ],
    "facts": [
        dict(fact_id="f1", article_id="a1", field="body", sentence_idx=0, start_char=11, end_char=27,
             evidence="killed 12 people", category="killed", value=12.0, value_low=12.0, value_high=12.0,
             qualifier="exact", unit=None, counted="people", location="Aleppo", time_scope="Monday",
             claimed_by=None, cumulative=False, number_text="12"),
        dict(fact_id="f2", article_id="a1", field="body", sentence_idx=1, start_char=49, end_char=75,
             evidence="More than 300 were wounded", category="wounded", value=300.0, value_low=300.0,
             value_high=None, qualifier="more_than", unit=None, counted=None, location=None, time_scope=None,
             claimed_by=None, cumulative=None, number_text="More than 300"),
    ],
    "quarantine": [
        dict(quarantine_id="q1", source="in.jsonl", doc_id="d9", line=3, stage="read", reason="malformed_json",
             detail="line 3: Expecting value", run_id="r1", quarantined_at=WHEN),
    ],
}


def tables(rows: dict[str, list[dict]]) -> dict[str, pa.Table]:
    return {name: pa.Table.from_pylist(r, schema=TABLES[name].schema) for name, r in rows.items()}


def broken(table: str, index: int, **changes) -> dict[str, pa.Table]:
    """The good batch with one row changed."""
    rows = copy.deepcopy(GOOD)
    rows[table][index].update(changes)
    return tables(rows)


def failed(report) -> list[tuple[str, str, str | None, str]]:
    """(severity, table, column, expectation) of every failed expectation."""
    return sorted(
        (r["severity"], r["table"], r["column"], r["expectation"])
        for r in report.rows.to_pylist()
        if not r["success"]
    )


def check(batch: dict[str, pa.Table]):
    return validate_batch(batch, run_id="r1", batch_id="b0001")


def test_good_batch_passes_every_expectation():
    report = check(tables(GOOD))
    assert failed(report) == []
    assert report.passed is True
    assert report.failures == [] and report.warnings == []
    assert set(report.rows.column("table").to_pylist()) == {"articles", "sentences", "entities", "facts", "quarantine"}


def test_quality_rows_conform_to_the_quality_schema():
    report = check(broken("facts", 0, value=-3.0, value_low=-3.0, value_high=-3.0))
    rows = report.rows
    assert rows.schema == QUALITY.schema
    assert rows.num_rows == 7 + 11 + 12 + 22 + 5  # every expectation of the five suites in the batch, passed or not
    keys = list(zip(*(rows.column(k).to_pylist() for k in QUALITY.key)))
    assert len(set(keys)) == len(keys)
    row = [r for r in rows.to_pylist() if not r["success"]][0]
    assert row["run_id"] == "r1" and row["batch_id"] == "b0001"
    assert (row["table"], row["column"], row["expectation"]) == ("facts", "value", "expect_column_values_to_be_between")
    assert (row["unexpected_count"], row["element_count"], row["severity"]) == (1, 2, "critical")
    details = json.loads(row["details"])
    assert details["kwargs"]["min_value"] == 0.0
    assert details["kwargs"]["row_condition"] == {
        "type": "comparison", "column": {"name": "category"}, "operator": "NOT_IN", "parameter": ["measure", "percent", "money", "count"],
    }
    assert details["partial_unexpected"] == [-3.0]
    assert details["rows"][0]["fact_id"] == "f1"
    assert row["checked_at"].tzinfo is not None
    assert report.failures == [
        "facts.value: expect_column_values_to_be_between: 1 of 2 unexpected (e.g. -3.0); first row "
        "{'fact_id': 'f1', 'field': 'body', 'start_char': 11, 'end_char': 27, 'evidence': 'killed 12 people', "
        "'value': -3.0}"
    ]
    assert report.warnings == []


def test_a_negative_measure_is_allowed():
    report = check(broken("facts", 0, category="measure", value=-3.0, value_low=-3.0, value_high=-3.0))
    assert failed(report) == []


def test_evidence_that_does_not_slice_out_of_the_text_fails_critically():
    report = check(broken("facts", 0, evidence="killed 13 people"))
    assert failed(report) == [("critical", "facts", "slice_matches", "expect_column_values_to_be_in_set")]
    assert report.passed is False


def test_offsets_beyond_the_text_fail():
    report = check(broken("sentences", 2, end_char=80))
    assert failed(report) == [
        ("critical", "sentences", "slice_matches", "expect_column_values_to_be_in_set"),
        ("critical", "sentences", "source_len,end_char", "expect_column_pair_values_a_to_be_greater_than_b"),
    ]


def test_entity_text_is_checked_against_the_title_for_title_entities():
    report = check(broken("entities", 0, field="body"))  # "Aleppo" is not at 18:24 of the body
    assert failed(report) == [("critical", "entities", "slice_matches", "expect_column_values_to_be_in_set")]


def test_value_low_above_value_fails():
    report = check(broken("facts", 0, value_low=20.0))
    assert failed(report) == [
        ("critical", "facts", "value,value_low", "expect_column_pair_values_a_to_be_greater_than_b"),
        ("critical", "facts", "value_high,value_low", "expect_column_pair_values_a_to_be_greater_than_b"),
    ]


def test_unknown_category_fails():
    report = check(broken("facts", 1, category="injured"))
    assert failed(report) == [("critical", "facts", "category", "expect_column_values_to_be_in_set")]
    assert report.failures[0].startswith("facts.category: expect_column_values_to_be_in_set: 1 of 2 unexpected (e.g. 'injured')")


def test_boilerplate_residue_in_the_text_fails():
    text = BODY + " © 2016 AFP. All rights reserved."
    report = check(broken("articles", 0, text=text))
    assert failed(report) == [("critical", "articles", "text", "expect_column_values_to_not_match_regex")]


def test_duplicate_fact_id_fails():
    report = check(broken("facts", 1, fact_id="f1"))
    assert failed(report) == [("critical", "facts", "fact_id", "expect_column_values_to_be_unique")]


def test_overlapping_sentences_fail():
    report = check(broken("sentences", 2, start_char=41, text="Monday. More than 300 were wounded."))
    assert failed(report) == [("critical", "sentences", "after_previous", "expect_column_values_to_be_in_set")]


def test_text_left_out_between_sentences_only_warns():
    report = check(broken("sentences", 1, end_char=40, text="A car bomb killed 12 people in Aleppo on"))
    assert failed(report) == [("warning", "sentences", "gap_is_space", "expect_column_values_to_be_in_set")]
    assert report.passed is True


def test_a_death_toll_of_five_million_only_warns():
    report = check(broken("facts", 0, value=5_000_000.0, value_low=5_000_000.0, value_high=5_000_000.0))
    assert failed(report) == [("warning", "facts", "death_toll", "expect_column_values_to_be_between")]
    assert report.passed is True
    assert report.failures == []
    assert report.warnings == [
        "facts.death_toll: expect_column_values_to_be_between: 1 of 2 unexpected (e.g. 5000000.0); first row "
        "{'fact_id': 'f1', 'field': 'body', 'start_char': 11, 'end_char': 27, 'evidence': 'killed 12 people', "
        "'death_toll': 5000000.0}"
    ]


def test_five_million_wounded_is_not_a_death_toll():
    report = check(broken("facts", 1, value=5_000_000.0, value_low=5_000_000.0))
    assert failed(report) == []


def test_null_in_a_required_column_and_a_wrong_type_fail_the_schema_expectation():
    rows = copy.deepcopy(GOOD)
    rows["facts"][1]["qualifier"] = None
    batch = tables(rows)
    articles = batch["articles"]
    batch["articles"] = articles.set_column(articles.schema.get_field_index("n_words"), "n_words", pa.array([14.0]))
    report = check(batch)
    assert failed(report) == [
        ("critical", "articles", None, "expect_table_to_match_newsfacts_schema"),
        ("critical", "facts", None, "expect_table_to_match_newsfacts_schema"),
    ]
    assert report.failures == [
        f"articles: expect_table_to_match_newsfacts_schema: 1 of {len(TABLES['articles'].columns)} unexpected "
        "(e.g. 'n_words: dtype float64, expected Int32')",
        f"facts: expect_table_to_match_newsfacts_schema: 1 of {len(TABLES['facts'].columns)} unexpected "
        "(e.g. 'qualifier: 1 null')",
    ]


def test_a_missing_column_fails_the_column_list():
    batch = tables(GOOD)
    batch["entities"] = batch["entities"].drop_columns(["canonical"])
    report = check(batch)
    assert failed(report) == [
        ("critical", "entities", None, "expect_table_columns_to_match_ordered_list"),
        ("critical", "entities", None, "expect_table_to_match_newsfacts_schema"),
    ]


def test_a_fact_of_an_article_outside_the_batch_fails():
    report = check(broken("facts", 1, article_id="a2"))
    assert failed(report) == [
        ("critical", "facts", "has_article", "expect_column_values_to_be_in_set"),
        ("critical", "facts", "slice_matches", "expect_column_values_to_be_in_set"),
        ("warning", "facts", "in_sentence", "expect_column_values_to_be_in_set"),
    ]


def test_unknown_label_qualifier_field_and_stage_fail():
    rows = copy.deepcopy(GOOD)
    rows["entities"][1]["label"] = "CITY"
    rows["facts"][0]["qualifier"] = "roughly"
    rows["quarantine"][0]["stage"] = "parse"
    report = check(tables(rows))
    assert failed(report) == [
        ("critical", "entities", "label", "expect_column_values_to_be_in_set"),
        ("critical", "facts", "qualifier", "expect_column_values_to_be_in_set"),
        ("critical", "quarantine", "stage", "expect_column_values_to_be_in_set"),
    ]


def test_empty_tables_pass():
    rows = {name: [] for name in GOOD}
    assert failed(check(tables(rows))) == []


def test_raise_if_failed_names_the_quality_gate():
    from newsfacts.errors import QualityGateError

    report = check(broken("facts", 1, fact_id="f1"))
    with pytest.raises(QualityGateError) as err:
        report.raise_if_failed()
    assert err.value.reason == "quality_gate"
    assert err.value.detail.startswith("facts.fact_id: expect_column_values_to_be_unique: 2 of 2 unexpected (e.g. 'f1', 'f1')")
