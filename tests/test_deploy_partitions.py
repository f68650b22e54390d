"""Backfill partitions and completion transactions (no model, no Prefect: fast)."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

from newsfacts.partitions import (
    Partition,
    fingerprint,
    folder_day,
    is_complete,
    completion_id,
    plan_partitions,
    yesterday,
)
from newsfacts.warehouse import Warehouse


def _inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    for day, names in {"2017-02-13": ["a.txt"], "2017-02-14": ["b.txt", "c.txt"], "2017-02-15": ["d.txt"]}.items():
        (inbox / day).mkdir(parents=True)
        for name in names:
            (inbox / day / name).write_text(f"Text of {name}.")
    (inbox / "notes").mkdir()  # not a day: ignored
    return inbox


def test_yesterday_is_the_previous_utc_day():
    assert yesterday(datetime(2017, 2, 15, 2, 0, tzinfo=timezone.utc)) == date(2017, 2, 14)
    assert yesterday(datetime(2017, 3, 1, 0, 30, tzinfo=timezone.utc)) == date(2017, 2, 28)


def test_folder_day_accepts_only_real_iso_days():
    assert folder_day("2017-02-14") == date(2017, 2, 14)
    assert folder_day("2017-02-30") is None
    assert folder_day("2017-2-14") is None
    assert folder_day("notes") is None


def test_a_dated_inbox_gives_one_partition_per_day_in_range(tmp_path):
    inbox = _inbox(tmp_path)
    parts = plan_partitions([inbox], since=date(2017, 2, 14), until=date(2017, 2, 15))
    assert parts == [
        Partition("days/2017-02-14", (str(inbox / "2017-02-14"),), day=date(2017, 2, 14)),
        Partition("days/2017-02-15", (str(inbox / "2017-02-15"),), day=date(2017, 2, 15)),
    ]


def test_a_day_folder_named_directly_is_that_day(tmp_path):
    inbox = _inbox(tmp_path)
    assert plan_partitions([inbox / "2017-02-13"]) == [
        Partition("days/2017-02-13", (str(inbox / "2017-02-13"),), day=date(2017, 2, 13))
    ]


def test_plain_inputs_are_cut_into_slices_that_keep_the_date_filter(tmp_path):
    folder = tmp_path / "plain"
    folder.mkdir()
    for i in range(5):
        (folder / f"{i}.txt").write_text(f"Article {i}.")
    (folder / "big.jsonl").write_text("".join(json.dumps({"id": str(i), "text": "x"}) + "\n" for i in range(3)))
    parts = plan_partitions([folder], since=date(2017, 1, 1), partition_size=4)
    assert [[Path(p).name for p in part.paths] for part in parts] == [["0.txt", "1.txt", "2.txt", "3.txt"], ["4.txt", "big.jsonl"]]
    assert all(p.key.startswith("inputs/") and p.since == date(2017, 1, 1) and p.day is None for p in parts)
    assert len({p.key for p in parts}) == 2


def test_the_fingerprint_changes_when_a_file_is_added_to_the_day(tmp_path):
    inbox = _inbox(tmp_path)
    (part,) = plan_partitions([inbox / "2017-02-13"])
    before = fingerprint(part)
    assert fingerprint(part) == before
    (inbox / "2017-02-13" / "late.txt").write_text("Delivered late.")
    assert fingerprint(part) != before


def test_a_partition_is_complete_only_once_the_seal_carries_its_transaction(tmp_path):
    from deltalake import DeltaTable

    inbox = _inbox(tmp_path)
    (part,) = plan_partitions([inbox / "2017-02-13"])
    wh = Warehouse(str(tmp_path / "wh"))
    wh.ensure_tables(["articles"])
    assert not is_complete(wh, part)
    wh.seal([completion_id(part.key, fingerprint(part))], {"newsfacts.run_id": "r1"})
    assert is_complete(wh, part)
    # an independent reader of the Delta log sees the same transaction
    assert DeltaTable(str(tmp_path / "wh" / "articles")).transaction_version(completion_id(part.key, fingerprint(part))) == 1
    (inbox / "2017-02-13" / "late.txt").write_text("Delivered late.")
    assert not is_complete(wh, part), "new inputs: the day runs again"
    assert not (tmp_path / "wh" / "_state").exists()


def test_small_runs_are_cut_so_that_every_worker_gets_chunks():
    from newsfacts.partitions import balanced_batch_size

    assert balanced_batch_size(500, 200, slots=4) == 125  # 4 chunks for 2 workers × 2 in flight
    assert balanced_batch_size(50_000, 200, slots=4) == 200  # big runs keep the chunk size asked for
    assert balanced_batch_size(40, 200, slots=4) == 25  # never below 25 articles a task
    assert balanced_batch_size(500, 200, slots=1) == 200  # in-process: no change
