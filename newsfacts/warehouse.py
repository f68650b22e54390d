"""The warehouse: one Delta Lake table per name under a root folder or ``s3://bucket/prefix``.

Every table is a Delta table (plain Parquet data files plus a ``_delta_log``), written
through ``deltalake`` (delta-rs). The Delta log is the commit: a write either appears
whole in the next version or not at all, and a reader always sees one version.

Consistency order (Delta commits one table at a time):

1. the child tables of a batch (sentences, entities, facts, and any other table keyed by
   ``article_id``) are written first, each as a *replace by predicate* on the batch's
   ``day`` partitions and ``article_id`` values (delete those articles' rows, add the new
   ones, one commit), so writing the same batch twice leaves one copy;
2. then the batch's ``articles`` rows, the same way;
3. at the end of a run: ``quarantine`` (merge, insert when the ``quarantine_id`` is new),
   ``quality`` and ``runs`` (appends keyed by the run id), and last a *seal*: a commit on
   ``articles`` carrying Delta application transactions (``run:<run_id>`` and, for a
   backfill partition, ``partition:<key>:<fingerprint>``). The seal is the completion marker.

So a reader never sees an article without its children, and a crash anywhere leaves at
worst child rows of articles that are not published yet, which the rerun replaces.

Concurrent writers: a commit that conflicts with another writer's (delta-rs'
``CommitFailedError``) is retried with exponential backoff and jitter (the write is
idempotent, so retrying is always safe); after :data:`COMMIT_ATTEMPTS` the run fails with
a :class:`~newsfacts.errors.WarehouseError` naming the table and the conflict.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import random
import signal
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timezone

import fsspec
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from newsfacts.errors import WarehouseError
from newsfacts.extractor import COLUMN as VERSION_COLUMN
from newsfacts.schema import ARTICLE_TABLES, PARTITION, TABLES, UNDATED, Table

#: Folders of the previous (hand-committed Parquet) warehouse format.
LEGACY_FOLDERS = ("_staging", "_journal", "_state")
#: Default vacuum retention: files removed from the log stay this long for running readers.
RETENTION_HOURS = 7 * 24
#: Age after which a data file that no version refers to is swept (no commit takes that long).
SWEEP_HOURS = 1
#: Attempts of one commit before the run gives up on a conflict.
COMMIT_ATTEMPTS = int(os.environ.get("NEWSFACTS_COMMIT_ATTEMPTS", "8"))

#: Fault injection for crash tests: ``WHEN-POINT:N`` kills the process with SIGKILL at the
#: N-th occurrence of POINT in this process. POINT is ``commit`` (any table write), ``seal``
#: (the completion commit) or ``optimize`` (one table's compaction); WHEN is ``before``
#: (right before it starts) or ``during`` (a timer fires ``NEWSFACTS_CRASH_DELAY_MS``
#: milliseconds, default 15, after it starts, while delta-rs writes files or the log).
CRASH_ENV = "NEWSFACTS_CRASH_AT"
#: Test hook: ``TABLE:N`` makes a real concurrent commit to TABLE (rewriting its rows
#: unchanged, from a second handle) just before the N-th write attempt to it through one
#: ``Warehouse`` handle, ``TABLE:*`` before every attempt. Used to test conflict retries deterministically.
INTERFERE_ENV = "NEWSFACTS_INTERFERE"
_counts: dict[str, int] = {}


def _crash_point(point: str) -> None:
    spec = os.environ.get(CRASH_ENV)
    if not spec:
        return
    when, _, rest = spec.partition("-")
    name, _, nth = rest.partition(":")
    if name != point:
        return
    _counts[point] = _counts.get(point, 0) + 1
    if _counts[point] != int(nth or 1):
        return
    if when == "during":
        delay = float(os.environ.get("NEWSFACTS_CRASH_DELAY_MS", "15")) / 1000
        threading.Timer(delay, os.kill, (os.getpid(), signal.SIGKILL)).start()
    else:
        os.kill(os.getpid(), signal.SIGKILL)


def short_hash(*parts: object, n: int = 16) -> str:
    """First ``n`` hex digits of sha256 over the parts joined by U+001F.

    >>> short_hash("a", None, 3, n=8) == short_hash("a", "", "3", n=8)
    True
    """
    return hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode()).hexdigest()[:n]


def day_of(ts: datetime | None) -> str:
    """The partition value for a publication time (UTC date, or ``undated``).

    >>> day_of(None), day_of(datetime(2017, 2, 14, 23, 30, tzinfo=timezone.utc))
    ('undated', '2017-02-14')
    """
    if ts is None:
        return UNDATED
    if ts.tzinfo is not None:
        ts = ts.astimezone(timezone.utc)
    return ts.date().isoformat()


def delta_schema(spec: Table, *, partition: bool = True) -> pa.Schema:
    """The table's schema as stored: derived tables add ``extractor_version``, partitioned
    tables carry the ``day`` column last."""
    schema = spec.schema
    if spec.derived and VERSION_COLUMN not in schema.names:
        schema = schema.append(pa.field(VERSION_COLUMN, pa.string(), metadata={
            "doc": "package version + hash of the rules and word lists that made the row"}))
    if partition and spec.partitioned and PARTITION not in schema.names:
        schema = schema.append(pa.field(PARTITION, pa.string(), nullable=False))
    return schema


def conform(data: pa.Table, spec: Table, *, stored: bool = True) -> pa.Table:
    """Select and cast ``data`` to the table's schema (columns in schema order).

    Absent nullable columns are filled with nulls, so a writer built before a nullable
    column was added keeps working; an absent required column is an error.

    Args:
        data: the rows.
        spec: the table.
        stored: conform to the stored schema (with ``extractor_version`` on derived tables,
            and ``day`` when the rows carry it) rather than the checked schema.

    Raises:
        WarehouseError: a required column is missing or a value cannot be cast.
    """
    schema = delta_schema(spec, partition=PARTITION in data.column_names) if stored else spec.schema
    missing = [f.name for f in schema if f.name not in data.column_names]
    required = [n for n in missing if not schema.field(n).nullable]
    if required:
        raise WarehouseError(f"table {spec.name!r}: rows lack columns {required}")
    for name in missing:
        data = data.append_column(schema.field(name), pa.nulls(data.num_rows, schema.field(name).type))
    try:
        return data.select(schema.names).cast(schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise WarehouseError(f"table {spec.name!r}: rows do not fit the schema: {exc}") from exc


def _quote(values: Iterable[str]) -> str:
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)


def s3_options(url: str) -> dict[str, str]:
    """deltalake storage options for an ``s3://`` URL from the standard AWS environment.

    Concurrent writers on S3 need an atomic "create if absent" for log entries: S3 (since
    2024) and S3-compatible stores such as MinIO support conditional writes, configured here
    as ``conditional_put = etag``. ``AWS_ENDPOINT_URL`` selects another endpoint; plain
    ``http://`` endpoints (a local test server) are allowed explicitly.
    """
    if not url.startswith(("s3://", "s3a://")):
        return {}
    opts = {"conditional_put": os.environ.get("NEWSFACTS_S3_CONDITIONAL_PUT", "etag")}
    endpoint = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
    if endpoint:
        opts["AWS_ENDPOINT_URL"] = endpoint
        if endpoint.startswith("http://"):
            opts["AWS_ALLOW_HTTP"] = "true"
    if not os.environ.get("AWS_REGION") and not os.environ.get("AWS_DEFAULT_REGION"):
        opts["AWS_REGION"] = "us-east-1"
    return opts


class LegacyWarehouseError(WarehouseError):
    """A warehouse written by the previous version (plain Parquet folders, no Delta log)."""

    reason = "legacy_warehouse"


class Warehouse:
    """A warehouse root on a local folder or ``s3://`` (Delta tables through deltalake).

    Args:
        root: a folder path or URL, e.g. ``warehouse`` or ``s3://bucket/news``.
        storage_options: extra deltalake storage options (S3 keys, endpoint, ...).
        create: make a local root folder when absent.

    Raises:
        WarehouseError: the root is a file, or cannot be created.
    """

    def __init__(self, root: str, storage_options: Mapping | None = None, *, create: bool = True) -> None:
        self.url = str(root).rstrip("/") or str(root)
        self.fs, self.root = fsspec.core.url_to_fs(self.url)
        self.local = "file" in (self.fs.protocol if isinstance(self.fs.protocol, tuple) else (self.fs.protocol,))
        self.options = {**s3_options(self.url), **{k: str(v) for k, v in (storage_options or {}).items()}}
        self.retries = 0
        if self.local:
            self.root = os.path.abspath(self.root)
            if os.path.exists(self.root) and not os.path.isdir(self.root):
                raise WarehouseError(f"the warehouse path {self.root} is a file, not a folder: "
                                     "pass a folder (or a new path) with --warehouse")
            if create:
                try:
                    os.makedirs(self.root, exist_ok=True)
                except OSError as exc:
                    raise WarehouseError(f"cannot create the warehouse folder {self.root}: {exc.strerror}; "
                                         "choose a writable place with --warehouse") from exc

    # ---- paths -------------------------------------------------------------------------
    def path(self, *parts: str) -> str:
        return posixpath.join(self.root, *parts)

    def table_dir(self, table: str) -> str:
        return self.path(table)

    def uri(self, table: str) -> str:
        """The table's location as deltalake wants it (local absolute path or URL)."""
        return self.path(table) if self.local else f"{self.url}/{table}"

    # ---- format ------------------------------------------------------------------------
    def _exists(self, path: str) -> bool:
        if not self.local:
            self.fs.invalidate_cache(path)
        return self.fs.exists(path)

    def is_delta(self, table: str) -> bool:
        return self._exists(self.path(table, "_delta_log"))

    def legacy_tables(self) -> list[str]:
        """Table folders (and old bookkeeping folders) of the previous format found here."""
        found = [n for n in LEGACY_FOLDERS if self._exists(self.path(n))]
        return found + [n for n in TABLES if self._exists(self.path(n)) and not self.is_delta(n)]

    def require_current(self) -> None:
        """Refuse a previous-version warehouse with the command that converts it.

        Raises:
            LegacyWarehouseError: a table folder has no Delta log, or old bookkeeping remains.
        """
        legacy = self.legacy_tables()
        if legacy:
            raise LegacyWarehouseError(
                f"{self.url} was written by an older newsfacts (plain Parquet: {', '.join(legacy)}); "
                f"convert it first with `newsfacts migrate --warehouse {self.url}`"
            )

    # ---- reading -----------------------------------------------------------------------
    def delta(self, table: str, version: int | None = None):
        """The table's ``DeltaTable`` (latest version or ``version``), or None when absent.

        Raises:
            WarehouseError: the table exists but its log cannot be read (names the log).
        """
        from deltalake import DeltaTable
        from deltalake.exceptions import DeltaError, TableNotFoundError

        if not self.is_delta(table):
            return None
        try:
            return DeltaTable(self.uri(table), version=version, storage_options=self.options or None)
        except TableNotFoundError:
            return None
        except (DeltaError, OSError, ValueError) as exc:
            where = self._damaged_log_file(table) or self.path(table, "_delta_log")
            raise WarehouseError(
                f"cannot open table {table!r}: {where} is unreadable ({str(exc).splitlines()[0]}); "
                "restore that log file from a backup, or, if it is the newest entry, remove it "
                "(the table then reads as of the version before it)"
            ) from exc

    def _damaged_log_file(self, table: str) -> str | None:
        """The first log entry of a table that is not JSON lines (None when all parse)."""
        import json

        try:
            entries = sorted(p for p in self.fs.ls(self.path(table, "_delta_log"), detail=False) if p.endswith(".json"))
            for entry in entries:
                with self.fs.open(entry, "r") as fh:
                    for line in fh:
                        if line.strip():
                            json.loads(line)
        except ValueError:
            return entry
        except OSError:
            return None
        return None

    def dataset(self, table: str) -> ds.Dataset | None:
        """The table as a pyarrow dataset of its current files, or None when it does not exist."""
        dt = self.delta(table)
        return None if dt is None else dt.to_pyarrow_dataset()

    def read(self, table: str, columns: list[str] | None = None, version: int | None = None) -> pa.Table:
        """A whole table (empty with the table's schema when it does not exist)."""
        dt = self.delta(table, version)
        if dt is None:
            empty = delta_schema(TABLES[table]).empty_table() if table in TABLES else pa.table({})
            return empty.select(columns) if columns else empty
        data = dt.to_pyarrow_table(columns=columns)
        if columns or table not in TABLES:
            return data
        order = [c for c in delta_schema(TABLES[table]).names if c in data.column_names]
        return data.select(order + [c for c in data.column_names if c not in order])

    def column_values(self, table: str, column: str) -> set[str]:
        """Distinct values of one column, read column-only (cheap even for big tables)."""
        dset = self.dataset(table)
        if dset is None:
            return set()
        values: set[str] = set()
        for batch in dset.to_batches(columns=[column]):
            values.update(batch.column(0).to_pylist())
        return values

    def transaction_version(self, app_id: str) -> int | None:
        """The version of a Delta application transaction recorded on ``articles``, if any."""
        dt = self.delta("articles")
        return None if dt is None else dt.transaction_version(app_id)

    # ---- writing -----------------------------------------------------------------------
    def _commit(self, table: str, write: Callable[[object], None], point: str = "commit") -> None:
        """Run one commit with retries on conflicts (see the module docstring)."""
        from deltalake.exceptions import CommitFailedError, DeltaError

        for attempt in range(1, COMMIT_ATTEMPTS + 1):
            _crash_point(point)
            dt = self.delta(table)
            _interfere(self, table, dt)
            try:
                write(dt)
                return
            except CommitFailedError as exc:
                if attempt == COMMIT_ATTEMPTS:
                    raise WarehouseError(
                        f"commit to table {table!r} under {self.url} conflicted with another writer "
                        f"{attempt} times ({str(exc).splitlines()[0]}); nothing of this commit was published: "
                        "run the command again"
                    ) from exc
                self.retries += 1
                time.sleep(min(0.05 * 2 ** attempt, 5.0) * (0.5 + random.random()))
            except (DeltaError, OSError) as exc:
                raise WarehouseError(_os_message(self, table, exc)) from exc

    def _create(self, table: str, data: pa.Table) -> None:
        """Create a table with its first rows (a conflict with another creator is retried)."""
        from deltalake import write_deltalake

        parts = [PARTITION] if TABLES[table].partitioned else None
        write_deltalake(self.uri(table), data, mode="append", partition_by=parts, schema_mode="merge",
                        storage_options=self.options or None)

    def ensure_tables(self, names: Iterable[str] = TABLES) -> None:
        """Create every named table that does not exist yet (empty, with its schema)."""
        from deltalake import write_deltalake

        for name in names:
            if self.is_delta(name):
                continue
            spec = TABLES[name]
            parts = [PARTITION] if spec.partitioned else None
            self._commit(name, lambda dt, s=spec, p=parts: write_deltalake(
                dt or self.uri(s.name), delta_schema(s).empty_table(), mode="append", partition_by=p,
                storage_options=self.options or None))

    def replace_articles(self, table: str, data: pa.Table, ids: Iterable[str], days: Iterable[str]) -> None:
        """Replace the rows of the given articles in one table (one commit, idempotent).

        Args:
            table: an article-keyed table (``articles`` or a derived one).
            data: the new rows (with a ``day`` column); may be empty (the old rows go).
            ids: the article ids whose rows are replaced.
            days: the ``day`` partitions those articles live in.
        """
        from deltalake import write_deltalake

        ids, days = sorted(set(ids)), sorted(set(days))
        if not ids:
            return
        data = conform(data, TABLES[table])
        predicate = f"{PARTITION} IN ({_quote(days)}) AND article_id IN ({_quote(ids)})"

        def write(dt) -> None:
            if dt is None:  # a table's first rows
                self._create(table, data)
            elif data.num_rows:
                write_deltalake(dt, data, mode="overwrite", predicate=predicate, partition_by=[PARTITION],
                                schema_mode="merge")
            else:
                dt.delete(predicate)

        self._commit(table, write)

    def insert_new(self, table: str, data: pa.Table) -> None:
        """Insert the rows whose key is not in the table yet (a merge: idempotent, concurrent-safe)."""
        spec = TABLES[table]
        if data.num_rows == 0:
            return
        data = conform(data, spec)
        on = " AND ".join(f"t.{k} = s.{k}" for k in spec.key)
        self._commit(table, lambda dt: self._create(table, data) if dt is None else
                     dt.merge(data, on, source_alias="s", target_alias="t", merge_schema=True)
                     .when_not_matched_insert_all().execute())

    def update_columns(self, table: str, rows: pa.Table, columns: list[str]) -> int:
        """Set ``columns`` of existing rows, matched on the table's key (a merge; rows whose key
        is gone are ignored). Returns how many rows were given."""
        spec = TABLES[table]
        if rows.num_rows == 0:
            return 0
        rows = rows.select([*spec.key, *(PARTITION,) * (PARTITION in rows.column_names), *columns])
        on = " AND ".join(f"t.{k} = s.{k}" for k in (*spec.key, *(PARTITION,) * (PARTITION in rows.column_names)))
        updates = {c: f"s.{c}" for c in columns}
        self._commit(table, lambda dt: dt.merge(rows, on, source_alias="s", target_alias="t", merge_schema=True)
                     .when_matched_update(updates).execute())
        return rows.num_rows

    def append(self, table: str, data: pa.Table) -> None:
        """Append rows (for tables keyed by a run id that only this run writes)."""
        from deltalake import write_deltalake

        if data.num_rows == 0:
            return
        data = conform(data, TABLES[table])
        self._commit(table, lambda dt: self._create(table, data) if dt is None else
                     write_deltalake(dt, data, mode="append", schema_mode="merge"))

    def replace_table(self, table: str, data: pa.Table, *, folder: str | None = None) -> None:
        """Replace a whole derived table (e.g. incidents, rebuilt from facts) in one commit.

        Args:
            table: the table (its schema and partitioning).
            data: all of its rows.
            folder: write to this folder instead of the table's own (migration).
        """
        from deltalake import write_deltalake

        spec = TABLES[table]
        folder = folder or table
        if spec.partitioned and PARTITION not in data.column_names:
            raise WarehouseError(f"table {table!r}: rows lack the {PARTITION!r} partition column")
        data = conform(data if folder != table else _stamped(spec, data), spec)
        parts = [PARTITION] if spec.partitioned else None
        self._commit(folder, lambda dt: write_deltalake(
            dt or self.uri(folder), data, mode="overwrite", partition_by=parts, schema_mode="overwrite",
            storage_options=self.options or None))

    def rebuild(self, build: Callable[[], Mapping[str, pa.Table]]) -> dict[str, int]:
        """Replace whole tables derived from other tables (``incidents`` and ``incident_claims``
        from ``facts`` and ``articles``), one commit each.

        ``build()`` reads what it needs and returns ``{table: rows}``. It is called again when
        a commit conflicts with another writer's, so the tables are rebuilt from the latest
        facts rather than written from a stale snapshot.

        Returns:
            Rows written per table.
        """
        from deltalake import write_deltalake

        latest: dict[str, pa.Table] = dict(build())
        fresh = [True]
        out: dict[str, int] = {}
        for table in list(latest):
            spec = TABLES[table]

            def write(dt, table=table, spec=spec) -> None:
                if not fresh[0]:  # a retry: another writer committed; build again from its rows
                    latest.update(build())
                fresh[0] = False
                data = conform(_stamped(spec, latest[table]), spec)
                write_deltalake(dt or self.uri(table), data, mode="overwrite", schema_mode="overwrite",
                                partition_by=[PARTITION] if spec.partitioned else None,
                                storage_options=self.options or None)

            self._commit(table, write)
            fresh[0] = True
            out[table] = latest[table].num_rows
        return out

    def seal(self, app_ids: Iterable[str], metadata: Mapping[str, str] | None = None) -> None:
        """The completion commit: an empty append to ``articles`` carrying application transactions."""
        from deltalake import CommitProperties, Transaction, write_deltalake

        props = CommitProperties(app_transactions=[Transaction(a, 1) for a in app_ids],
                                 custom_metadata=dict(metadata or {}))
        empty = delta_schema(TABLES["articles"]).empty_table()
        self._commit("articles", lambda dt: write_deltalake(dt, empty, mode="append", commit_properties=props),
                     point="seal")

    # ---- maintenance -------------------------------------------------------------------
    def sweep(self, older_than_hours: int = SWEEP_HOURS) -> int:
        """Delete data files no version of a table refers to (a write cut short by a full disk,
        a crash or a conflict leaves them), once they are ``older_than_hours`` old, so an
        in-flight commit of another writer is never touched. Returns how many were deleted."""
        removed = 0
        for name in TABLES:
            dt = self.delta(name)
            if dt is None:
                continue
            kw = {"retention_hours": older_than_hours, "dry_run": True, "enforce_retention_duration": False}
            untracked = set(dt.vacuum(full=True, **kw)) - set(dt.vacuum(**kw))  # minus tombstones: time travel
            for rel in sorted(untracked):
                if rel.startswith("/") or "://" in rel or ".." in rel.split("/"):
                    continue  # never outside the table's folder, whatever a listing says
                try:
                    self.fs.rm(self.path(name, rel))
                    removed += 1
                except FileNotFoundError:
                    pass
        return removed

    def optimize(self, retention_hours: int = RETENTION_HOURS) -> dict[str, dict]:
        """Compact small files and vacuum files unreferenced for longer than the retention.

        Returns:
            Per table: files before and after, files compacted away, files vacuumed.
        """
        out: dict[str, dict] = {}
        self.sweep()
        for name in TABLES:
            dt = self.delta(name)
            if dt is None:
                continue
            before = len(dt.file_uris())
            _crash_point("optimize")
            try:
                dt.optimize.compact()
                vacuumed = dt.vacuum(retention_hours=retention_hours, dry_run=False, full=True,
                                     enforce_retention_duration=retention_hours >= RETENTION_HOURS)
            except Exception as exc:  # noqa: BLE001  (delta-rs errors: named, with the table)
                raise WarehouseError(f"optimize of table {name!r} under {self.url} failed: {exc}; "
                                     "nothing was lost, run `newsfacts optimize` again") from exc
            out[name] = {"files_before": before, "files_after": len(self.delta(name).file_uris()),
                         "vacuumed": len(vacuumed)}
        return out


