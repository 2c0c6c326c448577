"""The data model: every record a pipeline stage produces, the store keeps and an export writes.

Stages exchange these plain data classes and nothing else; the store maps them to tables and
the exports to the contract in SPEC.md. Character offsets are always into `Document.text`,
end-exclusive.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

Stance = Literal["asserted", "claimed", "denied", "hedged"]
STANCES: tuple[Stance, ...] = ("asserted", "claimed", "denied", "hedged")

# ACLED-style geographic precision: 1 the place itself, 2 near it / part of it, 3 region only.
GeoPrecision = Literal[1, 2, 3]

# Granularity of a time interval, finest first.
Granularity = Literal["day", "week", "month", "season", "quarter", "year", "decade", "century"]
GRANULARITIES: tuple[Granularity, ...] = (
    "day",
    "week",
    "month",
    "season",
    "quarter",
    "year",
    "decade",
    "century",
)
TimeModifier = Literal["START", "MID", "END", "APPROX", "BEFORE", "AFTER"]

EventStatus = Literal["confirmed", "single_source", "claimed_only", "disputed"]
ControlStatus = Literal["held", "contested", "claimed", "besieged"]

ActorType = Literal[
    "state_force",
    "non_state_armed_group",
    "militia",
    "foreign_state_force",
    "international_coalition",
    "civilians",
    "source",  # media, monitor or official source: a claimant, not a combatant
]

# Event types of SPEC.md's ontology with their ACLED event type and sub-event type.
# Where ACLED's sub-event depends on the actor (state or not), the state variant comes first.
EVENT_TYPES: dict[str, tuple[str, str]] = {
    "territory_taken": ("Battles", "Government regains territory"),
    "territory_ceded": ("Strategic developments", "Non-violent transfer of territory"),
    "offensive": ("Strategic developments", "Other"),
    "siege": ("Strategic developments", "Other"),
    "siege_broken": ("Battles", "Government regains territory"),
    "armed_clash": ("Battles", "Armed clash"),
    "attack": ("Battles", "Armed clash"),
    "air_strike": ("Explosions/Remote violence", "Air/drone strike"),
    "shelling": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "remote_explosive": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "suicide_attack": ("Explosions/Remote violence", "Suicide bomb"),
    "attack_on_civilians": ("Violence against civilians", "Attack"),
    "abduction": ("Violence against civilians", "Abduction/forced disappearance"),
    "surrender": ("Strategic developments", "Other"),
    "agreement": ("Strategic developments", "Agreement"),
    "relocation": ("Strategic developments", "Headquarters or base established"),
    "base_established": ("Strategic developments", "Headquarters or base established"),
    "displacement": ("", ""),
}
NON_STATE_TERRITORY_SUB_EVENT = "Non-state actor overtakes territory"


def content_hash(text: str) -> str:
    """Return the stable hash that identifies a document's content."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Document:
    """One input report: its text and publication metadata."""

    doc_id: str
    text: str
    title: str | None = None
    source: str | None = None
    published: dt.date | None = None
    url: str | None = None
    language: str | None = None
    # Where it came from: "path" or "path:line" for JSONL records.
    origin: str | None = None
    # Publisher's own statement of how exact `published` is (day, week, month), when given.
    date_precision: str | None = None
    # True when `published` was estimated from the text rather than given in metadata.
    published_estimated: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def hash(self) -> str:
        """Hash of text and metadata: a change to either is a new version of the document."""
        # An estimated date is our output, not the input's metadata.
        published = None if self.published_estimated else self.published
        meta = f"{self.title}|{self.source}|{published}|{self.url}|{self.language}"
        return content_hash(self.text + "\x00" + meta)


@dataclass(slots=True)
class Duplicate:
    """A link from a document to an earlier one with the same or nearly the same text."""

    doc_id: str
    original_id: str
    similarity: float  # estimated Jaccard similarity of word shingles; 1.0 for exact copies


@dataclass(slots=True)
class Entity:
    """A named-entity mention from language analysis."""

    start: int
    end: int
    label: str
    text: str


@dataclass(slots=True)
class Analysis:
    """Language analysis of one document: sentence boundaries, token count, entities."""

    doc_id: str
    sentences: list[tuple[int, int]]
    n_tokens: int
    entities: list[Entity]


@dataclass(slots=True)
class Place:
    """A gazetteer entry."""

    place_id: str  # "gn:<geonameid>", "adm:<code>", "cc:<ISO2>" or "sup:<slug>"
    name: str
    lat: float
    lon: float
    country: str | None  # ISO 3166-1 alpha-2
    admin1: str | None
    feature: str  # country, admin1, city, village, neighbourhood, river, crossing, ...
    geonameid: int | None = None
    population: int = 0


