"""`sitrep bench geoparse` and `sitrep bench places-speed`: the places stage measured.

The geoparsing file has one article a line, `{"id", "title", "text", "toponyms": [{"start",
"end", "text", "lat", "lon", "geonameid", "type"}]}` (../shared/benchmarks/geoparsing/README.md).

Measures, end to end from raw text (spaCy, then the places stage):
  - span precision/recall/F1: a system toponym matches a gold one it overlaps, one to one;
  - Acc@161: the share of gold toponyms whose matched system toponym lies within 161 km (100 mi)
    of the gold point; a missed or unresolved gold toponym counts as wrong;
  - mean error in km over all gold toponyms, a missed or unresolved one counting as the largest
    possible error, half the Earth's circumference (20,039 km), as in Gritta et al. (2019).
Demonyms: TR-News annotates a nationality word used as a place ("Turkish troops") as the
country, LGL mostly does not. A system demonym therefore counts when it matches a gold
toponym and is left out of precision when it does not: whether a corpus annotates demonyms is
its convention, not an error of the system. Every other system toponym counts in precision.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from spacy.tokens import Doc

from sitrep.gazetteer import Gazetteer, haversine_km, load_gazetteer
from sitrep.model import Toponym
from sitrep.stages.language import load_nlp
from sitrep.stages.places import find_toponyms

ACC_KM = 161.0
MAX_ERROR_KM = 20039.0


@dataclass(slots=True)
class GeoScores:
    """Counts behind the benchmark figures, and the errors for the report."""

    n_gold: int = 0
    n_system: int = 0
    matched: int = 0
    within: int = 0
    error_km: float = 0.0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def figures(self) -> dict[str, float | int]:
        """Precision, recall, F1, Acc@161, mean error (km) and the number of gold toponyms."""
        p = self.matched / self.n_system if self.n_system else 0.0
        r = self.matched / self.n_gold if self.n_gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f1, 4),
            "acc161": round(self.within / self.n_gold, 4) if self.n_gold else 0.0,
            "mean_km": round(self.error_km / self.n_gold, 1) if self.n_gold else 0.0,
            "n": self.n_gold,
        }

    def error_kinds(self) -> Counter[str]:
        """How many gold toponyms were missed, left unresolved or resolved too far away."""
        return Counter(e["kind"] for e in self.errors)


def read_articles(path: Path) -> Iterator[dict[str, Any]]:
    """Articles of a geoparsing benchmark file."""
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def score_article(article: dict[str, Any], toponyms: list[Toponym], scores: GeoScores) -> None:
    """Add one article's system toponyms to the scores."""
    gold = [g for g in article["toponyms"] if g.get("lat") is not None]
    used: set[int] = set()
    system_matched: set[int] = set()
    for g in gold:
        scores.n_gold += 1
        hit = next(
            (
                k
                for k, t in enumerate(toponyms)
                if k not in used and t.start < g["end"] and g["start"] < t.end
            ),
            None,
        )
        if hit is None:
            scores.error_km += MAX_ERROR_KM
            scores.errors.append(_error(article, g, None, None, "missed"))
            continue
        used.add(hit)
        system_matched.add(hit)
        scores.matched += 1
        place = toponyms[hit].place
        if place is None:
            scores.error_km += MAX_ERROR_KM
            scores.errors.append(_error(article, g, toponyms[hit], None, "unresolved"))
            continue
        km = haversine_km(float(g["lat"]), float(g["lon"]), place.lat, place.lon)
        scores.error_km += km
        if km <= ACC_KM:
            scores.within += 1
        else:
            scores.errors.append(_error(article, g, toponyms[hit], km, "wrong_place"))
    scores.n_system += sum(
        1 for k, t in enumerate(toponyms) if t.role != "demonym" or k in system_matched
    )


def _error(
    article: dict[str, Any],
    gold: dict[str, Any],
    toponym: Toponym | None,
    km: float | None,
    kind: str,
) -> dict[str, Any]:
    place = toponym.place if toponym else None
    return {
        "doc": article.get("id"),
        "kind": kind,
        "gold": gold["text"],
        "gold_type": gold.get("type"),
        "system": toponym.text if toponym else None,
        "place": f"{place.name} ({place.country}, {place.feature})" if place else None,
        "km": round(km) if km is not None else None,
    }


def parse_texts(texts: Iterable[str]) -> list[Doc]:
    """Run spaCy over texts (the language stage the places stage depends on)."""
    return list(load_nlp().pipe(texts, batch_size=32))


def run_geoparse(path: Path, gazetteer: Gazetteer | None = None) -> GeoScores:
    """Score the places stage end to end over one geoparsing benchmark file."""
    gazetteer = gazetteer or load_gazetteer()
    articles = list(read_articles(path))
    scores = GeoScores()
    for article, sdoc in zip(articles, parse_texts(a["text"] for a in articles), strict=True):
        scores_toponyms = find_toponyms(sdoc, gazetteer)
        score_article(article, scores_toponyms, scores)
    return scores


def read_texts(path: Path) -> list[str]:
    """Texts to time the places stage on: a JSON Lines file with "text", or text files."""
    if path.is_dir():
        return [
            p.read_text("utf-8") for p in sorted(path.rglob("*")) if p.suffix in {".txt", ".md"}
        ]
    if path.suffix == ".jsonl":
        return [a["text"] for a in read_articles(path)]
    return [path.read_text("utf-8")]


def run_places_speed(path: Path, repeat: int = 3) -> dict[str, float | int]:
    """Words per CPU second of the places stage alone, spaCy's output computed beforehand."""
    gazetteer = load_gazetteer()
    sdocs = parse_texts(read_texts(path))
    words = sum(1 for sdoc in sdocs for tok in sdoc if not tok.is_punct and not tok.is_space)
    for sdoc in sdocs[:5]:  # warm the name caches once, as a running pipeline would be
        find_toponyms(sdoc, gazetteer)
    # CPU time of this process: on a shared machine wall time measures the neighbours too.
    best = wall = float("inf")
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        n = sum(len(find_toponyms(sdoc, gazetteer)) for sdoc in sdocs)
        best = min(best, time.process_time() - cpu)
        wall = min(wall, time.perf_counter() - start)
    return {
        "words": words,
        "cpu_seconds": round(best, 3),
        "wall_seconds": round(wall, 3),
        "words_per_s": round(words / best) if best else 0,
        "toponyms": n,
        "docs": len(sdocs),
    }


def print_geo_scores(scores: GeoScores, console: Console, as_json: bool = False) -> None:
    """Print the geoparsing figures as a table, or one JSON object on the last line."""
    figures = scores.figures()
    if as_json:
        print(json.dumps(figures))
        return
    table = Table(title="Geoparsing (end to end)")
    for key in figures:
        table.add_column(key, justify="right")
    table.add_row(*(str(v) for v in figures.values()))
    console.print(table)
    kinds = scores.error_kinds()
    console.print("errors: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))


def print_places_speed(figures: dict[str, float | int], console: Console, as_json: bool) -> None:
    """Print the places-stage speed figures, or one JSON object on the last line."""
    if as_json:
        print(json.dumps(figures))
        return
    for key, value in figures.items():
        console.print(f"{key:>12}: {value}")
