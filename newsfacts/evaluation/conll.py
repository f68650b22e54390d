"""Named-entity accuracy on CoNLL-2003 ``eng.testa`` (English development split).

Each CoNLL document becomes one text (tokens joined by spaces, one sentence a
line), so that document-level rules such as canonical names see the whole
article. Gold and predicted PER / ORG / LOC mentions of a document are compared
as multisets of ``(type, text)``; MISC and every other spaCy label are ignored.
Micro precision, recall and F1 over all documents.

The file's documents are split by position into a development half and a
held-back half (:func:`split_halves`); every system is reported on both and on
the whole file. The trained ``conll_ner`` component (:mod:`newsfacts.ner`) was
trained on ``eng.train`` and selected on the development half only.

Run: ``python -m newsfacts.evaluation.conll [--limit N]``
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence, TypeVar

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


def iob1_runs(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Token runs ``(start, end, type)`` of one sentence tagged in IOB1
    (``I-X`` continues a run of X; ``B-X`` starts one).

    >>> iob1_runs(["I-PER", "I-PER", "O", "I-ORG", "B-ORG"])
    [(0, 2, 'PER'), (3, 4, 'ORG'), (4, 5, 'ORG')]
    """
    runs: list[tuple[int, int, str]] = []
    start: int | None = None
    current_type: str | None = None
    for i, tag in enumerate(tags):
        prefix, _, typ = tag.partition("-")
        continues = prefix == "I" and typ == current_type
        if start is not None and not continues:
            runs.append((start, i, current_type))
            start, current_type = None, None
        if prefix in ("I", "B") and start is None:
            start, current_type = i, typ
    if start is not None:
        runs.append((start, len(tags), current_type))
    return runs


def iob1_mentions(tokens: list[str], tags: list[str]) -> list[Mention]:
    """Mentions of one sentence tagged in IOB1, as ``(type, text)``.

    >>> iob1_mentions(["Phil", "Simmons", "of", "Leicestershire"], ["I-PER", "I-PER", "O", "I-ORG"])
    [('PER', 'Phil Simmons'), ('ORG', 'Leicestershire')]
    """
    return [(typ, " ".join(tokens[start:end])) for start, end, typ in iob1_runs(tags)]


Sentence = tuple[list[str], list[str]]  # (tokens, IOB1 tags)


def conll_documents(lines: Iterable[str]) -> Iterator[list[Sentence]]:
    """Documents of a CoNLL-2003 file given as lines (``token POS chunk NER``), as sentences.

    Blank lines end sentences; ``-DOCSTART-`` lines end documents (wherever
    they are, so a file whose first DOCSTART was moved to the end still works).
    Empty documents are skipped.

    >>> [len(d) for d in conll_documents(["A NN O O", "", "B NN O O", "-DOCSTART- -X- -X- O", "C NN O O"])]
    [2, 1]
    """
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    for line in lines:
        parts = line.split()
        if parts and parts[0] != DOCSTART:
            tokens.append(parts[0])
            tags.append(parts[-1])
            continue
        if tokens:
            sentences.append((tokens, tags))
            tokens, tags = [], []
        if parts and sentences:  # a DOCSTART line ends the document
            yield sentences
            sentences = []
    if tokens:
        sentences.append((tokens, tags))
    if sentences:
        yield sentences


def document_text(sentences: Sequence[Sentence]) -> str:
    """The text a CoNLL document is scored on: tokens joined by spaces, one sentence a line."""
    return "\n".join(" ".join(tokens) for tokens, _ in sentences)


def iob1_char_spans(sentences: Sequence[Sentence]) -> list[tuple[int, int, str]]:
    """Every gold mention (MISC included) as ``(start_char, end_char, type)`` in :func:`document_text`.

    >>> iob1_char_spans([(["Ann", "left"], ["I-PER", "O"]), (["Oslo"], ["I-LOC"])])
    [(0, 3, 'PER'), (9, 13, 'LOC')]
    """
    spans: list[tuple[int, int, str]] = []
    offset = 0
    for tokens, tags in sentences:
        starts = []
        for token in tokens:
            starts.append(offset)
            offset += len(token) + 1
        for start, end, typ in iob1_runs(tags):
            spans.append((starts[start], starts[end - 1] + len(tokens[end - 1]), typ))
    return spans


