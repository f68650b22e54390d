"""The records that move between pipeline steps, before they become table rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class RawArticle:
    """One article as read from an input, before cleaning.

    Exactly one of ``text`` and ``html`` is set. ``source_path`` and ``line``
    locate it in the input (``line`` is 1-based, JSON Lines only).
    """

    doc_id: str
    source_path: str
    title: str | None = None
    text: str | None = None
    html: str | None = None
    published_at: datetime | None = None
    source: str | None = None
    url: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class CleanArticle:
    """An article after cleaning. ``text`` and ``title`` are what every offset points into."""

    article_id: str
    doc_id: str
    source_path: str
    title: str
    text: str
    published_at: datetime | None = None
    source: str | None = None
    url: str | None = None
    dateline: str | None = None
    agency: str | None = None
    removed: tuple[str, ...] = field(default=())  # boilerplate lines that were dropped
    line: int | None = None  # 1-based line in a JSON Lines input


@dataclass(frozen=True, slots=True)
class Quarantined:
    """An input (or a batch) that could not be published, and why."""

    source: str
    doc_id: str | None
    stage: str  # read | clean | nlp | quality | write
    reason: str  # the named error's ``reason``
    detail: str
    line: int | None = None
