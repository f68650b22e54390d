"""Calendar arithmetic and TIMEX3 values: shifting by weeks, months and quarters,
writing ISO-TimeML values, and the calendar interval a value covers.

TIMEX3 values (ISO-TimeML) used here:

- dates at any granularity: ``2017-03-14``, ``2017-03``, ``2017``, ``201`` (a decade),
  ``20`` (a century), ``2017-W11``, ``2017-W11-WE`` (a weekend), ``2017-Q1``, ``2017-SU``;
- times: ``2017-03-14T15:30``, ``2017-03-14T15:30-05:00``, ``2017-03-14TNI`` (a part of day);
- durations: ``P3D``, ``P2Y6M``, ``PT2H``, ``PXY`` (some years);
- reference words: ``PRESENT_REF``, ``PAST_REF``, ``FUTURE_REF``;
- unknown parts written as ``X``: ``XXXX-WXX-5`` (a Friday), ``XXXX-03`` (a March).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

#: Every value the component writes matches this (the Great Expectations suite checks it too).
TIMEX3_VALUE_REGEX = (
    r"^(?:PRESENT_REF|PAST_REF|FUTURE_REF"
    r"|P(?:(?:\d+(?:\.\d+)?|X)(?:Y|M|W|D|Q|DE|C|E|L))*(?:T(?:(?:\d+(?:\.\d+)?|X)[HMS])+)?"
    r"|(?:\d{2}|\d{3}|\d{4}|XXXX)"
    r"(?:-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?|-W(?:\d{2}|XX)(?:-(?:[1-7]|WE))?|-Q[1-4X]|-H[12X]|-(?:SP|SU|FA|WI))?"
    r"(?:T(?:\d{2}(?::\d{2}(?::\d{2})?)?|MO|AF|EV|NI|DT)(?:Z|[+-]\d{2}(?::\d{2})?)?)?"
    r")$"
)
_VALUE = re.compile(TIMEX3_VALUE_REGEX)

SEASONS: dict[str, tuple[int, int]] = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}
"""Season -> (first month, last month) of the year it is named by; winter runs into the next year."""


def is_timex3(value: str) -> bool:
    """True for a syntactically valid TIMEX3 value.

    >>> is_timex3("2017-W11"), is_timex3("P2Y6M"), is_timex3("2017-13-45-1")
    (True, True, False)
    """
    return value != "P" and bool(_VALUE.match(value))


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the month's last day.

    >>> add_months(date(2017, 3, 31), -1)
    datetime.date(2017, 2, 28)
    """
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def iso_week(day: date) -> str:
    """``2017-W11`` for any day of ISO week 11 of 2017."""
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def quarter_of(day: date) -> tuple[int, int]:
    """(year, quarter) of a day."""
    return day.year, (day.month - 1) // 3 + 1


def shift_quarter(year: int, quarter: int, by: int) -> tuple[int, int]:
    """(year, quarter) moved by ``by`` quarters.

    >>> shift_quarter(2017, 1, -1)
    (2016, 4)
    """
    total = year * 4 + quarter - 1 + by
    return total // 4, total % 4 + 1


def weekday_before(dct: date, weekday: int, *, strictly: bool = False) -> date:
    """The latest ``weekday`` (0 = Monday) on or before ``dct`` (before it if ``strictly``)."""
    back = (dct.weekday() - weekday) % 7
    if back == 0 and strictly:
        back = 7
    return dct - timedelta(days=back)


def weekday_after(dct: date, weekday: int, *, strictly: bool = False) -> date:
    """The earliest ``weekday`` (0 = Monday) on or after ``dct`` (after it if ``strictly``)."""
    ahead = (weekday - dct.weekday()) % 7
    if ahead == 0 and strictly:
        ahead = 7
    return dct + timedelta(days=ahead)


@dataclass(frozen=True)
class Interval:
    """The calendar days a value covers, both ends inclusive."""

    start: date
    end: date


def _month_interval(year: int, first: int, last: int) -> Interval:
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    return Interval(date(year, first, 1), date(end_year, end_month, calendar.monthrange(end_year, end_month)[1]))


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})(?:$|T)")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?(?:$|T)")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_YEARS = re.compile(r"^(\d{2,4})(?:$|T)")


def interval(value: str) -> Interval | None:
    """The calendar interval of a date or time value; None for durations, reference words,
    values with unknown parts and anything unbounded.

    >>> interval("2017-Q1")
    Interval(start=datetime.date(2017, 1, 1), end=datetime.date(2017, 3, 31))
    >>> interval("199").end, interval("P3D")
    (datetime.date(1999, 12, 31), None)
    """
    try:
        return _interval(value)
    except ValueError:  # a day that does not exist (February 30)
        return None


def _interval(value: str) -> Interval | None:
    if m := _DAY.match(value):
        day = date(int(m[1]), int(m[2]), int(m[3]))
        return Interval(day, day)
    if m := _MONTH.match(value):
        return _month_interval(int(m[1]), int(m[2]), int(m[2]))
    if m := _WEEK.match(value):
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return Interval(monday + timedelta(days=5), monday + timedelta(days=6)) if m[3] else Interval(monday, monday + timedelta(days=6))
    if m := _QUARTER.match(value):
        q = int(m[2])
        return _month_interval(int(m[1]), 3 * q - 2, 3 * q)
    if m := _SEASON.match(value):
        return _month_interval(int(m[1]), *SEASONS[m[2]])
    if m := _YEARS.match(value):
        digits = m[1]
        span = 10 ** (4 - len(digits))
        first = int(digits) * span
        return Interval(date(max(first, 1), 1, 1), date(first + span - 1, 12, 31))
    return None
