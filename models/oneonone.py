"""1-on-1s, their notes and action items, and who sees them.

Only the two people of a 1-on-1, its facilitator and its participant, ever see it or
anything in it; to anyone else, admins and managers included, it does not exist (404).
Within it, an unshared note is its author's alone.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, String, Text, or_, select
from sqlalchemy.orm import Mapped, Session, joinedload, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from gaggle.caller import Caller
from gaggle.models.base import IDS, Base, not_blank, one_or_404, removed, rows_of, stored
from gaggle.models.columns import Created, IntPK, Modified, NetworkId, ProfileId, key_to
from gaggle.models.people import UserProfile, network_profile, with_profile
from gaggle.problems import Problem

SCHEDULED, COMPLETED, CANCELLED = "scheduled", "completed", "cancelled"


class OneOnOne(Base):
    __tablename__ = "oneonone"

    id: Mapped[IntPK]
    network_id: Mapped[NetworkId]
    facilitator_id: Mapped[ProfileId]
    participant_id: Mapped[ProfileId]
    title: Mapped[str] = mapped_column(String(200), default="")
    scheduled_start: Mapped[dt.datetime] = mapped_column(index=True)
    duration: Mapped[int] = mapped_column(default=30)
    status: Mapped[str] = mapped_column(String(10), default=SCHEDULED)
    created: Mapped[Created]
    modified: Mapped[Modified]

    facilitator: Mapped[UserProfile] = relationship(foreign_keys="OneOnOne.facilitator_id")
    participant: Mapped[UserProfile] = relationship(foreign_keys="OneOnOne.participant_id")

    def people(self) -> tuple[int, int]:
        return (self.facilitator_id, self.participant_id)


class OneOnOneNote(Base):
    __tablename__ = "oneonone_note"

    id: Mapped[IntPK]
    oneonone_id: Mapped[int] = key_to("oneonone")
    author_id: Mapped[int] = key_to("userprofile", index=False)
    text: Mapped[str] = mapped_column(Text)
    shared: Mapped[bool] = mapped_column(default=False)
    created: Mapped[Created]
    modified: Mapped[Modified]


class ActionItem(Base):
    __tablename__ = "oneonone_action_item"

    id: Mapped[IntPK]
    oneonone_id: Mapped[int] = key_to("oneonone")
    creator_id: Mapped[int] = key_to("userprofile", index=False)
    assignee_id: Mapped[int] = key_to("userprofile", index=False)
    title: Mapped[str] = mapped_column(String(200))
    due_date: Mapped[dt.date | None]
    completed: Mapped[bool] = mapped_column(default=False)
    created: Mapped[Created]
    modified: Mapped[Modified]


# -- 1-on-1s --------------------------------------------------------------------------------


def with_participant(profile_id: int) -> ColumnElement[bool]:
    """The condition for the 1-on-1s this profile is one of the two people of."""
    return or_(OneOnOne.facilitator_id == profile_id, OneOnOne.participant_id == profile_id)


def _theirs(caller: Caller):
    """The condition for the 1-on-1s the caller is one of the two people of."""
    return (OneOnOne.network_id == caller.network_id) & with_participant(caller.profile_id)


def visible_oneonones(caller: Caller) -> Select:
    """The 1-on-1s the caller is one of the two people of."""
    return select(OneOnOne).where(_theirs(caller))


def oneonones_for(caller: Caller) -> Select:
    """visible_oneonones with both people and their accounts loaded in the same query."""
    return visible_oneonones(caller).options(
        joinedload(OneOnOne.facilitator).joinedload(UserProfile.user),
        joinedload(OneOnOne.participant).joinedload(UserProfile.user),
    )


def get_oneonone(session: Session, caller: Caller, oneonone_id: int) -> OneOnOne:
    return one_or_404(session, oneonones_for(caller), oneonone_id, "1-on-1")


# The 1-on-1's own columns in oneonone_rows, before its two people's.
ONEONONE_COLUMNS = 7


def oneonone_rows() -> Select:
    """The JSON columns of the 1-on-1s in IDS: id, title, scheduled start, duration, status,
    created, modified; then the facilitator's and the participant's profile_columns."""
    table = OneOnOne.__table__
    joined, facilitator = with_profile(table, table.c.facilitator_id)
    joined, participant = with_profile(joined, table.c.participant_id)
    return (
        select(
            table.c.id,
            table.c.title,
            table.c.scheduled_start,
            table.c.duration,
            table.c.status,
            table.c.created,
            table.c.modified,
            *facilitator,
            *participant,
        )
        .select_from(joined)
        .where(table.c.id.in_(IDS))
    )


def create_oneonone(session: Session, caller: Caller, data: dict) -> OneOnOne:
    """A 1-on-1 the caller facilitates with someone else of their network."""
    participant = data["participant"]
    if participant == caller.profile_id:
        raise Problem(422, "participant: a 1-on-1 is with someone else.")
    network_profile(session, caller, participant, "participant")
    oneonone = OneOnOne(
        network_id=caller.network_id,
        facilitator_id=caller.profile_id,
        participant_id=participant,
        title=data.get("title", "").strip(),
        scheduled_start=data["scheduled_start"],
        duration=data.get("duration", 30),
    )
    return stored(session, oneonone)


def may_change(oneonone: OneOnOne) -> bool:
    """Either of its people changes a 1-on-1 (its visibility says who), until it is completed."""
    return oneonone.status != COMPLETED


def may_delete(caller: Caller, oneonone: OneOnOne) -> bool:
    return oneonone.facilitator_id == caller.profile_id


def update_oneonone(session: Session, caller: Caller, oneonone: OneOnOne, data: dict) -> None:
    """Either of its people reschedules, completes or cancels it; a completed one is final."""
    if not may_change(oneonone) and data:
        raise Problem(409, "A completed 1-on-1 does not change.")
    for field in ("scheduled_start", "duration", "status"):
        if field in data:
            setattr(oneonone, field, data[field])
    if "title" in data:
        oneonone.title = data["title"].strip()
    session.flush()


def delete_oneonone(session: Session, caller: Caller, oneonone: OneOnOne) -> None:
    if not may_delete(caller, oneonone):
        raise Problem(403, "Only the facilitator deletes a 1-on-1.")
    removed(session, oneonone)


# -- notes ----------------------------------------------------------------------------------


def _visible_note(caller: Caller):
    """An unshared note is its author's alone."""
    return or_(OneOnOneNote.shared.is_(True), OneOnOneNote.author_id == caller.profile_id)


