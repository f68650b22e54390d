"""Finding quantities in a sentence on tokens alone: spacy.blank("en"), no model.

Each row: a sentence, then every quantity expected in it as
(number as written, value, high end, qualifier, kind, unit).
"""

import pytest
import spacy

from newsfacts.facts.mentions import find_mentions, find_zero_mentions


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


def mentions(nlp, text):
    doc = nlp(text)
    return [
        (doc[m.start:m.end].text, m.value, m.high, m.qualifier, m.kind, m.unit)
        for m in find_mentions(doc[:])
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It has claimed more than 310,000 lives since 2011.",
         [("more than 310,000", 310000.0, None, "more_than", "count", None)]),
        ("Some 3.5 million people need aid.", [("Some 3.5 million", 3.5e6, None, "about", "count", None)]),
        ("Exports reached 1.2 bln dlrs.", [("1.2 bln", 1.2e9, None, "exact", "money", "USD")]),
        ("Seventeen men and two hundred women", [
            ("Seventeen", 17.0, None, "exact", "count", None),
            ("two hundred", 200.0, None, "exact", "count", None)]),
        ("a faltering six-week truce", [("six", 6.0, None, "exact", "duration", "week")]),
        ("between 20 and 30 soldiers", [("between 20 and 30", 20.0, 30.0, "range", "count", None)]),
        ("20-30 soldiers", [("20-30", 20.0, 30.0, "range", "count", None)]),
        ("20 to 30 soldiers", [("20 to 30", 20.0, 30.0, "range", "count", None)]),
        ("3 to 5 million people", [("3 to 5 million", 3e6, 5e6, "range", "count", None)]),
        ("$20 to $30 billion", [("$20 to $30 billion", 2e10, 3e10, "range", "money", "USD")]),
        ("Dozens of civilians and hundreds of thousands of refugees", [
            ("Dozens", 12.0, None, "vague", "count", None),
            ("hundreds of thousands", 1e5, None, "vague", "count", None)]),
        ("a dozen eggs", [("a dozen", 12.0, None, "exact", "count", None)]),
        ("up 9.4 per cent to $84", [
            ("9.4", 9.4, None, "exact", "percent", "percent"),
            ("$84", 84.0, None, "exact", "money", "USD")]),
        ("US $58.24 per barrel and €5bn", [
            ("US $58.24", 58.24, None, "exact", "money", "USD"),
            ("€5bn", 5e9, None, "exact", "money", "EUR")]),
        ("a fine of 10.5 million Australian dollars", [("10.5 million", 1.05e7, None, "exact", "money", "AUD")]),
        ("87 mph (140 km/h)", [
            ("87", 87.0, None, "exact", "measure", "mph"),
            ("140", 140.0, None, "exact", "measure", "km per hour")]),
        ("10 square kilometres", [("10", 10.0, None, "exact", "measure", "square km")]),
        ("a 45-year-old man", [("45", 45.0, None, "exact", "age", "years old")]),
        ("nearly 4,000 people", [("nearly 4,000", 4000.0, None, "nearly", "count", None)]),
        ("at least 12, up to 200, fewer than 50, almost 90, around 19, over 60",
         [("at least 12", 12.0, None, "at_least", "count", None),
          ("up to 200", 200.0, None, "up_to", "count", None),
          ("fewer than 50", 50.0, None, "less_than", "count", None),
          ("almost 90", 90.0, None, "nearly", "count", None),
          ("around 19", 19.0, None, "about", "count", None),
          ("over 60", 60.0, None, "more_than", "count", None)]),
        ("100 or more protesters", [("100 or more", 100.0, None, "at_least", "count", None)]),
        # Dates, times and labels are not quantities.
        ("On Wednesday, February 11, 2016, at 10 a.m.", []),
        ("Resolution 2254 and COVID-19", []),
        ("It happened six weeks ago.", []),
        ("On 18-07-2016, 07/18/2016 and 2016-07-18", []),
        # Ages are read as ages (the extractor then drops a person's age).
        ("He died aged 92.", [("92", 92.0, None, "exact", "age", "years old")]),
        # Fractions: with a slash, hyphenated, or a spelled-out one before "of".
        ("1/16 of a pint", [("1/16", 0.0625, None, "exact", "count", "fraction")]),
        ("Nearly two-thirds of sales", [("Nearly two-thirds", 2 / 3, None, "nearly", "count", "fraction")]),
        ("a third of the people", [("a third", 1 / 3, None, "exact", "count", "fraction")]),
        ("almost half of which", [("almost half", 0.5, None, "nearly", "count", "fraction")]),
        ("the first quarter, a third term, the second half of the year, 24/7", []),
        # A scale word made vague: the scale, as ACLED reads it.
        ("several hundred citizens and a few thousand people", [
            ("several hundred", 100.0, None, "vague", "count", None),
            ("a few thousand", 1000.0, None, "vague", "count", None)]),
        # "£" as some feeds render it, glued; "PS5" stays a games console.
        ("worth PS8.1bn, not a PS5", [("PS8.1bn", 8.1e9, None, "exact", "money", "GBP")]),
    ],
)
def test_mentions(blank, text, expected):
    assert mentions(blank, text) == expected


