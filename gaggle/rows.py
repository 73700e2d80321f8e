"""Reads served from rows: a page or one object without building ORM objects.

What a caller may see is decided, as for every write, by the resource's one visibility query
(`visible_recognitions(caller)` and the like): a read asks it only for the ids of the page, in
order, with their count. The JSON's columns come from the resource's `Shape`, a statement built
once per process that selects only those columns for a list of ids, and its renderer turns each
row straight into a JSON-ready dict. A page is two or three small queries whatever its size,
run outside any transaction (`Database.reads`).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.engine import Connection, Row
from sqlalchemy.sql.elements import Label

from gaggle import db, links
from gaggle.caller import Caller
from gaggle.models.base import CALLER_PROFILE, as_text
from gaggle.pagination import DEFAULT_LIMIT, counted_ids, envelope
from gaggle.problems import Problem


class Reading:
    """What a renderer knows besides its row: the request's links, the caller, and the related
    values of the shape (`related(name, object_id)`)."""

    __slots__ = ("links", "caller", "_related")

    def __init__(self, caller: Caller, related: dict[str, dict[int, list]]) -> None:
        self.links = links.current()
        self.caller = caller
        self._related = related

    def related(self, name: str, object_id: int) -> list:
        return self._related[name].get(object_id, [])


@dataclass(frozen=True, eq=False)
class Shape:
    """How one kind of object is read and rendered.

    `columns()` is a SELECT of the objects whose ids are bound to `models.base.IDS`, the id
    first, each column labelled with the name it is read by; each of `related` a SELECT of
    `(object id, value)` pairs for the same ids, in the order they are rendered (owners,
    members), or of `(object id, *values)` for several values each (given as the labelled row,
    read by name); `view(names)` how a row whose columns have those names is read
    (gaggle.projection), the row itself without one; `render(object, reading)` the object's
    JSON. The statements are built on first use and kept.
    """

    columns: Callable[[], Select]
    render: Callable[[Any, Reading], dict]
    related: Mapping[str, Callable[[], Select]] = field(default_factory=dict)
    view: Callable[[tuple[str, ...]], Callable[[Row], Any]] | None = None

    @cached_property
    def _statements(self) -> tuple[Select, dict[str, Select]]:
        return _textual(self.columns()), {
            name: _textual(build()) for name, build in self.related.items()
        }

    def read(
        self,
        connection: Connection,
        caller: Caller,
        ids: list[int],
        *,
        statement: Select | None = None,
        **params: Any,
    ) -> tuple[list, Reading]:
        """The objects `ids` that exist, as `view` reads them, in the order of `ids`, with what
        a renderer knows besides: those the shape's statement finds, or `statement` (a
        narrower one, bound to `params` too)."""
        columns, related = self._statements
        if not ids:
            return [], Reading(caller, {})
        bound = {"ids": ids, "caller_profile": caller.profile_id, **params}
        result = connection.execute(columns if statement is None else statement, bound)
        found = {row[0]: row for row in result}
        values: dict[str, dict[int, list]] = {}
        if found:
            for name, pairs in related.items():
                grouped = values[name] = {}
                wide = len(pairs.selected_columns) > 2
                for row in connection.execute(pairs, bound):
                    grouped.setdefault(row[0], []).append(row if wide else row[1])
        rows = [found[i] for i in ids if i in found]
        if self.view is not None:
            view = self.view(tuple(result.keys()))
            rows = [view(row) for row in rows]
        return rows, Reading(caller, values)

    def rendered(
        self,
        connection: Connection,
        caller: Caller,
        ids: list[int],
        *,
        statement: Select | None = None,
        **params: Any,
    ) -> list[dict]:
        """The objects `ids` that exist, rendered in the order of `ids`: those the shape's
        statement finds, or `statement` (a narrower one, bound to `params` too)."""
        if not ids:
            return []
        objects, reading = self.read(connection, caller, ids, statement=statement, **params)
        render = self.render
        return [render(item, reading) for item in objects]


def _textual(statement: Select) -> Select:
    """`statement` with its timestamps and days read as the text the JSON shows, each under its
    column's name when no other column has it, so that a renderer reads it by name."""
    columns = list(statement.selected_columns)
    names = Counter(column.key for column in columns)

    def textual(column):
        inner = column.element if isinstance(column, Label) else column
        text = as_text(inner)
        if text is inner:
            return column
        return text.label(column.key) if names[column.key] == 1 else text

    return statement.with_only_columns(*map(textual, columns), maintain_column_froms=True)


def _entity(visible: Select) -> Any:
    return visible.column_descriptions[0]["entity"]


