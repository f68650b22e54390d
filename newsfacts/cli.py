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
@click.option("--since", callback=_date, help="Keep articles published on or after this ISO date.")
@click.option("--until", callback=_date, help="Keep articles published on or before this ISO date.")
@run_options
def backfill(paths, warehouse, since, until, batch_size, workers, dask_address, no_progress, as_json, verbose) -> None:
    """An ad-hoc run over files or folders (.txt, .jsonl[.gz], .html[.gz]).

    Exit status 0 when the run completed, also when inputs were quarantined.

    \b
    Example:
        newsfacts backfill ../shared/corpora/bbc/politics --warehouse /tmp/wh
        newsfacts backfill archive/2017.jsonl.gz --since 2017-01-01 --until 2017-01-31 --workers 2
    """
    if since and until and since > until:
        raise click.BadParameter(f"--since {since} is after --until {until}")
    _run(list(paths), warehouse, since, until, batch_size, workers, dask_address, no_progress, as_json, verbose)


if __name__ == "__main__":
    main()
