"""What a quantity counts and what happened to it, read from the dependency
parse: the counted noun, the governing word that sets the category, and the
context the sentence ties it to (place, time, source, running total).

All functions take tokens of a parsed Doc; on a Doc without a parse they fall
back to "nothing known" (None), never to character distance.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from newsfacts.facts.lexicon import (
    CUMULATIVE_PHRASES,
    CONTEXT_HARM,
    CUMULATIVE_WORDS,
    DISASTER_WORDS,
    HARM_NOUNS,
    HARM_WORDS,
    LIFE_VERBS,
    MONTHS,
    PARTICLE_REQUIRED,
    PEOPLE_NOUNS,
    PEOPLE_ONLY_HARM,
    PLACE_PREPOSITIONS,
    PRONOUNS,
    SPEECH_VERBS,
    THING_NOUNS,
    TIME_PREPOSITIONS,
    TOLL_VERBS,
    VAGUE_AMOUNTS,
    inflected_harm,
)
from newsfacts.facts.mentions import Mention, is_one_of_a_ranking
from newsfacts.facts.people import is_person_noun, is_person_word

PLACE_LABELS = {"GPE", "LOC", "FAC"}
TIME_LABELS = {"DATE", "TIME"}
_CLAUSE_POS = {"VERB", "AUX"}
_NOUN_POS = {"NOUN", "PROPN", "PRON", "NUM"}
_SUBJECTS = {"nsubj", "nsubjpass", "csubj", "expl"}
_MAX_CHAIN = 8


class Category(NamedTuple):
    """The category of a mention and the word that decided it (the harm word, or None)."""

    category: str
    governor: Token | None


class Placed(NamedTuple):
    """A place or time phrase as written, and the token that attaches it to the clause."""

    text: str
    token: Token


class Walk(NamedTuple):
    """One step up from a mention towards its clause: go on to the head, or stop (with
    the category found there, if any)."""

    go_on: bool
    found: Category | None = None


_GO_ON = Walk(True)
_STOP = Walk(False)


def phrase_root(doc: Doc, start: int, end: int) -> Token:
    """The token of ``doc[start:end]`` that attaches the phrase to the sentence."""
    roots = [t for t in doc[start:end] if t.head.i < start or t.head.i >= end or t.head.i == t.i]
    return roots[-1] if roots else doc[end - 1]


#: Words that make a "strike" an attack, not a labour strike.
_STRIKE_MAKERS = {"air", "drone", "missile", "rocket", "military", "artillery", "coalition", "israeli", "russian", "us", "u.s."}


def _beside_a_disaster(tok: Token) -> bool:
    """A disaster, violence or disease named in the word's sentence (:data:`DISASTER_WORDS`)."""
    sent = tok.sent if tok.doc.has_annotation("SENT_START") else tok.doc[:]
    for t in sent:
        lemma = t.lemma_.lower()
        if t.pos_ == "VERB":
            continue  # "firing half its staff" names no fire
        if lemma == "strike":  # an air strike, not a labour strike
            if t.i > 0 and t.doc[t.i - 1].lower_ in _STRIKE_MAKERS:
                return True
        elif lemma in DISASTER_WORDS or t.lower_ in DISASTER_WORDS:
            return True
    return False


def harm_of(tok: Token) -> str | None:
    """The category of people a single governing word implies, if any."""
    for key in (tok.lemma_.lower(), tok.lower_):
        cat = HARM_WORDS.get(key)
        if cat is None:
            continue
        particle = PARTICLE_REQUIRED.get(key)
        if particle and not any(c.lower_ == particle for c in tok.children):
            continue
        if key in ("toll",) and any(c.lower_ in ("road", "traffic", "bridge", "phone") for c in tok.children):
            continue
        if key in CONTEXT_HARM and not _beside_a_disaster(tok):
            continue  # "2,000 workers affected by the shutdown": no harm
        if key == "missing" and any(c.dep_ == "dobj" for c in tok.children):
            continue  # "Sale are missing 14 players", "missing three drugs tests": the verb "miss"
        if key in ("body", "bodies") and not _corpse(tok):
            continue  # "research bodies", "wide-bodies", "governing body": not the dead
        if key == "dead" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ in _DEAD_PHRASES:
            continue  # "460,000 dead weight tons", "a dead heat", "a dead end"
        if tok.pos_ == "NUM":
            continue
        return cat
    if tok.is_title and tok.lemma_ == tok.text and not tok.is_sent_start and tok.pos_ != "NUM":
        return inflected_harm(tok.lower_)  # a title-case headline word the lemmatiser left alone: "Martyred"
    return None


def _headline_verb(tok: Token) -> bool:
    """A harm verb in a headline's present tense that the tagger took for a plural noun,
    followed by its own count: "Mortar fire kills 12 *wounds* 50", "kills 3 *injures* 9"."""
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return (tok.lower_.endswith("s") and nxt is not None and (nxt.like_num or nxt.pos_ == "NUM")
            and inflected_harm(tok.lower_) is not None and HARM_WORDS.get(tok.lower_) is None)


#: Words that make "dead" part of a phrase about things ("dead weight", "dead end").
_DEAD_PHRASES = {"weight", "heat", "end", "ends", "line", "lines", "lock", "letter", "wood", "zone", "issue", "duck", "stock"}
#: Modifiers of "bodies" that keep them corpses ("charred bodies", "the bodies of 12").
_CORPSE_MODIFIERS = {"dead", "charred", "burned", "burnt", "mutilated", "decomposed", "decomposing",
                     "unidentified", "lifeless", "bullet-riddled", "headless", "more", "other", "further",
                     "limp", "small", "tiny", "little", "naked", "bloody", "bloodied", "bloated", "frozen"}


#: "a body of ...": a mass of something, not a corpse.
_BODY_OF_THINGS = {"work", "works", "evidence", "water", "knowledge", "research", "opinion", "law", "literature", "thought", "data", "experts", "students"}


def _corpse(tok: Token) -> bool:
    """"bodies" as the dead: not an organisation ("research bodies", "public body") or an
    aircraft ("wide-bodies")."""
    doc = tok.doc
    if tok.i >= 2 and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_:
        return False  # "wide-bodies"
    if tok.pos_ == "PROPN" or (tok.is_title and not tok.is_sent_start and tok.tag_ == "NNP"):
        return False  # a name: "the album Mind, Body & Soul"
    if tok.lower_ == "body":
        for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
            if any(o.dep_ == "pobj" and (o.lower_ in _BODY_OF_THINGS or (o.pos_ == "NOUN" and not is_person_word(o)))
                   for o in prep.children):
                return False  # "a body of work", "a body of evidence"
    if any(c.dep_ == "acl" and c.tag_ == "VBG" for c in tok.children):
        return False  # "the two bodies generating private income": organisations act
    return not any(c.dep_ in ("compound", "amod") and c.pos_ in ("NOUN", "PROPN", "ADJ") and c.lower_ not in _CORPSE_MODIFIERS
                   and c.tag_ != "VBN" for c in tok.children)  # "mangled bodies" stay the dead


def counted_noun(doc: Doc, m: Mention, sent: Span) -> Token | None:
    """The noun a mention counts: "310,000 *lives*", "dozens of *civilians*", "six-week *truce*"."""
    if not doc.has_annotation("DEP"):
        return None
    end = max(m.end, m.unit_end)
    root = phrase_root(doc, m.start, end)
    head = root.head
    if head.i != root.i and head.i >= end and head.pos_ in ("NOUN", "PROPN") and head.lower_ not in VAGUE_AMOUNTS and sent.start <= head.i < sent.end and root.dep_ in (
        "nummod", "amod", "compound", "nmod", "quantmod", "npadvmod", "det", "advmod", "dep",
    ) and not _headline_verb(head):
        if not is_person_noun(head):
            # "the deaths of three *women* media activist Abdul Wahab said": a missing comma ran
            # the count's plural people noun into the speaker's name
            glued = next((t for t in doc[end:head.i] if t.tag_ == "NNS" and t.dep_ in ("compound", "nmod") and is_person_noun(t)), None)
            if glued is not None:
                return glued
        return head
    # "dozens of civilians", "five of them", "one of the best speakers", "hundreds of thousands of people".
    for tok in doc[m.num_start:end]:
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of" and child.i >= end:
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs and objs[0].pos_ in _NOUN_POS and sent.start <= objs[0].i < sent.end:
                    return objs[0]
    if end < sent.end and doc[end].lower_ == "of" and end + 1 < sent.end:
        objs = [c for c in doc[end].children if c.dep_ == "pobj"]
        if objs:
            return objs[0]
    return _people_past_a_name(doc, end, sent)


