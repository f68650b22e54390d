"""Find the stated quantities in a sentence: the number, its qualifier, range,
currency or unit, and which numbers are dates or labels rather than amounts.

Works on tokens (``spacy.blank("en")`` is enough); the parse and entities, when
the pipeline has them, only sharpen the date and label checks.

Each recogniser is a small named function, and the order in which they are
tried is data: :data:`NUMBER_READERS` (one number), :data:`UNIT_RULES` (the
unit after it), :data:`MENTION_RULES` (what starts at a token) and
:data:`MENTION_FILTERS` (numbers that are not amounts).

>>> import spacy
>>> doc = spacy.blank("en")("between 20 and 30 soldiers")
>>> [(m.value, m.high, m.qualifier) for m in find_mentions(doc[:])]
[(20.0, 30.0, 'range')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from newsfacts.facts.lexicon import (
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    DURATION_UNITS,
    FRACTION_WORDS,
    HARM_NOUNS,
    HARM_WORDS,
    IDENTIFIER_NOUNS,
    MEASURE_UNITS,
    MONEY_SCALES,
    MONTHS,
    PERCENT_WORDS,
    POSTFIX_QUALIFIERS,
    QUALIFIER_PHRASES,
    SCALES,
    SMALL_NUMBERS,
    TIME_OF_DAY,
    UNIT_PREFIXES,
    VAGUE_AMOUNTS,
    VAGUE_SCALE_WORDS,
    inflected_harm,
)
from newsfacts.facts.numerals import parse_digit_range, parse_numeral, vague_value, words_to_number
from newsfacts.facts.people import is_person_noun, is_person_word
from newsfacts.schema import NAME_LABELS

_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_RANGE_WORDS = {"to", "-", "\u2013", "\u2014", "or"}
_QUALIFIER_MAX = max(len(k) for k in QUALIFIER_PHRASES)
_WORD_SCALES = {"hundred", "thousand", "million", "billion", "trillion"}
_MONTH_STEMS = {mo.rstrip(".") for mo in MONTHS}


@dataclass(frozen=True)
class Mention:
    """One stated quantity, before its meaning is read from the sentence.

    ``start``/``end`` cover the number as written (qualifier, currency, range,
    postfix qualifier; token indices into the Doc, end-exclusive). ``num_start``
    /``num_end`` cover the digits or number words of the first number;
    ``unit_start``/``unit_end`` the unit after it (equal when none).
    """

    start: int
    end: int
    num_start: int
    num_end: int
    unit_start: int
    unit_end: int
    value: float
    high: float | None
    qualifier: str
    kind: str  # count, percent, money, duration, measure, age
    unit: str | None


class NumberRead(NamedTuple):
    """One number read at a token: where it ends, its value, the high end of a
    one-token range ("20-30"), and whether it is a vague amount ("dozens")."""

    end: int
    value: float
    high: float | None = None
    vague: bool = False


class PhraseAfter(NamedTuple):
    """A lexicon phrase starting at a token: its end index and the value it maps to."""

    end: int
    value: str


class PhraseBefore(NamedTuple):
    """A lexicon phrase ending before a token: its start index and the value it maps to."""

    start: int
    value: str


class GluedNumber(NamedTuple):
    """A number written in one token with its currency or unit ("RM23.50", "640bhp")."""

    end: int
    value: float
    kind: str
    unit: str | None
    qualifier: str | None


class Currency(NamedTuple):
    """A currency written before a number: its first token and ISO code."""

    start: int
    code: str


class UnitRead(NamedTuple):
    """The unit after a number (``start == end`` when there is none) and the kind it gives."""

    start: int
    end: int
    kind: str
    unit: str | None


class SecondNumber(NamedTuple):
    """The second number of a range: its token span and value, and the unit glued to it
    ("5-10W": kind "measure", unit "W"), if any."""

    start: int
    end: int
    value: float
    kind: str | None = None
    unit: str | None = None


class Fraction(NamedTuple):
    """A fraction read at a token: where it ends and its value (0 < value < 1)."""

    end: int
    value: float


class Step(NamedTuple):
    """What one mention rule made of a token: where to go on, and the mention found (if any)."""

    next: int
    mention: Mention | None


def _glued(left: Token, right: Token) -> bool:
    """No whitespace between two adjacent tokens."""
    return left.idx + len(left.text) == right.idx


def _phrase_at(doc: Doc, i: int, end: int, table: dict[tuple[str, ...], str]) -> PhraseAfter | None:
    """The longest phrase of ``table`` starting at token ``i``."""
    for n in range(min(_longest(table), end - i), 0, -1):
        key = tuple(t.lower_ for t in doc[i:i + n])
        if key in table:
            return PhraseAfter(i + n, table[key])
    return None


_LONGEST: dict[int, int] = {}


def _longest(table: dict[tuple[str, ...], str]) -> int:
    """The longest key of a phrase table, in tokens (memoised per table)."""
    n = _LONGEST.get(id(table))
    if n is None:
        n = _LONGEST[id(table)] = max(map(len, table), default=0)
    return n


def _phrase_before(doc: Doc, i: int, start: int, table: dict[tuple[str, ...], str]) -> PhraseBefore | None:
    """The longest phrase of ``table`` ending just before token ``i`` (not before ``start``)."""
    for n in range(_QUALIFIER_MAX, 0, -1):
        j = i - n
        if j < start:
            continue
        key = tuple(t.lower_ for t in doc[j:i])
        if key in table:
            return PhraseBefore(j, table[key])
    return None


# --------------------------------------------------------------------------- one number


def read_digit_range(doc: Doc, i: int, end: int, money: bool) -> NumberRead | None:
    """A range written as one token: "20-30", "1.5-2"."""
    rng = parse_digit_range(doc[i].text)
    if rng is None:
        return None
    low, high = rng
    return NumberRead(i + 1, low, high)


def read_vague_amount(doc: Doc, i: int, end: int, money: bool) -> NumberRead | None:
    """A vague amount, chained with "of": "dozens", "hundreds of thousands"."""
    if doc[i].lower_ not in VAGUE_AMOUNTS:
        return None
    j = i + 1
    while j + 1 < end and doc[j].lower_ == "of" and (doc[j + 1].lower_ in VAGUE_AMOUNTS):
        j += 2
    value = vague_value([t.text for t in doc[i:j]])
    return NumberRead(j, value, None, True) if value is not None else None


def read_vague_scale(doc: Doc, i: int, end: int, money: bool) -> NumberRead | None:
    """A scale after "several"/"a few", read as a vague amount: "several hundred" 100,
    "a few thousand" 1000."""
    vague_at = i + 1 if doc[i].lower_ == "a" and i + 1 < end and doc[i + 1].lower_ == "few" else i
    if not (doc[vague_at].lower_ in VAGUE_SCALE_WORDS and vague_at + 1 < end and doc[vague_at + 1].lower_ in _WORD_SCALES):
        return None
    j = vague_at + 1
    value = 1.0
    while j < end and doc[j].lower_ in _WORD_SCALES:
        value *= SCALES[doc[j].lower_]
        j += 1
    return NumberRead(j, value, None, True)


def read_article_scale(doc: Doc, i: int, end: int, money: bool) -> NumberRead | None:
    """"a"/"an" before a scale word: "a dozen", "a hundred", "a million"."""
    if doc[i].lower_ not in ("a", "an") or i + 1 >= end:
        return None
    if not (doc[i + 1].lower_ in SCALES or doc[i + 1].lower_ == "dozen") or doc[i + 1].lower_ == "k":
        return None
    j = i + 2
    while j < end and doc[j].lower_ in SCALES and doc[j].lower_ != "k":
        j += 1
    value = words_to_number([t.text for t in doc[i:j]])
    return NumberRead(j, value) if value is not None else None


class Extension(NamedTuple):
    """Tokens that continue a number, and whether they make it money ("$3.5m")."""

    size: int
    money: bool


def _extends_number(doc: Doc, j: int, end: int, money: bool) -> Extension:
    """The tokens from ``j`` that continue the number before it (size 0 when none): a scale
    ("3.5 million"), a glued money scale ("$3.5m", "4.3M sales"), "dozen", a number word after
    another ("twenty five"), or "-"/"and" between number words ("twenty-five", "two hundred and five")."""
    nxt = doc[j]
    nl = nxt.lower_
    if nl in SCALES and nl != "k":
        return Extension(1, money)
    if (money or nxt.text in ("M", "B")) and nl in MONEY_SCALES and _glued(doc[j - 1], nxt):
        return Extension(1, True)
    if nl == "dozen":
        return Extension(1, money)
    prev = doc[j - 1].lower_
    if nl in SMALL_NUMBERS and (prev in SMALL_NUMBERS or prev in ("hundred",)):
        return Extension(1, money)
    if nl in ("-", "and") and j + 1 < end and doc[j + 1].lower_ in SMALL_NUMBERS:
        glued = nl == "-" and _glued(doc[j - 1], nxt) and _glued(nxt, doc[j + 1])
        if (glued and prev in SMALL_NUMBERS) or (nl == "and" and prev in ("hundred", "thousand", "million")):
            return Extension(2, money)
    return Extension(0, money)


def read_numeral_words(doc: Doc, i: int, end: int, money: bool) -> NumberRead | None:
    """A numeral and the number words that continue it: "310,000", "3.5 million",
    "two hundred and five", "twenty-five", "$3.5m" (with ``money``)."""
    if parse_numeral(doc[i].text, money=money) is None:
        return None
    j = i + 1
    while j < end:
        ext = _extends_number(doc, j, end, money)
        if ext.size == 0:
            break
        j, money = j + ext.size, ext.money
    # Shorten until the words parse as one number.
    while j > i:
        value = words_to_number([t.text for t in doc[i:j]], money=money)
        if value is not None:
            return NumberRead(j, value)
        j -= 1
    return None


#: How one number is read at a token, tried in order; the first that reads wins.
NUMBER_READERS: tuple[Callable[[Doc, int, int, bool], NumberRead | None], ...] = (
    read_digit_range,
    read_vague_amount,
    read_vague_scale,
    read_article_scale,
    read_numeral_words,
)


def read_number(doc: Doc, i: int, end: int, *, money: bool = False) -> NumberRead | None:
    """Read one number starting at token ``i`` (not past ``end``) with :data:`NUMBER_READERS`.

    Returns:
        The number read, or None when no number starts here.
    """
    for reader in NUMBER_READERS:
        read = reader(doc, i, end, money)
        if read is not None:
            return read
    return None


# --------------------------------------------------------------------------- a number glued to its unit


_GLUED = re.compile(
    r"^(?P<pre>[A-Za-z]{1,3}\$?|Y=|[$€£¥~≈]|minus-|sub-)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<suf>[A-Za-zμ°%/²]+\d?|[″′])?$"
)
#: Currencies written glued before a number the way newswire renders them: Reuters' "Y=" for ¥.
_NEWSWIRE_CURRENCY = {"y=": "JPY"}
#: Marks glued after a number: ″ inches, ′ feet ("25.5″").
_UNIT_MARKS = {"″": "inch", "′": "foot"}


class _Prefix(NamedTuple):
    value: float
    kind: str
    unit: str | None
    qualifier: str | None


def _glued_prefix(doc: Doc, i: int, pre: str, num: str, value: float) -> _Prefix | None:
    """What a prefix glued to a number says: "~" about, "minus-" negative, a currency."""
    if pre in ("~", "≈"):
        return _Prefix(value, "count", None, "about")
    if pre == "minus-":
        return _Prefix(-value, "count", None, None)
    if pre == "sub-":
        return _Prefix(value, "count", None, "less_than")  # "sub-7 nanometer chips"
    if pre.lower() in _NEWSWIRE_CURRENCY:
        return _Prefix(value, "money", _NEWSWIRE_CURRENCY[pre.lower()], None)
    if not pre:
        return _Prefix(value, "count", None, None)
    tok = doc[i]
    key = pre.lower()
    if i > 0 and doc[i - 1].text == "$" and _glued(doc[i - 1], tok):
        key = "$" + key
    if key not in CURRENCY_SYMBOLS:
        return None
    if key == "ps" and (not tok.text[:2].isupper() or len(num) < 3):
        return None  # "PS2.7m", "PS300" are pounds; "PS5" is a games console
    return _Prefix(value, "money", CURRENCY_SYMBOLS[key], None)


def _glued_suffix(suf: str, head: _Prefix) -> _Prefix | None:
    """What a suffix glued to a number says: a scale ("5bn"), "%"/"pc", a duration, a
    measure ("640bhp") or a currency word; None when it is none of these."""
    low = suf.lower()
    kind, unit, value = head.kind, head.unit, head.value
    if kind == "money" and (low in MONEY_SCALES or low in SCALES):
        return head._replace(value=value * (MONEY_SCALES.get(low) or SCALES[low]))
    if suf == "M" or low in ("bn", "bln", "mln", "mn", "tn", "trn"):
        return head._replace(value=value * SCALES.get(low, 1e6))
    if kind != "count":
        return None
    if suf in _UNIT_MARKS:
        return head._replace(kind="measure", unit=_UNIT_MARKS[suf])
    if (low,) in PERCENT_WORDS:
        return head._replace(kind="percent", unit=PERCENT_WORDS[(low,)])
    if low in DURATION_UNITS:
        return head._replace(kind="duration", unit=DURATION_UNITS[low])
    if low in MEASURE_UNITS and low not in UNIT_PREFIXES:
        return head._replace(kind="measure", unit=MEASURE_UNITS[low])
    if (low,) in CURRENCY_WORDS:
        return head._replace(kind="money", unit=CURRENCY_WORDS[(low,)])
    return None


def read_glued(doc: Doc, i: int, end: int) -> GluedNumber | None:
    """A number written in one token with its currency or unit: "USD1,700", "RM23.50",
    "640bhp", "5pc", "118.5p", "32m2"; with "$" before it, "$US55,931,000".

    Returns:
        The number, its kind, unit and qualifier, or None.
    """
    tok = doc[i]
    match = _GLUED.match(tok.text)
    if not match or not (match["pre"] or match["suf"]):
        return None
    pre, suf = match["pre"] or "", match["suf"] or ""
    if not pre and parse_numeral(tok.text) is not None:
        return None  # "5bn": an ordinary numeral, read with the currency before it
    head = _glued_prefix(doc, i, pre, match["num"], float(match["num"].replace(",", "")))
    if head is not None and suf:
        head = _glued_suffix(suf, head)
    if head is None:
        return None
    j = i + 1
    scales = {**MONEY_SCALES, **SCALES}
    # "$3.5m" glued; "Y=590 billion" spaced (a scale word, not a bare "m")
    if not suf and head.kind == "money" and j < end and doc[j].lower_ in scales and (
            _glued(tok, doc[j]) or doc[j].lower_ in SCALES and doc[j].lower_ not in ("k", "hundred")):
        head = head._replace(value=head.value * (MONEY_SCALES.get(doc[j].lower_) or SCALES[doc[j].lower_]))
        j += 1
    unit = head.unit
    if head.kind == "measure" and j + 1 < end and doc[j].text == "/" and doc[j + 1].lower_.rstrip(".") in DURATION_UNITS:
        unit = f"{unit} per {DURATION_UNITS[doc[j + 1].lower_.rstrip('.')]}"
        j += 2
    return GluedNumber(j, head.value, head.kind, unit, head.qualifier)


def _currency_before(doc: Doc, i: int, start: int) -> Currency | None:
    """A currency written before token ``i`` ("$", "US$", "US $", "€")."""
    if not (i - 1 >= start and doc[i - 1].lower_ in CURRENCY_SYMBOLS and doc[i - 1].lower_ != "ps"):
        return None
    j = i - 1
    code = CURRENCY_SYMBOLS[doc[j].lower_]
    if code == "USD" and j - 1 >= start and doc[j - 1].text in ("US", "U.S.") and doc[j].text == "$":
        j -= 1
    elif doc[j].text == "$" and j - 1 >= start and doc[j - 1].text in ("A", "C", "HK", "NZ", "S") and _glued(doc[j - 1], doc[j]):
        code = CURRENCY_SYMBOLS.get(doc[j - 1].text.lower() + "$", code)
        j -= 1
    return Currency(j, code)


# --------------------------------------------------------------------------- the unit after a number


def percent_unit(doc: Doc, k: int, end: int) -> UnitRead | None:
    """"per cent", "percent", "%", "percentage points"."""
    found = _phrase_at(doc, k, end, PERCENT_WORDS)
    return UnitRead(k, found.end, "percent", found.value) if found else None


def currency_word_unit(doc: Doc, k: int, end: int) -> UnitRead | None:
    """A currency named after the number: "10.5 million Australian dollars", "5 euros"."""
    found = _phrase_at(doc, k, end, CURRENCY_WORDS)
    if found and not (found.value == "KRW" and doc[k].pos_ == "VERB"):
        return UnitRead(k, found.end, "money", found.value)
    return None


def duration_or_age_unit(doc: Doc, k: int, end: int) -> UnitRead | None:
    """A span of time ("six-week", "three days"), or an age ("45-year-old", "45 years old")."""
    if k >= end or doc[k].lower_ not in DURATION_UNITS:
        return None
    m = k + 1
    if m + 1 < end and doc[m].text == "-" and doc[m + 1].lower_ == "old":
        return UnitRead(k, m + 2, "age", "years old")
    if m < end and doc[m].lower_ == "old":
        return UnitRead(k, m + 1, "age", "years old")
    return UnitRead(k, k + 1, "duration", DURATION_UNITS[doc[k].lower_])


def measure_unit(doc: Doc, k: int, end: int) -> UnitRead | None:
    """A unit of measure: "10 square kilometres", "87 mph", "40 degrees Celsius", "60 miles an hour".

    Capitalised one-letter units ("M", "G") are names, not units; a prefix ("square")
    needs its unit after it.
    """
    if k >= end:
        return None
    word = doc[k].lower_
    if word not in MEASURE_UNITS or (word in ("m", "g", "w", "v", "ha", "mp") and not doc[k].text.islower() and word != "w"):
        return None
    m = k + 1
    name = MEASURE_UNITS[word]
    if word in UNIT_PREFIXES:
        if not (m < end and doc[m].lower_ in MEASURE_UNITS):
            return None
        name = f"{name} {MEASURE_UNITS[doc[m].lower_]}"
        m += 1
    if name == "degree" and m < end and doc[m].lower_ in ("celsius", "fahrenheit", "c", "f", "centigrade"):
        name = "degree Fahrenheit" if doc[m].lower_.startswith("f") else "degree Celsius"
        m += 1
    # "miles per hour", "km/h", "miles an hour".
    other = doc[m + 1].lower_.rstrip(".") if m + 1 < end else ""
    if other and doc[m].lower_ in ("per", "/", "an", "a") and (other in DURATION_UNITS or other in MEASURE_UNITS):
        name = f"{name} per {DURATION_UNITS.get(other) or MEASURE_UNITS[other]}"
        m += 2
    return UnitRead(k, m, "measure", name)


#: Units after a number, tried in order; the first that reads wins (else a plain count).
UNIT_RULES: tuple[Callable[[Doc, int, int], UnitRead | None], ...] = (
    percent_unit,
    currency_word_unit,
    duration_or_age_unit,
    measure_unit,
)


def _unit_after(doc: Doc, j: int, end: int, money: str | None) -> UnitRead:
    """The unit after a number ending at token ``j`` (a currency before the number wins).

    Returns:
        The unit read with :data:`UNIT_RULES`; a plain count (start == end == ``j``) when none.
    """
    if money:
        return UnitRead(j, j, "money", money)
    k = j
    if k < end and doc[k].text in ("-", "\u2013") and k > 0 and _glued(doc[k - 1], doc[k]):
        k += 1  # "six-week", "45-year-old"
    for rule in UNIT_RULES:
        unit = rule(doc, k, end)
        if unit is not None:
            return unit
    return UnitRead(j, j, "count", None)


# --------------------------------------------------------------------------- numbers that are not amounts


def is_past_duration(doc: Doc, m: Mention, start: int, end: int) -> bool:
    """A duration that dates something: "three years ago", "two days earlier"."""
    after = max(m.end, m.unit_end, m.num_end)
    return m.kind == "duration" and after < end and doc[after].lower_ in ("ago", "earlier")


def _is_year_not_count(doc: Doc, tok: Token, prev: str) -> bool:
    """A four-digit year unless it plainly counts people ("2000 troops"); "2005 sales" is a year."""
    head = tok.head
    counts_noun = (
        tok.dep_ == "nummod" and head.i == tok.i + 1 and head.tag_ in ("NNS", "NNPS") and _names_people(head)
        and head.lower_ not in DURATION_UNITS and head.lower_ not in VAGUE_AMOUNTS
        and not (prev.isdigit() or prev.rstrip(".") in _MONTH_STEMS)
        and not (tok.i >= 2 and doc[tok.i - 1].pos_ == "ADJ" and doc[tok.i - 2].lower_ in ("the", "their", "his", "her", "its", "our"))
    )  # "the awesome 1967 tourists": a year between an article's adjective and its noun
    return not counts_noun


def is_date_number(doc: Doc, m: Mention, start: int, end: int) -> bool:
    """Years, days of the month and times of day are not amounts."""
    if m.kind != "count" or m.num_end - m.num_start != 1 or m.qualifier not in ("exact", "range"):
        return False
    tok = doc[m.num_start]
    text = tok.text
    if m.high is not None and re.fullmatch(r"\d{4}([-\u2013]\d{2,4})?", text) and all(1000 <= v <= 2199 for v in (m.value, m.high)):
        return True  # "2019-2020", "between 1600 and 1900"
    prev = doc[m.num_start - 1].lower_ if m.num_start > start else ""
    nxt = doc[m.end].lower_ if m.end < end else ""
    if nxt in TIME_OF_DAY or nxt.startswith(("a.m", "p.m")):
        return True
    if text.isdigit() and len(text) == 4 and 1000 <= int(text) <= 2199:
        # "2,000 troops" keeps its comma in news copy; "2000 troops" still counts.
        return _is_year_not_count(doc, tok, prev)
    if text.isdigit() and 1 <= int(text) <= 31:
        if prev.rstrip(".") in _MONTH_STEMS or nxt.rstrip(".") in _MONTH_STEMS:
            return True
        if prev == "the" and nxt == "of" and m.end + 1 < end and doc[m.end + 1].lower_ in MONTHS:
            return True
    return False


def _names_people(tok: Token) -> bool:
    """A plural noun for people ("judges", "schoolchildren"); the full test is in syntax."""
    return is_person_noun(tok) or tok.lower_.endswith(("children", "people", "men", "women"))


#: Names of stock indices that end in a number.
_INDEX_NAMES = {"s&p", "sp", "ftse", "nikkei", "dax", "cac", "stoxx", "russell", "asx", "nifty", "sensex", "kospi", "ibex", "aex", "smi", "tsx", "topix"}


def _label_before(doc: Doc, m: Mention, start: int) -> bool:
    """A number labelled by the word before it: "No. 5", "iPhone 11", "Maddon, 66,", "COVID-19"."""
    tok = doc[m.num_start]
    prev = doc[m.start - 1]
    named = prev.is_title or prev.text != prev.lower_  # "Flight", "iPhone"
    if prev.lower_ in IDENTIFIER_NOUNS and (named or prev.lower_ in ("no", "no.", "nos")) and m.qualifier == "exact":
        return True
    if (prev.lower_ in IDENTIFIER_NOUNS and m.kind == "count" and m.qualifier == "exact" and m.end < len(doc)
            and prev.dep_ in ("compound", "nmod") and prev.head.i == m.end and doc[m.end].pos_ == "NOUN"):
        return True  # "the category 4 hurricane", "a level 3 lockdown": a class, not an amount
    if (prev.pos_ == "PROPN" and m.kind == "count" and m.qualifier == "exact" and tok.head == prev and tok.dep_ in ("nummod", "appos", "compound", "npadvmod")
            and not (m.end < len(doc) and _headline_harm_after(doc, m.end))
            and not (m.end + 1 < len(doc) and doc[m.end].lower_ == "of" and doc[m.end + 1].lower_ in ("them", "whom", "those"))):
        return True
    if prev.lower_ in _INDEX_NAMES and m.kind == "count" and m.qualifier == "exact" and m.num_start == m.start:
        return True  # a stock index: "the S&P 500", "FTSE 100", "Nikkei 225", "Euro Stoxx 50"
    if prev.lower_ == "number" and m.kind == "count" and m.qualifier == "exact" and m.num_start == m.start:
        return True  # "reached number one in the charts", "the number 11 bus": a rank or a name
    if prev.text == "," and m.end < len(doc) and doc[m.end].text == "," and m.start >= 2 and doc[m.start - 2].pos_ == "PROPN" and m.kind == "count" and m.high is None:
        return True  # "Maddon, 66, said": an age in apposition to a name
    # "COVID-19", "F-16", "#3"
    return prev.text in ("-", "#") and _glued(prev, tok) and m.start - 2 >= start and _glued(doc[m.start - 2], prev) and doc[m.start - 2].is_alpha


def _headline_harm_after(doc: Doc, k: int) -> bool:
    """A title-case harm word at ``k``, or a word for people and then one, as headlines write a
    toll: "Eight *Martyred* in Car Bomb", "25 *Terrorist Killed*", "3 *Soldiers Injured*"."""
    if inflected_harm(doc[k].lower_):
        return True
    return k + 1 < len(doc) and doc[k + 1].is_title and inflected_harm(doc[k + 1].lower_) is not None and is_person_word(doc[k])


def _after_harm_verb(doc: Doc, m: Mention, start: int) -> bool:
    """A count right after a harm verb, as headlines write it: "Army *Kills* 50 Al-Nusra Front
    Terrorists", "Attack on Damascus *kill* 5 injure 50"."""
    if m.start <= start:
        return False
    prev = doc[m.start - 1]
    return prev.lower_ not in HARM_NOUNS and (prev.pos_ == "VERB" or prev.is_title) and inflected_harm(prev.lower_) is not None


