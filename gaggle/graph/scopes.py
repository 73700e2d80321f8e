"""The one place GraphQL scopes are enforced: each field the SDL marks with
`@requiresScope(scope: ...)` refuses a caller whose token lacks that scope (`all` grants every
scope, as in the REST API), before its resolver runs. The field answers null with an
`INSUFFICIENT_SCOPE` error and the rest of the answer stands.

No resolver checks a scope itself: `enforce` wraps the resolvers of the marked fields once,
when the schema is built.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    value_from_ast_untyped,
)

from gaggle.graph import fast

DIRECTIVE = "requiresScope"


class InsufficientScope(GraphQLError):
    def __init__(self, scope: str) -> None:
        super().__init__(
            f"This field needs the scope {scope}.",
            extensions={"code": "INSUFFICIENT_SCOPE", "scope": scope},
        )


def declared(schema: GraphQLSchema) -> dict[tuple[str, str], str]:
    """The scope each marked field needs, by (type name, field name)."""
    found = {}
    for type_name, graphql_type in schema.type_map.items():
        if not isinstance(graphql_type, GraphQLObjectType) or type_name.startswith("__"):
            continue
        for field_name, field in graphql_type.fields.items():
            for directive in getattr(field.ast_node, "directives", None) or ():
                if directive.name.value == DIRECTIVE:
                    (argument,) = directive.arguments
                    found[(type_name, field_name)] = value_from_ast_untyped(argument.value)
    return found


def _attribute(name: str) -> Callable[[Any, Any], Any]:
    """The default resolver's read of an object's attribute (or a dict's key)."""

    def read(source: Any, context: Any) -> Any:
        return source.get(name) if isinstance(source, dict) else getattr(source, name, None)

    return read


def _guarded(resolve: Callable[..., Any], scope: str) -> Callable[..., Any]:
    def resolver(source: Any, info, **args: Any) -> Any:
        if not info.context.granted(scope):
            raise InsufficientScope(scope)
        return resolve(source, info, **args)

    # The quick path's ways in (gaggle.graph.fast), behind the same check.
    for way in (fast.READ, fast.IDENTITY):
        read = getattr(resolve, way, None)
        if read is not None:
            setattr(resolver, way, _checked(read, scope))
    return resolver


def _checked(read: Callable[[Any, Any], Any], scope: str) -> Callable[[Any, Any], Any]:
    def checked(source: Any, context: Any) -> Any:
        if not context.granted(scope):
            raise InsufficientScope(scope)
        return read(source, context)

    return checked


def enforce(schema: GraphQLSchema) -> dict[tuple[str, str], str]:
    """Wrap every marked field's resolver with its scope check; return the scopes declared."""
    scopes = declared(schema)
    for (type_name, field_name), scope in scopes.items():
        field = schema.type_map[type_name].fields[field_name]
        resolve = field.resolve or fast.context_read(_attribute(field_name))
        field.resolve = _guarded(resolve, scope)
    return scopes


def _selected(
    schema: GraphQLSchema,
    selection_set: SelectionSetNode | None,
    parent: Any,
    fragments: dict[str, FragmentDefinitionNode],
    visited: set[str],
) -> Iterator[tuple[str, str]]:
    """(type name, field name) of every field the selection set reaches."""
    if selection_set is None or not hasattr(parent, "fields"):
        return
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            field = parent.fields.get(selection.name.value)
            if field is None:
                continue
            yield parent.name, selection.name.value
            yield from _selected(
                schema, selection.selection_set, get_named_type(field.type), fragments, visited
            )
        elif isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition
            target = schema.get_type(condition.name.value) if condition else parent
            yield from _selected(schema, selection.selection_set, target, fragments, visited)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in visited or name not in fragments:
                continue
            visited.add(name)
            fragment = fragments[name]
            target = schema.get_type(fragment.type_condition.name.value)
            yield from _selected(schema, fragment.selection_set, target, fragments, visited)


def required(
    schema: GraphQLSchema,
    scopes: dict[tuple[str, str], str],
    operation: OperationDefinitionNode,
    document: DocumentNode,
) -> list[str]:
    """The scopes an operation needs: those of the marked fields it selects."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    root = schema.get_root_type(operation.operation)
    needed = {
        scopes[key]
        for key in _selected(schema, operation.selection_set, root, fragments, set())
        if key in scopes
    }
    return sorted(needed)
