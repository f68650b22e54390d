"""Numeric facts against NewsQuant (Almasian et al., CQE, EMNLP 2023), dev half.

Scoring, per sentence: each gold quantity is matched at most once by a
predicted fact with the same numeric value (a gold range ``a-b`` is matched by
either end). Precision, recall and F1 are over all quantities of all sentences.
Then again, also requiring a word of the gold unit to appear in the predicted
unit or counted noun phrase. Words are compared lower-cased, singular, and
through one small table of spellings of the same unit (``$``/``dollars``/``USD``,
``%``/``per cent``, ``mph``/``miles per hour``) applied alike to every system;
a gold unit ``-`` (none) is matched by a prediction without a unit.

The sentences are split into two halves by a hash of their text
(:func:`half_of`, deterministic): the **development** half, which rules may be
tuned on, and the **held-back** half, which a rule must also improve to be kept.
Each half is scored alone, and newsfacts' line carries the error counts of that
half (:class:`Errors`: missed, spurious, wrong value, wrong unit).

The quantulum3 baseline is run in the same pass on the same sentences; CQE's
published figures are printed beside them as a quoted reference.

Run: ``python -m newsfacts.evaluation.newsquant [--limit N] [--errors development|held-back]``
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsfacts.evaluation import CORPORA, Score, prf

DEV_PATH = CORPORA / "newsquant" / "newsquant_dev.json"
TASK_VALUE = "numeric facts (NewsQuant dev, value)"
TASK_UNIT = "numeric facts (NewsQuant dev, value+unit)"
#: The two halves of NewsQuant dev: tuned on, and held back.
HALVES = ("development", "held-back")
#: CQE's published F1 on NewsQuant (value; value+unit), quoted, not run here.
CQE_REPORTED = (0.93, 0.885)

_DOLLAR = ("dollar",)
#: Spellings of one unit, to the words they are compared as.
UNIT_ALIASES: dict[str, tuple[str, ...]] = {
    "$": _DOLLAR, "us$": _DOLLAR, "usd": _DOLLAR, "dlrs": _DOLLAR, "dlr": _DOLLAR,
    "a$": _DOLLAR, "$a": _DOLLAR, "aud": _DOLLAR, "hk$": _DOLLAR, "hkd": _DOLLAR,
    "c$": _DOLLAR, "cad": _DOLLAR, "s$": _DOLLAR, "sgd": _DOLLAR, "nz$": _DOLLAR,
    "nzd": _DOLLAR, "dollars": _DOLLAR,
    "%": ("percent",), "pc": ("percent",), "pct": ("percent",), "percentage": ("percent",),
    "cent": ("cent",), "€": ("euro",), "eur": ("euro",), "£": ("pound",), "gbp": ("pound",),
    "sterling": ("pound",), "¥": ("yen",), "jpy": ("yen",), "rm": ("ringgit",),
    "myr": ("ringgit",), "ils": ("shekel",), "cny": ("yuan",), "inr": ("rupee",),
    "ps": ("pound",), "y": ("yen",), "y=": ("yen",),  # newswire renderings of £ and ¥
    "km": ("kilometre",), "kilometer": ("kilometre",), "meter": ("metre",), "m": ("metre",),
    "mm": ("millimetre",), "millimeter": ("millimetre",), "cm": ("centimetre",), "centimeter": ("centimetre",),
    "feet": ("foot",), "ft": ("foot",), "inches": ("inch",), "in": ("inch",),
    "kg": ("kilogram",), "kilo": ("kilogram",), "lb": ("pound",), "lbs": ("pound",),
    "mph": ("mile", "hour"), "km/h": ("kilometre", "hour"), "kph": ("kilometre", "hour"),
    "kmh": ("kilometre", "hour"), "h": ("hour",), "hr": ("hour",), "min": ("minute",),
    "sec": ("second",), "yr": ("year",), "liter": ("litre",), "tonne": ("ton",),
    "kw": ("kilowatt",), "mw": ("megawatt",), "gw": ("gigawatt",), "w": ("watt",),
    "hp": ("horsepower",), "bhp": ("horsepower",), "gpa": ("gigapascal",), "nm": ("nanometre",),
    "nanometer": ("nanometre",), "p": ("pence",), "g": ("gram",), "penny": ("pence",), "″": ("inch",),
}
_STOP = {"per", "of", "a", "an", "the", "-", "in", "on", "to", "and", "or"}
_WORD = re.compile(r"[a-zμ]+\$|\$[a-z]*|km/h|[a-zμ]+|[€£¥%″]")
#: "per cent" is one word of the unit (percent), not "cent" after a stop word.
_PER_CENT = re.compile(r"\bper\s+cent\b")


def unit_words(text: str | None) -> set[str]:
    """The comparable words of a unit or counted phrase.

    >>> sorted(unit_words("US$ per barrel"))
    ['barrel', 'dollar']
    >>> sorted(unit_words("miles per hour")) == sorted(unit_words("mph"))
    True
    >>> unit_words("per cent") == unit_words("percent") == unit_words("%")
    True
    """
    words: set[str] = set()
    for word in _WORD.findall(_PER_CENT.sub("percent", (text or "").lower())):
        if word in _STOP:
            continue
        if word in UNIT_ALIASES:
            words.update(UNIT_ALIASES[word])
            continue
        if word.endswith("ies") and len(word) > 4:
            word = word[:-3] + "y"
        elif word.endswith("s") and len(word) > 3 and not word.endswith("ss"):
            word = word[:-1]
        words.update(UNIT_ALIASES.get(word, (word,)))
    return words


def gold_values(value: str) -> tuple[float, ...]:
    """The values a gold quantity is matched by: one number, or both ends of a range.

    >>> gold_values("252.0-287.0")
    (252.0, 287.0)
    >>> gold_values("-1.4")
    (-1.4,)
    """
    try:
        return (float(value),)
    except ValueError:
        pass
    match = re.fullmatch(r"\s*(-?[\d.]+(?:[eE][-+]?\d+)?)\s*-\s*(-?[\d.]+(?:[eE][-+]?\d+)?)\s*", value)
    if match:
        return float(match[1]), float(match[2])
    return ()


def half_of(text: str) -> str:
    """The half a sentence belongs to, from a hash of its text (stable across runs and machines).

    >>> half_of("Exports rose 5% in March.") in HALVES
    True
    """
    digest = hashlib.sha1(text.encode("utf-8")).digest()
    return HALVES[digest[0] % 2]


def half_task(task: str, half: str) -> str:
    """The task name of one half: ``numeric facts (NewsQuant dev, held-back half, value)``.

    >>> half_task(TASK_VALUE, "held-back")
    'numeric facts (NewsQuant dev, held-back half, value)'
    """
    return task.replace("NewsQuant dev,", f"NewsQuant dev, {half} half,")


def same_value(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


@dataclass(frozen=True)
class Gold:
    values: tuple[float, ...]
    unit: str


@dataclass(frozen=True)
class Predicted:
    value: float
    unit_text: str | None  # unit and counted phrase, space-joined; None when there is neither
    has_unit: bool


def load_newsquant(path: Path = DEV_PATH, *, limit: int | None = None) -> list[tuple[str, list[Gold]]]:
    """Sentences and gold quantities of the NewsQuant file (file I/O at the edge)."""
    with open(path, encoding="utf-8") as fh:
        items = json.load(fh)
    if limit is not None:
        items = items[:limit]
    return [
        (item["text"], [Gold(gold_values(q["value"]), q.get("unit") or "-") for q in item["quantities"]])
        for item in items
    ]


def unit_matches(gold: Gold, pred: Predicted) -> bool:
    """A word of the gold unit appears in the predicted unit or counted phrase."""
    if gold.unit.strip() in ("-", ""):
        return not pred.has_unit
    return bool(unit_words(gold.unit) & unit_words(pred.unit_text))


def count_matches(golds: Sequence[Gold], preds: Sequence[Predicted], *, with_unit: bool) -> int:
    """Gold quantities of one sentence matched, each prediction used at most once."""
    used: set[int] = set()
    hits = 0
    for gold in golds:
        for k, pred in enumerate(preds):
            if k in used or not any(same_value(v, pred.value) for v in gold.values):
                continue
            if with_unit and not unit_matches(gold, pred):
                continue
            used.add(k)
            hits += 1
            break
    return hits


def score(system: str, golds: Sequence[Sequence[Gold]], preds: Sequence[Sequence[Predicted]], *, note: str = "",
          half: str | None = None) -> list[Score]:
    """Value and value+unit scores of one system over all sentences (of one half, if named)."""
    n_gold = sum(len(g) for g in golds)
    n_pred = sum(len(p) for p in preds)
    out = []
    for task, with_unit in ((TASK_VALUE, False), (TASK_UNIT, True)):
        tp = sum(count_matches(g, p, with_unit=with_unit) for g, p in zip(golds, preds))
        p, r, f = prf(tp, n_pred, n_gold)
        out.append(Score(half_task(task, half) if half else task, system, p, r, f, n_gold, n_pred, note))
    return out


@dataclass(frozen=True)
class Errors:
    """What is left wrong, by kind. Within a sentence, a gold quantity and a prediction that
    both found no value match are paired as one *wrong value*; the gold quantities left over
    are *missed*, the predictions left over *spurious*; a value matched whose unit is not is a
    *wrong unit*."""

    missed: int
    spurious: int
    wrong_value: int
    wrong_unit: int

    def note(self) -> str:
        return (f"errors: missed {self.missed}, spurious {self.spurious}, "
                f"wrong value {self.wrong_value}, wrong unit {self.wrong_unit}")


def sentence_errors(golds: Sequence[Gold], preds: Sequence[Predicted]) -> Errors:
    """The errors of one sentence.

    >>> sentence_errors([Gold((5.0,), "%"), Gold((7.0,), "-")], [Predicted(5.0, "USD", True), Predicted(8.0, None, False)])
    Errors(missed=0, spurious=0, wrong_value=1, wrong_unit=1)
    """
    by_value = count_matches(golds, preds, with_unit=False)
    by_unit = count_matches(golds, preds, with_unit=True)
    gold_left, pred_left = len(golds) - by_value, len(preds) - by_value
    wrong_value = min(gold_left, pred_left)
    return Errors(gold_left - wrong_value, pred_left - wrong_value, wrong_value, max(by_value - by_unit, 0))


def count_errors(golds: Sequence[Sequence[Gold]], preds: Sequence[Sequence[Predicted]]) -> Errors:
    """The errors of all sentences, summed by kind."""
    each = [sentence_errors(g, p) for g, p in zip(golds, preds)]
    return Errors(*(sum(getattr(e, k) for e in each) for k in ("missed", "spurious", "wrong_value", "wrong_unit")))


def predict_newsfacts(texts: Iterable[str]) -> list[list[Predicted]]:
    """Our facts for each sentence (the pipeline with ``newsfacts_facts``, via nlp.pipe)."""
    from newsfacts.nlp import load_nlp

    nlp = load_nlp(entities=False)
    out = []
    for doc in nlp.pipe(texts, batch_size=64):
        preds = []
        for span in doc.spans["facts"]:
            fact = span._.fact
            text = " ".join(x for x in (fact.unit, fact.counted) if x)
            preds.append(Predicted(fact.value, text or None, fact.unit is not None))
        out.append(preds)
    return out


def predict_quantulum3(texts: Iterable[str]) -> list[list[Predicted]]:
    """quantulum3's quantities for each sentence: value and unit name."""
    from quantulum3 import parser

    out = []
    for text in texts:
        preds = []
        for q in parser.parse(text):
            name = q.unit.name if q.unit is not None else None
            has_unit = bool(name) and name != "dimensionless"
            preds.append(Predicted(float(q.value), name if has_unit else None, has_unit))
        out.append(preds)
    return out


