"""keyresults/: the measurable results of objectives."""

from __future__ import annotations

from gaggle import db
from gaggle.bodies import number, read, relation
from gaggle.caller import current
from gaggle.models import objectives
from gaggle.models.objectives import KeyResult
from gaggle.pagination import paginate
from gaggle.querying import where
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


FIELDS = {
    "objective": relation("objectives"),
    "owners": relation("userprofiles"),
    "starting_value": number,
    "target_value": number,
    "current_value": number,
    "weight": number,
}


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
        key_result = objectives.create_key_result(session, caller, read(body, FIELDS))
        return render_key_result(key_result), 201


def get_key_result(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.reading() as session:
        return render_key_result(objectives.get_key_result(session, caller, id))


def update_key_result(id, body):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        key_result = objectives.get_key_result(session, caller, id)
        objectives.update_key_result(session, caller, key_result, read(body, FIELDS))
        return render_key_result(key_result)


def delete_key_result(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        key_result = objectives.get_key_result(session, caller, id)
        objectives.delete_key_result(session, caller, key_result)
    return None, 204
