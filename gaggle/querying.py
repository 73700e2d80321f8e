"""Filters and ordering declared in the spec, applied to SQLAlchemy statements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import Select
from sqlalchemy.sql.elements import ColumnElement

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


def utc_instant(value: str, field: str) -> dt.datetime:
    """An RFC 3339 date-time (the spec checked its form) in UTC; UTC when it names no offset.

    Raises Problem(400) for what Python cannot represent, such as a leap second or a time
    that leaves the year range once converted to UTC.
    """
    try:
        instant = dt.datetime.fromisoformat(value)
        return instant.astimezone(dt.UTC) if instant.tzinfo else instant.replace(tzinfo=dt.UTC)
    except (ValueError, OverflowError):
        raise Problem(400, f"{field}: {value!r} is not a date-time this server can use.") from None
