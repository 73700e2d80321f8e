"""The quick path through plain fields (gaggle.graph.fast) answers exactly what graphql-core's
own execution answers, data and errors alike, and relies only on the graphql-core it pins."""

from __future__ import annotations

import inspect

import graphql
import pytest
from graphql.execution import ExecutionContext

from gaggle.graph import execution
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


def test_it_extends_the_execution_context_of_the_graphql_core_it_pins():
    assert graphql.version_info[:2] == (3, 2)
    for name in ("execute_fields", "execute_field", "collect_subfields", "handle_field_error"):
        assert callable(getattr(ExecutionContext, name)), name
    parameters = inspect.signature(ExecutionContext.execute_fields).parameters
    assert list(parameters) == ["self", "parent_type", "source_value", "path", "fields"]
    assert "execution_context_class" in inspect.signature(graphql.execute).parameters


@pytest.mark.parametrize("scope", ["all", "recognition:read objective:read oneonone:read"])
@pytest.mark.parametrize("query", QUERIES)
def test_the_quick_path_answers_what_graphql_core_answers(
    graphql, world, make, monkeypatch, query, scope
):
    gql = graphql(make.token(world.manager, scope))
    variables = {name: value for name, value in VARIABLES.items() if f"${name}" in query}
    quick = gql(query, variables)
    monkeypatch.setattr(execution, "QuickLeaves", ExecutionContext)
    assert gql(query, variables) == quick
