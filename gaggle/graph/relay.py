"""Relay conventions in the legacy API's form: global ids, and connections that page by cursor
and also by `offset`, over the same queries and page reader as the REST lists."""

from __future__ import annotations

import base64
import binascii
import functools
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from graphql import FieldNode, FragmentSpreadNode, GraphQLError, GraphQLResolveInfo
from sqlalchemy import Integer, Select, func, type_coerce
from sqlalchemy.engine import Connection as SQLConnection
from sqlalchemy.orm import Session
from sqlalchemy.sql import FromClause
from sqlalchemy.sql.elements import ColumnElement

from gaggle.graph.context import page_of, remember_page
from gaggle.pagination import count_rows, page_ids, page_rows
from gaggle.relations import MAX_ID

DEFAULT_PAGE = 20
MAX_PAGE = 100
_CURSOR_PREFIX = "arrayconnection:"


def bad_input(message: str) -> GraphQLError:
    """An error in the arguments of a field, labelled as the caller's (BAD_USER_INPUT)."""
    return GraphQLError(message, extensions={"code": "BAD_USER_INPUT"})


def digits(text: str) -> int | None:
    """The number `text` writes in ASCII digits alone, or None: `str.isdigit` also takes the
    digits of other scripts, which `int` reads as ASCII ones, and superscripts, which it refuses."""
    return int(text) if text.isascii() and text.isdigit() else None


def an_id(value: float | str, name: str) -> int:
    """The object id an argument gives as a number or in digits: a whole number from 1 to
    MAX_ID, as the REST API's ids are. GraphQLError (BAD_USER_INPUT) naming `name` otherwise."""
    number = digits(value) if isinstance(value, str) else value
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    if not isinstance(number, int) or not 1 <= number <= MAX_ID:
        raise bad_input(f"{name}: {value!r} is not an id, a whole number from 1 to {MAX_ID}.")
    return number


def global_id(type_name: str, pk: int) -> str:
    """The object's global id: base64 of `<TypeName>:<pk>`, as the legacy API made them."""
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def cursor(index: int) -> str:
    return base64.b64encode(f"{_CURSOR_PREFIX}{index}".encode()).decode()


def _index(value: str, name: str) -> int:
    """The position a cursor names, from 0 to MAX_ID (the REST API's largest offset)."""
    try:
        text = base64.b64decode(value.encode(), validate=True).decode()
    except (binascii.Error, UnicodeError):
        text = ""
    index = digits(text.removeprefix(_CURSOR_PREFIX)) if text.startswith(_CURSOR_PREFIX) else None
    if index is None or index > MAX_ID:
        raise bad_input(f"{name}: {value!r} is not a cursor of this connection.")
    return index


def _size(value: int | None, name: str) -> int | None:
    if value is not None and not 0 <= value <= MAX_PAGE:
        raise bad_input(f"{name}: a page holds 0 to {MAX_PAGE} objects, not {value}.")
    return value


class Connection:
    """One page of a list as a Relay connection; `totalCount` runs its query only if asked.
    `statement` selects every object of the list, over all pages, when a query gave it; a
    function that gives it is called when it is first asked for."""

    def __init__(
        self,
        items: Sequence[Any],
        start: int,
        has_next: bool,
        count: Callable[[], int],
        statement: Select | Callable[[], Select] | None = None,
    ):
        self.items = items
        self.start = start
        self.has_next = has_next
        self._count = count
        self._statement = statement

    @property
    def statement(self) -> Select | None:
        if callable(self._statement):
            self._statement = self._statement()
        return self._statement

    @property
    def edges(self) -> list[dict[str, Any]]:
        return [
            {"node": item, "cursor": cursor(self.start + i)} for i, item in enumerate(self.items)
        ]

    @property
    def pageInfo(self) -> dict[str, Any]:  # noqa: N802 - the schema's field name
        return {
            "hasNextPage": self.has_next,
            "hasPreviousPage": self.start > 0,
            "startCursor": cursor(self.start) if self.items else None,
            "endCursor": cursor(self.start + len(self.items) - 1) if self.items else None,
        }

    def totalCount(self, info: GraphQLResolveInfo) -> int:  # noqa: N802 - the schema's field
        return self._count()

    def showing(self, items: Sequence[Any]) -> Connection:
        """The same page showing `items` (its objects as another read gives them)."""
        return Connection(items, self.start, self.has_next, self._count, self._statement)

    def shown_as(self, items: Sequence[Any]) -> Connection:
        """The same page with each of its objects shown as the one of `items` in its place."""
        return Connection(items, self.start, self.has_next, self._count, self._statement)