def split_halves(n: int, texts: Sequence[str]) -> dict[str, list[int]]:
    """Indices of the sentences of each half, in file order."""
    return {half: [i for i in range(n) if half_of(texts[i]) == half] for half in HALVES}


def evaluate(*, limit: int | None = None) -> list[Score]:
    """Score newsfacts and the quantulum3 baseline on each half of NewsQuant dev; CQE quoted.

    Args:
        limit: only the first ``limit`` sentences (before the split into halves).
    """
    data = load_newsquant(limit=limit)
    texts = [t for t, _ in data]
    golds = [g for _, g in data]
    ours, base = predict_newsfacts(texts), predict_quantulum3(texts)
    scores: list[Score] = []
    for half, idx in split_halves(len(texts), texts).items():
        g, p = [golds[i] for i in idx], [ours[i] for i in idx]
        note = f"{len(idx)} sentences; {count_errors(g, p).note()}"
        scores += score("newsfacts", g, p, half=half, note=note)
        scores += score("quantulum3 (baseline)", g, [base[i] for i in idx], half=half, note=f"{len(idx)} sentences")
        n_gold = sum(len(x) for x in g)
        for task, f1 in zip((TASK_VALUE, TASK_UNIT), CQE_REPORTED):
            scores.append(Score(half_task(task, half), "CQE (reported)", math.nan, math.nan, f1, n_gold, 0,
                                "published F1 on all of NewsQuant; quoted, not run here"))
    return scores


