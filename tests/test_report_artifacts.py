"""Prefect artifacts of a run: a link to the report and a short markdown summary, keyed per warehouse."""

from __future__ import annotations

import re

import pytest

from flows.artifacts import artifact_key, publish_run_artifacts, run_markdown, warehouse_url
from tests.test_show import write_parquet_warehouse

SUMMARY = {"run_id": "r1", "records_read": 6, "articles_written": 5, "duplicates_skipped": 0, "quarantined": 1,
           "out_of_range": 0, "warnings": 1, "failed_expectations": [], "balanced": True}


def test_keys_are_per_warehouse_and_valid_prefect_keys(tmp_path):
    a, b = artifact_key(str(tmp_path / "a"), "report"), artifact_key(str(tmp_path / "b"), "report")
    assert a != b and a.startswith("newsfacts-report-")
    assert artifact_key(str(tmp_path / "a"), "Run Summary") == "newsfacts-run-summary-" + a.rsplit("-", 1)[1]
    for key in (a, b, artifact_key("s3://Bucket/News", "report")):
        assert re.fullmatch(r"[a-z0-9-]+", key)
    # the same folder, however it is written, is one warehouse
    assert artifact_key(str(tmp_path / "a"), "report") == artifact_key(f"file://{tmp_path}/x/../a", "report")
    assert warehouse_url("s3://b/w/") == "s3://b/w"


def test_the_summary_has_no_raw_python_values():
    text = run_markdown(SUMMARY | {"failed_expectations": ["facts.value", "entities.label"]},
                        warehouse="/data/wh", report="file:///data/wh/_reports/report.html", covered="5 articles")
    assert "[]" not in text and "['" not in text and "True" not in text
    assert "| records read | 6 |" in text and "failed expectations: facts.value, entities.label" in text
    assert "[_reports/report.html](file:///data/wh/_reports/report.html)" in text
    assert "failed expectations: none" in run_markdown(SUMMARY, warehouse="w", report=None)


@pytest.mark.slow
def test_a_flow_publishes_both_artifacts(prefect_harness, tmp_path):
    from prefect import flow
    from prefect.artifacts import Artifact

    root = str(write_parquet_warehouse(tmp_path / "wh"))

    @flow
    def finish() -> dict:
        return publish_run_artifacts(SUMMARY, warehouse=root, details="## Quality gates\n\nNo expectation failed.\n")

    keys = finish()
    assert keys["report"] == (tmp_path / "wh" / "_reports" / "report.html").resolve().as_uri()
    assert (tmp_path / "wh" / "_reports" / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    link = Artifact.get(keys["report_key"])
    assert link.type == "markdown" or link.type == "link"
    assert keys["report"] in str(link.data)
    summary = Artifact.get(keys["summary_key"])
    assert "newsfacts run `r1`" in summary.data and "[]" not in summary.data
    assert summary.data.endswith("No expectation failed.\n")
