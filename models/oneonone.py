"""1-on-1s, their notes and action items, and who sees them.

Only the two people of a 1-on-1, its facilitator and its participant, ever see it or
anything in it; to anyone else, admins and managers included, it does not exist (404).
Within it, an unshared note is its author's alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Select, String, Text, literal, or_, select, union
from sqlalchemy.orm import Mapped, Session, joinedload, mapped_column, relationship
from sqlalchemy.sql import Subquery
from sqlalchemy.sql.elements import ColumnElement

from gaggle.caller import Caller
from gaggle.models.base import (
    IDS,
    Base,
    not_blank,
    one_or_404,
    plus_minutes,
    removed,
    rows_of,
    stored,
    utcnow,
)
from gaggle.models.columns import Created, IntPK, Modified, NetworkId, ProfileId, key_to
from gaggle.models.people import UserProfile, department_members, network_profile, with_profile
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
    completed_at: Mapped[dt.datetime | None]
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
    assigned_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    due_date: Mapped[dt.date | None]
    completed: Mapped[bool] = mapped_column(default=False)
    # Who completed it and when, while it is done; who last reopened it and when.
    completed_at: Mapped[dt.datetime | None]
    completed_by_id: Mapped[int | None] = key_to("userprofile", index=False, ondelete="SET NULL")
    uncompleted_at: Mapped[dt.datetime | None]
    uncompleted_by_id: Mapped[int | None] = key_to("userprofile", index=False, ondelete="SET NULL")
    created: Mapped[Created]
    modified: Mapped[Modified]


# -- 1-on-1s --------------------------------------------------------------------------------


def with_participant(profile_id: int) -> ColumnElement[bool]:
    """The condition for the 1-on-1s this profile is one of the two people of."""
    return or_(OneOnOne.facilitator_id == profile_id, OneOnOne.participant_id == profile_id)


def people_of_each(everyone_of: int) -> Subquery:
    """(person, id): each 1-on-1 with each of its two people, and with the profile
    `everyone_of`, whose list holds every 1-on-1 it is given, for 1-on-1s read by person."""
    table = OneOnOne.__table__.c
    return union(
        select(table.facilitator_id.label("person"), table.id),
        select(table.participant_id, table.id),
        select(literal(everyone_of), table.id),
    ).subquery()


def with_any_of(profile_ids: Sequence[int] | Select) -> ColumnElement[bool]:
    """The condition for the 1-on-1s one of whose two people is one of these profiles."""
    return or_(OneOnOne.facilitator_id.in_(profile_ids), OneOnOne.participant_id.in_(profile_ids))


def with_member_of(department_ids: Sequence[int]) -> ColumnElement[bool]:
    """The condition for the 1-on-1s one of whose two people is a direct member of one of
    these departments."""
    members = department_members.c
    return with_any_of(
        select(members.userprofile_id).where(members.department_id.in_(department_ids))
    )


def end_time() -> ColumnElement[dt.datetime]:
    """When a 1-on-1 ends, as SQL: its start plus its duration."""
    return plus_minutes(OneOnOne.scheduled_start, OneOnOne.duration)


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


# The 1-on-1's own columns in oneonone_rows, before its two people's (`facilitator__`,
# `participant__`).
ONEONONE_COLUMNS = (
    "id",
    "title",
    "scheduled_start",
    "duration",
    "status",
    "completed_at",
    "created",
    "modified",
)


def oneonone_rows() -> Select:
    """The JSON columns of the 1-on-1s in IDS: id, title, scheduled start, duration, status,
    completed at, created, modified; then the facilitator's and the participant's
    profile_columns."""
    table = OneOnOne.__table__
    joined, facilitator = with_profile(table, table.c.facilitator_id, "facilitator__")
    joined, participant = with_profile(joined, table.c.participant_id, "participant__")
    return (
        select(*(table.c[name] for name in ONEONONE_COLUMNS), *facilitator, *participant)
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
    if data.get("status") == COMPLETED:
        oneonone.completed_at = utcnow()
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
    return visible_notes(caller).where(OneOnOneNote.oneonone_id == oneonone.id)


def visible_notes(caller: Caller) -> Select:
    """notes_for over every 1-on-1: for those of 1-on-1s the caller sees, read by 1-on-1."""
    return select(OneOnOneNote).where(_visible_note(caller))


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
    return action_items_of_any().where(ActionItem.oneonone_id == oneonone.id)


def action_items_of_any() -> Select:
    """action_items_of over every 1-on-1: for those of 1-on-1s the caller sees, read by
    1-on-1."""
    return select(ActionItem)


def action_items_for(caller: Caller) -> Select:
    """The action items of every 1-on-1 the caller is one of the two people of."""
    return select(ActionItem).where(
        ActionItem.oneonone_id.in_(select(OneOnOne.id).where(_theirs(caller)))
    )


def in_oneonones_of_any(profile_ids: Sequence[int]) -> ColumnElement[bool]:
    """The condition for the action items of the 1-on-1s one of whose two people is one of
    these profiles."""
    return ActionItem.oneonone_id.in_(select(OneOnOne.id).where(with_any_of(profile_ids)))


def notes_of_theirs(caller: Caller) -> Select:
    """The notes the caller may see in any of their 1-on-1s (notes_for, over all of them)."""
    return select(OneOnOneNote).where(
        OneOnOneNote.oneonone_id.in_(select(OneOnOne.id).where(_theirs(caller))),
        _visible_note(caller),
    )


def action_item_rows() -> Select:
    """The JSON columns of the action items in IDS: id, 1-on-1, creator, assignee, assigned
    at, title, description, due date, completed, completed at and by, uncompleted at and by,
    created, modified."""
    return rows_of(
        ActionItem.__table__,
        "id",
        "oneonone_id",
        "creator_id",
        "assignee_id",
        "assigned_at",
        "title",
        "description",
        "due_date",
        "completed",
        "completed_at",
        "completed_by_id",
        "uncompleted_at",
        "uncompleted_by_id",
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


def _mark(caller: Caller, item: ActionItem, completed: bool) -> None:
    """Complete or reopen the item, keeping who did it and when."""
    item.completed = completed
    if completed:
        item.completed_at, item.completed_by_id = utcnow(), caller.profile_id
    else:
        item.completed_at = item.completed_by_id = None
        item.uncompleted_at, item.uncompleted_by_id = utcnow(), caller.profile_id


def add_action_item(session: Session, caller: Caller, oneonone: OneOnOne, data: dict) -> ActionItem:
    item = ActionItem(
        oneonone_id=oneonone.id,
        creator_id=caller.profile_id,
        assignee_id=_assignee(oneonone, data.get("assignee") or caller.profile_id),
        title=not_blank(data["title"], "title"),
        description=data.get("description", "").strip(),
        due_date=data.get("due_date"),
    )
    if data.get("completed"):
        _mark(caller, item, True)
    return stored(session, item)


def update_action_item(
    session: Session, caller: Caller, oneonone: OneOnOne, item: ActionItem, data: dict
) -> None:
    """Either of the 1-on-1's people changes, reassigns, completes or reopens an action item."""
    if "title" in data:
        item.title = not_blank(data["title"], "title")
    if "description" in data:
        item.description = data["description"].strip()
    if "assignee" in data:
        assignee = _assignee(oneonone, data["assignee"])
        if assignee != item.assignee_id:
            item.assignee_id, item.assigned_at = assignee, utcnow()
    if "due_date" in data:
        item.due_date = data["due_date"]
    if "completed" in data and data["completed"] != item.completed:
        _mark(caller, item, data["completed"])
    session.flush()


def delete_action_item(session: Session, caller: Caller, oneonone: OneOnOne, item_id: int) -> None:
    """Either of the 1-on-1's two people deletes any of its action items."""
    item = get_action_item(session, oneonone, item_id)
    if caller.profile_id not in oneonone.people():
        raise Problem(403, "Only the 1-on-1's two people delete its action items.")
    removed(session, item)
