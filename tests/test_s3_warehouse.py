"""The warehouse on object storage: a local S3-compatible server (moto), dummy credentials,
the endpoint given the standard way (``AWS_ENDPOINT_URL``)."""

from __future__ import annotations

import os
import pytest

from newsfacts.warehouse import Warehouse, write_article_batch

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


def _delta(url: str, table: str):
    from deltalake import DeltaTable

    from newsfacts.warehouse import s3_options

    return DeltaTable(f"{url}/{table}", storage_options=s3_options(url))


def test_delta_tables_on_s3_replace_idempotently_and_retry_conflicts(s3, monkeypatch):
    from tests.test_warehouse import article_rows

    url = f"s3://{BUCKET}/delta"
    wh = Warehouse(url)
    assert wh.options["conditional_put"] == "etag", "concurrent S3 writers need conditional writes"
    write_article_batch(wh, article_rows("a1", "a2"))
    write_article_batch(wh, article_rows("a1", "a2"))
    assert sorted(_delta(url, "articles").to_pyarrow_table().column("article_id").to_pylist()) == ["a1", "a2"]
    monkeypatch.setenv("NEWSFACTS_INTERFERE", "articles:1")  # another writer commits in between, once
    write_article_batch(wh, article_rows("a1", "a2", text="Eleven people died."))
    assert wh.retries == 1
    assert set(_delta(url, "articles").to_pyarrow_table().column("text").to_pylist()) == {"Eleven people died."}
    assert any(k.endswith("_delta_log/00000000000000000000.json") for k in s3.find(f"{BUCKET}/delta/articles"))


def test_the_seal_and_optimize_work_on_s3(s3):
    from tests.test_warehouse import article_rows

    wh = Warehouse(f"s3://{BUCKET}/seal")
    for i in range(4):
        write_article_batch(wh, article_rows(f"a{i}"))
    wh.seal(["newsfacts:partition:days/2017-02-14:abc"])
    assert wh.transaction_version("newsfacts:partition:days/2017-02-14:abc") == 1
    report = wh.optimize()
    assert (report["articles"]["files_before"], report["articles"]["files_after"]) == (4, 1)
    assert wh.read("articles").num_rows == 4


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

    articles = _delta(url, "articles").to_pyarrow_table()
    assert sorted(zip(articles.column("day").to_pylist(), articles.column("doc_id").to_pylist())) == [
        (day, f"{cat}-{i:03d}") for day, cat in DAYS.items() for i in (1, 2)
    ]
    assert _delta(url, "sentences").to_pyarrow_dataset().count_rows() > 6
    from newsfacts.partitions import is_complete, plan_partitions

    assert [is_complete(Warehouse(url), p) for p in plan_partitions([str(inbox)])] == [True] * 3
    assert s3.find(f"{BUCKET}/warehouse/_staging") == [] and s3.find(f"{BUCKET}/warehouse/_state") == []

    second = CliRunner().invoke(main, ["backfill", str(inbox), "--warehouse", url, "--no-progress"])
    assert second.exit_code == 0, second.output
    assert "partitions 3: 0 run, 3 already complete, 0 failed" in second.output
    assert _delta(url, "articles").to_pyarrow_table().num_rows == 6


def test_a_partition_of_s3_inputs_has_a_fingerprint_that_follows_the_object(s3):
    from newsfacts.partitions import Partition, fingerprint

    s3.pipe(f"{BUCKET}/inputs/a.jsonl", b'{"id": "1", "text": "Ten people died."}\n')
    part = Partition("inputs/s3", (f"s3://{BUCKET}/inputs/a.jsonl",))
    first = fingerprint(part)
    assert fingerprint(part) == first
    s3.pipe(f"{BUCKET}/inputs/a.jsonl", b'{"id": "1", "text": "Eleven people died."}\n')
    assert fingerprint(part) != first, "a rewritten object makes the partition run again"


def test_a_backfill_reads_its_inputs_from_an_s3_prefix(s3, tmp_path, prefect_harness, monkeypatch):
    """An s3:// inbox is mirrored locally (day folders and file stems kept) and read like a
    folder; a missing prefix is bad usage (exit 2) and creates nothing."""
    from click.testing import CliRunner

    from newsfacts.cli import main
    from tests.test_dask_backfill import DAYS, make_inbox

    monkeypatch.setenv("NEWSFACTS_INPUT_CACHE", str(tmp_path / "cache"))
    inbox = make_inbox(tmp_path / "inbox", per_day=1)
    for path in sorted(inbox.rglob("*")):
        if path.is_file():
            s3.put(str(path), f"{BUCKET}/remote-inbox/{path.relative_to(inbox).as_posix()}")
    wh = tmp_path / "wh"

    missing = CliRunner().invoke(main, ["backfill", f"s3://{BUCKET}/no-such-prefix", "--warehouse", str(wh)])
    assert missing.exit_code == 2, missing.output
    assert "no such object or prefix" in missing.output
    assert not wh.exists() and not (tmp_path / "cache").exists()

    done = CliRunner().invoke(main, ["backfill", f"s3://{BUCKET}/remote-inbox", "--warehouse", str(wh), "--no-progress"])
    assert done.exit_code == 0, done.output
    assert "partitions 3: 3 run, 0 already complete, 0 failed" in done.output
    from deltalake import DeltaTable

    articles = DeltaTable(str(wh / "articles")).to_pyarrow_table()
    assert sorted(zip(articles.column("day").to_pylist(), articles.column("doc_id").to_pylist())) == [
        (day, f"{cat}-001") for day, cat in DAYS.items()
    ]
    again = CliRunner().invoke(main, ["backfill", f"s3://{BUCKET}/remote-inbox", "--warehouse", str(wh), "--no-progress"])
    assert again.exit_code == 0 and "0 run, 3 already complete" in again.output, again.output
