"""Place names resolved to GeoNames records, with literal names."""

from __future__ import annotations

import pyarrow as pa

from newsfacts.places import (
    candidates, compatible, contains, countries_named, fill_fact_places, name_key, resolve, resolve_article,
)


def test_city_record_has_id_country_region_and_coordinates():
    aleppo = resolve("Aleppo")
    assert (aleppo.place_id, aleppo.country_code, aleppo.kind) == (170063, "SY", "city")
    assert aleppo.admin1 == "SY.09"
    assert round(aleppo.lat, 1) == 36.2 and round(aleppo.lon, 1) == 37.2


def test_alternate_spellings_reach_the_same_record():
    assert resolve("Deir Ezzor").place_id == resolve("Deir ez-Zor").place_id
    assert resolve("Hasakeh").country_code == "SY"
    assert resolve("Lattakia").name == "Latakia"


def test_aliases_and_demonyms_name_countries():
    assert resolve("U.S.").country_code == "US"
    assert resolve("Britain").country_code == "GB"
    assert resolve("Syrian").kind == "country" and resolve("Syrian").country_code == "SY"


def test_most_populous_wins_without_context():
    assert resolve("Paris").country_code == "FR"
    assert resolve("London").country_code == "GB"


def test_article_context_settles_ambiguity():
    assert resolve("Paris", context=["US"]).country_code == "US"
    assert resolve_article(["Damascus", "Homs"])["Damascus"].country_code == "SY"
    georgia = resolve_article(["Georgia", "Atlanta"], dateline="ATLANTA")["Georgia"]
    assert (georgia.country_code, georgia.kind) == ("US", "us_state")


def test_containment_lets_city_and_country_meet():
    syria, aleppo, idlib = resolve("Syria"), resolve("Aleppo"), resolve("Idlib")
    assert contains(syria, aleppo) and not contains(aleppo, syria)
    assert compatible(aleppo, syria) and not compatible(aleppo, idlib)
    assert contains(resolve("Georgia", context=["US"]), resolve("Atlanta"))
    assert not contains(resolve("Iraq"), aleppo)


def test_unknown_names():
    assert resolve("Xqzzyville") is None and candidates("") == ()
    assert name_key("the Gaza Strip") == "gazastrip"


def test_fill_fact_places_uses_location_sentence_dateline_then_country():
    facts = pa.table({
        "fact_id": ["f1", "f2", "f3"], "article_id": ["a", "a", "b"], "field": ["body"] * 3,
        "sentence_idx": pa.array([0, 1, 0], pa.int32()), "location": ["Idlib", None, None],
    })
    entities = pa.table({
        "article_id": ["a", "a", "a"], "field": ["body"] * 3, "sentence_idx": pa.array([0, 0, 1], pa.int32()),
        "label": ["GPE", "GPE", "GPE"], "text": ["Idlib", "Syria", "Homs"], "canonical": ["Idlib", "Syria", "Homs"],
    })
    articles = pa.table({"article_id": ["a", "b"], "dateline": [None, "BEIRUT"], "title": ["", ""], "text": ["", ""]})
    out = fill_fact_places(facts, entities, articles)
    names = [resolve(n).place_id for n in ("Idlib", "Homs", "Beirut")]
    assert out.column("place_id").to_pylist() == names
    assert out.column("country_code").to_pylist() == ["SY", "SY", "LB"]


def test_country_names_found_when_no_entity_was_tagged():
    assert countries_named("Nepal earthquake: 2,500 dead in the Kathmandu valley") == ["Nepal"]
