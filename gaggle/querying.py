"""Filters and ordering declared in the spec, applied to SQLAlchemy statements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import Select
from sqlalchemy.sql.elements import ColumnElement

from gaggle import dates
from gaggle.problems import Problem


def order(
    statement: Select, ordering: str | None, allowed: Mapping[str, ColumnElement], default: str
) -> Select:
    """Sort by `ordering` (`name,-created`), fields from `allowed`, then by id for stable pages.

    Raises Problem(400) naming the first field that may not be sorted by.
    """
    clauses = []
    for field in (ordering or default).split(","):
        field = field.strip()
        descending = field.startswith("-")
        column = allowed.get(field.lstrip("-"))
        if column is None:
            raise Problem(
                400,
                f"ordering: cannot sort by {field.lstrip('-')!r}; use one of "
                + ", ".join(sorted(allowed)),
            )
        clauses.append(column.desc() if descending else column.asc())
    return statement.order_by(*clauses, allowed["id"].asc())


def where(statement: Select, *filters: tuple[object, ColumnElement]) -> Select:
    """Add each `(value, condition)` whose filter value was given (is not None)."""
    for value, condition in filters:
        if value is not None:
            statement = statement.where(condition)
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
