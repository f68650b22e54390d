"""``newsfacts show``: one reader for Parquet and Delta warehouses, DuckDB filters, the formats,
and the command line's one-line errors.

The small warehouse is written here from literal rows, in both layouts a warehouse can have
(hive-partitioned Parquet folders, and Delta tables written by deltalake), so the reader is
checked against each independently of the project's own writer.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from newsfacts import show as sh
from newsfacts.cli_show import show
from newsfacts.schema import TABLES

ROOT = Path(__file__).resolve().parents[1]


def _when(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


#: Three reports of one bombing in Aleppo (the toll rises), one Damascus shelling, one sum of money.
ARTICLES = [
    ("a1", "reuters", "2017-04-04", "Car bomb kills 12 in Aleppo", "A car bomb killed 12 people in Aleppo on Monday."),
    ("a2", "bbc", "2017-04-05", "Aleppo toll rises", "The toll of the Aleppo car bomb rose to at least 20 people."),
    ("a3", "aljazeera", "2017-04-07", "Aleppo bombing", "Monday's bombing in Aleppo killed 25 to 30 people, medics said."),
    ("a4", "reuters", "2017-05-02", "Shelling in Damascus", "Shelling killed 7 civilians in Damascus."),
    ("a5", "bbc", "2017-05-03", "Aid pledged", "Donors pledged $6 billion for Syria."),
]
#: (article, number as written, category, value, low, high, qualifier, counted, location)
FACTS = [
    ("a1", "12", "killed", 12, 12, 12, "exact", "people", "Aleppo"),
    ("a2", "at least 20", "killed", 20, 20, None, "at_least", "people", "Aleppo"),
    ("a3", "25 to 30", "killed", 25, 25, 30, "range", "people", "Aleppo"),
    ("a4", "7", "killed", 7, 7, 7, "exact", "civilians", "Damascus"),
    ("a5", "$6 billion", "money", 6e9, 6e9, 6e9, "exact", None, "Syria"),
]


def articles_table() -> pa.Table:
    rows = [{
        "article_id": aid, "doc_id": f"doc-{aid}", "title": title, "text": text, "published_at": _when(day),
        "source": source, "url": f"https://news.example/{aid}", "dateline": None, "agency": None,
        "input_path": "literal.jsonl", "n_words": len(text.split()), "run_id": "run-1" if aid != "a5" else "run-2",
    } for aid, source, day, title, text in ARTICLES]
    return pa.Table.from_pylist(rows, schema=TABLES["articles"].schema)


def facts_table() -> pa.Table:
    text = {aid: body for aid, _, _, _, body in ARTICLES}
    rows = []
    for aid, number, category, value, low, high, qualifier, counted, location in FACTS:
        start = text[aid].index(number)
        rows.append({
            "fact_id": f"f-{aid}", "article_id": aid, "field": "body", "sentence_idx": 0, "start_char": 0,
            "end_char": len(text[aid]) - 1, "evidence": text[aid][:-1], "category": category, "value": float(value),
            "value_low": None if low is None else float(low), "value_high": None if high is None else float(high),
            "qualifier": qualifier, "unit": "USD" if category == "money" else None, "counted": counted,
            "location": location, "time_scope": None, "claimed_by": "medics" if aid == "a3" else None,
            "cumulative": False, "number_text": text[aid][start:start + len(number)],
        })
    schema = TABLES["facts"].schema
    return pa.Table.from_pylist([{c: r.get(c) for c in schema.names} for r in rows], schema=schema)


def run_tables() -> dict[str, pa.Table]:
    now = _when("2017-05-03", 12)
    runs = pa.Table.from_pylist([
        {"run_id": r, "flow_run_id": None, "started_at": now, "finished_at": now, "inputs": "[]",
         "records_read": n + q, "articles_written": n, "duplicates_skipped": 0, "quarantined": q, "out_of_range": 0,
         "status": "completed"} for r, n, q in (("run-1", 4, 1), ("run-2", 1, 0))
    ], schema=TABLES["runs"].schema)
    quality = pa.Table.from_pylist([
        {"run_id": "run-1", "batch_id": "b1", "table": "facts", "expectation": "expect_column_values_to_be_in_set",
         "column": "category", "severity": "critical", "success": True, "unexpected_count": 0, "element_count": 4,
         "details": None, "checked_at": now},
        {"run_id": "run-1", "batch_id": "b1", "table": "facts", "expectation": "expect_column_values_to_be_between",
         "column": "death_toll", "severity": "warning", "success": False, "unexpected_count": 1, "element_count": 4,
         "details": None, "checked_at": now},
    ], schema=TABLES["quality"].schema)
    quarantine = pa.Table.from_pylist([
        {"quarantine_id": "q1", "source": "inbox/broken.jsonl", "doc_id": None, "line": 3, "stage": "read",
         "reason": "malformed_json", "detail": "line 3 is not JSON", "run_id": "run-1", "quarantined_at": now},
    ], schema=TABLES["quarantine"].schema)
    return {"runs": runs, "quality": quality, "quarantine": quarantine}


def incident_tables() -> dict[str, pa.Table]:
    """The contract's incidents and incident_claims (INTERFACE.md), written as the incidents step would."""
    claims = pa.Table.from_pylist([
        {"incident_id": "inc-aleppo", "fact_id": f"f-{aid}", "article_id": aid, "published_at": _when(day),
         "source": source, "value": float(v), "value_low": lo, "value_high": hi, "qualifier": q, "claimed_by": None}
        for (aid, source, day, *_), (_, _, _, v, lo, hi, q, *_) in zip(ARTICLES[:3], FACTS[:3])
    ] + [{"incident_id": "inc-damascus", "fact_id": "f-a4", "article_id": "a4", "published_at": _when("2017-05-02"),
          "source": "reuters", "value": 7.0, "value_low": 7.0, "value_high": 7.0, "qualifier": "exact",
          "claimed_by": None}])
    incidents = pa.Table.from_pylist([
        {"incident_id": "inc-aleppo", "category": "killed", "label": "killed in the car bombing, Aleppo, Syria",
         "place_id": 170063, "country_code": "SY", "lat": 36.2, "lon": 37.16, "event_start": date(2017, 4, 3),
         "event_end": date(2017, 4, 3), "low": 12.0, "best": 25.0, "high": 30.0, "latest_value": 25.0,
         "latest_reported_at": _when("2017-04-07"), "first_reported_at": _when("2017-04-04"), "n_claims": 3,
         "n_articles": 3, "n_sources": 3, "cumulative": False, "parent_incident_id": None},
        {"incident_id": "inc-damascus", "category": "killed", "label": "civilians killed by shelling, Damascus",
         "place_id": 170654, "country_code": "SY", "lat": 33.51, "lon": 36.29, "event_start": date(2017, 5, 1),
         "event_end": date(2017, 5, 2), "low": 7.0, "best": 7.0, "high": 7.0, "latest_value": 7.0,
         "latest_reported_at": _when("2017-05-02"), "first_reported_at": _when("2017-05-02"), "n_claims": 1,
         "n_articles": 1, "n_sources": 1, "cumulative": False, "parent_incident_id": None},
    ])
    return {"incidents": incidents, "incident_claims": claims}


