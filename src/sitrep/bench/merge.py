"""Scoring merging and the control timeline against our gold files under tests/gold/.

Gold events (`*_events.jsonl`) hold, per event, its reports as `{"doc_id", "sentence_hint"}`
(a phrase of the sentence; `sentence` is accepted too). A system report is matched to a gold
report of the same document whose hint occurs in its sentence (case and accents folded); when
a sentence holds several gold reports, the one of the same type family wins.

Merge scores are over *pairs* of gold reports: a gold pair is two reports of one gold event; a
system pair is two gold reports whose matched system reports ended in one event. Precision =
|system ∩ gold| / |system|; recall = |system ∩ gold| / |gold|, and `recall_matched` counts only
gold pairs whose two reports were both found (the merge's own share of the misses).

Control facts (`control_facts.jsonl`): `{"place", "date", "actor"}` (place as a name or an
object with `name`; actor as an id or an object with `id`; optional `status`). A fact is right
when `control_at` finds a span on that date whose holder is that actor (or an ally of it).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import Any

from sitrep.control import control_at, fold
from sitrep.merge import AllianceLookup, family, km_between
from sitrep.model import ControlSpan, Event, PlaceRef, Report

GoldReport = tuple[int, int]  # (gold event index, report index)


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    """Read a JSON Lines file, skipping blank lines and `#` comments."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip() and not line.startswith("#")]


def _hint(report: dict[str, Any]) -> str:
    return fold(str(report.get("sentence_hint") or report.get("sentence") or ""))


def match_reports(events: Iterable[Event], gold: list[dict[str, Any]]) -> dict[str, GoldReport]:
    """Map system report ids to the gold report they correspond to."""
    by_doc: dict[str, list[tuple[GoldReport, str, str, dict[str, Any]]]] = {}
    for i, gold_event in enumerate(gold):
        for j, report in enumerate(gold_event.get("reports", [])):
            hint = _hint(report)
            if hint:
                kind = str(report.get("type") or gold_event.get("type", ""))
                entry = ((i, j), hint, kind, gold_event.get("place") or {})
                by_doc.setdefault(str(report.get("doc_id")), []).append(entry)
    matched: dict[str, GoldReport] = {}
    for event in events:
        for report in event.reports:
            sentence = fold(report.sentence)
            hits = [h for h in by_doc.get(report.doc_id, []) if h[1] in sentence]
            if hits:
                # One sentence may hold several gold events: take the one of the same type
                # family at the same place.
                best = max(hits, key=lambda h: _fit(report, h[2], h[3]))
                matched[report.report_id] = best[0]
    return matched


def _fit(report: Report, kind: str, place: dict[str, Any]) -> tuple[bool, bool]:
    same_family = family(kind) == family(report.type)
    if report.place is None or not place:
        return same_family, False
    gold_place = PlaceRef(
        str(place.get("name", "")),
        place.get("lat"),
        place.get("lon"),
        place.get("country"),
        geonameid=place.get("geonameid"),
    )
    km = km_between(report.place, gold_place)
    near = (
        report.place.geonameid is not None and report.place.geonameid == gold_place.geonameid
    ) or (km is not None and km <= 30)
    return same_family, near


def score_merge(events: list[Event], gold: list[dict[str, Any]]) -> dict[str, float | int]:
    """Return pairwise merge precision, recall and F1 of events against gold events."""
    matched = match_reports(events, gold)
    system: set[frozenset[GoldReport]] = set()
    for event in events:
        keys = sorted({matched[r.report_id] for r in event.reports if r.report_id in matched})
        system |= {frozenset(pair) for pair in combinations(keys, 2)}
    gold_pairs: set[frozenset[GoldReport]] = set()
    for i, gold_event in enumerate(gold):
        keys = [(i, j) for j in range(len(gold_event.get("reports", [])))]
        gold_pairs |= {frozenset(pair) for pair in combinations(keys, 2)}
    found = set(matched.values())
    reachable = {pair for pair in gold_pairs if pair <= found}
    hits = len(system & gold_pairs)
    precision = hits / len(system) if system else 1.0
    recall = hits / len(gold_pairs) if gold_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "recall_matched": round(hits / len(reachable), 3) if reachable else 1.0,
        "f1": round(f1, 3),
        "gold_pairs": len(gold_pairs),
        "system_pairs": len(system),
        "gold_reports_found": len(found),
        "gold_reports": sum(len(g.get("reports", [])) for g in gold),
    }


def _fact_place(fact: dict[str, Any]) -> str:
    place = fact.get("place")
    return str(place.get("name") if isinstance(place, dict) else place)


def _fact_actor(fact: dict[str, Any]) -> str | None:
    actor = fact.get("actor") or fact.get("holder")
    if isinstance(actor, dict):
        return str(actor.get("id")) if actor.get("id") else None
    return str(actor) if actor else None


def _fact_day(fact: dict[str, Any]) -> date:
    return date.fromisoformat(str(fact.get("date") or fact.get("on") or fact.get("day")))


def score_control(
    spans: list[ControlSpan],
    facts: list[dict[str, Any]],
    dictionary: AllianceLookup | None = None,
    resolve: Callable[[str, str | None], str] | None = None,
) -> dict[str, Any]:
    """Return the share of control facts the timeline answers right, and the misses.

    `resolve(name, country)` maps a fact's place name to the timeline's key for it (e.g.
    sitrep.review.resolve_place over the gazetteer); without it names must match exactly.
    """
    right = 0
    misses: list[str] = []
    for fact in facts:
        place, day, actor = _fact_place(fact), _fact_day(fact), _fact_actor(fact)
        key = resolve(place, fact.get("country")) if resolve else place
        span = control_at(spans, key, day)
        holder = span.actor.id if span and span.actor else None
        ok = (
            holder is not None
            and actor is not None
            and (holder == actor or (dictionary is not None and dictionary.allied(holder, actor)))
        )
        if ok:
            right += 1
        else:
            misses.append(f"{place} on {day}: gold {actor}, timeline {holder}")
    return {
        "accuracy": round(right / len(facts), 3) if facts else 1.0,
        "right": right,
        "n": len(facts),
        "misses": misses,
    }


def bench_merge(
    events: list[Event],
    spans: list[ControlSpan],
    gold_events: Path,
    control_facts: Path,
    dictionary: AllianceLookup | None = None,
) -> dict[str, Any]:
    """Return merge precision/recall on gold pairs and control-fact accuracy, flat for --json."""
    from sitrep.review import resolve_place

    merge = score_merge(events, load_jsonl(gold_events))
    control = score_control(
        spans,
        load_jsonl(control_facts),
        dictionary,
        lambda name, country: resolve_place(name, spans, country),
    )
    return {
        **{f"merge_{key}": value for key, value in merge.items()},
        "control_accuracy": control["accuracy"],
        "control_right": control["right"],
        "control_n": control["n"],
        "control_misses": control["misses"],
    }