@pytest.mark.parametrize(
    ("text", "number_text"),
    [("There were no casualties.", "no"), ("It caused zero deaths.", "zero")],
)
def test_harm_stated_as_none_is_a_zero(blank, text, number_text):
    doc = blank(text)
    found = list(find_zero_mentions(doc[:]))
    assert [(doc[m.start:m.end].text, m.value) for m in found] == [(number_text, 0.0)]


def test_no_without_harm_is_nothing(blank):
    doc = blank("There was no comment.")
    assert list(find_zero_mentions(doc[:])) == []


# Issue 19, quantities: constructions of English number and unit writing, one literal sentence each.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Reuters renders the yen sign as "Y="; a spaced scale word after a glued currency
        ("Nintendo fell to Y=28,030.", [("Y=28,030", 28030.0, None, "exact", "money", "JPY")]),
        ("a net profit of Y=590 billion ($5.42 billion)", [
            ("Y=590 billion", 5.9e11, None, "exact", "money", "JPY"),
            ("$5.42 billion", 5.42e9, None, "exact", "money", "USD")]),
        ("chips of sub-7 nanometer", [("sub-7", 7.0, None, "less_than", "measure", "nm")]),
        ("The neck is 25.5″ long.", [("25.5″", 25.5, None, "exact", "measure", "inch")]),
        # a range whose second number carries the unit, glued
        ("a 5-10W laser", [("5-10W", 5.0, 10.0, "range", "measure", "W")]),
        ("~25 – 40min per fillet", [("~25 – 40min", 25.0, 40.0, "range", "duration", "minute")]),
        # after "by": a bare number and a second one with its unit is a range; each with its unit, a change
        ("Temperatures dropped by 1 to 1.5 degrees Celsius.",
         [("1 to 1.5", 1.0, 1.5, "range", "measure", "degree Celsius")]),
        ("Exports increased by $43.6 billion to $419.2 billion.", [
            ("$43.6 billion", 4.36e10, None, "exact", "money", "USD"),
            ("$419.2 billion", 4.192e11, None, "exact", "money", "USD")]),
        # the first end takes the second's scale only when that keeps the range rising
        ("claims ranging from $200 to $4 million", [("$200 to $4 million", 200.0, 4e6, "range", "money", "USD")]),
        ("3 to 5 million people", [("3 to 5 million", 3e6, 5e6, "range", "count", None)]),
        # a unit written once for several numbers (hanging hyphens)
        ("four-, five- and six-cylinder engines", [
            ("four-", 4.0, None, "exact", "count", None),
            ("five-", 5.0, None, "exact", "count", None),
            ("six", 6.0, None, "exact", "count", None)]),
        ("a 10- to 15-minute walk", [("10- to 15", 10.0, 15.0, "range", "duration", "minute")]),
        # proportions written "one in three", "one out of five"
        ("One out of three Germans", [("One out of three", 1 / 3, None, "exact", "count", "fraction")]),
        ("nearly one in five adults", [("nearly one in five", 0.2, None, "nearly", "count", "fraction")]),
        ("one in a million", [("one", 1.0, None, "exact", "count", None), ("a million", 1e6, None, "exact", "count", None)]),
        ("Police arrested 3 in 10 days.", [
            ("3", 3.0, None, "exact", "count", None), ("10", 10.0, None, "exact", "duration", "day")]),
        # a dash glued between two numbers is a range even after "from"; the bare "to 24" shares its unit
        ("rose from about 14-18 mpg to 24", [
            ("about 14-18", 14.0, 18.0, "range", "measure", "mpg"), ("24", 24.0, None, "exact", "measure", "mpg")]),
    ],
)
def test_number_and_unit_writing(blank, text, expected):
    assert mentions(blank, text) == [(t, pytest.approx(v), h, q, k, u) for t, v, h, q, k, u in expected]
