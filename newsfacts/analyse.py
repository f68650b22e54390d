"""NLP over a batch of cleaned articles, straight into columnar table rows.

One ``nlp.pipe`` call covers the whole batch (titles and bodies interleaved);
rows are appended column-wise and become Arrow tables once per batch, so there
is no per-row pandas work.

Each text goes in as a Doc made with ``nlp.make_doc`` carrying its article's
publication date in ``doc._.dct``, so the time-expression component resolves
"Friday" or "last week" against it. Facts are then placed in time from the time
expressions inside their ``time_scope`` (see :func:`fact_time`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa
from spacy.attrs import IS_PUNCT, IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc, Span

from newsfacts.places import fill_fact_places
from newsfacts.records import CleanArticle
from newsfacts.schema import NAME_LABELS, PEOPLE_CATEGORIES, TABLES
from newsfacts.timex import SPANS_KEY as TIMEX_KEY
from newsfacts.timex import Timex, as_date
from newsfacts.warehouse import short_hash

#: Words that open a running total's time scope: "since 2011", "so far this year".
SINCE_WORDS = ("since", "so far", "to date", "until now", "up to now")


class Columns:
    """Column-wise row builder for one table."""

    def __init__(self, table: str) -> None:
        self.spec = TABLES[table]
        self.cols: dict[str, list] = {c: [] for c in self.spec.columns}

    def add(self, **row) -> None:
        for name, values in self.cols.items():
            values.append(row.get(name))

    def __len__(self) -> int:
        return len(next(iter(self.cols.values())))

    def to_arrow(self) -> pa.Table:
        return pa.Table.from_pydict(self.cols, schema=self.spec.schema)


def _sentence_index(doc: Doc) -> tuple[list[Span], list[int]]:
    """The Doc's sentences, and for each token the index of its sentence (the sentence
    ``span.sent`` gives for a span starting there), from one pass over the boundaries."""
    if not len(doc):
        return [], []
    sents = list(doc.sents)
    starts = np.zeros(len(doc), dtype=np.int32)
    starts[[s.start for s in sents]] = 1
    return sents, (np.cumsum(starts) - 1).tolist()


def count_words(doc: Doc) -> int:
    """Tokens that are neither punctuation nor space (``articles.n_words``), in one array pass."""
    return len(doc) - int(doc.to_array([IS_PUNCT, IS_SPACE]).any(axis=1).sum()) if len(doc) else 0


def _canonical(ent: Span) -> str:
    if Span.has_extension("canonical"):
        value = ent._.canonical
        if value:
            return value
    return ent.text


@dataclass(frozen=True)
class FactTime:
    """Where a fact sits on the calendar (the ``facts`` columns of the same names)."""

    time_start: date | None = None
    time_end: date | None = None
    time_basis: str | None = None


def fact_time(category: str, time_scope: str | None, timexes: Sequence[Timex], published: date | None) -> FactTime:
    """Place a fact in time from its words and the time expressions of its sentence.

    - a scope opened by "since" (or "so far", "to date") is a running total: ``since``, from the
      start of its time expression to the publication date;
    - any other scope is when it happened: ``event``, the interval of its time expression;
    - a count of people stated without a time holds as of the publication date: ``as_of``.

    Args:
        category: the fact's category.
        time_scope: the words the fact is tied to ("since 2011"), or None.
        timexes: the time expressions of the fact's sentence.
        published: the article's publication date (None when undated).

    >>> t = Timex(40, 44, "2011", "DATE", "2011", False, "year")
    >>> fact_time("killed", "since 2011", [t], date(2017, 1, 23))
    FactTime(time_start=datetime.date(2011, 1, 1), time_end=datetime.date(2017, 1, 23), time_basis='since')
    """
    if not time_scope:
        return FactTime(published, published, "as_of") if category in PEOPLE_CATEGORIES else FactTime()
    scope = time_scope.lower()
    inside = [t for t in timexes if t.text.lower() in scope]
    timex = max(inside, key=lambda t: len(t.text)) if inside else None
    if scope.startswith(SINCE_WORDS):
        return FactTime(timex.start_date if timex else None, published, "since")
    if timex is None:
        return FactTime(None, None, "event")
    return FactTime(timex.start_date, timex.end_date, "event")


def add_doc_rows(doc: Doc, article_id: str, field: str, tables: dict[str, Columns],
                 published: date | None = None) -> None:
    """Append the sentence, entity, time-expression and fact rows of one parsed title or body.

    Args:
        doc: the parsed title or body.
        article_id, field: where the rows point.
        tables: the row builders by table name.
        published: the article's publication date (for facts stated without a time).
    """
    sents, sent_of = _sentence_index(doc)
    by_sentence = add_timex_rows(doc, article_id, field, tables, sent_of)
    for i, sent in enumerate(sents):
        tables["sentences"].add(
            article_id=article_id, field=field, sentence_idx=i,
            start_char=sent.start_char, end_char=sent.end_char, text=sent.text,
        )
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS:
            continue
        tables["entities"].add(
            article_id=article_id, field=field, sentence_idx=sent_of[ent.start],
            start_char=ent.start_char, end_char=ent.end_char, text=ent.text,
            label=ent.label_, canonical=_canonical(ent),
        )
    spans = list(doc.spans.get("facts", []))
    own, by_span_id = fact_ids(spans, article_id, field)
    for span, fact_id in zip(spans, own):
        fact = span._.fact
        sentence_idx = sent_of[span.start]
        when = fact_time(fact.category, fact.time_scope, by_sentence.get(sentence_idx, ()), published)
        tables["facts"].add(
            fact_id=fact_id, subcount=fact.subcount,
            same_as_fact_id=by_span_id.get(fact.same_as), revises_fact_id=by_span_id.get(fact.revises),
            article_id=article_id, field=field, sentence_idx=sentence_idx,
            start_char=span.start_char, end_char=span.end_char, evidence=span.text,
            category=fact.category, value=fact.value, value_low=fact.value_low,
            value_high=fact.value_high, qualifier=fact.qualifier, unit=fact.unit,
            counted=fact.counted, location=fact.location, time_scope=fact.time_scope,
            claimed_by=fact.claimed_by, cumulative=fact.cumulative, number_text=fact.number_text,
            time_start=when.time_start, time_end=when.time_end, time_basis=when.time_basis,
        )


def fact_ids(spans: Sequence[Span], article_id: str, field: str) -> tuple[list[str], dict[int, str]]:
    """The ``fact_id`` of each fact span (a hash of article, field, offsets and number, with a
    repeat count for the same number twice in one evidence span), and the same ids by
    ``span.id``, the ids a fact's links name (empty unless every span has its own id)."""
    seen: dict[tuple, int] = {}
    own: list[str] = []
    for span in spans:
        key = (span.start_char, span.end_char, span._.fact.number_text)
        seen[key] = repeat = seen.get(key, -1) + 1
        own.append(short_hash(article_id, field, *key, repeat))
    span_ids = [span.id for span in spans]
    unique = len(set(span_ids)) == len(span_ids)
    return own, (dict(zip(span_ids, own)) if unique else {})


