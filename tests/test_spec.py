"""The OpenAPI document: valid, complete and written to the house rules."""

from __future__ import annotations

import functools
import json
import pkgutil
import re
import sys
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename
from referencing import Registry, Resource

import gaggle
from gaggle import spec

METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")
AREAS = (
    "userprofile",
    "network",
    "department",
    "recognition",
    "oneonone",
    "feedback",
    "privatenote",
    "objective",
    "review",
)
VERBS = (
    "get",
    "list",
    "create",
    "update",
    "delete",
    "revoke",
    "introspect",
    "authorize",
    "like",
    "unlike",
    "follow",
    "unfollow",
    "add",
    "remove",
    "check",
    "submit",
    "close",
    "share",
    "decide",
    "open",
    "execute",
    "replace",
)


DOCUMENTS = list(spec.DOCUMENTS)


def operations():
    """`(document name, path, method, operation)` for every operation of both documents."""
    for name in DOCUMENTS:
        for path, item in spec.bundled(name)["paths"].items():
            for method in METHODS:
                if method in item:
                    yield name, path, method, item[method]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_split_document_is_valid(name):
    document, base_uri = read_from_filename(str(spec.SPEC_DIR / spec.DOCUMENTS[name][0]))
    validate(document, base_uri=base_uri)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_bundled_document_is_valid_and_self_contained(name):
    document = spec.bundled(name)
    validate(document)
    refs = re.findall(r'"\$ref": "([^"]+)"', spec.bundled_json(name))
    assert refs and all(ref.startswith("#/components/") for ref in refs)
    assert len(document["servers"]) == 1


def test_every_component_is_used_by_a_document():
    used = {}
    for name in DOCUMENTS:
        for kind, entries in spec.bundled(name)["components"].items():
            used.setdefault(kind, set()).update(entries)
    for path in sorted((spec.SPEC_DIR / "components").rglob("*.yaml")):
        kind = spec._component_kind(path)
        for component in yaml.safe_load(path.read_text()):
            assert component in used.get(kind, ()), f"{path.name}: {component} is unused"


def test_scope_catalogue_is_complete_and_described():
    flows = spec.bundled()["components"]["securitySchemes"]["oauth2"]["flows"]
    expected = {"all"} | {f"{area}:{mode}" for area in AREAS for mode in ("read", "write")}
    assert set(flows) == {"authorizationCode", "password"}
    for flow in flows.values():
        assert set(flow["scopes"]) == expected
        assert all(len(text) > 20 for text in flow["scopes"].values())
    assert flows["authorizationCode"]["authorizationUrl"] == "/o/authorize/"
    assert flows["authorizationCode"]["tokenUrl"] == "/o/token/"


def test_operation_ids_are_unique_and_verb_first():
    ids = [operation["operationId"] for _, _, _, operation in operations()]
    assert len(ids) == len(set(ids))
    for operation_id in ids:
        assert re.fullmatch(r"[a-z]+[A-Z][A-Za-z]*", operation_id), operation_id
        assert re.match(r"[a-z]+", operation_id).group() in VERBS, operation_id


