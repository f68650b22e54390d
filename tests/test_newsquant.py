"""The NewsQuant scoring rules, and one small real run beside quantulum3."""

import math

import pytest

from newsfacts.evaluation.newsquant import (
    HALVES,
    TASK_UNIT,
    TASK_VALUE,
    Errors,
    Gold,
    Predicted,
    count_matches,
    evaluate,
    gold_values,
    half_of,
    half_task,
    score,
    sentence_errors,
    unit_words,
)
from tests.conftest import shared_path


@pytest.mark.parametrize(
    ("value", "expected"),
    [("310000.0", (310000.0,)), ("252.0-287.0", (252.0, 287.0)), ("3.0 - 4.0", (3.0, 4.0)),
     ("-1.4", (-1.4,)), ("1.99E-29", (1.99e-29,)), ("n/a", ())],
)
def test_gold_values(value, expected):
    assert gold_values(value) == expected


@pytest.mark.parametrize(
    ("gold_unit", "predicted", "match"),
    [("$", "USD", True), ("US$ per barrel", "USD", True), ("percent", "percent", True),
     ("%", "percent", True), ("miles per hour", "mph", True), ("year-old", "years old", True),
     ("workers", "workers", True), ("first-team players", "players", True),
     ("miles", "km", False), ("$", "percent", False), ("per", "mile per hour", False),
     # one unit, other spellings: "per cent" is percent (not "cent"); p pence; hp/bhp/horsepower
     ("per cent", "percent", True), ("cents", "percent", False), ("p", "pence", True),
     ("bhp", "hp", True), ("horsepower", "hp", True), ("g", "gram", True), ("gigapascals", "GPa", True),
     ("″", "inch", True)],
)
def test_unit_words_compare_spellings_of_one_unit(gold_unit, predicted, match):
    assert bool(unit_words(gold_unit) & unit_words(predicted)) is match


def test_each_gold_quantity_is_matched_at_most_once():
    golds = [Gold((12.0,), "people"), Gold((12.0,), "soldiers")]
    preds = [Predicted(12.0, "people", False)]
    assert count_matches(golds, preds, with_unit=False) == 1


def test_a_gold_range_is_matched_by_either_end():
    golds = [Gold((252.0, 287.0), "miles")]
    assert count_matches(golds, [Predicted(287.0, "mile", True)], with_unit=True) == 1
    assert count_matches(golds, [Predicted(260.0, "mile", True)], with_unit=False) == 0


def test_no_gold_unit_is_matched_by_a_prediction_without_unit():
    golds = [Gold((73.0,), "-")]
    assert count_matches(golds, [Predicted(73.0, None, False)], with_unit=True) == 1
    assert count_matches(golds, [Predicted(73.0, "percent", True)], with_unit=True) == 0


def test_score_counts_precision_and_recall_over_all_quantities():
    golds = [[Gold((1.0,), "$"), Gold((2.0,), "%")], [Gold((3.0,), "miles")]]
    preds = [[Predicted(1.0, "USD", True), Predicted(2.0, "USD", True)], [Predicted(9.0, None, False)]]
    value, unit = score("x", golds, preds)
    assert (value.task, value.precision, value.recall) == (TASK_VALUE, 2 / 3, 2 / 3)
    assert (unit.task, unit.precision, unit.recall) == (TASK_UNIT, 1 / 3, 1 / 3)


def test_halves_are_a_stable_split_of_the_sentences():
    texts = [f"Sentence number {i} of the set." for i in range(200)]
    halves = [half_of(t) for t in texts]
    assert halves == [half_of(t) for t in texts]  # deterministic
    assert 60 < halves.count("development") < 140 and set(halves) == set(HALVES)


def test_half_scores_carry_the_half_in_the_task():
    value, unit = score("x", [[Gold((1.0,), "$")]], [[Predicted(1.0, "USD", True)]], half="held-back")
    assert value.task == half_task(TASK_VALUE, "held-back") == "numeric facts (NewsQuant dev, held-back half, value)"
    assert unit.f1 == 1.0


@pytest.mark.parametrize(
    ("golds", "preds", "expected"),
    [
        ([Gold((5.0,), "%")], [], Errors(1, 0, 0, 0)),
        ([], [Predicted(5.0, None, False)], Errors(0, 1, 0, 0)),
        ([Gold((5.0,), "%")], [Predicted(6.0, "percent", True)], Errors(0, 0, 1, 0)),
        ([Gold((5.0,), "%")], [Predicted(5.0, "USD", True)], Errors(0, 0, 0, 1)),
        ([Gold((5.0,), "%")], [Predicted(5.0, "percent", True)], Errors(0, 0, 0, 0)),
    ],
)
def test_error_kinds(golds, preds, expected):
    assert sentence_errors(golds, preds) == expected


@pytest.mark.slow
def test_newsfacts_beats_quantulum3_on_the_first_sentences():
    shared_path("corpora", "newsquant", "newsquant_dev.json")
    scores = {(s.task, s.system): s for s in evaluate(limit=60)}
    for half in HALVES:
        value, unit = half_task(TASK_VALUE, half), half_task(TASK_UNIT, half)
        ours, base = scores[(value, "newsfacts")], scores[(value, "quantulum3 (baseline)")]
        assert ours.n_gold == base.n_gold > 0
        assert ours.f1 > base.f1
        assert scores[(unit, "newsfacts")].f1 > scores[(unit, "quantulum3 (baseline)")].f1
        assert math.isnan(scores[(value, "CQE (reported)")].precision)
        assert "errors: missed" in ours.note
