"""objectives/: objectives, their alignment and progress."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from gaggle import db
from gaggle.bodies import read, relation
from gaggle.caller import Caller, current
from gaggle.dates import day
from gaggle.models import objectives
from gaggle.models.base import reloaded
from gaggle.models.objectives import Objective, objective_owners
from gaggle.pagination import paginate
from gaggle.querying import dated, order, where
from gaggle.requests import api_url


def _url(collection: str, object_id: int | None) -> str | None:
    return api_url(f"/{collection}/{object_id}/") if object_id else None


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def render_objective(caller: Caller, objective: Objective) -> dict:
    """The objective as JSON; a parent or children the caller may not see are left out."""
    parent = objective.parent if objectives.can_see(caller, objective.parent) else None
    return {
        "id": objective.id,
        "url": _url("objectives", objective.id),
        "name": objective.name,
        "description": objective.description,
        "objective_type": objective.objective_type,
        "owners": [_url("userprofiles", p.id) for p in objective.owners],
        "creator": _url("userprofiles", objective.creator_id),
        "department": _url("departments", objective.department_id),
        "parent": _url("objectives", parent.id) if parent else None,
        "children": [
            _url("objectives", child.id)
            for child in sorted(objective.children, key=lambda c: c.id)
            if objectives.can_see(caller, child)
        ],
        "start_date": _date(objective.start_date),
        "due_date": _date(objective.due_date),
        "private": objective.private,
        "draft": objective.draft,
        "closed": objective.closed,
        "progress": objective.progress,
        "key_results": [_url("keyresults", kr.id) for kr in objective.key_results],
        "created": objective.created.isoformat(),
        "modified": objective.modified.isoformat(),
    }


FIELDS = {
    "parent": relation("objectives"),
    "department": relation("departments"),
    "owners": relation("userprofiles"),
    "start_date": day,
    "due_date": day,
}


def list_objectives(
    limit=None,
    offset=None,
    search=None,
    owner=None,
    department=None,
    parent=None,
    closed=None,
    objective_type=None,
    due_date__gte=None,
    due_date__lte=None,
    ordering=None,
):
    caller = current()
    owned = select(objective_owners.c.objective_id).where(
        objective_owners.c.userprofile_id == owner
    )
    pattern = f"%{(search or '').lower()}%"
    statement = where(
        objectives.objectives_for(caller),
        (search, Objective.name.ilike(pattern) | Objective.description.ilike(pattern)),
        (owner, Objective.id.in_(owned)),
        (department, Objective.department_id == department),
        (parent, Objective.parent_id == parent),
        (closed, Objective.closed.is_(closed)),
        (objective_type, Objective.objective_type == objective_type),
    )
    statement = dated(
        statement, Objective.due_date, due_date__gte=due_date__gte, due_date__lte=due_date__lte
    )
    statement = order(statement, ordering, "listObjectives", default="id")
    with db.reading() as session:
        return paginate(
            session,
            statement,
            limit=limit,
            offset=offset,
            render=lambda objective: render_objective(caller, objective),
        )


def create_objective(body):
    caller = current()
    with db.transaction() as session:
        objective = objectives.create_objective(session, caller, read(body, FIELDS))
        objective = reloaded(session, objectives.get_objective, caller, objective.id)
        return render_objective(caller, objective), 201


def get_objective(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.reading() as session:
        return render_objective(caller, objectives.get_objective(session, caller, id))


def update_objective(id, body):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        objective = objectives.get_objective(session, caller, id)
        objectives.update_objective(session, caller, objective, read(body, FIELDS))
        objective = reloaded(session, objectives.get_objective, caller, objective.id)
        return render_objective(caller, objective)


def delete_objective(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        objectives.delete_objective(session, caller, objectives.get_objective(session, caller, id))
    return None, 204