def add_timex_rows(doc: Doc, article_id: str, field: str, tables: dict[str, Columns],
                   sent_of: Sequence[int]) -> dict[int, list[Timex]]:
    """Append the ``timexes`` rows of one Doc; returns its time expressions by sentence index
    (``sent_of``: each token's sentence index, from :func:`_sentence_index`)."""
    by_sentence: dict[int, list[Timex]] = defaultdict(list)
    if "timexes" not in tables:
        return by_sentence
    for span in doc.spans.get(TIMEX_KEY, []):
        timex: Timex = span._.timex
        sentence_idx = sent_of[span.start]
        by_sentence[sentence_idx].append(timex)
        tables["timexes"].add(
            timex_id=short_hash(article_id, field, span.start_char, span.end_char),
            article_id=article_id, field=field, sentence_idx=sentence_idx,
            start_char=span.start_char, end_char=span.end_char, text=span.text,
            type=timex.type, value=timex.value, anchored=timex.anchored,
            start_date=timex.start_date, end_date=timex.end_date,
        )
    return by_sentence


def unresolved_timexes(timexes: pa.Table) -> int:
    """How many dates and times of a ``timexes`` table stayed unresolved (relative, and the
    article had no publication date: a value with X's that is not anchored). For the run summary.

    >>> unresolved_timexes(pa.table({"type": ["DATE", "DATE", "SET"], "value": ["XXXX-WXX-5", "2011", "XXXX-WXX-1"],
    ...                              "anchored": [False, False, False]}))
    1
    """
    rows = zip(timexes.column("type").to_pylist(), timexes.column("value").to_pylist(),
               timexes.column("anchored").to_pylist())
    return sum(1 for typ, value, anchored in rows if typ in ("DATE", "TIME") and not anchored and "X" in value)


