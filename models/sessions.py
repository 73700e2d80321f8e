"""Sign-in sessions of the web pages, kept on the server so that signing out ends them.

The session cookie carries a random key; only its digest is stored. A session is good until it
expires, its user signs out, or its user or profile is deactivated.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from gaggle import tokens
from gaggle.models.base import Base
from gaggle.models.columns import IntPK, key_to
from gaggle.models.people import User, UserProfile

LIFETIME = dt.timedelta(days=14)


class UserSession(Base):
    __tablename__ = "user_session"

    id: Mapped[IntPK]
    key_digest: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = key_to("user")
    created: Mapped[dt.datetime]
    expires: Mapped[dt.datetime] = mapped_column(index=True)


def open_session(session: Session, user_id: int, now: dt.datetime) -> str:
    """A new session of `user_id`; returns the key for the cookie (stored only as a digest)."""
    key = tokens.new_secret()
    session.add(
        UserSession(
            key_digest=tokens.digest(key), user_id=user_id, created=now, expires=now + LIFETIME
        )
    )
    return key


def _of_live_session(statement, key: str, now: dt.datetime):
    """`statement` (over User) narrowed to the active user whose live session `key` is."""
    return (
        statement.join(UserSession, UserSession.user_id == User.id)
        .join(UserProfile, UserProfile.user_id == User.id)
        .where(
            UserSession.key_digest == tokens.digest(key),
            UserSession.expires > now,
            User.is_active.is_(True),
            UserProfile.activated.is_(True),
        )
    )


def session_user(session: Session, key: str, now: dt.datetime) -> User | None:
    """The active user whose live session `key` is, or None."""
    return session.scalar(_of_live_session(select(User), key, now))


def session_caller(session: Session, key: str, now: dt.datetime):
    """(user id, profile id, network id, is admin) of the active user whose live session `key`
    is, in one query, or None: what the API needs to serve a signed-in browser."""
    columns = select(User.id, UserProfile.id, UserProfile.network_id, UserProfile.is_admin)
    columns = columns.select_from(User)
    return session.execute(_of_live_session(columns, key, now)).first()


def close_session(session: Session, key: str) -> None:
    session.execute(delete(UserSession).where(UserSession.key_digest == tokens.digest(key)))


def close_user_sessions(session: Session, user_id: int) -> None:
    session.execute(delete(UserSession).where(UserSession.user_id == user_id))


def delete_expired(session: Session, now: dt.datetime) -> int:
    return session.execute(delete(UserSession).where(UserSession.expires <= now)).rowcount
