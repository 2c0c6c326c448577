"""The web page in real headless Chromium (Debian package) driven by Playwright.

The map renders with its river layer, the slider changes the visible events, clicking an event
shows its sources, the view is kept in the URL; a screenshot goes to test-artifacts/.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_api_fixtures import build_store

from sitrep.api import STATIC_DIR
from sitrep.web.bench import CHROMIUM, chromium_browser, running_server

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} absent: apt-get install chromium", allow_module_level=True)
if importlib.util.find_spec("playwright") is None:
    pytest.skip("playwright (PyPI) not installed", allow_module_level=True)
if not (STATIC_DIR / "basemap" / "tiles" / "0" / "0" / "0.pbf").exists():
    pytest.skip("basemap not built: node scripts/build_basemap.mjs", allow_module_level=True)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("web") / "web.duckdb"
    build_store(db).close()
    with running_server(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium_browser() as launched:
        yield launched


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    new_page = context.new_page()
    errors: list[str] = []
    new_page.on("pageerror", lambda exc: errors.append(str(exc)))
    new_page.on(
        "request",
        lambda request: (
            errors.append(f"off-site request {request.url}")
            if not request.url.startswith(("http://127.0.0.1", "blob:", "data:"))
            else None
        ),
    )
    yield new_page
    context.close()
    assert errors == []


def open_map(page: Any, url: str) -> dict[str, Any]:
    page.goto(url, wait_until="load")
    page.wait_for_function("window.sitrep && window.sitrep.ready", timeout=30_000)
    probe: dict[str, Any] = page.evaluate("window.sitrep")
    return probe


def test_web_map_renders_rivers_and_events(page: Any, base_url: str) -> None:
    probe = open_map(page, base_url + "#map=6/35.0/40.5")
    assert (probe["total"], probe["unplaced"]) == (6, 1)
    layers = page.evaluate("window.sitrepMap.getStyle().layers.map(l => l.id)")
    assert {"land", "lakes", "rivers", "borders", "events", "clusters"} <= set(layers)
    rivers = page.evaluate("window.sitrepMap.queryRenderedFeatures({layers: ['rivers']}).length")
    assert rivers > 0  # the Euphrates crosses this view
    land = page.evaluate("window.sitrepMap.queryRenderedFeatures({layers: ['land']}).length")
    assert land > 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "web-map.png"))


def test_web_slider_changes_visible_events(page: Any, base_url: str) -> None:
    probe = open_map(page, base_url)
    assert probe["visible"] == 6  # the slider starts at the last day: everything up to it
    page.eval_on_selector(
        "#slider", "el => { el.value = '0'; el.dispatchEvent(new Event('input')); }"
    )
    # The first day with a located event: the capture of Deir ez-Zor, 3 November 2017.
    assert page.inner_text("#date-label") == "2017-11-03"
    assert page.evaluate("window.sitrep.visible") == 1
    page.select_option("#window", "7")
    page.evaluate("""() => {
        const s = document.getElementById('slider');
        const days = Math.round((Date.parse('2017-11-12') - Date.parse('2017-11-03')) / 864e5);
        s.value = String(days); s.dispatchEvent(new Event('input'));
    }""")
    assert page.inner_text("#date-label") == "2017-11-12"
    # 5 to 12 November: the air strike, the disputed and the reversed capture of Abu Kamal.
    assert page.evaluate("window.sitrep.visible") == 3
    assert "date=2017-11-12" in page.evaluate("location.hash")


def test_web_filters_and_view_kept_in_url(page: Any, base_url: str) -> None:
    open_map(page, base_url + "#map=5.00/34.0000/41.0000&type=shelling")
    assert page.evaluate("window.sitrep.visible") == 1  # Kharkiv; the other has no place
    assert page.input_value("#f-type") == "shelling"
    page.select_option("#f-type", "")
    page.select_option("#f-stance", "denied")
    assert page.evaluate("window.sitrep.visible") == 1
    hash_ = page.evaluate("location.hash")
    assert "stance=denied" in hash_ and "type=" not in hash_
    center = page.evaluate("window.sitrepMap.getCenter()")
    assert center["lat"] == pytest.approx(34.0, abs=0.01)


def test_web_click_event_shows_sources(page: Any, base_url: str) -> None:
    # Zoomed in on Deir ez-Zor, so its event is drawn unclustered.
    open_map(page, base_url + "#map=12/35.33588/40.14084")
    page.wait_for_function(
        "window.sitrepMap.queryRenderedFeatures({layers: ['events']}).length > 0", timeout=10_000
    )
    point = page.evaluate("""() => {
        const f = window.sitrepMap.queryRenderedFeatures({layers: ['events']})[0];
        const p = window.sitrepMap.project(f.geometry.coordinates);
        const box = document.getElementById('map').getBoundingClientRect();
        return {x: p.x + box.left, y: p.y + box.top};
    }""")
    page.mouse.click(point["x"], point["y"])
    page.wait_for_selector("#panel:not([hidden]) .report", timeout=10_000)
    panel = page.inner_text("#panel")
    assert "Desert Wire" in panel and "River Post" in panel
    assert "claimed by the army" in panel
    assert page.inner_text("#panel mark >> nth=0") in {"took", "captured"}
    link = page.get_attribute("#panel a", "href")
    assert link == "https://desert-wire.example/a1"
    assert "event=e-deir" in page.evaluate("location.hash")
    page.screenshot(path=str(ARTIFACTS / "web-event-panel.png"))


def test_web_control_places_follow_the_slider(page: Any, base_url: str) -> None:
    open_map(page, base_url + "#date=2017-11-15")
    assert page.inner_text("#date-label") == "2017-11-15"
    # Deir ez-Zor held, Abu Kamal contested, Hajin held on 15 November.
    assert page.evaluate("window.sitrep.controlled") == 3
    labels = page.locator(".place-label").all_inner_texts()
    assert sorted(labels) == ["Abu Kamal", "Deir ez-Zor", "Hajin"]


def test_web_api_docs_render_offline(page: Any, base_url: str) -> None:
    page.goto(base_url + "docs", wait_until="load")
    page.wait_for_selector(".opblock-summary-path", timeout=30_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/events" in [p.replace("\u200b", "") for p in paths]


def test_web_play_advances_the_slider(page: Any, base_url: str) -> None:
    open_map(page, base_url + "#date=2017-11-03")
    page.click("#play")
    page.wait_for_function(
        "document.getElementById('date-label').textContent > '2017-11-03'", timeout=10_000
    )
    page.click("#play")  # pause
    paused_at = page.inner_text("#date-label")
    page.wait_for_timeout(600)
    assert page.inner_text("#date-label") == paused_at
