"""Incidents reconciled from casualty claims: literal fact rows (fast) and literal articles (real model)."""

from __future__ import annotations

import random
from datetime import date, datetime, timezone

import pyarrow as pa
import pytest

from newsfacts.incidents import reconcile
from newsfacts.places import resolve
from newsfacts.schema import INCIDENT_CLAIMS, INCIDENTS

TS = pa.timestamp("us", tz="UTC")


def day(d: int, month: int = 3) -> datetime:
    return datetime(2017, month, d, 12, tzinfo=timezone.utc)


def articles(*rows) -> pa.Table:
    """Rows ``(article_id, published_at, source, text[, copy_of])``."""
    return pa.table({
        "article_id": [r[0] for r in rows], "published_at": pa.array([r[1] for r in rows], TS),
        "source": [r[2] for r in rows], "title": [""] * len(rows), "text": [r[3] for r in rows],
        "copy_of": [r[4] if len(r) > 4 else None for r in rows],
    })


def facts(*rows) -> pa.Table:
    """Rows ``(fact_id, article_id, category, value, qualifier, place, text, extra)``: the evidence is ``text``
    (the whole article body here); ``extra`` sets other columns (``cumulative``, ``value_high`` ...)."""
    out = []
    for fid, aid, cat, value, qual, place, text, *extra in rows:
        p = resolve(place) if place else None
        row = {"fact_id": fid, "article_id": aid, "field": "body", "sentence_idx": 0, "start_char": 0,
               "end_char": len(text), "evidence": text, "category": cat, "value": float(value),
               "value_low": float(value), "value_high": None if qual != "exact" else float(value),
               "qualifier": qual, "counted": "people", "location": place, "time_scope": None,
               "claimed_by": None, "cumulative": False, "place_id": p.place_id if p else None,
               "country_code": p.country_code if p else None, "lat": p.lat if p else None, "lon": p.lon if p else None}
        row.update(extra[0] if extra else {})
        out.append(row)
    return pa.Table.from_pylist(out)


WAR = "The war in Syria has killed more than 310,000 people since 2011."
BOMB = "A car bomb at a market in Aleppo killed {n} people."
ALEPPO = [("a1", day(6), "AFP", BOMB.format(n=12)), ("a2", day(7), "Reuters", BOMB.format(n=27)),
          ("a3", day(8), "BBC", BOMB.format(n=34))]
ALEPPO_FACTS = [("f1", "a1", "killed", 12, "exact", "Aleppo", BOMB.format(n=12)),
                ("f2", "a2", "killed", 27, "exact", "Aleppo", BOMB.format(n=27)),
                ("f3", "a3", "killed", 34, "at_least", "Aleppo", BOMB.format(n=34))]


def test_tables_have_the_warehouse_schemas():
    inc, claims = reconcile(facts(*ALEPPO_FACTS), articles(*ALEPPO))
    assert inc.schema == INCIDENTS.schema and claims.schema == INCIDENT_CLAIMS.schema


def test_rising_tolls_make_one_incident_with_low_high_latest():
    inc, claims = reconcile(facts(*ALEPPO_FACTS), articles(*ALEPPO))
    [row] = inc.to_pylist()
    assert (row["low"], row["high"], row["latest_value"], row["best"]) == (12, 34, 34, 34)
    assert (row["n_claims"], row["n_articles"], row["n_sources"]) == (3, 3, 3)
    assert row["place_id"] == resolve("Aleppo").place_id and row["country_code"] == "SY"
    assert row["label"] == "killed (car bomb), Aleppo, Syria"
    assert row["first_reported_at"] == day(6) and row["latest_reported_at"] == day(8)
    assert sorted(claims.column("fact_id").to_pylist()) == ["f1", "f2", "f3"]


def test_best_keeps_an_earlier_firm_figure_above_a_later_lower_bound():
    rows = ALEPPO_FACTS[:2] + [("f3", "a3", "killed", 20, "at_least", "Aleppo", BOMB.format(n=20))]
    [row] = reconcile(facts(*rows), articles(*ALEPPO))[0].to_pylist()
    assert (row["latest_value"], row["best"], row["low"], row["high"]) == (20, 27, 12, 27)


def test_range_gives_low_and_high():
    rows = [("f1", "a1", "killed", 30, "range", "Aleppo", BOMB.format(n=30), {"value_low": 30.0, "value_high": 40.0})]
    [row] = reconcile(facts(*rows), articles(*ALEPPO[:1]))[0].to_pylist()
    assert (row["low"], row["best"], row["high"]) == (30, 30, 40)


