"""Scorer of `sitrep evaluate GOLD EXPORT`: an event export against gold events.

Gold lines (tests/gold/README.md) are events in the export format whose reports carry a
`doc_id` and a `sentence_hint`, an exact substring of the reporting sentence. Alignment:

1. A system report matches a gold report when it has the same `doc_id` and its sentence
   contains the hint (case-, accent- and quote-folded).
2. A system event aligns with a gold event when one of their reports match and their types
   agree: the same type, a report's own type, or the same family (a capture and the loser's
   withdrawal; a clash and an attack; an air strike and shelling). Several system events may
   align with one gold event (an unmerged duplicate is not a false event: merging is scored
   apart); `duplicates` counts them.
3. Recall: gold events with an aligned system event. Precision: system events with at least
   one report in a gold document that align with some gold event. The stricter
   `recall_one_to_one` and `precision_one_to_one` count the gold events a maximum one-to-one
   matching covers: one system event that merged two gold events answers for one of them.
4. Fields, on each gold event and its best-aligned system event: type (exact), actor1 and
   actor2 (same id, or an actor the dictionary lists as allied or as a parent, as
   tests/gold/ACTORS.md states; both null counts as right; a withdrawal scored against a
   capture is read from the taker's side: its actor2 is the capture's actor1; a clash is
   fighting between two sides, so when both are clashes the two sides may come in either
   order), place (within
   25 km, or the same folded name), date (intervals overlap), fatalities (equal). Stance and
   claimant on each matched pair of reports (claimant right when both are null, one folded
   name contains the other's words, or, with a dictionary, both name the same actor).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from rich.console import Console
from rich.table import Table
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching
from unidecode import unidecode

from sitrep.bench.output import print_figures
from sitrep.stages.actors import ActorDictionary, load_actor_dictionary

PLACE_KM = 25.0
FIELDS = ("type", "actor1", "actor2", "place", "date", "fatalities")
# Event types that a careful reader may code either way for one happening.
TYPE_FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"territory_taken", "territory_ceded", "siege_broken"}),
    frozenset({"armed_clash", "attack", "offensive"}),
    frozenset({"air_strike", "shelling", "remote_explosive", "suicide_attack"}),
    frozenset({"attack_on_civilians", "abduction"}),
    frozenset({"siege", "siege_broken"}),
    frozenset({"relocation", "base_established"}),
)
# A capture told from the loser's side: actor1 of a withdrawal is actor2 of the capture.
CONVERSE_TYPES = frozenset({"territory_taken", "territory_ceded"})
# "fighting between organised armed groups" (SPEC): neither side is the doer.
SYMMETRIC_TYPES = frozenset({"armed_clash"})
_SPACES = re.compile(r"\s+")
_WORDS = re.compile(r"[a-z0-9]+")
_ALPHA = re.compile(r"[^\W\d_]+")
_STOP = {"the", "a", "an", "of", "s", "and"}


@dataclass(slots=True)
class Evaluation:
    """Scores of one export against one gold file."""

    n_gold: int = 0
    n_system: int = 0
    matched_gold: int = 0
    aligned_system: int = 0
    matched_one_to_one: int = 0  # gold events matched when each system event counts once
    duplicates: int = 0
    field_right: Counter[str] = field(default_factory=Counter)
    stance_right: int = 0
    claimant_right: int = 0
    report_pairs: int = 0
    errors: Counter[str] = field(default_factory=Counter)

    def figures(self) -> dict[str, Any]:
        """The `--json` object."""
        matched = self.matched_gold or 1
        out: dict[str, Any] = {
            "recall": _ratio(self.matched_gold, self.n_gold),
            "precision": _ratio(self.aligned_system, self.n_system),
            # Stricter: one system event answers for one gold event at most, so that two gold
            # events merged into one count once (a maximum bipartite matching).
            "recall_one_to_one": _ratio(self.matched_one_to_one, self.n_gold),
            "precision_one_to_one": _ratio(self.matched_one_to_one, self.n_system),
        }
        for name in FIELDS:
            out[f"{name}_accuracy"] = round(self.field_right[name] / matched, 4)
        out["stance_accuracy"] = _ratio(self.stance_right, self.report_pairs)
        out["claimant_accuracy"] = _ratio(self.claimant_right, self.report_pairs)
        out.update(
            n_gold=self.n_gold,
            n_system=self.n_system,
            matched=self.matched_gold,
            duplicates=self.duplicates,
            report_pairs=self.report_pairs,
        )
        return out


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Yield the JSON objects of a JSON Lines file, skipping blank lines."""
    with path.open(encoding="utf-8") as handle:
        for n, line in enumerate(handle, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{n}: not JSON: {exc.msg}") from None


def fold(text: str | None) -> str:
    """Case-, accent-, quote- and space-folded text for matching."""
    if not text:
        return ""
    text = unidecode(text).lower().replace("`", "'")
    return _SPACES.sub(" ", text).strip()


class AllianceLookup(Protocol):
    """What scoring needs of the actor dictionary: whether two ids are one side."""

    def allied(self, a_id: str, b_id: str, /) -> bool: ...


def evaluate(
    gold: list[dict[str, Any]],
    system: list[dict[str, Any]],
    allies: AllianceLookup | None = None,
) -> Evaluation:
    """Align system events to gold events and score them.

    `allies` (the actor dictionary) makes an allied or parent actor count as right; without
    it actors must have the same id.
    """
    result = Evaluation(n_gold=len(gold))
    gold_docs = {r["doc_id"] for g in gold for r in g["reports"]}
    system = [s for s in system if any(r.get("doc_id") in gold_docs for r in s["reports"])]
    result.n_system = len(system)
    aligned_to: dict[int, list[tuple[int, list[tuple[dict[str, Any], dict[str, Any]]]]]] = {}
    for si, event in enumerate(system):
        hit = False
        for gi, gold_event in enumerate(gold):
            pairs = _report_pairs(gold_event, event)
            if pairs:
                aligned_to.setdefault(gi, []).append((si, pairs))
                hit = True
        if hit:
            result.aligned_system += 1
        else:
            result.errors[f"false event: {event.get('type')}"] += 1
    result.matched_one_to_one = _one_to_one(aligned_to, len(gold), len(system))
    for gi, gold_event in enumerate(gold):
        candidates = aligned_to.get(gi)
        if not candidates:
            result.errors[f"missed event: {gold_event['type']}"] += 1
            continue
        result.matched_gold += 1
        result.duplicates += len(candidates) - 1
        scored = [
            (_field_scores(gold_event, system[si], pairs, allies), si, pairs)
            for si, pairs in candidates
        ]
        fields, _, pairs = max(scored, key=lambda item: sum(item[0].values()))
        for name, right in fields.items():
            if right:
                result.field_right[name] += 1
            else:
                result.errors[f"wrong {name}"] += 1
        for gold_report, sys_report in pairs:
            result.report_pairs += 1
            if gold_report.get("stance") == sys_report.get("stance"):
                result.stance_right += 1
            else:
                result.errors[
                    f"stance {gold_report.get('stance')} read as {sys_report.get('stance')}"
                ] += 1
            if _same_claimant(
                gold_report.get("claimant"), sys_report.get("claimant")
            ) or _same_claimant_id(gold_report.get("claimant"), sys_report.get("claimant"), allies):
                result.claimant_right += 1
            else:
                result.errors["wrong claimant"] += 1
    return result


def _one_to_one(
    aligned_to: Mapping[int, Sequence[tuple[int, Any]]], n_gold: int, n_system: int
) -> int:
    """How many gold events a maximum one-to-one matching to system events covers."""
    edges = [(gi, si) for gi, hits in aligned_to.items() for si, _ in hits]
    if not edges:
        return 0
    rows, cols = zip(*edges, strict=True)
    graph = csr_matrix((np.ones(len(edges)), (rows, cols)), shape=(n_gold, n_system))
    return int((maximum_bipartite_matching(graph, perm_type="column") >= 0).sum())


def _report_pairs(
    gold_event: dict[str, Any], event: dict[str, Any]
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Matching (gold report, system report) pairs, when the two events' types agree."""
    pairs = []
    for gold_report in gold_event["reports"]:
        hint = fold(gold_report.get("sentence_hint"))
        gold_types = {gold_event["type"], gold_report.get("type") or gold_event["type"]}
        if not _types_agree(gold_types, event.get("type")):
            continue
        for report in event["reports"]:
            if report.get("doc_id") == gold_report["doc_id"] and hint in fold(
                report.get("sentence")
            ):
                pairs.append((gold_report, report))
                break
    return pairs


def _types_agree(gold_types: set[str], system_type: str | None) -> bool:
    if system_type in gold_types:
        return True
    return any(system_type in fam and gold_types & fam for fam in TYPE_FAMILIES)


def _field_scores(
    gold_event: dict[str, Any],
    event: dict[str, Any],
    pairs: list[tuple[dict[str, Any], dict[str, Any]]],
    allies: AllianceLookup | None = None,
) -> dict[str, bool]:
    report_types = {g.get("type") for g, _ in pairs} - {None}
    actor1, actor2 = event.get("actor1"), event.get("actor2")
    if {gold_event["type"], event.get("type")} == CONVERSE_TYPES:
        actor1, actor2 = actor2, actor1  # "X withdrew, Y moved in" is Y's capture from X
    gold1, gold2 = _actor_id(gold_event.get("actor1")), _actor_id(gold_event.get("actor2"))
    right1 = same_actor(gold1, _actor_id(actor1), allies)
    right2 = same_actor(gold2, _actor_id(actor2), allies)
    if {gold_event["type"], event.get("type")} <= SYMMETRIC_TYPES and not (right1 and right2):
        crossed1 = same_actor(gold1, _actor_id(actor2), allies)
        crossed2 = same_actor(gold2, _actor_id(actor1), allies)
        if crossed1 + crossed2 > right1 + right2:
            right1, right2 = crossed1, crossed2
    return {
        "type": event.get("type") in {gold_event["type"], *report_types},
        "actor1": right1,
        "actor2": right2,
        "place": same_place(gold_event.get("place"), event.get("place")),
        "date": dates_overlap(gold_event.get("date"), event.get("date")),
        "fatalities": gold_event.get("fatalities") == event.get("fatalities"),
    }


def _actor_id(actor: dict[str, Any] | None) -> str | None:
    return actor.get("id") if actor else None


def same_actor(gold: str | None, system: str | None, allies: AllianceLookup | None) -> bool:
    """True for the same id (or both none), or allied ids when a dictionary is given."""
    if gold is None or system is None:
        return gold is None and system is None
    return gold == system or (allies is not None and allies.allied(gold, system))


def same_place(gold: dict[str, Any] | None, system: dict[str, Any] | None) -> bool:
    """True when two places are within PLACE_KM of each other or share a folded name."""
    if gold is None or system is None:
        return gold is None and system is None
    if fold(gold.get("name")) == fold(system.get("name")):
        return True
    coords = [gold.get("lat"), gold.get("lon"), system.get("lat"), system.get("lon")]
    if any(c is None for c in coords):
        return False
    lat1, lon1, lat2, lon2 = (float(c) for c in coords if c is not None)
    return haversine_km(lat1, lon1, lat2, lon2) <= PLACE_KM


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def dates_overlap(gold: dict[str, Any] | None, system: dict[str, Any] | None) -> bool:
    """True when two date intervals share at least a day."""
    if gold is None or system is None:
        return gold is None and system is None
    try:
        g0 = dt.date.fromisoformat(gold["start"])
        g1 = dt.date.fromisoformat(gold.get("end") or gold["start"])
        s0 = dt.date.fromisoformat(system["start"])
        s1 = dt.date.fromisoformat(system.get("end") or system["start"])
    except (KeyError, TypeError, ValueError):
        return False
    return g0 <= s1 and s0 <= g1


def _same_claimant(gold: str | None, system: str | None) -> bool:
    if not gold or not system:
        return not gold and not system
    g = set(_WORDS.findall(fold(gold))) - _STOP
    s = set(_WORDS.findall(fold(system))) - _STOP
    return bool(g and s) and (g <= s or s <= g or len(g & s) >= max(1, min(len(g), len(s)) - 1))


def _same_claimant_id(gold: str | None, system: str | None, allies: object) -> bool:
    """True when both wordings name one actor of the dictionary ("the SDF", "Syrian Democratic
    Forces"): ACTORS.md lets claimants match by the dictionary's ids."""
    if not gold or not system or allies is None:
        return False
    resolve = getattr(allies, "resolve_name", None)
    if resolve is None and isinstance(allies, ActorDictionary):
        resolve = functools.partial(resolve_name, allies)
    if resolve is None:
        return False
    gold_id = resolve(gold)
    return gold_id is not None and gold_id == resolve(system)


def resolve_name(dictionary: ActorDictionary, text: str) -> str | None:
    """The actor whose alias a short name contains ("the SDF", "Syrian State media"), the
    longest alias winning; None when no alias occurs."""
    best: tuple[int, str] | None = None
    for word in _ALPHA.finditer(text.lower()):
        for pattern in dictionary.candidates(word.group()):
            found = pattern.regex.match(text, word.start()) if pattern.how == "alias" else None
            if found and (best is None or found.end() - found.start() > best[0]):
                best = (found.end() - found.start(), pattern.target)
    return best[1] if best else None


def evaluate_files(gold_path: Path, export_path: Path) -> Evaluation:
    """Score an export file against a gold file, allies counting as right (ACTORS.md)."""
    return evaluate(
        list(read_jsonl(gold_path)), list(read_jsonl(export_path)), load_actor_dictionary()
    )


def print_evaluation(result: Evaluation, console: Console, *, as_json: bool = False) -> None:
    """Print the scores and the errors by kind, or one JSON object on the last line."""
    if print_figures(result.figures(), "Events against gold", console, as_json=as_json):
        return
    errors = Table(title="Errors by kind")
    errors.add_column("error")
    errors.add_column("count", justify="right")
    for kind, count in result.errors.most_common():
        errors.add_row(kind, str(count))
    console.print(errors)
