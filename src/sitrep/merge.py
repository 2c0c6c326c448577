"""Merge sentence-level reports into events: one real-world happening, every report behind it.

Two reports describe the same happening when (numbered as in tests/test_merge_core.py):

1. their types are of one family (`TYPE_FAMILY`: a capture, the loser's withdrawal and the
   breaking of a siege are one change of hands, told as the capture, with the withdrawing side
   as actor2; an attack and an armed clash are both fighting; an air strike is apart);
2. they happen in the same country and at the same or a nearby place, with a distance allowed by
   the coarser precision code (`PLACE_RADIUS_KM`: 1 → 15 km, 2 → 30 km; 3 → same admin1);
3. their date intervals overlap once widened by the slack the coarser granularity deserves
   (`DATE_SLACK_DAYS`: a "day" may be off by one, a "month" by ten days);
4. their actors are compatible in each role: the same actor, allies (when an actor dictionary
   is given), or one side unknown (a news agency or monitor in a role counts as unknown, and so
   does, with a dictionary, a fallback for a side the reporting leaves unnamed, "unidentified
   gunmen": one outlet's unknown attackers may be another's named group).
   Fighting may be told from either side, so its roles may swap;
5. when the places agree only at region or country level (a precision-3 place that is not the
   same entry), a party must be named on both sides and the report's date be one its text
   gives, or the report come from a document already in the event: vagueness in place is not
   compensated by vagueness in actors or in date.

6. a change of hands is one event however long its news takes: captures of the same place
   (precision 1) by the same side, `CHANGE_OF_HANDS_DAYS` apart at most, are joined after
   clustering — a claim on Wednesday, the ministry's on Friday and the loser's admission of the
   withdrawal twelve days later — unless the place changed hands the other way in between
   (taken on the 9th, lost on the 11th, retaken on the 19th are three events).

A report is compared with the event built so far (its most precise place, the intersection of
its dates, its majority actors), never with a single member, so a vague report cannot chain two
distinct happenings together. Reports are processed in one canonical order, so the result does
not depend on the order of ingest, and the event id comes from the earliest report. Merging is
done per block (type family, country); an incremental merge re-clusters only the blocks that
received new reports, which gives exactly what a merge from scratch gives.
"""

from __future__ import annotations

import hashlib
import math
import statistics
from collections import Counter
from collections.abc import Collection, Iterable
from datetime import date, timedelta
from typing import Protocol

from sitrep.confidence import STANCE_WEIGHT, event_confidence, event_status
from sitrep.model import EVENT_TYPES, GRANULARITIES, ActorRef, DateRef, Event, PlaceRef, Report

TYPE_FAMILY: dict[str, str] = {
    "territory_taken": "territory",
    "siege_broken": "territory",
    "territory_ceded": "territory",
    "attack": "fighting",
    "armed_clash": "fighting",
    "remote_explosive": "bombing",
    "suicide_attack": "bombing",
}
# Types told from the losing side: their actor1 is the side that leaves.
CEDING_TYPES = frozenset({"territory_ceded"})
# Fighting has no fixed direction: "A clashed with B" and "B attacked A" are one clash.
SYMMETRIC_FAMILIES = frozenset({"fighting"})
PLACE_RADIUS_KM: dict[int, float] = {1: 15.0, 2: 30.0}
DATE_SLACK_DAYS: dict[str, int] = {
    "day": 1,
    "week": 3,
    "month": 10,
    "season": 20,
    "quarter": 20,
    "year": 45,
    "decade": 120,
    "century": 120,
}
# Actor types that speak about a happening but take no part in it.
NON_PARTIES = frozenset({"source"})
# Rule 6: how far apart two reports of one change of hands may be dated.
CHANGE_OF_HANDS_DAYS = 14
# A report with no date is placed in a window before its publication date.
UNDATED_WINDOW_DAYS = 30


class AllianceLookup(Protocol):
    """What merging needs from the actor dictionary: whether two actors are on one side, and
    whether an actor stands for a side left unnamed."""

    def allied(self, a: str, b: str, /) -> bool:
        """Return True when actors `a` and `b` fight on the same side."""
        ...

    def unnamed(self, actor_id: str, /) -> bool:
        """Return True when the actor is a fallback for an unnamed side ("unidentified gunmen")."""
        ...


