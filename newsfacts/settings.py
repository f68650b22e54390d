"""Process-wide settings that must be in place before Prefect is imported."""

from __future__ import annotations

import os
from pathlib import Path

#: Defaults for a machine with no internet: project-local Prefect home, no analytics,
#: and enough time for an ephemeral Prefect server to start on a fresh database (~20 s here).
PREFECT_DEFAULTS = {
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_LOGGING_TO_API_BATCH_INTERVAL": "0.5",
}


def configure_environment(*, home: Path | None = None, quiet: bool = True) -> None:
    """Set Prefect's environment defaults (never overriding what the user set).

    Args:
        home: the Prefect home; defaults to ``./.prefect`` in the current folder.
        quiet: keep Prefect's console logging at WARNING so progress bars stay readable.
    """
    os.environ.setdefault("PREFECT_HOME", str((home or Path.cwd() / ".prefect").resolve()))
    for key, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)
    if quiet:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
