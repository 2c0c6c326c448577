"""sitrep: war reporting turned into a source-attributed, geolocated and dated event record.

The Python API offers the same operations as the CLI, as functions over plain data objects:

    import sitrep
    with sitrep.Store("sitrep.duckdb") as store:
        summary = sitrep.ingest_paths([Path("reports/")], store)
        events = store.events()
    item = sitrep.analyze_text("Troops retook Rawa on Friday.", published=date(2017, 11, 17))
    sitrep.locate_event(text, trigger_span)

Names are imported on first use so that `import sitrep` (and `sitrep --help`) stay fast.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("sitrep")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"

_EXPORTS = {
    "Store": "sitrep.store",
    "ingest_paths": "sitrep.jobs",
    "ingest_documents": "sitrep.jobs",
    "analyze_text": "sitrep.jobs",
    "read_documents": "sitrep.ingest.readers",
    "process_documents": "sitrep.pipeline",
    "load_resources": "sitrep.pipeline",
    "locate_event": "sitrep.stages.event_location",
    "find_timexes": "sitrep.stages.time",
    "find_toponyms": "sitrep.stages.places",
    "load_gazetteer": "sitrep.gazetteer",
    "load_actor_dictionary": "sitrep.stages.actors",
    "merge_reports": "sitrep.merge",
    "build_control_timeline": "sitrep.control",
    "event_record": "sitrep.export",
    "control_record": "sitrep.export",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'sitrep' has no attribute {name!r}")
    return getattr(import_module(module), name)
