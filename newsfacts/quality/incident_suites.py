"""Expectations and derived check columns of the derived tables ``incidents`` and ``incident_claims``.

:func:`newsfacts.quality.suites.suite_dict` takes the semantic checks of these two tables
from :func:`semantic`; :func:`newsfacts.quality.derived.add_derived` takes their
cross-table columns from :func:`add_incident_derived`. Both tables are rebuilt whole at
the end of every run (``tasks.steps.rebuild_incidents``) and validated together before
they replace the old ones: a failed critical expectation keeps the old tables and leaves
its quality rows, like a batch's.

No GX import here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping

import pandas as pd
import pyarrow as pa

#: Derived columns: (name, meaning), appended in this order.
DERIVED_INCIDENTS: tuple[tuple[str, str], ...] = (
    ("claims_rows", "incident_claims rows naming this incident_id"),
    ("parent_known", "parent_incident_id is null or an incident_id of the same table"),
)
DERIVED_CLAIMS: tuple[tuple[str, str], ...] = (
    ("has_incident", "the claim's incident_id is an incident of the same rebuild"),
)


def _col(table: pa.Table | None, name: str) -> list:
    if table is None:
        return []
    return table.column(name).to_pylist() if name in table.column_names else [None] * table.num_rows


def add_incident_derived(name: str, table: pa.Table, batch: Mapping[str, pa.Table], frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (the table as pandas) with the derived columns of ``incidents`` or ``incident_claims``."""
    ids = set(_col(batch.get("incidents"), "incident_id"))
    if name == "incidents":
        counts = Counter(_col(batch.get("incident_claims"), "incident_id"))
        own = _col(table, "incident_id")
        frame["claims_rows"] = pd.array([counts.get(i, 0) for i in own], dtype="Int64")
        frame["parent_known"] = pd.array([p is None or p in ids for p in _col(table, "parent_incident_id")], dtype=bool)
    elif name == "incident_claims":
        frame["has_incident"] = pd.array([i in ids for i in _col(table, "incident_id")], dtype=bool)
    return frame


def semantic(name: str, exp: Callable[..., dict], in_set: Callable[..., dict], a_ge_b: Callable[..., dict],
             critical: str, warning: str) -> list[dict]:
    """The semantic expectations of ``incidents`` / ``incident_claims`` (built with suites' helpers)."""
    from newsfacts.incidents import INCIDENT_CATEGORIES
    from newsfacts.schema import QUALIFIERS

    def between(column: str, lo: float | None, hi: float | None, why: str) -> dict:
        kw = {k: v for k, v in (("min_value", lo), ("max_value", hi)) if v is not None}
        return exp("expect_column_values_to_be_between", critical, why=why, column=column, **kw)

    if name == "incidents":
        return [
            in_set("category", INCIDENT_CATEGORIES, why="an incident groups casualty-type facts only"),
            between("low", 0, None, "counts of people are not negative"),
            a_ge_b("best", "low", or_equal=True, why="low <= best"),
            a_ge_b("high", "best", or_equal=True, why="best <= high"),
            a_ge_b("latest_value", "low", or_equal=True, why="low <= latest_value"),
            a_ge_b("high", "latest_value", or_equal=True, why="latest_value <= high"),
            between("n_sources", 1, None, "an incident has at least one claim, article and source"),
            a_ge_b("n_articles", "n_sources", or_equal=True, why="n_sources <= n_articles (copies collapse sources)"),
            a_ge_b("n_claims", "n_articles", or_equal=True, why="n_articles <= n_claims"),
            exp("expect_column_pair_values_to_be_equal", critical, why="n_claims equals its incident_claims rows",
                column_A="n_claims", column_B="claims_rows"),
            between("lat", -90, 90, "a latitude"),
            between("lon", -180, 180, "a longitude"),
            exp("expect_column_values_to_match_regex", critical, why="ISO 3166-1 alpha-2",
                column="country_code", regex=r"^[A-Z]{2}$"),
            a_ge_b("event_end", "event_start", or_equal=True, why="event_start <= event_end where both exist"),
            a_ge_b("latest_reported_at", "first_reported_at", or_equal=True,
                   why="first_reported_at <= latest_reported_at"),
            in_set("parent_known", [True], why="a parent_incident_id names an incident of the table"),
        ]
    if name == "incident_claims":
        return [
            in_set("has_incident", [True], why="every claim belongs to an incident of the same rebuild"),
            between("value", 0, None, "counts of people are not negative"),
            in_set("qualifier", QUALIFIERS),
            a_ge_b("value", "value_low", or_equal=True, why="value_low <= value where a low bound exists"),
            a_ge_b("value_high", "value", or_equal=True, why="value <= value_high where a high bound exists"),
        ]
    return []