def parse_conll(lines: Iterable[str]) -> Iterator[ConllDoc]:
    """Documents of a CoNLL-2003 file with their scored (PER/ORG/LOC) gold mentions.

    See :func:`conll_documents` for the file format.
    """
    for sentences in conll_documents(lines):
        gold = [m for tokens, tags in sentences for m in iob1_mentions(tokens, tags) if m[0] in SCORED_TYPES]
        yield ConllDoc(document_text(sentences), tuple(gold))


T = TypeVar("T")


def split_halves(docs: Sequence[T]) -> tuple[list[T], list[T]]:
    """Development half (even positions) and held-back half (odd positions) of a file's documents.

    The split is by position in the file, so it is the same on every machine. The
    trained entity component is selected on the development half only.

    >>> split_halves(["d0", "d1", "d2", "d3", "d4"])
    (['d0', 'd2', 'd4'], ['d1', 'd3'])
    """
    return list(docs[0::2]), list(docs[1::2])


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


def predict(nlp, docs: Sequence[ConllDoc], *, batch_size: int = 16) -> list[list[Mention]]:
    """Predicted PER/ORG/LOC mentions of each document."""
    disable = [name for name in NOT_NEEDED if name in nlp.pipe_names]
    with nlp.select_pipes(disable=disable):
        return [predicted_mentions(d) for d in nlp.pipe((c.text for c in docs), batch_size=batch_size)]


def run_system(nlp, docs: list[ConllDoc], *, batch_size: int = 16) -> tuple[int, int, int]:
    predicted = predict(nlp, docs, batch_size=batch_size)
    return score_mentions((c.gold, p) for c, p in zip(docs, predicted))


def _score(system: str, counts: tuple[int, int, int], note: str = "", *, task: str = TASK) -> Score:
    tp, n_pred, n_gold = counts
    p, r, f = prf(tp, n_pred, n_gold)
    return Score(task, system, p, r, f, n_gold, n_pred, note)


def _systems():
    """``(name, loader)`` of the compared pipelines, baseline first."""
    from newsfacts.nlp import load_nlp, load_raw_nlp

    return [
        ("en_core_web_sm (baseline)", lambda: load_raw_nlp(conll_ner=False)),
        ("newsfacts rules only", lambda: load_nlp(facts=False, conll_ner=False)),
        ("conll_ner component only", lambda: load_raw_nlp(conll_ner=True)),
        ("newsfacts (conll_ner + rules)", lambda: load_nlp(facts=False)),
    ]


def evaluate(*, limit: int | None = None) -> list[Score]:
    """Every system on the development half, the held-back half and the whole of eng.testa.

    Systems: raw en_core_web_sm (baseline), newsfacts' rules on it, the trained
    ``conll_ner`` component alone, and newsfacts (the component plus the rules).
    The halves are :func:`split_halves` of the file's documents; the trained
    component was selected on the development half only.

    Args:
        limit: score only the first ``limit`` documents (before the split).

    Returns:
        One score per system and part: development half, held-back half, whole file.
    """
    docs = load_docs(limit=limit)
    predicted = {name: predict(loader(), docs) for name, loader in _systems()}
    parts = {"dev half": lambda xs: split_halves(xs)[0], "held-back half": lambda xs: split_halves(xs)[1],
             "whole file": list}
    scores: list[Score] = []
    for part, select in parts.items():
        task = f"{TASK}, {part}"
        half_docs = select(docs)
        base_f1 = None
        for name, preds in predicted.items():
            half_preds = select(preds)
            counts = score_mentions((c.gold, p) for c, p in zip(half_docs, half_preds))
            score = _score(name, counts, task=task)
            base_f1 = score.f1 if base_f1 is None else base_f1
            note = f"{len(half_docs)} docs" if name.endswith("(baseline)") else f"F1 {score.f1 - base_f1:+.3f} vs baseline"
            scores.append(Score(score.task, name, score.precision, score.recall, score.f1, score.n_gold, score.n_pred, note))
    return scores
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    args = parser.parse_args(argv)
    from newsfacts.evaluation.report import format_table

    print(format_table(evaluate(limit=args.limit)))


if __name__ == "__main__":
    main()