@dataclass(slots=True)
class Candidate:
    """A gazetteer candidate for a toponym with its score and the evidence behind it."""

    place: Place
    score: float
    reasons: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class Toponym:
    """A place name found in a text and, when resolved, the place it refers to."""

    start: int
    end: int
    text: str
    place: Place | None = None
    precision: int = 1  # GeoPrecision
    confidence: float = 0.0
    candidates: list[Candidate] = field(default_factory=list)  # runners-up, best first
    # "place" for a name used as a place; "demonym" for "Syrian", "Iraqi": a country reference.
    role: str = "place"


@dataclass(slots=True)
class TimeExpression:
    """A temporal expression and its normalisation."""

    start: int
    end: int
    text: str
    kind: str  # TimeML type: DATE, TIME, DURATION, SET
    value: str | None  # TimeML value, e.g. "2017-11-03", "2017-W44", "P2Y", "PAST_REF"
    interval_start: dt.date | None = None
    interval_end: dt.date | None = None
    granularity: str | None = None  # Granularity
    modifier: str | None = None  # TimeModifier
    anchor: str = "absolute"  # absolute | publication | narrative | none
    estimated: bool = False  # anchored on an estimated publication date


@dataclass(slots=True)
class Actor:
    """A canonical actor from the actor dictionary."""

    actor_id: str
    name: str
    type: str  # ActorType
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)
    allies: list[str] = field(default_factory=list)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


@dataclass(slots=True)
class ActorMention:
    """A mention of an actor in a text, resolved to a canonical actor when possible."""

    start: int
    end: int
    text: str
    actor_id: str | None
    how: str = "alias"  # alias | nationality | reference | generic


@dataclass(slots=True)
class ActorRef:
    """An actor as it appears in a report or export."""

    id: str
    name: str
    type: str | None = None  # ActorType, when known


@dataclass(slots=True)
class PlaceRef:
    """A located place as it appears in a report, event or export."""

    name: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    admin1: str | None = None
    geonameid: int | None = None
    place_id: str | None = None
    precision: int = 3


@dataclass(slots=True)
class DateRef:
    """A date interval with its granularity, as it appears in a report, event or export."""

    start: dt.date | None
    end: dt.date | None
    precision: str  # Granularity
    estimated: bool = False


@dataclass(slots=True)
class Fatalities:
    """A fatality figure as stated, with whether it is a claim."""

    count: int
    at_least: bool = False
    claimed: bool = False


@dataclass(slots=True)
class Report:
    """One sentence-level account of an event, with its source, claimant and stance."""

    report_id: str
    doc_id: str
    type: str  # a key of EVENT_TYPES
    sentence: str
    span: tuple[int, int]  # the sentence's character span in the document
    trigger: tuple[int, int]  # the trigger word's character span
    source: str | None
    published: dt.date | None
    stance: str = "asserted"  # Stance
    claimant: str | None = None
    actor1: ActorRef | None = None
    actor2: ActorRef | None = None
    place: PlaceRef | None = None
    date: DateRef | None = None
    fatalities: Fatalities | None = None
    forecast: bool = False
    confidence: float = 0.5


@dataclass(slots=True)
class Event:
    """One real-world happening with every report behind it."""

    event_id: str
    type: str
    actor1: ActorRef | None
    actor2: ActorRef | None
    place: PlaceRef | None
    date: DateRef | None
    reports: list[Report]
    status: str = "single_source"  # EventStatus
    confidence: float = 0.5
    fatalities_low: int | None = None
    fatalities_best: int | None = None
    fatalities_high: int | None = None

    @property
    def acled_types(self) -> tuple[str, str]:
        """ACLED event type and sub-event type for this event."""
        event_type, sub_event = EVENT_TYPES.get(self.type, ("", ""))
        if sub_event == "Government regains territory" and not _is_state(self.actor1):
            sub_event = NON_STATE_TERRITORY_SUB_EVENT
        return event_type, sub_event


def _is_state(actor: ActorRef | None) -> bool:
    # An unknown actor keeps ACLED's government variant, the more common one in war reporting.
    return actor is None or actor.type not in {"non_state_armed_group", "militia"}


@dataclass(slots=True)
class ControlSpan:
    """Who held a place over an interval, and how sure we are."""

    place: PlaceRef
    actor: ActorRef | None
    start: dt.date | None
    end: dt.date | None
    status: str  # ControlStatus
    evidence: list[str] = field(default_factory=list)  # event ids


def acled_time_precision(granularity: str | None) -> int:
    """ACLED time precision of an interval's granularity: 1 day, 2 week, 3 month or coarser."""
    if granularity == "day":
        return 1
    if granularity == "week":
        return 2
    return 3
