"""Shared fixtures. Prefect runs against a session-wide test harness with its home
in a temporary folder, so tests never touch the project's .prefect/."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

_PREFECT_HOME = tempfile.mkdtemp(prefix="newsfacts-prefect-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# Runs reuse a Prefect server answering at 127.0.0.1:$NEWSFACTS_PORT (4200 by default); tests
# stay hermetic whatever runs on this machine: 0 looks at no port (test_server_reuse sets its own).
os.environ.setdefault("NEWSFACTS_PORT", "0")

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSFACTS_SHARED", ROOT.parent / "shared"))
SEED = ROOT / "seeds" / "astana-talks.txt"
#: The seed's hand-made gold (a copy of ../shared/gold/astana-talks.gold.json kept with the
#: tests, so the core tests pass in a clone with nothing beside it).
GOLD_PATH = ROOT / "tests" / "fixtures" / "astana-talks.gold.json"


def seed_gold() -> dict:
    """The seed article's gold facts, entities and aliases."""
    import json

    return json.loads(GOLD_PATH.read_text(encoding="utf-8"))


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the test with a clear reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not present (set NEWSFACTS_SHARED to the shared data folder)")
    return path


@pytest.fixture(scope="session")
def prefect_harness():
    """One Prefect test server for the whole session (starting one takes ~20 s here)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="session")
def nlp():
    """The real, verified English pipeline with newsfacts' components, loaded once."""
    from newsfacts.nlp import load_nlp

    return load_nlp()
