"""A quicker way through the many plain fields of an answer, with graphql-core's semantics.

graphql-core builds a resolve-info object, reads the arguments and checks for awaitables for
every field it resolves; a page of 20 recognitions with both people selects over a thousand
fields, most of them a column read. This execution context reads such a field's value itself,
with no resolve-info object, when the field is selected without arguments and nothing stands
between graphql-core and the value but what this module knows:

- its resolver is the default attribute read, or one made here (`context_read`,
  `source_only`), known by identity: a function that wraps one is another function, even
  when functools.wraps copies its attributes, so its field goes graphql-core's way and the
  wrapper runs;
- around that resolver at most the scope guard of gaggle.graph.scopes, whose check this path
  makes itself, from the same directive, before it reads anything;
- its definition carries no directive but `@requiresScope` and those that do nothing while
  fields resolve (`@cost`, checked before the query runs, and `@deprecated`).

A leaf (a scalar or an enum) is serialized, an object or a list of objects has its selection
executed. Errors below such a field are placed and propagated as graphql-core places them.
Anything else, and any value that is missing where it must not be or does not serialize, goes
the usual way, so answers and errors are what graphql-core gives. graphql-core's middleware
wraps the resolvers graphql-core calls, which here are few: this execution context refuses it.

Gaggle's resolvers are all synchronous, so nothing here waits for an awaitable.
"""

from __future__ import annotations

from collections.abc import Callable
from math import isfinite
from operator import attrgetter
from typing import Any, NamedTuple

from graphql import (
    FieldNode,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLField,
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
    version_info,
)
from graphql.pyutils import Path

from gaggle.graph import scopes

IDENTITY_FIELDS = frozenset({"pk", "url", "id", "__typename"})
# The directives a field answered here may carry: the scope this path checks itself, and
# those that do nothing while fields resolve.
ANSWERED_DIRECTIVES = frozenset({scopes.DIRECTIVE, "cost", "deprecated"})
_SLOW = object()
_PLANS: dict[tuple[GraphQLObjectType, str], Callable[..., Any] | None] = {}


class Reads(NamedTuple):
    """How this path reads a field whose resolver it made."""

    # read(source, context): the field's value.
    read: Callable[[Any, Any], Any]
    # read(source), for a resolver that needs nothing but its source object.
    source: Callable[[Any], Any] | None = None
    # identity(source): the id of the related object, for a relation to an object every
    # caller of the network may see.
    identity: Callable[[Any], Any] | None = None


# The resolvers made here, by identity.
_MADE: dict[Callable[..., Any], Reads] = {}


class Reference:
    """A related object known by its id alone: enough for its `pk`, `url` and `id`."""

    __slots__ = ("id",)

    def __init__(self, object_id: int) -> None:
        self.id = object_id


def context_read(
    read: Callable[[Any, Any], Any], *, identity: Callable[[Any], Any] | None = None
) -> Callable[..., Any]:
    """A resolver that needs only its source object and the request's context, which the
    quick path may call as `read(source, context)`; with `identity`, a relation whose object
    the quick path may know by `identity(source)`, its id, when only its identity is asked."""

    def resolve(source: Any, info, **_: Any) -> Any:
        return read(source, info.context)

    _MADE[resolve] = Reads(read, identity=identity)
    return resolve


def source_only(read: Callable[[Any], Any]) -> Callable[..., Any]:
    """A resolver that needs nothing but its source object."""

    def resolve(source: Any, info, **_: Any) -> Any:
        return read(source)

    _MADE[resolve] = Reads(lambda source, context: read(source), source=read)
    return resolve


def _default_read(name: str) -> Callable[[Any, Any], Any]:
    attribute = attrgetter(name)

    def read(source: Any, context: Any) -> Any:
        value = source.get(name) if isinstance(source, dict) else attribute(source)
        return _SLOW if callable(value) else value

    return read


