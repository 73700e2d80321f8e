"""The one place GraphQL scopes are enforced: each field the SDL marks with
`@requiresScope(scope: ...)` refuses a caller whose token lacks that scope (`all` grants every
scope, as in the REST API), before its resolver runs. The field answers null with an
`INSUFFICIENT_SCOPE` error and the rest of the answer stands.

No resolver checks a scope itself. `needed` reads the scope of a field from its directive;
`enforce` wraps the resolver of each marked field with a guard that checks it, once, when the
schema is built; the quick path (gaggle.graph.fast), which reads a field's value without
calling its resolver, asks `needed` for the same field and checks the same way first.
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
    GraphQLField,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    NamedTypeNode,
    OperationDefinitionNode,
    SelectionSetNode,
    default_field_resolver,
    get_named_type,
    value_from_ast_untyped,
)

DIRECTIVE = "requiresScope"


class InsufficientScope(GraphQLError):
    def __init__(self, scope: str) -> None:
        super().__init__(
            f"This field needs the scope {scope}.",
            extensions={"code": "INSUFFICIENT_SCOPE", "scope": scope},
        )


def needed(field: GraphQLField) -> str | None:
    """The scope `field` needs: the one its `@requiresScope` names, or None."""
    for directive in getattr(field.ast_node, "directives", None) or ():
        if directive.name.value == DIRECTIVE:
            (argument,) = directive.arguments
            return value_from_ast_untyped(argument.value)
    return None


def declared(schema: GraphQLSchema) -> dict[tuple[str, str], str]:
    """The scope each marked field needs, by (type name, field name)."""
    found = {}
    for type_name, graphql_type in schema.type_map.items():
        if not isinstance(graphql_type, GraphQLObjectType) or type_name.startswith("__"):
            continue
        for field_name, field in graphql_type.fields.items():
            scope = needed(field)
            if scope is not None:
                found[(type_name, field_name)] = scope
    return found


# Each guard `enforce` made, with the resolver it guards (None for graphql-core's default) and
# the scope it checks.
_GUARDS: dict[Callable[..., Any], tuple[Callable[..., Any] | None, str]] = {}


def _guarded(resolve: Callable[..., Any] | None, scope: str) -> Callable[..., Any]:
    call = resolve or default_field_resolver

    def guard(source: Any, info, **args: Any) -> Any:
        if not info.context.granted(scope):
            raise InsufficientScope(scope)
        return call(source, info, **args)

    _GUARDS[guard] = (resolve, scope)
    return guard


def beneath(field: GraphQLField) -> Callable[..., Any] | None:
    """The resolver below the guard `enforce` put around `field` for the scope it needs (None
    for graphql-core's default); `field.resolve` itself when that is no such guard."""
    guarded = _GUARDS.get(field.resolve)
    if guarded is not None and guarded[1] == needed(field):
        return guarded[0]
    return field.resolve


def enforce(schema: GraphQLSchema) -> dict[tuple[str, str], str]:
    """Wrap every marked field's resolver with its scope check; return the scopes declared."""
    scopes = declared(schema)
    for (type_name, field_name), scope in scopes.items():
        field = schema.type_map[type_name].fields[field_name]
        field.resolve = _guarded(field.resolve, scope)
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
            target = _within(schema, parent, selection.type_condition)
            yield from _selected(schema, selection.selection_set, target, fragments, visited)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in visited or name not in fragments:
                continue
            visited.add(name)
            fragment = fragments[name]
            target = _within(schema, parent, fragment.type_condition)
            yield from _selected(schema, fragment.selection_set, target, fragments, visited)


def _within(schema: GraphQLSchema, parent: Any, condition: NamedTypeNode | None) -> Any:
    """The type whose fields a fragment of type `condition` selects where `parent` is expected:
    an object type's own, whether the fragment names it or an interface it implements (a field
    is marked with its scope on each object type, never on an interface), else the fragment's."""
    if condition is None or isinstance(parent, GraphQLObjectType):
        return parent
    return schema.get_type(condition.name.value)


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
