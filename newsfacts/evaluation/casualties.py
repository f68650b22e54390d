"""Counts of people (casualties and other people counts) against our own hand-annotated sentences.

Gold: ``data/casualties_dev.jsonl`` and ``data/casualties_test.jsonl`` (see
``data/README.md``): one sentence a line, with every count of people in it as
``{"category", "value", "qualifier", "counted"}``; sentences with no count are
negatives. Dev and test come from different articles: dev is the
**development half** (the extractor's authors may read it), test the
**held-back half** (a rule is kept only if it helps there too; its figure is
the honest one).

Metric: each sentence is run through ``load_nlp()``; its predicted facts are
``doc.spans["facts"]`` with a people category (``schema.PEOPLE_CATEGORIES``).
A prediction matches a gold fact with the same category and value (each gold
fact matched once: multisets per sentence). Precision, recall and F1 overall
and per category, for each split.

Baseline: a keyword window (a number, then within a few words a harm word).

Run: ``python -m newsfacts.evaluation.casualties [--limit N] [--split dev|test] [--per-category] [--errors dev|test]``
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from newsfacts.evaluation import Score, prf
from newsfacts.schema import PEOPLE_CATEGORIES

DATA = Path(__file__).resolve().parent / "data"
SPLITS = ("dev", "test")
TASK = "people counts (casualties, {half} half, category+value)"
#: The half each split file is.
HALF = {"dev": "development", "test": "held-back"}

Key = tuple[str, float]  # (category, value)


def load_split(split: str, *, path: Path | None = None, limit: int | None = None) -> list[dict]:
    """The records of one split (``dev`` or ``test``).

    Raises:
        FileNotFoundError: the split's file is missing.
    """
    path = path or DATA / f"casualties_{split}.jsonl"
    with open(path, encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    return records[:limit] if limit else records


def gold_keys(record: dict) -> list[Key]:
    """``(category, value)`` of a record's gold people facts."""
    return [(f["category"], float(f["value"])) for f in record["facts"] if f["category"] in PEOPLE_CATEGORIES]


def predicted_keys(doc, *, spans_key: str = "facts") -> list[Key]:
    """``(category, value)`` of the people facts the extractor wrote on a Doc."""
    keys = []
    for span in doc.spans.get(spans_key, []):
        fact = span._.fact
        category = fact["category"] if isinstance(fact, dict) else fact.category
        value = fact["value"] if isinstance(fact, dict) else fact.value
        if category in PEOPLE_CATEGORIES and value is not None:
            keys.append((category, float(value)))
    return keys


def count_matches(pairs: Iterable[tuple[Sequence[Key], Sequence[Key]]]) -> dict[str, tuple[int, int, int]]:
    """``{category: (tp, n_pred, n_gold)}`` plus ``"all"``, over ``(gold, predicted)`` per sentence.

    >>> count_matches([([("killed", 3.0), ("wounded", 5.0)], [("killed", 3.0), ("killed", 5.0)])])["all"]
    (1, 2, 2)
    """
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    for gold, pred in pairs:
        g, p = Counter(gold), Counter(pred)
        for (cat, _), n in (g & p).items():
            tp[cat] += n
        for (cat, _), n in p.items():
            n_pred[cat] += n
        for (cat, _), n in g.items():
            n_gold[cat] += n
    out = {cat: (tp[cat], n_pred[cat], n_gold[cat]) for cat in PEOPLE_CATEGORIES if n_pred[cat] or n_gold[cat]}
    out["all"] = (sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    return out


# --------------------------------------------------------------------------- keyword baseline

_NUMBER = re.compile(
    r"\b(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"tens|dozens|scores|hundreds|thousands|millions)\b",
    re.I,
)
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "eleven": 11, "twelve": 12, "tens": 10, "dozens": 12, "scores": 20, "hundreds": 100,
          "thousands": 1000, "millions": 1e6}
_HARM = [
    (re.compile(r"\b(?:kill|dead|death|died|die|lives)", re.I), "killed"),
    (re.compile(r"\b(?:wound|injur|hurt)", re.I), "wounded"),
    (re.compile(r"\b(?:arrest|detain|held|jail|prisoner)", re.I), "detained"),
    (re.compile(r"\b(?:displac|refugee|fled)", re.I), "displaced"),
    (re.compile(r"\b(?:evacuat)", re.I), "evacuated"),
    (re.compile(r"\b(?:missing)", re.I), "missing"),
    (re.compile(r"\b(?:kidnap|abduct|hostage)", re.I), "kidnapped"),
    (re.compile(r"\b(?:casualt)", re.I), "casualties"),
]
WINDOW = 6  # words after the number


