"""The schema walked for tests that cover every argument and every enum it has: each field
argument by type, and a query that reaches the objects whose fields take them."""

from __future__ import annotations

import base64
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    Undefined,
    get_named_type,
    get_nullable_type,
)

from gaggle.graph.arguments import MAX_TEXT
from gaggle.graph.schema import schema
from gaggle.relations import MAX_ID

# How many objects of each connection on the way to a field a walking query reads.
FEW = 5


def compiled() -> GraphQLSchema:
    return schema().graphql


def objects(graphql: GraphQLSchema) -> list[GraphQLObjectType]:
    """Every object type of the schema, the roots among them, introspection's left out."""
    return [
        t
        for name, t in sorted(graphql.type_map.items())
        if isinstance(t, GraphQLObjectType) and not name.startswith("__")
    ]


@dataclass(frozen=True)
class Argument:
    owner: GraphQLObjectType
    field_name: str
    field: GraphQLField
    name: str
    argument: GraphQLArgument

    def __str__(self) -> str:
        return f"{self.owner.name}.{self.field_name}({self.name}: {self.argument.type})"


def arguments(graphql: GraphQLSchema) -> Iterator[Argument]:
    """Every argument of every field of every object type."""
    for owner in objects(graphql):
        for field_name, field in owner.fields.items():
            for name, argument in field.args.items():
                yield Argument(owner, field_name, field, name, argument)


def required(field: GraphQLField) -> dict[str, GraphQLArgument]:
    return {
        name: argument
        for name, argument in field.args.items()
        if isinstance(argument.type, GraphQLNonNull) and argument.default_value is Undefined
    }


def _connection_node(graphql_type) -> GraphQLObjectType | None:
    """The node type of a Relay connection type, or None for any other type."""
    edges = getattr(graphql_type, "fields", {}).get("edges")
    if edges is None:
        return None
    return get_named_type(get_named_type(edges.type).fields["node"].type)


def reach(graphql: GraphQLSchema, target: GraphQLObjectType) -> tuple[str, str] | None:
    """The text of a query's selection set before and after a selection on objects of
    `target`, from the Query root through fields without required arguments (the first few
    objects of each connection), or None when no such way leads there."""
    root = graphql.query_type
    ways: dict[str, tuple[str, str]] = {root.name: ("", "")}
    queue = deque([root])
    while queue:
        current = queue.popleft()
        if current is target:
            return ways[current.name]
        before, after = ways[current.name]
        for name, field in current.fields.items():
            if required(field):
                continue
            named = get_named_type(field.type)
            node = _connection_node(named)
            if node is not None:
                step = f"{name}(first: {FEW}) {{ edges {{ node {{ ", " } } }"
                named = node
            elif isinstance(named, GraphQLObjectType):
                step = f"{name} {{ ", " }"
            else:
                continue
            if named.name not in ways:
                ways[named.name] = (before + step[0], step[1] + after)
                queue.append(named)
    return None


# A literal of each scalar that any argument of its type takes as well formed.
LITERALS = {
    "Int": "1",
    "Float": "1.0",
    "String": '"x"',
    "Boolean": "false",
    "ID": '"1"',
    "Date": '"2026-01-01"',
    "DateTime": '"2026-01-01T00:00:00Z"',
    "EnumField": "1",
    "GenericScalar": "1",
    "JSONObject": "{}",
}


def literal(graphql_type) -> str:
    """A well-formed literal of `graphql_type`: an input object with its required fields."""
    nullable = get_nullable_type(graphql_type)
    if isinstance(nullable, GraphQLList):
        return "[]"
    if isinstance(nullable, GraphQLEnumType):
        return next(iter(nullable.values))
    if isinstance(nullable, GraphQLInputObjectType):
        fields = [
            f"{name}: {literal(field.type)}"
            for name, field in nullable.fields.items()
            if isinstance(field.type, GraphQLNonNull) and field.default_value is Undefined
        ]
        return "{" + ", ".join(fields) + "}"
    return LITERALS[nullable.name]


def selection(field: GraphQLField) -> str:
    """What to select below `field` so that a query may name it: nothing on a leaf."""
    named = get_named_type(field.type)
    return " { __typename }" if isinstance(named, GraphQLObjectType) else ""


def global_ids(graphql: GraphQLSchema, pk: str) -> list[str]:
    """The global id `<Type>:<pk>` of every object type that has ids."""
    return [
        base64.b64encode(f"{t.name}:{pk}".encode()).decode()
        for t in objects(graphql)
        if "id" in t.fields
    ]


def cursor(position: str) -> str:
    return base64.b64encode(f"arrayconnection:{position}".encode()).decode()


# A search and an orderBy far over their bound: 900 kB, and 20,000 terms.
HUGE = {"search": "a" * 900_000, "orderBy": ",".join(["pk"] * 20_000)}


