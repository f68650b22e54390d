"""Entity clean-up and canonical names: the ``newsfacts_entities`` spaCy component.

The small English model gets many news entities almost right: a nationality
tagged ORG, a town tagged PERSON because nothing in the sentence says it is a
place, a later surname-only mention tagged ORG, an all-capital dateline missed.
This component rewrites ``doc.ents`` with a handful of rules that read the
dependency parse and the rest of the article, then gives every entity a
``canonical`` name: the article's fullest name for it (``Aridi`` ->
``Yehya Al-Aridi``, ``BEIRUT`` -> ``Beirut``).

Every rule is general (no lists of this or that article's names) and each was
kept only if it did not lower NER accuracy on CoNLL-2003
(``python -m newsfacts.evaluation.conll``). The title and the body are separate
Docs, so names are resolved within one Doc.

>>> import spacy, newsfacts.entities
>>> nlp = spacy.blank("en"); _ = nlp.add_pipe("newsfacts_entities")
>>> doc = nlp("BEIRUT: Rebels said so.")
>>> [(e.text, e.label_, e._.canonical) for e in doc.ents]
[('BEIRUT', 'GPE', 'Beirut')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from newsfacts.clean import find_dateline

# --------------------------------------------------------------------------- vocabularies

#: Nationality and group adjectives / nouns (lower case, singular). A whole
#: entity equal to one of these (or its plural) is NORP.
DEMONYMS: frozenset[str] = frozenset("""
afghan albanian algerian american andorran angolan argentine argentinian armenian australian austrian
azerbaijani azeri bahraini bangladeshi belarusian belgian beninese bolivian bosnian brazilian british
briton bulgarian burkinabe burmese burundian cambodian cameroonian canadian chadian chilean chinese
colombian congolese croatian cuban cypriot czech dane danish djiboutian dominican dutch ecuadorean
ecuadorian egyptian emirati english eritrean estonian ethiopian european filipino finn finnish french
gabonese gambian georgian german ghanaian greek guatemalan guinean haitian honduran hungarian icelandic
indian indonesian iranian iraqi irish israeli italian ivorian jamaican japanese jordanian kazakh
kazakhstani kenyan korean kosovar kuwaiti kyrgyz lao laotian latvian lebanese liberian libyan
lithuanian luxembourger macedonian malagasy malawian malaysian malian maltese mauritanian mexican
moldovan mongolian montenegrin moroccan mozambican namibian nepalese nepali nicaraguan nigerian
nigerien norwegian omani pakistani palestinian panamanian paraguayan persian peruvian polish portuguese
qatari romanian russian rwandan salvadoran saudi scottish senegalese serb serbian sierra leonean
singaporean slovak slovenian somali south african spanish sri lankan sudanese swede swedish swiss
syrian taiwanese tajik tanzanian thai togolese tunisian turkish turkmen ugandan ukrainian uruguayan
uzbek venezuelan vietnamese welsh yemeni zambian zimbabwean
arab kurd kurdish druze alawite sunni shia shiite christian muslim jewish jew hindu sikh buddhist
catholic protestant orthodox pashtun tamil sinhalese uighur uyghur rohingya tutsi hutu berber bedouin
turkoman turkmen yazidi coptic copt maronite assyrian armenian chechen dagestani circassian
republican democrat conservative liberal socialist communist labourite tory
""".split()) | frozenset({"sierra leonean", "south african", "sri lankan", "north korean", "south korean",
                          "new zealander", "saudi arabian"})

#: Plurals that are not demonym + "s".
_IRREGULAR_PLURALS = {"frenchmen": "french", "englishmen": "english", "dutchmen": "dutch",
                      "swiss": "swiss", "chinese": "chinese", "japanese": "japanese"}

#: Nouns for an administrative place: "the city of X", "the provinces of X and Y".
PLACE_NOUNS: frozenset[str] = frozenset("""
city town village province governorate district region capital county municipality prefecture
oblast emirate kingdom republic state island port suburb enclave neighbourhood neighborhood
""".split())

#: Nouns that make a following proper-noun compound a place: "Idlib province".
PLACE_HEADS: frozenset[str] = frozenset("province governorate district county prefecture oblast".split())

#: Nouns whose "of X" object is an organisation, not a person: "a leading figure of X".
MEMBERSHIP_NOUNS: frozenset[str] = frozenset("""
member members figure figures leader leaders commander commanders fighter fighters militant militants
founder founders spokesman spokeswoman spokesperson official officials chief head chairman
ranks faction factions wing affiliate branch
""".split())

#: Words that mark a name as an organisation (used before turning a span into a PERSON).
ORG_WORDS: frozenset[str] = frozenset("""
agency airline airlines airways alliance army assembly association authority bank bancorp board brigade
brigades bureau cabinet centre center church club coalition college commission committee company
congress corp corporation council court department federation forces foundation front fund group
guard holdings inc institute international league ltd media ministry movement navy network news
office organisation organization parliament party police post press radio service services society
team telecom times today tribunal union united university
""".split())

#: Arabic and other name particles: "Al-Aridi" is also mentioned as "Aridi".
_NAME_PARTICLE = re.compile(r"^(?:al|el|ad|an|ar|as|at|az|ash|ul|bin|ibn|abu|de|da|di|van|von|der|le|la)[-‐‑’']", re.I)

_BOILERPLATE = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved|terms of use|privacy policy", re.I)
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+\.[\w.]+\b|\b[\w-]+\.(?:com|org|net|gov|co\.uk)\b\S*", re.I)

# --------------------------------------------------------------------------- configuration


@dataclass(frozen=True)
class Rules:
    """Which clean-up rules run (all on by default)."""

    dateline: bool = True
    boilerplate: bool = True
    demonyms: bool = True
    place_nouns: bool = True
    membership: bool = True
    coordination: bool = True
    split_place_prefix: bool = True
    surnames: bool = True


EntityTuple = tuple[int, int, str]  # (start token, end token, label)


# --------------------------------------------------------------------------- small helpers


def demonym_base(text: str) -> str | None:
    """The demonym a text is (``"Russians"`` -> ``"russian"``), or None.

    >>> demonym_base("Kazakh"), demonym_base("Russians"), demonym_base("Kazakhstan")
    ('kazakh', 'russian', None)
    """
    low = " ".join(text.lower().split())
    if low in DEMONYMS:
        return low
    if low in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[low]
    for suffix in ("s", "es"):
        if low.endswith(suffix) and low[: -len(suffix)] in DEMONYMS:
            return low[: -len(suffix)]
    return None


def title_case(text: str) -> str:
    """``"NEW YORK"`` -> ``"New York"``, ``"AL-HASAKA"`` -> ``"Al-Hasaka"``."""
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), text)


def is_all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def name_keys(name: str) -> set[str]:
    """Shorter forms by which a full person name is mentioned later.

    >>> sorted(name_keys("Yehya Al-Aridi"))
    ['Al-Aridi', 'Aridi']
    >>> sorted(name_keys("Staffan de Mistura"))
    ['Mistura', 'de Mistura']
    """
    words = name.split()
    keys: set[str] = set()
    for i in range(1, len(words)):
        keys.add(" ".join(words[i:]))
    if words:
        last = words[-1]
        stripped = _NAME_PARTICLE.sub("", last)
        if stripped and stripped != last:
            keys.add(stripped)
    return {k for k in keys if k[:1].isupper() or " " in k}


def base_name(text: str) -> str:
    """An entity's text tidied for use as a name: one space, no leading "the", no possessive."""
    text = " ".join(text.split())
    text = re.sub(r"^(?:the|The|THE)\s+", "", text)
    text = re.sub(r"(?:'s|’s|')$", "", text)
    return text


