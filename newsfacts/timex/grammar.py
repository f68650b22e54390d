"""The grammar of English news time expressions: each rule a regular expression and a
small named function that reads a match into a TIMEX3 value.

``RULES`` is ordered data: when two rules match exactly the same characters, the earlier
one wins; otherwise the longest match wins (see ``newsfacts.timex.component``). A rule's
function returns None to refuse a match ("May" after a name, a year that the parser
saw as a plain number).

>>> from datetime import date, timedelta
>>> ctx = Context(dct=date(2017, 3, 15), tense="past")
>>> [(m.group(0), r.read(m, ctx).value) for r in RULES for m in r.pattern.finditer("killed on Friday")]
[('Friday', '2017-03-10')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from dataclasses import dataclass

from newsfacts.timex.lexicon import (
    DAY_OF_MONTH, DECADE_WORDS, DURATION_MODIFIER, MONTH_ABBREVIATIONS, MONTH_BEFORE_DAY, MONTH_NAME, MONTHS,
    NUMBER, NUMBER_WORD, ORDINAL_WORD, ORDINALS, PART_OF_DAY, PARTS_OF_DAY, SEASON, SEASON_CODES, TIME_ZONE,
    TIME_ZONES, UNIT, UNITS, US_GENERIC_ZONES, WEEKDAY_NAME, WEEKDAYS, alternation, number_value, us_zone_offset,
)
from newsfacts.timex.resolve import (
    FUTURE, Context, Reading, day_value, dct_day, dct_month, dct_quarter, dct_week, dct_year, month_value,
    month_year as year_of_month, narrative_value, quarter_year, season_value, shift_value, weekday_value,
)


@dataclass(frozen=True)
class Rule:
    """One grammar rule: where it matches and how a match reads."""

    name: str
    pattern: re.Pattern[str]
    read: Callable[[re.Match[str], Context], Reading | None]


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


#: "early", "mid-", "the end of" before a date: kept in the span, not in the value (TIMEX3 puts it in ``mod``).
PREFIX = r"(?:(?:early|late|mid|the\s+(?:beginning|start|middle|end|turn|rest|remainder)\s+of)(?:\s+|-))?"
YEAR = r"(?:1[6-9]|20)\d\d"
DIRECTION = r"(?:this\s+past|this\s+coming|the\s+past|the\s+last|the\s+next|the\s+coming|the\s+previous|the\s+current|last|next|this|coming|past|previous)"


def _month(text: str) -> int:
    low = text.lower().rstrip(".")
    return MONTHS.get(low) or MONTH_ABBREVIATIONS[low]


def _day(text: str) -> int:
    low = text.lower()
    return ORDINALS[low] if low in ORDINALS else int(re.sub(r"\D", "", low))


def _direction(text: str | None) -> str | None:
    """"last", "next", "this" from the words before a unit ("the past" is "last")."""
    if not text:
        return None
    low = " ".join(text.lower().split())
    if low in ("last", "the last", "the past", "past", "previous", "the previous", "this past"):
        return "last"
    if low in ("next", "the next", "the coming", "coming", "this coming"):
        return "next"
    return "this"


def _calendar_day(year: int, month: int, day: int) -> bool:
    """Whether the day exists ("February 30", "April 31" do not)."""
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _date(year: int, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}"


# --------------------------------------------------------------------------- calendar dates


def iso_date(m: re.Match[str], ctx: Context) -> Reading | None:
    """"2017-03-14" as written."""
    return Reading("DATE", m.group(0))


def numeric_date(m: re.Match[str], ctx: Context) -> Reading | None:
    """"14/03/2017", "3/14/2017", "14.03.2017", "2017/03/14": a first number over 12 is the day; when
    both can be a month, dots are day first (European), slashes month first (US)."""
    if m["ya"]:
        year_value, month, day = int(m["ya"]), int(m["b1"]), int(m["b2"])
    else:
        a, b, year_value = int(m["a1"]), int(m["a2"]), int(m["y"])
        month, day = (b, a) if a > 12 or m["sep"] == "." else (a, b)
    if not (1 <= month <= 12 and _calendar_day(year_value, month, day)):
        return None  # "31/02/2017", "13/13/2017": no calendar day
    return Reading("DATE", _date(year_value, month, day))


def month_day_year(m: re.Match[str], ctx: Context) -> Reading | None:
    """"March 14, 2017", "14 March 2017", "Tuesday, March 14, 2017"."""
    month, day = _month(m["m"] or m["m2"]), _day(m["d"] or m["d2"])
    if not _calendar_day(int(m["y"]), month, day):
        return None
    return Reading("DATE", _date(int(m["y"]), month, day))


def month_day(m: re.Match[str], ctx: Context) -> Reading | None:
    """"March 14", "the 14th of March": the year by tense."""
    month, day = _month(m["m"] or m["m2"]), _day(m["d"] or m["d2"])
    if not _calendar_day(2000, month, day):  # a leap year: "February 29" can be a day
        return None
    direction = (m["dir"] or "").lower()
    return Reading("DATE", month_value(ctx, month, day, direction=direction if direction in ("last", "next") else None),
                   relative=True)


def month_year(m: re.Match[str], ctx: Context) -> Reading | None:
    """"March 2017", "mid-November 1989", "the end of March 2017"."""
    return Reading("DATE", f"{int(m['y']):04d}-{_month(m['m']):02d}")


def month_alone(m: re.Match[str], ctx: Context) -> Reading | None:
    """"in March", "last June", "early September": the year by tense or direction."""
    before = m.string[max(0, m.start() - 2):m.start()]
    if m["m"].lower() == "may" and not (m["dir"] or m.group(0) != m["m"]):
        word_before = re.search(r"(\w+)\W*$", m.string[max(0, m.start() - 20):m.start()])
        if not word_before or word_before[1].lower() not in ("in", "of", "since", "until", "by", "through", "from", "to", "and", "early", "late", "mid", "last", "next", "this", "before", "after", "during"):
            return None  # "Theresa May", "May I": not the month
    if before.endswith("-") and not m.group(0)[:1].isalpha():
        return None
    return Reading("DATE", month_value(ctx, _month(m["m"]), direction=_direction(m["dir"])), relative=True)


def year(m: re.Match[str], ctx: Context) -> Reading | None:
    """"2011", "in 1990", "mid-2004", "fiscal 1989"; not a number the parser saw as a count."""
    if m.start("y") in ctx.non_date_starts and not (m["fiscal"] or m.group(0) != m["y"]):
        return None
    tail = m.string[m.end():m.end() + 12]
    if re.match(r"\s*(?:%|percent|per\s*cent|people|troops|dollars|men|women)\b|,\d|\.\d|\d", tail):
        return None
    return Reading("DATE", m["y"])


def spelled_year(m: re.Match[str], ctx: Context) -> Reading | None:
    """"nineteen ninety-one", "the year two thousand"."""
    if m["rest"] is not None:
        rest = number_value(m["rest"])
        return Reading("DATE", f"19{int(rest):02d}") if rest is not None and rest < 100 else None
    tail = number_value(m["rest2"]) if m["rest2"] else 0
    return Reading("DATE", f"{2000 + int(tail or 0):04d}")


def decade(m: re.Match[str], ctx: Context) -> Reading | None:
    """"the 1990s", "the '80s", "the nineties": a three-digit value (``199``); not an age ("his mid-thirties")."""
    if re.search(r"\b(?:his|her|their|my|your|our|its)\s+$", m.string[max(0, m.start() - 8):m.start()], re.I):
        return None
    if m["c"]:
        return Reading("DATE", f"{m['c']}{m['d']}")
    digit = m["d2"] if m["d2"] else str(DECADE_WORDS[m["w"].lower()])
    century = "18" if (m["c3"] or "").lower() == "eighteen" else "19"
    if not m["c3"] and ctx.dct and 2000 + int(digit) * 10 <= ctx.dct.year:
        century = "20"
    return Reading("DATE", f"{century}{digit}")


def century(m: re.Match[str], ctx: Context) -> Reading | None:
    """"the 20th century" -> ``19``; not a name ("20th Century Fox")."""
    if re.match(r"\s+[A-Z]", m.string[m.end():m.end() + 2]) and "Century" in m.group(0):
        return None
    text = m["o"].lower()
    n = ORDINALS.get(text) or int(re.sub(r"\D", "", text))
    return Reading("DATE", f"{n - 1:02d}") if 1 < n <= 21 else None


def season(m: re.Match[str], ctx: Context) -> Reading | None:
    """"this summer", "last fall", "the winter of 1994", "spring 2017"."""
    code = SEASON_CODES[m["s"].lower()]
    if m["y"]:
        return Reading("DATE", f"{int(m['y']):04d}-{code}")
    if m["sy"]:
        value = number_value(m["sy"])
        return Reading("DATE", f"19{int(value):02d}-{code}") if value is not None and value < 100 else None
    if not m["dir"] and not m["the"]:
        return None  # a bare "spring" is too often not a time ("spring water")
    if not m["dir"] and re.match(r"\s+(?:of|in|from|to)\b", m.string[m.end():m.end() + 6]):
        return None  # "the fall in oil prices", "the fall of the government": a drop, not autumn
    return Reading("DATE", season_value(ctx, code, direction=_direction(m["dir"])), relative=True)


#: Holiday -> (month, day) for a fixed date, (month, -1) for the month's last Monday, (month, 100 + 10 * n
#: + weekday) for its n-th weekday (Monday 0).
HOLIDAYS: dict[str, tuple[int, int]] = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24), "new year's": (1, 1),
    "new year's day": (1, 1), "new year's eve": (12, 31), "independence day": (7, 4), "halloween": (10, 31),
    "valentine's day": (2, 14), "thanksgiving": (11, 143), "thanksgiving day": (11, 143), "labor day": (9, 110),
    "memorial day": (5, -1),
}


def _holiday_day(year: int, month: int, code: int) -> int:
    """The day of the month of a holiday code of :data:`HOLIDAYS` in ``year``.

    >>> _holiday_day(1998, 11, 143), _holiday_day(1998, 9, 110), _holiday_day(1998, 5, -1)
    (26, 7, 25)
    """
    from calendar import monthrange

    if 0 < code <= 31:
        return code
    first_weekday, length = monthrange(year, month)
    if code < 0:  # the last Monday
        last_weekday = (first_weekday + length - 1) % 7
        return length - last_weekday
    nth, weekday = divmod(code - 100, 10)
    return 1 + (weekday - first_weekday) % 7 + 7 * (nth - 1)


def holiday(m: re.Match[str], ctx: Context) -> Reading | None:
    """"Christmas", "New Year's Eve", "last Thanksgiving", "Labor Day": the year by tense or direction."""
    name = " ".join(m["h"].lower().replace("’", "'").split())
    month, code = HOLIDAYS[name]
    year_value = year_of_month(ctx, month, direction=_direction(m["dir"]) if m["dir"] else None)
    if year_value is None:
        return Reading("DATE", f"XXXX-{month:02d}-{code:02d}" if 0 < code <= 31 else f"XXXX-{month:02d}", relative=True)
    return Reading("DATE", _date(year_value, month, _holiday_day(year_value, month, code)), relative=True)


# --------------------------------------------------------------------------- quarters and halves


def quarter(m: re.Match[str], ctx: Context) -> Reading | None:
    """"the third quarter", "third-quarter", "the fourth quarter of 1998", "Q3 2017",
    "next year's first quarter", "the first half"."""
    q = m["q"].lower()
    if m["h"]:
        number, code = (1 if q in ("first", "1st") else 2), "H"
        if number == 2 and q not in ("second", "2nd"):
            return None
    else:
        number, code = (ORDINALS[q] if q in ORDINALS else int(q)), "Q"
        if number > 4:
            return None
    year_text = m["y1"] or m["y2"] or m["y3"]
    shift = {"this": 0, "last": -1, "next": 1}.get((m["ydir"] or m["ydir2"] or "").lower())
    if year_text:
        year_value, relative = int(year_text), False
    elif m["yago"]:  # "the year-ago third quarter": that quarter a year before the one being reported
        base = ctx.last_quarter[0] if ctx.last_quarter else quarter_year(ctx, number)
        year_value, relative = (base - 1 if base else None), True
    elif shift is not None:
        year_value, relative = (ctx.dct.year + shift if ctx.dct else None), True
    else:
        year_value, relative = (quarter_year(ctx, number) if code == "Q" else (ctx.dct.year if ctx.dct else None)), True
    head = f"{year_value:04d}" if year_value is not None else "XXXX"
    return Reading("DATE", f"{head}-{code}{number}", relative=relative)


def quarter_anaphor(m: re.Match[str], ctx: Context) -> Reading | None:
    """"the quarter", "the latest quarter", "the year-earlier period", "last quarter": the quarter the
    article is about (the last one it named, else the last one completed), a year back for "year-ago"."""
    words = " ".join(m.group(0).lower().split())
    if m["unit"].lower() == "period" and not m["adj"]:
        return None
    years_back = 1 if re.search(r"year-(?:earlier|ago)|prior-year|a year (?:ago|earlier)", words) else 0
    if m["adj"] and re.fullmatch(YEAR, m["adj"].strip()):
        base = (int(m["adj"]), (ctx.last_quarter or (0, 0))[1] or None)
        if base[1] is None:
            return Reading("DATE", f"{base[0]:04d}")
        return Reading("DATE", f"{base[0]:04d}-Q{base[1]}")
    if words.startswith("this quarter") or words.startswith("the current quarter"):
        return Reading("DATE", dct_quarter(ctx), relative=True)
    if words.startswith("next quarter") or words.startswith("the next quarter"):
        return Reading("DATE", dct_quarter(ctx, 1), relative=True)
    if ctx.last_quarter and not words.startswith(("last quarter", "the last quarter", "the previous quarter")):
        return Reading("DATE", f"{ctx.last_quarter[0] - years_back:04d}-Q{ctx.last_quarter[1]}", relative=True)
    if not ctx.dct:
        return Reading("DATE", "XXXX-QX", relative=True)
    value = dct_quarter(ctx, -1)
    return Reading("DATE", f"{int(value[:4]) - years_back:04d}{value[4:]}", relative=True)


def year_earlier(m: re.Match[str], ctx: Context) -> Reading | None:
    """"a year earlier", "a year ago", "year-earlier": the quarter being compared, a year back,
    in an earnings report (the year back when the report last named a longer period: "the nine
    months"); otherwise the year before the publication year."""
    if ctx.last_quarter and not ctx.period_is_year:
        return Reading("DATE", f"{ctx.last_quarter[0] - 1:04d}-Q{ctx.last_quarter[1]}", relative=True)
    if ctx.period_is_year and (ctx.period_year or ctx.last_quarter):  # "the nine months" of that year: the year before
        return Reading("DATE", f"{(ctx.period_year or ctx.last_quarter[0]) - 1:04d}", relative=True)
    return Reading("DATE", dct_year(ctx, -1), relative=True)


# --------------------------------------------------------------------------- relative to the publication date


def shifted(m: re.Match[str], ctx: Context) -> Reading | None:
    """"two years ago", "three days later", "nearly four years ago"."""
    unit, multiple = UNITS[_unit_key(m["u"])]
    amount = number_value(m["n"])
    if unit not in ("Y", "M", "W", "D"):
        return None
    sign = 1 if m["dir"].lower().startswith(("later", "from", "hence")) else -1
    count = amount * multiple if amount is not None else None
    return Reading("DATE", shift_value(ctx, count, unit, sign), relative=True)


def relative_unit(m: re.Match[str], ctx: Context) -> Reading | None:
    """"this week", "last year", "next month", "earlier this year", "the past year", "this weekend"."""
    direction = _direction(m["dir"])
    shift = {"last": -1, "next": 1}.get(direction or "", 0)
    unit = " ".join(m["u"].lower().split())
    if unit in ("year", "fiscal year"):
        value = dct_year(ctx, shift)
    elif unit == "month":
        value = dct_month(ctx, shift)
    elif unit in ("week", "weekend"):
        value = dct_week(ctx, shift) + ("-WE" if unit == "weekend" else "")
    elif unit == "quarter":
        value = dct_quarter(ctx, shift)
    elif unit == "decade":
        value = f"{ctx.dct.year // 10 + shift:03d}" if ctx.dct else "XXX"
        value = value if ctx.dct else "XXXX"
    else:  # century
        value = f"{ctx.dct.year // 100 + shift:02d}" if ctx.dct else "XXXX"
    return Reading("DATE", value, relative=True)


_NARRATIVE_SHIFT = {"following": 1, "next": 1, "preceding": -1, "previous": -1}
_DCT_UNIT = {"Y": dct_year, "M": dct_month, "W": dct_week, "D": dct_day}


def narrative(m: re.Match[str], ctx: Context) -> Reading | None:
    """"that year", "later that month", "the following week", "the same day", "the next day": the
    date the story last named (the publication date when it named none), moved by the words."""
    unit = m["u"][0].upper()
    shift = _NARRATIVE_SHIFT.get(m["lead"].lower().split()[-1], 0)
    value = narrative_value(ctx, unit, shift) or _DCT_UNIT[unit](ctx, shift)
    return Reading("DATE", value, relative=True)


def part_of_unit(m: re.Match[str], ctx: Context) -> Reading | None:
    """"the end of the year", "earlier in the year", "year-end": the publication's year (month, week)."""
    unit = (m["u"] or "year").lower()
    value = {"year": dct_year, "month": dct_month, "week": dct_week, "day": dct_day}[unit](ctx)
    return Reading("DATE", value, relative=True)


def the_year(m: re.Match[str], ctx: Context) -> Reading | None:
    """"the year", "the fiscal year": a year's span in a report (P1Y); "the full year", "the current
    year": the publication's year."""
    if m["adj"] and m["adj"].lower() in ("full", "current", "calendar"):
        return Reading("DATE", dct_year(ctx), relative=True)
    return Reading("DURATION", "P1Y")


def weekend(m: re.Match[str], ctx: Context) -> Reading | None:
    """"the weekend": the one just gone (past or present tense) or the coming one (future)."""
    if not ctx.dct:
        return Reading("DATE", "XXXX-WXX-WE", relative=True)
    in_weekend = ctx.dct.weekday() >= 5
    shift = (0 if in_weekend else -1) if ctx.tense != FUTURE else (1 if in_weekend and ctx.dct.weekday() == 6 else 0)
    return Reading("DATE", dct_week(ctx, shift) + "-WE", relative=True)


_GENERIC_DAY = re.compile(r"\bof\s+(?:today|tomorrow|yesterday)\b(?!['’]s)|\b(?:in|of)\s+today['’]s\s+(?:world|society|economy"
                          r"|market|environment|climate|standards|terms|dollars|money|culture|age|generation|youth)\b", re.I)


def deictic_day(m: re.Match[str], ctx: Context) -> Reading | None:
    """"today", "yesterday", "tomorrow", "tonight", "late yesterday", "yesterday morning"."""
    word = m["w"].lower()
    if _GENERIC_DAY.search(m.string[max(0, m.start() - 12):m.end() + 12]):
        return None  # "the people of tomorrow", "in today's world": an era, not a day
    shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]
    value = dct_day(ctx, shift)
    part = PARTS_OF_DAY.get((m["pod"] or "").lower()) or ("NI" if word == "tonight" else None)
    if part:
        return Reading("TIME", f"{value}T{part}", relative=True)
    return Reading("DATE", value, relative=True)


