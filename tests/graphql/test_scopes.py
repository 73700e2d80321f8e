"""Every field and mutation the SDL marks with `@requiresScope` refuses a token that lacks that
scope, and answers one that has it: the test walks the schema, reaches each marked field from
the root by fields the token may use, and asks for it over HTTP, answered by the quick path
(gaggle.graph.fast) and by graphql-core's own execution alike.

A field that a query reaches only through its own scope (a review's cycle, below `snapshots`,
which needs `review:read` too) is marked for the payloads of mutations, which a token with only
a `:write` scope reaches: tests/graphql/test_payloads.py asks for those."""

from __future__ import annotations

from collections import deque

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    get_named_type,
)

from gaggle.graph import execution, fast
from gaggle.graph.schema import schema
from tests.graphql.conftest import API, World
from tests.graphql.fields import checks
from tests.graphql.walk import literal

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
EVERY_SCOPE = {f"{area}:{access}" for area in AREAS for access in ("read", "write")}


def call(name: str, field, selection: str = "") -> str:
    """`name(required args) selection` for one field."""
    args = [
        f"{arg_name}: {literal(arg.type)}"
        for arg_name, arg in field.args.items()
        if isinstance(arg.type, GraphQLNonNull)
    ]
    head = f"{name}({', '.join(args)})" if args else name
    named = get_named_type(field.type)
    if not selection and not isinstance(named, GraphQLScalarType | GraphQLEnumType):
        selection = "{ __typename }"
    return f"{head} {selection}".strip()


def path_to(type_name: str, avoid: str) -> list[tuple[str, str]] | None:
    """The shortest chain of fields from Query to an object of `type_name` that needs no
    argument and no scope `avoid`: [(type, field), ...]; None when there is none."""
    compiled = schema()
    seen = {"Query"}
    queue = deque([("Query", [])])
    while queue:
        current, path = queue.popleft()
        if current == type_name:
            return path
        for field_name, field in compiled.graphql.get_type(current).fields.items():
            named = get_named_type(field.type)
            if (
                not isinstance(named, GraphQLObjectType)
                or named.name in seen
                or compiled.scopes.get((current, field_name)) == avoid
                or any(isinstance(a.type, GraphQLNonNull) for a in field.args.values())
            ):
                continue
            seen.add(named.name)
            queue.append((named.name, [*path, (current, field_name)]))
    return None


def document(type_name: str, field_name: str, scope: str) -> str:
    compiled = schema().graphql
    if type_name == "Mutation":
        return "mutation { " + call(field_name, compiled.mutation_type.fields[field_name]) + " }"
    selection = call(field_name, compiled.get_type(type_name).fields[field_name])
    for parent, via in reversed(path_to(type_name, scope)):
        selection = call(via, compiled.get_type(parent).fields[via], "{ " + selection + " }")
    return "query { " + selection + " }"


MARKED = sorted(
    (field, scope)
    for field, scope in schema().scopes.items()
    if field[0] == "Mutation" or path_to(field[0], scope) is not None
)


@pytest.fixture
def rich_world(world: World, make) -> World:
    """The world, with what some marked fields need to be reached: a note and an action
    item in the admin's 1-on-1."""
    make.oneonone_note(world.oneonone, world.admin, "Agenda")
    make.action_item(world.oneonone, world.admin, "Follow up", assignee=world.manager)
    return world


@pytest.mark.parametrize(("field", "scope"), MARKED, ids=[f"{t}.{f}" for (t, f), _ in MARKED])
def test_a_token_without_the_scope_is_refused_the_field(
    graphql, rich_world, make, monkeypatch, field, scope
):
    type_name, field_name = field
    query = document(type_name, field_name, scope)
    admin = rich_world.admin

    allowed = graphql(make.token(admin, "all"))(query)
    assert not [
        e for e in allowed.get("errors", []) if e["extensions"].get("code") == "INSUFFICIENT_SCOPE"
    ], query

    without = graphql(make.token(admin, " ".join(sorted(EVERY_SCOPE - {scope}))))
    answer = without(query)
    refusals = [
        e
        for e in answer.get("errors", [])
        if e["extensions"] == {"code": "INSUFFICIENT_SCOPE", "scope": scope}
    ]
    assert refusals, (query, answer)
    assert all(e["path"][-1] == field_name for e in refusals)
    monkeypatch.setattr(execution, "QuickLeaves", fast.Executor)
    assert without(query) == answer


