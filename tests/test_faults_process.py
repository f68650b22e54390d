"""Faults of the run's process (issue 13, item 3), with real processes: SIGTERM and SIGINT
stop a run within 10 s with its accounting and one line; losing the Prefect API stops it
within 30 s; a run killed with SIGKILL leaves no Prefect server behind; a FIFO among the
inputs never blocks. Each test states what happened before."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsfacts.options import ExitCode
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

NEWSFACTS = [sys.executable, "-m", "newsfacts.cli"]


def long_input(path: Path, n: int = 400) -> Path:
    """Enough articles that a run is still working when it is stopped."""
    with open(path, "w") as fh:
        for i in range(n):
            text = f"BEIRUT: Report {i}. " + " ".join(
                f"On day {d} of the siege, {i + d} people were killed and {2 * d} wounded, officials said."
                for d in range(1, 40))
            fh.write(json.dumps({"id": f"n{i}", "text": text, "published_at": "2017-02-15"}) + "\n")
    return path


def env_for(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    return {**env, "PREFECT_HOME": str(home), "PYTHONPATH": str(ROOT)}


def start(args: list[str], cwd: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen([*NEWSFACTS, *args], cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=open(cwd / "stderr.log", "w"), text=True)


def wait_for_work(proc: subprocess.Popen, cwd: Path, timeout: float = 240) -> None:
    """Until the flow runs (its progress bar appears), then a few seconds more."""
    deadline = time.monotonic() + timeout
    while "articles" not in (cwd / "stderr.log").read_text():
        assert proc.poll() is None, (cwd / "stderr.log").read_text()[-3000:]
        assert time.monotonic() < deadline, "the run never started"
        time.sleep(0.5)
    time.sleep(5)


def ephemeral_servers(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmd = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"newsfacts.server" in cmd and str(parent).encode() in cmd:
                found.append(int(entry.name))
    return found


def stopped_within(proc: subprocess.Popen, seconds: float) -> tuple[float, str]:
    t0 = time.monotonic()
    out, _ = proc.communicate(timeout=seconds + 30)
    return time.monotonic() - t0, out


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_a_run_within_10_s_with_its_accounting(sig, tmp_path):
    # Before: after SIGTERM a run took 66 s to exit; Ctrl-C printed KeyboardInterrupt and
    # "ValueError: Task run is not set".
    long_input(tmp_path / "big.jsonl")
    proc = start(["backfill", "big.jsonl", "--warehouse", "wh", "--batch-size", "20"], tmp_path, env_for(tmp_path / "ph"))
    wait_for_work(proc, tmp_path)
    servers = ephemeral_servers(proc.pid)
    assert len(servers) == 1
    proc.send_signal(sig)
    elapsed, out = stopped_within(proc, 10)
    assert proc.returncode == ExitCode.INTERRUPTED, out
    assert elapsed <= 10, elapsed
    assert "check: read" in out and "completed before the stop: 0 run(s)" in out
    errors = [ln for ln in (tmp_path / "stderr.log").read_text().replace("\r", "\n").splitlines()
              if ln.startswith("error: ")]
    assert errors == [next(e for e in errors if e.startswith(f"error: stopped by {sig.name}: the run in progress"))]
    assert "Traceback" not in (tmp_path / "stderr.log").read_text()
    time.sleep(2)
    assert ephemeral_servers(proc.pid) == []


def test_a_run_killed_with_sigkill_leaves_no_prefect_server(tmp_path):
    # Before: a SIGKILLed run left its ephemeral Prefect server running (parent 1).
    long_input(tmp_path / "big.jsonl", n=100)
    proc = start(["backfill", "big.jsonl", "--warehouse", "wh"], tmp_path, env_for(tmp_path / "ph"))
    wait_for_work(proc, tmp_path)
    [server] = ephemeral_servers(proc.pid)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    while Path(f"/proc/{server}").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not Path(f"/proc/{server}").exists() or b"Z" in Path(f"/proc/{server}/stat").read_bytes().split()[2:3]


def test_losing_the_prefect_api_stops_the_run_within_30_s(tmp_path):
    # Before: `newsfacts server stop` during a backfill gave a raw httpx.ConnectError and a
    # process still alive 13 minutes later, retrying events every 7 s.
    from newsfacts import server as srv

    home = tmp_path / "ph"
    srv.start(home, port=srv.free_port(), timeout=240)
    try:
        long_input(tmp_path / "big.jsonl")
        proc = start(["backfill", "big.jsonl", "--warehouse", "wh", "--batch-size", "20"], tmp_path, env_for(home))
        wait_for_work(proc, tmp_path)
        assert ephemeral_servers(proc.pid) == []  # it uses the running server
    finally:
        srv.stop(home)
    elapsed, out = stopped_within(proc, 30)
    assert proc.returncode == ExitCode.SERVER_LOST, out
    assert elapsed <= 30, elapsed
    assert "check: read" in out
    err = (tmp_path / "stderr.log").read_text()
    assert "stopped answering: the run in progress was stopped" in err and "Traceback" not in err


def test_a_fifo_among_the_inputs_is_skipped_and_the_run_completes(tmp_path):
    # Before: `mkfifo p.txt; newsfacts backfill p.txt` blocked in read-clean with no end.
    os.mkfifo(tmp_path / "p.txt")
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"id": "good", "text": "Ten people were killed in Aleppo on Monday, officials said."}) + "\n"
        + json.dumps({"id": "bad", "text": "One.", "published_at": "9999-12-31T23:59:59-14:00"}) + "\n")
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4")
    proc = start(["backfill", "p.txt", "a.jsonl", "x.pdf", "--warehouse", "wh", "--no-progress", "--strict"],
                 tmp_path, env_for(tmp_path / "ph"))
    _, out = stopped_within(proc, 300)
    assert proc.returncode == ExitCode.QUARANTINED, out + (tmp_path / "stderr.log").read_text()  # --strict: bad_date
    assert "skipped p.txt: not_a_file" in out and "skipped x.pdf: unsupported_format" in out
    assert out.splitlines()[-1] == "check: read 4 = written 1 + duplicates 0 + quarantined 1 + skipped 2"
    again = start(["backfill", "p.txt", "a.jsonl", "x.pdf", "--warehouse", "wh", "--no-progress", "--json"],
                  tmp_path, env_for(tmp_path / "ph"))
    _, out = stopped_within(again, 300)
    assert again.returncode == ExitCode.OK, out
    summary = json.loads(out.splitlines()[-1])
    assert summary["skipped_inputs"] == [{"path": "p.txt", "reason": "not_a_file"},
                                         {"path": "x.pdf", "reason": "unsupported_format"}]


def test_a_warehouse_that_cannot_be_created_is_one_line_and_exit_4(tmp_path):
    # Before: OS faults under the warehouse ended in raw tracebacks with no accounting.
    (tmp_path / "a.txt").write_text("Ten people were killed in Aleppo on Monday.")
    proc = start(["backfill", "a.txt", "--warehouse", "/proc/newsfacts-wh", "--no-progress"], tmp_path,
                 env_for(tmp_path / "ph"))
    _, out = stopped_within(proc, 300)
    assert proc.returncode == ExitCode.FAILED, out
    err = (tmp_path / "stderr.log").read_text()
    assert err.splitlines() == [
        "error: cannot create the warehouse folder /proc/newsfacts-wh: No such file or directory; "
        "choose a writable place with --warehouse"]
    assert ephemeral_servers(proc.pid) == []
