"""Find the stated quantities in a sentence: the number, its qualifier, range,
currency or unit, and which numbers are dates or labels rather than amounts.

Works on tokens (``spacy.blank("en")`` is enough); the parse and entities, when
the pipeline has them, only sharpen the date and label checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsfacts.facts.lexicon import (
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    DURATION_UNITS,
    FRACTION_WORDS,
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
)
from newsfacts.facts.numerals import parse_digit_range, parse_numeral, vague_value, words_to_number
from newsfacts.facts.people import is_person_noun

#: Entity labels whose numbers are names or labels, not amounts ("Big 12", "Resolution 2254").
NAME_LABELS = {"PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT", "FAC", "GPE", "LOC", "NORP"}
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_RANGE_WORDS = {"to", "-", "\u2013", "\u2014", "or"}
_QUALIFIER_MAX = max(len(k) for k in QUALIFIER_PHRASES)
_WORD_SCALES = {"hundred", "thousand", "million", "billion", "trillion"}


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


def _lower(tok: Token) -> str:
    return tok.lower_


def _glued(left: Token, right: Token) -> bool:
    """No whitespace between two adjacent tokens."""
    return left.idx + len(left.text) == right.idx


def _phrase_at(doc: Doc, i: int, end: int, table: dict[tuple[str, ...], str]) -> tuple[int, str] | None:
    """The longest phrase of ``table`` starting at token ``i``: (end index, value)."""
    for n in range(min(_longest(table), end - i), 0, -1):
        key = tuple(_lower(t) for t in doc[i:i + n])
        if key in table:
            return i + n, table[key]
    return None


_LONGEST: dict[int, int] = {}


def _longest(table: dict[tuple[str, ...], str]) -> int:
    """The longest key of a phrase table, in tokens (memoised per table)."""
    n = _LONGEST.get(id(table))
    if n is None:
        n = _LONGEST[id(table)] = max(map(len, table), default=0)
    return n


def _phrase_before(doc: Doc, i: int, start: int, table: dict[tuple[str, ...], str]) -> tuple[int, str] | None:
    """The longest phrase of ``table`` ending just before token ``i``: (start index, value)."""
    best = None
    for n in range(_QUALIFIER_MAX, 0, -1):
        j = i - n
        if j < start:
            continue
        key = tuple(_lower(t) for t in doc[j:i])
        if key in table:
            best = (j, table[key])
            break
    return best


def read_number(doc: Doc, i: int, end: int, *, money: bool = False) -> tuple[int, float, float | None, bool] | None:
    """Read one number starting at token ``i``.

    Returns:
        (end index, value, high end if the token is a range like ``20-30``,
        vague) or None when no number starts here.
    """
    tok = doc[i]
    lower = tok.lower_
    rng = parse_digit_range(tok.text)
    if rng is not None:
        return i + 1, rng[0], rng[1], False
    if lower in VAGUE_AMOUNTS:
        j = i + 1
        while j + 1 < end and doc[j].lower_ == "of" and (doc[j + 1].lower_ in VAGUE_AMOUNTS):
            j += 2
        value = vague_value([t.text for t in doc[i:j]])
        return (j, value, None, True) if value is not None else None
    vague_at = i + 1 if lower == "a" and i + 1 < end and doc[i + 1].lower_ == "few" else i
    if doc[vague_at].lower_ in VAGUE_SCALE_WORDS and vague_at + 1 < end and doc[vague_at + 1].lower_ in _WORD_SCALES:
        # "several hundred", "a few thousand": the scale alone, read as a vague amount.
        j = vague_at + 1
        value = 1.0
        while j < end and doc[j].lower_ in _WORD_SCALES:
            value *= SCALES[doc[j].lower_]
            j += 1
        return j, value, None, True
    if lower in ("a", "an"):
        if i + 1 < end and (doc[i + 1].lower_ in SCALES or doc[i + 1].lower_ == "dozen") and doc[i + 1].lower_ not in ("k",):
            j = i + 2
            while j < end and doc[j].lower_ in SCALES and doc[j].lower_ != "k":
                j += 1
            value = words_to_number([t.text for t in doc[i:j]])
            return (j, value, None, False) if value is not None else None
        return None
    if parse_numeral(tok.text, money=money) is None:
        return None
    # Extend over the words of one number: "3.5 million", "two hundred and five", "twenty-five".
    j = i + 1
    while j < end:
        nxt = doc[j]
        nl = nxt.lower_
        if nl in SCALES and nl != "k":
            j += 1
            continue
        if (money or nxt.text in ("M", "B")) and nl in MONEY_SCALES and _glued(doc[j - 1], nxt):
            money = True  # "$3.5m", "4.3M sales"
            j += 1
            continue
        if nl == "dozen":
            j += 1
            continue
        prev = doc[j - 1].lower_
        if nl in SMALL_NUMBERS and (prev in SMALL_NUMBERS or prev in ("hundred",)):
            j += 1
            continue
        if nl in ("-", "and") and j + 1 < end and doc[j + 1].lower_ in SMALL_NUMBERS:
            glued = nl == "-" and _glued(doc[j - 1], nxt) and _glued(nxt, doc[j + 1])
            if (glued and prev in SMALL_NUMBERS) or (nl == "and" and prev in ("hundred", "thousand", "million")):
                j += 2
                continue
        break
    # Shorten until the words parse as one number.
    while j > i:
        value = words_to_number([t.text for t in doc[i:j]], money=money)
        if value is not None:
            return j, value, None, False
        j -= 1
    return None


_GLUED = re.compile(
    r"^(?P<pre>[A-Za-z]{1,3}\$?|[$€£¥~≈]|minus-)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<suf>[A-Za-zμ°%/²]+\d?)?$"
)


def read_glued(doc: Doc, i: int, end: int) -> tuple[int, float, str | None, str | None, str | None] | None:
    """A number written in one token with its currency or unit: "USD1,700", "RM23.50",
    "640bhp", "5pc", "118.5p", "32m2"; with "$" before it, "$US55,931,000".

    Returns:
        (end index, value, kind, unit, qualifier) or None.
    """
    tok = doc[i]
    match = _GLUED.match(tok.text)
    if not match or not (match["pre"] or match["suf"]):
        return None
    value = float(match["num"].replace(",", ""))
    pre, suf = match["pre"] or "", match["suf"] or ""
    if not pre and parse_numeral(tok.text) is not None:
        return None  # "5bn": an ordinary numeral, read with the currency before it
    kind, unit, qualifier = "count", None, None
    if pre in ("~", "≈"):
        qualifier = "about"
    elif pre == "minus-":
        value = -value
    elif pre:
        key = pre.lower()
        if i > 0 and doc[i - 1].text == "$" and _glued(doc[i - 1], tok):
            key = "$" + key
        if key not in CURRENCY_SYMBOLS:
            return None
        if key == "ps" and (not tok.text[:2].isupper() or len(match["num"]) < 3):
            return None  # "PS2.7m", "PS300" are pounds; "PS5" is a games console
        kind, unit = "money", CURRENCY_SYMBOLS[key]
    j = i + 1
    if suf:
        low = suf.lower()
        if kind == "money" and (low in MONEY_SCALES or low in SCALES):
            value *= MONEY_SCALES.get(low) or SCALES[low]
        elif suf == "M" or low in ("bn", "bln", "mln", "mn", "tn", "trn"):
            value *= SCALES.get(low, 1e6)
        elif kind == "count" and (low,) in PERCENT_WORDS:
            kind, unit = "percent", PERCENT_WORDS[(low,)]
        elif kind == "count" and low in DURATION_UNITS:
            kind, unit = "duration", DURATION_UNITS[low]
        elif kind == "count" and low in MEASURE_UNITS and low not in UNIT_PREFIXES:
            kind, unit = "measure", MEASURE_UNITS[low]
        elif kind == "count" and (low,) in CURRENCY_WORDS:
            kind, unit = "money", CURRENCY_WORDS[(low,)]
        else:
            return None
    elif kind == "money" and j < end and doc[j].lower_ in {**MONEY_SCALES, **SCALES} and _glued(tok, doc[j]):
        value *= MONEY_SCALES.get(doc[j].lower_) or SCALES[doc[j].lower_]
        j += 1
    if kind == "measure" and j + 1 < end and doc[j].text == "/" and doc[j + 1].lower_.rstrip(".") in DURATION_UNITS:
        unit = f"{unit} per {DURATION_UNITS[doc[j + 1].lower_.rstrip('.')]}"
        j += 2
    return j, value, kind, unit, qualifier


def _currency_before(doc: Doc, i: int, start: int) -> tuple[int, str] | None:
    """A currency written before token ``i`` ("$", "US$", "US $", "€"): (start index, code)."""
    if i - 1 >= start and doc[i - 1].lower_ in CURRENCY_SYMBOLS and doc[i - 1].lower_ != "ps":
        j = i - 1
        code = CURRENCY_SYMBOLS[doc[j].lower_]
        if code == "USD" and j - 1 >= start and doc[j - 1].text in ("US", "U.S.") and doc[j].text == "$":
            j -= 1
        elif doc[j].text == "$" and j - 1 >= start and doc[j - 1].text in ("A", "C", "HK", "NZ", "S") and _glued(doc[j - 1], doc[j]):
            code = CURRENCY_SYMBOLS.get(doc[j - 1].text.lower() + "$", code)
            j -= 1
        return j, code
    return None


def _unit_after(doc: Doc, j: int, end: int, money: str | None) -> tuple[int, int, str, str | None]:
    """The unit after a number ending at token ``j``.

    Returns:
        (unit start, unit end, kind, unit name); start == end when there is none.
    """
    k = j
    if k < end and doc[k].text in ("-", "\u2013") and k > 0 and _glued(doc[k - 1], doc[k]):
        k += 1  # "six-week", "45-year-old"
    if money:
        return j, j, "money", money
    found = _phrase_at(doc, k, end, PERCENT_WORDS)
    if found:
        return k, found[0], "percent", found[1]
    found = _phrase_at(doc, k, end, CURRENCY_WORDS)
    if found and not (found[1] == "KRW" and doc[k].pos_ == "VERB"):
        return k, found[0], "money", found[1]
    if k < end:
        word = doc[k].lower_
        if word in DURATION_UNITS:
            # Age: "45-year-old", "45 years old".
            m = k + 1
            if m + 1 < end and doc[m].text == "-" and doc[m + 1].lower_ == "old":
                return k, m + 2, "age", "years old"
            if m < end and doc[m].lower_ == "old":
                return k, m + 1, "age", "years old"
            return k, k + 1, "duration", DURATION_UNITS[word]
        if word in MEASURE_UNITS and not (word in ("m", "g", "w", "v", "ha", "mp") and not doc[k].text.islower() and word != "w"):
            m = k + 1
            name = MEASURE_UNITS[word]
            if word in UNIT_PREFIXES:
                if m < end and doc[m].lower_ in MEASURE_UNITS:
                    name = f"{name} {MEASURE_UNITS[doc[m].lower_]}"
                    m += 1
                else:
                    return j, j, "count", None
            if name == "degree" and m < end and doc[m].lower_ in ("celsius", "fahrenheit", "c", "f", "centigrade"):
                name = "degree Fahrenheit" if doc[m].lower_.startswith("f") else "degree Celsius"
                m += 1
            # "miles per hour", "km/h", "miles an hour".
            other = doc[m + 1].lower_.rstrip(".") if m + 1 < end else ""
            if other and doc[m].lower_ in ("per", "/", "an", "a") and (other in DURATION_UNITS or other in MEASURE_UNITS):
                name = f"{name} per {DURATION_UNITS.get(other) or MEASURE_UNITS[other]}"
                m += 2
            return k, m, "measure", name
    return j, j, "count", None


def _is_date_number(doc: Doc, m: Mention, start: int, end: int) -> bool:
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
        head = tok.head
        counts_noun = (
            tok.dep_ == "nummod" and head.i == tok.i + 1 and head.tag_ in ("NNS", "NNPS")
            and head.lower_ not in DURATION_UNITS and head.lower_ not in VAGUE_AMOUNTS
            and not (prev.isdigit() or prev.rstrip(".") in {mo.rstrip(".") for mo in MONTHS})
        )
        return not counts_noun
    if text.isdigit() and 1 <= int(text) <= 31:
        months = {mo.rstrip(".") for mo in MONTHS}
        if prev.rstrip(".") in months or nxt.rstrip(".") in months:
            return True
        if prev == "the" and nxt == "of" and m.end + 1 < end and doc[m.end + 1].lower_ in MONTHS:
            return True
    return False


def _names_people(tok: Token) -> bool:
    """A plural noun for people ("judges", "schoolchildren"); the full test is in syntax."""
    return is_person_noun(tok) or tok.lower_.endswith(("children", "people", "men", "women"))


def _is_label(doc: Doc, m: Mention, start: int) -> bool:
    """Numbers that name things: inside a name entity, after "No.", "iPhone", "COVID-"."""
    tok = doc[m.num_start]
    if tok.ent_type_ in NAME_LABELS and m.kind == "count":
        return True
    if m.start > start:
        prev = doc[m.start - 1]
        if prev.lower_ in IDENTIFIER_NOUNS and (prev.is_title or prev.lower_ in ("no", "no.", "nos")) and m.qualifier == "exact":
            return True
        if prev.pos_ == "PROPN" and m.kind == "count" and m.qualifier == "exact" and tok.head == prev and tok.dep_ in ("nummod", "appos", "compound", "npadvmod"):
            return True
        if prev.text == "," and m.end < len(doc) and doc[m.end].text == "," and m.start >= 2 and doc[m.start - 2].pos_ == "PROPN" and m.kind == "count" and m.high is None:
            return True  # "Maddon, 66, said": an age in apposition to a name
        if prev.text in ("-", "#") and _glued(prev, tok) and m.start - 2 >= start and _glued(doc[m.start - 2], prev) and doc[m.start - 2].is_alpha:
            return True  # "COVID-19", "F-16", "#3"
    after = m.unit_end if m.unit_end > m.end else m.end
    if m.kind == "count" and after < len(doc):
        nxt = doc[after]
        counts_plural = tok.dep_ == "nummod" and tok.head.tag_ == "NNS" and tok.head.i > after and _names_people(tok.head)
        if nxt.tag_ == "NNP" and nxt.is_title and nxt.ent_type_ not in ("NORP",) and nxt.lower_ not in HARM_WORDS and not counts_plural:
            return True  # "787 Dreamliner", "11 Pro", "575 Wilbraham Road": a name or address
            # (but "three Appeal Court judges", "3 Aleppo schoolchildren" count people)
    return False


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
    return nxt in ("another", "'s", "’s") or (tok.dep_ == "nsubj" and nxt in ("can", "could", "must", "should", "would", "may", "might"))


def is_one_of_the_harmed(doc: Doc, m: Mention, end: int) -> bool:
    """"one of those killed", "one of the dead": a person picked out of a toll, not a count."""
    if not is_bare_one(doc, m) or m.end + 2 >= end or doc[m.end].lower_ != "of":
        return False
    if doc[m.end + 1].lower_ not in ("those", "the"):
        return False
    nxt = doc[m.end + 2]
    return (HARM_WORDS.get(nxt.lower_) or HARM_WORDS.get(nxt.lemma_.lower())) is not None


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


def _second_number(doc: Doc, j: int, end: int, *, money: bool) -> tuple[int, int, float] | None:
    """The number after a range word at ``j`` ("to", "-", "and", "or"): (start, end, value).

    A "to" that the parse attaches to a verb is a change ("rose 5% to $84"), not a range;
    a dash between spaces is an aside.
    """
    conn = doc[j]
    if conn.text == "-" and not _glued(doc[j - 1], conn) and conn.whitespace_:
        return None
    if conn.lower_ == "to" and doc.has_annotation("DEP") and conn.head.pos_ in ("VERB", "AUX"):
        return None
    k = j + 1
    if k + 1 < end and doc[k].lower_ in CURRENCY_SYMBOLS:
        k += 1
    if k >= end:
        return None
    read = read_number(doc, k, end, money=money)
    if read is None or read[3] or read[2] is not None:
        return None
    return k, read[0], read[1]


#: A numeric date written with separators: "18-07-2016", "07/18/2016", "2016-07-18", "18.07.2016".
_NUMERIC_DATE = re.compile(r"^(\d{1,2}([-/.])\d{1,2}\2\d{2,4}|\d{4}([-/.])\d{1,2}\3\d{1,2})$")
_DATE_PIECE = re.compile(r"^(\d+|[-/.])$")
#: A fraction written with a slash: "1/16", "3⁄4" (denominators news uses for parts, not dates).
_FRACTION = re.compile(r"^(\d{1,2})[/\u2044](\d{1,3})$")
_FRACTION_DENOMINATORS = {2, 3, 4, 5, 6, 8, 10, 12, 16, 32, 64, 100, 128}


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


def read_fraction(doc: Doc, i: int, end: int) -> tuple[int, float] | None:
    """A fraction starting at token ``i``: "1/16", "two-thirds", "a third of", "one quarter of",
    "half of". Returns (end index, value) or None.

    A spelled-out fraction needs a hyphen ("two-thirds") or "of" after it ("a third of
    the population"), so "a third term" and "the first quarter" stay ordinals.
    """
    tok = doc[i]
    match = _FRACTION.match(tok.text)
    if match:
        num, den = int(match[1]), int(match[2])
        if 0 < num < den and den in _FRACTION_DENOMINATORS:
            return i + 1, num / den
        return None
    lower = tok.lower_
    prev = doc[i - 1].lower_ if i > 0 else ""
    if lower == "half" and i + 1 < end and doc[i + 1].lower_ == "of" and prev not in ("the", "first", "second", "this", "that", "its", "their", "his", "her"):
        return i + 1, 0.5
    if lower in ("a", "one") or (lower in SMALL_NUMBERS and 0 < SMALL_NUMBERS[lower] < 10):
        num = 1 if lower in ("a", "one") else SMALL_NUMBERS[lower]
        j = i + 1
        hyphen = j + 1 < end and doc[j].text in ("-", "\u2013") and _glued(tok, doc[j]) and _glued(doc[j], doc[j + 1])
        if hyphen:
            j += 1
        if j < end and doc[j].lower_ in FRACTION_WORDS:
            den = FRACTION_WORDS[doc[j].lower_]
            if num < den and (hyphen and lower != "a" or (j + 1 < end and doc[j + 1].lower_ == "of")):
                if prev in ("the", "first", "second", "third", "fourth", "last") and not hyphen:
                    return None
                return j + 1, num / den
    return None


def find_mentions(sent: Span) -> Iterator[Mention]:
    """Every stated quantity in a sentence, left to right.

    Args:
        sent: a sentence (or any span) of a Doc.

    Yields:
        Mentions, skipping years, days of the month, times of day and labels.
    """
    doc = sent.doc
    start, end = sent.start, sent.end
    i = start
    while i < end:
        date_end = numeric_date_end(doc, i, end)
        if date_end is not None:
            i = date_end
            continue
        fraction = read_fraction(doc, i, end)
        if fraction is not None:
            j, value = fraction
            left, qual = i, "exact"
            q = _phrase_before(doc, i, start, QUALIFIER_PHRASES)
            if q:
                left, qual = q
            yield Mention(left, j, i, j, j, j, value, None, qual, "count", "fraction")
            i = j
            continue
        glued = read_glued(doc, i, end)
        if glued is not None:
            j, value, kind, unit, qualifier = glued
            first = i - 1 if i > start and doc[i - 1].text == "$" and _glued(doc[i - 1], doc[i]) else i
            left, qual = first, qualifier or "exact"
            q = _phrase_before(doc, first, start, QUALIFIER_PHRASES)
            if q:
                left, qual = q
            unit_start = j
            if kind == "count":
                unit_start, j, kind, unit = _unit_after(doc, j, end, None)
            yield Mention(left, i + 1, i, i + 1, unit_start, j, value, None, qual, kind, unit)
            i = max(j, i + 1)
            continue
        currency = _currency_before(doc, i, start)
        read = read_number(doc, i, end, money=currency is not None)
        if read is None:
            i += 1
            continue
        num_end, value, high, vague = read
        left = currency[0] if currency else i
        if left > start and doc[left - 1].lower_ == "minus":
            value, left = -value, left - 1  # "minus 387 Fahrenheit"
        elif left > start + 1 and doc[left - 1].text == "-" and doc[left - 2].lower_ == "minus" and _glued(doc[left - 1], doc[left]):
            value, left = -value, left - 2
        qualifier = "vague" if vague else "exact"
        if high is not None:
            qualifier = "range"
        q = _phrase_before(doc, left, start, QUALIFIER_PHRASES)
        if q and not vague:
            left, qualifier = q[0], (q[1] if high is None else "range")
        first_start = left
        j = num_end
        # A range: "20 to 30", "20-30", "between 20 and 30", "$20 to $30 billion", "one or two".
        between = left > start and doc[left - 1].lower_ == "between"
        ranging = _ranging(doc, left, start)
        score = False
        if high is None and j + 1 < end and (doc[j].lower_ in _RANGE_WORDS or (between and doc[j].lower_ == "and")) and ranging:
            second = _second_number(doc, j, end, money=currency is not None)
            if second is not None:
                k, k_end, value2 = second
                if doc[j].text == "-" and _glued(doc[j - 1], doc[j]) and value2 <= value:
                    score = True  # "2-0", "89-89": a score, not two amounts
                elif value2 > value or doc[j].lower_ == "or":
                    # "3 to 5 million": the first end takes the second's scale.
                    scale_words = [t.lower_ for t in doc[k:k_end] if t.lower_ in SCALES]
                    if scale_words and not any(t.lower_ in SCALES for t in doc[i:num_end]) and value < 1000:
                        for w in scale_words:
                            value *= SCALES[w]
                    if value2 > value:
                        high, j, qualifier = value2, k_end, "range"
                        if between:
                            first_start = left - 1
        if high is not None and high <= value and doc[i].text == doc[num_end - 1].text and parse_digit_range(doc[i].text):
            score = True
        if score:
            i = j + 2 if j + 1 < end else j
            while i < end and parse_numeral(doc[i - 1].text) is None and i > num_end:
                i -= 1
            i = max(i, num_end + 1)
            continue
        stop = j
        post = _phrase_at(doc, stop, end, POSTFIX_QUALIFIERS)
        unit_start, unit_end, kind, unit = _unit_after(doc, stop, end, currency[1] if currency else None)
        stop_unit = unit_end
        if post and unit_start == unit_end and post[0] <= end:
            if qualifier == "exact":
                qualifier = post[1]
            stop = post[0]
            unit_start, unit_end, kind, unit = _unit_after(doc, stop, end, currency[1] if currency else None)
            stop_unit = unit_end
        if kind == "count" and high is None and stop + 1 < end and doc[stop].lower_ in _RANGE_WORDS | {"and"}:
            # "from 4.8 to 4.7 percent": the first number shares the unit of the second.
            second = _second_number(doc, stop, end, money=False)
            if second is not None:
                _, kind2_unit = second[1], _unit_after(doc, second[1], end, None)
                if kind2_unit[2] not in ("count", "age") and kind2_unit[0] == second[1]:
                    kind, unit = kind2_unit[2], kind2_unit[3]
        elif kind in ("percent", "measure", "money", "duration") and high is None and stop_unit + 1 < end and ranging and (
            doc[stop_unit].lower_ in ("to", "-", "\u2013") or (between and doc[stop_unit].lower_ == "and")
        ):
            # "between 5% and 6%", "1 per cent to 1.5 per cent": a range with the unit said twice.
            second = _second_number(doc, stop_unit, end, money=kind == "money" and currency is not None)
            if second is not None and second[2] > value:
                u2 = _unit_after(doc, second[1], end, currency[1] if currency else None)
                if (u2[2], u2[3]) == (kind, unit):
                    high, qualifier = second[2], "range"
                    stop = stop_unit = max(u2[1], second[1])
                    if between:
                        first_start = min(first_start, left - 1)
        if kind == "count" and first_start > start and doc[first_start - 1].lower_ in ("aged", "age", "ages"):
            kind, unit = "age", "years old"  # "dies aged 92", "children at ages below 8"
        mention = Mention(
            start=first_start,
            end=stop,
            num_start=i,
            num_end=num_end,
            unit_start=unit_start,
            unit_end=stop_unit,
            value=value,
            high=high,
            qualifier=qualifier,
            kind=kind,
            unit=unit,
        )
        i = max(stop, stop_unit, num_end)
        if kind == "duration" and i < end and doc[i].lower_ in ("ago", "earlier"):
            continue
        if _is_date_number(doc, mention, start, end) or _is_label(doc, mention, start):
            continue
        yield mention


def find_zero_mentions(sent: Span) -> Iterator[Mention]:
    """Harm stated as none: "no casualties", "no one was killed", "zero deaths"."""
    doc = sent.doc
    for tok in sent:
        lower = tok.lower_
        if lower in ("no", "zero") and tok.i + 1 < sent.end:
            nxt = doc[tok.i + 1]
            if nxt.lower_ in HARM_WORDS and nxt.pos_ in ("NOUN", "ADJ", "PROPN", ""):
                yield Mention(tok.i, tok.i + 1, tok.i, tok.i + 1, tok.i + 1, tok.i + 1, 0.0, None, "exact", "count", None)
            elif lower == "no" and nxt.lower_ == "one" and any(
                HARM_WORDS.get(t.lemma_.lower()) or HARM_WORDS.get(t.lower_) for t in (nxt.head, nxt.head.head) if t.pos_ in ("VERB", "AUX", "ADJ")
            ):
                yield Mention(tok.i, tok.i + 2, tok.i, tok.i + 2, tok.i + 2, tok.i + 2, 0.0, None, "exact", "count", None)
        elif lower in ("nobody",) and HARM_WORDS.get(tok.head.lemma_.lower()):
            yield Mention(tok.i, tok.i + 1, tok.i, tok.i + 1, tok.i + 1, tok.i + 1, 0.0, None, "exact", "count", None)
