"""oneonones/: 1-on-1s between two people, their notes and action items."""

from __future__ import annotations

from gaggle import db, render
from gaggle.bodies import read, relation
from gaggle.caller import current
from gaggle.dates import day, instant
from gaggle.models import oneonone as rules
from gaggle.models.oneonone import ActionItem, OneOnOne, OneOnOneNote
from gaggle.querying import dated, order, where
from gaggle.resources import ObjectResource

# Read anew after a write: the query that reads it loads both people with their accounts.
ONEONONES = ObjectResource(
    rules.get_oneonone,
    render.oneonone,
    fields={"participant": relation("userprofiles"), "scheduled_start": instant},
    reload=True,
)
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
        rules.oneonones_for(current()),
        (
            participant,
            (OneOnOne.facilitator_id == participant) | (OneOnOne.participant_id == participant),
        ),
        (status, OneOnOne.status == status),
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
    caller = current()

    def notes(item: OneOnOne):
        statement = where(rules.notes_for(caller, item), (shared, OneOnOneNote.shared.is_(shared)))
        return statement.order_by(OneOnOneNote.id)

    return ONEONONES.page_within(id, notes, render.oneonone_note, limit=limit, offset=offset)


def add_one_on_one_note(id, body):  # noqa: A002 - the spec's parameter name
    return ONEONONES.add_to(rules.add_note, id, body, render.oneonone_note)


def update_one_on_one_note(id, note_id, body):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        note = rules.get_note(session, caller, rules.get_oneonone(session, caller, id), note_id)
        rules.update_note(session, caller, note, body)
        return render.oneonone_note(note)


def delete_one_on_one_note(id, note_id):  # noqa: A002 - the spec's parameter name
    return ONEONONES.remove_from(rules.delete_note, id, note_id)


def list_one_on_one_action_items(id, limit=None, offset=None, completed=None):  # noqa: A002
    def action_items(item: OneOnOne):
        statement = where(
            rules.action_items_of(item), (completed, ActionItem.completed.is_(completed))
        )
        return statement.order_by(ActionItem.id)

    return ONEONONES.page_within(id, action_items, render.action_item, limit=limit, offset=offset)


def add_one_on_one_action_item(id, body):  # noqa: A002 - the spec's parameter name
    return ONEONONES.add_to(
        rules.add_action_item, id, body, render.action_item, fields=ACTION_ITEM_FIELDS
    )


def update_one_on_one_action_item(id, item_id, body):  # noqa: A002
    caller = current()
    with db.transaction() as session:
        item = rules.get_oneonone(session, caller, id)
        action = rules.get_action_item(session, item, item_id)
        rules.update_action_item(session, item, action, read(body, ACTION_ITEM_FIELDS))
        return render.action_item(action)


def delete_one_on_one_action_item(id, item_id):  # noqa: A002
    return ONEONONES.remove_from(rules.delete_action_item, id, item_id)