def _reads(field: GraphQLField, name: str) -> Reads | None:
    """How to read `field` here, or None when something this path does not know may stand
    between graphql-core and its value."""
    for directive in getattr(field.ast_node, "directives", None) or ():
        if directive.name.value not in ANSWERED_DIRECTIVES:
            return None
    resolve = scopes.beneath(field)
    if resolve is None:
        return Reads(_default_read(name))
    return _MADE.get(resolve)


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


def _leaf_plan(reads: Reads, field_type, leaf, non_null: bool, scope) -> Callable[..., Any]:
    # graphql-core 3.3 names 3.2's `serialize` `coerce_output_value`.
    serialize = getattr(leaf, "coerce_output_value", None) or leaf.serialize
    plain_type, plain_check = _PLAIN.get(leaf, (None, None))
    read, source_read = reads.read, reads.source

    def answer(context: QuickLeaves, source: Any, path, response_name, parent_type, group):
        if scope is not None and not context.context_value.granted(scope):
            return context.refuse(scope, field_type, path, response_name, parent_type, group)
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


def _object_plan(reads: Reads, field_type, object_type, non_null: bool, scope):
    read, identity = reads.read, reads.identity

    def answer(context: QuickLeaves, source: Any, path, response_name, parent_type, group):
        if scope is not None and not context.context_value.granted(scope):
            return context.refuse(scope, field_type, path, response_name, parent_type, group)
        subfields = context.subfields(object_type, group)
        if identity is not None and context.identity_only(subfields):
            # Asked for its identity alone, the relation is answered from the id the source
            # holds, as the REST API renders a relation as the related object's URL.
            try:
                object_id = identity(source)
            except Exception:  # noqa: BLE001 - the usual way reports it
                return _SLOW
            value = None if object_id is None else Reference(object_id)
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
            context.failed(raw_error, field_type, group, field_path)
            return None

    return answer


def _list_plan(reads: Reads, field_type, item_type, object_type, non_null, items_non_null, scope):
    read = reads.read

    def answer(context: QuickLeaves, source: Any, path, response_name, parent_type, group):
        if scope is not None and not context.context_value.granted(scope):
            return context.refuse(scope, field_type, path, response_name, parent_type, group)
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
            subfields = context.subfields(object_type, group)
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
                    context.failed(raw_error, item_type, group, item_path)
                    completed.append(None)
            return completed
        except Exception as raw_error:  # noqa: BLE001 - placed as graphql-core places it
            context.failed(raw_error, field_type, group, field_path)
            return None

    return answer


def _plan(parent_type: GraphQLObjectType, name: str) -> Callable[..., Any] | None:
    """How to answer the field `name` of `parent_type` quickly, or None when it cannot be."""
    field = parent_type.fields.get(name)
    if field is None:
        return None
    reads = _reads(field, name)
    if reads is None:
        return None
    scope = scopes.needed(field)
    inner, non_null = _unwrap(field.type)
    if isinstance(inner, GraphQLScalarType | GraphQLEnumType):
        return _leaf_plan(reads, field.type, inner, non_null, scope)
    if isinstance(inner, GraphQLObjectType) and inner.is_type_of is None:
        return _object_plan(reads, field.type, inner, non_null, scope)
    if isinstance(inner, GraphQLList):
        item, items_non_null = _unwrap(inner.of_type)
        if isinstance(item, GraphQLObjectType) and item.is_type_of is None:
            return _list_plan(
                reads, field.type, inner.of_type, item, non_null, items_non_null, scope
            )
    return None


