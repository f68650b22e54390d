"""spaCy batches bounded by texts and characters: order kept, limits held, long texts alone."""

from __future__ import annotations

import random

from newsfacts.analyse import PIPE_BATCH, PIPE_CHARS, parse_batches


def test_batches_close_at_the_character_budget_and_keep_order():
    assert list(parse_batches(["aaaa", "bb", "cc", "dddddd"], max_texts=3, max_chars=6)) == [
        ["aaaa", "bb"], ["cc"], ["dddddd"],
    ]


def test_batches_close_at_the_text_count():
    assert list(parse_batches(["a"] * 7, max_texts=3, max_chars=100)) == [["a"] * 3, ["a"] * 3, ["a"]]


def test_a_text_longer_than_the_budget_is_a_batch_of_its_own():
    assert list(parse_batches(["ab", "x" * 50, "cd"], max_texts=16, max_chars=10)) == [["ab"], ["x" * 50], ["cd"]]


def test_items_with_context_are_measured_by_their_text():
    items = [("aaaa", 1), ("bbbb", 2), ("c", 3)]
    assert list(parse_batches(items, text=lambda item: item[0], max_chars=8)) == [[("aaaa", 1), ("bbbb", 2)], [("c", 3)]]


def test_nothing_in_nothing_out():
    assert list(parse_batches([])) == []


def test_random_streams_are_partitioned_within_the_limits():
    rng = random.Random(7)
    for _ in range(200):
        texts = ["x" * rng.choice([0, 1, 60, 2_000, 9_000, 30_000]) for _ in range(rng.randint(0, 60))]
        batches = list(parse_batches(texts))
        assert [t for b in batches for t in b] == texts
        for batch in batches:
            assert 1 <= len(batch) <= PIPE_BATCH
            assert len(batch) == 1 or sum(map(len, batch)) <= PIPE_CHARS
        for before, after in zip(batches, batches[1:]):  # greedy: the next text did not fit
            assert len(before) == PIPE_BATCH or sum(map(len, before)) + len(after[0]) > PIPE_CHARS
