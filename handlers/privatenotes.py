"""privatenotes/: notes about other people that only their author ever sees."""

from __future__ import annotations

from gaggle import render
from gaggle.bodies import relation
from gaggle.models import privatenote
from gaggle.models.privatenote import PrivateNote
from gaggle.querying import order, where
from gaggle.resources import Resource
from gaggle.rows import Shape

NOTES = Resource(
    privatenote.notes_of,
    "private note",
    Shape(privatenote.note_rows, render.private_note),
    fields={"about": relation("userprofiles")},
)


def list_private_notes(limit=None, offset=None, about=None, ordering=None):
    statement = where(NOTES.listed(), (about, PrivateNote.about_id))
    statement = order(statement, ordering, "listPrivateNotes", default="-modified")
    return NOTES.page(statement, limit=limit, offset=offset)


def create_private_note(body):
    return NOTES.create(privatenote.create_note, body)


def get_private_note(id):  # noqa: A002 - the spec's parameter name
    return NOTES.show(id)


def update_private_note(id, body):  # noqa: A002 - the spec's parameter name
    return NOTES.change(privatenote.update_note, id, body)


def delete_private_note(id):  # noqa: A002 - the spec's parameter name
    return NOTES.delete(privatenote.delete_note, id)