def family(event_type: str) -> str:
    """Return the merge family of an event type (the type itself when it stands alone)."""
    return TYPE_FAMILY.get(event_type, event_type)


def km_between(a: PlaceRef, b: PlaceRef) -> float | None:
    """Return the great-circle distance in km between two places, None if one has no point."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _norm(name: str) -> str:
    return " ".join(name.lower().replace("-", " ").split())


def same_place(a: PlaceRef, b: PlaceRef) -> bool:
    """Return True when two place references name the same gazetteer entry."""
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    if a.place_id is not None and a.place_id == b.place_id:
        return True
    return (a.country == b.country) and _norm(a.name) == _norm(b.name)


def places_compatible(a: PlaceRef | None, b: PlaceRef | None) -> tuple[bool, str]:
    """Return whether two places may be one event's place, and why (rule 2)."""
    if a is None or b is None:
        return (a is None and b is None), "no place on either side" if a is b else "one unplaced"
    if a.country and b.country and a.country != b.country:
        return False, f"different countries ({a.country} vs {b.country})"
    if same_place(a, b):
        return True, f"same place ({a.name})"
    coarse = max(a.precision, b.precision)
    if coarse >= 3:
        if a.admin1 and b.admin1:
            ok = a.admin1 == b.admin1
            return ok, f"same region {a.admin1}" if ok else "different regions"
        ok = bool(a.country) and a.country == b.country
        return ok, f"same country {a.country}" if ok else "region unknown"
    km = km_between(a, b)
    if km is None:
        return False, "unlocated places with different names"
    radius = PLACE_RADIUS_KM.get(coarse, PLACE_RADIUS_KM[2])
    return km <= radius, f"{a.name} and {b.name} {km:.0f} km apart (limit {radius:.0f} km)"


def interval(report_date: DateRef | None, published: date | None) -> tuple[date, date] | None:
    """Return a report's date interval, falling back to a window before publication."""
    if report_date is not None and (report_date.start or report_date.end):
        start = report_date.start or report_date.end
        end = report_date.end or report_date.start
        assert start is not None and end is not None
        return (start, end) if start <= end else (end, start)
    if published is not None:
        return published - timedelta(days=UNDATED_WINDOW_DAYS), published
    return None


def _slack(granularity: str | None) -> int:
    return DATE_SLACK_DAYS.get(granularity or "", DATE_SLACK_DAYS["month"])


def dates_compatible(
    a: tuple[date, date] | None, a_gran: str | None, b: tuple[date, date] | None, b_gran: str | None
) -> tuple[bool, str]:
    """Return whether two intervals overlap once widened by their granularity's slack (rule 3)."""
    if a is None or b is None:
        return True, "date unknown"
    # One slack, the coarser side's: two day-precise reports may be a day apart, not two.
    pad = timedelta(days=max(_slack(a_gran), _slack(b_gran)))
    ok = a[0] - pad <= b[1] and b[0] - pad <= a[1]
    text = f"{a[0]}..{a[1]} ({a_gran}) vs {b[0]}..{b[1]} ({b_gran})"
    return ok, ("dates overlap: " if ok else "dates apart: ") + text


def combatant(actor: ActorRef | None, dictionary: AllianceLookup | None = None) -> ActorRef | None:
    """Return the actor if it is a named party: not a source (a news agency or monitor), and
    not, by the dictionary, a fallback for a side the reporting leaves unnamed."""
    if actor is None or actor.type in NON_PARTIES:
        return None
    return None if dictionary is not None and dictionary.unnamed(actor.id) else actor


def actors_compatible(
    a: ActorRef | None, b: ActorRef | None, dictionary: AllianceLookup | None
) -> tuple[bool, str]:
    """Return whether two actors may fill one role: same, allied, or one unknown (rule 4)."""
    a, b = combatant(a, dictionary), combatant(b, dictionary)
    if a is None or b is None:
        return True, "actor unknown on one side"
    if a.id == b.id:
        return True, f"same actor {a.id}"
    if dictionary is not None and dictionary.allied(a.id, b.id):
        return True, f"allies {a.id} and {b.id}"
    return False, f"different actors {a.id} vs {b.id}"


