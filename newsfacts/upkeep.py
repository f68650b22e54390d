"""Looking after a warehouse: ``check`` what is in it, ``migrate`` one written by the
previous version (plain hive-partitioned Parquet folders with ``_staging``, ``_journal``
and ``_state`` bookkeeping) to Delta tables.

Nothing stored in a warehouse may direct I/O outside its root: the old journal's moves
are applied only when both ends lie inside the root, and a journal or marker that cannot
be parsed is an error naming the file and what to do, never a silent skip.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from newsfacts.errors import WarehouseError
from newsfacts.schema import PARTITION, TABLES
from newsfacts.warehouse import LEGACY_FOLDERS, Warehouse, conform

BACKUP = "_migrated_from"


@dataclass
class CheckResult:
    """What ``newsfacts check`` found: one line per table, and the problems."""

    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _duplicates(data: pa.Table, key: tuple[str, ...]) -> int:
    if data.num_rows == 0:
        return 0
    counts = data.group_by(list(key)).aggregate([([], "count_all")])
    return int(pc.sum(pc.subtract(counts.column("count_all"), 1)).as_py() or 0)


def check(wh: Warehouse) -> CheckResult:
    """Every table opens, keys are unique, every row with an ``article_id`` has its article.

    >>> import tempfile
    >>> check(Warehouse(tempfile.mkdtemp())).problems[0].startswith("table articles does not exist")
    True
    """
    out = CheckResult()
    legacy = wh.legacy_tables()
    if legacy:
        out.problems.append(f"previous-version folders {', '.join(legacy)}: run `newsfacts migrate --warehouse {wh.url}`")
    article_ids: set[str] | None = None
    for name, spec in TABLES.items():
        try:
            dt = wh.delta(name)
        except WarehouseError as exc:
            out.problems.append(str(exc))
            continue
        if dt is None:
            if name not in legacy:
                out.problems.append(f"table {name} does not exist (a run creates every table)")
            continue
        cols = [c for c in dict.fromkeys([*spec.key, "article_id"]) if c in dt.schema().to_arrow().names]
        try:
            data = dt.to_pyarrow_table(columns=cols)
        except (OSError, pa.ArrowException, ValueError) as exc:
            out.problems.append(f"table {name}: a file its log lists cannot be read ({str(exc).splitlines()[0]}); "
                                "restore the file or the log from a backup")
            continue
        dups = _duplicates(data, spec.key)
        outside = [u for u in dt.file_uris() if not _under(u, wh.uri(name))]
        if outside:
            out.problems.append(f"table {name}: its log refers to {len(outside)} file(s) outside the table's folder "
                                f"(e.g. {outside[0]}); nothing newsfacts writes does that: restore the log from a backup")
        line = f"{name:<16} version {dt.version():>5}  files {len(dt.file_uris()):>6}  rows {data.num_rows:>9,}"
        if dups:
            out.problems.append(f"table {name}: {dups} row(s) repeat a key {spec.key}")
        if name == "articles":
            article_ids = set(data.column("article_id").to_pylist())
        elif "article_id" in cols and article_ids is not None:
            orphans = len(set(data.column("article_id").to_pylist()) - article_ids)
            if orphans:
                out.problems.append(f"table {name}: rows of {orphans} article(s) that are not in articles "
                                    "(left by an interrupted run: run it again)")
            line += f"  orphans {orphans}"
        out.lines.append(line + f"  duplicate keys {dups}")
    return out


def _under(uri: str, root: str) -> bool:
    """Whether a data file's URI lies inside a table's folder (``..`` resolved).

    >>> _under("/wh/facts/day=x/part-1.parquet", "/wh/facts"), _under("/wh/facts/../../etc/passwd", "/wh/facts")
    (True, False)
    """
    strip = uri.split("://", 1)[-1] if "://" in uri else uri
    base = root.split("://", 1)[-1] if "://" in root else root
    return posixpath.normpath(strip).startswith(posixpath.normpath(base).rstrip("/") + "/")


# ---- migration ---------------------------------------------------------------------------
def _inside(wh: Warehouse, path: str) -> bool:
    norm = posixpath.normpath(path)
    return norm == wh.root or norm.startswith(wh.root.rstrip("/") + "/")


def _load_json(wh: Warehouse, path: str, what: str) -> dict:
    try:
        with wh.fs.open(path, "r") as fh:
            doc = json.load(fh)
        if not isinstance(doc, dict):
            raise ValueError("not a JSON object")
        return doc
    except (OSError, ValueError) as exc:
        raise WarehouseError(f"the {what} {path} is unreadable ({exc}); repair it or, if the run it belongs to "
                             f"can be repeated, delete it, then run `newsfacts migrate` again") from exc


def roll_forward(wh: Warehouse) -> int:
    """Finish commits of the old format that a killed run left in ``_journal``; returns how many.

    Raises:
        WarehouseError: a journal is malformed or names a path outside the warehouse root.
    """
    jdir = wh.path("_journal")
    if not wh.fs.exists(jdir):
        return 0
    done = 0
    for jpath in sorted(wh.fs.ls(jdir, detail=False)):
        doc = _load_json(wh, jpath, "journal")
        moves = doc.get("moves")
        if not isinstance(moves, list) or not all(isinstance(m, list) and len(m) == 2 for m in moves):
            raise WarehouseError(f"the journal {jpath} has no list of [from, to] moves; repair or delete it")
        outside = [p for m in moves for p in m if not isinstance(p, str) or not _inside(wh, p)]
        if outside:
            raise WarehouseError(f"the journal {jpath} names paths outside the warehouse ({outside[0]!r}): "
                                 "nothing was moved; delete the journal if you did not write it")
        for src, dst in moves:
            if wh.fs.exists(src):
                wh.fs.makedirs(posixpath.dirname(dst), exist_ok=True)
                wh.fs.mv(src, dst)
        wh.fs.rm(jpath)
        done += 1
    return done


def legacy_markers(wh: Warehouse) -> list[str]:
    """The completion ids of the old ``_state/<key>.json`` markers."""
    from newsfacts.partitions import completion_id

    sdir = wh.path("_state")
    if not wh.fs.exists(sdir):
        return []
    ids = []
    for path in sorted(wh.fs.find(sdir)):
        if path.endswith(".json"):
            doc = _load_json(wh, path, "completion marker")
            if "key" not in doc or "fingerprint" not in doc:
                raise WarehouseError(f"the completion marker {path} lacks key or fingerprint; repair or delete it")
            ids.append(completion_id(str(doc["key"]), str(doc["fingerprint"])))
    return ids


def _legacy_rows(wh: Warehouse, name: str) -> pa.Table:
    dset = ds.dataset(wh.path(name), filesystem=wh.fs, format="parquet", partitioning="hive")
    data = dset.to_table()
    if TABLES[name].partitioned and PARTITION in data.column_names:
        data = data.set_column(data.column_names.index(PARTITION), PARTITION, pc.cast(data.column(PARTITION), pa.string()))
    return conform(data, TABLES[name])


def migrate(src: Warehouse, into: Warehouse | None = None) -> list[str]:
    """Convert a previous-version warehouse to Delta tables, in place or into a new root.

    In place, each old table folder is kept under ``_migrated_from/<table>`` (delete it once
    you are content); the old journal is rolled forward first; old completion markers become
    the seal's application transactions.

    Returns:
        The accounting lines: rows per table before and after, markers converted.
    """
    dst = into or src
    lines = [f"journal entries rolled forward: {roll_forward(src)}"]
    markers = legacy_markers(src)
    for name in TABLES:
        if not src.fs.exists(src.path(name)) or src.is_delta(name):
            continue
        rows = _legacy_rows(src, name)
        target = name if into else f"_migrating_{name}"
        dst.replace_table(name, rows, folder=target)
        if into is None:
            src.fs.makedirs(src.path(BACKUP), exist_ok=True)
            src.fs.mv(src.path(name), src.path(BACKUP, name), recursive=True)
            src.fs.mv(src.path(target), src.path(name), recursive=True)
        after = dst.read(name, columns=[TABLES[name].key[0]]).num_rows
        lines.append(f"{name:<16} rows before {rows.num_rows:>9,}  after {after:>9,}"
                     + ("" if after == rows.num_rows else "  MISMATCH"))
    dst.ensure_tables()
    dst.seal(markers or ["newsfacts:migrated"], {"newsfacts.migrated_from": src.url})
    lines.append(f"completion markers converted: {len(markers)}")
    if into is None:
        for folder in LEGACY_FOLDERS:
            if src.fs.exists(src.path(folder)):
                src.fs.rm(src.path(folder), recursive=True)
    return lines