def part_of_day(m: re.Match[str], ctx: Context) -> Reading | None:
    """"this morning", "last night", "this evening", "mid-afternoon"."""
    part = PARTS_OF_DAY[m["pod"].lower()]
    shift = -1 if (m["dir"] or "").lower() == "last" else 0
    return Reading("TIME", f"{dct_day(ctx, shift)}T{part}", relative=True)


def weekday(m: re.Match[str], ctx: Context) -> Reading | None:
    """"Friday", "last Tuesday", "Monday night", "early Sunday": back or forward by tense; "Monday next
    week": the Monday of the week after the publication's."""
    direction = _direction(m["dir"]) if m["dir"] else None
    if direction == "this":
        direction = None
    if m["wk"] and not m["dir"]:  # "Monday next week", "Tuesday last week": that weekday of that week
        shift = {"next": 1, "last": -1, "this": 0}[m["wk"].lower()]
        value = day_value(ctx.dct + timedelta(days=7 * shift + WEEKDAYS[m["wd"].lower()] - ctx.dct.weekday())) \
            if ctx.dct else f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()] + 1}"
    else:
        value = weekday_value(ctx, WEEKDAYS[m["wd"].lower()], direction=direction)
    if m["pod"]:
        return Reading("TIME", f"{value}T{PARTS_OF_DAY[m['pod'].lower()]}", relative=True)
    return Reading("DATE", value, relative=True)


