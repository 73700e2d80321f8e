"""Request bodies as the model functions take them: relations as ids, days and instants as
dates, numbers as floats."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from gaggle.relations import ref_id

Reader = Callable[[Any, str], Any]


def relation(collection: str) -> Reader:
    """Reads a relation field, or a list of them, as the id(s) it names in `collection`."""

    def read(value: Any, field: str) -> int | list[int]:
        if isinstance(value, list):
            return [ref_id(item, collection, field) for item in value]
        return ref_id(value, collection, field)

    return read


def number(value: int | float, field: str) -> float:
    return float(value)


def read(body: dict, readers: Mapping[str, Reader]) -> dict:
    """A copy of `body` with each field that `readers` names, and the body gives as non-null,
    read by its reader; a null stays null."""
    data = dict(body)
    for field, reader in readers.items():
        if data.get(field) is not None:
            data[field] = reader(data[field], field)
    return data
