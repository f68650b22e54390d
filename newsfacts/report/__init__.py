"""The newsfacts report: one self-contained HTML page of a warehouse or one run.

* :func:`build_report` — read a warehouse and render the page (what ``newsfacts report`` calls).
* :func:`render_report` — pure: :class:`ReportData` (Arrow tables) → HTML string.

Charts are Altair/Vega-Lite rendered to inline SVG with vl-convert; the map draws the vendored
world atlas (``countries-110m.json``); nothing is fetched when the page is opened.
"""

from __future__ import annotations

from pathlib import Path

from newsfacts.report import charts
from newsfacts.report.data import ReportData, load_report_data
from newsfacts.report.render import render_report


def build_report(warehouse: str, *, run_id: str | None = None) -> tuple[str, str]:
    """Read a warehouse and render its report.

    Args:
        warehouse: the warehouse root (folder or ``s3://`` URL).
        run_id: report on one run only.

    Returns:
        The HTML page and a one-line summary of what it covers.

    Raises:
        ShowError: no warehouse there, or no such run.
    """
    data = load_report_data(warehouse, run_id)
    with charts.svg_cache(chart_cache(warehouse) if run_id is None else None):
        return render_report(data), data.summary()


#: Where a local warehouse keeps its report's rendered charts (see :func:`charts.svg_cache`).
CHART_CACHE = "_reports/charts"


def chart_cache(warehouse: str) -> Path | None:
    """The chart cache folder of a local warehouse (None for object stores)."""
    if "://" in warehouse and not warehouse.startswith("file://"):
        return None
    return Path(warehouse.removeprefix("file://")) / CHART_CACHE


__all__ = ["ReportData", "build_report", "load_report_data", "render_report"]