#: Words inside a group's name between a count and its people noun: "10 Jaish *al*-Fateh terrorists".
_NAME_PARTICLES = {"al", "el", "ad", "ash", "as", "ar", "an", "-", "(", ")", "group", "state"}


def _people_past_a_name(doc: Doc, end: int, sent: Span) -> Token | None:
    """The people noun a count stands before when a group's name comes between and the parse
    hung the number elsewhere, as copy without commas leaves it: "287 *IS fighters*", "Another 17
    *IS group fighters*", "province 10 *Jaish al-Fateh terrorists*", "23 *ISIS (Daesh)
    militants*". Read along the words: at most six words of a name (title case, capitals,
    particles, a parenthesised alias), then a plural noun for people."""
    k = end
    if (k + 1 < sent.end and doc[k].tag_ == "NN" and doc[k].lower_ in PEOPLE_NOUNS and doc[k + 1].pos_ not in ("NOUN", "PROPN")
            and doc[end - 1].like_num and doc[end - 1].lower_ not in ("1", "one")):
        return doc[k]  # "40 civilian killed": a plural written singular
    while k < sent.end and k - end < 6:
        tok = doc[k]
        if tok.tag_ in ("NNS", "NNPS") and k > end and is_person_noun(tok):
            return tok
        if not (tok.lower_ in _NAME_PARTICLES or ((tok.is_title or (tok.is_upper and len(tok) >= 2)) and tok.pos_ in ("PROPN", "AUX", "NOUN", "ADJ", "VERB"))):
            return None
        k += 1
    return None


def counted_text(doc: Doc, noun: Token, m: Mention) -> str:
    """The counted noun phrase as written, without determiners: "other opposition figures"."""
    end = max(m.end, m.unit_end)
    left = max(noun.left_edge.i, end) if noun.i >= end else noun.left_edge.i
    tokens = [t for t in doc[left:noun.i + 1]]
    while tokens and (tokens[0].dep_ in ("det", "poss", "predet", "punct", "case", "cc") or tokens[0].is_punct):
        tokens.pop(0)
    tokens = tokens or [noun]
    return doc[tokens[0].i:noun.i + 1].text


def _harm_near(tok: Token) -> Category | None:
    """Harm stated on a verb or noun itself or in its predicate complements
    ("were reported killed", "left 12 dead", "forced to flee")."""
    if _negated(tok):
        return None  # "won't kill", "were not injured"
    cat = harm_of(tok)
    if cat and not _but_unharmed(tok):
        return Category(cat, tok)
    if tok.lemma_.lower() in ("burn", "bury") and any(c.lower_ == "alive" for c in tok.children):
        return Category("killed", tok)  # "burned alive", "buried alive"
    for child in tok.children:
        if child.dep_ in ("xcomp", "oprd", "acomp", "ccomp") and child.i > tok.i:
            cat = harm_of(child)
            if cat and not _but_unharmed(child):
                return Category(cat, child)
            if child.dep_ == "xcomp" and child.lemma_.lower() in ("be", "have"):
                # "are feared *to be dead*", "are believed to have been killed"
                for grand in child.children:
                    if grand.dep_ in ("acomp", "attr", "xcomp", "oprd") and grand.i > child.i:
                        cat = harm_of(grand)
                        if cat and not _but_unharmed(grand) and not _negated(grand):
                            return Category(cat, grand)
        if (child.dep_ == "advcl" and child.i == tok.i + 2 and tok.doc[tok.i + 1].lower_ == "as"
                and tok.lemma_.lower() in _LISTING_VERBS):
            cat = harm_of(child)  # "have been reported *as wounded*", "were listed as dead"
            if cat and not _but_unharmed(child):
                return Category(cat, child)
        if child.dep_ == "advcl" and (child.pos_ == "ADJ" or child.lower_ == "missing") and tok.lemma_.lower() in ("go", "become", "remain", "fall"):
            cat = harm_of(child)  # "20 people *went missing*"
            if cat:
                return Category(cat, child)
        if child.dep_ == "prep" and child.lower_ in ("into", "in") and tok.lemma_.lower() in ("take", "place", "put"):
            for obj in child.children:  # "were taken into custody", "placed in detention"
                if obj.dep_ == "pobj" and harm_of(obj) == "detained":
                    return Category("detained", obj)
        if child.dep_ == "prep" and child.lower_ == "to" and tok.pos_ == "VERB":
            # "shot to death", "beaten to death", "burned to death"
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.lower_ == "death":
                    return Category("killed", obj)
    return None


_UNHARMED = {"safe", "unharmed", "alive", "unhurt", "uninjured", "well"}


def _negated(tok: Token) -> bool:
    """A verb said not to have happened: "won't kill", "were not hurt" (harm stated as none is
    read apart, as a zero: "no one was killed")."""
    return tok.pos_ in ("VERB", "AUX", "ADJ") and any(c.dep_ == "neg" for c in tok.children)


#: Verbs that record people as harmed: "reported as wounded", "listed as missing".
_LISTING_VERBS = {"report", "list", "record", "register", "confirm", "count", "classify", "declare", "document"}


def _but_unharmed(tok: Token) -> bool:
    """"trapped *but safe*", "missing but alive": the harm word is taken back."""
    return any(c.dep_ == "conj" and c.lower_ in _UNHARMED for c in tok.children)


def _with_conjoined_harm(verb: Token, cat: str, via: Token) -> str:
    """'12 were killed or wounded' (one subject, two harms) and 'killing and injuring
    scores' (one object, two harms) count casualties."""
    if via.dep_ == "dobj":
        others = [c for c in verb.children if c.dep_ == "conj"] + ([verb.head] if verb.dep_ == "conj" else [])
        for other in others:
            if other.pos_ in _CLAUSE_POS and not _has_own_count(other):
                if {cat, harm_of(other)} == {"killed", "wounded"}:
                    return "casualties"
        return cat
    if via.dep_ not in _SUBJECTS:
        return cat
    for child in verb.children:
        if child.dep_ == "conj" and not any(c.dep_ in _SUBJECTS or _own_subject_word(c, child) for c in child.children):
            other = harm_of(child)
            if {cat, other} == {"killed", "wounded"}:
                return "casualties"
    return cat


def _has_own_count(verb: Token) -> bool:
    """A verb with a number of its own: "... and *wounded over 1,000*" (an object, or a number
    under a preposition), so it does not share the other verb's count."""
    for child in verb.children:
        if child.dep_ == "dobj" or child.pos_ == "NUM":
            return True
        if child.dep_ == "prep" and any(t.like_num or t.pos_ == "NUM" for t in child.subtree):
            return True
    return False


def _own_subject_word(child: Token, verb: Token) -> bool:
    """A word before a conjoined verb that stands for its own subject: "and *many more* wounded",
    "and *40* wounded"."""
    return child.i < verb.i and (child.dep_ in ("amod", "nummod", "det") or child.pos_ == "NUM" or child.lower_ in ("more", "others", "many"))


#: The subject of a toll verb that names the dead without a harm word: "the victims numbered 12".
_TOLL_SUBJECTS = {"victim", "fatality"}


