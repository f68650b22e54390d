"""Planning chunks and the run's exact accounting."""

from __future__ import annotations

import gzip
import json
from datetime import date, datetime, timezone

from newsfacts.accounting import Tally, dedupe, in_range
from newsfacts.plan import Chunk, Unit, plan_chunks, read_unit
from newsfacts.records import CleanArticle


def write_jsonl(path, n):
    lines = [json.dumps({"id": f"a{i}", "text": f"Article number {i}."}) for i in range(1, n + 1)]
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


def test_large_jsonl_files_are_split_into_line_ranges(tmp_path):
    write_jsonl(tmp_path / "big.jsonl.gz", 5)
    (tmp_path / "one.txt").write_text("Ten people died.")
    chunks = plan_chunks([tmp_path], batch_size=2)
    assert chunks == [
        Chunk(0, (Unit(str(tmp_path / "big.jsonl.gz"), 1, 2),)),
        Chunk(1, (Unit(str(tmp_path / "big.jsonl.gz"), 3, 4),)),
        Chunk(2, (Unit(str(tmp_path / "big.jsonl.gz"), 5, 5), Unit(str(tmp_path / "one.txt")))),
    ]


def test_line_ranges_cover_every_record_once(tmp_path):
    write_jsonl(tmp_path / "big.jsonl", 7)
    ids = [item.doc_id for chunk in plan_chunks([tmp_path], batch_size=3) for unit in chunk.units for item in read_unit(unit)]
    assert ids == [f"a{i}" for i in range(1, 8)]


def test_missing_paths_are_planned_so_they_can_be_quarantined(tmp_path):
    chunks = plan_chunks([tmp_path / "nope.jsonl"], batch_size=10)
    assert chunks == [Chunk(0, (Unit(str(tmp_path / "nope.jsonl")),))]


def test_folder_walks_skip_unsupported_and_hidden_files(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / "notes.csv").write_text("x")
    units = [u for c in plan_chunks([tmp_path]) for u in c.units]
    assert [(u.path, u.skipped and u.skipped.reason) for u in units] == [
        (str(tmp_path / "a.txt"), None), (str(tmp_path / "notes.csv"), "unsupported_format"),  # counted as skipped
    ]


def art(aid: str) -> CleanArticle:
    return CleanArticle(article_id=aid, doc_id=aid, source_path="x", title="", text="t")


def test_dedupe_counts_repeats_in_a_run_and_against_published():
    seen = {"old"}
    new, dups = dedupe([art("a"), art("old"), art("a"), art("b")], seen)
    assert [a.article_id for a in new] == ["a", "b"]
    assert [a.article_id for a in dups] == ["old", "a"]
    assert seen == {"old", "a", "b"}


def test_date_range_is_inclusive_and_drops_undated_only_when_filtering():
    ts = datetime(2017, 2, 14, 8, tzinfo=timezone.utc)
    assert in_range(ts, date(2017, 2, 14), date(2017, 2, 14))
    assert not in_range(ts, date(2017, 2, 15), None)
    assert in_range(None, None, None)
    assert not in_range(None, date(2017, 1, 1), None)


def test_tally_balances_only_when_every_record_is_accounted_for():
    tally = Tally(records_read=10, articles_written=6, duplicates_skipped=2, quarantined=1, out_of_range=1)
    assert tally.balanced
    assert tally.summary_lines()[-1] == (
        "check: read 10 = written 6 + duplicates 2 + quarantined 1 + out of range 1"
    )
    tally.articles_written = 5
    assert not tally.balanced
