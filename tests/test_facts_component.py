"""The newsfacts_facts component on a blank pipeline: factory, spans, extension."""

import dataclasses

import pytest
import spacy
from spacy.tokens import Span

import newsfacts.facts  # noqa: F401  (registers the factory)
from newsfacts.facts import Fact
from newsfacts.facts.component import is_shouting


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("newsfacts_facts")
    return nlp


def test_factory_works_bare_and_writes_spans(nlp):
    doc = nlp("Exports reached 1.2 bln dlrs.")
    assert [(s.text, s.label_, s.start_char, s.end_char) for s in doc.spans["facts"]] == [
        ("1.2 bln dlrs", "money", 16, 28)
    ]
    assert doc.spans["facts"][0]._.fact == Fact(
        category="money", value=1.2e9, value_low=1.2e9, value_high=1.2e9, qualifier="exact",
        unit="USD", counted=None, location=None, time_scope=None, claimed_by=None,
        cumulative=None, number_text="1.2 bln",
    )


def test_evidence_text_is_the_span_text(nlp):
    text = "Prices rose 5.5% to $3.5m in a week."
    doc = nlp(text)
    for span in doc.spans["facts"]:
        assert text[span.start_char:span.end_char] == span.text


def test_facts_sharing_evidence_keep_their_own_values():
    nlp = spacy.blank("en")
    nlp.add_pipe("newsfacts_facts")
    doc = nlp.make_doc("12 percent")
    comp = nlp.get_pipe("newsfacts_facts")
    one = Fact("percent", 12.0, 12.0, 12.0, "exact", "percent", None, None, None, None, None, "12")
    two = dataclasses.replace(one, category="count", value=3.0, value_low=3.0, value_high=3.0)
    comp.set_annotations(doc, [(0, 10, one), (0, 10, two)])
    assert [s._.fact.value for s in doc.spans["facts"]] == [12.0, 3.0]


def test_extension_is_registered_once():
    assert Span.has_extension("fact")


def test_fact_rejects_words_outside_the_vocabulary():
    with pytest.raises(ValueError, match="category"):
        Fact("deaths", 1.0, 1.0, 1.0, "exact", None, None, None, None, None, None, "1")
    with pytest.raises(ValueError, match="qualifier"):
        Fact("killed", 1.0, 1.0, 1.0, "roughly", None, None, None, None, None, None, "1")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12 DEAD IN BUS CRASH", True), ("12 dead in bus crash", False), ("NATO", False), ("The UN and NATO met.", False)],
)
def test_is_shouting(text, expected):
    doc = spacy.blank("en")(text)
    assert is_shouting(doc[:]) is expected
