"""The ``newsfacts_timex`` component on ``spacy.blank("en")``: literal sentences, a fixed
publication date (Wednesday 15 March 2017), exact spans and TIMEX3 values for every rule."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
import spacy

import newsfacts.timex  # noqa: F401  (registers the factory)
from newsfacts.timex import Timex, interval, is_timex3
from newsfacts.timex.lexicon import number_value

DCT = date(2017, 3, 15)  # a Wednesday, in the first quarter


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("newsfacts_timex")
    return nlp


def timexes(nlp, text: str, dct=DCT) -> list[Timex]:
    doc = nlp.make_doc(text)
    doc._.dct = dct
    return [s._.timex for s in nlp(doc).spans["timexes"]]


def found(nlp, text: str, dct=DCT) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in timexes(nlp, text, dct)]


@pytest.mark.parametrize("text, expected", [
    # weekdays: back from the publication date in a past-tense clause, forward in a future one
    ("Rebels said on Friday that the truce held.", [("Friday", "DATE", "2017-03-10")]),
    ("The envoys will meet on Friday in Astana.", [("Friday", "DATE", "2017-03-17")]),
    ("Talks opened on Wednesday in Astana.", [("Wednesday", "DATE", "2017-03-15")]),
    ("The army said it was attacked last Wednesday.", [("last Wednesday", "DATE", "2017-03-08")]),
    ("Ministers will vote next Monday.", [("next Monday", "DATE", "2017-03-20")]),
    ("Two soldiers were killed on Monday night.", [("Monday night", "TIME", "2017-03-13TNI")]),
    # the publication day and its neighbours
    ("Officials said today that yesterday's strike was the worst.",
     [("today", "DATE", "2017-03-15"), ("yesterday", "DATE", "2017-03-14")]),
    ("The vote is tomorrow.", [("tomorrow", "DATE", "2017-03-16")]),
    ("Shelling resumed this morning.", [("this morning", "TIME", "2017-03-15TMO")]),
    ("Shelling resumed last night.", [("last night", "TIME", "2017-03-14TNI")]),
    # weeks, months, years relative to the publication date
    ("Prices fell last week.", [("last week", "DATE", "2017-W10")]),
    ("Exports rose this year.", [("this year", "DATE", "2017")]),
    ("Exports fell last year.", [("last year", "DATE", "2016")]),
    ("The plant opens next month.", [("next month", "DATE", "2017-04")]),
    ("Output rose earlier this month.", [("earlier this month", "DATE", "2017-03")]),
    ("The rebels took the town two years ago.", [("two years ago", "DATE", "2015")]),
    ("The rebels took the town three days ago.", [("three days ago", "DATE", "2017-03-12")]),
    ("Troops left over the weekend.", [("the weekend", "DATE", "2017-W10-WE")]),
    # months without a year, by tense
    ("The talks collapsed in October.", [("October", "DATE", "2016-10")]),
    ("Elections will be held in June.", [("June", "DATE", "2017-06")]),
    ("Prices have risen since January.", [("January", "DATE", "2017-01")]),
    ("Fighting flared last December.", [("last December", "DATE", "2016-12")]),
    ("The deal was signed on March 3.", [("March 3", "DATE", "2017-03-03")]),
    ("The deal was signed on Jan. 30.", [("Jan. 30", "DATE", "2017-01-30")]),
    # absolute dates
    ("The war began in 2011.", [("2011", "DATE", "2011")]),
    ("It was signed on March 3, 2016.", [("March 3, 2016", "DATE", "2016-03-03")]),
    ("It was signed on 3 March 2016.", [("3 March 2016", "DATE", "2016-03-03")]),
    ("The plan dates from mid-2004.", [("mid-2004", "DATE", "2004")]),
    ("Prices peaked in early 1990.", [("early 1990", "DATE", "1990")]),
    ("It was built in November 1995.", [("November 1995", "DATE", "1995-11")]),
    ("The dispute goes back to the 1990s.", [("the 1990s", "DATE", "199")]),
    ("The dispute goes back to the '80s.", [("the '80s", "DATE", "198")]),
    ("It was the bloodiest war of the 20th century.", [("the 20th century", "DATE", "19")]),
    ("It happened in nineteen ninety-one.", [("nineteen ninety-one", "DATE", "1991")]),
    ("It was filed on 2017-03-14.", [("2017-03-14", "DATE", "2017-03-14")]),
    ("The drought lasted through the winter of 1994.", [("the winter of 1994", "DATE", "1994-WI")]),
    ("Fighting will resume this summer.", [("this summer", "DATE", "2017-SU")]),
    # fiscal quarters and halves
    ("Profit fell in the fourth quarter.", [("the fourth quarter", "DATE", "2016-Q4")]),
    ("Sales will rise in the third quarter.", [("the third quarter", "DATE", "2017-Q3")]),
    ("Third-quarter results are due.", [("Third-quarter", "DATE", "2017-Q3")]),
    ("Third-quarter profit rose.", [("Third-quarter", "DATE", "2016-Q3")]),
    ("Profit rose in the third quarter of 2016.", [("the third quarter of 2016", "DATE", "2016-Q3")]),
    ("Revenue for fiscal 2016 rose.", [("fiscal 2016", "DATE", "2016")]),
    ("Revenue rose in Q3 2016.", [("Q3 2016", "DATE", "2016-Q3")]),
    ("Profit fell in the third quarter of 2016. Sales were flat in the quarter and a year earlier.",
     [("the third quarter of 2016", "DATE", "2016-Q3"), ("the quarter", "DATE", "2016-Q3"),
      ("a year earlier", "DATE", "2015-Q3")]),
    # durations
    ("Prices rose in the past three months.", [("the past three months", "DURATION", "P3M")]),
    ("The siege lasted nearly forty years.", [("nearly forty years", "DURATION", "P40Y")]),
    ("They talked for 24 hours.", [("24 hours", "DURATION", "PT24H")]),
    ("He served 2 1/2 years.", [("2 1/2 years", "DURATION", "P2Y6M")]),
    ("It signed a two-year deal.", [("two-year", "DURATION", "P2Y")]),
    ("The war has lasted two decades.", [("two decades", "DURATION", "P20Y")]),
    ("It took several weeks.", [("several weeks", "DURATION", "PXW")]),
    ("They have fought for years.", [("years", "DURATION", "PXY")]),
    # sets
    ("Inspectors visit every week.", [("every week", "SET", "P1W")]),
    ("The council meets each Thursday.", [("each Thursday", "SET", "XXXX-WXX-4")]),
    ("Prices are reviewed annually.", [("annually", "SET", "P1Y")]),
    ("It earns $5 million a year.", []),  # a rate, not a time expression
    ("Profits are expected to rise 8.5% annually.", []),
    # reference words
    ("The town is now under siege.", [("now", "DATE", "PRESENT_REF")]),
    ("The town was recently retaken.", [("recently", "DATE", "PAST_REF")]),
    ("Talks may resume in the future.", [("the future", "DATE", "FUTURE_REF")]),
    ("Talks will resume soon.", [("soon", "DATE", "FUTURE_REF")]),
    # times, with zones
    ("The blast hit at 3:30 p.m. EST.", [("3:30 p.m. EST", "TIME", "2017-03-15T15:30-05:00")]),
    ("The market closed at 16:30 GMT.", [("16:30 GMT", "TIME", "2017-03-15T16:30Z")]),
    ("The vote will close at noon Thursday.", [("noon Thursday", "TIME", "2017-03-16T12:00")]),
    ("Polls opened at 7 a.m.", [("7 a.m.", "TIME", "2017-03-15T07:00")]),
    ("The talks will resume at 8 o'clock tomorrow.", [("8 o'clock tomorrow", "TIME", "2017-03-16T08:00")]),
    ("They met at seven o'clock in the evening.", [("seven o'clock in the evening", "TIME", "2017-03-15T19:00")]),
    # narrative anchoring: the date the story last named
    ("The treaty was signed in 2011. The following year it took effect.",
     [("2011", "DATE", "2011"), ("The following year", "DATE", "2012")]),
    ("The bill passed in May 2016. Later that month the president signed it.",
     [("May 2016", "DATE", "2016-05"), ("Later that month", "DATE", "2016-05")]),
    ("The town was shelled on March 3, 2016, and fell the next day.",
     [("March 3, 2016", "DATE", "2016-03-03"), ("the next day", "DATE", "2016-03-04")]),
    ("Rents rose sharply that year.", [("that year", "DATE", "2017")]),
    ("The town fell on March 3, 2016, after talks failed the previous day.",
     [("March 3, 2016", "DATE", "2016-03-03"), ("the previous day", "DATE", "2016-03-02")]),
    ("He arrived in Paris later in the day.", [("later in the day", "DATE", "2017-03-15")]),
    ("Rebels took the town months ago.", [("months ago", "DATE", "PAST_REF")]),
    ("Output fell in the third quarter of the year.", [("the third quarter of the year", "DATE", "2016-Q3")]),
    # every other unit
    ("The group meets every other week.", [("every other week", "SET", "P2W")]),
    # holidays: fixed days and the n-th or last weekday of their month
    ("Shops close at Christmas.", [("Christmas", "DATE", "2016-12-25")]),
    ("He returned on Labor Day.", [("Labor Day", "DATE", "2016-09-05")]),
    ("Parades are planned for Memorial Day.", [("Memorial Day", "DATE", "2017-05-29")]),
    ("Traffic was heavy over Thanksgiving.", [("Thanksgiving", "DATE", "2016-11-24")]),
])
def test_rule_reads_the_expression(nlp, text, expected):
    assert found(nlp, text) == expected


@pytest.mark.parametrize("text", [
    "Theresa May said the vote would go ahead.",
    "The army sent 2,000 troops and 1,500 tanks.",
    "A quarter of the votes were counted.",
    "The attack came a second time.",
    "Mr. Reupke, 52 years old, resigned.",
    "Foreigners may leave as soon as the threats end.",
    "The talks will decide the future of the region.",
    "He wants to train the engineers of tomorrow.",
    "Such rules make no sense in today's world.",
    "Analysts blamed the fall in oil prices.",
    "The fall of the government shocked investors.",
    "The airline runs four flights a week to Bombay.",  # a rate of counted things
])
def test_no_time_expression(nlp, text):
    assert found(nlp, text) == []


def test_undated_article_keeps_absolute_dates_and_leaves_relative_ones_unresolved(nlp):
    got = timexes(nlp, "Rebels said on Friday that 40 died last year, since March 2011.", dct=None)
    assert [(t.text, t.value, t.anchored, t.unresolved) for t in got] == [
        ("Friday", "XXXX-WXX-5", False, True),
        ("last year", "XXXX", False, True),
        ("March 2011", "2011-03", False, False),
    ]
    assert got[0].start_date is None and got[2].start_date == date(2011, 3, 1)


def test_relative_values_are_anchored_and_absolute_ones_are_not(nlp):
    got = timexes(nlp, "Rebels said on Friday that 40 died in 2011.")
    assert [(t.text, t.anchored) for t in got] == [("Friday", True), ("2011", False)]


def test_publication_datetime_uses_its_own_day(nlp):
    published = datetime(2017, 3, 15, 23, 30, tzinfo=timezone.utc)
    assert found(nlp, "Officials said today.", dct=published) == [("today", "DATE", "2017-03-15")]


def test_offsets_slice_the_text_and_spans_carry_the_type(nlp):
    text = "BEIRUT: Talks begin on Thursday, a week after the truce of Dec. 30, 2016."
    doc = nlp.make_doc(text)
    doc._.dct = DCT
    doc = nlp(doc)
    for span in doc.spans["timexes"]:
        t = span._.timex
        assert text[t.start_char:t.end_char] == t.text == span.text
        assert span.label_ == t.type
        assert is_timex3(t.value)


@pytest.mark.parametrize("value, start, end", [
    ("2017-03-14", date(2017, 3, 14), date(2017, 3, 14)),
    ("2017-02", date(2017, 2, 1), date(2017, 2, 28)),
    ("2017", date(2017, 1, 1), date(2017, 12, 31)),
    ("2017-W10", date(2017, 3, 6), date(2017, 3, 12)),
    ("2017-W10-WE", date(2017, 3, 11), date(2017, 3, 12)),
    ("2016-Q4", date(2016, 10, 1), date(2016, 12, 31)),
    ("2016-WI", date(2016, 12, 1), date(2017, 2, 28)),
    ("199", date(1990, 1, 1), date(1999, 12, 31)),
    ("2017-03-13TNI", date(2017, 3, 13), date(2017, 3, 13)),
])
def test_interval_of_a_value(value, start, end):
    got = interval(value)
    assert (got.start, got.end) == (start, end)


@pytest.mark.parametrize("value", ["P3D", "PRESENT_REF", "XXXX-WXX-5", "XXXX"])
def test_no_interval_for_durations_references_and_unknowns(value):
    assert interval(value) is None


@pytest.mark.parametrize("value, ok", [
    ("2017-03-14", True), ("2017-W11", True), ("2017-Q1", True), ("2017-SU", True), ("P3D", True),
    ("PT2H", True), ("P2Y6M", True), ("XXXX-XX-XX", True), ("XXXX-WXX-5", True), ("PRESENT_REF", True),
    ("2017-03-14T15:30-05:00", True), ("199", True), ("P", False), ("2017-Q5", False), ("yesterday", False),
])
def test_timex3_syntax(value, ok):
    assert is_timex3(value) is ok


def test_number_words():
    assert [number_value(x) for x in ("twenty four", "a couple of", "a dozen", "several", "1,000")] == [
        24.0, 2.0, 12.0, None, 1000.0]


def test_factory_has_full_default_config():
    nlp = spacy.blank("en")
    pipe = nlp.add_pipe("newsfacts_timex")
    assert (pipe.spans_key, pipe.use_entities, pipe.use_tense) == ("timexes", True, True)


def test_possessives_and_abbreviations_trigger_their_rules():
    from newsfacts.timex.grammar import rules_of_word

    assert "deictic_day" in rules_of_word("today's")
    assert "month_day" in rules_of_word("sept.")
    assert "year" in rules_of_word("mid-2004")
    assert rules_of_word("table") == ()


@pytest.mark.parametrize("text", ["He took up acting in his mid-thirties.", "The studio, 20th Century Fox, agreed."])
def test_ages_and_names_are_not_dates(nlp, text):
    assert found(nlp, text) == []


def test_past_perfect_governor_points_back_though_its_verb_looks_forward():
    from spacy.tokens import Doc

    from newsfacts.timex.tense import verb_tense

    words = ["The", "offer", "had", "been", "due", "to", "expire", "Friday"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=[1, 3, 3, 3, 3, 6, 4, 6],
              deps=["det", "nsubj", "aux", "ROOT", "acomp", "aux", "xcomp", "npadvmod"],
              pos=["DET", "NOUN", "AUX", "AUX", "ADJ", "PART", "VERB", "PROPN"],
              tags=["DT", "NN", "VBD", "VBN", "JJ", "TO", "VB", "NNP"], lemmas=["the", "offer", "have", "be", "due", "to", "expire", "Friday"])
    assert verb_tense(doc[6]) == "past"
    doc[2].dep_ = "dep"  # "been due to expire": the forward-looking governor alone looks ahead
    assert verb_tense(doc[6]) == "future"


def test_reduced_relative_participle_points_back():
    """"the record set on Aug. 6", "the year ended March 31": a participle without auxiliary is past."""
    from spacy.tokens import Doc

    from newsfacts.timex.tense import verb_tense

    words = ["the", "record", "set", "on", "Aug.", "6"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=[1, 1, 1, 2, 3, 4],
              deps=["det", "ROOT", "acl", "prep", "pobj", "nummod"],
              pos=["DET", "NOUN", "VERB", "ADP", "PROPN", "NUM"], tags=["DT", "NN", "VBN", "IN", "NNP", "CD"])
    assert verb_tense(doc[2]) == "past"
    doc[2].dep_ = "ROOT"  # a headline participle ("Record set"): no tense claimed
    assert verb_tense(doc[2]) is None


@pytest.mark.parametrize("text, expected", [
    ("Profit rose 5% in the third quarter from a year earlier.",
     [("the third quarter", "DATE", "2016-Q3"), ("a year earlier", "DATE", "2015-Q3")]),
    ("Profit rose 5% in the third quarter. For the nine months, it rose 3% from a year earlier.",
     [("the third quarter", "DATE", "2016-Q3"), ("the nine months", "DURATION", "P9M"), ("a year earlier", "DATE", "2015")]),
    ("Sales fell in the third quarter. In the first half, sales were flat compared with a year ago.",
     [("the third quarter", "DATE", "2016-Q3"), ("the first half", "DATE", "2017-H1"), ("a year ago", "DATE", "2016")]),
])
def test_year_earlier_compares_the_period_last_named(nlp, text, expected):
    assert found(nlp, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Net rose in the third quarter, against a loss in the year-ago third quarter.",
     [("the third quarter", "DATE", "2016-Q3"), ("the year-ago third quarter", "DATE", "2015-Q3")]),
    ("Revenue in fiscal Q3 will rise 4%.", [("fiscal Q3", "DATE", "2017-Q3")]),
    ("Revenue in fiscal Q3 rose 4%.", [("fiscal Q3", "DATE", "2016-Q3")]),  # a quarter not begun, in the past tense
    ("Revenue rose in Q4.", [("Q4", "DATE", "2016-Q4")]),
    ("Guidance for Q3 FY17 was cut.", [("Q3 FY17", "DATE", "2017-Q3")]),
    ("Q1 2017 sales rose.", [("Q1 2017", "DATE", "2017-Q1")]),
])
def test_fiscal_quarters(nlp, text, expected):
    assert found(nlp, text) == expected


@pytest.mark.parametrize("text, expected", [
    # US zones without standard/daylight: the day decides (15 March 2017 is in daylight saving time)
    ("Trading opens at 9:30 a.m. ET.", [("9:30 a.m. ET", "TIME", "2017-03-15T09:30-04:00")]),
    ("The shuttle landed at 6 a.m. PT on Sunday.", [("6 a.m. PT on Sunday", "TIME", "2017-03-12T06:00-07:00")]),
    ("Polls closed at 8 p.m. AEDT.", [("8 p.m. AEDT", "TIME", "2017-03-15T20:00+11:00")]),
    ("The blast hit at 11 p.m. local time on Monday.", [("11 p.m. local time on Monday", "TIME", "2017-03-13T23:00")]),
    # wire-style hours before a zone; a year before a zone stays a year
    ("The truce began at midnight (2200 GMT).",
     [("midnight", "TIME", "2017-03-15T00:00"), ("2200 GMT", "TIME", "2017-03-15T22:00Z")]),
    ("In 1995 UTC replaced the old standard.", [("1995", "DATE", "1995")]),
    # British clock times with a dot
    ("Police were called at 10.30pm on Friday.", [("10.30pm on Friday", "TIME", "2017-03-10T22:30")]),
    # trading and business days are days
    ("Payment is due within five business days.", [("five business days", "DURATION", "P5D")]),
])
def test_time_zones_and_business_days(nlp, text, expected):
    assert found(nlp, text) == expected


def test_us_zone_offsets_follow_daylight_saving_time():
    from newsfacts.timex.lexicon import us_zone_offset

    assert us_zone_offset("ET", date(2017, 3, 11)) == "-05:00" and us_zone_offset("ET", date(2017, 3, 12)) == "-04:00"
    assert us_zone_offset("CT", date(2017, 11, 5)) == "-06:00" and us_zone_offset("MT", date(2017, 7, 1)) == "-06:00"
    assert us_zone_offset("ET", date(1998, 4, 5)) == "-04:00" and us_zone_offset("ET", date(1998, 10, 25)) == "-05:00"


@pytest.mark.parametrize("text, expected", [
    # the determiner of the noun a hyphenated time modifies stays outside; "over" before "the past ..." too
    ("The company posted a third-quarter loss.", [("third-quarter", "DATE", "2016-Q3")]),
    ("It offers the 30-day warranty.", [("30-day", "DURATION", "P30D")]),
    ("Prices rose over the past two years.", [("the past two years", "DURATION", "P2Y")]),
    ("Exports fell in the third quarter.", [("the third quarter", "DATE", "2016-Q3")]),
    ("The deal should close by year end.", [("year end", "DATE", "2017")]),
])
def test_span_boundaries(nlp, text, expected):
    assert found(nlp, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a weekday of a named week: that weekday of the week before or after the publication's
    ("The talks resume on Monday next week.", [("Monday next week", "DATE", "2017-03-20")]),
    ("Troops left on Tuesday last week.", [("Tuesday last week", "DATE", "2017-03-07")]),
    # "in as many weeks" counts, it is no span of time
    ("It was his second visit in as many weeks.", []),
])
def test_weekday_of_a_named_week_and_as_many(nlp, text, expected):
    assert found(nlp, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Sales were reported on 14/03/2017.", [("14/03/2017", "DATE", "2017-03-14")]),
    ("The deal was signed on 3/14/2017.", [("3/14/2017", "DATE", "2017-03-14")]),
    ("The deal was signed on 05/06/2016.", [("05/06/2016", "DATE", "2016-05-06")]),  # both can be months: US order
    ("The law took effect on 01.02.2016.", [("01.02.2016", "DATE", "2016-02-01")]),  # dots: day first
    ("The file is dated 2017/03/14.", [("2017/03/14", "DATE", "2017-03-14")]),
    ("The form was dated 31/02/2017.", []),  # no such day
    ("The form was dated April 31, 2016.", [("April", "DATE", "2017-04"), ("2016", "DATE", "2016")]),  # no such day either
])
def test_numeric_dates(nlp, text, expected):
    assert found(nlp, text) == expected


@pytest.mark.parametrize("text", [
    "The species appeared 232,000 years ago.",  # Reuters-21578: a whole chunk of 200 articles failed on it
    "The fund will be wound up 500,000 weeks from now.",
    "Five million days later nothing had changed.",
    "Prices had risen 12,000 months ago.",
])
def test_a_shift_off_the_calendar_is_a_reference_word_not_a_crash(nlp, text):
    values = [t.value for t in timexes(nlp, text, date(1987, 3, 1))]
    assert all(is_timex3(v) for v in values), values
    assert not [v for v in values if v.startswith("-") or (v[:4].isdigit() and not 1 <= int(v[:4]) <= 9999)]