def _harm_in_subject(verb: Token, via: Token | None = None) -> Category | None:
    """Harm named by the subject (or the object) of a toll verb: "the *death toll* rose to 41",
    "the shelling brought *the toll* to 41", "*the victims* numbered 12"; not the count's own
    phrase (``via``: "Rescuers reached 14 others who were trapped")."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and (via is None or child.i != via.i):
            for tok in child.subtree:
                cat = harm_of(tok)
                if cat:
                    return Category(cat, child)
            if child.dep_ != "dobj" and child.lemma_.lower() in _TOLL_SUBJECTS:
                return Category("killed", child)
    return None


def is_subset_word(tok: Token) -> bool:
    """A preposition that ties a count to a group: "of", "among", "including", "along with"."""
    lower = tok.lower_
    if lower in ("of", "among", "amongst", "including", "includes", "included", "alongside"):
        return True
    return lower == "with" and tok.i > 0 and tok.doc[tok.i - 1].lower_ in ("along", "together")


def _harm_of_group(verb: Token, via: Token) -> Category | None:
    """A subject said to be part of a harmed group: "four children were *among the dead*",
    "two medics were among those killed"."""
    if via.dep_ not in _SUBJECTS or verb.lemma_.lower() != "be":
        return None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("among", "amongst"):
            for tok in child.subtree:
                cat = harm_of(tok)
                if cat:
                    return Category(cat, tok)
    return None


#: Verbs whose object of symptoms makes their subject affected.
_SYMPTOM_VERBS = {"suffer", "show", "experience", "display", "develop", "exhibit"}


def _symptoms(tok: Token) -> bool:
    """Symptoms as the object of :data:`_SYMPTOM_VERBS`: "symptoms", "signs of poisoning",
    "breathing difficulties", "respiratory problems"."""
    lemma = tok.lemma_.lower()
    if lemma == "symptom":
        return True
    if lemma == "sign" and any(harm_of(t) == "affected" for t in tok.subtree):
        return True
    return lemma in ("difficulty", "problem", "trouble", "distress") and any(
        c.lower_ in ("breathing", "respiratory") for c in tok.children)


def _harm_of_object(verb: Token, via: Token) -> Category | None:
    """Harm named by the object of a verb the count is the subject of: "six people
    *lost their lives*", "35 people *suffered suffocation*"."""
    if via.dep_ not in _SUBJECTS:
        return None
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.dep_ != "dobj":
            continue
        if lemma in LIFE_VERBS and child.lemma_.lower() in ("life", "lives"):
            return Category("killed", verb)
        if lemma in ("suffer", "sustain", "receive"):
            cat = harm_of(child)
            if cat:
                return Category(cat, child)
        if lemma in _SYMPTOM_VERBS and _symptoms(child):
            return Category("affected", child)  # "12 fighters suffered symptoms", "experienced breathing difficulties"
    if (lemma in ("constitute", "comprise") or (lemma == "make" and any(c.dep_ == "prt" and c.lower_ == "up" for c in verb.children))
            or (lemma == "account" and any(c.lower_ == "for" for c in verb.children))):
        # "Four militiamen and 11 jihadists made up the rest of the dead", "accounted for most of the wounded"
        for child in verb.children:
            if child.dep_ in ("dobj", "prep"):
                for tok in child.subtree:
                    cat = harm_of(tok)
                    if cat:
                        return Category(cat, tok)
    for child in verb.children:  # "25 people fell as martyrs", "were listed as missing"
        if child.dep_ == "prep" and child.lower_ == "as":
            for obj in child.children:
                cat = harm_of(obj) if obj.dep_ in ("pobj", "amod", "acomp", "pcomp") else None
                if cat:
                    return Category(cat, obj)
    if lemma == "suffer":  # "more than twenty others suffered from suffocation"
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in ("from", "of"):
                for obj in child.children:
                    cat = harm_of(obj) if obj.dep_ == "pobj" else None
                    if cat:
                        return Category(cat, obj)
    return None


def _own_harm(tokens: list[Token], end: int) -> Category | None:
    """A harm participle right after the count, modifying it: "43 *killed* in shelling",
    "Nine persons killed 12 *injured*" (headlines drop the verb)."""
    for tok in tokens:
        for child in tok.children:
            if child.dep_ in ("acl", "amod", "relcl") and child.i == end and child.tag_ in ("VBN", "VBD", "JJ"):
                cat = harm_of(child)
                if cat:
                    return Category(cat, child)
    return None


def _harm_verb_before(doc: Doc, m: Mention, sent: Span) -> Category | None:
    """A harm verb written right before the count that the parse missed, as in title-case
    headlines ("Kills at least 50 Gunmen"). Verb forms only: "kills", "killing", "injured"."""
    if m.start <= sent.start:
        return None
    prev = doc[m.start - 1]
    lower = prev.lower_
    if lower == "missing" and prev.tag_ == "VBG":
        return None  # "Sale are missing 14 players": the verb "miss" with its object
    if prev.is_title and not prev.is_sent_start and lower not in HARM_NOUNS:
        cat = inflected_harm(lower)  # "Airstrikes *Kill* at Least 12 Civilians": a headline's verb, any tag
        if cat:
            return Category(cat, prev)
    stems = [lower] if prev.pos_ == "VERB" else []
    for suffix in ("s", "ed", "d", "ing"):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            stems.append(lower[: -len(suffix)])
    for stem in stems:
        cat = HARM_WORDS.get(stem) or HARM_WORDS.get(prev.lemma_.lower())
        if cat and {stem, prev.lemma_.lower()} & CONTEXT_HARM and not _beside_a_disaster(prev):
            continue  # "cancelled 77 flights, affecting about 5,000 passengers"
        if cat and (stem != lower or prev.pos_ == "VERB") and stem not in HARM_NOUNS and not (
                {stem, lower, prev.lemma_.lower()} & set(PARTICLE_REQUIRED)):
            return Category(cat, prev)  # not "round one": "round" is an arrest only as "round up"
    return None


def clause_chain(start: Token, sent: Span) -> list[Token]:
    """``start`` and its heads up to the clause verb; a relative clause goes on to its noun."""
    chain = [start]
    tok = start
    for _ in range(_MAX_CHAIN):
        head = tok.head
        if head.i == tok.i or not (sent.start <= head.i < sent.end):
            break
        chain.append(head)
        if head.pos_ in _CLAUSE_POS or (head.pos_ == "ADJ" and head.dep_ == "ROOT"):
            if head.dep_ in ("relcl", "acl") and head.head.i != head.i:
                chain.append(head.head)
            break
        tok = head
    return chain


# --------------------------------------------------------------------------- the category of a mention


@dataclass(frozen=True)
class CategoryContext:
    """What the category rules look at: the mention, its counted noun and the token that
    attaches the number to the sentence."""

    doc: Doc
    m: Mention
    noun: Token | None
    sent: Span
    root: Token
    end: int  # end of the number with its unit

    @property
    def thing_noun(self) -> bool:
        """The count is of things ("rockets", "homes"), so harm words do not make it a toll."""
        return self.noun is not None and self.noun.lemma_.lower() in THING_NOUNS


_FIXED_KINDS = {"percent": "percent", "money": "money", "duration": "duration", "measure": "measure", "age": "measure"}
_COUNT = Category("count", None)


def category_of_kind(ctx: CategoryContext) -> Category | None:
    """Percentages, money, durations, measures and ages are their own category; a share of a
    group ("half of its staff", "a third of the victims") is no count of people."""
    if ctx.m.unit == "fraction":
        return _COUNT
    kind = ctx.m.kind
    return Category(_FIXED_KINDS[kind], None) if kind in _FIXED_KINDS else None


def list_style_toll(ctx: CategoryContext) -> Category | None:
    """A figure after a labelled colon, as lists and fact boxes write tolls: "Total dead: 12",
    "Injured: 40", "Death toll: 85"."""
    doc, start = ctx.doc, ctx.m.start
    if start - 2 < ctx.sent.start or doc[start - 1].text != ":":
        return None
    for tok in reversed(list(doc[max(ctx.sent.start, start - 3):start - 1])):
        cat = HARM_WORDS.get(tok.lower_) or HARM_WORDS.get(tok.lemma_.lower())
        if cat:
            return Category(cat, tok)
    return None


def households_of_people(ctx: CategoryContext) -> Category | None:
    """Families that hold people counted before them are a count of families, not of the
    harmed: "killed 10 members *of one family*", "five children from two families"."""
    noun = ctx.noun
    if noun is None or noun.lemma_.lower() not in ("family", "household") or noun.dep_ != "pobj":
        return None
    prep = noun.head
    if prep.lower_ in ("of", "from") and is_person_noun(prep.head) and any(c.like_num or c.pos_ == "NUM" for c in prep.head.children):
        return _COUNT
    return None


def place_in_ranking(ctx: CategoryContext) -> Category | None:
    """"one of the first attacks", "one of the largest camps": a rank, never a count of people."""
    return _COUNT if is_one_of_a_ranking(ctx.doc, ctx.m, ctx.sent.start, ctx.sent.end) else None


def unparsed_count(ctx: CategoryContext) -> Category | None:
    """Without a parse, nothing more is known: a plain count."""
    return None if ctx.doc.has_annotation("DEP") else _COUNT


def harm_participle_after(ctx: CategoryContext) -> Category | None:
    """A harm participle right after the count: "43 killed in shelling", "12 injured"."""
    noun, end = ctx.noun, ctx.end
    found = _own_harm([t for t in (noun, ctx.root) if t is not None], (noun.i + 1) if noun is not None and noun.i >= end else end)
    if found is None:
        return None
    return _COUNT if ctx.thing_noun else found


