"""The bounds of the arguments of the fields that read, checked in one place before a resolver
runs, as the REST API bounds its query parameters (graphql/common.graphql states them):

- a Float argument is an object id (the legacy schema typed its id filters as Float), a whole
  number from 1 to MAX_ID, and reaches the resolver as an int;
- a String or ID argument holds at most MAX_TEXT characters (a search, an orderBy, a cursor, a
  day), as the REST API's `search` and `ordering` do, so that no text reaches a statement the
  database cannot run.

A mutation's own arguments are left to the REST rules of the body they make
(gaggle.graph.mutations). `bound` wraps the resolvers of the fields with such arguments once,
when the schema is built.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLFloat,
    GraphQLID,
    GraphQLList,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLString,
    default_field_resolver,
    get_named_type,
    get_nullable_type,
)

from gaggle.graph.relay import an_id, bad_input

MAX_TEXT = 200

Check = Callable[[Any, str], Any]


def short_text(value: str, name: str) -> str:
    """`value` when it holds at most MAX_TEXT characters; GraphQLError (BAD_USER_INPUT) else."""
    if len(value) > MAX_TEXT:
        raise bad_input(f"{name}: at most {MAX_TEXT} characters, not {len(value)}.")
    return value


CHECKS: dict[Any, Check] = {GraphQLFloat: an_id, GraphQLString: short_text, GraphQLID: short_text}


def _each(check: Check) -> Check:
    return lambda values, name: [None if v is None else check(v, name) for v in values]


def _checks(field: Any) -> dict[str, Check]:
    """The check of each argument of `field` that has one, by argument name."""
    found = {}
    for name, argument in field.args.items():
        check = CHECKS.get(get_named_type(argument.type))
        if check is not None:
            listed = isinstance(get_nullable_type(argument.type), GraphQLList)
            found[name] = _each(check) if listed else check
    return found


def _checked(resolve: Callable[..., Any], bounds: dict[str, Check]) -> Callable[..., Any]:
    def resolver(source: Any, info, **args: Any) -> Any:
        for name, check in bounds.items():
            if args.get(name) is not None:
                args[name] = check(args[name], name)
        return resolve(source, info, **args)

    return resolver


def bound(schema: GraphQLSchema) -> None:
    """Check the bounded arguments of every field that reads before its resolver runs."""
    for type_name, graphql_type in schema.type_map.items():
        if (
            not isinstance(graphql_type, GraphQLObjectType)
            or type_name.startswith("__")
            or graphql_type is schema.mutation_type
        ):
            continue
        for field in graphql_type.fields.values():
            bounds = _checks(field)
            if bounds:
                field.resolve = _checked(field.resolve or default_field_resolver, bounds)
