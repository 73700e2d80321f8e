"""Badges, recognitions, their comments and likes, and who may do what with them.

Everyone in a network sees its badges and recognitions; nothing reaches another network.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Select, String, Text, UniqueConstraint, exists, func, select
from sqlalchemy.orm import (
    Mapped,
    Session,
    joinedload,
    mapped_column,
    relationship,
)
from sqlalchemy.sql.elements import ColumnElement

from gaggle.caller import Caller
from gaggle.models.base import (
    CALLER_PROFILE,
    IDS,
    Base,
    not_blank,
    one_or_404,
    one_or_422,
    removed,
    rows_of,
    stored,
    utcnow,
)
from gaggle.models.columns import Created, IntPK, Modified, NetworkId, ProfileId, key_to
from gaggle.models.people import UserProfile, network_profile, with_profile
from gaggle.problems import Problem


class Badge(Base):
    __tablename__ = "badge"
    __table_args__ = (UniqueConstraint("network_id", "name"),)

    id: Mapped[IntPK]
    network_id: Mapped[NetworkId]
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
    # The absolute https URL of its picture, or None.
    image: Mapped[str | None] = mapped_column(String(2000))
    creator_id: Mapped[int | None] = key_to("userprofile", index=False, ondelete="SET NULL")
    created: Mapped[Created]
    modified: Mapped[Modified]


class Recognition(Base):
    __tablename__ = "recognition"

    id: Mapped[IntPK]
    network_id: Mapped[NetworkId]
    creator_id: Mapped[ProfileId]
    recipient_id: Mapped[ProfileId]
    badge_id: Mapped[int] = key_to("badge")
    message: Mapped[str] = mapped_column(Text)
    created: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    modified: Mapped[Modified]


class RecognitionComment(Base):
    __tablename__ = "recognition_comment"

    id: Mapped[IntPK]
    recognition_id: Mapped[int] = key_to("recognition")
    author_id: Mapped[int] = key_to("userprofile", index=False)
    text: Mapped[str] = mapped_column(Text)
    created: Mapped[Created]

    author: Mapped[UserProfile] = relationship()


class RecognitionLike(Base):
    __tablename__ = "recognition_like"

    recognition_id: Mapped[int] = mapped_column(
        ForeignKey("recognition.id", ondelete="CASCADE"), primary_key=True
    )
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("userprofile.id", ondelete="CASCADE"), primary_key=True
    )
    created: Mapped[Created]


# -- badges ---------------------------------------------------------------------------------


def badges_in(network_id: int) -> Select:
    return select(Badge).where(Badge.network_id == network_id)


def badge_rows() -> Select:
    """The JSON columns of the badges in IDS."""
    columns = ("id", "name", "description", "active", "image", "created", "modified")
    return rows_of(Badge.__table__, *columns)


def _badge_name(session: Session, network_id: int, name: str, badge_id: int | None) -> str:
    """The stripped name; Problem 422 when blank, 409 when another badge has it (any case)."""
    name = not_blank(name, "name")
    rows = session.execute(select(Badge.id, Badge.name).where(Badge.network_id == network_id))
    # Compared in Python: SQLite's lower() folds ASCII letters only.
    if any(r.name.casefold() == name.casefold() and r.id != badge_id for r in rows):
        raise Problem(409, f"name: a badge named {name!r} already exists.")
    return name


def may_manage_badges(caller: Caller) -> bool:
    return caller.is_admin


def create_badge(session: Session, caller: Caller, data: dict) -> Badge:
    if not may_manage_badges(caller):
        raise Problem(403, "Only admins create badges.")
    badge = Badge(
        network_id=caller.network_id,
        name=_badge_name(session, caller.network_id, data["name"], None),
        description=data.get("description", "").strip(),
        active=data.get("active", True),
        image=data.get("image"),
        creator_id=caller.profile_id,
    )
    return stored(session, badge)


def update_badge(session: Session, caller: Caller, badge: Badge, data: dict) -> Badge:
    if not may_manage_badges(caller):
        raise Problem(403, "Only admins change badges.")
    if "name" in data:
        badge.name = _badge_name(session, caller.network_id, data["name"], badge.id)
    if "description" in data:
        badge.description = data["description"].strip()
    if "active" in data:
        badge.active = data["active"]
    if "image" in data:
        badge.image = data["image"]
    session.flush()
    return badge


# -- recognitions ---------------------------------------------------------------------------


def visible_recognitions(caller: Caller) -> Select:
    """Every recognition the caller may see: those of their network."""
    return select(Recognition).where(Recognition.network_id == caller.network_id)


def with_badge_active(active: bool) -> ColumnElement[bool]:
    """The condition for recognitions given with an active badge (`active`) or a retired one."""
    return Recognition.badge_id.in_(select(Badge.id).where(Badge.active.is_(active)))


def get_recognition(session: Session, caller: Caller, recognition_id: int) -> Recognition:
    return one_or_404(session, visible_recognitions(caller), recognition_id, "recognition")


def likes_count(recognition_id: ColumnElement) -> ColumnElement[int]:
    """How many people like the recognition `recognition_id`."""
    likes = RecognitionLike.__table__
    return select(func.count()).where(likes.c.recognition_id == recognition_id).scalar_subquery()


def comments_count(recognition_id: ColumnElement) -> ColumnElement[int]:
    """How many comments the recognition `recognition_id` has."""
    comments = RecognitionComment.__table__
    return select(func.count()).where(comments.c.recognition_id == recognition_id).scalar_subquery()


def liked(recognition_id: ColumnElement, profile_id: ColumnElement) -> ColumnElement[bool]:
    """Whether the profile `profile_id` likes the recognition `recognition_id`."""
    likes = RecognitionLike.__table__
    return exists().where(
        likes.c.recognition_id == recognition_id, likes.c.profile_id == profile_id
    )


# The badge's columns in recognition_rows, each labelled `badge__<name>`: its times, which only
# GraphQL shows and few documents ask for, are read with the badge (the `badge` loader).
BADGE_COLUMNS = ("id", "name", "description", "active", "image")


def recognition_rows() -> Select:
    """What a recognition is read as, by REST and GraphQL alike (gaggle.projection), for the
    recognitions in IDS, each column labelled: its own (id, message, created, modified,
    creator_id, recipient_id), its like and comment counts, whether the caller likes it, its
    badge's columns (`badge__<name>`), then the creator's and the recipient's profile_columns
    (`creator__<name>`, `recipient__<name>`)."""
    table, badge = Recognition.__table__, Badge.__table__
    joined = table.join(badge, badge.c.id == table.c.badge_id)
    joined, creator = with_profile(joined, table.c.creator_id, "creator__")
    joined, recipient = with_profile(joined, table.c.recipient_id, "recipient__")
    return (
        select(
            table.c.id,
            table.c.message,
            table.c.created,
            table.c.modified,
            table.c.creator_id,
            table.c.recipient_id,
            likes_count(table.c.id).label("likes_count"),
            comments_count(table.c.id).label("comments_count"),
            liked(table.c.id, CALLER_PROFILE).label("liked"),
            *(badge.c[name].label(f"badge__{name}") for name in BADGE_COLUMNS),
            *creator,
            *recipient,
        )
        .select_from(joined)
        .where(table.c.id.in_(IDS))
    )


def give_recognition(session: Session, caller: Caller, data: dict) -> Recognition:
    """A recognition from the caller; Problem(422) for themselves, a stranger or a retired badge."""
    recipient, badge = data["recipient"], data["badge"]
    if recipient == caller.profile_id:
        raise Problem(422, "recipient: you cannot recognize yourself.")
    network_profile(session, caller, recipient, "recipient")
    chosen = one_or_422(session, badges_in(caller.network_id), badge, "badge", "badge")
    if not chosen.active:
        raise Problem(422, f"badge: the badge {chosen.name!r} is no longer given.")
    recognition = Recognition(
        network_id=caller.network_id,
        creator_id=caller.profile_id,
        recipient_id=recipient,
        badge_id=badge,
        message=not_blank(data["message"], "message"),
    )
    return stored(session, recognition)


def may_change(caller: Caller, recognition: Recognition) -> bool:
    """The person who gave a recognition changes its message."""
    return recognition.creator_id == caller.profile_id


def may_delete(caller: Caller, recognition: Recognition) -> bool:
    """The person who gave a recognition, or an admin, deletes it."""
    return may_change(caller, recognition) or caller.is_admin


def update_recognition(session: Session, caller: Caller, recognition: Recognition, data: dict):
    if not may_change(caller, recognition):
        raise Problem(403, "Only the person who gave a recognition changes its message.")
    recognition.message = not_blank(data["message"], "message")
    session.flush()


def delete_recognition(session: Session, caller: Caller, recognition: Recognition) -> None:
    if not may_delete(caller, recognition):
        raise Problem(403, "Only the person who gave a recognition, or an admin, deletes it.")
    removed(session, recognition)


# -- comments and likes ---------------------------------------------------------------------


def comments_on(recognition_id: int) -> Select:
    return (
        select(RecognitionComment)
        .where(RecognitionComment.recognition_id == recognition_id)
        .options(joinedload(RecognitionComment.author).joinedload(UserProfile.user))
    )


def comment_rows() -> Select:
    """The JSON columns of the comments in IDS: id, recognition, text, created; then the
    author's profile_columns (`author__<name>`)."""
    table = RecognitionComment.__table__
    joined, author = with_profile(table, table.c.author_id, "author__")
    return (
        select(table.c.id, table.c.recognition_id, table.c.text, table.c.created, *author)
        .select_from(joined)
        .where(table.c.id.in_(IDS))
    )