#: Tags of a harm word written right after a count as its predicate ("106 injured", "three people
#: wounded"); title-case headlines tag "Killed" as a proper noun.
_PARTICIPLE_TAGS = {"VBN", "JJ"}
#: Predicate harm words whatever the tagger made of them ("left 28 militants *dead*" is tagged IN).
_PREDICATE_HARM = {"dead", "killed", "injured", "wounded", "hurt", "missing", "homeless", "displaced"}
#: Harm verbs that take no object: "six people *died*" is their subject whatever the parse says.
_INTRANSITIVE_DEATH = {"die", "perish", "drown", "succumb"}


#: Words that open an aside between a count and its verb: "10 people *mostly schoolchildren*
#: killed", "Ten civilians *some of them children* killed", "23 civilians *- including nine
#: children -* dead".
_ASIDE_OPENERS = {"mostly", "mainly", "most", "many", "some", "one", "all", "including", "among", "-", "\u2013"}
_ASIDE_WORDS = {"of", "them", "whom", "a", "an", "the", "and", "-", "\u2013", ",", "including"}


def _skip_aside(doc: Doc, k: int, end: int) -> int:
    """The index after an aside that starts at ``k`` (at most seven words of a noun phrase), or ``k``."""
    if k + 1 < end and doc[k].lower_ == "according" and doc[k + 1].lower_ == "to":
        # "12 people *according to the Observatory* were killed"
        for j in range(k + 2, min(k + 12, end)):
            if doc[j].pos_ in ("AUX", "VERB"):
                return j if j > k + 2 else k
        return k
    if k >= end or doc[k].lower_ not in _ASIDE_OPENERS:
        return k
    dash = doc[k].text in ("-", "\u2013")
    j = k + 1
    while j < end and j - k <= 7 and (doc[j].lower_ in _ASIDE_WORDS or doc[j].pos_ in ("NOUN", "ADJ", "NUM", "DET", "PRON")):
        if dash and j > k + 1 and doc[j].text in ("-", "\u2013"):
            return j + 1  # "19 fighters *- including two commanders -* dead"
        if doc[j].lower_ in _PREDICATE_HARM or (doc[j].pos_ == "ADJ" and harm_of(doc[j])):
            break  # the harm word the aside stood before
        j += 1
    return j if j > k + 1 else k


def _counts_own_harm(tok: Token, headline: bool = True) -> bool:
    """A number with a harm word of its own right after it: "... Killed *110 Injured*", "2 killed
    *8 injured*" (in a headline, title case)."""
    doc = tok.doc
    return (tok.like_num and tok.i + 1 < len(doc) and (doc[tok.i + 1].is_title or not headline)
            and inflected_harm(doc[tok.i + 1].lower_) is not None and doc[tok.i + 1].lower_ not in HARM_NOUNS)


def _headline_list_end(doc: Doc, i: int, end: int) -> int:
    """In a title-case headline listing counts before one harm word ("40 Civilians *25 YPG
    Fighters Killed*"), the index of that harm word; else ``i``. Only numbers and title-case
    words may stand between, at most six."""
    for k in range(i, min(i + 7, end)):
        tok = doc[k]
        if tok.is_title and inflected_harm(tok.lower_) and k > i:
            return k
        if not (tok.is_title or tok.is_upper or tok.like_num):
            return i
    return i


def _skip_conjoined_people(doc: Doc, k: int, end: int) -> int:
    """Past "and" and another count of people sharing the participle: "four children *and one
    man* killed", "Five children *and four medical staff* killed"."""
    if k + 2 >= end or doc[k].lower_ != "and":
        return k
    j = k + 1
    while j < end and j - k <= 5 and (doc[j].like_num or doc[j].pos_ in ("NUM", "DET", "ADJ", "NOUN")) and not (
            doc[j].lower_ in _PREDICATE_HARM or inflected_harm(doc[j].lower_)):
        j += 1
    return j if j > k + 2 and j < end and is_person_word(doc[j - 1]) else k


def _date_word(tok: Token) -> bool:
    """A date the parse took for a subject across a dateline: "4 *September* 2016 2 killed"."""
    doc = tok.doc
    return tok.ent_type_ in ("DATE", "TIME") or tok.lower_ in MONTHS or (
        tok.like_num and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in MONTHS)  # "*5* March 2017"


def _source_of_speech(tok: Token) -> bool:
    """An "object" that is the subject of a speech verb a missing comma ran on: "leaving eight
    people injured *a source* at Aleppo Police Command said"."""
    doc = tok.doc
    for j in range(tok.i + 1, min(tok.i + 10, len(doc))):
        if doc[j].pos_ == "VERB":
            return doc[j].lemma_.lower() in SPEECH_VERBS
    return False


def harm_word_after(ctx: CategoryContext) -> Category | None:
    """A harm participle or adjective right after the count (or its counted noun) that the parse
    hung elsewhere: "has risen to 13 and *106 injured*", "leaving *three people wounded*", "left
    28 militants *dead*", "six people *died*". Not a verb with its own object or subject
    ("three gunmen killed 12")."""
    noun, doc = ctx.noun, ctx.doc
    i = noun.i + 1 if noun is not None and noun.i >= ctx.end else ctx.end
    if i >= ctx.sent.end:
        return None
    if noun is None and i + 1 < ctx.sent.end and doc[i].is_title and doc[i + 1].is_title and is_person_word(doc[i]):
        i += 1  # a headline's people word the parse did not take as the counted noun: "25 Terrorist Killed"
    if (noun is None or noun.is_title) and (doc[i].is_title or doc[i].is_upper or doc[i].like_num) and not inflected_harm(doc[i].lower_):
        i = _headline_list_end(doc, i, ctx.sent.end)  # "40 Civilians 25 YPG Fighters Killed"
    if i + 1 < ctx.sent.end and doc[i].lower_ in ("other", "others", "more") and noun is None:
        i += 1  # "25 other were injured", "a hundred other wounded"
    if (noun is None and i + 1 < ctx.sent.end and ctx.m.start > ctx.sent.start and doc[i].text in ("-", "\u2013", "\u2014", ")")
            and doc[ctx.m.start - 1].text in ("-", "\u2013", "\u2014", "(")):
        i += 1  # "most of the victims - 14 - died": the count set off by dashes
        dashed = True
    else:
        dashed = False
    i = _skip_aside(doc, i, ctx.sent.end)
    i = _skip_conjoined_people(doc, i, ctx.sent.end)
    k = i
    while k < ctx.sent.end and k - i < 3 and doc[k].pos_ == "AUX" and doc[k].lemma_.lower() in ("may", "might", "have", "be", "could", "will"):
        k += 1  # "470000 *may have* died", "more than 10 million *have been* displaced"
    if k > i and k < ctx.sent.end and doc[k].tag_ in ("VBN", "VBD", "JJ"):
        i = k
    if i >= ctx.sent.end:
        return None
    word = doc[i]
    headline = word.is_title and not word.is_sent_start
    if not (
        word.tag_ in _PARTICIPLE_TAGS or word.lower_ in _PREDICATE_HARM
        or (headline and word.lower_.endswith("ed") and word.tag_ in ("NNP", "NNPS", "VBD"))
        or (word.tag_ == "VBD" and word.lemma_.lower() in _INTRANSITIVE_DEATH)
    ):
        return None
    # Not a verb with its own object or subject ("three gunmen killed 12"); a title-case
    # headline's parse may take a word before the count as the subject ("Dec 5 2016 8 Killed").
    own = {ctx.root.i} | ({noun.i} if noun is not None else set()) | set(range(ctx.end, i))
    # a participle with no auxiliary has no subject of its own: one before the count is the
    # parse's guess ("targeted the checkpoint claiming 4 martyrs and *13 injured*")
    bare_participle = word.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in word.children)
    if any((c.dep_ == "dobj" and not _counts_own_harm(c, headline) and not _source_of_speech(c))
           or (c.dep_ in ("nsubj", "nsubjpass") and c.i not in own and not ((headline or dashed or _date_word(c) or bare_participle) and c.i < ctx.m.start))
           for c in word.children):
        return None
    if _negated(word):
        return None
    cat = harm_of(word) or (HARM_WORDS.get(word.lower_) if word.lower_ not in CONTEXT_HARM else None)
    governor = word
    if cat is None and word.tag_ == "VBN":
        near = _harm_near(word)  # "the estimated 25,000 *made homeless* by mudslides"
        if near is not None:
            cat, governor = near.category, near.governor
    if cat is None:
        return None
    return _COUNT if ctx.thing_noun else Category(_paired_conj(word, cat), governor)


