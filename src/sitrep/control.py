"""The control timeline: who held which place over which interval, and on what evidence.

Changes of control come from events and from control statements (numbered as in
tests/test_control_timeline.py):

1. `territory_taken`: actor1 holds the place from the event's first day; actor2, when known,
   held it until the day before. An event only claimed (status `claimed_only`) or `disputed`
   gives a `claimed` span.
2. `siege`: the besieged side (actor2, else the current holder) holds it `besieged`.
3. `siege_broken`: actor1 (the relieving side) holds it; a siege is lifted.
4. `territory_ceded`: actor1 leaves; actor2 holds it when named, else the side that held it
   before actor1 is back, `contested`.
5. Ground fighting (`attack`, `armed_clash`, `offensive`) against the holder by an actor not on
   its side makes the place `contested` — an offensive or a clash at any time, a lone attack
   only within `COUNTER_ATTACK_DAYS` of the change of hands (a counter-attack).
6. A control statement ("X still controls Y", "Y remained under X's control") is a report of
   type `CONTROL_STATEMENT` whose actor1 holds the place on the report's date; asserted gives
   `held`, otherwise `claimed`; it upgrades a claimed or contested span of the same side. The
   other side still holding part of the place makes the holder's span `contested`.
7. Place hierarchy: a change only applies to the place it names. Precision 1 means the place
   itself; precision 2 (part of it: "most of the town", "about a third of the province") means
   part of it, so the span is `contested` (a part taken from a holder of the other side
   leaves that holder in place, contested); an event of precision 3 (somewhere in the region)
   and a whole country give no span. A town taken never gives its province: the province has
   its own timeline. A part or nearby ground taken before anything is known of the place
   as a whole gives no span. A change of hands with no known taker, and holders that cannot
   hold ground (civilians, news sources), are left out.

Same-day changes apply in the order siege, fighting, statement, siege broken, capture,
withdrawal. Adjacent spans with the same holder and status are joined.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sitrep.merge import AllianceLookup, same_place
from sitrep.model import ActorRef, ControlSpan, Event, PlaceRef, Report

CONTROL_STATEMENT = "control_statement"
COUNTER_ATTACK_DAYS = 30
FIGHTING = frozenset({"attack", "armed_clash", "offensive"})
# Same-day order of the kinds of change (rule order in the module doc).
RANK = {"siege": 0, "fighting": 1, "statement": 2, "siege_broken": 3, "taken": 4, "ceded": 5}
NOT_HOLDERS = frozenset({"civilians", "source"})
STATUS_STRENGTH = {"held": 3, "besieged": 2, "contested": 1, "claimed": 0}


@dataclass(slots=True)
class ControlChange:
    """One piece of evidence about who holds a place from a given day."""

    place: PlaceRef
    day: date
    kind: str  # a key of RANK
    actor: ActorRef | None  # the holder after the change, or the attacker for fighting
    other: ActorRef | None  # the side that loses it, or the target
    status: str  # ControlStatus the change gives
    evidence: str  # event id, or report id for a control statement
    event_type: str = ""


def place_key(place: PlaceRef) -> str:
    """Return the key a place's timeline is filed under."""
    if place.geonameid is not None:
        return f"gn:{place.geonameid}"
    if place.place_id:
        return place.place_id
    return f"{place.country or '?'}:{fold(place.name)}"


def fold(name: str) -> str:
    """Fold a place name for matching: accents, case, hyphens and apostrophes removed."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    for mark in "-'’‘`":
        text = text.replace(mark, " ")
    return " ".join(text.split())


def _status_of(event: Event) -> str:
    return "claimed" if event.status in {"claimed_only", "disputed"} else "held"


def changes_from_event(event: Event) -> list[ControlChange]:
    """Return the control changes an event implies (rules 1-5, 7)."""
    if event.place is None or event.date is None or not holdable(event.place):
        return []
    day = event.date.start or event.date.end
    if day is None or event.place.precision >= 3:
        return []  # somewhere in a region: no place whose control it tells
    partial = event.place.precision == 2
    actor1, actor2 = party(event.actor1), party(event.actor2)
    status = _status_of(event)
    kind = {
        "territory_taken": "taken",
        "siege_broken": "siege_broken",
        "siege": "siege",
        "territory_ceded": "ceded",
    }.get(event.type)
    if kind is None and event.type in FIGHTING:
        kind = "fighting"
    if kind is None or (kind in {"taken", "siege_broken", "ceded"} and actor1 is None):
        return []  # a change of hands with no known party tells nothing of who holds it
    if partial and kind in {"taken", "siege_broken"}:
        status = "contested"
    return [
        ControlChange(event.place, day, kind, actor1, actor2, status, event.event_id, event.type)
    ]


def party(actor: ActorRef | None) -> ActorRef | None:
    """Return the actor if it can hold ground: not civilians, not a news source."""
    return None if actor is None or actor.type in NOT_HOLDERS else actor


def holdable(place: PlaceRef) -> bool:
    """Return False for whole countries: their control is not one holder's."""
    return not (place.place_id or "").startswith("cc:")


