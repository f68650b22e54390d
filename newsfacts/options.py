"""One home for every default and exit code, and the frozen options of a run.

The command line, the flows, the deployment and the benchmarks take their
defaults from here, so a default is changed in one place. ``RunOptions`` is
what a run is asked to do; it is checked when it is built, before any work
starts or anything is created (``UsageError`` names the option and what to
do).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum
from pathlib import Path

from newsfacts.errors import UsageError

#: The inputs of ``newsfacts run``.
DEFAULT_SEEDS = "seeds"
#: The warehouse root when none is given.
DEFAULT_WAREHOUSE = "warehouse"
#: The dated inbox of the daily deployment: one folder per day, ``INBOX/YYYY-MM-DD/``.
DEFAULT_INBOX = "inbox"
#: Articles per chunk, the unit of work of every task.
DEFAULT_BATCH_SIZE = 200
#: Worker processes (1: in-process threads).
DEFAULT_WORKERS = 1
#: Chunks in flight per worker: one parsing, the next one queued behind it.
WINDOW_PER_WORKER = 2
#: When the daily deployment runs, and in which time zone.
DEFAULT_CRON = "0 2 * * *"
DEFAULT_TIMEZONE = "UTC"
#: The deployment ``newsfacts serve`` registers and ``newsfacts trigger`` runs.
FLOW_NAME = "newsfacts-daily"
DEPLOYMENT_NAME = "daily"
DEPLOYMENT = f"{FLOW_NAME}/{DEPLOYMENT_NAME}"
#: Seconds a run has to stop after SIGINT/SIGTERM, and after the Prefect API is lost.
STOP_DEADLINE_SIGNAL = 10.0
STOP_DEADLINE_SERVER_LOST = 30.0
#: Log levels accepted by ``--log-level``.
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ExitCode(IntEnum):
    """What the exit status of a ``newsfacts`` command means (README: Command line).

    >>> int(ExitCode.USAGE)
    2
    """

    #: The run published every row it counted (quarantined inputs included).
    OK = 0
    #: An unexpected error (a bug): one line says so, ``-v`` shows the traceback.
    INTERNAL = 1
    #: Bad usage found before any work: a missing path, a bad number, a warehouse that is a file.
    USAGE = 2
    #: The run finished but its accounting does not balance (a bug: report it).
    UNBALANCED = 3
    #: The run (or a day of a backfill) could not complete: an OS fault, a failed day, a failed trigger.
    FAILED = 4
    #: ``--strict``: the run completed and published, but some records were quarantined.
    QUARANTINED = 5
    #: The Prefect API went away during the run; the accounting says what was published.
    SERVER_LOST = 6
    #: Stopped by SIGINT (Ctrl-C) or SIGTERM; the accounting says what was published.
    INTERRUPTED = 130


def check_positive(name: str, value: int) -> int:
    """``value`` when it is a whole number of at least 1, else a ``UsageError`` naming ``name``.

    >>> check_positive("--workers", 2)
    2
    """
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise UsageError(f"{name} must be a whole number of at least 1 (got {value!r}); for example {name} 2")
    return value


def check_warehouse(root: str) -> str:
    """``root`` when it can be a warehouse: an ``s3://`` URL, a folder, or a path that does not exist yet
    whose nearest existing parent is a folder.

    >>> check_warehouse("s3://bucket/prefix")
    's3://bucket/prefix'
    """
    if "://" in root:
        return root
    path = Path(root)
    if path.exists() and not path.is_dir():
        raise UsageError(f"--warehouse {root} is a file, not a folder; give a folder (new or existing) or an s3:// URL")
    for parent in path.absolute().parents:
        if parent.exists():
            if not parent.is_dir():
                raise UsageError(f"--warehouse {root}: {parent} is a file, not a folder; give another warehouse path")
            break
    return root


def check_inputs(paths: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The input paths when every one exists (a typo is bad usage, never a quarantined input).

    >>> check_inputs(["."])
    ('.',)
    """
    if not paths:
        raise UsageError("no input given; name one or more files or folders, e.g. newsfacts backfill inbox/")
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(map(str, missing))}; check the path (and the current folder)")
    return tuple(str(p) for p in paths)


@dataclass(frozen=True, slots=True)
class RunOptions:
    """What one ``run`` or ``backfill`` is asked to do, checked when built.

    Raises:
        UsageError: a missing input, a batch size or worker count below 1, a reversed
            date range, a warehouse path that is a file.

    >>> RunOptions(paths=("seeds",), workers=2).window
    4
    >>> RunOptions(paths=("seeds",), batch_size=0)
    Traceback (most recent call last):
    ...
    newsfacts.errors.UsageError: --batch-size must be a whole number of at least 1 (got 0); for example --batch-size 2
    """

    paths: tuple[str, ...]
    warehouse: str = DEFAULT_WAREHOUSE
    since: date | None = None
    until: date | None = None
    batch_size: int = DEFAULT_BATCH_SIZE
    workers: int = DEFAULT_WORKERS
    dask_address: str | None = None
    progress: bool = True
    redo: bool = False
    strict: bool = False
    extra: dict = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        check_positive("--batch-size", self.batch_size)
        check_positive("--workers", self.workers)
        if self.since and self.until and self.since > self.until:
            raise UsageError(f"--since {self.since} is after --until {self.until}; swap them")
        if self.dask_address is not None and "://" not in self.dask_address:
            raise UsageError(f"--dask-address {self.dask_address} is not an address; give e.g. tcp://10.0.0.5:8786")
        check_warehouse(self.warehouse)
        object.__setattr__(self, "paths", check_inputs(self.paths))

    @property
    def window(self) -> int:
        """Chunks in flight: two per worker."""
        return WINDOW_PER_WORKER * self.workers
