"""The tense of the clause a time expression sits in: past, present, future or None.

With a dependency parse, the verb that governs the expression decides ("was killed on
Friday" past, "will meet on Friday" future). Without one (``spacy.blank``), the words
near the expression decide: a future auxiliary, else a past form.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from newsfacts.timex.resolve import FUTURE, PAST, PRESENT

FUTURE_AUXILIARIES = frozenset({"will", "'ll", "’ll", "shall", "wo", "would"})
#: Verbs that look forward from their own time: "plans to meet Friday", "expected to report Friday".
FORWARD_VERBS = frozenset({"plan", "expect", "schedule", "intend", "hope", "aim", "due", "set", "prepare"})
PAST_WORDS = frozenset({"was", "were", "had", "did", "said", "told", "went", "came", "made", "took", "gave",
                        "began", "fell", "rose", "left", "met", "held", "won", "lost", "saw", "got", "sold",
                        "bought", "paid", "hit", "struck", "fought", "shot", "led", "ran", "spoke", "wrote"})
_WINDOW = 8
_MAX_CLIMB = 6


def clause_tense(doc: Doc, start_char: int, end_char: int) -> str | None:
    """Tense of the clause around the characters ``start_char:end_char`` of ``doc``.

    >>> import spacy
    >>> doc = spacy.blank("en")("They will meet on Friday.")
    >>> clause_tense(doc, 18, 24)
    'future'
    """
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None or not len(span):
        return None
    if doc.has_annotation("DEP"):
        verb = governing_verb(span.root)
        if verb is not None:
            return verb_tense(verb)
    return window_tense(doc, span)


def governing_verb(token: Token) -> Token | None:
    """The nearest verb or auxiliary up the tree from ``token`` (None in a verbless headline)."""
    for _ in range(_MAX_CLIMB):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def verb_tense(verb: Token) -> str | None:
    """Tense of a verb group from its tag and auxiliaries; a forward-looking governor makes it future."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in FUTURE_AUXILIARIES for a in auxes) or verb.lower_ in FUTURE_AUXILIARIES:
        return FUTURE
    governors = (verb.head, verb.head.head) if verb.dep_ in ("xcomp", "ccomp") else ()
    if _past_perfect(verb) or any(_past_perfect(g) for g in governors):
        return PAST  # "had been due to expire Friday": looking forward from a time already past
    if verb.lemma_.lower() in FORWARD_VERBS or (verb.dep_ in ("xcomp", "ccomp") and verb.head.lemma_.lower() in FORWARD_VERBS):
        return FUTURE
    if verb.tag_ == "VBG" and any(a.lemma_ == "be" for a in auxes) and any(c.lower_ == "to" for c in verb.children):
        return FUTURE  # "is going to"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return PAST
    if verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxes):
        return PAST
    if verb.tag_ == "VBN" and not auxes and verb.dep_ in ("acl", "relcl", "advcl"):
        return PAST  # a reduced relative: "the record set on Aug. 6", "the year ended March 31", "a plan announced Tuesday"
    if verb.tag_ in ("VBZ", "VBP", "VBG") or auxes:
        return PRESENT
    return None


def _past_perfect(verb: Token) -> bool:
    """"had met", "had been due": a past-perfect verb group."""
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("had", "'d", "’d") for c in verb.children)


def window_tense(doc: Doc, span: Span) -> str | None:
    """Tense from the words within a few tokens of the span (no parse needed)."""
    lo, hi = max(0, span.start - _WINDOW), min(len(doc), span.end + _WINDOW)
    words = [t.lower_ for t in doc[lo:hi] if not (span.start <= t.i < span.end)]
    if any(w in FUTURE_AUXILIARIES for w in words):
        return FUTURE
    if any(w in PAST_WORDS or (w.endswith("ed") and len(w) > 4) for w in words):
        return PAST
    return None
