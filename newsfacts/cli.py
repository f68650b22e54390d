"""The ``newsfacts`` command line. Thin: parse options, call a flow, print a summary.

Every command has ``--help`` with an example.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from newsfacts.errors import NewsfactsError
from newsfacts.settings import configure_environment

DEFAULT_SEEDS = "seeds"
DEFAULT_WAREHOUSE = "warehouse"


def _date(ctx, param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None


def warehouse_option(f):
    return click.option(
        "--warehouse", "-w", default=DEFAULT_WAREHOUSE, show_default=True,
        help="Warehouse root: a folder or an s3://bucket/prefix URL.",
    )(f)


def run_options(f):
    for opt in reversed([
        click.option("--batch-size", default=200, show_default=True, help="Articles per chunk (the unit of work)."),
        click.option("--workers", default=1, show_default=True, help="Local Dask worker processes for the NLP (1 = in-process)."),
        click.option("--dask-address", default=None, help="Send the work to an existing Dask scheduler, e.g. tcp://10.0.0.5:8786."),
        click.option("--no-progress", is_flag=True, help="Hide the progress bar."),
        click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON instead of text."),
        click.option("--verbose", "-v", is_flag=True, help="Show Prefect's INFO logs."),
    ]):
        f = opt(f)
    return f


def _run(paths, warehouse, since, until, batch_size, workers, dask_address, no_progress, as_json, verbose) -> None:
    configure_environment(quiet=not verbose)
    from flows.run import run_ingest

    missing = [p for p in paths if not Path(p).exists()]
    for p in missing:
        click.echo(f"warning: {p} does not exist; it will be quarantined", err=True)
    try:
        summary = run_ingest(
            [str(p) for p in paths], warehouse=warehouse, since=since, until=until,
            batch_size=batch_size, workers=workers, dask_address=dask_address, progress=not no_progress,
        )
    except NewsfactsError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(summary, default=str))
    else:
        from newsfacts.accounting import Tally

        tally = Tally(**{k: summary[k] for k in Tally.__dataclass_fields__ if k in summary})
        click.echo(f"run {summary['run_id']} → {summary['warehouse']}")
        for line in tally.summary_lines():
            click.echo(line)
    if not summary.get("balanced", False):
        sys.exit(3)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsfacts")
def main() -> None:
    """newsfacts: raw news articles into clean, checked tables of who, where and how many.

    \b
    Example:
        newsfacts run                       # seeds/ into warehouse/
        newsfacts backfill ../shared/corpora/bbc/business --warehouse /tmp/wh
    """


@main.command()
@warehouse_option
@run_options
def run(warehouse, batch_size, workers, dask_address, no_progress, as_json, verbose) -> None:
    """The main job: every article in seeds/ into the warehouse.

    \b
    Example:
        newsfacts run
        newsfacts run --warehouse /tmp/wh --json
    """
    _run([DEFAULT_SEEDS], warehouse, None, None, batch_size, workers, dask_address, no_progress, as_json, verbose)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@warehouse_option
@click.option("--since", callback=_date, help="First day (inclusive): day folders by name, other inputs by published_at.")
@click.option("--until", callback=_date, help="Last day (inclusive), likewise.")
@click.option("--redo", is_flag=True, help="Run days that already completed again (default: skip them).")
@run_options
def backfill(paths, warehouse, since, until, redo, batch_size, workers, dask_address, no_progress, as_json, verbose) -> None:
    """An ad-hoc run over files or folders (.txt, .jsonl[.gz], .html[.gz]), one flow run per day.

    A dated inbox (PATH/YYYY-MM-DD/...) gives one run per day folder between
    --since and --until; other inputs run in slices of about 2,000 records,
    keeping articles whose published_at falls in the range. Each day commits
    on its own with a completion marker (_state/days/DAY.json), so running the
    same backfill again skips finished days and an interrupted one resumes.

    Exit status 0 when the run completed, also when inputs were quarantined;
    4 when a day could not complete (the other days still run), 3 when the
    accounting does not balance.

    \b
    Example:
        newsfacts backfill ../shared/corpora/bbc/politics --warehouse /tmp/wh
        newsfacts backfill inbox --since 2017-02-01 --until 2017-02-28 --workers 2
        newsfacts backfill archive/2017.jsonl.gz --since 2017-01-01 --until 2017-01-31 --workers 2
    """
    if since and until and since > until:
        raise click.BadParameter(f"--since {since} is after --until {until}")
    configure_environment(quiet=not verbose)
    from flows.backfill import run_backfill, tally_of

    for p in paths:
        if not Path(p).exists():
            click.echo(f"warning: {p} does not exist; it will be quarantined", err=True)
    try:
        summary = run_backfill(
            [str(p) for p in paths], warehouse=warehouse, since=since, until=until, batch_size=batch_size,
            workers=workers, dask_address=dask_address, progress=not no_progress, redo=redo,
        )
    except NewsfactsError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(summary, default=str))
    else:
        click.echo(f"backfill → {summary['warehouse']}")
        for fail in summary["failed"]:
            click.echo(f"FAILED {fail['partition']}: {fail['error']}", err=True)
        click.echo(
            f"partitions {summary['partitions']}: {summary['ran']} run, "
            f"{summary['complete_before']} already complete, {len(summary['failed'])} failed"
        )
        for line in tally_of(summary).summary_lines():
            click.echo(line)
    if summary["failed"]:
        sys.exit(4)
    if not summary.get("balanced", False):
        sys.exit(3)


@main.command()
@click.option("--inbox", default="inbox", show_default=True, help="The dated inbox: one folder per day, INBOX/YYYY-MM-DD/.")
@warehouse_option
@click.option("--cron", default="0 2 * * *", show_default=True, help="When the daily run starts (cron syntax).")
@click.option("--timezone", "tz", default="UTC", show_default=True, help="Time zone of the cron schedule.")
@click.option("--dask-address", default=None, help="Run the NLP on an existing Dask scheduler.")
@click.option("--verbose", "-v", is_flag=True, help="Show Prefect's INFO logs.")
def serve(inbox, warehouse, cron, tz, dask_address, verbose) -> None:
    """Register the scheduled deployment newsfacts-daily/daily and run its flow runs.

    Each run ingests one folder of the dated inbox, INBOX/YYYY-MM-DD/, by
    default yesterday's (UTC). Needs the Prefect server (newsfacts server
    start). Stop with Ctrl-C (the schedule is paused until served again).

    \b
    Example:
        newsfacts server start
        newsfacts serve --inbox /data/inbox --warehouse s3://news/warehouse
        prefect deployment run 'newsfacts-daily/daily' -p day=2017-02-14
    """
    url = configure_environment(quiet=not verbose)
    if url is None:
        raise click.ClickException("no Prefect server: start one with `newsfacts server start` (or set PREFECT_API_URL)")
    from flows.deploy import serve_daily

    click.echo(f"serving newsfacts-daily/daily ({cron} {tz}) against {url}; inbox {inbox} → {warehouse}")
    serve_daily(inbox=inbox, warehouse=warehouse, cron=cron, timezone=tz, dask_address=dask_address)


@main.command()
@click.option("--since", callback=_date, required=True, help="First day (inclusive).")
@click.option("--until", callback=_date, help="Last day (inclusive); default: --since.")
@click.option("--deployment", default="newsfacts-daily/daily", show_default=True, help="The deployment to run.")
@click.option("--wait", is_flag=True, help="Wait for each day's run to finish.")
def trigger(since, until, deployment, wait) -> None:
    """Ask the served deployment to run each day from --since to --until.

    One flow run per day, created through the API with the idempotency key
    DEPLOYMENT:DAY, so asking twice for a day does not run it twice.

    \b
    Example:
        newsfacts trigger --since 2017-02-01 --until 2017-02-07 --wait
    """
    from datetime import timedelta

    until = until or since
    if since > until:
        raise click.BadParameter(f"--since {since} is after --until {until}")
    if configure_environment() is None:
        raise click.ClickException("no Prefect server: start one with `newsfacts server start` (or set PREFECT_API_URL)")
    from flows.deploy import trigger_days

    days = [since + timedelta(days=i) for i in range((until - since).days + 1)]
    runs = trigger_days(days, deployment=deployment, wait=wait)
    for day, run in zip(days, runs):
        click.echo(f"{day}  {run.name}  {run.id}  {run.state.name if run.state else '?'}")
    if wait and not all(run.state and run.state.is_completed() for run in runs):
        sys.exit(4)


@main.group()
def server() -> None:
    """The local Prefect server (SQLite in ./.prefect, 127.0.0.1 only).

    \b
    Example:
        newsfacts server start     # then open http://127.0.0.1:4200
        newsfacts server stop
    """


def home_option(f):
    return click.option("--home", type=click.Path(path_type=Path), default=None,
                        help="Prefect home (database, pid and log files). Default: $PREFECT_HOME or ./.prefect.")(f)


@server.command("start")
@home_option
@click.option("--port", default=4200, show_default=True, help="TCP port on 127.0.0.1.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--timeout", default=120.0, show_default=True, help="Seconds to wait for the server to answer.")
def server_start(home, port, host, timeout) -> None:
    """Start the Prefect server in the background and wait until it answers.

    \b
    Example:
        newsfacts server start --port 4200
    """
    from newsfacts import server as srv

    try:
        info = srv.start(home, host=host, port=port, timeout=timeout)
    except srv.ServerError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Prefect server running (pid {info.pid}) at {info.api_url}; log {info.log}")
    click.echo(f"newsfacts commands using the Prefect home {info.home} find it; "
               f"for anything else: export PREFECT_API_URL={info.api_url}")


@server.command("stop")
@home_option
def server_stop(home) -> None:
    """Stop the Prefect server started by `newsfacts server start`.

    \b
    Example:
        newsfacts server stop
    """
    from newsfacts import server as srv

    click.echo("Prefect server stopped" if srv.stop(home) else "no Prefect server was running")


@server.command("status")
@home_option
def server_status(home) -> None:
    """Say whether the local Prefect server runs, and where (exit 1 when it does not).

    \b
    Example:
        newsfacts server status
    """
    from newsfacts import server as srv

    info = srv.read_info(home)
    if info is None or not srv.healthy(info.api_url):
        click.echo("no Prefect server running (newsfacts commands use an ephemeral one)")
        sys.exit(1)
    click.echo(f"Prefect server running (pid {info.pid}) at {info.api_url}")


from newsfacts.cli_show import register as register_show  # noqa: E402  (show, report)
register_show(main)
from newsfacts.cli_warehouse import register as register_warehouse  # noqa: E402  (reprocess, optimize, migrate, check)
register_warehouse(main)

if __name__ == "__main__":
    main()