def _people_ahead(doc: Doc, k: int, end: int) -> bool:
    """A plural word for people after a run of names: "50 *Al-Nusra Front Terrorists*",
    "31 *Islamic State (IS) group militants*"."""
    for j in range(k, min(k + 7, end)):
        tok = doc[j]
        if tok.tag_ in ("NNS", "NNPS") and _names_people(tok):
            return True
        if not (tok.pos_ == "PROPN" or tok.is_title or tok.text in ("(", ")", "-") or tok.lower_ == "group" or tok.is_upper):
            return False
    return False


def _opens_a_clause(doc: Doc, k: int, end: int) -> bool:
    """A noun (and its modifiers) then a verb: the count starts a sentence that copy without a
    full stop ran on from a name ("on Aleppo *Two people were killed*")."""
    j = k
    while j < end and j - k < 3 and doc[j].pos_ in ("NOUN", "ADJ"):
        j += 1
    return j > k and j < end and doc[j].pos_ in ("AUX", "VERB")


def _harmed_person_after(doc: Doc, k: int, end: int) -> bool:
    """A word for people and then a harm word, whatever the number: "near Jerablus 40 *civilian
    killed*" (the parse hangs 40 on the town as in "Route 40")."""
    if k + 1 >= end or not is_person_word(doc[k]):
        return False
    j = k + 1
    while j < end - 1 and j - k <= 2 and doc[j].pos_ == "AUX":
        j += 1  # "40 civilians were killed"
    return doc[j].lower_ not in HARM_NOUNS and inflected_harm(doc[j].lower_) is not None


