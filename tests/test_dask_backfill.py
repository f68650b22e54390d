"""Backfills over a dated inbox: in-process and on Dask give the same tables; a repeated
backfill skips completed days. Real model, real Prefect (test harness), real Dask cluster."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from deltalake import DeltaTable

from tests.conftest import shared_path

pytestmark = pytest.mark.slow

#: Columns that differ between runs by design (run ids, clocks).
VOLATILE = {"run_id", "quarantined_at", "checked_at", "started_at", "finished_at", "flow_run_id"}
DAYS = {"2017-02-13": "business", "2017-02-14": "entertainment", "2017-02-15": "politics"}


def make_inbox(root: Path, per_day: int = 3) -> Path:
    """A dated inbox of BBC articles: ``root/YYYY-MM-DD/<category>-NNN.txt`` (symlinks)."""
    bbc = shared_path("corpora", "bbc")
    for day, category in DAYS.items():
        (root / day).mkdir(parents=True)
        for i in range(1, per_day + 1):
            (root / day / f"{category}-{i:03d}.txt").symlink_to(bbc / category / f"{i:03d}.txt")
    return root


def rows(warehouse: Path, table: str) -> list[tuple]:
    """Every row of a table, volatile columns dropped, in a canonical order."""
    path = warehouse / table
    if not path.exists():
        return []
    data = DeltaTable(str(path)).to_pyarrow_table()
    data = data.select([c for c in data.column_names if c not in VOLATILE])
    return sorted((tuple(r.values()) for r in data.to_pylist()), key=repr)


@pytest.fixture(scope="module")
def inbox(tmp_path_factory) -> Path:
    return make_inbox(tmp_path_factory.mktemp("bbc") / "inbox")


@pytest.fixture(scope="module")
def interrupted(inbox, tmp_path_factory, prefect_harness) -> tuple[Path, dict, dict]:
    """A backfill stopped after its first day, then started again over the whole inbox (in-process)."""
    from flows.backfill import run_backfill

    wh = tmp_path_factory.mktemp("wh1")
    first = run_backfill([str(inbox)], warehouse=str(wh), until=date(2017, 2, 13), workers=1, progress=False)
    rest = run_backfill([str(inbox)], warehouse=str(wh), workers=1, progress=False)
    return wh, first, rest


def test_an_interrupted_backfill_finishes_the_remaining_days_only(interrupted):
    wh, first, rest = interrupted
    assert (first["partitions"], first["ran"], first["articles_written"]) == (1, 1, 3)
    assert (rest["partitions"], rest["ran"], rest["complete_before"], rest["articles_written"]) == (3, 2, 1, 6)
    assert rest["duplicates_skipped"] == 0  # the finished day was not even read again


def test_a_backfill_runs_one_flow_run_per_day_and_publishes_each_day(interrupted, inbox):
    wh, first, rest = interrupted
    assert rest["failed"] == [] and rest["quarantined"] == 0 and rest["balanced"]
    assert len(set(first["run_ids"] + rest["run_ids"])) == 3
    assert sorted(p.name for p in (wh / "articles").iterdir()) == ["_delta_log"] + [f"day={d}" for d in DAYS]
    from newsfacts.partitions import is_complete, plan_partitions
    from newsfacts.warehouse import Warehouse

    assert [is_complete(Warehouse(str(wh)), part) for part in plan_partitions([str(inbox)])] == [True] * 3
    assert not (wh / "_state").exists()


def test_two_dask_workers_give_the_same_tables_and_load_the_model_once_each(interrupted, inbox, tmp_path):
    from distributed import Client, LocalCluster

    from flows.backfill import run_backfill

    wh1 = interrupted[0]
    wh2 = tmp_path / "wh2"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        two = run_backfill([str(inbox)], warehouse=str(wh2), dask_address=cluster.scheduler_address,
                           batch_size=2, progress=False)
        loads = client.run(_model_loads)
    keys = ("partitions", "ran", "records_read", "articles_written", "duplicates_skipped", "quarantined")
    assert [two[k] for k in keys] == [3, 3, 9, 9, 0, 0]
    for table in ("articles", "sentences", "entities", "facts", "quarantine"):
        assert rows(wh2, table) == rows(wh1, table), table
    assert len(rows(wh1, "entities")) > 0 and len(rows(wh1, "facts")) > 0
    # each worker process loaded the model exactly once (memoised), however many chunks it analysed
    assert sorted(loads.values()) == [1, 1]


def _model_loads() -> int:
    from newsfacts.nlp import load_nlp

    return load_nlp.cache_info().misses


def test_repeating_a_backfill_skips_completed_days_without_reading_them(interrupted, inbox):
    from flows.backfill import run_backfill

    wh = interrupted[0]
    before = rows(wh, "articles")
    started = time.perf_counter()
    again = run_backfill([str(inbox)], warehouse=str(wh), workers=1, progress=False)
    elapsed = time.perf_counter() - started
    assert (again["ran"], again["complete_before"], again["records_read"]) == (0, 3, 0)
    assert rows(wh, "articles") == before
    assert elapsed < 10, f"skipping 3 completed days took {elapsed:.1f} s"