@pytest.mark.parametrize(
    ("name", "path", "method", "operation"),
    list(operations()),
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_operation_is_documented(name, path, method, operation):
    assert len(operation.get("tags", [])) == 1
    assert operation.get("summary") and operation.get("description")
    tags = {tag["name"] for tag in spec.bundled(name)["tags"]}
    assert operation["tags"][0] in tags
    security = operation.get("security", spec.bundled(name)["security"])
    for requirement in security:
        for scheme, scopes in requirement.items():
            if scheme == "session":
                assert scopes == [], "a signed-in browser session needs no scope: it grants all"
            elif operation["tags"][0] == "graphql":
                # GraphQL declares the scope of each field in its schema (gaggle.graph.scopes).
                assert scopes == [], "GraphQL's scopes are the schema's, field by field"
            else:
                assert len(scopes) == 1, "each secured operation names exactly one scope"
    for status, response in operation["responses"].items():
        if status.startswith(("4", "5")):
            response = _deref(name, response)
            if operation["tags"][0] != "oauth":
                assert "application/problem+json" in response["content"], (path, status)


def test_shared_error_responses_are_problems():
    responses = spec.bundled()["components"]["responses"]
    for name in (
        "BadRequest",
        "Unauthorized",
        "Forbidden",
        "NotFound",
        "MethodNotAllowed",
        "Conflict",
        "UnsupportedMediaType",
        "UnprocessableEntity",
    ):
        schema = responses[name]["content"]["application/problem+json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/Problem"}


@pytest.mark.parametrize("document", DOCUMENTS)
def test_schemas_have_titles_and_described_properties(document):
    for name, schema in spec.bundled(document)["components"]["schemas"].items():
        assert schema.get("title") == name
        assert schema.get("description"), name
        for prop, definition in schema.get("properties", {}).items():
            assert definition.get("description") or "$ref" in definition, f"{name}.{prop}"
            if definition.get("type") == "string" and "enum" not in definition:
                assert "maxLength" in definition or "format" in definition, f"{name}.{prop}"


def test_canonical_api_paths_end_with_a_slash():
    for path in spec.api_document()["paths"]:
        assert path.endswith("/"), path


def _deref(document, node):
    ref = node.get("$ref")
    if not ref:
        return node
    kind, name = ref.split("/")[-2:]
    return spec.bundled(document)["components"][kind][name]


@pytest.mark.parametrize(
    ("name", "path", "method", "operation"),
    [op for op in operations() if op[0] == "api"],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_api_operations_document_their_errors(name, path, method, operation):
    """Strict validation can answer 400 anywhere; security 401/403; a path id 404."""
    statuses = set(operation["responses"])
    assert "400" in statuses
    if operation.get("security", spec.bundled()["security"]):
        assert {"401", "403"} <= statuses
    if "{" in path:
        assert "404" in statuses


@pytest.mark.parametrize(
    ("name", "path", "method", "operation"),
    list(operations()),
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_every_error_response_has_an_example_of_its_own_status(name, path, method, operation):
    for status, response in operation["responses"].items():
        if not status.startswith(("4", "5")):
            continue
        for media, content in _deref(name, response).get("content", {}).items():
            example = content.get("example")
            assert example, (path, method, status, media)
            if media == "application/problem+json":
                assert example["status"] == int(status), (path, method, status)
                assert "additionalProp1" not in json.dumps(example)


def _has_example(document, content):
    schema = _deref(document, content.get("schema", {}))
    return "example" in content or "examples" in content or "example" in schema


@pytest.mark.parametrize(
    ("name", "path", "method", "operation"),
    list(operations()),
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_request_bodies_and_success_responses_have_examples(name, path, method, operation):
    bodies = []
    if "requestBody" in operation:
        bodies.append(("request body", _deref(name, operation["requestBody"])))
    for status, response in operation["responses"].items():
        if status.startswith("2"):
            bodies.append((status, _deref(name, response)))
    for where, body in bodies:
        for media, content in body.get("content", {}).items():
            assert _has_example(name, content), (path, method, where, media)


def _pointer(*tokens: str | int) -> str:
    return "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in tokens)


def _schema_examples(schema: Any, pointer: str) -> Iterator[tuple[str, Any]]:
    """`(pointer to a schema, its example)` for the schema at `pointer` and those inside it."""
    if not isinstance(schema, dict):
        return
    if "example" in schema:
        yield pointer, schema["example"]
    for name, child in schema.get("properties", {}).items():
        yield from _schema_examples(child, pointer + _pointer("properties", name))
    for key in ("allOf", "anyOf", "oneOf"):
        for index, child in enumerate(schema.get(key, ())):
            yield from _schema_examples(child, pointer + _pointer(key, index))
    for key in ("items", "additionalProperties", "not"):
        yield from _schema_examples(schema.get(key), pointer + _pointer(key))


def _examples(node: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """`(pointer to a schema, an example of it)` for every example in a document: in schemas,
    and beside the schema of media types, parameters and headers."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _examples(item, pointer + _pointer(index))
        return
    if not isinstance(node, dict):
        return
    if pointer == "/components/schemas":
        for name, schema in node.items():
            yield from _schema_examples(schema, pointer + _pointer(name))
        return
    if isinstance(node.get("schema"), dict):
        where = pointer + _pointer("schema")
        yield from _schema_examples(node["schema"], where)
        if "example" in node:
            yield where, node["example"]
        for example in node.get("examples", {}).values():
            if "value" in example:
                yield where, example["value"]
    for key, value in node.items():
        if key != "schema":
            yield from _examples(value, pointer + _pointer(key))


@functools.cache
def _registry(name: str) -> Registry:
    return Registry().with_resource(f"urn:gaggle:{name}", Resource.opaque(spec.bundled(name)))


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_example_fits_its_schema(name):
    """Examples are what the server sends and takes: each one validates against its schema,
    with OpenAPI 3.0's meaning of the keywords (`nullable` and the rest) and formats checked."""
    examples = list(_examples(spec.bundled(name)))
    assert examples
    problems = []
    for pointer, example in examples:
        validator = OAS30Validator(
            {"$ref": f"urn:gaggle:{name}#{pointer}"},
            registry=_registry(name),
            format_checker=oas30_format_checker,
        )
        for error in validator.iter_errors(example):
            problems.append(f"{pointer}: {error.json_path}: {error.message}")
    assert not problems, "\n".join(problems)


# Connexion's extensions that name Python functions or modules.
_PYTHON_EXTENSIONS = {
    "x-openapi-router-controller",
    "x-swagger-router-controller",
    "x-tokenInfoFunc",
    "x-scopeValidateFunc",
    "x-bearerInfoFunc",
    "x-basicInfoFunc",
    "x-apikeyInfoFunc",
}


def _keys(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _keys(value)
    elif isinstance(node, list):
        for item in node:
            yield from _keys(item)


def _python_paths() -> set[str]:
    """Gaggle's module names, also without `gaggle.` where the rest is still dotted (the
    checkout's `handlers.users` and the like)."""
    names = {module.name for module in pkgutil.walk_packages(gaggle.__path__, "gaggle.")}
    names |= {name for name in sys.modules if name.startswith("gaggle.")}
    return names | {name.partition(".")[2] for name in names if name.count(".") > 1}


@pytest.mark.parametrize("url", ["/api/v/2.0/openapi.json", "/o/openapi.json"])
def test_served_documents_name_no_python_code(client, url):
    """The documents tell integrators about HTTP, never about the server's code: no Connexion
    extension naming a function, no operationId that is a module path, no module named."""
    served = client.get(url)
    document = served.json()
    extensions = _PYTHON_EXTENSIONS & set(_keys(document))
    assert not extensions
    for item in document["paths"].values():
        for method in METHODS:
            if method in item:
                assert re.fullmatch(r"[a-z][A-Za-z]*", item[method]["operationId"])
    text = served.text
    named = [path for path in _python_paths() if re.search(rf"(?<![\w.]){re.escape(path)}\b", text)]
    assert not named
