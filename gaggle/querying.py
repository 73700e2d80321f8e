"""Filters and ordering declared in the spec, applied to SQLAlchemy statements."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from sqlalchemy import Select
from sqlalchemy.sql.elements import ColumnElement

from gaggle import dates, spec
from gaggle.problems import Problem

# How an operation's `ordering` parameter lists the fields it accepts: `^-?(a|b)(,-?(a|b))*$`.
_SORTABLE = re.compile(r"\^-\?\(([\w|]+)\)\(,-\?\(\1\)\)\*\$")


@functools.cache
def sortable(operation_id: str) -> tuple[str, ...]:
    """The fields the `ordering` parameter of `operation_id` accepts, read from its pattern.

    Raises SpecError when the operation has no such parameter or its pattern does not list the
    fields in the one form this reads, so a change to the document cannot go unnoticed.
    """
    for parameter in spec.operation(operation_id).get("parameters", []):
        if parameter.get("name") == "ordering":
            pattern = parameter.get("schema", {}).get("pattern", "")
            match = _SORTABLE.fullmatch(pattern)
            if match is None:
                raise spec.SpecError(
                    f"{operation_id}: ordering pattern {pattern!r} is not ^-?(a|b)(,-?(a|b))*$"
                )
            return tuple(match.group(1).split("|"))
    raise spec.SpecError(f"{operation_id} has no ordering parameter")


def order(
    statement: Select,
    ordering: str | None,
    operation_id: str,
    *,
    default: str,
    joined: tuple[type, ...] = (),
) -> Select:
    """Sort by `ordering` (`name,-created`, else `default`), then by id for stable pages.

    The fields are those the spec lets `operation_id` sort by, each the column of that name of
    the statement's model or else of the first model in `joined` that has one.
    Raises Problem(400) naming the first field that may not be sorted by.
    """
    allowed = sortable(operation_id)
    models = (statement.column_descriptions[0]["entity"], *joined)
    clauses = []
    for field in (ordering or default).split(","):
        field = field.strip()
        name = field.lstrip("-")
        if name not in allowed:
            raise Problem(
                400, f"ordering: cannot sort by {name!r}; use one of " + ", ".join(sorted(allowed))
            )
        column = next(getattr(model, name) for model in models if hasattr(model, name))
        clauses.append(column.desc() if field.startswith("-") else column.asc())
    return statement.order_by(*clauses, models[0].id.asc())


def where(statement: Select, *filters: tuple[Any, Any]) -> Select:
    """For each `(value, test)` whose filter value was given (is not None), keep the rows where
    `test == value` when `test` is a column, or else `test(value)` holds (`Badge.active.is_`):
    conditions are built only for the filters a request uses."""
    for value, test in filters:
        if value is not None:
            statement = statement.where(test(value) if callable(test) else test == value)
    return statement


def dated(statement: Select, column: ColumnElement, **filters: str | None) -> Select:
    """Bound `column` by each date filter that was given, named as the spec names it.

    `<field>__gte` and `<field>__lte` are inclusive bounds, days for a date column and instants
    for a date-time one; `<field>__date` is one UTC day of a date-time column. A filter that
    was not given (None) is not applied. Raises Problem(400) for a value Python cannot use.
    """
    takes_instants = column.type.python_type is dt.datetime
    for name, value in filters.items():
        if value is None:
            continue
        operator = name.rpartition("__")[2]
        if operator == "date":
            start, end = dates.day_span(value, name)
            statement = statement.where(column >= start, column < end)
            continue
        bound = dates.instant(value, name) if takes_instants else dates.day(value, name)
        if operator == "gte":
            statement = statement.where(column >= bound)
        elif operator == "lte":
            statement = statement.where(column <= bound)
        else:
            raise ValueError(f"{name}: not a date filter (__gte, __lte or __date)")
    return statement