def _stamped(spec: Table, data: pa.Table) -> pa.Table:
    """Rows of a derived table with ``extractor_version`` set when the writer did not set it."""
    if not spec.derived or VERSION_COLUMN in data.column_names:
        return data
    from newsfacts.extractor import stamp

    return stamp({spec.name: data})[spec.name]


def _os_message(wh: Warehouse, table: str, exc: Exception) -> str:
    text = str(exc)
    where = wh.path(table)
    if "No space" in text or "ENOSPC" in text:
        hint = "the disk is full: free space (or run `newsfacts optimize`) and run the command again"
    elif "ermission" in text or "Read-only" in text or "EROFS" in text:
        hint = "the warehouse is not writable: fix its permissions or choose another --warehouse"
    else:
        hint = "check the warehouse path and run the command again"
    return f"cannot write table {table!r} at {where}: {text.splitlines()[0] if text else type(exc).__name__}; {hint}"


def _interfere(wh: Warehouse, table: str, dt) -> None:
    """The :data:`INTERFERE_ENV` test hook: a real commit by a second handle, rows unchanged."""
    spec = os.environ.get(INTERFERE_ENV, "")
    name, _, nth = spec.partition(":")
    if name != table or dt is None or table not in TABLES:
        return
    counts = wh.__dict__.setdefault("_interfered", {})  # per warehouse handle: one run's attempts
    counts[table] = counts.get(table, 0) + 1
    if nth != "*" and counts[table] != int(nth or 1):
        return
    from deltalake import DeltaTable, write_deltalake

    other = DeltaTable(wh.uri(table), storage_options=wh.options or None)
    rows = other.to_pyarrow_table()
    write_deltalake(other, rows, mode="overwrite", partition_by=[PARTITION] if TABLES[table].partitioned else None)


