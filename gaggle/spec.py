"""The OpenAPI document: loading the split files under ``openapi/`` as one document.

The document is written as a root file, one file per resource under ``paths/`` and shared
pieces under ``components/``. Bundling inlines path files and moves every component into
``#/components/<kind>/<Name>`` under the name it has in its file, so generated clients and
Swagger UI see the names the authors chose.
"""

from __future__ import annotations

import copy
import functools
import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import yaml

# The repository's openapi/ folder, shipped as the package `gaggle.openapi`.
SPEC_DIR = Path(importlib.util.find_spec("gaggle.openapi").submodule_search_locations[0])
ROOT_FILE = SPEC_DIR / "openapi.yaml"
API_BASE_PATH = "/api/v/2.0"

# The component kind a file under components/ holds, by the file's name or folder.
_COMPONENT_KINDS = {
    "parameters.yaml": "parameters",
    "responses.yaml": "responses",
    "schemas": "schemas",
    "links.yaml": "links",
    "examples.yaml": "examples",
}


class SpecError(Exception):
    """The split document cannot be bundled (dangling or clashing reference)."""


@functools.cache
def _load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def _pointer(document: Any, fragment: str, where: Path) -> Any:
    node = document
    for token in filter(None, fragment.lstrip("/").split("/")):
        token = token.replace("~1", "/").replace("~0", "~")
        try:
            node = node[token]
        except (KeyError, TypeError):
            raise SpecError(f"{where}: no '{fragment}'") from None
    return node


def _component_kind(path: Path) -> str | None:
    try:
        relative = path.relative_to(SPEC_DIR / "components")
    except ValueError:
        return None
    kind = _COMPONENT_KINDS.get(relative.parts[0])
    if kind is None:
        raise SpecError(f"{path}: not a known kind of component file")
    return kind


class _Bundler:
    def __init__(self) -> None:
        self.components: dict[str, dict[str, Any]] = {}
        self._origins: dict[tuple[str, str], tuple[Path, str]] = {}

    def resolve(self, node: Any, base: Path) -> Any:
        if isinstance(node, list):
            return [self.resolve(item, base) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str):
            return self._resolve_ref(ref, base)
        return {key: self.resolve(value, base) for key, value in node.items()}

    def _resolve_ref(self, ref: str, base: Path) -> Any:
        file_part, _, fragment = ref.partition("#")
        target = (base.parent / file_part).resolve() if file_part else base
        if target == ROOT_FILE:
            return {"$ref": ref if not file_part else f"#{fragment}"}
        kind = _component_kind(target)
        if kind is None:
            # A path file: inline it.
            return self.resolve(
                copy.deepcopy(_pointer(_load_yaml(target), fragment, target)), target
            )
        name = fragment.rstrip("/").rsplit("/", 1)[-1]
        origin = (target, fragment)
        known = self._origins.get((kind, name))
        if known is None:
            self._origins[(kind, name)] = origin
            definition = copy.deepcopy(_pointer(_load_yaml(target), fragment, target))
            self.components.setdefault(kind, {})[name] = None  # reserve against cycles
            self.components[kind][name] = self.resolve(definition, target)
        elif known != origin:
            raise SpecError(f"component {kind}/{name} is defined in {known[0]} and {target}")
        return {"$ref": f"#/components/{kind}/{name}"}


@functools.cache
def bundled() -> dict[str, Any]:
    """The whole document as one dict with only internal references."""
    bundler = _Bundler()
    document = bundler.resolve(copy.deepcopy(_load_yaml(ROOT_FILE)), ROOT_FILE)
    # Shared components are published even before an operation uses them.
    for path in sorted((SPEC_DIR / "components").rglob("*.yaml")):
        for name in _load_yaml(path):
            bundler.resolve({"$ref": f"{path.name}#/{name}"}, path)
    components = document.setdefault("components", {})
    for kind, entries in bundler.components.items():
        components.setdefault(kind, {}).update(sorted(entries.items()))
    return document


def api_document() -> dict[str, Any]:
    """The part of the document Connexion routes under the API base path.

    Path items that declare servers of their own (OAuth endpoints, health probes) live
    outside the base path and are routed by the web app instead.
    """
    document = copy.deepcopy(bundled())
    document["paths"] = {
        path: item for path, item in document["paths"].items() if "servers" not in item
    }
    return document


def outside_paths() -> dict[str, dict[str, Any]]:
    """Path items served outside the API base path, keyed by their full path."""
    return {path: item for path, item in bundled()["paths"].items() if "servers" in item}


def bundled_json() -> str:
    return json.dumps(bundled(), indent=2, sort_keys=False) + "\n"


def collections() -> dict[str, str]:
    """Every collection of the API by name: the one-segment paths with a GET."""
    found = {}
    for path, item in api_document()["paths"].items():
        name = path.strip("/")
        if name and "/" not in name and "{" not in name and "get" in item:
            found[name] = path
    return found


_METHODS = ("get", "put", "post", "delete", "patch")


@functools.cache
def _templates() -> list[tuple[re.Pattern, tuple[str, ...]]]:
    """Every served path as a pattern, with the methods the document declares for it."""
    found = []
    for path, item in bundled()["paths"].items():
        full = path if "servers" in item else API_BASE_PATH + path
        full = full if full.endswith("/") else full + "/"
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(full))
        methods = tuple(m.upper() for m in _METHODS if m in item)
        found.append((re.compile(pattern + r"\Z"), methods))
    return found


def allowed_methods(path: str) -> list[str] | None:
    """The methods declared for the served `path` (with HEAD for GET), or None if none is."""
    path = path if path.endswith("/") else path + "/"
    for pattern, methods in _templates():
        if pattern.match(path):
            return [*methods, "HEAD"] if "GET" in methods else list(methods)
    return None


@functools.cache
def _operations() -> dict[str, dict[str, Any]]:
    return {
        item[method]["operationId"]: item[method]
        for item in bundled()["paths"].values()
        for method in _METHODS
        if method in item
    }


def operation(operation_id: str) -> dict[str, Any]:
    """The operation named `operation_id` in the bundled document; SpecError if there is none."""
    try:
        return _operations()[operation_id]
    except KeyError:
        raise SpecError(f"no operation {operation_id!r}") from None
