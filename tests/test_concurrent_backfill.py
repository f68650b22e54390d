"""Any number of runs may write one warehouse at once: two REAL backfill processes, disjoint
and overlapping articles, the second started while the first is committing. Nothing is lost
or duplicated, no child row lacks its article, and a run that cannot commit says so and
exits non-zero. Real model, real Prefect (the test harness), real Delta tables."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from deltalake import DeltaTable

from tests.test_resilience import article, corpus, jsonl

pytestmark = pytest.mark.slow


def start(inputs, root, api_url, *extra, env_extra=None) -> subprocess.Popen:
    env = {**os.environ, "PREFECT_API_URL": api_url, **(env_extra or {})}
    env.pop("NEWSFACTS_CRASH_AT", None)
    return subprocess.Popen(
        [sys.executable, "-m", "newsfacts.cli", "backfill", *map(str, inputs), "--warehouse", str(root),
         "--batch-size", "4", "--no-progress", "--json", *extra],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def finish(proc: subprocess.Popen) -> tuple[int, dict | None, str]:
    out, err = proc.communicate(timeout=900)
    lines = out.strip().splitlines()
    return proc.returncode, json.loads(lines[-1]) if lines else None, err


def ids(root, table: str, column: str = "article_id") -> list[str]:
    return DeltaTable(str(root / table)).to_pyarrow_table(columns=[column]).column(column).to_pylist()


def wait_for_commits(root, table: str, versions: int, proc: subprocess.Popen, timeout: float = 600) -> None:
    """Wait until ``table`` has at least ``versions`` commits (the writer is mid-run)."""
    log = root / table / "_delta_log"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if log.is_dir() and len(list(log.glob("*.json"))) >= versions:
            return
        time.sleep(0.05)
    if proc.poll() is not None:
        out, err = proc.communicate()
        raise AssertionError(f"the first run ended (exit {proc.returncode}) before {table} had {versions} commits: "
                             f"{out[-1500:]} {err[-3000:]}")
    raise AssertionError(f"{table} never reached {versions} commits in {timeout} s")


def test_two_backfills_at_once_lose_and_duplicate_nothing(tmp_path, prefect_harness):
    from prefect.settings import PREFECT_API_URL

    api = PREFECT_API_URL.value()
    big, small, overlap = tmp_path / "big", tmp_path / "small", tmp_path / "overlap"
    corpus(big, 0, 40)
    corpus(small, 200, 8)
    overlap.mkdir()  # 6 articles of the big run (same ids, same text) and 4 of its own
    (overlap / "mix.jsonl").write_text(jsonl(
        [{"id": f"n{i}", "title": f"Report {i}", "text": article(i), "published_at": f"2017-03-{1 + i % 5:02d}"}
         for i in range(30, 36)]
        + [{"id": f"o{i}", "title": f"Other {i}", "text": article(i), "published_at": "2017-03-02"} for i in range(300, 304)]
    ))
    root = tmp_path / "wh"

    first = start([big], root, api)
    wait_for_commits(root, "articles", 3, first)  # created, then at least one chunk's articles landed
    second = start([small, overlap], root, api)
    (code1, sum1, err1), (code2, sum2, err2) = finish(first), finish(second)
    assert code1 == 0, err1[-3000:]
    assert code2 == 0, err2[-3000:]
    assert sum1["balanced"] and sum2["balanced"]

    published = ids(root, "articles")
    assert len(published) == len(set(published)), "no article twice"
    assert len(published) == 40 + 8 + 4, "every article of both runs, once"
    assert sum1["articles_written"] + sum2["articles_written"] >= len(published)
    fact_ids = ids(root, "facts", "fact_id")
    assert len(fact_ids) == len(set(fact_ids)), "no fact twice"
    for child in ("sentences", "entities", "facts"):
        assert set(ids(root, child)) <= set(published), f"{child} rows without their article"
    assert set(ids(root, "sentences")) == set(published), "every article has its sentences"

    again = start([big], root, api)
    code, summary, err = finish(again)
    assert code == 0, err[-3000:]
    assert (summary["ran"], summary["complete_before"]) == (0, 1), "complete, and really complete"
    check = subprocess.run([sys.executable, "-m", "newsfacts.cli", "check", "--warehouse", str(root)],
                           capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_conflict_that_cannot_be_retried_fails_the_run_with_a_message(tmp_path, prefect_harness):
    from prefect.settings import PREFECT_API_URL

    api = PREFECT_API_URL.value()
    inputs = tmp_path / "in"
    corpus(inputs, 0, 4)
    root = tmp_path / "wh"
    code, summary, err = finish(start([inputs], root, api))
    assert code == 0, err[-3000:]
    before = sorted(ids(root, "articles"))

    # --redo replaces the published articles; another writer rewrites their files before every attempt
    proc = start([inputs], root, api, "--redo",
                 env_extra={"NEWSFACTS_INTERFERE": "articles:*", "NEWSFACTS_COMMIT_ATTEMPTS": "3"})
    code, summary, err = finish(proc)
    assert code == 4, (code, err[-3000:])
    assert "conflicted with another writer 3 times" in (summary["failed"][0]["error"] if summary else err)
    assert sorted(ids(root, "articles")) == before

    # the same with one interfering commit only: retried, and the run succeeds
    proc = start([inputs], root, api, "--redo", env_extra={"NEWSFACTS_INTERFERE": "articles:1"})
    code, summary, err = finish(proc)
    assert code == 0, err[-3000:]
    assert summary["articles_written"] == 4 and sorted(ids(root, "articles")) == before
