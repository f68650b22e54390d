"""CoNLL-2003 NER scorer: reading IOB1 files and multiset scoring, on literal inputs."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from newsfacts.evaluation import prf
from newsfacts.evaluation.conll import ConllDoc, iob1_mentions, parse_conll, predicted_mentions, score_mentions

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
