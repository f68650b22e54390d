"""The scale benchmark's input conversion (Reuters-21578 SGML, FA-KES CSV) and equal-size chunks."""

from __future__ import annotations

from newsfacts.bench_scale import fakes_records, reuters_records
from newsfacts.plan import plan_chunks

SGM = """<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5544" NEWID="1">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<TEXT>&#2;
<TITLE>BAHIA COCOA REVIEW</TITLE>
<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued throughout the week in
the Bahia cocoa zone &lt;said&gt; Smith.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="2">
<DATE>26-FEB-1987 15:02:20.00</DATE>
<TEXT TYPE="BRIEF">&#2;
<TITLE>A TITLE ONLY</TITLE>
</TEXT>
</REUTERS>
"""


def test_reuters_bodies_become_records_with_their_date_and_no_trailer(tmp_path):
    path = tmp_path / "reut2-000.sgm"
    path.write_bytes(SGM.encode("latin-1"))
    (rec,) = reuters_records(path)  # the document without a body is left out
    assert rec["id"] == "reuters-1" and rec["title"] == "BAHIA COCOA REVIEW"
    assert rec["published_at"] == "1987-02-26T15:01:01Z"
    assert rec["text"].startswith("Showers continued") and rec["text"].endswith("<said> Smith.")


def test_fakes_dates_are_month_first(tmp_path):
    path = tmp_path / "fakes.csv"
    path.write_text("unit_id,article_title,article_content,source,date,location,label\n"
                    '7,Title,"Two people were killed, the agency said.",sana,4/5/17,Idlib,1\n', encoding="utf-8")
    (rec,) = fakes_records(path)
    assert (rec["id"], rec["published_at"], rec["source"]) == ("fakes-7", "2017-04-05", "fakes:sana")


def test_parts_cut_chunks_of_equal_text_size_not_equal_counts(tmp_path):
    sizes = [4000, 4000] + [500] * 16  # two long articles, then sixteen short ones
    for i, n in enumerate(sizes):
        (tmp_path / f"{i:02d}.txt").write_text("word " * (n // 5))
    chunks = plan_chunks([tmp_path], batch_size=200, parts=2)
    assert [c.size for c in chunks] == [2, 16]
    assert [u.path for c in chunks for u in c.units] == [str(tmp_path / f"{i:02d}.txt") for i in range(18)]
    assert [c.size for c in plan_chunks([tmp_path], batch_size=200)] == [18]  # without parts: by count
