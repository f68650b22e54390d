"""Options from the environment and from a configuration file, for every command.

Precedence, highest first: the flag on the command line, the environment variable
``NEWSFACTS_<OPTION>`` (``NEWSFACTS_WAREHOUSE``, ``NEWSFACTS_WORKERS``,
``NEWSFACTS_BATCH_SIZE``...), the configuration file, the built-in default.

The configuration file is the first of ``newsfacts.toml`` (its top level, or its
``[tool.newsfacts]`` table) and ``pyproject.toml`` (its ``[tool.newsfacts]``
table) found in the current folder or a parent. Top-level keys apply to every
command that has the option; a sub-table (``[tool.newsfacts.backfill]``) to one
command. Dashes and underscores are the same in keys::

    [tool.newsfacts]
    warehouse = "/data/warehouse"
    workers = 2

    [tool.newsfacts.serve]
    inbox = "/data/inbox"
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path

import click

from newsfacts.errors import UsageError

ENV_PREFIX = "NEWSFACTS_"
CONFIG_FILES = ("newsfacts.toml", "pyproject.toml")


def env_name(option: str) -> str:
    """The environment variable of an option.

    >>> env_name("batch_size")
    'NEWSFACTS_BATCH_SIZE'
    """
    return ENV_PREFIX + option.upper().replace("-", "_")


def find_config(start: Path | None = None) -> Path | None:
    """The configuration file that applies in ``start`` (default: the current folder), or None."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        for name in CONFIG_FILES:
            path = candidate / name
            if path.is_file() and (name == "newsfacts.toml" or _has_table(path)):
                return path
    return None


def _has_table(path: Path) -> bool:
    try:
        return "newsfacts" in _load(path).get("tool", {})
    except UsageError:
        return False


def _load(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"cannot read the configuration {path} ({exc}); fix the file or remove it") from exc


def load_config(path: Path | None) -> dict:
    """The newsfacts table of a configuration file (empty without one).

    >>> load_config(None)
    {}
    """
    if path is None:
        return {}
    data = _load(path)
    table = data.get("tool", {}).get("newsfacts", data if path.name == "newsfacts.toml" else {})
    if not isinstance(table, dict):
        raise UsageError(f"{path}: [tool.newsfacts] must be a table of options; see the README (Configuration)")
    return table


def default_map(config: Mapping, commands: Mapping[str, click.Command]) -> dict:
    """Click's ``default_map`` for a group: each command's options found in ``config``.

    Raises:
        UsageError: a key that is no option of any command (a typo would be silently ignored).

    >>> cmd = click.Command("run", params=[click.Option(["--workers"], type=int)])
    >>> default_map({"workers": 2, "run": {"workers": 3}}, {"run": cmd})
    {'run': {'workers': 3}}
    """
    options = {name: {p.name for p in cmd.params if isinstance(p, click.Option)} for name, cmd in commands.items()}
    known = set().union(*options.values()) if options else set()
    out: dict[str, dict] = {}
    for key, value in config.items():
        name = _key(key)
        if isinstance(value, dict) and key in commands:
            continue
        if name not in known:
            raise UsageError(f"configuration key {key!r} is not an option of any command; check its spelling")
        for command, names in options.items():
            if name in names:
                out.setdefault(command, {})[name] = value
    for command in commands:
        sub = config.get(command)
        if isinstance(sub, dict):
            for key, value in sub.items():
                if _key(key) not in options[command]:
                    raise UsageError(f"configuration [{command}] {key!r} is not an option of newsfacts {command}")
                out.setdefault(command, {})[_key(key)] = value
    return out


def _key(key: str) -> str:
    return key.replace("-", "_")


def set_envvars(commands: Iterable[click.Command]) -> None:
    """Give every option of ``commands`` (recursing into groups) its ``NEWSFACTS_<OPTION>`` variable."""
    for cmd in commands:
        if isinstance(cmd, click.Group):
            set_envvars(cmd.commands.values())
        for param in cmd.params:
            if isinstance(param, click.Option) and param.envvar is None and param.name:
                param.envvar = env_name(param.name)
                param.show_envvar = True
