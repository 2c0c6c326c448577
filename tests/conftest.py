"""Shared fixtures: the spaCy model loaded once, the shared folder, temporary stores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language

from sitrep.stages.language import load_nlp
from sitrep.store import Store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEMO_CORPUS = REPO / "demo" / "corpus"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The real spaCy English model, loaded once per test session."""
    return load_nlp()


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared folder beside the repository; tests using it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture
def seeds(shared: Path) -> Path:
    """The five shared seed reports."""
    path = shared / "corpus" / "seeds"
    if not path.is_dir():
        pytest.skip("../shared/corpus/seeds is not present")
    return path


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh store in a temporary folder."""
    with Store(tmp_path / "test.duckdb") as opened:
        yield opened
