"""Inputs given as URLs (``s3://bucket/prefix``, ``gs://``, ``https://``, any fsspec URL).

The readers work on local files (they refuse FIFOs and devices, open without blocking
and read gzip streams lazily), so a URL input is mirrored into a local cache first:
``CACHE/<protocol>/<bucket>/<key>``, the object's own path kept, so file stems (the
``doc_id`` of ``.txt`` and ``.html`` inputs) and dated inbox folders (``YYYY-MM-DD/``)
are the same as in the bucket. An object already mirrored with the same size is not
fetched again, so a resumed backfill costs one listing. The mirror is a cache: deleting
it loses nothing.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable, Mapping
from pathlib import Path

from newsfacts.errors import UsageError

#: Where URL inputs are mirrored unless ``NEWSFACTS_INPUT_CACHE`` says otherwise.
DEFAULT_INPUT_CACHE = Path(".newsfacts") / "inputs"


def is_url(path: str | os.PathLike) -> bool:
    """True for ``scheme://...`` inputs other than local ``file://`` ones.

    >>> is_url("s3://bucket/day"), is_url("inbox/2017-03-01"), is_url("file:///tmp/x")
    (True, False, False)
    """
    text = str(path)
    return "://" in text and not text.startswith("file://")


def input_cache() -> Path:
    """The folder URL inputs are mirrored into."""
    return Path(os.environ.get("NEWSFACTS_INPUT_CACHE", DEFAULT_INPUT_CACHE))


def check_remote(urls: Iterable[str], storage_options: Mapping | None = None) -> None:
    """Refuse URLs that name nothing, before anything is fetched or created.

    Raises:
        UsageError: an object or prefix does not exist, or its store cannot be reached.
    """
    import fsspec

    for url in urls:
        try:
            fs, path = fsspec.core.url_to_fs(url, **dict(storage_options or {}))
            found = fs.exists(path)
        except (OSError, ValueError, ImportError) as exc:
            raise UsageError(f"cannot read {url}: {exc}; check the URL and the store's credentials") from exc
        if not found:
            raise UsageError(f"no such object or prefix: {url}; check the URL")


def mirror(url: str, cache: Path, storage_options: Mapping | None = None) -> Path:
    """Copy the object or every object under the prefix ``url`` into ``cache``.

    Returns:
        The local path that stands for ``url`` (a file, or the folder of the prefix).
    """
    import fsspec

    fs, root = fsspec.core.url_to_fs(url, **dict(storage_options or {}))
    protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
    local_root = cache / protocol / root.strip("/")
    keys = fs.find(root) if fs.isdir(root) else [root]
    for key in keys:
        rel = posixpath.relpath(key, root) if key != root else ""
        target = local_root / rel if rel else local_root
        size = fs.size(key)
        if target.is_file() and target.stat().st_size == size:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_name(target.name + ".part")
        fs.get_file(key, str(part))
        part.replace(target)  # a mirrored file appears whole
    if not keys:
        local_root.mkdir(parents=True, exist_ok=True)
    return local_root


def localise(paths: Iterable[str], storage_options: Mapping | None = None) -> list[str]:
    """The inputs with every URL replaced by its local mirror (local paths unchanged).

    >>> localise(["inbox", "seeds/astana-talks.txt"])
    ['inbox', 'seeds/astana-talks.txt']
    """
    paths = [str(p) for p in paths]
    urls = [p for p in paths if is_url(p)]
    if not urls:
        return paths
    check_remote(urls, storage_options)
    cache = input_cache()
    return [str(mirror(p, cache, storage_options)) if is_url(p) else p for p in paths]
