"""Events, control and contradictions from the store: the library behind `sitrep event`,
`sitrep control` and `sitrep contradictions`, and the step that (re)builds events after ingest.

Merging and the timeline are pure functions (sitrep.merge, sitrep.control); this module only
reads their inputs from a `Store` and writes their outputs back, so the CLI stays a few lines.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date
from typing import Any

from sitrep.contradictions import find_contradictions
from sitrep.control import (
    CONTROL_STATEMENT,
    build_control_timeline,
    fold,
    place_key,
    timeline_for,
)
from sitrep.merge import AllianceLookup, explain_merge, merge_reports
from sitrep.model import ControlSpan, Event, Report
from sitrep.store import Store


def derive(
    reports: Iterable[Report],
    dictionary: AllianceLookup | None = None,
    duplicates: Collection[str] = (),
) -> tuple[list[Event], list[ControlSpan]]:
    """Return the events merged from every report and the control timeline they give."""
    reports = list(reports)
    events = merge_reports(reports, dictionary, duplicates=duplicates)
    statements = [report for report in reports if report.type == CONTROL_STATEMENT]
    return events, build_control_timeline(events, dictionary, statements)


def _dictionary() -> AllianceLookup | None:
    try:
        from sitrep.stages.actors import load_actor_dictionary
    except ImportError:  # the actors stage is optional for merging
        return None
    return load_actor_dictionary()


def rebuild_events(
    store: Store, dictionary: AllianceLookup | None = None, doc_ids: Collection[str] | None = None
) -> tuple[int, int]:
    """Merge the stored reports into events and a timeline, store both; return their counts.

    With `doc_ids` (documents just ingested or re-analysed) only their reports are merged into
    the stored events; the timeline is rebuilt from all events, which is cheap.
    """
    dictionary = dictionary or _dictionary()
    duplicates = {dup.doc_id for dup in store.duplicates()}
    if doc_ids is None:
        events, spans = derive(store.reports(), dictionary, duplicates)
    else:
        fresh = store.reports(list(doc_ids))
        events = merge_reports(
            fresh, dictionary, store.events(), duplicates, replaced_docs=set(doc_ids)
        )
        statements = [r for r in store.reports() if r.type == CONTROL_STATEMENT]
        spans = build_control_timeline(events, dictionary, statements)
    store.replace_events(events, spans)
    return len(events), len(spans)


def resolve_place(
    name: str, spans: Iterable[ControlSpan], country: str | None = None, gazetteer: Any = None
) -> str:
    """Return the timeline key for a place name in any spelling, or the name itself.

    A name that is a span's own place name is used as is; otherwise the gazetteer's matches
    (best match first, towns before districts and provinces, then by population) are tried
    in turn and the first one that has a timeline wins.
    """
    spans = list(spans)
    keys = {place_key(span.place) for span in spans}
    if any(fold(span.place.name) == fold(name) for span in spans):
        return name
    if gazetteer is None:
        from sitrep.gazetteer.index import load_gazetteer

        gazetteer = load_gazetteer()
    ranked = []
    for match in gazetteer.match(name):
        place = gazetteer.place(match.row)
        if country and place.country != country:
            continue
        admin = place.feature in {"country", "admin1", "admin2"}
        ranked.append((-match.quality, admin, -place.population, place.place_id, place))
    for *_, place in sorted(ranked, key=lambda item: item[:4]):
        for key in (f"gn:{place.geonameid}" if place.geonameid else None, place.place_id):
            if key in keys:
                return key
    return name


def _stored(store: Store) -> tuple[list[Event], list[ControlSpan]]:
    events = store.events()
    spans = store.control_spans()
    if not events:
        # Events not built yet (an older store): derive them from the reports, read-only.
        duplicates = {dup.doc_id for dup in store.duplicates()}
        return derive(store.reports(), _dictionary(), duplicates)
    return events, spans


def event_lines(store: Store, event_id: str) -> list[str]:
    """Return an event, each of its reports with its sentence, and why each report joined."""
    events, _ = _stored(store)
    matches = [event for event in events if event.event_id.startswith(event_id)]
    if not matches:
        raise KeyError(f"no event {event_id!r}")
    event = matches[0]
    lines = explain_merge(event, _dictionary())
    if event.date is not None:
        lines.insert(1, f"  date {event.date.start}..{event.date.end} ({event.date.precision})")
    if event.fatalities_best is not None:
        lines.insert(
            1,
            f"  fatalities low/best/high {event.fatalities_low}/{event.fatalities_best}"
            f"/{event.fatalities_high}",
        )
    for report in event.reports:
        lines.append(f"  {report.report_id} ({report.doc_id}): {report.sentence.strip()}")
    return lines


def control_lines(store: Store, place: str, on: date | None = None) -> list[str]:
    """Return the control timeline of a place (or its span on one day) with the evidence."""
    events, spans = _stored(store)
    by_id = {event.event_id: event for event in events}
    chosen = timeline_for(spans, resolve_place(place, spans))
    if on is not None:
        chosen = [
            s
            for s in chosen
            if (s.start is None or s.start <= on) and (s.end is None or on <= s.end)
        ]
    lines: list[str] = []
    for span in chosen:
        holder = span.actor.name if span.actor else "unknown"
        lines.append(
            f"{span.place.name}: {holder} {span.status} from {span.start or '?'}"
            f" to {span.end or 'open'}"
        )
        for evidence in span.evidence:
            event = by_id.get(evidence)
            if event is None:
                lines.append(f"  {evidence}")
                continue
            sources = sorted({r.source or r.doc_id for r in event.reports})
            lines.append(
                f"  {evidence} {event.type} ({event.status}, {len(event.reports)} reports:"
                f" {', '.join(sources)})"
            )
    return lines


def contradiction_lines(store: Store) -> list[str]:
    """Return one line per contradiction among the stored events, with its event ids."""
    events, _ = _stored(store)
    return [
        f"[{c.kind}] {c.summary} ({', '.join(c.event_ids)})"
        for c in find_contradictions(events, _dictionary())
    ]