def clock_time(m: re.Match[str], ctx: Context) -> Reading | None:
    """"3 p.m.", "10:30 a.m. EST", "noon Thursday", "15:30 GMT" on the day named or the publication day."""
    if m["noon"]:
        hour, minute = (12 if m["noon"].lower() == "noon" else 0), 0
    elif m["oc"]:  # "eight o'clock", "7 o'clock in the evening"
        hour, minute = int(number_value(m["oc"]) or 0), 0
        if m["ocp"] and not m["ocp"].lower().endswith("morning") and hour < 12:
            hour += 12
    else:
        hour, minute = int(m["h"] or m["h24"] or m["h4"]), int(m["mi"] or m["mi24"] or m["mi4"] or 0)
        meridiem = (m["ap"] or "").lower().replace(".", "")
        if meridiem and not 1 <= hour <= 12:
            return None
        if meridiem == "pm" and hour < 12:
            hour += 12
        elif meridiem == "am" and hour == 12:
            hour = 0
    day_word = (m["day"] or "").lower()
    if day_word in WEEKDAYS:
        day = weekday_value(ctx, WEEKDAYS[day_word])
    else:
        day = dct_day(ctx, {"yesterday": -1, "tomorrow": 1}.get(day_word, 0))
    zone = ""
    if m["tz"] and m["tz"].lower() in US_GENERIC_ZONES:  # "3 p.m. ET": EST or EDT by the day
        on = date.fromisoformat(day) if day[:1].isdigit() else None
        zone = us_zone_offset(m["tz"], on) or ""
    elif m["tz"] and not m["tz"].lower().startswith("local"):  # "local time": in the span, no offset
        base, _, offset = m["tz"].partition("+") if "+" in m["tz"] else m["tz"].partition("-")
        zone = TIME_ZONES[base.lower()]
        if offset:
            zone = f"{'+' if '+' in m['tz'] else '-'}{int(offset):02d}:00"
    return Reading("TIME", f"{day}T{hour:02d}:{minute:02d}{zone}", relative=True)


