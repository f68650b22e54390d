"""The warehouse on object storage: a local S3-compatible server (moto), dummy credentials,
the endpoint given the standard way (``AWS_ENDPOINT_URL``)."""

from __future__ import annotations

import os
from datetime import datetime, timezone

import pyarrow as pa
import pyarrow.dataset as ds
import pytest

from newsfacts.schema import RUNS
from newsfacts.warehouse import Warehouse

BUCKET = "news"


@pytest.fixture(scope="module")
def s3():
    """A moto S3 server on a free port with one bucket; yields an ``s3fs`` filesystem on it."""
    boto3 = pytest.importorskip("boto3")
    s3fs = pytest.importorskip("s3fs")
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    env = {
        "AWS_ENDPOINT_URL": f"http://{host}:{port}", "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    s3fs.S3FileSystem.clear_instance_cache()  # fsspec caches filesystems: never reuse one for another endpoint
    boto3.client("s3").create_bucket(Bucket=BUCKET)
    try:
        yield s3fs.S3FileSystem(endpoint_url=env["AWS_ENDPOINT_URL"], key="testing", secret="testing")
    finally:
        s3fs.S3FileSystem.clear_instance_cache()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        server.stop()


def _runs_rows(*run_ids: str) -> pa.Table:
    now = datetime(2017, 2, 14, 2, 0, tzinfo=timezone.utc)
    return pa.Table.from_pylist([
        {"run_id": r, "flow_run_id": None, "started_at": now, "finished_at": now, "inputs": "[]",
         "records_read": 1, "articles_written": 1, "duplicates_skipped": 0, "quarantined": 0,
         "out_of_range": 0, "status": "completed"} for r in run_ids
    ], schema=RUNS.schema)


def test_staged_files_are_invisible_until_the_commit_and_a_rewrite_replaces(s3):
    wh = Warehouse(f"s3://{BUCKET}/atomic")
    txn = wh.begin("run-1")
    wh.stage(txn, "runs", _runs_rows("a", "b"), part="ab")
    assert wh.read("runs").num_rows == 0
    assert wh.commit(txn) == 1
    again = wh.begin("run-2")
    wh.stage(again, "runs", _runs_rows("a", "b"), part="ab")  # same keys, same file name
    wh.commit(again)
    assert sorted(wh.read("runs").column("run_id").to_pylist()) == ["a", "b"]
    assert s3.find(f"{BUCKET}/atomic") == [f"{BUCKET}/atomic/runs/part-ab.parquet"]


def test_an_interrupted_commit_is_rolled_forward_on_s3(s3):
    wh = Warehouse(f"s3://{BUCKET}/recover")
    txn = wh.begin("run-1")
    wh.stage(txn, "runs", _runs_rows("x"), part="x")
    # the run died right after writing its journal: the journal names the moves still to do
    journal = wh.path("_journal", "run-1.json")
    with wh.fs.open(journal, "w") as fh:
        fh.write('{"run_id": "run-1", "moves": [["%s", "%s"]]}' % txn.moves[0])
    assert wh.read("runs").num_rows == 0
    assert wh.recover() == ["run-1"]
    assert wh.read("runs").column("run_id").to_pylist() == ["x"]
    assert s3.find(f"{BUCKET}/recover") == [f"{BUCKET}/recover/runs/part-x.parquet"]


@pytest.mark.slow
def test_a_backfill_into_s3_reads_back_with_pyarrow_and_resumes(s3, tmp_path, prefect_harness):
    from click.testing import CliRunner

    from newsfacts.cli import main
    from tests.test_dask_backfill import DAYS, make_inbox

    inbox = make_inbox(tmp_path / "inbox", per_day=2)
    url = f"s3://{BUCKET}/warehouse"
    first = CliRunner().invoke(main, ["backfill", str(inbox), "--warehouse", url, "--no-progress"])
    assert first.exit_code == 0, first.output
    assert first.output.splitlines()[-6:] == [
        "partitions 3: 3 run, 0 already complete, 0 failed",
        "records read               6",
        "articles written           6",
        "duplicates skipped         0",
        "quarantined                0",
        "check: read 6 = written 6 + duplicates 0 + quarantined 0",
    ]

    articles = ds.dataset(f"{BUCKET}/warehouse/articles", filesystem=s3, format="parquet", partitioning="hive").to_table()
    assert sorted(zip(articles.column("day").to_pylist(), articles.column("doc_id").to_pylist())) == [
        (day, f"{cat}-{i:03d}") for day, cat in DAYS.items() for i in (1, 2)
    ]
    sentences = ds.dataset(f"{BUCKET}/warehouse/sentences", filesystem=s3, format="parquet", partitioning="hive")
    assert sentences.count_rows() > 6
    assert sorted(s3.ls(f"{BUCKET}/warehouse/_state/days")) == [
        f"{BUCKET}/warehouse/_state/days/{d}.json" for d in DAYS
    ]
    assert s3.find(f"{BUCKET}/warehouse/_staging") == [] and s3.find(f"{BUCKET}/warehouse/_journal") == []

    second = CliRunner().invoke(main, ["backfill", str(inbox), "--warehouse", url, "--no-progress"])
    assert second.exit_code == 0, second.output
    assert "partitions 3: 0 run, 3 already complete, 0 failed" in second.output
    s3.invalidate_cache()
    again = ds.dataset(f"{BUCKET}/warehouse/articles", filesystem=s3, format="parquet", partitioning="hive")
    assert again.count_rows() == 6
