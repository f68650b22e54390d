"""Reading raw inputs: every format, every kind of bad input (quarantined, never raised)."""

from __future__ import annotations

import gzip
import json
import zlib
from datetime import datetime, timezone
from pathlib import Path

import pytest

from newsfacts.evaluation import CORPORA
from newsfacts.readers import count_inputs, iter_inputs, parse_published_at
from newsfacts.records import Quarantined, RawArticle, Skipped

UTC = timezone.utc

PAGE = """<!DOCTYPE html>
<html><head><title>Truce talks resume in Astana | Example News</title>
<meta property="og:title" content="Truce talks resume in Astana">
<meta property="article:published_time" content="2017-02-15T09:30:00+00:00">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Truce talks resume in Astana</h1>
<p>Syrian opposition figures were en route to the Kazakh capital on Wednesday for fresh talks on reinforcing a faltering truce, officials said.</p>
<p>The talks are set to begin on Thursday and will be sponsored by Turkey, Russia and Iran, the three countries that brokered the ceasefire.</p>
</article>
<footer>Contact us | Privacy policy | Cookie settings</footer>
</body></html>
"""


def read(*paths: Path, **options) -> list[RawArticle | Quarantined]:
    return list(iter_inputs(paths, **options))


def write_jsonl(path: Path, *lines: str) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


# ---------------------------------------------------------------- JSON Lines


def test_jsonl_record_with_every_field(tmp_path):
    path = write_jsonl(
        tmp_path / "news.jsonl",
        json.dumps({
            "id": "a1", "title": "Talks", "text": "Talks resume.", "published_at": "2017-02-15",
            "source": "Arab News", "url": "https://example.com/a1",
        }),
    )
    assert read(path) == [
        RawArticle(
            doc_id="a1", source_path=str(path), title="Talks", text="Talks resume.",
            published_at=datetime(2017, 2, 15, tzinfo=UTC), source="Arab News",
            url="https://example.com/a1", line=1,
        )
    ]


def test_jsonl_bad_lines_are_quarantined_and_good_ones_still_come_through(tmp_path):
    path = write_jsonl(
        tmp_path / "news.jsonl",
        '{"id": "a1", "text": "First article."}',
        '{"id": "a2", "text": "Broken',
        "",
        '{"id": "a3", "title": "No body"}',
        '["not", "an", "object"]',
        '{"id": 7, "text": "Numeric id, no title."}',
    )
    assert read(path) == [
        RawArticle(doc_id="a1", source_path=str(path), text="First article.", line=1),
        Quarantined(
            source=str(path), doc_id=None, stage="read", reason="malformed_json", line=2,
            detail="line 2 is not valid JSON (Unterminated string starting at column 22); fix or remove the line",
        ),
        Quarantined(
            source=str(path), doc_id="a3", stage="read", reason="no_text", line=4,
            detail="line 4: the record has neither 'text' nor 'html' with content; add one or drop it",
        ),
        Quarantined(
            source=str(path), doc_id=None, stage="read", reason="malformed_json", line=5,
            detail="line 5 is a JSON list, not an object with id, title, text...; fix or remove it",
        ),
        RawArticle(doc_id="7", source_path=str(path), text="Numeric id, no title.", line=6),
    ]


def test_jsonl_record_without_id_gets_file_stem_and_line(tmp_path):
    path = write_jsonl(tmp_path / "feed.jsonl", '{"text": "One."}', '{"text": "Two.", "id": ""}')
    assert [a.doc_id for a in read(path)] == ["feed:1", "feed:2"]


def test_jsonl_field_of_wrong_type_is_malformed(tmp_path):
    path = write_jsonl(tmp_path / "news.jsonl", '{"id": "a1", "text": ["a", "list"]}')
    (q,) = read(path)
    assert (q.reason, q.doc_id, q.line) == ("malformed_json", "a1", 1)


def test_jsonl_html_record_goes_through_trafilatura(tmp_path):
    path = write_jsonl(tmp_path / "pages.jsonl", json.dumps({"id": "p1", "html": PAGE}))
    (article,) = read(path)
    assert article == RawArticle(
        doc_id="p1",
        source_path=str(path),
        title="Truce talks resume in Astana",
        text=(
            "Truce talks resume in Astana\n"  # the page's own heading: the cleaner drops it
            "Syrian opposition figures were en route to the Kazakh capital on Wednesday for fresh talks on "
            "reinforcing a faltering truce, officials said.\n"
            "The talks are set to begin on Thursday and will be sponsored by Turkey, Russia and Iran, the "
            "three countries that brokered the ceasefire."
        ),
        published_at=datetime(2017, 2, 15, tzinfo=UTC),
        line=1,
    )


