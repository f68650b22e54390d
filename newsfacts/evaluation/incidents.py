"""Incidents (``newsfacts.incidents.reconcile``): grouping of casualty claims and their latest toll.

Two gold sets, each split in two halves (the rules were developed on ``dev``; the
other half is reported beside it):

- **our development set**, ``data/incidents_dev.jsonl``: short news-style reports that
  we wrote ourselves (invented events at real places), one article a line with
  ``id, title, text, published_at, source, story, split`` and ``gold``: the casualty
  claims it makes, each ``{"category", "value", "incident"}``; and
  ``data/incidents_gold.json``: each gold incident's latest toll. Tolls change over
  days, per-site and combined tolls, copies, and unrelated tolls with colliding numbers.
- **FA-KES** (``../shared/corpora/fakes_syria/fakes.csv``): articles sharing ``date``
  and ``location`` describe one event. The claims scored are each article's headline
  toll: its ``killed`` facts whose value is its largest crowd-sourced toll
  (``nb_civilians`` + ``nb_noncivilians``, else either alone). Halves by the parity of
  the event's day of month. The location is not given to the system (no dateline).

Metrics: B-cubed precision, recall and F1 over gold claims (a gold claim is matched to
the article's extracted fact of the same category and value; an unmatched one is a
singleton); *latest right*: the share of gold incidents whose predicted incident
(the one holding most of its claims) has ``latest_value`` equal to the gold latest toll,
over the incidents whose toll changes (our set only: FA-KES gives one date per event, so
no latest toll). Baseline: group by (category, value), its latest being that value.

Run: ``python -m newsfacts.evaluation.incidents [--fakes-limit N]``
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from newsfacts.evaluation import CORPORA, Score

DATA = Path(__file__).resolve().parent / "data"
DEV = DATA / "incidents_dev.jsonl"
GOLD = DATA / "incidents_gold.json"
FAKES = CORPORA / "fakes_syria" / "fakes.csv"


@dataclass(frozen=True)
class GoldClaim:
    """One claim the gold says an article makes, and the incident it belongs to."""

    article_id: str
    category: str
    value: float
    incident: str


def load_reports(path: Path = DEV) -> list[dict]:
    """Our annotated reports, one dict an article."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def analyse_reports(nlp, records: Sequence[dict]) -> dict[str, pa.Table]:
    """Article, entity and fact tables (places filled, copies marked) for literal report dicts.

    Each record has ``id``, ``text`` and optionally ``title``, ``published_at`` (ISO),
    ``source``, ``dateline``.
    """
    from newsfacts.analyse import analyse_articles
    from newsfacts.copies import mark_copies
    from newsfacts.places import fill_fact_places
    from newsfacts.readers import parse_published_at
    from newsfacts.records import CleanArticle

    arts = [CleanArticle(article_id=r["id"], doc_id=r["id"], source_path="literal", title=r.get("title") or "",
                         text=r["text"], published_at=parse_published_at(r.get("published_at")),
                         source=r.get("source"), dateline=r.get("dateline"), agency=r.get("agency"))
            for r in records]
    tables = analyse_articles(nlp, arts, run_id="evaluation")
    tables["facts"] = fill_fact_places(tables["facts"], tables["entities"], tables["articles"])
    tables["articles"] = mark_copies(tables["articles"])
    return tables


# -- scoring --------------------------------------------------------------------------------


def match_claims(gold: Sequence[GoldClaim], facts: pa.Table) -> list[str | None]:
    """For each gold claim, the fact_id of an unused extracted fact of its article, category and value."""
    pool: dict[tuple, list[str]] = defaultdict(list)
    for r in facts.select(["fact_id", "article_id", "category", "value", "field", "start_char"]).to_pylist():
        pool[(r["article_id"], r["category"], float(r["value"]))].append((r["field"] != "body", r["start_char"], r["fact_id"]))
    for v in pool.values():
        v.sort(reverse=True)
    return [pool[(g.article_id, g.category, float(g.value))].pop()[2] if pool.get((g.article_id, g.category, float(g.value))) else None
            for g in gold]