def taker_roles(
    event_type: str, actor1: ActorRef | None, actor2: ActorRef | None
) -> tuple[ActorRef | None, ActorRef | None]:
    """Return (taker, loser) for territory types: a withdrawal's actor1 is the loser."""
    return (actor2, actor1) if event_type in CEDING_TYPES else (actor1, actor2)


def roles_compatible(
    event: Event, report: Report, dictionary: AllianceLookup | None
) -> tuple[bool, str]:
    """Return whether the report's actor roles fit the event's, allowing swaps for fighting.

    Roles are compared in the taker's orientation: the side that withdraws in a
    `territory_ceded` report is the side that loses the place in a capture.
    """
    e1, e2 = taker_roles(event.type, event.actor1, event.actor2)
    r1, r2 = taker_roles(report.type, report.actor1, report.actor2)
    one, why_one = actors_compatible(e1, r1, dictionary)
    two, why_two = actors_compatible(e2, r2, dictionary)
    if one and two:
        flipped = (
            " (a withdrawal: roles read from the taker's side)" if r1 is not report.actor1 else ""
        )
        return True, f"actor1: {why_one}; actor2: {why_two}{flipped}"
    if family(event.type) in SYMMETRIC_FAMILIES:
        one, why_one = actors_compatible(event.actor1, report.actor2, dictionary)
        two, why_two = actors_compatible(event.actor2, report.actor1, dictionary)
        if one and two:
            return True, f"roles swapped: {why_one}; {why_two}"
    return False, f"actor1: {why_one}; actor2: {why_two}"


def report_order(report: Report) -> tuple[object, ...]:
    """Canonical processing order: precise reports first, then by date, then by id."""
    span = interval(report.date, report.published)
    granularity = report.date.precision if report.date else None
    rank = GRANULARITIES.index(granularity) if granularity in GRANULARITIES else 99
    precision = report.place.precision if report.place else 9
    return (precision, rank, span or (date.max, date.max), report.report_id)


def earliest_key(report: Report) -> tuple[object, ...]:
    """Order in which a report counts as the earliest of its event (publication, then id)."""
    return (report.published or date.max, report.doc_id, report.span[0], report.report_id)


def event_id_for(reports: Iterable[Report]) -> str:
    """Return the event id derived from the earliest report's id."""
    first = min(reports, key=earliest_key)
    return "e-" + hashlib.sha1(first.report_id.encode("utf-8")).hexdigest()[:16]


def _weight(report: Report) -> float:
    # A denial still names the actors and the type; it only counts for less.
    return (STANCE_WEIGHT.get(report.stance, 0.0) + 0.1) * max(0.05, report.confidence)


def _vote(values: list[tuple[str, float]]) -> str | None:
    """Return the value with the highest total weight; ties go to the first one seen."""
    totals: dict[str, float] = {}
    for value, weight in values:
        totals[value] = totals.get(value, 0.0) + weight
    if not totals:
        return None
    order = list(totals)
    return max(order, key=lambda value: (round(totals[value], 9), -order.index(value)))


def _majority_actor(
    candidates: list[tuple[ActorRef | None, Report]], dictionary: AllianceLookup | None
) -> ActorRef | None:
    parties: list[tuple[ActorRef, Report]] = [
        (actor, report) for actor, report in candidates if actor and combatant(actor)
    ]
    # A side one report names outvotes the "unidentified" fallbacks of the others.
    named = [(actor, report) for actor, report in parties if combatant(actor, dictionary)]
    refs = named or parties
    best = _vote([(actor.id, _weight(report)) for actor, report in refs])
    return next((actor for actor, _ in refs if actor.id == best), None)


def _event_place(reports: list[Report]) -> PlaceRef | None:
    places = [report.place for report in reports if report.place is not None]
    if not places:
        return None
    counts = Counter((place.precision, _norm(place.name)) for place in places)
    return min(places, key=lambda p: (p.precision, -counts[(p.precision, _norm(p.name))], p.name))


