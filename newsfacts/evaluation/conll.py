"""Named-entity accuracy on CoNLL-2003 ``eng.testa`` (English development split).

Each CoNLL document becomes one text (tokens joined by spaces, one sentence a
line), so that document-level rules such as canonical names see the whole
article. Gold and predicted PER / ORG / LOC mentions of a document are compared
as multisets of ``(type, text)``; MISC and every other spaCy label are ignored.
Micro precision, recall and F1 over all documents.

Run: ``python -m newsfacts.evaluation.conll [--limit N]``
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from newsfacts.evaluation import CORPORA, Score, prf

TESTA = CORPORA / "conll2003" / "eng.testa"
TASK = "NER (CoNLL-2003 testa, PER/ORG/LOC mentions)"
DOCSTART = "-DOCSTART-"

#: spaCy label -> CoNLL type. Labels not listed are ignored.
LABEL_MAP: dict[str, str] = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
SCORED_TYPES = frozenset({"PER", "ORG", "LOC"})

Mention = tuple[str, str]  # (type, text)


@dataclass(frozen=True)
class ConllDoc:
    """One CoNLL document: its text and its gold PER/ORG/LOC mentions."""

    text: str
    gold: tuple[Mention, ...]


def iob1_mentions(tokens: list[str], tags: list[str]) -> list[Mention]:
    """Mentions of one sentence tagged in IOB1 (``I-X`` continues a run of X; ``B-X`` starts one).

    >>> iob1_mentions(["Phil", "Simmons", "of", "Leicestershire"], ["I-PER", "I-PER", "O", "I-ORG"])
    [('PER', 'Phil Simmons'), ('ORG', 'Leicestershire')]
    """
    mentions: list[Mention] = []
    current: list[str] = []
    current_type: str | None = None
    for token, tag in zip(tokens, tags):
        prefix, _, typ = tag.partition("-")
        continues = prefix == "I" and typ == current_type
        if current and not continues:
            mentions.append((current_type, " ".join(current)))
            current, current_type = [], None
        if prefix in ("I", "B"):
            current.append(token)
            current_type = typ
    if current:
        mentions.append((current_type, " ".join(current)))
    return mentions


def parse_conll(lines: Iterable[str]) -> Iterator[ConllDoc]:
    """Documents of a CoNLL-2003 file given as lines (``token POS chunk NER``).

    Blank lines end sentences; ``-DOCSTART-`` lines end documents (wherever
    they are, so a file whose first DOCSTART was moved to the end still works).
    Empty documents are skipped.
    """
    sentences: list[str] = []
    gold: list[Mention] = []
    tokens: list[str] = []
    tags: list[str] = []

    def end_sentence() -> None:
        if tokens:
            sentences.append(" ".join(tokens))
            gold.extend(m for m in iob1_mentions(tokens, tags) if m[0] in SCORED_TYPES)
            tokens.clear()
            tags.clear()

    for line in lines:
        parts = line.split()
        if not parts:
            end_sentence()
            continue
        if parts[0] == DOCSTART:
            end_sentence()
            if sentences:
                yield ConllDoc("\n".join(sentences), tuple(gold))
            sentences, gold = [], []
            continue
        tokens.append(parts[0])
        tags.append(parts[-1])
    end_sentence()
    if sentences:
        yield ConllDoc("\n".join(sentences), tuple(gold))


def predicted_mentions(doc) -> list[Mention]:
    """PER/ORG/LOC mentions of a spaCy Doc, labels mapped to CoNLL types."""
    return [(LABEL_MAP[e.label_], e.text) for e in doc.ents if e.label_ in LABEL_MAP]


def score_mentions(pairs: Iterable[tuple[Iterable[Mention], Iterable[Mention]]]) -> tuple[int, int, int]:
    """``(true positives, predicted, gold)`` over ``(gold, predicted)`` mention lists, as multisets per document.

    >>> score_mentions([([("PER", "Ann"), ("LOC", "Oslo")], [("PER", "Ann"), ("ORG", "Oslo")])])
    (1, 2, 2)
    """
    tp = n_pred = n_gold = 0
    for gold, pred in pairs:
        g, p = Counter(gold), Counter(pred)
        tp += sum((g & p).values())
        n_pred += sum(p.values())
        n_gold += sum(g.values())
    return tp, n_pred, n_gold


def load_docs(path: Path = TESTA, *, limit: int | None = None) -> list[ConllDoc]:
    with open(path, encoding="utf-8") as fh:
        docs = list(parse_conll(fh))
    return docs[:limit] if limit else docs


#: Components the NER does not need (the parser stays: our rules read the parse).
NOT_NEEDED = ("lemmatizer",)


def run_system(nlp, docs: list[ConllDoc], *, batch_size: int = 16) -> tuple[int, int, int]:
    disable = [name for name in NOT_NEEDED if name in nlp.pipe_names]
    with nlp.select_pipes(disable=disable):
        predicted = [predicted_mentions(d) for d in nlp.pipe((c.text for c in docs), batch_size=batch_size)]
    return score_mentions((c.gold, p) for c, p in zip(docs, predicted))


def _score(system: str, counts: tuple[int, int, int], note: str = "") -> Score:
    tp, n_pred, n_gold = counts
    p, r, f = prf(tp, n_pred, n_gold)
    return Score(TASK, system, p, r, f, n_gold, n_pred, note)


def evaluate(*, limit: int | None = None) -> list[Score]:
    """Raw spaCy (baseline) and newsfacts (raw + ``newsfacts_entities``) on eng.testa.

    Args:
        limit: score only the first ``limit`` documents.

    Returns:
        ``[baseline, newsfacts]``.
    """
    from newsfacts.nlp import load_nlp, load_raw_nlp

    docs = load_docs(limit=limit)
    raw = run_system(load_raw_nlp(), docs)
    ours = run_system(load_nlp(facts=False), docs)
    base = _score("en_core_web_sm (baseline)", raw)
    new = _score("newsfacts", ours)
    gain = f"F1 {new.f1 - base.f1:+.3f} vs baseline; {len(docs)} docs"
    return [base, Score(new.task, new.system, new.precision, new.recall, new.f1, new.n_gold, new.n_pred, gain)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    args = parser.parse_args(argv)
    from newsfacts.evaluation.report import format_table

    print(format_table(evaluate(limit=args.limit)))


if __name__ == "__main__":
    main()