def bcubed(gold_labels: Sequence[str], pred_labels: Sequence[str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering against gold, item by item.

    >>> bcubed(["a", "a", "b"], ["x", "x", "x"])
    (0.5555555555555555, 1.0, 0.7142857142857143)
    """
    n = len(gold_labels)
    if not n:
        return 0.0, 0.0, 0.0
    g_size, p_size, both = Counter(gold_labels), Counter(pred_labels), Counter(zip(gold_labels, pred_labels))
    p = sum(both[(g, q)] / p_size[q] for g, q in zip(gold_labels, pred_labels)) / n
    r = sum(both[(g, q)] / g_size[g] for g, q in zip(gold_labels, pred_labels)) / n
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def predicted_labels(gold: Sequence[GoldClaim], fact_ids: Sequence[str | None], claims: pa.Table) -> list[str]:
    """The incident of each gold claim's matched fact (a singleton label when unmatched)."""
    of_fact = dict(zip(claims.column("fact_id").to_pylist(), claims.column("incident_id").to_pylist()))
    return [of_fact.get(f) or f"unmatched:{i}" for i, f in enumerate(fact_ids)]


def baseline_labels(gold: Sequence[GoldClaim], fact_ids: Sequence[str | None]) -> list[str]:
    """The naive grouping: one incident per (category, value)."""
    return [f"{g.category}:{g.value}" if f else f"unmatched:{i}" for i, (g, f) in enumerate(zip(gold, fact_ids))]


def latest_right(gold: Sequence[GoldClaim], pred: Sequence[str], latest_of: dict[str, float],
                 expected: dict[str, set[float]], which: set[str]) -> tuple[int, int]:
    """``(right, n)``: gold incidents in ``which`` whose majority predicted incident's latest is expected."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for g, p in zip(gold, pred):
        votes[g.incident][p] += 1
    right = 0
    for inc in which:
        if not votes[inc]:
            continue
        top = min(votes[inc], key=lambda p: (-votes[inc][p], p))
        right += latest_of.get(top) in expected[inc]
    return right, len(which)


def baseline_latest(gold: Sequence[GoldClaim], pred: Sequence[str]) -> dict[str, float]:
    """The naive grouping's latest value: the value its (category, value) cluster stands for."""
    return {p: g.value for g, p in zip(gold, pred)}


def score_set(name: str, gold: Sequence[GoldClaim], tables: dict[str, pa.Table], incidents: pa.Table,
              claims: pa.Table, expected: dict[str, set[float]], which: set[str]) -> list[Score]:
    """Two table lines (newsfacts, baseline) for one gold set or half."""
    ids = match_claims(gold, tables["facts"])
    truth = [g.incident for g in gold]
    ours = predicted_labels(gold, ids, claims)
    latest = dict(zip(incidents.column("incident_id").to_pylist(), incidents.column("latest_value").to_pylist()))
    base = baseline_labels(gold, ids)
    out = []
    for system, pred, lat in (("newsfacts reconcile", ours, latest), ("baseline (category, value)", base, baseline_latest(gold, base))):
        p, r, f = bcubed(truth, pred)
        right, n = latest_right(gold, pred, lat, expected, which)
        latest_note = f"latest right {right}/{n} = {right / n:.2f}" if n else "latest: n/a (one report date per event)"
        note = f"{latest_note}; {sum(i is not None for i in ids)}/{len(ids)} claims extracted"
        out.append(Score(f"incidents B-cubed ({name})", system, p, r, f, len(set(truth)), len(set(pred)), note))
    return out


# -- the two gold sets ----------------------------------------------------------------------


def dev_gold(records: Sequence[dict]) -> list[GoldClaim]:
    """Gold claims of our annotated reports."""
    return [GoldClaim(r["id"], g["category"], float(g["value"]), g["incident"]) for r in records for g in r["gold"]]


def changing(records: Sequence[dict]) -> set[str]:
    """Gold incidents whose claims state more than one value (the tolls that change)."""
    values: dict[str, set[float]] = defaultdict(set)
    for r in records:
        for g in r["gold"]:
            values[g["incident"]].add(float(g["value"]))
    return {i for i, v in values.items() if len(v) > 1}


def evaluate_dev(nlp, *, path: Path = DEV, gold_path: Path = GOLD) -> list[Score]:
    """Scores on our development set, for its ``dev`` and ``held`` halves."""
    from newsfacts.incidents import reconcile

    records = load_reports(path)
    latest = {k: {float(v["latest"])} for k, v in json.loads(gold_path.read_text(encoding="utf-8")).items()}
    tables = analyse_reports(nlp, records)
    incidents, claims = reconcile(tables["facts"], tables["articles"])
    moving = changing(records)
    scores = []
    for split in ("dev", "held"):
        part = [r for r in records if r["split"] == split]
        gold = dev_gold(part)
        which = {g.incident for g in gold} & moving
        scores.extend(score_set(f"our reports, {split} half", gold, tables, incidents, claims, latest, which))
    return scores


def read_fakes(path: Path = FAKES, *, limit: int | None = None) -> list[dict]:
    """FA-KES rows as report dicts (``event`` = date and location; ``tolls`` = the gold numbers).

    Raises:
        FileNotFoundError: the corpus is absent.
    """
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: set NEWSFACTS_SHARED to the shared data folder")
    with open(path, encoding="latin-1", newline="") as fh:
        rows = list(csv.DictReader(fh))[: limit or None]
    out = []
    for r in rows:
        civ, non = int(float(r["nb_civilians"] or 0)), int(float(r["nb_noncivilians"] or 0))
        month, day, year = (int(x) for x in r["date"].split("/"))
        out.append({"id": f"fakes-{r['unit_id']}", "title": r["article_title"], "text": r["article_content"],
                    "published_at": f"{2000 + year:04d}-{month:02d}-{day:02d}", "source": r["source"],
                    "event": f"{r['date']}|{r['location'].strip().lower()}",
                    "tolls": sorted({civ, non, civ + non} - {0})})
    return out


def fakes_gold(records: Sequence[dict], facts: pa.Table) -> list[GoldClaim]:
    """Each article's headline toll: its ``killed`` facts whose value is the article's largest gold
    toll (civilians plus non-civilians), else another of its gold tolls; in the article's event."""
    tolls = {r["id"]: r["tolls"] for r in records}
    event = {r["id"]: r["event"] for r in records}
    rows = facts.filter(pa.compute.equal(facts.column("category"), "killed")).select(["article_id", "value"]).to_pylist()
    values: dict[str, set[float]] = defaultdict(set)
    for r in rows:
        values[r["article_id"]].add(float(r["value"]))
    chosen = {}
    for aid, found in values.items():
        stated = [t for t in sorted(tolls[aid], reverse=True) if t in found]
        if stated:
            chosen[aid] = float(stated[0])
    return [GoldClaim(r["article_id"], "killed", float(r["value"]), event[r["article_id"]])
            for r in rows if chosen.get(r["article_id"]) == float(r["value"])]


def evaluate_fakes(nlp, *, limit: int | None = None) -> list[Score]:
    """Scores on FA-KES, by the parity of the event's day of month (two halves)."""
    from newsfacts.incidents import reconcile

    records = read_fakes(limit=limit)
    tables = analyse_reports(nlp, records)
    incidents, claims = reconcile(tables["facts"], tables["articles"])
    gold = fakes_gold(records, tables["facts"])
    expected: dict[str, set[float]] = defaultdict(set)
    for r in records:
        expected[r["event"]] |= {float(t) for t in r["tolls"]}
    scores = []
    for half, parity in (("even days", 0), ("odd days", 1)):
        part = [g for g in gold if int(g.incident.split("/")[1]) % 2 == parity]
        scores.extend(score_set(f"FA-KES, {half}", part, tables, incidents, claims, expected, set()))
    return scores


def evaluate(*, limit: int | None = None) -> list[Score]:
    """Both gold sets (``limit`` caps the FA-KES articles)."""
    from newsfacts.nlp import load_nlp

    nlp = load_nlp()
    return evaluate_dev(nlp) + evaluate_fakes(nlp, limit=limit)


def time_reconcile(n_articles: int = 21_225, claims_per_article: float = 2.0, *, seed: int = 7) -> tuple[int, float]:
    """``(n_claims, seconds)`` to reconcile synthetic facts of ``n_articles`` articles.

    The synthetic facts follow the real tables' columns: each article has a date in 2016-2017,
    a country and city drawn from 40 cities, and Poisson-many casualty facts.
    """
    import random

    from newsfacts.incidents import reconcile
    from newsfacts.places import resolve

    rng = random.Random(seed)
    cities = [resolve(n) for n in ("Aleppo", "Damascus", "Homs", "Idlib", "Mosul", "Baghdad", "Basra", "Kabul",
                                   "Kandahar", "Lagos", "Maiduguri", "Sanaa", "Aden", "Cairo", "Tripoli", "Gaza",
                                   "Karachi", "Lahore", "Peshawar", "Quetta", "Mogadishu", "Nairobi", "Manila",
                                   "Jakarta", "Delhi", "Mumbai", "Kanpur", "Dhaka", "Sylhet", "Kathmandu", "Lima",
                                   "Bogota", "Caracas", "Mexico City", "Istanbul", "Ankara", "Paris", "London",
                                   "Manchester", "Chicago")]
    cities = [c for c in cities if c]
    arts, facts = defaultdict(list), defaultdict(list)
    import datetime as dt
    for a in range(n_articles):
        aid = f"a{a}"
        day = dt.datetime(2016, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(days=rng.randrange(730))
        for k, v in {"article_id": aid, "published_at": day, "source": rng.choice("ABCDEFGH"), "title": "",
                     "text": "A bomb killed people in the city. " * 3}.items():
            arts[k].append(v)
        for i in range(int(rng.expovariate(1 / claims_per_article))):
            city = rng.choice(cities)
            row = {"fact_id": f"{aid}-{i}", "article_id": aid, "field": "body", "start_char": 0, "end_char": 10,
                   "evidence": "killed", "category": rng.choice(("killed", "killed", "wounded", "kidnapped")),
                   "value": float(rng.randrange(1, 200)), "value_low": None, "value_high": None, "qualifier": "exact",
                   "counted": "people", "location": None, "time_scope": None, "claimed_by": None,
                   "cumulative": False, "place_id": city.place_id, "country_code": city.country_code,
                   "lat": city.lat, "lon": city.lon}
            for k, v in row.items():
                facts[k].append(v)
    facts_t = pa.table(facts) if facts else pa.table({"fact_id": pa.array([], pa.string())})
    start = time.perf_counter()
    reconcile(facts_t, pa.table(arts))
    return facts_t.num_rows, time.perf_counter() - start


def time_warehouse(path: str) -> dict[str, float]:
    """Seconds of each end-of-run step over a whole warehouse, read-only: reading ``facts`` and
    ``articles``, ``find_copies`` over every article, ``reconcile``, and the incident suites.
    Also the sizes (``articles``, ``claims``, ``incidents``, ``copies``)."""
    from newsfacts.copies import find_copies
    from newsfacts.incidents import INCIDENT_CATEGORIES, reconcile
    from newsfacts.quality import validate_batch
    from newsfacts.warehouse import Warehouse

    out: dict[str, float] = {}
    wh = Warehouse(path)
    t = time.perf_counter()
    facts, articles = wh.read("facts"), wh.read("articles")
    out["read_s"] = time.perf_counter() - t
    t = time.perf_counter()
    copies = find_copies(articles.select(["article_id", "text", "published_at"]))
    out["copies_s"] = time.perf_counter() - t
    from newsfacts.places import place_by_id, place_index

    t = time.perf_counter()
    place_index(), place_by_id(0)  # GeoNames tables, built once per process (a run's analysis has them)
    out["places_once_s"] = time.perf_counter() - t
    t = time.perf_counter()
    incidents, claims = reconcile(facts, articles)
    out["reconcile_s"] = time.perf_counter() - t
    validate_batch({"incidents": incidents.slice(0, 1), "incident_claims": claims.slice(0, 1)},
                   run_id="timing", batch_id="warm-up")  # GX setup once per process, as in a run
    t = time.perf_counter()
    report = validate_batch({"incidents": incidents, "incident_claims": claims}, run_id="timing", batch_id="incidents")
    out["suites_s"] = time.perf_counter() - t
    casualty = pa.compute.sum(pa.compute.is_in(facts.column("category"), value_set=pa.array(INCIDENT_CATEGORIES)))
    out.update(articles=articles.num_rows, facts=facts.num_rows, casualty_facts=casualty.as_py() or 0,
               claims=claims.num_rows, incidents=incidents.num_rows, copies=copies.num_rows,
               suites_passed=float(report.passed))
    return out


def main(argv: list[str] | None = None) -> int:
    from newsfacts.evaluation.report import format_table
    from newsfacts.nlp import load_nlp

    parser = argparse.ArgumentParser(prog="python -m newsfacts.evaluation.incidents", description=__doc__.split("\n")[0])
    parser.add_argument("--fakes-limit", type=int, default=None, help="only the first N FA-KES articles")
    parser.add_argument("--skip-fakes", action="store_true", help="only our development set")
    parser.add_argument("--timing", type=int, default=0, metavar="N", help="also time reconcile on N synthetic articles")
    parser.add_argument("--no-conll-ner", action="store_true", help="load the pipeline without the CoNLL entity component")
    parser.add_argument("--time-warehouse", metavar="PATH",
                        help="only time copies, reconcile and the incident suites over a warehouse (read-only)")
    args = parser.parse_args(argv)
    if args.time_warehouse:
        print(json.dumps({k: round(v, 2) for k, v in time_warehouse(args.time_warehouse).items()}))
        return 0
    nlp = load_nlp(conll_ner=not args.no_conll_ner)
    scores = evaluate_dev(nlp) + ([] if args.skip_fakes else evaluate_fakes(nlp, limit=args.fakes_limit))
    print(format_table(scores))
    if args.timing:
        n, secs = time_reconcile(args.timing)
        print(f"reconcile: {n} claims of {args.timing} synthetic articles in {secs:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
