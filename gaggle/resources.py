"""What most operations do with one kind of object, written once: read a page of them, show,
create, change, act on or delete one, each in one transaction as the operation's caller.

A handler module describes its kind of object once, as a `Resource`, and each handler says
only what is particular to its operation: the query of a list, the rule function of a write.
Rule functions take `(session, caller, ...)` and raise Problem when a rule says no.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session

from gaggle import db
from gaggle.bodies import Reader, read
from gaggle.caller import Caller, current
from gaggle.models.base import reloaded
from gaggle.pagination import paginate

Render = Callable[[Any], dict]


@dataclass(frozen=True)
class Resource:
    """One kind of object as handlers reach it.

    `get(session, caller, id)` is the object if the caller may see it, Problem(404) otherwise;
    `render(object)` its JSON, or `render(caller, object)` with `per_caller` when what it shows
    depends on who asks; `fields` read a body's relations and dates for the rule functions.
    """

    get: Callable[[Session, Caller, int], Any]
    render: Callable[..., dict]
    fields: Mapping[str, Reader] = field(default_factory=dict)
    per_caller: bool = False

    def renderer(self, caller: Caller) -> Render:
        return partial(self.render, caller) if self.per_caller else self.render

    def page(self, statement: Select, *, limit: int | None, offset: int | None) -> dict:
        """One page of `statement`, each row rendered."""
        render = self.renderer(current())
        with db.reading() as session:
            return paginate(session, statement, limit=limit, offset=offset, render=render)

    def page_within(
        self,
        object_id: int,
        statement: Callable[[Any], Select],
        render: Render,
        *,
        limit: int | None,
        offset: int | None,
    ) -> dict:
        """One page of what `statement(found)` selects within the object `object_id`, each row
        through `render`; Problem(404) when the caller may not see that object."""
        caller = current()
        with db.reading() as session:
            found = self.get(session, caller, object_id)
            return paginate(session, statement(found), limit=limit, offset=offset, render=render)

    def show(self, object_id: int) -> dict:
        caller = current()
        with db.reading() as session:
            return self.renderer(caller)(self.get(session, caller, object_id))

    def create(
        self, make: Callable[[Session, Caller, dict], Any], body: dict, *, reload: bool = False
    ) -> tuple[dict, int]:
        """`make(session, caller, data)` with the body read, rendered with 201; read anew
        first with `reload`, for what only a read computes or loads (counts, related people)."""
        caller = current()
        data = read(body, self.fields)
        with db.transaction() as session:
            made = make(session, caller, data)
            if reload:
                made = reloaded(session, self.get, caller, made.id)
            return self.renderer(caller)(made), 201

    def act(
        self,
        action: Callable[[Session, Caller, Any], Any],
        object_id: int,
        *,
        reload: bool = False,
    ) -> dict:
        """`action(session, caller, found)` on the object `object_id`, rendered; read anew
        first with `reload`."""
        caller = current()
        with db.transaction() as session:
            found = self.get(session, caller, object_id)
            action(session, caller, found)
            if reload:
                found = reloaded(session, self.get, caller, object_id)
            return self.renderer(caller)(found)

    def change(
        self,
        update: Callable[[Session, Caller, Any, dict], Any],
        object_id: int,
        body: dict,
        *,
        reload: bool = False,
    ) -> dict:
        """`update(session, caller, found, data)` on the object `object_id`, rendered.

        The body is read once the object is found, so an object the caller may not see is a
        404 whatever the body says.
        """

        def apply(session: Session, caller: Caller, found: Any) -> None:
            update(session, caller, found, read(body, self.fields))

        return self.act(apply, object_id, reload=reload)

    def delete(
        self, remove: Callable[[Session, Caller, Any], None], object_id: int
    ) -> tuple[None, int]:
        """`remove(session, caller, found)` on the object `object_id`, answered with 204."""
        caller = current()
        with db.transaction() as session:
            remove(session, caller, self.get(session, caller, object_id))
        return None, 204