def baseline_keys(sentence: str) -> list[Key]:
    """A number and the nearest harm word among the next few words and the two before: ``(category, value)``.

    >>> baseline_keys("Bombs killed 12 people and wounded 30 others.")
    [('killed', 12.0), ('wounded', 30.0)]
    """
    keys = []
    for m in _NUMBER.finditer(sentence):
        word = m.group(1).lower()
        value = float(_WORDS.get(word, word)) if not word[0].isdigit() else float(word)
        if m.group(1)[0].isdigit() and 1900 <= value <= 2100:
            continue
        after = sentence[m.end():].split()[:WINDOW]
        before = sentence[: m.start()].split()[-2:][::-1]
        # The harm word nearest to the number wins; after the number before before it.
        candidates = [(d, 0, w) for d, w in enumerate(after)] + [(d, 1, w) for d, w in enumerate(before)]
        for _, _, word in sorted(candidates):
            category = next((c for pat, c in _HARM if pat.search(word)), None)
            if category:
                keys.append((category, value))
                break
    return keys


# --------------------------------------------------------------------------- evaluation


def score_split(split: str, nlp, *, limit: int | None = None, batch_size: int = 64) -> dict[str, dict]:
    """``{"newsfacts": counts, "baseline": counts}`` for one split (counts as in :func:`count_matches`)."""
    records = load_split(split, limit=limit)
    sentences = [r["sentence"] for r in records]
    gold = [gold_keys(r) for r in records]
    predicted = [predicted_keys(doc) for doc in nlp.pipe(sentences, batch_size=batch_size)]
    return {
        "newsfacts": count_matches(zip(gold, predicted)),
        "baseline": count_matches(zip(gold, (baseline_keys(s) for s in sentences))),
        "n_sentences": len(records),
    }


def _score(task: str, system: str, counts: tuple[int, int, int], note: str = "") -> Score:
    tp, n_pred, n_gold = counts
    p, r, f = prf(tp, n_pred, n_gold)
    return Score(task, system, p, r, f, n_gold, n_pred, note)


def evaluate(*, limit: int | None = None, per_category: bool = False, splits: Sequence[str] = SPLITS) -> list[Score]:
    """Keyword baseline and newsfacts on each split (overall, and per category if asked).

    Args:
        limit: score only the first ``limit`` sentences of each split.
        per_category: add one line per people category.
        splits: which splits.

    Raises:
        FileNotFoundError: a split's file is missing.
        ImportError: the facts extractor (``newsfacts.facts``) is not installed.
    """
    from newsfacts.nlp import load_nlp

    nlp = load_nlp()
    scores: list[Score] = []
    for split in splits:
        result = score_split(split, nlp, limit=limit)
        task = TASK.format(half=HALF[split])
        note = f"{result['n_sentences']} sentences"
        scores.append(_score(task, "keyword window (baseline)", result["baseline"]["all"], note))
        scores.append(_score(task, "newsfacts", result["newsfacts"]["all"], note))
        if per_category:
            for category, counts in result["newsfacts"].items():
                if category != "all":
                    scores.append(_score(task, f"newsfacts: {category}", counts))
    return scores


def print_errors(split: str, *, limit: int | None = None) -> None:
    """Each sentence of one split whose predicted people counts differ from the gold, with both."""
    from newsfacts.nlp import load_nlp

    records = load_split(split, limit=limit)
    docs = load_nlp().pipe([r["sentence"] for r in records], batch_size=64)
    for r, doc in zip(records, docs):
        gold, pred = Counter(gold_keys(r)), Counter(predicted_keys(doc))
        if gold != pred:
            print(f"{r['source']}: {r['sentence']}\n  missed: {sorted((gold - pred).elements())}"
                  f"\n  spurious: {sorted((pred - gold).elements())}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="first N sentences of each split")
    parser.add_argument("--split", choices=SPLITS, action="append", help="dev or test (default: both)")
    parser.add_argument("--per-category", action="store_true", help="one line per category too")
    parser.add_argument("--errors", choices=SPLITS, default=None, help="list the sentences with errors in one split")
    args = parser.parse_args(argv)
    if args.errors:
        print_errors(args.errors, limit=args.limit)
        return
    from newsfacts.evaluation.report import format_table

    print(format_table(evaluate(limit=args.limit, per_category=args.per_category, splits=args.split or SPLITS)))


if __name__ == "__main__":
    main()