def test_same_number_in_two_unrelated_events_gives_two_incidents():
    flood = "Floods in Sylhet killed 12 people."
    rows = [ALEPPO_FACTS[0], ("f9", "b1", "killed", 12, "exact", "Sylhet", flood)]
    inc, _ = reconcile(facts(*rows), articles(ALEPPO[0], ("b1", day(6), "AP", flood)))
    assert inc.num_rows == 2
    shelling = "Shelling of Homs killed 12 people."
    rows = [ALEPPO_FACTS[0], ("f8", "c1", "killed", 12, "exact", "Homs", shelling)]
    assert reconcile(facts(*rows), articles(ALEPPO[0], ("c1", day(6), "AP", shelling)))[0].num_rows == 2


def test_city_and_country_claims_meet():
    syria = "A car bomb killed 47 people in Syria."
    rows = [("f1", "a1", "killed", 45, "exact", "Aleppo", BOMB.format(n=45)),
            ("f2", "a2", "killed", 47, "exact", "Syria", syria)]
    inc, _ = reconcile(facts(*rows), articles(ALEPPO[0], ("a2", day(7), "AP", syria)))
    [row] = inc.to_pylist()
    assert (row["place_name"], row["latest_value"]) == ("Aleppo", 47)


def test_syndicated_copy_does_not_raise_n_sources():
    rows = ALEPPO_FACTS + [("f4", "a4", "killed", 34, "at_least", "Aleppo", BOMB.format(n=34))]
    arts = articles(*ALEPPO, ("a4", day(8), "Yahoo News", BOMB.format(n=34), "a3"))
    [row] = reconcile(facts(*rows), arts)[0].to_pylist()
    assert (row["n_claims"], row["n_articles"], row["n_sources"]) == (4, 4, 3)


def test_cumulative_war_toll_never_merges_with_a_single_attack():
    war, war2 = WAR, "The war in Syria has killed 34 people since 2011, the monitor said."
    rows = ALEPPO_FACTS + [("w1", "w1", "killed", 310000, "more_than", "Syria", war, {"cumulative": True}),
                           ("w2", "w2", "killed", 34, "exact", "Syria", war2, {"cumulative": True})]
    inc, claims = reconcile(facts(*rows), articles(*ALEPPO, ("w1", day(8), "AP", war), ("w2", day(7), "AP", war2)))
    by_id = {r["incident_id"]: r for r in inc.to_pylist()}
    of_fact = dict(zip(claims.column("fact_id").to_pylist(), claims.column("incident_id").to_pylist()))
    assert of_fact["w1"] == of_fact["w2"] != of_fact["f3"]
    assert by_id[of_fact["w1"]]["cumulative"] and not by_id[of_fact["f3"]]["cumulative"]
    assert by_id[of_fact["w1"]]["event_start"] is None


def test_combined_toll_is_its_own_incident_and_parent_of_its_parts():
    text = "A bomb in Kabul killed 30 people. A bomb in Kandahar killed 27 people. The two attacks killed 57 people."
    kabul, kandahar, both = text.split(". ")
    rows = [("k1", "x", "killed", 30, "exact", "Kabul", kabul + ".", {"start_char": 0, "end_char": len(kabul)}),
            ("k2", "x", "killed", 27, "exact", "Kandahar", kandahar + ".",
             {"start_char": len(kabul) + 2, "end_char": len(kabul) + 2 + len(kandahar)}),
            ("k3", "x", "killed", 57, "exact", "Afghanistan", both,
             {"start_char": text.index("The two"), "end_char": len(text)})]
    inc, claims = reconcile(facts(*rows), articles(("x", day(12, 5), "AP", text)))
    of_fact = dict(zip(claims.column("fact_id").to_pylist(), claims.column("incident_id").to_pylist()))
    by_id = {r["incident_id"]: r for r in inc.to_pylist()}
    assert len(by_id) == 3
    assert by_id[of_fact["k3"]]["combined"] and by_id[of_fact["k3"]]["parent_incident_id"] is None
    assert by_id[of_fact["k1"]]["parent_incident_id"] == by_id[of_fact["k2"]]["parent_incident_id"] == of_fact["k3"]


