"""How every benchmark prints its figures: one JSON object on the last line, or a table."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from rich.console import Console
from rich.table import Table


def print_figures(
    figures: Mapping[str, Any], title: str, console: Console, *, as_json: bool = False
) -> bool:
    """Print figures as one JSON line (returning True) or as a measure/value table (False)."""
    if as_json:
        print(json.dumps(dict(figures)))
        return True
    table = Table(title=title)
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in figures.items():
        table.add_row(key, str(value))
    console.print(table)
    return False
