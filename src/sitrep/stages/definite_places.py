"""Definite descriptions of facilities: "the airport", "the military airport", "the dam".

Reports name a facility once, or never, and then say "the airport". Such a description is a
toponym when the gazetteer holds a facility of that kind near the place the text is about at
that point: the nearest resolved toponym before it (within `window` characters), else the place
the document names most. The facility nearest an anchor, within `max_km`, is taken (anchors
tried nearest first); none near enough, nothing is added (a wrong airport is worse than
none). Cue words live in data/facility_nouns.yaml.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

from sitrep.gazetteer.build import FEATURES
from sitrep.gazetteer.index import Gazetteer, great_circle_km
from sitrep.model import Place, Toponym
from sitrep.stages.cue_lists import word_lists

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "facility_nouns.yaml"
# Places that can anchor a facility: settlements and divisions, not rivers or whole countries.
ANCHOR_FEATURES = frozenset({"city", "capital", "village", "neighbourhood", "admin2", "admin1"})
DESCRIPTION_CONFIDENCE = 0.6


class FacilityCueError(ValueError):
    """The facility cue file is malformed; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class FacilityCues:
    """Facility nouns and the pattern that finds their definite descriptions."""

    nouns: dict[str, tuple[str, ...]]
    pattern: re.Pattern[str]
    max_km: float
    window: int


@lru_cache(maxsize=4)
def load_facility_cues(path: Path | None = None) -> FacilityCues:
    """Load and validate the facility cues (the shipped data file by default)."""
    path = path or DEFAULT_PATH
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise FacilityCueError(f"{path}: expected a mapping")
    nouns = raw.get("nouns")
    if not isinstance(nouns, dict) or not nouns:
        raise FacilityCueError(f"{path}: nouns must map nouns to feature lists")
    modifiers = word_lists(raw, ["modifiers"], path, FacilityCueError)["modifiers"]
    parsed: dict[str, tuple[str, ...]] = {}
    for noun, features in nouns.items():
        if not isinstance(features, list) or not features:
            raise FacilityCueError(f"{path}: nouns.{noun} must list feature types")
        unknown = [f for f in features if f not in FEATURES]
        if unknown:
            raise FacilityCueError(f"{path}: nouns.{noun}: unknown feature {unknown[0]!r}")
        parsed[str(noun).lower()] = tuple(features)
    alternatives = "|".join(re.escape(n) for n in sorted(parsed, key=len, reverse=True))
    modifier = "|".join(re.escape(m) for m in sorted(modifiers, key=len, reverse=True))
    # Lower-case after "the": "the Tabqa Dam" is a name, found by the toponym stage.
    pattern = re.compile(rf"\b[Tt]he ((?:(?:{modifier}) )?({alternatives}))\b")
    return FacilityCues(parsed, pattern, float(raw.get("max_km", 40)), int(raw.get("window", 0)))


@lru_cache(maxsize=32)  # one entry per facility feature type: a few at most
def _facility_rows(gazetteer: Gazetteer, features: tuple[str, ...]) -> np.ndarray:
    codes = [FEATURES.index(f) for f in features]
    return np.flatnonzero(np.isin(gazetteer.feature, codes))


def _anchors(start: int, toponyms: list[Toponym], window: int, main: Place | None) -> list[Place]:
    # The places before the description, nearest first, then the document's main place: a
    # stray toponym in between ("IS" read as a town) must not hide the place the text is at.
    before = [
        t.place
        for t in reversed(toponyms)
        if t.place is not None
        and t.role == "place"
        and t.place.feature in ANCHOR_FEATURES
        and start - window <= t.start < start
    ]
    return [p for p in [*before, main] if p is not None and p.lat is not None]


def _main_place(toponyms: list[Toponym]) -> Place | None:
    counts = Counter(
        t.place.place_id
        for t in toponyms
        if t.place is not None and t.role == "place" and t.place.feature in ANCHOR_FEATURES
    )
    if not counts:
        return None
    best = counts.most_common(1)[0][0]
    return next(t.place for t in toponyms if t.place is not None and t.place.place_id == best)


def find_facility_descriptions(
    text: str, toponyms: list[Toponym], gazetteer: Gazetteer, cues: FacilityCues | None = None
) -> list[Toponym]:
    """Return toponyms for "the airport"-like descriptions resolvable near the text's places."""
    cues = cues or load_facility_cues()
    ordered = sorted(toponyms, key=lambda t: t.start)
    main = _main_place(ordered)
    found: list[Toponym] = []
    for match in cues.pattern.finditer(text):
        start, end = match.span(1)
        if any(t.start < end and start < t.end for t in ordered):
            continue  # part of a name already found ("the Mosul Dam")
        noun = match.group(2).lower()
        anchors = _anchors(start, ordered, cues.window, main)
        place = next(
            (p for a in anchors if (p := _nearest(gazetteer, cues, noun, a)) is not None), None
        )
        if place is not None:
            found.append(
                Toponym(start, end, match.group(1), place, 1, DESCRIPTION_CONFIDENCE, [], "place")
            )
    return found


def _nearest(gazetteer: Gazetteer, cues: FacilityCues, noun: str, anchor: Place) -> Place | None:
    # Feature types in order of preference: the first type with a facility near enough wins.
    for feature in cues.nouns[noun]:
        rows = _facility_rows(gazetteer, (feature,))
        if not len(rows):
            continue
        distances = great_circle_km(
            anchor.lat or 0.0, anchor.lon or 0.0, gazetteer.lat[rows], gazetteer.lon[rows]
        )
        best = int(np.argmin(distances))
        if distances[best] <= cues.max_km:
            return gazetteer.place(int(rows[best]))
    return None
