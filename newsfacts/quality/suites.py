"""Great Expectations suites, generated from ``newsfacts.schema``.

The suites are plain data: one JSON file per table in ``expectations/``,
reviewed like code and loaded by :func:`newsfacts.quality.validate_batch`.
They are never edited by hand: ``python -m newsfacts.quality generate``
rewrites them from :mod:`newsfacts.schema` (columns, order, types, non-null
fields, keys, vocabularies) plus the semantic checks below, and a test asserts
the committed files equal what the generator produces.

Every expectation carries its severity in ``meta["severity"]`` (and in GX's own
``severity`` field): ``critical`` keeps the batch out of the published tables,
``warning`` publishes it and records the warning.

Some checks span tables or rows (evidence sliced out of the article, sentences
that do not overlap). They run on *derived columns* that
:mod:`newsfacts.quality.derived` appends to the table's frame before validation;
:data:`newsfacts.quality.derived.DERIVED` names and documents them.

This module builds plain dicts in GX's suite JSON format and imports no GX, so
generating and loading are cheap; :func:`to_gx_suite` turns a dict into a GX
``ExpectationSuite`` (which validates every expectation's arguments).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from newsfacts.errors import NewsfactsError
from newsfacts.schema import (
    ARTICLES,
    CATEGORIES,
    ENTITIES,
    ENTITY_LABELS,
    FACTS,
    FIELDS,
    INCIDENT_CLAIMS,
    INCIDENTS,
    QUALIFIERS,
    QUARANTINE,
    QUARANTINE_STAGES,
    SENTENCES,
    TIME_BASES,
    TIMEX_TYPES,
    TIMEXES,
    Table,
)

from newsfacts.timex.calendar import TIMEX3_VALUE_REGEX
from newsfacts.quality.derived import DERIVED, TOLL_CATEGORIES, to_frame

CRITICAL = "critical"
WARNING = "warning"

#: Tables that have a suite (the tables a batch produces).
SUITE_TABLES: tuple[Table, ...] = (ARTICLES, SENTENCES, ENTITIES, FACTS, TIMEXES, QUARANTINE,
                                   INCIDENTS, INCIDENT_CLAIMS)  # the last two: checked on every rebuild

#: Text that cleaning must have removed from every article.
BOILERPLATE_REGEX = r"©|(?i:all rights reserved)"

#: Categories whose value may be negative (temperatures, a fall stated as -2%, a loss of
#: -$5m, an index at minus 10). Counts of people and durations never are.
SIGNED_CATEGORIES: tuple[str, ...] = ("measure", "percent", "money", "count")
#: A death toll above this is implausible for one news fact: flagged for review, not blocked.
DEATH_TOLL_CEILING = 2_000_000

ENV_DIR = "NEWSFACTS_EXPECTATIONS"
#: Our one-pass type and non-null expectation (``newsfacts.quality.gx_schema``); named here so
#: generating suites does not import GX.
SCHEMA_EXPECTATION = "expect_table_to_match_newsfacts_schema"
GENERATOR = "python -m newsfacts.quality generate"


class SuiteError(NewsfactsError):
    """The expectation suites are missing, unreadable, or out of date with the schema."""

    reason = "quality_suites"


def expectations_dir() -> Path:
    """The folder holding the suite files: ``$NEWSFACTS_EXPECTATIONS`` or ``<repo>/expectations``."""
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env)
    import newsfacts

    return Path(newsfacts.__file__).resolve().parents[1] / "expectations"


# ---- building blocks ----------------------------------------------------------------------


def pandas_dtypes(table: Table) -> dict[str, str]:
    """The pandas dtype of each column as GX sees it (the schema through :func:`derived.to_frame`)."""
    return {str(c): str(t) for c, t in to_frame(table.schema.empty_table()).dtypes.items()}


def _exp(expectation: str, severity: str = CRITICAL, /, *, why: str = "", **kwargs: Any) -> dict:
    meta: dict[str, Any] = {"severity": severity}
    if why:
        meta["why"] = why
    return {"type": expectation, "kwargs": kwargs, "meta": meta, "severity": severity}


def _structure(table: Table) -> list[dict]:
    """Columns and order, types, non-null fields and the unique key, all from the schema.

    Types and non-null columns are one expectation per table
    (:class:`newsfacts.quality.gx_schema.ExpectTableToMatchNewsfactsSchema`) rather than GX's
    per-column built-ins: same checks, an eighth of the validation time.
    """
    derived = [name for name, _ in DERIVED.get(table.name, ())]
    out = [
        _exp(
            "expect_table_columns_to_match_ordered_list",
            column_list=table.columns + derived,
            why="the schema's columns in order (derived check columns appended by quality.derived)",
        )
    ]
    out.append(
        _exp(
            SCHEMA_EXPECTATION,
            column_types=pandas_dtypes(table),
            required=table.required(),
            why="each column's type, and no nulls in non-nullable columns (one pass; see quality.gx_schema)",
        )
    )
    if len(table.key) == 1:
        out.append(_exp("expect_column_values_to_be_unique", column=table.key[0], why="the table's key"))
    else:
        out.append(_exp("expect_compound_columns_to_be_unique", column_list=list(table.key), why="the table's key"))
    return out


def _in_set(column: str, values: Iterable, severity: str = CRITICAL, why: str = "") -> dict:
    return _exp("expect_column_values_to_be_in_set", severity, why=why, column=column, value_set=list(values))


def _at_least(column: str, minimum: float, why: str = "") -> dict:
    return _exp("expect_column_values_to_be_between", why=why, column=column, min_value=minimum)


def _a_ge_b(a: str, b: str, *, or_equal: bool, severity: str = CRITICAL, why: str = "") -> dict:
    return _exp(
        "expect_column_pair_values_a_to_be_greater_than_b", severity, why=why,
        column_A=a, column_B=b, or_equal=or_equal, ignore_row_if="either_value_is_missing",
    )


def _span_checks(text_column: str) -> list[dict]:
    """Offsets and text of a span that points into its article (sentences, entities, facts)."""
    return [
        _in_set("field", FIELDS),
        _at_least("sentence_idx", 0),
        _at_least("start_char", 0, why="offsets are 0-based"),
        _a_ge_b("end_char", "start_char", or_equal=False, why="spans are non-empty, end-exclusive"),
        _in_set("has_article", [True], why="every row belongs to an article of the same batch"),
        _a_ge_b("source_len", "end_char", or_equal=True, why="the span ends within its title or body"),
        _in_set("slice_matches", [True], why=f"{text_column} == (title or text)[start_char:end_char]"),
    ]


def _semantic(table: Table) -> list[dict]:
    name = table.name
    if name == "articles":
        return [
            _exp("expect_column_values_to_not_match_regex", column="text", regex=BOILERPLATE_REGEX,
                 why="cleaning removes copyright and rights lines"),
            _exp("expect_column_values_to_not_match_regex", column="title", regex=BOILERPLATE_REGEX,
                 why="cleaning removes copyright and rights lines"),
            _exp("expect_column_value_lengths_to_be_between", column="text", min_value=1,
                 why="an article without a body is quarantined, never published"),
            _at_least("n_words", 0),
        ]
    if name == "sentences":
        return _span_checks("text") + [
            _in_set("after_previous", [True], why="sentences do not overlap: each starts at or after the previous end"),
            _in_set("gap_is_space", [True], WARNING,
                    why="sentences tile their field: only whitespace lies between (and before) them"),
        ]
    if name == "entities":
        return _span_checks("text") + [
            _in_set("label", ENTITY_LABELS),
            _in_set("in_sentence", [True], WARNING, why="an entity lies within its sentence_idx sentence"),
        ]
    if name == "facts":
        return _span_checks("evidence") + [
            _in_set("category", CATEGORIES),
            _in_set("qualifier", QUALIFIERS),
            _exp("expect_column_values_to_be_between", column="value", min_value=0,
                 row_condition={"type": "comparison", "column": {"name": "category"}, "operator": "NOT_IN",
                                "parameter": list(SIGNED_CATEGORIES)},  # GX's Column("category").is_not_in(...)
                 why=f"counts and amounts are not negative (a {' or '.join(SIGNED_CATEGORIES)} may be)"),
            _a_ge_b("value", "value_low", or_equal=True, why="value_low <= value where a low bound exists"),
            _a_ge_b("value_high", "value", or_equal=True, why="value <= value_high where a high bound exists"),
            _a_ge_b("value_high", "value_low", or_equal=True, why="value_low <= value_high where both exist"),
            _in_set("in_sentence", [True], WARNING, why="the evidence lies within its sentence_idx sentence"),
            _exp("expect_column_values_to_be_between", WARNING, column="death_toll", max_value=DEATH_TOLL_CEILING,
                 why=f"a {'/'.join(TOLL_CATEGORIES)} value above {DEATH_TOLL_CEILING:,} is implausible: review it"),
            _in_set("time_basis", TIME_BASES),
            _a_ge_b("time_end", "time_start", or_equal=True, why="time_start <= time_end where both exist"),
            _in_set("links_resolve", [True],
                    why="same_as_fact_id / revises_fact_id name another fact of the same article and field"),
        ]
    if name == "timexes":
        return _span_checks("text") + [
            _in_set("type", TIMEX_TYPES),
            _exp("expect_column_values_to_match_regex", column="value", regex=TIMEX3_VALUE_REGEX,
                 why="a valid TIMEX3 value (ISO-TimeML)"),
            _a_ge_b("end_date", "start_date", or_equal=True, why="start_date <= end_date where both exist"),
            _in_set("in_sentence", [True], WARNING, why="the expression lies within its sentence_idx sentence"),
        ]
    if name == "quarantine":
        return [_in_set("stage", QUARANTINE_STAGES), _at_least("line", 1, why="lines are 1-based")]
    if name in ("incidents", "incident_claims"):
        from newsfacts.quality.incident_suites import semantic

        return semantic(name, _exp, _in_set, _a_ge_b, CRITICAL, WARNING)
    return []


def suite_dict(table: Table) -> dict:
    """The suite of one table as GX suite JSON (``ExpectationSuite.to_json_dict()`` format)."""
    expectations = _structure(table) + _semantic(table)
    column_of = [(e["type"], expectation_column(e["type"], e["kwargs"])) for e in expectations]
    if len(set(column_of)) != len(column_of):  # the quality table's key needs (type, column) unique
        raise SuiteError(f"suite {table.name!r}: two expectations share a type and column")
    return {
        "name": table.name,
        "id": None,
        "expectations": expectations,
        "meta": {
            "generated_by": GENERATOR,
            "generated_from": "newsfacts/schema.py",
            "derived_columns": dict(DERIVED.get(table.name, ())),
        },
        "notes": f"Generated; do not edit. Regenerate with `{GENERATOR}`.",
    }


def expectation_column(type_: str, kwargs: Mapping[str, Any]) -> str | None:
    """The ``column`` value of a quality row: the column, ``A,B`` for pairs and compound keys,
    None for table-level expectations."""
    if type_.startswith("expect_table_"):
        return None
    if "column" in kwargs:
        return kwargs["column"]
    if "column_A" in kwargs:
        return f"{kwargs['column_A']},{kwargs['column_B']}"
    if "column_list" in kwargs:
        return ",".join(kwargs["column_list"])
    return None


def generate() -> dict[str, dict]:
    """Every suite, by table name."""
    return {t.name: suite_dict(t) for t in SUITE_TABLES}


def render(suite: Mapping) -> str:
    """The committed text of a suite file (stable: indent 2, UTF-8, trailing newline)."""
    return json.dumps(suite, indent=2, ensure_ascii=False) + "\n"


def write_suites(folder: Path | None = None) -> list[Path]:
    """(Re)write ``<folder>/<table>.json`` for every suite; returns the files written."""
    folder = Path(folder) if folder else expectations_dir()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, suite in generate().items():
        path = folder / f"{name}.json"
        path.write_text(render(suite), encoding="utf-8")
        written.append(path)
    return written


def stale_suites(folder: Path | None = None) -> list[str]:
    """Names of suite files that are missing or differ from what the generator produces."""
    folder = Path(folder) if folder else expectations_dir()
    stale = []
    for name, suite in generate().items():
        path = folder / f"{name}.json"
        if not path.is_file() or path.read_text(encoding="utf-8") != render(suite):
            stale.append(name)
    return stale


def load_suite_dicts(folder: Path | None = None) -> dict[str, dict]:
    """Read every ``*.json`` suite in the folder, by suite name.

    Raises:
        SuiteError: the folder has no suites, or a file is not valid JSON.
    """
    folder = Path(folder) if folder else expectations_dir()
    files = sorted(folder.glob("*.json"))
    if not files:
        raise SuiteError(
            f"no expectation suites in {folder}; run `{GENERATOR}` or set {ENV_DIR}",
        )
    suites = {}
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise SuiteError(f"cannot read suite {path}: {exc}") from exc
        suites[data.get("name", path.stem)] = data
    return suites


def to_gx_suite(data: Mapping):
    """A GX ``ExpectationSuite`` from suite JSON (imports GX; arguments are validated here).

    Raises:
        SuiteError: an expectation is unknown or has invalid arguments.
    """
    import great_expectations as gx

    import newsfacts.quality.gx_schema  # noqa: F401  registers SCHEMA_EXPECTATION with GX

    try:
        return gx.ExpectationSuite(
            name=data["name"],
            expectations=[dict(e) for e in data["expectations"]],
            meta=dict(data.get("meta") or {}),
            notes=data.get("notes"),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise SuiteError(f"suite {data.get('name')!r} is not a valid GX suite: {exc}") from exc
