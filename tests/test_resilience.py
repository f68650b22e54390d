"""Bad input loses nothing, a failed gate costs only the bad article, and a run
killed mid-write leaves the published tables as they were.

Real flow, real model, real Great Expectations; the crash test runs the real
command line in a subprocess and kills it with SIGKILL."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys

import duckdb
import pytest

pytestmark = pytest.mark.slow

GOOD = [
    "Police in the city said 12 people were killed and 40 wounded when a bus crashed on Monday.",
    "The central bank raised its main interest rate to 5.25% on Thursday, the third rise this year.",
    "More than 3,000 workers went on strike at the car plant, the union said.",
    "Floods have displaced about 20,000 people in the north of the country since March, officials said.",
    "The company said profits rose 12% to £3.5 million in the year to June.",
    "Rescue teams evacuated 150 residents from the burning tower block overnight.",
    "Two journalists were detained at the border on Sunday, their newspaper said.",
    "At least 30 people are missing after a boat capsized off the coast, the coastguard said.",
]


def article(i: int) -> str:
    return f"{GOOD[i % len(GOOD)]}\nThe report was published on day {i} of the inquiry.\nA spokesman declined to comment further."


def jsonl(records) -> str:
    return "\n".join(json.dumps(r) for r in records) + "\n"


@pytest.fixture
def bad_corpus(tmp_path):
    """Good articles beside every kind of bad input the issue names."""
    src = tmp_path / "inbox"
    src.mkdir()
    (src / "a-good1.txt").write_text(article(0))
    (src / "a-good2.txt").write_text(article(1))
    (src / "b-latin1.txt").write_bytes(article(4).encode("utf-8").replace("£".encode(), b"\xa3"))
    (src / "c-empty.txt").write_text("")
    (src / "d-binary.txt").write_bytes(b"\x00\x01\x02\x03PK\x05\x06" * 64)
    (src / "e-copyright.txt").write_text(
        "The firm, whose logo carries a © sign on every product sold in 40 countries, employs 3,000 workers.\n"
        "Analysts expect further growth next year."
    )
    (src / "f-huge.txt").write_text("Word " * 1_100_000)
    (src / "g-nobody.html").write_text("<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>")
    (src / "h-records.jsonl").write_text(
        json.dumps({"id": "r1", "title": "Bus crash", "text": article(2), "published_at": "2017-02-14"}) + "\n"
        + '{"id": "r2", "text": "unterminated\n'
        + json.dumps({"id": "r3", "title": "No text here"}) + "\n"
        + json.dumps({"id": "r4", "text": article(3)}) + "\n"
        + json.dumps({"id": "r1-again", "title": "Bus crash", "text": article(2), "published_at": "2017-02-14"}) + "\n"
    )
    data = gzip.compress(jsonl({"id": f"z{i}", "text": article(10 + i)} for i in range(3)).encode())
    (src / "i-truncated.jsonl.gz").write_bytes(data[:-8])  # the gzip trailer is lost
    return src


EXPECTED_QUARANTINE = [
    ("c-empty.txt", None, "read", "empty_file"),
    ("d-binary.txt", None, "read", "binary_file"),
    ("e-copyright.txt", None, "quality", "quality_gate"),
    ("f-huge.txt", None, "read", "too_long"),
    ("g-nobody.html", None, "read", "no_article_body"),
    ("h-records.jsonl", 2, "read", "malformed_json"),
    ("h-records.jsonl", 3, "read", "no_text"),
    ("i-truncated.jsonl.gz", 4, "read", "truncated_gzip"),
    ("missing.jsonl", None, "read", "missing_path"),
]


def table(root, name, cols):
    """Rows of a Delta table read through deltalake's pyarrow dataset by DuckDB (no extension)."""
    from deltalake import DeltaTable

    t = DeltaTable(str(root / name)).to_pyarrow_dataset()  # noqa: F841  (DuckDB finds it by name)
    return duckdb.sql(f"select {cols} from t").fetchall()


def test_bad_inputs_are_quarantined_and_everything_is_accounted_for(bad_corpus, tmp_path, prefect_harness):
    from flows.run import run_ingest

    root = tmp_path / "wh"
    inputs = [str(bad_corpus), str(tmp_path / "missing.jsonl")]
    summary = run_ingest(inputs, warehouse=str(root), progress=False, batch_size=4)
    assert (summary["records_read"], summary["articles_written"], summary["duplicates_skipped"], summary["quarantined"]) == (18, 8, 1, 9)
    assert summary["balanced"]

    quarantined = sorted(
        (os.path.basename(src), line, stage, reason)
        for src, line, stage, reason in table(root, "quarantine", "source, line, stage, reason")
    )
    assert quarantined == EXPECTED_QUARANTINE
    published = sorted(d for (d,) in table(root, "articles", "doc_id"))
    assert published == ["a-good1", "a-good2", "b-latin1", "r1", "r4", "z0", "z1", "z2"]
    [(latin1,)] = [(t,) for d, t in table(root, "articles", "doc_id, text") if d == "b-latin1"]
    assert "£3.5 million" in latin1
    gate = table(root, "quality", "batch_id, \"table\", expectation, success")
    assert any(not ok and t == "articles" for _, t, _, ok in gate), "the failed expectation is readable in quality"
    [(run,)] = table(root, "runs", "records_read")
    assert run == 18

    again = run_ingest(inputs, warehouse=str(root), progress=False, batch_size=4)
    assert (again["records_read"], again["articles_written"], again["duplicates_skipped"], again["quarantined"]) == (18, 0, 9, 9)
    assert len(table(root, "quarantine", "quarantine_id")) == 9, "a rerun adds no quarantine rows"


