"""The HTML main-text evaluation: its metric on literal texts, and a short real run."""

from __future__ import annotations

import pytest

from newsfacts.evaluation import Score
from newsfacts.evaluation.extraction import BENCHMARK, HALVES, bag_of_words, evaluate, half_task, page_pr


def test_bag_of_words_is_lower_cased_word_tokens_with_counts():
    assert bag_of_words("The cat’s hat, the CAT.") == {"the": 2, "cat": 2, "s": 1, "hat": 1}


def test_page_precision_and_recall_use_multiset_overlap():
    # predicted: the x3, cat, menu; gold: the x2, cat, sat -> shared: the x2, cat
    assert page_pr("the the the cat menu", "the cat sat the") == (3 / 5, 3 / 4)


def test_empty_extraction_scores_zero_not_an_error():
    assert page_pr("", "the cat sat") == (0.0, 0.0)


@pytest.mark.skipif(not (BENCHMARK / "ground-truth.json").exists(), reason="article_extraction corpus not present")
def test_evaluate_scores_both_systems_on_the_same_pages():
    scores = evaluate(limit=10)
    assert [(s.task, s.system) for s in scores] == [
        (half_task(h), system) for h in HALVES for system in ("trafilatura (baseline)", "newsfacts reader+cleaner")]
    baseline_dev, ours_dev, baseline_held, ours_held = scores
    assert baseline_dev.n_gold == ours_dev.n_gold and baseline_held.n_gold == ours_held.n_gold
    assert ours_dev.n_gold + ours_held.n_gold == 10
    for baseline, ours in ((baseline_dev, ours_dev), (baseline_held, ours_held)):
        assert isinstance(ours, Score) and ours.n_pred == ours.n_gold
        # The cleaner only removes boilerplate: it must not lose what trafilatura found.
        assert ours.recall >= baseline.recall - 0.01
        assert ours.f1 == pytest.approx(2 * ours.precision * ours.recall / (ours.precision + ours.recall))
