"""objectivecheckins/: progress reports on objectives, in the legacy shape."""

from __future__ import annotations

from gaggle import render
from gaggle.bodies import relation
from gaggle.models import objectives
from gaggle.models.objectives import ObjectiveCheckin
from gaggle.querying import where
from gaggle.relations import ref_id
from gaggle.resources import Resource
from gaggle.rows import Shape


def _items(items: list[dict], field: str) -> list[dict]:
    """Each item's key result as an id; extra fields legacy clients send in items are dropped."""
    return [
        {
            "key_result": ref_id(item["key_result"], "keyresults", f"{field}[{index}]"),
            "current_value": float(item["current_value"]),
        }
        for index, item in enumerate(items)
    ]


CHECKINS = Resource(
    objectives.visible_checkins,
    "objective check-in",
    Shape(
        objectives.checkin_rows,
        render.checkin,
        {"key_results": objectives.checkin_update_rows},
    ),
    fields={"objective": relation("objectives"), "key_results": _items},
)


def list_objective_checkins(limit=None, offset=None, objective=None):
    statement = where(
        CHECKINS.listed(),
        (objective, ObjectiveCheckin.objective_id),
    ).order_by(ObjectiveCheckin.created.desc(), ObjectiveCheckin.id.desc())
    return CHECKINS.page(statement, limit=limit, offset=offset)


def create_objective_checkin(body):
    return CHECKINS.create(objectives.check_in, body)


def get_objective_checkin(id):  # noqa: A002 - the spec's parameter name
    return CHECKINS.show(id)
