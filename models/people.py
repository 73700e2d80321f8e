"""Networks, users, their profiles and departments, and the rules for creating people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import (
    ForeignKey,
    Select,
    String,
    Text,
    UniqueConstraint,
    exists,
    func,
    literal,
    or_,
    select,
    union,
    update,
)
from sqlalchemy.orm import (
    Mapped,
    Session,
    aliased,
    column_property,
    contains_eager,
    mapped_column,
    relationship,
    selectinload,
)
from sqlalchemy.sql import FromClause, Subquery
from sqlalchemy.sql.elements import ColumnElement

from gaggle import passwords
from gaggle.caller import Caller
from gaggle.models.base import (
    IDS,
    Base,
    lineage,
    not_blank,
    one_or_404,
    one_or_422,
    pairs_of,
    removed,
    rows_of,
    stored,
    utcnow,
)
from gaggle.models.columns import Created, IntPK, Modified, NetworkId, association, key_to
from gaggle.problems import Problem

DEFAULT_NETWORK_NAME = "Default"


class PeopleError(ValueError):
    """A request to create or change people breaks a rule; the message says which."""


class Network(Base):
    __tablename__ = "network"

    id: Mapped[IntPK]
    name: Mapped[str] = mapped_column(String(200), unique=True)
    business_cycle_length: Mapped[int] = mapped_column(default=3)
    business_cycle_start_month: Mapped[int] = mapped_column(default=1)
    logo_img: Mapped[str] = mapped_column(String(2000), default="", server_default="")
    created: Mapped[Created]
    modified: Mapped[Modified]


class User(Base):
    __tablename__ = "user"

    id: Mapped[IntPK]
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

    id: Mapped[IntPK]
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    network_id: Mapped[NetworkId]
    reports_to_id: Mapped[int | None] = key_to("userprofile", ondelete="SET NULL")
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
    reports_to: Mapped[UserProfile | None] = relationship(remote_side="UserProfile.id")


department_leaders = association("department_leader", "department")

department_members = association("department_member", "department")


class Department(Base):
    __tablename__ = "department"
    __table_args__ = (UniqueConstraint("network_id", "name"),)

    id: Mapped[IntPK]
    network_id: Mapped[NetworkId]
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = key_to("department", ondelete="SET NULL")
    creator_id: Mapped[int | None] = key_to("userprofile", index=False, ondelete="SET NULL")
    created: Mapped[Created]
    modified: Mapped[Modified]

    network: Mapped[Network] = relationship()
    parent: Mapped[Department | None] = relationship(remote_side="Department.id")
    creator: Mapped[UserProfile | None] = relationship()
    leaders: Mapped[list[UserProfile]] = relationship(secondary=department_leaders)
    members: Mapped[list[UserProfile]] = relationship(secondary=department_members)


def normalize_email(email: str) -> str:
    """The canonical form of an email address (Unicode NFC, the domain lower case and, when
    international, in Unicode); raises PeopleError when it is malformed.

    Addresses in the reserved `.test` domain are accepted, for demo and test networks.
    """
    email = (email or "").strip()
    try:
        checked = validate_email(email, check_deliverability=False, test_environment=True)
    except EmailNotValidError as exc:
        raise PeopleError(f"not a valid email address: {email!r} ({exc})") from None
    if len(checked.normalized) > 254:
        raise PeopleError(f"not a valid email address: {email!r} (too long)")
    return checked.normalized


def get_or_create_network(session: Session, name: str) -> Network:
    name = name.strip()
    if not name or len(name) > 200:
        raise PeopleError("a network name must have 1 to 200 characters")
    network = session.scalar(select(Network).where(Network.name == name))
    if network is None:
        network = stored(session, Network(name=name))
    return network


def find_network(session: Session, name: str) -> Network:
    """The network named `name` (as a new network's name, without surrounding spaces);
    PeopleError when there is none."""
    network = session.scalar(select(Network).where(Network.name == name.strip()))
    if network is None:
        raise PeopleError(f"no network named {name!r}")
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
    return stored(session, user)


def find_user(session: Session, email: str) -> User:
    """The user with this email; PeopleError when there is none."""
    user = find_user_by_email(session, email)
    if user is None:
        raise PeopleError(f"no user with the email {email}")
    return user


def deactivate_user(session: Session, user: User) -> None:
    """An operator switches an account off: it signs in nowhere and keeps no token or session."""
    user.is_active = False
    end_access(session, user)
    session.flush()


def reactivate_user(session: Session, user: User) -> None:
    """An operator switches an account and its profile on again: it may sign in again. What
    ended when it was switched off (tokens, sessions) stays ended."""
    user.is_active = True
    user.profile.activated = True
    session.flush()


def set_password(session: Session, user: User, password: str) -> None:
    """A new password for `user` (the same rules as a new account's); every token and session
    of theirs ends, since whoever knew the old password may hold them."""
    try:
        passwords.check_strength(password, email=user.email)
    except passwords.WeakPasswordError as exc:
        raise PeopleError(str(exc)) from None
    user.password_hash = passwords.hash_password(password)
    end_access(session, user)
    session.flush()


# -- rules: who sees and changes what ------------------------------------------------------


def has_reports(profile_id: ColumnElement) -> ColumnElement[bool]:
    """Whether anyone reports to the profile `profile_id`: the one rule of `is_manager`, read by
    the ORM and by every row that shows a person."""
    reports = UserProfile.__table__.alias("reports")
    return exists().where(reports.c.reports_to_id == profile_id).correlate_except(reports)


UserProfile.is_manager = column_property(has_reports(UserProfile.__table__.c.id))

# What a profile's JSON is read from, each labelled by its name (after the prefix of the role
# the person plays in the row, `creator__`): the profile's columns, whether anyone reports to
# it, then its user's columns (labelled `user__<name>`).
PROFILE_COLUMNS = (
    "id",
    "network_id",
    "reports_to_id",
    "position",
    "phone_number",
    "timezone",
    "about",
    "hire_date",
    "employee_id",
    "is_admin",
    "activated",
    "profile_img",
)
USER_COLUMNS = ("id", "username", "first_name", "last_name", "email", "is_active", "date_joined")


def profile_columns(profile: FromClause, user: FromClause, prefix: str = "") -> list[ColumnElement]:
    """The columns of a profile's JSON, from `profile` (a userprofile table or alias) and
    `user` (its user's), joined by the caller, labelled after `prefix` (gaggle.projection
    reads them back by those names)."""
    return [
        *(profile.c[name].label(f"{prefix}{name}") for name in PROFILE_COLUMNS),
        has_reports(profile.c.id).label(f"{prefix}is_manager"),
        *(user.c[name].label(f"{prefix}user__{name}") for name in USER_COLUMNS),
    ]


def with_profile(joined: FromClause, key: ColumnElement, prefix: str) -> tuple[FromClause, list]:
    """`joined` joined to the profile whose id is `key` and its user, with that profile's JSON
    columns (profile_columns) labelled after `prefix`."""
    profile, user = UserProfile.__table__.alias(), User.__table__.alias()
    joined = joined.join(profile, profile.c.id == key).join(user, user.c.id == profile.c.user_id)
    return joined, profile_columns(profile, user, prefix)


def profile_rows() -> Select:
    """The JSON columns of the profiles in IDS."""
    profile, user = UserProfile.__table__, User.__table__
    return (
        select(*profile_columns(profile, user))
        .select_from(profile.join(user, user.c.id == profile.c.user_id))
        .where(profile.c.id.in_(IDS))
    )


def network_rows() -> Select:
    """The JSON columns of the networks in IDS."""
    return rows_of(
        Network.__table__,
        "id",
        "name",
        "business_cycle_length",
        "business_cycle_start_month",
        "logo_img",
        "created",
        "modified",
    )


def user_rows() -> Select:
    """The JSON columns of the users in IDS."""
    return rows_of(User.__table__, *USER_COLUMNS)


# Fields only admins change; the others anyone may change on their own profile.
ADMIN_ONLY = {"position", "hire_date", "employee_id", "reports_to", "is_admin", "activated"}


def profiles_in(network_id: int) -> Select:
    """Every profile a caller of `network_id` may see, with its user loaded."""
    return (
        select(UserProfile)
        .join(User, User.id == UserProfile.user_id)
        .where(UserProfile.network_id == network_id)
        .options(contains_eager(UserProfile.user))
    )


def users_in(network_id: int) -> Select:
    return (
        select(User)
        .join(UserProfile, UserProfile.user_id == User.id)
        .where(UserProfile.network_id == network_id)
    )


def users_matching(term: str) -> ColumnElement[bool]:
    """The condition for users whose email or name holds `term`, ignoring case."""
    pattern = f"%{term.lower()}%"
    return or_(
        User.email.ilike(pattern), User.first_name.ilike(pattern), User.last_name.ilike(pattern)
    )


def departments_matching(term: str) -> ColumnElement[bool]:
    """The condition for departments whose name holds `term`, ignoring case."""
    return Department.name.ilike(f"%{term.lower()}%")


def with_parent(has: bool) -> ColumnElement[bool]:
    """The condition for departments that have a parent (`has`) or that have none."""
    return Department.parent_id.is_not(None) if has else Department.parent_id.is_(None)


def leading(profile_id: int) -> Select:
    """The ids of the departments this profile leads."""
    leaders = department_leaders.c
    return select(leaders.department_id).where(leaders.userprofile_id == profile_id)


def member_of(profile_id: int) -> Select:
    """The ids of the departments this profile is a member of."""
    members = department_members.c
    return select(members.department_id).where(members.userprofile_id == profile_id)


def member_of_any(profiles: Select) -> Select:
    """The ids of the departments one of `profiles` (a SELECT of profile ids) is a member of."""
    members = department_members.c
    return select(members.department_id).where(members.userprofile_id.in_(profiles))


def members_of(department_id: int) -> Select:
    """The ids of the members of this department."""
    members = department_members.c
    return select(members.userprofile_id).where(members.department_id == department_id)


def below(department_id: int) -> Select:
    """The ids of the departments under this one, at any depth, each once."""
    table = Department.__table__
    walk = select(table.c.id).where(table.c.parent_id == department_id).cte(recursive=True)
    # UNION, not UNION ALL: a loop in the data adds no row the walk has not seen, so it ends.
    walk = walk.union(select(table.c.id).join(walk, table.c.parent_id == walk.c.id))
    return select(walk.c.id).where(walk.c.id != department_id)


def members_within(department_id: int) -> Select:
    """The ids of the members of this department and of every department below it."""
    members = department_members.c
    within = or_(
        members.department_id == department_id, members.department_id.in_(below(department_id))
    )
    return select(members.userprofile_id).where(within)


def below_each(department_ids: Sequence[int]) -> Subquery:
    """(top, id): each of `department_ids` with each department under it at any depth, as
    `below` finds them, for many departments in one statement."""
    table = Department.__table__
    start = select(table.c.parent_id.label("top"), table.c.id)
    walk = start.where(table.c.parent_id.in_(department_ids)).cte(recursive=True)
    walk = walk.union(select(walk.c.top, table.c.id).join(walk, table.c.parent_id == walk.c.id))
    return select(walk.c.top, walk.c.id).where(walk.c.id != walk.c.top).subquery()


def members_within_each(department_ids: Sequence[int]) -> Subquery:
    """(top, userprofile_id): each of `department_ids` with each member of it and of every
    department below it, each once, as `members_within` finds them, for many departments."""
    members = department_members.c
    under = below_each(department_ids)
    own = select(members.department_id.label("top"), members.userprofile_id)
    within = select(under.c.top, members.userprofile_id).join(
        department_members, members.department_id == under.c.id
    )
    return union(own.where(members.department_id.in_(department_ids)), within).subquery()


def members_of_departments(department_ids: list[int]) -> Select:
    """The ids of the direct members of these departments."""
    members = department_members.c
    return select(members.userprofile_id).where(members.department_id.in_(department_ids))


def members_of_any() -> Select:
    """The ids of the profiles that are a member of some department."""
    return select(department_members.c.userprofile_id)


def reporting_to(manager_id: int) -> Select:
    """The ids of the profiles whose manager is this profile."""
    return select(UserProfile.id).where(UserProfile.reports_to_id == manager_id)


def managed() -> Select:
    """The ids of the profiles that have a manager."""
    return select(UserProfile.id).where(UserProfile.reports_to_id.is_not(None))


def reporting_within(manager_id: int) -> Select:
    """The ids of the profiles below this one in the reporting chain, at any depth, each once."""
    table = UserProfile.__table__
    walk = select(table.c.id).where(table.c.reports_to_id == manager_id).cte(recursive=True)
    # UNION, not UNION ALL: a loop in the data adds no row the walk has not seen, so it ends.
    walk = walk.union(select(table.c.id).join(walk, table.c.reports_to_id == walk.c.id))
    return select(walk.c.id).where(walk.c.id != manager_id)


def teammate_pairs() -> Subquery:
    """(person, other): each profile with each other direct member of a department it is a
    direct member of (teammates_of, for every profile at once)."""
    mine, theirs = department_members.alias("mine"), department_members.alias("theirs")
    return (
        select(mine.c.userprofile_id.label("person"), theirs.c.userprofile_id.label("other"))
        .join(theirs, theirs.c.department_id == mine.c.department_id)
        .where(theirs.c.userprofile_id != mine.c.userprofile_id)
        .distinct()
        .subquery()
    )


def related_pairs() -> Subquery:
    """(person, other): each profile with each of the people around it (related_to, for every
    profile at once)."""
    person, other = aliased(UserProfile), aliased(UserProfile)
    teammates = teammate_pairs()
    return union(
        select(teammates.c.person, teammates.c.other),
        select(person.id, person.reports_to_id).where(person.reports_to_id.is_not(None)),
        select(person.reports_to_id, person.id).where(person.reports_to_id.is_not(None)),
        select(person.id, other.id)
        .join(other, other.reports_to_id == person.reports_to_id)
        .where(other.id != person.id),
    ).subquery()


# How far up a reporting chain manager_chains walks: further than any organization's.
MAX_CHAIN = 100


def manager_chains() -> Subquery:
    """(person, manager, depth): each profile with each of its managers, its own at depth 1,
    for every profile at once."""
    table = UserProfile.__table__
    start = select(
        table.c.id.label("person"),
        table.c.reports_to_id.label("manager"),
        literal(1).label("depth"),
    ).where(table.c.reports_to_id.is_not(None))
    walk = start.cte(recursive=True)
    step = (
        select(walk.c.person, table.c.reports_to_id, walk.c.depth + 1)
        .join(table, table.c.id == walk.c.manager)
        .where(table.c.reports_to_id.is_not(None), walk.c.depth < MAX_CHAIN)
    )
    walk = walk.union_all(step)
    return select(walk.c.person, walk.c.manager, walk.c.depth).subquery()


def teammates_of(profile_id: int) -> Select:
    """The ids of the other direct members of the departments this profile is a member of."""
    members = department_members.c
    return select(members.userprofile_id).where(
        members.department_id.in_(member_of(profile_id)), members.userprofile_id != profile_id
    )


def related_to(profile: UserProfile) -> Select:
    """The ids of the people around a profile: its manager, its direct reports, the others who
    report to its manager, and its teammates (teammates_of)."""
    around = [UserProfile.reports_to_id == profile.id, UserProfile.id.in_(teammates_of(profile.id))]
    if profile.reports_to_id is not None:
        manager = profile.reports_to_id
        around += [UserProfile.id == manager, UserProfile.reports_to_id == manager]
    return select(UserProfile.id).where(or_(*around), UserProfile.id != profile.id)


def with_member_among(profiles: Select) -> ColumnElement[bool]:
    """The condition for departments with a member whose profile id `profiles` selects."""
    members = department_members.c
    return Department.id.in_(
        select(members.department_id).where(members.userprofile_id.in_(profiles))
    )


def fully_named(session: Session, network_id: int, name: str) -> ColumnElement[bool]:
    """The condition for the department of the network whose full name (full_names) is `name`."""
    named = [d for d, full in full_names(session, network_id).items() if full == name]
    return Department.id.in_(named)


def get_user(session: Session, caller: Caller, user_id: int) -> User:
    """The user, if the caller may see them; Problem(404) otherwise."""
    return one_or_404(session, users_in(caller.network_id), user_id, "user")


def get_profile(session: Session, caller: Caller, profile_id: int) -> UserProfile:
    """The profile, if the caller may see it; Problem(404) otherwise."""
    return one_or_404(session, profiles_in(caller.network_id), profile_id, "user profile")


def network_profiles(
    session: Session, caller: Caller, ids: list[int], field: str
) -> list[UserProfile]:
    """The profiles of the caller's network with these ids, each once, in the order given.

    Raises Problem(422) "<field>: no user profile with id <id>." naming the smallest id that is
    not one of them.
    """
    unique = list(dict.fromkeys(ids))
    found = session.scalars(profiles_in(caller.network_id).where(UserProfile.id.in_(unique))).all()
    missing = sorted(set(unique) - {p.id for p in found})
    if missing:
        raise Problem(422, f"{field}: no user profile with id {missing[0]}.")
    position = {pid: i for i, pid in enumerate(unique)}
    return sorted(found, key=lambda p: position[p.id])


def network_profile(session: Session, caller: Caller, profile_id: int, field: str) -> UserProfile:
    """The profile of the caller's network with this id; Problem(422) naming `field` otherwise."""
    (profile,) = network_profiles(session, caller, [profile_id], field)
    return profile


def may_change_profile(caller: Caller, profile: UserProfile, fields=()) -> bool:
    """Anyone changes their own profile, admins anyone's; only admins change the ADMIN_ONLY
    fields (of `fields`, the REST names of the fields to change)."""
    return caller.is_admin or (profile.id == caller.profile_id and not set(fields) & ADMIN_ONLY)


def is_only_admin(session: Session, profile: UserProfile) -> bool:
    """Whether `profile` is the one active admin of its network (who stays one)."""
    return profile.is_admin and _admin_count(session, profile.network_id) <= 1


def update_profile(
    session: Session, caller: Caller, profile: UserProfile, changes: dict
) -> UserProfile:
    """Apply `changes` to `profile` as `caller` may; Problem 403/400/409 when a rule says no."""
    if not may_change_profile(caller, profile):
        raise Problem(403, "Only admins change other people's profiles.")
    if not may_change_profile(caller, profile, changes):
        restricted = sorted(set(changes) & ADMIN_ONLY)
        raise Problem(403, f"Only admins change {', '.join(restricted)}.")
    if "reports_to" in changes:
        manager_id = changes.pop("reports_to")
        if manager_id is None:
            profile.reports_to = None
        else:
            manager = network_profile(session, caller, manager_id, "reports_to")
            if _manages(session, profile.id, manager):
                raise Problem(422, "reports_to: a person cannot report to someone below them.")
            profile.reports_to = manager
    if changes.get("activated") is False and profile.id == caller.profile_id:
        raise Problem(409, "activated: you cannot deactivate your own profile.")
    demoting = changes.get("is_admin") is False or changes.get("activated") is False
    if demoting and is_only_admin(session, profile):
        raise Problem(409, "The last admin of a network stays an active admin.")
    for field in ("first_name", "last_name"):
        if field in changes:
            setattr(profile.user, field, changes.pop(field).strip())
    for field, value in changes.items():
        setattr(profile, field, value)
    if changes.get("activated") is False:
        end_access(session, profile.user)
    session.flush()
    return profile


def end_access(session: Session, user: User) -> None:
    """A deactivated person keeps nothing: every token they granted is revoked and every
    sign-in session of theirs ends (reactivating them brings none back)."""
    # Imported here: tokens and sessions are built on people, not the other way round.
    from gaggle.models.oauth import revoke_user_grants
    from gaggle.models.sessions import close_user_sessions

    revoke_user_grants(session, user, None, utcnow())
    close_user_sessions(session, user.id)


def _manages(session: Session, profile_id: int, candidate: UserProfile) -> bool:
    """Whether `profile_id` is `candidate` or above it in the reporting chain."""
    return candidate.id == profile_id or manages(profile_id, candidate)


def manages(manager_id: int, profile: UserProfile) -> bool:
    """Whether `manager_id` is above `profile` in the reporting chain: `profile` reports to it,
    directly or through others."""
    return any(
        node.id == manager_id for node in lineage(profile.reports_to, lambda p: p.reports_to)
    )


def _admin_count(session: Session, network_id: int) -> int:
    return session.scalar(
        select(func.count()).where(
            UserProfile.network_id == network_id,
            UserProfile.is_admin.is_(True),
            UserProfile.activated.is_(True),
        )
    )


def visible_departments(network_id: int) -> Select:
    """Every department a caller of `network_id` may see: those of their network."""
    return select(Department).where(Department.network_id == network_id)


def departments_in(network_id: int) -> Select:
    """visible_departments with their leaders and members loaded."""
    return visible_departments(network_id).options(
        selectinload(Department.leaders), selectinload(Department.members)
    )


def get_department(session: Session, caller: Caller, department_id: int) -> Department:
    return one_or_404(session, departments_in(caller.network_id), department_id, "department")


def full_name(department_id: int, above: Mapping[int, tuple[int | None, str]]) -> str:
    """The name of the department `department_id` with its ancestors', outermost first.

    `above` maps a department's id to its parent's id and its name, for the department and
    those above it in its network; a parent it does not hold ends the name, and so does a
    loop in the data, each department being named once.
    """
    parts: list[str] = []
    seen: set[int] = set()
    node = department_id
    while node in above and node not in seen:
        seen.add(node)
        node, name = above[node]
        parts.append(name)
    return " / ".join(reversed(parts))


def full_names(session: Session, network_id: int) -> dict[int, str]:
    """Every department's name with its ancestors', outermost first, in one query."""
    rows = session.execute(
        select(Department.id, Department.parent_id, Department.name).where(
            Department.network_id == network_id
        )
    ).all()
    above = {department_id: (parent_id, name) for department_id, parent_id, name in rows}
    return {department_id: full_name(department_id, above) for department_id in above}


def department_rows() -> Select:
    """The JSON columns of the departments in IDS: id, name, parent, creator, created,
    modified."""
    return rows_of(
        Department.__table__, "id", "name", "parent_id", "creator_id", "created", "modified"
    )


def department_leader_rows() -> Select:
    """(department, leader's profile) of the departments in IDS."""
    return pairs_of(department_leaders, "department_id")


def department_member_rows() -> Select:
    """(department, member's profile) of the departments in IDS."""
    return pairs_of(department_members, "department_id")


def department_lineage_rows() -> Select:
    """(department, department above or itself, its parent, its name) of the departments in
    IDS: each department and those above it in its network, each once, in no order (what
    full_name takes)."""
    table = Department.__table__
    above = table.alias("above")
    walk = (
        select(
            table.c.id.label("department_id"),
            table.c.id.label("node_id"),
            table.c.parent_id,
            table.c.name,
            table.c.network_id,
        )
        .where(table.c.id.in_(IDS))
        .cte("walk", recursive=True)
    )
    # UNION, not UNION ALL: a loop in the data adds no row the walk has not seen, so it ends.
    walk = walk.union(
        select(
            walk.c.department_id, above.c.id, above.c.parent_id, above.c.name, above.c.network_id
        )
        .select_from(walk)
        .join(above, (above.c.id == walk.c.parent_id) & (above.c.network_id == walk.c.network_id))
    )
    return select(walk.c.department_id, walk.c.node_id, walk.c.parent_id, walk.c.name)


def may_manage(caller: Caller, department: Department | None) -> bool:
    """Admins manage any department, leaders theirs (`None`: a new top-level one)."""
    return caller.is_admin or (
        department is not None and any(p.id == caller.profile_id for p in department.leaders)
    )


def _check_parent(session: Session, caller: Caller, department_id: int | None, parent_id: int):
    parent = one_or_422(
        session, departments_in(caller.network_id), parent_id, "department", "parent"
    )
    if any(node.id == department_id for node in lineage(parent, lambda d: d.parent)):
        raise Problem(422, "parent: a department cannot be its own ancestor.")
    return parent


def _name_taken(session: Session, network_id: int, name: str, department_id: int | None) -> bool:
    """Whether another department of the network has this name, ignoring case.

    Compared in Python: SQLite's lower() folds ASCII letters only.
    """
    rows = session.execute(
        select(Department.id, Department.name).where(Department.network_id == network_id)
    )
    wanted = name.casefold()
    return any(row.name.casefold() == wanted and row.id != department_id for row in rows)


def create_department(session: Session, caller: Caller, data: dict) -> Department:
    """A new department; admins create any, leaders of the parent create children of it."""
    parent = None
    if data.get("parent") is not None:
        parent = _check_parent(session, caller, None, data["parent"])
    if not may_manage(caller, parent):
        raise Problem(403, "Only admins, or leaders of the parent department, create departments.")
    name = not_blank(data["name"], "name")
    if _name_taken(session, caller.network_id, name, None):
        raise Problem(409, f"name: a department named {name!r} already exists.")
    department = Department(
        network_id=caller.network_id,
        name=name,
        parent=parent,
        creator_id=caller.profile_id,
        leaders=network_profiles(session, caller, data.get("leaders", []), "leaders"),
        members=network_profiles(session, caller, data.get("members", []), "members"),
    )
    return stored(session, department)


def update_department(session: Session, caller: Caller, department: Department, data: dict):
    """Its leaders and admins change a department; moving it under another parent also takes
    an admin or a leader of that parent."""
    if not may_manage(caller, department):
        raise Problem(403, "Only the department's leaders and admins change it.")
    if "name" in data:
        name = not_blank(data["name"], "name")
        if _name_taken(session, caller.network_id, name, department.id):
            raise Problem(409, f"name: a department named {name!r} already exists.")
        department.name = name
    if "parent" in data and data["parent"] != department.parent_id:
        parent = (
            None
            if data["parent"] is None
            else _check_parent(session, caller, department.id, data["parent"])
        )
        # Leading a department is no say over where it sits: the new parent's leaders (or, at
        # the top level, the admins) decide what comes under them, as they do on create.
        if not may_manage(caller, parent):
            raise Problem(
                403, "Only admins, or leaders of the new parent department, move a department."
            )
        department.parent = parent
    for field in ("leaders", "members"):
        if field in data:
            setattr(department, field, network_profiles(session, caller, data[field], field))
    session.flush()
    return department


def delete_department(session: Session, caller: Caller, department: Department) -> None:
    if not may_manage(caller, department):
        raise Problem(403, "Only the department's leaders and admins delete it.")
    session.execute(
        update(Department)
        .where(Department.parent_id == department.id)
        .values(parent_id=department.parent_id)
    )
    removed(session, department)


def add_member(session: Session, caller: Caller, department: Department, data: dict) -> UserProfile:
    if not may_manage(caller, department):
        raise Problem(403, "Only the department's leaders and admins change its members.")
    profile = network_profile(session, caller, data["member"], "member")
    if profile not in department.members:
        department.members.append(profile)
    session.flush()
    return profile


def remove_member(session: Session, caller: Caller, department: Department, profile_id: int):
    if not may_manage(caller, department):
        raise Problem(403, "Only the department's leaders and admins change its members.")
    member = next((p for p in department.members if p.id == profile_id), None)
    if member is None:
        raise Problem(404, f"Profile {profile_id} is not a member of this department.")
    department.members.remove(member)
    session.flush()


def networks_of(caller: Caller) -> Select:
    """The networks the caller sees: their own."""
    return select(Network).where(Network.id == caller.network_id)


def get_network(session: Session, caller: Caller, network_id: int) -> Network:
    return one_or_404(session, networks_of(caller), network_id, "network")


def _months_after(day: dt.date, months: int) -> dt.date:
    """The first day of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def business_cycle(network: Network, day: dt.date, field: str) -> tuple[dt.date, dt.date]:
    """The first and last day of the network's business cycle that holds `day`.

    Each year's cycles follow one another from its first day of `business_cycle_start_month`
    on, `business_cycle_length` months each; when the length does not divide 12, the year's
    last cycle ends early, where the next year's first begins. Raises Problem(400) naming
    `field` for a day whose cycle leaves the calendar (the years 1 to 9999).
    """
    start_month, length = network.business_cycle_start_month, network.business_cycle_length
    year = day.year if day.month >= start_month else day.year - 1
    months = (day.year - year) * 12 + day.month - start_month
    try:
        year_start = dt.date(year, start_month, 1)
        start = _months_after(year_start, months // length * length)
        end = min(_months_after(start, length), _months_after(year_start, 12))
        return start, end - dt.timedelta(days=1)
    except (ValueError, OverflowError):
        raise Problem(400, f"{field}: the business cycle of {day} leaves the calendar.") from None


def update_network(session: Session, caller: Caller, network: Network, data: dict) -> Network:
    if not caller.is_admin:
        raise Problem(403, "Only admins change the network.")
    if "name" in data:
        name = not_blank(data["name"], "name")
        taken = session.scalar(
            select(Network.id).where(Network.name == name, Network.id != network.id)
        )
        if taken is not None:
            raise Problem(409, f"name: a network named {name!r} already exists.")
        data = {**data, "name": name}
    for field, value in data.items():
        setattr(network, field, value)
    session.flush()
    return network