def test_event_dates_from_the_time_columns():
    rows = [("f1", "a1", "killed", 12, "exact", "Aleppo", BOMB.format(n=12),
             {"time_start": date(2017, 3, 6), "time_end": date(2017, 3, 6), "time_basis": "event"}),
            ("f2", "a2", "killed", 12, "exact", "Aleppo", BOMB.format(n=12),
             {"time_start": date(2017, 2, 1), "time_end": date(2017, 2, 1), "time_basis": "event"})]
    inc, _ = reconcile(facts(*rows), articles(*ALEPPO[:2]))
    assert sorted(r["event_start"] for r in inc.to_pylist()) == [date(2017, 2, 1), date(2017, 3, 6)]


def test_any_order_gives_the_same_tables():
    rows = ALEPPO_FACTS + [("w1", "w1", "killed", 310000, "more_than", "Syria", WAR, {"cumulative": True}),
                           ("f9", "a1", "wounded", 30, "exact", "Aleppo", BOMB.format(n=30))]
    arts = [*ALEPPO, ("w1", day(8), "AP", WAR)]
    first = reconcile(facts(*rows), articles(*arts))
    shuffled = rows[:]
    random.Random(3).shuffle(shuffled)
    again = reconcile(facts(*shuffled), articles(*arts[::-1]))
    assert first[0].equals(again[0]) and first[1].equals(again[1])


def test_later_day_keeps_the_incident_id():
    before, _ = reconcile(facts(*ALEPPO_FACTS[:2]), articles(*ALEPPO[:2]))
    after, _ = reconcile(facts(*ALEPPO_FACTS), articles(*ALEPPO))
    assert before.column("incident_id").to_pylist() == after.column("incident_id").to_pylist()


def test_non_casualty_facts_and_counts_of_things_are_left_out():
    rows = [("m1", "a1", "money", 5, "exact", None, "$5m"),
            ("t1", "a1", "killed", 2, "exact", None, "The two attacks killed", {"counted": "attacks"})]
    inc, claims = reconcile(facts(*rows), articles(ALEPPO[0]))
    assert inc.num_rows == 0 and claims.num_rows == 0


# -- literal articles through the real pipeline ------------------------------------------------

REPORTS = [
    dict(id="r1", published_at="2017-03-06T14:00:00Z", source="AFP", title="Car bomb kills 12 at Aleppo market",
         text="A car bomb exploded at a crowded vegetable market in Aleppo on Monday, killing 12 people, a monitoring group said."),
    dict(id="r2", published_at="2017-03-07T09:00:00Z", source="Reuters", title="Aleppo market bomb toll rises to 27",
         text="The death toll from Monday's car bomb at a market in Aleppo rose to 27, the Syrian Observatory for Human Rights said on Tuesday."),
    dict(id="r3", published_at="2017-03-08T11:00:00Z", source="BBC", title="Aleppo mourns market bombing victims",
         text="At least 34 people were killed in the car bombing at the Aleppo market, medics said on Wednesday. "
              "Funerals were held across the city. The war in Syria has killed more than 310,000 people since 2011."),
    dict(id="r4", published_at="2017-03-08T15:00:00Z", source="Yahoo News", title="34 dead in Syria market blast",
         text="At least 34 people were killed in the car bombing at the Aleppo market, medics said on Wednesday. "
              "Funerals were held across the city. The war in Syria has killed more than 310,000 people since 2011."),
    dict(id="r5", published_at="2017-06-13T10:00:00Z", source="AP", title="Floods kill 12 in Bangladesh",
         text="Floods and landslides killed 12 people in Sylhet in northeastern Bangladesh on Tuesday, officials said."),
]


@pytest.fixture(scope="module")
def reconciled(nlp):
    from newsfacts.evaluation.incidents import analyse_reports

    tables = analyse_reports(nlp, REPORTS)
    return tables, *reconcile(tables["facts"], tables["articles"])


@pytest.mark.slow
def test_articles_rising_tolls_one_incident_copy_collapsed(reconciled):
    tables, inc, claims = reconciled
    assert dict(zip(tables["articles"].column("article_id").to_pylist(),
                    tables["articles"].column("copy_of").to_pylist()))["r4"] == "r3"
    aleppo = [r for r in inc.to_pylist() if r["place_name"] == "Aleppo"]
    assert len(aleppo) == 1
    row = aleppo[0]
    assert (row["low"], row["high"], row["latest_value"]) == (12, 34, 34)
    assert (row["n_articles"], row["n_sources"]) == (4, 3)


