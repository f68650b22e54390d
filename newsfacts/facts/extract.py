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
    return link_readings(sent.doc, kept, [read_mention(sent, m) for m in kept])


def linked_fact(fact: Fact, same_as: int | None, revises: int | None) -> Fact:
    """The fact with its links set (span ids), unchanged when it has none."""
    if same_as is None and revises is None:
        return fact
    return replace(fact, same_as=same_as, revises=revises)