def harm_passive_after(ctx: CategoryContext) -> Category | None:
    """A passive harm verb right after the counted noun whose subject the parse lost, as copy
    without commas leaves it: "in the province of Daraa 16 civilians *were killed*" (the parse
    hangs "civilians" on "of"), "12 soldiers *have been wounded*"."""
    noun, doc = ctx.noun, ctx.doc
    if noun is None or noun.i < ctx.end or not is_person_noun(noun):
        return None
    # "Over 130 people *including 67 children* were killed": step over the aside
    k = _skip_aside(doc, noun.i + 1, ctx.sent.end)
    start = k
    saw_aux = False
    while k < ctx.sent.end and (doc[k].pos_ == "AUX" or doc[k].tag_ == "RB" or doc[k].lemma_.lower() == "get") and k - start <= 3:
        saw_aux = saw_aux or doc[k].lemma_.lower() in ("be", "get")  # "were killed", "got injured"
        k += 1
    if not saw_aux or k >= ctx.sent.end or doc[k].tag_ != "VBN":
        return None
    verb = doc[k]
    if noun.head.i == verb.i:
        return None  # the parse has it right: the walk up the chain reads it (with "killed or wounded")
    # A subject after the verb is its own; one before the count is the parse's guess across a
    # dateline or a missing comma ("MOSCOW (Sputnik) Over 130 people ... were killed").
    if any(c.dep_ in ("nsubj", "nsubjpass") and c.i > verb.i for c in verb.children):
        return None
    cat = harm_of(verb)
    return Category(_paired_conj(verb, cat), verb) if cat else None


def _paired_conj(verb: Token, cat: str) -> str:
    """"were killed and injured": a conjoined harm verb of the other kind without a subject of
    its own makes casualties."""
    if verb.pos_ not in _CLAUSE_POS:
        return cat
    for c in verb.children:
        if c.dep_ == "conj" and not any(g.dep_ in _SUBJECTS or _own_subject_word(g, c) for g in c.children) and {cat, harm_of(c)} == {"killed", "wounded"}:
            return "casualties"
    return cat


def toll_figure(ctx: CategoryContext) -> Category | None:
    """A figure a toll is put at, raised to or brought to, where the parse hung "at"/"to"
    elsewhere: "puts the death toll from the six-year conflict *at more than 470000*", "raised
    the death toll from airstrikes on a market ... *to 61*". Read along the words: "at"/"to"
    before the figure, and the toll noun earlier in the clause with no other number between."""
    doc, m = ctx.doc, ctx.m
    if ctx.thing_noun:
        return None
    k = m.start - 1
    while k > ctx.sent.start and k >= m.start - 3 and doc[k].lower_ in _FIGURE_HEDGES:
        k -= 1  # "at *as high as* 470000", "may be *as high as* 400000"
    if k <= ctx.sent.start or not (doc[k].lower_ in ("at", "to", "of") or doc[k].lemma_.lower() in _TOLL_FIGURE_VERBS):
        return None
    for k in range(k - 1, max(ctx.sent.start, k - 24) - 1, -1):
        tok = doc[k]
        hyphenated = k + 1 < ctx.sent.end and doc[k + 1].text == "-"  # "the six-year conflict"
        of_things = tok.head.pos_ == "NOUN" and tok.head.i > tok.i and not is_person_noun(tok.head)  # "from two towns"
        if ((tok.like_num or tok.pos_ == "NUM") and not hyphenated and not of_things) or tok.lower_ in (";", ":"):
            return None
        if tok.pos_ != "NOUN":
            continue
        lemma = tok.lemma_.lower()
        if lemma == "toll":
            kinds = [harm_of(c) for c in tok.children if c.dep_ in ("compound", "amod", "nmod") and c.i < tok.i]
            if any(c.lower_ in ("road", "traffic", "bridge", "phone") for c in tok.children):
                return None
            cat = next((c for c in kinds if c), "killed")
            return Category(cat, tok)
        if lemma in ("number", "total", "tally", "count"):
            # "the number of victims is at least 70", "brought the total number of members ...
            # killed in Syria to 18": the harm is in what the number is of
            for tok2 in tok.subtree:
                if tok2.i > tok.i and tok2.i < m.start:
                    cat = harm_of(tok2) or ("killed" if tok2.lemma_.lower() in _TOLL_SUBJECTS else None)
                    if cat:
                        return Category(cat, tok2)
            return None
    return None


#: Nouns a toll is written as when the figure comes first: "bringing to 89 *the number* of civilians killed".
_TALLY_NOUNS = {"toll", "number", "total", "tally", "count"}


def toll_before_its_noun(ctx: CategoryContext) -> Category | None:
    """A figure a toll is brought to before the toll is named, as news inverts it for a long
    toll phrase: "bringing *to 89* the number of civilians killed", "raising *to 41* the death
    toll", "took to 89 the number of people killed". Read along the words: "to" before the figure,
    then the tally noun within two words; its harm word (or "toll" alone, the dead) decides."""
    doc, m, sent = ctx.doc, ctx.m, ctx.sent
    if ctx.noun is not None and ctx.noun.i >= ctx.end:
        return None  # "brought to 89 people": the figure has its own noun
    k = m.start - 1
    while k > sent.start and k >= m.start - 3 and doc[k].lower_ in _FIGURE_HEDGES:
        k -= 1
    if k <= sent.start or doc[k].lower_ != "to" or not (doc[k - 1].pos_ in ("VERB", "AUX") or doc[k - 1].lemma_.lower() in TOLL_VERBS):
        return None
    tally = next((t for t in doc[ctx.end:min(ctx.end + 3, sent.end)] if t.lemma_.lower() in _TALLY_NOUNS and t.pos_ == "NOUN"), None)
    if tally is None or any(t.pos_ not in ("DET", "ADJ", "NOUN") for t in doc[ctx.end:tally.i]):
        return None
    if tally.lemma_.lower() == "toll":
        kinds = [harm_of(t) for t in doc[ctx.end:tally.i]]
        cat = next((c for c in kinds if c), "killed")
        return Category(cat, tally)
    for tok in doc[tally.i + 1:min(tally.i + 10, sent.end)]:
        if tok.is_punct or tok.lower_ in ("in", "since", "from", "during", "on", "at"):
            break
        cat = harm_of(tok) or ("killed" if tok.lemma_.lower() in _TOLL_SUBJECTS else None)
        if cat:
            return Category(cat, tok)
    return None


#: Verbs a toll takes its figure with directly: "the death toll ... *reached* 51".
_TOLL_FIGURE_VERBS = {"be", "reach", "hit", "top", "exceed", "surpass", "pass", "total", "stand", "become"}
#: Words that hedge a figure between its preposition or verb and the number.
_FIGURE_HEDGES = {"as", "high", "many", "much", "least", "most", "more", "than", "about", "around", "nearly", "almost", "some", "over", "roughly"}


def _step_through_preposition(ctx: CategoryContext, tok: Token, head: Token) -> Walk | None:
    """Only "of"-like prepositions carry the count to their head ("the deaths of 12"), a
    subset takes the category of its group ("58 people including 11 children", "killed along
    with six teachers"), and so do those of a toll verb ("rose to 41 from 30", "stood at 250")."""
    if not (head.dep_ == "prep" and (head.pos_ == "ADP" or is_subset_word(head))):
        return None
    if head.lower_ == "of" and (head.head.lower_ == "one" or head.head.pos_ == "NUM") and ctx.m.start > head.i:
        return _STOP  # "killed one of two crewmen": the harm is the one's; the two are the group
    if head.lower_ in ("from", "between") and tok.dep_ == "pobj" and tok.i == ctx.root.i and harm_of(head.head):
        return _GO_ON  # "said the attack killed from 500 to well over 1,000 people": a range as the object
    toll = head.head.lemma_.lower() in TOLL_VERBS
    if not is_subset_word(head) and not (toll and head.lower_ in ("to", "from", "at", "by")):
        return _STOP
    return _GO_ON