def _event_date(reports: list[Report]) -> DateRef | None:
    spans = [
        (span, report.date.precision if report.date else "month", report)
        for report in reports
        if (span := interval(report.date, report.published)) is not None
    ]
    if not spans:
        return None
    start = max(span[0] for span, _, _ in spans)
    end = min(span[1] for span, _, _ in spans)
    ranks = [GRANULARITIES.index(g) if g in GRANULARITIES else 99 for _, g, _ in spans]
    finest = GRANULARITIES[min(ranks)] if min(ranks) < len(GRANULARITIES) else "month"
    estimated = all(report.date is None or report.date.estimated for _, _, report in spans)
    if start <= end:
        return DateRef(start, end, finest, estimated)
    # No common day: keep the tightest interval the text states (an estimated date, a window
    # before publication or a month guessed from context, yields to a stated one).
    (s, e), granularity, report = min(
        spans,
        key=lambda t: (
            t[2].date is None or t[2].date.estimated,
            (t[0][1] - t[0][0]).days,
            t[0][0],
        ),
    )
    return DateRef(s, e, granularity, report.date.estimated if report.date else True)


def _event_type(reports: list[Report]) -> str:
    # A capture and the loser's withdrawal are one happening, told as the capture.
    taking = [r for r in reports if r.type not in CEDING_TYPES] or reports
    return _vote([(report.type, _weight(report)) for report in taking]) or reports[0].type


def _event_actors(
    reports: list[Report], event_type: str, dictionary: AllianceLookup | None
) -> tuple[ActorRef | None, ActorRef | None]:
    oriented = [(taker_roles(r.type, r.actor1, r.actor2), r) for r in reports]
    taker = _majority_actor([(roles[0], r) for roles, r in oriented], dictionary)
    loser = _majority_actor([(roles[1], r) for roles, r in oriented], dictionary)
    return taker_roles(event_type, taker, loser)


def fatality_range(reports: Iterable[Report]) -> tuple[int | None, int | None, int | None]:
    """Return UCDP-style (low, best, high) fatalities: min, median asserted figure, max."""
    figures = [(r.fatalities.count, r) for r in reports if r.fatalities is not None]
    if not figures:
        return None, None, None
    counts = [count for count, _ in figures]
    asserted = [
        count
        for count, report in figures
        if report.stance == "asserted" and report.fatalities and not report.fatalities.claimed
    ]
    best = statistics.median_low(asserted or counts)
    return min(counts), best, max(counts)


def build_event(
    reports: list[Report],
    duplicates: Collection[str] = (),
    dictionary: AllianceLookup | None = None,
) -> Event:
    """Build an event's fields (type, actors, place, date, status, fatalities) from its reports."""
    reports = sorted(reports, key=earliest_key)
    low, best, high = fatality_range(reports)
    event_type = _event_type(reports)
    actor1, actor2 = _event_actors(reports, event_type, dictionary)
    return Event(
        event_id=event_id_for(reports),
        type=event_type,
        actor1=actor1,
        actor2=actor2,
        place=_event_place(reports),
        date=_event_date(reports),
        reports=reports,
        status=event_status(reports, duplicates),
        confidence=event_confidence(reports, duplicates),
        fatalities_low=low,
        fatalities_best=best,
        fatalities_high=high,
    )


def why_compatible(
    event: Event, report: Report, dictionary: AllianceLookup | None = None
) -> tuple[bool, list[str]]:
    """Return whether a report may join an event and the reason for each of rules 1-4."""
    reasons: list[str] = []
    if family(event.type) != family(report.type):
        return False, [f"type {report.type} is not of the {family(event.type)} family"]
    reasons.append(
        f"type {report.type}" + ("" if report.type == event.type else f" ~ {event.type}")
    )
    ok, why = places_compatible(event.place, report.place)
    reasons.append(why)
    if not ok:
        return False, reasons
    event_span = (event.date.start, event.date.end) if event.date else None
    if event_span and (event_span[0] is None or event_span[1] is None):
        event_span = None
    ok, why = dates_compatible(
        event_span,  # type: ignore[arg-type]
        event.date.precision if event.date else None,
        interval(report.date, report.published),
        report.date.precision if report.date else None,
    )
    reasons.append(why)
    if not ok:
        return False, reasons
    ok, why = roles_compatible(event, report, dictionary)
    reasons.append(why)
    if ok and weak_place_match(event.place, report.place):
        # Rule 5: a match only at region or country level needs a party named on both sides
        # (or the same document, whose sentences tell one story).
        e1, e2 = taker_roles(event.type, event.actor1, event.actor2)
        r1, r2 = taker_roles(report.type, report.actor1, report.actor2)
        named = (combatant(e1, dictionary) and combatant(r1, dictionary)) or (
            combatant(e2, dictionary) and combatant(r2, dictionary)
        )
        same_doc = any(member.doc_id == report.doc_id for member in event.reports)
        if not named and not same_doc:
            reasons.append("place only matches at region level and no party is named on both")
            return False, reasons
        # Nor by a date the text does not give: a region-wide report dated only by its
        # publication may be any happening of that region in the window.
        guessed = report.date is None or report.date.estimated
        if guessed and not same_doc:
            reasons.append("place only matches at region level and the report's date is a guess")
            return False, reasons
    return ok, reasons


