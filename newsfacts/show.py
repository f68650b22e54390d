"""Look at a warehouse table without SQL: read it, filter it, format it.

Pure: no Prefect, no click. :func:`read_table` is the one reader (a Delta
table when the folder has a ``_delta_log``, else a hive-partitioned Parquet
folder; local or ``s3://``); :func:`select` filters with DuckDB over the Arrow
table; :func:`render` turns rows into a rich table, CSV, JSON or Parquet.

>>> import pyarrow as pa
>>> facts = pa.table({"category": ["killed", "money"], "value": [12.0, 5.0], "day": ["2017-04-05", "2017-04-06"]})
>>> select("facts", facts, Filters(category="killed")).column("value").to_pylist()
[12.0]
"""

from __future__ import annotations

import io
import json
import math
import os
import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

import pyarrow as pa

from newsfacts.errors import NewsfactsError


class ShowError(NewsfactsError):
    """A table cannot be shown: unknown or absent table, a filter that does not apply, bad SQL."""

    reason = "show"


@dataclass(frozen=True)
class TableView:
    """How one table is filtered and shown.

    Attributes:
        dates: the column(s) --since/--until compare with: one column, or (start, end) of a span.
        category: the column --category matches exactly.
        places: columns --place matches (case-insensitive substring).
        source: the column --source matches, or ``"articles"`` to go through the article's source.
        order: the ORDER BY clause.
        display: the columns of the terminal table, in order (those present are shown).
        note: what to do when the table is absent.
    """

    dates: tuple[str, ...] = ()
    category: str | None = None
    places: tuple[str, ...] = ()
    source: str | None = None
    order: str = ""
    display: tuple[str, ...] = ()
    note: str = "it is written by every run"


VIEWS: dict[str, TableView] = {
    "facts": TableView(
        dates=("day",), category="category", places=("location", "country_code"), source="articles",
        order="day, article_id, start_char",
        display=("day", "category", "number_text", "counted", "location", "evidence"),
    ),
    "entities": TableView(
        dates=("day",), category="label", places=("canonical", "text"), source="articles",
        order="day, article_id, start_char", display=("day", "label", "text", "canonical", "article_id"),
    ),
    "incidents": TableView(
        dates=("event_start", "event_end"), category="category", places=("label", "country_code"),
        order="event_start, incident_id",
        display=("category", "label", "event_start", "low", "best", "high", "latest_value", "n_sources"),
        note="it is written by runs once incidents are reconciled (incident reconciliation, issue 16)",
    ),
    "incident_claims": TableView(
        dates=("published_at",), source="source", order="incident_id, published_at",
        display=("incident_id", "published_at", "source", "value", "value_low", "value_high", "qualifier",
                 "claimed_by", "fact_id"),
        note="it is written by runs once incidents are reconciled (incident reconciliation, issue 16)",
    ),
    "timexes": TableView(
        dates=("day",), category="type", source="articles", order="day, article_id, start_char",
        display=("day", "type", "text", "value", "start_date", "end_date", "article_id"),
        note="it is written by runs once time expressions are extracted",
    ),
    "articles": TableView(
        dates=("day",), places=("dateline",), source="source", order="day, article_id",
        display=("day", "source", "title", "dateline", "n_words", "doc_id", "article_id"),
    ),
    "sentences": TableView(
        dates=("day",), source="articles", order="day, article_id, field, sentence_idx",
        display=("day", "article_id", "field", "sentence_idx", "text"),
    ),
    "quality": TableView(
        dates=("checked_at",), category="table", order="checked_at, batch_id, \"table\", expectation",
        display=("table", "column", "expectation", "severity", "success", "unexpected_count", "element_count",
                 "run_id"),
    ),
    "quarantine": TableView(
        dates=("quarantined_at",), category="reason", source="source", order="quarantined_at, source",
        display=("quarantined_at", "stage", "reason", "source", "doc_id", "line", "detail"),
    ),
    "runs": TableView(
        dates=("started_at",), category="status", order="started_at",
        display=("run_id", "started_at", "status", "records_read", "articles_written", "duplicates_skipped",
                 "quarantined", "out_of_range"),
    ),
}
TABLE_NAMES: tuple[str, ...] = tuple(VIEWS)
FORMATS: tuple[str, ...] = ("table", "csv", "json", "parquet")


