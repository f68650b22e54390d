"""Numeric facts: every stated quantity in a text as one row, with what it
counts, what happened to it, where, since when and according to whom.

Importing this package registers the spaCy factory ``newsfacts_facts``; the
component writes ``doc.spans["facts"]``, each span carrying ``span._.fact``
(a :class:`Fact`). The logic is in plain functions: ``numerals`` (reading
numbers), ``mentions`` (finding them in a sentence), ``syntax`` (reading them
against the parse) and ``extract`` (the two together).
"""

from newsfacts.facts.component import SPANS_KEY, NumericFacts, make_numeric_facts
from newsfacts.facts.extract import extract_facts
from newsfacts.facts.fact import Fact

__all__ = ["Fact", "NumericFacts", "SPANS_KEY", "extract_facts", "make_numeric_facts"]