def initials(name: str) -> str:
    """``"United Nations"`` -> ``"UN"`` (capitalised words only)."""
    return "".join(w[0] for w in re.split(r"[\s\-]+", name) if w[:1].isupper())


# --------------------------------------------------------------------------- canonical names


def canonical_names(ents: Sequence[Span]) -> list[str]:
    """The fullest name, within the same Doc, for each entity (in order).

    People: a mention that is a later part of a longer PERSON name
    (``Aridi``, ``Al-Aridi``) points to that name, the nearest preceding one
    first. Organisations: a mention that is the end of a longer ORG name or its
    initials (``UN`` for ``United Nations``) points to it. An all-capital
    mention takes the spelling of a mixed-case mention of the same name.
    Everything else is its own tidied text.

    Args:
        ents: entity spans of one Doc, in document order.

    Returns:
        One canonical string per entity.
    """
    bases = [base_name(e.text) for e in ents]
    labels = [e.label_ for e in ents]
    mixed_case: dict[str, str] = {}
    for b in bases:
        if not is_all_caps(b):
            mixed_case.setdefault(b.lower(), b)
    out: list[str] = []
    for i, (b, label) in enumerate(zip(bases, labels)):
        best = _fuller_name(i, b, label, bases, labels)
        if best is None and is_all_caps(b) and b.lower() in mixed_case:
            best = mixed_case[b.lower()]
        out.append(best or b)
    return out