def test_the_faults_of_the_hostile_tester_are_counted_too(bad_corpus, tmp_path, prefect_harness):
    """The bad-input set above plus the kinds the faults issue names: an impossible and an
    unrepresentable date, a FIFO, a link loop, a broken link, a folder named like an input,
    a PDF, and one doc_id with two texts. The run ends, the good records are published,
    and read = written + duplicates + quarantined + skipped."""
    from flows.run import run_ingest

    (bad_corpus / "j-dates.jsonl").write_text(jsonl([
        {"id": "d1", "text": article(5), "published_at": "2026-02-30"},
        {"id": "d2", "text": article(6), "published_at": "9999-12-31T23:59:59-14:00"},
        {"id": "d3", "text": article(7), "published_at": "2017-03-01"},
        {"id": "d3", "text": article(21), "published_at": "2017-03-02"},  # same id, other content
    ]))
    os.mkfifo(bad_corpus / "k-pipe.txt")
    (bad_corpus / "l-loop.txt").symlink_to(bad_corpus / "l-loop.txt")
    (bad_corpus / "m-broken.txt").symlink_to(bad_corpus / "nowhere.txt")
    (bad_corpus / "n-folder.jsonl").mkdir()
    (bad_corpus / "o-report.pdf").write_bytes(b"%PDF-1.4")
    root = tmp_path / "wh"
    summary = run_ingest([str(bad_corpus), str(tmp_path / "missing.jsonl")], warehouse=str(root),
                         progress=False, batch_size=4)

    assert summary["balanced"]
    assert summary["records_read"] == (summary["articles_written"] + summary["duplicates_skipped"]
                                       + summary["quarantined"] + summary["skipped"])
    assert (summary["articles_written"], summary["quarantined"], summary["skipped"]) == (10, 11, 5)
    assert summary["collisions"] == 1
    reasons = sorted(r for (r,) in table(root, "quarantine", "reason"))
    assert reasons.count("bad_date") == 2
    assert {"not_a_file", "link_loop", "broken_link", "folder", "unsupported_format"} <= set(reasons)
    published = sorted(d for (d,) in table(root, "articles", "doc_id"))
    assert published.count("d3") == 2, "one doc_id with two texts is published once per content"


# ---------------------------------------------------------------- crashes

def corpus(folder, start, n):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"part-{start}.jsonl").write_text(jsonl(
        {"id": f"n{i}", "title": f"Report {i}", "text": article(i), "published_at": f"2017-03-{1 + i % 5:02d}"}
        for i in range(start, start + n)
    ))


def backfill(inputs, root, api_url, crash=None, command="backfill"):
    env = {**os.environ, "PREFECT_API_URL": api_url}
    env.pop("NEWSFACTS_CRASH_AT", None)
    if crash:
        env["NEWSFACTS_CRASH_AT"] = crash
    args = [*map(str, inputs), "--batch-size", "4", "--no-progress"] if command == "backfill" else []
    return subprocess.run(
        [sys.executable, "-m", "newsfacts.cli", command, *args, "--warehouse", str(root), "--json"],
        env=env, capture_output=True, text=True, timeout=600,
    )


def snapshot(root):
    out = {}
    for name, key in [("articles", "article_id, doc_id, text"), ("sentences", "article_id, field, sentence_idx, text"),
                      ("entities", "article_id, start_char, text, label"), ("facts", "fact_id, category, value"),
                      ("quarantine", "quarantine_id")]:
        out[name] = sorted(table(root, name, key)) if (root / name).exists() else []
    return out


def consistent(root):
    """No article without its sentences, no duplicate rows (what a reader may see mid-crash)."""
    snap = snapshot(root)
    with_sentences = {row[0] for row in snap["sentences"]}
    assert {row[0] for row in snap["articles"]} <= with_sentences, "an article is visible without its sentences"
    for name, rows in snap.items():
        assert len(rows) == len(set(rows)), f"duplicates in {name}"
    return snap


#: Where each run is killed, in order (commit numbers count every Delta commit of the process).
CRASHES = [
    ("before-commit:1", "before the first commit"),
    ("before-commit:3", "between two tables (sentences and entities landed, facts not)"),
    ("during-commit:4", "during the last table of a chunk (articles)"),
    ("during-seal:1", "during the application transaction (the seal)"),
]


def test_a_backfill_killed_at_any_point_then_rerun_gives_the_tables_of_a_clean_run(tmp_path, prefect_harness):
    from prefect.settings import PREFECT_API_URL

    api = PREFECT_API_URL.value()
    a, b = tmp_path / "a", tmp_path / "b"
    corpus(a, 0, 6)
    corpus(b, 100, 10)

    clean = tmp_path / "clean"
    assert backfill([a, b], clean, api).returncode == 0
    reference = snapshot(clean)

    root = tmp_path / "wh"
    assert backfill([a], root, api).returncode == 0
    before = snapshot(root)
    assert len(before["articles"]) == 6

    for spec, where in CRASHES:
        killed = backfill([a, b], root, api, crash=spec)
        assert killed.returncode == -9, (where, killed.stderr[-2000:])
        snap = consistent(root)
        if spec == "before-commit:1":
            assert snap == before, "a run killed before its first commit changes nothing"
    assert not (root / "_staging").exists() and not (root / "_journal").exists()

    done = backfill([a, b], root, api)
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["balanced"] and summary["failed"] == []
    assert snapshot(root) == reference, "same rows as a clean run"

    killed = backfill([], root, api, crash="during-optimize:3", command="optimize")
    assert killed.returncode == -9, killed.stderr[-2000:]
    assert snapshot(root) == reference, "a killed optimize changes no row"
    again = backfill([], root, api, command="optimize")
    assert again.returncode == 0, again.stderr[-2000:]
    assert snapshot(root) == reference
    assert backfill([], root, api, command="check").returncode == 0
