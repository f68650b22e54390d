"""Time expressions on TimeBank (TempEval-3 cleaned): strict and relaxed span F1, value F1,
relative dates resolved and a per-type breakdown, on a fixed development half and the
held-back rest, beside the published baselines.

``../shared/corpora/timebank/``: 183 news articles with 1,243 gold TIMEX3 expressions
(see its README). Scoring, TempEval-3 style:

- strict span: predicted and gold span identical;
- relaxed span: spans overlap (one-to-one, largest overlap first);
- value: a relaxed match whose TIMEX3 value equals the gold value (the headline);
- relative dates resolved: gold DATE values ``YYYY-MM-DD`` whose text has no four-digit year
  ("Friday", "yesterday", "March 3"), matched with the identical value.

The split is fixed by a hash of the document id (:func:`is_dev`): about 70 % of the
articles are the development half the grammar was tuned on; the rest is held back.

``python -m newsfacts.evaluation.timebank`` prints the table; ``python -m newsfacts.evaluation --only timebank`` too.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsfacts.evaluation import CORPORA, Score, prf

TIMEBANK = CORPORA / "timebank"
TASK = "time expressions (TimeBank)"
TYPES = ("DATE", "TIME", "DURATION", "SET")
DEV_SHARE = 7  # of 10 hash buckets

#: Published figures on the whole set (``../shared/corpora/timebank/README.md``): (system, relaxed, strict, value, resolved).
BASELINES: tuple[tuple[str, float, float, float | None, int | None], ...] = (
    ("HeidelTime (published)", 0.918, 0.852, 0.794, 283),
    ("spaCy DATE/TIME spans (published)", 0.889, 0.798, None, None),
    ("dateparser search_dates (published)", 0.551, 0.221, 0.109, 159),
    ("timexy (published)", 0.170, 0.070, 0.142, 0),
)


@dataclass(frozen=True)
class Mention:
    """One time expression of a document, gold or predicted."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class Doc:
    """A TimeBank document and its gold expressions."""

    doc_id: str
    text: str
    published_at: str | None
    gold: tuple[Mention, ...]


@dataclass(frozen=True)
class Counts:
    """Match counts over a set of documents."""

    n_gold: int = 0
    n_pred: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type_ok: int = 0
    relative_gold: int = 0
    relative_ok: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(*(a + b for a, b in zip(self.__dict__.values(), other.__dict__.values())))


def is_dev(doc_id: str) -> bool:
    """The fixed split: True for the development half (~70 %), by a hash of the id.

    >>> is_dev("ABC19980108.1830.0711"), is_dev("wsj_0006")
    (True, False)
    """
    return int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:8], 16) % 10 < DEV_SHARE


def load_docs(folder: Path = TIMEBANK) -> list[Doc]:
    """The documents with their gold expressions.

    Raises:
        FileNotFoundError: the corpus is not there.
    """
    texts = {r["id"]: r for r in _jsonl(folder / "timebank.jsonl")}
    docs = []
    for g in _jsonl(folder / "timebank.gold.jsonl"):
        gold = tuple(Mention(t["start"], t["end"], t["text"], t["type"], t["value"]) for t in g["timexes"])
        docs.append(Doc(g["id"], texts[g["id"]]["text"], g.get("published_at"), gold))
    return docs


def _jsonl(path: Path) -> Iterable[dict]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


_RELATIVE_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FOUR_DIGITS = re.compile(r"\d{4}")


def is_relative_date(m: Mention) -> bool:
    """A gold date only the publication date resolves ("Friday", "March 3")."""
    return m.type == "DATE" and bool(_RELATIVE_VALUE.match(m.value)) and not _FOUR_DIGITS.search(m.text)


def align(gold: Sequence[Mention], pred: Sequence[Mention]) -> list[tuple[Mention, Mention]]:
    """One-to-one pairs of overlapping gold and predicted spans, largest overlap first."""
    pairs = sorted(
        ((min(g.end, p.end) - max(g.start, p.start), gi, pi)
         for gi, g in enumerate(gold) for pi, p in enumerate(pred) if g.start < p.end and p.start < g.end),
        reverse=True,
    )
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gold[gi], pred[pi]))
    return out


def count(gold: Sequence[Mention], pred: Sequence[Mention]) -> Counts:
    """Match counts of one document."""
    pairs = align(gold, pred)
    return Counts(
        n_gold=len(gold), n_pred=len(pred),
        strict=sum(1 for g, p in pairs if (g.start, g.end) == (p.start, p.end)),
        relaxed=len(pairs),
        value=sum(1 for g, p in pairs if g.value == p.value),
        type_ok=sum(1 for g, p in pairs if g.type == p.type),
        relative_gold=sum(1 for g in gold if is_relative_date(g)),
        relative_ok=sum(1 for g, p in pairs if is_relative_date(g) and g.value == p.value),
    )


def timex_pipeline():
    """The verified model as shipped (its DATE/TIME entities and parse) with ``newsfacts_timex``:
    the time-expression part of the production pipeline, without the components that do not
    touch time expressions."""
    import spacy

    import newsfacts.timex  # noqa: F401  (registers the factory)
    from newsfacts.nlp import verify_model

    nlp = spacy.load(verify_model(), exclude=["senter"])
    nlp.add_pipe("newsfacts_paragraphs", before="parser")
    nlp.add_pipe("newsfacts_timex", after="ner")
    return nlp