def print_errors(half: str, *, limit: int | None = None) -> None:
    """Each sentence of one half that has an error, with its gold and predicted quantities."""
    data = load_newsquant(limit=limit)
    texts = [t for t, _ in data]
    preds = predict_newsfacts(texts)
    for i in split_halves(len(texts), texts)[half]:
        errors = sentence_errors(data[i][1], preds[i])
        if errors != Errors(0, 0, 0, 0):
            print(f"[{i}] {texts[i]}\n  gold: {[(g.values, g.unit) for g in data[i][1]]}\n"
                  f"  ours: {[(p.value, p.unit_text) for p in preds[i]]}\n  {errors.note()}")


def format_table(scores: Sequence[Score]) -> str:
    """The scores as a plain-text table, one line per task and system."""
    rows = [("task", "system", "P", "R", "F1", "gold", "pred", "note")]
    for s in sorted(scores, key=lambda s: (s.task, s.system != "newsfacts")):
        fmt = (lambda x: "-" if math.isnan(x) else f"{x:.3f}")
        rows.append((s.task, s.system, fmt(s.precision), fmt(s.recall), fmt(s.f1), str(s.n_gold), str(s.n_pred), s.note))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m newsfacts.evaluation.newsquant",
        description="Score numeric facts on NewsQuant dev beside quantulum3. Example: "
        "python -m newsfacts.evaluation.newsquant --limit 50",
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N sentences")
    parser.add_argument("--errors", choices=HALVES, default=None, help="list the sentences with errors in one half")
    args = parser.parse_args(argv)
    if args.errors:
        print_errors(args.errors, limit=args.limit)
        return
    print(format_table(evaluate(limit=args.limit)))


if __name__ == "__main__":
    main()
