"""The place index: loading it from the user cache (building it on first use) and querying it."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from sitrep.gazetteer.build import FEATURES, build_arrays
from sitrep.gazetteer.names import exact_key, key_hash, skeleton_key, translit_key
from sitrep.model import Place

# Bumped when the layout of the cached file or the build rules change.
FORMAT_VERSION = 5
_DATA_FILES = (
    "transliteration.yaml",
    "country_points.tsv",
    "division_points.tsv",
    "gazetteer_supplement.tsv",
)

# Match kinds, best first, with the name-match quality each stands for.
# GeoNames alternate names are noisy (a town's old or neighbouring names), hence the gap.
MATCH_QUALITY = {"exact": 1.0, "exact_alt": 0.82, "translit": 0.8, "translit_alt": 0.72}


@dataclass(frozen=True, slots=True)
class NameMatch:
    """One gazetteer row matching a toponym, and how well the name matched."""

    row: int
    kind: str  # exact, exact_alt, translit, translit_alt, fuzzy
    quality: float


class Gazetteer:
    """Whole-world place table with exact, transliteration and skeleton name indexes."""

    def __init__(self, tables: dict[str, Any]) -> None:
        self.place_id: list[str] = tables["place_id"]
        self.name: list[str] = tables["name"]
        self.lat: np.ndarray = tables["lat"]
        self.lon: np.ndarray = tables["lon"]
        self.country: list[str] = tables["country"]
        self.admin1: np.ndarray = tables["admin1"]
        self.feature: np.ndarray = tables["feature"]
        self.geonameid: np.ndarray = tables["geonameid"]
        self.population: np.ndarray = tables["population"]
        self.translit: list[str] = tables["translit"]
        # Python lists answer a single bisect far faster than numpy's scalar searchsorted.
        self._hash_lists = {
            label: tables[f"{label}_hash"].tolist() for label in ("exact", "translit", "skeleton")
        }
        self._index = {
            label: (
                tables[f"{label}_hash"],
                tables[f"{label}_offsets"],
                tables[f"{label}_rows"],
                tables[f"{label}_alt"],
            )
            for label in ("exact", "translit", "skeleton")
        }
        self._by_id: dict[str, int] | None = None
        # Countries by ISO code and continents by place id ("ct:EU"): what demonyms refer to.
        self.country_row: dict[str, int] = {}
        for i in np.flatnonzero(self.feature <= FEATURES.index("admin1")).tolist():
            if self.feature_name(i) == "country":
                self.country_row[self.country[i]] = i
        for i in np.flatnonzero(self.feature == FEATURES.index("continent")).tolist():
            self.country_row[self.place_id[i]] = i
        # A country's capital by ISO code: what "the capital" refers to.
        self.capital_row: dict[str, int] = {
            self.country[i]: i
            for i in np.flatnonzero(self.feature == FEATURES.index("capital")).tolist()
        }

    def row_of(self, place_id: str) -> int | None:
        """The row of a country code or of a place id ("SY", "ct:EU", "adm:RU.17", "sup:darfur")."""
        row = self.country_row.get(place_id)
        if row is not None or ":" not in place_id:
            return row
        if self._by_id is None:
            # Built on first use: only divisions and our supplement are named this way.
            self._by_id = {
                pid: i for i, pid in enumerate(self.place_id) if not pid.startswith("gn:")
            }
        return self._by_id.get(place_id)

    def __len__(self) -> int:
        return len(self.name)

    def feature_name(self, row: int) -> str:
        """The feature type of a row (country, admin1, city, river ...)."""
        return FEATURES[int(self.feature[row])]

    def _find(self, label: str, key: str) -> int:
        hashes = self._hash_lists[label]
        h = key_hash(key)
        i = bisect_left(hashes, h)
        return i if i < len(hashes) and hashes[i] == h else -1

    def _postings(self, label: str, key: str) -> list[tuple[int, int]]:
        _, offsets, rows, alt = self._index[label]
        i = self._find(label, key)
        if i < 0:
            return []
        lo, hi = int(offsets[i]), int(offsets[i + 1])
        return list(zip(rows[lo:hi].tolist(), alt[lo:hi].tolist(), strict=True))

    def has_exact(self, key: str) -> bool:
        """Whether an exact key names any place (fast pre-check for recognition)."""
        return self._find("exact", key) >= 0

    def has_translit(self, key: str) -> bool:
        """Whether a translit key names any place."""
        return self._find("translit", key) >= 0

    def match(self, name: str, fuzzy: bool = True, fuzzy_min: float = 80.0) -> list[NameMatch]:
        """All rows whose names match `name`: exact, transliteration, then fuzzy fallback."""
        ekey = exact_key(name)
        if not ekey:
            return []
        found: dict[int, NameMatch] = {}
        for row, alt in self._postings("exact", ekey):
            kind = "exact_alt" if alt else "exact"
            found[row] = NameMatch(row, kind, MATCH_QUALITY[kind])
        tkey = translit_key(ekey)
        if tkey:
            for row, alt in self._postings("translit", tkey):
                if row not in found:
                    kind = "translit_alt" if alt else "translit"
                    found[row] = NameMatch(row, kind, MATCH_QUALITY[kind])
        if not found and fuzzy and len(tkey) >= 4:
            # Fallback over plausible candidates only: same consonant skeleton.
            for row, _alt in self._postings("skeleton", skeleton_key(tkey)):
                score = fuzz.ratio(tkey, self.translit[row])
                if score >= fuzzy_min and row not in found:
                    found[row] = NameMatch(row, "fuzzy", 0.5 + 0.3 * (score - fuzzy_min) / 20)
        return list(found.values())

    def place(self, row: int) -> Place:
        """The Place of a row."""
        admin1 = int(self.admin1[row])
        gid = int(self.geonameid[row])
        return Place(
            place_id=self.place_id[row],
            name=self.name[row],
            lat=round(float(self.lat[row]), 5),
            lon=round(float(self.lon[row]), 5),
            country=self.country[row] or None,
            admin1=self.name[admin1] if admin1 >= 0 else None,
            feature=self.feature_name(row),
            geonameid=gid or None,
            population=int(self.population[row]),
        )


def great_circle_km(
    lat1: np.ndarray | float, lon1: np.ndarray | float, lat2: np.ndarray, lon2: np.ndarray
) -> np.ndarray:
    """Haversine distances in kilometres between points in degrees, broadcast like numpy."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlon = np.radians(np.subtract(lon2, lon1))
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    km: np.ndarray = 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return km


