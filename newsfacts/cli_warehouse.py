"""``newsfacts reprocess``, ``optimize``, ``migrate`` and ``check``: looking after the warehouse.

Thin: parse options, call :mod:`flows.reprocess` / :mod:`newsfacts.warehouse` /
:mod:`newsfacts.upkeep`, print what happened. Errors become one line and an exit code
through the main group (``newsfacts.cli``). Registered by :func:`register`.
"""

from __future__ import annotations

import json

import click

from newsfacts.cli_common import iso_date, warehouse_option

from newsfacts.options import DEFAULT_BATCH_SIZE, ExitCode

#: Default vacuum retention of ``newsfacts optimize`` (hours).
RETENTION_HOURS = 7 * 24


_date = iso_date
_warehouse_option = warehouse_option


def _echo(ctx: click.Context, data: dict, lines: list[str]) -> None:
    if ctx.meta.get("newsfacts.json"):
        click.echo(json.dumps(data, default=str))
    else:
        for line in lines:
            click.echo(line)


@click.command()
@_warehouse_option
@click.option("--since", callback=_date, help="First day (inclusive) of the articles to reprocess.")
@click.option("--until", callback=_date, help="Last day (inclusive).")
@click.option("--stale", is_flag=True, help="Only articles whose derived rows an older extractor_version made.")
@click.option("--batch-size", default=DEFAULT_BATCH_SIZE, show_default=True, help="Articles per chunk.")
@click.pass_context
def reprocess(ctx, warehouse, since, until, stale, batch_size) -> None:
    """Re-run the NLP over stored articles and replace their derived rows.

    Sentences, entities, facts (and every other table keyed by article_id) of the
    selected articles are replaced, one commit per table and chunk: an article's old
    and new rows never coexist. Every derived row records its extractor_version.

    \b
    Example:
        newsfacts reprocess --stale
        newsfacts reprocess --since 2017-02-01 --until 2017-02-28 --warehouse /tmp/wh
    """
    from newsfacts.accounting import Tally
    from newsfacts.settings import configure_environment

    if since and until and since > until:
        raise click.BadParameter(f"--since {since} is after --until {until}; swap them")
    configure_environment(quiet=not ctx.meta.get("newsfacts.verbose"))
    from flows.reprocess import reprocess as flow

    summary = flow(warehouse=warehouse, since=since, until=until, stale=stale, batch_size=batch_size)
    tally = Tally.from_summary(summary)
    lines = [f"reprocess {summary['run_id']} → {warehouse} (extractor {summary['extractor_version']})",
             f"articles selected   {tally.records_read:>8,}", f"reprocessed         {tally.articles_written:>8,}",
             f"kept old rows       {tally.quarantined:>8,}  (failed the quality gate or crashed: see quarantine)"]
    _echo(ctx, summary, lines)
    if summary["status"] != "completed":
        ctx.exit(ExitCode.FAILED)


@click.command()
@_warehouse_option
@click.option("--retention-hours", default=RETENTION_HOURS, show_default=True,
              help="Keep files removed from the tables this long (readers still running may need them).")
@click.pass_context
def optimize(ctx, warehouse, retention_hours) -> None:
    """Compact small files into large ones and vacuum files no version needs any more.

    Run it weekly (the served deployment does) or after many small runs. Files that
    left the tables less than --retention-hours ago stay (time travel and running
    readers use them); a shorter retention than 7 days is refused by Delta's check
    unless you mean it (then it is applied as given).

    \b
    Example:
        newsfacts optimize --warehouse /tmp/wh
    """
    from newsfacts.warehouse import Warehouse

    wh = Warehouse(warehouse, create=False)
    wh.require_current()
    report = wh.optimize(retention_hours=retention_hours)
    lines = [f"{name:<16} files {r['files_before']:>6} → {r['files_after']:>6}  vacuumed {r['vacuumed']:>6}"
             for name, r in report.items()]
    _echo(ctx, {"warehouse": warehouse, "tables": report}, lines or [f"{warehouse}: no tables"])


@click.command()
@_warehouse_option
@click.option("--into", default=None, help="Write the Delta tables into this new root instead of converting in place.")
@click.pass_context
def migrate(ctx, warehouse, into) -> None:
    """Convert a warehouse written by the previous version (Parquet folders) to Delta tables.

    In place, each old table folder is kept under _migrated_from/ (delete it when
    content); with --into the old warehouse is left untouched. An interrupted commit
    of the old format is finished first; old completion markers become Delta
    application transactions, so finished backfill days stay finished. The rows of
    every table are counted before and after.

    \b
    Example:
        newsfacts migrate --warehouse /data/wh
        newsfacts migrate --warehouse /data/wh --into /data/wh-delta
    """
    from newsfacts.upkeep import migrate as run_migrate
    from newsfacts.warehouse import Warehouse

    src = Warehouse(warehouse, create=False)
    if not src.legacy_tables():
        _echo(ctx, {"warehouse": warehouse, "migrated": False}, [f"{warehouse} holds no previous-version tables: nothing to do"])
        return
    dst = Warehouse(into) if into else None
    if dst is not None:
        dst.require_current()
    lines = run_migrate(src, dst)
    _echo(ctx, {"warehouse": warehouse, "into": into, "lines": lines}, lines)
    if any("MISMATCH" in line for line in lines):
        ctx.exit(ExitCode.FAILED)


@click.command()
@_warehouse_option
@click.pass_context
def check(ctx, warehouse) -> None:
    """Check a warehouse: every table opens, keys are unique, child rows have their articles.

    Prints one line per table and every problem found; exit status 4 when there is one.

    \b
    Example:
        newsfacts check --warehouse /tmp/wh
    """
    from newsfacts.upkeep import check as run_check
    from newsfacts.warehouse import Warehouse

    result = run_check(Warehouse(warehouse, create=False))
    lines = result.lines + [f"PROBLEM: {p}" for p in result.problems]
    lines.append("ok" if result.ok else f"{len(result.problems)} problem(s)")
    _echo(ctx, {"warehouse": warehouse, "tables": result.lines, "problems": result.problems, "ok": result.ok}, lines)
    if not result.ok:
        ctx.exit(ExitCode.FAILED)


COMMANDS = (reprocess, optimize, migrate, check)


def register(group: click.Group) -> None:
    """Add ``reprocess``, ``optimize``, ``migrate`` and ``check`` to the main command group."""
    for command in COMMANDS:
        group.add_command(command)
