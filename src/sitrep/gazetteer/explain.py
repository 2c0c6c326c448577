"""What the places stage found in a text and why: the table behind `sitrep places`."""

from __future__ import annotations

from pathlib import Path

from rich.table import Table

from sitrep.gazetteer.index import load_gazetteer
from sitrep.model import Toponym


def read_text_argument(value: str) -> str:
    """The text of a FILE argument if it names an existing file, else the argument itself."""
    path = Path(value)
    try:
        if len(value) < 1024 and path.is_file():
            return path.read_text("utf-8")
    except OSError:
        pass
    return value


def find_places(text: str) -> list[Toponym]:
    """Run spaCy and the places stage over a text."""
    from sitrep.stages.language import load_nlp
    from sitrep.stages.places import find_toponyms

    return find_toponyms(load_nlp()(text), load_gazetteer())


def places_table(toponyms: list[Toponym], candidates: int = 3) -> Table:
    """One row per toponym: the place chosen, then the runners-up, each with its reasons."""
    table = Table(title="Toponyms", show_lines=True)
    for column in ("span", "text", "role", "place", "id", "lat, lon", "prec", "conf", "why"):
        table.add_column(column, overflow="fold")
    for toponym in toponyms:
        span = f"{toponym.start}-{toponym.end}"
        place = toponym.place
        if place is None:
            table.add_row(span, toponym.text, toponym.role, "(unresolved)", "", "", "", "0", "")
            continue
        lines = [
            f"{c.score:5.2f} {c.place.name} ({c.place.country}, {c.place.feature}) "
            + " ".join(f"{k}={v:g}" for k, v in c.reasons.items())
            for c in toponym.candidates[: candidates + 1]
        ]
        table.add_row(
            span,
            toponym.text,
            toponym.role,
            f"{place.name}, {place.admin1 or ''} {place.country or ''} [{place.feature}]",
            place.place_id,
            f"{place.lat:.4f}, {place.lon:.4f}",
            str(toponym.precision),
            f"{toponym.confidence:.2f}",
            "\n".join(lines) or "demonym: the country",
        )
    return table