def is_label(doc: Doc, m: Mention, start: int, end: int) -> bool:
    """Numbers that name things: inside a name entity, after "No.", "iPhone", "COVID-",
    before a proper name ("787 Dreamliner", "575 Wilbraham Road")."""
    tok = doc[m.num_start]
    after = m.unit_end if m.unit_end > m.end else m.end
    if (m.kind == "count" and m.num_end == m.num_start + 1 and tok.is_title and tok.is_alpha and m.start > start
            and doc[m.start - 1].pos_ == "PROPN" and not doc[m.start - 1].is_sent_start and after < end and doc[after].is_lower
            and not _opens_a_clause(doc, after, end)):
        return True  # a number word in a name, in running text: "BBC *Four* viewers", "Channel Four news"
    if m.kind == "count" and ((tok.ent_iob_ != "I" and (_after_harm_verb(doc, m, start) or _people_ahead(doc, after, end)))
                              or _harmed_person_after(doc, after, end)):
        # "Kills 50 Al-Nusra Front Terrorists", "31 Islamic State (IS) group militants"; but a
        # number inside a name stays a label ("BBC Four viewers") unless people are harmed right
        # after it ("on Aleppo Two people were killed": the tagger ran the town into the count)
        return False
    if m.kind == "count" and after + 1 < end and doc[after].lower_ == "of" and doc[after + 1].lower_ in ("them", "whom", "those"):
        return False  # "in Aleppo *4 of them* children": a part of a count, whatever the tagger named
    if tok.ent_type_ in NAME_LABELS and m.kind == "count":
        return True
    if m.start > start and _label_before(doc, m, start):
        return True
    if m.kind == "count" and after < len(doc):
        nxt = doc[after]
        counts_plural = tok.dep_ == "nummod" and tok.head.tag_ == "NNS" and tok.head.i > after and _names_people(tok.head)
        if nxt.tag_ == "NNP" and nxt.is_title and nxt.ent_type_ not in ("NORP",) and not counts_plural and not _headline_harm_after(doc, after):
            return True  # a name or address (but "three Appeal Court judges", "3 Aleppo schoolchildren" count people)
    return False


