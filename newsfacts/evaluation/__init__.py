"""Accuracy evaluations against public gold. Each module exposes
``evaluate(*, limit: int | None = None) -> list[Score]`` and the report in
``newsfacts.evaluation.report`` prints them as one table."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: ``../shared`` beside the checkout; override with NEWSFACTS_SHARED.
import os

SHARED = Path(os.environ.get("NEWSFACTS_SHARED", Path(__file__).resolve().parents[2].parent / "shared"))
CORPORA = SHARED / "corpora"


@dataclass(frozen=True)
class Score:
    """One line of the accuracy table."""

    task: str  # e.g. "numeric facts (NewsQuant dev, value)"
    system: str  # e.g. "newsfacts", "quantulum3 (baseline)"
    precision: float
    recall: float
    f1: float
    n_gold: int
    n_pred: int
    note: str = ""


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts (0.0 where undefined)."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f
