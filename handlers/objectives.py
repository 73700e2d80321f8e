"""objectives/: objectives, their alignment and progress."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection

from gaggle import render
from gaggle.bodies import relation
from gaggle.caller import Caller, current
from gaggle.dates import day
from gaggle.models import objectives
from gaggle.models.objectives import Objective, objective_owners
from gaggle.querying import dated, order, where
from gaggle.resources import Resource
from gaggle.rows import Reading, Shape


class WideShape(Shape):
    """A Shape whose related statements may select more than one value per object: a related
    statement of `(object id, value)` gives values as Shape's do, one of `(object id, *values)`
    gives each row's values as a tuple."""

    def rendered(self, connection: Connection, caller: Caller, ids: list[int]) -> list[dict]:
        if not ids:
            return []
        statement, related = self._statements
        params = {"ids": ids, "caller_profile": caller.profile_id}
        found = {row[0]: row for row in connection.execute(statement, params)}
        values: dict[str, dict[int, list]] = {}
        for name, select_related in related.items():
            grouped = values[name] = {}
            wide = len(select_related.selected_columns) > 2
            for row in connection.execute(select_related, params):
                grouped.setdefault(row[0], []).append(tuple(row[1:]) if wide else row[1])
        reading = Reading(caller, values)
        render = self.render
        return [render(found[i], reading) for i in ids if i in found]


# What an objective shows depends on who asks: a parent or children they may not see are left
# out (the row statements read them as the caller sees them).
OBJECTIVE = WideShape(
    objectives.objective_rows,
    render.objective,
    {
        "owners": objectives.objective_owner_rows,
        "children": objectives.objective_children_rows,
        "key_results": objectives.objective_key_result_rows,
    },
)
OBJECTIVES = Resource(
    objectives.visible_objectives,
    "objective",
    OBJECTIVE,
    fields={
        "parent": relation("objectives"),
        "department": relation("departments"),
        "owners": relation("userprofiles"),
        "start_date": day,
        "due_date": day,
    },
)


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
        objectives.visible_objectives(caller),
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
    return OBJECTIVES.page(statement, limit=limit, offset=offset)


def create_objective(body):
    return OBJECTIVES.create(objectives.create_objective, body)


def get_objective(id):  # noqa: A002 - the spec's parameter name
    return OBJECTIVES.show(id)


def update_objective(id, body):  # noqa: A002 - the spec's parameter name
    return OBJECTIVES.change(objectives.update_objective, id, body)


def delete_objective(id):  # noqa: A002 - the spec's parameter name
    return OBJECTIVES.delete(objectives.delete_objective, id)