# --------------------------------------------------------------------------- durations and sets


def _unit_key(text: str) -> str:
    low = text.lower()
    if low.startswith("centur"):
        return "century"
    return low[:-1] if low.endswith("s") and low[:-1] in UNITS else low


def duration_value(amount: float | None, unit: str, multiple: int) -> str:
    """A TIMEX3 duration: ``P3Y``, ``P2Y6M``, ``PT4H``, ``PXM``.

    >>> duration_value(2.5, "Y", 1), duration_value(2, "Y", 10), duration_value(None, "H", 1)
    ('P2Y6M', 'P20Y', 'PTXH')
    """
    time_unit = {"H": "H", "MIN": "M", "S": "S"}.get(unit)
    if amount is None:
        vague = {("Y", 10): "DE", ("Y", 100): "C"}.get((unit, multiple), unit)
        return f"PTX{time_unit}" if time_unit else f"PX{vague}"
    amount *= multiple
    if unit == "WE":
        return f"P{_num(amount * 2)}D"
    if time_unit:
        return f"PT{_num(amount)}{time_unit}"
    if unit == "Y" and amount != int(amount):
        months = round((amount - int(amount)) * 12)
        return f"P{int(amount)}Y{months}M" if int(amount) else f"P{months}M"
    return f"P{_num(amount)}{unit}"


def _num(x: float) -> str:
    return str(int(x)) if x == int(x) else f"{x:g}"


_RATE_BEFORE = re.compile(
    r"(?:\d|%|percent|cents?|dollars?|times|once|twice|pounds?|euros?|barrels?|tons?|tonnes?|shares?|people|units?"
    r"|million|billion|thousand|bn|m)\s*$",
    re.I,
)


#: A count of things just before "a week" ("four flights a week", "nearly 700 seats a day"): a rate.
_COUNTED_BEFORE = re.compile(rf"(?<![\w,.])(?:\d[\d,.]*|{NUMBER_WORD}|dozens|hundreds|thousands|millions)\s+(?:[a-z]+\s+){{1,2}}$", re.I)