@dataclass(frozen=True)
class Filters:
    """What ``newsfacts show`` keeps. Every field is optional; None keeps everything."""

    category: str | None = None
    place: str | None = None
    since: date | None = None
    until: date | None = None
    article: str | None = None
    source: str | None = None
    run: str | None = None
    where: str | None = None
    limit: int | None = None


# ---- reading ---------------------------------------------------------------------------------
def delta_storage_options(url: str) -> dict[str, str]:
    """Options delta-rs needs for ``url``: plain-HTTP S3 endpoints (a local server) must be allowed.

    >>> delta_storage_options("warehouse")
    {}
    """
    if url.startswith("s3://") and os.environ.get("AWS_ENDPOINT_URL", "").startswith("http://"):
        return {"AWS_ALLOW_HTTP": "true"}
    return {}


def read_table(warehouse: str, table: str, columns: list[str] | None = None) -> pa.Table | None:
    """Read one table of a warehouse, whatever its format, or None when it does not exist.

    A folder with a ``_delta_log`` is read as a Delta table (deltalake), any other folder as
    hive-partitioned Parquet (the warehouses written before Delta).

    Args:
        warehouse: the warehouse root: a folder or an ``s3://bucket/prefix`` URL.
        table: the table's folder name, e.g. ``facts``.
        columns: read only these (those the table has); None reads every column.

    Returns:
        The whole table, or None when ``warehouse/table`` does not exist.

    Raises:
        ShowError: the folder exists but cannot be read as a table.
    """
    import fsspec
    import pyarrow.dataset as ds

    fs, root = fsspec.core.url_to_fs(warehouse)
    path = posixpath.join(root, table)
    fs.invalidate_cache(path)
    if not fs.exists(path):
        return None
    try:
        if fs.exists(posixpath.join(path, "_delta_log")):
            from deltalake import DeltaTable

            uri = warehouse.rstrip("/") + "/" + table
            dt = DeltaTable(uri, storage_options=delta_storage_options(warehouse))
            names = [f.name for f in dt.schema().fields]
            return dt.to_pyarrow_table(columns=_present(columns, names))
        dset = ds.dataset(path, filesystem=fs, format="parquet", partitioning="hive")
        return dset.to_table(columns=_present(columns, dset.schema.names))
    except (OSError, pa.ArrowException, ValueError) as exc:
        raise ShowError(f"cannot read table {table!r} under {warehouse}: {exc}") from exc


def _present(wanted: list[str] | None, names: list[str]) -> list[str] | None:
    return None if wanted is None else [c for c in wanted if c in names]


def warehouse_exists(warehouse: str) -> bool:
    """Whether the warehouse root exists (never creates it)."""
    import fsspec

    fs, root = fsspec.core.url_to_fs(warehouse)
    return fs.exists(root)


def load(warehouse: str, table: str) -> pa.Table:
    """:func:`read_table` for the command line: a named error for every way it can be missing.

    Raises:
        ShowError: unknown table name, no warehouse there, or the table does not exist yet.
    """
    if table not in VIEWS:
        raise ShowError(f"unknown table {table!r}: choose one of {', '.join(TABLE_NAMES)}")
    if not warehouse_exists(warehouse):
        raise ShowError(f"no warehouse at {warehouse}: run `newsfacts run` first or pass --warehouse DIR")
    data = read_table(warehouse, table)
    if data is None:
        raise ShowError(f"the warehouse {warehouse} has no table {table!r} yet: {VIEWS[table].note}")
    return data


# ---- filtering -------------------------------------------------------------------------------
def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _as_date(column: str) -> str:
    return f"TRY_CAST({_quote(column)} AS DATE)"


def _require(table: str, option: str, column: str | None, names: list[str]) -> str:
    if column is None or (column != "articles" and column not in names):
        raise ShowError(f"{option} does not apply to table {table!r}")
    return column


