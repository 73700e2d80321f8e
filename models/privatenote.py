"""Private notes: what a person writes down about someone else, for their own eyes only."""

from __future__ import annotations

from sqlalchemy import Select, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from gaggle.caller import Caller
from gaggle.models.base import Base, not_blank, one_or_404, removed, rows_of, stored
from gaggle.models.columns import Created, IntPK, Modified, NetworkId, ProfileId
from gaggle.models.people import network_profile
from gaggle.problems import Problem


class PrivateNote(Base):
    __tablename__ = "private_note"

    id: Mapped[IntPK]
    network_id: Mapped[NetworkId]
    author_id: Mapped[ProfileId]
    about_id: Mapped[ProfileId]
    text: Mapped[str] = mapped_column(Text)
    created: Mapped[Created]
    modified: Mapped[Modified]


def notes_of(caller: Caller) -> Select:
    """The notes the caller may see: the ones they wrote, and no one else's, admins included."""
    return select(PrivateNote).where(
        PrivateNote.network_id == caller.network_id, PrivateNote.author_id == caller.profile_id
    )


def note_rows() -> Select:
    """The JSON columns of the notes in IDS: id, about, text, created, modified."""
    return rows_of(PrivateNote.__table__, "id", "about_id", "text", "created", "modified")


def get_note(session: Session, caller: Caller, note_id: int) -> PrivateNote:
    """The caller's own note; Problem(404) for anyone else's, so its existence stays private."""
    return one_or_404(session, notes_of(caller), note_id, "private note")


def _about(session: Session, caller: Caller, profile_id: int) -> int:
    about = network_profile(session, caller, profile_id, "about").id
    if about == caller.profile_id:
        raise Problem(422, "about: a private note is about someone else.")
    return about


def create_note(session: Session, caller: Caller, data: dict) -> PrivateNote:
    note = PrivateNote(
        network_id=caller.network_id,
        author_id=caller.profile_id,
        about_id=_about(session, caller, data["about"]),
        text=not_blank(data["text"], "text"),
    )
    return stored(session, note)


def update_note(session: Session, caller: Caller, note: PrivateNote, changes: dict) -> None:
    if "about" in changes:
        note.about_id = _about(session, caller, changes["about"])
    if "text" in changes:
        note.text = not_blank(changes["text"], "text")
    session.flush()


def delete_note(session: Session, caller: Caller, note: PrivateNote) -> None:
    """Only its author deletes a note (get_note finds no one else's)."""
    if note.author_id != caller.profile_id:
        raise Problem(403, "Only its author deletes a private note.")
    removed(session, note)
