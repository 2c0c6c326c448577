"""`sitrep bench web-load`: page load time of the web map with many synthetic events.

Synthetic events are random but plausible (places scattered over two theatres, a year of dates,
every event type, several sources and stances); they are written through the real Store API and
served by the real app. Chromium is the Debian package, driven by Playwright without
`playwright install`; the helpers here are shared with the browser tests.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sitrep.model import (
    EVENT_TYPES,
    STANCES,
    ActorRef,
    ControlSpan,
    DateRef,
    Document,
    Event,
    PlaceRef,
    Report,
)
from sitrep.store import ProcessedDocument, Store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Two theatres (west, south, east, north) to scatter synthetic places over.
THEATRES = [(38.0, 33.0, 43.5, 37.0), (34.0, 46.5, 40.0, 50.5)]
ACTORS = [
    ActorRef("gov-forces", "Government forces", "state_force"),
    ActorRef("rebel-front", "Rebel Front", "non_state_armed_group"),
    ActorRef("local-militia", "Local militia", "militia"),
    ActorRef("foreign-air", "Foreign air force", "foreign_state_force"),
    ActorRef("civilians", "Civilians", "civilians"),
]
SOURCES = ["Wire A", "Daily B", "Monitor C", "Agency D", "Radio E"]
STATUSES = ["confirmed", "single_source", "claimed_only", "disputed"]
CONTROL_STATUSES = ["held", "contested", "claimed", "besieged"]


def synthetic_dataset(
    n_events: int, *, seed: int = 7, n_places: int = 400, per_doc: int = 200
) -> tuple[list[ProcessedDocument], list[Event], list[ControlSpan]]:
    """Documents, events and control spans for load tests: deterministic for a seed."""
    rng = random.Random(seed)
    places = []
    for i in range(n_places):
        west, south, east, north = THEATRES[i % len(THEATRES)]
        places.append(
            PlaceRef(
                name=f"Place {i}",
                lat=round(rng.uniform(south, north), 4),
                lon=round(rng.uniform(west, east), 4),
                country="SY" if i % 2 == 0 else "UA",
                admin1=f"Province {i % 12}",
                place_id=f"syn:{i}",
                precision=1,
            )
        )
    first_day = dt.date(2022, 1, 1)
    types = list(EVENT_TYPES)
    items: list[ProcessedDocument] = []
    events: list[Event] = []
    for start in range(0, n_events, per_doc):
        doc_id = f"syn-doc-{start // per_doc:05d}"
        source = SOURCES[(start // per_doc) % len(SOURCES)]
        published = first_day + dt.timedelta(days=rng.randrange(365))
        text_parts: list[str] = []
        offset = 0
        reports: list[Report] = []
        for n in range(start, min(n_events, start + per_doc)):
            place = rng.choice(places)
            actor1, actor2 = rng.sample(ACTORS, 2)
            event_type = rng.choice(types)
            day = published - dt.timedelta(days=rng.randrange(5))
            sentence = f"Synthetic report {n}: {actor1.name} {event_type} at {place.name}."
            trigger = sentence.index(event_type)
            report = Report(
                report_id=f"syn-r{n}",
                doc_id=doc_id,
                type=event_type,
                sentence=sentence,
                span=(offset, offset + len(sentence)),
                trigger=(offset + trigger, offset + trigger + len(event_type)),
                source=source,
                published=published,
                stance=rng.choice(STANCES),
                actor1=actor1,
                actor2=actor2,
                place=place,
                date=DateRef(day, day, "day"),
            )
            reports.append(report)
            text_parts.append(sentence)
            offset += len(sentence) + 1
            events.append(
                Event(
                    event_id=f"e-syn-{n:06d}",
                    type=event_type,
                    actor1=actor1,
                    actor2=actor2,
                    place=place,
                    date=report.date,
                    reports=[report],
                    status=rng.choice(STATUSES),
                    confidence=round(rng.random(), 2),
                )
            )
        doc = Document(doc_id, " ".join(text_parts), source=source, published=published)
        items.append(ProcessedDocument(doc=doc, reports=reports, pipeline="synthetic"))
    spans = []
    for place in places[: n_places // 4]:
        begin = first_day + dt.timedelta(days=rng.randrange(300))
        spans.append(
            ControlSpan(
                place=place,
                actor=rng.choice(ACTORS[:3]),
                start=begin,
                end=begin + dt.timedelta(days=rng.randrange(10, 120)),
                status=rng.choice(CONTROL_STATUSES),
            )
        )
    return items, events, spans


def fill_store(path: Path, n_events: int, *, seed: int = 7) -> None:
    """Write a synthetic dataset of `n_events` events into a new store at `path`."""
    items, events, spans = synthetic_dataset(n_events, seed=seed)
    with Store(path) as store:
        for item in items:
            store.save(item)
        store.replace_events(events, spans)


def free_port() -> int:
    """A TCP port on the loopback interface that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def running_server(db: Path) -> Iterator[str]:
    """Serve the app over `db` on a free loopback port in a thread; yield its base URL."""
    import uvicorn

    from sitrep.api import create_app

    port = free_port()
    app = create_app(db)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        app.state.service.store.close()