# graphql-core 3.3 replaced 3.2's ExecutionContext with Executor, which `execute` takes as
# `executor_class`. The quick path asks four things of either, in the way of each: the node of
# a field's first selection (3.3 wraps each node in a FieldDetails), a selection's subfields
# (3.3 adds its deferred parts, which Gaggle's schema has none of), a field the usual way (3.3
# adds the position of incremental delivery: none, as `execute` delivers nothing
# incrementally), and a field's error placed (3.3 locates it itself).
if version_info[:2] >= (3, 3):
    from graphql import Executor

    EXECUTOR_ARGUMENT = "executor_class"

    class _Core(Executor):
        @staticmethod
        def node(group: list) -> FieldNode:
            return group[0].node

        def subfields(self, object_type: GraphQLObjectType, group: list) -> dict[str, list]:
            return self.collect_subfields(object_type, group).grouped_field_set

        def slow(self, parent_type: GraphQLObjectType, source: Any, group: list, path: Path):
            return self.execute_field(parent_type, source, group, path, None)

        def failed(self, raw_error: Exception, field_type, group: list, path: Path) -> None:
            """Place a field's error as graphql-core does: null and an error when the field
            may be null, else up to the nearest field that may."""
            self.handle_field_error(raw_error, field_type, group, path)

else:
    from graphql import ExecutionContext as Executor

    EXECUTOR_ARGUMENT = "execution_context_class"

    class _Core(Executor):
        @staticmethod
        def node(group: list) -> FieldNode:
            return group[0]

        subfields = Executor.collect_subfields
        slow = Executor.execute_field

        def failed(self, raw_error: Exception, field_type, group: list, path: Path) -> None:
            """Place a field's error as graphql-core does: null and an error when the field
            may be null, else up to the nearest field that may."""
            error = located_error(raw_error, group, path.as_list())
            self.handle_field_error(error, field_type, path)


class QuickLeaves(_Core):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.middleware_manager is not None:
            raise TypeError(
                "QuickLeaves answers most fields without calling their resolvers, so "
                "middleware would not wrap them: execute with graphql-core's own execution "
                "context to use middleware."
            )
        # Each selection set's fields with their plans, by the id of graphql-core's dict of
        # them (kept in the entry, so the id stays its own for the request).
        self._selections: dict[int, tuple[dict, list]] = {}
        self._identities: dict[int, tuple[dict, bool]] = {}

    def identity_only(self, subfields: dict[str, list]) -> bool:
        """Whether a selection asks for nothing but an object's identity (pk, url, id)."""
        entry = self._identities.get(id(subfields))
        if entry is None or entry[0] is not subfields:
            names = {self.node(group).name.value for group in subfields.values()}
            entry = self._identities[id(subfields)] = (subfields, names <= IDENTITY_FIELDS)
        return entry[1]

    def refuse(self, scope: str, field_type, path, response_name, parent_type, group) -> None:
        """A field's answer to a token without the scope it needs, as its guard gives it."""
        field_path = Path(path, response_name, parent_type.name)
        self.failed(scopes.InsufficientScope(scope), field_type, group, field_path)

    def _planned(self, parent_type: GraphQLObjectType, fields: dict[str, list]):
        entry = self._selections.get(id(fields))
        if entry is None or entry[0] is not fields:
            planned = []
            for response_name, group in fields.items():
                node = self.node(group)
                name = node.name.value
                plan = None
                if not node.arguments:
                    key = (parent_type, name)
                    plan = _PLANS.get(key, _SLOW)
                    if plan is _SLOW:
                        plan = _PLANS[key] = _plan(parent_type, name)
                planned.append((response_name, group, plan))
            entry = self._selections[id(fields)] = (fields, planned)
        return entry[1]

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        fields: dict[str, list],
        position_context: None = None,  # graphql-core 3.3's; no incremental delivery here
    ) -> dict[str, Any]:
        results = {}
        entry = self._selections.get(id(fields))
        planned = entry[1] if entry is not None and entry[0] is fields else None
        if planned is None:
            planned = self._planned(parent_type, fields)
        for response_name, group, plan in planned:
            if plan is not None:
                value = plan(self, source_value, path, response_name, parent_type, group)
                if value is not _SLOW:
                    results[response_name] = value
                    continue
            field_path = Path(path, response_name, parent_type.name)
            result = self.slow(parent_type, source_value, group, field_path)
            if result is not Undefined:
                results[response_name] = result
        return results


def never_awaitable(value: Any) -> bool:
    return False
