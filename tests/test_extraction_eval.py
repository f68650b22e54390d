"""The HTML main-text evaluation: its metric on literal texts, and a short real run."""

from __future__ import annotations

import pytest

from newsfacts.evaluation import Score
from newsfacts.evaluation.extraction import BENCHMARK, TASK, bag_of_words, evaluate, page_pr


def test_bag_of_words_is_lower_cased_word_tokens_with_counts():
    assert bag_of_words("The cat’s hat, the CAT.") == {"the": 2, "cat": 2, "s": 1, "hat": 1}


def test_page_precision_and_recall_use_multiset_overlap():
    # predicted: the x3, cat, menu; gold: the x2, cat, sat -> shared: the x2, cat
    assert page_pr("the the the cat menu", "the cat sat the") == (3 / 5, 3 / 4)


def test_empty_extraction_scores_zero_not_an_error():
    assert page_pr("", "the cat sat") == (0.0, 0.0)


@pytest.mark.skipif(not (BENCHMARK / "ground-truth.json").exists(), reason="article_extraction corpus not present")
def test_evaluate_scores_both_systems_on_the_same_pages():
    baseline, ours = evaluate(limit=5)
    assert (baseline.task, baseline.system, baseline.n_gold) == (TASK, "trafilatura (baseline)", 5)
    assert (ours.task, ours.system, ours.n_gold) == (TASK, "newsfacts reader+cleaner", 5)
    assert isinstance(ours, Score) and ours.n_pred == 5
    # The cleaner only removes boilerplate: it must not lose what trafilatura found.
    assert ours.recall >= baseline.recall - 0.01
    assert ours.precision >= baseline.precision
    assert ours.f1 == pytest.approx(2 * ours.precision * ours.recall / (ours.precision + ours.recall))