def write_article_batch(wh: Warehouse, tables: Mapping[str, pa.Table], *, articles: bool = True) -> int:
    """Publish a checked batch: every child table first, ``articles`` last (see the module doc).

    Each row gets its article's ``day`` partition. Writing the same batch again changes nothing.

    Args:
        wh: the warehouse.
        tables: the batch's tables, ``articles`` included (it gives the ids and days).
        articles: write ``articles`` too (False: reprocessing replaces derived rows only).

    Returns:
        The number of articles written.
    """
    rows = tables["articles"]
    if rows.num_rows == 0:
        return 0
    ids = rows.column("article_id").to_pylist()
    days = [day_of(ts) for ts in rows.column("published_at").to_pylist()]
    day_by_id = dict(zip(ids, days))
    children = [n for n in tables if n != "articles"]
    children += [n for n in ARTICLE_TABLES if n not in tables and n != "articles"]
    for name in children + (["articles"] if articles else []):
        data = tables.get(name)
        if data is None:
            data = delta_schema(TABLES[name]).empty_table()
        elif PARTITION not in data.column_names:
            lookup = pa.array([day_by_id[a] for a in data.column("article_id").to_pylist()], pa.string())
            data = data.append_column(PARTITION, lookup)
        wh.replace_articles(name, data, ids, days)
    return len(ids)


def select_ids(data: pa.Table, ids: Iterable[str]) -> pa.Table:
    """The rows of an article-keyed table that belong to ``ids``."""
    return data.filter(pc.is_in(data.column("article_id"), value_set=pa.array(list(ids), pa.string())))