def _fuller_name(i: int, base: str, label: str, bases: list[str], labels: list[str]) -> str | None:
    if label not in ("PERSON", "ORG"):
        return None
    candidates: list[int] = []
    for j, (other, other_label) in enumerate(zip(bases, labels)):
        if other_label != label or len(other) <= len(base):
            continue
        if label == "PERSON" and base in name_keys(other):
            candidates.append(j)
        elif label == "ORG" and (other.endswith(" " + base) or (base.isupper() and len(base) >= 2 and initials(other) == base)):
            candidates.append(j)
    if not candidates:
        return None
    before = [j for j in candidates if j < i]
    return bases[before[-1]] if before else bases[candidates[0]]


# --------------------------------------------------------------------------- rules over a Doc


def dateline_span(doc: Doc) -> tuple[int, int] | None:
    """Token range of the place of an all-capital opening dateline (``BEIRUT:``), or None.

    The dateline is the one :func:`newsfacts.clean.find_dateline` finds (labels such as
    ``FACTBOX:`` and agency names such as ``REUTERS:`` are not places). After a bare
    dash (``PRESS DIGEST - ...`` is a slug) the model must itself see a place or group
    in it.
    """
    found = find_dateline(doc.text)
    if found is None or not is_all_caps(found.place):
        return None
    span = doc.char_span(found.start, found.end, alignment_mode="contract")
    if span is None or len(span) == 0:
        return None
    if not found.marked and span[0].ent_type_ not in ("GPE", "LOC", "FAC", "NORP"):
        return None
    return span.start, span.end


