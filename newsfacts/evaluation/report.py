"""One accuracy table from every evaluation module.

Each module named in :data:`TASKS` exposes ``evaluate(*, limit=None) -> list[Score]``.
Modules are imported only when asked for, so a missing one (or one whose data
is absent) becomes a clear line in the table instead of a crash.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence

from newsfacts.errors import NewsfactsError
from newsfacts.evaluation import Score

#: Task name on the command line -> module under ``newsfacts.evaluation``.
TASKS: dict[str, str] = {
    "conll": "newsfacts.evaluation.conll",
    "newsquant": "newsfacts.evaluation.newsquant",
    "extraction": "newsfacts.evaluation.extraction",
    "casualties": "newsfacts.evaluation.casualties",
    "incidents": "newsfacts.evaluation.incidents",
    "copies": "newsfacts.evaluation.copies",
    "timebank": "newsfacts.evaluation.timebank",
}

HEADER = ("task", "system", "P", "R", "F1", "n gold", "n pred", "note")


def run_tasks(names: Iterable[str], *, limit: int | None = None) -> list[Score]:
    """Scores of the named tasks, in order; a task that cannot run gives one ``unavailable`` line.

    Raises:
        KeyError: a name that is not in :data:`TASKS`.
    """
    scores: list[Score] = []
    for name in names:
        module_name = TASKS[name]
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            scores.append(unavailable(name, f"cannot import {module_name}: {exc}"))
            continue
        try:
            scores.extend(module.evaluate(limit=limit))
        except (FileNotFoundError, ImportError, NewsfactsError) as exc:
            scores.append(unavailable(name, f"{type(exc).__name__}: {exc}"))
    return scores


def unavailable(task: str, why: str) -> Score:
    """A table line saying a task could not be run, and why."""
    return Score(task, "unavailable", float("nan"), float("nan"), float("nan"), 0, 0, why)


def _cells(s: Score) -> list[str]:
    def num(x: float) -> str:
        return "-" if x != x else f"{x:.3f}"

    return [s.task, s.system, num(s.precision), num(s.recall), num(s.f1), str(s.n_gold), str(s.n_pred), s.note]


def format_table(scores: Sequence[Score]) -> str:
    """A plain-text table, one line a score, columns aligned.

    >>> print(format_table([Score("ner", "raw", 0.5, 0.25, 1 / 3, 4, 2)]))
    task  system  P      R      F1     n gold  n pred  note
    ner   raw     0.500  0.250  0.333  4       2
    """
    rows = [list(HEADER)] + [_cells(s) for s in scores]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows)


def format_markdown(scores: Sequence[Score]) -> str:
    """The same table as GitHub Markdown.

    >>> print(format_markdown([Score("ner", "raw", 0.5, 0.25, 1 / 3, 4, 2)]))
    | task | system | P | R | F1 | n gold | n pred | note |
    |---|---|---:|---:|---:|---:|---:|---|
    | ner | raw | 0.500 | 0.250 | 0.333 | 4 | 2 |  |
    """
    lines = ["| " + " | ".join(HEADER) + " |", "|---|---|---:|---:|---:|---:|---:|---|"]
    for s in scores:
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in _cells(s)) + " |")
    return "\n".join(lines)
