"""Option helpers shared by the command modules (cli_show, cli_warehouse)."""

from __future__ import annotations

import os
from datetime import date

import click

from newsfacts.options import DEFAULT_WAREHOUSE


def iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """A click callback: an ISO date (YYYY-MM-DD) or None; anything else is bad usage."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None


def warehouse_option(f):
    """``--warehouse/-w``, defaulting to $NEWSFACTS_WAREHOUSE or ``warehouse``."""
    return click.option(
        "--warehouse", "-w", default=lambda: os.environ.get("NEWSFACTS_WAREHOUSE", DEFAULT_WAREHOUSE),
        show_default="warehouse, or $NEWSFACTS_WAREHOUSE", help="Warehouse root: a folder or an s3://bucket/prefix URL.",
    )(f)