def duration(m: re.Match[str], ctx: Context) -> Reading | None:
    """"three years", "the past three months", "nearly forty years", "two-year", "24 hours";
    "a year" after a rate ("$5 a year") is no time expression (on the TimeBank dev half 4 of 6 were
    unmarked; dropping them raised value F1 on both halves)."""
    key = _unit_key(m["u"])
    unit, multiple = UNITS[key]
    amount = number_value(m["n"])
    n_text = m["n"].lower()
    if key == "second" and not re.match(r"\d", n_text) and amount == 1:
        return None  # "a second attack"
    if key == "quarter" and (amount == 1 or m.string[m.end():m.end() + 3].lower() == " of"):
        return None  # "a quarter of the votes"
    before = m.string[max(0, m.start() - 40):m.start()]
    if n_text == "many" and m.string[max(0, m.start() - 3):m.start()].lower() == "as ":
        return None  # "his second visit in as many weeks": a count, not a span of time
    if n_text in ("a", "an") and (_RATE_BEFORE.search(before[-25:]) or _COUNTED_BEFORE.search(before)):
        return None  # a rate ("$5 million a year", "four flights a week"): TimeBank leaves most unmarked
    return Reading("DURATION", duration_value(amount, unit, multiple))


def vague_span(m: re.Match[str], ctx: Context) -> Reading | None:
    """"recent years" (PXY, some years up to now), "recent days" and "past years" (PAST_REF),
    "coming months" (FUTURE_REF), "years" after "for" (PXY)."""
    lead = (m["lead"] or "").lower()
    if lead.startswith("past") or (lead == "recent" and m["u"].lower() == "days"):
        return Reading("DATE", "PAST_REF")
    if lead == "future" or ("coming" in lead and m["u"].lower() in ("months", "years")):
        return Reading("DATE", "FUTURE_REF")
    unit, multiple = UNITS[_unit_key(m["u"])]
    return Reading("DURATION", duration_value(None, unit, multiple))


def frequency(m: re.Match[str], ctx: Context) -> Reading | None:
    """"every year", "each month", "annually", "daily", "each Thursday", "each July", "Tuesday nights"."""
    word = m.group(0).lower().split()[-1]
    adverbs = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
               "hourly": "PT1H", "quarterly": "P3M", "nightly": "P1D"}
    if word in adverbs:
        if _RATE_BEFORE.search(m.string[max(0, m.start() - 25):m.start()]):
            return None  # a rate ("rise 8.5% annually", "10,000 units annually"), as for "a year" above
        return Reading("SET", adverbs[word])
    if m["wd"]:
        part = PARTS_OF_DAY.get((m["pod"] or "").lower().rstrip("s"))
        return Reading("SET", f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()] + 1}" + (f"T{part}" if part else ""))
    if m["m"]:
        return Reading("SET", f"XXXX-{_month(m['m']):02d}")
    if m["s"]:
        return Reading("SET", f"XXXX-{SEASON_CODES[m['s'].lower()]}")
    unit, multiple = UNITS[_unit_key(m["u"])]
    amount = (2 if m["n"].lower() == "other" else number_value(m["n"])) if m["n"] else 1  # "every other week": P2W
    return Reading("SET", duration_value(amount, unit, multiple))


def reference(m: re.Match[str], ctx: Context) -> Reading | None:
    """"now", "currently" (PRESENT_REF), "recently", "the past" (PAST_REF), "the future", "soon" (FUTURE_REF)."""
    words = " ".join(m.group(0).lower().split())
    if words in REFERENCE_WORDS:
        return Reading("DATE", REFERENCE_WORDS[words])
    return None


REFERENCE_WORDS: dict[str, str] = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF", "at present": "PRESENT_REF",
    "presently": "PRESENT_REF", "nowadays": "PRESENT_REF", "these days": "PRESENT_REF", "current": "PRESENT_REF",
    "the present": "PRESENT_REF", "at the moment": "PRESENT_REF",
    "recently": "PAST_REF", "recent": "PAST_REF", "more recently": "PAST_REF", "lately": "PAST_REF",
    "previously": "PAST_REF", "formerly": "PAST_REF", "the past": "PAST_REF",
    "the future": "FUTURE_REF", "a later date": "FUTURE_REF", "the near term": "FUTURE_REF", "the short term": "FUTURE_REF", "future": "FUTURE_REF", "soon": "FUTURE_REF", "the near future": "FUTURE_REF",
}


# --------------------------------------------------------------------------- patterns

