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
    # A lost API is noticed by the run's own watch (flows.run.guarded); Prefect's client
    # need not retry each call for a minute first.
    "PREFECT_CLIENT_MAX_RETRIES": "2",
}


def configure_environment(
    *, home: Path | None = None, quiet: bool = True, discover: bool = True, log_level: str | None = None
) -> str | None:
    """Set Prefect's environment defaults (never overriding what the user set).

    Args:
        home: the Prefect home; defaults to ``./.prefect`` in the current folder.
        quiet: no Prefect logs on the console (they still go to the API), so progress bars
            and the summary stay readable and errors are the command's one line.
        log_level: Prefect's (and newsfacts') console log level, overriding ``quiet``.
        discover: when ``PREFECT_API_URL`` is unset and ``newsfacts server start`` left a
            live server in the home, use it (else Prefect runs an ephemeral server).

    Returns:
        The Prefect API URL in use, or None for ephemeral mode.
    """
    os.environ.setdefault("PREFECT_HOME", str((home or Path.cwd() / ".prefect").resolve()))
    for key, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)
    if log_level:
        os.environ["PREFECT_LOGGING_LEVEL"] = log_level.upper()
        os.environ["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] = log_level.upper()
    elif quiet:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
        # The console shows the command's own summary and one-line errors, never Prefect's
        # tracebacks; the flow runs' logs still reach the Prefect API (-v shows them here).
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")
    if not discover:
        return os.environ.get("PREFECT_API_URL")
    from newsfacts.server import discover as discover_server

    return discover_server(Path(os.environ["PREFECT_HOME"]))