def boilerplate_ranges(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges to hold no entities: copyright sentences, URLs and e-mail addresses."""
    text = doc.text  # built from the tokens on every access: once is enough
    ranges = [(m.start(), m.end()) for m in _URL.finditer(text)]
    if doc.has_annotation("SENT_START"):
        units = [(s.start_char, s.end_char) for s in doc.sents]
    else:
        units, pos = [], 0
        for line in text.split("\n"):
            units.append((pos, pos + len(line)))
            pos += len(line) + 1
    ranges += [(a, b) for a, b in units if _BOILERPLATE.search(text, a, b)]
    return ranges


def _ent_at(ents: list[list], i: int) -> int | None:
    for k, (start, end, _) in enumerate(ents):
        if start <= i < end:
            return k
    return None


def _conjuncts(token) -> list:
    """The token and everything coordinated with it ("A, B and C")."""
    root = token
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    out, stack = [], [root]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ == "conj")
    return out


def _proper_run(token) -> tuple[int, int]:
    """The proper-noun run ending at ``token``, joined by compounds or hyphens ("Al-Bab")."""
    doc = token.doc
    start = token.i
    while start > 0:
        prev = doc[start - 1]
        if prev.pos_ == "PROPN" and prev.text[:1].isupper() and "\n" not in prev.whitespace_:
            start -= 1
        elif prev.text in "-‐‑" and not prev.whitespace_ and start > 1 and doc[start - 2].pos_ == "PROPN":
            start -= 2
        else:
            break
    return start, token.i + 1


def fix_entities(doc: Doc, rules: Rules = Rules()) -> tuple[list[EntityTuple], tuple[int, int] | None]:
    """The corrected entities of a Doc as ``(start, end, label)`` token ranges.

    Args:
        doc: a Doc with entities (and, for most rules, a dependency parse).
        rules: which rules to apply.

    Returns:
        The entities, sorted and non-overlapping, and the dateline's token range (or None).
    """
    ents: list[list] = [[e.start, e.end, e.label_] for e in doc.ents]
    parsed = doc.has_annotation("DEP")

    if rules.boilerplate:
        ranges = boilerplate_ranges(doc)
        ents = [e for e in ents if not any(
            doc[e[0]].idx < b and doc[e[1] - 1].idx + len(doc[e[1] - 1]) > a for a, b in ranges)]

    dateline = dateline_span(doc) if rules.dateline else None
    if dateline:
        ents = _put_dateline(doc, ents, dateline)

    if rules.demonyms:
        for e in ents:
            if e[2] not in ("NORP", "LANGUAGE") and demonym_base(doc[e[0]:e[1]].text):
                e[2] = "NORP"

    if parsed and rules.place_nouns:
        _place_rule(doc, ents)

    if parsed and rules.membership:
        _membership_rule(doc, ents)

    if parsed and rules.coordination:
        for e in ents:
            if e[2] in ("PERSON", "NORP") and e[1] - e[0] == 1:
                group = [t for t in _conjuncts(doc[e[0]]) if t.i != e[0]]
                labels = [ents[k][2] for k in (_ent_at(ents, t.i) for t in group) if k is not None]
                if len(group) >= 2 and len(labels) == len(group) and all(lab == "GPE" for lab in labels):
                    e[2] = "GPE"

    if rules.split_place_prefix:
        ents = _split_place_prefix(doc, ents)

    if rules.surnames:
        _surname_rule(doc, ents)

    spans = filter_spans([Span(doc, s, e, label=lab) for s, e, lab in ents if e > s])
    return [(s.start, s.end, s.label_) for s in spans], dateline


def _membership_rule(doc: Doc, ents: list[list]) -> None:
    """``a leading figure of X``, ``members of X``: X is an ORG, never a PERSON; a proper noun X
    that no entity covers becomes one (the CoNLL-trained component tags unfamiliar group
    names MISC, which it never passes on)."""
    for t in doc:
        if t.lower_ not in MEMBERSHIP_NOUNS:
            continue
        for prep in t.children:
            if prep.dep_ != "prep" or prep.lower_ != "of":
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                k = _ent_at(ents, obj.i)
                if k is not None and ents[k][2] == "PERSON":
                    ents[k][2] = "ORG"
                elif k is None and obj.pos_ == "PROPN" and obj.text[:1].isupper():
                    start, end = _proper_run(obj)
                    if all(_ent_at(ents, i) is None for i in range(start, end)):
                        ents.append([start, end, "ORG"])
    ents.sort()


def _put_dateline(doc: Doc, ents: list[list], dateline: tuple[int, int]) -> list[list]:
    ds, de = dateline
    out = []
    for e in ents:
        if e[1] <= ds or e[0] >= de:
            out.append(e)
            continue
        # An entity running on past the dateline keeps only its part after the separator.
        rest = e[0] if e[0] >= de else de
        while rest < e[1] and not doc[rest].is_alpha:
            rest += 1
        if rest < e[1]:
            label = "NORP" if demonym_base(doc[rest:e[1]].text) else e[2]
            out.append([rest, e[1], label])
    out.append([ds, de, "GPE"])
    return sorted(out)


def _singular(word: str) -> str:
    word = word.lower()
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _noun_in(token, nouns: frozenset[str]) -> bool:
    """A common noun whose singular is one of ``nouns`` ("provinces" -> "province")."""
    return token.pos_ == "NOUN" and (token.lower_ in nouns or _singular(token.text) in nouns)


def _place_rule(doc: Doc, ents: list[list]) -> None:
    """``the city of X``, ``the provinces of X and Y``, ``X province``: X is a GPE."""
    targets = []
    for t in doc:
        if _noun_in(t, PLACE_NOUNS):
            for prep in t.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for obj in prep.children:
                        if obj.dep_ == "pobj" and obj.pos_ == "PROPN":
                            targets.extend(c for c in _conjuncts(obj) if c.pos_ == "PROPN")
        if _noun_in(t, PLACE_HEADS):
            targets.extend(c for c in t.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < t.i)
    for tok in targets:
        if not tok.text[:1].isupper() or demonym_base(tok.text):
            continue
        k = _ent_at(ents, tok.i)
        if k is None:
            start, end = _proper_run(tok)
            if all(_ent_at(ents, i) is None for i in range(start, end)):
                ents.append([start, end, "GPE"])
        elif ents[k][2] in ("PERSON", "ORG", "NORP"):
            ents[k][2] = "GPE"
    ents.sort()


def _split_place_prefix(doc: Doc, ents: list[list]) -> list[list]:
    """``Syria Staffan de Mistura`` (ORG) -> ``Syria`` (GPE) + ``Staffan de Mistura`` (PERSON).

    Applies when a span starts with the exact text of a GPE found elsewhere in
    the Doc and the rest is a name of two or more words without organisation words.
    """
    places = {doc[s:e].text for s, e, lab in ents if lab == "GPE"}
    out = []
    for s, e, lab in ents:
        split = None
        if lab in ("ORG", "PERSON") and e - s >= 3:
            for cut in range(s + 1, e - 1):
                rest = doc[cut:e]
                if doc[s:cut].text in places and doc[cut].is_title and not any(
                    t.lower_ in ORG_WORDS for t in rest) and sum(t.is_alpha for t in rest) >= 2:
                    split = cut
                    break
        if split is None:
            out.append([s, e, lab])
        else:
            out += [[s, split, "GPE"], [split, e, "PERSON"]]
    return out


def _surname_rule(doc: Doc, ents: list[list]) -> None:
    """A mention equal to the later part of a PERSON's name in the Doc is that PERSON."""
    keys: set[str] = set()
    for s, e, lab in ents:
        if lab == "PERSON" and e - s >= 2:
            keys |= name_keys(base_name(doc[s:e].text))
    if not keys:
        return
    for ent in ents:
        if ent[2] in ("ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "FAC") and base_name(doc[ent[0]:ent[1]].text) in keys:
            ent[2] = "PERSON"
    covered = {i for s, e, _ in ents for i in range(s, e)}
    for t in doc:
        if t.i not in covered and t.text in keys and t.is_title and (t.pos_ in ("PROPN", "") or not t.doc.has_annotation("TAG")):
            start, end = _proper_run(t)
            while start < t.i and (start in covered or not doc[start].is_title):
                start += 1
            ents.append([start, end, "PERSON"])
            covered.update(range(start, end))
    ents.sort()


# --------------------------------------------------------------------------- the component

if not Span.has_extension("canonical"):
    Span.set_extension("canonical", default=None)


class EntityCleaner:
    """Rewrites ``doc.ents`` with general rules and sets ``Span._.canonical`` on each entity."""

    def __init__(self, nlp: Language, name: str = "newsfacts_entities", *, rules: Rules = Rules()) -> None:
        self.name = name
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        ents, dateline = self.match(doc)
        self.set_annotations(doc, ents, dateline)
        return doc

    def match(self, doc: Doc) -> tuple[list[EntityTuple], tuple[int, int] | None]:
        return fix_entities(doc, self.rules)

    def set_annotations(self, doc: Doc, ents: Iterable[EntityTuple], dateline: tuple[int, int] | None = None) -> None:
        doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in ents]
        final = list(doc.ents)
        for ent, name in zip(final, canonical_names(final)):
            if dateline and (ent.start, ent.end) == dateline:
                name = title_case(name)
            ent._.canonical = name


@Language.factory(
    "newsfacts_entities",
    default_config={
        "dateline": True,
        "boilerplate": True,
        "demonyms": True,
        "place_nouns": True,
        "membership": True,
        "coordination": True,
        "split_place_prefix": True,
        "surnames": True,
    },
)
def make_entity_cleaner(
    nlp: Language,
    name: str,
    dateline: bool,
    boilerplate: bool,
    demonyms: bool,
    place_nouns: bool,
    membership: bool,
    coordination: bool,
    split_place_prefix: bool,
    surnames: bool,
) -> EntityCleaner:
    rules = Rules(dateline, boilerplate, demonyms, place_nouns, membership, coordination, split_place_prefix, surnames)
    return EntityCleaner(nlp, name, rules=rules)
