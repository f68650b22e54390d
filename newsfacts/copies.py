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

import os
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pyarrow as pa

#: Words per shingle.
SHINGLE = 5
#: Exact Jaccard at or above which two bodies are copies (chosen on the labelled pairs).
THRESHOLD = 0.5
#: MinHash permutations; the LSH threshold sits below THRESHOLD so verification, not LSH, decides
#: (37 bands of 3 rows: a pair at Jaccard 0.5 is a candidate with probability 0.993, at 0.6 1.000).
NUM_PERM = 128
LSH_THRESHOLD = 0.3
SEED = 1
#: datasketch's permutation scheme whose formula :func:`signature` computes: ``a*h + b mod 2^32``
#: over hashes already mixed (the shingle hash ends with a finaliser, as datasketch pre-mixes).
SCHEME = "affine32"

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


_M61 = np.uint64((1 << 61) - 1)
_M32 = np.uint64((1 << 32) - 1)
#: Odd 64-bit multipliers that mix a shingle's five word hashes into one (position-sensitive).
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9], dtype=np.uint64)


@lru_cache(maxsize=None)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's MinHash permutations for (NUM_PERM, SEED, SCHEME), built once."""
    from datasketch import MinHash

    a, b = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations
    return a, b


_WORD_HASH: dict[str, int] = {}


def _word_hash(word: str) -> int:
    if len(_WORD_HASH) > 2_000_000:  # a vocabulary cache, bounded
        _WORD_HASH.clear()
    h = _WORD_HASH[word] = zlib.crc32(word.encode("utf-8"))
    return h


def shingle_hashes(text: str, k: int = SHINGLE) -> np.ndarray:
    """32-bit hashes of the text's word k-shingles (unique, stable across processes): each word's
    CRC-32, the k of a shingle mixed by position. Same shingles, same hashes.

    >>> shingle_hashes("the quick brown fox jumps over").size
    2
    """
    words = WORD.findall(text.lower())
    if not words:
        return np.empty(0, np.uint64)
    if len(words) < k:
        return np.array([zlib.crc32(" ".join(words).encode("utf-8"))], np.uint64)
    w = np.array([_WORD_HASH[x] if x in _WORD_HASH else _word_hash(x) for x in words], np.uint64)
    n = len(words) - k + 1
    with np.errstate(over="ignore"):
        mixed = w[:n] * _MIX[0]
        for i in range(1, k):
            mixed = mixed + w[i:i + n] * _MIX[i % len(_MIX)]
        mixed ^= mixed >> np.uint64(29)
        mixed *= _MIX[5]
        mixed ^= mixed >> np.uint64(32)
    return np.unique(mixed & _M32)


def signature(hashes: np.ndarray) -> np.ndarray:
    """The MinHash signature of a set of 32-bit hashes under datasketch's ``affine32`` permutations
    (``a*h + b mod 2^32``, ``a`` odd: each a bijection), minimum per permutation, vectorised."""
    a, b = _permutations()
    if hashes.size == 0:
        return np.full(NUM_PERM, np.uint32(0xFFFFFFFF), np.uint32)
    with np.errstate(over="ignore"):
        return (np.outer(hashes.astype(np.uint32), a) + b).min(axis=0)


@lru_cache(maxsize=None)
def lsh_params() -> tuple[int, int]:
    """``(bands, rows)`` of datasketch's ``MinHashLSH`` for LSH_THRESHOLD and NUM_PERM (37 x 3)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def signatures(texts: Sequence[str]) -> np.ndarray:
    """``(len(texts), NUM_PERM)`` MinHash signatures; a text without words gets all 0xFFFFFFFF."""
    out = np.empty((len(texts), NUM_PERM), np.uint32)
    for i, text in enumerate(texts):
        out[i] = signature(shingle_hashes(text or ""))
    return out


_EMPTY = np.uint32(0xFFFFFFFF)


def banded_pairs(sigs: np.ndarray) -> set[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, whose signatures agree on every row of at least one band
    (datasketch's banding, vectorised over all signatures at once). Empty texts meet nothing."""
    bands, rows = lsh_params()
    valid = np.flatnonzero(~(sigs == _EMPTY).all(axis=1))
    pairs: set[tuple[int, int]] = set()
    if valid.size < 2:
        return pairs
    with np.errstate(over="ignore"):
        for k in range(bands):
            band = sigs[valid, k * rows:(k + 1) * rows].astype(np.uint64)
            key = band[:, 0].copy()
            for c in range(1, rows):
                key = key * _MIX[c] + band[:, c]
            order = np.argsort(key, kind="stable")
            sk = key[order]
            starts = np.flatnonzero(np.r_[True, sk[1:] != sk[:-1]])
            ends = np.r_[starts[1:], sk.size]
            for a, e in zip(starts[ends - starts > 1], ends[ends - starts > 1]):
                members = valid[order[a:e]]
                same = (sigs[members, k * rows:(k + 1) * rows] == sigs[members[0], k * rows:(k + 1) * rows]).all(axis=1)
                members = np.sort(members[same])  # a key collision is no bucket
                for x in range(len(members)):
                    for y in range(x + 1, len(members)):
                        pairs.add((int(members[x]), int(members[y])))
    return pairs


