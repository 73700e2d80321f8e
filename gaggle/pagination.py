"""Limit/offset pagination with the legacy envelope: count, next, previous, results."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from connexion import request
from sqlalchemy import Select, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from gaggle.requests import base_url

DEFAULT_LIMIT = 20
MAX_LIMIT = 500


def _page_url(limit: int, offset: int) -> str:
    query = [
        (k, v)
        for k, v in parse_qsl(request.url.query, keep_blank_values=True)
        if k not in ("limit", "offset")
    ]
    query += [("limit", str(limit))] + ([("offset", str(offset))] if offset else [])
    return f"{base_url()}{request.url.path}?{urlencode(query)}"


def page_rows(session: Session, statement: Select, limit: int, offset: int) -> list:
    """One page of `statement`'s rows (the REST envelope's and GraphQL connections').

    The page's ids are picked first, by the statement's filters and order alone, and only those
    rows are loaded with everything the statement joins and computes: a database sorts every
    matching row before it can apply LIMIT, so computing each row's related people and counts
    before the sort made a page cost as much as the whole collection.
    """
    entity = statement.column_descriptions[0]["entity"]
    ids = statement.with_only_columns(entity.id).limit(limit).offset(offset)
    return session.scalars(statement.where(entity.id.in_(ids))).all()


def counted_ids(statement: Select) -> Select:
    """The ids `statement` selects, in its order, each with the count of all of them.

    The count is a subquery of its own, which a database runs once: a window over the rows
    (count(*) OVER ()) costs SQLite a temporary table, twice the whole query's time.
    """
    entity = statement.column_descriptions[0]["entity"]
    matching = statement.with_only_columns(entity.id).order_by(None).subquery()
    count = select(func.count()).select_from(matching).scalar_subquery()
    return statement.with_only_columns(entity.id, count)


def page_ids(
    session: Session | Connection,
    statement: Select,
    limit: int,
    offset: int,
    *,
    counted: bool = False,
) -> tuple[list[int], int | None]:
    """The ids of one page of `statement`'s rows, in its order (for a projection to read),
    and with `counted` the count of all its rows when the page is not empty (else None)."""
    if not counted:
        entity = statement.column_descriptions[0]["entity"]
        ids = statement.with_only_columns(entity.id).limit(limit).offset(offset)
        return session.scalars(ids).all(), None
    picked = session.execute(counted_ids(statement).limit(limit).offset(offset)).all()
    return [row[0] for row in picked], picked[0][1] if picked else None


def count_rows(session: Session | Connection, statement: Select) -> int:
    """How many rows `statement` selects over all pages."""
    return session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))


def envelope(count: int, limit: int, offset: int, results: list) -> dict:
    """The legacy envelope of one page: its rows and links to the pages beside it."""
    return {
        "count": count,
        "next": _page_url(limit, offset + limit) if offset + limit < count else None,
        "previous": _page_url(limit, max(offset - limit, 0)) if offset > 0 else None,
        "results": results,
    }
