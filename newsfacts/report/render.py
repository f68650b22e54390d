"""The report as one self-contained HTML string: inline CSS, inline SVG charts, no script, no font
or image fetched when it is opened. Pure: :class:`ReportData` in, HTML out.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime

import pandas as pd

from newsfacts.report import charts
from newsfacts.report.data import ReportData
from newsfacts.report.places import Gazetteer, gazetteer
from newsfacts.schema import PEOPLE_CATEGORIES
from newsfacts.show import highlight_span

#: Incidents drawn as charts (the most reported first); the rest are listed in a table.
MAX_INCIDENT_CHARTS = 12
ACCOUNTING = ("records_read", "articles_written", "duplicates_skipped", "quarantined", "out_of_range")
STYLE = """
body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;margin:0 auto;max-width:1100px;padding:1.2em 2em;color:#222}
h1{font-size:1.5em;margin-bottom:.2em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:1.8em}
h3{font-size:1em;margin:1.2em 0 .3em}.muted{color:#777}.grid{display:flex;flex-wrap:wrap;gap:1.5em;align-items:flex-start}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0}td,th{border-bottom:1px solid #eee;padding:.25em .6em;
text-align:left;vertical-align:top}td:first-child{white-space:nowrap}th{background:#f6f6f6}td.n{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:#1e8449;font-weight:bold}.fail{color:#c0392b;font-weight:bold}.warn{color:#b9770e;font-weight:bold}
mark{background:#fde68a;padding:0 .15em;border-radius:2px}.chart svg{max-width:100%;height:auto}
.cards{display:flex;gap:1em;flex-wrap:wrap}.card{background:#f7f7f7;border-radius:6px;padding:.6em 1em;min-width:8em}
.card b{display:block;font-size:1.4em}:target{background:#fff3cd}
"""


def esc(value: object) -> str:
    """HTML-escaped text of a value ('' for None and NaN).

    >>> esc("<b>") , esc(None), esc(3.0)
    ('&lt;b&gt;', '', '3')
    """
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return html.escape(str(value))


def table_html(headers: Sequence[str], rows: Iterable[Sequence[object]], *, numeric: set[int] = frozenset(),
               raw: set[int] = frozenset()) -> str:
    """An HTML table. Cells are escaped, except columns in ``raw`` (already HTML)."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(
            f"<td{' class=n' if i in numeric else ''}>{cell if i in raw else esc(cell)}</td>"
            for i, cell in enumerate(row)
        ) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def evidence_html(evidence: str | None, number_text: str | None) -> str:
    """The evidence sentence, escaped, with the number as written in ``<mark>``.

    >>> evidence_html("At least 12 <men> died", "At least 12")
    '<mark>At least 12</mark> &lt;men&gt; died'
    """
    evidence = evidence if isinstance(evidence, str) else ""
    span = highlight_span(evidence, number_text)
    if span is None:
        return esc(evidence)
    a, b = span
    return f"{esc(evidence[:a])}<mark>{esc(evidence[a:b])}</mark>{esc(evidence[b:])}"


def _chart(chart) -> str:
    return f'<div class="chart">{charts.to_svg(chart)}</div>'


def _frame(table) -> pd.DataFrame:
    return pd.DataFrame() if table is None else table.to_pandas()


# ---- sections --------------------------------------------------------------------------------
def glance_section(data: ReportData) -> str:
    """Accounting summed over the runs, table sizes, and the latest runs."""
    runs = _frame(data.runs)
    totals = {k: int(runs[k].sum()) if k in runs else 0 for k in ACCOUNTING}
    balanced = totals["records_read"] == sum(totals[k] for k in ACCOUNTING[1:])
    cards = "".join(f'<div class="card"><b>{v:,}</b>{esc(k.replace("_", " "))}</div>' for k, v in totals.items())
    cards += "".join(f'<div class="card"><b>{data.count(t):,}</b>{t.replace("_", " ")}</div>'
                     for t in ("facts", "incidents"))
    check = (f'<p class="{"ok" if balanced else "fail"}">check: read {totals["records_read"]:,} '
             f'{"=" if balanced else "≠"} written + duplicates + quarantined + out of range</p>')
    latest = runs.sort_values("started_at", ascending=False).head(10) if len(runs) else runs
    rows = [[r.run_id, r.started_at, r.status, *(getattr(r, k) for k in ACCOUNTING)] for r in latest.itertuples()]
    listing = table_html(["run", "started", "status", "read", "written", "duplicates", "quarantined", "out of range"],
                         rows, numeric={3, 4, 5, 6, 7}) if rows else "<p class=muted>No runs recorded.</p>"
    scope = f"run <code>{esc(data.run_id)}</code>" if data.run_id else f"{len(runs)} runs"
    return (f"<section id=glance><h2>At a glance</h2><p>{scope}</p><div class=cards>{cards}</div>{check}"
            f"<h3>Latest runs</h3>{listing}</section>")


def quality_section(data: ReportData) -> str:
    """Every expectation with its checks, failures and unexpected values, failures first."""
    q = _frame(data.quality)
    if q.empty:
        return "<section id=quality><h2>Quality</h2><p class=muted>No quality results recorded.</p></section>"
    q["column"] = q["column"].fillna("")
    q["failed"] = ~q["success"].astype(bool)
    grouped = q.groupby(["table", "column", "expectation", "severity"], as_index=False).agg(
        checks=("success", "size"), failed=("failed", "sum"), unexpected=("unexpected_count", "sum"))
    grouped = grouped.sort_values(["failed", "table", "column"], ascending=[False, True, True])
    rows = []
    for r in grouped.itertuples():
        verdict = "pass" if r.failed == 0 else ("fail" if r.severity == "critical" else "warn")
        rows.append([r.table, r.column, r.expectation, r.severity, r.checks, r.failed, r.unexpected,
                     f'<span class="{ {"pass": "ok"}.get(verdict, verdict)}">{verdict}</span>'])
    n_fail = int((grouped["failed"] > 0).sum())
    docs = f' <a href="{esc(data.data_docs)}">Great Expectations data docs</a>.' if data.data_docs else ""
    head = f"<p>{len(grouped)} expectations, {n_fail} with a failure in some batch ({len(q)} results).{docs}</p>"
    headers = ["table", "column", "expectation", "severity", "batches", "failed", "unexpected", "result"]
    failing, passing = rows[:n_fail], rows[n_fail:]
    shown = table_html(headers, failing, numeric={4, 5, 6}, raw={7}) if failing else "<p class=ok>Every check passed.</p>"
    folded = (f"<details><summary>{len(passing)} expectations passed in every batch</summary>"
              + table_html(headers, passing, numeric={4, 5, 6}, raw={7}) + "</details>") if passing else ""
    return "<section id=quality><h2>Quality: pass/fail per expectation</h2>" + head + shown + folded + "</section>"


def quarantine_section(data: ReportData) -> str:
    """Quarantined records by stage and reason, with a chart when there are any."""
    q = _frame(data.quarantine)
    if q.empty:
        return "<section id=quarantine><h2>Quarantine</h2><p class=ok>Nothing was quarantined.</p></section>"
    counts = q.groupby(["stage", "reason"], as_index=False).size().rename(columns={"size": "n"})
    counts["label"] = counts["stage"] + ": " + counts["reason"]
    example = q.groupby("reason")["detail"].first()
    rows = [[r.stage, r.reason, r.n, example.get(r.reason, "")] for r in counts.sort_values("n", ascending=False).itertuples()]
    return ("<section id=quarantine><h2>Quarantine reasons</h2>"
            + _chart(charts.bar_chart(counts[["label", "n"]], label="label", title="Quarantined records"))
            + table_html(["stage", "reason", "records", "for example"], rows, numeric={2}) + "</section>")


def _per_day(facts: pd.DataFrame) -> pd.DataFrame:
    people = facts[facts["category"].isin(PEOPLE_CATEGORIES)].copy()
    people["day"] = pd.to_datetime(people["day"], format="%Y-%m-%d", errors="coerce")
    people = people.dropna(subset=["day"])
    return people.groupby(["day", "category"], as_index=False).size().rename(columns={"size": "n"})


def _links(articles: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """article_id → (source, url)."""
    if articles.empty:
        return {}
    cols = articles.reindex(columns=["article_id", "source", "url"])
    cols[["source", "url"]] = cols[["source", "url"]].astype(object).where(cols[["source", "url"]].notna(), "")
    return dict(zip(cols["article_id"], zip(cols["source"].astype(str), cols["url"].astype(str))))


def source_html(article_id: str, links: dict[str, tuple[str, str]]) -> str:
    """The article's source, linked to its URL when it has one."""
    source, url = links.get(article_id, ("", ""))
    label = esc(source or article_id[:12])
    return f'<a href="{esc(url)}">{label}</a>' if url.startswith(("http://", "https://")) else label


def facts_section(data: ReportData) -> str:
    """Facts by category, over time, and the largest counts of people with their evidence."""
    facts = _frame(data.facts)
    if facts.empty:
        return "<section id=facts><h2>Facts</h2><p class=muted>No facts yet.</p></section>"
    counts = facts.groupby("category", as_index=False).size().rename(columns={"size": "n"})
    parts = [_chart(charts.category_chart(counts))]
    per_day = _per_day(facts)
    if not per_day.empty:
        parts.append(_chart(charts.timeline_chart(per_day)))
    links = _links(_frame(data.articles))
    top = facts[facts["category"].isin(PEOPLE_CATEGORIES) & (facts["category"] != "people")]
    top = top.sort_values("value", ascending=False).head(15)
    rows = [[r.day, r.category, r.number_text, r.location, evidence_html(r.evidence, r.number_text),
             source_html(r.article_id, links)] for r in top.itertuples()]
    table = table_html(["day", "category", "number", "place", "evidence", "source"], rows, raw={4, 5})
    return ("<section id=facts><h2>Facts by category and over time</h2><div class=grid>" + "".join(parts)
            + "</div><h3>Largest counts of people</h3>" + table + "</section>")


def _looked_up(locations: pd.Series, gaz: Gazetteer) -> pd.DataFrame:
    """Per distinct location string: key, lat, lon, country_code and the name to show (gazetteer)."""
    names = locations.dropna().unique()
    whole = {loc: gaz.lookup(loc) for loc in names}
    prefer = frozenset(p.country_code for p in whole.values() if p is not None and p.kind == "country")
    rows = []
    for loc in names:
        place = gaz.locate(loc, prefer=prefer)
        if place is not None:
            rows.append((loc, f"geonames:{place.geonameid}" if place.geonameid else place.name, place.lat,
                         place.lon, place.country_code, place.name if place.kind == "country" else loc))
    return pd.DataFrame(rows, columns=["location", "g_key", "g_lat", "g_lon", "g_cc", "g_written"])


def place_points(facts: pd.DataFrame, gaz: Gazetteer | Callable[[], Gazetteer]) -> pd.DataFrame:
    """One row per place named by the facts: coordinates (the facts' own GeoNames place when they
    carry one, else the gazetteer's), number of facts and their categories.

    Returns:
        Columns ``place``, ``lat``, ``lon``, ``country_code``, ``n``, ``categories``.
    """
    cols = ["place", "lat", "lon", "country_code", "n", "categories"]
    if "location" not in facts or facts["location"].isna().all():
        return pd.DataFrame(columns=cols)
    named = facts.dropna(subset=["location"]).reindex(
        columns=["location", "category", "lat", "lon", "country_code", "place_id"])
    # The fact's own place wins over a name lookup: only names without one are looked up, and the
    # gazetteer (~1.5 s to build) is built only when there is such a name.
    placed = named["lat"].notna() & named["lon"].notna()
    unplaced = named.loc[~placed, "location"]
    if len(unplaced):
        found = _looked_up(unplaced, gaz if isinstance(gaz, Gazetteer) else gaz())
    else:
        found = pd.DataFrame(columns=["location", "g_key", "g_lat", "g_lon", "g_cc", "g_written"])
    df = named.merge(found, on="location", how="left")
    own = df["lat"].notna() & df["lon"].notna()
    own_key = ("geonames:" + df["place_id"].astype("Int64").astype(str)).where(
        df["place_id"].notna(), df["lat"].round(2).astype(str) + "," + df["lon"].round(2).astype(str))
    df = df.assign(
        key=own_key.where(own, df["g_key"]), written=df["location"].where(own, df["g_written"]),
        lat=df["lat"].where(own, df["g_lat"]), lon=df["lon"].where(own, df["g_lon"]),
        country_code=df["country_code"].where(own, df["g_cc"]).fillna(""),
    ).dropna(subset=["key", "lat", "lon"])
    if df.empty:
        return pd.DataFrame(columns=cols)
    out = df.groupby(["key", "country_code"], as_index=False).agg(
        place=("written", lambda w: w.value_counts().index[0]),  # the name as the news writes it most
        lat=("lat", "mean"), lon=("lon", "mean"), n=("category", "size"),
        categories=("category", lambda c: ", ".join(f"{k} {v}" for k, v in c.value_counts().head(4).items())),
    )
    return out[cols].sort_values(["n", "place"], ascending=[False, True]).reset_index(drop=True)


def map_section(data: ReportData) -> str:
    """The places on a map, and the list of them."""
    points = place_points(_frame(data.facts), gazetteer)
    if points.empty:
        return "<section id=map><h2>Places</h2><p class=muted>No fact names a place that could be located.</p></section>"
    rows = [[r.place, r.country_code, r.n, r.categories] for r in points.head(30).itertuples()]
    near = focus(points)
    maps = _chart(charts.map_chart(points, title="Every place named in the facts", labels=0))
    if len(near) < len(points):
        maps += _chart(charts.map_chart(near, title=f"Around {near['place'].iloc[0]}"))
    else:
        maps = _chart(charts.map_chart(points, title="Places named in the facts"))
    return ("<section id=map><h2>Places</h2><div class=grid>" + maps + "</div>"
            + table_html(["place", "country", "facts", "categories"], rows, numeric={2}) + "</section>")


def focus(points: pd.DataFrame, *, radius: float = 12.0) -> pd.DataFrame:
    """The places within ``radius`` degrees of the place with most facts (the map's close-up).

    >>> pts = pd.DataFrame({"place": ["A", "B", "C"], "lat": [36.2, 33.5, 38.9], "lon": [37.2, 36.3, -77.0],
    ...                     "n": [9, 4, 2]})
    >>> focus(pts)["place"].tolist()
    ['A', 'B']
    """
    top = points.iloc[0]
    near = ((points["lat"] - top["lat"]).abs() <= radius) & ((points["lon"] - top["lon"]).abs() <= radius)
    return points[near]


def _claims_frame(claims: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """Claims with their evidence, band bounds and in-page link."""
    cols = ["fact_id"] + [c for c in ("evidence", "number_text") if c not in claims.columns]  # claims' own win
    known = facts.reindex(columns=cols).drop_duplicates("fact_id") if not facts.empty else pd.DataFrame(columns=cols)
    out = claims.merge(known, on="fact_id", how="left").reindex(columns=[*claims.columns, *cols[1:]])
    if "number_text" not in out:
        out["number_text"] = None
    out["low"] = out["value_low"].fillna(out["value"])
    out["high"] = out["value_high"].fillna(out["value"])
    out["href"] = "#claim-" + out["fact_id"].astype(str)
    out["evidence"] = out["evidence"].fillna("")
    out["published_at"] = pd.to_datetime(out["published_at"], utc=True)
    return out.sort_values("published_at")


def _incident_block(inc, claims: pd.DataFrame, links: dict[str, tuple[str, str]]) -> str:
    label = inc.label if isinstance(inc.label, str) and inc.label else f"{inc.category} incident"
    stats = (f"<p class=muted>{esc(inc.category)}, {esc(inc.country_code)} · low {esc(inc.low)}, best {esc(inc.best)}, "
             f"high {esc(inc.high)} · latest {esc(inc.latest_value)} · {esc(inc.n_claims)} claims from "
             f"{esc(inc.n_sources)} sources</p>")
    chart = ""
    if claims["published_at"].notna().any():
        chart_data = claims[["published_at", "value", "low", "high", "href", "source", "qualifier", "evidence"]]
        chart_data = chart_data.dropna(subset=["published_at"]).copy()
        chart_data["published_at"] = chart_data["published_at"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
        low = inc.low if inc.low == inc.low and inc.low is not None else chart_data["low"].min()
        high = inc.high if inc.high == inc.high and inc.high is not None else chart_data["high"].max()
        chart = _chart(charts.incident_chart(chart_data, title=label[:90], low=float(low), high=float(high)))
    rows = [[f'<span id="claim-{esc(c.fact_id)}">{esc(c.published_at)}</span>', c.value, c.qualifier,
             evidence_html(c.evidence, c.number_text), source_html(c.article_id, links), c.claimed_by]
            for c in claims.itertuples()]
    table = table_html(["reported", "value", "qualifier", "evidence", "source", "claimed by"], rows,
                       numeric={1}, raw={0, 3, 4})
    return f'<div class=incident id="incident-{esc(inc.incident_id)}"><h3>{esc(label)}</h3>{stats}{chart}{table}</div>'


def incidents_section(data: ReportData) -> str:
    """Per incident: its toll over time (low-high band, each claim linked to its evidence and source)."""
    if data.incidents is None or data.incident_claims is None:
        return ("<section id=incidents><h2>Incidents</h2><p class=muted>This warehouse has no incidents table yet: "
                "incidents appear once runs reconcile the facts into incidents.</p></section>")
    incidents = _frame(data.incidents)
    if incidents.empty:
        return "<section id=incidents><h2>Incidents</h2><p class=muted>No incidents.</p></section>"
    claims = _claims_frame(_frame(data.incident_claims), _frame(data.facts))
    links = _links(_frame(data.articles))
    ranked = incidents.sort_values(["n_claims", "n_sources"], ascending=False)
    blocks = [_incident_block(inc, claims[claims["incident_id"] == inc.incident_id], links)
              for inc in ranked.head(MAX_INCIDENT_CHARTS).itertuples()]
    rest = ranked.iloc[MAX_INCIDENT_CHARTS:]
    more = table_html(["incident", "category", "country", "low", "best", "high", "latest", "claims"],
                      [[r.label, r.category, r.country_code, r.low, r.best, r.high, r.latest_value, r.n_claims]
                       for r in rest.itertuples()], numeric={3, 4, 5, 6, 7}) if len(rest) else ""
    return (f"<section id=incidents><h2>Incidents ({len(incidents)})</h2>" + "".join(blocks)
            + (f"<h3>Other incidents</h3>{more}" if more else "") + "</section>")


SECTIONS = (glance_section, quality_section, quarantine_section, facts_section, map_section, incidents_section)


def render_report(data: ReportData) -> str:
    """The whole report page.

    Args:
        data: the tables (from :func:`newsfacts.report.data.load_report_data`, or built in memory).

    Returns:
        One HTML document with everything inline.
    """
    scope = f"run {data.run_id}" if data.run_id else "the whole warehouse"
    nav = " · ".join(f'<a href="#{s}">{s}</a>' for s in ("glance", "quality", "quarantine", "facts", "map", "incidents"))
    body = "".join(section(data) for section in SECTIONS)
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        "<meta name=viewport content='width=device-width, initial-scale=1'>"
        f"<title>newsfacts report: {esc(data.warehouse)}</title><style>{STYLE}</style></head><body>"
        f"<h1>newsfacts report</h1><p class=muted>{esc(data.warehouse)} · {scope} · generated "
        f"{esc(data.generated_at)} UTC</p><nav>{nav}</nav>{body}</body></html>"
    )
