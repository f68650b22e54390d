"""Near-duplicate articles: MinHash LSH candidates verified by exact Jaccard, with literal texts."""

from __future__ import annotations

from datetime import datetime, timezone

import pyarrow as pa

from newsfacts.copies import THRESHOLD, find_copies, jaccard, shingles, similar_pairs
from tests.test_s3_warehouse import s3  # noqa: F401  (the moto S3 fixture)

STORY = (
    "A car bomb exploded at a crowded vegetable market in the northern city on Monday, killing 12 people "
    "and wounding dozens more, a monitoring group said. Rescue workers searched the rubble for survivors "
    "as ambulances took the wounded to two hospitals nearby. No group said it had planted the bomb. "
    "The market had reopened last month after two years of fighting in the area, traders said."
)
OTHER = (
    "Shelling hit a residential district of the central city on Tuesday, activists said, and residents fled "
    "toward the river as government forces pressed an offensive against rebel positions in the suburbs. "
    "The monitoring group said the fighting had intensified since the weekend."
)


def _articles(rows):
    ts = pa.timestamp("us", tz="UTC")
    return pa.table({
        "article_id": [r[0] for r in rows], "text": [r[1] for r in rows],
        "published_at": pa.array([r[2] for r in rows], ts),
    })


def day(d: int) -> datetime:
    return datetime(2017, 3, d, tzinfo=timezone.utc)


def test_shingles_and_jaccard():
    assert shingles("One two three four five six") == {"one two three four five", "two three four five six"}
    assert jaccard(shingles(STORY), shingles(STORY)) == 1.0
    assert jaccard(shingles(STORY), shingles(OTHER)) < 0.05


def test_one_word_changed_trimmed_and_copy_of_is_the_earliest():
    one_word = STORY.replace("crowded", "busy")
    trimmed = STORY.rsplit(" The market", 1)[0]
    table = find_copies(_articles([("z-late", one_word, day(8)), ("m-first", STORY, day(6)),
                                   ("a-trim", trimmed, day(7)), ("other", OTHER, day(6))]))
    rows = {r["article_id"]: r for r in table.to_pylist()}
    assert set(rows) == {"z-late", "a-trim"}
    assert {r["copy_of"] for r in rows.values()} == {"m-first"}
    assert all(THRESHOLD <= r["copy_similarity"] < 1.0 for r in rows.values())


def test_ties_by_id_and_undated_last():
    table = find_copies(_articles([("b", STORY, day(6)), ("a", STORY, day(6)), ("c", STORY, None)]))
    assert table.to_pylist() == [
        {"article_id": "b", "copy_of": "a", "copy_similarity": 1.0},
        {"article_id": "c", "copy_of": "a", "copy_similarity": 1.0},
    ]


def test_input_order_does_not_change_the_result():
    rows = [("x", STORY, day(6)), ("y", STORY + " Updated.", day(7)), ("w", OTHER, day(5))]
    assert find_copies(_articles(rows)).equals(find_copies(_articles(rows[::-1])))


def test_same_topic_different_story_is_not_a_copy():
    assert similar_pairs([STORY, OTHER]) == []


def test_mark_copies_sets_the_article_columns():
    from newsfacts.copies import mark_copies

    out = mark_copies(_articles([("b", STORY, day(7)), ("a", STORY, day(6)), ("o", OTHER, day(6))]))
    assert out.column("copy_of").to_pylist() == ["a", None, None]
    assert out.column("copy_similarity").to_pylist() == [1.0, None, None]


def test_signatures_come_from_the_index_unless_the_text_changed():
    from newsfacts.copies import indexed_signatures

    ids, texts = ["a", "b"], [STORY, OTHER]
    sigs, index, computed = indexed_signatures(ids, texts, None)
    assert computed == 2 and sigs.shape == (2, 128)
    again, index2, computed = indexed_signatures(ids + ["c"], texts + [STORY + " More."], index)
    assert computed == 1 and (again[:2] == sigs).all()
    changed, _, computed = indexed_signatures(ids, [STORY, OTHER + " Corrected."], index2)
    assert computed == 1 and (changed[0] == sigs[0]).all() and not (changed[1] == sigs[1]).all()


def test_copies_with_indexed_signatures_equal_copies_without():
    from newsfacts.copies import indexed_signatures

    arts = _articles([("b", STORY + " again and again", day(2)), ("a", STORY, day(1)), ("c", OTHER, day(1))])
    sigs, _, _ = indexed_signatures(arts.column("article_id").to_pylist(), arts.column("text").to_pylist(), None)
    assert find_copies(arts, sigs=sigs).equals(find_copies(arts))
    assert find_copies(arts).column("copy_of").to_pylist() == ["a"]


def test_refresh_keeps_a_copy_index_and_survives_losing_it(tmp_path):
    from datetime import datetime as dt

    from newsfacts.copies import read_index
    from newsfacts.warehouse import Warehouse, write_article_batch
    from tasks.steps import COPY_INDEX, refresh_copies
    from tests.test_warehouse import article_rows

    wh = Warehouse(str(tmp_path))
    write_article_batch(wh, article_rows("orig", text=STORY))
    write_article_batch(wh, article_rows("other", text=OTHER))
    assert refresh_copies(wh) == 0
    path = wh.path(*COPY_INDEX)
    assert sorted(read_index(wh.fs, path).column("article_id").to_pylist()) == ["orig", "other"]
    write_article_batch(wh, article_rows("copy", day=dt(2017, 2, 15, tzinfo=timezone.utc), text=STORY + " Updated."))
    assert refresh_copies(wh) == 1
    assert read_index(wh.fs, path).num_rows == 3
    (tmp_path / COPY_INDEX[0] / COPY_INDEX[1]).write_bytes(b"not parquet")  # a damaged cache is rebuilt
    assert refresh_copies(wh) == 0
    marks = {r["article_id"]: r["copy_of"] for r in wh.read("articles").to_pylist()}
    assert marks == {"orig": None, "copy": "orig", "other": None}
    assert read_index(wh.fs, path).num_rows == 3


def test_the_copy_index_on_s3(s3):
    """refresh_copies with the warehouse on object storage (moto): the index is written and read there."""
    from newsfacts.copies import read_index
    from newsfacts.warehouse import Warehouse, write_article_batch
    from tasks.steps import COPY_INDEX, refresh_copies
    from tests.test_s3_warehouse import BUCKET
    from tests.test_warehouse import article_rows

    wh = Warehouse(f"s3://{BUCKET}/copies")
    write_article_batch(wh, article_rows("orig", text=STORY))
    write_article_batch(wh, article_rows("copy", day=datetime(2017, 2, 15, tzinfo=timezone.utc), text=STORY + " More."))
    assert refresh_copies(wh) == 1
    assert s3.exists(f"{BUCKET}/copies/{COPY_INDEX[0]}/{COPY_INDEX[1]}")
    assert read_index(wh.fs, wh.path(*COPY_INDEX)).num_rows == 2
    assert refresh_copies(wh) == 0
