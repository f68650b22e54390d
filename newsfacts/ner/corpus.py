"""CoNLL-2003 as spaCy training data: one ``Doc`` per CoNLL document, tokenised like newsfacts.

Each document becomes the same text the evaluation scores (tokens joined by
spaces, one sentence a line), tokenised by en_core_web_sm's own tokenizer, so
the trained component sees at training time exactly the tokens it gets at run
time. Gold types are renamed to spaCy's labels (:data:`TRAIN_LABELS`).

Run: ``python -m newsfacts.ner.corpus OUT_DIR`` writes ``train.spacy`` (all of
``eng.train``) and ``dev.spacy`` (the development half of ``eng.testa``; the
held-back half is never used for training or model selection).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Iterable, Sequence

from spacy.tokens import Doc, DocBin
from spacy.util import filter_spans

from newsfacts.evaluation import CORPORA
from newsfacts.evaluation.conll import TESTA, Sentence, conll_documents, document_text, iob1_char_spans, split_halves

TRAIN = CORPORA / "conll2003" / "eng.train"

#: CoNLL type -> label the trained component predicts. CoNLL's LOC is mostly
#: countries and cities (spaCy's GPE); MISC is learned so that it can veto
#: the base model's PERSON/ORG/GPE on nationalities, events and the like.
TRAIN_LABELS: dict[str, str] = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE", "MISC": "MISC"}


def make_doc(nlp, sentences: Sequence[Sentence]) -> Doc:
    """One CoNLL document as a tokenised ``Doc`` with gold entities (labels per :data:`TRAIN_LABELS`).

    >>> import spacy
    >>> doc = make_doc(spacy.blank("en"), [(["Ann", "visited", "Oslo"], ["I-PER", "O", "I-LOC"])])
    >>> [(e.text, e.label_) for e in doc.ents]
    [('Ann', 'PERSON'), ('Oslo', 'GPE')]
    """
    doc = nlp.make_doc(document_text(sentences))
    spans = []
    for start, end, typ in iob1_char_spans(sentences):
        span = doc.char_span(start, end, label=TRAIN_LABELS[typ], alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.ents = filter_spans(spans)
    return doc


def to_docbin(nlp, documents: Iterable[Sequence[Sentence]]) -> DocBin:
    """A ``DocBin`` of :func:`make_doc` documents."""
    docbin = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"])
    for sentences in documents:
        docbin.add(make_doc(nlp, sentences))
    return docbin


def tokenizer_nlp():
    """A blank English pipeline with en_core_web_sm's verified tokenizer."""
    import spacy

    from newsfacts.nlp import verify_model

    nlp = spacy.blank("en")
    nlp.tokenizer.from_disk(verify_model() / "tokenizer")
    return nlp


def read(path: Path) -> list[list[Sentence]]:
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: the CoNLL-2003 corpus belongs in ../shared/corpora/conll2003")
    with open(path, encoding="utf-8") as fh:
        return list(conll_documents(fh))


def write_corpora(out: Path) -> dict[str, int]:
    """Write ``train.spacy`` and ``dev.spacy`` under ``out``.

    Returns:
        Documents written per file.
    """
    out.mkdir(parents=True, exist_ok=True)
    nlp = tokenizer_nlp()
    train = read(TRAIN)
    dev, _held_back = split_halves(read(TESTA))
    to_docbin(nlp, train).to_disk(out / "train.spacy")
    to_docbin(nlp, dev).to_disk(out / "dev.spacy")
    return {"train.spacy": len(train), "dev.spacy": len(dev)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="folder for train.spacy and dev.spacy")
    args = parser.parse_args(argv)
    for name, n in write_corpora(args.out).items():
        print(f"{args.out / name}: {n} documents")


if __name__ == "__main__":
    main()
