"""Layers that hold: the core imports neither Prefect nor Dask (issue 14). Prefect wiring
lives in flows/ and tasks/; the command line and server control sit at the edge.
Checked in a fresh interpreter, so what another test imported does not count."""

from __future__ import annotations

import subprocess
import sys

import pytest

#: The pure core: reading, cleaning, the spaCy components, rows, checks, the tables.
CORE = (
    "newsfacts.readers", "newsfacts.plan", "newsfacts.clean", "newsfacts.htmltext", "newsfacts.records",
    "newsfacts.entities", "newsfacts.facts", "newsfacts.analyse", "newsfacts.quality", "newsfacts.warehouse",
    "newsfacts.schema", "newsfacts.accounting", "newsfacts.options", "newsfacts.config", "newsfacts.errors",
)
FORBIDDEN = ("prefect", "dask", "distributed", "prefect_dask")


def imported_by(module: str) -> list[str]:
    code = (f"import sys, {module}; "
            f"print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}} & {set(FORBIDDEN)!r})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.split()


@pytest.mark.parametrize("module", CORE)
def test_the_core_imports_neither_prefect_nor_dask(module):
    assert imported_by(module) == []


def test_the_command_line_imports_prefect_only_when_a_command_runs():
    assert imported_by("newsfacts.cli") == []


def test_the_check_can_fail():
    assert imported_by("flows.run") == [] and "prefect" in imported_by("flows.ingest")
