"""The declarative base, the UTC timestamp type, and what every domain's rules share: one
object among those a query builder lets the caller see (or a problem), text that must not be
blank, and the statements gaggle.rows reads objects with."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import orjson
from sqlalchemy import (
    Date,
    DateTime,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    TypeDecorator,
    bindparam,
    select,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from gaggle.problems import Problem

T = TypeVar("T")

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class IdList(TypeDecorator):
    """A list of ids bound as one parameter: a JSON array on SQLite (read by json_each), an
    integer array on PostgreSQL. Unlike an expanding IN, whose SQL is rewritten for each number
    of ids on every run, a statement with one stays the same SQL."""

    impl = String
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.ARRAY(Integer))
        return dialect.type_descriptor(String())

    def process_bind_param(self, value, dialect):
        return value if dialect.name == "postgresql" else orjson.dumps(value).decode()


class _each_id(FunctionElement):
    """The ids of an IdList parameter as a table of one column, `value`."""

    inherit_cache = True


@compiles(_each_id, "sqlite")
def _each_id_sqlite(element, compiler, **kw) -> str:
    return f"json_each({compiler.process(element.clauses, **kw)})"


@compiles(_each_id, "postgresql")
def _each_id_postgresql(element, compiler, **kw) -> str:
    # A subquery: the column of `unnest(...) AS alias` would be named after the alias.
    return f"(SELECT unnest({compiler.process(element.clauses, **kw)}) AS value)"


# What the row statements of gaggle.rows are given: the ids of the objects to read (`x.in_(IDS)`),
# and the profile of the caller, for columns that depend on who asks (whether they like a
# recognition).
IDS = select(_each_id(bindparam("ids", type_=IdList())).table_valued("value").c.value)
CALLER_PROFILE = bindparam("caller_profile")


def rows_of(table: Table, *names: str) -> Select:
    """The columns `names` of the rows of `table` whose ids are in IDS: a shape's statement
    (gaggle.rows) for an object whose JSON needs nothing joined."""
    return select(*(table.c[name] for name in names)).where(table.c.id.in_(IDS))


def pairs_of(table: Table, key: str) -> Select:
    """(object id, profile id) of the rows of the association `table` whose `key` is in IDS,
    each object's in profile order: the people of a shape's objects (owners, members)."""
    people = table.c.userprofile_id
    return select(table.c[key], people).where(table.c[key].in_(IDS)).order_by(table.c[key], people)


def parts_of(table: Table, key: str, *names: str) -> Select:
    """(object id, *names) of the rows of `table` whose `key` is in IDS, in the order of their
    ids: the parts of a shape's objects (an objective's key results, a check-in's values)."""
    return (
        select(table.c[key], *(table.c[name] for name in names))
        .where(table.c[key].in_(IDS))
        .order_by(table.c.id)
    )


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back as an aware UTC datetime."""

    impl = DateTime(timezone=True)
    cache_ok = True

    @property
    def python_type(self) -> type:
        return dt.datetime

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware datetime")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class _iso_instant(FunctionElement):
    """A UTCDateTime column as the text Python's isoformat() gives its value: the seconds'
    fraction only when it is not zero, and the UTC offset, `+00:00`."""

    type = String()
    inherit_cache = True


@compiles(_iso_instant, "sqlite")
def _iso_instant_sqlite(element, compiler, **kw) -> str:
    # Stored as `YYYY-MM-DD HH:MM:SS.ffffff` in UTC.
    x = compiler.process(element.clauses, **kw)
    fraction = (
        f"CASE WHEN substr({x}, 21) IN ('', '000000') THEN '' ELSE '.' || substr({x}, 21) END"
    )
    return f"(substr({x}, 1, 10) || 'T' || substr({x}, 12, 8) || {fraction} || '+00:00')"


@compiles(_iso_instant, "postgresql")
def _iso_instant_postgresql(element, compiler, **kw) -> str:
    utc = f"({compiler.process(element.clauses, **kw)} AT TIME ZONE 'UTC')"
    fraction = f"CASE WHEN to_char({utc}, 'US') = '000000' THEN '' ELSE to_char({utc}, '.US') END"
    return f"""(to_char({utc}, 'YYYY-MM-DD"T"HH24:MI:SS') || {fraction} || '+00:00')"""


class _iso_day(FunctionElement):
    """A Date column as the text Python's isoformat() gives its value, `YYYY-MM-DD`."""

    type = String()
    inherit_cache = True


