"""Networks, users, their profiles and departments, and the rules for creating people."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from gaggle import passwords
from models.base import Base, utcnow

DEFAULT_NETWORK_NAME = "Default"

# Deliberately simple: one @, no spaces, a dot in the domain. Deliverability is not checked.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


class PeopleError(ValueError):
    """A request to create or change people breaks a rule; the message says which."""


class Network(Base):
    __tablename__ = "network"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    business_cycle_length: Mapped[int] = mapped_column(default=3)
    business_cycle_start_month: Mapped[int] = mapped_column(default=1)
    created: Mapped[dt.datetime] = mapped_column(default=utcnow)
    modified: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class User(Base):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    username: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    first_name: Mapped[str] = mapped_column(String(150), default="")
    last_name: Mapped[str] = mapped_column(String(150), default="")
    is_active: Mapped[bool] = mapped_column(default=True)
    date_joined: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_login: Mapped[dt.datetime | None]

    profile: Mapped[UserProfile] = relationship(back_populates="user", uselist=False)

    def check_password(self, password: str) -> bool:
        return passwords.verify(self.password_hash, password)


class UserProfile(Base):
    __tablename__ = "userprofile"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    reports_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("userprofile.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[str] = mapped_column(String(200), default="")
    phone_number: Mapped[str] = mapped_column(String(50), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    about: Mapped[str] = mapped_column(Text, default="")
    hire_date: Mapped[dt.date | None]
    employee_id: Mapped[str] = mapped_column(String(100), default="")
    is_admin: Mapped[bool] = mapped_column(default=False)
    activated: Mapped[bool] = mapped_column(default=True)
    profile_img: Mapped[str] = mapped_column(String(2000), default="")

    user: Mapped[User] = relationship(back_populates="profile")
    network: Mapped[Network] = relationship()
    reports_to: Mapped[UserProfile | None] = relationship(remote_side=[id])


department_leaders = Table(
    "department_leader",
    Base.metadata,
    Column("department_id", ForeignKey("department.id", ondelete="CASCADE"), primary_key=True),
    Column("userprofile_id", ForeignKey("userprofile.id", ondelete="CASCADE"), primary_key=True),
)

department_members = Table(
    "department_member",
    Base.metadata,
    Column("department_id", ForeignKey("department.id", ondelete="CASCADE"), primary_key=True),
    Column("userprofile_id", ForeignKey("userprofile.id", ondelete="CASCADE"), primary_key=True),
)


class Department(Base):
    __tablename__ = "department"
    __table_args__ = (UniqueConstraint("network_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("department.id", ondelete="SET NULL"), index=True
    )
    creator_id: Mapped[int | None] = mapped_column(
        ForeignKey("userprofile.id", ondelete="SET NULL")
    )
    created: Mapped[dt.datetime] = mapped_column(default=utcnow)
    modified: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    network: Mapped[Network] = relationship()
    parent: Mapped[Department | None] = relationship(remote_side=[id])
    creator: Mapped[UserProfile | None] = relationship()
    leaders: Mapped[list[UserProfile]] = relationship(secondary=department_leaders)
    members: Mapped[list[UserProfile]] = relationship(secondary=department_members)


def normalize_email(email: str) -> str:
    """The canonical form of an email address; raises PeopleError when it is malformed."""
    email = (email or "").strip()
    if len(email) > 254 or not _EMAIL.match(email):
        raise PeopleError(f"not a valid email address: {email!r}")
    local, _, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def get_or_create_network(session: Session, name: str) -> Network:
    name = name.strip()
    if not name or len(name) > 200:
        raise PeopleError("a network name must have 1 to 200 characters")
    network = session.scalar(select(Network).where(Network.name == name))
    if network is None:
        network = Network(name=name)
        session.add(network)
        session.flush()
    return network


def find_user_by_email(session: Session, email: str) -> User | None:
    try:
        email = normalize_email(email)
    except PeopleError:
        return None
    return session.scalar(select(User).where(func.lower(User.email) == email.lower()))


def create_user(
    *,
    session: Session,
    email: str,
    password: str,
    network: Network,
    first_name: str = "",
    last_name: str = "",
    is_admin: bool = False,
    reports_to: UserProfile | None = None,
    position: str = "",
) -> User:
    """A new active user with a profile in `network`. Raises PeopleError when a rule is broken."""
    email = normalize_email(email)
    if find_user_by_email(session, email) is not None:
        raise PeopleError(f"a user with the email {email} already exists")
    try:
        passwords.check_strength(password, email=email)
    except passwords.WeakPasswordError as exc:
        raise PeopleError(str(exc)) from None
    if reports_to is not None and reports_to.network_id != network.id:
        raise PeopleError("a manager must be in the same network")
    user = User(
        email=email,
        username=email,
        password_hash=passwords.hash_password(password),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
    )
    user.profile = UserProfile(
        network=network, is_admin=is_admin, reports_to=reports_to, position=position
    )
    session.add(user)
    session.flush()
    return user
