"""One test per extraction rule, so that a regression points at one rule.

Mention rules run on ``spacy.blank("en")``. Category rules need a parse: the Docs
are built by hand with their heads, dependencies, parts of speech and lemmas (as
the English model would give them), so no model is loaded.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from newsfacts.facts import mentions as M
from newsfacts.facts import syntax as S


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


def first_mention(doc: Doc) -> M.Mention:
    found = list(M.find_mentions(doc[:]))
    assert found, f"no mention in {doc.text!r}"
    return found[0]


# --------------------------------------------------------------------------- number readers


@pytest.mark.parametrize(
    ("reader", "text", "expected"),
    [
        (M.read_digit_range, "20–30 soldiers", M.NumberRead(1, 20.0, 30.0, False)),
        (M.read_vague_amount, "hundreds of thousands of people", M.NumberRead(3, 1e5, None, True)),
        (M.read_vague_scale, "several hundred people", M.NumberRead(2, 100.0, None, True)),
        (M.read_vague_scale, "a few thousand people", M.NumberRead(3, 1000.0, None, True)),
        (M.read_article_scale, "a dozen eggs", M.NumberRead(2, 12.0)),
        (M.read_numeral_words, "two hundred and five men", M.NumberRead(4, 205.0)),
        (M.read_numeral_words, "twenty-five men", M.NumberRead(3, 25.0)),
        (M.read_numeral_words, "3.5 million people", M.NumberRead(2, 3.5e6)),
    ],
)
def test_each_number_reader(blank, reader, text, expected):
    doc = blank(text)
    assert reader(doc, 0, len(doc), False) == expected


@pytest.mark.parametrize(
    ("reader", "text"),
    [
        (M.read_digit_range, "20 soldiers"),
        (M.read_vague_amount, "several people"),
        (M.read_vague_scale, "several people"),
        (M.read_article_scale, "a man"),
        (M.read_numeral_words, "the men"),
    ],
)
def test_number_readers_decline_what_is_not_theirs(blank, reader, text):
    doc = blank(text)
    assert reader(doc, 0, len(doc), False) is None


def test_glued_money_scale_makes_money(blank):
    doc = blank("$3.5m")
    assert M.read_number(doc, 1, len(doc), money=True) == M.NumberRead(3, 3.5e6)


def test_number_readers_are_ordered_data():
    assert M.NUMBER_READERS[0] is M.read_digit_range
    assert M.NUMBER_READERS[-1] is M.read_numeral_words


# --------------------------------------------------------------------------- units


@pytest.mark.parametrize(
    ("rule", "text", "at", "expected"),
    [
        (M.percent_unit, "5 per cent", 1, M.UnitRead(1, 3, "percent", "percent")),
        (M.currency_word_unit, "5 Australian dollars", 1, M.UnitRead(1, 3, "money", "AUD")),
        (M.duration_or_age_unit, "six weeks", 1, M.UnitRead(1, 2, "duration", "week")),
        (M.duration_or_age_unit, "45 years old", 1, M.UnitRead(1, 3, "age", "years old")),
        (M.measure_unit, "10 square kilometres", 1, M.UnitRead(1, 3, "measure", "square km")),
        (M.measure_unit, "60 miles an hour", 1, M.UnitRead(1, 4, "measure", "mile per hour")),
    ],
)
def test_each_unit_rule(blank, rule, text, at, expected):
    doc = blank(text)
    assert rule(doc, at, len(doc)) == expected


def test_measure_unit_needs_the_unit_after_a_prefix(blank):
    doc = blank("10 square feet")
    assert M.measure_unit(doc, 1, len(doc)).unit == "square foot"
    doc = blank("10 square meals")
    assert M.measure_unit(doc, 1, len(doc)) is None


def test_capital_letter_is_not_a_unit(blank):
    doc = blank("Group 5 M")
    assert M.measure_unit(doc, 2, len(doc)) is None


def test_currency_before_the_number_wins_over_unit_rules(blank):
    doc = blank("5 percent")
    assert M._unit_after(doc, 1, len(doc), "USD") == M.UnitRead(1, 1, "money", "USD")
    assert M._unit_after(doc, 1, len(doc), None).kind == "percent"


@pytest.mark.parametrize(
    ("text", "value", "kind", "unit", "qualifier"),
    [
        ("RM23.50", 23.5, "money", "MYR", None),
        ("640bhp", 640.0, "measure", None, None),
        ("5pc", 5.0, "percent", "percent", None),
        ("~40", 40.0, "count", None, "about"),
        ("USD1,700", 1700.0, "money", "USD", None),
    ],
)
def test_read_glued(blank, text, value, kind, unit, qualifier):
    doc = blank(text)
    glued = M.read_glued(doc, 0, len(doc))
    assert glued is not None
    assert (glued.value, glued.kind, glued.qualifier) == (value, kind, qualifier)
    if unit is not None:
        assert glued.unit == unit


def test_read_glued_refuses_games_console(blank):
    doc = blank("PS5")
    assert M.read_glued(doc, 0, len(doc)) is None


def test_currency_before(blank):
    doc = blank("US $58.24")
    assert M._currency_before(doc, 2, 0) == M.Currency(0, "USD")


# --------------------------------------------------------------------------- mention rules


def test_skip_numeric_date(blank):
    doc = blank("on 18-07-2016 troops")  # five glued tokens on a blank pipeline
    assert M.skip_numeric_date(doc, 1, 0, len(doc)) == M.Step(6, None)
    assert M.skip_numeric_date(doc, 0, 0, len(doc)) is None
    assert list(M.find_mentions(doc[:])) == []


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "unit"),
    [
        ("two-thirds of voters", 2 / 3, "exact", "fraction"),
        ("a quarter of the staff", 0.25, "exact", "fraction"),
        ("nearly half of the staff", 0.5, "nearly", "fraction"),
        ("1/16 of a US pint", 1 / 16, "exact", "fraction"),
        ("1/16 of an inch", 1 / 16, "exact", "inch"),  # a fraction of one unit is an amount of it
        ("half a percentage point", 0.5, "exact", "percentage point"),
    ],
)
def test_fraction_mention(blank, text, value, qualifier, unit):
    doc = blank(text)
    starts = [i for i in range(len(doc)) if M.fraction_mention(doc, i, 0, len(doc))]
    step = M.fraction_mention(doc, starts[0], 0, len(doc))
    assert (step.mention.value, step.mention.qualifier, step.mention.unit) == (pytest.approx(value), qualifier, unit)


def test_fraction_is_not_an_ordinal(blank):
    for text in ("a third term", "the first quarter of the year"):
        doc = blank(text)
        assert all(M.fraction_mention(doc, i, 0, len(doc)) is None for i in range(len(doc))), text


def test_glued_mention_takes_its_qualifier(blank):
    doc = blank("about RM23.50")
    step = M.glued_mention(doc, 1, 0, len(doc))
    assert (doc[step.mention.start:step.mention.end].text, step.mention.qualifier) == ("about RM23.50", "about")


def test_number_mention_declines_a_word(blank):
    doc = blank("the men")
    assert M.number_mention(doc, 0, 0, len(doc)) is None


@pytest.mark.parametrize(
    ("text", "value", "high", "qualifier"),
    [
        ("between 20 and 30 soldiers", 20.0, 30.0, "range"),
        ("3 to 5 million people", 3e6, 5e6, "range"),
        ("one or two people", 1.0, 2.0, "range"),
    ],
)
def test_join_range(blank, text, value, high, qualifier):
    m = first_mention(blank(text))
    assert (m.value, m.high, m.qualifier) == (value, high, qualifier)


def test_change_is_not_a_range(blank):
    values = [(m.value, m.high) for m in M.find_mentions(blank("it rose from 30 to 41")[:])]
    assert values == [(30.0, None), (41.0, None)]


def test_score_is_no_mention(blank):
    assert list(M.find_mentions(blank("they won 2-0 on Sunday")[:])) == []


def test_attach_unit_after_postfix_qualifier(blank):
    m = first_mention(blank("20 or more people"))
    assert (m.value, m.qualifier) == (20.0, "at_least")


def test_range_shares_the_unit_of_its_second_number(blank):
    found = list(M.find_mentions(blank("unemployment fell from 4.8 to 4.7 percent")[:]))
    assert [(m.value, m.kind) for m in found] == [(4.8, "percent"), (4.7, "percent")]


def test_range_with_the_unit_said_twice(blank):
    m = first_mention(blank("between 5% and 6% growth"))
    assert (m.value, m.high, m.kind, m.qualifier) == (5.0, 6.0, "percent", "range")


def test_age_after_aged(blank):
    m = first_mention(blank("he died aged 92"))
    assert (m.kind, m.unit) == ("age", "years old")


# --------------------------------------------------------------------------- filters


def test_is_past_duration(blank):
    doc = blank("three years ago")
    m = M.Mention(0, 1, 0, 1, 1, 2, 3.0, None, "exact", "duration", "year")
    assert M.is_past_duration(doc, m, 0, len(doc))
    assert list(M.find_mentions(doc[:])) == []


@pytest.mark.parametrize("text", ["on 12 March", "in 1998 the", "at 5 p.m. today", "from 2019-2020"])
def test_is_date_number(blank, text):
    doc = blank(text)
    assert list(M.find_mentions(doc[:])) == [], text


def test_year_before_plural_noun_counts_with_a_parse():
    vocab = spacy.blank("en").vocab
    doc = Doc(vocab, words=["2000", "troops", "arrived"], heads=[1, 2, 2], deps=["nummod", "nsubj", "ROOT"],
              tags=["CD", "NNS", "VBD"], pos=["NUM", "NOUN", "VERB"])
    assert [m.value for m in M.find_mentions(doc[:])] == [2000.0]


@pytest.mark.parametrize("text", ["Flight No 5 left", "COVID-19 cases", "Group 5 teams"])
def test_is_label(blank, text):
    doc = blank(text)
    assert list(M.find_mentions(doc[:])) == [], text


def test_number_before_a_proper_name_is_a_label():
    # "a 787 Dreamliner", tagged as the model would
    vocab = spacy.blank("en").vocab
    doc = Doc(vocab, words=["a", "787", "Dreamliner"], tags=["DT", "CD", "NNP"])
    assert list(M.find_mentions(doc[:])) == []


def test_filters_are_ordered_data():
    assert M.MENTION_FILTERS == (M.is_past_duration, M.is_date_number, M.is_label)
    assert M.MENTION_RULES[-1] is M.number_mention


# --------------------------------------------------------------------------- category rules (hand-built parses)


def parsed(words, heads, deps, pos, lemmas, tags=None) -> Doc:
    vocab = spacy.blank("en").vocab
    return Doc(vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas,
               tags=tags or ["XX"] * len(words), sent_starts=[True] + [False] * (len(words) - 1))


def context(doc: Doc) -> S.CategoryContext:
    m = first_mention(doc)
    sent = doc[:]
    noun = S.counted_noun(doc, m, sent)
    end = max(m.end, m.unit_end)
    return S.CategoryContext(doc, m, noun, sent, S.phrase_root(doc, m.start, end), end)


def killed_passive() -> Doc:
    # "12 people were killed"
    return parsed(["12", "people", "were", "killed"], [1, 3, 3, 3], ["nummod", "nsubjpass", "auxpass", "ROOT"],
                  ["NUM", "NOUN", "AUX", "VERB"], ["12", "people", "be", "kill"], ["CD", "NNS", "VBD", "VBN"])


def test_category_of_kind(blank):
    ctx = context(blank("5 percent"))
    assert S.category_of_kind(ctx) == S.Category("percent", None)


def test_unparsed_count(blank):
    assert S.unparsed_count(context(blank("12 people were killed"))) == S.Category("count", None)
    assert S.unparsed_count(context(killed_passive())) is None


def test_harm_participle_after():
    # "43 killed in shelling" (headline, no verb)
    doc = parsed(["43", "killed", "in", "shelling"], [0, 0, 1, 2], ["ROOT", "acl", "prep", "pobj"],
                 ["NUM", "VERB", "ADP", "NOUN"], ["43", "kill", "in", "shelling"], ["CD", "VBN", "IN", "NN"])
    ctx = context(doc)
    assert S.harm_participle_after(ctx).category == "killed"


def test_harm_up_the_chain_passive_verb():
    ctx = context(killed_passive())
    found = S.harm_up_the_chain(ctx)
    assert (found.category, found.governor.text) == ("killed", "killed")
    assert S.read_category(ctx.doc, ctx.m, ctx.noun, ctx.sent).category == "killed"


def test_harm_up_the_chain_toll_subject():
    # "the death toll rose to 41"
    doc = parsed(["the", "death", "toll", "rose", "to", "41"], [2, 2, 3, 3, 3, 4],
                 ["det", "compound", "nsubj", "ROOT", "prep", "pobj"],
                 ["DET", "NOUN", "NOUN", "VERB", "ADP", "NUM"], ["the", "death", "toll", "rise", "to", "41"])
    assert S.harm_up_the_chain(context(doc)).category == "killed"


def test_harm_up_the_chain_among_the_dead():
    # "four children were among the dead"
    doc = parsed(["four", "children", "were", "among", "the", "dead"], [1, 2, 2, 2, 5, 3],
                 ["nummod", "nsubj", "ROOT", "prep", "det", "pobj"],
                 ["NUM", "NOUN", "AUX", "ADP", "DET", "ADJ"], ["four", "child", "be", "among", "the", "dead"])
    assert S.harm_up_the_chain(context(doc)).category == "killed"


def test_harm_up_the_chain_lost_their_lives():
    # "six people lost their lives"
    doc = parsed(["six", "people", "lost", "their", "lives"], [1, 2, 2, 4, 2],
                 ["nummod", "nsubj", "ROOT", "poss", "dobj"],
                 ["NUM", "NOUN", "VERB", "PRON", "NOUN"], ["six", "people", "lose", "their", "life"])
    assert S.harm_up_the_chain(context(doc)) == S.Category("killed", doc[2])


def test_harm_up_the_chain_stops_at_things():
    # "12 rockets killed" is no toll: the counted noun is a thing
    doc = parsed(["12", "rockets", "killed"], [1, 2, 2], ["nummod", "nsubj", "ROOT"],
                 ["NUM", "NOUN", "VERB"], ["12", "rocket", "kill"], ["CD", "NNS", "VBD"])
    assert S.harm_up_the_chain(context(doc)) == S.Category("count", None)


def test_harm_noun():
    # "12 refugees arrived"
    doc = parsed(["12", "refugees", "arrived"], [1, 2, 2], ["nummod", "nsubj", "ROOT"],
                 ["NUM", "NOUN", "VERB"], ["12", "refugee", "arrive"], ["CD", "NNS", "VBD"])
    ctx = context(doc)
    assert S.harm_up_the_chain(ctx) is None
    assert S.harm_noun(ctx).category == "displaced"


def test_harm_modifier():
    # "12 wounded civilians arrived"
    doc = parsed(["12", "wounded", "civilians", "arrived"], [2, 2, 3, 3], ["nummod", "amod", "nsubj", "ROOT"],
                 ["NUM", "ADJ", "NOUN", "VERB"], ["12", "wounded", "civilian", "arrive"], ["CD", "JJ", "NNS", "VBD"])
    assert S.harm_modifier(context(doc)).category == "wounded"


def test_hyphenated_attribute():
    # "a 15-member council"
    doc = parsed(["a", "15", "-", "member", "council"], [4, 3, 3, 4, 4], ["det", "nummod", "punct", "compound", "ROOT"],
                 ["DET", "NUM", "PUNCT", "NOUN", "NOUN"], ["a", "15", "-", "member", "council"], ["DT", "CD", "HYPH", "NN", "NN"])
    assert S.hyphenated_attribute(context(doc)) == S.Category("count", None)


def test_harm_verb_before():
    # "Kills at least 50 Gunmen" with the verb parsed as a noun
    doc = parsed(["Army", "Kills", "at", "least", "50", "Gunmen"], [1, 1, 3, 4, 5, 1],
                 ["compound", "ROOT", "advmod", "advmod", "nummod", "dobj"],
                 ["PROPN", "NOUN", "ADP", "ADJ", "NUM", "PROPN"], ["Army", "Kills", "at", "least", "50", "Gunmen"])
    ctx = context(doc)
    assert S.harm_verb_before(ctx) == S.Category("killed", doc[1])


def test_people_noun():
    # "12 judges met"
    doc = parsed(["12", "judges", "met"], [1, 2, 2], ["nummod", "nsubj", "ROOT"],
                 ["NUM", "NOUN", "VERB"], ["12", "judge", "meet"], ["CD", "NNS", "VBD"])
    ctx = context(doc)
    assert S.people_noun(ctx) == S.Category("people", None)
    assert S.read_category(ctx.doc, ctx.m, ctx.noun, ctx.sent) == S.Category("people", None)


def test_category_rules_are_ordered_data():
    assert S.CATEGORY_RULES[0] is S.category_of_kind
    assert S.CATEGORY_RULES[-1] is S.people_noun
    assert not hasattr(S, "Reading")


def test_list_style_toll(blank):
    doc = blank("Total dead: 12")
    assert S.list_style_toll(context(doc)) == S.Category("killed", doc[1])
    assert S.read_category(doc, first_mention(doc), None, doc[:]).category == "killed"
    assert S.list_style_toll(context(blank("Score: 12"))) is None


def test_place_in_ranking(blank):
    doc = blank("one of the first attacks")
    assert S.place_in_ranking(context(doc)) == S.Category("count", None)
    assert S.place_in_ranking(context(blank("one of the soldiers"))) is None


def test_victims_as_subject_of_a_toll_verb():
    # "the victims numbered 35"
    doc = parsed(["the", "victims", "numbered", "35"], [1, 2, 2, 2], ["det", "nsubj", "ROOT", "dobj"],
                 ["DET", "NOUN", "VERB", "NUM"], ["the", "victim", "number", "35"])
    assert S.harm_up_the_chain(context(doc)) == S.Category("killed", doc[1])
    assert S._harm_in_subject(doc[2]) == S.Category("killed", doc[1])


def test_subcount_under_including():
    # "killed 58 people including 12 foreigners"
    doc = parsed(["killed", "58", "people", "including", "12", "foreigners"], [0, 2, 0, 2, 5, 3],
                 ["ROOT", "nummod", "dobj", "prep", "nummod", "pobj"],
                 ["VERB", "NUM", "NOUN", "VERB", "NUM", "NOUN"], ["kill", "58", "people", "include", "12", "foreigner"])
    toll, sub = M.find_mentions(doc[:])
    assert not S.is_subcount(doc, toll, doc[2])
    assert S.is_subcount(doc, sub, doc[5])


def test_links_between_neighbouring_amounts(blank):
    from newsfacts.facts.extract import revision, same_amount

    doc = blank("worth $280bn (£155bn)")
    dollars, pounds = M.find_mentions(doc[:])
    assert same_amount(doc, dollars, pounds)
    doc = blank("cut to 4.0% from 4.4%")
    new, old = M.find_mentions(doc[:])
    assert revision(doc, new, old) == "new"
    doc = blank("rose from 4.4% to 5.0%")
    old, new = M.find_mentions(doc[:])
    assert revision(doc, old, new) == "old"
    doc = blank("between 4.4% and 5.0%")
    assert [revision(doc, *pair) for pair in [tuple(M.find_mentions(doc[:]))] if len(pair) == 2] in ([], [None])


def test_chain_step_held():
    # "seven of the men had been held"
    doc = parsed(["seven", "of", "the", "men", "had", "been", "held"], [6, 0, 3, 1, 6, 6, 6],
                 ["nsubjpass", "prep", "det", "pobj", "aux", "auxpass", "ROOT"],
                 ["NUM", "ADP", "DET", "NOUN", "AUX", "AUX", "VERB"], ["seven", "of", "the", "man", "have", "be", "hold"])
    ctx = context(doc)
    assert ctx.noun == doc[3]
    assert S._step_held(ctx, doc[0], doc[6]) == S.Walk(False, S.Category("detained", doc[6]))
    assert S.read_category(doc, ctx.m, ctx.noun, ctx.sent).category == "detained"


def test_chain_step_lives():
    # "the war has claimed 310,000 lives"
    doc = parsed(["the", "war", "has", "claimed", "310,000", "lives"], [1, 3, 3, 3, 5, 3],
                 ["det", "nsubj", "aux", "ROOT", "nummod", "dobj"],
                 ["DET", "NOUN", "AUX", "VERB", "NUM", "NOUN"], ["the", "war", "have", "claim", "310,000", "life"])
    ctx = context(doc)
    assert S._step_lives(ctx, doc[5], doc[3]) == S.Walk(False, S.Category("killed", doc[3]))
    assert S.harm_up_the_chain(ctx) == S.Category("killed", doc[3])


def test_chain_step_noun_stops_unless_a_tally():
    # "a report on 12 schools" stops at "report"; "the number of 12 dead" goes on
    doc = parsed(["12", "schools", "report"], [1, 2, 2], ["nummod", "compound", "ROOT"],
                 ["NUM", "NOUN", "NOUN"], ["12", "school", "report"])
    ctx = context(doc)
    assert S._step_noun(ctx, doc[1], doc[2]) == S.Walk(False)
    tally = parsed(["12", "dead", "total"], [1, 2, 2], ["nummod", "compound", "ROOT"],
                   ["NUM", "NOUN", "NOUN"], ["12", "dead", "total"])
    assert S._step_noun(context(tally), tally[1], tally[2]) is None


def test_chain_step_through_preposition():
    # "the deaths of 12": "of" carries the count up; "in 12 cities" does not
    doc = parsed(["the", "deaths", "of", "12"], [1, 1, 1, 2], ["det", "ROOT", "prep", "pobj"],
                 ["DET", "NOUN", "ADP", "NUM"], ["the", "death", "of", "12"])
    ctx = context(doc)
    assert S._step_through_preposition(ctx, doc[3], doc[2]) == S.Walk(True)
    assert S.harm_up_the_chain(ctx).category == "killed"
    doc = parsed(["fighting", "in", "12", "cities"], [0, 0, 3, 1], ["ROOT", "prep", "nummod", "pobj"],
                 ["NOUN", "ADP", "NUM", "NOUN"], ["fighting", "in", "12", "city"])
    assert S._step_through_preposition(context(doc), doc[3], doc[1]) == S.Walk(False)


def test_harm_word_after_reads_the_word_the_parse_hung_elsewhere():
    # "left 28 militants dead": the tagger made "dead" a preposition hanging on "left"
    doc = parsed(["left", "28", "militants", "dead"], [0, 2, 0, 0], ["ROOT", "nummod", "dobj", "prep"],
                 ["VERB", "NUM", "NOUN", "ADP"], ["leave", "28", "militant", "dead"], ["VBD", "CD", "NNS", "IN"])
    assert S.harm_word_after(context(doc)) == S.Category("killed", doc[3])


def test_harm_word_after_declines_a_verb_with_its_own_object():
    # "3 gunmen killed 12": the gunmen did the killing
    doc = parsed(["3", "gunmen", "killed", "12"], [1, 2, 2, 2], ["nummod", "nsubj", "ROOT", "dobj"],
                 ["NUM", "NOUN", "VERB", "NUM"], ["3", "gunman", "kill", "12"], ["CD", "NNS", "VBD", "CD"])
    assert S.harm_word_after(context(doc)) is None


def test_the_lives_of_n_people_under_a_life_verb():
    # "claimed the lives of 27 children"
    doc = parsed(["claimed", "the", "lives", "of", "27", "children"], [0, 2, 0, 2, 5, 3],
                 ["ROOT", "det", "dobj", "prep", "nummod", "pobj"],
                 ["VERB", "DET", "NOUN", "ADP", "NUM", "NOUN"], ["claim", "the", "life", "of", "27", "child"],
                 ["VBD", "DT", "NNS", "IN", "CD", "NNS"])
    assert S.harm_up_the_chain(context(doc)) == S.Category("killed", doc[0])


def test_harm_modifier_of_a_thing_is_no_toll():
    # "two besieged villages"
    doc = parsed(["two", "besieged", "villages"], [2, 2, 2], ["nummod", "amod", "ROOT"],
                 ["NUM", "ADJ", "NOUN"], ["two", "besieged", "village"], ["CD", "JJ", "NNS"])
    assert S.harm_modifier(context(doc)) == S.Category("count", None)
