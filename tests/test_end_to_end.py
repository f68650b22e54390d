"""The whole path on the sample article, with the real model, a real Prefect
harness, real Great Expectations validation and Delta tables read back by DuckDB (through deltalake)."""

from __future__ import annotations

import shutil

import duckdb
import pytest
from deltalake import DeltaTable

from tests.conftest import seed_gold

pytestmark = pytest.mark.slow

GOLD = seed_gold()


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, prefect_harness):
    from flows.run import run_ingest
    from tests.conftest import SEED

    seeds = tmp_path_factory.mktemp("seeds")
    shutil.copy(SEED, seeds / SEED.name)
    root = tmp_path_factory.mktemp("warehouse")
    first = run_ingest([str(seeds)], warehouse=str(root), progress=False)
    files_before = sorted(p.relative_to(root).as_posix() for t in ("sentences", "entities", "facts")
                          for p in (root / t).rglob("*.parquet"))
    tables_before = {t: rows(root, t) for t in ("articles", "sentences", "entities", "facts", "quarantine", "quality")}
    second = run_ingest([str(seeds)], warehouse=str(root), progress=False)
    return {
        "root": root, "first": first, "second": second, "files_before": files_before,
        "tables_before": tables_before,
    }


def delta(root, table):
    """A table through deltalake (a Parquet glob over the folder would also see removed files)."""
    return DeltaTable(str(root / table)).to_pyarrow_dataset()


def rows(root, table):
    path = root / table
    if not path.exists():
        return []
    data = delta(root, table)  # noqa: F841  (DuckDB reads the dataset by its name)
    return sorted(map(str, duckdb.sql(
        "select * exclude (run_id) from data" if table in ("articles", "quarantine", "quality") else "select * from data"
    ).fetchall()))


def sql(root, query):
    con = duckdb.connect()
    for table in ("articles", "sentences", "entities", "facts"):
        con.register(f"t_{table}", delta(root, table))
        query = query.replace(f"{{{table}}}", f"t_{table}")
    return con.sql(query).fetchall()


def test_first_run_accounts_for_the_article(warehouse):
    first = warehouse["first"]
    assert (first["records_read"], first["articles_written"], first["duplicates_skipped"], first["quarantined"]) == (1, 1, 0, 0)
    assert first["balanced"]


def test_all_contract_tables_exist(warehouse):
    for table in ("articles", "sentences", "entities", "facts", "quarantine", "quality"):
        assert (warehouse["root"] / table).is_dir(), table
    for table in ("articles", "sentences", "entities", "facts", "quarantine", "quality", "runs"):
        assert (warehouse["root"] / table / "_delta_log").is_dir(), f"{table} is a Delta table"
    assert delta(warehouse["root"], "quarantine").count_rows() == 0


def test_article_is_cleaned_with_dateline_and_agency(warehouse):
    [(text, dateline, agency, doc_id)] = sql(warehouse["root"], "select text, dateline, agency, doc_id from {articles}")
    assert doc_id == "astana-talks"
    assert "©" not in text and "All Rights Reserved" not in text
    assert text.startswith("BEIRUT: Syrian opposition figures")
    assert text.endswith("that has claimed more than 310,000 lives since 2011.")
    assert "“We are going now to Astana" in text  # curly quotes kept
    assert (dateline, agency) == ("BEIRUT", "AFP")


def test_facts_hold_the_toll_and_the_siege_with_exact_evidence_offsets(warehouse):
    facts = sql(warehouse["root"], """
        select f.category, f.value, f.value_low, f.value_high, f.qualifier, f.counted, f.location,
               f.time_scope, f.evidence, substr(a.text, f.start_char + 1, f.end_char - f.start_char)
        from {facts} f join {articles} a using (article_id) where f.field = 'body' order by f.start_char""")
    by_value = {f[1]: f for f in facts}
    killed = by_value[310000]
    assert killed[:8] == ("killed", 310000, 310000, None, "more_than", "lives", "Syria", "since 2011")
    besieged = by_value[800000]
    assert besieged[:6] == ("besieged", 800000, 800000, 800000, "exact", "civilians")
    for fact in facts:
        assert fact[8] == fact[9], "evidence must slice exactly out of articles.text"
    assert {"310,000", "800,000"} <= {w for f in facts for w in f[8].split()}


def test_entities_cover_the_gold_people_places_and_organisations(warehouse):
    found = {(t, label) for t, label in sql(warehouse["root"], "select text, label from {entities}")}
    texts = {t for t, _ in found}
    canon = dict(sql(warehouse["root"], "select text, canonical from {entities} where label = 'PERSON'"))
    for label in ("PERSON", "ORG", "GPE"):
        for name in GOLD["entities"][label]:
            assert name in texts or name.upper() in texts, f"{label} {name} missing"
    for alias, full in GOLD["aliases"].items():
        assert canon.get(alias) == full


def test_sentences_carry_offsets_into_the_text(warehouse):
    mismatched = sql(warehouse["root"], """
        select count(*) from {sentences} s join {articles} a using (article_id)
        where s.text != substr(a.text, s.start_char + 1, s.end_char - s.start_char)""")
    assert mismatched == [(0,)]
    assert sql(warehouse["root"], "select count(*) > 10 from {sentences}") == [(True,)]


def test_quality_results_are_recorded(warehouse):
    root = warehouse["root"]
    quality = delta(root, "quality").to_table().to_pylist()
    assert quality and all(r["success"] for r in quality if r["severity"] == "critical")
    assert {r["table"] for r in quality} >= {"articles", "sentences", "entities", "facts"}


def test_second_run_changes_no_table(warehouse):
    second = warehouse["second"]
    assert (second["records_read"], second["articles_written"], second["duplicates_skipped"]) == (1, 0, 1)
    root = warehouse["root"]
    assert sorted(p.relative_to(root).as_posix() for t in ("sentences", "entities", "facts")
                  for p in (root / t).rglob("*.parquet")) == warehouse["files_before"], "no derived table rewritten"
    for table, before in warehouse["tables_before"].items():
        assert rows(root, table) == before, table


def test_derived_rows_carry_the_extractor_version(warehouse):
    from newsfacts.extractor import extractor_version

    for table in ("sentences", "entities", "facts"):
        versions = set(delta(warehouse["root"], table).to_table(columns=["extractor_version"]).column(0).to_pylist())
        assert versions == {extractor_version()}, table