def test_jsonl_in_windows_1252_is_decoded_per_line(tmp_path):
    path = tmp_path / "legacy.jsonl"
    path.write_bytes(b'{"id": "c1", "text": "a \x93quoted\x94 \xa35m deal"}\n')
    assert [a.text for a in read(path)] == ["a “quoted” £5m deal"]


def test_jsonl_gz_is_read(tmp_path):
    path = tmp_path / "news.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"id": "g1", "text": "Zipped."}\n{"id": "g2", "text": "Also."}\n'))
    assert [(a.doc_id, a.text, a.line) for a in read(path)] == [("g1", "Zipped.", 1), ("g2", "Also.", 2)]


def test_truncated_gzip_yields_records_before_the_cut_then_one_quarantine_row(tmp_path):
    head = b"".join(b'{"id": "r%d", "text": "Record number %d."}\n' % (i, i) for i in (1, 2, 3))
    tail = b'{"id": "r4", "text": "' + b"A long fourth record that is cut off. " * 40 + b'"}\n'
    packer = zlib.compressobj(wbits=31)  # gzip container
    readable = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    rest = packer.compress(tail) + packer.flush()
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(readable + rest[:10])
    items = read(path)
    assert [(a.doc_id, a.text) for a in items[:3]] == [
        ("r1", "Record number 1."), ("r2", "Record number 2."), ("r3", "Record number 3."),
    ]
    assert items[3:] == [
        Quarantined(
            source=str(path), doc_id=None, stage="read", reason="truncated_gzip", line=4,
            detail="the gzip stream ends early after line 3: records up to there were read, the rest is lost; "
            "copy or download the file again",
        )
    ]


def test_file_with_gz_name_that_is_not_gzip_is_corrupt(tmp_path):
    path = tmp_path / "fake.jsonl.gz"
    path.write_bytes(b'{"id": "x", "text": "plain"}\n')
    (q,) = read(path)
    assert (q.reason, q.stage, q.line) == ("corrupt_gzip", "read", 1)