_ORDINAL_WORDS = {
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "last", "latest", "next", "few", "many", "most",
}


def is_one_of_a_ranking(doc: Doc, m: Mention, start: int, end: int) -> bool:
    """"one of the first", "one of the largest", "one of its biggest": a place in a ranking, never a
    count of people (the category rules read it as a plain count)."""
    if not (m.num_end - m.num_start == 1 and doc[m.num_start].lower_ == "one" and m.kind == "count" and m.qualifier == "exact"):
        return False
    k = m.end
    if not (k + 2 < end and doc[k].lower_ == "of"):
        return False
    if doc[k + 1].lower_ in ("the", "its", "their", "his", "her", "our", "my"):
        word = doc[k + 2]
    elif k + 3 < end and doc[k + 2].lower_ in ("'s", "’s"):
        word = doc[k + 3]  # "one of M&S's biggest competitors"
    else:
        return False
    return word.lower_ in _ORDINAL_WORDS or word.tag_ == "JJS" or (not word.tag_ and word.lower_.endswith("est") and len(word) > 5)


#: Mentions dropped as not amounts, each test given (doc, mention, sentence start, sentence end).
MENTION_FILTERS: tuple[Callable[[Doc, Mention, int, int], bool], ...] = (
    is_past_duration,
    is_date_number,
    is_label,
)