def predict(nlp, docs: Sequence[Doc]) -> list[list[Mention]]:
    """The pipeline's time expressions for each document (publication date in ``doc._.dct``)."""
    from newsfacts.timex import SPANS_KEY, as_date

    made = []
    for d in docs:
        doc = nlp.make_doc(d.text)
        doc._.dct = as_date(d.published_at)
        made.append(doc)
    out = []
    for doc in nlp.pipe(made, batch_size=16):
        out.append([Mention(s.start_char, s.end_char, s.text, s._.timex.type, s._.timex.value)
                    for s in doc.spans[SPANS_KEY]])
    return out


def scores(name: str, c: Counts) -> list[Score]:
    """Table lines for one half: strict, relaxed, value, relative dates resolved."""
    lines = []
    for what, tp in (("strict span", c.strict), ("relaxed span", c.relaxed), ("value", c.value)):
        p, r, f = prf(tp, c.n_pred, c.n_gold)
        lines.append(Score(f"{TASK}, {name}, {what}", "newsfacts", p, r, f, c.n_gold, c.n_pred))
    resolved = c.relative_ok / c.relative_gold if c.relative_gold else 0.0
    lines.append(Score(f"{TASK}, {name}, relative dates resolved", "newsfacts", float("nan"), resolved, float("nan"),
                       c.relative_gold, c.relative_ok, f"{c.relative_ok}/{c.relative_gold}; type accuracy "
                       f"{c.type_ok / c.relaxed if c.relaxed else 0:.3f}"))
    return lines


def per_type(golds: Sequence[Sequence[Mention]], preds: Sequence[Sequence[Mention]], name: str = "all") -> list[Score]:
    """Value F1 per TIMEX3 type over the given documents (gold and predictions of that type), the
    relaxed span F1 of that type in the note; ``name`` is the half ("dev", "held-back", "all")."""
    lines = []
    for typ in TYPES:
        c = sum((count([g for g in gold if g.type == typ], [p for p in pred if p.type == typ])
                 for gold, pred in zip(golds, preds)), Counts())
        p, r, f = prf(c.value, c.n_pred, c.n_gold)
        lines.append(Score(f"{TASK}, {name}, value, {typ}", "newsfacts", p, r, f, c.n_gold, c.n_pred,
                           f"relaxed span F1 {prf(c.relaxed, c.n_pred, c.n_gold)[2]:.3f}"))
    return lines


def baseline_scores() -> list[Score]:
    """The published figures, as lines of the table (F1 only)."""
    nan = float("nan")
    lines = []
    for system, relaxed, strict, value, resolved in BASELINES:
        lines.append(Score(f"{TASK}, all, relaxed span", system, nan, nan, relaxed, 1243, 0, "published figure"))
        lines.append(Score(f"{TASK}, all, strict span", system, nan, nan, strict, 1243, 0, "published figure"))
        if value is not None:
            lines.append(Score(f"{TASK}, all, value", system, nan, nan, value, 1243, 0,
                               f"published figure; relative dates {resolved}/325"))
    return lines


def evaluate(*, limit: int | None = None, nlp=None) -> list[Score]:
    """Score the component on the development half, the held-back half and all of TimeBank.

    Args:
        limit: score only the first N documents (in file order).
        nlp: a pipeline with ``newsfacts_timex`` (default: :func:`timex_pipeline`).

    Returns:
        Table lines: per half strict/relaxed/value/relative, per-type value F1 per half and on all, then
        the baselines.
    """
    nlp = nlp or timex_pipeline()
    docs = load_docs()[:limit] if limit else load_docs()
    preds = predict(nlp, docs)
    halves = {"dev": Counts(), "held-back": Counts()}
    for d, pred in zip(docs, preds):
        half = "dev" if is_dev(d.doc_id) else "held-back"
        halves[half] = halves[half] + count(d.gold, pred)
    lines: list[Score] = []
    for name, c in (*halves.items(), ("all", halves["dev"] + halves["held-back"])):
        lines.extend(scores(name, c))
    for name, keep in (("dev", True), ("held-back", False)):
        half = [(d.gold, pred) for d, pred in zip(docs, preds) if is_dev(d.doc_id) == keep]
        lines.extend(per_type([g for g, _ in half], [p for _, p in half], name))
    lines.extend(per_type([d.gold for d in docs], preds))
    return lines + baseline_scores()


def errors(nlp, *, dev_only: bool = True) -> Iterable[str]:
    """Lines describing each miss, wrong value and spurious prediction (for development, dev half only)."""
    docs = [d for d in load_docs() if is_dev(d.doc_id) or not dev_only]
    for d, pred in zip(docs, predict(nlp, docs)):
        pairs = align(d.gold, pred)
        matched_g = {id(g) for g, _ in pairs}
        matched_p = {id(p) for _, p in pairs}
        for g, p in pairs:
            if g.value != p.value:
                yield f"VALUE {d.published_at} {g.text!r} gold {g.type} {g.value} | pred {p.text!r} {p.type} {p.value}"
        for g in d.gold:
            if id(g) not in matched_g:
                yield f"MISS  {d.published_at} {g.text!r} {g.type} {g.value} | {d.text[max(0, g.start - 40):g.end + 30]!r}"
        for p in pred:
            if id(p) not in matched_p:
                yield f"SPUR  {d.published_at} {p.text!r} {p.type} {p.value} | {d.text[max(0, p.start - 40):p.end + 30]!r}"


def main(argv: list[str] | None = None) -> int:
    """Print the table (``--errors`` prints the dev half's errors instead)."""
    from newsfacts.evaluation.report import format_table

    argv = sys.argv[1:] if argv is None else argv
    if "--errors" in argv:
        for line in errors(timex_pipeline()):
            print(line)
        return 0
    print(format_table(evaluate()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
