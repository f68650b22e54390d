"""The ``newsfacts_timex`` pipeline component: ``doc.spans["timexes"]``, each span
carrying ``span._.timex`` (a :class:`Timex`: type, TIMEX3 value, anchored, interval).

The publication date is read from ``doc._.dct`` (a ``datetime.date`` or ``datetime``;
set it on the Doc before the pipeline runs: ``nlp.pipe`` accepts Docs made with
``nlp.make_doc``). Without it, relative expressions keep ``X`` in their values and
``anchored`` is False.

``__call__`` is ``match()`` then ``set_annotations()``. ``match`` runs the grammar
(:data:`newsfacts.timex.grammar.RULES`) over the text, keeps the longest
non-overlapping matches (the earlier rule on a tie), then reads them in document
order so "the quarter" and "a year earlier" can refer back to the quarter last named.
With a trained pipeline, the model's DATE/TIME entities that the grammar missed are
kept too (``use_entities``) when their words read as a time, and the parse gives
each expression its clause's tense.

>>> import spacy, datetime, newsfacts.timex
>>> nlp = spacy.blank("en"); _ = nlp.add_pipe("newsfacts_timex")
>>> doc = nlp.make_doc("Rebels said on Friday that 40 died last week."); doc._.dct = datetime.date(2017, 3, 15)
>>> [(s.text, s._.timex.value) for s in nlp(doc).spans["timexes"]]
[('Friday', '2017-03-10'), ('last week', '2017-W10')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from spacy.language import Language
from spacy.tokens import Doc, Span

from newsfacts.timex.calendar import interval
from newsfacts.timex.grammar import RULES, Rule, trigger_windows
from newsfacts.timex.resolve import Context, Reading
from newsfacts.timex.tense import clause_tense

SPANS_KEY = "timexes"
_USER_DATA = "newsfacts.timex"
#: Entity labels whose characters are not dates ("2,000 troops", "$1990").
NON_DATE_LABELS = frozenset({"CARDINAL", "MONEY", "QUANTITY", "PERCENT", "ORDINAL"})
_QUARTER_VALUE = re.compile(r"^(\d{4})-Q([1-4])$")
#: A DATE value that names calendar days: the anchor of narrative expressions ("that year").
_CALENDAR_VALUE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
#: Words before a match that TimeML leaves outside the expression: the determiner of a noun that a
#: hyphenated time modifies ("a [third-quarter] loss", "the [30-day] period"), "over" before "the past
#: two years" (it is the preposition there, not "more than").
_LEAD_OUTSIDE = re.compile(r"(?i)(?:a|an|the|its|their)\s+(?=[\w.]+-(?:quarter|half|year|month|week|day|hour|minute)\b\s+\w)"
                           r"|over\s+(?=the\s)")
#: "the year-ago quarter": the comparison, not the quarter the report is about.
_YEAR_AGO = re.compile(r"(?i)year-(?:ago|earlier)|prior-year")
#: A reporting period longer than a quarter ("the nine months", "the first half", "the fiscal year"):
#: what "a year earlier" then compares with is a year, not a quarter.
_LONG_PERIOD = re.compile(r"(?i)(?:the|its|for\s+the)\s+(?:first\s+|latest\s+|past\s+|fiscal\s+)*"
                          r"(?:nine|six|twelve|9|6|12)[\s-]+months?\b|(?:the|its)\s+(?:first|second)\s+half\b"
                          r"|(?:the|its)\s+(?:fiscal\s+)?year\b")
#: A word as the trigger lookup sees it (one regex pass is cheaper than walking the tokens).
_WORD = re.compile(r"[\w'’:.-]+")


@dataclass(frozen=True)
class Timex:
    """One time expression: where it is and what it means.

    Attributes:
        start_char, end_char: offsets into the Doc's text (token-aligned, end exclusive).
        text: the words, exactly ``doc.text[start_char:end_char]``.
        type: DATE, TIME, DURATION or SET.
        value: the TIMEX3 value.
        anchored: True when the value was resolved against the publication date.
        rule: the grammar rule that read it (``entity`` for a model entity the grammar missed).
    """

    start_char: int
    end_char: int
    text: str
    type: str
    value: str
    anchored: bool
    rule: str

    @property
    def start_date(self) -> date | None:
        """First day of the calendar interval the value covers (None for durations, X's, references)."""
        span = interval(self.value) if self.type in ("DATE", "TIME") else None
        return span.start if span else None

    @property
    def end_date(self) -> date | None:
        """Last day of that interval."""
        span = interval(self.value) if self.type in ("DATE", "TIME") else None
        return span.end if span else None

    @property
    def unresolved(self) -> bool:
        """A date or time that needed the publication date and did not have it."""
        return self.type in ("DATE", "TIME") and not self.anchored and "X" in self.value


def _get_timex(span: Span) -> Timex | None:
    return span.doc.user_data.get((_USER_DATA, span.start_char, span.end_char))


def _set_timex(span: Span, timex: Timex | None) -> None:
    span.doc.user_data[(_USER_DATA, span.start_char, span.end_char)] = timex


if not Span.has_extension("timex"):
    Span.set_extension("timex", getter=_get_timex, setter=_set_timex)
if not Doc.has_extension("dct"):
    Doc.set_extension("dct", default=None)


def as_date(value: date | datetime | str | None) -> date | None:
    """A publication date as a ``date`` (datetimes keep their own calendar day; ISO strings parse)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    return value.date() if isinstance(value, datetime) else value


@dataclass(frozen=True)
class Candidate:
    """A grammar match before it is read in document order."""

    start: int
    end: int
    order: int
    rule: Rule
    match: re.Match[str]


class TimeExpressions:
    """Find the time expressions of a Doc and resolve them against its publication date.

    Args:
        nlp: the pipeline.
        name: the component's name.
        spans_key: the ``doc.spans`` key to write.
        use_entities: also keep the model's DATE/TIME entities the grammar missed.
        use_tense: let the clause's tense choose the direction of "Friday" and "March".
    """

    def __init__(self, nlp: Language, name: str = "newsfacts_timex", *, spans_key: str = SPANS_KEY,
                 use_entities: bool = True, use_tense: bool = True) -> None:
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.use_entities = use_entities
        self.use_tense = use_tense

    def __call__(self, doc: Doc) -> Doc:
        return self.set_annotations(doc, self.match(doc))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def match(self, doc: Doc) -> list[Timex]:
        """The Doc's time expressions in document order."""
        ctx = Context(dct=as_date(doc._.dct), non_date_starts=_non_date_starts(doc))
        chosen = select(doc, ctx)
        found: list[Timex] = []
        for cand in chosen:
            ctx.tense = clause_tense(doc, cand.start, cand.end) if self.use_tense else None
            reading = _read(cand, ctx)
            if reading is None:
                continue
            timex = self._timex(doc, cand.start, cand.end, reading, cand.rule.name, ctx, cand.match.string)
            if timex is not None:
                found.append(timex)
                if cand.rule.name == "quarter" and (q := _QUARTER_VALUE.match(timex.value)) and not _YEAR_AGO.search(timex.text):
                    ctx.last_quarter = (int(q[1]), int(q[2]))
                    ctx.period_is_year = False
                elif _LONG_PERIOD.match(timex.text) and (timex.type == "DURATION" or "-H" in timex.value):
                    ctx.period_is_year = True
                    ctx.period_year = int(timex.value[:4]) if timex.value[:4].isdigit() else None  # "the first half of 2016"
                if timex.type == "DATE" and _CALENDAR_VALUE.match(timex.value):
                    ctx.last_date = timex.value
        if self.use_entities:
            found.extend(self._entities(doc, found, ctx))
            found.sort(key=lambda t: t.start_char)
        return found

    def _timex(self, doc: Doc, start: int, end: int, reading: Reading, rule: str, ctx: Context,
               text: str) -> Timex | None:
        """The Timex of a reading (``text`` is ``doc.text``, built once per Doc: it is not cached)."""
        if (lead := _LEAD_OUTSIDE.match(text, start)) and lead.end() < end:
            start = lead.end()
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        anchored = reading.relative and ctx.dct is not None
        return Timex(span.start_char, span.end_char, span.text, reading.type, reading.value, anchored, rule)

    def _entities(self, doc: Doc, found: list[Timex], ctx: Context) -> list[Timex]:
        """Model DATE/TIME entities that overlap nothing the grammar found and read as a time:
        "the first nine months of 1989" beyond the grammar, valued by the grammar's reading of their words."""
        taken = [(t.start_char, t.end_char) for t in found]
        extra: list[Timex] = []
        for ent in doc.ents:
            if ent.label_ not in ("DATE", "TIME") or any(a < ent.end_char and ent.start_char < b for a, b in taken):
                continue
            reading = entity_reading(ent)
            if reading is not None:
                extra.append(Timex(ent.start_char, ent.end_char, ent.text, reading.type, reading.value, False, "entity"))
        return extra

    def set_annotations(self, doc: Doc, timexes: list[Timex]) -> Doc:
        """Write ``doc.spans[spans_key]``: spans labelled with the TIMEX3 type, carrying ``span._.timex``."""
        spans = []
        for timex in timexes:
            span = doc.char_span(timex.start_char, timex.end_char, label=timex.type)
            if span is None:
                continue
            span._.timex = timex
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


def select(doc: Doc, ctx: Context) -> list[Candidate]:
    """Every rule's matches, longest first (the earlier rule on a tie), kept where they overlap nothing
    already kept and their rule accepts them; returned in document order. Each rule runs only near
    its trigger words (:func:`newsfacts.timex.grammar.trigger_windows`)."""
    text = doc.text
    near = trigger_windows(((m.start(), m.group()) for m in _WORD.finditer(text)), len(text))
    cands = [Candidate(m.start(), m.end(), i, rule, m)
             for i, rule in enumerate(RULES) for lo, hi in near.get(rule.name, ())
             for m in rule.pattern.finditer(text, lo, _word_end(text, hi)) if m.end() > m.start()]
    cands.sort(key=lambda c: (c.start - c.end, c.order, c.start))
    used = bytearray(len(text))
    probe = Context(dct=ctx.dct, non_date_starts=ctx.non_date_starts)
    kept: list[Candidate] = []
    for cand in cands:
        if any(used[cand.start:cand.end]) or _read(cand, probe) is None:
            continue
        used[cand.start:cand.end] = b"\x01" * (cand.end - cand.start)
        kept.append(cand)
    kept.sort(key=lambda c: c.start)
    return kept


def _word_end(text: str, pos: int) -> int:
    """``pos`` moved to the end of the word it falls in (a window never cuts a word)."""
    while pos < len(text) and not text[pos].isspace():
        pos += 1
    return pos


def entity_reading(ent: Span) -> Reading | None:
    """What a model entity the grammar did not find means, when its words say: a number of units
    ("the first nine months") is a duration; anything else the grammar cannot read is dropped."""
    from newsfacts.timex.grammar import duration_value
    from newsfacts.timex.lexicon import UNITS, number_value

    m = re.search(r"(\S+)[\s-]+(year|month|week|day|hour|minute|decade|quarter)s?\b", ent.text, re.I)
    if not m or re.search(r"\bold\b", ent.text, re.I):
        return None  # an age
    amount = number_value(m[1])
    if amount is None:
        return None
    unit, multiple = UNITS[m[2].lower()]
    return Reading("DURATION", duration_value(amount, unit, multiple))


def _non_date_starts(doc: Doc) -> frozenset[int]:
    return frozenset(t.idx for ent in doc.ents if ent.label_ in NON_DATE_LABELS for t in ent)


@Language.factory(
    "newsfacts_timex",
    default_config={"spans_key": SPANS_KEY, "use_entities": True, "use_tense": True},
)
def make_time_expressions(nlp: Language, name: str, spans_key: str, use_entities: bool, use_tense: bool) -> TimeExpressions:
    """Factory of the ``newsfacts_timex`` component; passes the config on."""
    return TimeExpressions(nlp, name, spans_key=spans_key, use_entities=use_entities, use_tense=use_tense)


def _read(cand, ctx):
    """A candidate's reading, or None when its arithmetic leaves the calendar (a date before year 1
    or after 9999, "232,000 days later"): such words are left unread rather than failing the text."""
    try:
        return cand.rule.read(cand.match, ctx)
    except (OverflowError, ValueError):
        return None
