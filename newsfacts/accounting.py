"""Run accounting: every record read is written, skipped or quarantined — exactly."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime

from newsfacts.records import CleanArticle, Quarantined


@dataclass
class Tally:
    """Counts for one run. ``balanced`` is the invariant the tests assert."""

    records_read: int = 0
    articles_written: int = 0
    duplicates_skipped: int = 0
    quarantined: int = 0
    out_of_range: int = 0
    skipped: int = 0
    warnings: int = 0
    collisions: int = 0
    errors: int = 0
    dates_undated: int = 0  # stated dates kept out (before 1900, after tomorrow, no date in the text)
    failed_expectations: list[str] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        return self.records_read == (
            self.articles_written + self.duplicates_skipped + self.quarantined + self.out_of_range + self.skipped
        )

    def as_dict(self) -> dict:
        return asdict(self) | {"balanced": self.balanced}

    @classmethod
    def from_summary(cls, summary: Mapping) -> Tally:
        """The Tally inside a run or backfill summary (the one place a Tally is rebuilt from a dict).

        >>> Tally.from_summary({"records_read": 2, "articles_written": 2, "run_id": "x"}).balanced
        True
        """
        return cls(**{f.name: summary[f.name] for f in fields(cls) if f.name in summary})

    def add(self, other: Tally) -> None:
        """Add another run's counts to these (a backfill's total)."""
        for f in fields(self):
            if f.name == "failed_expectations":
                self.failed_expectations.extend(other.failed_expectations)
            else:
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def summary_lines(self) -> list[str]:
        lines = [
            f"records read        {self.records_read:>8,}",
            f"articles written    {self.articles_written:>8,}",
            f"duplicates skipped  {self.duplicates_skipped:>8,}",
            f"quarantined         {self.quarantined:>8,}",
        ]
        if self.out_of_range:
            lines.append(f"outside --since/--until {self.out_of_range:>4,}")
        if self.skipped:
            lines.append(f"skipped (not files) {self.skipped:>8,}")
        if self.collisions:
            lines.append(f"id collisions       {self.collisions:>8,}  (same doc_id, different content: each published)")
        if self.errors:
            lines.append(f"batches crashed     {self.errors:>8,}  (quarantined as nlp_error; the run failed)")
        if self.warnings:
            lines.append(f"quality warnings    {self.warnings:>8,}")
        if self.dates_undated:
            lines.append(f"dates kept out      {self.dates_undated:>8,}  (implausible or unreadable: published undated)")
        check = "=" if self.balanced else "!="
        lines.append(
            f"check: read {self.records_read} {check} written {self.articles_written} + duplicates "
            f"{self.duplicates_skipped} + quarantined {self.quarantined}"
            + (f" + out of range {self.out_of_range}" if self.out_of_range else "")
            + (f" + skipped {self.skipped}" if self.skipped else "")
        )
        return lines


def in_range(published_at: datetime | None, since: date | None, until: date | None) -> bool:
    """Whether an article falls in the inclusive ``since..until`` date range.

    Undated articles are kept only when no range is given.
    """
    if since is None and until is None:
        return True
    if published_at is None:
        return False
    day = published_at.date()
    return (since is None or day >= since) and (until is None or day <= until)


def dedupe(
    articles: list[CleanArticle], seen: set[str]
) -> tuple[list[CleanArticle], list[CleanArticle]]:
    """Split a batch into new articles and duplicates, updating ``seen`` in place.

    ``seen`` holds the ids already published or met earlier in this run, so an
    article repeated in one run or across runs is counted once.
    """
    new: list[CleanArticle] = []
    dups: list[CleanArticle] = []
    for art in articles:
        if art.article_id in seen:
            dups.append(art)
        else:
            seen.add(art.article_id)
            new.append(art)
    return new, dups


__all__ = ["Tally", "in_range", "dedupe", "Quarantined"]
