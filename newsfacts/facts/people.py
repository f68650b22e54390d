"""Is a noun a word for people? Read from the lexicon, a nationality entity, or the
shape of a plural ("civilians", "journalists", title-case "Gunmen")."""

from __future__ import annotations

from spacy.tokens import Token

from newsfacts.facts.lexicon import NOT_MEN, NOT_PEOPLE, PEOPLE_NOUNS, PEOPLE_SUFFIXES


def is_person_noun(tok: Token) -> bool:
    """A noun that names people: a lexicon word, a nationality, or a -ians/-ists plural."""
    lemma, lower = tok.lemma_.lower(), tok.lower_
    if lemma in PEOPLE_NOUNS or lower in PEOPLE_NOUNS:
        return True
    if tok.ent_type_ == "NORP" and tok.tag_ in ("NNS", "NNPS"):
        return True
    if tok.tag_ in ("NNS", "NNPS") and lemma == lower:
        # A plural the lemmatiser left alone, as in title case: "Gunmen", "Judges".
        singular = lower[:-3] + "man" if lower.endswith("men") else lower[:-1] if lower.endswith("s") else lower
        if singular in PEOPLE_NOUNS:
            return True
    if tok.tag_ in ("NNS", "NNPS") and lower.endswith("men") and len(lower) > 5 and lower not in NOT_MEN:
        return True  # "servicemen", "tribesmen", "firemen"
    if lower.endswith(("-year-olds", "year-olds")):
        return True  # "20-year-olds"
    return tok.tag_ in ("NNS", "NNPS") and lower.endswith(PEOPLE_SUFFIXES) and lower not in NOT_PEOPLE


def is_person_word(tok: Token) -> bool:
    """:func:`is_person_noun`, or a word for people the tagger made singular or a proper noun,
    as headlines write them ("25 *Terrorist* Killed", "3 *Soldiers* Injured")."""
    lower = tok.lower_
    return is_person_noun(tok) or lower in PEOPLE_NOUNS or (lower.endswith("s") and lower[:-1] in PEOPLE_NOUNS)
