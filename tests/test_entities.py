"""The ``newsfacts_entities`` component: entity clean-up rules and canonical names.

Fast tests build Docs by hand on a blank English pipeline (words, parse and
raw entities given literally), so each rule is shown on the exact input it
reads. The slow tests run the real model on the sample article.
"""

from __future__ import annotations


import pytest
import spacy
from spacy.tokens import Doc, Span

import newsfacts.entities  # noqa: F401  (registers the factory)
from newsfacts.entities import Rules, canonical_names, demonym_base, fix_entities, name_keys, title_case

from .conftest import SEED, seed_gold


@pytest.fixture(scope="module")
def blank():
    nlp = spacy.blank("en")
    nlp.add_pipe("newsfacts_entities")
    return nlp


def run(nlp, doc: Doc) -> list[tuple[str, str, str]]:
    doc = nlp.get_pipe("newsfacts_entities")(doc)
    return [(e.text, e.label_, e._.canonical) for e in doc.ents]


def parsed(nlp, words, heads, deps, pos, ents) -> Doc:
    """A Doc with a literal parse: ``heads`` are absolute token indices."""
    return Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, ents=ents)


# --------------------------------------------------------------------------- datelines


def test_colon_dateline_becomes_title_cased_gpe(blank):
    assert run(blank, blank("BEIRUT: Syrian rebels said so.")) == [("BEIRUT", "GPE", "Beirut")]


def test_dateline_with_date_and_dash(blank):
    doc = blank("WASHINGTON, March 3 - The president spoke.")
    assert run(blank, doc) == [("WASHINGTON", "GPE", "Washington")]


def test_two_word_dateline_with_agency(blank):
    doc = blank("NEW YORK (Reuters) - Stocks fell.")
    assert run(blank, doc) == [("NEW YORK", "GPE", "New York")]


def test_all_capital_headline_is_not_a_dateline(blank):
    assert run(blank, blank("SOCCER - JAPAN GET LUCKY WIN.")) == []


def test_slug_before_a_bare_dash_is_not_a_dateline(blank):
    # Nothing tells us PRESS DIGEST is a place: with only a dash it stays untagged.
    assert run(blank, blank("PRESS DIGEST - Iraq papers on Friday.")) == []


@pytest.mark.parametrize("text", ["REUTERS: Stocks fell on Monday.", "FACTBOX: Key facts about the vote.",
                                  "ANALYSIS: Why stocks fell."])
def test_labels_and_agencies_are_neither_a_dateline_nor_a_place(blank, text):
    # Before: the entity rule tagged REUTERS, FACTBOX and ANALYSIS as GPE while cleaning found no dateline.
    from newsfacts.clean import find_dateline

    words = text.split(" ")
    doc = Doc(blank.vocab, words=[words[0][:-1], ":", *words[1:]], spaces=[False] + [True] * (len(words) - 1) + [False])
    assert find_dateline(doc.text) is None
    assert run(blank, doc) == []


def test_entity_running_past_the_dateline_is_trimmed(blank):
    words = ["BEIRUT", "-", "Syrian", "rebels", "said", "."]
    doc = Doc(blank.vocab, words=words, ents=["B-NORP", "I-NORP", "I-NORP", "O", "O", "O"])
    assert run(blank, doc) == [("BEIRUT", "GPE", "Beirut"), ("Syrian", "NORP", "Syrian")]


# --------------------------------------------------------------------------- labels


def test_nationality_tagged_org_becomes_norp(blank):
    words = ["the", "Kazakh", "capital", "and", "the", "Russians"]
    doc = Doc(blank.vocab, words=words, ents=["O", "B-ORG", "O", "O", "O", "B-PERSON"])
    assert run(blank, doc) == [("Kazakh", "NORP", "Kazakh"), ("Russians", "NORP", "Russians")]


def test_place_noun_of_coordinated_names_makes_gpes(blank):
    words = ["bombardment", "in", "the", "provinces", "of", "Aleppo", "and", "Hama"]
    heads = [0, 0, 3, 1, 3, 4, 5, 5]
    deps = ["ROOT", "prep", "det", "pobj", "prep", "pobj", "cc", "conj"]
    pos = ["NOUN", "ADP", "DET", "NOUN", "ADP", "PROPN", "CCONJ", "PROPN"]
    ents = ["O", "O", "O", "O", "O", "B-NORP", "O", "B-PERSON"]
    doc = parsed(blank, words, heads, deps, pos, ents)
    assert run(blank, doc) == [("Aleppo", "GPE", "Aleppo"), ("Hama", "GPE", "Hama")]