def page(
    visible: Select, shape: Shape, caller: Caller, *, limit: int | None, offset: int | None
) -> dict:
    """One page of what `visible` selects, in its order, as the legacy envelope (`visible` may
    be built once for every caller: `visible_to`).

    The page's ids and the count of all matching rows come in one query; a page past the end
    counts on its own.
    """
    with db.reads() as connection:
        return _page(connection, visible, shape, caller, limit, offset)


def _page(
    connection: Connection,
    visible: Select,
    shape: Shape,
    caller: Caller,
    limit: int | None,
    offset: int | None,
) -> dict:
    limit = DEFAULT_LIMIT if limit is None else limit
    offset = offset or 0
    entity = _entity(visible)
    matching = visible.with_only_columns(entity.id).order_by(None).subquery()
    ranked = counted_ids(visible).limit(limit).offset(offset)
    params = _caller_params(caller)
    picked = connection.execute(ranked, params).all()
    # No row: an empty collection, or a page past the end of one that is not.
    if picked:
        count = picked[0][1]
    elif offset:
        count = connection.execute(select(func.count()).select_from(matching), params).scalar_one()
    else:
        count = 0
    results = shape.rendered(connection, caller, [row[0] for row in picked])
    return envelope(count, limit, offset, results)


def _symbolic(is_admin: bool) -> Caller:
    """A caller whose ids are bind parameters, for statements built once for every caller
    (a visibility query branches on whether the caller is an admin, and on nothing else)."""
    return Caller(
        user_id=bindparam("caller_user"),
        profile_id=CALLER_PROFILE,
        network_id=bindparam("caller_network"),
        is_admin=is_admin,
    )


@functools.cache
def visible_to(visible: Callable[[Caller], Select], is_admin: bool) -> Select:
    """`visible(caller)` for every caller who is (or is not) an admin, built once: the caller's
    ids are bind parameters, which `page`, `one` and `page_within` bind when they run it."""
    return visible(_symbolic(is_admin))


@functools.cache
def _seen_statement(visible: Callable[[Caller], Select], is_admin: bool) -> Select:
    """The id `object_id` if `visible` lets the caller see it: built once per resource and
    kind of caller."""
    candidates = visible_to(visible, is_admin)
    entity = _entity(candidates)
    return candidates.with_only_columns(entity.id).where(entity.id == bindparam("object_id"))


@functools.cache
def _one_statement(shape: Shape, visible: Callable[[Caller], Select], is_admin: bool) -> Select:
    """The shape's statement for the one object `object_id`, if `visible` lets the caller see
    it: one query, built once per resource and kind of caller."""
    columns = shape._statements[0]
    return columns.where(columns.selected_columns[0].in_(_seen_statement(visible, is_admin)))


def _caller_params(caller: Caller, object_id: int | None = None) -> dict:
    """The values of a statement built once for every caller (`visible_to`)."""
    return {
        "object_id": object_id,
        "caller_user": caller.user_id,
        "caller_profile": caller.profile_id,
        "caller_network": caller.network_id,
    }


def page_within(
    visible: Callable[[Caller], Select],
    object_id: int,
    missing: Problem,
    parts: Select,
    shape: Shape,
    caller: Caller,
    *,
    limit: int | None,
    offset: int | None,
) -> dict:
    """One page of `parts` (of the object `object_id`) rendered by `shape`, if `visible` lets
    the caller see that object; `missing` otherwise."""
    with db.reads() as connection:
        statement = _seen_statement(visible, caller.is_admin)
        if connection.execute(statement, _caller_params(caller, object_id)).first() is None:
            raise missing
        return _page(connection, parts, shape, caller, limit, offset)


def one(
    visible: Callable[[Caller], Select],
    shape: Shape,
    caller: Caller,
    object_id: int,
    missing: Problem,
) -> dict:
    """The object `object_id` among those `visible(caller)` selects, rendered; `missing`
    otherwise."""
    with db.reads() as connection:
        found = shape.rendered(
            connection,
            caller,
            [object_id],
            statement=_one_statement(shape, visible, caller.is_admin),
            **_caller_params(caller, object_id),
        )
    if not found:
        raise missing
    return found[0]


def read_one(
    connection: Connection,
    visible: Callable[[Caller], Select],
    shape: Shape,
    caller: Caller,
    object_id: int,
) -> Any:
    """The object `object_id` as the shape reads it (its view), if `visible` lets the caller
    see it; None otherwise. One query, built once per resource and kind of caller."""
    found, _ = shape.read(
        connection,
        caller,
        [object_id],
        statement=_one_statement(shape, visible, caller.is_admin),
        **_caller_params(caller, object_id),
    )
    return found[0] if found else None


def written(session: Any, shape: Shape, caller: Caller, object_id: int) -> dict:
    """The object `object_id` as a write transaction has left it, rendered."""
    session.flush()
    return shape.rendered(session.connection(), caller, [object_id])[0]