def cache_dir() -> Path:
    """Where the built index is kept: $SITREP_CACHE, else ~/.cache/sitrep."""
    env = os.environ.get("SITREP_CACHE")
    base = Path(env) if env else Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base if env else base / "sitrep"


def cache_path() -> Path:
    """The cache file for the current data files and build rules."""
    digest = hashlib.sha256(str(FORMAT_VERSION).encode())
    for name in _DATA_FILES:
        digest.update(resources.files("sitrep.data").joinpath(name).read_bytes())
    # The build rules are part of the index: a changed rule means a new file.
    for module in ("build.py", "names.py"):
        digest.update(resources.files("sitrep.gazetteer").joinpath(module).read_bytes())
    return cache_dir() / f"gazetteer-{digest.hexdigest()[:12]}.pickle"


def build_gazetteer_file(path: Path) -> None:
    """Build the index and write it atomically to `path`."""
    tables = build_arrays()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as out:
        pickle.dump(tables, out, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    # Indexes built from older data files or rules are never read again (~50 MB each).
    for stale in path.parent.glob("gazetteer-*.pickle"):
        if stale != path:
            stale.unlink(missing_ok=True)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Load the place index, building and caching it on first use (once per process)."""
    path = cache_path()
    if not path.exists():
        build_gazetteer_file(path)
    with path.open("rb") as f:
        tables = pickle.load(f)
    return Gazetteer(tables)
