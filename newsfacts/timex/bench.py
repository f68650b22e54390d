"""``python -m newsfacts.timex.bench [N]``: what the time-expression component costs.

Parses N BBC articles (default 200, every 11th file of ``../shared/corpora/bbc``) with the
production pipeline without and with ``newsfacts_timex`` (twice each, interleaved), then times
the component alone over the already-parsed Docs (best of 5), all in ms per 1,000 words
(words: tokens that are neither punctuation nor space).
"""

from __future__ import annotations

import sys
import time
from datetime import date

from newsfacts.evaluation import CORPORA


def _docs(nlp, texts: list[str]) -> list:
    docs = []
    for text in texts:
        doc = nlp.make_doc(text)
        doc._.dct = date(2005, 3, 1)
        docs.append(doc)
    return docs


def measure(n: int = 200) -> dict[str, float]:
    """ms per 1,000 words: ``without``, ``with`` (best of two whole-pipeline runs) and ``component``."""
    from newsfacts.nlp import load_nlp
    from newsfacts.timex.component import TimeExpressions

    files = sorted((CORPORA / "bbc").glob("*/*.txt"))[::11][:n]
    texts = [f.read_text(encoding="latin-1") for f in files]
    pipelines = {"without": load_nlp(timex=False), "with": load_nlp(timex=True)}
    best: dict[str, float] = {}
    words = 0
    for _ in range(2):
        for name, nlp in pipelines.items():
            t0 = time.perf_counter()
            parsed = list(nlp.pipe(_docs(nlp, texts), batch_size=16))
            best[name] = min(best.get(name, float("inf")), time.perf_counter() - t0)
            words = sum(1 for d in parsed for t in d if not (t.is_punct or t.is_space))
    base = pipelines["without"]
    component = TimeExpressions(base)
    parsed = list(base.pipe(_docs(base, texts), batch_size=16))
    alone = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        for doc in parsed:
            component(doc)
        alone = min(alone, time.perf_counter() - t0)
    return {name: 1e6 * seconds / words for name, seconds in (*best.items(), ("component", alone))}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    got = measure(int(argv[0]) if argv else 200)
    print(f"ms per 1,000 words: spaCy pipeline without timex {got['without']:.1f}, with {got['with']:.1f} "
          f"(ratio {got['without'] / got['with']:.3f}); the component alone {got['component']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