def test_place_noun_adds_a_missed_place(blank):
    words = ["the", "city", "of", "Daraa"]
    doc = parsed(blank, words, [1, 1, 1, 2], ["det", "ROOT", "prep", "pobj"],
                 ["DET", "NOUN", "ADP", "PROPN"], ["O", "O", "O", "O"])
    assert run(blank, doc) == [("Daraa", "GPE", "Daraa")]


def test_name_before_province_is_a_gpe(blank):
    words = ["in", "Idlib", "province"]
    doc = parsed(blank, words, [0, 2, 0], ["ROOT", "compound", "pobj"], ["ADP", "PROPN", "NOUN"],
                 ["O", "B-ORG", "O"])
    assert run(blank, doc) == [("Idlib", "GPE", "Idlib")]


def test_person_tagged_group_after_membership_noun_becomes_org(blank):
    words = ["a", "leading", "figure", "of", "Jaish", "Al", "-", "Islam"]
    heads = [2, 2, 2, 2, 7, 7, 7, 3]
    deps = ["det", "amod", "ROOT", "prep", "compound", "compound", "punct", "pobj"]
    pos = ["DET", "VERB", "NOUN", "ADP", "PROPN", "PROPN", "PUNCT", "PROPN"]
    ents = ["O", "O", "O", "O", "B-PERSON", "I-PERSON", "I-PERSON", "I-PERSON"]
    doc = Doc(blank.vocab, words=words, spaces=[True] * 5 + [False, False, False],
              heads=heads, deps=deps, pos=pos, ents=ents)
    assert run(blank, doc) == [("Jaish Al-Islam", "ORG", "Jaish Al-Islam")]


def test_person_coordinated_with_two_countries_becomes_gpe(blank):
    words = ["Russia", ",", "Turkey", "and", "Hama"]
    heads = [0, 0, 0, 2, 2]
    deps = ["ROOT", "punct", "conj", "cc", "conj"]
    pos = ["PROPN", "PUNCT", "PROPN", "CCONJ", "PROPN"]
    doc = parsed(blank, words, heads, deps, pos, ["B-GPE", "O", "B-GPE", "O", "B-PERSON"])
    assert [e[:2] for e in run(blank, doc)] == [("Russia", "GPE"), ("Turkey", "GPE"), ("Hama", "GPE")]


def test_place_prefix_is_split_from_a_following_name(blank):
    words = ["envoy", "on", "Syria", "Staffan", "de", "Mistura", "said", "so", "in", "Syria"]
    ents = ["O", "O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "O", "O", "B-GPE"]
    doc = Doc(blank.vocab, words=words, ents=ents)
    assert run(blank, doc) == [
        ("Syria", "GPE", "Syria"),
        ("Staffan de Mistura", "PERSON", "Staffan de Mistura"),
        ("Syria", "GPE", "Syria"),
    ]


def test_place_prefix_before_an_organisation_word_is_kept(blank):
    words = ["Syria", "Democratic", "Forces", "in", "Syria"]
    doc = Doc(blank.vocab, words=words, ents=["B-ORG", "I-ORG", "I-ORG", "O", "B-GPE"])
    assert [e[:2] for e in run(blank, doc)] == [("Syria Democratic Forces", "ORG"), ("Syria", "GPE")]


def test_surname_tagged_org_becomes_person_with_full_canonical(blank):
    words = ["Ahmad", "Ramadan", "spoke", ".", "Ramadan", "told", "AFP", "."]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "B-ORG", "O", "B-ORG", "O"]
    doc = Doc(blank.vocab, words=words, ents=ents)
    assert run(blank, doc) == [
        ("Ahmad Ramadan", "PERSON", "Ahmad Ramadan"),
        ("Ramadan", "PERSON", "Ahmad Ramadan"),
        ("AFP", "ORG", "AFP"),
    ]


def test_untagged_surname_becomes_person(blank):
    words = ["Phil", "Simmons", "took", "four", ".", "Simmons", "then", "left", "."]
    pos = ["PROPN", "PROPN", "VERB", "NUM", "PUNCT", "PROPN", "ADV", "VERB", "PUNCT"]
    doc = Doc(blank.vocab, words=words, pos=pos, ents=["B-PERSON", "I-PERSON"] + ["O"] * 7)
    assert run(blank, doc) == [("Phil Simmons", "PERSON", "Phil Simmons"), ("Simmons", "PERSON", "Phil Simmons")]


