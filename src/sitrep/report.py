"""Situation reports: changes of control, key events with sources, contradictions and charts.

A report covers a region (a bounding box, or a place, province or country named in the store)
and a period. `build_report` gathers it from the store; `render_markdown` and `render_html`
write it with two matplotlib charts: the event mix per actor over time (the shift from holding
ground to hit-and-run attacks shows here) and a map over the offline Natural Earth basemap.
Contradictions come from `sitrep.contradictions`, the same function the REST API uses.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sitrep.contradictions import Contradiction, find_contradictions
from sitrep.model import ControlSpan, Event

WEB_STATIC = Path(__file__).parent / "web" / "static"
BASEMAP_DIR = WEB_STATIC / "basemap"
# Types that change who holds ground rank first among key events.
TYPE_WEIGHT = {
    "territory_taken": 3.0,
    "territory_ceded": 3.0,
    "siege": 2.5,
    "siege_broken": 2.5,
    "surrender": 2.5,
    "agreement": 2.0,
    "offensive": 2.0,
    "suicide_attack": 1.5,
    "attack_on_civilians": 1.5,
    "displacement": 1.5,
}
MAX_KEY_EVENTS = 15
MAX_MIX_ACTORS = 4
Bbox = tuple[float, float, float, float]


@dataclass(slots=True)
class SituationReport:
    """Everything a situation report shows, gathered from the store."""

    region: str
    bbox: Bbox
    date_from: dt.date
    date_to: dt.date
    events: list[Event]
    changes: list[ControlSpan]  # spans that begin within the period
    standing: list[ControlSpan]  # spans in force at the end of the period
    contradictions: list[Contradiction]

    @property
    def key_events(self) -> list[Event]:
        """The events most worth reading, by weight of type, sources and confidence."""
        return rank_events(self.events)[:MAX_KEY_EVENTS]


def rank_events(events: Sequence[Event]) -> list[Event]:
    """Events by importance: ground-changing types, then corroboration, then confidence."""

    def score(event: Event) -> float:
        sources = len({r.source for r in event.reports if r.source})
        return TYPE_WEIGHT.get(event.type, 1.0) + 0.5 * sources + event.confidence

    return sorted(events, key=lambda e: (-score(e), e.event_id))


def parse_bbox(text: str) -> Bbox:
    """Parse "west,south,east,north" in degrees; ValueError with the reason when malformed."""
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError:
        raise ValueError("bbox: expected four numbers: west,south,east,north") from None
    if not all(-180 <= x <= 180 for x in (west, east)):
        raise ValueError("bbox: longitudes must lie within -180..180")
    if not -90 <= south <= north <= 90:
        raise ValueError("bbox: latitudes must satisfy -90 <= south <= north <= 90")
    return west, south, east, north


def pad_bbox(points: Sequence[tuple[float, float]], margin: float = 0.5) -> Bbox:
    """A bounding box (west, south, east, north) around (lon, lat) points, at least 1° wide."""
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    west, east = min(lons) - margin, max(lons) + margin
    south, north = min(lats) - margin, max(lats) + margin
    return (max(-180.0, west), max(-90.0, south), min(180.0, east), min(90.0, north))


def resolve_region(
    places: Sequence[dict[str, Any]], spans: Sequence[ControlSpan], name: str
) -> Bbox:
    """The bbox of stored places whose name, province (admin1) or country matches `name`.

    Matching is case-insensitive; a country matches by ISO code or English name.
    """
    from sitrep.export import country_name

    wanted = name.strip().lower()
    points: list[tuple[float, float]] = []
    for place in places:
        country = place.get("country")
        labels = {place.get("name"), place.get("admin1"), country, country_name(country)}
        if wanted in {str(v).lower() for v in labels if v} and place.get("lat") is not None:
            points.append((place["lon"], place["lat"]))
    for span in spans:
        labels = {span.place.name, span.place.admin1, span.place.country}
        if wanted in {str(v).lower() for v in labels if v} and span.place.lat is not None:
            assert span.place.lon is not None
            points.append((span.place.lon, span.place.lat))
    if not points:
        raise ValueError(f"no place, province or country named {name!r} in the store")
    return pad_bbox(points)


def build_report(
    store: Any,
    *,
    date_from: dt.date,
    date_to: dt.date,
    region: str | None = None,
    bbox: Bbox | None = None,
) -> SituationReport:
    """Gather a situation report for a region (name or bbox) and period from the store."""
    from sitrep.store import EventQuery, control_at, place_summaries, query_events

    if date_from > date_to:
        raise ValueError(f"--from {date_from} is after --to {date_to}")
    if bbox is None:
        if not region:
            raise ValueError("give a region name or a bbox")
        bbox = resolve_region(place_summaries(store), control_at(store), region)
    label = region or "bbox " + ",".join(f"{x:g}" for x in bbox)
    _, events = query_events(store, EventQuery(bbox=bbox, date_from=date_from, date_to=date_to))
    spans = control_at(store, bbox=bbox)
    changes = [s for s in spans if s.start and date_from <= s.start <= date_to]
    changes.sort(key=lambda s: (s.start or dt.date.min, s.place.name))
    standing = control_at(store, on=date_to, bbox=bbox)
    return SituationReport(
        region=label,
        bbox=bbox,
        date_from=date_from,
        date_to=date_to,
        events=events,
        changes=changes,
        standing=standing,
        contradictions=find_contradictions(events),
    )


# --- charts ----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def load_palette() -> dict[str, Any]:
    """Colours shared with the web map (web/static/palette.json)."""
    data: dict[str, Any] = json.loads((WEB_STATIC / "palette.json").read_text(encoding="utf-8"))
    return data


def _bin_start(day: dt.date, monthly: bool) -> dt.date:
    if monthly:
        return day.replace(day=1)
    return day - dt.timedelta(days=day.weekday())


def chart_event_mix(report: SituationReport) -> bytes:
    """PNG: stacked bars of event types per time bin, one panel per most active actor."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    palette = load_palette()
    monthly = (report.date_to - report.date_from).days > 120
    by_actor: dict[str, list[Event]] = defaultdict(list)
    for event in report.events:
        if event.actor1 and event.date and event.date.start:
            by_actor[event.actor1.name].append(event)
    actors = sorted(by_actor, key=lambda a: (-len(by_actor[a]), a))[:MAX_MIX_ACTORS]
    fig, axes = plt.subplots(
        max(1, len(actors)), 1, figsize=(8, 1.0 + 2.0 * max(1, len(actors))), squeeze=False
    )
    if not actors:
        axes[0][0].text(0.5, 0.5, "no dated events with a known actor", ha="center")
        axes[0][0].set_axis_off()
    bins: list[dt.date] = []
    day = _bin_start(report.date_from, monthly)
    while day <= report.date_to:
        bins.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1) if monthly else day + dt.timedelta(7)
    types = [t for t in palette["types"] if any(e.type == t for e in report.events)]
    for ax, actor in zip((row[0] for row in axes), actors, strict=False):
        counts = Counter(
            (_bin_start(e.date.start, monthly), e.type)
            for e in by_actor[actor]
            if e.date and e.date.start
        )
        bottom = [0] * len(bins)
        for event_type in types:
            heights = [counts.get((b, event_type), 0) for b in bins]
            if any(heights):
                ax.bar(
                    range(len(bins)),
                    heights,
                    bottom=bottom,
                    label=event_type,
                    color=palette["types"].get(event_type, palette["other"]),
                )
                bottom = [x + h for x, h in zip(bottom, heights, strict=True)]
        ax.set_title(actor, fontsize=10, loc="left")
        ax.set_ylabel("events")
        step = max(1, -(-len(bins) // 6))  # at most six labels, so they never overlap
        ax.set_xticks(range(0, len(bins), step))
        ax.set_xticklabels(
            [b.strftime("%Y-%m" if monthly else "%d %b %Y") for b in bins][::step], fontsize=8
        )
        ax.yaxis.get_major_locator().set_params(integer=True)
    if actors:
        handles, labels = [], []
        for ax in (row[0] for row in axes):
            for h, lab in zip(*ax.get_legend_handles_labels(), strict=True):
                if lab not in labels:
                    handles.append(h)
                    labels.append(lab)
        fig.legend(handles, labels, loc="upper right", fontsize=7, ncol=2)
    fig.suptitle(f"Event mix per actor ({'month' if monthly else 'week'}ly)", fontsize=11)
    fig.tight_layout(rect=(0, 0, 0.78, 0.96))
    return _png(fig)


@lru_cache(maxsize=8)
def _basemap_layer(name: str) -> list[list[list[float]]]:
    # Rings or lines of a basemap layer as coordinate lists; empty when the basemap is not built.
    path = BASEMAP_DIR / f"{name}.geojson"
    if not path.exists():
        return []
    parts: list[list[list[float]]] = []
    for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
        geometry = feature["geometry"]
        kind, coords = geometry["type"], geometry["coordinates"]
        if kind == "Polygon":
            parts.extend(coords)
        elif kind == "MultiPolygon":
            parts.extend(ring for polygon in coords for ring in polygon)
        elif kind == "LineString":
            parts.append(coords)
        elif kind == "MultiLineString":
            parts.extend(coords)
    return parts


def _inside(part: list[list[float]], bbox: Bbox) -> bool:
    west, south, east, north = bbox
    return any(
        west <= x <= east and south <= y <= north for x, y in part[:: max(1, len(part) // 50)]
    ) or (
        min(p[0] for p in part) <= east
        and max(p[0] for p in part) >= west
        and min(p[1] for p in part) <= north
        and max(p[1] for p in part) >= south
    )


def chart_map(report: SituationReport) -> bytes:
    """PNG: the region over Natural Earth land, borders and rivers, with events and control."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection, PolyCollection

    palette = load_palette()
    west, south, east, north = report.bbox
    fig, ax = plt.subplots(figsize=(8, 6.5))
    ax.set_facecolor("#cfe2f0")
    land = [p for p in _basemap_layer("land") if _inside(p, report.bbox)]
    lakes = [p for p in _basemap_layer("lakes") if _inside(p, report.bbox)]
    ax.add_collection(PolyCollection(land, facecolors="#f3efe6", edgecolors="#c9bfae", lw=0.4))
    ax.add_collection(PolyCollection(lakes, facecolors="#cfe2f0", edgecolors="none"))
    rivers = [p for p in _basemap_layer("rivers") if _inside(p, report.bbox)]
    borders = [p for p in _basemap_layer("borders") if _inside(p, report.bbox)]
    ax.add_collection(LineCollection(rivers, colors="#5b9bd5", linewidths=1.0))
    ax.add_collection(LineCollection(borders, colors="#8d7f6a", linewidths=0.8, linestyles="--"))
    for span in report.standing:
        if span.place.lat is None or span.place.lon is None:
            continue
        colour = palette["status"].get(span.status, palette["other"])
        ax.scatter([span.place.lon], [span.place.lat], s=600, color=colour, alpha=0.3, lw=0)
        ax.annotate(
            span.place.name,
            (span.place.lon, span.place.lat),
            fontsize=7,
            xytext=(6, 6),
            textcoords="offset points",
        )
    by_type: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for event in report.events:
        if event.place and event.place.lat is not None and event.place.lon is not None:
            by_type[event.type].append((event.place.lon, event.place.lat))
    for event_type, points in sorted(by_type.items()):
        ax.scatter(
            [p[0] for p in points],
            [p[1] for p in points],
            s=22,
            edgecolors="white",
            linewidths=0.6,
            label=f"{event_type} ({len(points)})",
            zorder=3,
            color=palette["types"].get(event_type, palette["other"]),
        )
    for status, colour in palette["status"].items():
        if any(s.status == status for s in report.standing):
            ax.scatter([], [], s=120, color=colour, alpha=0.3, label=f"{status} (control)")
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect("equal")
    if by_type or report.standing:
        ax.legend(loc="lower left", fontsize=7, framealpha=0.9)
    built = (BASEMAP_DIR / "land.geojson").exists()
    note = "" if built else " — basemap not built (run scripts/build_basemap.mjs)"
    ax.set_title(f"{report.region}, {report.date_from} to {report.date_to}{note}", fontsize=10)
    ax.text(0.995, 0.005, "Natural Earth", transform=ax.transAxes, ha="right", fontsize=6)
    fig.tight_layout()
    return _png(fig)


def _png(fig: Any) -> bytes:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    return buffer.getvalue()


# --- rendering -------------------------------------------------------------------------------


def _sources(event: Event) -> str:
    parts = []
    for report in event.reports:
        who = report.source or report.doc_id
        stance = report.stance if not report.claimant else f"{report.stance} by {report.claimant}"
        parts.append(f"{who} ({report.published or 'undated'}, {stance})")
    return "; ".join(dict.fromkeys(parts))


def _when(event: Event) -> str:
    if not event.date or not event.date.start:
        return "undated"
    if event.date.end and event.date.end != event.date.start:
        return f"{event.date.start} – {event.date.end}"
    return str(event.date.start)


def _span_line(span: ControlSpan) -> tuple[str, ...]:
    return (
        span.place.name,
        span.actor.name if span.actor else "unknown",
        span.status,
        str(span.start or "?"),
        str(span.end or "open"),
        str(len(span.evidence)),
    )


def report_sections(report: SituationReport) -> list[tuple[str, list[str], list[tuple[str, ...]]]]:
    """The report's tables as (title, header, rows), shared by Markdown and HTML."""
    span_header = ["place", "holder", "status", "from", "to", "evidence"]
    key: list[tuple[str, ...]] = [
        (
            _when(e),
            e.type,
            e.actor1.name if e.actor1 else "unknown actor",
            e.place.name if e.place else "unplaced",
            e.status,
            _sources(e),
        )
        for e in report.key_events
    ]
    by_event = {e.event_id: e for e in report.events}
    reports = {r.report_id: r for e in report.events for r in e.reports}
    contradictions: list[tuple[str, ...]] = []
    for c in report.contradictions:
        first = by_event.get(c.event_ids[0])
        quoted = [reports[i] for i in c.reports if i in reports]
        contradictions.append(
            (
                _when(first) if first else "?",
                c.kind,
                c.summary,
                "; ".join(dict.fromkeys(f"{r.source or r.doc_id} ({r.stance})" for r in quoted)),
            )
        )
    return [
        ("Changes of control", span_header, [_span_line(s) for s in report.changes]),
        (f"Control as of {report.date_to}", span_header, [_span_line(s) for s in report.standing]),
        ("Key events", ["date", "type", "actor", "place", "status", "sources"], key),
        ("Contradictions", ["date", "kind", "what", "sources"], contradictions),
    ]


def _summary(report: SituationReport) -> str:
    types = Counter(e.type for e in report.events).most_common(5)
    mix = ", ".join(f"{n} {t}" for t, n in types) or "none"
    sources = len({r.source for e in report.events for r in e.reports if r.source})
    return (
        f"{len(report.events)} events from {sources} sources ({mix}); "
        f"{len(report.changes)} changes of control; {len(report.contradictions)} contradictions."
    )


def render_markdown(report: SituationReport, images: dict[str, str]) -> str:
    """The report as Markdown; `images` maps chart name (mix, map) to a link target."""
    west, south, east, north = report.bbox
    lines = [
        f"# Situation report: {report.region}",
        "",
        f"Period {report.date_from} to {report.date_to}; area W {west:.2f}, S {south:.2f}, "
        f"E {east:.2f}, N {north:.2f}.",
        "",
        _summary(report),
        "",
        f"![Map of events and control]({images['map']})",
        "",
    ]
    for title, header, rows in report_sections(report):
        lines += [f"## {title}", ""]
        if not rows:
            lines += ["None in this period and area.", ""]
            continue
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "---|" * len(header))
        for row in rows:
            cells = [c.replace("|", "\\|").replace("\n", " ") for c in row]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    lines += [
        "## Event mix per actor",
        "",
        f"![Event mix per actor over time]({images['mix']})",
        "",
    ]
    return "\n".join(lines)


def render_html(report: SituationReport) -> str:
    """The report as one self-contained HTML page (charts embedded as PNG data)."""
    mix = base64.b64encode(chart_event_mix(report)).decode("ascii")
    picture = base64.b64encode(chart_map(report)).decode("ascii")
    esc = html.escape
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Situation report: {esc(report.region)}</title>",
        "<style>body{font:14px/1.45 system-ui,sans-serif;max-width:70em;margin:1em auto;"
        "padding:0 1em}table{border-collapse:collapse;width:100%;margin-bottom:1em}"
        "td,th{border:1px solid #ccc;padding:.25em .4em;vertical-align:top;text-align:left}"
        "th{background:#eef}img{max-width:100%}</style></head><body>",
        f"<h1>Situation report: {esc(report.region)}</h1>",
        f"<p>Period {report.date_from} to {report.date_to}. {esc(_summary(report))}</p>",
        f"<img alt='Map of events and control' src='data:image/png;base64,{picture}'>",
    ]
    for title, header, rows in report_sections(report):
        parts.append(f"<h2>{esc(title)}</h2>")
        if not rows:
            parts.append("<p>None in this period and area.</p>")
            continue
        parts.append("<table><tr>" + "".join(f"<th>{esc(h)}</th>" for h in header) + "</tr>")
        for row in rows:
            parts.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>")
        parts.append("</table>")
    parts += [
        "<h2>Event mix per actor</h2>",
        f"<img alt='Event mix per actor over time' src='data:image/png;base64,{mix}'>",
        "</body></html>",
    ]
    return "\n".join(parts)


def write_report(report: SituationReport, fmt: str, output: Path | None) -> str | None:
    """Write the report as md or html to `output` (charts beside a Markdown file), or return it.

    Without an output file, Markdown embeds its charts as data URIs so it stands alone.
    """
    if fmt == "html":
        text = render_html(report)
    elif fmt == "md":
        charts = {"mix": chart_event_mix(report), "map": chart_map(report)}
        if output is None:
            images = {
                k: "data:image/png;base64," + base64.b64encode(v).decode()
                for k, v in charts.items()
            }
        else:
            images = {}
            for name, data in charts.items():
                path = output.with_name(f"{output.stem}-{name}.png")
                path.write_bytes(data)
                images[name] = path.name
        text = render_markdown(report, images)
    else:
        raise ValueError(f"unknown report format {fmt!r}: choose md or html")
    if output is None:
        return text
    output.write_text(text, encoding="utf-8")
    return None


def make_report(
    db: Path,
    *,
    date_from: dt.date,
    date_to: dt.date,
    fmt: str,
    output: Path | None,
    region: str | None = None,
    bbox: str | None = None,
) -> str | None:
    """Open the store read-only, build the report and write it (or return it as text)."""
    from sitrep.store import Store

    if (region is None) == (bbox is None):
        raise ValueError("give exactly one of --region NAME or --bbox W,S,E,N")
    if fmt not in {"md", "html"}:
        raise ValueError(f"unknown report format {fmt!r}: choose md or html")
    box = parse_bbox(bbox) if bbox else None
    with Store(db, read_only=True) as store:
        report = build_report(store, date_from=date_from, date_to=date_to, region=region, bbox=box)
    return write_report(report, fmt, output)
