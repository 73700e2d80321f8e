"""How every mutation runs: the REST API's rule function in one transaction, its refusal (a
Problem) turned into the payload's `userErrors`, and the changed object read again through
the area's visibility query, as the REST API answers a write with the object.

A mutation that changes nothing is refused like any other, and a refused mutation's payload
holds no object: the REST API answers a refused write with a problem and nothing else."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from graphql import GraphQLObjectType, GraphQLSchema, default_field_resolver, get_named_type
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from gaggle import validation
from gaggle.caller import Caller
from gaggle.problems import Problem

T = TypeVar("T")

# The UserErrorCode of each status a rule refuses with (graphql/common.graphql).
CODES = {400: "INVALID", 422: "INVALID", 403: "FORBIDDEN", 404: "NOT_FOUND", 409: "CONFLICT"}

# The fields of a payload that say why a mutation was refused: all a refused payload answers.
ERRORS = frozenset({"userErrors", "validationErrors"})


def user_error(problem: Problem, fields: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """A refusal as a UserError; `fields` maps the REST field a message starts with
    (`due_date: must not be ...`) to the path of the argument at fault."""
    name = re.split(r"[.\[]", problem.detail.split(":", 1)[0])[0] if ":" in problem.detail else None
    return {
        "field": list(fields[name]) if name in fields else None,
        "message": problem.detail,
        "code": CODES.get(problem.status, "INVALID"),
    }


@contextlib.contextmanager
def _changes(session: Session) -> Iterator[Callable[[], bool]]:
    """Whether `session` wrote anything while the block ran (ask after a flush): an object
    added, deleted or changed by the unit of work, or a statement that inserted, updated or
    deleted rows. Setting a value an object already has writes nothing."""
    wrote: list[bool] = []

    def flushing(session: Session, *_: Any) -> None:
        dirty = any(session.is_modified(item) for item in session.dirty)
        wrote.append(bool(session.new or session.deleted) or dirty)

    def executing(state: ORMExecuteState) -> Any:
        if not (state.is_insert or state.is_update or state.is_delete):
            return None
        result = state.invoke_statement()
        wrote.append(result.rowcount != 0)
        return result

    event.listen(session, "before_flush", flushing)
    event.listen(session, "do_orm_execute", executing)
    try:
        yield lambda: any(wrote)
    finally:
        event.remove(session, "before_flush", flushing)
        event.remove(session, "do_orm_execute", executing)


def run(
    info, write: Callable[[Session, Caller], T], fields: Mapping[str, Sequence[str]] = {}
) -> tuple[T | None, list[dict[str, Any]]]:
    """`write(session, caller)` in one transaction: (what it returned, []), or (None, the
    user errors) when a rule refused it or it would change nothing, with nothing changed."""
    context = info.context
    try:
        with context.writing() as session, _changes(session) as changed:
            done = write(session, context.caller)
            session.flush()
            if not changed():
                raise Problem(400, validation.UNCHANGED)
            return done, []
    except Problem as problem:
        return None, [user_error(problem, fields)]


def reread(info, get: Callable[[Session, Caller, int], T], object_id: int | None) -> T | None:
    """The object `object_id` as the caller now sees it, or None."""
    if object_id is None:
        return None
    try:
        return get(info.context.session, info.context.caller, object_id)
    except Problem:
        return None


def withhold(schema: GraphQLSchema) -> None:
    """Make every mutation's payload hold no object once it holds user errors: each field of a
    payload type but ERRORS whose type is an object or a list of objects answers null then,
    whatever its resolver would read."""
    payloads = {get_named_type(field.type) for field in schema.mutation_type.fields.values()}
    for payload in payloads:
        if not isinstance(payload, GraphQLObjectType) or "userErrors" not in payload.fields:
            continue
        for name, field in payload.fields.items():
            if name not in ERRORS and isinstance(get_named_type(field.type), GraphQLObjectType):
                field.resolve = _withheld(field.resolve or default_field_resolver)


def _withheld(resolve: Callable[..., Any]) -> Callable[..., Any]:
    def resolver(payload: dict[str, Any], info, **args: Any) -> Any:
        if payload.get("userErrors"):
            return None
        return resolve(payload, info, **args)

    return resolver


def refused(status: int, detail: str, fields: Mapping[str, Sequence[str]] = {}) -> list[dict]:
    """User errors for a request the GraphQL layer refuses before any rule runs (an argument
    missing that the REST body requires)."""
    return [user_error(Problem(status, detail), fields)]


def _as_json(value: Any) -> Any:
    """A body as the REST API receives it: days and instants as ISO 8601 strings."""
    if isinstance(value, dt.date):  # a datetime is a date too
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_as_json(item) for item in value]
    return value


def rest_body(operation_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """`body` (the REST field names, Python values) checked as the REST operation
    `operation_id` checks its JSON body: lengths, ranges, formats, sizes of lists are the REST
    document's, written once. Problem(400) naming the field at fault otherwise."""
    validation.check_body("api", operation_id, _as_json(body))
    return body


def with_answers(
    answers: list[str], given: list, position: str, field: str, questions: int
) -> list[str]:
    """`answers` with each given answer (`{position: n, "answer": text}`, counted from 1)
    replacing the answer to its question, as the legacy mutations wrote answers; Problem(422)
    for a question beyond the `questions` there are."""
    merged = list(answers)
    for item in given:
        if not item or item.get(position) is None:
            continue
        number = item[position]
        if not 1 <= number <= questions:
            raise Problem(422, f"{field}: question {number} does not exist; there are {questions}.")
        merged += [""] * (number - len(merged))
        merged[number - 1] = item.get("answer") or ""
    return merged