def asks(info: GraphQLResolveInfo, name: str) -> bool:
    """Whether the selection of the field being resolved asks for its field `name` (directly,
    or in a fragment, whatever its conditions)."""

    def within(selection_set) -> bool:
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                if selection.name.value == name:
                    return True
            elif isinstance(selection, FragmentSpreadNode):
                fragment = info.fragments.get(selection.name.value)
                if fragment is not None and within(fragment.selection_set):
                    return True
            elif within(selection.selection_set):
                return True
        return False

    return any(within(node.selection_set) for node in info.field_nodes)


def bounds(args: dict[str, Any], count: Callable[[], int]) -> tuple[int, int]:
    """The page's (start, limit) from the connection arguments, as the legacy API read them:
    `offset` skips objects after the `after` cursor, `first` and `last` cut the window, and a
    window without either holds DEFAULT_PAGE objects. GraphQLError for a page size outside 0 to
    MAX_PAGE or a cursor of another kind."""
    first = _size(args.get("first"), "first")
    last = _size(args.get("last"), "last")
    offset = args.get("offset") or 0
    if offset < 0:
        raise bad_input(f"offset: must not be negative, not {offset}.")
    start = (_index(args["after"], "after") + 1 if args.get("after") else 0) + offset
    end = _index(args["before"], "before") if args.get("before") else None
    if first is not None:
        end = start + first if end is None else min(end, start + first)
    if last is not None:
        end = count() if end is None else end
        start = max(start, end - last)
    if first is None and last is None:
        end = start + DEFAULT_PAGE if end is None else min(end, start + DEFAULT_PAGE)
    return start, max(end - start, 0)


def connection(
    session: Session | SQLConnection,
    statement: Select,
    args: dict[str, Any],
    *,
    seen: Callable[[Sequence[Any]], None] | None = None,
    read: Callable[[list[int]], Sequence[Any]] | None = None,
    counted: bool = False,
) -> Connection:
    """A page of `statement`'s rows by the connection arguments `args`, or with `read`, what
    `read(ids)` gives for the ids of the page (a projection, gaggle.projection), counted in the
    same query with `counted` (when the document asks for `totalCount`: `asks`); `seen(rows)`
    is told the page's rows, so that loaders can fetch what their fields lead to for all of
    them at once."""
    known: list[int] = []

    def count() -> int:
        if not known:
            known.append(count_rows(session, statement))
        return known[0]

    start, limit = bounds(args, count)
    if not limit:
        rows = []
    elif read is None:
        rows = page_rows(session, statement, limit + 1, start)
    else:
        ids, total = page_ids(session, statement, limit + 1, start, counted=counted and not known)
        if total is not None:
            known.append(total)
        rows = read(ids)
    items = rows[:limit]
    if read is None:
        remember_page(session, items)
    if seen is not None and items:
        seen(items)
    has_next = len(rows) > limit if limit else start < count()
    return Connection(items, start, has_next, count, statement)


# What joins a list's objects to their parents: (table, on clause), or a function of the
# parents' ids that gives them.
Link = (
    tuple[FromClause, ColumnElement] | Callable[[Sequence[int]], tuple[FromClause, ColumnElement]]
)


def selected(info: GraphQLResolveInfo) -> frozenset[str]:
    """The names of every field the document selects beneath the field being resolved, at any
    depth and through fragments: what the objects it answers may be asked for, so that a read
    loads what they need and nothing more."""
    first = info.field_nodes[0]
    key = f"gaggle.selected.{id(first)}"

    def names() -> frozenset[str]:
        found: set[str] = set()
        pending = [node.selection_set for node in info.field_nodes]
        while pending:
            selection_set = pending.pop()
            for selection in selection_set.selections if selection_set else ():
                if isinstance(selection, FragmentSpreadNode):
                    fragment = info.fragments.get(selection.name.value)
                    pending.append(fragment.selection_set if fragment else None)
                    continue
                if isinstance(selection, FieldNode):
                    found.add(selection.name.value)
                pending.append(selection.selection_set)
        return frozenset(found)

    return info.context.memo(key, names)


