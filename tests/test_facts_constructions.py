"""One literal sentence per construction of news copy the extractor must read (issue 19),
through the real pipeline (the parse decides most of them)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def facts(nlp, text):
    doc = nlp(text)  # held: a span group needs its Doc alive
    return [span._.fact for span in doc.spans["facts"]]


def keys(nlp, text):
    return [(f.category, f.value) for f in facts(nlp, text)]


def test_range(nlp):
    (fact,) = facts(nlp, "Between 20 and 30 soldiers were wounded.")
    assert (fact.category, fact.value, fact.value_high, fact.qualifier) == ("wounded", 20.0, 30.0, "range")


def test_fraction(nlp):
    (fact,) = facts(nlp, "Two-thirds of the budget went on salaries.")
    assert (fact.value, fact.unit) == (pytest.approx(2 / 3), "fraction")


def test_a_quarter_of(nlp):
    (fact,) = facts(nlp, "A quarter of the population has left the city.")
    assert (fact.value, fact.unit) == (0.25, "fraction")


def test_percentage_written_out(nlp):
    (fact,) = facts(nlp, "Prices rose by five per cent last year.")
    assert (fact.category, fact.value, fact.unit) == ("percent", 5.0, "percent")


def test_money_in_two_currencies_is_one_amount(nlp):
    doc = nlp("The deal is worth $280bn (£155bn).")
    dollars, pounds = doc.spans["facts"]
    assert (dollars._.fact.unit, pounds._.fact.unit) == ("USD", "GBP")
    assert pounds._.fact.same_as == dollars.id and dollars._.fact.same_as is None


def test_revision_links_new_to_old(nlp):
    doc = nlp("The bank cut its growth forecast to 4.0% from 4.4%.")
    new, old = doc.spans["facts"]
    assert (new._.fact.value, old._.fact.value) == (4.0, 4.4)
    assert new._.fact.revises == old.id and old._.fact.revises is None


def test_change_from_to_links_the_second_to_the_first(nlp):
    doc = nlp("Unemployment rose from 4.8 percent to 5.1 percent.")
    old, new = doc.spans["facts"]
    assert new._.fact.revises == old.id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Total dead: 12. Injured: 40.", [("killed", 12.0), ("wounded", 40.0)]),
        ("The death toll rose to 41 on Sunday.", [("killed", 41.0)]),
        ("The shelling brought the death toll to 41.", [("killed", 41.0)]),
        ("The victims numbered 35, police said.", [("killed", 35.0)]),
        ("Bombs have killed more than 300 people since May and wounded over 1,000.",
         [("killed", 300.0), ("wounded", 1000.0)]),
    ],
)
def test_tolls_as_news_writes_them(nlp, text, expected):
    assert keys(nlp, text) == expected


def test_subcount_is_flagged_and_never_the_toll(nlp):
    toll, sub = facts(nlp, "The blast killed 58 people, including 12 foreigners.")
    assert (toll.value, toll.subcount) == (58.0, False)
    assert (sub.value, sub.subcount) == (12.0, True)


def test_among_the_dead_is_a_subcount(nlp):
    (fact,) = facts(nlp, "The group said four children were among the dead.")
    assert (fact.category, fact.value, fact.subcount) == ("killed", 4.0, True)


@pytest.mark.parametrize(
    "text",
    [
        "Company 2005 sales rose sharply.",
        "It was one of the first attacks on the city.",
        "It is one of the largest camps in the region.",
        "One official told Reuters the talks had failed.",
    ],
)
def test_years_ordinals_and_sources_are_never_counts_of_people(nlp, text):
    from newsfacts.schema import PEOPLE_CATEGORIES

    found = facts(nlp, text)
    assert [f for f in found if f.category in PEOPLE_CATEGORIES] == []
    assert not any(f.value in (2005.0,) for f in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a harm word right after the count, whatever the parse hung it on
        ("Four people died and 40 injured in the blast.", [("killed", 4.0), ("wounded", 40.0)]),
        ("Rebels fired rockets on the town leaving three people wounded.", [("wounded", 3.0)]),
        ("A counterattack on Monday left 28 militants dead a monitor said.", [("killed", 28.0)]),
        # the lives of N people, with a verb of claiming or losing them
        ("The attack claimed the lives of at least 27 children.", [("killed", 27.0)]),
        ("The conflict has taken the lives of more than 200000 people.", [("killed", 200000.0)]),
    ],
)
def test_tolls_the_parse_does_not_tie_to_their_harm_word(nlp, text, expected):
    assert keys(nlp, text) == expected


def test_places_under_a_harm_word_are_not_people(nlp):
    from newsfacts.schema import PEOPLE_CATEGORIES

    found = facts(nlp, "The army tried to relieve two besieged villages to the north.")
    assert [f for f in found if f.category in PEOPLE_CATEGORIES] == []