def is_bare_one(doc: Doc, m: Mention) -> bool:
    """The word ``one`` alone, without unit, range or qualifier: in news copy
    mostly an article or pronoun ("one particular thing", "one of the best")."""
    return (
        m.num_end - m.num_start == 1 and doc[m.num_start].lower_ == "one"
        and m.kind == "count" and m.qualifier == "exact"
    )


_PRONOUN_ONE_BEFORE = {
    "the", "this", "that", "each", "every", "any", "no", "another", "same", "which", "last", "only",
    "new", "old", "big", "little", "right", "wrong", "other", "first", "next", "such", "a", "an",
}


def is_pronoun_one(doc: Doc, m: Mention) -> bool:
    """A bare "one" that is a pronoun or an article, not a number: "each one", "the same
    one", "one another", "one can argue", "one particular thing"."""
    if not is_bare_one(doc, m):
        return False
    tok = doc[m.num_start]
    if tok.pos_ == "PRON" or (tok.i > 0 and doc[tok.i - 1].lower_ in _PRONOUN_ONE_BEFORE):
        return True
    nxt = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else ""
    if nxt in ("particular", "certain", "specific"):
        return True  # "for one particular thing": "one" as "a certain", not a count
    if nxt[:1].isdigit() and parse_numeral(nxt.split("-")[0]) is not None:
        return True  # "just one 52,000 barrel-a-day refinery": "one" as "a"
    if nxt == "-" and tok.i + 2 < len(doc) and not tok.whitespace_ and doc[tok.i + 2].lower_ in _ONE_IDIOMS:
        return True  # "one-off factors", "a one-sided game", "one-on-one talks"
    return nxt in ("another", "'s", "’s") or (tok.dep_ == "nsubj" and nxt in ("can", "could", "must", "should", "would", "may", "might"))


#: Words after "one-" that make an idiom, not a count: "one-off", "one-sided", "one-way".
_ONE_IDIOMS = {"off", "sided", "way", "on", "size", "stop", "liner", "liners", "shot", "party", "upmanship", "horse", "track", "armed", "handed"}


def is_one_of_the_harmed(doc: Doc, m: Mention, end: int) -> bool:
    """"one of those killed", "one of the dead": a person picked out of a toll, not a count."""
    if not is_bare_one(doc, m) or m.end + 2 >= end or doc[m.end].lower_ != "of":
        return False
    if doc[m.end + 1].lower_ not in ("those", "the"):
        return False
    nxt = doc[m.end + 2]
    return (HARM_WORDS.get(nxt.lower_) or HARM_WORDS.get(nxt.lemma_.lower())) is not None




# --------------------------------------------------------------------------- ranges


_RANGE_VERBS = {"range", "ranging", "ranged", "vary", "varying", "varied", "between"}


def _ranging(doc: Doc, left: int, start: int) -> bool:
    """May a number starting at ``left`` open a range? Not after "from" (a change:
    "rose from 30 to 41") unless a range verb precedes it ("ranging from"), nor
    after "by" ("increased by $43.6 billion to $419.2 billion")."""
    if left <= start:
        return True
    prev = doc[left - 1].lower_
    if prev == "from":
        return left - 2 >= start and doc[left - 2].lower_ in _RANGE_VERBS
    return prev != "by"


def _second_number(doc: Doc, j: int, end: int, *, money: bool, after_article: bool = False) -> SecondNumber | None:
    """The number after a range word at ``j`` ("to", "-", "and", "or").

    A "to" that the parse attaches to a verb is a change ("rose 5% to $84"), not a range,
    unless the first number follows an article ("could see a five per cent to 20 per cent
    rebound": one noun phrase); a dash between spaces is an aside.
    """
    conn = doc[j]
    if conn.text == "-" and not _glued(doc[j - 1], conn) and conn.whitespace_:
        return None
    if conn.lower_ == "to" and not after_article and doc.has_annotation("DEP") and conn.head.pos_ in ("VERB", "AUX"):
        return None
    k = j + 1
    if k + 1 < end and doc[k].lower_ in CURRENCY_SYMBOLS:
        k += 1
    if k >= end:
        return None
    read = read_number(doc, k, end, money=money)
    if read is None:
        glued = read_glued(doc, k, end) if not money else None
        if glued is not None and glued.kind in ("measure", "duration", "percent") and glued.qualifier is None:
            return SecondNumber(k, glued.end, glued.value, glued.kind, glued.unit)  # "5-10W", "25 – 40min"
        return None
    if read.vague or read.high is not None:
        return None
    return SecondNumber(k, read.end, read.value)


# --------------------------------------------------------------------------- dates and fractions


#: A numeric date written with separators: "18-07-2016", "07/18/2016", "2016-07-18", "18.07.2016".
_NUMERIC_DATE = re.compile(r"^(\d{1,2}([-/.])\d{1,2}\2\d{2,4}|\d{4}([-/.])\d{1,2}\3\d{1,2})$")
_DATE_PIECE = re.compile(r"^(\d+|[-/.])$")
#: A fraction written with a slash: "1/16", "3⁄4" (denominators news uses for parts, not dates).
_FRACTION = re.compile(r"^(\d{1,2})[/\u2044](\d{1,3})$")
_FRACTION_DENOMINATORS = {2, 3, 4, 5, 6, 8, 10, 12, 16, 32, 64, 100, 128}
_ORDINAL_CONTEXT = ("the", "first", "second", "third", "fourth", "last")


def numeric_date_end(doc: Doc, i: int, end: int) -> int | None:
    """End of a numeric date starting at token ``i`` (one token or several glued
    ones, "18 - 07 - 2016"), else None. Dates are not amounts."""
    if not doc[i].text[:1].isdigit():
        return None
    if _NUMERIC_DATE.match(doc[i].text):
        return i + 1
    j, text = i + 1, doc[i].text
    while j < end and j - i < 5 and _DATE_PIECE.match(doc[j].text) and _glued(doc[j - 1], doc[j]):
        text += doc[j].text
        j += 1
        if _NUMERIC_DATE.match(text) and (j >= end or not _glued(doc[j - 1], doc[j]) or not _DATE_PIECE.match(doc[j].text)):
            return j
    return None


def _slash_fraction(doc: Doc, i: int) -> Fraction | None:
    """"1/16", "3⁄4" (None for other slashed numbers)."""
    match = _FRACTION.match(doc[i].text)
    if not match:
        return None
    num, den = int(match[1]), int(match[2])
    return Fraction(i + 1, num / den) if 0 < num < den and den in _FRACTION_DENOMINATORS else None


def _word_fraction(doc: Doc, i: int, end: int) -> Fraction | None:
    """"two-thirds", "a third of", "one quarter of", "half of"."""
    tok = doc[i]
    lower = tok.lower_
    prev = doc[i - 1].lower_ if i > 0 else ""
    if lower == "half" and i + 1 < end and doc[i + 1].lower_ in ("of", "a", "an") and prev not in ("the", "first", "second", "this", "that", "its", "their", "his", "her"):
        return Fraction(i + 1, 0.5)  # "half of", "half a percentage point"
    if not (lower in ("a", "one") or (lower in SMALL_NUMBERS and 0 < SMALL_NUMBERS[lower] < 10)):
        return None
    num = 1 if lower in ("a", "one") else SMALL_NUMBERS[lower]
    j = i + 1
    hyphen = j + 1 < end and doc[j].text in ("-", "\u2013") and _glued(tok, doc[j]) and _glued(doc[j], doc[j + 1])
    if hyphen:
        j += 1
    if not (j < end and doc[j].lower_ in FRACTION_WORDS):
        return None
    den = FRACTION_WORDS[doc[j].lower_]
    if num < den and (hyphen and lower != "a" or (j + 1 < end and doc[j + 1].lower_ == "of")):
        if prev in _ORDINAL_CONTEXT and not hyphen:
            return None
        return Fraction(j + 1, num / den)
    return None