@pytest.mark.slow
def test_articles_colliding_number_and_war_toll_stay_apart(reconciled):
    _, inc, _ = reconciled
    rows = inc.to_pylist()
    assert [r["latest_value"] for r in rows if r["country_code"] == "BD"] == [12]
    war = [r for r in rows if r["cumulative"]]
    assert len(war) == 1 and war[0]["latest_value"] == 310000 and war[0]["n_sources"] == 1
    assert len(rows) == 3


@pytest.mark.slow
def test_analyse_fills_the_place_of_each_fact(nlp):
    from newsfacts.analyse import analyse_articles
    from newsfacts.records import CleanArticle

    art = CleanArticle(article_id="p1", doc_id="p1", source_path="literal", title="",
                       text="Shelling killed 12 civilians in Homs on Tuesday, activists said.",
                       published_at=datetime(2017, 3, 7, tzinfo=timezone.utc))
    facts_t = analyse_articles(nlp, [art], run_id="r")["facts"]
    homs = resolve("Homs")
    rows = [r for r in facts_t.to_pylist() if r["category"] == "killed"]
    assert rows and all((r["place_id"], r["country_code"], r["lat"]) == (homs.place_id, "SY", homs.lat) for r in rows)


def test_a_rising_event_toll_is_not_a_running_total():
    from newsfacts.incidents import is_cumulative

    assert not is_cumulative({"cumulative": True}, "The death toll from the car bomb rose to 31 on Tuesday.")
    assert is_cumulative({"cumulative": True}, "The war in Syria has killed more than 310,000 people.")
    assert is_cumulative({"cumulative": False, "time_basis": "since"}, "Cholera has killed 1,300 people.")
    assert not is_cumulative({"cumulative": False}, "Since the war began, 12 people were killed in the attack.")


def test_chance_sum_without_distinct_places_is_not_a_combined_toll():
    text = "Shelling of Homs killed 10 people. A mortar in Homs killed 8 people. Clashes in Homs killed 18 people."
    a, b, c = (s + "." for s in text.rstrip(".").split(". "))
    rows = [("h1", "x", "killed", 10, "exact", "Homs", a, {"start_char": 0, "end_char": len(a) - 1}),
            ("h2", "x", "killed", 8, "exact", "Homs", b, {"start_char": text.index(b), "end_char": text.index(b) + len(b) - 1}),
            ("h3", "x", "killed", 18, "exact", "Homs", c, {"start_char": text.index(c), "end_char": len(text) - 1})]
    inc, _ = reconcile(facts(*rows), articles(("x", day(7), "AP", text)))
    assert not any(inc.column("combined").to_pylist())


def test_undated_articles_and_minimal_columns():
    arts = pa.table({"article_id": ["u1", "u2"], "text": [BOMB.format(n=5), BOMB.format(n=7)]})
    rows = [("u1f", "u1", "killed", 5, "exact", "Aleppo", BOMB.format(n=5)),
            ("u2f", "u2", "killed", 7, "exact", "Aleppo", BOMB.format(n=7))]
    [row] = reconcile(facts(*rows), arts)[0].to_pylist()
    assert (row["event_start"], row["first_reported_at"], row["n_claims"], row["n_sources"]) == (None, None, 2, 2)


# -- running totals by grammar (the war toll without "since" used to merge with a single attack) --------

CUMULATIVE = [
    "The war has killed more than 300,000 people.",
    "The conflict, which has claimed 400,000 lives, is in its seventh year.",
    "Syria's civil war has killed an estimated 465,000 people.",
    "The uprising has left 11 million people displaced.",
    "In total, 500,000 people have died in the fighting.",
    "Overall, the violence has killed 2,000 people in Idlib.",
    "Fighting has killed 1,200 people so far this year in Idlib.",
    "More than 10,000 people have been killed since March 2011.",
    "The insurgency has now killed 20,000 people over the past five years.",
]
SINGLE = [
    "The earthquake has killed 2,000 people so far, officials said.",
    "The death toll from the bombing has risen to 72.",
    "The two attacks killed 57 people in total.",
    "Since the war began, 12 people were killed in the attack.",
    "An air strike killed 58 people in Khan Shaykhun on Tuesday.",
    "The toll from the car bomb rose to 31 on Tuesday, amid a war that began in 2011.",
]


