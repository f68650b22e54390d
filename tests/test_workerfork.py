"""Local Dask workers forked warm from one preloaded forkserver (``newsfacts.workerfork``):
a real local cluster started by ``flows.run.task_runner``, a real ingest run on it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from deltalake import DeltaTable

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def _worker_state() -> dict:
    """Run in a worker before any task: what it already holds, and who started it."""
    from newsfacts.nlp import load_nlp

    pre = sys.modules.get("newsfacts._workerpreload")
    return {
        "ppid": os.getppid(),
        "preloaded": pre is not None,
        "threads_at_fork": getattr(pre, "THREADS", None),
        "error": getattr(pre, "ERROR", None),
        "model_loaded": load_nlp.cache_info().currsize >= 1,
        "gx_loaded": "great_expectations" in sys.modules,
    }


def test_local_workers_are_forked_from_the_preloaded_server(prefect_harness, monkeypatch):
    from multiprocessing import forkserver

    from distributed import Client

    from flows.run import task_runner

    monkeypatch.delenv("NEWSFACTS_WORKER_FORK", raising=False)
    with task_runner(2, warm=False) as (runner, _window), Client(runner.address) as client:
        states = list(client.run(_worker_state).values())
    server_pid = forkserver._forkserver._forkserver_pid
    assert len(states) == 2
    for state in states:
        # forked from the forkserver (single-threaded when it forked), everything already in memory
        assert state["ppid"] == server_pid
        assert state["preloaded"] and state["error"] is None and state["threads_at_fork"] == 1
        assert state["model_loaded"] and state["gx_loaded"]


def test_a_run_on_forked_workers_publishes_what_an_in_process_run_does(prefect_harness, tmp_path):
    from flows.run import run_ingest

    seeds = str(ROOT / "seeds")
    one = run_ingest([seeds], warehouse=str(tmp_path / "one"), workers=1, progress=False)
    two = run_ingest([seeds], warehouse=str(tmp_path / "two"), workers=2, progress=False)
    assert one["balanced"] and two["balanced"] and one["articles_written"] == two["articles_written"] >= 1

    def facts(wh: Path) -> list[tuple]:
        table = DeltaTable(str(wh / "facts")).to_pyarrow_table()
        return sorted((r["article_id"], r["start_char"], r["end_char"], r["category"], r["value"]) for r in table.to_pylist())

    assert facts(tmp_path / "one") == facts(tmp_path / "two") != []
