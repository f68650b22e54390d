"""Reading numbers as news writes them (no model needed)."""

import pytest

from newsfacts.facts.numerals import bounds, parse_digit_range, parse_numeral, vague_value, words_to_number


@pytest.mark.parametrize(
    ("text", "money", "expected"),
    [
        ("310,000", False, 310000.0),
        ("3.5", False, 3.5),
        ("-1.4", False, -1.4),
        ("1,250.75", False, 1250.75),
        ("5bn", False, 5e9),
        ("155bn", False, 1.55e11),
        ("2tn", False, 2e12),
        ("40m", True, 4e7),
        ("2.4mln", False, 2.4e6),
        ("3.5m", True, 3.5e6),
        ("3.5m", False, None),  # 3.5 metres, not a bare number
        ("Seventeen", False, 17.0),
        ("first", False, None),
        ("3rd", False, None),
        ("Syria", False, None),
    ],
)
def test_parse_numeral(text, money, expected):
    assert parse_numeral(text, money=money) == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["3.5", "million"], 3.5e6),
        (["1.2", "bln"], 1.2e9),
        (["two", "hundred"], 200.0),
        (["two", "hundred", "and", "five"], 205.0),
        (["twenty", "-", "five"], 25.0),
        (["one", "hundred", "twenty", "three"], 123.0),
        (["a", "dozen"], 12.0),
        (["two", "dozen"], 24.0),
        (["a", "million"], 1e6),
        (["two", "million", "five", "hundred", "thousand"], 2.5e6),
        # scale words as news writes them (issue 19)
        (["1.5", "million"], 1.5e6),
        (["a", "trillion"], 1e12),
        (["3.2", "trillion"], 3.2e12),
        (["1.5", "tn"], 1.5e12),
        (["280bn"], 2.8e11),
        (["40", "mln"], 4e7),
        (["five", "six"], None),
        (["2011", "2012"], None),
    ],
)
def test_words_to_number(words, expected):
    assert words_to_number(words) == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["dozens"], 12.0),
        (["tens"], 10.0),
        (["scores"], 20.0),
        (["hundreds"], 100.0),
        (["thousands"], 1000.0),
        (["hundreds", "of", "thousands"], 100000.0),
        (["tens", "of", "thousands"], 10000.0),
        (["several"], None),
    ],
)
def test_vague_amounts_read_conservatively(words, expected):
    assert vague_value(words) == expected


@pytest.mark.parametrize(
    ("value", "high", "qualifier", "expected"),
    [
        (5.0, None, "exact", (5.0, 5.0)),
        (20.0, 30.0, "range", (20.0, 30.0)),
        (310000.0, None, "more_than", (310000.0, None)),
        (12.0, None, "at_least", (12.0, None)),
        (12.0, None, "vague", (12.0, None)),
        (4000.0, None, "nearly", (None, 4000.0)),
        (200.0, None, "up_to", (None, 200.0)),
        (50.0, None, "less_than", (None, 50.0)),
        (19.0, None, "about", (None, None)),
    ],
)
def test_bounds_follow_the_qualifier(value, high, qualifier, expected):
    assert bounds(value, high, qualifier) == expected


def test_digit_range_token():
    assert parse_digit_range("20-30") == (20.0, 30.0)
    assert parse_digit_range("1,000-2,000") == (1000.0, 2000.0)
    assert parse_digit_range("COVID-19") is None
