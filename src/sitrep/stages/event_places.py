"""One report per place for captures, withdrawals, strikes and fighting in coordinated places.

"The army recaptured Anah last month and Hawija at the beginning of October" and "the capture
of Rawa and al-Qaim" tell one capture per town, "strikes hit Kyiv, Kharkiv and Lviv" one
strike per city: a coder codes each place as its own event, with its own date when the text
gives one. Places listed as the ends of a stretch ("clashes between X and Y", "the road from X
to Y") are one event's. Used by sitrep.stages.events after a report is drafted for the
trigger; the first place keeps the drafted report.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from sitrep.model import DateRef, Report, TimeExpression, Toponym
from sitrep.stages.event_location import place_ref
from sitrep.stages.event_time import expression_date
from sitrep.stages.location_candidates import load_location_cues

# Event types that happen to one place each: a list of places is a list of events.
PER_PLACE_TYPES = frozenset(
    {
        "territory_taken",
        "territory_ceded",
        "air_strike",
        "shelling",
        "remote_explosive",
        "suicide_attack",
        "attack",
        "armed_clash",
        "attack_on_civilians",
    }
)
# Of those, the types whose list is one event when it names regions ("coalition strikes hit
# Raqqa and northern Aleppo" is a campaign): split only over towns named exactly.
TOWN_ONLY_TYPES = PER_PLACE_TYPES - {"territory_taken", "territory_ceded"}


def split_by_place(
    report: Report,
    trigger: Token,
    sdoc: Doc,
    sent: Span,
    places: Sequence[Toponym],
    timexes: Sequence[TimeExpression],
) -> list[Report]:
    """The report, and a copy for each place coordinated with its own place."""
    if report.type not in PER_PLACE_TYPES or report.place is None:
        return [report]
    local = [
        t for t in places if t.place is not None and sent.start_char <= t.start < sent.end_char
    ]
    heads = {_root(sdoc, t): t for t in local}
    own = next(
        (
            tok
            for tok, t in heads.items()
            if tok is not None and t.place is not None and t.place.name == report.place.name
        ),
        None,
    )
    if own is None or _stretch(own):
        return [report]
    towns_only = report.type in TOWN_ONLY_TYPES
    if towns_only and report.place.precision != 1:
        return [report]
    out = [report]
    seen = {report.place.place_id or report.place.name}
    # "recaptured Anah, ..., and Hawija": the parser may hang the second place on the verb.
    loose = [c for c in trigger.children if c.dep_ == "conj" and c.pos_ == "PROPN"]
    for other in [*own.conjuncts, *loose]:
        toponym = heads.get(other) or _covering(local, sdoc, other)
        if toponym is None or toponym.place is None:
            continue
        if towns_only and toponym.precision != 1:
            return [report]
        ref = place_ref(toponym, report.place.precision)
        key = ref.place_id or ref.name
        if key in seen:
            continue
        seen.add(key)
        date = _own_date(other, sdoc, timexes) or report.date
        digest = hashlib.sha1(f"{report.report_id}:{toponym.start}".encode()).hexdigest()[:16]
        out.append(replace(report, report_id="r-" + digest, place=ref, date=date))
    if len(out) > 1:
        first = _own_date(own, sdoc, timexes)
        if first is not None:
            out[0].date = first
    return out


def _stretch(place: Token) -> bool:
    """True for a place listed as an end of a stretch: "between X and Y", "from X to Y"
    (`stretch_prepositions` of data/location_cues.yaml)."""
    while place.dep_ == "conj" and place.head != place:
        place = place.head
    return place.dep_ == "pobj" and place.head.lower_ in load_location_cues().stretch_prepositions


def _root(sdoc: Doc, toponym: Toponym) -> Token | None:
    span = sdoc.char_span(toponym.start, toponym.end, alignment_mode="expand")
    return span.root if span is not None else None


def _covering(local: Sequence[Toponym], sdoc: Doc, tok: Token) -> Toponym | None:
    return next((t for t in local if t.start <= tok.idx < t.end), None)


def _own_date(conjunct: Token, sdoc: Doc, timexes: Sequence[TimeExpression]) -> DateRef | None:
    """The date a conjunct carries in its own phrase ("Hawija, at the beginning of October")."""
    lo, hi = conjunct.left_edge.idx, conjunct.right_edge.idx + len(conjunct.right_edge.text)
    for expr in timexes:
        if lo <= expr.start and expr.end <= hi:
            date = expression_date(expr)
            if date is not None:
                return date
    return None