def weak_place_match(a: PlaceRef | None, b: PlaceRef | None) -> bool:
    """Return True when two compatible places agree only at region or country level."""
    if a is None or b is None or same_place(a, b):
        return False
    return max(a.precision, b.precision) >= 3


def _closeness(event: Event, report: Report) -> tuple[float, str]:
    km = None
    if event.place is not None and report.place is not None:
        km = 0.0 if same_place(event.place, report.place) else km_between(event.place, report.place)
    return (km if km is not None else 1e6), event.event_id


def block_key(report: Report) -> tuple[str, str]:
    """Return the block a report is merged in: its type family and its country."""
    country = report.place.country if report.place and report.place.country else "?"
    return family(report.type), country


def _cluster(
    reports: list[Report], dictionary: AllianceLookup | None, duplicates: Collection[str]
) -> list[Event]:
    groups: list[list[Report]] = []
    events: list[Event] = []
    for report in sorted(reports, key=report_order):
        fits = [
            (i, event)
            for i, event in enumerate(events)
            if why_compatible(event, report, dictionary)[0]
        ]
        if fits:
            i, _ = min(fits, key=lambda pair: _closeness(pair[1], report))
            groups[i].append(report)
            events[i] = build_event(groups[i], duplicates, dictionary)
        else:
            groups.append([report])
            events.append(build_event([report], duplicates, dictionary))
    return _join_changes_of_hands(groups, events, dictionary, duplicates)


def _span(event: Event) -> tuple[date, date] | None:
    if event.date is None or event.date.start is None or event.date.end is None:
        return None
    return event.date.start, event.date.end


def same_change_of_hands(a: Event, b: Event, dictionary: AllianceLookup | None) -> tuple[bool, str]:
    """Return whether two territory events are one change of hands told days apart (rule 6)."""
    if family(a.type) != "territory" or family(b.type) != "territory":
        return False, "not a change of hands"
    if a.place is None or b.place is None or not same_place(a.place, b.place):
        return False, "not the same place"
    if max(a.place.precision, b.place.precision) > 1:
        return False, "part of the place or near it only"
    span_a, span_b = _span(a), _span(b)
    if span_a is None or span_b is None:
        return False, "date unknown"
    first, last = sorted([span_a, span_b])
    gap = (last[0] - first[1]).days
    if gap > CHANGE_OF_HANDS_DAYS:
        return False, f"{gap} days apart (limit {CHANGE_OF_HANDS_DAYS})"
    a1, a2 = taker_roles(a.type, a.actor1, a.actor2)
    b1, b2 = taker_roles(b.type, b.actor1, b.actor2)
    if combatant(a1, dictionary) is None and combatant(b1, dictionary) is None:
        return False, "taker unknown on both sides"
    one, why_one = actors_compatible(a1, b1, dictionary)
    two, _ = actors_compatible(a2, b2, dictionary)
    if not (one and two):
        return False, f"taker: {why_one}"
    return True, f"one change of hands told {max(gap, 0)} days apart (taker: {why_one})"


def _reversed_between(
    a: Event, b: Event, others: Iterable[Event], dictionary: AllianceLookup | None
) -> bool:
    # The place changed hands the other way between a and b: they are two captures.
    taker = taker_roles(a.type, a.actor1, a.actor2)[0]
    span_a, span_b = _span(a), _span(b)
    if span_a is None or span_b is None:
        return False
    first, last = sorted([span_a, span_b])
    for other in others:
        span = _span(other)
        if other is a or other is b or span is None or family(other.type) != "territory":
            continue
        if other.place is None or a.place is None or not same_place(other.place, a.place):
            continue
        if not first[0] <= span[0] <= last[1]:
            continue
        # Taken by another side, or given up by the side that had taken it.
        other_taker, other_loser = taker_roles(other.type, other.actor1, other.actor2)
        if (
            combatant(other_taker, dictionary) is not None
            and not actors_compatible(taker, other_taker, dictionary)[0]
        ):
            return True
        if (
            combatant(taker, dictionary) is not None
            and combatant(other_loser, dictionary) is not None
            and actors_compatible(taker, other_loser, dictionary)[0]
        ):
            return True
    return False


