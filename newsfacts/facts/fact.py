"""The Fact record a numeric-facts span carries (``span._.fact``)."""

from __future__ import annotations

from dataclasses import dataclass

from newsfacts.schema import CATEGORIES, QUALIFIERS


@dataclass(frozen=True)
class Fact:
    """One stated quantity and what the sentence says about it.

    ``value`` is the number as stated (the low end of a range);
    ``value_low``/``value_high`` the bounds the text implies (None where open).
    Evidence offsets live on the span that carries the fact; ``same_as`` and
    ``revises`` name other facts of the same Doc by their ``span.id``.
    """

    category: str
    value: float
    value_low: float | None
    value_high: float | None
    qualifier: str
    unit: str | None
    counted: str | None
    location: str | None
    time_scope: str | None
    claimed_by: str | None
    cumulative: bool | None
    number_text: str
    #: A count of people inside a larger toll ("including 12 foreigners", "four children were
    #: among the dead"); None for amounts that are not counts of people.
    subcount: bool | None = None
    #: ``span.id`` (in ``doc.spans["facts"]``) of the fact stating the same amount in another
    #: currency: "$280bn (£155bn)" links the pounds to the dollars.
    same_as: int | None = None
    #: ``span.id`` of the older figure this one revises: "to 4.0% from 4.4%" links 4.0 to 4.4.
    revises: int | None = None

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"category {self.category!r} is not one of {CATEGORIES}")
        if self.qualifier not in QUALIFIERS:
            raise ValueError(f"qualifier {self.qualifier!r} is not one of {QUALIFIERS}")
