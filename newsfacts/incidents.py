"""Incidents: casualty-type facts reconciled across articles, copies and days of changing tolls.

``reconcile(facts, articles)`` takes the whole ``facts`` and ``articles`` tables and
returns the whole ``incidents`` and ``incident_claims`` tables. It is pure and
deterministic: the same facts give the same incidents whatever order they arrived
in, so the caller replaces both tables after every commit (a backfill, a day, a
reprocess). The rules (also in the README, "Incidents"):

**Which claims.** Facts whose category is one of :data:`INCIDENT_CATEGORIES`, except
counts of things (``counted`` such as "attacks", "bombs").

**Running totals.** ``time_basis`` ``since``, or a fact the extractor marked cumulative
whose words name a period or a war (:data:`SERIES_WORDS`); "the toll rose to 31" is
still one event.

**Which claims belong together.** Two claims can be one incident only when they
share the *block*: category, kind (single event / running total / combined toll),
country and the class of people counted (people and civilians; combatants;
children and women). Within a block, claims are taken in event-date order and each
joins the best open incident that it is compatible with, or opens a new one:

- *place*: equal, or one inside the other (Aleppo inside Syria); two different
  cities never meet; a claim without a place meets any place of its country;
- *time*: the claim's event dates (``time_start``/``time_end`` of an ``event``
  fact; else ``published_at`` minus :data:`REPORT_LAG_DAYS` .. ``published_at``)
  overlap the incident's event dates widened by :data:`FOLLOW_DAYS`;
  running totals compare their ``since`` year instead;
- *trigger*: the event words of the two sentences (bombing, air strike, shelling,
  earthquake ...) share a class, or one of them has none.

and a claim never joins an incident that holds a different body toll of its own
article (two sites of one story). Claims placed at a city go first, then the vaguer
ones. The best compatible incident is the one holding the article's same number, then
the same place, then the most shared trigger classes, then the closest date, then the
smallest incident id.

**Combined tolls.** A claim whose value is the sum of two or more other claims of
its article and category (or whose sentence says "the two attacks", "twin",
"combined", "in total") is a combined toll: its own incident, placed at country
level, and the incidents of the parts it sums get ``parent_incident_id`` = it.

**Values** (ACLED / UCDP conventions; vague words were already read by the extractor
as tens 10, dozens 12, scores 20, hundreds 100, thousands 1000):
``low`` = the smallest lower bound of any claim (``value_low``, else ``value``);
``high`` = the largest upper bound (``value_high``, else ``value``; an open bound such
as "at least 40" counts as 40); ``latest_value`` = the value of the most recently
published claim (within that article the largest, title and body agreeing);
``best`` = ``latest_value``, unless the latest claim is only a lower bound ("at
least", "more than", vague) below an earlier firm figure, in which case the most
recent firm figure (ACLED keeps the most conservative firm figure). A range counts
by its low end (``value``), as ACLED does.

**Sources.** ``n_articles`` counts articles (copies included); ``n_sources`` counts
independent outlets after collapsing copies: a copy counts as the outlet of the
article it copies (``articles.copy_of``); an outlet is the article's agency, else its
source, else the article itself.

**Ids.** ``incident_id`` is a hash of the category and the fact id of the incident's
first claim (earliest event date, then earliest published, then fact id).

>>> import pyarrow as pa
>>> reconcile(pa.table({"fact_id": pa.array([], pa.string())}), pa.table({"article_id": pa.array([], pa.string())}))[0].num_rows
0
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import combinations

import pyarrow as pa

from newsfacts.places import Place, compatible, place_by_id, place_index, resolve, resolve_article

INCIDENT_CATEGORIES: tuple[str, ...] = (
    "killed", "wounded", "missing", "displaced", "evacuated", "besieged",
    "detained", "kidnapped", "casualties", "affected",
)
#: ``counted`` words that are things, not people ("the two attacks killed ...").
NOT_PEOPLE = frozenset({
    "attack", "attacks", "bomb", "bombs", "blast", "blasts", "explosion", "explosions", "strike",
    "strikes", "airstrikes", "raids", "incidents", "times", "cars", "vehicles", "buildings",
    "houses", "homes", "years", "days", "months", "weeks",
})
COMBATANTS = frozenset({
    "soldiers", "soldier", "troops", "militants", "fighters", "rebels", "insurgents", "police",
    "policemen", "officers", "gunmen", "jihadists", "combatants", "servicemen", "guards", "militiamen",
})
SUBGROUPS = frozenset({"children", "child", "women", "students", "girls", "boys", "babies", "pupils",
                       "schoolchildren", "schoolgirls", "schoolboys"})
#: Categories where a sub-group of the victims ("including 12 children") is its own series.
SUBGROUP_CATEGORIES = frozenset({"killed", "wounded", "casualties"})
LOWER_BOUNDS = frozenset({"at_least", "more_than", "vague"})

#: Event words by class; a claim's trigger classes come from its sentence.
TRIGGERS: dict[str, tuple[str, ...]] = {
    "explosion": ("bomb", "bombing", "bombings", "blast", "blasts", "explosion", "explosions", "suicide",
                  "explosive", "ied", "car bomb", "detonated"),
    "air_strike": ("air strike", "air strikes", "airstrike", "airstrikes", "air raid", "air raids",
                   "warplanes", "warplane", "jets", "drone", "barrel bomb", "barrel bombs", "bombardment", "bombing"),
    "shelling": ("shelling", "shells", "mortar", "mortars", "rocket", "rockets", "artillery", "missile", "missiles"),
    "shooting": ("shooting", "gunman", "gunmen", "gunfire", "opened fire", "sniper", "shot dead", "massacre"),
    "chemical": ("chemical", "gas attack", "sarin", "chlorine", "nerve agent", "toxic gas"),
    "clashes": ("clashes", "fighting", "battle", "offensive", "ambush", "assault"),
    "crash": ("crash", "crashed", "collision", "derailed", "derailment", "capsized", "sank"),
    "fire": ("fire", "blaze", "fires"),
    "flood": ("flood", "floods", "flooding", "landslide", "landslides", "mudslide"),
    "storm": ("storm", "hurricane", "cyclone", "typhoon", "tornado"),
    "quake": ("earthquake", "quake", "tremor", "aftershock", "tsunami"),
    "disease": ("outbreak", "cholera", "epidemic", "virus", "ebola"),
    "collapse": ("collapse", "collapsed", "stampede"),
    "abduction": ("abducted", "kidnapped", "kidnapping", "abduction", "seized", "hostages"),
}
#: Trigger classes by family; claims whose triggers share no family never meet.
FAMILIES: dict[str, str] = {
    "explosion": "violence", "air_strike": "violence", "shelling": "violence", "shooting": "violence",
    "chemical": "violence", "clashes": "violence", "abduction": "violence", "crash": "accident",
    "collapse": "accident", "fire": "fire", "flood": "weather", "storm": "weather", "quake": "quake",
    "disease": "disease",
}
#: True: triggers must share a class; False: only a family (violence, accident, weather ...).
STRICT_TRIGGERS = True
_TRIGGER_RE = {cls: re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.I)
               for cls, words in TRIGGERS.items()}
COMBINED_CUE = re.compile(
    r"\b(twin|combined|in total|in all|altogether|both (attacks|bombings|blasts|explosions|strikes)|"
    r"the (two|three|four|five) (attacks|bombings|blasts|explosions|strikes|raids))\b", re.I)
SINCE_YEAR = re.compile(r"\b(?:since|from)\s+(?:\w+\s+)?((?:19|20)\d\d)\b", re.I)

#: Days before publication that an undated report's event may lie.
REPORT_LAG_DAYS = 2
#: Days after an incident's event dates that later reports may still join it.
FOLLOW_DAYS = 3


@dataclass
class Claim:
    """One casualty-type fact, with what reconciliation needs to know about it."""

    fact_id: str
    article_id: str
    field: str
    category: str
    value: float
    value_low: float | None
    value_high: float | None
    qualifier: str
    claimed_by: str | None
    evidence: str
    sentence: str
    published_at: datetime | None
    source: str | None
    outlet: str
    place: Place | None
    start: date | None
    end: date | None
    cumulative: bool
    since: int | None
    counted_class: str
    triggers: frozenset[str]
    dated: bool = False  # the event dates come from the text (time_basis event), not publication
    combined: bool = False

    @property
    def lower(self) -> float:
        return self.value_low if self.value_low is not None else self.value

    @property
    def upper(self) -> float:
        return self.value_high if self.value_high is not None else self.value

    @property
    def order(self) -> tuple:
        return (self.start or date.max, _ts(self.published_at), self.fact_id)


@dataclass
class Incident:
    """Claims grouped as one happening."""

    claims: list[Claim]
    place: Place | None
    start: date | None
    end: date | None
    triggers: set[str] = field(default_factory=set)
    parent: Incident | None = None
    by_article: dict[str, list[Claim]] = field(default_factory=dict)  # the claims of each article

    def add(self, c: Claim) -> None:
        self.claims.append(c)
        self.by_article.setdefault(c.article_id, []).append(c)

    @property
    def first(self) -> Claim:
        return self.claims[0]

    _id: str | None = None

    @property
    def incident_id(self) -> str:
        """Hash of the category and the first claim's fact id (recomputed after :meth:`settle`)."""
        if self._id is None:
            self._id = "inc-" + _hash(self.first.category, self.first.fact_id)
        return self._id

    def settle(self) -> None:
        """Claims in their fixed order, so the id comes from the first claim whatever the arrival order."""
        self.claims.sort(key=lambda c: c.order)
        self._id = None