def notes_for(caller: Caller, oneonone: OneOnOne) -> Select:
    """Its shared notes and the caller's own."""
    return select(OneOnOneNote).where(
        OneOnOneNote.oneonone_id == oneonone.id, _visible_note(caller)
    )


def note_rows() -> Select:
    """The JSON columns of the notes in IDS: id, 1-on-1, author, text, shared, created,
    modified."""
    return rows_of(
        OneOnOneNote.__table__,
        "id",
        "oneonone_id",
        "author_id",
        "text",
        "shared",
        "created",
        "modified",
    )


def get_note(session: Session, caller: Caller, oneonone: OneOnOne, note_id: int) -> OneOnOneNote:
    return one_or_404(
        session, notes_for(caller, oneonone), note_id, "note", within="in this 1-on-1"
    )


def add_note(session: Session, caller: Caller, oneonone: OneOnOne, data: dict) -> OneOnOneNote:
    note = OneOnOneNote(
        oneonone_id=oneonone.id,
        author_id=caller.profile_id,
        text=not_blank(data["text"], "text"),
        shared=data.get("shared", False),
    )
    return stored(session, note)


def may_change_note(caller: Caller, note: OneOnOneNote) -> bool:
    """Only its author changes or deletes a note."""
    return note.author_id == caller.profile_id


