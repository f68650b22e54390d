"""The ``newsfacts`` command line. Thin: parse options, call a flow, print a summary.

Every command has ``--help`` with an example, ``--log-level``, ``--json`` and
``-v``; every option can also come from ``NEWSFACTS_<OPTION>`` or the
configuration file (``newsfacts.config``). Errors are one line that says what
to do (``-v`` adds the traceback); exit codes are ``newsfacts.options.ExitCode``.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import sys
import traceback
from collections import Counter
from datetime import date
from pathlib import Path

import click

from newsfacts import config
from newsfacts.errors import NewsfactsError, UsageError
from newsfacts.options import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_CRON,
    DEFAULT_INBOX,
    DEFAULT_SEEDS,
    DEFAULT_TIMEZONE,
    DEFAULT_WAREHOUSE,
    DEFAULT_WORKERS,
    DEPLOYMENT,
    LOG_LEVELS,
    ExitCode,
    RunOptions,
    check_warehouse,
)
from newsfacts.settings import configure_environment

#: Skipped inputs listed by name in the summary (the rest are counted).
MAX_SKIPPED_LISTED = 20
#: What to do about an operating-system error, by errno.
OS_ADVICE = {
    errno.EROFS: "the file system is read-only: give a writable --warehouse",
    errno.ENOSPC: "no space left on the device: free some space or give another --warehouse",
    errno.EDQUOT: "the disk quota is exceeded: free some space or give another --warehouse",
    errno.EACCES: "permission denied: check the permissions of the path",
    errno.EPERM: "operation not permitted: check the permissions of the path",
    errno.ENOTDIR: "a part of the path is a file, not a folder: check the path",
    errno.EEXIST: "something is already there: check the path",
}


class HardExit(Exception):
    """Leave at once with ``code`` (a run stopped by a signal or a lost server)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


# ---------------------------------------------------------------- the group: errors, config, shared options


class NewsfactsGroup(click.Group):
    """A click group whose commands share ``--log-level``/``--json``/``-v`` and env variables,
    read the configuration file, and turn every error into one line and an exit code."""

    group_class = type  # sub-groups (``server``) behave the same

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        _add_shared_options(cmd)
        config.set_envvars([cmd])
        super().add_command(cmd, name)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, HardExit):
            raise
        except UsageError as exc:
            _fail(ctx, exc, str(exc), ExitCode.USAGE)
        except NewsfactsError as exc:
            _fail(ctx, exc, str(exc), ExitCode.FAILED)
        except OSError as exc:
            _fail(ctx, exc, os_message(exc), ExitCode.FAILED)
        except KeyboardInterrupt as exc:
            _fail(ctx, exc, "interrupted", ExitCode.INTERRUPTED)
        except Exception as exc:  # noqa: BLE001  (the edge: one line, never a traceback unless -v)
            _fail(ctx, exc, f"unexpected {type(exc).__name__}: {exc}; run again with -v and report the traceback",
                  ExitCode.INTERNAL)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """Run the command line; the exit status is an ``ExitCode``. A stopped run exits at once."""
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except HardExit as exc:
            code = exc.code
            if args is None:  # the real command line (not a test runner): nothing may hold the exit up
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        except click.UsageError as exc:
            hint = f"; see {exc.ctx.command_path} --help" if exc.ctx is not None else ""
            click.echo(f"error: {exc.format_message().rstrip('.')}{hint}", err=True)
            code = ExitCode.USAGE
        except click.ClickException as exc:
            click.echo(f"error: {exc.format_message()}", err=True)
            code = exc.exit_code
        except click.exceptions.Abort:
            click.echo("error: interrupted", err=True)
            code = ExitCode.INTERRUPTED
        code = int(code) if isinstance(code, int) else ExitCode.OK
        if args is None and "prefect" in sys.modules:
            # Events and logs were shipped (bounded) before the run's API went away; Prefect's
            # own exit hooks would retry a stopped server without end.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
        if standalone_mode:
            sys.exit(code)
        return code