def _date_clauses(table: str, view: TableView, f: Filters, names: list[str]) -> list[tuple[str, list]]:
    if f.since is None and f.until is None:
        return []
    cols = [c for c in view.dates if c in names]
    if not cols:
        raise ShowError(f"--since/--until do not apply to table {table!r}")
    start, end = _as_date(cols[0]), _as_date(cols[-1])
    out = []
    if f.since is not None:  # a span overlaps the range when it ends on or after --since ...
        out.append((f"COALESCE({end}, {start}) >= ?", [f.since]))
    if f.until is not None:  # ... and starts on or before --until
        out.append((f"{start} <= ?", [f.until]))
    return out


def _clauses(table: str, view: TableView, f: Filters, names: list[str]) -> list[tuple[str, list]]:
    out: list[tuple[str, list]] = []
    if f.category is not None:
        col = _require(table, "--category", view.category, names)
        out.append((f"lower({_quote(col)}) = lower(?)", [f.category]))
    if f.place is not None:
        cols = [c for c in view.places if c in names]
        if not cols:
            raise ShowError(f"--place does not apply to table {table!r}")
        out.append(("(" + " OR ".join(f"{_quote(c)} ILIKE ?" for c in cols) + ")", [f"%{f.place}%"] * len(cols)))
    out += _date_clauses(table, view, f, names)
    if f.article is not None:
        col = _require(table, "--article", "article_id", names)
        ids = [_quote(col)] + ([_quote("doc_id")] if "doc_id" in names else [])
        out.append(("(" + " OR ".join(f"{c} LIKE ?" for c in ids) + ")", [f"{f.article}%"] * len(ids)))
    if f.run is not None:
        _require(table, "--run", "run_id", names)
        out.append(('"run_id" = ?', [f.run]))
    if f.where:
        out.append((f"({f.where})", []))
    return out


def select(table: str, data: pa.Table, f: Filters, articles: pa.Table | None = None) -> pa.Table:
    """Filter and order a table's rows with DuckDB.

    Args:
        table: the table's name (a key of :data:`VIEWS`).
        data: the whole table.
        f: the filters.
        articles: the ``articles`` table, needed only for ``--source`` on tables that take
            their source from the article (facts, entities, sentences, timexes).

    Returns:
        The rows kept, in the table's natural order, at most ``f.limit``.

    Raises:
        ShowError: a filter does not apply to the table, or ``--where`` is not valid SQL for it.
    """
    import duckdb

    view = VIEWS.get(table, TableView())
    names = data.column_names
    clauses = _clauses(table, view, f, names)
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")  # timestamps compare with --since/--until as UTC days
    except duckdb.Error:
        pass  # no ICU extension: DuckDB already works in UTC
    con.register("t", data)
    if f.source is not None:
        col = _require(table, "--source", view.source, names)
        if col == "articles":
            if articles is None or "article_id" not in names:
                raise ShowError(f"--source needs the articles table to filter {table!r}")
            con.register("a", articles.select(["article_id", "source"]))
            clauses.append(('"article_id" IN (SELECT article_id FROM a WHERE source ILIKE ?)', [f"%{f.source}%"]))
        else:
            clauses.append((f"{_quote(col)} ILIKE ?", [f"%{f.source}%"]))
    sql = "SELECT * FROM t"
    if clauses:
        sql += " WHERE " + " AND ".join(c for c, _ in clauses)
    order = [c.strip() for c in view.order.split(",") if c.strip()]
    if order and all(o.strip('"') in names for o in order):
        sql += " ORDER BY " + ", ".join(order)
    if f.limit is not None:
        sql += f" LIMIT {int(f.limit)}"
    params = [p for _, ps in clauses for p in ps]
    try:
        rel = con.sql(sql, params=params)
        fetch = getattr(rel, "to_arrow_table", None) or rel.arrow  # DuckDB 2 / 1.x
        return fetch()
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0]
        raise ShowError(f"bad filter on table {table!r}: {first}") from exc
    finally:
        con.close()


