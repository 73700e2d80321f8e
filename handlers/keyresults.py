"""keyresults/: the measurable results of objectives."""

from __future__ import annotations

from gaggle import db
from gaggle.caller import current
from gaggle.models import objectives
from gaggle.models.objectives import KeyResult
from gaggle.pagination import paginate
from gaggle.querying import where
from gaggle.relations import ref_id
from gaggle.requests import api_url


def render_key_result(key_result: KeyResult) -> dict:
    return {
        "id": key_result.id,
        "url": api_url(f"/keyresults/{key_result.id}/"),
        "objective": api_url(f"/objectives/{key_result.objective_id}/"),
        "name": key_result.name,
        "measurement_type": key_result.measurement_type,
        "starting_value": key_result.starting_value,
        "target_value": key_result.target_value,
        "current_value": key_result.current_value,
        "weight": key_result.weight,
        "owners": [api_url(f"/userprofiles/{p.id}/") for p in key_result.owners],
        "progress": key_result.progress,
        "created": key_result.created.isoformat(),
        "modified": key_result.modified.isoformat(),
    }


def _refs(body: dict) -> dict:
    data = dict(body)
    if "objective" in data:
        data["objective"] = ref_id(data["objective"], "objectives", "objective")
    if "owners" in data:
        data["owners"] = [ref_id(v, "userprofiles", "owners") for v in data["owners"]]
    for field in ("starting_value", "target_value", "current_value", "weight"):
        if field in data:
            data[field] = float(data[field])
    return data


def list_key_results(limit=None, offset=None, objective=None):
    caller = current()
    statement = where(
        objectives.key_results_for(caller), (objective, KeyResult.objective_id == objective)
    ).order_by(KeyResult.id)
    with db.reading() as session:
        return paginate(session, statement, limit=limit, offset=offset, render=render_key_result)


def create_key_result(body):
    caller = current()
    with db.transaction() as session:
        key_result = objectives.create_key_result(session, caller, _refs(body))
        return render_key_result(key_result), 201


def get_key_result(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.reading() as session:
        return render_key_result(objectives.get_key_result(session, caller, id))


def update_key_result(id, body):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        key_result = objectives.get_key_result(session, caller, id)
        objectives.update_key_result(session, caller, key_result, _refs(body))
        return render_key_result(key_result)


def delete_key_result(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        key_result = objectives.get_key_result(session, caller, id)
        objectives.delete_key_result(session, caller, key_result)
    return None, 204
