"""The command line's exit codes and one-line errors (issue 17). Usage errors are found
before any work and before anything is created; each error is one line that says what
to do, never a traceback (``-v`` shows it). Runs that need the model are in
tests/test_cli_runs.py."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from newsfacts.cli import NewsfactsGroup, main, summary_code
from newsfacts.errors import WarehouseError
from newsfacts.options import ExitCode, RunOptions
from tests.conftest import ROOT

NEWSFACTS = [sys.executable, "-m", "newsfacts.cli"]


def newsfacts(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """The real command line in a subprocess."""
    return subprocess.run([*NEWSFACTS, *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


def one_line_error(done) -> str:
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    return lines[0]


USAGE_ERRORS = [
    (["backfill", "nope"], "no such file or folder: nope"),  # before: 17 s, a whole warehouse, exit 0
    (["backfill", "in.txt", "--workers", "0"], "--workers must be a whole number of at least 1 (got 0)"),
    (["backfill", "in.txt", "--batch-size", "0"], "--batch-size must be a whole number of at least 1 (got 0)"),
    (["backfill", "in.txt", "--batch-size", "-1"], "--batch-size must be a whole number of at least 1 (got -1)"),
    (["backfill", "in.txt", "--workers", "two"], "'two' is not a valid integer"),
    (["backfill", "in.txt", "--warehouse", "afile"], "--warehouse afile is a file, not a folder"),  # before: FileExistsError
    (["backfill", "in.txt", "--since", "2017-02-02", "--until", "2017-02-01"], "is after --until"),
    (["backfill", "in.txt", "--since", "02/01/2017"], "not an ISO date"),
    (["backfill", "in.txt", "--dask-address", "localhost"], "is not an address"),
    (["run"], "no seeds/ folder here"),  # before: a missing seeds/ was quarantined, exit 0
    (["trigger", "--since", "2017-02-01"], "no Prefect server"),
]


@pytest.mark.parametrize(("args", "message"), USAGE_ERRORS, ids=[" ".join(a) for a, _ in USAGE_ERRORS])
def test_bad_usage_exits_2_with_one_line_before_anything_is_created(args, message, tmp_path):
    (tmp_path / "in.txt").write_text("Ten people died.")
    (tmp_path / "afile").write_text("not a warehouse")
    env = {k: "" for k in os.environ if k.startswith("PREFECT_API")}
    done = newsfacts(*args, cwd=tmp_path, env={**env, "PREFECT_HOME": str(tmp_path / ".prefect")})
    assert done.returncode == ExitCode.USAGE == 2
    assert message in one_line_error(done)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile", "in.txt"]  # no warehouse, no Prefect home


def toy(exc: BaseException) -> NewsfactsGroup:
    @click.group(cls=NewsfactsGroup)
    def group() -> None:
        """A group."""

    @group.command()
    def boom() -> None:
        """Raise."""
        raise exc

    return group


@pytest.mark.parametrize(
    ("exc", "code", "message"),
    [
        (RuntimeError("a bug"), ExitCode.INTERNAL, "error: unexpected RuntimeError: a bug; run again with -v"),
        (OSError(errno.EROFS, "Read-only file system", "/data/wh"), ExitCode.FAILED,
         "error: Read-only file system: /data/wh (the file system is read-only: give a writable --warehouse)"),
        (OSError(errno.ENOSPC, "No space left on device", "/data/wh/x"), ExitCode.FAILED,
         "error: No space left on device: /data/wh/x (no space left on the device: free some space"),
        (WarehouseError("the warehouse path x is a file"), ExitCode.FAILED, "error: the warehouse path x is a file"),
    ],
)
def test_errors_are_one_line_and_v_shows_the_traceback(exc, code, message):
    quiet = CliRunner().invoke(toy(exc), ["boom"])
    assert quiet.exit_code == code
    assert quiet.output.startswith(message) and len(quiet.output.splitlines()) == 1
    loud = CliRunner().invoke(toy(exc), ["boom", "-v"])
    assert loud.exit_code == code and "Traceback (most recent call last)" in loud.output


@pytest.mark.parametrize(
    ("summary", "strict", "code"),
    [
        ({"balanced": True, "quarantined": 0, "status": "completed"}, False, ExitCode.OK),
        ({"balanced": True, "quarantined": 3, "status": "completed"}, False, ExitCode.OK),
        ({"balanced": True, "quarantined": 3, "status": "completed"}, True, ExitCode.QUARANTINED),
        ({"balanced": True, "quarantined": 0, "status": "completed_with_errors"}, False, ExitCode.FAILED),
        ({"balanced": True, "quarantined": 0, "failed": [{"partition": "days/2017-02-01"}]}, False, ExitCode.FAILED),
        ({"balanced": False, "quarantined": 0}, False, ExitCode.UNBALANCED),
    ],
)
def test_the_exit_code_of_a_finished_run(summary, strict, code):
    assert summary_code(summary, strict=strict) == code


def test_exit_codes_are_distinct_and_each_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    assert len({int(c) for c in ExitCode}) == len(ExitCode)
    for code in ExitCode:
        assert re.search(rf"\|\s*`?{int(code)}`?\s*\|\s*`{code.name}`", readme), f"document exit code {code.name}"


def test_every_command_has_log_level_json_and_verbose():
    def commands(group):
        for cmd in group.commands.values():
            yield from commands(cmd) if isinstance(cmd, click.Group) else [cmd]

    for cmd in commands(main):
        opts = {o for p in cmd.params for o in getattr(p, "opts", [])}
        assert {"--log-level", "-v"} <= opts, cmd.name
        assert "--json" in opts or "--format" in opts, cmd.name


def test_run_options_are_frozen_and_checked():
    opts = RunOptions(paths=(str(ROOT / "seeds"),), workers=2)
    assert opts.window == 4
    with pytest.raises(AttributeError):
        opts.workers = 3  # type: ignore[misc]