@compiles(_iso_day, "sqlite")
def _iso_day_sqlite(element, compiler, **kw) -> str:
    return compiler.process(element.clauses, **kw)  # stored as that text


@compiles(_iso_day, "postgresql")
def _iso_day_postgresql(element, compiler, **kw) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM-DD')"


class plus_minutes(FunctionElement):
    """`plus_minutes(instant, minutes)`: a UTCDateTime column plus a whole number of minutes
    (an integer column or value), as a UTCDateTime."""

    type = UTCDateTime()
    inherit_cache = True


@compiles(plus_minutes, "sqlite")
def _plus_minutes_sqlite(element, compiler, **kw) -> str:
    # Stored as `YYYY-MM-DD HH:MM:SS.ffffff`: whole minutes leave the fraction as it is, and
    # SQLite's date functions would round it to milliseconds.
    instant, minutes = (compiler.process(c, **kw) for c in element.clauses)
    return (
        f"(strftime('%Y-%m-%d %H:%M:%S', substr({instant}, 1, 19), '+' || {minutes} || "
        f"' minutes') || substr({instant}, 20))"
    )


@compiles(plus_minutes, "postgresql")
def _plus_minutes_postgresql(element, compiler, **kw) -> str:
    instant, minutes = (compiler.process(c, **kw) for c in element.clauses)
    return f"({instant} + {minutes} * interval '1 minute')"


def as_text(column: ColumnElement) -> ColumnElement:
    """A timestamp or a day as the text the JSON shows it as, made by the database (no Python
    per row); any other column as it is."""
    if isinstance(column.type, UTCDateTime):
        return _iso_instant(column)
    if isinstance(column.type, Date):
        return _iso_day(column)
    return column


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime}


def _one(session: Session, visible: Select, object_id: int) -> Any:
    entity = visible.column_descriptions[0]["entity"]
    return session.scalar(visible.where(entity.id == object_id))


def one_or_404(
    session: Session, visible: Select, object_id: int, thing: str, *, within: str = ""
) -> Any:
    """The object `object_id` among those `visible` selects.

    Raises Problem(404) "No <thing> with id <id>[ <within>]." when it is not one of them, so an
    object the caller may not see cannot be told from one that does not exist.
    """
    found = _one(session, visible, object_id)
    if found is None:
        raise missing(thing, object_id, within=within)
    return found


def missing(thing: str, object_id: int, *, within: str = "") -> Problem:
    """Problem(404) "No <thing> with id <id>[ <within>].": the one answer for an object that
    does not exist and for one the caller may not see."""
    return Problem(404, f"No {thing} with id {object_id}{' ' + within if within else ''}.")


def one_or_422(session: Session, visible: Select, object_id: int, thing: str, field: str) -> Any:
    """The object `object_id` among those `visible` selects, named by the body's `field`.

    Raises Problem(422) "<field>: no <thing> with id <id>." when it is not one of them.
    """
    found = _one(session, visible, object_id)
    if found is None:
        raise Problem(422, f"{field}: no {thing} with id {object_id}.")
    return found


def lineage(node: T | None, up: Callable[[T], T | None]) -> Iterator[T]:
    """`node`, then what `up` leads to from it, and so on, each once: a loop in the data
    ends the walk instead of running forever."""
    seen: set[int] = set()
    while node is not None and node.id not in seen:
        seen.add(node.id)
        yield node
        node = up(node)


def stored(session: Session, obj: T) -> T:
    """`obj` added to the session and flushed, so its id is known and a broken constraint is
    raised inside the rule that wrote it."""
    session.add(obj)
    session.flush()
    return obj


def removed(session: Session, obj: object) -> None:
    """`obj` deleted and flushed, so what the database does on delete happens at once."""
    session.delete(obj)
    session.flush()


def not_blank(value: str, field: str, *, when: str = "") -> str:
    """`value` without surrounding white space; Problem(422) naming `field` when nothing is left.

    `when` says in which case the rule holds ("submitting") when it does not always.
    """
    stripped = value.strip()
    if not stripped:
        raise Problem(422, f"{field}: must not be blank{' when ' + when if when else ''}.")
    return stripped
