"""``newsfacts show`` and ``newsfacts report``: look at a warehouse without SQL.

Thin: parse options, call :mod:`newsfacts.show` / :mod:`newsfacts.report`, turn
named errors into one-line usage errors (exit 2). Registered on the main group
by :func:`register`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from newsfacts.cli_common import iso_date, warehouse_option

from newsfacts.errors import NewsfactsError

REPORT_NAME = "report.html"


_date = iso_date
_warehouse_option = warehouse_option


def _json_wanted() -> bool:
    """Whether the main group's shared ``--json`` flag was given (it lives in the context's meta)."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.meta.get("newsfacts.json"))


def _usage(exc: NewsfactsError) -> click.UsageError:
    return click.UsageError(str(exc).splitlines()[0])


@click.command()
@click.argument("table", metavar="TABLE")
@_warehouse_option
@click.option("--category", help="facts/incidents: the category (killed, wounded, money...); entities: the label; "
                                 "quality: the table; quarantine: the reason; runs: the status.")
@click.option("--place", help="Part of a place name (facts.location, incidents.label, entities, articles.dateline).")
@click.option("--since", callback=_date, help="First day (inclusive): publication day, event dates for incidents.")
@click.option("--until", callback=_date, help="Last day (inclusive), likewise.")
@click.option("--article", help="An article_id (or its first characters), or a doc_id.")
@click.option("--source", help="Part of the source (the article's source for facts, entities, sentences, timexes).")
@click.option("--run", "run_id", help="Only rows of this run (tables with a run_id).")
@click.option("--where", help="Any other SQL predicate over the table's columns (DuckDB), e.g. \"value >= 100\".")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many rows (table format: 50).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "parquet"]), default="table",
              show_default=True, help="Output format.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file (required for parquet).")
def show(table, warehouse, category, place, since, until, article, source, run_id, where, limit, fmt, out) -> None:
    """Show a table: facts, entities, incidents, incident_claims, timexes, articles,
    sentences, quality, quarantine or runs.

    Facts come with their evidence sentence, the number highlighted.

    \b
    Example:
        newsfacts show facts --category killed --place Aleppo --limit 20
        newsfacts show facts --since 2017-04-01 --where "value >= 100" --format csv
        newsfacts show quarantine --format json | python -m json.tool
        newsfacts show entities --category GPE --format parquet --out gpe.parquet
    """
    from newsfacts import show as sh

    if fmt == "table" and _json_wanted():
        fmt = "json"
    if since and until and since > until:
        raise click.BadParameter(f"--since {since} is after --until {until}")
    if fmt == "parquet" and out is None:
        raise click.UsageError("--format parquet writes a file: add --out FILE.parquet")
    if fmt == "table" and limit is None and out is None:
        limit = 50
    filters = sh.Filters(category=category, place=place, since=since, until=until, article=article,
                         source=source, run=run_id, where=where)
    try:
        data = sh.load(warehouse, table)
        articles = sh.read_table(warehouse, "articles", ["article_id", "source"]) if source else None
        rows = sh.select(table, data, filters, articles)
    except NewsfactsError as exc:
        raise _usage(exc) from exc
    total = rows.num_rows
    _emit(table, rows if limit is None else rows.slice(0, limit), fmt, out, total)


def _emit(table: str, rows, fmt: str, out: Path | None, total: int | None) -> None:
    from newsfacts import show as sh

    if fmt == "parquet":
        sh.write_parquet(rows, str(out))
        click.echo(f"{rows.num_rows} rows → {out}", err=True)
    elif fmt in sh.WRITERS:
        text = sh.WRITERS[fmt](rows)
        if out is None:
            click.echo(text, nl=False)
        else:
            out.write_text(text, encoding="utf-8")
            click.echo(f"{rows.num_rows} rows → {out}", err=True)
    else:
        from rich.console import Console

        console = Console(file=open(out, "w", encoding="utf-8") if out else sys.stdout,
                          width=None if out is None else 160)
        console.print(sh.rich_table(table, rows, total=total, width=console.width))


def default_report_path(warehouse: str) -> Path:
    """Where ``newsfacts report`` writes without ``--out``: ``WAREHOUSE/_reports/report.html`` for a
    local warehouse, ``./report.html`` for a remote one."""
    if "://" in warehouse and not warehouse.startswith("file://"):
        return Path(REPORT_NAME)
    return Path(warehouse.removeprefix("file://")) / "_reports" / REPORT_NAME


@click.command()
@_warehouse_option
@click.option("--run", "run_id", help="Only this run (its accounting, quality and quarantine; its articles' facts).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="The HTML file to write. Default: WAREHOUSE/_reports/report.html (./report.html for s3://).")
def report(warehouse, run_id, out) -> None:
    """Write one self-contained HTML report of the warehouse (or one run): accounting,
    quality, quarantine, facts by category and over time, places on a map, incident tolls.

    The page fetches nothing when opened: charts are inline SVG, works offline.

    \b
    Example:
        newsfacts report
        newsfacts report --warehouse /tmp/wh --out /tmp/wh-report.html
        newsfacts report --run 20170214T020000Z-3f9c2a1b
    """
    from newsfacts.report import build_report

    out = out or default_report_path(warehouse)
    try:
        html, summary = build_report(warehouse, run_id=run_id)
    except NewsfactsError as exc:
        raise _usage(exc) from exc
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    size = len(html.encode())
    if _json_wanted():
        click.echo(json.dumps({"report": str(out), "bytes": size, "covers": summary}))
    else:
        click.echo(f"report → {out} ({size / 1024:,.0f} KB): {summary}")


COMMANDS: tuple[click.Command, ...] = (show, report)


def register(group: click.Group) -> None:
    """Add ``show`` and ``report`` to the main command group."""
    for command in COMMANDS:
        group.add_command(command)
