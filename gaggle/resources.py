"""What most operations do with one kind of object, written once: read a page of them, show,
create, change, act on or delete one, each in one transaction as the operation's caller.

A handler module describes its kind of object once, as a `Resource`, and each handler says
only what is particular to its operation: the query of a list, the rule function of a write.
Rule functions take `(session, caller, ...)` and raise Problem when a rule says no.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session

from gaggle import db, rows
from gaggle.bodies import Reader, read
from gaggle.caller import Caller, current
from gaggle.models import base as models_base
from gaggle.models.base import one_or_404
from gaggle.rows import Shape


@dataclass(frozen=True)
class Resource:
    """One kind of object as handlers reach it.

    `visible(caller)` selects the objects the caller may see (the resource's one visibility
    query, which its rules use too); `thing` names one in a 404 ("No <thing> with id 3.");
    `shape` reads and renders them from rows, for reads and after every write alike; `fields`
    read a body's relations and dates for the rule functions.
    """

    visible: Callable[[Caller], Select]
    thing: str
    shape: Shape
    fields: Mapping[str, Reader] = field(default_factory=dict)

    def get(self, session: Session, caller: Caller, object_id: int) -> Any:
        """The object `object_id` if the caller may see it, Problem(404) otherwise."""
        return one_or_404(session, self.visible(caller), object_id, self.thing)

    def listed(self) -> Select:
        """What the current caller may see, as `page` takes it: the visibility query built once
        for every caller of their kind, their ids bound when the page is read."""
        return rows.visible_to(self.visible, current().is_admin)

    def page(self, statement: Select, *, limit: int | None, offset: int | None) -> dict:
        """One page of `statement` (the visibility query, filtered and ordered), rendered."""
        return rows.page(statement, self.shape, current(), limit=limit, offset=offset)

    def page_within(
        self,
        object_id: int,
        parts: Callable[[int], Select],
        shape: Shape,
        *,
        limit: int | None,
        offset: int | None,
    ) -> dict:
        """One page of what `parts(object_id)` selects within the object `object_id` (comments,
        members), each row rendered by `shape`; Problem(404) when the caller may not see that
        object."""
        missing = models_base.missing(self.thing, object_id)
        return rows.page_within(
            self.visible,
            object_id,
            missing,
            parts(object_id),
            shape,
            current(),
            limit=limit,
            offset=offset,
        )

    def show(self, object_id: int) -> dict:
        caller = current()
        missing = models_base.missing(self.thing, object_id)
        return rows.one(self.visible, self.shape, caller, object_id, missing)

    def create(self, make: Callable[[Session, Caller, dict], Any], body: dict) -> tuple[dict, int]:
        """`make(session, caller, data)` with the body read, rendered with 201."""
        caller = current()
        data = read(body, self.fields)
        with db.transaction() as session:
            made = make(session, caller, data)
            return rows.written(session, self.shape, caller, made.id), 201

    def act(self, action: Callable[[Session, Caller, Any], Any], object_id: int) -> dict:
        """`action(session, caller, found)` on the object `object_id`, rendered."""
        caller = current()
        with db.transaction() as session:
            action(session, caller, self.get(session, caller, object_id))
            return rows.written(session, self.shape, caller, object_id)

    def change(
        self, update: Callable[[Session, Caller, Any, dict], Any], object_id: int, body: dict
    ) -> dict:
        """`update(session, caller, found, data)` on the object `object_id`, rendered.

        The body is read once the object is found, so an object the caller may not see is a
        404 whatever the body says.
        """

        def apply(session: Session, caller: Caller, found: Any) -> None:
            update(session, caller, found, read(body, self.fields))

        return self.act(apply, object_id)

    def add_to(
        self,
        add: Callable[[Session, Caller, Any, dict], Any],
        object_id: int,
        body: dict,
        shape: Shape,
        *,
        fields: Mapping[str, Reader] | None = None,
    ) -> tuple[dict, int]:
        """`add(session, caller, found, data)` within the object `object_id` (a note to a
        1-on-1, a member to a department), rendered by `shape` with 201; the body is read by
        `fields` once the object is found."""
        caller = current()
        with db.transaction() as session:
            found = self.get(session, caller, object_id)
            part = add(session, caller, found, read(body, fields or {}))
            return rows.written(session, shape, caller, part.id), 201

    def remove_from(
        self, remove: Callable[[Session, Caller, Any, int], None], object_id: int, part_id: int
    ) -> tuple[None, int]:
        """`remove(session, caller, found, part_id)` within the object `object_id`, with 204."""
        caller = current()
        with db.transaction() as session:
            remove(session, caller, self.get(session, caller, object_id), part_id)
        return None, 204

    def delete(
        self, remove: Callable[[Session, Caller, Any], None], object_id: int
    ) -> tuple[None, int]:
        """`remove(session, caller, found)` on the object `object_id`, answered with 204."""
        caller = current()
        with db.transaction() as session:
            remove(session, caller, self.get(session, caller, object_id))
        return None, 204
