"""Contradictions between reports and events, kept and surfaced, never averaged away.

Three kinds (numbered as in tests/test_merge_contradictions.py):

1. `claim_denial`: one event that some report asserts or claims and another denies.
2. `reversal`: a capture followed within `REVERSAL_DAYS` at the same place by the capturer's
   withdrawal, a capture by the side it was taken from, or an attack by that side (or by
   anyone not allied with the capturer) — one source's capture is another's retreat.
3. `fatalities`: one event whose reports give fatality figures that disagree beyond
   `FATALITY_TOLERANCE` (an "at least" figure below a higher one does not disagree).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sitrep.merge import AllianceLookup, places_compatible
from sitrep.model import ActorRef, Event, Report

REVERSAL_DAYS = 14
FATALITY_TOLERANCE = 0.2  # relative spread allowed between two figures
COUNTER_TYPES = frozenset({"attack", "armed_clash", "territory_taken", "territory_ceded"})


@dataclass(slots=True)
class Contradiction:
    """Reports or events that cannot all be right, with the evidence for each side."""

    kind: str  # claim_denial | reversal | fatalities
    event_ids: list[str]
    summary: str
    reports: list[str] = field(default_factory=list)  # report ids behind each side


def _who(report: Report) -> str:
    who = report.source or report.doc_id
    return f"{who} ({report.claimant})" if report.claimant else who


def claim_denials(event: Event) -> Contradiction | None:
    """Return the claim-versus-denial contradiction inside one event, if any (rule 1)."""
    denying = [r for r in event.reports if r.stance == "denied"]
    supporting = [r for r in event.reports if r.stance != "denied"]
    if not denying or not supporting:
        return None
    place = event.place.name if event.place else "?"
    summary = (
        f"{event.type} at {place}: "
        + ", ".join(sorted({f"{r.stance} by {_who(r)}" for r in supporting}))
        + "; denied by "
        + ", ".join(sorted({_who(r) for r in denying}))
    )
    return Contradiction(
        "claim_denial",
        [event.event_id],
        summary,
        [r.report_id for r in supporting + denying],
    )


def fatality_conflict(event: Event) -> Contradiction | None:
    """Return a contradiction when an event's fatality figures disagree (rule 3)."""
    figures = [(r.fatalities, r) for r in event.reports if r.fatalities is not None]
    if len(figures) < 2:
        return None
    low_f, low_r = min(figures, key=lambda pair: pair[0].count)
    high_f, high_r = max(figures, key=lambda pair: pair[0].count)
    if low_f.at_least or high_f.count - low_f.count <= FATALITY_TOLERANCE * high_f.count:
        return None
    summary = (
        f"fatalities for {event.type} at {event.place.name if event.place else '?'}: "
        f"{low_f.count} ({_who(low_r)}) vs {high_f.count} ({_who(high_r)}); "
        f"low/best/high {event.fatalities_low}/{event.fatalities_best}/{event.fatalities_high}"
    )
    return Contradiction(
        "fatalities", [event.event_id], summary, [low_r.report_id, high_r.report_id]
    )


def _same_side(a: ActorRef | None, b: ActorRef | None, dictionary: AllianceLookup | None) -> bool:
    if a is None or b is None:
        return False
    return a.id == b.id or (dictionary is not None and dictionary.allied(a.id, b.id))


def _reverses(capture: Event, later: Event, dictionary: AllianceLookup | None) -> bool:
    taker, loser = capture.actor1, capture.actor2
    if later.type == "territory_ceded":
        return _same_side(later.actor1, taker, dictionary)
    if later.actor1 is None or _same_side(later.actor1, taker, dictionary):
        return False
    if later.type == "territory_taken":
        return True
    # Fighting: a counter-attack by the loser, or by anyone against the taker.
    return _same_side(later.actor1, loser, dictionary) or _same_side(
        later.actor2, taker, dictionary
    )


def reversals(events: list[Event], dictionary: AllianceLookup | None = None) -> list[Contradiction]:
    """Return captures followed within days by a retreat or counter-attack (rule 2)."""
    found: list[Contradiction] = []
    dated = [e for e in events if e.date is not None and e.date.start is not None]
    for capture in dated:
        if capture.type != "territory_taken" or capture.place is None:
            continue
        start = capture.date.start  # type: ignore[union-attr]
        assert start is not None
        for later in dated:
            later_start = later.date.start  # type: ignore[union-attr]
            assert later_start is not None
            if later is capture or later.type not in COUNTER_TYPES:
                continue
            if not 0 <= (later_start - start).days <= REVERSAL_DAYS:
                continue
            if not places_compatible(capture.place, later.place)[0]:
                continue
            if _reverses(capture, later, dictionary):
                taker = capture.actor1.name if capture.actor1 else "an unknown actor"
                summary = (
                    f"{capture.place.name}: taken by {taker} on {start}, then {later.type}"
                    f" by {later.actor1.name if later.actor1 else '?'} on {later_start}"
                )
                found.append(
                    Contradiction(
                        "reversal",
                        [capture.event_id, later.event_id],
                        summary,
                        [r.report_id for r in capture.reports + later.reports],
                    )
                )
    return found


def find_contradictions(
    events: Iterable[Event], dictionary: AllianceLookup | None = None
) -> list[Contradiction]:
    """Return every contradiction among events: claim vs denial, reversals, fatality figures."""
    events = list(events)
    found: list[Contradiction] = []
    for event in events:
        for check in (claim_denials, fatality_conflict):
            contradiction = check(event)
            if contradiction is not None:
                found.append(contradiction)
    found.extend(reversals(events, dictionary))
    return sorted(found, key=lambda c: (c.kind, c.event_ids))
