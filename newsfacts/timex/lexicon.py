"""Words of English news time expressions, as regular-expression pieces and lookup tables.

Every piece is a non-capturing group, so the grammar can combine them freely.
"""

from __future__ import annotations

import re


def alternation(words) -> str:
    """A non-capturing regex group of the words, longest first (so "Sept." beats "Sep")."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
#: Capitalised month names ("may" and "march" in lower case are a verb); abbreviations need their point.
MONTH_NAME = "(?-i:" + alternation([m.capitalize() for m in MONTHS] + [m.upper() for m in MONTHS]
                                   + [a.capitalize() + "." for a in MONTH_ABBREVIATIONS]) + ")"
#: Before a day number, abbreviations may drop the point ("Jan 5", Reuters style).
MONTH_BEFORE_DAY = "(?-i:" + alternation([m.capitalize() for m in MONTHS] + [m.upper() for m in MONTHS]
                                         + [a.capitalize() + "." for a in MONTH_ABBREVIATIONS]
                                         + [a.capitalize() for a in MONTH_ABBREVIATIONS]) + ")"

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}
WEEKDAY_NAME = alternation(WEEKDAYS)

PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI", "daytime": "DT",
}
PART_OF_DAY = alternation(["morning", "afternoon", "evening", "night"])

SEASON_CODES: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON = alternation(SEASON_CODES)

ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "twenty-first": 21, "twenty-second": 22, "twenty-third": 23, "twenty-fourth": 24, "twenty-fifth": 25,
    "twenty-sixth": 26, "twenty-seventh": 27, "twenty-eighth": 28, "twenty-ninth": 29, "thirtieth": 30,
    "thirty-first": 31, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
}
ORDINAL_WORD = alternation(ORDINALS)
DAY_NUMBER = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
DAY_OF_MONTH = rf"(?:{DAY_NUMBER}|{ORDINAL_WORD})"

UNIT_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS_WORDS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_SMALL = alternation(list(UNIT_WORDS)[:9])
NUMBER_WORD = rf"(?:{alternation(TENS_WORDS)}(?:[- ]{_SMALL})?|{alternation(UNIT_WORDS)})"

#: Vague amounts: their count is unknown (X in the value).
VAGUE_AMOUNTS = ("a few", "few", "several", "many", "some", "a number of", "numerous")
#: Spelled amounts with a known count.
FIXED_AMOUNTS: dict[str, float] = {
    "a": 1, "an": 1, "a single": 1, "a couple of": 2, "a couple": 2, "couple of": 2, "a dozen": 12, "half a": 0.5, "half an": 0.5,
    "a half": 0.5, "a hundred": 100, "one hundred": 100, "a thousand": 1000, "two thousand": 2000,
}
NUMBER = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:(?:\s+|-)1/2)?"
    rf"|{NUMBER_WORD}(?:[- ](?:and[- ])?a[- ]half)?(?:\s+(?:hundred|thousand))?"
    rf"|{alternation(FIXED_AMOUNTS)}|{alternation(VAGUE_AMOUNTS)}"
)
NUMBER = f"(?:{NUMBER})"

#: Duration units -> (TIMEX3 unit, multiplier). Decades and centuries become years
#: ("two decades" -> P20Y), quarters months, as annotated news does.
UNITS: dict[str, tuple[str, int]] = {
    "year": ("Y", 1), "month": ("M", 1), "week": ("W", 1), "day": ("D", 1), "hour": ("H", 1),
    "minute": ("MIN", 1), "second": ("S", 1), "decade": ("Y", 10), "century": ("Y", 100),
    "quarter": ("M", 3), "fortnight": ("D", 14), "night": ("D", 1), "weekend": ("WE", 1),
}
#: A unit whose count is unknown: "decades" -> PXDE, "centuries" -> PXC.
VAGUE_UNITS: dict[str, str] = {"Y": "Y", "M": "M", "W": "W", "D": "D", "H": "H", "MIN": "MIN", "S": "S"}
UNIT = r"(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centur(?:y|ies)|quarters?|fortnights?)"

#: Modifiers kept inside a duration's span ("nearly forty years", "more than four hours").
DURATION_MODIFIER = alternation([
    "about", "around", "nearly", "almost", "more than", "less than", "fewer than", "over", "under", "at least",
    "up to", "roughly", "approximately", "no more than", "no less than", "just over", "just under", "only",
    "barely", "some", "another", "the better part of", "well over", "close to",
])

DECADE_WORDS: dict[str, int] = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7, "eighties": 8,
    "nineties": 9,
}

TIME_ZONES: dict[str, str] = {
    "gmt": "Z", "utc": "Z", "bst": "+01:00", "cet": "+01:00", "cest": "+02:00", "eet": "+02:00", "eest": "+03:00",
    "est": "-05:00", "edt": "-04:00", "cst": "-06:00", "cdt": "-05:00", "mst": "-07:00", "mdt": "-06:00",
    "pst": "-08:00", "pdt": "-07:00", "ist": "+05:30", "jst": "+09:00", "msk": "+03:00",
    "akst": "-09:00", "akdt": "-08:00", "hst": "-10:00", "wat": "+01:00", "cat": "+02:00", "eat": "+03:00",
    "sast": "+02:00", "pkt": "+05:00", "wib": "+07:00", "hkt": "+08:00", "sgt": "+08:00", "kst": "+09:00",
    "aest": "+10:00", "aedt": "+11:00", "nzst": "+12:00", "nzdt": "+13:00",
}
#: US zones written without standard/daylight ("3 p.m. ET"): their standard offset in hours; the day decides
#: daylight saving time (see :func:`us_zone_offset`).
US_GENERIC_ZONES: dict[str, int] = {"et": -5, "ct": -6, "mt": -7, "pt": -8}
TIME_ZONE = ("(?-i:" + alternation([z.upper() for z in (*TIME_ZONES, *US_GENERIC_ZONES)]) + r")(?:[+-]\d{1,2})?"
             r"|local\s+time")


def us_zone_offset(zone: str, day) -> str | None:
    """The UTC offset of a generic US zone ("ET", "PT") on ``day`` (a ``date``), daylight saving time
    included: from the second Sunday of March to the first Sunday of November since 2007, the first
    Sunday of April to the last Sunday of October before.

    >>> from datetime import date
    >>> us_zone_offset("ET", date(2017, 3, 15)), us_zone_offset("PT", date(2017, 1, 10)), us_zone_offset("ET", date(1998, 4, 2))
    ('-04:00', '-08:00', '-05:00')
    """
    from calendar import monthrange
    from datetime import date as date_type

    standard = US_GENERIC_ZONES.get(zone.lower())
    if standard is None or not isinstance(day, date_type):
        return None

    def sunday(year: int, month: int, nth: int) -> date_type:  # nth > 0 from the start, -1 the last
        first, length = monthrange(year, month)
        if nth > 0:
            return date_type(year, month, 1 + (6 - first) % 7 + 7 * (nth - 1))
        last = (first + length - 1) % 7
        return date_type(year, month, length - (last - 6) % 7)

    y = day.year
    start, end = (sunday(y, 3, 2), sunday(y, 11, 1)) if y >= 2007 else (sunday(y, 4, 1), sunday(y, 10, -1))
    offset = standard + (1 if start <= day < end else 0)
    return f"{'+' if offset >= 0 else '-'}{abs(offset):02d}:00"


def number_value(text: str) -> float | None:
    """The count a written amount stands for; None for vague amounts ("several").

    >>> number_value("twenty-four"), number_value("2 1/2"), number_value("a couple of"), number_value("several")
    (24.0, 2.5, 2.0, None)
    """
    low = " ".join(text.lower().replace("-", " ").split())
    if low in VAGUE_AMOUNTS:
        return None
    if low in FIXED_AMOUNTS or low.replace(" ", "-") in FIXED_AMOUNTS:
        return float(FIXED_AMOUNTS.get(low, FIXED_AMOUNTS.get(low.replace(" ", "-"), 0)))
    half = 0.5 if low.endswith(("1/2", "a half")) else 0.0
    low = re.sub(r"\s*(?:and\s+)?(?:a\s+half|1/2)$", "", low).strip()
    digits = low.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", digits):
        return float(digits) + half
    total, current = 0, 0
    for word in low.split():
        if word in UNIT_WORDS:
            current += UNIT_WORDS[word]
        elif word in TENS_WORDS:
            current += TENS_WORDS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "thousand":
            total, current = total + max(current, 1) * 1000, 0
        elif word not in ("a", "an", "and"):
            return None
    return float(total + current) + half
