"""Derived check columns: what a per-table expectation cannot see by itself.

Great Expectations validates one table at a time and one row at a time. Checks
that need the article text (does the evidence slice out of it?) or the
neighbouring rows (do sentences overlap?) are computed here, before validation,
as extra columns appended to the table's frame; the suites then expect them to
be ``True`` (or within bounds). Pure functions over Arrow tables and pandas
frames; no GX import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import pyarrow as pa

from newsfacts.quality.fact_links import LINKS_RESOLVE, links_resolve
from newsfacts.quality.incident_suites import DERIVED_CLAIMS, DERIVED_INCIDENTS, add_incident_derived

#: Categories whose ``value`` is a death toll (checked against a ceiling).
TOLL_CATEGORIES: tuple[str, ...] = ("killed", "casualties")

_SPAN = (
    ("has_article", "the row's article_id is an article of the same batch"),
    ("source_len", "length of the article's title or text, per field (null without an article)"),
    ("slice_matches", "the row's text equals (title or text)[start_char:end_char]"),
)

#: The rebuilt incident tables (``newsfacts.quality.incident_suites``).
INCIDENT_DERIVED = {"incidents": DERIVED_INCIDENTS, "incident_claims": DERIVED_CLAIMS}

#: Derived columns per table, in the order they are appended: (name, meaning).
DERIVED: dict[str, tuple[tuple[str, str], ...]] = {
    "sentences": _SPAN + (
        ("after_previous", "start_char >= end_char of the previous sentence of the same article and field"),
        ("gap_is_space", "only whitespace between the previous sentence (or the field's start) and this one"),
    ),
    "entities": _SPAN + (
        ("in_sentence", "start/end lie within the sentence named by sentence_idx"),
    ),
    "facts": _SPAN + (
        ("in_sentence", "start/end lie within the sentence named by sentence_idx"),
        ("death_toll", f"value where category is {' or '.join(TOLL_CATEGORIES)}, else null"),
        LINKS_RESOLVE,
    ),
    "timexes": _SPAN + (
        ("in_sentence", "start/end lie within the sentence named by sentence_idx"),
    ),
    **INCIDENT_DERIVED,
}

_TEXT_COLUMN = {"sentences": "text", "entities": "text", "facts": "evidence", "timexes": "text"}

#: Arrow to pandas: nullable integer/boolean dtypes, so a null does not turn int32 into float64.
_PANDAS_TYPES = {
    pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(),
    pa.int32(): pd.Int32Dtype(), pa.int64(): pd.Int64Dtype(),
    pa.bool_(): pd.BooleanDtype(),
}


def to_frame(table: pa.Table) -> pd.DataFrame:
    """The pandas frame GX validates: every column kept, nullable ints and booleans."""
    return table.to_pandas(types_mapper=_PANDAS_TYPES.get)


def _column(table: pa.Table | None, name: str) -> list:
    """A column as a Python list, or all None when the table lacks it (the suite then fails on columns)."""
    if table is None:
        return []
    if name in table.column_names:
        return table.column(name).to_pylist()
    return [None] * table.num_rows


def _sources(articles: pa.Table | None) -> dict[str, tuple[str | None, str | None]]:
    ids = _column(articles, "article_id")
    return dict(zip(ids, zip(_column(articles, "title"), _column(articles, "text")))) if ids else {}


def _source_of(sources: Mapping, article_id, field) -> str | None:
    pair = sources.get(article_id)
    if pair is None:
        return None
    return pair[0] if field == "title" else pair[1] if field == "body" else None


def _slices(rows: pa.Table, text_column: str, sources: Mapping) -> tuple[list, list, list]:
    has, length, matches = [], [], []
    for aid, field, start, end, text in zip(
        _column(rows, "article_id"), _column(rows, "field"), _column(rows, "start_char"),
        _column(rows, "end_char"), _column(rows, text_column),
    ):
        src = _source_of(sources, aid, field)
        has.append(aid in sources)
        length.append(None if src is None else len(src))
        matches.append(
            src is not None and start is not None and end is not None
            and 0 <= start <= end <= len(src) and src[start:end] == text
        )
    return has, length, matches


def _tiling(rows: pa.Table, sources: Mapping) -> tuple[list[bool], list[bool]]:
    """Per sentence: no overlap with the previous one, and only whitespace in between."""
    aids, fields = _column(rows, "article_id"), _column(rows, "field")
    starts, ends = _column(rows, "start_char"), _column(rows, "end_char")
    n = len(starts)
    after, gap = [False] * n, [False] * n
    valid = [i for i in range(n) if starts[i] is not None and ends[i] is not None]
    valid.sort(key=lambda i: (str(aids[i]), str(fields[i]), starts[i], ends[i]))
    prev_key, prev_end = None, 0
    for i in valid:
        key = (aids[i], fields[i])
        if key != prev_key:
            prev_key, prev_end = key, 0
        after[i] = starts[i] >= prev_end
        src = _source_of(sources, aids[i], fields[i])
        # an overlap or a missing article is reported by after_previous / has_article, not here
        gap[i] = not after[i] or src is None or not src[prev_end:starts[i]].strip()
        prev_end = max(prev_end, ends[i])
    return after, gap


def _in_sentence(rows: pa.Table, sentences: pa.Table | None) -> list[bool]:
    bounds = {
        (a, f, i): (s, e)
        for a, f, i, s, e in zip(
            _column(sentences, "article_id"), _column(sentences, "field"), _column(sentences, "sentence_idx"),
            _column(sentences, "start_char"), _column(sentences, "end_char"),
        )
    }
    out = []
    for a, f, i, s, e in zip(
        _column(rows, "article_id"), _column(rows, "field"), _column(rows, "sentence_idx"),
        _column(rows, "start_char"), _column(rows, "end_char"),
    ):
        b = bounds.get((a, f, i))
        out.append(b is not None and None not in (s, e, *b) and b[0] <= s and e <= b[1])
    return out


def add_derived(name: str, table: pa.Table, batch: Mapping[str, pa.Table]) -> pd.DataFrame:
    """The frame to validate for one table: its columns plus its derived check columns.

    Args:
        name: the table's name (a key of ``schema.TABLES``).
        table: the table's rows.
        batch: every table of the batch by name; ``articles`` and ``sentences`` are read
            for the cross-table checks (a missing one counts as empty).

    Returns:
        A pandas frame with the columns of ``DERIVED[name]`` appended.
    """
    frame = to_frame(table)
    if name not in DERIVED:
        return frame
    if name in INCIDENT_DERIVED:
        return add_incident_derived(name, table, batch, frame)
    sources = _sources(batch.get("articles"))
    has, length, matches = _slices(table, _TEXT_COLUMN[name], sources)
    frame["has_article"] = pd.array(has, dtype=bool)
    frame["source_len"] = pd.array(length, dtype="Int64")
    frame["slice_matches"] = pd.array(matches, dtype=bool)
    if name == "sentences":
        after, gap = _tiling(table, sources)
        frame["after_previous"] = pd.array(after, dtype=bool)
        frame["gap_is_space"] = pd.array(gap, dtype=bool)
    else:
        frame["in_sentence"] = pd.array(_in_sentence(table, batch.get("sentences")), dtype=bool)
    if name == "facts":
        value = pd.to_numeric(pd.Series(_column(table, "value"), index=frame.index, dtype="object"), errors="coerce")
        toll = pd.Series(_column(table, "category"), index=frame.index, dtype="object").isin(TOLL_CATEGORIES)
        frame["death_toll"] = value.where(toll).astype("float64")
        frame[LINKS_RESOLVE[0]] = pd.array(links_resolve(table), dtype=bool)
    return frame


def frames(batch: Mapping[str, pa.Table], names: Sequence[str]) -> dict[str, pd.DataFrame]:
    """:func:`add_derived` for each named table present in the batch."""
    return {n: add_derived(n, batch[n], batch) for n in names if n in batch}
