"""``newsfacts report``: one self-contained page, charts as inline SVG, places located offline,
incident tolls linked to their evidence; absent incident tables handled."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from click.testing import CliRunner

from newsfacts.cli_show import report
from newsfacts.report import ReportData, build_report, render_report
from newsfacts.report.places import Gazetteer, country_centres, gazetteer
from newsfacts.report.render import focus, place_points
from newsfacts.show import ShowError
from tests.test_show import write_delta_warehouse, write_parquet_warehouse


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> str:
    return str(write_delta_warehouse(tmp_path_factory.mktemp("wh")))


@pytest.fixture(scope="module")
def page(warehouse) -> str:
    html, _ = build_report(warehouse)
    return html


# ---- places ----------------------------------------------------------------------------------
def test_country_centres_fall_inside_the_country():
    lat, lon = country_centres()["760"]  # Syria, ISO 3166-1 numeric
    assert 32 < lat < 37.5 and 35.5 < lon < 42.5


@pytest.mark.parametrize(("text", "name", "country"), [
    ("Aleppo", "Aleppo", "SY"),
    ("Syrias Aleppo", "Aleppo", "SY"),       # a run of words inside a longer location
    ("the city of Damascus", "Damascus", "SY"),
    ("U.S.", "United States", "US"),          # a country code as written, dots dropped
    ("Britain", "United Kingdom", "GB"),
    ("Syria", "Syria", "SY"),
])
def test_locate(text, name, country):
    place = gazetteer().locate(text)
    assert (place.name, place.country_code) == (name, country)


def test_locate_leaves_unknown_and_lower_case_code_like_words_alone():
    gaz = gazetteer()
    assert gaz.locate("Coalition Airstrikes") is None
    assert gaz.locate("al") is None  # not Albania's code
    assert gaz.locate(None) is None


def test_ambiguous_names_prefer_the_countries_of_the_other_places():
    gaz: Gazetteer = gazetteer()
    default = gaz.lookup("Tripoli")
    other = "LB" if default.country_code == "LY" else "LY"
    assert gaz.lookup("Tripoli", prefer=frozenset({other})).country_code == other


def test_place_points_count_facts_per_place_and_prefer_the_facts_own_coordinates():
    facts = pd.DataFrame({
        "location": ["Aleppo", "Syrias Aleppo", "Damascus", "Nowhereville", None, "Homs"],
        "category": ["killed", "killed", "wounded", "killed", "killed", "killed"],
        "lat": [None, None, None, None, None, 10.0], "lon": [None, None, None, None, None, 20.0],
        "country_code": [None, None, None, None, None, "XX"],
    })
    points = place_points(facts, gazetteer())
    assert points[["place", "n"]].values.tolist() == [["Aleppo", 2], ["Damascus", 1], ["Homs", 1]]
    homs = points[points["place"] == "Homs"].iloc[0]
    assert (homs["lat"], homs["lon"], homs["country_code"]) == (10.0, 20.0, "XX")
    assert focus(points)["place"].tolist() == ["Aleppo", "Damascus"]


# ---- the page --------------------------------------------------------------------------------
def test_the_page_fetches_nothing(page):
    assert "<script" not in page.lower()
    assert not re.search(r"<(link|img|iframe)\b", page, re.I)
    assert not re.search(r"""\b(src|xlink:href|href)=["']?(https?:)?//(?!news\.example/)""", page)
    assert "@import" not in page and not re.search(r"url\((?!#)", page)  # only in-page references


def test_every_chart_is_inline_svg(page):
    svgs = re.findall(r"<svg\b.*?</svg>", page, re.S)
    # categories, timeline, quarantine, map, and one per incident
    assert len(svgs) == 6
    assert all("<path" in svg or "<rect" in svg for svg in svgs)


def test_the_glance_sums_the_runs_and_the_sections_report_quality_and_quarantine(page):
    assert re.search(r"<b>6</b>records read", page) and re.search(r"<b>5</b>articles written", page)
    assert "death_toll" in page and ">warn<" in page
    assert "data docs" not in page  # this warehouse has none
    assert "malformed_json" in page and "line 3 is not JSON" in page