def _step_harm_word(ctx: CategoryContext, tok: Token, head: Token) -> Walk | None:
    """A harm word on the way up ("were killed", "left 12 dead"); killed and wounded
    together make casualties."""
    if head.i == ctx.end and _headline_verb(head):
        return _STOP  # "kills 12 wounds 50": the next verb, not what happened to the 12
    found = _harm_near(head)
    if found is None and tok.dep_ == "prep" and tok.lower_ == "of":
        found = _harm_agent(head)  # "the kidnappers of four professors", "the killers of 12 villagers"
    if found is None and ctx.noun is not None and is_person_noun(ctx.noun):
        cat = PEOPLE_ONLY_HARM.get(head.lemma_.lower()) or PEOPLE_ONLY_HARM.get(head.lower_)
        if cat:  # "70 terrorists were eliminated", "the elimination of 34 militants"
            found = Category(cat, head)
    if found is None:
        return None
    if ctx.thing_noun:
        return Walk(False, _COUNT)
    cat = _with_conjoined_harm(head, found.category, tok) if head.pos_ in _CLAUSE_POS else found.category
    return Walk(False, Category(cat, found.governor))


def _harm_agent(noun: Token) -> Category | None:
    """A noun for who does the harm ("kidnapper", "killers", "abductors"): the people *of* it
    suffered it."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return None
    lower = noun.lower_.rstrip("s") if noun.lower_.endswith("s") else noun.lower_
    for suffix in ("er", "or"):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 3:
            stem = lower[: -len(suffix)]
            for form in (stem, stem[:-1] if stem[-1:] == stem[-2:-1] else stem, stem + "e"):
                cat = HARM_WORDS.get(form)
                if cat and form not in ("round", "well"):
                    return Category(cat, noun)
    return None


def _step_held(ctx: CategoryContext, tok: Token, head: Token) -> Walk | None:
    """"seven of the men had been held": detained."""
    if head.lemma_.lower() == "hold" and tok.dep_ == "nsubjpass" and ctx.noun is not None and is_person_noun(ctx.noun):
        return Walk(False, Category("detained", head))
    return None


#: Fighters a side "loses" in battle (lemmas): the dead, not customers lost.
_COMBATANTS = {"soldier", "troop", "troops", "fighter", "militant", "rebel", "insurgent", "jihadist", "terrorist",
               "gunman", "gunmen", "militiaman", "combatant", "policeman", "commando", "paratrooper", "guerrilla"}


def _step_lives(ctx: CategoryContext, tok: Token, head: Token) -> Walk | None:
    """"310,000 lives", or the lives of N people, with a verb of losing or claiming them: killed
    ("claimed the lives of at least 27 children", "has taken the lives of 200000 people")."""
    lives = (ctx.noun is not None and ctx.noun.lemma_.lower() in ("life", "soul")) or tok.lemma_.lower() in ("life", "soul")
    if lives and head.lemma_.lower() in LIFE_VERBS:
        return Walk(False, Category("killed", head))  # "310,000 lives", "claimed the lives of 27 children"
    if (head.lemma_.lower() == "lose" and tok.dep_ == "dobj" and ctx.noun is not None and tok.i == ctx.noun.i
            and ctx.noun.lemma_.lower() in _COMBATANTS):
        return Walk(False, Category("killed", head))  # "the groups lost over one hundred militants"
    if (ctx.noun is None and tok.i == ctx.root.i and tok.dep_ == "dobj" and head.lemma_.lower() == "claim"
            and any(c.dep_ == "conj" and harm_of(c) == "wounded" for c in head.children)):
        return Walk(False, Category("killed", head))  # "claiming eight and injuring 14": the lives left out
    return None


def _step_clause(ctx: CategoryContext, tok: Token, head: Token) -> Walk | None:
    """At the clause's verb (or adjective) the walk stops: harm named by the subject of a toll
    verb ("the death toll rose to 41"), by a group ("were among the dead") or by the object
    ("lost their lives")."""
    if not (head.pos_ in _CLAUSE_POS or head.pos_ == "ADJ"):
        return None
    found = None
    if head.lemma_.lower() in TOLL_VERBS and tok.dep_ not in _SUBJECTS:
        found = _harm_in_subject(head, tok)
    found = found or _harm_of_group(head, tok) or _harm_of_object(head, tok)
    if found is None and ctx.noun is not None and is_person_noun(ctx.noun):
        found = _harm_of_shared_verb(head, tok)
    return Walk(False, found)


def _harm_of_shared_verb(verb: Token, via: Token) -> Category | None:
    """Harm named by a second verb sharing a count of people as subject: "seven youths were
    knifed *and shot to death*" (the first verb no harm word)."""
    if via.dep_ not in _SUBJECTS:
        return None
    for child in verb.children:
        if child.dep_ == "conj" and child.pos_ == "VERB" and not any(
                g.dep_ in _SUBJECTS or _own_subject_word(g, child) for g in child.children):
            found = _harm_near(child)
            if found:
                return found
    return None


def _step_noun(ctx: CategoryContext, tok: Token, head: Token) -> Walk | None:
    """A noun on the way up ends the walk, unless it is a tally ("the number of dead")
    or the count hangs on it by a conjunction, apposition or preposition."""
    if head.pos_ in ("NOUN", "PROPN") and tok.dep_ not in ("conj", "appos", "prep", "pobj"):
        if head.lemma_.lower() not in ("number", "total", "tally", "count"):
            return _STOP
    return None


#: The steps tried at each head on the way from the count to its clause, in order.
CHAIN_STEPS: tuple[Callable[[CategoryContext, Token, Token], Walk | None], ...] = (
    _step_through_preposition,
    _step_harm_word,
    _step_held,
    _step_lives,
    _step_clause,
    _step_noun,
)


def harm_up_the_chain(ctx: CategoryContext) -> Category | None:
    """Walk from the counted noun (or the number) up through its heads to the clause,
    with :data:`CHAIN_STEPS` at each head."""
    tok = ctx.noun if ctx.noun is not None else ctx.root
    if tok is ctx.noun and tok.dep_ == "compound" and not is_person_noun(tok.head) and tok.head.i > tok.i:
        while tok.dep_ == "compound" and tok.head.i > tok.i:
            tok = tok.head  # a people noun glued into a name (:func:`counted_noun`): walk from the name's place
    if tok.dep_ == "conj" and tok.i + 1 < ctx.sent.end:
        verb = tok.doc[tok.i + 1]
        if verb.tag_ in ("VBD", "VBZ", "VBP") and not any(c.dep_ in _SUBJECTS for c in verb.children):
            return None  # "killed five people and two others *survived*": the verb the parse left without its subject
    for _ in range(_MAX_CHAIN):
        head = tok.head
        if head.i == tok.i or not (ctx.sent.start <= head.i < ctx.sent.end):
            return None
        walk = next((w for step in CHAIN_STEPS if (w := step(ctx, tok, head)) is not None), _GO_ON)
        if not walk.go_on:
            return walk.found
        tok = head
    return None


#: Nouns that are the dead whatever verb governs them: "claiming 4 *martyrs* and 13 injured".
_DEATH_NOUNS = {"martyr", "fatality"}


def death_noun(ctx: CategoryContext) -> Category | None:
    """Martyrs and fatalities counted are the dead, before any walk up the parse could hand
    them a neighbour's harm ("claiming 4 martyrs and 13 injured": the parse hangs "injured" on
    "claiming")."""
    noun = ctx.noun
    if noun is None or noun.i < ctx.end or noun.lemma_.lower() not in _DEATH_NOUNS:
        return None
    return Category("killed", noun)


def corpse_noun(ctx: CategoryContext) -> Category | None:
    """Bodies counted are the dead whatever befalls them: "up to 140 bodies could still be
    *trapped*", "12 bodies were *recovered*"."""
    noun = ctx.noun
    if noun is not None and noun.lemma_.lower() in ("body", "corpse") and harm_of(noun):
        return Category("killed", noun)
    return None


def harm_noun(ctx: CategoryContext) -> Category | None:
    """The counted noun is itself a harm word: "refugees", "12 dead"."""
    if ctx.noun is None:
        return None
    cat = harm_of(ctx.noun)
    return Category(cat, ctx.noun) if cat else None