def test_write_does_not_imply_read(graphql, world, make):
    answer = graphql(make.token(world.employee, "recognition:write"))(
        "{ recognitions { totalCount } }"
    )
    assert answer["data"] == {"recognitions": None}
    assert answer["errors"][0]["message"] == "This field needs the scope recognition:read."
    assert answer["errors"][0]["extensions"] == {
        "code": "INSUFFICIENT_SCOPE",
        "scope": "recognition:read",
    }


def test_a_refused_field_leaves_the_rest_of_the_answer(graphql, world, make):
    answer = graphql(make.token(world.employee, "recognition:read"))(
        "{ recognitions { edges { node { message sender { pk } } } } }"
    )
    [edge] = answer["data"]["recognitions"]["edges"]
    assert edge["node"] == {"message": "Great release work.", "sender": None}
    [error] = answer["errors"]
    assert error["path"] == ["recognitions", "edges", 0, "node", "sender"]
    assert error["extensions"] == {"code": "INSUFFICIENT_SCOPE", "scope": "userprofile:read"}


@checks("Query.requiredScopes")
def test_required_scopes_are_those_of_the_selected_fields_whatever_the_token(graphql, world, make):
    answer = graphql(make.token(world.employee, "feedback:read"))(
        "{ requiredScopes recognitions { edges { node { sender { network { name } } } } } }"
    )
    assert answer["data"]["requiredScopes"] == [
        "network:read",
        "recognition:read",
        "userprofile:read",
    ]


@checks("Mutation.requiredScopes")
def test_a_mutation_names_the_scopes_it_needs_whatever_the_token(graphql, client, world, make):
    headers = make.token(world.manager, "feedback:read")
    answer = graphql(headers)(
        f"mutation {{ requiredScopes deleteRecognition(input: {{pk: {world.recognition.id}}}) "
        "{ recognition { sender { pk } } userErrors { code } } }"
    )
    assert answer["data"]["requiredScopes"] == [
        "recognition:read",
        "recognition:write",
        "userprofile:read",
    ]
    assert answer["data"]["deleteRecognition"] is None
    assert answer["errors"][0]["extensions"] == {
        "code": "INSUFFICIENT_SCOPE",
        "scope": "recognition:write",
    }
    still = client.get(
        f"{API}/recognitions/{world.recognition.id}/", headers=make.token(world.manager)
    )
    assert still.status_code == 200


def test_a_relation_asked_for_its_identity_alone_still_needs_its_scope(graphql, world, make):
    answer = graphql(make.token(world.employee, "userprofile:read"))(
        "{ currentUser { pk network { pk url } reportsTo { pk url } } }"
    )
    assert answer["data"]["currentUser"]["network"] is None
    assert answer["data"]["currentUser"]["reportsTo"]["pk"] == world.manager.profile.id
    assert answer["errors"][0]["extensions"] == {
        "code": "INSUFFICIENT_SCOPE",
        "scope": "network:read",
    }


def test_required_scopes_reach_into_fragments_inline_fragments_and_past_meta_fields(
    graphql, world, make
):
    # Each way of selecting a field brings a scope no other part of the document needs; a
    # meta-field, or a fragment spread again, before a field leaves it counted.
    answer = graphql(make.token(world.employee, "feedback:read"))(
        """
        query {
          requiredScopes
          ...Recognitions
          ... on Query {
            currentUser { __typename ... on UserProfileNode { network { name } } }
          }
          ... { ...Recognitions ...Objectives }
        }
        fragment Recognitions on Query { recognitions { ...Count } }
        fragment Objectives on Query { objectives { totalCount } }
        fragment Count on BadgeRecipientNodeConnection { totalCount }
        """
    )
    assert answer["data"]["requiredScopes"] == [
        "network:read",
        "objective:read",
        "recognition:read",
        "userprofile:read",
    ]


def test_a_field_selected_through_an_interface_needs_its_objects_scope(graphql, world, make):
    # A payload reaches a user with userprofile:write alone; the user's canDelete needs
    # userprofile:read however it is selected, through the PermissionCheckingNode interface too.
    mutation = (
        f"mutation {{ requiredScopes updateUserprofile(pk: {world.employee.profile.id}) "
        "{ profile { user { SELECTION } } } }"
    )
    for selection in (
        "canDelete",
        "... on PermissionCheckingNode { canDelete }",
        "...Deletable",
    ):
        document = mutation.replace("SELECTION", selection)
        if selection == "...Deletable":
            document += " fragment Deletable on PermissionCheckingNode { canDelete }"
        answer = graphql(make.token(world.employee, "feedback:read"))(document)
        assert answer["data"]["requiredScopes"] == ["userprofile:read", "userprofile:write"], (
            selection
        )
