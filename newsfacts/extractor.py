"""What produced a derived row: ``extractor_version`` = package version + a hash of the rules.

The hash covers the source and word lists of every module that turns an article's text
into derived rows (fact, entity, time and place rules, the pipeline assembly), so editing a
rule or a word list gives a new version and ``newsfacts reprocess --stale`` finds the rows
an older extractor made. The column is added when rows are built for writing (here, by
:func:`stamp`), not inside the analysis itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import pyarrow as pa

from newsfacts.schema import TABLES

PACKAGE = Path(__file__).resolve().parent
#: Packages (every file, word lists included) and modules whose content defines the extractor.
RULE_SOURCES: tuple[str, ...] = (
    "facts", "timex", "ner/config.cfg", "entities.py", "analyse.py", "nlp.py", "places.py",
)
#: Data files inside those packages that are rules or word lists (models' binaries are not).
_RULE_SUFFIXES = {".py", ".txt", ".json", ".tsv", ".csv", ".cfg", ".yml", ".yaml"}
COLUMN = "extractor_version"


def _files(sources: tuple[str, ...]) -> list[Path]:
    out: list[Path] = []
    for name in sources:
        path = PACKAGE / name
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in _RULE_SUFFIXES
                          and "__pycache__" not in p.parts)
        elif path.is_file():
            out.append(path)
    return out


def rules_hash(sources: tuple[str, ...] = RULE_SOURCES) -> str:
    """12 hex digits of sha256 over the rule files' relative names and bytes."""
    digest = hashlib.sha256()
    for path in _files(sources):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """``<package version>+<rules hash>``, e.g. ``0.1.0+3f9c2a1b7d0e`` (computed once per process).

    >>> extractor_version().count("+")
    1
    """
    try:
        version = metadata.version("newsfacts")
    except metadata.PackageNotFoundError:
        version = "0"
    return f"{version}+{rules_hash()}"


def derived_tables() -> tuple[str, ...]:
    """The tables stored with ``extractor_version`` (every derived table)."""
    return tuple(name for name, spec in TABLES.items() if spec.derived)


def stamp(tables: Mapping[str, pa.Table], version: str | None = None) -> dict[str, pa.Table]:
    """The tables with ``extractor_version`` set on every table that has the column.

    >>> t = stamp({"facts": pa.table({"fact_id": ["f"]})}, "1+abc")
    >>> t["facts"].column("extractor_version").to_pylist()
    ['1+abc']
    """
    version = version or extractor_version()
    out: dict[str, pa.Table] = {}
    for name, data in tables.items():
        if name in TABLES and TABLES[name].derived:
            if COLUMN in data.column_names:
                data = data.drop_columns([COLUMN])
            data = data.append_column(pa.field(COLUMN, pa.string()), pa.array([version] * data.num_rows, pa.string()))
        out[name] = data
    return out