def test_the_map_labels_the_places(page):
    svg_text = " ".join(re.findall(r"<text[^>]*>([^<]+)</text>", page))
    assert "Aleppo" in svg_text and "Damascus" in svg_text


def test_each_toll_point_links_to_its_evidence_sentence_and_source(page):
    links = set(re.findall(r'<a href="#(claim-[^"]+)"', page))
    assert links == {"claim-f-a1", "claim-f-a2", "claim-f-a3", "claim-f-a4"}
    for anchor in links:
        assert f'id="{anchor}"' in page
    row = page[page.index('id="claim-f-a2"'):]
    row = row[:row.index("</tr>")]
    assert "<mark>at least 20</mark>" in row and 'href="https://news.example/a2"' in row
    assert "low 12, best 25, high 30" in page


def test_without_incident_tables_the_report_says_so(tmp_path):
    html, summary = build_report(str(write_parquet_warehouse(tmp_path, incidents=False)))
    assert "no incidents table yet" in html and "0 incidents" in summary
    assert len(re.findall(r"<svg\b", html)) == 4


def test_one_run(warehouse):
    html, summary = build_report(warehouse, run_id="run-2")
    assert summary == "1 run, 1 articles, 1 facts, 0 incidents, 0 quarantined"
    assert "Nothing was quarantined" in html and "Donors pledged" not in html  # money is not a count of people
    with pytest.raises(ShowError, match="no run 'run-9'.*run-1, run-2"):
        build_report(warehouse, run_id="run-9")


def test_articles_without_source_or_url_and_incidents_without_label():
    import pyarrow as pa

    from tests.test_show import all_tables

    t = all_tables()
    arts = t["articles"]
    for col in ("url", "source"):
        arts = arts.set_column(arts.schema.get_field_index(col), col, pa.nulls(arts.num_rows, pa.string()))
    inc = t["incidents"]
    inc = inc.set_column(inc.schema.get_field_index("label"), "label", pa.nulls(inc.num_rows, pa.string()))
    html = render_report(ReportData(warehouse="memory", articles=arts, facts=t["facts"], incidents=inc,
                                    incident_claims=t["incident_claims"]))
    assert "killed incident" in html and "news.example" not in html
    assert "<mark>at least 20</mark>" in html
    # claims that carry their own evidence, from undated articles: listed, not charted
    claims = t["incident_claims"]
    claims = claims.set_column(claims.schema.get_field_index("published_at"), "published_at",
                               pa.nulls(claims.num_rows, claims.schema.field("published_at").type))
    claims = claims.append_column("evidence", pa.array([f"own evidence {i}" for i in range(claims.num_rows)]))
    html = render_report(ReportData(warehouse="memory", facts=t["facts"], incidents=inc, incident_claims=claims))
    assert "own evidence 1" in html
    assert len(re.findall(r"<svg\b", html)) == 3  # categories, timeline, map: no incident chart without dates


def test_an_empty_report_renders():
    html = render_report(ReportData(warehouse="memory"))
    assert "No runs recorded" in html and "No facts yet" in html and "<svg" not in html


def test_the_quality_section_links_the_data_docs_when_there_are_some(tmp_path):
    root = write_parquet_warehouse(tmp_path / "wh", incidents=False)
    index = root / "_reports" / "data_docs" / "index.html"
    index.parent.mkdir(parents=True)
    index.write_text("<html></html>", encoding="utf-8")
    html, _ = build_report(str(root))
    assert f'<a href="{index.resolve().as_uri()}">Great Expectations data docs</a>' in html


def test_report_command_writes_the_file_and_refuses_a_missing_warehouse(tmp_path, warehouse):
    out = tmp_path / "r" / "report.html"
    result = CliRunner().invoke(report, ["-w", warehouse, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>") and "2 incidents" in result.output
    missing = CliRunner().invoke(report, ["-w", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and "no warehouse at" in missing.output and "Traceback" not in missing.output