def read_fraction(doc: Doc, i: int, end: int) -> Fraction | None:
    """A fraction starting at token ``i``: "1/16", "two-thirds", "a third of", "one quarter of",
    "half of".

    A spelled-out fraction needs a hyphen ("two-thirds") or "of" after it ("a third of
    the population"), so "a third term" and "the first quarter" stay ordinals.
    """
    if _FRACTION.match(doc[i].text):
        return _slash_fraction(doc, i)
    return _word_fraction(doc, i, end)


# --------------------------------------------------------------------------- a number written in words or digits


@dataclass(frozen=True)
class _Draft:
    """A number being read into a mention: each shaping rule returns a new draft."""

    num_start: int
    num_end: int
    left: int  # first token of the number with its currency and qualifier
    first_start: int  # first token of the mention ("between" included)
    stop: int  # end of the number (and range, postfix qualifier)
    value: float
    high: float | None
    qualifier: str
    currency: Currency | None
    between: bool
    ranging: bool
    score: bool = False
    unit_start: int = 0
    unit_end: int = 0
    kind: str = "count"
    unit: str | None = None

    @property
    def code(self) -> str | None:
        return self.currency.code if self.currency else None


def _draft_number(doc: Doc, i: int, start: int, end: int) -> _Draft | None:
    """The number at ``i`` with its currency, sign and qualifier before it ("more than $5",
    "minus 387"); None when no number starts here."""
    currency = _currency_before(doc, i, start)
    read = read_number(doc, i, end, money=currency is not None)
    if read is None:
        return None
    value = read.value
    left = currency.start if currency else i
    if left > start and doc[left - 1].lower_ == "minus":
        value, left = -value, left - 1  # "minus 387 Fahrenheit"
    elif left > start + 1 and doc[left - 1].text == "-" and doc[left - 2].lower_ == "minus" and _glued(doc[left - 1], doc[left]):
        value, left = -value, left - 2
    qualifier = "range" if read.high is not None else "vague" if read.vague else "exact"
    q = _phrase_before(doc, left, start, QUALIFIER_PHRASES)
    if q and not read.vague:
        left, qualifier = q.start, (q.value if read.high is None else "range")
    return _Draft(
        num_start=i, num_end=read.end, left=left, first_start=left, stop=read.end, value=value, high=read.high,
        qualifier=qualifier, currency=currency, between=left > start and doc[left - 1].lower_ == "between",
        ranging=_ranging(doc, left, start),
    )


def join_range(doc: Doc, d: _Draft, end: int) -> _Draft:
    """A range: "20 to 30", "between 20 and 30", "$20 to $30 billion", "3 to 5 million", "one
    or two"; a glued dash with a smaller second number is a score ("2-0", "89-89")."""
    j = d.stop
    if not (d.high is None and j + 1 < end and (doc[j].lower_ in _RANGE_WORDS or (d.between and doc[j].lower_ == "and"))):
        return d
    second = _second_number(doc, j, end, money=d.currency is not None,
                            after_article=d.left > 0 and doc[d.left - 1].lower_ in ("a", "an"))
    # a dash glued on both sides ("from about 14-18 mpg") is a range even where "to" would be a change
    dash = doc[j].text in ("-", "\u2013") and _glued(doc[j - 1], doc[j]) and _glued(doc[j], doc[j + 1])
    if second is None or not (d.ranging or dash or _range_after_by(doc, d, second, end)):
        return d
    if doc[j].text == "-" and _glued(doc[j - 1], doc[j]) and second.value <= d.value:
        return replace(d, score=True)
    if not (second.value > d.value or doc[j].lower_ == "or"):
        return d
    value = d.value
    # "3 to 5 million": the first end takes the second's scale.
    scale_words = [t.lower_ for t in doc[second.start:second.end] if t.lower_ in SCALES]
    if scale_words and not any(t.lower_ in SCALES for t in doc[d.num_start:d.num_end]) and value < 1000:
        scaled = value
        for w in scale_words:
            scaled *= SCALES[w]
        if scaled < second.value:  # "3 to 5 million", but "$200 to $4 million" keeps its 200
            value = scaled
    if second.value <= value:
        return replace(d, value=value)
    if second.unit is not None and d.currency is None:
        d = replace(d, kind=second.kind, unit=second.unit)
    return replace(d, value=value, high=second.value, stop=second.end, qualifier="range",
                   first_start=d.left - 1 if d.between else d.first_start)


def _range_after_by(doc: Doc, d: _Draft, second: SecondNumber, end: int) -> bool:
    """"dropped by 1 to 1.5 degrees": after "by", a bare number and a second one with a unit
    is a range (a change is written "by $43.6 billion to $419.2 billion", each with its unit)."""
    if d.currency is not None or d.left <= 0 or doc[d.left - 1].lower_ != "by" or doc[d.stop].lower_ != "to":
        return False
    if second.unit is not None:
        return True
    unit = _unit_after(doc, second.end, end, None)
    return unit.kind not in ("count", "age") and unit.start == second.end


def is_score(doc: Doc, d: _Draft) -> bool:
    """A score, not an amount: "2-0" read as a range whose high end is not higher."""
    if d.score:
        return True
    return d.high is not None and d.high <= d.value and doc[d.num_start].text == doc[d.num_end - 1].text and bool(parse_digit_range(doc[d.num_start].text))


def _after_score(doc: Doc, d: _Draft, end: int) -> int:
    """Where to go on after a score: past its second number."""
    i = d.stop + 2 if d.stop + 1 < end else d.stop
    while i < end and parse_numeral(doc[i - 1].text) is None and i > d.num_end:
        i -= 1
    return max(i, d.num_end + 1)


def attach_unit(doc: Doc, d: _Draft, end: int) -> _Draft:
    """The unit after the number, after a postfix qualifier if there is one ("20 or more people")."""
    stop = d.stop
    unit = _unit_after(doc, stop, end, d.code)
    post = _phrase_at(doc, stop, end, POSTFIX_QUALIFIERS)
    qualifier = d.qualifier
    if post and unit.start == unit.end and post.end <= end:
        if qualifier == "exact":
            qualifier = post.value
        stop = post.end
        unit = _unit_after(doc, stop, end, d.code)
    if unit.kind == "count" and d.unit is not None:
        return replace(d, stop=stop, qualifier=qualifier, unit_start=stop, unit_end=stop)  # "5-10W"
    return replace(d, stop=stop, qualifier=qualifier, unit_start=unit.start, unit_end=unit.end, kind=unit.kind, unit=unit.unit)


def share_unit_of_second(doc: Doc, d: _Draft, end: int) -> _Draft:
    """"from 4.8 to 4.7 percent": a bare first number takes the unit of the second."""
    stop = d.stop
    if not (d.high is None and stop + 1 < end and doc[stop].lower_ in _RANGE_WORDS | {"and"}):
        return d
    if _is_year_after_preposition(doc, d):
        return d  # "from 20 mpg in 2008 to 29 mpg": the year takes no unit
    second = _second_number(doc, stop, end, money=False)
    if second is None:
        return d
    if second.unit is not None:
        return replace(d, kind=second.kind, unit=second.unit)
    unit = _unit_after(doc, second.end, end, None)
    if unit.kind not in ("count", "age") and unit.start == second.end:
        return replace(d, kind=unit.kind, unit=unit.unit)
    return d


