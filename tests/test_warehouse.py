"""The warehouse on Delta Lake: child tables before articles, idempotent replaces by article
id, conflicts retried, named errors for OS faults and damaged logs, and tables that
independent readers (deltalake, Polars, DuckDB) see. No model, no Prefect: fast."""

from __future__ import annotations

import os
from datetime import datetime, timezone

import duckdb
import pyarrow as pa
import pytest
from deltalake import DeltaTable

from newsfacts.errors import WarehouseError
from newsfacts.schema import QUARANTINE, TABLES
from newsfacts.warehouse import LegacyWarehouseError, Warehouse, conform, day_of, write_article_batch

DAY = datetime(2017, 2, 14, 9, 0, tzinfo=timezone.utc)


def article_rows(*ids: str, day: datetime | None = DAY, text: str = "Ten people died.") -> dict[str, pa.Table]:
    n = len(ids)
    articles = pa.Table.from_pydict({
        "article_id": list(ids), "doc_id": [f"d{i}" for i in ids], "title": [""] * n,
        "text": [text] * n, "published_at": [day] * n, "source": [None] * n,
        "url": [None] * n, "dateline": [None] * n, "agency": [None] * n,
        "input_path": ["x.jsonl"] * n, "n_words": [3] * n, "run_id": ["r1"] * n,
    })
    sentences = pa.Table.from_pydict({
        "article_id": list(ids), "field": ["body"] * n, "sentence_idx": [0] * n,
        "start_char": [0] * n, "end_char": [len(text)] * n, "text": [text] * n,
    })
    empty = {name: TABLES[name].schema.empty_table() for name in ("entities", "facts")}
    return {"articles": articles, "sentences": sentences, **empty}


def ids_of(wh: Warehouse, table: str) -> list[str]:
    return sorted(wh.read(table, columns=["article_id"]).column("article_id").to_pylist())


def test_day_of_uses_the_utc_date_or_undated():
    assert day_of(datetime(2017, 2, 14, 23, 30, tzinfo=timezone.utc)) == "2017-02-14"
    assert day_of(None) == "undated"


def test_a_batch_lands_in_delta_tables_partitioned_by_day(tmp_path):
    wh = Warehouse(str(tmp_path))
    assert write_article_batch(wh, article_rows("a1", "a2")) == 2
    write_article_batch(wh, article_rows("u1", day=None))
    assert (tmp_path / "articles" / "_delta_log").is_dir()
    assert sorted(p.name for p in (tmp_path / "articles").iterdir()) == ["_delta_log", "day=2017-02-14", "day=undated"]
    assert ids_of(wh, "sentences") == ["a1", "a2", "u1"]
    assert DeltaTable(str(tmp_path / "articles")).to_pyarrow_table().num_rows == 3


def test_writing_the_same_batch_again_leaves_one_copy(tmp_path):
    wh = Warehouse(str(tmp_path))
    for _ in range(3):
        write_article_batch(wh, article_rows("a2", "a1"))
    assert ids_of(wh, "articles") == ["a1", "a2"]
    assert ids_of(wh, "sentences") == ["a1", "a2"]


def test_articles_are_committed_after_their_children(tmp_path):
    wh = Warehouse(str(tmp_path))
    write_article_batch(wh, article_rows("a1"))
    stamps = {t: DeltaTable(str(tmp_path / t)).history(1)[0]["timestamp"] for t in ("sentences", "facts", "articles")}
    assert stamps["articles"] >= max(stamps["sentences"], stamps["facts"])
    # every version of articles that lists a1 is newer than the sentences version that added it
    assert DeltaTable(str(tmp_path / "articles"), version=0).to_pyarrow_table().num_rows == 1


def test_a_replace_with_new_rows_drops_the_old_ones(tmp_path):
    wh = Warehouse(str(tmp_path))
    write_article_batch(wh, article_rows("a1", "a2"))
    newer = article_rows("a1", text="Eleven people died.")
    newer["sentences"] = newer["sentences"].slice(0, 0)  # the new extractor finds no sentence
    write_article_batch(wh, newer, articles=False)
    assert ids_of(wh, "sentences") == ["a2"], "a1's old sentences are gone, a2 untouched"
    assert wh.read("articles").filter(pa.compute.equal(wh.read("articles").column("article_id"), "a1")) \
        .column("text").to_pylist() == ["Ten people died."], "articles itself is not rewritten"


