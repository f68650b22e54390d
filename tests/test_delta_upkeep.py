"""`newsfacts check` and `newsfacts migrate`: a previous-version warehouse (hive Parquet,
_staging/_journal/_state) converted with nothing lost; files inside a warehouse never
direct I/O outside it; malformed bookkeeping is an error naming the file. Fast."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from deltalake import DeltaTable

from newsfacts.errors import WarehouseError
from newsfacts.partitions import completion_id
from newsfacts.schema import TABLES
from newsfacts.upkeep import check, migrate
from newsfacts.warehouse import Warehouse, write_article_batch
from tests.test_warehouse import article_rows

OLD_COLUMNS = {  # the previous version's columns (no copy_of, no extractor_version, ...)
    "articles": ["article_id", "doc_id", "title", "text", "published_at", "source", "url", "dateline", "agency",
                 "input_path", "n_words", "run_id"],
    "sentences": ["article_id", "field", "sentence_idx", "start_char", "end_char", "text"],
}


def legacy_warehouse(root):
    """A warehouse as the previous version left it, with one commit cut short."""
    rows = article_rows("a1", "a2", "a3")
    for name, cols in OLD_COLUMNS.items():
        data = rows[name].select(cols)
        folder = root / name / "day=2017-02-14"
        folder.mkdir(parents=True)
        pq.write_table(data.slice(0, 2), folder / "part-aaaa.parquet")
        staged = root / "_staging" / "run-2" / name / "day=2017-02-14" / "part-bbbb.parquet"
        staged.parent.mkdir(parents=True)
        pq.write_table(data.slice(2), staged)
    journal = root / "_journal" / "run-2.json"
    journal.parent.mkdir()
    journal.write_text(json.dumps({"run_id": "run-2", "moves": [
        [str(root / "_staging/run-2" / n / "day=2017-02-14/part-bbbb.parquet"),
         str(root / n / "day=2017-02-14/part-bbbb.parquet")] for n in OLD_COLUMNS]}))
    marker = root / "_state" / "days" / "2017-02-14.json"
    marker.parent.mkdir(parents=True)
    marker.write_text(json.dumps({"key": "days/2017-02-14", "fingerprint": "f00d"}))
    return root


def test_migrate_in_place_converts_every_table_with_nothing_lost(tmp_path):
    root = legacy_warehouse(tmp_path / "wh")
    lines = migrate(Warehouse(str(root)))
    assert lines[0] == "journal entries rolled forward: 1"
    assert any(line.startswith("articles") and "before         3  after         3" in line for line in lines)
    assert lines[-1] == "completion markers converted: 1"
    wh = Warehouse(str(root))
    wh.require_current()  # no longer refused
    assert sorted(wh.read("articles").column("article_id").to_pylist()) == ["a1", "a2", "a3"]
    assert sorted(DeltaTable(str(root / "sentences")).to_pyarrow_table().column("article_id").to_pylist()) == ["a1", "a2", "a3"]
    assert wh.transaction_version(completion_id("days/2017-02-14", "f00d")) == 1
    assert (root / "_migrated_from" / "articles" / "day=2017-02-14" / "part-aaaa.parquet").is_file()
    assert not any((root / n).exists() for n in ("_staging", "_journal", "_state"))
    assert check(wh).ok, check(wh).problems
    write_article_batch(wh, article_rows("a4"))  # and the tables take new rows with the new columns
    assert wh.read("articles").num_rows == 4


def test_migrate_into_a_new_root_leaves_the_old_one_alone(tmp_path):
    root = legacy_warehouse(tmp_path / "old")
    new = tmp_path / "new"
    result = CliRunner().invoke(__import__("newsfacts.cli", fromlist=["main"]).main,
                                ["migrate", "--warehouse", str(root), "--into", str(new)])
    assert result.exit_code == 0, result.output
    assert "completion markers converted: 1" in result.output
    assert Warehouse(str(new)).read("articles").num_rows == 3
    assert (root / "articles" / "day=2017-02-14" / "part-aaaa.parquet").is_file()


def test_every_other_command_refuses_an_old_warehouse(tmp_path):
    from newsfacts.cli import main

    root = legacy_warehouse(tmp_path / "wh")
    for args in (["optimize"], ["check"]):
        result = CliRunner().invoke(main, [*args, "--warehouse", str(root)])
        assert result.exit_code == 4, result.output
        assert "newsfacts migrate --warehouse" in result.output


def test_a_journal_pointing_outside_the_warehouse_moves_nothing(tmp_path):
    root = legacy_warehouse(tmp_path / "wh")
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me")
    (root / "_journal" / "run-2.json").write_text(json.dumps(
        {"run_id": "x", "moves": [[str(outside), str(tmp_path / "elsewhere" / "stolen.txt")]]}))
    with pytest.raises(WarehouseError, match=r"run-2.json names paths outside the warehouse"):
        migrate(Warehouse(str(root)))
    assert outside.read_text() == "keep me" and not (tmp_path / "elsewhere").exists()


def test_a_malformed_journal_or_marker_is_an_error_naming_it(tmp_path):
    root = legacy_warehouse(tmp_path / "wh")
    (root / "_journal" / "run-2.json").write_text("{broken")
    with pytest.raises(WarehouseError, match=r"journal .*run-2.json is unreadable .*repair it"):
        migrate(Warehouse(str(root)))
    (root / "_journal" / "run-2.json").unlink()
    (root / "_state" / "days" / "2017-02-14.json").write_text("[]")
    with pytest.raises(WarehouseError, match=r"completion marker .*2017-02-14.json is unreadable"):
        migrate(Warehouse(str(root)))


def test_check_finds_orphans_and_repeated_keys(tmp_path):
    from newsfacts.cli import main

    wh = Warehouse(str(tmp_path))
    wh.ensure_tables()
    write_article_batch(wh, article_rows("a1"))
    assert check(wh).ok
    orphan = article_rows("ghost")["sentences"].append_column("day", pa.array(["2017-02-14"]))
    wh.append("sentences", orphan)
    wh.append("articles", article_rows("a1")["articles"].append_column("day", pa.array(["2017-02-14"])))
    found = check(wh)
    assert any("sentences: rows of 1 article(s) that are not in articles" in p for p in found.problems)
    assert any("articles: 1 row(s) repeat a key" in p for p in found.problems)
    result = CliRunner().invoke(main, ["check", "--warehouse", str(tmp_path)])
    assert result.exit_code == 4 and "PROBLEM" in result.output


def test_replace_table_rewrites_a_whole_derived_table(tmp_path):
    wh = Warehouse(str(tmp_path))
    spec = TABLES["runs"]
    now = datetime(2017, 2, 14, tzinfo=timezone.utc)
    row = {"run_id": "r", "flow_run_id": None, "started_at": now, "finished_at": now, "inputs": "[]",
           "records_read": 1, "articles_written": 1, "duplicates_skipped": 0, "quarantined": 0,
           "out_of_range": 0, "status": "completed"}
    wh.replace_table("runs", pa.Table.from_pylist([row, {**row, "run_id": "s"}], schema=spec.schema))
    wh.replace_table("runs", pa.Table.from_pylist([{**row, "run_id": "t"}], schema=spec.schema))
    assert wh.read("runs").column("run_id").to_pylist() == ["t"]


def test_rebuild_builds_again_from_the_latest_rows_when_another_writer_commits(tmp_path, monkeypatch):
    wh = Warehouse(str(tmp_path))
    spec = TABLES["runs"]
    now = datetime(2017, 2, 14, tzinfo=timezone.utc)
    calls = []

    def build():
        calls.append(1)
        return {"runs": pa.Table.from_pylist([{
            "run_id": f"built-{len(calls)}", "flow_run_id": None, "started_at": now, "finished_at": now,
            "inputs": "[]", "records_read": 0, "articles_written": 0, "duplicates_skipped": 0, "quarantined": 0,
            "out_of_range": 0, "status": "completed"}], schema=spec.schema)}

    assert wh.rebuild(build) == {"runs": 1}
    monkeypatch.setenv("NEWSFACTS_INTERFERE", "runs:1")  # a concurrent rewrite of the table, once
    wh.rebuild(build)
    assert len(calls) == 3, "built once, then again after the conflict"
    assert wh.read("runs").column("run_id").to_pylist() == ["built-3"]


def test_copy_marks_are_refreshed_only_where_they_change(tmp_path):
    from tasks.steps import refresh_copies

    story = ("Police said 12 people were killed and 40 wounded when a bus crashed on the coast road on Monday "
             "morning, the third serious accident on the road this year, and officials promised an inquiry. ") * 3
    wh = Warehouse(str(tmp_path))
    write_article_batch(wh, article_rows("orig", text=story))
    write_article_batch(wh, article_rows("copy", day=datetime(2017, 2, 15, tzinfo=timezone.utc),
                                         text=story + "A spokesman declined to comment."))
    write_article_batch(wh, article_rows("other", text="The central bank raised its main rate to 5.25% on Thursday."))
    assert refresh_copies(wh) == 1
    marks = {r["article_id"]: r["copy_of"] for r in wh.read("articles").to_pylist()}
    assert marks == {"orig": None, "copy": "orig", "other": None}
    assert refresh_copies(wh) == 0, "nothing changed, nothing rewritten"
    assert wh.read("articles").num_rows == 3


def test_a_log_entry_pointing_outside_the_table_reads_nothing_there_and_check_reports_it(tmp_path):
    wh = Warehouse(str(tmp_path / "wh"))
    wh.ensure_tables()
    write_article_batch(wh, article_rows("a1"))
    log = tmp_path / "wh" / "sentences" / "_delta_log"
    outside = tmp_path / "secret.parquet"
    pq.write_table(article_rows("a1")["sentences"].append_column("day", pa.array(["2017-02-14"])), outside)
    version = len(list(log.glob("*.json")))
    (log / f"{version:020d}.json").write_text(json.dumps({"add": {
        "path": outside.as_uri(), "partitionValues": {"day": "2017-02-14"}, "size": outside.stat().st_size,
        "modificationTime": 0, "dataChange": True}}) + "\n")
    found = check(wh)  # delta-rs resolves the path inside the table's folder: it never reads the outside file
    assert any(p.startswith("table sentences: a file its log lists cannot be read") for p in found.problems), found.problems
    assert wh.sweep(older_than_hours=0) == 0 and outside.exists(), "nothing outside the root is ever deleted"


def test_a_backfill_refuses_an_old_warehouse_before_any_work(tmp_path):
    from flows.backfill import run_backfill
    from newsfacts.warehouse import LegacyWarehouseError

    root = legacy_warehouse(tmp_path / "wh")
    (tmp_path / "in.txt").write_text("Ten people died.")
    with pytest.raises(LegacyWarehouseError, match=f"newsfacts migrate --warehouse {root}"):
        run_backfill([str(tmp_path / "in.txt")], warehouse=str(root), progress=False)
    assert (root / "_journal" / "run-2.json").exists(), "nothing touched"
