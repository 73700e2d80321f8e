"""A quicker way through the many plain fields of an answer, with graphql-core's semantics.

graphql-core builds a resolve-info object, reads the arguments and checks for awaitables for
every field it resolves; a page of 20 recognitions with both people selects over a thousand
fields, most of them a column read. For a field selected without arguments whose resolver
needs only its source object and the request's context (the default attribute read, or a
resolver made with `source_only` or `context_read`), this execution context reads the value
itself, with no resolve-info object: a leaf (a scalar or an enum)
is serialized, an object or a list of objects has its selection executed. Errors below such
a field are placed and propagated as graphql-core places them. Anything else, and any value
that is missing where it must not be or does not serialize, goes the usual way, so answers
and errors are what graphql-core gives.

Gaggle's resolvers are all synchronous, so nothing here waits for an awaitable.
"""

from __future__ import annotations

from collections.abc import Callable
from math import isfinite
from operator import attrgetter
from typing import Any

from graphql import (
    ExecutionContext,
    FieldNode,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLFloat,
    GraphQLID,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLString,
    Undefined,
    located_error,
)
from graphql.pyutils import Path

READ = "gaggle_read"
# On a resolver made with `source_only`: its read of the source alone, called without context.
SOURCE_READ = "gaggle_source_read"
# On a resolver of a relation: how to read the related object's id, as `read(source, context)`.
IDENTITY = "gaggle_identity"
IDENTITY_FIELDS = frozenset({"pk", "url", "id", "__typename"})
_SLOW = object()
_PLANS: dict[tuple[GraphQLObjectType, str], Callable[..., Any] | None] = {}


class Reference:
    """A related object known by its id alone: enough for its `pk`, `url` and `id`."""

    __slots__ = ("id",)

    def __init__(self, object_id: int) -> None:
        self.id = object_id


def context_read(read: Callable[[Any, Any], Any]) -> Callable[..., Any]:
    """A resolver that needs only its source object and the request's context, which the
    quick path may call as `read(source, context)`."""

    def resolve(source: Any, info, **_: Any) -> Any:
        return read(source, info.context)

    setattr(resolve, READ, read)
    return resolve


def source_only(read: Callable[[Any], Any]) -> Callable[..., Any]:
    """A resolver that needs nothing but its source object."""
    resolve = context_read(lambda source, context: read(source))
    setattr(resolve, SOURCE_READ, read)
    return resolve


def _default_read(name: str) -> Callable[[Any, Any], Any]:
    attribute = attrgetter(name)

    def read(source: Any, context: Any) -> Any:
        value = source.get(name) if isinstance(source, dict) else attribute(source)
        return _SLOW if callable(value) else value

    return read


def _reader(field: Any, name: str) -> Callable[[Any, Any], Any] | None:
    if field.resolve is None:
        return _default_read(name)
    return getattr(field.resolve, READ, None)


def _read(read: Callable[[Any, Any], Any], context: QuickLeaves, source: Any) -> Any:
    """The value `read` gives, or _SLOW when it fails (the usual way then reports why)."""
    try:
        return read(source, context.context_value)
    except Exception:  # noqa: BLE001 - the usual way reports it, as graphql-core does
        return _SLOW


def _unwrap(graphql_type: Any) -> tuple[Any, bool]:
    if isinstance(graphql_type, GraphQLNonNull):
        return graphql_type.of_type, True
    return graphql_type, False


# The built-in scalars whose values of one Python type serialize to themselves, with what
# else such a value must be (GraphQL's Int is 32 bits, its Float finite).
_PLAIN = {
    GraphQLString: (str, None),
    GraphQLID: (str, None),
    GraphQLBoolean: (bool, None),
    GraphQLInt: (int, lambda value: -(2**31) <= value < 2**31),
    GraphQLFloat: (float, isfinite),
}


def _leaf_plan(field: Any, read: Callable, leaf: Any, non_null: bool) -> Callable[..., Any]:
    serialize = leaf.serialize
    plain_type, plain_check = _PLAIN.get(leaf, (None, None))
    source_read = getattr(field.resolve, SOURCE_READ, None)

    def answer(context: QuickLeaves, source: Any, *_: Any) -> Any:
        try:
            if source_read is not None:
                value = source_read(source)
            else:
                value = read(source, context.context_value)
            if type(value) is plain_type and (plain_check is None or plain_check(value)):
                return value
            if value is _SLOW or value is Undefined:
                return _SLOW
            if value is None:
                return _SLOW if non_null else None
            serialized = serialize(value)
        except Exception:  # noqa: BLE001 - the usual way reports it, as graphql-core does
            return _SLOW
        return _SLOW if serialized is None or serialized is Undefined else serialized

    return answer


