"""Schemathesis against our own OpenAPI: generated requests to every route never get a 5xx."""

from __future__ import annotations

import atexit
import tempfile
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from test_api_fixtures import build_store

from sitrep.api import create_app

# Schemathesis parametrizes at import time, so the app and its store are made here; the
# folder goes away with the module.
_FOLDER = tempfile.TemporaryDirectory(prefix="sitrep-schema-")
_DB = Path(_FOLDER.name) / "schema.duckdb"
build_store(_DB).close()
_APP = create_app(_DB)
schema = schemathesis.openapi.from_asgi("/openapi.json", _APP)


@schemathesis.serializer("application/x-ndjson", "application/jsonl")
def _json_lines(ctx: Any, value: Any) -> bytes:
    # The body is declared as a string: sent as it was generated, UTF-8 encoded.
    return str(value).encode("utf-8", "surrogatepass")


def _release_store() -> None:
    # At exit, before DuckDB's module is torn down (else nanobind reports leaked instances).
    service = _APP.state.service
    service.store.close()
    del service.store


atexit.register(_release_store)


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_schema_no_server_errors(case: Any) -> None:
    response = case.call()
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:500])
