"""Faults in the inputs (issue 13, items 1 and 2): each test first states the input that
broke a run, then what happens now. Real FIFOs, sockets, links and folders on disk."""

from __future__ import annotations

import json
import os
import socket
import threading
from datetime import UTC, datetime, timedelta

import pytest

from newsfacts.errors import BadDateError
from newsfacts.plan import plan_chunks, read_unit
from newsfacts.readers import iter_inputs, parse_published_at, read_published_at, walk_inputs
from newsfacts.records import Quarantined, RawArticle, Skipped


def jsonl(path, *records) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return str(path)


def read_with_deadline(paths, seconds: float = 10.0) -> list:
    """Read everything, failing (not hanging) when reading blocks."""
    out: list = []
    worker = threading.Thread(target=lambda: out.extend(iter_inputs(paths)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "reading blocked"
    return out


# ---------------------------------------------------------------- 1. bad dates


@pytest.mark.parametrize(
    "value", ["9999-12-31T23:59:59-14:00", "2026-02-30", "2017-13-01", "30 Feb 2017", 10**20],
)
def test_a_date_that_names_no_real_moment_is_a_bad_date_with_the_raw_value(value):
    # Before: OverflowError in the conversion to UTC stopped the whole run; 2026-02-30 became undated.
    with pytest.raises(BadDateError) as err:
        parse_published_at(value)
    assert err.value.reason == "bad_date" and repr(value) in err.value.detail


def test_a_bad_date_quarantines_its_record_and_the_next_record_is_read(tmp_path):
    path = jsonl(tmp_path / "a.jsonl",
                 {"id": "bad", "text": "One.", "published_at": "9999-12-31T23:59:59-14:00"},
                 {"id": "good", "text": "Two.", "published_at": "2017-02-15"})
    bad, good = iter_inputs([path])
    assert (type(bad), bad.reason, bad.doc_id, bad.line) == (Quarantined, "bad_date", "bad", 1)
    assert "'9999-12-31T23:59:59-14:00'" in bad.detail
    assert (good.doc_id, good.published_at) == ("good", datetime(2017, 2, 15, tzinfo=UTC))


@pytest.mark.parametrize("value", ["0001-01-01", "1899-12-31", "9999-01-01"])
def test_an_implausible_date_is_kept_undated_with_a_note(value, tmp_path):
    # Before: years 1 and 9999 created real partitions.
    path = jsonl(tmp_path / "a.jsonl", {"id": "x", "text": "One.", "published_at": value})
    [article] = iter_inputs([path])
    assert isinstance(article, RawArticle) and article.published_at is None
    assert article.date_note.startswith("implausible: ")


def test_the_plausible_window_ends_a_day_after_the_run():
    now = datetime(2026, 11, 30, 12, tzinfo=UTC)
    assert read_published_at("2026-12-01T11:00:00Z", now=now)[0] is not None
    assert read_published_at("2026-12-01T13:00:00Z", now=now) == (
        None, "implausible: '2026-12-01T13:00:00Z' (before 1900 or after tomorrow)")
    assert read_published_at((now - timedelta(days=50000)).isoformat(), now=now)[0] is None


def test_words_instead_of_a_date_are_undated_with_a_note_not_silently():
    assert read_published_at("yesterday") == (None, "unreadable: 'yesterday'")
    assert read_published_at(None) == (None, None)


# ---------------------------------------------------------------- 2. things that are not files


def test_a_fifo_named_on_the_command_line_is_skipped_without_blocking(tmp_path):
    # Before: `mkfifo p.txt; newsfacts backfill p.txt` blocked in read-clean forever.
    fifo = tmp_path / "p.txt"
    os.mkfifo(fifo)
    [item] = read_with_deadline([fifo])
    assert (type(item), item.reason) == (Skipped, "not_a_file")
    assert "named pipe" in item.detail


def test_special_files_links_and_folders_named_like_inputs_are_each_counted(tmp_path):
    # Before: FIFOs, link loops and folders named like inputs vanished from folder walks.
    root = tmp_path / "in"
    (root / "x.jsonl").mkdir(parents=True)
    (root / "x.jsonl" / "inside.txt").write_text("Never read.")
    (root / "a.txt").write_text("Read me.")
    os.mkfifo(root / "b.txt")
    (root / "broken.txt").symlink_to(root / "nowhere.txt")
    (root / "loop.txt").symlink_to(root / "loop.txt")
    (root / "sub").mkdir()
    (root / "sub" / "up").symlink_to(root)  # a folder link back to the top
    (root / "report.pdf").write_bytes(b"%PDF-1.4")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(root / "s.txt"))
        items = read_with_deadline([root])
    got = [(os.path.relpath(i.source_path if isinstance(i, RawArticle) else i.source, root),
            i.reason if isinstance(i, Skipped) else "read") for i in items]
    assert got == [
        ("a.txt", "read"), ("b.txt", "not_a_file"), ("broken.txt", "broken_link"), ("loop.txt", "link_loop"),
        ("report.pdf", "unsupported_format"), ("s.txt", "not_a_file"), ("sub/up", "link_loop"), ("x.jsonl", "folder"),
    ]


def test_planning_and_reading_walk_alike_and_count_every_skipped_path(tmp_path):
    (tmp_path / "a.txt").write_text("Read me.")
    os.mkfifo(tmp_path / "b.jsonl")
    (tmp_path / "c.pdf").write_bytes(b"%PDF")
    planned = [item for chunk in plan_chunks([tmp_path]) for unit in chunk.units for item in read_unit(unit)]
    assert planned == read_with_deadline([tmp_path])
    assert [type(i).__name__ for i in planned] == ["RawArticle", "Skipped", "Skipped"]
    assert [str(p) for p in walk_inputs([tmp_path]) if not isinstance(p, Skipped)] == [str(tmp_path / "a.txt")]


def test_the_run_counts_the_dates_it_kept_out():
    from newsfacts.accounting import Tally
    from newsfacts.ledger import Ledger
    from newsfacts.records import CleanArticle
    from tasks.steps import ReadResult

    arts = [CleanArticle(article_id=f"a{i}", doc_id=f"d{i}", source_path="x", title="", text="t", date_note=note)
            for i, note in enumerate([None, "implausible: '0001-01-01' (before 1900 or after tomorrow)"])]
    ledger = Ledger("r1")
    ledger.read(ReadResult(0, articles=arts, records_read=2))
    assert ledger.tally.dates_undated == 1
    assert "dates kept out             1  (implausible or unreadable: published undated)" in Tally.summary_lines(ledger.tally)
