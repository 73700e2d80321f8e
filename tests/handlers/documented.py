"""The API document's operations as tests walk them: each with its parameters, its request body
as the document's example gives it, its path filled with objects a caller sees."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

from gaggle import spec
from tests.handlers.conftest import API

DOCUMENT = spec.bundled("api")
METHODS = ("get", "post", "put", "patch", "delete")


def deref(node: Any) -> Any:
    """`node`, or what its `$ref` names in the document."""
    while isinstance(node, dict) and "$ref" in node:
        kind, name = node["$ref"].split("/")[-2:]
        node = DOCUMENT["components"][kind][name]
    return node


def operations() -> Iterator[tuple[str, str, dict, list[dict]]]:
    """(method, path, operation, its parameters) of every API operation."""
    for path, item in DOCUMENT["paths"].items():
        for method in METHODS:
            if method in item:
                operation = item[method]
                parameters = item.get("parameters", []) + operation.get("parameters", [])
                yield method, path, operation, [deref(p) for p in parameters]


def body_schema(operation: dict) -> dict | None:
    """The schema of the operation's JSON request body, or None when it takes none."""
    if "requestBody" not in operation:
        return None
    return deref(deref(operation["requestBody"])["content"]["application/json"]["schema"])


def example_body(operation: dict) -> Any:
    """A copy of the operation's request body example (the document gives every body one)."""
    media = deref(operation["requestBody"])["content"]["application/json"]
    if "example" in media:
        return copy.deepcopy(media["example"])
    if "examples" in media:
        return copy.deepcopy(next(iter(media["examples"].values()))["value"])
    return copy.deepcopy(deref(media["schema"])["example"])


def existing(client, headers: dict[str, str], path: str) -> str:
    """The URL of `path` with each of its ids the first object the caller sees in the list
    above it."""
    while match := re.search(r"\{[^}]+\}", path):
        listed = client.get(API + path[: match.start()], headers=headers).json()
        path = path[: match.start()] + str(listed["results"][0]["id"]) + path[match.end() :]
    return API + path
