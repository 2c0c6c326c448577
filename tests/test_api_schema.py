"""Schemathesis against our own OpenAPI: generated requests to every route never get a 5xx."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from test_api_fixtures import build_store

from sitrep.api import create_app

# Schemathesis parametrizes at import time, so the app and its store are made here; the
# folder goes away with the module and the store is closed after the tests.
_FOLDER = tempfile.TemporaryDirectory(prefix="sitrep-schema-")
_DB = Path(_FOLDER.name) / "schema.duckdb"
build_store(_DB).close()
_APP = create_app(_DB)
schema = schemathesis.openapi.from_asgi("/openapi.json", _APP)


@schemathesis.serializer("application/x-ndjson", "application/jsonl")
def _json_lines(ctx: Any, value: Any) -> bytes:
    # The body is declared as a string: sent as it was generated, UTF-8 encoded.
    return str(value).encode("utf-8", "surrogatepass")


@pytest.fixture(scope="module", autouse=True)
def _close_store() -> Iterator[None]:
    yield
    _APP.state.service.store.close()


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_schema_no_server_errors(case: Any) -> None:
    response = case.call()
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:500])
