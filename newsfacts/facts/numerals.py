"""Numbers as news writes them, read from words: pure functions, no spaCy.

>>> parse_numeral("310,000")
310000.0
>>> words_to_number(["two", "hundred"])
200.0
>>> bounds(310000.0, None, "more_than")
(310000.0, None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from newsfacts.facts.lexicon import MONEY_SCALES, SCALES, SMALL_NUMBERS, VAGUE_AMOUNTS

_MINUS = r"\-\u2212\u2013"
_DIGITS = re.compile(
    rf"^(?P<sign>[+{_MINUS}])?(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?P<scale>bn|bln|mln|mn|tn|trn|k|m|b)?$",
    re.IGNORECASE,
)
#: "20-30" and "1.5-2" written as one token.
_DIGIT_RANGE = re.compile(r"^(\d[\d,]*(?:\.\d+)?)[-\u2013](\d[\d,]*(?:\.\d+)?)$")


def parse_numeral(text: str, *, money: bool = False) -> float | None:
    """The value of one numeral token: digits with separators, decimals, a glued scale.

    Args:
        text: the token, e.g. ``"310,000"``, ``"3.5"``, ``"5bn"``, ``"-1.4"``.
        money: read a glued ``m``/``b`` as million/billion (``"$3.5m"``).

    Returns:
        The value, or None when the token is not a numeral.

    >>> parse_numeral("1.2bn")
    1200000000.0
    >>> parse_numeral("3m") is None
    True
    """
    text = text.strip()
    match = _DIGITS.match(text)
    if match:
        value = float(match["num"].replace(",", ""))
        scale = (match["scale"] or "").lower()
        if scale in ("m", "b"):
            if not money:
                return None
            value *= MONEY_SCALES[scale]
        elif scale:
            value *= SCALES[scale]
        if match["sign"] and match["sign"] != "+":
            value = -value
        return value
    lower = text.lower()
    if lower in SMALL_NUMBERS:
        return float(SMALL_NUMBERS[lower])
    return None


def parse_digit_range(text: str) -> tuple[float, float] | None:
    """Both ends of a range written as one token (``"20-30"``), else None."""
    match = _DIGIT_RANGE.match(text)
    if not match:
        return None
    return float(match[1].replace(",", "")), float(match[2].replace(",", ""))


def is_number_word(word: str) -> bool:
    """True for a token that can be part of a spelled-out or scaled number."""
    lower = word.lower()
    return lower in SMALL_NUMBERS or lower in SCALES or lower == "dozen" or _DIGITS.match(word) is not None


def words_to_number(words: list[str], *, money: bool = False) -> float | None:
    """The value of a number written over several words.

    Handles digits followed by scale words (``3.5 million``), spelled-out
    numbers (``two hundred and five``, ``twenty five``), ``a``/``an`` before a
    scale (``a hundred``) and ``dozen``. Hyphens and ``and`` are skipped.

    Returns:
        The value, or None when the words are not one number.

    >>> words_to_number(["3.5", "million"])
    3500000.0
    >>> words_to_number(["twenty", "-", "five"])
    25.0
    """
    acc: _Sum | None = _Sum()
    for word in words:
        lower = word.lower()
        if lower in ("-", "and", "\u2013"):
            continue
        acc = _add_word(acc, word, lower, money=money)
        if acc is None:
            return None
    if not acc.seen:
        return None
    return acc.total + (acc.current or 0.0)


@dataclass(frozen=True)
class _Sum:
    """A number being summed word by word: the total so far, the group being built
    ("two hundred" before "thousand"), and whether any number word was seen."""

    total: float = 0.0
    current: float | None = None
    seen: bool = False


def _add_scale(acc: _Sum, scale: float) -> _Sum | None:
    """A scale word: "hundred" multiplies the group, larger scales close it into the total."""
    base = acc.current if acc.current is not None else (1.0 if not acc.seen else None)
    if base is None:
        return replace(acc, total=acc.total * scale) if acc.total else None
    if scale == 100:
        return replace(acc, current=base * scale, seen=True)
    return _Sum(acc.total + base * scale, None, True)


def _add_numeral(acc: _Sum, word: str, lower: str, *, money: bool) -> _Sum | None:
    """A numeral or number word: starts a group, or adds units to "twenty"/"two hundred"."""
    value = parse_numeral(word, money=money)
    if value is None:
        return None
    current = acc.current
    if current is None:
        current = value
    elif lower in SMALL_NUMBERS and current % 100 == 0 and value < 100:
        current += value  # "two hundred five"
    elif lower in SMALL_NUMBERS and current % 10 == 0 and current % 100 and value < 10:
        current += value  # "twenty five"
    else:
        return None
    return replace(acc, current=current, seen=True)


def _add_word(acc: _Sum, word: str, lower: str, *, money: bool) -> _Sum | None:
    """One more word of a number (None when it cannot continue it)."""
    if lower in ("a", "an"):
        return None if acc.current is not None else replace(acc, current=1.0)
    if lower == "dozen":
        return replace(acc, current=(acc.current or 1.0) * 12, seen=True)
    if lower in SCALES:
        return _add_scale(acc, SCALES[lower])
    if money and lower in MONEY_SCALES and acc.current is not None:
        return _Sum(acc.total + acc.current * MONEY_SCALES[lower], None, True)
    return _add_numeral(acc, word, lower, money=money)


def vague_value(words: list[str]) -> float | None:
    """The conservative value of a vague amount: ``dozens`` 12, ``hundreds of thousands`` 100,000.

    >>> vague_value(["tens", "of", "thousands"])
    10000.0
    """
    value = 1.0
    seen = False
    for word in words:
        lower = word.lower()
        if lower == "of":
            continue
        if lower in VAGUE_AMOUNTS:
            value *= VAGUE_AMOUNTS[lower]
            seen = True
        elif lower in SCALES and seen:
            value *= SCALES[lower]
        else:
            return None
    return value if seen else None


def bounds(value: float, high: float | None, qualifier: str) -> tuple[float | None, float | None]:
    """value_low / value_high implied by a qualifier (null where the text leaves it open).

    Args:
        value: the number as stated (the low end of a range).
        high: the high end of a range, else None.
        qualifier: one of ``newsfacts.schema.QUALIFIERS``.
    """
    if qualifier == "exact":
        return value, value
    if qualifier == "range":
        return value, high
    if qualifier in ("more_than", "at_least", "vague"):
        return value, None
    if qualifier in ("nearly", "up_to", "less_than"):
        return None, value
    return None, None