_WD = WEEKDAY_NAME
_P_ISO = rf"\b(?P<y>{YEAR})-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b"
_P_NUMERIC = (
    rf"(?<![\w/.-])(?:(?P<a1>[0-3]?\d)(?P<sep>[/.])(?P<a2>[0-3]?\d)(?P=sep)(?P<y>{YEAR})"
    rf"|(?P<ya>{YEAR})/(?P<b1>[01]?\d)/(?P<b2>[0-3]?\d))(?![\w/]|\.\d)"
)
_P_MDY = (
    rf"\b(?:{_WD},?\s+)?(?:(?P<m>{MONTH_BEFORE_DAY})\s+(?P<d>{DAY_OF_MONTH}),?\s+"
    rf"|(?:the\s+)?(?P<d2>{DAY_OF_MONTH})\s+(?:of\s+)?(?P<m2>{MONTH_BEFORE_DAY}),?\s+)(?P<y>{YEAR})\b"
)
_P_MD = (
    rf"\b(?:(?P<dir>this\s+coming|this\s+past|last|next|this)\s+)?(?:{_WD},?\s+)?"
    rf"(?:(?P<m>{MONTH_BEFORE_DAY})\s+(?P<d>{DAY_OF_MONTH})|(?:the\s+)?(?P<d2>{DAY_OF_MONTH})\s+(?:of\s+)?(?P<m2>{MONTH_BEFORE_DAY}))\b"
)
_P_MY = rf"\b{PREFIX}(?P<m>{MONTH_NAME})(?:\s+of)?,?\s+(?P<y>{YEAR})\b"
_P_MONTH = rf"(?<![\w-])(?:{PREFIX}(?:(?P<dir>last|next|this\s+past|this\s+coming|this)\s+)?)(?P<m>{MONTH_NAME})(?![\w-])"
_P_YEAR = rf"(?<![\w$£€.,/-]){PREFIX}(?:(?P<fiscal>fiscal(?:\s+year)?|calendar(?:\s+year)?|the\s+year|FY)\s*)?(?P<y>{YEAR})(?!\w|-\d)"
_P_SPELLED = (
    rf"\b(?:the\s+year\s+)?(?:nineteen[- ](?P<rest>{NUMBER_WORD}|hundred)"
    rf"|(?<=the year )two[- ]thousand(?:[- ](?:and[- ])?(?P<rest2>{NUMBER_WORD}))?)\b"
)
_P_DECADE = (
    rf"(?<![\w-])(?:the\s+)?{PREFIX}(?:(?P<c>1[6-9]|20)(?P<d>\d)0'?s|'(?P<d2>\d)0s"
    rf"|(?:(?P<c3>nineteen|eighteen)[- ])?(?P<w>{alternation(DECADE_WORDS)}))\b"
)
_P_CENTURY = rf"\b(?:the\s+)?{PREFIX}(?P<o>\d{{1,2}}(?:st|nd|rd|th)|{ORDINAL_WORD})[\s-]+century\b"
_P_SEASON = (
    rf"\b{PREFIX}(?:(?P<dir>this\s+past|this\s+coming|last|next|this|past)\s+|(?P<the>the)\s+)?(?P<s>{SEASON})"
    rf"(?:\s+(?:of\s+)?(?:(?P<y>{YEAR})|nineteen[- ](?P<sy>{NUMBER_WORD})))?\b"
)
_P_QUARTER = (
    rf"\b(?:(?:the|its|a|this|their)\s+)?(?:(?P<ydir>this|last|next)\s+year's\s+)?(?:(?P<y1>{YEAR})(?:'s)?\s+)?"
    r"(?:(?:fiscal|flat|calendar|strong|weak|comparable|same|latest|current|(?P<yago>year-ago|year-earlier|prior-year))\s+){0,2}"
    r"(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)(?:\s+|-)(?:(?:fiscal|calendar)\s+)?(?:quarter|(?P<h>half))"
    rf"(?:\s+of\s+(?:(?:fiscal\s+)?(?P<y2>{YEAR})|(?P<ydir2>this|last|next|the)\s+year))?\b"
    rf"|(?:\b(?:fiscal|FY)\s*)?(?-i:\bQ(?P<qn>[1-4]))(?:\s+(?:(?:fiscal|FY)\s*)?(?P<y3>{YEAR}|(?:FY|')?(?P<y3s>\d\d)))?\b"
)
_P_QUARTER_ANAPHOR = (
    r"\b(?:the|that|this|its|last|next)\s+(?:(?P<adj>(?:(?:latest|current|past|previous|last|recent|same|comparable"
    rf"|year-earlier|year-ago|prior-year|fiscal|{YEAR})\s+)+))?(?P<unit>quarter|period)\b(?!-)(?:\s+a\s+year\s+(?:ago|earlier))?"
)
_P_YEAR_EARLIER = r"\b(?:(?:a|one)\s+year\s+(?:earlier|ago|before)|year-(?:earlier|ago))\b(?![\s-]+(?:quarter|period|nine))"
_P_SHIFTED = (
    rf"\b(?:{DURATION_MODIFIER}\s+)?(?P<n>{NUMBER})\s+(?P<u>{UNIT})\s+(?P<dir>ago|earlier|from\s+now|hence)\b"
)
_P_RELATIVE_UNIT = (
    rf"\b(?:(?:earlier|later|early|late|mid|the\s+(?:beginning|start|middle|end|rest|remainder)\s+of)(?:\s+|-))?"
    rf"(?P<dir>{DIRECTION})\s+(?P<u>week|weekend|month|year|fiscal\s+year|quarter|decade|century)\b(?!-)"
)
_P_PART_OF_UNIT = (
    r"\b(?:(?:earlier|later)\s+in|(?:the\s+)?(?:beginning|start|middle|end|rest|remainder|turn)\s+of|around)\s+"
    r"the\s+(?P<u>year|month|week|day)\b|\b(?:around\s+)?year(?:[- ]|['’]s\s+)end\b"
)
_P_WEEKEND = r"\bthe\s+weekend\b"
_P_HOLIDAY = (
    r"\b(?:(?P<dir>last|next|this)\s+)?(?-i:(?P<h>Christmas(?:\s+(?:Day|Eve))?|New\s+Year['’]s(?:\s+(?:Day|Eve))?"
    r"|Thanksgiving(?:\s+Day)?|Independence\s+Day|Labor\s+Day|Memorial\s+Day|Valentine['’]s\s+Day|Halloween))\b"
)
_P_NARRATIVE = (
    r"\b(?P<lead>(?:later|earlier)\s+that|that|the\s+following|the\s+same|the\s+preceding|the\s+previous|the\s+next)"
    r"\s+(?P<u>day|week|month|year)\b(?![-'’]|\s+(?:earlier|ago|before|after|later|old)\b)"
)
_P_THE_YEAR = r"\bthe\s+(?:(?P<adj>full|fiscal|current|calendar)\s+)?year\b(?![\s-]+(?:earlier|ago|two|\d))"
_P_DEICTIC = (
    rf"\b(?:(?:early|late|earlier|later)\s+)?(?P<w>today|yesterday|tomorrow|tonight)(?:\s+(?P<pod>{PART_OF_DAY}))?\b"
)
_P_PART_OF_DAY = rf"\b(?:(?P<dir>this|last|later\s+this|earlier\s+this)\s+|mid[- ]?)(?P<pod>{PART_OF_DAY})\b"
_P_WEEKDAY = (
    rf"\b(?:(?:early|late|earlier|later)\s+)?(?:(?P<dir>last|next|this\s+past|this\s+coming|this)\s+)?"
    rf"(?P<wd>{_WD})(?!s\b)(?:\s+(?P<pod>{PART_OF_DAY}))?(?:,?\s+(?P<wk>next|last|this)\s+week\b(?!['’]))?\b"
)
_P_CLOCK = (
    r"(?<![\w:.])(?:(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>a\.m\.|p\.m\.|a\.m|p\.m|am\b|pm\b)"
    r"|(?P<h24>[01]\d|2[0-3]):(?P<mi24>[0-5]\d)(?!\d)|(?P<noon>noon|midnight)\b"
    r"|(?P<h4>[01]\d|2[0-3])(?P<mi4>[0-5]\d)(?=\s*\(?(?-i:GMT|UTC)\b)"  # "1430 GMT", wire style
    r"|(?P<oc>1[0-2]|0?[1-9]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+o['’]clock\b"
    rf"(?:\s+(?:(?P<ocp>in\s+the\s+(?:morning|afternoon|evening)|at\s+night)))?)"
    rf"(?:\s*(?P<par>\()?(?P<tz>{TIME_ZONE})(?(par)\)))?(?:,?\s+(?:on\s+)?(?P<day>{_WD}|today|yesterday|tomorrow))?"
)
_P_DURATION = (
    rf"\b(?:{DURATION_MODIFIER}\s+)?(?:the\s+(?:(?:first|past|last|next|previous|coming|final|latest|following|same"
    rf"|comparable|remaining|initial|year-earlier|year-ago)\s+)?)?(?P<n>{NUMBER})(?:\s+|-)(?:more\s+)?(?:(?:trading|business|working)\s+(?=days?\b))?(?P<u>{UNIT})"
    r"(?:-old|-long)?\b(?!\s+old\b)"
)
_P_VAGUE = (
    r"\b(?:(?P<lead>recent|past|the\s+coming|coming|future)\s+)(?P<u>years|months|weeks|days|decades|quarters)\b"
    r"|(?P<u3>years|months|weeks|days|decades)\s+(?P<ago>ago|earlier)"
    r"|(?:(?<=\bfor )|(?<=\bover )|(?<=\bwithin )|(?<=\bin )|(?<=\bfor many )|(?<=\btook ))(?P<u2>years|months|weeks|days|decades|centuries|hours)\b"
)
_P_FREQUENCY = (
    rf"\b(?:(?:every|each|per)\s+(?:(?P<n>{NUMBER}|other)\s+)?(?:(?P<u>year|month|week|day|hour|quarter|minute)s?\b"
    rf"|(?P<wd>{_WD})|(?P<m>{MONTH_NAME})|(?P<s>{SEASON}))"
    r"|(?:annually|yearly|hourly|nightly|(?:daily|weekly|monthly)(?!\s+[a-z]))"
    rf"|(?P<wd2>{_WD})s?\s+(?P<pod>mornings|afternoons|evenings|nights))\b"
)
_P_REFERENCE = (
    r"\b(?:right\s+now|now|currently|at\s+present|presently|nowadays|these\s+days|at\s+the\s+moment|(?<!the )current(?!s|ly)"
    r"|the\s+present(?!\s+\w+ing)|more\s+recently|recently|lately"
    r"|formerly|the\s+past(?!\s+(?:\w+\s+)?(?:years?|months?|weeks?|days?|decades?|quarters?))"
    r"|(?<!foreseeable )(?<!distant )(?<!\bto )the\s+(?:near\s+)?future(?!\s+(?:of|looks|is|was)\b)|the\s+(?:near|short)\s+term|a\s+later\s+date"
    r"|(?<!\bas )soon(?!\s+as\b|\s+after\b))\b"
)


