"""TimeBank scoring: one-to-one overlap alignment, strict/relaxed/value counts, the fixed split."""

from __future__ import annotations

from newsfacts.evaluation.timebank import Counts, Mention, align, count, is_dev, is_relative_date, scores


def m(start, end, text, value, typ="DATE"):
    return Mention(start, end, text, typ, value)


GOLD = [m(0, 6, "Friday", "2017-03-10"), m(20, 29, "last week", "2017-W10"), m(40, 44, "2011", "2011")]


def test_counts_strict_relaxed_value_and_relative():
    pred = [m(0, 6, "Friday", "2017-03-10"), m(25, 29, "week", "P1W", "DURATION"), m(50, 53, "now", "PRESENT_REF")]
    c = count(GOLD, pred)
    assert (c.n_gold, c.n_pred, c.strict, c.relaxed, c.value, c.type_ok) == (3, 3, 1, 2, 1, 1)
    assert (c.relative_gold, c.relative_ok) == (1, 1)


def test_alignment_is_one_to_one_largest_overlap_first():
    pred = [m(18, 29, "x last week", "2017-W10"), m(20, 24, "last", "X")]
    assert align(GOLD, pred) == [(GOLD[1], pred[0])]


def test_relative_dates_are_full_dates_without_a_written_year():
    assert is_relative_date(GOLD[0]) and not is_relative_date(m(0, 13, "March 3, 2011", "2011-03-03"))
    assert not is_relative_date(GOLD[1])


def test_split_is_fixed_by_the_id():
    assert [is_dev(i) for i in ("ABC19980108.1830.0711", "wsj_0006")] == [True, False]


def test_score_lines_per_half():
    lines = scores("dev", Counts(n_gold=10, n_pred=8, strict=6, relaxed=8, value=7, type_ok=8, relative_gold=4, relative_ok=3))
    assert [round(s.f1, 3) for s in lines[:3]] == [0.667, 0.889, 0.778]
    assert lines[3].recall == 0.75 and lines[3].note.startswith("3/4")


def test_per_type_lines_name_their_half_and_count_only_that_type():
    from newsfacts.evaluation.timebank import per_type

    gold = [[m(0, 6, "Friday", "2017-03-10"), m(10, 17, "3 years", "P3Y", "DURATION")]]
    pred = [[m(0, 6, "Friday", "2017-03-10"), m(10, 17, "3 years", "P2Y", "DURATION")]]
    lines = {s.task.rsplit(", ", 1)[1]: s for s in per_type(gold, pred, "held-back")}
    assert all(", held-back, " in s.task for s in lines.values())
    assert lines["DATE"].f1 == 1.0 and lines["DURATION"].f1 == 0.0 and lines["DURATION"].note == "relaxed span F1 1.000"
