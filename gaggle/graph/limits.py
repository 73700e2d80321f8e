"""What a query may ask for: how many tokens its document holds, how deep it nests and what it
costs, checked before anything runs.

The cost estimates the server's time: one unit is about 15 µs of one core on SQLite
(bench/graphql_worst.py measures the costliest documents the limits accept). It follows the SDL's
`@cost` directive (graphql/common.graphql), which prices each field that reads the database:

- a field costs its `complexity` each time it is resolved, that is once per object it is
  selected on (a relation through a loader 1, a statement of its own per object more);
- a connection (`multipliers`) costs its `perCall` each time it is resolved (the statements
  that read its page), and its `complexity` per object its page may hold: its page size (the
  sum of those arguments, or the default page when none is given) multiplies what is selected
  under its `edges`, while its `totalCount` and `pageInfo` come once per page;
- every field of the answer, `__typename` and each alias included, costs 1/FIELDS_PER_UNIT;
- `__schema` and `__type` cost INTROSPECTION each, whatever they select.

Aliases of a field and repeated fields each count. A fragment spread twice in one selection set
counts once, as execution runs it once. A query over a limit is refused whole.
"""

from __future__ import annotations

from dataclasses import dataclass
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
from graphql.validation.rules import overlapping_fields_can_be_merged

from gaggle.graph.relay import DEFAULT_PAGE

MAX_TOKENS = 20_000
MAX_DEPTH = 15
MAX_COST = 25_000

# The comparisons of fields of the same name graphql-core's validation may make (its
# OverlappingFieldsCanBeMerged rule; 500,000 by default, most of a second): a document that
# needs more, such as one field repeated a thousand times, is refused as QUERY_TOO_COMPLEX in
# a few milliseconds. The standard introspection query needs none.
VALIDATION_BUDGET = 20_000
if hasattr(overlapping_fields_can_be_merged, "MAX_COMPLEXITY_BUDGET"):
    overlapping_fields_can_be_merged.MAX_COMPLEXITY_BUDGET = VALIDATION_BUDGET

# Every field of the answer costs one unit per this many: what graphql-core spends building and
# serializing it.
FIELDS_PER_UNIT = 10
# What reading the schema costs, whatever is selected: the whole introspection answer takes
# about 35 ms of one core, one type's about 5 ms.
INTROSPECTION = {"__schema": 2_500, "__type": 400}
# What the SDL prices each SQL statement a field runs each time it is resolved, on average,
# with the rows it reads (tests/graphql/test_cost_coverage.py holds the SDL to it).
STATEMENT = 10
# The field of a connection whose objects its page size multiplies.
EDGES = "edges"


