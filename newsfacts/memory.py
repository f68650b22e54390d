"""Giving freed memory back to the operating system between batches.

spaCy and numpy allocate and free hundreds of megabytes per batch. Under
glibc each worker thread gets its own heap, which keeps its freed pages, so a
long run's resident memory creeps up although nothing is kept alive.
``malloc_trim(0)`` returns those pages; elsewhere this is a no-op.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import lru_cache


@lru_cache(maxsize=1)
def _libc():
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        libc = ctypes.CDLL(name)
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


def release_memory() -> bool:
    """Return freed heap pages to the OS (glibc only). True when something was released."""
    libc = _libc()
    return bool(libc.malloc_trim(0)) if libc is not None else False
