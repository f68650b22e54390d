"""The scheduled deployment ``newsfacts-daily/daily`` and day runs created through the API.

``newsfacts serve`` registers the daily flow with a cron schedule (02:00 UTC by
default) and serves it: this process polls the Prefect server and runs each
scheduled or requested flow run in a subprocess. Runs created by
:func:`trigger_days` carry an idempotency key per day, so asking twice for the
same day gives the same flow run instead of a second one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from flows.daily import ingest_day
from newsfacts.options import (  # noqa: F401  (FLOW_NAME re-exported)
    DEFAULT_CRON,
    DEFAULT_INBOX,
    DEFAULT_TIMEZONE,
    DEFAULT_WAREHOUSE,
    DEPLOYMENT,
    DEPLOYMENT_NAME,
    FLOW_NAME,
)


def _location(path: str) -> str:
    """A local path made absolute (runs start in other folders); URLs unchanged."""
    return path if "://" in path else str(Path(path).resolve())


def daily_deployment(
    *, inbox: str = DEFAULT_INBOX, warehouse: str = DEFAULT_WAREHOUSE, cron: str = DEFAULT_CRON,
    timezone: str = DEFAULT_TIMEZONE, dask_address: str | None = None, paused: bool = False,
):
    """The deployment of :func:`flows.daily.ingest_day` with its schedule and default parameters."""
    from prefect.deployments.runner import EntrypointType
    from prefect.schedules import Cron

    parameters = {"inbox": _location(inbox), "warehouse": _location(warehouse)}
    if dask_address:
        parameters["dask_address"] = dask_address
    return ingest_day.to_deployment(
        name=DEPLOYMENT_NAME,
        schedules=[Cron(cron, timezone=timezone)],
        parameters=parameters,
        paused=paused,
        description="One day of the dated inbox into the warehouse; day defaults to yesterday (UTC).",
        tags=["newsfacts"],
        entrypoint_type=EntrypointType.MODULE_PATH,  # importable from any folder
    )


#: The weekly maintenance: compact and vacuum every table (Sunday 03:00 UTC).
OPTIMIZE_DEPLOYMENT_NAME = "weekly"
OPTIMIZE_CRON = "0 3 * * 0"


def optimize_deployment(*, warehouse: str = DEFAULT_WAREHOUSE, cron: str = OPTIMIZE_CRON, timezone: str = DEFAULT_TIMEZONE,
                        paused: bool = False):
    """The deployment ``newsfacts-optimize/weekly`` of :func:`flows.daily.optimize_warehouse`."""
    from prefect.deployments.runner import EntrypointType
    from prefect.schedules import Cron

    from flows.daily import optimize_warehouse

    return optimize_warehouse.to_deployment(
        name=OPTIMIZE_DEPLOYMENT_NAME, schedules=[Cron(cron, timezone=timezone)],
        parameters={"warehouse": _location(warehouse)}, paused=paused,
        description="Compact small files and vacuum files older than 7 days, every table.",
        tags=["newsfacts"], entrypoint_type=EntrypointType.MODULE_PATH,
    )


def serve_daily(**options) -> None:
    """Register the daily deployment and the weekly optimize, and serve both until interrupted
    (see :func:`daily_deployment`, :func:`optimize_deployment`)."""
    from prefect import serve

    weekly = optimize_deployment(warehouse=options.get("warehouse", DEFAULT_WAREHOUSE),
                                 timezone=options.get("timezone", DEFAULT_TIMEZONE), paused=options.get("paused", False))
    serve(daily_deployment(**options), weekly, limit=1, print_starting_message=True)


def day_key(day: date, deployment: str = DEPLOYMENT) -> str:
    """The idempotency key of a day's deployment run."""
    return f"{deployment}:{day.isoformat()}"


def trigger_days(
    days: Iterable[date], *, deployment: str = DEPLOYMENT, wait: bool = False, timeout: float | None = None,
    redo: bool = False,
) -> list:
    """Create one deployment run per day through the API (idempotent per day).

    Args:
        days: the days to run.
        deployment: ``flow-name/deployment-name``.
        wait: wait for each run to finish before creating the next.
        timeout: seconds to wait per run (None: no limit).
        redo: a new idempotency key (``DEPLOYMENT:DAY:redo-<time>``): run the day again.

    Returns:
        The flow runs (existing ones when a day was already requested).
    """
    from datetime import UTC, datetime

    from prefect.deployments import run_deployment

    runs = []
    suffix = f":redo-{datetime.now(UTC):%Y%m%dT%H%M%S%f}" if redo else ""
    for day in days:
        runs.append(run_deployment(
            deployment, parameters={"day": day.isoformat()}, idempotency_key=day_key(day, deployment) + suffix,
            timeout=(timeout if wait else 0), as_subflow=False, flow_run_name=f"day-{day.isoformat()}",
        ))
    return runs


def failure_reason(flow_run) -> str:
    """Why a flow run failed, in one line: its state's message (the error it raised)."""
    state = flow_run.state
    message = (state.message or "").strip() if state is not None else ""
    if not message:
        return f"no reason recorded; see `prefect flow-run logs {flow_run.id}`"
    first = message.splitlines()[-1] if "Traceback" in message else message.splitlines()[0]
    return first.strip()