@contextlib.contextmanager
def chromium_browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    if not CHROMIUM.exists():
        raise FileNotFoundError(f"{CHROMIUM} not found: install the Debian package `chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


def measure_page(browser: Any, url: str, timeout_ms: int = 60_000) -> dict[str, float]:
    """Load the page once in a fresh context; milliseconds to each milestone."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url, wait_until="load", timeout=timeout_ms)
    loaded = time.perf_counter()
    page.wait_for_function("window.sitrep && window.sitrep.ready", timeout=timeout_ms)
    ready = time.perf_counter()
    navigation = page.evaluate(
        "(() => { const n = performance.getEntriesByType('navigation')[0];"
        " return {dom: n.domContentLoadedEventEnd, load: n.loadEventEnd}; })()"
    )
    probe = page.evaluate("window.sitrep")
    context.close()
    return {
        "dom_content_loaded_ms": round(navigation["dom"], 1),
        "load_event_ms": round(navigation["load"], 1),
        "data_fetched_ms": round(probe["timings"]["data"], 1),
        "map_style_loaded_ms": round(probe["timings"]["style"], 1),
        "map_idle_ms": round(probe["timings"]["idle"], 1),
        "wall_to_load_ms": round((loaded - started) * 1000, 1),
        "wall_to_ready_ms": round((ready - started) * 1000, 1),
        "events_visible": probe["visible"],
        "events_drawn": probe["drawn"],
    }


def bench_web_load(n_events: int = 10_000, runs: int = 3) -> dict[str, Any]:
    """Median timings of `runs` page loads of the web map serving `n_events` synthetic events."""
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as folder:
        db = Path(folder) / "bench.duckdb"
        started = time.perf_counter()
        fill_store(db, n_events)
        fill_s = time.perf_counter() - started
        with running_server(db) as url, chromium_browser() as browser:
            # The first load after start-up also pays for the server's cold caches: kept apart.
            cold = measure_page(browser, url)
            samples = [measure_page(browser, url) for _ in range(runs)]
    figures: dict[str, Any] = {"events": n_events, "runs": runs, "store_fill_s": round(fill_s, 2)}
    # Timings on a shared machine mean little without its load: reported next to them.
    figures["load_average_1m"] = round(os.getloadavg()[0], 2)
    for key in samples[0]:
        figures[key] = statistics.median(s[key] for s in samples)
    figures["max_wall_to_ready_ms"] = max(s["wall_to_ready_ms"] for s in samples)
    figures["cold_wall_to_ready_ms"] = cold["wall_to_ready_ms"]
    return figures