def _fail(ctx: click.Context, exc: BaseException, message: str, code: ExitCode) -> None:
    if ctx.meta.get("newsfacts.verbose"):
        traceback.print_exception(exc, file=sys.stderr)
    click.echo(f"error: {message}", err=True)
    ctx.exit(code)


def os_message(exc: OSError) -> str:
    """One line for an operating-system error: what, where, what to do.

    >>> os_message(OSError(30, "Read-only file system", "/data/wh"))
    'Read-only file system: /data/wh (the file system is read-only: give a writable --warehouse)'
    """
    where = f": {exc.filename}" if exc.filename else ""
    advice = OS_ADVICE.get(exc.errno or 0, "check the path and the disk")
    return f"{exc.strerror or exc}{where} ({advice})"


def _meta(key: str):
    def store(ctx: click.Context, param: click.Parameter, value):
        if value is not None:
            ctx.meta[f"newsfacts.{key}"] = value
        if key == "log_level" and value:
            logging.getLogger("newsfacts").setLevel(value.upper())
        return value

    return store


SHARED_OPTIONS = (
    (("--log-level",), dict(type=click.Choice(LOG_LEVELS, case_sensitive=False), default=None,
                            help="Log level of newsfacts and Prefect on the console (default WARNING).")),
    (("--json",), dict(is_flag=True, default=None, help="Print the result as JSON.")),
    (("--verbose", "-v"), dict(is_flag=True, default=None, help="Show Prefect's INFO logs and the traceback of an error.")),
)


def _add_shared_options(cmd: click.Command) -> None:
    if isinstance(cmd, click.Group):
        for sub in cmd.commands.values():
            _add_shared_options(sub)
        return
    taken = {opt for p in cmd.params for opt in getattr(p, "opts", [])} | {p.name for p in cmd.params}
    for decls, attrs in SHARED_OPTIONS:
        name = decls[0].lstrip("-").replace("-", "_")
        if taken & set(decls) or name in taken:
            continue
        cmd.params.append(click.Option(decls, expose_value=False, callback=_meta(name), **attrs))


