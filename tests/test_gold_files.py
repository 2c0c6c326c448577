"""Shape of the gold files under tests/gold/ and of the demo corpus they annotate.

These checks keep the gold honest: every event type, stance and date is valid, every report
points at a document that exists and quotes a hint that really occurs in it, and the combined
file is exactly the union of the seed and demo files.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from sitrep.model import EVENT_TYPES, GRANULARITIES, STANCES

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
DEMO = ROOT / "demo" / "corpus"
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
ACTOR_DICTIONARY = ROOT / "src" / "sitrep" / "data" / "actors.yaml"

EVENT_FILES = ["seeds_events.jsonl", "demo_events.jsonl", "all_events.jsonl"]
CONTROL_STATUSES = {"held", "contested", "claimed", "besieged"}
META_KEYS = {"source", "published", "url", "title", "language"}
MAX_HINT_WORDS = 12


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Parse a JSON Lines file, failing with the line number of a broken line."""
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as exc:
            pytest.fail(f"{path.name}:{number}: not JSON ({exc})")
    return records


def demo_texts() -> dict[str, str]:
    """Map each demo doc_id to its raw text (HTML kept as markup; hints sit in its body)."""
    texts: dict[str, str] = {}
    for path in DEMO.iterdir():
        if path.stem.lower() == "readme":
            continue  # a note about the folder, skipped by ingest too
        if path.suffix in {".txt", ".md", ".html"}:
            texts[path.stem] = path.read_text(encoding="utf-8")
        elif path.suffix == ".jsonl":
            for record in read_jsonl(path):
                texts[record["id"]] = record["text"]
    return texts


def seed_texts() -> dict[str, str]:
    """Map each seed doc_id to its text; empty when ../shared is absent."""
    if not SEEDS.is_dir():
        return {}
    return {path.stem: path.read_text(encoding="utf-8") for path in SEEDS.glob("*.txt")}


def listed_actor_ids() -> set[str]:
    """The ids in the first column of the table in tests/gold/ACTORS.md."""
    text = (GOLD / "ACTORS.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| ([a-z][a-z0-9-]*) \|", text, flags=re.MULTILINE)) - {"id"}


def iso(value: Any) -> date:
    """Parse an ISO date or fail."""
    assert isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), value
    return date.fromisoformat(value)


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return demo_texts() | seed_texts()


@pytest.mark.parametrize("name", EVENT_FILES)
def test_gold_events_have_the_export_shape(name: str) -> None:
    events = read_jsonl(GOLD / name)
    assert events, name
    ids = [event["event_id"] for event in events]
    assert len(ids) == len(set(ids)), "event ids repeat"
    actors = listed_actor_ids()
    for event in events:
        where = f"{name} {event['event_id']}"
        assert event["type"] in EVENT_TYPES, where
        assert event["actor1"] is not None, where
        for key in ("actor1", "actor2"):
            actor = event[key]
            if actor is not None:
                assert actor["id"] in actors and actor["name"], where
        place = event["place"]
        assert place["name"] and re.fullmatch(r"[A-Z]{2}", place["country"]), where
        assert -90 <= place["lat"] <= 90 and -180 <= place["lon"] <= 180, where
        assert place["precision"] in (1, 2, 3), where
        assert place["geonameid"] is None or isinstance(place["geonameid"], int), where
        span = event["date"]
        assert iso(span["start"]) <= iso(span["end"]), where
        assert span["precision"] in GRANULARITIES, where
        fatalities = event["fatalities"]
        assert fatalities is None or (isinstance(fatalities, int) and fatalities > 0), where
        assert event["reports"], where
        for report in event["reports"]:
            assert report["stance"] in STANCES, where
            assert report["type"] in EVENT_TYPES if "type" in report else True, where
            assert report["claimant"] is None or report["claimant"].strip(), where
            hint = report["sentence_hint"]
            assert hint.strip() and len(hint.split()) <= MAX_HINT_WORDS, f"{where}: {hint}"


@pytest.mark.parametrize("name", EVENT_FILES)
def test_gold_reports_point_at_real_sentences(name: str, texts: dict[str, str]) -> None:
    seeds = seed_texts()
    for event in read_jsonl(GOLD / name):
        for report in event["reports"]:
            doc_id = report["doc_id"]
            if doc_id not in texts:
                if not seeds and re.fullmatch(r"\d{3}_[0-9a-f]{16}", doc_id):
                    continue  # a seed, and ../shared is absent here
                pytest.fail(f"{name} {event['event_id']}: unknown doc_id {doc_id}")
            assert report["sentence_hint"] in texts[doc_id], (event["event_id"], doc_id)


