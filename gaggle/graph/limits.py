"""What a query may ask for: how deep it nests and what it costs, checked before anything runs.

The cost follows the SDL's `@cost` directive (graphql/common.graphql): a field with it costs
its `complexity` times the page sizes of the connections it is nested in; with `multipliers`,
its own page size (the sum of those arguments, or the default page when none is given)
multiplies it and everything below it, so a connection costs 1 per object it may return. A
query over either limit is refused whole.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    value_from_ast_untyped,
)
from graphql.execution.values import get_argument_values

from gaggle.graph.relay import DEFAULT_PAGE

MAX_DEPTH = 15
MAX_COST = 10_000


def _fragments(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


def depth(operation: OperationDefinitionNode, document: DocumentNode) -> int:
    """How many fields deep the operation nests, through its fragments."""
    fragments = _fragments(document)

    def deepest(selection_set: SelectionSetNode | None, visiting: frozenset[str]) -> int:
        if selection_set is None:
            return 0
        found = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                found = max(found, 1 + deepest(selection.selection_set, visiting))
            elif isinstance(selection, InlineFragmentNode):
                found = max(found, deepest(selection.selection_set, visiting))
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in fragments and name not in visiting:
                    fragment = fragments[name]
                    found = max(found, deepest(fragment.selection_set, visiting | {name}))
        return found

    return deepest(operation.selection_set, frozenset())


def _cost_of(field_definition: Any) -> tuple[int, list[str]] | None:
    for directive in getattr(field_definition.ast_node, "directives", None) or ():
        if directive.name.value == "cost":
            values = {a.name.value: value_from_ast_untyped(a.value) for a in directive.arguments}
            if values.get("useMultipliers") is False:
                return int(values.get("complexity") or 1), []
            return int(values.get("complexity") or 1), list(values.get("multipliers") or [])
    return None


def cost(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    document: DocumentNode,
    variables: dict[str, Any] | None,
) -> int:
    """What the operation costs by the `@cost` directives of the fields it selects."""
    fragments = _fragments(document)

    def total(
        selection_set: SelectionSetNode | None,
        parent: Any,
        multiplier: int,
        visiting: frozenset[str],
    ) -> int:
        if selection_set is None or not hasattr(parent, "fields"):
            return 0
        found = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                definition = parent.fields.get(selection.name.value)
                if definition is None:
                    continue
                inner = multiplier
                declared = _cost_of(definition)
                if declared is not None:
                    complexity, multipliers = declared
                    if multipliers:
                        inner = multiplier * _page_size(
                            definition, selection, multipliers, variables
                        )
                    found += complexity * inner
                found += total(
                    selection.selection_set, get_named_type(definition.type), inner, visiting
                )
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = schema.get_type(condition.name.value) if condition else parent
                found += total(selection.selection_set, target, multiplier, visiting)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in fragments and name not in visiting:
                    fragment = fragments[name]
                    target = schema.get_type(fragment.type_condition.name.value)
                    found += total(fragment.selection_set, target, multiplier, visiting | {name})
        return found

    root = schema.get_root_type(operation.operation)
    return total(operation.selection_set, root, 1, frozenset())


def _page_size(
    definition: Any, node: FieldNode, multipliers: list[str], variables: dict[str, Any] | None
) -> int:
    try:
        args = get_argument_values(definition, node, variables)
    except GraphQLError:
        args = {}
    given = [args[name] for name in multipliers if isinstance(args.get(name), int)]
    return max(sum(given), 0) if given else DEFAULT_PAGE


def refusals(nesting: int, price: int) -> list[GraphQLError]:
    """The errors of a query nesting `nesting` deep and costing `price`, none when it is
    within both limits."""
    errors = []
    if nesting > MAX_DEPTH:
        errors.append(
            GraphQLError(
                f"The query nests {nesting} fields deep; at most {MAX_DEPTH} are allowed.",
                extensions={"code": "QUERY_TOO_DEEP", "depth": nesting, "maximum": MAX_DEPTH},
            )
        )
    if price > MAX_COST:
        errors.append(
            GraphQLError(
                f"The query costs {price}; at most {MAX_COST} is allowed. Ask for smaller pages "
                "(first, last) or fewer nested connections.",
                extensions={
                    "code": "QUERY_TOO_COSTLY",
                    "cost": {"requestedQueryCost": price, "maximumAvailable": MAX_COST},
                },
            )
        )
    return errors
