"""The offline place index: building, caching and querying it."""

from sitrep.gazetteer.build import haversine_km
from sitrep.gazetteer.index import (
    Gazetteer,
    NameMatch,
    cache_path,
    great_circle_km,
    load_gazetteer,
)
from sitrep.gazetteer.names import exact_key, skeleton_key, translit_key

__all__ = [
    "Gazetteer",
    "NameMatch",
    "cache_path",
    "exact_key",
    "great_circle_km",
    "haversine_km",
    "load_gazetteer",
    "skeleton_key",
    "translit_key",
]