def _hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def _ts(value: datetime | None) -> str:
    return value.isoformat() if value is not None else "9999"


# -- claims from the tables ------------------------------------------------------------------


def counted_class(counted: str | None, category: str = "killed") -> str | None:
    """``general``, ``combatants`` or ``subgroup`` for the counted noun (``None`` for things).

    >>> counted_class("civilians"), counted_class("soldiers"), counted_class("children"), counted_class("attacks")
    ('general', 'combatants', 'subgroup', None)
    """
    word = (counted or "").lower().split()[-1] if counted else ""
    if word in NOT_PEOPLE:
        return None
    if word in COMBATANTS:
        return "combatants"
    if word in SUBGROUPS and category in SUBGROUP_CATEGORIES:
        return "subgroup"
    return "general"


_ANY_TRIGGER = re.compile(
    r"\b(" + "|".join(sorted({re.escape(w) for ws in TRIGGERS.values() for w in ws}, key=len, reverse=True)) + r")\b",
    re.I)
_WORD_CLASSES = {w.lower(): frozenset(cls for cls, rx in _TRIGGER_RE.items() if rx.search(w))
                 for ws in TRIGGERS.values() for w in ws}


def trigger_classes(text: str) -> frozenset[str]:
    """Event classes named in a sentence (a trigger inside a longer one counts too: "car bomb" is a bomb).

    >>> sorted(trigger_classes("A car bomb exploded near the market"))
    ['explosion']
    >>> sorted(trigger_classes("Barrel bombs and shelling hit the town"))
    ['air_strike', 'shelling']
    """
    out: set[str] = set()
    for m in _ANY_TRIGGER.finditer(text):
        out |= _WORD_CLASSES[m.group(0).lower()]
    return frozenset(out)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` holding ``[start, end)`` (split at ., ! or ? followed by a space).

    >>> sentence_around("One. Two killed here. Three.", 5, 8)
    'Two killed here.'
    """
    left = max(text.rfind(". ", 0, start), text.rfind("! ", 0, start), text.rfind("? ", 0, start),
               text.rfind("\n", 0, start))
    ends = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    right = min(ends) + 1 if ends else len(text)
    return text[left + 1 if left >= 0 else 0:right].strip()


def _as_date(value) -> date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value


def claim_dates(row: dict, published: datetime | None) -> tuple[date | None, date | None]:
    """The claim's event interval: its own event dates, else the days before publication."""
    start, end = _as_date(row.get("time_start")), _as_date(row.get("time_end"))
    if row.get("time_basis") == "event" and start is not None:
        return start, end or start
    if published is None:
        return None, None
    day = published.date()
    return day - timedelta(days=REPORT_LAG_DAYS), day


def _since_year(row: dict, published: datetime | None = None) -> int | None:
    """The year a running total counts from: ``time_start`` of a ``since`` fact, "since 2011" in its
    scope, or the publication year for "this year" (the year before for "last year")."""
    if row.get("time_basis") == "since" and row.get("time_start") is not None:
        return _as_date(row["time_start"]).year
    scope = row.get("time_scope") or ""
    m = SINCE_YEAR.search(scope)
    if m:
        return int(m.group(1))
    if published is not None and re.search(r"\bthis year\b", scope, re.I):
        return published.year
    if published is not None and re.search(r"\blast year\b", scope, re.I):
        return published.year - 1
    return None


#: Words that make a running toll a series of its own (a war's, a year's), not one event's rising toll.
SERIES_WORDS = re.compile(
    r"\b(since|so far|to date|this year|last year|war|civil war|conflict|insurgency|uprising|"
    r"crisis|pandemic|epidemic|campaign|years of)\b", re.I)
#: Long-running subjects: a toll they "have" caused is a running total ("the war has killed ...").
LONG_RUNNING = re.compile(
    r"\b(wars?|civil war|conflicts?|crisis|uprisings?|insurgency|insurgencies|revolution|rebellion|unrest|"
    r"violence|pandemic|epidemic|occupation|siege|crackdown|campaign|intifada|drug war|years of \w+)\b", re.I)
#: Perfect aspect with a casualty verb: "has killed", "have died", "has now claimed", "had left".
PERFECT = re.compile(
    r"\b(has|have|had|'s|'ve)\s+(?:\w+ly\s+|now\s+|so far\s+|already\s+|also\s+|since\s+)?(?:been\s+)?"
    r"(killed|claimed|left|taken|cost|died|displaced|wounded|injured|forced|uprooted|driven|made|detained|"
    r"arrested|abducted|kidnapped|risen|rose|reached|passed|topped|exceeded|surpassed)\b", re.I)
_MONTHS = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
#: A period that makes any perfect-aspect toll a running total: since a year, a month or a long-running
#: event's start; this year; over the past years.
PERIOD = re.compile(
    r"\b(since\s+(?:(?:early|late|mid-?)\s*)?(?:(?:19|20)\d\d|" + _MONTHS + r"|the\s+(?:start|beginning|outbreak|"
    r"onset)\s+of|(?:the|its|their)\s+(?:\w+\s+)?(?:war|conflict|crisis|uprising|insurgency|revolution|"
    r"rebellion|occupation|campaign|pandemic|epidemic)\b)|(?:so far|up to now|until now)\s+this\s+(?:year|month)|"
    r"this year|last year|in the past (?:\w+ )?(?:years|decades?)|over the (?:past|last) (?:\w+ )?(?:years|decades?)|"
    r"in (?:\w+|\d+) years of)", re.I)
#: Totals that are running only when no single event is named ("so far", "overall", "in total").
WEAK_PERIOD = re.compile(r"\b(so far|to date|overall|in total|in all|altogether|cumulative|up to now)\b", re.I)
#: Trigger classes of single events (a weak period word after them is that event's rising toll).
SINGLE_EVENT_CLASSES = frozenset({"explosion", "air_strike", "shelling", "shooting", "chemical", "crash", "fire",
                                  "flood", "storm", "quake", "collapse", "abduction"})
#: "the two attacks", "twin blasts", "both bombings": a combined toll of named events, not a running total.
MULTIPLE_EVENTS = re.compile(
    r"\b(twin|both (?:attacks|bombings|blasts|explosions|strikes)|"
    r"the (?:two|three|four|five) (?:attacks|bombings|blasts|explosions|strikes|raids))\b", re.I)
#: Where a sentence splits into clauses that may carry different tolls.
CLAUSE_BREAK = re.compile(r";|\s[\u2014\u2013-]\s|,\s+(?:and|but|while|whereas|as|although)\s|\bwhile\b", re.I)


def clause_around(text: str, start: int, end: int) -> str:
    """The clause of ``text`` holding ``[start, end)``: its sentence cut at ";", dashes and ", and/but/while ...".

    >>> clause_around("A bomb killed 5 people, and the war has killed 300,000.", 40, 47)
    'the war has killed 300,000.'
    """
    sentence = sentence_around(text, start, end)
    offset = text.find(sentence, max(0, start - len(sentence)))
    if offset < 0 or not (offset <= start <= offset + len(sentence)):
        return sentence
    s, e = start - offset, end - offset
    left, right = 0, len(sentence)
    for m in CLAUSE_BREAK.finditer(sentence):
        if m.end() <= s:
            left = m.end()
        elif m.start() >= e and right == len(sentence):
            right = m.start()
    return sentence[left:right].strip()


def is_cumulative(row: dict, sentence: str) -> bool:
    """A running total, kept apart from single events. ``sentence`` is the fact's clause (or sentence).

    By grammar, not by number: ``time_basis`` ``since``; a long-running subject with a
    perfect-aspect casualty verb ("the war has killed more than 300,000", "the conflict,
    which has claimed 400,000 lives", "the uprising has left 11 million displaced"); a period
    with the perfect ("since 2011", "this year", "over the past five years"); or a weak
    total word ("so far", "to date", "overall", "in total") with the perfect when the clause
    names no single event ("the earthquake has killed 2,000 so far" is one quake's rising
    toll). The extractor's own ``cumulative`` mark counts with a series word. A rising toll
    ("the death toll rose to 31") and "the two attacks killed 57" stay events.

    >>> is_cumulative({}, "The war has killed more than 300,000 people")
    True
    >>> is_cumulative({}, "The earthquake has killed 2,000 people so far")
    False
    """
    if row.get("time_basis") == "since":
        return True
    text = ((row.get("time_scope") or "") + " " + sentence).strip()
    if MULTIPLE_EVENTS.search(text):
        return False
    perfect = PERFECT.search(text)
    long_subject = LONG_RUNNING.search(text)
    if perfect and ((long_subject and long_subject.start() < perfect.start()) or PERIOD.search(text)):
        return True
    if perfect and WEAK_PERIOD.search(text) and not (trigger_classes(text) & SINGLE_EVENT_CLASSES):
        return True
    return bool(row.get("cumulative")) and bool(SERIES_WORDS.search(text)) and not (
        trigger_classes(text) & SINGLE_EVENT_CLASSES and not LONG_RUNNING.search(text))


@dataclass(frozen=True)
class ArticleInfo:
    """What reconciliation reads from an ``articles`` row."""

    published_at: datetime | None
    source: str | None
    outlet: str
    dateline: str | None
    title: str
    text: str


def article_infos(articles: pa.Table, wanted: Iterable[str] | None = None) -> dict[str, ArticleInfo]:
    """``{article_id: ArticleInfo}`` (only the ``wanted`` articles when given: their texts are the
    costly part); a copy's outlet is the outlet of the article it copies."""
    import pyarrow.compute as pc

    names = articles.column_names
    meta_cols = [c for c in ("article_id", "source", "agency", "copy_of") if c in names]
    meta = {r["article_id"]: r for r in articles.select(meta_cols).to_pylist()}
    if wanted is not None:
        articles = articles.filter(pc.is_in(articles.column("article_id"), value_set=pa.array(sorted(set(wanted)),
                                                                                              pa.string())))
    cols = [c for c in ("article_id", "published_at", "source", "dateline", "title", "text") if c in names]

    def outlet(aid: str, depth: int = 0) -> str:
        r = meta[aid]
        root = r.get("copy_of")
        if root and root in meta and root != aid and depth < 8:
            return outlet(root, depth + 1)
        return (r.get("agency") or r.get("source") or f"article:{aid}").strip().lower()

    return {r["article_id"]: ArticleInfo(r.get("published_at"), r.get("source"), outlet(r["article_id"]),
                                         r.get("dateline"), r.get("title") or "", r.get("text") or "")
            for r in articles.select(cols).to_pylist()}


def _claim_place(row: dict, art: ArticleInfo | None) -> Place | None:
    place = place_by_id(row.get("place_id"))
    if place is not None:
        return place
    if row.get("country_code"):
        return place_index().countries.get(row["country_code"])
    names = [n for n in (row.get("location"),) if n]
    dateline = art.dateline if art else None
    resolved = resolve_article(names, dateline)
    return next((resolved[n] for n in names + [dateline] if n and n in resolved), None)


def make_claim(row: dict, art: ArticleInfo | None) -> Claim | None:
    """A claim from a ``facts`` row (None when it does not count people)."""
    cls = counted_class(row.get("counted"), row.get("category") or "")
    if row.get("category") not in INCIDENT_CATEGORIES or cls is None or row.get("value") is None:
        return None
    text = (art.title if row.get("field") == "title" else art.text) if art else ""
    sentence = sentence_around(text, row["start_char"], row["end_char"]) if text else row.get("evidence") or ""
    clause = clause_around(text, row["start_char"], row["end_char"]) if text else sentence
    published = art.published_at if art else None
    start, end = claim_dates(row, published)
    return Claim(
        row["fact_id"], row["article_id"], row.get("field") or "body", row["category"], float(row["value"]), row.get("value_low"),
        row.get("value_high"), row.get("qualifier") or "exact", row.get("claimed_by"), row.get("evidence") or "",
        sentence, published, art.source if art else None, art.outlet if art else f"article:{row['article_id']}",
        _claim_place(row, art), start, end, is_cumulative(row, clause), _since_year(row, published), cls,
        trigger_classes(sentence), dated=row.get("time_basis") == "event" and row.get("time_start") is not None,
    )


def read_claims(facts: pa.Table, articles: pa.Table) -> tuple[list[Claim], dict[str, list[str]]]:
    """Every incident claim of the ``facts`` table in a fixed order, and the parts of combined tolls."""
    if facts.num_rows == 0 or "category" not in facts.column_names:
        return [], {}
    mask = pa.compute.is_in(facts.column("category"), value_set=pa.array(INCIDENT_CATEGORIES))
    rows = facts.filter(mask).to_pylist()
    infos = article_infos(articles, {r["article_id"] for r in rows}) if articles.num_rows else {}
    claims = [c for c in (make_claim(r, infos.get(r["article_id"])) for r in rows) if c is not None]
    parts = mark_combined(claims)
    return sorted(claims, key=lambda c: c.order), parts


# -- combined tolls -------------------------------------------------------------------------

#: At most this many claims of one article and category are searched for sums.
MAX_SUM_CLAIMS = 12


def _summed_parts(total: Claim, others: Sequence[Claim]) -> list[Claim]:
    """The smallest set of 2-4 other claims (distinct values, other sentences) summing to ``total``."""
    pool = [o for o in others if o.value < total.value and o.sentence != total.sentence and o.value >= 1]
    pool = list({o.value: o for o in pool}.values())[:MAX_SUM_CLAIMS]
    for size in (2, 3, 4):
        for combo in combinations(pool, size):
            if sum(o.value for o in combo) == total.value:
                return list(combo)
    return []


def mark_combined(claims: Sequence[Claim]) -> dict[str, list[str]]:
    """Flag combined tolls (in place) and return ``{combined fact_id: [part fact_ids]}``.

    A combined toll is the sum of other claims of its article and category, or a claim
    whose sentence says so ("the two attacks", "twin", "in total"). It is placed at
    country level, as its sites differ.
    """
    by_article: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        if not c.cumulative:
            by_article[(c.article_id, c.category)].append(c)
    parts: dict[str, list[str]] = {}
    for group in by_article.values():
        for c in group:
            found = _summed_parts(c, [o for o in group if o is not c]) if len(group) > 2 else []
            cue = bool(COMBINED_CUE.search(c.sentence))
            if found and not cue and len({o.place.place_id for o in found if o.place is not None}) < 2:
                found = []  # a sum by chance: the parts are not at distinct places and no word says "combined"
            if found or cue:
                c.combined = True
                if c.place is not None and c.place.kind != "country":
                    c.place = place_index().countries.get(c.place.country_code, c.place)
                parts[c.fact_id] = sorted(o.fact_id for o in found)
    return parts


# -- grouping ---------------------------------------------------------------------------------


def block_key(c: Claim) -> tuple:
    """Claims in different blocks are never compared."""
    kind = "cumulative" if c.cumulative else "combined" if c.combined else "event"
    return (c.category, kind, c.place.country_code if c.place else "", c.counted_class, c.start is None)


#: Two towns of one first-level region (a governorate, a state) may be one incident's sites.
REGION_MEETS = False


def _place_ok(inc: Incident, c: Claim) -> bool:
    if c.cumulative:  # a city's running total is a series of its own, not the country's
        return inc.place is None or c.place is None or inc.place.place_id == c.place.place_id
    if inc.place is None or c.place is None or compatible(inc.place, c.place):
        return True
    return REGION_MEETS and inc.place.admin1 is not None and inc.place.admin1 == c.place.admin1


def _time_ok(inc: Incident, c: Claim) -> bool:
    if c.cumulative:
        return _series_meet(inc.first, c)
    if inc.start is None or c.start is None:
        return inc.start is None and c.start is None
    return c.start <= inc.end + timedelta(days=FOLLOW_DAYS) and c.end >= inc.start


def _series_meet(a: Claim, b: Claim) -> bool:
    """Two running totals are one series when they count from the same year; one without a
    start year (a war's "has killed 300,000") meets a series counted over years, not one of
    this year ("1,200 so far this year")."""
    if a.since is not None and b.since is not None:
        return a.since == b.since
    dated = a if a.since is not None else b if b.since is not None else None
    if dated is None:
        return True
    year = dated.published_at.year if dated.published_at is not None else None
    return year is None or dated.since < year


def _same_article_conflict(inc: Incident, c: Claim) -> bool:
    """Two different body tolls of one article are two sites or two events."""
    if c.cumulative or c.field != "body":
        return False
    return any(o.field == "body" and o.value != c.value and o.sentence != c.sentence
               for o in inc.by_article.get(c.article_id, ()))


def _triggers_meet(a: Iterable[str], b: Iterable[str]) -> bool:
    if STRICT_TRIGGERS:
        return not set(a).isdisjoint(b)
    return not {FAMILIES[x] for x in a}.isdisjoint(FAMILIES[x] for x in b)


def joinable(inc: Incident, c: Claim) -> bool:
    """Whether a claim may join an open incident of its block (place, time, trigger, article)."""
    if not (_place_ok(inc, c) and _time_ok(inc, c)):
        return False
    if inc.triggers and c.triggers and not _triggers_meet(inc.triggers, c.triggers):
        return False
    return not _same_article_conflict(inc, c)


def _preference(inc: Incident, c: Claim) -> tuple:
    """Higher is better: the article's own claim of this value, same place, shared triggers, near date."""
    same_article = any(o.value == c.value for o in inc.by_article.get(c.article_id, ()))
    same_place = inc.place is not None and c.place is not None and inc.place.place_id == c.place.place_id
    gap = abs((c.start - inc.start).days) if c.start and inc.start else 0
    return (same_article, same_place, len(inc.triggers & c.triggers), -gap)


def _more_specific(a: Place | None, b: Place | None) -> Place | None:
    if a is None or b is None:
        return a or b
    return b if compatible(a, b) and b.kind == "city" and a.kind != "city" else a


class DayIndex:
    """Open incidents by the days a new claim may fall on (their dates widened by FOLLOW_DAYS)."""

    def __init__(self) -> None:
        self.by_day: dict[date | None, list[Incident]] = defaultdict(list)

    def _days(self, start: date | None, end: date | None) -> Iterable[date | None]:
        if start is None:
            return (None,)
        return (start + timedelta(days=i) for i in range((end - start).days + 1))

    def add(self, inc: Incident, start: date | None = None, end: date | None = None) -> None:
        """Index ``inc`` for the days ``start .. end + FOLLOW_DAYS`` (default: its own dates)."""
        start, end = (start, end) if start is not None else (inc.start, inc.end)
        last = end + timedelta(days=FOLLOW_DAYS) if end is not None else None
        for day in self._days(start, last):
            if inc not in self.by_day[day]:
                self.by_day[day].append(inc)

    def near(self, c: Claim) -> list[Incident]:
        """Incidents indexed on any day of the claim's interval, each once."""
        seen: dict[int, Incident] = {}
        for day in self._days(c.start, c.end):
            for inc in self.by_day.get(day, ()):
                seen.setdefault(id(inc), inc)
        return list(seen.values())


def _join(inc: Incident, c: Claim, index: DayIndex) -> None:
    inc.add(c)
    inc.place = _more_specific(inc.place, c.place)
    inc.triggers |= c.triggers
    if c.dated and c.start is not None and inc.start is not None and (c.start < inc.start or c.end > inc.end):
        inc.start, inc.end = min(inc.start, c.start), max(inc.end, c.end)
        index.add(inc)


def _specificity(c: Claim) -> int:
    return 0 if c.place is not None and c.place.kind == "city" else 1


def cluster_block(claims: Sequence[Claim]) -> list[Incident]:
    """Greedy grouping of one block's claims: claims at a city first, then the vaguer ones,
    each pass in event-date order; a claim joins its preferred compatible incident or opens one."""
    incidents: list[Incident] = []
    index = DayIndex()
    everyone: list[Incident] = []  # running totals have no time window
    for c in sorted(claims, key=lambda c: (_specificity(c), c.order)):
        near = everyone if c.cumulative else index.near(c)
        fits = [i for i in near if joinable(i, c)]
        if fits:
            _join(min(fits, key=lambda i: (tuple(-x for x in _preference(i, c)), i.incident_id)), c, index)
            continue
        inc = Incident([], c.place, c.start, c.end, set(c.triggers))
        inc.add(c)
        incidents.append(inc)
        (everyone.append(inc) if c.cumulative else index.add(inc))
    for inc in incidents:
        inc.settle()
    return incidents


def group_claims(claims: Sequence[Claim]) -> list[Incident]:
    """All incidents: claims blocked by :func:`block_key`, each block grouped on its own."""
    blocks: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims:
        blocks[block_key(c)].append(c)
    incidents = [inc for key in sorted(blocks, key=repr) for inc in cluster_block(blocks[key])]
    return sorted(incidents, key=lambda i: i.incident_id)


def link_parents(incidents: Sequence[Incident], parts: dict[str, list[str]]) -> None:
    """Point each part incident at the combined incident that sums it (smallest id wins)."""
    of_fact = {c.fact_id: inc for inc in incidents for c in inc.claims}
    for inc in sorted(incidents, key=lambda i: i.incident_id, reverse=True):
        for c in inc.claims:
            for fid in parts.get(c.fact_id, ()):
                part = of_fact.get(fid)
                if part is not None and part is not inc:
                    part.parent = inc


# -- values, labels, tables -----------------------------------------------------------------


@dataclass(frozen=True)
class Toll:
    """An incident's reconciled numbers."""

    low: float
    best: float
    high: float
    latest_value: float
    latest_reported_at: datetime | None
    first_reported_at: datetime | None


def _latest_claim(claims: Sequence[Claim]) -> Claim:
    return max(claims, key=lambda c: (_ts(c.published_at) if c.published_at else "", c.value, c.fact_id))


def reconcile_values(claims: Sequence[Claim]) -> Toll:
    """low / best / high / latest of one incident's claims (rules in the module docstring).

    >>> from datetime import datetime, timezone
    >>> def claim(v, q, day):
    ...     return Claim("f%d" % day, "a%d" % day, "body", "killed", v, v, None if q != "exact" else v, q, None, "",
    ...                  "", datetime(2017, 4, day, tzinfo=timezone.utc), None, "x", None, None, None, False,
    ...                  None, "general", frozenset())
    >>> t = reconcile_values([claim(20, "exact", 1), claim(45, "exact", 2), claim(40, "at_least", 3)])
    >>> (t.low, t.best, t.high, t.latest_value)
    (20, 45, 45, 40)
    """
    latest = _latest_claim(claims)
    best = latest.value
    if latest.qualifier in LOWER_BOUNDS:
        firm = [c for c in claims if c.qualifier not in LOWER_BOUNDS and c.value > latest.value]
        if firm:
            best = _latest_claim(firm).value
    dates = [c.published_at for c in claims if c.published_at is not None]
    return Toll(min(c.lower for c in claims), best, max(c.upper for c in claims), latest.value,
                max(dates) if dates else None, min(dates) if dates else None)


def _trigger_word(claims: Sequence[Claim]) -> str | None:
    for c in claims:
        for cls in sorted(c.triggers):
            m = _TRIGGER_RE[cls].search(c.sentence)
            if m:
                return m.group(0).lower()
    return None


def incident_label(inc: Incident) -> str:
    """A short description from the evidence: category, event word, place, country.

    e.g. ``killed (car bomb), Aleppo, Syria`` or ``killed since 2011 (running toll), Syria``.
    """
    first = inc.first
    parts = [first.category]
    if first.cumulative:
        parts.append(f"since {first.since}" if first.since else "in all")
        parts.append("(running toll)")
    elif first.combined:
        parts.append("(combined toll)")
    word = _trigger_word(inc.claims)
    if word:
        parts.append(f"({word})")
    text = " ".join(parts)
    place = inc.place
    country = place_index().countries.get(place.country_code) if place else None
    names = [p.name for p in (place, country) if p is not None]
    return ", ".join([text] + list(dict.fromkeys(names)))


INCIDENTS_COLUMNS = (
    "incident_id", "category", "label", "place_id", "place_name", "country_code", "lat", "lon",
    "event_start", "event_end", "low", "best", "high", "latest_value", "latest_reported_at",
    "first_reported_at", "n_claims", "n_articles", "n_sources", "cumulative", "combined", "parent_incident_id",
)


def incident_row(inc: Incident) -> dict:
    """One ``incidents`` row."""
    toll = reconcile_values(inc.claims)
    place = inc.place
    starts = [c.start for c in inc.claims if c.dated] or [c.published_at.date() for c in inc.claims if c.published_at]
    ends = [c.end for c in inc.claims if c.dated] or starts
    return {
        "incident_id": inc.incident_id, "category": inc.first.category, "label": incident_label(inc),
        "place_id": place.place_id if place else None, "place_name": place.name if place else None,
        "country_code": place.country_code if place else None,
        "lat": place.lat if place else None, "lon": place.lon if place else None,
        "event_start": min(starts) if starts and not inc.first.cumulative else None,
        "event_end": max(ends) if ends and not inc.first.cumulative else None,
        "low": toll.low, "best": toll.best, "high": toll.high, "latest_value": toll.latest_value,
        "latest_reported_at": toll.latest_reported_at, "first_reported_at": toll.first_reported_at,
        "n_claims": len(inc.claims), "n_articles": len({c.article_id for c in inc.claims}),
        "n_sources": len({c.outlet for c in inc.claims}), "cumulative": inc.first.cumulative,
        "combined": inc.first.combined, "parent_incident_id": inc.parent.incident_id if inc.parent else None,
    }


def claim_rows(inc: Incident) -> list[dict]:
    """The ``incident_claims`` rows of one incident."""
    return [{
        "incident_id": inc.incident_id, "fact_id": c.fact_id, "article_id": c.article_id,
        "published_at": c.published_at, "source": c.source, "value": c.value, "value_low": c.value_low,
        "value_high": c.value_high, "qualifier": c.qualifier, "claimed_by": c.claimed_by,
        "evidence": c.evidence, "outlet": c.outlet,
    } for c in inc.claims]


def incident_tables(incidents: Iterable[Incident]) -> tuple[pa.Table, pa.Table]:
    """Both output tables, with the warehouse schemas, sorted by id."""
    from newsfacts.schema import INCIDENT_CLAIMS, INCIDENTS

    incs = sorted(incidents, key=lambda i: i.incident_id)
    rows = [incident_row(i) for i in incs]
    claims = sorted((r for i in incs for r in claim_rows(i)), key=lambda r: (r["incident_id"], r["fact_id"]))
    return (pa.Table.from_pylist(rows, schema=INCIDENTS.schema),
            pa.Table.from_pylist(claims, schema=INCIDENT_CLAIMS.schema))


def reconcile(facts: pa.Table, articles: pa.Table) -> tuple[pa.Table, pa.Table]:
    """The whole ``incidents`` and ``incident_claims`` tables from the whole ``facts`` and ``articles``.

    Args:
        facts: the ``facts`` table (``time_start``/``time_end``/``time_basis`` and the place
            columns are used when present; without place columns, ``location`` and the
            article's dateline are resolved here).
        articles: the ``articles`` table (``published_at``, ``source``, ``agency``, ``dateline``,
            ``title``, ``text``; ``copy_of`` when present).

    Returns:
        ``(incidents, incident_claims)`` with the schemas of ``newsfacts.schema``; replace both
        tables with them. Same input, same output, whatever order the rows come in.
    """
    claims, parts = read_claims(facts, articles)
    incidents = group_claims(claims)
    link_parents(incidents, parts)
    return incident_tables(incidents)