def _with_day(table: pa.Table, articles: pa.Table) -> pa.Table:
    days = {a: t.date().isoformat() for a, t in zip(articles.column("article_id").to_pylist(),
                                                   articles.column("published_at").to_pylist())}
    return table.append_column("day", pa.array([days[a] for a in table.column("article_id").to_pylist()]))


def all_tables(*, incidents: bool = True) -> dict[str, pa.Table]:
    """Every table of the little warehouse; article tables carry their ``day`` partition column."""
    arts = articles_table()
    tables = {"articles": _with_day(arts, arts), "facts": _with_day(facts_table(), arts), **run_tables()}
    return tables | (incident_tables() if incidents else {})


def write_parquet_warehouse(root: Path, *, incidents: bool = True) -> Path:
    """Hive-partitioned Parquet folders (the layout before Delta)."""
    for name, table in all_tables(incidents=incidents).items():
        if "day" in table.column_names:
            for day in sorted(set(table.column("day").to_pylist())):
                part = table.filter(pa.compute.equal(table.column("day"), day)).drop_columns(["day"])
                (root / name / f"day={day}").mkdir(parents=True, exist_ok=True)
                pq.write_table(part, root / name / f"day={day}" / "part-0.parquet")
        else:
            (root / name).mkdir(parents=True, exist_ok=True)
            pq.write_table(table, root / name / "part-0.parquet")
    return root


def write_delta_warehouse(root: Path, *, incidents: bool = True) -> Path:
    """Delta tables (deltalake), article tables partitioned by ``day``."""
    from deltalake import write_deltalake

    for name, table in all_tables(incidents=incidents).items():
        write_deltalake(str(root / name), table, partition_by=["day"] if "day" in table.column_names else None)
    return root


