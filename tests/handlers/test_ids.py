"""Ids are whole numbers from 1 to MAX_ID wherever the API takes one: in a path, in a filter, in
a body's relation (as an id or as a URL). The largest is a well-formed id that names no object;
one more, and 0, are refused with a message that names where they were.

Every parameter and relation is found in the API document, so a new one is covered as it is
described.
"""

from __future__ import annotations

import re

import pytest

from gaggle.relations import MAX_ID
from tests.handlers.conftest import API
from tests.handlers.documented import (
    DOCUMENT,
    body_schema,
    deref,
    example_body,
    existing,
    operations,
)

OUT_OF_RANGE = (0, MAX_ID + 1)


def _is_id(parameter: dict) -> bool:
    """An integer parameter other than the page's limit and offset: an object's id."""
    schema = deref(parameter.get("schema", {}))
    return schema.get("type") == "integer" and parameter["name"] not in ("limit", "offset")


def _path_ids() -> list[tuple[str, str, str]]:
    return [
        (method, path, parameter["name"])
        for method, path, _, parameters in operations()
        for parameter in parameters
        if parameter["in"] == "path" and _is_id(parameter)
    ]


def _filter_ids() -> list[tuple[str, str]]:
    return [
        (path, parameter["name"])
        for method, path, _, parameters in operations()
        for parameter in parameters
        if method == "get" and "{" not in path and parameter["in"] == "query" and _is_id(parameter)
    ]


def _is_relation(schema: object) -> bool:
    return isinstance(schema, dict) and schema.get("$ref", "").endswith("Relation")


def _relations() -> list[tuple[str, str, str, bool]]:
    """(method, path, field, whether it is a list) of every relation a request body holds."""
    found = []
    for method, path, operation, _ in operations():
        for field, schema in (body_schema(operation) or {}).get("properties", {}).items():
            if _is_relation(schema) or any(_is_relation(s) for s in schema.get("allOf", ())):
                found.append((method, path, field, False))
            elif _is_relation(schema.get("items")):
                found.append((method, path, field, True))
    return found


def _url(path: str, values: dict[str, int]) -> str:
    return API + re.sub(r"\{([^}]+)\}", lambda m: str(values.get(m.group(1), MAX_ID)), path)


@pytest.fixture
def admin(make, world) -> dict[str, str]:
    """The token of an admin who sees an object of every kind, nested ones included."""
    make.action_item(world.oneonone, world.admin)
    make.oneonone_note(world.oneonone, world.admin)
    return make.token(world.admin)


@pytest.mark.parametrize(("method", "path", "name"), _path_ids())
def test_a_path_id_is_taken_up_to_the_largest_and_no_further(client, admin, method, path, name):
    operation = DOCUMENT["paths"][path][method]
    body = example_body(operation) if "requestBody" in operation else None
    largest = client.request(method.upper(), _url(path, {}), json=body, headers=admin)
    assert largest.status_code == 404, largest.text
    assert f"with id {MAX_ID}" in largest.json()["detail"]
    for value in OUT_OF_RANGE:
        response = client.request(
            method.upper(), _url(path, {name: value}), json=body, headers=admin
        )
        assert response.status_code == 400, (value, response.text)
        assert response.json()["detail"].startswith(f"path parameter {name}: {value} is ")


@pytest.mark.parametrize(("path", "name"), _filter_ids())
def test_a_filter_id_is_taken_up_to_the_largest_and_no_further(client, admin, path, name):
    largest = client.get(f"{API}{path}?{name}={MAX_ID}", headers=admin)
    assert largest.status_code == 200, largest.text
    assert largest.json()["count"] == 0
    for value in OUT_OF_RANGE:
        response = client.get(f"{API}{path}?{name}={value}", headers=admin)
        assert response.status_code == 400, (value, response.text)
        assert response.json()["detail"].startswith(f"query parameter {name}: {value} is ")


@pytest.mark.parametrize(("method", "path", "field", "many"), _relations())
def test_a_relation_names_an_id_up_to_the_largest_and_no_further(
    client, admin, method, path, field, many
):
    target = existing(client, admin, path)

    def send(value):
        body = example_body(DOCUMENT["paths"][path][method])
        body[field] = [value] if many else value
        return client.request(method.upper(), target, json=body, headers=admin)

    # A URL of another collection is refused with the name of the one it must be in.
    elsewhere = send(f"http://testserver{API}/elsewhere/1/")
    assert elsewhere.status_code == 422, elsewhere.text
    collection = re.fullmatch(
        rf"{field}: '.+' is not the URL or id of an object in (\w+)/", elsewhere.json()["detail"]
    ).group(1)
    where = f"{field}.0" if many else field
    for value in OUT_OF_RANGE:
        response = send(value)
        assert response.status_code == 400, (value, response.text)
        assert response.json()["detail"] == (
            f"{value} is not valid under any of the given schemas - '{where}'"
        )
        url = f"http://testserver{API}/{collection}/{value}/"
        response = send(url)
        assert response.status_code == 422, (value, response.text)
        assert response.json()["detail"].startswith(f"{field}: '{url}' is not the URL or id of")
    for largest in (MAX_ID, f"http://testserver{API}/{collection}/{MAX_ID}/"):
        response = send(largest)
        # Well-formed: what refuses it, if anything, is that no object has that id.
        assert response.status_code in (404, 422), response.text
        assert "is not valid" not in response.json()["detail"]
        assert "is not the URL or id" not in response.json()["detail"]


@pytest.mark.parametrize("largest", [MAX_ID, f"http://testserver{API}/userprofiles/{MAX_ID}/"])
def test_the_largest_id_in_a_body_is_looked_up_as_any_other(client, make, world, largest):
    response = client.post(
        f"{API}/privatenotes/",
        json={"about": largest, "text": "x"},
        headers=make.token(world.admin),
    )
    assert response.status_code == 422, response.text
    assert response.json()["detail"] == f"about: no user profile with id {MAX_ID}."


def test_every_kind_of_id_is_found_in_the_document():
    assert len(_path_ids()) > 50
    assert {"about", "recipient", "owner"} <= {name for _, name in _filter_ids()}
    assert {"about", "owners", "member"} <= {field for _, _, field, _ in _relations()}