def _is_year_after_preposition(doc: Doc, d: _Draft) -> bool:
    """"in 2008", "since 1990": a four-digit year after a preposition of time."""
    text = doc[d.num_start].text
    return (d.num_end - d.num_start == 1 and len(text) == 4 and text.isdigit() and 1000 <= int(text) <= 2199
            and d.left > 0 and doc[d.left - 1].lower_ in ("in", "since", "until", "during", "by", "of"))


def range_with_unit_twice(doc: Doc, d: _Draft, end: int) -> _Draft:
    """"between 5% and 6%", "1 per cent to 1.5 per cent": a range with the unit said twice."""
    at = d.unit_end
    if not (d.high is None and at + 1 < end and d.ranging and (doc[at].lower_ in ("to", "-", "\u2013") or (d.between and doc[at].lower_ == "and"))):
        return d
    second = _second_number(doc, at, end, money=d.kind == "money" and d.currency is not None,
                            after_article=d.left > 0 and doc[d.left - 1].lower_ in ("a", "an"))
    if second is None or second.value <= d.value:
        return d
    unit = _unit_after(doc, second.end, end, d.code)
    if (unit.kind, unit.unit) != (d.kind, d.unit):
        return d
    stop = max(unit.end, second.end)
    return replace(d, high=second.value, qualifier="range", stop=stop, unit_end=stop,
                   first_start=min(d.first_start, d.left - 1) if d.between else d.first_start)


def range_unit(doc: Doc, d: _Draft, end: int) -> _Draft:
    """A range's unit: shared from the second number by a bare count, or said twice."""
    if d.kind == "count":
        return share_unit_of_second(doc, d, end)
    if d.kind in ("percent", "measure", "money", "duration"):
        return range_with_unit_twice(doc, d, end)
    return d


def age_after_aged(doc: Doc, d: _Draft, start: int) -> _Draft:
    """"dies aged 92", "children at ages below 8": an age, not a count."""
    if d.kind == "count" and d.first_start > start and doc[d.first_start - 1].lower_ in ("aged", "age", "ages"):
        return replace(d, kind="age", unit="years old")
    return d


def _mention_of(d: _Draft) -> Mention:
    return Mention(
        start=d.first_start, end=d.stop, num_start=d.num_start, num_end=d.num_end,
        unit_start=d.unit_start, unit_end=d.unit_end,
        value=d.value, high=d.high, qualifier=d.qualifier, kind=d.kind, unit=d.unit,
    )


# --------------------------------------------------------------------------- what starts at a token


def skip_numeric_date(doc: Doc, i: int, start: int, end: int) -> Step | None:
    """A numeric date ("18-07-2016"): skipped whole, never an amount."""
    date_end = numeric_date_end(doc, i, end)
    return Step(date_end, None) if date_end is not None else None


def fraction_mention(doc: Doc, i: int, start: int, end: int) -> Step | None:
    """A fraction ("two-thirds", "a quarter of", "1/16") with its qualifier ("nearly half of")."""
    fraction = read_fraction(doc, i, end)
    if fraction is None:
        return None
    j = fraction.end
    q = _phrase_before(doc, i, start, QUALIFIER_PHRASES)
    left, qual = (q.start, q.value) if q else (i, "exact")
    part = _fraction_of_a_unit(doc, j, end, fraction.value)
    if part is not None:
        return Step(part.end, Mention(left, part.end, i, j, part.start, part.end, part.value, None, qual, part.kind, part.unit))
    if doc[j - 1].lower_ == "half" and j < end and doc[j].lower_ in ("a", "an"):
        return Step(j, None)  # "half a day's work" read as words, "half an idea": no amount
    return Step(j, Mention(left, j, i, j, j, j, fraction.value, None, qual, "count", "fraction"))


class _Part(NamedTuple):
    """A fraction of one unit or scale: "half a percentage point" (0.5 percentage point),
    "a quarter of a mile", "half a million" (500,000)."""

    start: int
    end: int
    value: float
    kind: str
    unit: str | None


def _fraction_of_a_unit(doc: Doc, j: int, end: int, value: float) -> _Part | None:
    """The unit or scale after a fraction and "(of) a": "half a percentage point", "a quarter of
    an hour", "half a million", "half a dozen"; None when no unit follows."""
    k = j + 1 if j < end and doc[j].lower_ == "of" else j
    if not (k + 1 < end and doc[k].lower_ in ("a", "an")):
        return None
    word = doc[k + 1].lower_
    if word in _WORD_SCALES or word == "dozen":
        scale = 12.0 if word == "dozen" else SCALES[word]
        unit = _unit_after(doc, k + 2, end, None)  # "half a million dollars"
        if unit.kind == "age":
            return None
        return _Part(unit.start, unit.end, value * scale, unit.kind, unit.unit)
    unit = _unit_after(doc, k + 1, end, None)
    if unit.kind in ("count", "age"):
        return None
    return _Part(unit.start, unit.end, value, unit.kind, unit.unit)


def glued_mention(doc: Doc, i: int, start: int, end: int) -> Step | None:
    """A number glued to its currency or unit ("RM23.50", "5pc", "~40"), with its qualifier."""
    glued = read_glued(doc, i, end)
    if glued is None:
        return None
    first = i - 1 if i > start and doc[i - 1].text == "$" and _glued(doc[i - 1], doc[i]) else i
    q = _phrase_before(doc, first, start, QUALIFIER_PHRASES)
    left, qual = (q.start, q.value) if q else (first, glued.qualifier or "exact")
    unit = UnitRead(glued.end, glued.end, glued.kind, glued.unit)
    if glued.kind == "count":
        unit = _unit_after(doc, glued.end, end, None)
    if glued.kind == "count" and unit.kind == "count" and glued.end + 1 < end and doc[glued.end].text in ("-", "\u2013", "to"):
        ranged = _glued_range(doc, glued, left, qual, i, end)  # "~25 – 40min"
        if ranged is not None:
            return ranged
    mention = Mention(left, glued.end, i, i + 1, unit.start, unit.end, glued.value, None, qual, unit.kind, unit.unit)
    return Step(max(unit.end, i + 1), mention)


def _glued_range(doc: Doc, glued: GluedNumber, left: int, qual: str, i: int, end: int) -> Step | None:
    """A bare glued number ("~25") opening a range whose second number carries the unit."""
    second = _second_number(doc, glued.end, end, money=False)
    if second is None or second.value <= glued.value:
        return None
    if second.unit is not None:
        kind, unit, unit_end = second.kind, second.unit, second.end
    else:
        after = _unit_after(doc, second.end, end, None)
        if after.kind in ("count", "age") or after.start != second.end:
            return None
        kind, unit, unit_end = after.kind, after.unit, after.end
    mention = Mention(left, second.end, i, i + 1, unit_end, unit_end, glued.value, second.value,
                      "range", kind or "measure", unit)
    return Step(unit_end, mention)


def ratio_mention(doc: Doc, i: int, start: int, end: int) -> Step | None:
    """"one in three", "one out of five", "1 in 4": a proportion, read as the fraction it states
    (with its qualifier: "nearly one in five")."""
    if i + 2 >= end or doc[i + 1].lower_ not in ("in", "out"):
        return None  # the cheap test first: this runs at every token
    a = parse_numeral(doc[i].text)
    if a is None or a != int(a) or not 1 <= a <= 20:
        return None
    j = i + 1
    if doc[j].lower_ == "in":
        j += 1
    elif doc[j].lower_ == "out" and j + 2 < end and doc[j + 1].lower_ == "of":
        j += 2
    else:
        return None
    read = read_number(doc, j, end)
    if read is None or read.vague or read.high is not None or read.end != j + 1:
        return None  # "one in 2019", "one in a million" stay what they are
    b = read.value
    if not (a < b <= 1000 and b == int(b)) or (read.end < end and doc[read.end].lower_ in SCALES):
        return None
    if _unit_after(doc, read.end, end, None).kind != "count":
        return None  # "3 in 10 days", "2 in 90 minutes": a count and a span of time, not a proportion
    q = _phrase_before(doc, i, start, QUALIFIER_PHRASES)
    left, qual = (q.start, q.value) if q else (i, "exact")
    return Step(read.end, Mention(left, read.end, i, read.end, read.end, read.end, a / b, None, qual, "count", "fraction"))


