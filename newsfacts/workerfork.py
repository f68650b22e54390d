"""Dask worker processes forked warm from a preloaded server (``--workers N`` on one machine).

A local Dask cluster starts each worker as a fresh Python process (``spawn``): each one
imports Prefect, spaCy, Great Expectations and newsfacts and loads the model on its own,
several seconds of CPU per worker, all paid while the user waits. Instead, when a command
knows it will start local workers, it starts Python's *forkserver* at once with
:mod:`newsfacts._workerpreload` as its preload: the forkserver imports everything and loads (and verifies) the
model **once**, in parallel with the command's own start-up, and every worker is then a
``fork`` of it, with the model already in memory (shared copy-on-write) and nothing left
to import. ``distributed.worker.multiprocessing-method`` is set to ``forkserver`` for the
cluster (:func:`local_cluster_config`).

The forkserver is single-threaded while it preloads (importing these modules starts no
thread), which is what makes forking it safe; the command's own process, with Prefect's
threads, is never forked. ``NEWSFACTS_WORKER_FORK=0`` falls back to Dask's default
(``spawn``), e.g. to compare.

Importing :mod:`newsfacts._workerpreload` is the preload.
"""

from __future__ import annotations

import multiprocessing
import os

#: The module the forkserver is told to import (its import does the preload).
PRELOAD = "newsfacts._workerpreload"


def enabled() -> bool:
    """Whether local workers are forked from a preloaded forkserver (``NEWSFACTS_WORKER_FORK``,
    default on where ``fork`` exists)."""
    return os.environ.get("NEWSFACTS_WORKER_FORK", "1") != "0" and "forkserver" in multiprocessing.get_all_start_methods()


def start() -> bool:
    """Start the forkserver with :data:`PRELOAD` preloaded, without waiting for the preload
    (it runs in the forkserver while the caller goes on). Returns False when disabled or
    when the forkserver is already running (its preload cannot change then)."""
    if not enabled():
        return False
    from multiprocessing import forkserver

    server = forkserver._forkserver  # one per process
    if getattr(server, "_forkserver_pid", None) is not None:
        return False
    multiprocessing.set_forkserver_preload([PRELOAD])
    server.ensure_running()
    return True


def local_cluster_config() -> dict:
    """The Dask settings a local cluster starts its workers with: forked from the preloaded
    forkserver (started here if it is not running yet), or Dask's default."""
    if not enabled():
        return {}
    start()
    return {"distributed.worker.multiprocessing-method": "forkserver"}
