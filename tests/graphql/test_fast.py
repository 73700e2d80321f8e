"""The quick path through plain fields (gaggle.graph.fast) answers exactly what graphql-core's
own execution answers, data and errors alike, relies only on the graphql-core it supports, and
never reads past what stands between graphql-core and a field's value: a scope it does not
check, a wrapper or a directive it does not know, or middleware."""

from __future__ import annotations

import functools
import inspect
from types import SimpleNamespace

import graphql
import pytest
from ariadne import ObjectType, QueryType, make_executable_schema
from graphql import parse

from gaggle.graph import execution, fast, scopes
from gaggle.graph.context import Context
from tests.graphql.test_legacy import DOCUMENTS

QUERIES = [
    *(text for name, text in DOCUMENTS.items() if name != "createCheckin"),
    # Refused scopes below a list, a relation asked for its identity, aliases and fragments.
    """{ recognitions { edges { node { pk m: message sender { pk } ...Badge } } } }
       fragment Badge on BadgeRecipientNode { badge { pk url id __typename } }""",
    "{ currentUser { network { pk url } reportsTo { pk } teams { edges { node { name } } } } }",
    "{ objectives { edges { cursor node { pk progress parentObjectives { totalCount } } } } }",
]
VARIABLES = {
    "pk": 1,
    "team": 1,
    "item": 1,
    "feedback": 1,
    "request": 1,
    "keyResult": 1,
    "owner": 3,
    "manager": "2",
    "recipient": 3,
    "participant": 1,
    "subject": 3,
}


# What the quick path overrides or calls, with its parameters, in each graphql-core it runs on:
# 3.2's ExecutionContext and 3.3's Executor.
SIGNATURES = {
    (3, 2): {
        "execute_fields": "self parent_type source_value path fields",
        "execute_field": "self parent_type source field_nodes path",
        "collect_subfields": "self return_type field_nodes",
        "handle_field_error": "self error return_type path",
    },
    (3, 3): {
        "execute_fields": "self parent_type source_value path grouped_field_set position_context",
        "execute_field": "self parent_type source field_details_list path position_context",
        "collect_subfields": "self return_type field_details_list",
        "handle_field_error": "self raw_error return_type field_details_list path",
    },
}


def test_it_extends_the_execution_context_of_a_graphql_core_it_supports():
    for name, parameters in SIGNATURES[graphql.version_info[:2]].items():
        assert " ".join(inspect.signature(getattr(fast.Executor, name)).parameters) == parameters
    assert fast.EXECUTOR_ARGUMENT in inspect.signature(graphql.execute).parameters


@pytest.mark.parametrize("scope", ["all", "recognition:read objective:read oneonone:read"])
@pytest.mark.parametrize("query", QUERIES)
def test_the_quick_path_answers_what_graphql_core_answers(
    graphql, world, make, monkeypatch, query, scope
):
    gql = graphql(make.token(world.manager, scope))
    variables = {name: value for name, value in VARIABLES.items() if f"${name}" in query}
    quick = gql(query, variables)
    monkeypatch.setattr(execution, "QuickLeaves", fast.Executor)
    assert gql(query, variables) == quick


# A schema of every shape of field the quick path answers, each behind a scope; and fields
# it must leave to graphql-core: one whose resolver is wrapped, one with a directive it does
# not apply.
SDL = """
directive @requiresScope(scope: String!) on FIELD_DEFINITION
directive @audited on FIELD_DEFINITION
type Query { thing: Thing }
type Thing {
  name: String @requiresScope(scope: "thing:read")
  label: String @requiresScope(scope: "thing:read")
  owner: Person @requiresScope(scope: "person:read")
  friend: Person @requiresScope(scope: "person:read")
  people: [Person] @requiresScope(scope: "person:read")
  shout: String
  audited: String @audited
}
type Person { pk: Int name: String }
"""
ADA = SimpleNamespace(id=1, name="Ada")
THING = SimpleNamespace(name="Thing", label="thing", owner=ADA, friend_id=1, people=[ADA])
SHAPES = {
    "name": "name",  # a leaf read from its attribute
    "label": "label",  # a leaf read by a resolver of its source alone
    "owner": "owner { name }",  # an object
    "friend": "friend { pk }",  # a relation answered from the id its source holds
    "people": "people { name }",  # a list of objects
}


