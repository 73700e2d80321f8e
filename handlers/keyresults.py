"""keyresults/: the measurable results of objectives."""

from __future__ import annotations

from gaggle import render
from gaggle.bodies import number, relation
from gaggle.models import objectives
from gaggle.models.objectives import KeyResult
from gaggle.querying import where
from gaggle.resources import Resource
from gaggle.rows import Shape

KEY_RESULTS = Resource(
    objectives.visible_key_results,
    "key result",
    Shape(
        objectives.key_result_rows,
        render.key_result,
        {"owners": objectives.key_result_owner_rows},
    ),
    fields={
        "objective": relation("objectives"),
        "owners": relation("userprofiles"),
        "starting_value": number,
        "target_value": number,
        "current_value": number,
        "weight": number,
    },
)


def list_key_results(limit=None, offset=None, objective=None):
    statement = where(KEY_RESULTS.listed(), (objective, KeyResult.objective_id)).order_by(
        KeyResult.id
    )
    return KEY_RESULTS.page(statement, limit=limit, offset=offset)


def create_key_result(body):
    return KEY_RESULTS.create(objectives.create_key_result, body)


def get_key_result(id):  # noqa: A002 - the spec's parameter name
    return KEY_RESULTS.show(id)


def update_key_result(id, body):  # noqa: A002 - the spec's parameter name
    return KEY_RESULTS.change(objectives.update_key_result, id, body)


def delete_key_result(id):  # noqa: A002 - the spec's parameter name
    return KEY_RESULTS.delete(objectives.delete_key_result, id)
