"""The report's charts: Altair (Vega-Lite) specs rendered to static SVG by vl-convert.

No JavaScript runs when the page is opened: every chart is an inline ``<svg>``. Marks with an
``href`` become SVG links (to anchors in the page); ``tooltip`` fields become ``<title>`` hover text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

import altair as alt
import pandas as pd

from newsfacts.report.places import atlas
from newsfacts.schema import PEOPLE_CATEGORIES

FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
CONFIG = {
    "font": FONT, "view": {"stroke": None},
    "axis": {"labelFontSize": 11, "titleFontSize": 11, "gridColor": "#eee"},
    "legend": {"labelFontSize": 11, "titleFontSize": 11},
}
#: vl-convert resolves relative links against its own base URL; the report's links are in-page anchors.
_BASE = re.compile(r'(xlink:href|href)="https?://[^"#]*#')


#: Stands for the world atlas in a chart until its spec is rendered: Altair copies and walks
#: every value of inline data several times while it builds a layered chart (~2.5 s of CPU per
#: map for the 110m atlas here), so the atlas itself only enters the finished spec dict.
ATLAS_PLACEHOLDER = {"type": "Topology", "newsfacts": "world-atlas", "objects": {}, "arcs": []}
#: SVGs rendered in this process, by the sha256 of their spec (a chart drawn twice is drawn once).
_SVG_CACHE: dict[str, str] = {}
_SVG_CACHE_MAX = 64


@cache
def _atlas_json() -> dict:
    return atlas()


def _with_atlas(node):
    """The spec with every atlas placeholder replaced by the atlas (a new dict; the rest shared)."""
    if node == ATLAS_PLACEHOLDER:
        return _atlas_json()
    if isinstance(node, dict):
        return {k: _with_atlas(v) if k in ("datasets", "data", "values", "layer") or isinstance(v, dict) else v
                for k, v in node.items()} if _has_placeholder(node) else node
    if isinstance(node, list):
        return [_with_atlas(v) for v in node] if _has_placeholder(node) else node
    return node


def _has_placeholder(node) -> bool:
    if node == ATLAS_PLACEHOLDER:
        return True
    if isinstance(node, dict):
        return any(_has_placeholder(v) for v in node.values() if isinstance(v, dict | list))
    if isinstance(node, list):
        return any(_has_placeholder(v) for v in node if isinstance(v, dict))
    return False


def spec_of(chart: alt.TopLevelMixin) -> dict:
    """The Vega-Lite spec to render: the chart's dict, the report's config, the atlas put in."""
    spec = chart.to_dict(validate=False)  # the specs are built here; validating inline data costs seconds
    spec["config"] = {**CONFIG, **spec.get("config", {})}
    return spec


def to_svg(chart: alt.TopLevelMixin) -> str:
    """Render a chart to an SVG string (offline; data must be inline)."""
    import hashlib
    import json

    spec = spec_of(chart)
    key = hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()[:32]
    folder = _CACHE_DIR.get()
    svg = _SVG_CACHE.get(key)
    if svg is None and folder is not None:
        try:
            svg = (folder / f"{key}.svg").read_text(encoding="utf-8")
        except OSError:
            svg = None
    if svg is None:
        import vl_convert as vlc

        svg = _BASE.sub('href="#', vlc.vegalite_to_svg(_with_atlas(spec)))  # plain SVG 2 href for CSS and browsers
        if folder is not None:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{key}.svg").write_text(svg, encoding="utf-8")
            except OSError:
                pass  # a cache that cannot be written only costs the next build the render
    if len(_SVG_CACHE) >= _SVG_CACHE_MAX:
        _SVG_CACHE.pop(next(iter(_SVG_CACHE)))
    _SVG_CACHE[key] = svg
    used = _USED.get()
    if used is not None:
        used.add(key)
    return svg


_CACHE_DIR: ContextVar[Path | None] = ContextVar("newsfacts_svg_cache", default=None)
_USED: ContextVar[set[str] | None] = ContextVar("newsfacts_svg_used", default=None)


@contextmanager
def svg_cache(folder: Path | None) -> Iterator[None]:
    """Keep rendered charts in ``folder`` (``<sha of the spec>.svg``) for the block: a chart whose
    spec did not change since the last report (the same facts, places or incident) is read back
    instead of rendered again. Files no chart of this block used are deleted at its end."""
    if folder is None:
        yield
        return
    used: set[str] = set()
    tokens = _CACHE_DIR.set(folder), _USED.set(used)
    try:
        yield
    finally:
        _CACHE_DIR.reset(tokens[0])
        _USED.reset(tokens[1])
    if folder.is_dir():
        for old in folder.glob("*.svg"):
            if old.stem not in used:
                old.unlink(missing_ok=True)


def category_chart(counts: pd.DataFrame) -> alt.Chart:
    """Facts per category, people counts in one colour and other quantities in another.

    Args:
        counts: columns ``category``, ``n``.
    """
    data = counts.assign(kind=counts["category"].map(lambda c: "people" if c in PEOPLE_CATEGORIES else "other"))
    return alt.Chart(data, width=520, height=alt.Step(16), title="Facts by category").mark_bar().encode(
        y=alt.Y("category:N", sort="-x", title=None),
        x=alt.X("n:Q", title="facts", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("kind:N", scale=alt.Scale(domain=["people", "other"], range=["#c0392b", "#7f8c8d"]),
                        title=None),
        tooltip=["category", "n"],
    )


def timeline_chart(per_day: pd.DataFrame) -> alt.Chart:
    """Facts about people over time, stacked by category, by publication day (month when long).

    Args:
        per_day: columns ``day`` (date), ``category``, ``n``.
    """
    span = (per_day["day"].max() - per_day["day"].min()).days if len(per_day) else 0
    unit, label = ("yearmonthdate", "day") if span <= 120 else ("yearmonth", "month")
    return alt.Chart(per_day, width=620, height=220, title=f"Facts about people per {label} of publication").mark_bar(
    ).encode(
        x=alt.X(f"{unit}(day):T", title=None),
        y=alt.Y("sum(n):Q", title="facts", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("category:N", scale=alt.Scale(scheme="tableau10"), title=None),
        tooltip=[alt.Tooltip(f"{unit}(day):T", title=label), "category", alt.Tooltip("sum(n):Q", title="facts")],
    )


def bar_chart(counts: pd.DataFrame, *, label: str, title: str, colour: str = "#8e44ad") -> alt.Chart:
    """A horizontal bar per value of ``label`` (columns ``label``, ``n``)."""
    return alt.Chart(counts, width=420, height=alt.Step(18), title=title).mark_bar(color=colour).encode(
        y=alt.Y(f"{label}:N", sort="-x", title=None), x=alt.X("n:Q", title="records"), tooltip=[label, "n"],
    )


def _extent(points: pd.DataFrame, pad: float = 2.0, least: float = 8.0) -> dict:
    """A GeoJSON box around the points (at least ``least`` degrees wide) for the projection to fit."""
    pad = max(pad, 0.08 * (points["lon"].max() - points["lon"].min()))  # keep edge points off the border
    lon0, lon1 = points["lon"].min() - pad, points["lon"].max() + pad
    lat0, lat1 = points["lat"].min() - pad, points["lat"].max() + pad
    if lon1 - lon0 < least:
        mid = (lon0 + lon1) / 2
        lon0, lon1 = mid - least / 2, mid + least / 2
    if lat1 - lat0 < least * 0.6:
        mid = (lat0 + lat1) / 2
        lat0, lat1 = mid - least * 0.3, mid + least * 0.3
    lat0, lat1 = max(lat0, -85.0), min(lat1, 85.0)
    corners = [[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1]]  # points: no ring winding to get wrong
    return {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPoint", "coordinates": corners}}


def map_chart(points: pd.DataFrame, *, title: str, labels: int = 12) -> alt.LayerChart:
    """Country outlines (the vendored world atlas) and a circle per place, sized by its facts,
    the view fitted to the places.

    Args:
        points: columns ``place``, ``lat``, ``lon``, ``n``, ``country_code``, ``categories``.
        title: the chart's title.
        labels: how many of the places with most facts get a text label.
    """
    fit = _extent(points)
    projection = alt.Projection(type="mercator", fit=fit)
    countries = alt.Data(values=ATLAS_PLACEHOLDER, format=alt.DataFormat(type="topojson", feature="countries"))
    base = alt.Chart(countries).mark_geoshape(fill="#f1efe9", stroke="#b5b0a5", strokeWidth=0.6, clip=True)
    dots = alt.Chart(points).mark_circle(color="#c0392b", opacity=0.65, stroke="white", strokeWidth=0.8).encode(
        longitude="lon:Q", latitude="lat:Q",
        size=alt.Size("n:Q", scale=alt.Scale(range=[30, 900]), title="facts"),
        tooltip=["place", "country_code", "n", "categories"],
    )
    layers = [base, dots]
    if labels:
        layers.append(alt.Chart(points.head(labels)).mark_text(
            dy=-10, fontSize=11, fontWeight="bold", color="#333",
        ).encode(longitude="lon:Q", latitude="lat:Q", text="place:N"))
    return alt.layer(*layers, width=400, height=320, title=title).project(**projection.to_dict())


def incident_chart(claims: pd.DataFrame, *, title: str, low: float, high: float) -> alt.LayerChart:
    """One incident's toll over time: its low-high band, each claim's own bounds, the reported values
    as a step line, and a point per claim linked to its evidence in the page.

    Args:
        claims: columns ``published_at``, ``value``, ``low``, ``high``, ``href``, ``source``,
            ``qualifier``, ``evidence``.
        title: the chart title (the incident's label).
        low: the incident's low (the band's bottom).
        high: the incident's high (the band's top).
    """
    base = alt.Chart(claims, width=560, height=180, title=alt.TitleParams(title, fontSize=12))
    x = alt.X("published_at:T", title="reported", scale=alt.Scale(padding=24),
              axis=alt.Axis(format="%d %b %Y", tickCount=6, tickMinStep=86_400_000, labelAngle=0))
    wide = high > 50 * max(low, 1.0)  # claims a hundredfold apart: a symlog axis keeps both readable
    y_scale = alt.Scale(type="symlog") if wide else alt.Scale(zero=True)
    band = alt.Chart(pd.DataFrame({"low": [low], "high": [high]})).mark_rect(color="#f5b041", opacity=0.25).encode(
        y=alt.Y("low:Q", title="toll" + (" (log)" if wide else ""), scale=y_scale, axis=alt.Axis(
            values=[0] + [10 ** k for k in range(len(str(int(high))) + 1)], format=",.0f") if wide else alt.Axis()),
        y2="high:Q",
    )
    bounds = base.mark_rule(color="#e67e22", strokeWidth=3, opacity=0.6).encode(x=x, y="low:Q", y2="high:Q")
    line = base.mark_line(color="#c0392b", interpolate="step-after").encode(x=x, y="value:Q")
    points = base.mark_point(filled=True, size=80, color="#c0392b", cursor="pointer").encode(
        x=x, y="value:Q", href="href:N",
        tooltip=[alt.Tooltip("published_at:T", title="reported"), "value:Q", "qualifier:N", "source:N", "evidence:N"],
    )
    return alt.layer(band, bounds, line, points)
