"""Sentence to facts: mentions found, then read against the parse.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> [f.value for _, _, f in extract_facts(nlp("Over 3.5 million dollars")[:])]
[3500000.0]
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Span

from newsfacts.facts.fact import Fact
from newsfacts.facts.mentions import Mention, find_mentions, find_zero_mentions, is_one_of_the_harmed, is_pronoun_one
from newsfacts.facts.numerals import bounds
from newsfacts.facts.syntax import (
    clause_chain,
    counted_noun,
    counted_text,
    harm_of,
    is_person_noun,
    phrase_root,
    read_category,
    read_claimed_by,
    read_cumulative,
    read_evidence,
    read_location,
    read_time_scope,
)


class FactReading(NamedTuple):
    """A fact and its evidence (token indices into the Doc, end-exclusive)."""

    start: int
    end: int
    fact: Fact


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


def extract_facts(sent: Span) -> list[FactReading]:
    """Every fact stated in a sentence, left to right.

    Args:
        sent: a sentence of a Doc (parsed and with entities for the full reading;
            a blank Doc gives numbers, qualifiers and units only).

    Returns:
        Each fact with its evidence span, in the order the mentions start.
    """
    mentions = list(find_mentions(sent)) + list(find_zero_mentions(sent))
    mentions.sort(key=lambda m: m.start)
    facts = []
    for m in mentions:
        if m.kind == "age" and is_age_of_person(sent, m):
            continue  # a person's age ("a 45-year-old man", "died aged 92") is not a fact, like a date
        if is_one_of_the_harmed(sent.doc, m, sent.end):
            continue
        if is_pronoun_one(sent.doc, m):
            continue  # "each one", "the same one": a pronoun, not a count
        facts.append(read_mention(sent, m))
    return facts