def _object_plan(read, field_type, object_type, non_null: bool, identity) -> Callable[..., Any]:
    def answer(context: QuickLeaves, source: Any, path, response_name, parent_type, nodes):
        subfields = context.collect_subfields(object_type, nodes)
        if identity is not None and context.identity_only(subfields):
            # Asked for its identity alone, the relation is answered from the id the source
            # holds, as the REST API renders a relation as the related object's URL.
            object_id = _read(identity, context, source)
            value = object_id if object_id in (None, _SLOW) else Reference(object_id)
        else:
            value = _read(read, context, source)
        if value is _SLOW or value is Undefined or (value is None and non_null):
            return _SLOW
        if value is None:
            return None
        field_path = Path(path, response_name, parent_type.name)
        try:
            return context.execute_fields(object_type, value, field_path, subfields)
        except Exception as raw_error:  # noqa: BLE001 - placed as graphql-core places it
            error = located_error(raw_error, nodes, field_path.as_list())
            context.handle_field_error(error, field_type, field_path)
            return None

    return answer


def _list_plan(read, field_type, item_type, object_type, non_null, items_non_null):
    def answer(context: QuickLeaves, source: Any, path, response_name, parent_type, nodes):
        value = _read(read, context, source)
        if (
            value is _SLOW
            or value is Undefined
            or (value is None and non_null)
            or (value is not None and not isinstance(value, list | tuple))
            or (items_non_null and any(item is None for item in value or ()))
        ):
            return _SLOW
        if value is None:
            return None
        field_path = Path(path, response_name, parent_type.name)
        try:
            subfields = context.collect_subfields(object_type, nodes)
            completed = []
            for index, item in enumerate(value):
                if item is None:
                    completed.append(None)
                    continue
                item_path = field_path.add_key(index, None)
                try:
                    completed.append(
                        context.execute_fields(object_type, item, item_path, subfields)
                    )
                except Exception as raw_error:  # noqa: BLE001 - as graphql-core does
                    error = located_error(raw_error, nodes, item_path.as_list())
                    context.handle_field_error(error, item_type, item_path)
                    completed.append(None)
            return completed
        except Exception as raw_error:  # noqa: BLE001 - placed as graphql-core places it
            error = located_error(raw_error, nodes, field_path.as_list())
            context.handle_field_error(error, field_type, field_path)
            return None

    return answer


def _plan(parent_type: GraphQLObjectType, name: str) -> Callable[..., Any] | None:
    """How to answer the field `name` of `parent_type` quickly, or None when it cannot be."""
    field = parent_type.fields.get(name)
    if field is None:
        return None
    read = _reader(field, name)
    if read is None:
        return None
    inner, non_null = _unwrap(field.type)
    if isinstance(inner, GraphQLScalarType | GraphQLEnumType):
        return _leaf_plan(field, read, inner, non_null)
    if isinstance(inner, GraphQLObjectType) and inner.is_type_of is None:
        identity = getattr(field.resolve, IDENTITY, None)
        return _object_plan(read, field.type, inner, non_null, identity)
    if isinstance(inner, GraphQLList):
        item, items_non_null = _unwrap(inner.of_type)
        if isinstance(item, GraphQLObjectType) and item.is_type_of is None:
            return _list_plan(read, inner.of_type, item, item, non_null, items_non_null)
    return None


class QuickLeaves(ExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each selection set's fields with their plans, by the id of graphql-core's dict of
        # them (kept in the entry, so the id stays its own for the request).
        self._selections: dict[int, tuple[dict, list]] = {}
        self._identities: dict[int, tuple[dict, bool]] = {}

    def identity_only(self, subfields: dict[str, list[FieldNode]]) -> bool:
        """Whether a selection asks for nothing but an object's identity (pk, url, id)."""
        entry = self._identities.get(id(subfields))
        if entry is None or entry[0] is not subfields:
            names = {nodes[0].name.value for nodes in subfields.values()}
            entry = self._identities[id(subfields)] = (subfields, names <= IDENTITY_FIELDS)
        return entry[1]

    def _planned(self, parent_type: GraphQLObjectType, fields: dict[str, list[FieldNode]]):
        entry = self._selections.get(id(fields))
        if entry is None or entry[0] is not fields:
            planned = []
            for response_name, field_nodes in fields.items():
                name = field_nodes[0].name.value
                plan = None
                if not field_nodes[0].arguments:
                    key = (parent_type, name)
                    plan = _PLANS.get(key, _SLOW)
                    if plan is _SLOW:
                        plan = _PLANS[key] = _plan(parent_type, name)
                planned.append((response_name, field_nodes, plan))
            entry = self._selections[id(fields)] = (fields, planned)
        return entry[1]

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        fields: dict[str, list[FieldNode]],
    ) -> dict[str, Any]:
        results = {}
        entry = self._selections.get(id(fields))
        planned = entry[1] if entry is not None and entry[0] is fields else None
        if planned is None:
            planned = self._planned(parent_type, fields)
        for response_name, field_nodes, plan in planned:
            if plan is not None:
                value = plan(self, source_value, path, response_name, parent_type, field_nodes)
                if value is not _SLOW:
                    results[response_name] = value
                    continue
            field_path = Path(path, response_name, parent_type.name)
            result = self.execute_field(parent_type, source_value, field_nodes, field_path)
            if result is not Undefined:
                results[response_name] = result
        return results


def never_awaitable(value: Any) -> bool:
    return False
