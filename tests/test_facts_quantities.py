"""Quantities as news writes them, through the real pipeline (issue 19): rules that need the
parse, one literal sentence each."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def facts(nlp, text):
    doc = nlp(text)  # held: a span group needs its Doc alive
    return [(span._.fact.value, span._.fact.unit, span._.fact.qualifier) for span in doc.spans["facts"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He served five years in prison.", [(5.0, "year", "exact")]),
        # "one" right before another number is an article
        ("Vancouver hosts just one 52,000 barrel-a-day refinery.", [(52000.0, "barrel", "exact")]),
        # a number after a lower-case class noun names the class
        ("The category 4 hurricane had winds of 155mph.", [(155.0, "mph", "exact")]),
        # a year after "in" takes no unit from a later number
        ("Mileage rose from 20 miles per gallon in 2008 to 29 mpg in 2020.",
         [(20.0, "mile per gallon", "exact"), (29.0, "mpg", "exact")]),
        ("Nintendo plunged 4.28 percent to Y=28,030.", [(4.28, "percent", "exact"), (28030.0, "JPY", "exact")]),
        ("One out of three Germans have housing problems.", [(pytest.approx(1 / 3), "fraction", "exact")]),
        # after an article, "X to Y" is one noun phrase (a range) even where the parse hangs "to" on the verb
        ("Global trade could see a five per cent to 20 per cent rebound next year.", [(5.0, "percent", "range")]),
        ("Analysts could see a 5 to 10 percent rise in sales.", [(5.0, "percent", "range")]),
        ("Shares rose 5 per cent to 20 per cent of the market.", [(5.0, "percent", "exact"), (20.0, "percent", "exact")]),
        # a bare number after "from N unit to" shares the unit, unless it counts a noun of its own
        ("His weight dropped from 210 pounds to 188 in a year.", [(210.0, "pound", "exact"), (188.0, "pound", "exact")]),
        ("Unemployment fell from 6.1 percent to 5.8 in June.", [(6.1, "percent", "exact"), (5.8, "percent", "exact")]),
        ("The share rose from 5 percent to 7 companies.", [(5.0, "percent", "exact"), (7.0, None, "exact")]),
        # a stock index's number is part of its name
        ("The FTSE 100 rose 1.2% while the S&P 500 and the Nikkei 225 fell 0.4%.",
         [(1.2, "percent", "exact"), (0.4, "percent", "exact")]),
    ],
)
def test_quantities_in_context(nlp, text, expected):
    assert facts(nlp, text) == expected


def test_scales_in_words_and_letters(nlp):
    assert facts(nlp, "Sales hit $1.5bn, 2.3 million units and £40m.") == [
        (1.5e9, "USD", "exact"), (2.3e6, None, "exact"), (4e7, "GBP", "exact")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Growth will slow by half a percentage point.", [(0.5, "percentage point", "exact")]),
        ("Rates rose a quarter of a percentage point.", [(0.25, "percentage point", "exact")]),
        ("The talks took half an hour.", [(0.5, "hour", "exact")]),
        ("It cost half a million dollars.", [(500000.0, "USD", "exact")]),
        ("Prices rose by five per cent last year.", [(5.0, "percent", "exact")]),
    ],
)
def test_fractions_of_a_unit_and_percentages_in_words(nlp, text, expected):
    assert facts(nlp, text) == expected