def get_comment(session: Session, recognition: Recognition, comment_id: int) -> RecognitionComment:
    return one_or_404(
        session, comments_on(recognition.id), comment_id, "comment", within="on this recognition"
    )


def add_comment(
    session: Session, caller: Caller, recognition: Recognition, data: dict
) -> RecognitionComment:
    """The caller's comment."""
    comment = RecognitionComment(
        recognition_id=recognition.id,
        author_id=caller.profile_id,
        text=not_blank(data["text"], "text"),
    )
    return stored(session, comment)


def delete_comment(
    session: Session, caller: Caller, recognition: Recognition, comment_id: int
) -> None:
    comment = get_comment(session, recognition, comment_id)
    if comment.author_id != caller.profile_id:
        raise Problem(403, "Only its author deletes a comment.")
    removed(session, comment)


def likers_of(recognition_id: int) -> Select:
    return (
        select(UserProfile)
        .join(RecognitionLike, RecognitionLike.profile_id == UserProfile.id)
        .where(RecognitionLike.recognition_id == recognition_id)
        .options(joinedload(UserProfile.user))
        .order_by(RecognitionLike.created, UserProfile.id)
    )


def like(session: Session, caller: Caller, recognition: Recognition) -> None:
    """Like it; liking twice is one like."""
    if session.get(RecognitionLike, (recognition.id, caller.profile_id)) is None:
        stored(
            session, RecognitionLike(recognition_id=recognition.id, profile_id=caller.profile_id)
        )


def unlike(session: Session, caller: Caller, recognition: Recognition) -> None:
    """Take back the caller's like; unliking what one does not like changes nothing."""
    like_row = session.get(RecognitionLike, (recognition.id, caller.profile_id))
    if like_row is not None:
        removed(session, like_row)