# ---- formatting ------------------------------------------------------------------------------
def _plain(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def to_records(data: pa.Table) -> list[dict]:
    """Rows as JSON-ready dicts (ISO dates, NaN as null).

    >>> to_records(pa.table({"v": [1.0, float("nan")]}))
    [{'v': 1.0}, {'v': None}]
    """
    return [{k: _plain(v) for k, v in row.items()} for row in data.to_pylist()]


def to_json(data: pa.Table) -> str:
    """A JSON array of the rows."""
    return json.dumps(to_records(data), ensure_ascii=False, indent=1, default=str) + "\n"


def to_csv(data: pa.Table) -> str:
    """CSV with a header row."""
    import csv

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=data.column_names, lineterminator="\n")
    writer.writeheader()
    writer.writerows(to_records(data))
    return buf.getvalue()


def highlight_span(evidence: str, number_text: str | None) -> tuple[int, int] | None:
    """Where the number as written sits in its evidence sentence.

    >>> highlight_span("At least 12 fighters were killed", "At least 12")
    (0, 11)
    >>> highlight_span("No number here", "47") is None
    True
    """
    if not isinstance(number_text, str) or not isinstance(evidence, str) or not number_text:
        return None
    at = evidence.find(number_text)
    if at < 0:
        at = evidence.lower().find(number_text.lower())
    return None if at < 0 else (at, at + len(number_text))


def _cell(column: str, row: Mapping, width: int = 60) -> object:
    from rich.text import Text

    value = row.get(column)
    if column == "evidence" and isinstance(value, str):
        text = Text(value)
        span = highlight_span(value, row.get("number_text"))
        if span:
            text.stylize("bold reverse yellow", *span)
        return text
    if column in ("article_id", "incident_id", "fact_id") and isinstance(value, str):
        return Text(value[:12])
    if isinstance(value, datetime):
        return Text(value.strftime("%Y-%m-%d %H:%M"))
    value = _plain(value)
    shown = "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
    return Text(shown if len(shown) <= width else shown[: width - 1] + "…")


def rich_table(table: str, data: pa.Table, *, total: int | None = None, width: int = 120):
    """A rich Table of the rows: the table's display columns, facts with the number highlighted.

    Args:
        table: the table's name.
        data: the rows to show.
        total: rows before --limit, for the caption.
        width: the terminal's width: columns shrink (and wrap) so that every one stays visible.
    """
    from rich.table import Table

    view = VIEWS.get(table, TableView())
    columns = [c for c in view.display if c in data.column_names] or data.column_names
    caption = f"{data.num_rows} rows" + (f" of {total}" if total is not None and total != data.num_rows else "")
    out = Table(title=table, caption=caption, show_lines=table == "facts", expand=False)
    rows = [[_cell(col, row) for col in columns] for row in data.to_pylist()]
    fair = max(4, (width - 3 * len(columns) - 1) // max(len(columns), 1))  # each column's share, borders aside
    for i, col in enumerate(columns):
        header = HEADERS.get(col, col)
        if col in LONG_COLUMNS:
            out.add_column(header, overflow="fold", ratio=1, min_width=min(14, fair))
        else:  # short columns keep their values on one line where they can
            widest = max([len(header)] + [r[i].cell_len for r in rows])
            out.add_column(header, overflow="fold", min_width=min(widest, 10, fair))
    for cells in rows:
        out.add_row(*cells)
    return out


#: Columns that wrap in the terminal table; the others stay on one line.
LONG_COLUMNS = frozenset({"evidence", "text", "title", "detail", "label"})
HEADERS = {"number_text": "number", "articles_written": "written", "duplicates_skipped": "duplicates",
           "records_read": "read", "unexpected_count": "unexpected", "element_count": "of",
           "latest_value": "latest", "n_sources": "sources", "event_start": "from"}

WRITERS: dict[str, Callable[[pa.Table], str]] = {"csv": to_csv, "json": to_json}


def write_parquet(data: pa.Table, out: str) -> None:
    """Write the rows to one Parquet file."""
    import pyarrow.parquet as pq

    pq.write_table(data, out, compression="zstd")