def _fragments(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


def depth(operation: OperationDefinitionNode, document: DocumentNode) -> int:
    """How many fields deep the operation nests, through its fragments."""
    fragments = _fragments(document)
    known: dict[str, int] = {}

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
                    if name not in known:
                        fragment = fragments[name]
                        known[name] = deepest(fragment.selection_set, visiting | {name})
                    found = max(found, known[name])
        return found

    return deepest(operation.selection_set, frozenset())


@dataclass(frozen=True)
class Price:
    """A field's `@cost`: `complexity` per object it is resolved on; for a connection, the
    arguments whose values are its page size and `per_call`, what reading a page costs."""

    complexity: int
    multipliers: tuple[str, ...] = ()
    per_call: int = 0


def price(field_definition: Any) -> Price | None:
    """The `@cost` the SDL gives the field, or None."""
    for directive in getattr(field_definition.ast_node, "directives", None) or ():
        if directive.name.value == "cost":
            values = {a.name.value: value_from_ast_untyped(a.value) for a in directive.arguments}
            multipliers = values.get("multipliers") or []
            if values.get("useMultipliers") is False:
                multipliers = []
            return Price(
                int(values.get("complexity") or 0),
                tuple(multipliers),
                int(values.get("perCall") or 0),
            )
    return None


def cost(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    document: DocumentNode,
    variables: dict[str, Any] | None,
) -> int:
    """What the operation costs, in units of about 15 µs of server time (see the module)."""
    fragments = _fragments(document)
    known: dict[tuple[str, int | None], tuple[int, int]] = {}

    def walk(
        selection_set: SelectionSetNode | None,
        parent: Any,
        page: int | None,
        spread: set[str],
        visiting: frozenset[str],
    ) -> tuple[int, int]:
        """(units, fields) of a selection set on one object; `page` multiplies its `edges`
        when the object is a connection; `spread` are the fragments already spread into this
        selection set."""
        units = fields = 0
        if selection_set is None:
            return units, fields
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                name = selection.name.value
                fields += 1
                if name in INTROSPECTION:
                    units += INTROSPECTION[name]
                    continue
                definition = getattr(parent, "fields", {}).get(name)
                if definition is None:
                    continue
                inner_units, inner_fields = _field(selection, definition, visiting)
                times = page if page is not None and name == EDGES else 1
                units += times * inner_units
                fields += times * inner_fields + (times - 1)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = schema.get_type(condition.name.value) if condition else parent
                inner = walk(selection.selection_set, target, page, spread, visiting)
                units, fields = units + inner[0], fields + inner[1]
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in spread or name in visiting or name not in fragments:
                    continue
                spread.add(name)
                if (name, page) not in known:
                    fragment = fragments[name]
                    target = schema.get_type(fragment.type_condition.name.value)
                    known[(name, page)] = walk(
                        fragment.selection_set, target, page, {name}, visiting | {name}
                    )
                inner = known[(name, page)]
                units, fields = units + inner[0], fields + inner[1]
        return units, fields

    def _field(node: FieldNode, definition: Any, visiting: frozenset[str]) -> tuple[int, int]:
        """(units, fields) of one field resolved once, and what it selects."""
        declared = price(definition) or Price(0)
        target = get_named_type(definition.type)
        if declared.multipliers:
            size = _page_size(definition, node, declared.multipliers, variables)
            units, fields = walk(node.selection_set, target, size, set(), visiting)
            return declared.per_call + declared.complexity * size + units, fields
        units, fields = walk(node.selection_set, target, None, set(), visiting)
        return declared.complexity + units, fields

    root = schema.get_root_type(operation.operation)
    units, fields = walk(operation.selection_set, root, None, set(), frozenset())
    return units + -(-fields // FIELDS_PER_UNIT)


def _page_size(
    definition: Any, node: FieldNode, multipliers: tuple[str, ...], variables: dict[str, Any] | None
) -> int:
    try:
        args = get_argument_values(definition, node, variables)
    except GraphQLError:
        args = {}
    given = [args[name] for name in multipliers if isinstance(args.get(name), int)]
    return max(sum(given), 0) if given else DEFAULT_PAGE


def too_large(error: GraphQLError) -> GraphQLError:
    """The error of a document the parser stopped reading at MAX_TOKENS (`error` is the
    parser's), or of one whose fields repeat too often for validation to compare them in time
    (`error` is graphql-core's abort); any other error as it is."""
    if error.message.endswith(f"more than {MAX_TOKENS} tokens. Parsing aborted."):
        return GraphQLError(
            f"The document holds more than {MAX_TOKENS} tokens; at most {MAX_TOKENS} are "
            "allowed. Send a shorter document: use variables and fragments, fewer aliases.",
            extensions={"code": "QUERY_TOO_LARGE", "maximum": MAX_TOKENS},
        )
    if error.message == "Validation aborted." or error.message.startswith(
        "Too many validation errors"
    ):
        return GraphQLError(
            "The document is too complex to validate: it repeats fields or fragments too "
            "often, or holds too many errors. Ask for each field once per selection set, or "
            "give repeated fields aliases.",
            extensions={"code": "QUERY_TOO_COMPLEX"},
        )
    return error


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
                "(first, last), fewer aliases or fewer nested connections.",
                extensions={
                    "code": "QUERY_TOO_COSTLY",
                    "cost": {"requestedQueryCost": price, "maximumAvailable": MAX_COST},
                },
            )
        )
    return errors
