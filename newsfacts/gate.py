"""The quality gate's second look: when a batch fails a critical expectation,
find the articles that cause it, so one bad article costs one quarantine row
and not the batch it happened to travel in.

The failing batch is split in halves and each half validated again, down to
single articles (a bisection: about ``2 × log2(n)`` validations per bad
article). Halves that pass are published; single articles that fail are
quarantined with their own validation result.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc


@dataclass
class GateOutcome:
    """What the bisection found."""

    passed_ids: list[str] = field(default_factory=list)
    failed: list[tuple[str, object]] = field(default_factory=list)  # (article_id, report)
    validations: int = 0


def select_articles(tables: Mapping[str, pa.Table], ids: Sequence[str]) -> dict[str, pa.Table]:
    """The rows of ``tables`` that belong to the given articles."""
    wanted = pa.array(list(ids), pa.string())
    return {name: t.filter(pc.is_in(t.column("article_id"), value_set=wanted)) for name, t in tables.items()}


def isolate_failures(
    tables: Mapping[str, pa.Table],
    validate: Callable[[dict[str, pa.Table], str], object],
    *,
    batch_id: str,
) -> GateOutcome:
    """Bisect a failed batch into passing articles and failing single articles.

    Args:
        tables: the batch's article tables (all carry ``article_id``).
        validate: ``validate(tables, batch_id) -> report`` with a ``passed`` attribute.
        batch_id: the failed batch's id; halves are named ``<batch_id>.0``, ``<batch_id>.1``, ...
            and single articles ``<batch_id>:<article_id>``.

    Returns:
        The passing article ids (in input order), the failing articles with their
        single-article reports, and how many validations it took.
    """
    outcome = GateOutcome()
    ids = tables["articles"].column("article_id").to_pylist()

    def visit(part: list[str], name: str) -> None:
        if len(part) == 1:
            report = validate(select_articles(tables, part), f"{batch_id}:{part[0]}")
            outcome.validations += 1
            if report.passed:
                outcome.passed_ids.extend(part)
            else:
                outcome.failed.append((part[0], report))
            return
        mid = len(part) // 2
        for i, half in enumerate((part[:mid], part[mid:])):
            sub = f"{batch_id}:{half[0]}" if len(half) == 1 else f"{name}.{i}"
            report = validate(select_articles(tables, half), sub)
            outcome.validations += 1
            if report.passed:
                outcome.passed_ids.extend(half)
            else:
                visit(half, f"{name}.{i}") if len(half) > 1 else outcome.failed.append((half[0], report))

    visit(ids, batch_id)
    order = {aid: i for i, aid in enumerate(ids)}
    outcome.passed_ids.sort(key=order.__getitem__)
    return outcome
