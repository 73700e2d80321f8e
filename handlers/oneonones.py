"""oneonones/: 1-on-1s between two people, their notes and action items."""

from __future__ import annotations

from gaggle import db, projection, render, rows
from gaggle.bodies import read, relation
from gaggle.caller import current
from gaggle.dates import day, instant
from gaggle.models import oneonone as rules
from gaggle.models.oneonone import ActionItem, OneOnOne, OneOnOneNote
from gaggle.querying import dated, order, where
from gaggle.resources import Resource
from gaggle.rows import Shape

ONEONONES = Resource(
    rules.visible_oneonones,
    "1-on-1",
    Shape(rules.oneonone_rows, render.oneonone, view=projection.oneonone_view),
    fields={"participant": relation("userprofiles"), "scheduled_start": instant},
)
NOTES = Shape(rules.note_rows, render.oneonone_note)
ACTION_ITEMS = Shape(rules.action_item_rows, render.action_item)
ACTION_ITEM_FIELDS = {"assignee": relation("userprofiles"), "due_date": day}


def list_one_on_ones(
    limit=None,
    offset=None,
    participant=None,
    status=None,
    scheduled_start__gte=None,
    scheduled_start__lte=None,
    ordering=None,
):
    statement = where(
        ONEONONES.listed(),
        (participant, rules.with_participant),
        (status, OneOnOne.status),
    )
    statement = dated(
        statement,
        OneOnOne.scheduled_start,
        scheduled_start__gte=scheduled_start__gte,
        scheduled_start__lte=scheduled_start__lte,
    )
    statement = order(statement, ordering, "listOneOnOnes", default="-scheduled_start")
    return ONEONONES.page(statement, limit=limit, offset=offset)


def create_one_on_one(body):
    return ONEONONES.create(rules.create_oneonone, body)


def get_one_on_one(id):  # noqa: A002 - the spec's parameter name
    return ONEONONES.show(id)


def update_one_on_one(id, body):  # noqa: A002 - the spec's parameter name
    return ONEONONES.change(rules.update_oneonone, id, body)


def delete_one_on_one(id):  # noqa: A002 - the spec's parameter name
    return ONEONONES.delete(rules.delete_oneonone, id)


def list_one_on_one_notes(id, limit=None, offset=None, shared=None):  # noqa: A002
    def notes(oneonone_id: int):
        statement = rules.notes_in(current(), oneonone_id)
        return where(statement, (shared, OneOnOneNote.shared.is_)).order_by(OneOnOneNote.id)

    return ONEONONES.page_within(id, notes, NOTES, limit=limit, offset=offset)


def add_one_on_one_note(id, body):  # noqa: A002 - the spec's parameter name
    return ONEONONES.add_to(rules.add_note, id, body, NOTES)


def update_one_on_one_note(id, note_id, body):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        note = rules.get_note(session, caller, ONEONONES.get(session, caller, id), note_id)
        rules.update_note(session, caller, note, body)
        return rows.written(session, NOTES, caller, note.id)


def delete_one_on_one_note(id, note_id):  # noqa: A002 - the spec's parameter name
    return ONEONONES.remove_from(rules.delete_note, id, note_id)


def list_one_on_one_action_items(
    id,  # noqa: A002 - the spec's parameter name
    limit=None,
    offset=None,
    completed=None,
    ordering=None,
):
    def action_items(oneonone_id: int):
        statement = rules.action_items_in(current(), oneonone_id)
        statement = where(statement, (completed, ActionItem.completed.is_))
        return order(statement, ordering, "listOneOnOneActionItems", default="id")

    return ONEONONES.page_within(id, action_items, ACTION_ITEMS, limit=limit, offset=offset)


def add_one_on_one_action_item(id, body):  # noqa: A002 - the spec's parameter name
    return ONEONONES.add_to(
        rules.add_action_item, id, body, ACTION_ITEMS, fields=ACTION_ITEM_FIELDS
    )


def update_one_on_one_action_item(id, item_id, body):  # noqa: A002
    caller = current()
    with db.transaction() as session:
        item = ONEONONES.get(session, caller, id)
        action = rules.get_action_item(session, item, item_id)
        rules.update_action_item(session, caller, item, action, read(body, ACTION_ITEM_FIELDS))
        return rows.written(session, ACTION_ITEMS, caller, action.id)


def delete_one_on_one_action_item(id, item_id):  # noqa: A002
    return ONEONONES.remove_from(rules.delete_action_item, id, item_id)