def _suspended(tok: Token) -> float | None:
    """The value of a number written with a hanging hyphen ("four-", "10-"), else None."""
    text = tok.text
    return parse_numeral(text[:-1]) if len(text) > 1 and text[-1] in ("-", "\u2013") else None


def suspended_mention(doc: Doc, i: int, start: int, end: int) -> Step | None:
    """A number whose unit is written once for several: "four-, five- and six-cylinder engines"
    (each its own amount), "a 10- to 15-minute walk" (a range)."""
    if doc[i].text[-1:] not in ("-", "\u2013"):
        return None
    value = _suspended(doc[i])
    if value is None:
        return None
    j = i + 1
    while j < end and (doc[j].lower_ in (",", "and", "or", "to", "&") or _suspended(doc[j]) is not None):
        j += 1
    if j >= end or j == i + 1:
        return None
    read = read_number(doc, j, end)
    if read is None or read.vague or read.high is not None:
        return None
    unit = _unit_after(doc, read.end, end, None)
    if unit.kind == "age" or (unit.kind == "count" and not (read.end < end and doc[read.end].text in ("-", "\u2013"))):
        return None  # a count needs the compound it shares: "six-cylinder"
    if j == i + 2 and doc[i + 1].lower_ in ("to", "\u2013") and read.value > value:
        return Step(unit.end, Mention(i, read.end, i, i + 1, unit.start, unit.end, value, read.value, "range", unit.kind, unit.unit))
    return Step(i + 1, Mention(i, i + 1, i, i + 1, unit.start, unit.end, value, None, "exact", unit.kind, unit.unit))


#: How a read number is shaped into a mention, in order.
SHAPING_RULES: tuple[Callable[[Doc, _Draft, int], _Draft], ...] = (attach_unit, range_unit)


def number_mention(doc: Doc, i: int, start: int, end: int) -> Step | None:
    """A number in digits or words with its currency, qualifier, range and unit; scores,
    dates and labels (:data:`MENTION_FILTERS`) are passed over."""
    d = _draft_number(doc, i, start, end)
    if d is None:
        return None
    d = join_range(doc, d, end)
    if is_score(doc, d):
        return Step(_after_score(doc, d, end), None)
    for rule in SHAPING_RULES:
        d = rule(doc, d, end)
    d = age_after_aged(doc, d, start)
    mention = _mention_of(d)
    after = max(d.stop, d.unit_end, d.num_end)
    if any(drop(doc, mention, start, end) for drop in MENTION_FILTERS):
        return Step(after, None)
    return Step(after, mention)


#: What may start at a token, tried in order; the first rule that answers decides.
MENTION_RULES: tuple[Callable[[Doc, int, int, int], Step | None], ...] = (
    skip_numeric_date,
    ratio_mention,
    fraction_mention,
    suspended_mention,
    glued_mention,
    number_mention,
)


#: Words that can start a mention without being a numeral: vague amounts ("dozens", "hundreds
#: of"), "several"/"a few" before a scale, "a"/"an" before a scale or a fraction ("a dozen", "a
#: third of"), "half of", and the number words, scales and fractions themselves.
_START_WORDS = frozenset(
    {"a", "an", "half", "dozen"} | set(VAGUE_AMOUNTS) | set(VAGUE_SCALE_WORDS) | set(SMALL_NUMBERS) | set(SCALES) | set(FRACTION_WORDS)
)


def may_start_mention(tok: Token) -> bool:
    """False for a token at which no rule of :data:`MENTION_RULES` can start: one without a
    digit that is neither a number-like word nor in :data:`_START_WORDS` (every rule reads a
    numeral, a number word or one of those words at its first token; currencies and qualifiers
    are read backwards from the number).

    >>> import spacy
    >>> doc = spacy.blank("en")("Dozens of the 310,000 had a third of US$5m, 5pc, two, four- and six-cylinder")
    >>> [t.text for t in doc if may_start_mention(t)]
    ['Dozens', '310,000', 'a', 'third', '5', '5pc', 'two', 'four-', 'six']
    """
    lower = tok.lower_
    if tok.like_num or lower in _START_WORDS or any(c.isdigit() for c in lower):
        return True
    return lower[-1:] in ("-", "\u2013") and lower[:-1] in _START_WORDS  # "four-, five- and six-cylinder"


def find_mentions(sent: Span) -> Iterator[Mention]:
    """Every stated quantity in a sentence, left to right (:data:`MENTION_RULES` at each token).

    Args:
        sent: a sentence (or any span) of a Doc.

    Yields:
        Mentions, skipping years, days of the month, times of day and labels.
    """
    doc = sent.doc
    i = sent.start
    previous = None
    while i < sent.end:
        if not may_start_mention(doc[i]):
            i += 1  # no rule starts at a word that is no number (the cheap test: most tokens)
            continue
        step = next((s for rule in MENTION_RULES if (s := rule(doc, i, sent.start, sent.end)) is not None), Step(i + 1, None))
        if step.mention is not None:
            mention = _unit_of_the_first(doc, previous, step.mention, sent.end)
            yield mention
            previous = mention
        i = step.next


#: Units a bare second number of "from N unit to M" shares (not money: its currency is written on both).
_CARRIED_KINDS = {"percent", "measure"}


def _unit_of_the_first(doc: Doc, first: Mention | None, second: Mention, end: int) -> Mention:
    """"dropping from 208 pounds *to 193*", "fell from 5.2 percent *to 4.9*": a bare number
    after "to" takes the unit of the number "from" opened, unless a noun of its own follows."""
    if (first is None or second.unit is not None or second.kind != "count" or first.kind not in _CARRIED_KINDS
            or first.unit is None or first.start < 1 or doc[first.start - 1].lower_ != "from"):
        return second
    between = [t.lower_ for t in doc[max(first.end, first.unit_end):second.start]]
    if between != ["to"]:
        return second
    after = max(second.end, second.unit_end)
    if after < end and doc[after].pos_ in ("NOUN", "PROPN") and not doc[after].like_num:
        return second  # "from 5 percent to 7 companies": the second counts its own noun
    return replace(second, kind=first.kind, unit=first.unit)


def _zero(start: int, end: int) -> Mention:
    return Mention(start, end, start, end, end, end, 0.0, None, "exact", "count", None)


def find_zero_mentions(sent: Span) -> Iterator[Mention]:
    """Harm stated as none: "no casualties", "no one was killed", "zero deaths"."""
    doc = sent.doc
    for tok in sent:
        lower = tok.lower_
        if lower in ("no", "zero") and tok.i + 1 < sent.end:
            nxt = doc[tok.i + 1]
            if nxt.lower_ in HARM_WORDS and nxt.pos_ in ("NOUN", "ADJ", "PROPN", "") and nxt.lower_ not in ("affect", "harm"):
                # (not "no affect on", a misspelt "effect"; "no harm" is no toll)
                yield _zero(tok.i, tok.i + 1)
            elif lower == "no" and nxt.lower_ == "one" and any(
                HARM_WORDS.get(t.lemma_.lower()) or HARM_WORDS.get(t.lower_) for t in (nxt.head, nxt.head.head) if t.pos_ in ("VERB", "AUX", "ADJ")
            ):
                yield _zero(tok.i, tok.i + 2)
        elif lower in ("nobody",) and HARM_WORDS.get(tok.head.lemma_.lower()):
            yield _zero(tok.i, tok.i + 1)
