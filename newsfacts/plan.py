"""Planning a run: input paths into chunks of a few hundred articles.

A chunk is a *description* (file paths and line ranges), not data: it is cheap
to ship to a Dask worker, which reads its own files. Line ranges split large
JSON Lines files so that no chunk holds more than about ``batch_size`` articles.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsfacts.options import DEFAULT_BATCH_SIZE
from newsfacts.readers import count_lines, input_kind, iter_inputs, walk_inputs
from newsfacts.records import Skipped


@dataclass(frozen=True, slots=True)
class Unit:
    """One input file, or lines ``first_line..last_line`` (1-based, inclusive) of a JSON Lines file,
    or a path the walk skipped (``skipped`` says why; it is counted, never opened)."""

    path: str
    first_line: int | None = None
    last_line: int | None = None
    skipped: Skipped | None = None

    @property
    def size(self) -> int:
        if self.first_line is None or self.last_line is None:
            return 1
        return self.last_line - self.first_line + 1


@dataclass(frozen=True, slots=True)
class Chunk:
    """A unit of work: roughly ``batch_size`` articles."""

    index: int
    units: tuple[Unit, ...]

    @property
    def size(self) -> int:
        return sum(u.size for u in self.units)


def walk(paths: Iterable[str | Path]) -> Iterator[str]:
    """Every path ``readers.walk_inputs`` meets under ``paths``, skipped ones included (named
    again, each is skipped again with the same reason, so a backfill's slices count them).

    >>> list(walk(["/no/such.txt"]))
    ['/no/such.txt']
    """
    for item in walk_inputs(paths):
        yield item.source if isinstance(item, Skipped) else str(item)


def plan_chunks(paths: Iterable[str | Path], *, batch_size: int = DEFAULT_BATCH_SIZE,
                parts: int | None = None) -> list[Chunk]:
    """Split the inputs into chunks of about ``batch_size`` articles.

    Args:
        paths: files or folders.
        batch_size: target number of articles per chunk (never more).
        parts: cut into at least this many chunks of about equal *text size* (bytes on disk,
            known without reading), so that parallel workers given the same number of chunks
            finish together: parsing time follows the text's length, not the article count.

    Returns:
        Chunks in input order; their concatenation covers every input exactly once.
    """
    units: list[Unit] = []
    for item in walk_inputs(paths):
        if isinstance(item, Skipped):
            units.append(Unit(item.source, skipped=item))
            continue
        path = str(item)
        if input_kind(item) == "jsonl" and item.is_file():
            n = count_lines(path)
            if n is None or n <= batch_size:
                units.append(Unit(path))
            else:
                units.extend(Unit(path, start, min(start + batch_size - 1, n)) for start in range(1, n + 1, batch_size))
        else:
            units.append(Unit(path))
    if parts and parts > 1:
        return _by_weight(units, batch_size, parts)
    chunks: list[Chunk] = []
    current: list[Unit] = []
    size = 0
    for unit in units:
        if current and size + unit.size > batch_size:
            chunks.append(Chunk(len(chunks), tuple(current)))
            current, size = [], 0
        current.append(unit)
        size += unit.size
    if current:
        chunks.append(Chunk(len(chunks), tuple(current)))
    return chunks


def unit_weight(unit: Unit, _lines: dict[str, int] | None = None) -> float:
    """A unit's text size in bytes on disk (a JSON Lines range: its share of the file), 0 when unknown."""
    if unit.skipped is not None:
        return 0.0
    try:
        size = os.stat(unit.path).st_size
    except OSError:
        return 0.0
    if unit.first_line is None or unit.last_line is None:
        return float(size)
    total = (_lines or {}).get(unit.path)
    if total is None:
        total = count_lines(unit.path) or unit.size
        if _lines is not None:
            _lines[unit.path] = total
    return size * unit.size / max(total, 1)


def _by_weight(units: list[Unit], batch_size: int, parts: int) -> list[Chunk]:
    """Consecutive chunks of about equal weight, at least ``parts`` of them, none above ``batch_size`` units.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for i, n in enumerate([900, 100, 100, 100, 100, 100, 100, 100, 100, 100]):
    ...     _ = (d / f"{i:02d}.txt").write_text("x" * n)
    >>> [c.size for c in plan_chunks([d], batch_size=200, parts=2)]
    [1, 9]
    """
    lines: dict[str, int] = {}
    weights = [unit_weight(u, lines) for u in units]
    total = sum(weights) or 1.0
    n = max(parts, -(-sum(u.size for u in units) // batch_size))
    chunks: list[Chunk] = []
    current: list[Unit] = []
    size, done = 0, 0.0
    for unit, weight in zip(units, weights):
        # close the chunk when this unit would overshoot the next equal-weight boundary more than it falls short
        boundary = total * (len(chunks) + 1) / n
        if current and (size + unit.size > batch_size or done + weight / 2 > boundary):
            chunks.append(Chunk(len(chunks), tuple(current)))
            current, size = [], 0
        current.append(unit)
        size += unit.size
        done += weight
    if current:
        chunks.append(Chunk(len(chunks), tuple(current)))
    return chunks


def read_unit(unit: Unit) -> Iterator:
    """The articles (and quarantine records) of one unit, streamed.

    Yields:
        ``RawArticle`` or ``Quarantined`` items, as ``readers.iter_inputs`` does.
    """
    if unit.skipped is not None:
        yield unit.skipped
        return
    if unit.first_line is None:
        yield from iter_inputs([unit.path])
        return
    for item in iter_inputs([unit.path], line_range=(unit.first_line, unit.last_line)):
        if item.line is not None or unit.first_line == 1:  # a whole-file problem is reported once
            yield item