def _vague(m: re.Match[str], ctx: Context) -> Reading | None:
    if m["u3"]:  # "months ago", "years earlier": some time back
        return Reading("DATE", "PAST_REF")
    if m["u2"]:
        unit, multiple = UNITS[_unit_key(m["u2"])]
        return Reading("DURATION", duration_value(None, unit, multiple))
    return vague_span(m, ctx)


def _frequency(m: re.Match[str], ctx: Context) -> Reading | None:
    if m["wd2"]:
        part = PARTS_OF_DAY[m["pod"].lower().rstrip("s")]
        return Reading("SET", f"XXXX-WXX-{WEEKDAYS[m['wd2'].lower()] + 1}T{part}")
    return frequency(m, ctx)


def _quarter(m: re.Match[str], ctx: Context) -> Reading | None:
    """"Q3 2017", "Q3 FY17", "fiscal Q3" (the year as for "the third quarter"), else :func:`quarter`."""
    if m["qn"]:
        if m["y3"] and m["y3s"]:  # "Q3 '17", "Q3 FY17"
            return Reading("DATE", f"20{m['y3s']}-Q{m['qn']}")
        if m["y3"]:
            return Reading("DATE", f"{int(m['y3']):04d}-Q{m['qn']}")
        year_value = quarter_year(ctx, int(m["qn"]))
        return Reading("DATE", f"{year_value:04d}-Q{m['qn']}" if year_value else "XXXX-Q" + m["qn"], relative=True)
    return quarter(m, ctx)


#: The grammar, in order of precedence for identical spans.
RULES: tuple[Rule, ...] = (
    Rule("iso_date", _compile(_P_ISO), iso_date),
    Rule("numeric_date", _compile(_P_NUMERIC), numeric_date),
    Rule("month_day_year", _compile(_P_MDY), month_day_year),
    Rule("month_day", _compile(_P_MD), month_day),
    Rule("month_year", _compile(_P_MY), month_year),
    Rule("quarter", _compile(_P_QUARTER), _quarter),
    Rule("quarter_anaphor", _compile(_P_QUARTER_ANAPHOR), quarter_anaphor),
    Rule("year_earlier", _compile(_P_YEAR_EARLIER), year_earlier),
    Rule("season", _compile(_P_SEASON), season),
    Rule("decade", _compile(_P_DECADE), decade),
    Rule("century", _compile(_P_CENTURY), century),
    Rule("spelled_year", _compile(_P_SPELLED), spelled_year),
    Rule("year", _compile(_P_YEAR), year),
    Rule("month", _compile(_P_MONTH), month_alone),
    Rule("holiday", _compile(_P_HOLIDAY), holiday),
    Rule("clock_time", _compile(_P_CLOCK), clock_time),
    Rule("deictic_day", _compile(_P_DEICTIC), deictic_day),
    Rule("part_of_day", _compile(_P_PART_OF_DAY), part_of_day),
    Rule("weekday", _compile(_P_WEEKDAY), weekday),
    Rule("shifted", _compile(_P_SHIFTED), shifted),
    Rule("relative_unit", _compile(_P_RELATIVE_UNIT), relative_unit),
    Rule("part_of_unit", _compile(_P_PART_OF_UNIT), part_of_unit),
    Rule("frequency", _compile(_P_FREQUENCY), _frequency),
    Rule("duration", _compile(_P_DURATION), duration),
    Rule("the_year", _compile(_P_THE_YEAR), the_year),
    Rule("weekend", _compile(_P_WEEKEND), weekend),
    Rule("narrative", _compile(_P_NARRATIVE), narrative),
    Rule("vague", _compile(_P_VAGUE), _vague),
    Rule("reference", _compile(_P_REFERENCE), reference),
)


