"""Near-duplicate detection (``newsfacts.copies``) on labelled article pairs made from BBC News.

The pairs are generated here, deterministically, from ``../shared/corpora/bbc`` at
evaluation time (they copy corpus text, so they are never committed):

- positives, from 150 base articles, 30 of each kind: *re-headed* (new headline,
  same body), *trimmed* (the last 10-35 % of sentences cut), *one word changed*,
  *re-worded* (an agency credit line added, one sentence dropped, ~5 % of the words
  replaced), *syndicated* (re-headed, credit line, the last 15 % of sentences cut, a word changed);
- hard negatives, 150: each base article beside the other article of its own BBC
  category with the most words in common (same topic, different story), skipping
  pairs that are themselves near-copies in the corpus (body shingle Jaccard >= 0.3);
  and 50 *follow-ups*: that other story with the base's first two sentences appended
  as background (a new story that repeats an earlier lead).

The threshold is chosen on the even-numbered pairs (best F1, ties to the higher
threshold) and reported on both halves. ``bbc_near_duplicates`` counts copy pairs
in the whole BBC corpus beyond exact duplicates.

Run: ``python -m newsfacts.evaluation.copies [--bbc-count]``
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsfacts.copies import jaccard, shingles, similar_pairs
from newsfacts.evaluation import CORPORA, Score, prf

BBC = CORPORA / "bbc"
KINDS = ("reheaded", "trimmed", "one_word", "reworded", "syndicated")
PER_KIND = 30
N_BASE = PER_KIND * len(KINDS)
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(2, 20))
SEED = 16
CREDIT = ("(AFP) - ", "LONDON (Reuters) - ", "By Staff Writers | ", "Press Association: ")


@dataclass(frozen=True)
class Pair:
    """Two article bodies and whether one copies the other."""

    kind: str
    a: str
    b: str
    copy: bool


def read_bbc(root: Path = BBC) -> list[tuple[str, str, str]]:
    """``(category, title, body)`` of every BBC article, in file order.

    Raises:
        FileNotFoundError: the corpus is absent.
    """
    if not root.is_dir():
        raise FileNotFoundError(f"{root} is missing: set NEWSFACTS_SHARED to the shared data folder")
    out = []
    for path in sorted(root.glob("*/*.txt")):
        title, _, body = path.read_bytes().decode("latin-1").partition("\n")
        out.append((path.parent.name, title.strip(), body.strip()))
    return out


def trim(body: str, rng: random.Random, share: float | None = None) -> str:
    """The body without its ending: the last 10-35 % of its sentences (or ``share`` of them)."""
    sents = re.split(r"(?<=[.!?])\s+", body)
    cut = max(1, round(len(sents) * (share if share is not None else rng.uniform(0.1, 0.35))))
    return " ".join(sents[: max(1, len(sents) - cut)])


def change_words(body: str, rng: random.Random, n: int) -> str:
    words = body.split(" ")
    for i in rng.sample(range(len(words)), min(n, len(words))):
        words[i] = rng.choice(("said", "also", "new", "major", "local", "reported", "the", "several"))
    return " ".join(words)


def drop_sentence(body: str, rng: random.Random) -> str:
    sents = re.split(r"(?<=[.!?])\s+", body)
    if len(sents) > 3:
        del sents[rng.randrange(1, len(sents))]
    return " ".join(sents)


def make_copy(kind: str, body: str, rng: random.Random) -> str:
    """A copy of ``body`` of the given kind (the headline is not part of the compared body)."""
    if kind == "reheaded":
        return body
    if kind == "trimmed":
        return trim(body, rng)
    if kind == "one_word":
        return change_words(body, rng, 1)
    n_words = len(body.split())
    if kind == "reworded":
        return rng.choice(CREDIT) + change_words(drop_sentence(body, rng), rng, n_words // 20)
    return rng.choice(CREDIT) + change_words(trim(body, rng, 0.15), rng, 1)


def _nearest_same_topic(i: int, arts: Sequence[tuple[str, str, str]], words: Sequence[frozenset[str]],
                        sh: Sequence[frozenset[str]]) -> int | None:
    best, best_sim = None, -1.0
    for j, art in enumerate(arts):
        if j == i or art[0] != arts[i][0] or jaccard(sh[i], sh[j]) >= 0.3:
            continue
        sim = jaccard(words[i], words[j])
        if sim > best_sim:
            best, best_sim = j, sim
    return best


def make_pairs(arts: Sequence[tuple[str, str, str]], *, seed: int = SEED) -> list[Pair]:
    """The labelled pairs: 150 copies of five kinds, then 150 same-topic and 50 follow-up negatives."""
    rng = random.Random(seed)
    base = sorted(rng.sample(range(len(arts)), N_BASE))
    pairs = [Pair(KINDS[k % len(KINDS)], arts[i][2], make_copy(KINDS[k % len(KINDS)], arts[i][2], rng), True)
             for k, i in enumerate(base)]
    words = [frozenset(re.findall(r"\w+", a[2].lower())) for a in arts]
    sh = [shingles(a[2]) for a in arts]
    for k, i in enumerate(base):
        j = _nearest_same_topic(i, arts, words, sh)
        if j is None:
            continue
        pairs.append(Pair("same_topic", arts[i][2], arts[j][2], False))
        if k % 3 == 0:  # a follow-up story that repeats the base's opening as background
            lead = " ".join(re.split(r"(?<=[.!?])\s+", arts[i][2])[:2])
            pairs.append(Pair("follow_up", arts[i][2], arts[j][2] + "\n\n" + lead, False))
    return pairs


@lru_cache(maxsize=None)
def similarity(pair: Pair) -> float:
    """The pair's exact Jaccard when MinHash LSH makes it a candidate, else 0 (never compared)."""
    found = similar_pairs([pair.a, pair.b], threshold=0.0)
    return found[0][2] if found else 0.0


