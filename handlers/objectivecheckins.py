"""objectivecheckins/: progress reports on objectives, in the legacy shape."""

from __future__ import annotations

from gaggle import db
from gaggle.bodies import read, relation
from gaggle.caller import current
from gaggle.models import objectives
from gaggle.models.objectives import ObjectiveCheckin
from gaggle.pagination import paginate
from gaggle.querying import where
from gaggle.relations import ref_id
from gaggle.requests import api_url


def render_checkin(checkin: ObjectiveCheckin) -> dict:
    return {
        "id": checkin.id,
        "url": api_url(f"/objectivecheckins/{checkin.id}/"),
        "objective": api_url(f"/objectives/{checkin.objective_id}/"),
        "creator": api_url(f"/userprofiles/{checkin.creator_id}/") if checkin.creator_id else None,
        "message": checkin.message,
        "assessment_status": checkin.assessment_status,
        "key_results": [
            {
                "key_result": api_url(f"/keyresults/{update.key_result_id}/"),
                "previous_value": update.previous_value,
                "current_value": update.current_value,
                "progress": update.progress,
            }
            for update in checkin.updates
        ],
        "close_objective": checkin.close_objective,
        "progress": checkin.progress,
        "created": checkin.created.isoformat(),
    }


def _refs(body: dict) -> dict:
    """The check-in's relations as ids; extra fields legacy clients send in items are dropped."""
    data = read(body, {"objective": relation("objectives")})
    data["key_results"] = [
        {
            "key_result": ref_id(item["key_result"], "keyresults", f"key_results[{index}]"),
            "current_value": float(item["current_value"]),
        }
        for index, item in enumerate(data.get("key_results", []))
    ]
    return data


def list_objective_checkins(limit=None, offset=None, objective=None):
    caller = current()
    statement = where(
        objectives.checkins_for(caller), (objective, ObjectiveCheckin.objective_id == objective)
    ).order_by(ObjectiveCheckin.created.desc(), ObjectiveCheckin.id.desc())
    with db.reading() as session:
        return paginate(session, statement, limit=limit, offset=offset, render=render_checkin)


def create_objective_checkin(body):
    caller = current()
    with db.transaction() as session:
        return render_checkin(objectives.check_in(session, caller, _refs(body))), 201


def get_objective_checkin(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.reading() as session:
        return render_checkin(objectives.get_checkin(session, caller, id))
