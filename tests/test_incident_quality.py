"""GX suites of the rebuilt ``incidents`` and ``incident_claims``: real suites, real GX, a real Delta
warehouse. A good rebuild replaces both tables and leaves passing quality rows; a broken one keeps
the old tables whole and leaves the failures as quality rows."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from newsfacts.quality import validate_batch
from newsfacts.warehouse import Warehouse, write_article_batch
from tests.test_incidents import REPORTS

ARTICLE_TABLES = ("articles", "sentences", "entities", "facts", "timexes")


@pytest.fixture(scope="module")
def analysed(nlp):
    from newsfacts.evaluation.incidents import analyse_reports

    return analyse_reports(nlp, REPORTS)


def _warehouse(tmp_path, tables) -> Warehouse:
    wh = Warehouse(str(tmp_path / "wh"))
    wh.ensure_tables(__import__("newsfacts.schema", fromlist=["TABLES"]).TABLES)
    write_article_batch(wh, {n: tables[n] for n in ARTICLE_TABLES if n in tables})
    return wh


def _set(table: pa.Table, column: str, row: int, value) -> pa.Table:
    values = table.column(column).to_pylist()
    values[row] = value
    return table.set_column(table.column_names.index(column), column, pa.array(values, table.schema.field(column).type))


def _failed(report) -> set[tuple[str, str | None]]:
    return {(r["table"], r["column"]) for r in report.rows.to_pylist() if not r["success"]}


@pytest.mark.slow
def test_a_good_rebuild_passes_and_replaces_both_tables(tmp_path, analysed):
    from tasks.steps import rebuild_incidents

    wh = _warehouse(tmp_path, analysed)
    written = rebuild_incidents(wh, run_id="run-1")
    assert written["incidents"] == wh.read("incidents").num_rows >= 3
    quality = wh.read("quality").to_pylist()
    mine = [r for r in quality if r["table"] in ("incidents", "incident_claims")]
    assert mine and all(r["success"] and r["run_id"] == "run-1" and r["batch_id"] == "incidents" for r in mine)
    checked = {(r["table"], r["column"]) for r in mine}
    assert {("incidents", "best,low"), ("incidents", "n_articles,n_sources"), ("incidents", "category"),
            ("incident_claims", "has_incident"), ("incidents", "event_end,event_start"), ("incidents", "lat")} <= checked


@pytest.mark.slow
def test_each_rule_catches_its_fault(analysed):
    from newsfacts.incidents import reconcile

    inc, claims = reconcile(analysed["facts"], analysed["articles"])
    assert validate_batch({"incidents": inc, "incident_claims": claims}, run_id="r", batch_id="b").passed
    bad = _set(inc, "best", 0, inc.column("high")[0].as_py() + 1)            # best above high
    bad = _set(bad, "n_sources", 1, bad.column("n_articles")[1].as_py() + 1)  # more sources than articles
    bad = _set(bad, "category", 2, "revenue")                                  # not a casualty category
    bad = _set(bad, "lat", 0, 123.0)
    bad = _set(bad, "country_code", 1, "Syria")
    bad = _set(bad, "parent_incident_id", 2, "inc-nowhere")
    bad_claims = _set(claims, "incident_id", 0, "inc-nowhere")                 # a claim of no incident
    report = validate_batch({"incidents": bad, "incident_claims": bad_claims}, run_id="r", batch_id="b")
    assert not report.passed
    assert _failed(report) >= {
        ("incidents", "high,best"), ("incidents", "n_articles,n_sources"), ("incidents", "category"),
        ("incidents", "lat"), ("incidents", "country_code"), ("incidents", "parent_known"),
        ("incident_claims", "has_incident"), ("incidents", "n_claims,claims_rows")}
    events = _set(_set(inc, "event_start", 0, pa.scalar(1, pa.date32()).as_py()), "event_end", 0,
                  pa.scalar(0, pa.date32()).as_py())
    events = _set(events, "low", 1, events.column("best")[1].as_py() + 1)
    assert _failed(validate_batch({"incidents": events, "incident_claims": claims}, run_id="r", batch_id="b")) >= {
        ("incidents", "event_end,event_start"), ("incidents", "best,low")}


@pytest.mark.slow
def test_a_failed_rebuild_keeps_the_old_tables_whole(tmp_path, analysed, monkeypatch):
    import newsfacts.incidents as incidents
    from tasks.steps import rebuild_incidents

    wh = _warehouse(tmp_path, analysed)
    rebuild_incidents(wh, run_id="run-1")
    before = (wh.read("incidents").sort_by("incident_id"), wh.read("incident_claims").sort_by("fact_id"))
    real = incidents.reconcile

    def broken(facts, articles):  # a fault injected into the step's output, not into the check
        inc, claims = real(facts, articles)
        return inc, claims.filter(pc.not_equal(claims.column("incident_id"), inc.column("incident_id")[0]))

    monkeypatch.setattr(incidents, "reconcile", broken)
    assert rebuild_incidents(wh, run_id="run-2") == {}
    after = (wh.read("incidents").sort_by("incident_id"), wh.read("incident_claims").sort_by("fact_id"))
    assert [t.select(before[i].column_names).equals(before[i]) for i, t in enumerate(after)] == [True, True]
    failed = [r for r in wh.read("quality").to_pylist() if r["run_id"] == "run-2" and not r["success"]]
    assert [(r["table"], r["column"], r["severity"]) for r in failed] == [("incidents", "n_claims,claims_rows", "critical")]
    assert json.loads(failed[0]["details"])["partial_unexpected"]
