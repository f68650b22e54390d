"""Backfill partitions: the inputs of one day (or one slice) of work, and the
completion markers that let an interrupted backfill resume without repeating work.

The day layout: a *dated inbox* is a folder with one sub-folder per day,
``inbox/YYYY-MM-DD/...``; the folder an article sits in decides which day's run
reads it. Inputs outside that layout (plain files and folders) are cut into
slices of about ``partition_size`` records, each filtered by ``--since/--until``
on the articles' own ``published_at``.

Each partition commits its own run. Its last commit (the seal on ``articles``, see
``newsfacts.warehouse``) carries a Delta application transaction
``newsfacts:partition:<key>:<fingerprint>`` (e.g. ``...:days/2017-02-14:<hash>``), the
fingerprint being a hash of the inputs' paths, sizes and modification times. A partition
whose transaction is in the log is complete and skipped without reading its inputs; one
whose files changed runs again (and, since published articles are skipped by id, only
adds what is new).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from newsfacts.plan import count_lines, input_kind, walk
from newsfacts.warehouse import Warehouse, short_hash

STATE = "_state"
_DAY_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: Records per slice of plain (undated) inputs: one run, one commit each.
PARTITION_SIZE = 2000


def yesterday(now: datetime | None = None) -> date:
    """The UTC day before ``now`` (the day a daily 02:00 UTC run processes)."""
    now = now or datetime.now(timezone.utc)
    return (now.astimezone(timezone.utc) - timedelta(days=1)).date()


def folder_day(name: str) -> date | None:
    """The day a folder name stands for (``2017-02-14``), or None."""
    if not _DAY_NAME.match(name):
        return None
    try:
        return date.fromisoformat(name)
    except ValueError:
        return None


def day_folder(inbox: str | Path, day: date) -> Path:
    """The folder holding one day's inputs: ``inbox/YYYY-MM-DD``."""
    return Path(inbox) / day.isoformat()


def inbox_days(folder: Path) -> dict[date, Path]:
    """The dated sub-folders of a dated inbox, by day (empty for any other folder)."""
    days: dict[date, Path] = {}
    for sub in folder.iterdir():
        day = folder_day(sub.name)
        if day is not None and sub.is_dir():
            days[day] = sub
    return days


@dataclass(frozen=True)
class Partition:
    """One flow run's worth of inputs.

    Attributes:
        key: the marker's name under ``_state/``: ``days/2017-02-14`` or ``inputs/<hash>``.
        paths: the files or folders to read.
        day: for a dated-inbox day, the day (undated articles in it are dated to it).
        since: for plain inputs, keep articles published on or after this day.
        until: for plain inputs, keep articles published on or before this day.
    """

    key: str
    paths: tuple[str, ...]
    day: date | None = None
    since: date | None = None
    until: date | None = None

    @property
    def label(self) -> str:
        return self.day.isoformat() if self.day else self.key


def _in(day: date, since: date | None, until: date | None) -> bool:
    return (since is None or day >= since) and (until is None or day <= until)


def plan_partitions(
    paths: Iterable[str | Path], *, since: date | None = None, until: date | None = None,
    partition_size: int = PARTITION_SIZE,
) -> list[Partition]:
    """Cut a backfill's inputs into partitions, days first (in date order), then slices.

    Args:
        paths: dated inboxes, single day folders (``.../2017-02-14``), or plain files and folders.
        since: first day (inclusive): selects day folders, filters plain inputs by ``published_at``.
        until: last day (inclusive), likewise.
        partition_size: records per slice of plain inputs.

    Returns:
        The partitions; together they cover every input once.
    """
    days: dict[date, list[str]] = {}
    plain: list[str] = []
    for raw in paths:
        path = Path(raw)
        own_day = folder_day(path.name) if path.is_dir() else None
        dated = {own_day: path} if own_day else (inbox_days(path) if path.is_dir() else {})
        if not dated:
            plain.append(str(raw))
            continue
        for day, folder in dated.items():
            if _in(day, since, until):
                days.setdefault(day, []).append(str(folder))
    parts = [Partition(f"days/{d.isoformat()}", tuple(ps), day=d) for d, ps in sorted(days.items())]
    group: list[str] = []
    size = 0

    def close() -> None:
        key = "inputs/" + short_hash(*group, since, until)
        parts.append(Partition(key, tuple(group), since=since, until=until))

    for path in walk(plain):
        n = count_lines(path) if input_kind(Path(path)) == "jsonl" and Path(path).is_file() else 1
        n = n or 1
        if group and size + n > partition_size:
            close()
            group, size = [], 0
        group.append(path)
        size += n
    if group:
        close()
    return parts


#: The smallest chunk worth a task of its own.
MIN_BATCH = 25


def balanced_batch_size(n_records: int, batch_size: int, slots: int) -> int:
    """A chunk size that gives every parallel slot work to the end of a small run.

    With fewer than ``slots`` chunks of ``batch_size``, some workers would idle; the
    chunks are made smaller (never below ``MIN_BATCH``) so that there are ``slots`` of them.

    >>> balanced_batch_size(500, 200, 4), balanced_batch_size(5000, 200, 4), balanced_batch_size(40, 200, 4)
    (125, 200, 25)
    """
    if n_records <= 0 or slots <= 1:
        return batch_size
    return min(batch_size, max(MIN_BATCH, -(-n_records // slots)))


def fingerprint(part: Partition) -> str:
    """A hash of the partition's input files (path, size, modification time) and its filters."""
    items: list[object] = [part.key, part.since, part.until]
    local = [p for p in part.paths if "://" not in p]
    for path in walk(local) if local else ():
        try:
            st = os.stat(path)
            items += [path, st.st_size, st.st_mtime_ns]
        except OSError:
            items += [path, "missing"]
    for url in (p for p in part.paths if "://" in p):
        items += [url, *_url_state(url)]
    return short_hash(*items, n=32)


def _url_state(url: str) -> list[object]:
    """Every object under an fsspec URL (``s3://...``) with its size and ETag (or mtime)."""
    import fsspec

    try:
        fs, inner = fsspec.core.url_to_fs(url)
        fs.invalidate_cache()
        found = fs.find(inner, detail=True) if fs.isdir(inner) else {inner: fs.info(inner)}
    except (OSError, ValueError):
        return ["missing"]
    return [x for name, info in sorted(found.items())
            for x in (name, info.get("size"), info.get("ETag") or info.get("mtime") or info.get("LastModified"))]


# ---- completion in the warehouse ------------------------------------------------------
def completion_id(key: str, fp: str) -> str:
    """The Delta application transaction that marks a partition complete with these inputs.

    >>> completion_id("days/2017-02-14", "ab12")
    'newsfacts:partition:days/2017-02-14:ab12'
    """
    return f"newsfacts:partition:{key}:{fp}"


def is_complete(wh: Warehouse, part: Partition, fp: str | None = None) -> bool:
    """Whether ``part`` completed before with the same inputs (reads the ``articles`` log only).

    The run's seal commit on ``articles`` carries the transaction, after every row of the
    run landed, so a partition is complete exactly when all its rows are published.
    """
    return wh.transaction_version(completion_id(part.key, fp or fingerprint(part))) is not None