def _date(ctx, param, value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None


def _warehouse(ctx, param, value: str) -> str:
    return check_warehouse(value)  # a UsageError: one line, exit 2, before anything is created


def warehouse_option(f):
    return click.option(
        "--warehouse", "-w", default=DEFAULT_WAREHOUSE, show_default=True, callback=_warehouse,
        help="Warehouse root: a folder or an s3://bucket/prefix URL.",
    )(f)


def run_options(f):
    for opt in reversed([
        click.option("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, show_default=True,
                     help="Articles per chunk (the unit of work), at least 1."),
        click.option("--workers", type=int, default=DEFAULT_WORKERS, show_default=True,
                     help="Local Dask worker processes for the NLP (1 = in-process), at least 1."),
        click.option("--dask-address", default=None, help="Send the work to an existing Dask scheduler, e.g. tcp://10.0.0.5:8786."),
        click.option("--no-progress", is_flag=True, help="Hide the progress bar."),
        click.option("--strict", is_flag=True, help=f"Exit {int(ExitCode.QUARANTINED)} when any record was quarantined."),
    ]):
        f = opt(f)
    return f


@click.group(cls=NewsfactsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsfacts")
@click.pass_context
def main(ctx: click.Context) -> None:
    """newsfacts: raw news articles into clean, checked tables of who, where and how many.

    Options also come from NEWSFACTS_<OPTION> variables and from [tool.newsfacts]
    in pyproject.toml or newsfacts.toml (flags win). Exit codes: see the README.

    \b
    Example:
        newsfacts run                       # seeds/ into warehouse/
        newsfacts backfill ../shared/corpora/bbc/business --warehouse /tmp/wh
    """
    ctx.default_map = config.default_map(config.load_config(config.find_config()), main.commands)


# ---------------------------------------------------------------- run and backfill


def _options(ctx: click.Context, paths, **kw) -> RunOptions:
    """The run's options, checked before anything is read or created. URL inputs
    (``s3://...``, any fsspec URL) are checked, then mirrored locally (newsfacts.remote)."""
    from newsfacts.remote import is_url, localise

    paths = [str(p) for p in paths]
    progress = not kw.pop("no_progress")
    if any(is_url(p) for p in paths):  # every other option is checked before anything is fetched
        RunOptions(paths=tuple("." if is_url(p) else p for p in paths), progress=progress, **kw)
        paths = localise(paths)
    return RunOptions(paths=tuple(paths), progress=progress, **kw)


def guarded_run(ctx: click.Context, warehouse: str, target, *, progress: bool = True, warm=None):
    """Run a flow (``target()``) the way every run command does: against the Prefect API in
    use (a running local server is found and reused, ``newsfacts.server.find_server``) or an
    ephemeral server of its own, stopped in bounded time by SIGINT/SIGTERM or a lost API
    (then the accounting and one line are printed and the command exits at once).

    Args:
        warm: work done before the run (imports, model, suites); with an ephemeral server
            it overlaps the server's boot.

    Returns:
        The flow's summary, with ``prefect_server`` (which server ran the flow).
    """
    from newsfacts import server as srv

    url = configure_environment(quiet=not ctx.meta.get("newsfacts.verbose"), log_level=ctx.meta.get("newsfacts.log_level"))
    choice = srv.last_choice() or srv.Choice("env" if url else "ephemeral", url, "PREFECT_API_URL" if url else "")
    from flows.run import guarded

    before = _published(warehouse)
    with srv.run_api(url, warm=warm, ready=_release_warm if warm is not None else None) as (api_url, answers, ephemeral):
        if ephemeral:
            choice = srv.Choice("ephemeral", api_url)
        elif choice.kind == "ephemeral":  # an API already set in this process's Prefect settings (a test harness)
            choice = srv.Choice("env", api_url, "Prefect settings of this process")
        outcome = guarded(target, health=answers, api_url=api_url)
        if outcome.stop is not None:
            _print_stopped(ctx, warehouse, progress, before, outcome)
            raise HardExit(outcome.stop.code)
    result = outcome.result
    if isinstance(result, dict):
        result = {**result, "prefect_server": choice.as_dict()}
    return result


def _warm(opts: RunOptions):
    """What a run loads before its flow starts: the flow's imports, and in-process (one
    worker, no Dask address) the model, the suites and the place index (``flows.run.warm_worker``)."""
    def warm() -> None:
        in_process = opts.workers <= 1 and not opts.dask_address
        if in_process:
            from newsfacts import parsehelper

            helper = parsehelper.prestart()  # its model loads while this process imports and warms up
        elif not opts.dask_address:
            from newsfacts import workerfork

            workerfork.start()  # local workers' imports and model load once, while this process imports
        import flows.ingest  # noqa: F401  (Prefect, the tasks and the warehouse code)

        if in_process:
            from flows.run import hold_background_warm, warm_worker

            hold_background_warm()  # GX and the gazetteer build once the API answers (server boot first)
            warm_worker(background=helper is not None)

    return warm


def _release_warm() -> None:
    """The API answers: the background warm-up may build now (``flows.run``)."""
    if "flows.run" in sys.modules:
        sys.modules["flows.run"].release_background_warm()


def _execute(ctx: click.Context, opts: RunOptions, kind: str) -> None:
    """Run the flow(s), print the summary, exit with its code."""
    if kind == "run":
        from flows.run import run_ingest

        target = lambda: run_ingest(list(opts.paths), warehouse=opts.warehouse, batch_size=opts.batch_size,  # noqa: E731
                                    workers=opts.workers, dask_address=opts.dask_address, progress=opts.progress)
    else:
        from flows.backfill import run_backfill

        target = lambda: run_backfill(list(opts.paths), warehouse=opts.warehouse, since=opts.since,  # noqa: E731
                                      until=opts.until, batch_size=opts.batch_size, workers=opts.workers,
                                      dask_address=opts.dask_address, progress=opts.progress, redo=opts.redo)
    summary = guarded_run(ctx, opts.warehouse, target, progress=opts.progress, warm=_warm(opts))
    _print_summary(ctx, opts, summary, kind)
    ctx.exit(summary_code(summary, strict=opts.strict))


def summary_code(summary: dict, *, strict: bool = False) -> ExitCode:
    """The exit code of a finished run or backfill.

    >>> summary_code({"balanced": True, "quarantined": 2}), summary_code({"balanced": True, "quarantined": 2}, strict=True)
    (<ExitCode.OK: 0>, <ExitCode.QUARANTINED: 5>)
    """
    if summary.get("failed") or summary.get("status") not in (None, "completed"):
        return ExitCode.FAILED
    if not summary.get("balanced", False):
        return ExitCode.UNBALANCED
    if strict and summary.get("quarantined", 0):
        return ExitCode.QUARANTINED
    return ExitCode.OK


def _print_summary(ctx: click.Context, opts: RunOptions, summary: dict, kind: str) -> None:
    from flows.backfill import tally_of

    skipped = _skipped_inputs(opts.paths)
    if ctx.meta.get("newsfacts.json"):
        click.echo(json.dumps({**summary, "skipped_inputs": skipped}, default=str))
        return
    if kind == "run":
        click.echo(f"run {summary['run_id']} → {summary['warehouse']}")
    else:
        click.echo(f"backfill → {summary['warehouse']}")
    if summary.get("prefect_server"):  # under the heading: the summary still ends with its check line
        from newsfacts.server import Choice

        click.echo(Choice(**summary["prefect_server"]).describe())
    if kind != "run":
        for fail in summary["failed"]:
            click.echo(f"FAILED {fail['partition']}: {fail['error']}", err=True)
        click.echo(f"partitions {summary['partitions']}: {summary['ran']} run, "
                   f"{summary['complete_before']} already complete, {len(summary['failed'])} failed")
    for item in skipped[:MAX_SKIPPED_LISTED]:
        click.echo(f"skipped {item['path']}: {item['reason']}")
    if len(skipped) > MAX_SKIPPED_LISTED:
        click.echo(f"skipped … and {len(skipped) - MAX_SKIPPED_LISTED} more (see the quarantine table)")
    for line in tally_of(summary).summary_lines():
        click.echo(line)


def _skipped_inputs(paths) -> list[dict]:
    """The input paths the walk skips (FIFOs, links, other kinds), as the readers see them."""
    from newsfacts.readers import walk_inputs
    from newsfacts.records import Skipped

    return [{"path": s.source, "reason": s.reason} for s in walk_inputs(paths) if isinstance(s, Skipped)]


def _published(root: str) -> tuple[dict[str, dict], Counter]:
    """The ``runs`` table by run_id, and the published articles per run_id (empty when
    there are no tables yet or they cannot be read)."""
    from newsfacts.warehouse import Warehouse

    try:
        wh = Warehouse(root, create=False)
        runs = {row["run_id"]: row for row in wh.read("runs").to_pylist()}
        articles = Counter(wh.read("articles", columns=["run_id"]).column("run_id").to_pylist())
    except (NewsfactsError, OSError, ValueError, KeyError):  # no table yet, or unreadable: nothing to compare
        return {}, Counter()
    return runs, articles


def _print_stopped(ctx: click.Context, warehouse: str, progress: bool, before: tuple[dict, Counter], outcome) -> None:
    """What a stopped command published (runs it completed, articles of the run it stopped), then one line."""
    from newsfacts.accounting import Tally

    if progress:
        click.echo("", err=True)  # off the progress bar's line
    runs, articles = _published(warehouse)
    done = [row for rid, row in runs.items() if rid not in before[0]]
    total = Tally()
    for row in done:
        total.add(Tally.from_summary(row))
    partial = sum(n - before[1].get(rid, 0) for rid, n in articles.items() if rid not in runs)
    if ctx.meta.get("newsfacts.json"):
        click.echo(json.dumps({"stopped": outcome.stop.message, "completed_runs": [r["run_id"] for r in done],
                               "articles_of_stopped_run": partial, **total.as_dict()}, default=str))
    else:
        click.echo(f"completed before the stop: {len(done)} run(s) → {warehouse}")
        for line in total.summary_lines():
            click.echo(line)
        click.echo(f"articles of the stopped run already published (whole chunks): {partial:,}")
    click.echo(f"error: {outcome.stop.message}: the run in progress was stopped; its finished chunks are published "
               f"({partial:,} articles), the chunk in flight and the rest are not. Run the same command again: "
               "published articles are skipped, the rest is read.", err=True)


@main.command()
@warehouse_option
@run_options
@click.pass_context
def run(ctx, warehouse, batch_size, workers, dask_address, no_progress, strict) -> None:
    """The main job: every article in seeds/ into the warehouse.

    \b
    Example:
        newsfacts run
        newsfacts run --warehouse /tmp/wh --json
    """
    if not Path(DEFAULT_SEEDS).is_dir():
        raise UsageError(f"no {DEFAULT_SEEDS}/ folder here ({Path.cwd()}): run `newsfacts run` in the project folder, "
                         "or `newsfacts backfill PATH` for other inputs")
    opts = _options(ctx, [DEFAULT_SEEDS], warehouse=warehouse, batch_size=batch_size, workers=workers,
                    dask_address=dask_address, no_progress=no_progress, strict=strict)
    _execute(ctx, opts, "run")


@main.command()
@click.argument("paths", nargs=-1, required=True)
@warehouse_option
@click.option("--since", callback=_date, help="First day (inclusive): day folders by name, other inputs by published_at.")
@click.option("--until", callback=_date, help="Last day (inclusive), likewise.")
@click.option("--redo", is_flag=True, help="Run days that already completed again (default: skip them).")
@run_options
@click.pass_context
def backfill(ctx, paths, warehouse, since, until, redo, batch_size, workers, dask_address, no_progress, strict) -> None:
    """An ad-hoc run over files or folders (.txt, .jsonl[.gz], .html[.gz]), one flow run per day.

    PATH may also be an s3:// (or other fsspec) URL of an object or a prefix: it is
    mirrored into .newsfacts/inputs/ (NEWSFACTS_INPUT_CACHE) and read from there.

    A dated inbox (PATH/YYYY-MM-DD/...) gives one run per day folder between
    --since and --until; other inputs run in slices of about 2,000 records,
    keeping articles whose published_at falls in the range. Each day commits
    on its own, so running the same backfill again skips finished days and
    an interrupted one resumes. Exit codes: see the README (0 all published,
    2 bad usage, 4 a day failed, 5 quarantined records under --strict).

    \b
    Example:
        newsfacts backfill ../shared/corpora/bbc/politics --warehouse /tmp/wh
        newsfacts backfill inbox --since 2017-02-01 --until 2017-02-28 --workers 2
        newsfacts backfill archive/2017.jsonl.gz --since 2017-01-01 --until 2017-01-31 --strict
        newsfacts backfill s3://news-archive/inbox --since 2017-03-01 --until 2017-03-07
    """
    opts = _options(ctx, paths, warehouse=warehouse, since=since, until=until, redo=redo, batch_size=batch_size,
                    workers=workers, dask_address=dask_address, no_progress=no_progress, strict=strict)
    _execute(ctx, opts, "backfill")


# ---------------------------------------------------------------- the deployment


@main.command()
@click.option("--inbox", default=DEFAULT_INBOX, show_default=True, help="The dated inbox: one folder per day, INBOX/YYYY-MM-DD/.")
@warehouse_option
@click.option("--cron", default=DEFAULT_CRON, show_default=True, help="When the daily run starts (cron syntax).")
@click.option("--timezone", "tz", default=DEFAULT_TIMEZONE, show_default=True, help="Time zone of the cron schedule.")
@click.option("--dask-address", default=None, help="Run the NLP on an existing Dask scheduler.")
@click.pass_context
def serve(ctx, inbox, warehouse, cron, tz, dask_address) -> None:
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
    url = _need_server(ctx)
    from flows.deploy import serve_daily

    click.echo(f"serving {DEPLOYMENT} ({cron} {tz}) against {url}; inbox {inbox} → {warehouse}")
    serve_daily(inbox=inbox, warehouse=warehouse, cron=cron, timezone=tz, dask_address=dask_address)


def _need_server(ctx: click.Context) -> str:
    url = configure_environment(quiet=not ctx.meta.get("newsfacts.verbose"), log_level=ctx.meta.get("newsfacts.log_level"))
    if url is None:
        raise UsageError("no Prefect server: start one with `newsfacts server start` (or set PREFECT_API_URL)")
    return url


@main.command()
@click.option("--since", callback=_date, required=True, help="First day (inclusive).")
@click.option("--until", callback=_date, help="Last day (inclusive); default: --since.")
@click.option("--deployment", default=DEPLOYMENT, show_default=True, help="The deployment to run.")
@click.option("--wait", is_flag=True, help="Wait for each day's run to finish; print why a day failed.")
@click.option("--redo", is_flag=True, help="Run the days again (a new idempotency key), even if they ran before.")
@click.pass_context
def trigger(ctx, since, until, deployment, wait, redo) -> None:
    """Ask the served deployment to run each day from --since to --until.

    One flow run per day, created through the API with the idempotency key
    DEPLOYMENT:DAY, so asking twice for a day gives the same run; --redo asks
    for a new one. A failed day prints its reason; exit 4 when a day failed.

    \b
    Example:
        newsfacts trigger --since 2017-02-01 --until 2017-02-07 --wait
        newsfacts trigger --since 2017-02-03 --wait --redo
    """
    from datetime import timedelta

    until = until or since
    if since > until:
        raise UsageError(f"--since {since} is after --until {until}; swap them")
    _need_server(ctx)
    from flows.deploy import failure_reason, trigger_days

    days = [since + timedelta(days=i) for i in range((until - since).days + 1)]
    runs = trigger_days(days, deployment=deployment, wait=wait, redo=redo)
    failed = False
    for day, flow_run in zip(days, runs):
        state = flow_run.state
        click.echo(f"{day}  {flow_run.name}  {flow_run.id}  {state.name if state else '?'}")
        if state is not None and (state.is_failed() or state.is_crashed()):
            failed = True
            click.echo(f"error: {day} failed: {failure_reason(flow_run)}", err=True)
    if failed or (wait and not all(r.state and r.state.is_completed() for r in runs)):
        ctx.exit(ExitCode.FAILED)


# ---------------------------------------------------------------- the local Prefect server


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

    info = srv.start(home, host=host, port=port, timeout=timeout)
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
@click.pass_context
def server_status(ctx, home) -> None:
    """Say whether the local Prefect server runs, and where (exit 1 when it does not).

    \b
    Example:
        newsfacts server status
    """
    from newsfacts import server as srv

    info = srv.read_info(home)
    if info is None or not srv.healthy(info.api_url):
        click.echo("no Prefect server running (newsfacts commands use an ephemeral one)")
        ctx.exit(1)
    click.echo(f"Prefect server running (pid {info.pid}) at {info.api_url}")


from newsfacts.cli_show import register as register_show  # noqa: E402  (show, report)
register_show(main)
from newsfacts.cli_warehouse import register as register_warehouse  # noqa: E402  (reprocess, optimize, migrate, check)
register_warehouse(main)

if __name__ == "__main__":
    main()
