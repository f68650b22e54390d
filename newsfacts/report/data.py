"""What the report shows, read from a warehouse (the only part of the report that does I/O).

:func:`load_report_data` reads the tables through :func:`newsfacts.show.read_table` (Delta or
Parquet, local or ``s3://``), narrowed to one run when asked; :class:`ReportData` is what the pure
renderer takes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.compute as pc

from newsfacts.show import ShowError, read_table, warehouse_exists

ARTICLE_COLUMNS = ["article_id", "doc_id", "title", "published_at", "source", "url", "run_id", "day"]
FACT_COLUMNS = [
    "fact_id", "article_id", "evidence", "category", "value", "value_low", "value_high", "qualifier",
    "counted", "location", "claimed_by", "number_text", "day", "place_id", "lat", "lon", "country_code",
]


@dataclass
class ReportData:
    """The tables a report is drawn from. Absent tables are None (never an error)."""

    warehouse: str
    run_id: str | None = None
    runs: pa.Table | None = None
    quality: pa.Table | None = None
    quarantine: pa.Table | None = None
    articles: pa.Table | None = None
    facts: pa.Table | None = None
    incidents: pa.Table | None = None
    incident_claims: pa.Table | None = None
    data_docs: str | None = None
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def count(self, name: str) -> int:
        """Rows of a table (0 when absent)."""
        table = getattr(self, name)
        return 0 if table is None else table.num_rows

    def summary(self) -> str:
        """One line: what the report covers, e.g. ``1 run, 81 articles, 776 facts, 0 incidents``."""
        return (f"{self.count('runs')} run{'s' if self.count('runs') != 1 else ''}, "
                f"{self.count('articles')} articles, {self.count('facts')} facts, "
                f"{self.count('incidents')} incidents, {self.count('quarantine')} quarantined")


def _only(table: pa.Table | None, column: str, values: pa.Array | list) -> pa.Table | None:
    if table is None or column not in table.column_names:
        return table
    return table.filter(pc.is_in(table.column(column), value_set=pa.array(values, table.schema.field(column).type)))


def _narrow_to_run(data: ReportData, run_id: str) -> ReportData:
    if data.runs is None or run_id not in data.runs.column("run_id").to_pylist():
        known = [] if data.runs is None else data.runs.column("run_id").to_pylist()[-5:]
        raise ShowError(f"no run {run_id!r} in {data.warehouse}"
                        + (f": recent runs are {', '.join(known)}" if known else ": it has no runs yet"))
    data.runs, data.quality, data.quarantine, data.articles = (
        _only(t, "run_id", [run_id]) for t in (data.runs, data.quality, data.quarantine, data.articles)
    )
    ids = data.articles.column("article_id") if data.articles is not None else pa.array([], pa.string())
    data.facts = _only(data.facts, "article_id", ids)
    data.incident_claims = _only(data.incident_claims, "article_id", ids)
    if data.incident_claims is not None:
        data.incidents = _only(data.incidents, "incident_id", pc.unique(data.incident_claims.column("incident_id")))
    return data


def load_report_data(warehouse: str, run_id: str | None = None) -> ReportData:
    """Read what the report needs (text columns left out: evidence sentences are enough).

    Args:
        warehouse: the warehouse root, a folder or an ``s3://`` URL.
        run_id: narrow everything to one run (its accounting, checks, quarantine and articles).

    Raises:
        ShowError: no warehouse there, or no such run.
    """
    if not warehouse_exists(warehouse):
        raise ShowError(f"no warehouse at {warehouse}: run `newsfacts run` first or pass --warehouse DIR")
    data = ReportData(
        warehouse=warehouse,
        run_id=run_id,
        runs=read_table(warehouse, "runs"),
        quality=read_table(warehouse, "quality"),
        quarantine=read_table(warehouse, "quarantine"),
        articles=read_table(warehouse, "articles", ARTICLE_COLUMNS),
        facts=read_table(warehouse, "facts", FACT_COLUMNS),
        incidents=read_table(warehouse, "incidents"),
        incident_claims=read_table(warehouse, "incident_claims"),
    )
    data.data_docs = _data_docs_url(warehouse)
    return _narrow_to_run(data, run_id) if run_id else data


def _data_docs_url(warehouse: str) -> str | None:
    """The ``file://`` URL of the warehouse's Great Expectations data docs, when it has them."""
    if "://" in warehouse and not warehouse.startswith("file://"):
        return None
    from pathlib import Path

    index = Path(warehouse.removeprefix("file://")) / "_reports" / "data_docs" / "index.html"
    return index.resolve().as_uri() if index.exists() else None