def _join_changes_of_hands(
    groups: list[list[Report]],
    events: list[Event],
    dictionary: AllianceLookup | None,
    duplicates: Collection[str],
) -> list[Event]:
    # Earliest first, each event joined to the first earlier one it continues: deterministic,
    # since the clusters it starts from do not depend on the order of ingest.
    order = sorted(range(len(events)), key=lambda i: event_order(events[i]))
    kept: list[int] = []
    for i in order:
        target = next(
            (
                k
                for k in kept
                if same_change_of_hands(events[k], events[i], dictionary)[0]
                and not _reversed_between(events[k], events[i], events, dictionary)
            ),
            None,
        )
        if target is None:
            kept.append(i)
            continue
        groups[target].extend(groups[i])
        events[target] = build_event(groups[target], duplicates, dictionary)
    return [events[k] for k in kept]


def merge_reports(
    reports: Iterable[Report],
    dictionary: AllianceLookup | None = None,
    existing: list[Event] | None = None,
    duplicates: Collection[str] = (),
    replaced_docs: Collection[str] = (),
) -> list[Event]:
    """Merge reports into events; with `existing`, attach new reports to earlier events.

    Forecasts and report types outside the event ontology (control statements) are left out.
    A new report with the id of a stored one replaces it, and the stored reports of documents in
    `replaced_docs` (re-analysed documents) are dropped. Only blocks (type family, country) that
    gain or lose a report are re-clustered, so the result equals a merge of all reports from
    scratch. `duplicates` lists doc ids of near-duplicate documents, which do not count as
    independent sources. Events come sorted by date, then id.
    """
    fresh = {
        report.report_id: report
        for report in reports
        if not report.forecast and report.type in EVENT_TYPES
    }
    kept: list[Event] = []
    pool: dict[str, Report] = dict(fresh)
    touched = {block_key(report) for report in fresh.values()}
    for event in existing or []:
        # A re-analysed report may have moved block: its old block must be redone too.
        if any(r.report_id in fresh or r.doc_id in replaced_docs for r in event.reports):
            touched |= {block_key(report) for report in event.reports}
    for event in existing or []:
        if any(block_key(report) in touched for report in event.reports):
            for report in event.reports:
                if report.doc_id not in replaced_docs:
                    pool.setdefault(report.report_id, report)
        else:
            kept.append(event)
    blocks: dict[tuple[str, str], list[Report]] = {}
    for report in pool.values():
        blocks.setdefault(block_key(report), []).append(report)
    events = list(kept)
    for key in sorted(blocks):
        events.extend(_cluster(blocks[key], dictionary, duplicates))
    return sorted(events, key=event_order)


def event_order(event: Event) -> tuple[object, ...]:
    """Sort key for events: start date, then event id."""
    start = event.date.start if event.date and event.date.start else date.max
    return (start, event.event_id)


def explain_merge(event: Event, dictionary: AllianceLookup | None = None) -> list[str]:
    """Return one line per report saying why it belongs to the event."""
    lines = [
        f"{event.event_id}: {event.type} at {event.place.name if event.place else '?'}"
        f" ({event.status}, confidence {event.confidence})"
    ]
    for report in event.reports:
        ok, reasons = why_compatible(event, report, dictionary)
        mark = "joined" if ok else "kept (compatible with the event when it joined)"
        if not ok:
            alone = build_event([report], dictionary=dictionary)
            joined, why = same_change_of_hands(event, alone, dictionary)
            if joined:
                mark, reasons = "joined", [*reasons[:-1], why]
        who = report.source or report.doc_id
        lines.append(
            f"- {report.report_id} [{who}, {report.stance}"
            + (f" by {report.claimant}" if report.claimant else "")
            + f"] {mark}: "
            + "; ".join(reasons)
        )
    return lines
