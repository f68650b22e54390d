"""A named-entity component trained on CoNLL-2003, combined with en_core_web_sm's other labels.

en_core_web_sm (OntoNotes) finds dates, numbers, money and nationalities well
but misses or mislabels many news names. ``conll_ner`` is a copy of its ``ner``
(same CNN, same size) fine-tuned on CoNLL-2003 ``eng.train`` (``make ner-model``,
:mod:`newsfacts.ner.build`), predicting PERSON, ORG, GPE (CoNLL's LOC) and MISC.
Three components run after the base ``ner``:

1. ``newsfacts_ner_stash`` moves the base model's entities to ``doc._.base_ents``
   and clears ``doc.ents`` (a spaCy ``ner`` never overrides preset entities);
2. ``conll_ner`` predicts its own entities;
3. ``newsfacts_ner_merge`` combines them (:func:`merge_entities`): the trained
   component decides PERSON/ORG/GPE/LOC/FAC, the base model keeps every other label.

The weights ship in ``newsfacts/ner/model/`` and are verified by sha256 before
loading (:func:`verify_ner_model`), like the base model in :mod:`newsfacts.nlp`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Collection, Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span

from newsfacts.errors import ModelError

PACKAGE_DIR = Path(__file__).resolve().parent
CONFIG_PATH = PACKAGE_DIR / "config.cfg"
MODEL_DIR = PACKAGE_DIR / "model"
#: Files of the trained component (spaCy's ``ner`` serialisation; no optimizer state).
MODEL_FILES = ("cfg", "moves", "model")
#: sha256 of ``model/model`` as built by ``make ner-model``.
MODEL_SHA256 = "d4ac6949b6ca71e43384f0ae4eef1db8e8e6dbd91677bc6730ed8ac1c3d6f4b3"
REBUILD_HINT = "rebuild it with `make ner-model` (needs ../shared/corpora/conll2003) or restore it from git"

COMPONENT = "conll_ner"
STASH = "newsfacts_ner_stash"
MERGE = "newsfacts_ner_merge"

#: Labels the trained component decides. A base entity with one of these labels
#: is kept only where the trained component agrees on the span.
DECIDED_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
#: Base labels that refine the trained component's GPE on the same span.
PLACE_REFINEMENTS = frozenset({"LOC", "FAC"})


EntityTuple = tuple[int, int, str]  # (start token, end token, label)

if not Doc.has_extension("base_ents"):
    Doc.set_extension("base_ents", default=None)


# --------------------------------------------------------------------------- verification


def verify_ner_model(directory: Path = MODEL_DIR, expected: str | None = None) -> Path:
    """Check the trained component's files, and its ``model`` file against the pinned sha256.

    Args:
        directory: the folder holding ``cfg``, ``moves`` and ``model``.
        expected: the sha256 to require (default :data:`MODEL_SHA256`).

    Returns:
        ``directory``.

    Raises:
        ModelError: a file is missing or the weights' hash differs.
    """
    from newsfacts.nlp import sha256_file

    expected = expected or MODEL_SHA256
    for name in MODEL_FILES:
        if not (directory / name).is_file():
            raise ModelError(f"{directory / name} is missing: the trained entity component is incomplete; {REBUILD_HINT}")
    got = sha256_file(directory / "model")
    if got != expected:
        raise ModelError(
            f"{directory / 'model'} has sha256 {got}, not the pinned {expected}: the trained entity "
            f"weights were altered or rebuilt without updating MODEL_SHA256 in newsfacts/ner/__init__.py; {REBUILD_HINT}"
        )
    return directory


# --------------------------------------------------------------------------- combining


def _overlaps(a: EntityTuple, b: EntityTuple) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def merge_entities(
    base: Sequence[EntityTuple],
    trained: Sequence[EntityTuple],
    *,
    compounds: Collection[tuple[int, int]] = (),
) -> list[EntityTuple]:
    """The combined entities of one Doc.

    - a trained PERSON / ORG / GPE is kept; its GPE becomes the base model's
      LOC or FAC when the base model gave that label to the same span;
    - a trained MISC is not an entity label of its own: it vetoes base
      PERSON / ORG / GPE / LOC / FAC entities that overlap it, except a name
      inside a hyphenated compound (``Istanbul-based``: one of ``compounds``);
    - a base entity with another label (DATE, CARDINAL, MONEY, NORP, ...) is
      kept unless it overlaps a trained PERSON / ORG / GPE;
    - a base PERSON / ORG / GPE / LOC / FAC that the trained component did not
      find is dropped.

    Args:
        base: the base model's ``(start, end, label)`` entities.
        trained: the trained component's entities.
        compounds: ``(start, end)`` of trained MISC spans that are hyphenated compounds.

    Returns:
        Non-overlapping ``(start, end, label)`` entities in text order.

    >>> merge_entities([(0, 1, "ORG"), (3, 4, "DATE"), (5, 7, "LOC")],
    ...                [(0, 1, "PERSON"), (5, 7, "GPE"), (8, 9, "GPE")])
    [(0, 1, 'PERSON'), (3, 4, 'DATE'), (5, 7, 'LOC'), (8, 9, 'GPE')]
    >>> merge_entities([(0, 1, "NORP"), (2, 3, "GPE"), (5, 6, "GPE")], [(0, 1, "MISC"), (2, 4, "MISC"), (5, 8, "MISC")],
    ...                compounds=[(5, 8)])
    [(0, 1, 'NORP'), (5, 6, 'GPE')]
    """
    base_labels = {(s, e): label for s, e, label in base}
    kept: list[EntityTuple] = []
    kept_base: list[EntityTuple] = []
    for start, end, label in trained:
        if label == "MISC":
            inside = [b for b in base if b[2] in DECIDED_LABELS and start <= b[0] and b[1] <= end]
            if (start, end) in compounds:
                kept_base += [b for b in inside if (b[0], b[1]) != (start, end)]
            continue
        if label not in DECIDED_LABELS:  # nothing else is trained
            continue
        if label == "GPE" and base_labels.get((start, end)) in PLACE_REFINEMENTS:
            label = base_labels[(start, end)]
        kept.append((start, end, label))
    kept += kept_base
    for ent in base:
        if ent[2] in DECIDED_LABELS:
            continue
        if not any(_overlaps(ent, other) for other in kept):
            kept.append(ent)
    return sorted(kept)


def trim_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` without leading or trailing space and punctuation tokens other than brackets
    (``Hama .`` -> ``Hama``).

    >>> import spacy
    >>> trim_span(spacy.blank("en")("in Hama.\\n"), 1, 4)
    (1, 2)
    """
    while start < end and _is_edge_noise(doc[start]):
        start += 1
    while end > start and _is_edge_noise(doc[end - 1]):
        end -= 1
    return start, end