def harm_modifier(ctx: CategoryContext) -> Category | None:
    """A word modifying the counted noun: "wounded civilians", "people killed"."""
    noun = ctx.noun
    if noun is None:
        return None
    for child in noun.children:
        if child.dep_ in ("acl", "relcl") and child.i > noun.i + 1 and not is_person_noun(noun):
            continue  # "one of the reasons why ... these terms disappearing": not about people
        if child.dep_ in ("acl", "relcl") and any(c.dep_ == "dobj" for c in child.children):
            continue  # "25,000 people who can't arrest anyone", "gunmen killing civilians": the agents
        if child.dep_ in ("amod", "compound", "acl", "relcl", "nmod") and child.i != ctx.root.i:
            found = _harm_near(child)
            if found:
                if ctx.thing_noun:
                    return _COUNT  # "two besieged villages": not people
                others = {harm_of(c) for c in child.children if c.dep_ == "conj"}
                if {found.category} | others >= {"killed", "wounded"}:
                    return Category("casualties", child)  # "hundreds of dead and injured people"
                return found
    return None


def hyphenated_attribute(ctx: CategoryContext) -> Category | None:
    """"a 15-member council": an attribute of a singular noun, not a count of people."""
    noun, root, doc = ctx.noun, ctx.root, ctx.doc
    if noun is not None and root.i + 2 == noun.i and doc[root.i + 1].text == "-" and noun.tag_ in ("NN", "NNP"):
        return _COUNT
    return None


def harm_verb_before(ctx: CategoryContext) -> Category | None:
    """A harm verb right before the count that the parse missed ("Kills at least 50 Gunmen")."""
    if ctx.thing_noun:
        return None
    found = _harm_verb_before(ctx.doc, ctx.m, ctx.sent)
    if found is None:
        return None
    return _paired_harm_verbs(ctx, found) or found


def _paired_harm_verbs(ctx: CategoryContext, found: Category) -> Category | None:
    """Two harm verbs sharing the count, as headlines pair them: "Bombings *Kill, Injure*
    Dozens", "mines *killed wounded* dozens": killed and wounded together are casualties."""
    doc, k = ctx.doc, found.governor.i - 1
    while k >= ctx.sent.start and doc[k].lower_ in (",", "and", "or", "&"):
        k -= 1
    if k < ctx.sent.start:
        return None
    other = harm_of(doc[k]) or (inflected_harm(doc[k].lower_) if doc[k].pos_ == "VERB" or doc[k].is_title else None)
    if {found.category, other} == {"killed", "wounded"}:
        return Category("casualties", found.governor)
    return None


def people_noun(ctx: CategoryContext) -> Category | None:
    """Any other count of a noun for people: "people"."""
    return Category("people", None) if ctx.noun is not None and is_person_noun(ctx.noun) else None


#: The category rules, in order; the first that answers decides (else "count").
CATEGORY_RULES: tuple[Callable[[CategoryContext], Category | None], ...] = (
    category_of_kind,
    list_style_toll,
    households_of_people,
    place_in_ranking,
    unparsed_count,
    harm_participle_after,
    harm_word_after,
    harm_passive_after,
    death_noun,
    corpse_noun,
    harm_up_the_chain,
    toll_figure,
    toll_before_its_noun,
    harm_noun,
    harm_modifier,
    hyphenated_attribute,
    harm_verb_before,
    people_noun,
)


def read_category(doc: Doc, m: Mention, noun: Token | None, sent: Span) -> Category:
    """The category of a mention and the token that decided it, by :data:`CATEGORY_RULES`.

    Args:
        doc: the Doc.
        m: the mention.
        noun: the noun it counts (:func:`counted_noun`), if any.
        sent: its sentence.

    Returns:
        The category, with the harm word that decided it (or None).
    """
    end = max(m.end, m.unit_end)
    ctx = CategoryContext(doc, m, noun, sent, phrase_root(doc, m.start, end), end)
    for rule in CATEGORY_RULES:
        found = rule(ctx)
        if found is not None:
            return _verbs_pair_before(ctx, found) if found.category in ("killed", "wounded", "people") else found
    return _COUNT


def _verbs_pair_before(ctx: CategoryContext, found: Category) -> Category:
    """Killed and wounded verbs written side by side before the count ("mines *killed wounded*
    dozens", "Bombings *Kill, Injure* 30"), however the parse hung them: casualties."""
    doc, k = ctx.doc, ctx.m.start - 1
    kinds = set()
    while k >= ctx.sent.start and len(kinds) < 3 and ctx.m.start - k <= 4:
        tok = doc[k]
        if tok.lower_ not in (",", "and", "or", "&"):
            cat = harm_of(tok) if tok.pos_ in ("VERB", "ADJ", "PROPN", "NOUN") or tok.is_title else None
            if cat is None:
                break
            kinds.add(cat)
        k -= 1
    return Category("casualties", found.governor) if kinds >= {"killed", "wounded"} else found


_SUBSET_PREPOSITIONS = {"including", "includes", "included", "among", "amongst"}


def is_subcount(doc: Doc, m: Mention, noun: Token | None) -> bool:
    """A count of people picked out of a larger group or toll: "58 people *including 12
    foreigners*", "*four children* were among the dead", "*two of whom* were children"."""
    if not doc.has_annotation("DEP"):
        return False
    tok = noun if noun is not None else phrase_root(doc, m.start, max(m.end, m.unit_end))
    if tok.head.lower_ in _SUBSET_PREPOSITIONS and tok.dep_ == "pobj":
        return True
    if tok.dep_ in _SUBJECTS and any(c.dep_ == "prep" and c.lower_ in ("among", "amongst") for c in tok.head.children):
        return True
    number = doc[m.num_start]
    return any(c.lower_ == "of" and any(o.lower_ in ("whom", "them", "those") for o in c.children) for c in number.children)


def _entity_text(tok: Token) -> str | None:
    doc = tok.doc
    for ent in doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent.text
    return None


def _place_in(subtree_root: Token, exclude: range) -> str | None:
    for tok in subtree_root.subtree:
        if tok.i in exclude:
            continue
        if tok.ent_type_ in PLACE_LABELS:
            return _entity_text(tok)
        if tok.ent_type_ == "NORP" and tok.pos_ == "PROPN" and tok.tag_ == "NNP" and tok.dep_ == "pobj":
            return _entity_text(tok)  # the model sometimes tags a city as NORP
        if _unlabelled_place(tok):
            return _entity_text(tok) or tok.doc[_propn_start(tok):tok.i + 1].text
    return None


#: Prepositions after which a bare proper name is a place ("killed in Kobane").
_PLACE_ONLY_PREPOSITIONS = {"in", "near", "around", "outside", "inside", "across", "throughout"}


def _unlabelled_place(tok: Token) -> bool:
    """A proper name the model did not tag as a place (or tagged ORG), as the object of
    "in"/"near"/"around": small towns and districts ("killed in and around Kobane")."""
    return (
        tok.dep_ == "pobj" and tok.pos_ == "PROPN" and tok.is_title and tok.ent_type_ in ("", "ORG")
        and tok.head.lower_ in _PLACE_ONLY_PREPOSITIONS
        and not any(c.dep_ in ("det", "poss") for c in tok.children)
    )


def _propn_start(tok: Token) -> int:
    i = tok.i
    while i - 1 >= 0 and tok.doc[i - 1].pos_ == "PROPN" and tok.doc[i - 1].head.i == tok.i and tok.doc[i - 1].dep_ == "compound":
        i -= 1
    return i


def _conjoined_verbs(chain: list[Token]) -> list[Token]:
    """Verbs coordinated with the clause verb, which often carry the shared
    modifiers ("12 were killed and 40 wounded *in Aleppo on Monday*")."""
    verbs = [t for t in chain if t.pos_ in _CLAUSE_POS]
    extra = [c for v in verbs for c in v.children if c.dep_ == "conj" and c.pos_ in _CLAUSE_POS]
    return extra + [v.head for v in verbs if v.dep_ == "conj"]


def read_location(chain: list[Token], m: Mention) -> Placed | None:
    """The place the clause ties the count to: "the war *in Syria* that has claimed...".

    Returns:
        The place as written and the token that attaches it to the clause, or None.
    """
    exclude = range(m.start, max(m.end, m.unit_end))
    on_chain = {t.i for t in chain}
    for tok in chain + _conjoined_verbs(chain):
        for child in tok.children:
            if child.i in on_chain:
                continue
            if child.dep_ == "prep" and child.lower_ in PLACE_PREPOSITIONS:
                place = _place_in(child, exclude)
                if place:
                    return Placed(place, child)
            elif child.dep_ in ("compound", "poss", "nmod", "npadvmod") and child.ent_type_ in PLACE_LABELS:
                return Placed(_entity_text(child), child)
    return _place_of_source(chain[-1], exclude)


