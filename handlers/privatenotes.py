"""privatenotes/: notes about other people that only their author ever sees."""

from __future__ import annotations

from gaggle import db
from gaggle.bodies import read, relation
from gaggle.caller import current
from gaggle.models import privatenote
from gaggle.models.privatenote import PrivateNote
from gaggle.pagination import paginate
from gaggle.querying import order, where
from gaggle.requests import api_url


def render_note(note: PrivateNote) -> dict:
    return {
        "id": note.id,
        "url": api_url(f"/privatenotes/{note.id}/"),
        "about": api_url(f"/userprofiles/{note.about_id}/"),
        "text": note.text,
        "created": note.created.isoformat(),
        "modified": note.modified.isoformat(),
    }


FIELDS = {"about": relation("userprofiles")}


def list_private_notes(limit=None, offset=None, about=None, ordering=None):
    caller = current()
    statement = where(privatenote.notes_of(caller), (about, PrivateNote.about_id == about))
    statement = order(statement, ordering, "listPrivateNotes", default="-modified")
    with db.reading() as session:
        return paginate(session, statement, limit=limit, offset=offset, render=render_note)


def create_private_note(body):
    caller = current()
    data = read(body, FIELDS)
    with db.transaction() as session:
        note = privatenote.create_note(session, caller, about=data["about"], text=data["text"])
        return render_note(note), 201


def get_private_note(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.reading() as session:
        return render_note(privatenote.get_note(session, caller, id))


def update_private_note(id, body):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        note = privatenote.get_note(session, caller, id)
        privatenote.update_note(session, caller, note, read(body, FIELDS))
        return render_note(note)


def delete_private_note(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        privatenote.delete_note(session, caller, privatenote.get_note(session, caller, id))
    return None, 204