@pytest.mark.parametrize("sentence", CUMULATIVE)
def test_running_totals_by_grammar(sentence):
    from newsfacts.incidents import is_cumulative

    assert is_cumulative({"cumulative": False}, sentence)


@pytest.mark.parametrize("sentence", SINGLE)
def test_single_events_are_not_running_totals(sentence):
    from newsfacts.incidents import is_cumulative

    assert not is_cumulative({"cumulative": False}, sentence)


def test_a_clause_of_its_own_for_each_toll():
    from newsfacts.incidents import clause_around, is_cumulative

    text = "A car bomb killed 34 people in Aleppo, and the war has killed more than 300,000 people."
    bomb, war = text.index("34"), text.index("300,000")
    assert not is_cumulative({}, clause_around(text, bomb, bomb + 2))
    assert is_cumulative({}, clause_around(text, war, war + 7))


def test_a_war_toll_without_since_never_merges_with_the_attack():
    texts = {"a1": "A car bomb at a market in Aleppo killed 34 people. The war has killed more than 300,000 people.",
             "a2": "The car bomb at the Aleppo market killed 41 people. "
                   "The conflict, which has claimed 400,000 lives, is in its seventh year."}
    rows = []
    for aid, text in texts.items():
        for n, (fid, qual) in enumerate([("b", "exact"), ("w", "more_than" if aid == "a1" else "exact")]):
            sentence = text.split(". ")[n]
            start = text.index(sentence)
            value = [int(w.replace(",", "")) for w in sentence.replace(".", " ").split() if w.replace(",", "").isdigit()][0]
            rows.append((aid + fid, aid, "killed", value, qual, "Aleppo" if fid == "b" else "Syria", sentence,
                         {"start_char": start, "end_char": start + len(sentence)}))
    inc, claims = reconcile(facts(*rows), articles(("a1", day(6), "AFP", texts["a1"]), ("a2", day(7), "AP", texts["a2"])))
    of_fact = dict(zip(claims.column("fact_id").to_pylist(), claims.column("incident_id").to_pylist()))
    by_id = {r["incident_id"]: r for r in inc.to_pylist()}
    assert of_fact["a1b"] == of_fact["a2b"] and not by_id[of_fact["a1b"]]["cumulative"]
    assert of_fact["a1w"] == of_fact["a2w"] != of_fact["a1b"] and by_id[of_fact["a1w"]]["cumulative"]
    assert (by_id[of_fact["a1b"]]["low"], by_id[of_fact["a1b"]]["high"]) == (34, 41)


WAR_REPORTS = [
    dict(id="k1", published_at="2017-04-05T10:00:00Z", source="Reuters", title="Air strike kills 58 in Idlib",
         text="An air strike killed 58 people in Khan Shaykhun in Idlib province in Syria on Tuesday, a monitor said. "
              "The war has killed more than 300,000 people."),
    dict(id="k2", published_at="2017-04-06T10:00:00Z", source="AP", title="Syria strike toll rises",
         text="The toll from the air strike in Khan Shaykhun in Syria rose to 72 on Wednesday. "
              "The conflict, which has claimed 400,000 lives, is in its seventh year."),
    dict(id="k3", published_at="2017-04-06T12:00:00Z", source="BBC", title="Syria: outrage over strike",
         text="The air strike in Khan Shaykhun in Syria killed 86 people, the health ministry said. "
              "Syria's civil war has killed an estimated 465,000 people."),
]


@pytest.mark.slow
def test_articles_war_tolls_without_since_form_their_own_series(nlp):
    from newsfacts.evaluation.incidents import analyse_reports

    tables = analyse_reports(nlp, WAR_REPORTS)
    inc, claims = reconcile(tables["facts"], tables["articles"])
    values = dict(zip(claims.column("fact_id").to_pylist(), claims.column("value").to_pylist()))
    members: dict[str, set] = {}
    for fid, iid in zip(claims.column("fact_id").to_pylist(), claims.column("incident_id").to_pylist()):
        members.setdefault(iid, set()).add(values[fid])
    cumulative = {r["incident_id"] for r in inc.to_pylist() if r["cumulative"]}
    war = {300000.0, 400000.0, 465000.0}
    for iid, vals in members.items():
        assert not (vals & war) or iid in cumulative, vals   # every war toll is in a running series
        assert not (vals & war) or vals <= war, vals         # and no series holds an attack's toll
    assert any({58.0, 86.0} <= vals for vals in members.values())  # the strike's reports still meet
