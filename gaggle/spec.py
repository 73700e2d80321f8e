"""The OpenAPI documents: loading the split files under ``openapi/`` as whole documents.

Gaggle publishes two documents, each with one server: the API (`openapi.yaml`, served under
`/api/v/2.0`) and the OAuth2 server with the health probes (`oauth.yaml`, at the host's root).
Each is written as a root file, one file per resource under ``paths/`` and shared pieces under
``components/``. Bundling inlines path files and moves every component a document uses into
``#/components/<kind>/<Name>`` under the name it has in its file, so generated clients and
Swagger UI see the names the authors chose.
"""

from __future__ import annotations

import copy
import functools
import importlib.util
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

# The repository's openapi/ folder, shipped as the package `gaggle.openapi`.
SPEC_DIR = Path(importlib.util.find_spec("gaggle.openapi").submodule_search_locations[0])
API_BASE_PATH = "/api/v/2.0"

# Each document by name: its root file and the path its operations are served under.
DOCUMENTS = {"api": ("openapi.yaml", API_BASE_PATH), "oauth": ("oauth.yaml", "")}
ROOT_FILE = SPEC_DIR / DOCUMENTS["api"][0]

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
    def __init__(self, root: Path) -> None:
        self.root = root
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
        if target == self.root:
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
def bundled(name: str = "api") -> dict[str, Any]:
    """The document `name` ("api" or "oauth") as one dict with only internal references,
    holding the components it uses and no others."""
    root = SPEC_DIR / DOCUMENTS[name][0]
    bundler = _Bundler(root)
    document = bundler.resolve(copy.deepcopy(_load_yaml(root)), root)
    components = document.setdefault("components", {})
    for kind, entries in bundler.components.items():
        components.setdefault(kind, {}).update(sorted(entries.items()))
    return document


@functools.cache
def bundled_json(name: str = "api", prefix: str = "") -> str:
    """The document as served, its server and OAuth2 URLs under the path `prefix` the server
    is mounted under."""
    document = bundled(name)
    if prefix:
        document = copy.deepcopy(document)
        for server in document.get("servers", ()):
            server["url"] = f"{prefix}{server['url']}".rstrip("/")
        for scheme in document.get("components", {}).get("securitySchemes", {}).values():
            for flow in scheme.get("flows", {}).values():
                for key in ("authorizationUrl", "tokenUrl", "refreshUrl"):
                    if flow.get(key, "").startswith("/"):
                        flow[key] = prefix + flow[key]
    return json.dumps(document, indent=2, sort_keys=False) + "\n"


def api_document() -> dict[str, Any]:
    """The API's document, as Connexion routes it under the API base path."""
    return bundled("api")


def served_paths() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """`(document name, full path, path item)` for every path of both documents."""
    for name, (_, base_path) in DOCUMENTS.items():
        for path, item in bundled(name)["paths"].items():
            yield name, base_path + path, item


# The token endpoint's operations: `/o/token/`, and the legacy platform's name of it.
TOKEN_OPERATIONS = ("createToken", "createTokenLegacy")


def paths_of(*operation_ids: str) -> frozenset[str]:
    """The full paths at which the documents serve the operations `operation_ids`."""
    return frozenset(
        full
        for _, full, item in served_paths()
        for method in _METHODS
        if item.get(method, {}).get("operationId") in operation_ids
    )


def scopes() -> dict[str, str]:
    """The OAuth2 scope catalogue: each scope and what it lets an application do."""
    flows = bundled("api")["components"]["securitySchemes"]["oauth2"]["flows"]
    return flows["authorizationCode"]["scopes"]


def collections() -> dict[str, str]:
    """Every collection of the API by name: the one-segment paths with a GET."""
    found = {}
    for path, item in api_document()["paths"].items():
        name = path.strip("/")
        if name and "/" not in name and "{" not in name and "get" in item:
            found[name] = path
    return found


_METHODS = ("get", "put", "post", "delete", "patch")


def _pattern(document: dict[str, Any], path: str, item: dict[str, Any]) -> re.Pattern:
    """A pattern of the paths that `path`, of `document` with the path item `item`, serves: a
    parameter of type integer matches digits, one of `format: path` any rest of the path,
    any other one segment."""
    matches = {}
    for parameter in [*item.get("parameters", ())] + [
        p for method in _METHODS for p in item.get(method, {}).get("parameters", ())
    ]:
        ref = parameter.get("$ref")
        if ref:
            parameter = document["components"]["parameters"][ref.rsplit("/", 1)[-1]]
        schema = parameter.get("schema", {})
        if schema.get("type") == "integer":
            matches[parameter["name"]] = "[0-9]+"
        else:
            matches[parameter["name"]] = ".+" if schema.get("format") == "path" else "[^/]+"
    pattern = re.sub(r"\\\{([^}]+)\\\}", lambda m: matches[m[1]], re.escape(path))
    return re.compile(pattern + r"\Z")


@functools.cache
def _templates() -> list[tuple[str, re.Pattern, tuple[str, ...]]]:
    """Every served path as (its document's name, a pattern of the paths it serves, the
    methods the document declares for it)."""
    found = []
    for name, (_, base_path) in DOCUMENTS.items():
        document = bundled(name)
        for path, item in document["paths"].items():
            full = base_path + (path if path.endswith("/") else path + "/")
            methods = tuple(m.upper() for m in _METHODS if m in item)
            found.append((name, _pattern(document, full, item), methods))
    return found


def describes(path: str) -> bool:
    """Whether the API document describes the served `path` (`/api/v/2.0/userprofiles/5/`)."""
    return any(name == "api" and pattern.match(path) for name, pattern, _ in _templates())


def allowed_methods(path: str) -> list[str] | None:
    """The methods declared for the served `path` (with HEAD for GET), or None if none is."""
    path = path if path.endswith("/") else path + "/"
    for _, pattern, methods in _templates():
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
