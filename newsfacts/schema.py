"""The one place that defines every warehouse table: columns, types, keys.

Writers, readers and the Great Expectations suites (``expectations/``) all
follow this module. The columns named in ``../shared/INTERFACE.md`` are a
subset of these; extra columns are additions, never renames.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

#: Categories for counts of people, then for everything else (INTERFACE.md).
PEOPLE_CATEGORIES: tuple[str, ...] = (
    "killed",
    "wounded",
    "missing",
    "displaced",
    "evacuated",
    "besieged",
    "detained",
    "kidnapped",
    "casualties",
    "affected",
    "people",
)
OTHER_CATEGORIES: tuple[str, ...] = ("money", "percent", "duration", "measure", "count")
CATEGORIES: tuple[str, ...] = PEOPLE_CATEGORIES + OTHER_CATEGORIES

QUALIFIERS: tuple[str, ...] = (
    "exact",
    "about",
    "more_than",
    "at_least",
    "nearly",
    "up_to",
    "less_than",
    "range",
    "vague",
)

FIELDS: tuple[str, ...] = ("title", "body")

#: Entity labels of the English spaCy model.
ENTITY_LABELS: tuple[str, ...] = (
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT",
    "WORK_OF_ART", "LAW", "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY",
    "QUANTITY", "ORDINAL", "CARDINAL",
)
#: Entity labels that name things: kept in the ``entities`` table, and a number inside one
#: is a label, not an amount ("Big 12", "Resolution 2254").
NAME_LABELS: frozenset[str] = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)

QUARANTINE_STAGES: tuple[str, ...] = ("read", "clean", "nlp", "quality", "write")

#: Hive partition column of the article-derived tables (from the path, not the file).
PARTITION = "day"
UNDATED = "undated"


@dataclass(frozen=True)
class Table:
    """A warehouse table: its Arrow schema, its unique key and its partitioning."""

    name: str
    schema: pa.Schema
    key: tuple[str, ...]
    partitioned: bool = True
    description: str = ""
    #: Derived from articles by the extractor: stored with an ``extractor_version`` column
    #: (added at write time, see ``newsfacts.extractor``; not part of the checked batch).
    derived: bool = False

    @property
    def columns(self) -> list[str]:
        return self.schema.names

    def required(self) -> list[str]:
        """Columns that may never be null."""
        return [f.name for f in self.schema if not f.nullable]


def _f(name: str, typ: pa.DataType, nullable: bool = True, doc: str = "") -> pa.Field:
    return pa.field(name, typ, nullable=nullable, metadata={"doc": doc} if doc else None)


TS = pa.timestamp("us", tz="UTC")

ARTICLES = Table(
    "articles",
    pa.schema([
        _f("article_id", pa.string(), False, "stable hash of the cleaned title and text"),
        _f("doc_id", pa.string(), False, "the input's own id, or the file stem"),
        _f("title", pa.string(), False, "cleaned title ('' when the input has none)"),
        _f("text", pa.string(), False, "cleaned body: every body offset points into it"),
        _f("published_at", TS),
        _f("source", pa.string()),
        _f("url", pa.string()),
        _f("dateline", pa.string(), doc="place in the opening dateline, e.g. BEIRUT"),
        _f("agency", pa.string(), doc="news agency credited, e.g. AFP, Reuters"),
        _f("copy_of", pa.string(), doc="article_id of the earlier article this one copies (near-duplicate)"),
        _f("copy_similarity", pa.float64(), doc="exact Jaccard of word 5-shingles with copy_of"),
        _f("input_path", pa.string(), False),
        _f("n_words", pa.int32(), False),
        _f("run_id", pa.string(), False),
    ]),
    key=("article_id",),
)

SENTENCES = Table(
    "sentences",
    pa.schema([
        _f("article_id", pa.string(), False),
        _f("field", pa.string(), False, "title or body"),
        _f("sentence_idx", pa.int32(), False),
        _f("start_char", pa.int32(), False),
        _f("end_char", pa.int32(), False),
        _f("text", pa.string(), False),
    ]),
    key=("article_id", "field", "sentence_idx"),
    derived=True,
)

ENTITIES = Table(
    "entities",
    pa.schema([
        _f("article_id", pa.string(), False),
        _f("field", pa.string(), False),
        _f("sentence_idx", pa.int32(), False),
        _f("start_char", pa.int32(), False),
        _f("end_char", pa.int32(), False),
        _f("text", pa.string(), False),
        _f("label", pa.string(), False),
        _f("canonical", pa.string(), False, "the article's fullest name for this entity"),
    ]),
    key=("article_id", "field", "start_char", "end_char"),
    derived=True,
)

FACTS = Table(
    "facts",
    pa.schema([
        _f("fact_id", pa.string(), False, "hash of article_id, field and offsets"),
        _f("article_id", pa.string(), False),
        _f("field", pa.string(), False),
        _f("sentence_idx", pa.int32(), False),
        _f("start_char", pa.int32(), False),
        _f("end_char", pa.int32(), False),
        _f("evidence", pa.string(), False, "exactly text[start_char:end_char]"),
        _f("category", pa.string(), False),
        _f("value", pa.float64(), False, "the number as stated (low end of a range)"),
        _f("value_low", pa.float64()),
        _f("value_high", pa.float64()),
        _f("qualifier", pa.string(), False),
        _f("unit", pa.string()),
        _f("counted", pa.string()),
        _f("location", pa.string()),
        _f("time_scope", pa.string()),
        _f("claimed_by", pa.string()),
        _f("cumulative", pa.bool_(), doc="a running toll (True), one incident (False), unknown (null)"),
        _f("number_text", pa.string(), False, "the number as written, e.g. 'more than 310,000'"),
        _f("place_id", pa.int64(), doc="GeoNames id of the fact's place"),
        _f("country_code", pa.string(), doc="ISO 3166-1 alpha-2 of the fact's place"),
        _f("lat", pa.float64(), doc="latitude of the place (null for countries and US states)"),
        _f("lon", pa.float64(), doc="longitude of the place"),
        _f("time_start", pa.date32(), doc="first day the fact covers (from its time expression, or the publication date)"),
        _f("time_end", pa.date32(), doc="last day the fact covers"),
        _f("time_basis", pa.string(), doc="event (happened then), since (running total from time_start), "
           "as_of (stated without a time: as of the publication date)"),
        _f("subcount", pa.bool_(), doc="a count of people inside a larger toll ('including 12 foreigners'); "
           "null for amounts that are not counts of people"),
        _f("same_as_fact_id", pa.string(), doc="fact_id of the fact of the same article and field stating this "
           "amount in another currency ('$280bn (£155bn)': the pounds point to the dollars)"),
        _f("revises_fact_id", pa.string(), doc="fact_id of the older figure of the same article and field this "
           "one revises ('to 4.0% from 4.4%': 4.0 points to 4.4)"),
    ]),
    key=("fact_id",),
    derived=True,
)

TIMEX_TYPES: tuple[str, ...] = ("DATE", "TIME", "DURATION", "SET")
TIME_BASES: tuple[str, ...] = ("event", "since", "as_of")

TIMEXES = Table(
    "timexes",
    pa.schema([
        _f("timex_id", pa.string(), False, "hash of article_id, field and offsets"),
        _f("article_id", pa.string(), False),
        _f("field", pa.string(), False),
        _f("sentence_idx", pa.int32(), False),
        _f("start_char", pa.int32(), False),
        _f("end_char", pa.int32(), False),
        _f("text", pa.string(), False, "exactly (title or text)[start_char:end_char]"),
        _f("type", pa.string(), False, "DATE, TIME, DURATION or SET"),
        _f("value", pa.string(), False, "TIMEX3 value (ISO-TimeML): 2017-03-14, 2017-W11, P3D, PRESENT_REF, XXXX-WXX-5"),
        _f("anchored", pa.bool_(), False, "resolved against the publication date"),
        _f("start_date", pa.date32(), doc="first day of the interval the value covers (null: duration, unknown, unbounded)"),
        _f("end_date", pa.date32(), doc="last day of that interval"),
    ]),
    key=("timex_id",),
    derived=True,
)

QUARANTINE = Table(
    "quarantine",
    pa.schema([
        _f("quarantine_id", pa.string(), False, "hash of source, line, doc_id, stage, reason"),
        _f("source", pa.string(), False, "input path (or batch) that was quarantined"),
        _f("doc_id", pa.string()),
        _f("line", pa.int32(), doc="1-based line in a JSON Lines input"),
        _f("stage", pa.string(), False),
        _f("reason", pa.string(), False),
        _f("detail", pa.string(), False),
        _f("run_id", pa.string(), False),
        _f("quarantined_at", TS, False),
    ]),
    key=("quarantine_id",),
    partitioned=False,
)

QUALITY = Table(
    "quality",
    pa.schema([
        _f("run_id", pa.string(), False),
        _f("batch_id", pa.string(), False),
        _f("table", pa.string(), False),
        _f("expectation", pa.string(), False),
        _f("column", pa.string()),
        _f("severity", pa.string(), False, "critical or warning"),
        _f("success", pa.bool_(), False),
        _f("unexpected_count", pa.int64()),
        _f("element_count", pa.int64()),
        _f("details", pa.string(), doc="JSON: partial unexpected values and kwargs"),
        _f("checked_at", TS, False),
    ]),
    key=("run_id", "batch_id", "table", "expectation", "column"),
    partitioned=False,
)

RUNS = Table(
    "runs",
    pa.schema([
        _f("run_id", pa.string(), False),
        _f("flow_run_id", pa.string()),
        _f("started_at", TS, False),
        _f("finished_at", TS, False),
        _f("inputs", pa.string(), False, "JSON list of input paths"),
        _f("records_read", pa.int64(), False),
        _f("articles_written", pa.int64(), False),
        _f("duplicates_skipped", pa.int64(), False),
        _f("quarantined", pa.int64(), False),
        _f("out_of_range", pa.int64(), False, "skipped by --since/--until"),
        _f("status", pa.string(), False),
    ]),
    key=("run_id",),
    partitioned=False,
)

INCIDENTS = Table(
    "incidents",
    pa.schema([
        _f("incident_id", pa.string(), False, "hash of the category and the first claim's fact_id"),
        _f("category", pa.string(), False),
        _f("label", pa.string(), False, "short description from the evidence"),
        _f("place_id", pa.int64(), doc="GeoNames id"),
        _f("place_name", pa.string()),
        _f("country_code", pa.string(), doc="ISO 3166-1 alpha-2"),
        _f("lat", pa.float64()),
        _f("lon", pa.float64()),
        _f("event_start", pa.date32()),
        _f("event_end", pa.date32()),
        _f("low", pa.float64(), False, "smallest lower bound of any claim"),
        _f("best", pa.float64(), False, "latest value, or the latest firm figure above a later lower bound"),
        _f("high", pa.float64(), False, "largest upper bound of any claim"),
        _f("latest_value", pa.float64(), False, "value of the most recently published claim"),
        _f("latest_reported_at", TS),
        _f("first_reported_at", TS),
        _f("n_claims", pa.int32(), False),
        _f("n_articles", pa.int32(), False),
        _f("n_sources", pa.int32(), False, "independent outlets after collapsing copies"),
        _f("cumulative", pa.bool_(), False, "a running toll (a war's), never merged with single events"),
        _f("combined", pa.bool_(), False, "a toll summing several sites or attacks"),
        _f("parent_incident_id", pa.string(), doc="the combined incident this one is part of"),
    ]),
    key=("incident_id",),
    partitioned=False,
)

INCIDENT_CLAIMS = Table(
    "incident_claims",
    pa.schema([
        _f("incident_id", pa.string(), False),
        _f("fact_id", pa.string(), False),
        _f("article_id", pa.string(), False),
        _f("published_at", TS),
        _f("source", pa.string()),
        _f("value", pa.float64(), False),
        _f("value_low", pa.float64()),
        _f("value_high", pa.float64()),
        _f("qualifier", pa.string(), False),
        _f("claimed_by", pa.string()),
        _f("evidence", pa.string(), False, "the fact's evidence span"),
        _f("outlet", pa.string(), False, "independent source the claim counts for (a copy's original outlet)"),
    ]),
    key=("fact_id",),
    partitioned=False,
)

TABLES: dict[str, Table] = {
    t.name: t for t in (ARTICLES, SENTENCES, ENTITIES, FACTS, TIMEXES, QUARANTINE, QUALITY, RUNS, INCIDENTS, INCIDENT_CLAIMS)
}
#: Tables derived from articles, written together per batch.
ARTICLE_TABLES: tuple[str, ...] = ("articles", "sentences", "entities", "facts", "timexes")