def test_independent_readers_see_the_tables(tmp_path):
    import polars as pl

    wh = Warehouse(str(tmp_path))
    write_article_batch(wh, article_rows("a1", "a2"))
    assert pl.scan_delta(str(tmp_path / "articles")).select(pl.len()).collect().item() == 2
    sentences = DeltaTable(str(tmp_path / "sentences")).to_pyarrow_dataset()
    assert duckdb.sql("select count(distinct article_id) from sentences").fetchall() == [(2,)]
    assert wh.dataset("articles").count_rows() == 2


def test_time_travel_reads_an_older_version(tmp_path):
    wh = Warehouse(str(tmp_path))
    write_article_batch(wh, article_rows("a1"))
    first = DeltaTable(str(tmp_path / "articles")).version()
    write_article_batch(wh, article_rows("a2"))
    write_article_batch(wh, article_rows("a1", text="Eleven people died."))  # a1's first file is now removed
    assert wh.sweep(older_than_hours=0) == 0, "removed files are kept for time travel, only untracked ones go"
    assert wh.read("articles", version=first).column("text").to_pylist() == ["Ten people died."]
    assert ids_of(wh, "articles") == ["a1", "a2"]


def test_conform_fills_absent_nullable_columns_and_refuses_absent_required_ones():
    rows = pa.table({"quarantine_id": ["q"], "source": ["s"], "stage": ["read"], "reason": ["r"],
                     "detail": ["d"], "run_id": ["x"], "quarantined_at": [datetime(2017, 1, 1, tzinfo=timezone.utc)]})
    out = conform(rows, QUARANTINE)
    assert out.schema == QUARANTINE.schema and out.column("line").to_pylist() == [None]
    with pytest.raises(WarehouseError, match="lack columns"):
        conform(rows.drop_columns(["detail"]), QUARANTINE)


def test_a_conflicting_commit_is_retried(tmp_path, monkeypatch):
    wh = Warehouse(str(tmp_path))
    write_article_batch(wh, article_rows("a1"))
    # a real commit by another handle rewrites the file this replace of a1 removes, once
    monkeypatch.setenv("NEWSFACTS_INTERFERE", "articles:1")
    write_article_batch(wh, article_rows("a1", "a2", text="Eleven people died."))
    assert wh.retries == 1
    assert ids_of(wh, "articles") == ["a1", "a2"]
    assert set(wh.read("articles").column("text").to_pylist()) == {"Eleven people died."}


def test_a_conflict_that_keeps_coming_fails_with_a_message_naming_it(tmp_path, monkeypatch):
    import newsfacts.warehouse as warehouse

    wh = Warehouse(str(tmp_path))
    write_article_batch(wh, article_rows("a1"))
    monkeypatch.setattr(warehouse, "COMMIT_ATTEMPTS", 3)
    monkeypatch.setenv("NEWSFACTS_INTERFERE", "articles:*")
    with pytest.raises(WarehouseError, match=r"table 'articles' .* conflicted with another writer 3 times"):
        write_article_batch(wh, article_rows("a1", "a2", text="Eleven people died."))
    monkeypatch.delenv("NEWSFACTS_INTERFERE")
    assert ids_of(wh, "articles") == ["a1"], "nothing of the failed commit landed"
    assert wh.read("articles").column("text").to_pylist() == ["Ten people died."]


def test_quarantine_rows_are_inserted_once(tmp_path):
    from newsfacts.records import Quarantined
    from newsfacts.runrecords import quarantine_table

    wh = Warehouse(str(tmp_path))
    rows = quarantine_table([Quarantined("x.txt", None, "read", "empty_file", "empty")], run_id="r1")
    wh.insert_new("quarantine", rows)
    wh.insert_new("quarantine", rows)
    assert wh.read("quarantine").num_rows == 1


def test_a_previous_version_warehouse_is_refused_with_the_command_that_converts_it(tmp_path):
    import pyarrow.parquet as pq

    (tmp_path / "articles" / "day=2017-02-14").mkdir(parents=True)
    pq.write_table(pa.table({"article_id": ["a"]}), tmp_path / "articles" / "day=2017-02-14" / "part-x.parquet")
    with pytest.raises(LegacyWarehouseError, match="newsfacts migrate --warehouse"):
        Warehouse(str(tmp_path)).require_current()


