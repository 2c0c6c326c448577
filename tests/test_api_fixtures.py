"""A small store built through the real Store API for the API, web and report tests.

The sentences are written by us; coordinates are real (GeoNames). No tests live here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sitrep.model import ActorRef, ControlSpan, DateRef, Document, Event, PlaceRef, Report
from sitrep.store import ProcessedDocument, Store


def town(name: str, lat: float, lon: float, country: str, admin1: str, gid: int) -> PlaceRef:
    """A precise (precision 1) town."""
    return PlaceRef(name, lat, lon, country, admin1, gid, f"gn:{gid}", 1)


DEIR = town("Deir ez-Zor", 35.33588, 40.14084, "SY", "Deir ez-Zor", 170794)
ABU_KAMAL = town("Abu Kamal", 34.45226, 40.91854, "SY", "Deir ez-Zor", 174448)
HAJIN = town("Hajin", 34.69508, 40.83138, "SY", "Deir ez-Zor", 174506)
QAIM = town("Al-Qaim", 34.36861, 41.09444, "IQ", "Anbar", 98459)
KHARKIV = town("Kharkiv", 49.98081, 36.25272, "UA", "Kharkiv", 706483)

SAA = ActorRef("syrian-government", "Syrian government forces", "state_force")
IS = ActorRef("islamic-state", "Islamic State", "non_state_armed_group")
COALITION = ActorRef("us-led-coalition", "US-led coalition", "international_coalition")
RUSSIA = ActorRef("russia", "Russian armed forces", "foreign_state_force")

# (doc_id, source, published, url, [(report_id, event_id, type, sentence, trigger word,
#   stance, claimant, actor1, actor2, place, start, end, forecast)])
DOCS = [
    (
        "desert-wire-1",
        "Desert Wire",
        "2017-11-04",
        "https://desert-wire.example/a1",
        [
            ("r1", "e-deir", "territory_taken",
             "Government troops took full control of Deir ez-Zor on Friday.", "took",
             "asserted", None, SAA, IS, DEIR, "2017-11-03", "2017-11-03", False),
            ("r2", "e-qaim", "air_strike",
             "Coalition jets struck a depot outside Al-Qaim on Sunday.", "struck",
             "asserted", None, COALITION, IS, QAIM, "2017-11-05", "2017-11-05", False),
            ("r3", "e-forecast", "offensive",
             "Officials said an assault on Hajin could begin within weeks.", "assault",
             "hedged", "officials", SAA, IS, HAJIN, "2017-11-20", "2017-11-30", True),
        ],
    ),
    (
        "river-post-1",
        "River Post",
        "2017-11-10",
        "https://river-post.example/b1",
        [
            ("r4", "e-deir", "territory_taken",
             "The army said it had captured Deir ez-Zor after weeks of fighting.", "captured",
             "claimed", "the army", SAA, IS, DEIR, "2017-11-03", "2017-11-03", False),
            ("r5", "e-abu", "territory_taken",
             "State media said troops entered Abu Kamal on Thursday.", "entered",
             "claimed", "state media", SAA, IS, ABU_KAMAL, "2017-11-09", "2017-11-09", False),
            ("r6", "e-abu", "territory_taken",
             "The militants denied that Abu Kamal had fallen.", "fallen",
             "denied", "the militants", SAA, IS, ABU_KAMAL, "2017-11-09", "2017-11-09", False),
        ],
    ),
    (
        "agency-bulletin-1",
        "Agency Bulletin",
        "2017-12-02",
        None,
        [
            ("r7", "e-abu-back", "territory_taken",
             "Militants retook Abu Kamal in a surprise counterattack.", "retook",
             "asserted", None, IS, SAA, ABU_KAMAL, "2017-11-12", "2017-11-12", False),
            ("r8", "e-hajin", "attack",
             "Fighters raided an army post near Hajin at dawn on Friday.", "raided",
             "asserted", None, IS, SAA, HAJIN, "2017-12-01", "2017-12-01", False),
            ("r9", "e-unplaced", "shelling",
             "Shells fell on the outskirts overnight, residents said.", "Shells",
             "claimed", "residents", None, None, None, "2017-10-10", "2017-10-10", False),
        ],
    ),
    (
        "steppe-news-1",
        "Steppe News",
        "2022-05-11",
        "https://steppe.example/c1",
        [
            ("r10", "e-kharkiv", "shelling",
             "Russian artillery shelled northern Kharkiv on Tuesday.", "shelled",
             "asserted", None, RUSSIA, None, KHARKIV, "2022-05-10", "2022-05-10", False),
        ],
    ),
]  # fmt: skip

SPANS = [
    ControlSpan(DEIR, SAA, date(2017, 11, 3), None, "held", ["e-deir"]),
    ControlSpan(ABU_KAMAL, SAA, date(2017, 11, 9), date(2017, 11, 11), "claimed", ["e-abu"]),
    ControlSpan(ABU_KAMAL, IS, date(2017, 11, 12), date(2017, 11, 19), "contested", ["e-abu-back"]),
    ControlSpan(HAJIN, IS, None, date(2017, 12, 14), "held", ["e-hajin"]),
]


def build_documents() -> tuple[list[ProcessedDocument], list[Event]]:
    """Documents with their reports, and the events those reports make up."""
    items: list[ProcessedDocument] = []
    by_event: dict[str, list[Report]] = {}
    for doc_id, source, published, url, rows in DOCS:
        text = ""
        reports = []
        for row in rows:
            rid, eid, etype, sentence, trigger, stance, claimant, a1, a2, place, s, e, fc = row
            start = len(text)
            text += sentence + " "
            t0 = start + sentence.index(trigger)
            report = Report(
                report_id=rid,
                doc_id=doc_id,
                type=etype,
                sentence=sentence,
                span=(start, start + len(sentence)),
                trigger=(t0, t0 + len(trigger)),
                source=source,
                published=date.fromisoformat(published),
                stance=stance,
                claimant=claimant,
                actor1=a1,
                actor2=a2,
                place=place,
                date=DateRef(date.fromisoformat(s), date.fromisoformat(e), "day"),
                forecast=fc,
                confidence=0.7,
            )
            reports.append(report)
            by_event.setdefault(eid, []).append(report)
        doc = Document(
            doc_id=doc_id,
            text=text.strip(),
            title=f"Report {doc_id}",
            source=source,
            published=date.fromisoformat(published),
            url=url,
            language="en",
        )
        items.append(ProcessedDocument(doc=doc, reports=reports, pipeline="test"))
    events = []
    for eid, reports in by_event.items():
        first = reports[0]
        stances = {r.stance for r in reports}
        status = "disputed" if "denied" in stances else (
            "confirmed" if len({r.source for r in reports}) > 1 else "single_source"
        )  # fmt: skip
        events.append(
            Event(
                event_id=eid,
                type=first.type,
                actor1=first.actor1,
                actor2=first.actor2,
                place=first.place,
                date=first.date,
                reports=reports,
                status=status,
                confidence=0.8 if status == "confirmed" else 0.5,
            )
        )
    return items, events


def build_store(path: Path) -> Store:
    """A store at `path` holding the documents, events and control spans above."""
    store = Store(path)
    items, events = build_documents()
    for item in items:
        store.save(item)
    store.replace_events(events, SPANS)
    return store
