"""oneonones/: 1-on-1s between two people, their notes and action items."""

from __future__ import annotations

from gaggle import db
from gaggle.bodies import read, relation
from gaggle.caller import current
from gaggle.dates import day, instant
from gaggle.handlers.userprofiles import render_profile
from gaggle.models import oneonone as rules
from gaggle.models.base import reloaded
from gaggle.models.oneonone import ActionItem, OneOnOne, OneOnOneNote
from gaggle.pagination import paginate
from gaggle.querying import dated, order, where
from gaggle.requests import api_url


def _profile_url(profile_id: int) -> str:
    return api_url(f"/userprofiles/{profile_id}/")


def render_oneonone(item: OneOnOne) -> dict:
    url = api_url(f"/oneonones/{item.id}/")
    return {
        "id": item.id,
        "url": url,
        "facilitator": render_profile(item.facilitator),
        "participant": render_profile(item.participant),
        "title": item.title,
        "scheduled_start": item.scheduled_start.isoformat(),
        "duration": item.duration,
        "status": item.status,
        "notes": f"{url}notes/",
        "action_items": f"{url}actionitems/",
        "created": item.created.isoformat(),
        "modified": item.modified.isoformat(),
    }


def render_note(note: OneOnOneNote) -> dict:
    return {
        "id": note.id,
        "url": api_url(f"/oneonones/{note.oneonone_id}/notes/{note.id}/"),
        "oneonone": api_url(f"/oneonones/{note.oneonone_id}/"),
        "author": _profile_url(note.author_id),
        "text": note.text,
        "shared": note.shared,
        "created": note.created.isoformat(),
        "modified": note.modified.isoformat(),
    }


def render_action_item(item: ActionItem) -> dict:
    return {
        "id": item.id,
        "url": api_url(f"/oneonones/{item.oneonone_id}/actionitems/{item.id}/"),
        "oneonone": api_url(f"/oneonones/{item.oneonone_id}/"),
        "creator": _profile_url(item.creator_id),
        "assignee": _profile_url(item.assignee_id),
        "title": item.title,
        "due_date": item.due_date.isoformat() if item.due_date else None,
        "completed": item.completed,
        "created": item.created.isoformat(),
        "modified": item.modified.isoformat(),
    }


ONEONONE_FIELDS = {"participant": relation("userprofiles"), "scheduled_start": instant}
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
    caller = current()
    statement = where(
        rules.oneonones_for(caller),
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
    with db.reading() as session:
        return paginate(session, statement, limit=limit, offset=offset, render=render_oneonone)


def create_one_on_one(body):
    caller = current()
    with db.transaction() as session:
        item = rules.create_oneonone(session, caller, read(body, ONEONONE_FIELDS))
        return render_oneonone(reloaded(session, rules.get_oneonone, caller, item.id)), 201


def get_one_on_one(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.reading() as session:
        return render_oneonone(rules.get_oneonone(session, caller, id))


def update_one_on_one(id, body):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        item = rules.get_oneonone(session, caller, id)
        rules.update_oneonone(session, caller, item, read(body, ONEONONE_FIELDS))
        return render_oneonone(item)


def delete_one_on_one(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        rules.delete_oneonone(session, caller, rules.get_oneonone(session, caller, id))
    return None, 204


def list_one_on_one_notes(id, limit=None, offset=None, shared=None):  # noqa: A002
    caller = current()
    with db.reading() as session:
        item = rules.get_oneonone(session, caller, id)
        statement = where(rules.notes_for(caller, item), (shared, OneOnOneNote.shared.is_(shared)))
        statement = statement.order_by(OneOnOneNote.id)
        return paginate(session, statement, limit=limit, offset=offset, render=render_note)


def add_one_on_one_note(id, body):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        item = rules.get_oneonone(session, caller, id)
        return render_note(rules.add_note(session, caller, item, body)), 201


def update_one_on_one_note(id, note_id, body):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        note = rules.get_note(session, caller, rules.get_oneonone(session, caller, id), note_id)
        rules.update_note(session, caller, note, body)
        return render_note(note)


def delete_one_on_one_note(id, note_id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        note = rules.get_note(session, caller, rules.get_oneonone(session, caller, id), note_id)
        rules.delete_note(session, caller, note)
    return None, 204


def list_one_on_one_action_items(id, limit=None, offset=None, completed=None):  # noqa: A002
    caller = current()
    with db.reading() as session:
        item = rules.get_oneonone(session, caller, id)
        statement = where(
            rules.action_items_of(item), (completed, ActionItem.completed.is_(completed))
        ).order_by(ActionItem.id)
        return paginate(session, statement, limit=limit, offset=offset, render=render_action_item)


def add_one_on_one_action_item(id, body):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        item = rules.get_oneonone(session, caller, id)
        action = rules.add_action_item(session, caller, item, read(body, ACTION_ITEM_FIELDS))
        return render_action_item(action), 201


def update_one_on_one_action_item(id, item_id, body):  # noqa: A002
    caller = current()
    with db.transaction() as session:
        item = rules.get_oneonone(session, caller, id)
        action = rules.get_action_item(session, item, item_id)
        rules.update_action_item(session, item, action, read(body, ACTION_ITEM_FIELDS))
        return render_action_item(action)


def delete_one_on_one_action_item(id, item_id):  # noqa: A002
    caller = current()
    with db.transaction() as session:
        item = rules.get_oneonone(session, caller, id)
        action = rules.get_action_item(session, item, item_id)
        rules.delete_action_item(session, caller, item, action)
    return None, 204