def change_from_statement(report: Report) -> ControlChange | None:
    """Return the change a control statement implies (rule 6), None if it lacks a part."""
    if report.type != CONTROL_STATEMENT or report.place is None or party(report.actor1) is None:
        return None
    if not holdable(report.place):
        return None
    day = (report.date.start or report.date.end) if report.date else report.published
    if day is None or report.stance == "denied":
        return None
    status = "held" if report.stance == "asserted" else "claimed"
    if report.place.precision >= 2:
        status = "contested"
    return ControlChange(
        report.place, day, "statement", report.actor1, None, status, report.report_id
    )


class _Timeline:
    """The spans of one place, built change by change."""

    def __init__(self, place: PlaceRef, dictionary: AllianceLookup | None) -> None:
        self.place = place
        self.dictionary = dictionary
        self.spans: list[ControlSpan] = []

    def same_side(self, a: ActorRef | None, b: ActorRef | None) -> bool:
        if a is None or b is None:
            return False
        return a.id == b.id or (self.dictionary is not None and self.dictionary.allied(a.id, b.id))

    @property
    def current(self) -> ControlSpan | None:
        return self.spans[-1] if self.spans and self.spans[-1].end is None else None

    def open(self, holder: ActorRef | None, status: str, day: date | None, evidence: str) -> None:
        current = self.current
        if current is not None and day is not None:
            current.end = day - timedelta(days=1)
            if current.start is not None and current.end < current.start:
                self.spans.pop()  # superseded the same day: no span of zero length
        self.spans.append(ControlSpan(self.place, holder, day, None, status, [evidence]))

    def note(self, evidence: str) -> None:
        current = self.current
        if current is not None and evidence not in current.evidence:
            current.evidence.append(evidence)

    def held_before(
        self, holder: ActorRef | None, change: ControlChange, status: str = "held"
    ) -> None:
        # First news of a place that changes hands tells who held it before.
        if self.current is None and not self.spans and holder is not None:
            day = change.day - timedelta(days=1)
            self.spans.append(ControlSpan(self.place, holder, None, day, status, [change.evidence]))

    def apply(self, change: ControlChange) -> None:
        current = self.current
        holder = current.actor if current else None
        partial = change.kind == "taken" and change.status == "contested"
        if partial and current is None and not self.spans:
            # Ground beside the place or part of it, and nothing yet known of the place as a
            # whole: it tells who fights there, not who holds it.
            return
        if partial and current is not None and not self.same_side(holder, change.actor):
            # Part of the place taken from its holder: the holder stays, contested.
            if current.status in {"held", "claimed"}:
                self.open(holder, "contested", change.day, change.evidence)
            else:
                self.note(change.evidence)
        elif change.kind in {"taken", "siege_broken"}:
            if current is None and change.kind == "siege_broken":
                # A siege broken tells that the relieved side held the place, besieged.
                self.held_before(change.actor, change, "besieged")
            elif current is None:
                self.held_before(change.other, change)
            if current is not None and self.same_side(holder, change.actor):
                if current.status == "besieged" and change.kind == "siege_broken":
                    self.open(holder, change.status, change.day, change.evidence)
                elif STATUS_STRENGTH[change.status] > STATUS_STRENGTH[current.status]:
                    self.open(change.actor, change.status, change.day, change.evidence)
                else:
                    self.note(change.evidence)
            else:
                self.open(change.actor, change.status, change.day, change.evidence)
        elif change.kind == "siege":
            besieged = change.other or (
                holder if not self.same_side(holder, change.actor) else None
            )
            if besieged is None:
                return
            if (
                current is not None
                and current.status == "besieged"
                and self.same_side(holder, besieged)
            ):
                self.note(change.evidence)
                return
            if current is None:
                self.held_before(besieged, change)
            self.open(besieged, "besieged", change.day, change.evidence)
        elif change.kind == "ceded":
            self._apply_ceded(change, current, holder)
        elif change.kind == "fighting":
            self._apply_fighting(change, current, holder)
        elif change.kind == "statement":
            if current is not None and self.same_side(holder, change.actor):
                if current.status in {"claimed", "contested"} and change.status == "held":
                    self.open(holder, "held", change.day, change.evidence)
                else:
                    self.note(change.evidence)
            elif current is None and not self.spans:
                self.spans.append(
                    ControlSpan(
                        self.place, change.actor, None, None, change.status, [change.evidence]
                    )
                )
            elif current is not None and change.status == "contested":
                # The other side still holding a part: the holder's control is contested.
                if current.status in {"held", "claimed"}:
                    self.open(holder, "contested", change.day, change.evidence)
                else:
                    self.note(change.evidence)
            else:
                self.open(change.actor, change.status, change.day, change.evidence)

    def _apply_ceded(
        self, change: ControlChange, current: ControlSpan | None, holder: ActorRef | None
    ) -> None:
        if current is None:
            self.held_before(change.actor, change)
        elif not self.same_side(holder, change.actor):
            self.note(change.evidence)  # an attacker pulling back: the holder stays
            return
        successor, status = change.other, "held" if change.status == "held" else "claimed"
        if successor is None:
            earlier = [
                span.actor
                for span in self.spans
                if span.actor is not None and not self.same_side(span.actor, change.actor)
            ]
            successor, status = (earlier[-1] if earlier else None), "contested"
        if successor is None:
            ending = self.current
            if ending is not None:
                ending.end = change.day - timedelta(days=1)
                ending.evidence.append(change.evidence)
                if ending.start is not None and ending.end < ending.start:
                    self.spans.pop()
            return
        self.open(successor, status, change.day, change.evidence)

    def _apply_fighting(
        self, change: ControlChange, current: ControlSpan | None, holder: ActorRef | None
    ) -> None:
        if current is None:
            if change.other is not None and change.event_type == "offensive":
                self.held_before(change.other, change)
                self.open(change.other, "contested", change.day, change.evidence)
            return
        if self.same_side(holder, change.actor) or change.actor is None:
            return
        if change.other is not None and not self.same_side(holder, change.other):
            return
        recent = (
            current.start is not None and (change.day - current.start).days <= COUNTER_ATTACK_DAYS
        )
        if change.event_type != "attack" or recent:
            if current.status in {"held", "claimed"}:
                self.open(holder, "contested", change.day, change.evidence)
            else:
                self.note(change.evidence)


