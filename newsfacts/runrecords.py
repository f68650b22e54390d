"""Run-level rows: quarantine records and the run's own accounting row."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import datetime, timezone

import pyarrow as pa

from newsfacts.accounting import Tally
from newsfacts.records import Quarantined
from newsfacts.schema import QUARANTINE, RUNS
from newsfacts.warehouse import short_hash


def new_run_id(now: datetime | None = None) -> str:
    """A sortable, unique run id, e.g. ``20261127T211500Z-3f9c2a1b``."""
    now = now or datetime.now(timezone.utc)
    return f"{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


def quarantine_id(q: Quarantined) -> str:
    """Stable id of a quarantine record: the same bad input gives the same id in every run."""
    return short_hash(q.source, q.line, q.doc_id, q.stage, q.reason)


def quarantine_table(records: Iterable[Quarantined], *, run_id: str, now: datetime | None = None) -> pa.Table:
    now = now or datetime.now(timezone.utc)
    records = list(records)
    return pa.Table.from_pydict(
        {
            "quarantine_id": [quarantine_id(q) for q in records],
            "source": [q.source for q in records],
            "doc_id": [q.doc_id for q in records],
            "line": [q.line for q in records],
            "stage": [q.stage for q in records],
            "reason": [q.reason for q in records],
            "detail": [q.detail for q in records],
            "run_id": [run_id] * len(records),
            "quarantined_at": [now] * len(records),
        },
        schema=QUARANTINE.schema,
    )


def runs_table(
    tally: Tally, *, run_id: str, flow_run_id: str | None, started_at: datetime, inputs: list[str], status: str
) -> pa.Table:
    return pa.Table.from_pylist(
        [{
            "run_id": run_id,
            "flow_run_id": flow_run_id,
            "started_at": started_at,
            "finished_at": datetime.now(timezone.utc),
            "inputs": json.dumps(inputs),
            "records_read": tally.records_read,
            "articles_written": tally.articles_written,
            "duplicates_skipped": tally.duplicates_skipped,
            "quarantined": tally.quarantined,
            "out_of_range": tally.out_of_range,
            "status": status,
        }],
        schema=RUNS.schema,
    )
