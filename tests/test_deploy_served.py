"""The scheduled deployment end to end: `newsfacts server start`, `newsfacts serve`, a dated
run requested through the API, the day's articles in the warehouse. Real server, real
serve process, real model; every process started here is stopped here."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from deltalake import DeltaTable

from tests.test_dask_backfill import make_inbox

pytestmark = pytest.mark.slow

NEWSFACTS = str(Path(sys.executable).with_name("newsfacts"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`newsfacts server start` in a temporary Prefect home; stopped after the module."""
    from newsfacts import server as srv

    home = tmp_path_factory.mktemp("prefect-home")
    info = srv.start(home, port=free_port(), timeout=240)
    try:
        yield info
    finally:
        assert srv.stop(home)
        assert srv.read_info(home) is None and not (home / "server.pid").exists()


@pytest.fixture(scope="module")
def served(server, tmp_path_factory):
    """`newsfacts serve` in a subprocess that finds the server through the Prefect home."""
    work = tmp_path_factory.mktemp("daily")
    inbox = make_inbox(work / "inbox", per_day=2)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env["PREFECT_HOME"] = str(server.home)
    log = open(work / "serve.log", "wb")
    proc = subprocess.Popen(
        [NEWSFACTS, "serve", "--inbox", "inbox", "--warehouse", "wh", "--cron", "0 2 * * *"],
        cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        yield work, inbox, proc
    finally:
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: serve pauses its schedule and exits
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def _deployment(url: str, timeout: float = 120):
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    deadline = time.monotonic() + timeout
    with get_client(sync_client=True) as client:
        while time.monotonic() < deadline:
            try:
                return client.read_deployment_by_name("newsfacts-daily/daily")
            except ObjectNotFound:
                time.sleep(1)
    raise AssertionError("newsfacts serve did not register newsfacts-daily/daily")


def test_serve_registers_a_daily_deployment_that_runs_one_day_on_demand(server, served):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.deploy import trigger_days

    work, inbox, proc = served
    with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
        dep = _deployment(server.api_url)
        assert proc.poll() is None, (work / "serve.log").read_text()
        (schedule,) = dep.schedules
        assert (schedule.schedule.cron, schedule.schedule.timezone, schedule.active) == ("0 2 * * *", "UTC", True)
        assert dep.parameters == {"inbox": str(inbox), "warehouse": str(work / "wh")}
        assert dep.entrypoint == "flows.daily.ingest_day"

        (run,) = trigger_days([date(2017, 2, 14)], wait=True, timeout=300)
        log = (work / "serve.log").read_text()
        assert run.state.is_completed(), f"{run.state}\n{log[-3000:]}"
        (again,) = trigger_days([date(2017, 2, 14)])  # the same idempotency key: the same flow run
        assert again.id == run.id

    articles = DeltaTable(str(work / "wh" / "articles")).to_pyarrow_table()
    assert sorted(zip(articles.column("day").to_pylist(), articles.column("doc_id").to_pylist())) == [
        ("2017-02-14", "entertainment-001"), ("2017-02-14", "entertainment-002"),
    ]
    from newsfacts.partitions import is_complete, plan_partitions
    from newsfacts.warehouse import Warehouse

    assert is_complete(Warehouse(str(work / "wh")), plan_partitions([inbox / "2017-02-14"])[0])


def test_trigger_prints_why_a_day_failed_and_redo_runs_a_day_again(server, served):
    # Before: a day with no inbox folder printed "Failed" and exit 4; the reason was only in
    # `prefect flow-run logs`, and asking again returned the old run.
    work, _, _ = served
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env["PREFECT_HOME"] = str(server.home)

    def trigger(*args):
        return subprocess.run([NEWSFACTS, "trigger", "--since", "2016-01-01", "--wait", *args], cwd=work, env=env,
                              capture_output=True, text=True, timeout=600)

    first = trigger()
    assert first.returncode == 4, first.stdout + first.stderr
    [error] = [ln for ln in first.stderr.splitlines() if ln.startswith("error: ")]
    assert error.startswith("error: 2016-01-01 failed: ") and "no inbox folder for 2016-01-01" in error
    run_id = first.stdout.split()[2]
    same = trigger()
    assert same.stdout.split()[2] == run_id  # the idempotency key: the same run
    redo = trigger("--redo")
    assert redo.returncode == 4 and redo.stdout.split()[2] != run_id  # a new run
