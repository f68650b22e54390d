"""Near-duplicate and syndicated articles: MinHash LSH candidates, verified by exact Jaccard.

An article is a copy when the Jaccard similarity of its body's word 5-shingles with
another article's reaches :data:`THRESHOLD` (chosen on a labelled set of pairs, see
``newsfacts/evaluation/copies.py`` and the README). Copies form groups (connected
by verified pairs); every member except the group's original gets
``copy_of`` = the original and ``copy_similarity`` = its exact Jaccard with it. The
original is the earliest published member, ties (and undated articles, which come
last) broken by ``article_id``, so the result does not depend on input order.

>>> import pyarrow as pa
>>> text = "the quick brown fox jumps over the lazy dog near the old river bank today"
>>> arts = pa.table({"article_id": ["b", "a"], "text": [text + " again", text],
...                  "published_at": pa.array([None, None], pa.timestamp("us", tz="UTC"))})
>>> find_copies(arts).to_pylist()
[{'article_id': 'b', 'copy_of': 'a', 'copy_similarity': 0.917}]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyarrow as pa

#: Words per shingle.
SHINGLE = 5
#: Exact Jaccard at or above which two bodies are copies (chosen on the labelled pairs).
THRESHOLD = 0.5
#: MinHash permutations; the LSH threshold sits below THRESHOLD so verification, not LSH, decides.
NUM_PERM = 128
LSH_THRESHOLD = 0.4
SEED = 1

WORD = re.compile(r"\w+", re.UNICODE)

COPY_SCHEMA = pa.schema([
    pa.field("article_id", pa.string(), False),
    pa.field("copy_of", pa.string(), False),
    pa.field("copy_similarity", pa.float64(), False),
])


@dataclass(frozen=True)
class Copy:
    """One article found to copy an earlier one."""

    article_id: str
    copy_of: str
    copy_similarity: float


def shingles(text: str, k: int = SHINGLE) -> frozenset[str]:
    """Lower-cased word k-shingles of a text (the whole text as one shingle when shorter).

    >>> sorted(shingles("A b c", k=2))
    ['a b', 'b c']
    """
    words = WORD.findall(text.lower())
    if len(words) < k:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i:i + k]) for i in range(len(words) - k + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Exact Jaccard similarity of two sets (0.0 when both are empty).

    >>> jaccard(frozenset("ab"), frozenset("bc"))
    0.3333333333333333
    """
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _minhash(sh: frozenset[str]):
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=SEED)
    m.update_batch([s.encode("utf-8") for s in sh])
    return m


def candidate_pairs(sets: Sequence[frozenset[str]]) -> set[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, that MinHash LSH puts in one bucket."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    pairs: set[tuple[int, int]] = set()
    for i, sh in enumerate(sets):
        if not sh:
            continue
        m = _minhash(sh)
        for j in lsh.query(m):
            pairs.add((min(i, j), max(i, j)))
        lsh.insert(i, m)
    return pairs


def similar_pairs(texts: Sequence[str], *, threshold: float = THRESHOLD) -> list[tuple[int, int, float]]:
    """Verified pairs ``(i, j, jaccard)`` of texts whose shingle Jaccard reaches ``threshold``."""
    sets = [shingles(t) for t in texts]
    out = []
    for i, j in sorted(candidate_pairs(sets)):
        sim = jaccard(sets[i], sets[j])
        if sim >= threshold:
            out.append((i, j, sim))
    return out


def _groups(n: int, pairs: Iterable[tuple[int, int, float]]) -> list[int]:
    """Union-find roots: ``root[i]`` is the representative of i's group."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j, _ in pairs:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return [find(i) for i in range(n)]


def _order_key(published, article_id: str) -> tuple:
    return (published is None, published.isoformat() if published is not None else "", article_id)


def find_copies(articles: pa.Table, *, threshold: float = THRESHOLD) -> pa.Table:
    """Copies among ``articles`` (columns ``article_id``, ``text``, ``published_at``).

    Args:
        articles: whole articles table (or any subset to check against each other).
        threshold: exact Jaccard of body shingles at or above which two articles are copies.

    Returns:
        A table ``article_id, copy_of, copy_similarity`` (3 decimals), one row per copy,
        sorted by ``article_id``; originals and unique articles have no row.
    """
    ids = articles.column("article_id").to_pylist()
    texts = articles.column("text").to_pylist()
    published = articles.column("published_at").to_pylist() if "published_at" in articles.column_names else [None] * len(ids)
    order = sorted(range(len(ids)), key=lambda i: _order_key(published[i], ids[i]))
    ids = [ids[i] for i in order]
    texts = [texts[i] or "" for i in order]
    pairs = similar_pairs(texts, threshold=threshold)
    roots = _groups(len(ids), pairs)
    sets: dict[int, frozenset[str]] = {}
    copies = []
    for i, root in enumerate(roots):
        if root == i:
            continue
        a = sets.setdefault(i, shingles(texts[i]))
        b = sets.setdefault(root, shingles(texts[root]))
        copies.append(Copy(ids[i], ids[root], round(jaccard(a, b), 3)))
    copies.sort(key=lambda c: c.article_id)
    return pa.Table.from_pylist([c.__dict__ for c in copies], schema=COPY_SCHEMA)


def copy_roots(copies: pa.Table) -> dict[str, str]:
    """``{article_id: copy_of}`` from a :func:`find_copies` table (or ``articles`` with ``copy_of``)."""
    rows = copies.select(["article_id", "copy_of"]).to_pylist()
    return {r["article_id"]: r["copy_of"] for r in rows if r["copy_of"]}


def mark_copies(articles: pa.Table, *, threshold: float = THRESHOLD) -> pa.Table:
    """``articles`` with ``copy_of`` and ``copy_similarity`` set (replaced if present) from
    :func:`find_copies` over the same table: call it on the whole ``articles`` table.
    """
    found = {r["article_id"]: r for r in find_copies(articles, threshold=threshold).to_pylist()}
    ids = articles.column("article_id").to_pylist()
    cols = {"copy_of": pa.array([found[a]["copy_of"] if a in found else None for a in ids], pa.string()),
            "copy_similarity": pa.array([found[a]["copy_similarity"] if a in found else None for a in ids], pa.float64())}
    for name, arr in cols.items():
        if name in articles.column_names:
            articles = articles.set_column(articles.column_names.index(name), name, arr)
        else:
            articles = articles.append_column(name, arr)
    return articles