def nested(
    info: GraphQLResolveInfo,
    parent: Any,
    rows: Select | Callable[[], Select],
    parent_column: ColumnElement | str,
    order: Sequence[ColumnElement] | None,
    args: dict[str, Any],
    *,
    link: Link | None = None,
    seen: Callable[[Sequence[Any]], None] | None = None,
    view: Callable[[tuple[str, ...]], Callable[[Any], Any]] | None = None,
) -> Connection:
    """The page of `parent`'s list by the connection arguments `args`, read with the same list of
    every object read together with `parent` (gaggle.graph.context.page_of): one statement for
    the pages of all of them, and one more for their `totalCount`s if one is asked for.

    `rows` selects the objects of the list that the caller may see, for every parent; a
    function that gives that statement is called only when the pages are read, once for all of
    them, not once per parent (building a statement costs more than reading the page found).
    `parent_column` names an object's parent, on its own table or on the table `link` joins:
    (table, on clause), or a function of the parents' ids that gives them, and then
    `parent_column` is the name of a column of that table. `order` sorts each parent's list
    (`rows`' own ORDER BY when None). Each list is numbered by ROW_NUMBER() OVER (PARTITION BY
    its parent ORDER BY `order`), so `first`, `after`, `offset`, `last` and `before` cut each
    list as `connection` cuts one. `seen(rows)` is told the objects of all the pages at once.

    With `view`, `rows` selects labelled columns (the first its objects' ids) and each object
    is what `view(keys)` (gaggle.projection) reads from its row of columns named `keys`,
    rather than an ORM object."""
    session = info.context.session
    ids = tuple(sorted({item.id for item in page_of(session, parent)}))
    # By the field's response name too: one name has one set of arguments in a document.
    name = (info.parent_type.name, info.field_name, info.path.key)
    key = ("gaggle.nested", *name, repr(sorted(args.items())), ids)
    found = session.info.get(key)
    if found is None:
        if callable(rows):
            rows = rows()
        found = _nested(session, ids, rows, parent_column, order, args, link, view)
        session.info[key] = found
        every = list({id(item): item for page in found.values() for item in page.items}.values())
        remember_page(session, every)
        if seen is not None and every:
            seen(every)
    return found[parent.id]


def _nested(session, ids, rows, parent_column, order, args, link, view) -> dict[int, Connection]:
    # The statement's first ORM entity, as the ORM notes it when the statement is made:
    # `column_descriptions` would describe every column anew.
    subject = rows._propagate_attrs.get("plugin_subject")  # noqa: SLF001 - no public reader
    entity = subject.entity if subject is not None else rows.column_descriptions[0]["entity"]
    order = rows._order_by_clauses if order is None else order  # noqa: SLF001 - no public reader

    if callable(link):
        link = link(ids)
    if isinstance(parent_column, str):
        parent_column = link[0].c[parent_column]

    def restricted(*columns) -> Select:
        statement = rows.with_only_columns(*columns).order_by(None)
        if link is not None:
            statement = statement.join_from(entity, *link)
        return statement.where(parent_column.in_(ids))

    counts: dict[int, int] = {}

    def count(parent_id: int) -> int:
        if not counts:
            grouped = restricted(parent_column, func.count()).group_by(parent_column)
            counts.update({i: 0 for i in ids} | dict(session.execute(grouped).all()))
        return counts[parent_id]

    windows = {i: bounds(args, functools.partial(count, i)) for i in ids}
    listed: dict[int, list[Any]] = {i: [] for i in ids}
    low = min(start for start, _ in windows.values())
    high = max(start + limit for start, limit in windows.values())
    if high > low:
        position = func.row_number().over(partition_by=parent_column, order_by=list(order))
        # Typed as plain integers: a label of a column keeps its foreign keys, which the
        # subquery's columns would copy, at a cost, for nothing.
        numbered = restricted(
            type_coerce(entity.id, Integer).label("child"),
            type_coerce(parent_column, Integer).label("parent"),
            position.label("position"),
        ).subquery()
        statement = (
            rows.add_columns(numbered.c.parent, numbered.c.position)
            .join(numbered, numbered.c.child == entity.id)
            .where(numbered.c.position > low, numbered.c.position <= high + 1)
            .order_by(None)
            .order_by(numbered.c.parent, numbered.c.position)
        )
        found = session.execute(statement)
        read = view(tuple(found.keys())) if view is not None else itemgetter(0)
        for row in found:
            parent_id, number = row[-2], row[-1]
            start, limit = windows[parent_id]
            if start < number <= start + limit + 1:
                listed[parent_id].append(read(row))

    def every(parent_id: int) -> Select:
        statement = rows if link is None else rows.join_from(entity, *link)
        return statement.where(parent_column == parent_id)

    pages = {}
    for i, (start, limit) in windows.items():
        items = listed[i][:limit]
        has_next = len(listed[i]) > limit if limit else start < count(i)
        statement = functools.partial(every, i)
        pages[i] = Connection(items, start, has_next, functools.partial(count, i), statement)
    return pages


def of_list(items: Sequence[Any], args: dict[str, Any]) -> Connection:
    """A page of objects already in hand (a short list an object carries), as a connection."""
    start, limit = bounds(args, lambda: len(items))
    return Connection(
        list(items[start : start + limit]), start, start + limit < len(items), lambda: len(items)
    )
