"""Main-text extraction from HTML pages, against the article-extraction benchmark.

Gold: ``corpora/article_extraction`` (scrapinghub article-extraction-benchmark):
``html/<id>.html.gz`` pages and ``ground-truth.json`` ``{id: {articleBody, url}}``.

Metric: bag of lower-cased word tokens (``\\w+``) of the extracted text against
the gold body; per page precision = shared tokens / extracted tokens, recall =
shared tokens / gold tokens (multiset intersection); both averaged over the
pages, F1 from the two averages. A page with no extraction counts 0 / 0.

Systems, in one run over the same pages:

- ``trafilatura (baseline)``: ``trafilatura.extract(html)`` with its defaults.
- ``newsfacts reader+cleaner``: ``iter_inputs`` on the ``.html.gz`` file, then
  ``clean_article``; the body (``text``) is scored, the title is not.

Each system is scored on two halves of the pages, split by a hash of the page id
(:func:`half_of`): the development half and the held-back half.

Run: ``python -m newsfacts.evaluation.extraction [--limit N]``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

from newsfacts.clean import clean_article
from newsfacts.errors import InputError
from newsfacts.evaluation import CORPORA, Score
from newsfacts.readers import iter_inputs
from newsfacts.records import Quarantined

BENCHMARK = CORPORA / "article_extraction"
TASK = "HTML main text (article-extraction-benchmark, bag of words)"
HALVES = ("development", "held-back")


def half_of(page_id: str) -> str:
    """The half a page belongs to, from a hash of its id (stable across runs).

    >>> half_of("0a1b") in HALVES
    True
    """
    return HALVES[hashlib.sha1(page_id.encode("utf-8")).digest()[0] % 2]


def half_task(half: str) -> str:
    """The task name of one half.

    >>> half_task("held-back")
    'HTML main text (article-extraction-benchmark, held-back half, bag of words)'
    """
    return TASK.replace("benchmark,", f"benchmark, {half} half,")

_WORD = re.compile(r"\w+")


def bag_of_words(text: str) -> Counter[str]:
    """Lower-cased word tokens with their counts.

    >>> sorted(bag_of_words("The cat, the hat.").items())
    [('cat', 1), ('hat', 1), ('the', 2)]
    """
    return Counter(_WORD.findall(text.lower()))


def page_pr(predicted: str, gold: str) -> tuple[float, float]:
    """Bag-of-words precision and recall of one page (0.0 where undefined).

    >>> page_pr("the cat sat", "the cat sat down")
    (1.0, 0.75)
    """
    pred, ref = bag_of_words(predicted), bag_of_words(gold)
    shared = sum((pred & ref).values())
    n_pred, n_gold = sum(pred.values()), sum(ref.values())
    return (shared / n_pred if n_pred else 0.0, shared / n_gold if n_gold else 0.0)


def _trafilatura(path: Path) -> str:
    with gzip.open(path, "rb") as fh:
        return trafilatura.extract(fh.read()) or ""


def _newsfacts(path: Path) -> str:
    (item,) = list(iter_inputs([path]))
    if isinstance(item, Quarantined):
        return ""
    try:
        return clean_article(item).text
    except InputError:
        return ""


def _pages(limit: int | None) -> list[tuple[Path, str]]:
    truth = json.loads((BENCHMARK / "ground-truth.json").read_text(encoding="utf-8"))
    pages = [
        (BENCHMARK / "html" / f"{page_id}.html.gz", entry["articleBody"])
        for page_id, entry in sorted(truth.items())
        if (BENCHMARK / "html" / f"{page_id}.html.gz").exists()
    ]
    return pages[:limit] if limit is not None else pages


def _score(system: str, extract: Callable[[Path], str], pages: list[tuple[Path, str]], *, task: str = TASK) -> Score:
    prs = [page_pr(extract(path), gold) for path, gold in pages]
    n = max(len(prs), 1)
    p = sum(pr[0] for pr in prs) / n
    r = sum(pr[1] for pr in prs) / n
    f = 2 * p * r / (p + r) if p + r else 0.0
    empty = sum(1 for pr in prs if pr == (0.0, 0.0))
    return Score(
        task=task,
        system=system,
        precision=p,
        recall=r,
        f1=f,
        n_gold=len(pages),
        n_pred=len(pages) - empty,
        note="P and R averaged over pages, F1 of the averages; n = pages",
    )


def evaluate(*, limit: int | None = None) -> list[Score]:
    """Score trafilatura alone and our reader+cleaner on the same benchmark pages.

    Args:
        limit: only the first ``limit`` pages (sorted by id).

    Returns:
        For each half (development, then held-back): the trafilatura baseline, then
        newsfacts. Empty when the benchmark is not present.
    """
    if not (BENCHMARK / "ground-truth.json").exists():
        return []
    pages = _pages(limit)
    scores = []
    for half in HALVES:
        part = [(path, gold) for path, gold in pages if half_of(path.name.split(".")[0]) == half]
        scores.append(_score("trafilatura (baseline)", _trafilatura, part, task=half_task(half)))
        scores.append(_score("newsfacts reader+cleaner", _newsfacts, part, task=half_task(half)))
    return scores


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="HTML main-text extraction vs the article-extraction benchmark. "
        "Example: python -m newsfacts.evaluation.extraction --limit 20"
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    args = parser.parse_args(argv)
    scores = evaluate(limit=args.limit)
    if not scores:
        raise SystemExit(f"benchmark not found under {BENCHMARK} (set NEWSFACTS_SHARED)")
    print(f"{'half':12} {'system':28} {'P':>6} {'R':>6} {'F1':>6} {'pages':>6} {'non-empty':>9}")
    for s in scores:
        half = next(h for h in HALVES if f" {h} half" in s.task)
        print(f"{half:12} {s.system:28} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.n_gold:6d} {s.n_pred:9d}")


if __name__ == "__main__":
    main()