_UNIT_FORMS = ("year years month months week weeks day days hour hours minute minutes second seconds decade decades "
               "century centuries quarter quarters fortnight fortnights").split()
_MONTH_FORMS = list(MONTHS) + list(MONTH_ABBREVIATIONS) + [a + "." for a in MONTH_ABBREVIATIONS]
_WEEKDAY_FORMS = list(WEEKDAYS) + [w + "s" for w in WEEKDAYS]
_PARTS = ["morning", "afternoon", "evening", "night", "mornings", "afternoons", "evenings", "nights"]

#: Rule -> the words (lower case, one token) of which one must occur in every match. The grammar
#: runs each rule only near its own trigger words (see :func:`trigger_windows`); numbers are
#: triggers of their own (:data:`NUMBER_TRIGGERS`).
TRIGGERS: dict[str, frozenset[str]] = {name: frozenset(words) for name, words in {
    "iso_date": [],
    "numeric_date": [],
    "month_day_year": _MONTH_FORMS,
    "month_day": _MONTH_FORMS,
    "month_year": _MONTH_FORMS,
    "quarter": ["quarter", "half", "q1", "q2", "q3", "q4"],
    "quarter_anaphor": ["quarter", "period"],
    "year_earlier": ["year", "year-earlier", "year-ago"],
    "season": list(SEASON_CODES),
    "decade": list(DECADE_WORDS),
    "century": ["century"],
    "spelled_year": ["nineteen", "thousand"],
    "year": [],
    "month": _MONTH_FORMS,
    "clock_time": ["a.m.", "p.m.", "am", "pm", "a.m", "p.m", "noon", "midnight", "o'clock", "o’clock", "gmt", "utc"],
    "deictic_day": ["today", "yesterday", "tomorrow", "tonight"],
    "part_of_day": _PARTS,
    "weekday": _WEEKDAY_FORMS,
    "shifted": _UNIT_FORMS,
    "relative_unit": ["week", "weekend", "month", "year", "quarter", "decade", "century"],
    "part_of_unit": ["year", "month", "week", "day", "year-end"],
    "frequency": ["annually", "yearly", "hourly", "nightly", "daily", "weekly", "monthly", "every", "each", "per"]
                 + _WEEKDAY_FORMS + _MONTH_FORMS + list(SEASON_CODES),
    "duration": _UNIT_FORMS,
    "the_year": ["year"],
    "weekend": ["weekend"],
    "holiday": ["christmas", "year's", "year’s", "eve", "thanksgiving", "day", "halloween"],
    "narrative": ["day", "week", "month", "year"],
    "vague": _UNIT_FORMS + ["future"],
    "reference": ["now", "currently", "current", "present", "presently", "nowadays", "days", "moment", "recently",
                  "lately", "formerly", "past", "future", "term", "soon", "date"],
}.items()}
#: Number-like tokens that trigger rules: a year ("2011", "mid-2004", "1990s"), a clock time ("15:30").
NUMBER_TRIGGERS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"(?:1[6-9]|20)\d\d"), ("iso_date", "numeric_date", "month_day_year", "month_year", "quarter", "quarter_anaphor",
                                         "season", "decade", "year", "part_of_unit")),
    (re.compile(r"'\d0s|\d0s"), ("decade",)),
    (re.compile(r"\d:\d\d|\d(?:am|pm)\b"), ("clock_time",)),
    (re.compile(r"\d(?:st|nd|rd|th)$"), ("century",)),
)
#: How far before and after a trigger a time expression may reach ("the better part of the last two years").
WINDOW_BEFORE, WINDOW_AFTER = 60, 40


def _rules_of_word(word: str) -> tuple[str, ...]:
    bare = re.sub(r"['’]s$", "", word).strip(".'’:-")
    names = [name for name, words in TRIGGERS.items() if word in words or bare in words]
    if any(c.isdigit() for c in word):
        names += [n for pattern, rules in NUMBER_TRIGGERS if pattern.search(word) for n in rules]
    if "-" in bare:
        names += [n for part in bare.split("-") if part for n in _rules_of_word(part)]
    return tuple(dict.fromkeys(names))


_RULES_OF_WORD: dict[str, tuple[str, ...]] = {}


def rules_of_word(word: str) -> tuple[str, ...]:
    """The rules a lower-case token triggers (cached).

    >>> rules_of_word("mid-2004")[:3], rules_of_word("weeks")
    (('iso_date', 'numeric_date', 'month_day_year'), ('shifted', 'duration', 'vague'))
    """
    got = _RULES_OF_WORD.get(word)
    if got is None:
        got = _rules_of_word(word)
        if len(_RULES_OF_WORD) < 200_000:  # bounded: a corpus of numbers must not grow it forever
            _RULES_OF_WORD[word] = got
    return got


def trigger_windows(words: Iterable[tuple[int, str]], length: int) -> dict[str, list[tuple[int, int]]]:
    """Per rule, the merged stretches of text around its trigger words: the only places it runs.

    Args:
        words: (character offset, text) of each token, in order.
        length: the length of the text.

    >>> trigger_windows([(0, "Talks"), (6, "resume"), (13, "Friday")], 19)
    {'weekday': [(0, 19)], 'frequency': [(0, 19)]}
    """
    out: dict[str, list[tuple[int, int]]] = {}
    for idx, text in words:
        names = rules_of_word(text.lower())
        if not names:
            continue
        lo, hi = max(0, idx - WINDOW_BEFORE), min(length, idx + len(text) + WINDOW_AFTER)
        for name in names:
            spans = out.setdefault(name, [])
            if spans and lo <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(hi, spans[-1][1]))
            else:
                spans.append((lo, hi))
    return out
