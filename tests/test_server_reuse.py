"""A run reuses a running local Prefect server, says so in its summary, and falls back to an
ephemeral server of its own when none runs (issue 18). Real servers, real runs in
subprocesses (the command a user types), each with its own Prefect home; every server
started here is stopped here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from newsfacts import server as srv
from tests.conftest import ROOT, SEED

pytestmark = pytest.mark.slow

NEWSFACTS = str(Path(sys.executable).with_name("newsfacts"))


def run(args: list[str], *, home: Path, port: int, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update(PREFECT_HOME=str(home), NEWSFACTS_PORT=str(port), PYTHONPATH=str(ROOT))
    return subprocess.run([NEWSFACTS, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=1500)


def flow_runs(url: str) -> list[dict]:
    """The flow runs a Prefect server recorded (its REST API)."""
    req = urllib.request.Request(f"{url}/flow_runs/filter", data=b"{}", method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())


@pytest.fixture(scope="module")
def local_server(tmp_path_factory):
    """`newsfacts server start`'s module API on a free port, in a Prefect home of its own."""
    home = tmp_path_factory.mktemp("prefect-local")
    info = srv.start(home, port=srv.free_port(), timeout=240)
    try:
        yield info
    finally:
        assert srv.stop(home)


@pytest.fixture
def inputs(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def test_a_run_reuses_the_server_recorded_in_its_prefect_home_and_says_so(local_server, inputs):
    before = len(flow_runs(local_server.api_url))
    port = int(local_server.api_url.rsplit(":", 1)[1].split("/")[0])
    done = run(["backfill", "in", "--warehouse", "wh", "--no-progress"], home=local_server.home, port=port + 1,
               cwd=inputs)

    assert done.returncode == 0, done.stderr
    assert f"prefect: local server {local_server.api_url} (reused: server.url in {local_server.home})" in done.stdout
    runs = flow_runs(local_server.api_url)
    assert len(runs) > before  # the flow ran there
    assert any(r["flow_id"] and r["state_type"] == "COMPLETED" for r in runs)


def test_a_server_answering_at_the_default_address_is_found_from_any_prefect_home(local_server, inputs, tmp_path):
    """Another folder (no server files in its home): the server at $NEWSFACTS_PORT is found by its health check."""
    port = int(local_server.api_url.rsplit(":", 1)[1].split("/")[0])
    before = len(flow_runs(local_server.api_url))
    done = run(["backfill", "in", "--warehouse", "wh", "--no-progress", "--json"], home=tmp_path / "other-home",
               port=port, cwd=inputs)

    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["prefect_server"] == {"kind": "local", "url": local_server.api_url,
                                         "how": f"answering at the default address, port {port}"}
    assert summary["articles_written"] == 1
    assert len(flow_runs(local_server.api_url)) > before
    assert not (tmp_path / "other-home" / srv.EPHEMERAL_LOG).exists()  # no server of its own


def test_without_a_running_server_a_run_starts_its_own_ephemeral_one(inputs, tmp_path):
    home = tmp_path / "lonely-home"
    free = srv.free_port()  # nothing listens there
    done = run(["backfill", "in", "--warehouse", "wh", "--no-progress"], home=home, port=free, cwd=inputs)

    assert done.returncode == 0, done.stderr
    assert "prefect: ephemeral server started for this run" in done.stdout
    assert "articles written           1" in done.stdout
    assert (home / srv.EPHEMERAL_LOG).exists()  # the ephemeral server ran in this home
    assert srv.find_server(home).kind == "ephemeral"  # and stopped with its run


def test_find_server_order_user_url_then_home_then_default_address(tmp_path, monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", "http://10.0.0.5:4200/api")
    assert srv.find_server(tmp_path).as_dict() == {"kind": "env", "url": "http://10.0.0.5:4200/api",
                                                    "how": "PREFECT_API_URL"}
    monkeypatch.delenv("PREFECT_API_URL")
    monkeypatch.setenv("NEWSFACTS_PORT", "0")  # look at no port
    assert srv.find_server(tmp_path).kind == "ephemeral"
    (tmp_path / srv.PID_FILE).write_text("999999999")  # a stale pid file: not a server
    (tmp_path / srv.URL_FILE).write_text("http://127.0.0.1:1/api")
    assert srv.find_server(tmp_path).kind == "ephemeral"
