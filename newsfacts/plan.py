"""Planning a run: input paths into chunks of a few hundred articles.

A chunk is a *description* (file paths and line ranges), not data: it is cheap
to ship to a Dask worker, which reads its own files. Line ranges split large
JSON Lines files so that no chunk holds more than about ``batch_size`` articles.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsfacts.readers import input_kind, iter_inputs

#: Files skipped when walking folders (hidden files, editor droppings).
_SKIP_PREFIXES = (".", "_", "~")


@dataclass(frozen=True, slots=True)
class Unit:
    """One input file, or lines ``first_line..last_line`` (1-based, inclusive) of a JSON Lines file."""

    path: str
    first_line: int | None = None
    last_line: int | None = None

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
    """Input files under ``paths`` in a stable order (folders recursed, sorted).

    Paths that do not exist, and files of unsupported types named explicitly,
    are passed through so the reader can quarantine them with a reason.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for sub in sorted(path.rglob("*")):
                rel = sub.relative_to(path).parts
                if sub.is_file() and not any(p.startswith(_SKIP_PREFIXES) for p in rel) and input_kind(sub) is not None:
                    yield str(sub)
        else:
            yield str(path)


def count_lines(path: str) -> int | None:
    """Number of lines of a JSON Lines file (gzip or plain), or None when it cannot be read whole."""
    opener = gzip.open if path.endswith(".gz") else open
    n = 0
    last = b"\n"
    try:
        with opener(path, "rb") as fh:
            while block := fh.read(1 << 20):
                n += block.count(b"\n")
                last = block[-1:]
    except (OSError, EOFError, zlib.error):
        return None
    return n + (last != b"\n")


def plan_chunks(paths: Iterable[str | Path], *, batch_size: int = 200) -> list[Chunk]:
    """Split the inputs into chunks of about ``batch_size`` articles.

    Args:
        paths: files or folders.
        batch_size: target number of articles per chunk.

    Returns:
        Chunks in input order; their concatenation covers every input exactly once.
    """
    units: list[Unit] = []
    for path in walk(paths):
        kind = input_kind(Path(path))
        if kind == "jsonl" and Path(path).is_file():
            n = count_lines(path)
            if n is None or n <= batch_size:
                units.append(Unit(path))
            else:
                units.extend(Unit(path, start, min(start + batch_size - 1, n)) for start in range(1, n + 1, batch_size))
        else:
            units.append(Unit(path))
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




def read_unit(unit: Unit) -> Iterator:
    """The articles (and quarantine records) of one unit, streamed.

    Yields:
        ``RawArticle`` or ``Quarantined`` items, as ``readers.iter_inputs`` does.
    """
    if unit.first_line is None:
        yield from iter_inputs([unit.path])
        return
    for item in iter_inputs([unit.path], line_range=(unit.first_line, unit.last_line)):
        if item.line is not None or unit.first_line == 1:  # a whole-file problem is reported once
            yield item
