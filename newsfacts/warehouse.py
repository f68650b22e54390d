"""The warehouse: Parquet tables under a root folder or an ``s3://bucket/prefix`` URL.

Writes are atomic per run. A run stages every file under ``_staging/<run_id>/``
(invisible to readers: dataset discovery ignores names starting with ``_``),
then commits by writing a journal ``_journal/<run_id>.json`` listing the moves
and moving each staged file into its table folder. On a local disk each move is
an ``os.rename`` (atomic); on S3 each object appears whole. A run killed before
its journal is written leaves the tables exactly as they were; a run killed
during the moves is rolled forward by :meth:`Warehouse.recover`, which every run
calls first. File names are derived from the rows' keys, so writing the same
batch again replaces a file instead of adding one.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import signal
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone

import fsspec
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from newsfacts.errors import WarehouseError
from newsfacts.schema import PARTITION, TABLES, UNDATED, Table

STAGING = "_staging"
JOURNAL = "_journal"

#: Fault injection for crash tests: ``stage:N`` or ``commit:N`` kills the process
#: with SIGKILL right after the N-th staged file or the N-th published file.
CRASH_ENV = "NEWSFACTS_CRASH_AT"
_crash_counts: dict[str, int] = {}


def _crash_point(point: str) -> None:
    spec = os.environ.get(CRASH_ENV)
    if not spec or not spec.startswith(point + ":"):
        return
    _crash_counts[point] = _crash_counts.get(point, 0) + 1
    if _crash_counts[point] >= int(spec.split(":", 1)[1]):
        os.kill(os.getpid(), signal.SIGKILL)


def short_hash(*parts: object, n: int = 16) -> str:
    """First ``n`` hex digits of sha256 over the parts joined by U+001F."""
    return hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode()).hexdigest()[:n]


def day_of(ts: datetime | None) -> str:
    """The hive partition value for a publication time (UTC date, or ``undated``)."""
    if ts is None:
        return UNDATED
    if ts.tzinfo is not None:
        ts = ts.astimezone(timezone.utc)
    return ts.date().isoformat()


@dataclass
class Transaction:
    """Files staged by one run, published together by :meth:`Warehouse.commit`."""

    run_id: str
    moves: list[tuple[str, str]] = field(default_factory=list)


class Warehouse:
    """A warehouse root on any fsspec filesystem (local folder or ``s3://``).

    Args:
        root: a folder path or URL, e.g. ``warehouse`` or ``s3://bucket/news``.
        storage_options: passed to fsspec (e.g. ``{"endpoint_url": ...}`` for S3).
    """

    def __init__(self, root: str, storage_options: Mapping | None = None) -> None:
        self.url = str(root)
        self.storage_options = dict(storage_options or {})
        self.fs, self.root = fsspec.core.url_to_fs(self.url, **self.storage_options)
        self.local = "file" in (self.fs.protocol if isinstance(self.fs.protocol, tuple) else (self.fs.protocol,))
        if self.local:
            self.fs.makedirs(self.root, exist_ok=True)

    # ---- paths -------------------------------------------------------------------------
    def path(self, *parts: str) -> str:
        return posixpath.join(self.root, *parts)

    def table_dir(self, table: str) -> str:
        return self.path(table)

    # ---- reading -----------------------------------------------------------------------
    def dataset(self, table: str) -> ds.Dataset | None:
        """The table as a pyarrow dataset (hive-partitioned), or None when it has no files."""
        tdir = self.table_dir(table)
        if not self.local:
            self.fs.invalidate_cache(tdir)  # object stores: list afresh, another process may have committed
        if not self.fs.exists(tdir):
            return None
        try:
            return ds.dataset(tdir, filesystem=self.fs, format="parquet", partitioning="hive")
        except (OSError, pa.ArrowInvalid) as exc:
            raise WarehouseError(f"cannot read table {table!r} under {self.url}: {exc}") from exc

    def read(self, table: str, columns: list[str] | None = None) -> pa.Table:
        """A whole table (empty with the table's schema when it has no files)."""
        dset = self.dataset(table)
        spec = TABLES[table]
        if dset is None:
            schema = spec.schema
            if spec.partitioned:
                schema = schema.append(pa.field(PARTITION, pa.string()))
            empty = schema.empty_table()
            return empty.select(columns) if columns else empty
        return dset.to_table(columns=columns)

    def column_values(self, table: str, column: str) -> set[str]:
        """Distinct values of one column, read column-only (cheap even for big tables)."""
        dset = self.dataset(table)
        if dset is None:
            return set()
        values: set[str] = set()
        for batch in dset.to_batches(columns=[column]):
            values.update(batch.column(0).to_pylist())
        return values

    # ---- writing -----------------------------------------------------------------------
    def begin(self, run_id: str) -> Transaction:
        return Transaction(run_id)

    def stage(self, txn: Transaction, table: str, data: pa.Table, *, part: str, day: str | None = None) -> None:
        """Write one Parquet file for ``table`` into the run's staging area.

        Args:
            txn: the run's transaction.
            table: the table name (a key of ``schema.TABLES``).
            data: rows conforming to the table's schema (cast here; a mismatch raises).
            part: a name derived from the rows' keys, so the same rows give the same file.
            day: the partition value for partitioned tables.
        """
        spec: Table = TABLES[table]
        if data.num_rows == 0:
            return
        data = conform(data, spec)
        rel = posixpath.join(table, f"{PARTITION}={day or UNDATED}" if spec.partitioned else "", f"part-{part}.parquet")
        rel = rel.replace("//", "/")
        staged = self.path(STAGING, txn.run_id, rel)
        self.fs.makedirs(posixpath.dirname(staged), exist_ok=True)
        with self.fs.open(staged, "wb") as fh:
            pq.write_table(data, fh, compression="zstd")
        txn.moves.append((staged, self.path(rel)))
        _crash_point("stage")

    def ensure_tables(self, txn: Transaction, names: Iterable[str]) -> None:
        """Stage an empty file for each table that has none yet, so every table
        exists (with its schema) for readers even before it has rows."""
        for name in names:
            if self.dataset(name) is None and not any(dst.startswith(self.path(name) + "/") for _, dst in txn.moves):
                spec = TABLES[name]
                part = f"{PARTITION}={UNDATED}" if spec.partitioned else ""  # same depth as the table's files
                rel = posixpath.join(name, part, "part-empty.parquet").replace("//", "/")
                staged = self.path(STAGING, txn.run_id, rel)
                self.fs.makedirs(posixpath.dirname(staged), exist_ok=True)
                with self.fs.open(staged, "wb") as fh:
                    pq.write_table(spec.schema.empty_table(), fh)
                txn.moves.append((staged, self.path(rel)))

    def commit(self, txn: Transaction) -> int:
        """Publish every staged file of the run; returns how many files were published."""
        if not txn.moves:
            self.discard(txn)
            return 0
        journal = self.path(JOURNAL, f"{txn.run_id}.json")
        self.fs.makedirs(posixpath.dirname(journal), exist_ok=True)
        tmp = journal + ".tmp"
        with self.fs.open(tmp, "w") as fh:
            json.dump({"run_id": txn.run_id, "moves": txn.moves}, fh)
        self.fs.mv(tmp, journal)  # the journal appears whole: from here on the run is committed
        self._apply(txn.moves)
        self.fs.rm(journal)
        self._drop_if_empty(JOURNAL)
        self.discard(txn)
        return len(txn.moves)

    def discard(self, txn: Transaction) -> None:
        """Forget a run's staged files (an aborted run, or after commit)."""
        staging = self.path(STAGING, txn.run_id)
        if self.fs.exists(staging):
            self.fs.rm(staging, recursive=True)
        self._drop_if_empty(STAGING)

    def _drop_if_empty(self, name: str) -> None:
        folder = self.path(name)
        if self.local and self.fs.exists(folder) and not self.fs.ls(folder):
            self.fs.rmdir(folder)

    def _apply(self, moves: Iterable[tuple[str, str]]) -> None:
        for src, dst in moves:
            if self.fs.exists(src):
                self.fs.makedirs(posixpath.dirname(dst), exist_ok=True)
                self.fs.mv(src, dst)
                _crash_point("commit")

    def recover(self) -> list[str]:
        """Finish commits that were interrupted and drop staging left by killed runs.

        Returns:
            The run ids whose commit was rolled forward.
        """
        rolled: list[str] = []
        jdir = self.path(JOURNAL)
        if self.fs.exists(jdir):
            for jpath in sorted(self.fs.ls(jdir, detail=False)):
                if not jpath.endswith(".json"):
                    self.fs.rm(jpath)
                    continue
                with self.fs.open(jpath, "r") as fh:
                    journal = json.load(fh)
                self._apply(tuple(m) for m in journal["moves"])
                self.fs.rm(jpath)
                rolled.append(journal["run_id"])
        sdir = self.path(STAGING)
        if self.fs.exists(sdir):
            self.fs.rm(sdir, recursive=True)
        return rolled


def conform(data: pa.Table, spec: Table) -> pa.Table:
    """Select and cast ``data`` to the table's schema (columns in schema order).

    Raises:
        WarehouseError: a required column is missing or a value cannot be cast.
    """
    missing = [c for c in spec.columns if c not in data.column_names]
    if missing:
        raise WarehouseError(f"table {spec.name!r}: rows lack columns {missing}")
    try:
        return data.select(spec.columns).cast(spec.schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise WarehouseError(f"table {spec.name!r}: rows do not fit the schema: {exc}") from exc


def stage_article_tables(wh: Warehouse, txn: Transaction, tables: Mapping[str, pa.Table]) -> None:
    """Stage a batch's article tables, one file per table and publication day.

    Each file is named by a hash of the article ids it holds, so the same
    articles always land in the same file.
    """
    import pyarrow.compute as pc

    articles = tables["articles"]
    if articles.num_rows == 0:
        return
    days = [day_of(ts) for ts in articles.column("published_at").to_pylist()]
    ids = articles.column("article_id").to_pylist()
    by_day: dict[str, list[str]] = {}
    for day, aid in zip(days, ids):
        by_day.setdefault(day, []).append(aid)
    for day, day_ids in sorted(by_day.items()):
        part = short_hash(*sorted(day_ids))
        wanted = pa.array(day_ids, pa.string())
        for name, data in tables.items():
            rows = data.filter(pc.is_in(data.column("article_id"), value_set=wanted))
            wh.stage(txn, name, rows, part=part, day=day)
