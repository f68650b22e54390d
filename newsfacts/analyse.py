"""NLP over a batch of cleaned articles, straight into columnar table rows.

One ``nlp.pipe`` call covers the whole batch (titles and bodies interleaved);
rows are appended column-wise and become Arrow tables once per batch, so there
is no per-row pandas work.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import pyarrow as pa
from spacy.language import Language
from spacy.tokens import Doc, Span

from newsfacts.places import fill_fact_places
from newsfacts.records import CleanArticle
from newsfacts.schema import NAME_LABELS, TABLES
from newsfacts.warehouse import short_hash


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


def _sentence_index(doc: Doc) -> tuple[list[Span], dict[int, int]]:
    sents = list(doc.sents) if len(doc) else []
    return sents, {s.start: i for i, s in enumerate(sents)}


def _canonical(ent: Span) -> str:
    if Span.has_extension("canonical"):
        value = ent._.canonical
        if value:
            return value
    return ent.text


def add_doc_rows(doc: Doc, article_id: str, field: str, tables: dict[str, Columns]) -> None:
    """Append the sentence, entity and fact rows of one parsed title or body."""
    sents, index = _sentence_index(doc)
    for i, sent in enumerate(sents):
        tables["sentences"].add(
            article_id=article_id, field=field, sentence_idx=i,
            start_char=sent.start_char, end_char=sent.end_char, text=sent.text,
        )
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS:
            continue
        tables["entities"].add(
            article_id=article_id, field=field, sentence_idx=index[ent.sent.start],
            start_char=ent.start_char, end_char=ent.end_char, text=ent.text,
            label=ent.label_, canonical=_canonical(ent),
        )
    seen: dict[tuple, int] = {}
    for span in doc.spans.get("facts", []):
        fact = span._.fact
        key = (span.start_char, span.end_char, fact.number_text)
        seen[key] = repeat = seen.get(key, -1) + 1  # the same number twice in one evidence span
        tables["facts"].add(
            fact_id=short_hash(article_id, field, *key, repeat),
            article_id=article_id, field=field, sentence_idx=index[span.sent.start],
            start_char=span.start_char, end_char=span.end_char, evidence=span.text,
            category=fact.category, value=fact.value, value_low=fact.value_low,
            value_high=fact.value_high, qualifier=fact.qualifier, unit=fact.unit,
            counted=fact.counted, location=fact.location, time_scope=fact.time_scope,
            claimed_by=fact.claimed_by, cumulative=fact.cumulative, number_text=fact.number_text,
        )


#: Texts per spaCy batch. News articles are long: 64 of them in one batch held ~330 MB
#: of activations for 200 BBC politics articles; 16 hold ~100 MB at the same speed.
#: (Also capping a batch at 20,000 characters was tried on 2026-11-28: peaks within run-to-run
#: noise, and the two-thread flow 10 % slower, 64-65 s against 57-59 s for 500 BBC articles.)
PIPE_BATCH = 16


def analyse_articles(
    nlp: Language, articles: Sequence[CleanArticle], *, run_id: str, batch_size: int = PIPE_BATCH
) -> dict[str, pa.Table]:
    """Parse a batch of articles and build the four article tables.

    Args:
        nlp: the loaded pipeline (``newsfacts.nlp.load_nlp()``).
        articles: cleaned articles, already de-duplicated.
        run_id: stored on each ``articles`` row.
        batch_size: spaCy's internal batch size.

    Returns:
        ``{"articles": ..., "sentences": ..., "entities": ..., "facts": ...}`` as Arrow tables.
    """
    tables = {name: Columns(name) for name in ("articles", "sentences", "entities", "facts")}
    texts: list[tuple[str, tuple[int, str]]] = []
    for i, art in enumerate(articles):
        if art.title:
            texts.append((art.title, (i, "title")))
        texts.append((art.text, (i, "body")))
    n_words: dict[int, int] = defaultdict(int)
    for doc, (i, field) in nlp.pipe(texts, as_tuples=True, batch_size=batch_size):
        art = articles[i]
        n_words[i] += sum(1 for t in doc if not (t.is_punct or t.is_space))
        add_doc_rows(doc, art.article_id, field, tables)
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
