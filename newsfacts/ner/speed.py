"""What the trained entity component costs: words per second with and without it, same run.

Four pipelines parse the same BBC articles in one process: spaCy alone (the
shipped model) with and without ``conll_ner``, and newsfacts' pipeline
(``load_nlp()``: rules and numeric facts) with and without it. Runs alternate
(ABCD, then DCBA) so that a busy machine hurts each about equally; the best of
the rounds is reported.

Run: ``nice -n 10 python -m newsfacts.ner.speed [--articles 300] [--rounds 2]``
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Callable, Sequence

from newsfacts.evaluation import CORPORA

BBC = CORPORA / "bbc"


def sample_texts(n: int, corpus: Path = BBC) -> list[str]:
    """``n`` BBC articles spread over the corpus (every k-th file in sorted order).

    Raises:
        FileNotFoundError: the corpus is missing.
    """
    paths = sorted(corpus.glob("*/*.txt"))
    if not paths:
        raise FileNotFoundError(f"no BBC articles under {corpus} (../shared/corpora/bbc)")
    step = max(len(paths) // n, 1)
    return [p.read_text(encoding="utf-8", errors="replace") for p in paths[::step][:n]]


def words_per_second(nlp, texts: Sequence[str], *, batch_size: int = 16) -> tuple[float, float]:
    """Whitespace-separated words of ``texts`` per wall-clock second and per CPU second of
    this process, over ``nlp.pipe``. On a shared machine the CPU figure is the steadier one."""
    words = sum(len(t.split()) for t in texts)
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return words / (time.perf_counter() - wall), words / (time.process_time() - cpu)


def pipelines() -> dict[str, Callable]:
    from newsfacts.nlp import load_nlp, load_raw_nlp

    return {
        "spaCy alone, no conll_ner": lambda: load_raw_nlp(conll_ner=False),
        "spaCy alone + conll_ner": lambda: load_raw_nlp(conll_ner=True),
        "newsfacts pipeline, no conll_ner": lambda: load_nlp(conll_ner=False),
        "newsfacts pipeline + conll_ner": lambda: load_nlp(),
    }


def measure(texts: Sequence[str], *, rounds: int = 2) -> dict[str, tuple[float, float]]:
    """Best ``(wall, CPU)`` words/s of each pipeline over ``rounds`` alternating rounds."""
    loaded = {name: load() for name, load in pipelines().items()}
    for nlp in loaded.values():
        nlp("Warm-up sentence in London on Monday.")
    best: dict[str, tuple[float, float]] = {name: (0.0, 0.0) for name in loaded}
    for r in range(rounds):
        order = list(loaded) if r % 2 == 0 else list(reversed(loaded))
        for name in order:
            wall, cpu = words_per_second(loaded[name], texts)
            best[name] = (max(best[name][0], wall), max(best[name][1], cpu))
    return best


def report(best: dict[str, tuple[float, float]]) -> str:
    """The figures as lines, with the cost of the component in each pipeline (wall and CPU).

    >>> print(report({"a": (100, 200), "b": (50, 150), "c": (80, 160), "d": (40, 120)}))
    a                                       100 words/s wall       200 words/s CPU
    b                                        50 words/s wall       150 words/s CPU
    c                                        80 words/s wall       160 words/s CPU
    d                                        40 words/s wall       120 words/s CPU
    b / a                              wall 0.50  CPU 0.75
    d / c                              wall 0.50  CPU 0.75
    d / b                              wall 0.80  CPU 0.80
    """
    lines = [f"{name:34s} {w:8.0f} words/s wall  {c:8.0f} words/s CPU" for name, (w, c) in best.items()]
    names = list(best)
    for without, with_ in ((names[0], names[1]), (names[2], names[3]), (names[1], names[3])):
        ratio_wall = best[with_][0] / best[without][0]
        ratio_cpu = best[with_][1] / best[without][1]
        lines.append(f"{with_ + ' / ' + without:34s} wall {ratio_wall:.2f}  CPU {ratio_cpu:.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=300, help="BBC articles (default 300)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds, best kept (default 2)")
    args = parser.parse_args(argv)
    texts = sample_texts(args.articles)
    print(f"{len(texts)} BBC articles, {sum(len(t.split()) for t in texts)} words, best of {args.rounds} rounds")
    print("  a = spaCy alone, no conll_ner; b = spaCy alone + conll_ner;")
    print("  c = newsfacts pipeline, no conll_ner; d = newsfacts pipeline + conll_ner")
    best = measure(texts, rounds=args.rounds)
    print(report(dict(zip("abcd", best.values()))))


if __name__ == "__main__":
    main()
