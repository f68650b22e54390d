"""The CoNLL-trained entity component: combining with the base model's labels,
load-time hash verification, and the real weights on literal sentences."""

from __future__ import annotations

import shutil

import pytest
import spacy
from spacy.tokens import Doc, Span

import newsfacts.ner as ner
from newsfacts.errors import ModelError
from newsfacts.ner import MERGE, STASH, is_compound, merge_entities, trim_span, verify_ner_model
from newsfacts.ner.corpus import TRAIN_LABELS, make_doc

# --------------------------------------------------------------------------- combining labels


def test_trained_names_replace_the_base_models_and_other_labels_stay():
    base = [(0, 2, "ORG"), (4, 5, "DATE"), (6, 7, "CARDINAL")]
    trained = [(0, 2, "PERSON")]
    assert merge_entities(base, trained) == [(0, 2, "PERSON"), (4, 5, "DATE"), (6, 7, "CARDINAL")]


def test_trained_gpe_takes_the_base_models_loc_or_fac_on_the_same_span_only():
    base = [(0, 1, "LOC"), (2, 3, "FAC"), (4, 6, "LOC"), (8, 9, "GPE")]
    trained = [(0, 1, "GPE"), (2, 3, "GPE"), (4, 5, "GPE"), (8, 9, "GPE")]
    assert merge_entities(base, trained) == [(0, 1, "LOC"), (2, 3, "FAC"), (4, 5, "GPE"), (8, 9, "GPE")]


def test_names_the_trained_component_did_not_find_are_dropped():
    assert merge_entities([(0, 1, "PERSON"), (3, 4, "GPE"), (5, 6, "FAC")], []) == []


def test_misc_is_never_a_label_and_keeps_the_base_nationality():
    base = [(0, 1, "NORP"), (2, 4, "EVENT"), (5, 6, "PERSON")]
    trained = [(0, 1, "MISC"), (2, 4, "MISC"), (5, 6, "MISC")]
    assert merge_entities(base, trained) == [(0, 1, "NORP"), (2, 4, "EVENT")]


def test_a_trained_name_overlapping_another_base_label_wins():
    assert merge_entities([(0, 3, "WORK_OF_ART")], [(1, 3, "ORG")]) == [(1, 3, "ORG")]


def test_only_the_conll_labels_of_the_trained_component_count():
    assert merge_entities([(0, 1, "DATE")], [(0, 1, "DATE"), (2, 3, "MONEY")]) == [(0, 1, "DATE")]


def test_a_name_inside_a_hyphenated_misc_compound_is_kept():
    base = [(1, 2, "GPE"), (5, 6, "PERSON")]
    trained = [(1, 4, "MISC"), (5, 6, "MISC")]
    assert merge_entities(base, trained, compounds=[(1, 4)]) == [(1, 2, "GPE")]
    assert merge_entities(base, trained) == []


def test_trim_and_compound_helpers_on_literal_text():
    doc = spacy.blank("en")("The Istanbul-based group met in Hama.\n")
    assert [t.text for t in doc] == ["The", "Istanbul", "-", "based", "group", "met", "in", "Hama", ".", "\n"]
    assert trim_span(doc, 7, 10) == (7, 8)
    assert trim_span(doc, 8, 10) == (10, 10)
    assert is_compound(doc, 1, 4) and not is_compound(doc, 4, 8)
    brackets = spacy.blank("en")("Mladost ( BJ )")
    assert trim_span(brackets, 0, 4) == (0, 4)


