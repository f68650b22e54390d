"""The ``newsfacts_facts`` pipeline component: ``doc.spans["facts"]``, each span
carrying ``span._.fact``.

Runs after the model's parser and ner. ``__call__`` is ``match()`` then
``set_annotations()``, as in spaCy's span_ruler. Sentences written in capitals
(headlines) are read again in lower case through the components before this
one, since the model parses shouting badly; the facts are mapped back onto the
original tokens by character offsets.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from typing import NamedTuple

from newsfacts.facts.extract import FactReading, extract_facts, linked_fact
from newsfacts.facts.fact import Fact

SPANS_KEY = "facts"
_USER_DATA = "newsfacts.fact"


def _get_fact(span: Span) -> Fact | None:
    return span.doc.user_data.get((_USER_DATA, span.start_char, span.end_char, span.id))


def _set_fact(span: Span, fact: Fact | None) -> None:
    span.doc.user_data[(_USER_DATA, span.start_char, span.end_char, span.id)] = fact


# Span extensions are stored by character offsets alone, and two facts can share
# their evidence ("rose 12 percent to $3.5 billion"); keying on the span's id too
# keeps them apart.
if not Span.has_extension("fact"):
    Span.set_extension("fact", getter=_get_fact, setter=_set_fact)


def is_shouting(sent: Span, *, min_letters: int = 6) -> bool:
    """True for a sentence written in capitals ("12 DEAD IN BUS CRASH")."""
    letters = [c for c in sent.text if c.isalpha()]
    return len(letters) >= min_letters and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


class NumericFacts:
    """Find the stated quantities of each sentence and what they count.

    Args:
        nlp: the pipeline (used to re-read capitalised headlines).
        name: the component's name in the pipeline.
        spans_key: the ``doc.spans`` key to write.
        reparse_capitals: re-read all-capitals sentences in lower case.
    """

    def __init__(self, nlp: Language, name: str = "newsfacts_facts", *, spans_key: str = SPANS_KEY,
                 reparse_capitals: bool = True) -> None:
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.reparse_capitals = reparse_capitals

    def __call__(self, doc: Doc) -> Doc:
        return self.set_annotations(doc, self.match(doc))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def match(self, doc: Doc) -> list[Match]:
        """Facts of the Doc with their character offsets and links, one sentence at a time."""
        found: list[Match] = []
        sents = list(doc.sents) if doc.has_annotation("SENT_START") or doc.has_annotation("DEP") else [doc[:]]
        for sent in sents:
            if self.reparse_capitals and is_shouting(sent):
                found.extend(self._match_lowered(sent, offset=len(found)))
                continue
            found.extend(_matches(doc, extract_facts(sent), 0, offset=len(found)))
        return found

    def _match_lowered(self, sent: Span, *, offset: int) -> list[Match]:
        text = sent.text
        lowered = text[:1] + text[1:].lower()
        if len(lowered) != len(text):
            return _matches(sent.doc, extract_facts(sent), 0, offset=offset)
        shadow = self.nlp.make_doc(lowered)
        for name, proc in self.nlp.pipeline:
            if name == self.name:
                break
            shadow = proc(shadow)
        out: list[Match] = []
        for shadow_sent in (shadow.sents if shadow.has_annotation("DEP") else [shadow[:]]):
            out.extend(_matches(shadow, extract_facts(shadow_sent), sent.start_char, offset=offset + len(out)))
        return out

    def set_annotations(self, doc: Doc, matches: list[Match]) -> Doc:
        """Write the facts as ``doc.spans[spans_key]``: each span labelled with the
        fact's category, numbered by ``span.id``, carrying ``span._.fact`` (its links
        ``same_as``/``revises`` as the ids of the linked spans)."""
        matches = [Match(*m) for m in matches]  # plain (start_char, end_char, fact) tuples too
        spans, ids = [], {}
        for k, match in enumerate(matches):
            aligned = doc.char_span(match.start_char, match.end_char, alignment_mode="expand")
            if aligned is None:
                continue
            ids[k] = len(spans) + 1
            spans.append(Span(doc, aligned.start, aligned.end, label=match.fact.category, span_id=ids[k]))
        kept = [m for k, m in enumerate(matches) if k in ids]
        for span, match in zip(spans, kept):
            span._.fact = linked_fact(match.fact, ids.get(match.same_as), ids.get(match.revises))
        doc.spans[self.spans_key] = spans
        return doc


class Match(NamedTuple):
    """A fact found in a Doc: its evidence as character offsets, and the facts it is linked
    to as indices into the Doc's list of matches."""

    start_char: int
    end_char: int
    fact: Fact
    same_as: int | None = None
    revises: int | None = None


def _matches(doc: Doc, readings: list[FactReading], shift: int, *, offset: int) -> list[Match]:
    """Readings of one sentence of ``doc`` as matches: characters shifted by ``shift`` (for a
    re-read copy of a sentence), links shifted by ``offset`` (the matches before them)."""
    def link(i: int | None) -> int | None:
        return None if i is None else i + offset

    return [
        Match(shift + doc[r.start].idx, shift + doc[r.end - 1].idx + len(doc[r.end - 1].text), r.fact,
              link(r.same_as), link(r.revises))
        for r in readings
    ]


@Language.factory(
    "newsfacts_facts",
    default_config={"spans_key": SPANS_KEY, "reparse_capitals": True},
)
def make_numeric_facts(nlp: Language, name: str, spans_key: str, reparse_capitals: bool) -> NumericFacts:
    """Factory of the ``newsfacts_facts`` component; passes the config on."""
    return NumericFacts(nlp, name, spans_key=spans_key, reparse_capitals=reparse_capitals)
