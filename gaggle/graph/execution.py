"""One GraphQL request: read it, parse and validate its document, check its depth and cost,
run it as the caller, and answer `{"data", "errors"}`.

A document that does not parse, does not validate or is over a limit is answered with errors
and no data, before anything runs. A rule of the REST API refusing a field is an error on that
field (code BAD_USER_INPUT, FORBIDDEN, NOT_FOUND or CONFLICT, as the REST status says); any
other exception leaves this module, so the one exception mapping (gaggle.errors) answers it as
it answers every route.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    GraphQLError,
    NameNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    execute,
    parse,
    validate,
)
from graphql.utilities import get_operation_ast

from gaggle.caller import Caller
from gaggle.graph import areas, limits
from gaggle.graph import scopes as scope_rules
from gaggle.graph.context import Context
from gaggle.graph.fast import EXECUTOR_ARGUMENT, QuickLeaves, never_awaitable
from gaggle.graph.schema import schema
from gaggle.problems import Problem

MAX_TOKENS = limits.MAX_TOKENS
LEGACY_COST = "__cost"

# What a blank document holds only, as the OpenAPI document's GraphQLRequest says it.
BLANK = " \t\n\r\f\v"

# The error code of each status a rule of the REST API refuses with.
CODES = {400: "BAD_USER_INPUT", 422: "BAD_USER_INPUT", 403: "FORBIDDEN", 404: "NOT_FOUND"}
CODES |= {409: "CONFLICT"}


def request_of(body: Any) -> tuple[str, dict[str, Any] | None, str | None]:
    """(query, variables, operationName) of a GraphQL-over-HTTP body; Problem(400) when the
    body is not one."""
    if not isinstance(body, dict):
        raise Problem(400, "The body is a JSON object with a `query` string.")
    query, variables, name = body.get("query"), body.get("variables"), body.get("operationName")
    if not isinstance(query, str) or not query.strip(BLANK):
        raise Problem(400, "query: a GraphQL document is required.")
    if variables is not None and not isinstance(variables, dict):
        raise Problem(400, "variables: must be a JSON object.")
    if name is not None and not isinstance(name, str):
        raise Problem(400, "operationName: must be a string.")
    return query, variables, name


def _legacy_cost(document: DocumentNode) -> DocumentNode:
    """The legacy `__cost` root field read as `__cost: queryCost`: GraphQL reserves names that
    start with `__`, so the schema answers it under another name and the same response key."""
    definitions = []
    for definition in document.definitions:
        if (
            isinstance(definition, OperationDefinitionNode)
            and definition.operation is OperationType.QUERY
        ):
            selections = [
                FieldNode(
                    alias=selection.alias or NameNode(value=LEGACY_COST),
                    name=NameNode(value="queryCost"),
                    arguments=selection.arguments,
                    directives=selection.directives,
                    selection_set=selection.selection_set,
                    loc=selection.loc,
                )
                if isinstance(selection, FieldNode) and selection.name.value == LEGACY_COST
                else selection
                for selection in definition.selection_set.selections
            ]
            definition = OperationDefinitionNode(
                operation=definition.operation,
                name=definition.name,
                variable_definitions=definition.variable_definitions,
                directives=definition.directives,
                selection_set=SelectionSetNode(
                    selections=tuple(selections), loc=definition.selection_set.loc
                ),
                loc=definition.loc,
            )
        definitions.append(definition)
    return DocumentNode(definitions=tuple(definitions), loc=document.loc)


@functools.lru_cache(maxsize=256)
def prepared(query: str) -> tuple[DocumentNode | None, tuple[GraphQLError, ...]]:
    """The parsed and validated document of `query`, or the errors that stop it; kept for the
    next request that sends the same document."""
    try:
        document = _legacy_cost(parse(query, max_tokens=MAX_TOKENS))
    except GraphQLError as error:
        return None, (limits.too_large(error),)
    errors = validate(schema().graphql, document)
    return (None, tuple(map(limits.too_large, errors))) if errors else (document, ())


@dataclass(frozen=True)
class Operation:
    """What one operation of a prepared document is, worked out once: its depth, its scopes,
    and its cost when no variable changes it."""

    node: OperationDefinitionNode
    depth: int
    required_scopes: list[str]
    cost: int | None


@functools.lru_cache(maxsize=256)
def operation_of(query: str, name: str | None) -> Operation | None:
    """The operation `name` of the prepared document of `query` (the only one when None)."""
    document, _ = prepared(query)
    node = get_operation_ast(document, name)
    if node is None:
        return None
    compiled = schema()
    return Operation(
        node,
        limits.depth(node, document),
        scope_rules.required(compiled.graphql, compiled.scopes, node, document),
        None if node.variable_definitions else limits.cost(compiled.graphql, node, document, None),
    )


def _formatted(errors: Iterable[GraphQLError]) -> list[dict[str, Any]]:
    found = []
    for error in errors:
        cause = error.original_error
        if isinstance(cause, Problem):
            error.extensions = {**(error.extensions or {}), "code": CODES.get(cause.status)}
        elif error.path is not None and cause is not None and not isinstance(cause, GraphQLError):
            # A resolver failed in a way no rule foresaw: the server's failure, not the query's.
            raise cause
        found.append(error.formatted)
    return found


def run(body: Any, caller: Caller, granted: Iterable[str]) -> dict[str, Any]:
    """The answer to one GraphQL request from `caller`, whose token grants `granted`."""
    query, variables, operation_name = request_of(body)
    document, errors = prepared(query)
    if document is None:
        return {"errors": _formatted(errors)}
    operation = operation_of(query, operation_name)
    if operation is None:
        message = (
            f"No operation named {operation_name!r} in the document."
            if operation_name
            else "The document holds several operations; name one with operationName."
        )
        return {"errors": [GraphQLError(message).formatted]}
    compiled = schema()
    cost = operation.cost
    if cost is None:
        cost = limits.cost(compiled.graphql, operation.node, document, variables)
    over = limits.refusals(operation.depth, cost)
    if over:
        return {"errors": _formatted(over)}
    context = Context(caller, granted, areas.FETCHERS)
    context.required_scopes = operation.required_scopes
    context.query_cost = {"requestedQueryCost": cost, "maximumAvailable": limits.MAX_COST}
    try:
        result: ExecutionResult = execute(
            compiled.graphql,
            document,
            context_value=context,
            variable_values=variables,
            operation_name=operation_name,
            is_awaitable=never_awaitable,
            **{EXECUTOR_ARGUMENT: QuickLeaves},
        )
        answer: dict[str, Any] = {}
        if result.data is not None or any(e.path for e in result.errors or ()):
            answer["data"] = result.data  # the operation ran, though perhaps not to the end
        if result.errors:
            answer["errors"] = _formatted(result.errors)
        return answer
    finally:
        context.close()


def mutates(body: Any) -> bool:
    """Whether the GraphQL request `body` would run a mutation: False when its document does
    not parse or validate or names no operation to run (`run` answers those with errors);
    Problem(400) when the body is no GraphQL request."""
    query, _, operation_name = request_of(body)
    document, _ = prepared(query)
    if document is None:
        return False
    operation = operation_of(query, operation_name)
    return operation is not None and operation.node.operation is OperationType.MUTATION
