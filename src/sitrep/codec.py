"""Conversion of model records to and from JSON-ready dicts (pydantic type adapters)."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import TypeAdapter

T = TypeVar("T")


_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}


def _adapter(cls: type[Any]) -> TypeAdapter[Any]:
    # Building an adapter compiles a validator: do it once per model class.
    adapter = _ADAPTERS.get(cls)
    if adapter is None:
        adapter = _ADAPTERS[cls] = TypeAdapter(cls)
    return adapter


def to_dict(obj: Any) -> Any:
    """A model record (or list of them) as JSON-ready data: dates become ISO strings."""
    return _adapter(type(obj)).dump_python(obj, mode="json")


def from_dict(cls: type[T], data: Any) -> T:
    """Rebuild a model record from data made by `to_dict` (validated)."""
    result: T = _adapter(cls).validate_python(data)
    return result
