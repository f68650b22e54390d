"""What a run leaves to read: GX data docs and the markdown summary."""

from __future__ import annotations

import re

import pytest

from newsfacts.errors import WarehouseError
from newsfacts.quality import build_data_docs, summary_markdown, validate_batch
from tests.test_quality import GOOD, broken, tables


@pytest.fixture(scope="module")
def reports():
    good = validate_batch(tables(GOOD), run_id="r1", batch_id="b0001")
    warned = validate_batch(broken("facts", 0, value=5e6, value_low=5e6, value_high=5e6), run_id="r1", batch_id="b0002")
    held = validate_batch(broken("facts", 1, fact_id="f1"), run_id="r1", batch_id="b0003")
    return [good, warned, held]


def test_summary_lists_counts_and_every_failed_expectation(reports):
    for r in reports:
        r.seconds, r.setup_seconds = 0.5, 0.0  # timings vary; the rest is exact
    text = summary_markdown(reports, {"records_read": 3, "quarantined": 1})
    n_results = sum(r.rows.num_rows for r in reports)  # grows as the suites gain expectations
    assert text.replace(f"expectation results: {n_results}", "expectation results: N") == """\
# newsfacts run quality

| count | value |
|---|---|
| records_read | 3 |
| quarantined | 1 |

## Quality gates

- batches validated: 3
- batches passed: 2 (1 with warnings)
- batches held back (critical failure): 1
- expectation results: N
- validation time: 1.50 s (0.50 s per batch)

## Failed expectations

| batch | severity | table.column | expectation | unexpected | examples |
|---|---|---|---|---|---|
| b0002 | warning | facts.death_toll | expect_column_values_to_be_between | 1 of 2 | 5000000.0 |
| b0003 | critical | facts.fact_id | expect_column_values_to_be_unique | 2 of 2 | 'f1', 'f1' |
"""


def test_summary_of_a_clean_run(reports):
    assert summary_markdown(reports[:1]).endswith("No expectation failed.\n")


def test_data_docs_land_under_the_warehouse_reports_folder(reports, tmp_path):
    index = build_data_docs(tmp_path, reports)
    assert index == tmp_path.resolve() / "_reports" / "data_docs" / "index.html"
    html = index.read_text(encoding="utf-8")
    assert "b0003" in html and "facts" in html
    pages = sorted(p.relative_to(index.parent).parts[:2] for p in index.parent.glob("validations/**/*.html"))
    assert len(pages) == 15 and ("validations", "facts") in pages
    held = next(index.parent.glob("validations/facts/r1/*/b0003.html")).read_text(encoding="utf-8")
    assert "fact_id" in held and "Failed" in held


def test_data_docs_for_failed_batches_only(reports, tmp_path):
    index = build_data_docs(tmp_path, reports, only_failed=True)
    assert sorted(p.name for p in index.parent.glob("validations/facts/r1/*/*.html")) == ["b0002.html", "b0003.html"]
    assert build_data_docs(tmp_path / "other", reports[:1], only_failed=True) is None


def test_data_docs_refuse_a_remote_warehouse(reports):
    with pytest.raises(WarehouseError, match="local folder"):
        build_data_docs("s3://bucket/news", reports)


def test_data_docs_stay_small_and_every_index_link_resolves(reports, tmp_path):
    index = build_data_docs(tmp_path, reports)
    site = index.parent
    static = sorted(p.relative_to(site).as_posix() for p in site.rglob("static/**/*") if p.is_file())
    assert static == ["static/images/favicon.ico"]  # GX copies ~4 MB of fonts and GIFs no page uses
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    assert size < 1_200_000, size
    html = index.read_text(encoding="utf-8")
    local = {h for h in re.findall(r'href="([^"#:]+)"', html)}
    assert {f"expectations/{t}.html" for t in ("articles", "sentences", "entities", "facts")} <= local
    assert all((site / h).exists() for h in local), sorted(h for h in local if not (site / h).exists())
    assert "favicon.ico" in next(site.glob("validations/facts/r1/*/b0003.html")).read_text(encoding="utf-8")


def test_a_second_build_prunes_again_and_keeps_the_index_of_both(reports, tmp_path):
    build_data_docs(tmp_path, reports[:1])
    index = build_data_docs(tmp_path, reports[2:])
    assert not (index.parent / "static" / "fonts").exists()
    html = index.read_text(encoding="utf-8")
    assert "b0001" in html and "b0003" in html