def shout(resolve):
    @functools.wraps(resolve)
    def wrapper(source, info, **args):
        return resolve(source, info, **args).upper()

    return wrapper


def small_schema() -> graphql.GraphQLSchema:
    query, thing, person = QueryType(), ObjectType("Thing"), ObjectType("Person")
    query.set_field("thing", lambda *_: THING)
    person.set_field("pk", fast.source_only(lambda source: source.id))
    thing.set_field("label", fast.source_only(lambda source: source.label))
    thing.set_field("owner", fast.context_read(lambda source, context: source.owner))
    thing.set_field(
        "friend",
        fast.context_read(lambda source, context: ADA, identity=lambda source: source.friend_id),
    )
    thing.set_field("people", fast.context_read(lambda source, context: source.people))
    thing.set_field("shout", shout(fast.source_only(lambda source: source.label)))
    thing.set_field("audited", fast.source_only(lambda source: source.label))
    schema = make_executable_schema(SDL, query, thing, person)
    scopes.enforce(schema)
    return schema


class Recording(fast.QuickLeaves):
    """The quick executor, noting each field graphql-core resolves its own way."""

    resolved: list[list] = []

    def build_resolve_info(self, field_def, field_nodes, parent_type, path):
        self.resolved.append(path.as_list())
        return super().build_resolve_info(field_def, field_nodes, parent_type, path)


def run(schema, document: str, granted: list[str], executor=Recording, **arguments) -> dict:
    Recording.resolved = []
    result = graphql.execute(
        schema,
        parse(document),
        context_value=Context(None, granted, {}),
        **{fast.EXECUTOR_ARGUMENT: executor},
        **arguments,
    )
    return result.formatted


@pytest.mark.parametrize("field", SHAPES)
def test_a_scope_is_checked_on_the_quick_path_and_graphql_cores_alike(field):
    schema = small_schema()
    document = "{ thing { " + SHAPES[field] + " } }"
    scope = scopes.needed(schema.type_map["Thing"].fields[field])

    others = [other for other in ("thing:read", "person:read") if other != scope]
    refused = run(schema, document, others)
    assert refused["data"] == {"thing": {field: None}}
    [error] = refused["errors"]
    assert error["path"] == ["thing", field]
    assert error["extensions"] == {"code": "INSUFFICIENT_SCOPE", "scope": scope}
    assert run(schema, document, others, executor=fast.Executor) == refused

    answered = run(schema, document, ["thing:read", "person:read"])
    assert answered["data"]["thing"][field] is not None and "errors" not in answered
    assert Recording.resolved == [["thing"]]  # the field itself was answered quickly
    assert run(schema, document, ["all"], executor=fast.Executor) == answered


@pytest.mark.parametrize("field", ["shout", "audited"])
def test_a_field_the_quick_path_cannot_see_through_goes_graphql_cores_way(field):
    """A resolver wrapped in a function of its own (functools.wraps copies the wrapped
    function's attributes onto it) is called; a directive the quick path does not apply
    leaves the field to graphql-core, where whatever gives the directive its meaning acts."""
    schema = small_schema()
    answer = run(schema, "{ thing { " + field + " } }", ["all"])
    assert Recording.resolved == [["thing"], ["thing", field]]
    assert answer == {"data": {"thing": {field: "THING" if field == "shout" else "thing"}}}


def test_middleware_is_refused_while_the_quick_path_is_on():
    """Middleware wraps the resolvers graphql-core calls, and the quick path calls few: it is
    refused when the execution starts, never left to wrap some fields and not others."""
    seen = []

    def middleware(resolve, source, info, **args):
        seen.append(info.field_name)
        return resolve(source, info, **args)

    schema, document = small_schema(), "{ thing { name label owner { name } } }"
    with pytest.raises(TypeError, match="middleware"):
        run(schema, document, ["all"], executor=fast.QuickLeaves, middleware=[middleware])
    assert seen == []
    run(schema, document, ["all"], executor=fast.Executor, middleware=[middleware])
    assert seen == ["thing", "name", "label", "owner", "name"]
