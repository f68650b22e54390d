"""CoNLL-2003 NER scorer: reading IOB1 files and multiset scoring, on literal inputs."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from newsfacts.evaluation import prf
from newsfacts.evaluation.conll import (
    ConllDoc,
    conll_documents,
    document_text,
    iob1_char_spans,
    iob1_mentions,
    iob1_runs,
    parse_conll,
    predicted_mentions,
    score_mentions,
    split_halves,
)

SAMPLE = """\
CRICKET NNP I-NP O
- : O O
LEICESTERSHIRE NNP I-NP I-ORG
WIN NNP I-NP O

LONDON NNP I-NP I-LOC
1996-08-30 CD I-NP O

-DOCSTART- -X- -X- O

Phil NNP I-NP I-PER
Simmons NNP I-NP I-PER
met VBD I-VP O
Ann NNP I-NP I-PER
Bob NNP I-NP B-PER
in IN I-PP O
West NNP I-NP I-MISC
Indies NNP I-NP I-MISC

-DOCSTART- -X- -X- O
"""


def test_iob1_runs_and_b_tags_split_adjacent_mentions():
    tokens = ["Phil", "Simmons", "met", "Ann", "Bob"]
    tags = ["I-PER", "I-PER", "O", "I-PER", "B-PER"]
    assert iob1_mentions(tokens, tags) == [("PER", "Phil Simmons"), ("PER", "Ann"), ("PER", "Bob")]


def test_iob1_type_change_starts_a_new_mention():
    assert iob1_mentions(["Leeds", "United"], ["I-LOC", "I-ORG"]) == [("LOC", "Leeds"), ("ORG", "United")]


def test_parse_conll_documents_with_docstart_moved_to_the_end():
    docs = list(parse_conll(SAMPLE.splitlines()))
    assert docs == [
        ConllDoc("CRICKET - LEICESTERSHIRE WIN\nLONDON 1996-08-30", (("ORG", "LEICESTERSHIRE"), ("LOC", "LONDON"))),
        # MISC is not scored.
        ConllDoc("Phil Simmons met Ann Bob in West Indies", (("PER", "Phil Simmons"), ("PER", "Ann"), ("PER", "Bob"))),
    ]


def test_score_mentions_is_a_multiset_match_per_document():
    gold = [("PER", "Ann"), ("PER", "Ann"), ("LOC", "Oslo")]
    pred = [("PER", "Ann"), ("ORG", "Oslo"), ("LOC", "Bergen")]
    other_doc = ([("ORG", "UN")], [("ORG", "UN")])
    assert score_mentions([(gold, pred), other_doc]) == (2, 4, 4)
    assert prf(2, 4, 4) == (0.5, 0.5, 0.5)


def test_predicted_mentions_map_spacy_labels_and_drop_the_rest():
    nlp = spacy.blank("en")
    words = ["Ann", "saw", "Oslo", ",", "the", "Alps", ",", "Heathrow", "and", "Danish", "Shell"]
    ents = ["B-PERSON", "O", "B-GPE", "O", "O", "B-LOC", "O", "B-FAC", "O", "B-NORP", "B-ORG"]
    doc = Doc(nlp.vocab, words=words, ents=ents)
    assert predicted_mentions(doc) == [("PER", "Ann"), ("LOC", "Oslo"), ("LOC", "Alps"), ("LOC", "Heathrow"),
                                       ("ORG", "Shell")]


def test_iob1_runs_are_token_ranges():
    assert iob1_runs(["O", "I-PER", "I-PER", "B-PER", "I-LOC", "O"]) == [(1, 3, "PER"), (3, 4, "PER"), (4, 5, "LOC")]


def test_char_spans_include_misc_and_point_into_the_document_text():
    sentences = next(conll_documents(SAMPLE.splitlines()[10:]))
    text = document_text(sentences)
    spans = iob1_char_spans(sentences)
    assert [(text[s:e], t) for s, e, t in spans] == [
        ("Phil Simmons", "PER"), ("Ann", "PER"), ("Bob", "PER"), ("West Indies", "MISC")]


def test_char_spans_of_a_name_that_also_appears_untagged_earlier():
    sentences = [(["Ann", "met", "Ann"], ["O", "O", "I-PER"]), (["Oslo"], ["I-LOC"])]
    assert iob1_char_spans(sentences) == [(8, 11, "PER"), (12, 16, "LOC")]


def test_halves_alternate_documents_and_cover_them_all():
    docs = list(parse_conll(SAMPLE.splitlines()))
    dev, held = split_halves(docs)
    assert dev == [docs[0]] and held == [docs[1]]


@pytest.mark.slow
def test_halves_of_testa_are_disjoint_and_near_equal():
    from newsfacts.evaluation.conll import load_docs
    from tests.conftest import shared_path

    docs = load_docs(shared_path("corpora", "conll2003", "eng.testa"))
    dev, held = split_halves(docs)
    assert len(docs) == 216 and (len(dev), len(held)) == (108, 108)
    assert not {d.text for d in dev} & {d.text for d in held}
