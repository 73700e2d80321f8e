"""What the object types of every area share: the Node, DRFNode and PermissionCheckingNode
fields, fields that only rename a column, the legacy list filters (`pk`, `pk_In`, `exclude`)
and `orderBy` over the REST API's sort whitelist."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from operator import attrgetter
from typing import Any

from ariadne import ObjectType
from sqlalchemy import Select
from sqlalchemy.sql.elements import ColumnElement

from gaggle import dates
from gaggle.caller import Caller
from gaggle.graph.fast import context_read, source_only
from gaggle.graph.relay import bad_input, global_id
from gaggle.querying import order, where


def caller_of(info) -> Caller:
    return info.context.caller


def node(
    name: str,
    url: Callable[[Any], str | None],
    *,
    can_change: Callable[[Caller, Any], bool] | None = None,
    can_delete: Callable[[Caller, Any], bool] | None = None,
    renamed: Mapping[str, str] | None = None,
) -> ObjectType:
    """The object type `name`: its global `id`, `pk` and REST `url`, whether the caller may
    change or delete it (by the rule functions given; never, without one), and fields that
    show a column under another name (`renamed`: field name -> attribute)."""
    bound = ObjectType(name)
    bound.set_field("id", source_only(lambda obj: global_id(name, obj.id)))
    bound.set_field("pk", source_only(attrgetter("id")))
    bound.set_field("url", source_only(url))
    bound.set_field(
        "canChange",
        lambda obj, info, **_: bool(can_change and can_change(caller_of(info), obj)),
    )
    bound.set_field(
        "canDelete", lambda obj, info: bool(can_delete and can_delete(caller_of(info), obj))
    )
    for field, attribute in (renamed or {}).items():
        bound.set_field(field, source_only(attrgetter(attribute)))
    return bound


# The kinds of object every caller sees all of in their network. An object of the caller's
# network relates only to objects of its own network (the rules of models/ see to it), so a
# relation to one of these kinds is always visible and may be answered from the id alone when
# only its identity is asked for, as the REST API renders it as a URL (gaggle.graph.fast).
NETWORK_WIDE = frozenset({"profile", "network", "badge", "department", "review_cycle"})


def related(kind: str, attribute: str) -> Callable[..., Any]:
    """A resolver of the object of `kind` whose id the source holds in `attribute`, through
    the request's loader of that kind (and so its visibility query)."""
    read = attrgetter(attribute)
    return context_read(
        lambda source, context: context.loader(kind).get(read(source)),
        identity=read if kind in NETWORK_WIDE else None,
    )


def day_start(value: dt.date | None) -> dt.datetime | None:
    """A calendar day as a DateTime: that day at 00:00 UTC (graphql/common.graphql)."""
    return None if value is None else dt.datetime.combine(value, dt.time(), tzinfo=dt.UTC)


# The most ids a list filter takes: a query holds each as a parameter, and databases take a
# few tens of thousands at most.
MAX_IDS = 1000


def id_list(args: Mapping[str, Any], name: str) -> list[int] | None:
    """The ids the list argument `name` gives (None when it is not given), at most MAX_IDS;
    GraphQLError (BAD_USER_INPUT) for more."""
    if args.get(name) is None:
        return None
    given = [i for i in args[name] if i is not None]
    if len(given) > MAX_IDS:
        raise bad_input(f"{name}: at most {MAX_IDS} ids, not {len(given)}.")
    return given


def ids(args: Mapping[str, Any], column: ColumnElement) -> list[tuple[object, Any]]:
    """The legacy `pk`, `pk_In` and `exclude` filters on `column` (`querying.where`'s)."""
    return [
        (args.get("pk"), column),
        (id_list(args, "pk_In"), column.in_),
        (id_list(args, "exclude") or None, column.not_in),
    ]


def filtered(statement: Select, *filters: tuple[object, Any] | list[tuple[object, Any]]) -> Select:
    """`querying.where` over single filters and lists of them."""
    flat: list[tuple[object, Any]] = []
    for item in filters:
        flat.extend(item if isinstance(item, list) else [item])
    return where(statement, *flat)


def ordered(
    statement: Select,
    order_by: str | None,
    names: Mapping[str, str],
    operation_id: str,
    *,
    default: str,
    joined: tuple[type, ...] = (),
) -> Select:
    """Sort by `orderBy` (`-awardedDate,pk`), each GraphQL name read as its REST ordering
    field (`names`; the REST names are accepted too), over what the REST list `operation_id`
    may be sorted by (gaggle.querying); GraphQLError for another name."""
    if not order_by:
        return order(statement, None, operation_id, default=default, joined=joined)
    fields = []
    for part in order_by.split(","):
        part = part.strip()
        descending = part.startswith("-")
        name = part.lstrip("-")
        rest = names.get(name, name if name in names.values() else None)
        if rest is None:
            known = ", ".join(sorted(names))
            raise bad_input(f"orderBy: cannot sort by {name!r}; use one of {known}.")
        fields.append(f"-{rest}" if descending else rest)
    return order(statement, ",".join(fields), operation_id, default=default, joined=joined)


def _bound(value: str, name: str, *, end: bool) -> tuple[dt.datetime, bool]:
    """An instant filter's bound: an ISO 8601 date-time, or a whole day (from its start, or up
    to its end with `end`); (instant, whether the bound itself is excluded)."""
    if len(value) == 10:
        start, next_day = dates.day_span(value, name)
        return (next_day, True) if end else (start, False)
    return dates.instant(value, name), False


def since(column: ColumnElement, value: str | None, name: str) -> tuple[object, Any]:
    """`column` at or after `value` (a date-time, or a day from its start), as a filter."""
    return value, lambda value: column >= _bound(value, name, end=False)[0]


def at(column: ColumnElement, value: str | None, name: str) -> tuple[object, Any]:
    """`column` at `value` (a date-time), or within it (a day), as a filter."""

    def within(value: str) -> ColumnElement[bool]:
        start = _bound(value, name, end=False)[0]
        end, excluded = _bound(value, name, end=True)
        return (column >= start) & (column < end) if excluded else column == start

    return value, within


def until(column: ColumnElement, value: str | None, name: str) -> tuple[object, Any]:
    """`column` at or before `value` (a date-time, or a day to its end), as a filter."""

    def before(value: str) -> ColumnElement[bool]:
        bound, excluded = _bound(value, name, end=True)
        return column < bound if excluded else column <= bound

    return value, before
