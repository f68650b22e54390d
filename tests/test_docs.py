"""The docs are part of the interface: every command is documented in the README
and every command's --help carries an example."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from newsfacts.cli import main
from tests.conftest import ROOT


def commands(group: click.Group, prefix: str = "newsfacts"):
    for name, cmd in group.commands.items():
        path = f"{prefix} {name}"
        if isinstance(cmd, click.Group):
            yield from commands(cmd, path)
        else:
            yield path, cmd


ALL = sorted(commands(main), key=lambda c: c[0])


@pytest.mark.parametrize(("path", "cmd"), ALL, ids=[p for p, _ in ALL])
def test_every_command_is_in_the_readme(path, cmd):
    assert path in (ROOT / "README.md").read_text(), f"document `{path}` in README.md"


@pytest.mark.parametrize(("path", "cmd"), ALL, ids=[p for p, _ in ALL])
def test_every_command_help_has_an_example(path, cmd):
    args = path.split()[1:] + ["--help"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "Example" in result.output


def test_backfill_refuses_a_reversed_date_range():
    result = CliRunner().invoke(main, ["backfill", "x.jsonl", "--since", "2017-02-02", "--until", "2017-02-01"])
    assert result.exit_code == 2
    assert "is after --until" in result.output


def test_backfill_refuses_a_date_that_is_not_iso():
    result = CliRunner().invoke(main, ["backfill", "x.jsonl", "--since", "02/01/2017"])
    assert result.exit_code == 2
    assert "not an ISO date" in result.output