def test_stash_and_merge_components_on_a_doc():
    nlp = spacy.blank("en")
    words = ["Leicestershire", "beat", "Somerset", "on", "Monday", "in", "Leicester"]
    doc = Doc(nlp.vocab, words=words, ents=["B-PERSON", "O", "B-ORG", "O", "B-DATE", "O", "O"])
    doc = ner.stash_base_entities(doc)
    assert doc._.base_ents == [(0, 1, "PERSON"), (2, 3, "ORG"), (4, 5, "DATE")]
    assert [t.ent_iob_ for t in doc] == [""] * len(words)  # missing: the trained ner may label anything
    doc.set_ents([Span(doc, 0, 1, "ORG"), Span(doc, 2, 3, "ORG"), Span(doc, 6, 7, "GPE")], default="unmodified")
    doc = ner.merge_into_doc(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Leicestershire", "ORG"), ("Somerset", "ORG"), ("Monday", "DATE"), ("Leicester", "GPE")]
    assert doc._.base_ents is None


def test_component_names_are_registered():
    nlp = spacy.blank("en")
    nlp.add_pipe(STASH)
    nlp.add_pipe(MERGE)
    doc = nlp("Nothing here.")
    assert list(doc.ents) == []


def test_training_docs_use_spacy_labels():
    doc = make_doc(spacy.blank("en"), [(["EU", "rejects", "German", "call"], ["I-ORG", "O", "I-MISC", "O"]),
                                        (["BRUSSELS", "1996-08-22"], ["I-LOC", "O"]),
                                        (["Peter", "Blackburn"], ["I-PER", "I-PER"])])
    assert doc.text == "EU rejects German call\nBRUSSELS 1996-08-22\nPeter Blackburn"
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("EU", "ORG"), ("German", "MISC"), ("BRUSSELS", "GPE"), ("Peter Blackburn", "PERSON")]
    assert TRAIN_LABELS == {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE", "MISC": "MISC"}


# --------------------------------------------------------------------------- hash verification


def test_the_shipped_weights_match_the_pinned_hash():
    assert verify_ner_model() == ner.MODEL_DIR


def test_a_tampered_copy_is_a_model_error(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(ner.MODEL_DIR, copy)
    data = bytearray((copy / "model").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (copy / "model").write_bytes(bytes(data))
    with pytest.raises(ModelError, match="make ner-model"):
        verify_ner_model(copy)


def test_a_missing_file_is_a_model_error(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(ner.MODEL_DIR, copy)
    (copy / "moves").unlink()
    with pytest.raises(ModelError, match=r"moves is missing.*make ner-model"):
        verify_ner_model(copy)


@pytest.mark.slow
def test_loading_a_tampered_copy_into_the_pipeline_fails_before_loading(tmp_path):
    from newsfacts.nlp import load_raw_nlp

    copy = tmp_path / "model"
    shutil.copytree(ner.MODEL_DIR, copy)
    with open(copy / "model", "ab") as fh:
        fh.write(b"\0")
    nlp = load_raw_nlp(conll_ner=False)
    with pytest.raises(ModelError, match="sha256"):
        ner.add_conll_ner(nlp, directory=copy)
    assert ner.COMPONENT not in nlp.pipe_names


# --------------------------------------------------------------------------- the real weights


@pytest.mark.slow
def test_pipeline_order(nlp):
    names = nlp.pipe_names
    assert names.index("ner") < names.index(STASH) < names.index(ner.COMPONENT) < names.index(MERGE)
    assert names.index(MERGE) < names.index("newsfacts_entities")


@pytest.mark.slow
def test_real_component_on_a_literal_sentence(nlp):
    doc = nlp("Angela Merkel met French officials in Paris on Monday and paid $5 million to the European Commission.")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Angela Merkel", "PERSON"), ("French", "NORP"), ("Paris", "GPE"), ("Monday", "DATE"),
        ("$5 million", "MONEY"), ("European Commission", "ORG")]


@pytest.mark.slow
def test_real_component_keeps_the_base_models_loc(nlp):
    doc = nlp("Shares of Apple rose 3 percent in New York after Tim Cook spoke near Mount Everest.")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Apple", "ORG"), ("3 percent", "PERCENT"), ("New York", "GPE"), ("Tim Cook", "PERSON"),
        ("Mount Everest", "LOC")]


@pytest.mark.slow
def test_real_component_with_hyphenated_places_and_a_sentence_final_name(nlp):
    doc = nlp("Fighting continued in the provinces of Homs and Idlib.\nThe Paris-based group said on Friday "
              "that 40 people had died.")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Homs", "GPE"), ("Idlib", "GPE"), ("Paris", "GPE"), ("Friday", "DATE"), ("40", "CARDINAL")]


@pytest.mark.slow
def test_group_named_after_a_membership_noun_is_an_org(nlp):
    doc = nlp("Abu Omar, a senior commander of Ahrar Al-Sham, was killed on Sunday.")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Abu Omar", "PERSON"), ("Ahrar Al-Sham", "ORG"), ("Sunday", "DATE")]