def test_copyright_line_and_url_hold_no_entities(blank):
    text = "Rebels met in Geneva.\n© 2025 SAUDI RESEARCH & PUBLISHING COMPANY, All Rights Reserved.\nSee www.Geneva.com"
    doc = blank(text)
    spans = [doc.char_span(text.index("Geneva"), text.index("Geneva") + 6, label="GPE"),
             doc.char_span(text.index("RESEARCH"), text.index("COMPANY") + 7, label="ORG"),
             doc.char_span(text.index("www"), len(text), label="ORG")]
    doc.ents = spans
    assert run(blank, doc) == [("Geneva", "GPE", "Geneva")]


def test_rules_can_be_switched_off():
    nlp = spacy.blank("en")
    nlp.add_pipe("newsfacts_entities", config={"dateline": False})
    assert list(nlp("BEIRUT: Rebels said so.").ents) == []


def test_fix_entities_returns_token_ranges(blank):
    doc = Doc(blank.vocab, words=["the", "Kazakh", "capital"], ents=["O", "B-ORG", "O"])
    assert fix_entities(doc, Rules()) == ([(1, 2, "NORP")], None)


# --------------------------------------------------------------------------- canonical names


def test_canonical_names_of_plain_spans(blank):
    words = ["United", "Nations", "and", "UN", ";", "Yehya", "Al-Aridi", "and", "Aridi", ";", "National",
             "Coalition", "and", "Syrian", "National", "Coalition"]
    doc = Doc(blank.vocab, words=words)
    ents = [Span(doc, 0, 2, "ORG"), Span(doc, 3, 4, "ORG"), Span(doc, 5, 7, "PERSON"), Span(doc, 8, 9, "PERSON"),
            Span(doc, 10, 12, "ORG"), Span(doc, 13, 16, "ORG")]
    assert canonical_names(ents) == ["United Nations", "United Nations", "Yehya Al-Aridi", "Yehya Al-Aridi",
                                     "Syrian National Coalition", "Syrian National Coalition"]


def test_short_mention_takes_the_nearest_preceding_full_name(blank):
    words = ["John", "Smith", ",", "Smith", ",", "Anna", "Smith", ",", "Smith"]
    doc = Doc(blank.vocab, words=words)
    ents = [Span(doc, 0, 2, "PERSON"), Span(doc, 3, 4, "PERSON"), Span(doc, 5, 7, "PERSON"), Span(doc, 8, 9, "PERSON")]
    assert canonical_names(ents) == ["John Smith", "John Smith", "Anna Smith", "Anna Smith"]


def test_all_capital_mention_takes_the_mixed_case_spelling(blank):
    doc = Doc(blank.vocab, words=["LEICESTERSHIRE", "beat", "Leicestershire", "and", "the", "Somerset"])
    ents = [Span(doc, 0, 1, "ORG"), Span(doc, 2, 3, "ORG"), Span(doc, 4, 6, "ORG")]
    assert canonical_names(ents) == ["Leicestershire", "Leicestershire", "Somerset"]


def test_helpers():
    assert demonym_base("Kazakhs") == "kazakh"
    assert demonym_base("Syria") is None
    assert title_case("AL-HASAKA") == "Al-Hasaka"
    assert name_keys("Mohammad Alloush") == {"Alloush"}


# --------------------------------------------------------------------------- the real model


@pytest.fixture(scope="module")
def sample_doc():
    from newsfacts.nlp import load_nlp

    return load_nlp(facts=False)(SEED.read_text(encoding="utf-8"))


@pytest.mark.slow
def test_sample_article_has_every_gold_entity(sample_doc):
    gold = seed_gold()
    found = {(e.label_, e._.canonical) for e in sample_doc.ents}
    missing = {(label, name) for label, names in gold["entities"].items() for name in names} - found
    assert missing == set()


@pytest.mark.slow
def test_sample_article_short_names_point_to_full_names(sample_doc):
    canon = {e.text: e._.canonical for e in sample_doc.ents if e.label_ == "PERSON"}
    assert {k: canon[k] for k in ("Aridi", "Alloush", "Ramadan")} == {
        "Aridi": "Yehya Al-Aridi", "Alloush": "Mohammad Alloush", "Ramadan": "Ahmad Ramadan"}


@pytest.mark.slow
def test_sample_article_has_no_boilerplate_or_wrong_people(sample_doc):
    people = sorted({e._.canonical for e in sample_doc.ents if e.label_ == "PERSON"})
    assert people == ["Ahmad Ramadan", "Alexander Lavrentiev", "Hossein Jaberi Ansari", "Mohammad Alloush",
                      "Staffan de Mistura", "Yehya Al-Aridi"]
    assert not [e for e in sample_doc.ents if "RESEARCH" in e.text or "Reserved" in e.text]