@pytest.fixture(scope="module", params=["parquet", "delta"])
def warehouse(request, tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp(f"wh-{request.param}")
    writer = write_parquet_warehouse if request.param == "parquet" else write_delta_warehouse
    return str(writer(root))


def _ids(table: pa.Table, column: str = "article_id") -> list[str]:
    return table.column(column).to_pylist()


# ---- reading ---------------------------------------------------------------------------------
def test_both_layouts_read_back_the_same_rows(warehouse):
    facts = sh.read_table(warehouse, "facts")
    assert sorted(_ids(facts)) == ["a1", "a2", "a3", "a4", "a5"]
    assert set(facts.column("day").to_pylist()) == {"2017-04-04", "2017-04-05", "2017-04-07", "2017-05-02", "2017-05-03"}
    assert sh.read_table(warehouse, "articles", ["article_id", "source"]).column_names == ["article_id", "source"]


def test_an_absent_table_reads_as_none_and_show_says_why(tmp_path):
    root = write_parquet_warehouse(tmp_path, incidents=False)
    assert sh.read_table(str(root), "incidents") is None
    with pytest.raises(sh.ShowError, match="has no table 'incidents' yet.*reconciled"):
        sh.load(str(root), "incidents")
    with pytest.raises(sh.ShowError, match="unknown table 'fact'"):
        sh.load(str(root), "fact")
    with pytest.raises(sh.ShowError, match="no warehouse at"):
        sh.load(str(tmp_path / "nowhere"), "facts")
    assert not (tmp_path / "nowhere").exists()


# ---- filtering -------------------------------------------------------------------------------
@pytest.mark.parametrize(("filters", "expected"), [
    (sh.Filters(category="killed"), ["a1", "a2", "a3", "a4"]),
    (sh.Filters(category="KILLED", place="alep"), ["a1", "a2", "a3"]),
    (sh.Filters(since=date(2017, 4, 5), until=date(2017, 5, 2)), ["a2", "a3", "a4"]),
    (sh.Filters(article="a4"), ["a4"]),
    (sh.Filters(where="value >= 20 AND category = 'killed'"), ["a2", "a3"]),
    (sh.Filters(category="killed", limit=2), ["a1", "a2"]),
])
def test_fact_filters(warehouse, filters, expected):
    assert _ids(sh.select("facts", sh.read_table(warehouse, "facts"), filters)) == expected


def test_source_filters_facts_through_their_article(warehouse):
    articles = sh.read_table(warehouse, "articles")
    rows = sh.select("facts", sh.read_table(warehouse, "facts"), sh.Filters(source="BBC"), articles)
    assert _ids(rows) == ["a2", "a5"]


def test_incidents_filter_by_event_dates_overlapping_the_range(warehouse):
    incidents = sh.read_table(warehouse, "incidents")
    rows = sh.select("incidents", incidents, sh.Filters(since=date(2017, 5, 2)))
    assert _ids(rows, "incident_id") == ["inc-damascus"]  # 1-2 May overlaps a range starting 2 May
    assert _ids(sh.select("incidents", incidents, sh.Filters(place="aleppo")), "incident_id") == ["inc-aleppo"]


def test_run_tables_filter_by_their_own_columns(warehouse):
    assert _ids(sh.select("runs", sh.read_table(warehouse, "runs"), sh.Filters(run="run-2")), "run_id") == ["run-2"]
    quality = sh.select("quality", sh.read_table(warehouse, "quality"), sh.Filters(where="NOT success"))
    assert _ids(quality, "column") == ["death_toll"]
    quarantine = sh.select("quarantine", sh.read_table(warehouse, "quarantine"), sh.Filters(category="malformed_json"))
    assert _ids(quarantine, "line") == [3]


@pytest.mark.parametrize(("table", "filters", "message"), [
    ("facts", sh.Filters(where="valu > 3"), r"bad filter on table 'facts': .*valu"),
    ("facts", sh.Filters(where="value >"), "bad filter on table 'facts'"),
    ("runs", sh.Filters(place="Aleppo"), "--place does not apply to table 'runs'"),
    ("runs", sh.Filters(article="a1"), "--article does not apply to table 'runs'"),
    ("facts", sh.Filters(source="bbc"), "--source needs the articles table"),
])
def test_a_bad_filter_is_a_named_error(table, filters, message):
    with pytest.raises(sh.ShowError, match=message):
        sh.select(table, all_tables()[table], filters)


# ---- formatting ------------------------------------------------------------------------------
def test_json_and_csv_are_plain():
    rows = sh.select("facts", all_tables()["facts"], sh.Filters(article="a2"))
    [record] = json.loads(sh.to_json(rows))
    assert record["number_text"] == "at least 20" and record["value_high"] is None and record["day"] == "2017-04-05"
    lines = sh.to_csv(rows).splitlines()
    assert lines[0].startswith("fact_id,article_id,") and "at least 20" in lines[1]


def test_the_terminal_table_highlights_the_number_inside_its_evidence():
    from rich.console import Console

    rows = sh.select("facts", all_tables()["facts"], sh.Filters(article="a3"))
    table = sh.rich_table("facts", rows, total=5)
    evidence = table.columns[[c.header for c in table.columns].index("evidence")]._cells[0]
    [span] = evidence.spans
    assert evidence.plain[span.start:span.end] == "25 to 30" and "bold" in str(span.style)
    console = Console(record=True, width=140)
    console.print(table)
    text = console.export_text()
    assert "Monday's bombing in Aleppo killed 25 to 30 people" in text and "1 rows of 5" in text


# ---- command line ----------------------------------------------------------------------------
def _run(*args: str):
    return CliRunner().invoke(show, list(args))


def test_show_usage_errors_are_one_line_with_a_non_zero_exit(tmp_path):
    root = str(write_parquet_warehouse(tmp_path, incidents=False))
    for args, message in [
        (["nope", "-w", root], "unknown table 'nope'"),
        (["incidents", "-w", root], "has no table 'incidents' yet"),
        (["facts", "-w", root, "--where", "valu > 3"], "bad filter"),
        (["facts", "-w", root, "--format", "parquet"], "add --out FILE.parquet"),
        (["facts", "-w", root, "--since", "2017-13-01"], "not an ISO date"),
        (["facts", "-w", str(tmp_path / "missing")], "no warehouse at"),
    ]:
        result = _run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output and "Traceback" not in result.output
        assert len([line for line in result.output.splitlines() if line.startswith("Error:")]) == 1


def test_show_writes_parquet_and_the_terminal_table(tmp_path, warehouse):
    out = tmp_path / "killed.parquet"
    assert _run("facts", "-w", warehouse, "--category", "killed", "--format", "parquet", "--out", str(out)).exit_code == 0
    assert sorted(pq.read_table(out).column("article_id").to_pylist()) == ["a1", "a2", "a3", "a4"]
    result = _run("facts", "-w", warehouse, "--place", "Damascus")
    assert result.exit_code == 0 and "1 rows" in result.output
    assert all(word in result.output for word in "Shelling killed 7 civilians in Damascus".split())  # wrapped at 80


def test_show_json_pipes_into_json_tool(tmp_path):
    """The README's promise, in real processes: newsfacts show ... --format json | python -m json.tool."""
    root = write_delta_warehouse(tmp_path)
    cli = Path(sys.executable).with_name("newsfacts")
    command = [str(cli)] if cli.exists() else [sys.executable, "-m", "newsfacts.cli"]
    show_proc = subprocess.Popen([*command, "show", "facts", "--category", "killed", "--format", "json", "-w", str(root)],
                                 stdout=subprocess.PIPE, cwd=ROOT)
    tool = subprocess.run([sys.executable, "-m", "json.tool"], stdin=show_proc.stdout, capture_output=True,
                          text=True, timeout=120)
    show_proc.stdout.close()
    assert show_proc.wait(timeout=120) == 0 and tool.returncode == 0, tool.stderr
    records = json.loads(tool.stdout)
    assert [r["article_id"] for r in records] == ["a1", "a2", "a3", "a4"]
    assert {r["category"] for r in records} == {"killed"}


def test_the_main_groups_json_flag_prints_json(tmp_path):
    from newsfacts.cli import main

    root = str(write_parquet_warehouse(tmp_path / "wh"))
    result = CliRunner().invoke(main, ["show", "runs", "-w", root, "--json"])
    assert result.exit_code == 0, result.output
    assert [r["run_id"] for r in json.loads(result.output)] == ["run-1", "run-2"]
    report = CliRunner().invoke(main, ["report", "-w", root, "--out", str(tmp_path / "r.html"), "--json"])
    assert report.exit_code == 0, report.output
    assert json.loads(report.output)["covers"].startswith("2 runs, 5 articles")


@pytest.mark.slow
def test_the_real_flow_then_show_json_into_json_tool(tmp_path):
    """`newsfacts run` on the seed article, then the issue's pipe, as a user types it."""
    cli = Path(sys.executable).with_name("newsfacts")
    if not cli.exists():
        pytest.skip(f"{cli} is not installed (pip install -e .)")
    wh = tmp_path / "wh"
    run = subprocess.run([str(cli), "run", "--warehouse", str(wh), "--no-progress"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    pipe = subprocess.run(f"'{cli}' show facts --category killed --format json -w '{wh}' | '{sys.executable}' -m json.tool",
                          shell=True, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert pipe.returncode == 0, pipe.stderr
    records = json.loads(pipe.stdout)
    assert {r["category"] for r in records} == {"killed"}
    toll = next(r for r in records if r["value"] == 310000)
    assert toll["number_text"] in toll["evidence"] and toll["qualifier"] == "more_than"
