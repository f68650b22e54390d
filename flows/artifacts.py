"""What a run leaves in the Prefect UI: a link to the warehouse's report and a short markdown
summary, both keyed per warehouse (two warehouses never overwrite each other's artifacts).

The flow calls :func:`publish_run_artifacts` once, after its commit::

    from flows.artifacts import publish_run_artifacts
    publish_run_artifacts({"run_id": run_id, **tally.as_dict()}, warehouse=warehouse,
                          details=summary_markdown(reports))   # replaces the fixed-key markdown artifact

Building the report is best effort: the tables are already published, so a report that cannot be
written is logged and the summary says so, never failing the run.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from pathlib import Path

from prefect import get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact
from prefect.exceptions import MissingContextError

from newsfacts.errors import NewsfactsError

REPORT = "_reports/report.html"
COUNTS = (("records_read", "records read"), ("articles_written", "articles written"),
          ("duplicates_skipped", "duplicates skipped"), ("quarantined", "quarantined"),
          ("out_of_range", "outside --since/--until"), ("warnings", "quality warnings"))


def warehouse_url(warehouse: str) -> str:
    """A canonical URL for a warehouse root: absolute ``file://`` for folders, as given for URLs.

    >>> warehouse_url("s3://bucket/news/")
    's3://bucket/news'
    """
    if "://" in warehouse and not warehouse.startswith("file://"):
        return warehouse.rstrip("/")
    return Path(warehouse.removeprefix("file://")).resolve().as_uri()


def artifact_key(warehouse: str, kind: str) -> str:
    """A Prefect artifact key for one warehouse: lower-case letters, digits and dashes.

    Args:
        warehouse: the warehouse root (folder or URL).
        kind: what the artifact is, e.g. ``report`` or ``run-summary``.

    >>> artifact_key("s3://bucket/news", "run-summary")
    'newsfacts-run-summary-36fb237d892f'
    """
    digest = hashlib.sha256(warehouse_url(warehouse).encode()).hexdigest()[:12]
    slug = re.sub(r"[^a-z0-9]+", "-", kind.lower()).strip("-")
    return f"newsfacts-{slug}-{digest}"


def report_location(warehouse: str) -> str:
    """Where the run's report is written: ``WAREHOUSE/_reports/report.html``."""
    return warehouse.rstrip("/") + "/" + REPORT


def _value(value: object) -> str:
    if isinstance(value, list | tuple | set):
        return ", ".join(str(v) for v in value) or "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"{value:,}" if isinstance(value, int) else str(value)


def run_markdown(summary: Mapping, *, warehouse: str, report: str | None, covered: str | None = None) -> str:
    """The run's short markdown summary: counts, balance, failed expectations, the report.

    Args:
        summary: the flow's summary (``run_id`` and the accounting counts).
        warehouse: the warehouse root.
        report: the report's URL, or None when it could not be written.
        covered: one line on what the warehouse holds (from the report).

    >>> text = run_markdown({"run_id": "r1", "records_read": 2, "failed_expectations": []},
    ...                     warehouse="s3://b/w", report=None)
    >>> [line for line in text.splitlines() if "records read" in line or "failed" in line]
    ['| records read | 2 |', '- failed expectations: none']
    """
    lines = [f"### newsfacts run `{summary.get('run_id', '?')}`", "", f"Warehouse `{warehouse}`", "",
             "| count | value |", "|---|---:|"]
    lines += [f"| {label} | {_value(summary.get(key, 0))} |" for key, label in COUNTS]
    lines += ["", f"- accounting balanced: {_value(bool(summary.get('balanced', False)))}",
              f"- failed expectations: {_value(summary.get('failed_expectations') or [])}"]
    if covered:
        lines.append(f"- warehouse now: {covered}")
    lines.append(f"- report: [{REPORT}]({report})" if report else "- report: not written (see the run's logs)")
    return "\n".join(lines) + "\n"


def _logger():
    import logging

    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger("newsfacts.artifacts")


def write_report(warehouse: str) -> tuple[str, str]:
    """Render the warehouse's report into ``WAREHOUSE/_reports/report.html`` (local or object store).

    Returns:
        The report's URL and the one-line summary of what it covers.
    """
    import fsspec

    from newsfacts.report import build_report

    html, covered = build_report(warehouse)
    target = report_location(warehouse)
    fs, path = fsspec.core.url_to_fs(target)
    fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
    with fs.open(path, "w", encoding="utf-8") as fh:
        fh.write(html)
    url = Path(path).resolve().as_uri() if "://" not in target or target.startswith("file://") else target
    return url, covered


@task(name="publish-run-artifacts")
def publish_run_artifacts(summary: Mapping, *, warehouse: str, details: str | None = None) -> dict[str, str | None]:
    """Write the report and publish a link artifact to it plus the run's markdown summary.

    Args:
        summary: the flow's summary dict (``run_id``, counts, ``balanced``, ``failed_expectations``).
        warehouse: the warehouse root the run wrote.
        details: more markdown to append, e.g. ``newsfacts.quality.summary_markdown(reports)``.

    Returns:
        ``{"report": URL or None, "report_key": ..., "summary_key": ...}``.
    """
    report = covered = None
    try:
        report, covered = write_report(warehouse)
    except (NewsfactsError, OSError, ValueError) as exc:  # the tables are published; the report is not
        _logger().warning("the report was not written: %s", exc)
    keys = {"report_key": artifact_key(warehouse, "report"), "summary_key": artifact_key(warehouse, "run-summary")}
    if report:
        create_link_artifact(link=report, link_text="newsfacts report", key=keys["report_key"],
                             description=f"newsfacts report of {warehouse}")
    markdown = run_markdown(summary, warehouse=warehouse, report=report, covered=covered)
    create_markdown_artifact(markdown=markdown + (f"\n{details}" if details else ""), key=keys["summary_key"],
                             description=f"newsfacts run {summary.get('run_id', '')}")
    return {"report": report, **keys}