def test_a_warehouse_path_that_is_a_file_is_a_named_error(tmp_path):
    (tmp_path / "wh").write_text("not a folder")
    with pytest.raises(WarehouseError, match="is a file, not a folder"):
        Warehouse(str(tmp_path / "wh"))


def test_a_damaged_log_is_an_error_naming_the_log(tmp_path):
    wh = Warehouse(str(tmp_path))
    write_article_batch(wh, article_rows("a1"))
    log = sorted((tmp_path / "articles" / "_delta_log").glob("*.json"))[0]
    log.write_text("{not json")
    with pytest.raises(WarehouseError, match=rf"{log.name} is unreadable .*restore that log file") as err:
        wh.read("articles")
    assert "\n" not in str(err.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_warehouse_is_a_one_line_error_naming_the_table(tmp_path):
    wh = Warehouse(str(tmp_path))
    write_article_batch(wh, article_rows("a1"))
    for folder in [tmp_path, *tmp_path.rglob("*")]:
        if folder.is_dir():
            folder.chmod(0o555)
    try:
        with pytest.raises(WarehouseError, match=r"cannot write table '\w+' at .*not writable"):
            write_article_batch(wh, article_rows("a2"))
    finally:
        for folder in [tmp_path, *tmp_path.rglob("*")]:
            if folder.is_dir():
                folder.chmod(0o755)
    assert ids_of(wh, "articles") == ["a1"]


def test_optimize_compacts_many_small_files_into_few(tmp_path):
    wh = Warehouse(str(tmp_path))
    for i in range(12):
        write_article_batch(wh, article_rows(f"a{i}"))
    before = len(DeltaTable(str(tmp_path / "articles")).file_uris())
    report = wh.optimize(retention_hours=0)
    assert before == 12 and report["articles"]["files_after"] == 1
    assert report["articles"]["vacuumed"] >= 12, "retention 0: the compacted files are removed at once"
    assert len(ids_of(wh, "articles")) == 12
    assert len(list((tmp_path / "articles").rglob("*.parquet"))) == 1


@pytest.fixture
def small_fs(tmp_path):
    """A real 1 MiB tmpfs (needs root and mount rights; skipped otherwise)."""
    import subprocess

    mnt = tmp_path / "fs"
    mnt.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mnt)],
                                           capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root and mount rights)")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def fill(folder, leave: int) -> None:
    """Fill the file system of ``folder`` but ``leave`` bytes."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"x" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    os.truncate(folder / "filler", max(0, os.path.getsize(folder / "filler") - leave))


def test_a_full_disk_is_a_one_line_error_and_what_it_left_is_swept(small_fs):
    wh = Warehouse(str(small_fs / "wh"))
    write_article_batch(wh, article_rows("a1"))
    fill(small_fs, leave=6000)
    with pytest.raises(WarehouseError, match=r"cannot write table '\w+' at .*the disk is full") as err:
        write_article_batch(wh, article_rows(*[f"b{i}" for i in range(200)], text="Long text. " * 200))
    assert "\n" not in str(err.value)
    assert ids_of(wh, "articles") == ["a1"], "nothing of the failed batch is visible"
    (small_fs / "filler").unlink()
    leftovers = len(list((small_fs / "wh").rglob("*.parquet")))
    assert wh.sweep(older_than_hours=1) == 0, "a fresh file may be another writer's commit in flight"
    assert wh.sweep(older_than_hours=0) == leftovers - 2
    referenced = sum(len(DeltaTable(str(small_fs / "wh" / t)).file_uris()) for t in ("articles", "sentences"))
    assert len(list((small_fs / "wh").rglob("*.parquet"))) == referenced, "no partial file keeps using space"


def test_a_read_only_file_system_is_a_one_line_error(small_fs):
    import subprocess

    wh = Warehouse(str(small_fs / "wh"))
    write_article_batch(wh, article_rows("a1"))
    subprocess.run(["mount", "-o", "remount,ro", str(small_fs)], check=True)
    with pytest.raises(WarehouseError, match=r"cannot write table '\w+' at .*not writable"):
        write_article_batch(wh, article_rows("a2"))
    assert ids_of(wh, "articles") == ["a1"]