def _is_edge_noise(token) -> bool:
    """Space or punctuation other than brackets (``Mladost ( BJ )`` keeps its bracket)."""
    return token.is_space or (token.is_punct and not token.is_bracket)


def is_compound(doc: Doc, start: int, end: int) -> bool:
    """A span holding a hyphen glued to its neighbours (``Istanbul-based``, ``Pakistan-born``)."""
    return any(
        doc[i].text == "-" and not doc[i - 1].whitespace_ and not doc[i].whitespace_ for i in range(start + 1, end - 1)
    )


def _tuples(ents: Iterable[Span]) -> list[EntityTuple]:
    return [(e.start, e.end, e.label_) for e in ents]


def _trained_entities(doc: Doc) -> list[EntityTuple]:
    out = []
    for ent in doc.ents:
        start, end = trim_span(doc, ent.start, ent.end)
        if start < end:
            out.append((start, end, ent.label_))
    return out


@Language.component(STASH)
def stash_base_entities(doc: Doc) -> Doc:
    """Move the base model's entities to ``doc._.base_ents`` and leave ``doc.ents`` unset for ``conll_ner``."""
    doc._.base_ents = _tuples(doc.ents)
    doc.set_ents([], default="missing")
    return doc


@Language.component(MERGE)
def merge_into_doc(doc: Doc) -> Doc:
    """Set ``doc.ents`` to :func:`merge_entities` of the stashed base entities and ``conll_ner``'s
    (trimmed of edge punctuation)."""
    base = doc._.base_ents or []
    trained = _trained_entities(doc)
    compounds = [(s, e) for s, e, label in trained if label == "MISC" and is_compound(doc, s, e)]
    merged = merge_entities(base, trained, compounds=compounds)
    doc.set_ents([Span(doc, s, e, label=label) for s, e, label in merged], default="outside")
    doc._.base_ents = None
    return doc


# --------------------------------------------------------------------------- loading


def add_conll_ner(nlp: Language, *, after: str = "ner", directory: Path = MODEL_DIR) -> str:
    """Add the verified trained component, with its stash and merge steps, after ``after``.

    The component has the architecture of the pipeline's own ``ner`` (the one it
    was fine-tuned from) and the weights in ``directory``.

    Args:
        nlp: a pipeline built from en_core_web_sm (it must have a ``ner``).
        after: the component to insert after.
        directory: the trained weights.

    Returns:
        The name of the last added component (insert later components after it).

    Raises:
        ModelError: the weights are missing or altered.
    """
    verify_ner_model(directory)
    model_config = nlp.config["components"]["ner"]["model"]
    nlp.add_pipe(STASH, after=after)
    ner = nlp.add_pipe("ner", name=COMPONENT, after=STASH, config={"model": model_config})
    ner.from_disk(directory, exclude=["vocab"])
    nlp.add_pipe(MERGE, after=COMPONENT)
    return MERGE