def test_seed_and_demo_files_split_the_combined_file() -> None:
    def reports_by_event(names: list[str]) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for name in names:
            for event in read_jsonl(GOLD / name):
                keys = [json.dumps(r, sort_keys=True) for r in event["reports"]]
                grouped.setdefault(event["event_id"], []).extend(keys)
        return {key: sorted(value) for key, value in grouped.items()}

    assert reports_by_event(["seeds_events.jsonl", "demo_events.jsonl"]) == reports_by_event(
        ["all_events.jsonl"]
    )
    seed_docs = {r["doc_id"] for e in read_jsonl(GOLD / "seeds_events.jsonl") for r in e["reports"]}
    demo_docs = {r["doc_id"] for e in read_jsonl(GOLD / "demo_events.jsonl") for r in e["reports"]}
    assert all(re.fullmatch(r"\d{3}_[0-9a-f]{16}", d) for d in seed_docs)
    assert demo_docs <= set(demo_texts())


def test_gold_has_cross_document_events() -> None:
    events = read_jsonl(GOLD / "all_events.jsonl")
    multi = [e for e in events if len({r["doc_id"] for r in e["reports"]}) >= 3]
    assert len(multi) >= 8
    stances = {r["stance"] for e in events for r in e["reports"]}
    assert stances == set(STANCES)


def test_gold_actor_ids_exist_in_the_dictionary() -> None:
    if not ACTOR_DICTIONARY.exists():
        pytest.skip("no actor dictionary yet")
    data = yaml.safe_load(ACTOR_DICTIONARY.read_text(encoding="utf-8"))
    known = {actor["id"] for actor in data["actors"]}
    assert listed_actor_ids() <= known


def test_control_facts_are_supported_by_documents(texts: dict[str, str]) -> None:
    facts = read_jsonl(GOLD / "control_facts.jsonl")
    assert len(facts) >= 20
    actors = listed_actor_ids()
    seeds = seed_texts()
    for fact in facts:
        assert fact["place"] and re.fullmatch(r"[A-Z]{2}", fact["country"]), fact
        iso(fact["date"])
        assert fact["holder"] in actors, fact
        assert fact["status"] in CONTROL_STATUSES, fact
        assert fact["evidence_docs"], fact
        for doc_id in fact["evidence_docs"]:
            assert doc_id in texts or (not seeds and doc_id[:3].isdigit()), (fact, doc_id)


def test_demo_corpus_shape() -> None:
    texts = demo_texts()
    assert 18 <= len(texts) <= 22
    for path in DEMO.iterdir():
        if path.suffix in {".txt", ".md"} and path.stem.lower() != "readme":
            meta = json.loads(path.with_suffix(".meta.json").read_text(encoding="utf-8"))
            assert set(meta) == META_KEYS, path.name
            iso(meta["published"])
            assert path.stem[3:13] == meta["published"], path.name
        if path.suffix == ".html":
            html = path.read_text(encoding="utf-8")
            for tag in ("og:title", "og:site_name", "article:published_time", "<title>"):
                assert tag in html, (path.name, tag)
    for path in DEMO.glob("*.jsonl"):
        records = read_jsonl(path)
        assert 2 <= len(records) <= 3
        for record in records:
            assert META_KEYS | {"id", "text"} == set(record), path.name
            iso(record["published"])
    for doc_id, text in texts.items():
        body = re.sub(r"<[^>]+>", " ", text) if "<html" in text else text
        words = len(body.split())
        # The HTML page carries boilerplate around its body, so only an upper bound is loose.
        assert 150 <= words <= (900 if "<html" in text else 450), (doc_id, words)


def test_demo_corpus_near_duplicate_is_near() -> None:
    def shingles(text: str) -> set[tuple[str, ...]]:
        words = re.findall(r"[a-z0-9]+", text.lower())
        return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}

    texts = demo_texts()
    a = shingles(texts["eu-2017-10-17-wire-raqqa"])
    b = shingles(texts["eu-2017-10-18-local-raqqa"])
    assert 0.5 < len(a & b) / len(a | b) < 1.0