def candidate_pairs(texts: Sequence[str], sigs: np.ndarray | None = None) -> set[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, that MinHash LSH puts in one bucket (``sigs``: their
    signatures when already known, e.g. from the copy index)."""
    return banded_pairs(signatures(texts) if sigs is None else sigs)


#: Candidates whose signature estimate of Jaccard lies this far below the threshold skip the exact
#: check (the estimate's standard deviation at 0.5 is 0.044 with 128 permutations: 4.5 sd).
ESTIMATE_MARGIN = 0.2


def similar_pairs(texts: Sequence[str], *, threshold: float = THRESHOLD,
                  sigs: np.ndarray | None = None) -> list[tuple[int, int, float]]:
    """Verified pairs ``(i, j, jaccard)`` of texts whose exact shingle Jaccard reaches ``threshold``.

    LSH candidates whose MinHash estimate is far below the threshold (:data:`ESTIMATE_MARGIN`)
    are dropped first; shingle sets are built only for the rest.
    """
    sigs = signatures(texts) if sigs is None else sigs
    cands = sorted(banded_pairs(sigs))
    if cands and threshold > ESTIMATE_MARGIN:
        left, right = np.array([c[0] for c in cands]), np.array([c[1] for c in cands])
        estimate = (sigs[left] == sigs[right]).mean(axis=1)
        cands = [c for c, e in zip(cands, estimate) if e >= threshold - ESTIMATE_MARGIN]
    sets: dict[int, frozenset[str]] = {}
    out = []
    for i, j in cands:
        a = sets.setdefault(i, shingles(texts[i]))
        b = sets.setdefault(j, shingles(texts[j]))
        sim = jaccard(a, b)
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


def find_copies(articles: pa.Table, *, threshold: float = THRESHOLD, sigs: np.ndarray | None = None) -> pa.Table:
    """Copies among ``articles`` (columns ``article_id``, ``text``, ``published_at``).

    Args:
        articles: whole articles table (or any subset to check against each other).
        threshold: exact Jaccard of body shingles at or above which two articles are copies.
        sigs: the rows' MinHash signatures when known (:func:`indexed_signatures`), else computed.

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
    pairs = similar_pairs(texts, threshold=threshold, sigs=None if sigs is None else sigs[order])
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


def mark_copies(articles: pa.Table, *, threshold: float = THRESHOLD, sigs: np.ndarray | None = None) -> pa.Table:
    """``articles`` with ``copy_of`` and ``copy_similarity`` set (replaced if present) from
    :func:`find_copies` over the same table: call it on the whole ``articles`` table.
    """
    found = {r["article_id"]: r for r in find_copies(articles, threshold=threshold, sigs=sigs).to_pylist()}
    ids = articles.column("article_id").to_pylist()
    cols = {"copy_of": pa.array([found[a]["copy_of"] if a in found else None for a in ids], pa.string()),
            "copy_similarity": pa.array([found[a]["copy_similarity"] if a in found else None for a in ids], pa.float64())}
    for name, arr in cols.items():
        if name in articles.column_names:
            articles = articles.set_column(articles.column_names.index(name), name, arr)
        else:
            articles = articles.append_column(name, arr)
    return articles


# -- the copy index: signatures kept between runs ----------------------------------------------

INDEX_SCHEMA = pa.schema([
    pa.field("article_id", pa.string(), False),
    pa.field("fingerprint", pa.int64(), False),
    pa.field("signature", pa.list_(pa.uint32(), NUM_PERM), False),
])


def fingerprint(text: str | None) -> int:
    """Length and CRC-32 of a text's UTF-8 bytes in one int64 (a changed text gets a new signature)."""
    data = (text or "").encode("utf-8")
    return (len(data) << 32) | zlib.crc32(data)


def indexed_signatures(ids: Sequence[str], texts: Sequence[str | None],
                       index: pa.Table | None) -> tuple[np.ndarray, pa.Table, int]:
    """Signatures of every row, reusing ``index`` rows whose article and text fingerprint match.

    Returns:
        ``(sigs, new_index, computed)``: the ``(n, NUM_PERM)`` signatures in row order, the
        index of exactly these rows (schema :data:`INDEX_SCHEMA`) and how many were computed.
    """
    prints = [fingerprint(t) for t in texts]
    known: dict[str, tuple[int, int]] = {}
    old = None
    if index is not None and index.num_rows and index.schema.equals(INDEX_SCHEMA):
        old = index.column("signature").combine_chunks().flatten().to_numpy().reshape(-1, NUM_PERM)
        for k, (aid, fp) in enumerate(zip(index.column("article_id").to_pylist(),
                                          index.column("fingerprint").to_pylist())):
            known[aid] = (fp, k)
    sigs = np.empty((len(ids), NUM_PERM), np.uint32)
    computed = 0
    for i, (aid, fp) in enumerate(zip(ids, prints)):
        hit = known.get(aid)
        if hit is not None and hit[0] == fp and old is not None:
            sigs[i] = old[hit[1]]
        else:
            sigs[i] = signature(shingle_hashes(texts[i] or ""))
            computed += 1
    flat = pa.array(sigs.reshape(-1), pa.uint32())
    table = pa.table({"article_id": pa.array(list(ids), pa.string()), "fingerprint": pa.array(prints, pa.int64()),
                      "signature": pa.FixedSizeListArray.from_arrays(flat, NUM_PERM)}, schema=INDEX_SCHEMA)
    return sigs, table, computed


def read_index(fs, path: str) -> pa.Table | None:
    """The copy index at ``path`` on filesystem ``fs`` (fsspec), or None when absent or unreadable
    (it is only a cache: every signature is then computed again)."""
    import pyarrow.parquet as pq

    try:
        with fs.open(path, "rb") as f:
            return pq.read_table(f)
    except Exception:  # noqa: BLE001 - a missing or damaged cache is rebuilt, never an error
        return None


def write_index(fs, path: str, table: pa.Table) -> None:
    """Write the copy index (a temporary file first, then moved over the old one)."""
    import posixpath

    import pyarrow.parquet as pq

    fs.makedirs(posixpath.dirname(path), exist_ok=True)
    tmp = f"{path}.{os.getpid()}.tmp"
    with fs.open(tmp, "wb") as f:
        pq.write_table(table, f)
    fs.mv(tmp, path)