def test_empty_jsonl_is_quarantined(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    assert [(q.reason, q.doc_id) for q in read(path)] == [("empty_file", None)]


def test_binary_jsonl_is_quarantined_once(tmp_path):
    path = tmp_path / "image.jsonl"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    assert [q.reason for q in read(path)] == ["binary_file"]


def test_jsonl_article_over_max_chars_is_too_long(tmp_path):
    path = write_jsonl(tmp_path / "news.jsonl", '{"id": "big", "text": "0123456789A"}', '{"id": "ok", "text": "0123456789"}')
    items = read(path, max_chars=10)
    assert [(type(x).__name__, x.doc_id, getattr(x, "reason", None)) for x in items] == [
        ("Quarantined", "big", "too_long"),
        ("RawArticle", "ok", None),
    ]
    assert items[0].detail == "11 characters, over the limit of 10; split the article or raise max_chars"


# ---------------------------------------------------------------- plain text


def test_txt_whole_file_is_the_text_and_stem_the_id(tmp_path):
    path = tmp_path / "astana-talks.txt"
    path.write_text("BEIRUT: Talks.\nMore text.\n", encoding="utf-8")
    assert read(path) == [RawArticle(doc_id="astana-talks", source_path=str(path), text="BEIRUT: Talks.\nMore text.\n")]


def test_txt_title_first_line_option(tmp_path):
    path = tmp_path / "001.txt"
    path.write_text("Chelsea sack Mutu\n\nChelsea have sacked Adrian Mutu.\n", encoding="utf-8")
    (article,) = read(path, txt_title_first_line=True)
    assert (article.doc_id, article.title, article.text) == ("001", "Chelsea sack Mutu", "\nChelsea have sacked Adrian Mutu.\n")


def test_txt_title_only_is_no_text(tmp_path):
    path = tmp_path / "002.txt"
    path.write_text("Only a title\n", encoding="utf-8")
    assert [(q.reason, q.doc_id) for q in read(path, txt_title_first_line=True)] == [("no_text", "002")]


def test_txt_in_latin_1_is_decoded(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes(b"Mutu, a \xa315.8m signing from Parma, and a caf\xe9.")
    assert read(path)[0].text == "Mutu, a £15.8m signing from Parma, and a café."


def test_txt_in_windows_1252_keeps_curly_quotes(tmp_path):
    path = tmp_path / "cp1252.txt"
    path.write_bytes(b"\x93We are going now to Astana,\x94 he said \x96 by phone.")
    assert read(path)[0].text == "“We are going now to Astana,” he said – by phone."


def test_txt_mostly_utf8_with_one_stray_latin_1_byte(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes("“Quoted” café ".encode("utf-8") + b"\xa35m")
    assert read(path)[0].text == "“Quoted” café £5m"


def test_txt_in_another_legacy_encoding_goes_to_charset_normalizer(tmp_path):
    path = tmp_path / "cyrillic.txt"
    path.write_bytes("Привет мир, как дела? Это тест текста на русском языке.".encode("cp1251"))
    assert read(path)[0].text == "Привет мир, как дела? Это тест текста на русском языке."


def test_txt_with_utf8_bom(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfText.")
    assert read(path)[0].text == "Text."


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty_file"),
        (b" \n\t\n", "empty_file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary_file"),
        (b"text\x01\x02\x03\x04\x05\x06\x07\x08 with control bytes", "binary_file"),
    ],
)
def test_txt_that_is_not_an_article_is_quarantined(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    (q,) = read(path)
    assert (q.source, q.doc_id, q.stage, q.reason, q.line) == (str(path), "bad", "read", reason, None)


def test_txt_over_max_chars_is_too_long(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("x" * 11, encoding="utf-8")
    assert [q.reason for q in read(path, max_chars=10)] == ["too_long"]
    assert [q.reason for q in read(path, max_chars=2)] == ["too_long"]  # refused by size, unread


@pytest.mark.skipif(
    not (CORPORA / "bbc" / "sport" / "199.txt").exists(), reason="BBC corpus not under NEWSFACTS_SHARED/corpora"
)
def test_bbc_sport_199_latin_1_pound_sign():
    (article,) = read(CORPORA / "bbc" / "sport" / "199.txt", txt_title_first_line=True)
    assert article.title == "Chelsea sack Mutu"
    assert "Mutu, a £15.8m signing from Parma last season" in article.text
    assert "\ufffd" not in article.text


# ---------------------------------------------------------------- HTML


def test_html_file_main_text_title_and_date(tmp_path):
    path = tmp_path / "astana.html"
    path.write_text(PAGE, encoding="utf-8")
    (article,) = read(path)
    assert (article.doc_id, article.title, article.published_at) == (
        "astana", "Truce talks resume in Astana", datetime(2017, 2, 15, tzinfo=UTC),
    )
    assert article.text.startswith("Truce talks resume in Astana\nSyrian opposition figures were en route")
    assert "Privacy policy" not in article.text and "Home" not in article.text


def test_html_gz_doc_id_drops_both_suffixes(tmp_path):
    path = tmp_path / "page-1.html.gz"
    path.write_bytes(gzip.compress(PAGE.encode("utf-8")))
    assert read(path)[0].doc_id == "page-1"


def test_html_without_article_body(tmp_path):
    path = tmp_path / "index.htm"
    path.write_text("<html><head><title>Index</title></head><body><nav><a href='/'>Home</a></nav></body></html>")
    (q,) = read(path)
    assert (q.doc_id, q.reason) == ("index", "no_article_body")


# ---------------------------------------------------------------- paths


def test_missing_path_and_unsupported_file(tmp_path):
    missing = tmp_path / "nowhere.jsonl"
    other = tmp_path / "notes.docx"
    other.write_bytes(b"PK")
    assert read(missing, other) == [
        Quarantined(
            source=str(missing), doc_id=None, stage="read", reason="missing_path",
            detail=f"{missing} does not exist; check the path (and the current folder)",
        ),
        Skipped(
            source=str(other), doc_id="notes", stage="read", reason="unsupported_format",
            detail="notes.docx: not one of .jsonl, .jsonl.gz, .txt, .txt.gz, .html, .htm, .html.gz, .htm.gz; "
            "convert it or leave it out of the inputs",
        ),
    ]


def test_folders_are_walked_recursively_in_sorted_order_skipping_hidden_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "z").mkdir(parents=True)
    (tmp_path / "b" / "2.txt").write_text("Two.")
    (tmp_path / "a" / "z" / "1.txt").write_text("One.")
    (tmp_path / "a" / "0.txt").write_text("Zero.")
    (tmp_path / "a" / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    assert [a.text for a in read(tmp_path)] == ["Zero.", "One.", "Two."]


def test_iter_inputs_is_lazy(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", '{"text": "One."}', '{"text": "Two."}')
    items = iter_inputs([tmp_path])
    assert next(items).text == "One."  # a generator: nothing read beyond what is asked for


def test_count_inputs_counts_files_and_jsonl_lines(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", '{"text": "One."}', '{"text": "Two."}', '{"text": "Three."}')
    (tmp_path / "b.txt").write_text("Four.")
    (tmp_path / "c.jsonl.gz").write_bytes(gzip.compress(b'{"text": "Five."}\n'))
    assert count_inputs([tmp_path, tmp_path / "missing.txt"]) == 6


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-02-15", datetime(2017, 2, 15, tzinfo=UTC)),
        ("2017-02-15T10:30:00", datetime(2017, 2, 15, 10, 30, tzinfo=UTC)),
        ("2017-02-15T10:30:00Z", datetime(2017, 2, 15, 10, 30, tzinfo=UTC)),
        ("2017-02-15T10:30:00+02:00", datetime(2017, 2, 15, 8, 30, tzinfo=UTC)),
        ("Wed, 15 Feb 2017 10:30:00 +0100", datetime(2017, 2, 15, 9, 30, tzinfo=UTC)),
        ("26-FEB-1987 15:01:01.79", datetime(1987, 2, 26, 15, 1, 1, 790000, tzinfo=UTC)),
        ("February 15, 2017", datetime(2017, 2, 15, tzinfo=UTC)),
        (1487116800, datetime(2017, 2, 15, tzinfo=UTC)),
        (1487116800000, datetime(2017, 2, 15, tzinfo=UTC)),
        ("next Tuesday", None),
        ("Feb 15", None),
        ("", None),
        (None, None),
        (True, None),
        ({"year": 2017}, None),
    ],
)
def test_published_at(value, expected):
    assert parse_published_at(value) == expected


def test_html_canonical_link_becomes_the_url(tmp_path):
    path = tmp_path / "linked.html"
    path.write_text(PAGE.replace("<head>", '<head><link rel="canonical" href="https://example.com/astana">'))
    assert read(path)[0].url == "https://example.com/astana"


def test_a_single_path_string_is_one_path(tmp_path):
    (tmp_path / "one.txt").write_text("One.")
    assert [a.text for a in iter_inputs(str(tmp_path / "one.txt"))] == ["One."]


# ---------------------------------------------------------------- line ranges (chunks of one big file)


def test_line_range_reads_only_those_lines(tmp_path):
    path = write_jsonl(
        tmp_path / "big.jsonl",
        '{"id": "a1", "text": "One."}', "{broken", "", '{"id": "a4", "text": "Four."}', '{"id": "a5", "text": "Five."}',
    )
    assert [(x.doc_id, x.line) for x in read(path, line_range=(1, 2))] == [("a1", 1), (None, 2)]
    assert [(x.doc_id, x.line) for x in read(path, line_range=(3, 4))] == [("a4", 4)]
    assert [(x.doc_id, x.line) for x in read(path, line_range=(5, 9))] == [("a5", 5)]


def test_line_ranges_report_file_problems_once(tmp_path):
    head = b'{"id": "r1", "text": "One."}\n{"id": "r2", "text": "Two."}\n'
    packer = zlib.compressobj(wbits=31)
    data = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(data + (packer.compress(b'{"id": "r3", "text": "' + b"x" * 500 + b'"}\n') + packer.flush())[:5])
    chunks = [read(cut, line_range=r) for r in [(1, 2), (3, 4)]]
    assert [[(type(x).__name__, x.line) for x in chunk] for chunk in chunks] == [
        [("RawArticle", 1), ("RawArticle", 2)],
        [("Quarantined", 3)],  # reported by the range it breaks in
    ]
    at_boundary = tmp_path / "cut-at-boundary.jsonl.gz"
    at_boundary.write_bytes(data)  # the stream ends right after line 2, without its end marker
    assert [(type(x).__name__, x.line) for x in read(at_boundary, line_range=(1, 2))] == [
        ("RawArticle", 1), ("RawArticle", 2), ("Quarantined", 3),  # the last range sees it too
    ]
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    assert [q.reason for q in read(empty, line_range=(1, 1))] == ["empty_file"]
    assert read(empty, line_range=(2, 3)) == []