def unusable(graphql: GraphQLSchema, argument: Argument) -> list[object]:
    """Values of the argument's type that no bounded argument takes (graphql/common.graphql):
    ids outside 1 to MAX_ID or in other digits than ASCII, cursors past MAX_ID, text over
    MAX_TEXT characters; [] for an argument of a type without bounds."""
    named = get_named_type(argument.argument.type).name
    listed = isinstance(get_nullable_type(argument.argument.type), GraphQLList)
    if argument.owner is graphql.mutation_type:
        return []  # checked as the REST API checks the body it makes
    found: list[object] = []
    if named == "Float":
        found = [1e19, 1e300, 3e9, MAX_ID + 1, 0, -1, 1.5]
    elif named == "ID":
        huge = "9" * 20
        found = [huge, "\u00b2", "\u0661", "0", "x" * (MAX_TEXT + 1)]
        found += global_ids(graphql, huge) + global_ids(graphql, "\u0661")
    elif named == "String" and argument.name in ("after", "before"):
        found = [cursor(p) for p in ("9" * 20, str(2**63), str(MAX_ID + 1), "\u0661", "\u00b2")]
        found.append("x" * (MAX_TEXT + 1))
    elif named == "String":
        found = ["x" * (MAX_TEXT + 1)]
    return [[value] for value in found] if listed else found


def document(argument: Argument, count: int, operation: str, before: str, after: str) -> str:
    """A document asking for the argument's field `count` times (aliases a0, a1, ...), the
    argument the variable $v<i> each time, its other required arguments well formed, inside
    the selection set `before` and `after` (from `reach`)."""
    others = [
        f"{name}: {literal(given.type)}"
        for name, given in required(argument.field).items()
        if name != argument.name
    ]
    if "first" in argument.field.args and argument.name != "first":
        others.append("first: 1")  # one object at most: the check runs before any is read
    fields = " ".join(
        f"a{i}: {argument.field_name}({', '.join([f'{argument.name}: $v{i}', *others])})"
        + selection(argument.field)
        for i in range(count)
    )
    definitions = ", ".join(f"$v{i}: {argument.argument.type}" for i in range(count))
    return f"{operation}({definitions}) {{ {before}{fields}{after} }}"


def refusals(answer: dict, count: int) -> dict[str, set[str]]:
    """The error codes each alias a0 ... a<count-1> of `document` got, wherever it sits."""
    found: dict[str, set[str]] = {f"a{i}": set() for i in range(count)}
    for error in answer.get("errors", []):
        aliases = [part for part in error.get("path") or () if part in found]
        assert aliases, error
        found[aliases[-1]].add((error.get("extensions") or {}).get("code"))
    return found


@dataclass(frozen=True)
class Place:
    """Where a field takes a value of one input type: an argument, or a field of an input object
    an argument takes (`path`), of a field that a query's or a mutation's selection reaches."""

    operation: str
    before: str
    after: str
    field_name: str
    field: GraphQLField
    path: tuple[str, ...]
    type: GraphQLInputType

    def __str__(self) -> str:
        return f"{self.field_name}({'.'.join(self.path)}: {self.type})"

    def selection(self, value: str, directives: str = "") -> str:
        """The field with `value` (a literal or a variable) at this place, its other required
        arguments and input fields well formed."""
        arguments = []
        for name, argument in self.field.args.items():
            if name == self.path[0]:
                arguments.append(f"{name}: {_nested(argument.type, self.path[1:], value)}")
            elif name in required(self.field):
                arguments.append(f"{name}: {literal(argument.type)}")
        listed = f"({', '.join(arguments)})" if arguments else ""
        return f"{self.field_name}{listed}{directives}{selection(self.field)}"


def _nested(graphql_type, path: tuple[str, ...], value: str) -> str:
    """A literal of `graphql_type` with `value` at `path` inside it, the rest well formed."""
    if not path:
        return value
    input_object = get_nullable_type(graphql_type)
    if isinstance(input_object, GraphQLList):
        return f"[{_nested(input_object.of_type, path, value)}]"
    fields = [
        f"{name}: {_nested(field.type, path[1:], value)}"
        if name == path[0]
        else f"{name}: {literal(field.type)}"
        for name, field in input_object.fields.items()
        if name == path[0]
        or (isinstance(field.type, GraphQLNonNull) and field.default_value is Undefined)
    ]
    return "{" + ", ".join(fields) + "}"


def _inside(graphql_type, path: tuple[str, ...], seen: frozenset[str]):
    """(path, type) of each place inside a value of `graphql_type`, itself first."""
    yield path, graphql_type
    named = get_named_type(graphql_type)
    if isinstance(named, GraphQLInputObjectType) and named.name not in seen:
        for name, field in named.fields.items():
            yield from _inside(field.type, (*path, name), seen | {named.name})


def places(graphql: GraphQLSchema) -> Iterator[Place]:
    """Every place where a field the Query root leads to, or a root Mutation field, takes a
    value: each argument and each field of the input objects it takes."""
    ways = [(t, "query", reach(graphql, t)) for t in objects(graphql)]
    ways = [
        (t, op, way) for t, op, way in ways if way is not None and t is not graphql.mutation_type
    ]
    ways.append((graphql.mutation_type, "mutation", ("", "")))
    for owner, operation, (before, after) in ways:
        for field_name, field in owner.fields.items():
            for name, argument in field.args.items():
                for path, graphql_type in _inside(argument.type, (name,), frozenset()):
                    yield Place(operation, before, after, field_name, field, path, graphql_type)