def _join(spans: list[ControlSpan]) -> list[ControlSpan]:
    joined: list[ControlSpan] = []
    for span in spans:
        last = joined[-1] if joined else None
        if (
            last is not None
            and last.status == span.status
            and (last.actor.id if last.actor else None) == (span.actor.id if span.actor else None)
            and last.end is not None
            and span.start is not None
            and (span.start - last.end).days <= 1
        ):
            last.end = span.end
            last.evidence.extend(e for e in span.evidence if e not in last.evidence)
        else:
            joined.append(span)
    return joined


def build_control_timeline(
    events: Iterable[Event],
    dictionary: AllianceLookup | None = None,
    statements: Iterable[Report] = (),
) -> list[ControlSpan]:
    """Return control spans per place from events and control statements (rules 1-7)."""
    changes: list[ControlChange] = []
    for event in events:
        changes.extend(changes_from_event(event))
    for report in statements:
        change = change_from_statement(report)
        if change is not None:
            changes.append(change)
    by_place: dict[str, list[ControlChange]] = {}
    for change in changes:
        by_place.setdefault(place_key(change.place), []).append(change)
    spans: list[ControlSpan] = []
    for key in sorted(by_place):
        ordered = sorted(by_place[key], key=lambda c: (c.day, RANK[c.kind], c.evidence))
        # The most precise reference names the place in every span of its timeline.
        place = min((c.place for c in ordered), key=lambda p: (p.precision, p.name))
        timeline = _Timeline(place, dictionary)
        for change in ordered:
            timeline.apply(change)
        spans.extend(_join(timeline.spans))
    return spans


def place_matches(span_place: PlaceRef, place: PlaceRef | str) -> bool:
    """Return True when a span's place is the asked place (a PlaceRef, a name or a place id)."""
    if isinstance(place, PlaceRef):
        return place_key(span_place) == place_key(place) or same_place(span_place, place)
    wanted = fold(place)
    return wanted in {fold(span_place.name), fold(place_key(span_place))}


def timeline_for(timeline: Iterable[ControlSpan], place: PlaceRef | str) -> list[ControlSpan]:
    """Return the spans of one place, oldest first."""
    spans = [span for span in timeline if place_matches(span.place, place)]
    return sorted(spans, key=lambda span: span.start or date.min)


def control_at(
    timeline: Iterable[ControlSpan], place: PlaceRef | str, day: date
) -> ControlSpan | None:
    """Return the span saying who held `place` on `day`, None when nothing is known."""
    found = None
    for span in timeline_for(timeline, place):
        if (span.start is None or span.start <= day) and (span.end is None or day <= span.end):
            found = span
    return found