def _place_of_source(tok: Token, exclude: range) -> Placed | None:
    """The place of whoever reports the count, when the clause names none: "*officials in
    Aleppo* said 12 people died"."""
    for _ in range(_MAX_CHAIN):
        head = tok.head
        if head.i == tok.i:
            return None
        if head.pos_ in _CLAUSE_POS and head.lemma_.lower() in SPEECH_VERBS and tok.dep_ in ("ccomp", "parataxis"):
            for subject in (c for c in head.children if c.dep_ == "nsubj"):
                for prep in (c for c in subject.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPOSITIONS):
                    place = _place_in(prep, exclude)
                    if place:
                        return Placed(place, subject)
            return None
        tok = head
    return None


def _date_text(prep: Token, exclude: range) -> str | None:
    objs = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
    if not objs:
        return None
    obj = objs[0]
    end = obj.right_edge.i + 1
    for ent in obj.doc.ents:
        if ent.start < end <= ent.end - 1 or (ent.start <= obj.i < ent.end):
            end = max(end, ent.end)  # "since mid-September": the whole date
    span = obj.doc[prep.i:end]
    if any(t.i in exclude for t in span):
        return None
    if prep.lower_ == "since" and len(span) <= 10:
        return span.text
    if any(t.ent_type_ in TIME_LABELS for t in obj.subtree) and obj.ent_type_ in TIME_LABELS:
        return span.text if len(span) <= 8 else None
    return None


def read_time_scope(chain: list[Token], m: Mention) -> Placed | None:
    """The time the clause ties the count to: "since 2011", "in December", "last week".

    Returns:
        The time phrase as written and the token that attaches it to the clause, or None.
    """
    exclude = range(m.start, max(m.end, m.unit_end))
    on_chain = {t.i for t in chain}
    for tok in chain + _conjoined_verbs(chain):
        for child in tok.children:
            if child.i in on_chain or child.i in exclude:
                continue
            if child.dep_ == "prep" and child.lower_ in TIME_PREPOSITIONS:
                text = _date_text(child, exclude)
                if text:
                    return Placed(text, child)
            elif child.dep_ in ("npadvmod", "tmod", "advmod") and child.ent_type_ in TIME_LABELS:
                ent = [e for e in child.doc.ents if e.start <= child.i < e.end]
                if ent and not any(i in exclude for i in range(ent[0].start, ent[0].end)):
                    return Placed(ent[0].text, child)
            elif child.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "since" for c in child.children):
                span = child.doc[child.left_edge.i:child.right_edge.i + 1]
                if len(span) <= 10:
                    return Placed(span.text, child)
    return None


def _source_text(subject: Token) -> str | None:
    if subject.lower_ in PRONOUNS:
        return None
    skip = {"relcl", "appos", "acl", "advcl", "punct", "parataxis"}
    keep = [subject]
    stack = [c for c in subject.children if c.dep_ not in skip]
    while stack:
        tok = stack.pop()
        keep.append(tok)
        stack.extend(c for c in tok.children if c.dep_ not in skip)
    idx = sorted(t.i for t in keep)
    # Only the contiguous stretch around the head.
    lo = hi = subject.i
    while lo - 1 in idx:
        lo -= 1
    while hi + 1 in idx:
        hi += 1
    span = subject.doc[lo:hi + 1]
    return span.text


def read_claimed_by(chain: list[Token], sent: Span) -> str | None:
    """The source the sentence credits: "according to Tass", "officials said", "Iran said"."""
    for tok in sent:
        if tok.lower_ == "according":
            for to in tok.children:
                if to.lower_ == "to":
                    objs = [c for c in to.children if c.dep_ == "pobj"]
                    if objs:
                        return _source_text(objs[0])
    tok = chain[-1]
    for _ in range(_MAX_CHAIN):
        head = tok.head
        if head.i == tok.i:
            break
        lemma = head.lemma_.lower()
        if head.pos_ in _CLAUSE_POS and lemma in SPEECH_VERBS and tok.dep_ in ("ccomp", "parataxis", "xcomp", "advcl", "conj", "dobj"):
            subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i != tok.i]
            if subjects:
                if subjects[0].dep_ == "nsubjpass":
                    agents = [p for c in head.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
                    return _source_text(agents[0]) if agents else None
                return _source_text(subjects[0])
            return None
        tok = head
    # The clause's own verb may be the speech verb's complement further up ("Iran said it ...").
    return None


def read_cumulative(category: str, chain: list[Token], time_scope: str | None, governor: Token | None) -> bool | None:
    """True for a running total, False for one incident, None for amounts that are not counts of people."""
    from newsfacts.schema import PEOPLE_CATEGORIES

    if category not in PEOPLE_CATEGORIES:
        return None
    if time_scope and time_scope.lower().startswith(("since", "so far", "to date")):
        return True
    words = {t.lemma_.lower() for t in chain} | {t.lower_ for t in chain}
    if governor is not None:
        words |= {t.lower_ for t in governor.subtree} if governor.pos_ in ("NOUN", "PROPN") else set()
        words |= {t.lower_ for c in governor.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
    if words & CUMULATIVE_WORDS:
        return True
    verbs = [t for t in chain if t.pos_ in _CLAUSE_POS]
    for verb in verbs:
        kids = [c.lower_ for c in verb.subtree]
        for phrase in CUMULATIVE_PHRASES:
            n = len(phrase)
            if any(tuple(kids[i:i + n]) == phrase for i in range(len(kids) - n + 1)):
                return True
    return False


def _subject_range(verb: Token, sent: Span) -> tuple[int, int] | None:
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    if not subjects:
        return None
    subj = subjects[0]
    if subj.lower_ in ("that", "which", "who") and verb.dep_ in ("relcl", "acl") and verb.head.i < subj.i:
        noun = verb.head
        return noun.left_edge.i, subj.i + 1
    lo, hi = subj.left_edge.i, subj.right_edge.i + 1
    if hi - lo > 10:
        lo, hi = subj.i, subj.i + 1
    return max(lo, sent.start), min(hi, sent.end)


def read_evidence(doc: Doc, m: Mention, noun: Token | None, governor: Token | None, chain: list[Token], sent: Span,
                  *, category: str, place_time: list[Token]) -> tuple[int, int]:
    """Token range of the evidence: the number, what it counts, the governing word and its
    subject, and the place and time phrases the fact carries."""
    lo, hi = m.start, max(m.end, m.unit_end)
    if not doc.has_annotation("DEP"):
        return lo, hi
    if noun is not None:
        lo = min(lo, max(noun.left_edge.i, sent.start))
        hi = max(hi, noun.i + 1)
    verb = None
    if governor is not None and governor.pos_ in ("NOUN", "PROPN"):
        lo, hi = min(lo, governor.left_edge.i), max(hi, governor.i + 1)
    elif governor is not None:
        verb = governor
    elif not (m.kind in ("duration", "measure", "age", "money", "percent") and noun is not None):
        verb = next((t for t in chain if t.pos_ in _CLAUSE_POS or (t.pos_ == "ADJ" and t.dep_ == "ROOT")), None)
    if verb is not None:
        lo, hi = min(lo, verb.i), max(hi, verb.i + 1)
        subj = _subject_range(verb, sent)
        if subj:
            subj_lo, subj_hi = subj
            lo, hi = min(lo, subj_lo), max(hi, subj_hi)
        for child in verb.children:
            if child.dep_ == "mark" or (child.dep_ == "prt"):
                lo, hi = min(lo, child.i), max(hi, child.i + 1)
            elif category == "casualties" and child.dep_ == "conj" and harm_of(child):
                hi = max(hi, child.i + 1)  # "killed or wounded"
        if category == "casualties" and verb.dep_ == "conj" and harm_of(verb.head):
            lo = min(lo, verb.head.i)  # "killed and injured scores"
    for tok in place_time:
        lo, hi = min(lo, tok.left_edge.i), max(hi, tok.right_edge.i + 1)
    lo, hi = max(lo, sent.start), min(hi, sent.end)
    while hi - 1 > lo and doc[hi - 1].is_punct and doc[hi - 1].i >= max(m.end, m.unit_end):
        hi -= 1
    while lo < hi - 1 and doc[lo].is_punct and lo < m.start:
        lo += 1
    return lo, hi
