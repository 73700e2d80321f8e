"""Limit/offset pagination with the legacy envelope: count, next, previous, results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from connexion import request
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from gaggle.requests import origin

DEFAULT_LIMIT = 20
MAX_LIMIT = 500


def _page_url(limit: int, offset: int) -> str:
    query = [
        (k, v)
        for k, v in parse_qsl(request.url.query, keep_blank_values=True)
        if k not in ("limit", "offset")
    ]
    query += [("limit", str(limit))] + ([("offset", str(offset))] if offset else [])
    return f"{origin()}{request.url.path}?{urlencode(query)}"


def paginate(
    session: Session,
    statement: Select,
    *,
    limit: int | None,
    offset: int | None,
    render: Callable[[Any], dict],
    scalars: bool = True,
) -> dict:
    """One page of `statement` as the envelope, each row through `render`. Two queries."""
    limit = DEFAULT_LIMIT if limit is None else limit
    offset = offset or 0
    count = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    rows = session.execute(statement.limit(limit).offset(offset))
    results = [render(row) for row in (rows.scalars().all() if scalars else rows.all())]
    return {
        "count": count,
        "next": _page_url(limit, offset + limit) if offset + limit < count else None,
        "previous": _page_url(limit, max(offset - limit, 0)) if offset > 0 else None,
        "results": results,
    }
