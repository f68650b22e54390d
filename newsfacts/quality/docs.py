"""What a run leaves to read: GX's HTML data docs and a markdown summary.

:func:`build_data_docs` keeps a small file-backed GX project under
``<warehouse>/_reports/gx/`` (its validation results store accumulates across
runs, so the index lists every run) and renders the site into
``<warehouse>/_reports/data_docs/``: the validation pages, one page per suite (the index links
to them), and of GX's 4 MB of static fonts and images only the files the pages use. Folders starting with ``_`` are invisible
to the warehouse's dataset discovery.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsfacts.errors import WarehouseError

if TYPE_CHECKING:
    from newsfacts.quality.validate import QualityReport

REPORTS = "_reports"
SITE = "newsfacts"


def data_docs_dir(warehouse_root: str | Path) -> Path:
    """``<warehouse>/_reports/data_docs``."""
    return Path(warehouse_root) / REPORTS / "data_docs"


def _store_results(context, reports: list[QualityReport]) -> list:
    """Put each chosen batch's validation results in the context's store; return the ids
    of the results and of their suites (what the site renders)."""
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    ids = []
    for report in reports:
        for table, result in report.results.items():
            key = ValidationResultIdentifier(
                expectation_suite_identifier=ExpectationSuiteIdentifier(name=table),
                run_id=result.meta["run_id"],
                batch_identifier=report.batch_id,
            )
            context.validation_results_store.set(key, result)
            ids.append(key)
    suites = sorted({k.expectation_suite_identifier.name for k in ids})
    return ids + [ExpectationSuiteIdentifier(name=t) for t in suites]


def build_data_docs(
    warehouse_root: str | Path, reports: Iterable[QualityReport], *, only_failed: bool = False
) -> Path | None:
    """Render GX data docs for the validation results of a run.

    Args:
        warehouse_root: a LOCAL warehouse folder. For a remote (``s3://``) warehouse pass a
            local folder instead (e.g. a scratch dir); remote roots are refused.
        reports: the run's reports (from :func:`validate_batch`).
        only_failed: render pages only for batches with a failed expectation (the index
            still lists them); rendering costs ~0.1-0.3 s per table and batch.

    Returns:
        The site's ``index.html``, or None when there was nothing to render.

    Raises:
        WarehouseError: the root is a URL, or GX cannot write the site.
    """
    root = str(warehouse_root)
    if "://" in root and not root.startswith("file://"):
        raise WarehouseError(f"data docs need a local folder, not {root!r}; pass a local reports folder")
    base = Path(root.removeprefix("file://")).resolve()
    chosen = [r for r in reports if r.results and (not only_failed or not _all_passed(r))]
    if not chosen:
        return None

    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from great_expectations.exceptions import GreatExpectationsError

    from newsfacts.quality.suites import to_gx_suite
    from newsfacts.quality.validate import runtime

    site_dir = data_docs_dir(base)
    try:
        context = gx.get_context(mode="file", project_root_dir=str(base / REPORTS))
        context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        _configure_site(context, site_dir)

        for suite in runtime().suites.values():
            context.suites.add_or_update(to_gx_suite(suite.to_json_dict()))
        ids = _store_results(context, chosen)
        context.build_data_docs(site_names=[SITE], resource_identifiers=ids)
        prune_static(site_dir)
    except (GreatExpectationsError, OSError) as exc:
        raise WarehouseError(f"cannot build data docs under {site_dir}: {exc}") from exc
    return site_dir / "index.html"


_STATIC_REF = re.compile(r"""["'(](?:\./|(?:\.\./)+)?(static/[^"')?#]+)""")


def prune_static(site_dir: Path) -> int:
    """Delete the static files GX copies into every site that no page uses.

    GX copies about 4 MB of fonts, GIFs and logos on every build; its pages inline their styles and
    use only the favicon. The index names every static file a page refers to, so whatever it does
    not name goes.

    Args:
        site_dir: the data docs site (holding ``index.html`` and ``static/``).

    Returns:
        Bytes removed.
    """
    index = site_dir / "index.html"
    static = site_dir / "static"
    if not index.exists() or not static.is_dir():
        return 0
    keep = {site_dir / ref for ref in _STATIC_REF.findall(index.read_text(encoding="utf-8"))}
    removed = 0
    for path in sorted(static.rglob("*"), reverse=True):  # files before their folders
        if path.is_file() and path not in keep:
            removed += path.stat().st_size
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return removed


def _configure_site(context: Any, site_dir: Path) -> None:
    """Make the project's one data docs site render into ``site_dir`` (and drop any other site)."""
    site_config = {
        "class_name": "SiteBuilder",
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(site_dir)},
    }
    sites = context.list_data_docs_sites()
    if SITE in sites:
        context.update_data_docs_site(SITE, site_config)
    else:
        context.add_data_docs_site(SITE, site_config)
    for name in list(sites):
        if name != SITE:
            context.delete_data_docs_site(name)


def _all_passed(report: QualityReport) -> bool:
    return all(report.rows.column("success").to_pylist())


def _cell(value: Any) -> str:
    """A markdown table cell: lists as words (never a raw ``[]``), pipes escaped.

    >>> _cell([]), _cell(["facts.value", "a|b"])
    ('none', 'facts.value, a\\\\|b')
    """
    if isinstance(value, list | tuple | set):
        value = ", ".join(str(v) for v in value) or "none"
    return str(value).replace("|", "\\|").replace("\n", " ")


def summary_markdown(reports: Iterable[QualityReport], accounting: Mapping[str, Any] | None = None) -> str:
    """A markdown summary of a run's quality gates, for a Prefect markdown artifact.

    Args:
        reports: the run's reports.
        accounting: counts to show first, e.g. ``{"records_read": 412, "quarantined": 3}``.

    Returns:
        Markdown: the accounting table, the gate counts and every failed expectation.
    """
    reports = list(reports)
    lines = ["# newsfacts run quality", ""]
    if accounting:
        lines += ["| count | value |", "|---|---|"]
        lines += [f"| {_cell(k)} | {_cell(v)} |" for k, v in accounting.items()]
        lines.append("")
    held = [r for r in reports if not r.passed]
    warned = [r for r in reports if r.passed and r.warnings]
    n_checks = sum(r.rows.num_rows for r in reports)
    seconds = sum(r.seconds for r in reports)
    setup = sum(r.setup_seconds for r in reports)
    lines += [
        "## Quality gates",
        "",
        f"- batches validated: {len(reports)}",
        f"- batches passed: {len(reports) - len(held)} ({len(warned)} with warnings)",
        f"- batches held back (critical failure): {len(held)}",
        f"- expectation results: {n_checks}",
        f"- validation time: {seconds:.2f} s"
        + (f" ({seconds / len(reports):.2f} s per batch)" if reports else "")
        + (f", plus {setup:.1f} s loading Great Expectations" if setup >= 0.05 else ""),
        "",
    ]
    failed = [
        (r.batch_id, row)
        for r in reports
        for row in r.rows.to_pylist()
        if not row["success"]
    ]
    if failed:
        lines += [
            "## Failed expectations",
            "",
            "| batch | severity | table.column | expectation | unexpected | examples |",
            "|---|---|---|---|---|---|",
        ]
        for batch_id, row in failed:
            details = json.loads(row["details"] or "{}")
            examples = details.get("exception") or ", ".join(repr(v) for v in details.get("partial_unexpected", [])[:3])
            where = f"{row['table']}.{row['column']}" if row["column"] else row["table"]
            count = "" if row["unexpected_count"] is None else f"{row['unexpected_count']} of {row['element_count']}"
            lines.append(
                f"| {_cell(batch_id)} | {row['severity']} | {_cell(where)} | {row['expectation']} "
                f"| {count} | {_cell(examples[:120])} |"
            )
    else:
        lines.append("No expectation failed.")
    return "\n".join(lines) + "\n"