def update_note(session: Session, caller: Caller, note: OneOnOneNote, data: dict) -> None:
    if not may_change_note(caller, note):
        raise Problem(403, "Only its author changes a note.")
    if "text" in data:
        note.text = not_blank(data["text"], "text")
    if "shared" in data:
        note.shared = data["shared"]
    session.flush()


def delete_note(session: Session, caller: Caller, oneonone: OneOnOne, note_id: int) -> None:
    note = get_note(session, caller, oneonone, note_id)
    if not may_change_note(caller, note):
        raise Problem(403, "Only its author deletes a note.")
    removed(session, note)


# -- action items ---------------------------------------------------------------------------


def action_items_of(oneonone: OneOnOne) -> Select:
    return select(ActionItem).where(ActionItem.oneonone_id == oneonone.id)


def action_items_for(caller: Caller) -> Select:
    """The action items of every 1-on-1 the caller is one of the two people of."""
    return select(ActionItem).where(
        ActionItem.oneonone_id.in_(select(OneOnOne.id).where(_theirs(caller)))
    )


def notes_of_theirs(caller: Caller) -> Select:
    """The notes the caller may see in any of their 1-on-1s (notes_for, over all of them)."""
    return select(OneOnOneNote).where(
        OneOnOneNote.oneonone_id.in_(select(OneOnOne.id).where(_theirs(caller))),
        _visible_note(caller),
    )


def action_item_rows() -> Select:
    """The JSON columns of the action items in IDS: id, 1-on-1, creator, assignee, title, due
    date, completed, created, modified."""
    return rows_of(
        ActionItem.__table__,
        "id",
        "oneonone_id",
        "creator_id",
        "assignee_id",
        "title",
        "due_date",
        "completed",
        "created",
        "modified",
    )


def notes_in(caller: Caller, oneonone_id: int) -> Select:
    """notes_of_theirs in the 1-on-1 `oneonone_id`: none when it is not one of theirs."""
    return notes_of_theirs(caller).where(OneOnOneNote.oneonone_id == oneonone_id)


def action_items_in(caller: Caller, oneonone_id: int) -> Select:
    """action_items_for in the 1-on-1 `oneonone_id`: none when it is not one of theirs."""
    return action_items_for(caller).where(ActionItem.oneonone_id == oneonone_id)


def get_action_item(session: Session, oneonone: OneOnOne, item_id: int) -> ActionItem:
    return one_or_404(
        session, action_items_of(oneonone), item_id, "action item", within="in this 1-on-1"
    )


def _assignee(oneonone: OneOnOne, assignee: int) -> int:
    if assignee not in oneonone.people():
        raise Problem(422, "assignee: an action item goes to one of the 1-on-1's two people.")
    return assignee


def add_action_item(session: Session, caller: Caller, oneonone: OneOnOne, data: dict) -> ActionItem:
    item = ActionItem(
        oneonone_id=oneonone.id,
        creator_id=caller.profile_id,
        assignee_id=_assignee(oneonone, data.get("assignee") or caller.profile_id),
        title=not_blank(data["title"], "title"),
        due_date=data.get("due_date"),
        completed=data.get("completed", False),
    )
    return stored(session, item)


def update_action_item(session: Session, oneonone: OneOnOne, item: ActionItem, data: dict):
    if "title" in data:
        item.title = not_blank(data["title"], "title")
    if "assignee" in data:
        item.assignee_id = _assignee(oneonone, data["assignee"])
    for field in ("due_date", "completed"):
        if field in data:
            setattr(item, field, data[field])
    session.flush()


def delete_action_item(session: Session, caller: Caller, oneonone: OneOnOne, item_id: int) -> None:
    """Either of the 1-on-1's two people deletes any of its action items."""
    item = get_action_item(session, oneonone, item_id)
    if caller.profile_id not in oneonone.people():
        raise Problem(403, "Only the 1-on-1's two people delete its action items.")
    removed(session, item)
