"""The executable schema: the SDL of `graphql/` bound to the resolvers of gaggle.graph.areas with
Ariadne, its scalars and enums, its scope checks (gaggle.graph.scopes), and mutation payloads
that hold no object when refused (gaggle.graph.mutations)."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from ariadne import EnumType, MutationType, QueryType, ScalarType, make_executable_schema
from graphql import GraphQLEnumType, GraphQLSchema

from gaggle.graph import areas, arguments, mutations, scopes, sdl
from gaggle.graph.nodes import day_start

datetime_scalar = ScalarType("DateTime")
date_scalar = ScalarType("Date")


@datetime_scalar.serializer
def serialize_datetime(value: dt.datetime | dt.date | str) -> str:
    """An instant as its ISO 8601 text, a day as the instant it starts in UTC; text as a read
    projection gives it, made by the database (models.base.as_text), the same way."""
    if isinstance(value, str):
        return value if len(value) > DAY_LENGTH else f"{value}{DAY_START}"
    if not isinstance(value, dt.datetime):
        value = day_start(value)
    return value.astimezone(dt.UTC).isoformat()


# A day's text (YYYY-MM-DD), and what makes it the text of the instant it starts in UTC.
DAY_LENGTH = 10
DAY_START = "T00:00:00+00:00"


# What a DateTime or Date value that Python cannot read is told; never Python's own message,
# which names its types ("offset must be a timedelta ...").
NOT_A_DATETIME = "a DateTime is an ISO 8601 string such as 2026-10-01T14:30:00Z"
NOT_A_DATE = "a Date is an ISO 8601 day such as 2026-12-31"


@datetime_scalar.value_parser
def parse_datetime(value: object) -> dt.datetime:
    """An ISO 8601 date-time (UTC when it names no offset), or a day for its start in UTC."""
    if not isinstance(value, str) or len(value) > 40:
        raise ValueError(NOT_A_DATETIME)
    try:
        if len(value) == 10:
            return day_start(dt.date.fromisoformat(value))
        instant = dt.datetime.fromisoformat(value)
        return instant.astimezone(dt.UTC) if instant.tzinfo else instant.replace(tzinfo=dt.UTC)
    except (ValueError, OverflowError):
        raise ValueError(NOT_A_DATETIME) from None


@date_scalar.serializer
def serialize_date(value: dt.date) -> str:
    return (value.date() if isinstance(value, dt.datetime) else value).isoformat()


@date_scalar.value_parser
def parse_date(value: object) -> dt.date:
    try:
        if isinstance(value, str) and len(value) == 10:
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise ValueError(NOT_A_DATE)


ENUMS = [
    EnumType(
        "OneOnOneState",
        {"SCHEDULED": "scheduled", "COMPLETED": "completed", "CANCELLED": "cancelled"},
    ),
    EnumType("ReviewCycleState", {"DRAFT": "draft", "ACTIVE": "active", "CLOSED": "closed"}),
]


# The fields that describe the query itself (graphql/common.graphql).
query = QueryType()
mutation = MutationType()
query.set_field("requiredScopes", lambda _, info: info.context.required_scopes)
query.set_field("queryCost", lambda _, info: info.context.query_cost)
mutation.set_field("requiredScopes", lambda _, info: info.context.required_scopes)


@dataclass(frozen=True)
class Schema:
    """The executable schema and the scope each marked field needs."""

    graphql: GraphQLSchema
    scopes: dict[tuple[str, str], str]


def _enum_variables(executable: GraphQLSchema) -> None:
    """Read enum variables with graphql-core's own parse, by value name. Ariadne replaces it
    with a function of one argument, which graphql-core calls with two (the value, and whether
    to hide suggestions), so that every enum variable was refused with a message naming Python
    functions. Its replacement is for an argument whose default is an input object, which the
    SDL has none of (tests/graphql/test_enums.py)."""
    for graphql_type in executable.type_map.values():
        if isinstance(graphql_type, GraphQLEnumType):
            vars(graphql_type).pop("parse_value", None)


@functools.cache
def schema() -> Schema:
    executable = make_executable_schema(
        sdl.text(), datetime_scalar, date_scalar, *ENUMS, query, mutation, *areas.BINDABLES
    )
    _enum_variables(executable)
    arguments.bound(executable)
    declared = scopes.enforce(executable)
    mutations.withhold(executable)
    return Schema(executable, declared)
