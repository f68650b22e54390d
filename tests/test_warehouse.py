"""The warehouse: staged files are invisible until commit, commits are replayable,
the same rows land in the same file, and independent readers see the tables."""

from __future__ import annotations

from datetime import datetime, timezone

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pytest

from newsfacts.errors import WarehouseError
from newsfacts.schema import QUARANTINE, TABLES
from newsfacts.warehouse import Warehouse, conform, day_of, stage_article_tables


def article_rows(*ids: str, day: datetime | None = None) -> dict[str, pa.Table]:
    n = len(ids)
    articles = pa.Table.from_pydict({
        "article_id": list(ids), "doc_id": [f"d{i}" for i in ids], "title": [""] * n,
        "text": ["Ten people died."] * n, "published_at": [day] * n, "source": [None] * n,
        "url": [None] * n, "dateline": [None] * n, "agency": [None] * n,
        "input_path": ["x.jsonl"] * n, "n_words": [3] * n, "run_id": ["r1"] * n,
    }, schema=TABLES["articles"].schema)
    sentences = pa.Table.from_pydict({
        "article_id": list(ids), "field": ["body"] * n, "sentence_idx": [0] * n,
        "start_char": [0] * n, "end_char": [16] * n, "text": ["Ten people died."] * n,
    }, schema=TABLES["sentences"].schema)
    empty = {name: TABLES[name].schema.empty_table() for name in ("entities", "facts")}
    return {"articles": articles, "sentences": sentences, **empty}


def test_day_of_uses_the_utc_date_or_undated():
    assert day_of(datetime(2017, 2, 14, 23, 30, tzinfo=timezone.utc)) == "2017-02-14"
    assert day_of(None) == "undated"


def test_staged_files_are_invisible_until_commit(tmp_path):
    wh = Warehouse(str(tmp_path))
    txn = wh.begin("run-1")
    stage_article_tables(wh, txn, article_rows("a1", "a2"))
    assert wh.read("articles").num_rows == 0
    assert wh.commit(txn) == 2  # articles and sentences; empty tables write no file
    assert sorted(wh.column_values("articles", "article_id")) == ["a1", "a2"]
    assert not (tmp_path / "_staging").exists()


def test_same_rows_land_in_the_same_file(tmp_path):
    wh = Warehouse(str(tmp_path))
    for run in ("run-1", "run-2"):
        txn = wh.begin(run)
        stage_article_tables(wh, txn, article_rows("a2", "a1"))
        wh.commit(txn)
    assert wh.read("articles").num_rows == 2
    assert len(list((tmp_path / "articles").rglob("*.parquet"))) == 1


def test_partitions_by_publication_day(tmp_path):
    wh = Warehouse(str(tmp_path))
    txn = wh.begin("run-1")
    stage_article_tables(wh, txn, article_rows("a1", day=datetime(2017, 2, 14, tzinfo=timezone.utc)))
    stage_article_tables(wh, txn, article_rows("a2"))
    wh.commit(txn)
    days = sorted(p.name for p in (tmp_path / "articles").iterdir())
    assert days == ["day=2017-02-14", "day=undated"]


def test_a_killed_commit_is_rolled_forward_and_a_killed_staging_is_dropped(tmp_path):
    wh = Warehouse(str(tmp_path))
    # run-1 died after its journal was written, before any move
    txn = wh.begin("run-1")
    stage_article_tables(wh, txn, article_rows("a1"))
    journal = tmp_path / "_journal" / "run-1.json"
    journal.parent.mkdir()
    import json

    journal.write_text(json.dumps({"run_id": "run-1", "moves": txn.moves}))
    # run-2 died while staging
    txn2 = wh.begin("run-2")
    stage_article_tables(wh, txn2, article_rows("a2"))
    assert wh.read("articles").num_rows == 0
    assert wh.recover() == ["run-1"]
    assert sorted(wh.column_values("articles", "article_id")) == ["a1"]
    assert not journal.exists() and not (tmp_path / "_staging").exists()


def test_contract_readers_see_the_tables(tmp_path):
    wh = Warehouse(str(tmp_path))
    txn = wh.begin("run-1")
    stage_article_tables(wh, txn, article_rows("a1", "a2"))
    wh.commit(txn)
    table = ds.dataset(tmp_path / "articles", format="parquet", partitioning="hive").to_table()
    assert sorted(table.column("article_id").to_pylist()) == ["a1", "a2"]
    rows = duckdb.sql(
        f"select article_id, day from read_parquet('{tmp_path}/articles/**/*.parquet', hive_partitioning=true) order by 1"
    ).fetchall()
    assert rows == [("a1", "undated"), ("a2", "undated")]


def test_rows_that_do_not_fit_the_schema_are_refused():
    bad = pa.table({"quarantine_id": ["q"], "source": ["s"]})
    with pytest.raises(WarehouseError, match="lack columns"):
        conform(bad, QUARANTINE)


def test_every_table_exists_once_a_run_commits_even_without_rows(tmp_path):
    wh = Warehouse(str(tmp_path))
    txn = wh.begin("run-1")
    stage_article_tables(wh, txn, article_rows("a1"))
    wh.ensure_tables(txn, TABLES)
    wh.commit(txn)
    assert wh.read("quarantine").num_rows == 0 and wh.read("facts").num_rows == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(TABLES)
    rows = duckdb.sql(f"select count(*) from read_parquet('{tmp_path}/quarantine/*.parquet')").fetchall()
    assert rows == [(0,)]
    rows = duckdb.sql(f"select count(*) from read_parquet('{tmp_path}/facts/**/*.parquet', hive_partitioning=true)").fetchall()
    assert rows == [(0,)]
    txn = wh.begin("run-2")
    wh.ensure_tables(txn, TABLES)
    assert txn.moves == [], "tables that exist get no second empty file"
