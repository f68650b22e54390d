"""The records that move between pipeline steps, before they become table rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class RawArticle:
    """One article as read from an input, before cleaning.

    ``text`` is set (HTML is extracted by the readers). ``source_path`` and ``line``
    locate it in the input (``line`` is 1-based, JSON Lines only). ``date_note``
    says why a stated date was not kept: ``implausible: ...`` (before 1900 or
    more than a day after the run) or ``unreadable: ...`` (no date in it).
    """

    doc_id: str
    source_path: str
    title: str | None = None
    text: str | None = None
    published_at: datetime | None = None
    source: str | None = None
    url: str | None = None
    line: int | None = None
    date_note: str | None = None  # why a stated published_at was not kept (implausible, unreadable)


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
    date_note: str | None = None  # why a stated published_at was not kept (implausible, unreadable)


@dataclass(frozen=True, slots=True)
class Quarantined:
    """An input (or a batch) that could not be published, and why."""

    source: str
    doc_id: str | None
    stage: str  # read | clean | nlp | quality | write
    reason: str  # the named error's ``reason``
    detail: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Skipped(Quarantined):
    """An input path that was not read at all (a FIFO, a socket, a device, a broken or looping
    link, a folder named like an input, a file type newsfacts does not read). Counted as
    *skipped*, apart from quarantined records, and listed in the quarantine table."""