def _dated_doc(nlp: Language, text: str, published: date | None) -> Doc:
    doc = nlp.make_doc(text)
    doc._.dct = published
    return doc


def _parsed(nlp: Language, parts: Sequence[tuple[str, tuple[int, str]]], published: Sequence[date | None],
            batch_size: int) -> Iterator[tuple[Doc, tuple[int, str]]]:
    """Each text through the whole pipeline, with its context: the statistical part in the run's
    parse helper when there is one (:mod:`newsfacts.parsehelper`), the rest here; else all here."""
    from newsfacts import parsehelper

    helper = parsehelper.current()
    done = 0
    if helper is not None and not helper.broken:
        docs = helper.stream(nlp, [text for text, _ in parts], batch_size)

        def dated() -> Iterator[Doc]:
            for doc, (_, ctx) in zip(docs, parts):
                doc._.dct = published[ctx[0]]
                yield doc

        try:
            for doc in parsehelper.finish_docs(nlp, dated()):
                yield doc, parts[done][1]
                done += 1
            if done == len(parts):
                return
            parsehelper.log.warning("the parse helper returned %d of %d texts; parsing the rest here", done, len(parts))
        except parsehelper.HelperFailed as exc:  # a text the child could not parse: the rest here, same error
            parsehelper.log.warning("the parse helper failed on a chunk (%s); parsing the rest of it here", exc)
        except parsehelper.HelperGone:  # said once by the helper; the rest of this run parses here
            pass
    yield from nlp.pipe(((_dated_doc(nlp, text, published[ctx[0]]), ctx) for text, ctx in parts[done:]),
                        as_tuples=True, batch_size=batch_size)


#: Texts per spaCy batch. News articles are long: 64 of them in one batch held ~330 MB
#: of activations for 200 BBC politics articles; 16 hold ~100 MB at the same speed.
#: (Also capping a batch at 20,000 characters was tried on 2026-11-28: peaks within run-to-run
#: noise, and the two-thread flow 10 % slower, 64-65 s against 57-59 s for 500 BBC articles.)
PIPE_BATCH = 16


def analyse_articles(
    nlp: Language, articles: Sequence[CleanArticle], *, run_id: str, batch_size: int = PIPE_BATCH
) -> dict[str, pa.Table]:
    """Parse a batch of articles and build the article tables.

    Args:
        nlp: the loaded pipeline (``newsfacts.nlp.load_nlp()``).
        articles: cleaned articles, already de-duplicated.
        run_id: stored on each ``articles`` row.
        batch_size: spaCy's internal batch size.

    Returns:
        ``{"articles": ..., "sentences": ..., "entities": ..., "facts": ..., "timexes": ...}`` as Arrow tables.
    """
    tables = {name: Columns(name) for name in ("articles", "sentences", "entities", "facts", "timexes")}
    published = [as_date(art.published_at) for art in articles]
    parts: list[tuple[str, tuple[int, str]]] = []
    for i, art in enumerate(articles):
        if art.title:
            parts.append((art.title, (i, "title")))
        parts.append((art.text, (i, "body")))
    n_words: dict[int, int] = defaultdict(int)
    for doc, (i, field) in _parsed(nlp, parts, published, batch_size):
        art = articles[i]
        n_words[i] += count_words(doc)
        add_doc_rows(doc, art.article_id, field, tables, published[i])
    for i, art in enumerate(articles):
        tables["articles"].add(
            article_id=art.article_id, doc_id=art.doc_id, title=art.title, text=art.text,
            published_at=art.published_at, source=art.source, url=art.url,
            dateline=art.dateline, agency=art.agency, input_path=art.source_path,
            n_words=n_words[i], run_id=run_id,
        )
    out = {name: cols.to_arrow() for name, cols in tables.items()}
    out["facts"] = fill_fact_places(out["facts"], out["entities"], out["articles"])  # GeoNames place of each fact
    return out
