"""objectives/: objectives, their alignment and progress."""

from __future__ import annotations

from gaggle import render
from gaggle.bodies import relation
from gaggle.dates import day
from gaggle.models import objectives
from gaggle.models.objectives import Objective
from gaggle.querying import dated, order, where
from gaggle.resources import Resource
from gaggle.rows import Shape

# What an objective shows depends on who asks: a parent or children they may not see are left
# out (the row statements read them as the caller sees them).
OBJECTIVE = Shape(
    objectives.objective_rows,
    render.objective,
    {
        "owners": objectives.objective_owner_rows,
        "stakeholders": objectives.objective_stakeholder_rows,
        "followers": objectives.objective_follower_rows,
        "contributing_teams": objectives.objective_contributing_team_rows,
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
        "stakeholders": relation("userprofiles"),
        "contributing_teams": relation("departments"),
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
    statement = where(
        OBJECTIVES.listed(),
        (search, objectives.objectives_matching),
        (owner, lambda profile: Objective.id.in_(objectives.owned_by(profile))),
        (department, Objective.department_id),
        (parent, Objective.parent_id),
        (closed, Objective.closed.is_),
        (objective_type, Objective.objective_type),
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


def follow_objective(id):  # noqa: A002 - the spec's parameter name
    return OBJECTIVES.act(objectives.follow, id)


def unfollow_objective(id):  # noqa: A002 - the spec's parameter name
    return OBJECTIVES.delete(objectives.unfollow, id)
