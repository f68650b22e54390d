"""``python -m newsfacts.facts.bench [N]``: what the numeric-facts component costs.

Parses N BBC articles (default 200, every 11th file of ``../shared/corpora/bbc``) with the
production pipeline up to ``newsfacts_facts`` (the component disabled), then times the component
alone over the already-parsed Docs (best of 5), in ms per 1,000 words (words: tokens that are
neither punctuation nor space), beside the parse itself.
"""

from __future__ import annotations

import sys
import time
from datetime import date

from newsfacts.evaluation import CORPORA


def measure(n: int = 200) -> dict[str, float]:
    """ms per 1,000 words: ``pipeline`` (the parse without the component) and ``component`` (alone)."""
    from newsfacts.facts.component import NumericFacts
    from newsfacts.nlp import load_nlp

    files = sorted((CORPORA / "bbc").glob("*/*.txt"))[::11][:n]
    texts = [f.read_text(encoding="latin-1") for f in files]
    nlp = load_nlp()
    names = [name for name, _ in nlp.pipeline]
    after = names[names.index("newsfacts_facts"):] if "newsfacts_facts" in names else []
    docs = []
    for text in texts:
        doc = nlp.make_doc(text)
        if doc.has_extension("dct"):
            doc._.dct = date(2005, 3, 1)
        docs.append(doc)
    t0 = time.perf_counter()
    with nlp.select_pipes(disable=after):
        parsed = list(nlp.pipe(docs, batch_size=16))
    pipeline = time.perf_counter() - t0
    words = sum(1 for d in parsed for t in d if not (t.is_punct or t.is_space))
    component = NumericFacts(nlp)
    alone = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        for doc in parsed:
            component(doc)
        alone = min(alone, time.perf_counter() - t0)
    return {"pipeline": 1e6 * pipeline / words, "component": 1e6 * alone / words, "words": float(words)}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    got = measure(int(argv[0]) if argv else 200)
    print(f"{int(got['words'])} words; ms per 1,000 words: pipeline before the facts component "
          f"{got['pipeline']:.1f}; the facts component alone {got['component']:.2f} "
          f"({100 * got['component'] / got['pipeline']:.1f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
