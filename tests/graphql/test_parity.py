"""GraphQL shows each caller exactly what REST shows them, field by field: for every area and
every kind of caller (an admin, a manager, employees, people of another network), over data with
some of every kind of object for each of them (tests/graphql/conftest.py, the varied world),
each list, nested list and object looked up by id holds the objects the REST API shows the same
caller, and every field of each has the value tests/graphql/fields.py expects of it; an object
looked up by id is found exactly when the REST API finds it."""

from __future__ import annotations

import pytest

from tests.graphql.conftest import API, World, nodes
from tests.graphql.fields import (
    EMBEDDED,
    REF,
    ROOT,
    TABLE,
    VALUE,
    Seen,
    check_connection,
    compare,
    connection_selection,
    nodes_at,
    people_of,
    selection,
)

CALLERS = ("admin", "manager", "employee", "peer", "other_admin", "other_user")

# Each kind of object looked up by id: its REST item path and its GraphQL root field.
ITEMS = {
    "userprofiles": "profile",
    "departments": "team",
    "badges": "badge",
    "recognitions": "recognition",
    "oneonones": "oneonone",
    "feedback": "feedback",
    "feedbackrequests": "feedbackRequest",
    "privatenotes": "privateNote",
    "objectives": "objective",
    "keyresults": "keyResult",
    "reviews": "snapshot",
    "reviewcycles": "snapshotGroup",
}


def rest_ids(client, headers, path: str) -> list[int]:
    response = client.get(f"{API}{path}?limit=500", headers=headers)
    assert response.status_code == 200, response.text
    return sorted(item["id"] for item in response.json()["results"])


def _every_id(client, make, world: World, collection: str) -> list[int]:
    """The ids of `collection` in both networks, as their admins see them (and one beyond)."""
    found = set()
    for admin in (world.admin, world.other_admin, world.employee, world.manager, world.other_user):
        if collection == "keyresults":
            found |= set(rest_ids(client, make.token(admin), "/keyresults/"))
        else:
            found |= set(rest_ids(client, make.token(admin), f"/{collection}/"))
    return sorted(found | {max(found, default=0) + 1})


@pytest.mark.parametrize("caller", CALLERS)
def test_each_object_by_id_is_found_exactly_when_rest_finds_it(
    client, graphql, varied, make, caller
):
    headers = make.token(getattr(varied, caller))
    gql = graphql(headers)
    for collection, field in ITEMS.items():
        ids = _every_id(client, make, varied, collection)
        query = " ".join(f"o{i}: {field}(pk: {i}) {{ pk }}" for i in ids)
        data = gql.data("{ " + query + " }")
        for object_id in ids:
            status = client.get(f"{API}/{collection}/{object_id}/", headers=headers).status_code
            assert status in (200, 404)
            found = data[f"o{object_id}"]
            assert (found is not None) == (status == 200), (collection, object_id, caller)


@pytest.mark.parametrize("caller", CALLERS)
def test_every_field_has_its_value(client, graphql, varied, make, caller):
    """Every object type of the SDL, every field, on every object the caller sees, through
    each way the Query root reaches it: the value tests/graphql/fields.py expects, from the
    REST API's answer to the same caller or by the rule the SDL states."""
    headers = make.token(getattr(varied, caller))
    people = people_of(varied)
    seen = Seen(client, headers, people)
    gql = graphql(headers)
    problems = []
    asked: set[tuple[str, str]] = set()
    for type_name, kind in TABLE.items():
        if not (kind.root or kind.item or kind.alone or kind.through):
            continue  # values of another type's objects (embedded)
        items = {item["id"]: item for item in kind.items(seen)}
        assert items, f"{caller} sees no {type_name}"
        full = selection(type_name, people)
        # Each object found by pk too, with every field but its connections where another
        # way asks them.
        listed = kind.root or kind.alone or kind.through
        alone = selection(type_name, people, (VALUE, REF, EMBEDDED)) if listed else full
        parts = [f"i{pk}: {kind.item}(pk: {pk}) {{ {alone} }}" for pk in items if kind.item]
        if kind.root:
            parts.append(connection_selection(f"all: {kind.root}", f"(first: {ROOT})", full))
        if kind.collection:
            parts.append(connection_selection(f"page: {kind.root}", "(first: 1, offset: 1)"))
        if kind.alone:
            parts.append(f"alone: {kind.alone[0]} {{ {full} }}")
        if kind.through:
            parts.append(kind.through[0] % full)
        data = gql.data("{ " + " ".join(parts) + " }")

        def check(node, way, type_name=type_name, items=items):
            where = f"{type_name} {node['pk']} ({way})"
            if node["pk"] not in items:
                return [f"{where}: not an object REST shows {caller}"]
            return compare(type_name, node, items[node["pk"]], seen, where, asked)

        for pk in items if kind.item else ():
            if data[f"i{pk}"] is None:
                problems.append(f"{type_name} {pk}: {kind.item}(pk:) finds nothing")
            else:
                problems += check(data[f"i{pk}"], f"{kind.item}(pk:)")
        if kind.root:
            problems += check_connection(f"Query.{kind.root}", data["all"], list(items), 0, ROOT)
            problems += [p for node in nodes(data["all"]) for p in check(node, kind.root)]
        if kind.collection:
            page = seen.get(f"/{kind.collection}/?limit=1&offset=1")
            problems += check_connection(f"page of {kind.root}", data["page"], list(items), 1, 1)
            links = {"hasNextPage": "next", "hasPreviousPage": "previous"}
            for flag, link in links.items():
                if data["page"]["pageInfo"][flag] != (page[link] is not None):
                    problems.append(f"page of {kind.root}.{flag}: not as REST's {link} link")
        if kind.alone:
            root, expected = kind.alone
            if data["alone"]["pk"] != expected(seen):
                problems.append(f"Query.{root}: {data['alone']['pk']}, expected {expected(seen)}")
            problems += check(data["alone"], root)
        if kind.through:
            reached = nodes_at(data, kind.through[1])
            if sorted(node["pk"] for node in reached) != sorted(items):
                problems.append(f"{type_name}: {kind.through[1]} reach not what REST shows")
            problems += [p for node in reached for p in check(node, kind.through[1][-2])]
    unasked = {(t, alias) for t, kind in TABLE.items() for alias in kind.fields} - asked
    problems += [f"{t}.{alias}: never asked for" for t, alias in sorted(unasked)]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
