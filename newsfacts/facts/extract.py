"""Sentence to facts: mentions found, then read against the parse.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> [r.fact.value for r in extract_facts(nlp("Over 3.5 million dollars")[:])]
[3500000.0]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import NamedTuple

from spacy.tokens import Doc, Span

from newsfacts.facts.fact import Fact
from newsfacts.facts.lexicon import SPEECH_VERBS
from newsfacts.schema import PEOPLE_CATEGORIES
from newsfacts.facts.mentions import Mention, find_mentions, find_zero_mentions, is_one_of_the_harmed, is_pronoun_one
from newsfacts.facts.numerals import bounds
from newsfacts.facts.people import is_person_word
from newsfacts.facts.syntax import (
    clause_chain,
    counted_noun,
    counted_text,
    harm_of,
    is_person_noun,
    is_subcount,
    phrase_root,
    read_category,
    read_claimed_by,
    read_cumulative,
    read_evidence,
    read_location,
    read_time_scope,
)


class FactReading(NamedTuple):
    """A fact and its evidence (token indices into the Doc, end-exclusive), and the facts of the
    same sentence it is linked to (indices into the sentence's list of readings)."""

    start: int
    end: int
    fact: Fact
    same_as: int | None = None
    revises: int | None = None


def read_mention(sent: Span, m: Mention) -> FactReading:
    """One mention read in its sentence.

    Returns:
        The fact with its evidence span.
    """
    doc = sent.doc
    noun = counted_noun(doc, m, sent)
    category, governor = read_category(doc, m, noun, sent)
    if m.value == 0 and m.unit is None:
        # "no casualties", "no one was killed": the harm word is right after or governs.
        after = doc[m.end] if m.end < sent.end else None
        if after is not None and harm_of(after):
            category, governor, noun = harm_of(after), after, after
    end = max(m.end, m.unit_end)
    start_tok = noun if noun is not None else phrase_root(doc, m.start, end)
    chain = clause_chain(start_tok, sent) if doc.has_annotation("DEP") else [start_tok]
    if governor is not None and governor not in chain and doc.has_annotation("DEP"):
        chain = chain + [t for t in clause_chain(governor, sent) if t not in chain]
    place = read_location(chain, m) if doc.has_annotation("DEP") else None
    time = read_time_scope(chain, m) if doc.has_annotation("DEP") else None
    claimed = read_claimed_by(chain, sent) if doc.has_annotation("DEP") else None
    cumulative = read_cumulative(category, chain, time.text if time else None, governor)
    counted = counted_text(doc, noun, m) if noun is not None and noun.i != (governor.i if governor is not None and noun.pos_ != "NOUN" else -1) else None
    low, high = bounds(m.value, m.high, m.qualifier)
    fact = Fact(
        category=category,
        value=m.value,
        value_low=low,
        value_high=high,
        qualifier=m.qualifier,
        unit=m.unit,
        counted=counted,
        location=place.text if place else None,
        time_scope=time.text if time else None,
        claimed_by=claimed,
        cumulative=cumulative,
        number_text=doc[m.start:m.end].text,
        subcount=is_subcount(doc, m, noun) if category in PEOPLE_CATEGORIES else None,
    )
    lo, hi = read_evidence(
        doc, m, noun, governor, chain, sent, category=category,
        place_time=[x.token for x in (place, time) if x is not None],
    )
    return FactReading(lo, hi, fact)


def is_age_of_person(sent: Span, m: Mention) -> bool:
    """An age that describes a person ("a 12-year-old boy", "dies aged 92"), not a thing
    ("a 2,900 year-old site", kept as a measure). Without a parse every age is a person's."""
    doc = sent.doc
    if not doc.has_annotation("DEP"):
        return True
    noun = counted_noun(doc, m, sent)
    return noun is None or is_person_noun(noun) or noun.pos_ in ("PRON", "PROPN")


def is_one_source(sent: Span, m: Mention) -> bool:
    """"one official said", "one diplomat told Reuters": a source, not a count of people."""
    doc = sent.doc
    if not doc.has_annotation("DEP") or not (m.num_end - m.num_start == 1 and doc[m.num_start].lower_ == "one"):
        return False
    noun = counted_noun(doc, m, sent)
    return (noun is not None and is_person_noun(noun) and noun.dep_ == "nsubj"
            and noun.head.lemma_.lower() in SPEECH_VERBS and m.qualifier == "exact")


def _person_age(sent: Span, m: Mention) -> bool:
    """A person's age ("a 45-year-old man", "died aged 92") is not a fact, like a date."""
    return m.kind == "age" and is_age_of_person(sent, m)


def _one_of_the_harmed(sent: Span, m: Mention) -> bool:
    """"one of those killed": a person picked out of a toll."""
    return is_one_of_the_harmed(sent.doc, m, sent.end)


def _pronoun_one(sent: Span, m: Mention) -> bool:
    """"each one", "the same one": a pronoun, not a count."""
    return is_pronoun_one(sent.doc, m)


#: Mentions that are no fact, each test given (sentence, mention).
SKIPPED: tuple[Callable[[Span, Mention], bool], ...] = (_person_age, _one_of_the_harmed, _pronoun_one, is_one_source)


def _between(doc: Doc, a: Mention, b: Mention) -> list[str]:
    return [t.lower_ for t in doc[max(a.end, a.unit_end):b.start]]


def same_amount(doc: Doc, a: Mention, b: Mention) -> bool:
    """``b`` restates ``a`` in another currency in brackets: "$280bn (£155bn)"."""
    return a.kind == b.kind == "money" and a.unit != b.unit and _between(doc, a, b) == ["("]


def revision(doc: Doc, a: Mention, b: Mention) -> str | None:
    """A change from one figure to another of the same kind: "to 4.0% from 4.4%" (``a``
    revises ``b``: "new") or "from 4.4% to 4.0%" (``b`` revises ``a``: "old")."""
    if (a.kind, a.unit) != (b.kind, b.unit) or a.high is not None or b.high is not None:
        return None
    before = doc[a.start - 1].lower_ if a.start > 0 else ""
    between = _between(doc, a, b)
    if before == "to" and between == ["from"]:
        return "new"
    if before == "from" and between == ["to"]:
        return "old"
    return None


def link_readings(doc: Doc, mentions: list[Mention], readings: list[FactReading]) -> list[FactReading]:
    """Link each fact to its neighbour when they are one amount in two currencies or a revision."""
    out = list(readings)
    for i in range(len(mentions) - 1):
        a, b = mentions[i], mentions[i + 1]
        if same_amount(doc, a, b):
            out[i + 1] = out[i + 1]._replace(same_as=i)
        change = revision(doc, a, b)
        if change == "new":
            out[i] = out[i]._replace(revises=i + 1)
        elif change == "old":
            out[i + 1] = out[i + 1]._replace(revises=i)
    return out


#: Words that open a list of people picked out of a group: "killed 19 people *including*
#: three children", "those killed *included* six women", "*among them* two girls".
_SUBSET_OPENERS = {"including", "include", "includes", "included", "among", "amongst",
                   "comprised", "comprise", "comprises", "comprising"}
#: Categories a group's count can hand down to the counts picked out of it.
_GROUP_CATEGORIES = frozenset(PEOPLE_CATEGORIES) - {"people"}
_LIST_WORDS = {"and", ",", "other", "others", "more", "another", "her", "his", "their", "its"}


def _subset_opener_before(doc: Doc, m: Mention, sent: Span) -> int | None:
    """The subset word a count's list starts at, read along the words, not the parse (news
    copy without commas defeats the parse): "including *three children*", "included six
    women five children and *three police officers*". None if a verb comes first."""
    k = m.start - 1
    for _ in range(10):
        if k < sent.start:
            return None
        tok = doc[k]
        if tok.lower_ in _SUBSET_OPENERS or (tok.lower_ == "with" and k > sent.start and doc[k - 1].lower_ in ("along", "together")):
            return k  # "including three children", "along with one Syrian rebel fighter"
        if tok.lower_ in ("them", "whom") and k - 1 >= sent.start and doc[k - 1].lower_ in ("among", "amongst"):
            return k - 1
        if tok.pos_ in ("VERB", "AUX") or tok.lower_ in (";", ":", "said", "says") or tok.is_sent_start:
            return None
        if not (tok.like_num or tok.pos_ in ("NUM", "NOUN", "PROPN", "ADJ", "DET", "ADV", "CCONJ", "PRON")
                or tok.lower_ in _LIST_WORDS or tok.text == "-"):
            return None
        k -= 1
    return None


def _harm_word_near(tokens) -> str | None:
    for tok in tokens:
        cat = harm_of(tok)
        if cat in _GROUP_CATEGORIES:
            return cat
    return None


_COORDINATORS = (("and",), ("as", "well", "as"), ("in", "addition", "to"), ("plus",), ("along", "with"))
_NP_WORDS = {"of", "from", "(", ")", "-", "'s", "other", "others", "more", "and"}


def _coordinated_harm(sent: Span, mentions: list[Mention], readings: list[FactReading], i: int) -> str | None:
    """A count joined by "and" (or "as well as", "in addition to") to what a harm verb did
    before it, read along the words: "killing six civilians *and five militiamen* the
    Observatory said", "injuring a female teacher *and 19 others*" (copy without commas
    misleads the parse). Not when the count has a verb of its own after it ("and two others
    survived")."""
    doc = sent.doc
    m = mentions[i]
    nxt = max(m.end, m.unit_end)
    while nxt < sent.end and doc[nxt].pos_ in ("NOUN", "PROPN", "ADJ") and nxt - m.end < 4:
        nxt += 1
    while nxt + 1 < sent.end and doc[nxt].pos_ == "AUX":
        nxt += 1  # "and 14 others local activists *have said*": the verb after its auxiliaries
    if nxt < sent.end and doc[nxt].pos_ in ("VERB", "AUX") and doc[nxt].lemma_.lower() not in SPEECH_VERBS | {"include"}:
        return None
    k = m.start
    for words in _COORDINATORS:
        n = len(words)
        if k - n >= sent.start and tuple(t.lower_ for t in doc[k - n:k]) == words:
            k -= n
            break
    else:
        if not (k - 2 >= sent.start and doc[k - 1].lower_ == "with" and is_person_word(doc[k - 2])):
            return None
        k -= 1  # "killing a woman *with four of her children*": people with people share the harm
    # every word of an earlier count, so a qualifier counts as the count ("at least 40 fighters")
    by_start = {t: j for j in range(i) for t in range(mentions[j].start, max(mentions[j].end, mentions[j].start + 1))}
    for j in range(k - 1, max(sent.start, k - 12) - 1, -1):
        tok = doc[j]
        if j in by_start:
            cat = readings[by_start[j]].fact.category
            return cat if cat in _GROUP_CATEGORIES else None
        if tok.pos_ == "VERB" and not (tok.tag_ == "VBN" and harm_of(tok) is None and j + 1 < k and doc[j + 1].pos_ == "NOUN"):
            cat = harm_of(tok)  # (a participle before its noun is the noun's: "allied militants")
            return cat if cat in _GROUP_CATEGORIES and tok.tag_ in ("VBG", "VBD", "VBN", "VBZ", "VBP") else None
        if not (tok.pos_ in ("NOUN", "PROPN", "ADJ", "DET", "NUM", "PUNCT", "VERB") or tok.lower_ in _NP_WORDS or tok.like_num):
            return None
    return None


def _among_the_harmed_before(sent: Span, m: Mention) -> str | None:
    """"Among the dead were 20 children": the harm named by an "among" phrase the sentence
    opens with, right before "were"/"are"."""
    doc = sent.doc
    k = m.start - 1
    if k > sent.start and doc[k].lower_ == "and":
        # "Among the martyrs were a child *and two women*": back over the first of the pair
        j = k - 1
        while j > sent.start and k - j <= 4 and doc[j].pos_ in ("NOUN", "DET", "ADJ", "NUM"):
            j -= 1
        k = j
    if k <= sent.start or doc[k].lemma_.lower() != "be":
        return None
    for j in range(k - 1, max(sent.start, k - 10) - 1, -1):
        if doc[j].lower_ in ("among", "amongst"):
            return _harm_word_near(doc[j + 1:k])
    return None


def _fronted_partitive(sent: Span, mentions: list[Mention], readings: list[FactReading], i: int) -> str | None:
    """"*Of the 30 killed,* 12 were children", "Of those wounded, 5 are in critical condition":
    the harm of a group the sentence opens with, for the count right after its comma."""
    doc = sent.doc
    m = mentions[i]
    if doc[sent.start].lower_ != "of" or m.start - 1 <= sent.start or doc[m.start - 1].text != ",":
        return None
    comma = m.start - 1
    if any(t.text == "," for t in doc[sent.start:comma]):
        return None
    for j in range(i):
        if sent.start < mentions[j].start < comma and readings[j].fact.category in _GROUP_CATEGORIES:
            return readings[j].fact.category
    return _harm_word_near(doc[sent.start + 1:comma])


def group_category(sent: Span, mentions: list[Mention], readings: list[FactReading], i: int) -> str | None:
    """The category a count of people inherits from the group it is picked out of, where the
    parse did not carry it (the annotation rule: a subset is a fact of its group's category):

    - after a subset word, from the nearest harm count before it in the sentence ("killed at
      least 19 people including three children") or a harm word right before the subset word
      ("those *killed* included six women");
    - "N ... among the dead", "N were among at least 48 people killed": from the harm word or
      harm count after "among";
    - "N of them": from the nearest harm count before it.
    """
    doc = sent.doc
    m = mentions[i]
    found = _among_the_harmed_before(sent, m) or _fronted_partitive(sent, mentions, readings, i)
    if found:
        return found
    opener = _subset_opener_before(doc, m, sent)
    after = max(m.end, m.unit_end)
    of_them = after + 1 < sent.end and doc[after].lower_ == "of" and doc[after + 1].lower_ in ("them", "whom", "those")
    if opener is not None or of_them:
        limit = opener if opener is not None else m.start
        for j in range(i - 1, -1, -1):
            if mentions[j].start < limit and readings[j].fact.category in _GROUP_CATEGORIES:
                return readings[j].fact.category
        if opener is not None:
            cat = _harm_word_near(doc[max(sent.start, opener - 3):opener])
            if cat:
                return cat
            verb = doc[opener]
            if verb.lemma_.lower() in ("include", "comprise") and verb.pos_ == "VERB":
                # "those killed in the two attacks include 14 children": the harm is in the subject
                for child in verb.children:
                    if child.dep_ in ("nsubj", "nsubjpass"):
                        cat = _harm_word_near(child.subtree) or (
                            "killed" if child.lemma_.lower() in ("victim", "fatality") else None)
                        if cat:
                            return cat
            # "among the killed civilians there are four children": the group named after "among"
            if doc[opener].lower_ in ("among", "amongst"):
                return _harm_word_near(doc[opener + 1:min(opener + 5, m.start)])
        return None
    # "nine people from the North Caucasus among the terrorists killed", "were among the dead"
    for k in range(after, min(after + 10, sent.end)):
        tok = doc[k]
        if tok.lower_ in ("among", "amongst"):
            for j in range(i + 1, len(mentions)):
                if k < mentions[j].start <= k + 4 and readings[j].fact.category in _GROUP_CATEGORIES:
                    return readings[j].fact.category
            group = doc[k + 1:min(k + 6, sent.end)]
            # "were also among Friday's victims": the victims of a toll are its dead
            return _harm_word_near(group) or next(
                ("killed" for t in group if t.lemma_.lower() in ("victim", "fatality") and t.pos_ == "NOUN"), None)
        if tok.like_num or tok.pos_ == "NUM" or tok.lower_ in (";", ":") or (tok.pos_ == "VERB" and tok.tag_ != "VBN"):
            return None  # "31 civilians were identified among those killed": a passive may stand between
    return None


def _elided_people(sent: Span, mentions: list[Mention], readings: list[FactReading], i: int) -> bool:
    """A bare number that is a verb's subject after a count of people in the same sentence stands
    for the same people (the noun left out): "six miners escaped unharmed, *29* made it to an
    underground lunch room, and *17* were later found safe"."""
    doc = sent.doc
    m, r = mentions[i], readings[i]
    if r.fact.category != "count" or m.kind != "count" or m.unit is not None or r.fact.counted is not None:
        return False
    tok = doc[m.num_start]
    if tok.dep_ not in ("nsubj", "nsubjpass") or tok.head.pos_ not in ("VERB", "AUX"):
        return False
    return any(readings[j].fact.category in PEOPLE_CATEGORIES and readings[j].fact.counted is not None
               and m.start - mentions[j].end <= 30 for j in range(i))


#: Categories a counted noun can name by itself ("refugees", "evacuees", "detainees", "hostages").
_STATUS_CATEGORIES = frozenset({"displaced", "evacuated", "detained", "kidnapped"})
_HARM_CATEGORIES = frozenset({"killed", "wounded", "casualties"})


def _status_noun(sent: Span, m: Mention, category: str) -> bool:
    """The category was read from the counted noun itself: "12 *refugees*"."""
    noun = counted_noun(sent.doc, m, sent)
    return noun is not None and harm_of(noun) == category


def inherit_group_categories(sent: Span, mentions: list[Mention], readings: list[FactReading]) -> list[FactReading]:
    """Counts of people read as plain ``people`` that are picked out of a harmed group take the
    group's category and are flagged as sub-counts (:func:`group_category`); those joined to a
    harmed count by "and" take its category as counts of their own (:func:`_coordinated_harm`);
    a bare number standing for the people counted before it is a count of people
    (:func:`_elided_people`)."""
    out = list(readings)
    for i, r in enumerate(readings):
        if _elided_people(sent, mentions, out, i):
            out[i] = r = r._replace(fact=replace(r.fact, category="people"))
        if r.fact.category in _STATUS_CATEGORIES:
            # "Among the dead were 12 refugees", "those killed included 14 detainees": what befell
            # the group in this sentence, not the status the noun names; "... and three aid
            # workers" beside them shares it
            if _status_noun(sent, mentions[i], r.fact.category):
                cat, sub = group_category(sent, mentions, out, i), True
            else:
                cat, sub = _coordinated_harm(sent, mentions, out, i), False
            if cat in _HARM_CATEGORIES:
                out[i] = r._replace(fact=replace(r.fact, category=cat, subcount=sub))
            continue
        if r.fact.category == "count" and mentions[i].kind == "count" and mentions[i].unit is None:
            cat = _fronted_partitive(sent, mentions, out, i)  # "Of the 30 killed, *12* were children"
            if cat is not None:
                out[i] = r._replace(fact=replace(r.fact, category=cat, subcount=True))
            continue
        if r.fact.category != "people":
            continue
        cat = group_category(sent, mentions, out, i)
        if cat is not None:
            out[i] = r._replace(fact=replace(r.fact, category=cat, subcount=True))
            continue
        cat = _coordinated_harm(sent, mentions, out, i)
        if cat is not None:  # a count beside the first, not inside it: no sub-count
            out[i] = r._replace(fact=replace(r.fact, category=cat))
    return out


def extract_facts(sent: Span) -> list[FactReading]:
    """Every fact stated in a sentence, left to right.

    Args:
        sent: a sentence of a Doc (parsed and with entities for the full reading;
            a blank Doc gives numbers, qualifiers and units only).

    Returns:
        Each fact with its evidence span, in the order the mentions start, linked to
        the facts of the sentence it restates or revises.
    """
    mentions = list(find_mentions(sent)) + list(find_zero_mentions(sent))
    mentions.sort(key=lambda m: m.start)
    kept = [m for m in mentions if not any(skip(sent, m) for skip in SKIPPED)]
    readings = [read_mention(sent, m) for m in kept]
    if sent.doc.has_annotation("DEP"):
        readings = inherit_group_categories(sent, kept, readings)
    return link_readings(sent.doc, kept, readings)


def linked_fact(fact: Fact, same_as: int | None, revises: int | None) -> Fact:
    """The fact with its links set (span ids), unchanged when it has none."""
    if same_as is None and revises is None:
        return fact
    return replace(fact, same_as=same_as, revises=revises)
