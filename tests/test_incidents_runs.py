"""Incidents through real ingest runs (real model, real Prefect, real Delta tables, real GX): a new
day's articles join the incidents of earlier days, and the same articles give the same incidents
whatever order the runs come in (day by day, a backfill of the later day first, a rerun)."""

from __future__ import annotations

import json

import pytest
from deltalake import DeltaTable

from newsfacts.schema import INCIDENT_CLAIMS, INCIDENTS

pytestmark = pytest.mark.slow

DAY1 = [
    {"id": "d1-afp", "published_at": "2017-03-06T10:00:00Z", "source": "AFP", "title": "Car bomb kills 12 in Aleppo",
     "text": "A car bomb exploded at a crowded market in Aleppo, Syria, on Monday, killing at least 12 people, "
             "a monitor said. The war has killed more than 300,000 people."},
    {"id": "d1-ap", "published_at": "2017-03-06T18:00:00Z", "source": "AP", "title": "Floods kill 9 in Bangladesh",
     "text": "Floods killed 9 people in Sylhet in Bangladesh on Monday, officials said."},
]
DAY2 = [
    {"id": "d2-reuters", "published_at": "2017-03-07T09:00:00Z", "source": "Reuters", "title": "Aleppo toll rises",
     "text": "The death toll from the car bombing at the market in Aleppo, Syria, rose to 27 on Tuesday, medics said. "
             "The conflict, which has claimed 400,000 lives, is in its seventh year."},
    {"id": "d2-bbc", "published_at": "2017-03-07T15:00:00Z", "source": "BBC", "title": "Syria market bombing",
     "text": "The car bombing at the market in Aleppo, Syria, killed 34 people, the health ministry said on Tuesday."},
    {"id": "d2-yahoo", "published_at": "2017-03-07T16:00:00Z", "source": "Yahoo News", "title": "Aleppo blast toll 34",
     "text": "The car bombing at the market in Aleppo, Syria, killed 34 people, the health ministry said on Tuesday."},
]
COLUMNS = [c for c in INCIDENTS.columns]


def _write(path, records):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def _tables(root):
    inc = DeltaTable(str(root / "incidents")).to_pyarrow_table().select(COLUMNS).sort_by("incident_id")
    claims = DeltaTable(str(root / "incident_claims")).to_pyarrow_table().select(INCIDENT_CLAIMS.columns)
    return inc, claims.sort_by("fact_id")


@pytest.fixture(scope="module")
def runs(tmp_path_factory, prefect_harness):
    from flows.run import run_ingest

    tmp = tmp_path_factory.mktemp("incident-runs")
    day1, day2 = _write(tmp / "in" / "day1.jsonl", DAY1), _write(tmp / "in" / "day2.jsonl", DAY2)
    forward, backward = tmp / "forward", tmp / "backward"
    run_ingest([day1], warehouse=str(forward), progress=False)
    after_day1 = _tables(forward)
    run_ingest([day2], warehouse=str(forward), progress=False)
    run_ingest([day2], warehouse=str(backward), progress=False)  # the later day first (a backfill)
    run_ingest([day1], warehouse=str(backward), progress=False)
    run_ingest([day1, day2], warehouse=str(backward), progress=False)  # a rerun of both: nothing new
    return after_day1, _tables(forward), _tables(backward)


def _aleppo(inc):
    return [r for r in inc.to_pylist() if r["place_name"] == "Aleppo" and not r["cumulative"]]


def test_a_new_day_joins_the_incident_of_the_day_before(runs):
    (inc1, _), (inc2, claims2), _ = runs
    [before], [after] = _aleppo(inc1), _aleppo(inc2)
    assert after["incident_id"] == before["incident_id"], "the incident keeps its id as reports join it"
    assert (before["latest_value"], before["n_sources"]) == (12, 1)
    assert (after["low"], after["high"], after["latest_value"]) == (12, 34, 34)
    assert (after["n_articles"], after["n_sources"]) == (4, 3), "the Yahoo copy of the BBC story adds no source"


def test_the_war_tolls_stay_a_series_of_their_own(runs):
    _, (inc, _), _ = runs
    war = [r for r in inc.to_pylist() if r["cumulative"]]
    assert war and all(r["low"] >= 300000 for r in war)
    assert all(r["high"] < 1000 for r in _aleppo(inc))


def test_any_order_of_runs_gives_the_same_incidents(runs):
    _, (inc_f, claims_f), (inc_b, claims_b) = runs
    assert inc_f.num_rows >= 3
    assert inc_f.equals(inc_b)
    assert claims_f.equals(claims_b)