def score(pairs: Sequence[Pair], threshold: float) -> tuple[float, float, float, int, int]:
    """P, R, F1, n gold copies, n predicted copies at one threshold."""
    pred = [similarity(p) >= threshold for p in pairs]
    tp = sum(1 for p, y in zip(pairs, pred) if y and p.copy)
    n_gold = sum(p.copy for p in pairs)
    return (*prf(tp, sum(pred), n_gold), n_gold, sum(pred))


def choose_threshold(pairs: Sequence[Pair]) -> float:
    """The threshold with the best F1 on ``pairs`` (ties to the higher one)."""
    return max(THRESHOLDS, key=lambda t: (score(pairs, t)[2], t))


def bbc_near_duplicates(arts: Sequence[tuple[str, str, str]], threshold: float) -> tuple[int, int]:
    """``(exact, near)``: copy pairs among BBC bodies that are identical, and the others."""
    bodies = [a[2] for a in arts]
    pairs = similar_pairs(bodies, threshold=threshold)
    exact = sum(1 for i, j, _ in pairs if arts[i][1:] == arts[j][1:])
    return exact, len(pairs) - exact


def evaluate(*, limit: int | None = None, bbc_count: bool = False) -> list[Score]:
    """Precision and recall of copy detection on the generated pairs (choice half and other half)."""
    arts = read_bbc()
    pairs = make_pairs(arts)[: limit or None]
    choice, other = pairs[0::2], pairs[1::2]
    t = choose_threshold(choice)
    scores = []
    for name, part in (("threshold-choice half", choice), ("other half", other)):
        p, r, f, n_gold, n_pred = score(part, t)
        scores.append(Score(f"near-duplicates (BBC pairs, {name})", f"MinHash LSH + Jaccard >= {t}", p, r, f,
                            n_gold, n_pred, f"{len(part)} pairs"))
    if bbc_count:
        exact, near = bbc_near_duplicates(arts, t)
        scores.append(Score("near-duplicates (BBC corpus)", f"pairs at Jaccard >= {t}", float("nan"), float("nan"),
                            float("nan"), 0, exact + near, f"{exact} exact, {near} near-duplicate pairs beyond them"))
    return scores


REUTERS = CORPORA / "reuters21578"
_REUTERS_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)


def read_reuters_bodies(root: Path = REUTERS) -> list[str]:
    """The body of every Reuters-21578 document that has one (``reut2-*.sgm``, Latin-1)."""
    import html

    out = []
    for path in sorted(root.glob("reut2-*.sgm")):
        for body in _REUTERS_BODY.findall(path.read_bytes().decode("latin-1")):
            out.append(re.sub(r"\s*Reuter\s*\x03?\s*$", "", html.unescape(body)).replace("\x03", "").strip())
    return out


def time_copies(new: int = 100) -> dict[str, float]:
    """Seconds to find copies among every Reuters + BBC body: all signatures computed, and as a run
    does with the copy index when ``new`` articles are added (the others' signatures reused)."""
    import time

    import pyarrow as pa

    from newsfacts.copies import find_copies, indexed_signatures, lsh_params

    texts = [body for _, _, body in read_bbc()] + read_reuters_bodies()
    ids = [f"a{i:05d}" for i in range(len(texts))]
    table = pa.table({"article_id": ids, "text": texts, "published_at": pa.nulls(len(texts), pa.timestamp("us", tz="UTC"))})
    lsh_params()  # datasketch's import and band parameters, once per process
    t = time.perf_counter()
    full = find_copies(table)
    full_s = time.perf_counter() - t
    _, index, _ = indexed_signatures(ids[:-new], texts[:-new], None)
    t = time.perf_counter()
    sigs, _, computed = indexed_signatures(ids, texts, index)
    indexed = find_copies(table, sigs=sigs)
    return {"articles": len(texts), "copies": full.num_rows, "full_s": full_s,
            "with_index_s": time.perf_counter() - t, "computed": computed, "same": float(indexed.equals(full))}


def main(argv: list[str] | None = None) -> int:
    from newsfacts.evaluation.report import format_table

    parser = argparse.ArgumentParser(prog="python -m newsfacts.evaluation.copies", description=__doc__.split("\n")[0])
    parser.add_argument("--bbc-count", action="store_true", help="also count copy pairs in the whole BBC corpus")
    parser.add_argument("--timing", action="store_true",
                        help="only time copy finding over all Reuters + BBC bodies (full, and with the index)")
    args = parser.parse_args(argv)
    if args.timing:
        print({k: round(v, 2) for k, v in time_copies().items()})
        return 0
    print(format_table(evaluate(bbc_count=args.bbc_count)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
