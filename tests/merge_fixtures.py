"""Hand-built places, actors and reports for the merge, contradiction and control tests.

Coordinates are real (GeoNames); the reports are written by us to pin the logic, not copied.
"""

from __future__ import annotations

from datetime import date

from sitrep.model import ActorRef, DateRef, Fatalities, PlaceRef, Report


def town(name: str, lat: float, lon: float, country: str, admin1: str, gid: int) -> PlaceRef:
    """A precise (precision 1) town."""
    return PlaceRef(name, lat, lon, country, admin1, gid, f"gn:{gid}", 1)


ABU_KAMAL = town("Abu Kamal", 34.45226, 40.91854, "SY", "Deir ez-Zor", 174448)
HAJIN = town("Hajin", 34.69508, 40.83138, "SY", "Deir ez-Zor", 174506)
MAYADIN = town("Mayadin", 35.01982, 40.45154, "SY", "Deir ez-Zor", 170592)
DEIR_EZZOR = town("Deir ez-Zor", 35.33588, 40.14084, "SY", "Deir ez-Zor", 170794)
RAQQA = town("Raqqa", 35.95283, 39.00788, "SY", "Ar Raqqah", 172955)
QAIM = town("Al-Qaim", 34.36861, 41.09444, "IQ", "Anbar", 98459)
AVDIIVKA = town("Avdiivka", 48.13989, 37.74255, "UA", "Donetsk", 713716)
DEIR_PROVINCE = PlaceRef(
    "Deir ez-Zor Governorate", 35.0, 40.5, "SY", "Deir ez-Zor", 170793, "gn:170793", 3
)
NEAR_ABU_KAMAL = PlaceRef("Abu Kamal", 34.47, 40.93, "SY", "Deir ez-Zor", 174448, "gn:174448", 2)

IS = ActorRef("islamic-state", "Islamic State", "non_state_armed_group")
SAA = ActorRef("syrian-government", "Syrian government forces", "state_force")
HEZBOLLAH = ActorRef("hezbollah", "Hezbollah", "non_state_armed_group")
SDF = ActorRef("sdf", "Syrian Democratic Forces", "non_state_armed_group")
ISF = ActorRef("iraqi-security-forces", "Iraqi security forces", "state_force")
RUSSIA = ActorRef("russia", "Russian armed forces", "foreign_state_force")
UKRAINE = ActorRef("ukraine", "Ukrainian armed forces", "state_force")


class Alliances:
    """A small alliance table standing in for the actor dictionary's `allied` and `unnamed`."""

    def __init__(self, *pairs: tuple[str, str], unnamed: tuple[str, ...] = ()) -> None:
        self.pairs = {frozenset(pair) for pair in pairs}
        self.unnamed_ids = frozenset(unnamed)

    def allied(self, a: str, b: str) -> bool:
        """Return True when the pair was declared allied."""
        return frozenset((a, b)) in self.pairs

    def unnamed(self, actor_id: str) -> bool:
        """Return True for the ids declared as fallbacks for an unnamed side."""
        return actor_id in self.unnamed_ids


ALLIES = Alliances(("syrian-government", "hezbollah"), ("syrian-government", "russia"))


def day(text: str) -> date:
    """Parse an ISO date."""
    return date.fromisoformat(text)


def mk(
    report_id: str,
    event_type: str,
    place: PlaceRef | None,
    when: str | tuple[str, str, str] | None,
    actor1: ActorRef | None = None,
    actor2: ActorRef | None = None,
    *,
    source: str | None = "Wire A",
    doc_id: str | None = None,
    published: str | None = None,
    stance: str = "asserted",
    claimant: str | None = None,
    killed: int | None = None,
    confidence: float = 0.8,
) -> Report:
    """Build a report; `when` is a day "2017-11-09" or (start, end, granularity)."""
    if isinstance(when, str):
        ref: DateRef | None = DateRef(day(when), day(when), "day")
    elif when is None:
        ref = None
    else:
        ref = DateRef(day(when[0]), day(when[1]), when[2])
    pub = day(published) if published else (ref.end if ref else None)
    return Report(
        report_id=report_id,
        doc_id=doc_id or f"doc-{report_id}",
        type=event_type,
        sentence=f"sentence of {report_id}",
        span=(0, 10),
        trigger=(0, 3),
        source=source,
        published=pub,
        stance=stance,
        claimant=claimant,
        actor1=actor1,
        actor2=actor2,
        place=place,
        date=ref,
        fatalities=Fatalities(killed) if killed is not None else None,
        confidence=confidence,
    )


CIVILIANS = ActorRef("civilians", "Civilians", "civilians")
