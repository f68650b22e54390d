"""``newsfacts show`` and the report on an ``s3://`` warehouse (a local moto S3 server): Delta tables
and the older Parquet folders, read through the same reader as local ones."""

from __future__ import annotations

import os

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from newsfacts import show as sh
from newsfacts.cli_show import show
from newsfacts.report import build_report
from tests.test_s3_warehouse import BUCKET, s3  # noqa: F401  (the moto S3 fixture)
from tests.test_show import all_tables

pytestmark = pytest.mark.slow


def _write_delta(url: str) -> None:
    from deltalake import write_deltalake

    options = {"AWS_ALLOW_HTTP": "true", "AWS_S3_ALLOW_UNSAFE_RENAME": "true",
               "AWS_ENDPOINT_URL": os.environ["AWS_ENDPOINT_URL"]}
    for name, table in all_tables().items():
        write_deltalake(f"{url}/{name}", table, partition_by=["day"] if "day" in table.column_names else None,
                        storage_options=options)


def test_delta_tables_on_s3(s3):  # noqa: F811
    url = f"s3://{BUCKET}/delta-wh"
    _write_delta(url)
    facts = sh.read_table(url, "facts")
    assert sorted(facts.column("article_id").to_pylist()) == ["a1", "a2", "a3", "a4", "a5"]
    result = CliRunner().invoke(show, ["facts", "-w", url, "--category", "killed", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.count("\n") == 5  # header + 4 killed
    html, summary = build_report(url)
    assert summary.startswith("2 runs, 5 articles, 5 facts, 2 incidents") and "<svg" in html


def test_parquet_folders_on_s3_and_an_absent_table(s3):  # noqa: F811
    url = f"s3://{BUCKET}/parquet-wh"
    runs = all_tables()["runs"]
    with s3.open(f"{BUCKET}/parquet-wh/runs/part-0.parquet", "wb") as fh:
        pq.write_table(runs, fh)
    assert sh.read_table(url, "runs").num_rows == 2
    assert sh.read_table(url, "incidents") is None
    with pytest.raises(sh.ShowError, match="no table 'incidents' yet"):
        sh.load(url, "incidents")
    assert isinstance(sh.select("runs", sh.read_table(url, "runs"), sh.Filters(run="run-1")), pa.Table)
