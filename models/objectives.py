"""Objectives, their key results and check-ins, and the rules for seeing and changing them.

Values and progress are floats (JSON numbers). A key result's progress is how far its current
value has moved from the starting value towards the target, in percent, clamped to 0-100; an
objective's progress is the weighted mean of its key results' progress (0 without any).
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    Float,
    Integer,
    Select,
    String,
    Text,
    exists,
    false,
    or_,
    select,
    true,
    union,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship, selectinload
from sqlalchemy.sql import FromClause
from sqlalchemy.sql.elements import ColumnElement

from gaggle.caller import Caller
from gaggle.models.base import (
    CALLER_PROFILE,
    IDS,
    Base,
    lineage,
    not_blank,
    one_or_404,
    one_or_422,
    pairs_of,
    parts_of,
    removed,
    rows_of,
    stored,
    utcnow,
)
from gaggle.models.columns import Created, IntPK, Modified, NetworkId, association, key_to
from gaggle.models.people import Department, UserProfile, departments_in, network_profiles
from gaggle.problems import Problem

objective_owners = association("objective_owner", "objective")

key_result_owners = association("key_result_owner", "key_result")

# The people with a stake in an objective beside its owners: they see it as anyone in the
# network does, and change it no more than anyone else.
objective_stakeholders = association("objective_stakeholder", "objective")

# The people who follow an objective: following shows them no private objective and grants
# no change.
objective_followers = association("objective_follower", "objective")

# The departments that contribute to an objective beside its own (`department_id`).
objective_contributing_teams = association("objective_contributing_team", "objective", "department")

# Everyone who takes part in an objective, each once: its owners, its stakeholders and its
# followers, as (objective_id, userprofile_id) pairs.
objective_participants = union(
    *(
        select(table.c.objective_id, table.c.userprofile_id)
        for table in (objective_owners, objective_stakeholders, objective_followers)
    )
).subquery("objective_participant")

# An objective's weight among its parent's children when none is given.
DEFAULT_WEIGHT = 1


class Objective(Base):
    __tablename__ = "objective"

    id: Mapped[IntPK]
    network_id: Mapped[NetworkId]
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    objective_type: Mapped[str] = mapped_column(String(20), default="individual")
    creator_id: Mapped[int | None] = key_to("userprofile", ondelete="SET NULL")
    department_id: Mapped[int | None] = key_to("department", ondelete="SET NULL")
    parent_id: Mapped[int | None] = key_to("objective", ondelete="SET NULL")
    start_date: Mapped[dt.date | None]
    due_date: Mapped[dt.date | None]
    private: Mapped[bool] = mapped_column(default=False)
    draft: Mapped[bool] = mapped_column(default=False)
    closed: Mapped[bool] = mapped_column(default=False)
    # When it was last closed, by a check-in or a change; null while it is open.
    closed_at: Mapped[dt.datetime | None]
    # Its weight among the objectives aligned to the same parent (1 to 100).
    weight: Mapped[int] = mapped_column(default=DEFAULT_WEIGHT, server_default="1")
    created: Mapped[Created]
    modified: Mapped[Modified]

    owners: Mapped[list[UserProfile]] = relationship(secondary=objective_owners)
    stakeholders: Mapped[list[UserProfile]] = relationship(secondary=objective_stakeholders)
    followers: Mapped[list[UserProfile]] = relationship(secondary=objective_followers)
    contributing_teams: Mapped[list[Department]] = relationship(
        secondary=objective_contributing_teams
    )
    parent: Mapped[Objective | None] = relationship(
        remote_side="Objective.id", back_populates="children"
    )
    children: Mapped[list[Objective]] = relationship(back_populates="parent")
    key_results: Mapped[list[KeyResult]] = relationship(
        back_populates="objective",
        order_by="KeyResult.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def progress(self) -> float:
        return objective_progress(self.key_results)


class MeasurementType(enum.IntEnum):
    """The unit of a key result's values, as the legacy API's integer codes (its clients
    compute progress with them): a percentage, a number, done or not, or an amount of money
    in one currency."""

    PERCENT = 1
    US_DOLLAR = 2
    NUMERIC = 3
    EURO = 4
    YEN = 5
    POUND_STERLING = 6
    BINARY = 7
    REAL = 8
    YUAN = 9
    KRONA = 10
    RUPEE = 11
    KRONE = 12
    PHILIPPINE_PESO = 13
    MEXICAN_PESO = 14
    TURKISH_LIRA = 15
    RAND = 16
    DINAR = 17
    NEW_SHEKEL = 18
    RUPIAH = 19
    COLOMBIAN_PESO = 20


class KeyResult(Base):
    __tablename__ = "key_result"

    id: Mapped[IntPK]
    objective_id: Mapped[int] = key_to("objective")
    name: Mapped[str] = mapped_column(String(200))
    measurement_type: Mapped[int] = mapped_column(Integer, default=MeasurementType.PERCENT)
    starting_value: Mapped[float] = mapped_column(Float, default=0.0)
    target_value: Mapped[float] = mapped_column(Float, default=100.0)
    current_value: Mapped[float] = mapped_column(Float, default=0.0)
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Who added it; null for key results older than the column, or whose creator is gone.
    creator_id: Mapped[int | None] = key_to("userprofile", index=False, ondelete="SET NULL")
    created: Mapped[Created]
    modified: Mapped[Modified]

    objective: Mapped[Objective] = relationship(back_populates="key_results")
    owners: Mapped[list[UserProfile]] = relationship(secondary=key_result_owners)

    @property
    def progress(self) -> float:
        return progress_of(self)


class ObjectiveCheckin(Base):
    __tablename__ = "objective_checkin"

    id: Mapped[IntPK]
    objective_id: Mapped[int] = key_to("objective")
    creator_id: Mapped[int | None] = key_to("userprofile", index=False, ondelete="SET NULL")
    message: Mapped[str] = mapped_column(Text, default="")
    assessment_status: Mapped[int | None]
    close_objective: Mapped[bool] = mapped_column(default=False)
    # How far the objective was achieved, in percent, as the check-in that closed it judged.
    final_assessment: Mapped[float | None] = mapped_column(Float)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    created: Mapped[Created]

    objective: Mapped[Objective] = relationship()
    updates: Mapped[list[CheckinUpdate]] = relationship(
        order_by="CheckinUpdate.id", cascade="all, delete-orphan", passive_deletes=True
    )


class CheckinUpdate(Base):
    """A key result's value as a check-in set it."""

    __tablename__ = "objective_checkin_key_result"

    id: Mapped[IntPK]
    checkin_id: Mapped[int] = key_to("objective_checkin")
    key_result_id: Mapped[int] = key_to("key_result")
    previous_value: Mapped[float] = mapped_column(Float)
    current_value: Mapped[float] = mapped_column(Float)
    progress: Mapped[float] = mapped_column(Float)


# -- progress arithmetic -------------------------------------------------------------------


def key_result_progress(measurement_type: int, start: float, target: float, current: float):
    """Percent of the way from `start` to `target` that `current` has come, clamped to 0-100.

    A decreasing target (target below start) counts progress downwards. When target equals
    start there is no way to go: the key result is done (100) only when current equals target.
    A binary key result is either done (100) or not (0).
    """
    if target == start:
        done = current == target
        return 100.0 if done else 0.0
    share = (current - start) / (target - start) * 100.0
    share = min(100.0, max(0.0, share))
    if measurement_type == MeasurementType.BINARY:
        return 100.0 if share >= 100.0 else 0.0
    return round(share, 2)


def weighted_progress(parts: list[tuple[float, float]]) -> float:
    """The mean of the `(weight, progress)` pairs' progress by their weights; 0 without any, or
    when the weights add up to 0 or less."""
    total = sum(weight for weight, _ in parts)
    if not parts or total <= 0:
        return 0.0
    return round(sum(weight * progress for weight, progress in parts) / total, 2)


def progress_of(key_result) -> float:
    """key_result_progress of a key result: an ORM object, or a row labelled by its columns."""
    return key_result_progress(
        key_result.measurement_type,
        key_result.starting_value,
        key_result.target_value,
        key_result.current_value,
    )


def objective_progress(key_results) -> float:
    """The weighted mean of the key results' progress (ORM objects, or rows labelled by their
    columns, weight and values); 0 without key results."""
    return weighted_progress([(kr.weight, progress_of(kr)) for kr in key_results])


def owned_by(profile_id: int) -> Select:
    """The ids of the objectives this profile owns."""
    owners = objective_owners.c
    return select(owners.objective_id).where(owners.userprofile_id == profile_id)


def aligned(flag: bool) -> ColumnElement[bool]:
    """The condition for objectives aligned to another (`flag`), or aligned to none."""
    return Objective.parent_id.is_not(None) if flag else Objective.parent_id.is_(None)


def objectives_matching(term: str) -> ColumnElement[bool]:
    """The condition for objectives whose name or description holds `term`, ignoring case."""
    pattern = f"%{term.lower()}%"
    return Objective.name.ilike(pattern) | Objective.description.ilike(pattern)


# -- visibility ----------------------------------------------------------------------------


def _seen(objective: FromClause, network_id, is_admin, profile_id) -> ColumnElement[bool]:
    """The condition for the objectives of `objective` (the objective table or an alias of it)
    that a caller sees: those of their network `network_id` that are not private, that they
    created or own (as the profile `profile_id`), and all of them when they are an admin
    (`is_admin`, a condition). The caller's values are Python values or SQL expressions."""
    owned = exists().where(
        objective_owners.c.objective_id == objective.c.id,
        objective_owners.c.userprofile_id == profile_id,
    )
    return (objective.c.network_id == network_id) & or_(
        objective.c.private.is_(False),
        is_admin,
        objective.c.creator_id == profile_id,
        owned,
    )


def _visible(caller: Caller) -> ColumnElement[bool]:
    """The condition for objectives of the caller's network the caller may see."""
    is_admin = true() if caller.is_admin else false()
    return _seen(Objective.__table__, caller.network_id, is_admin, caller.profile_id)


def _seen_by_reader(objective: FromClause) -> ColumnElement[bool]:
    """_seen for the caller whose profile the row statements are given (CALLER_PROFILE): their
    network and whether they are an admin are read from that profile."""
    caller = UserProfile.__table__.alias("caller")

    def of_caller(column):
        return select(column).where(caller.c.id == CALLER_PROFILE).scalar_subquery()

    return _seen(
        objective, of_caller(caller.c.network_id), of_caller(caller.c.is_admin), CALLER_PROFILE
    )


def visible_objectives(caller: Caller) -> Select:
    """Every objective the caller may see."""
    return select(Objective).where(_visible(caller))


def objectives_for(caller: Caller) -> Select:
    """visible_objectives with what rendering one as an ORM object needs loaded."""
    return visible_objectives(caller).options(
        selectinload(Objective.owners),
        selectinload(Objective.key_results),
        selectinload(Objective.parent).selectinload(Objective.owners),
        selectinload(Objective.children).selectinload(Objective.owners),
    )


def visible_key_results(caller: Caller) -> Select:
    """Every key result the caller may see: those of the objectives they see."""
    return (
        select(KeyResult)
        .join(Objective, Objective.id == KeyResult.objective_id)
        .where(_visible(caller))
    )


def key_results_for(caller: Caller) -> Select:
    """visible_key_results with their owners loaded."""
    return visible_key_results(caller).options(selectinload(KeyResult.owners))


def visible_checkins(caller: Caller) -> Select:
    """Every check-in the caller may see: those on the objectives they see."""
    return (
        select(ObjectiveCheckin)
        .join(Objective, Objective.id == ObjectiveCheckin.objective_id)
        .where(_visible(caller))
    )


def checkins_for(caller: Caller) -> Select:
    """visible_checkins with their key results' values loaded."""
    return visible_checkins(caller).options(selectinload(ObjectiveCheckin.updates))


# -- rows ----------------------------------------------------------------------------------


def objective_rows() -> Select:
    """The JSON columns of the objectives in IDS: id, name, description, type, creator,
    department, the parent when the caller sees it (else None), start and due dates, private,
    draft, closed, when it was closed, weight, created, modified."""
    table = Objective.__table__
    parent = table.alias("parent")
    aligned = (parent.c.id == table.c.parent_id) & _seen_by_reader(parent)
    return (
        select(
            table.c.id,
            table.c.name,
            table.c.description,
            table.c.objective_type,
            table.c.creator_id,
            table.c.department_id,
            parent.c.id.label("parent_id"),
            table.c.start_date,
            table.c.due_date,
            table.c.private,
            table.c.draft,
            table.c.closed,
            table.c.closed_at,
            table.c.weight,
            table.c.created,
            table.c.modified,
        )
        .select_from(table.outerjoin(parent, aligned))
        .where(table.c.id.in_(IDS))
    )


def objective_stakeholder_rows() -> Select:
    """(objective, stakeholder's profile) of the objectives in IDS."""
    return pairs_of(objective_stakeholders, "objective_id")


def objective_contributing_team_rows() -> Select:
    """(objective, contributing department) of the objectives in IDS, by department id."""
    teams = objective_contributing_teams.c
    return (
        select(teams.objective_id, teams.department_id)
        .where(teams.objective_id.in_(IDS))
        .order_by(teams.objective_id, teams.department_id)
    )


def objective_follower_rows() -> Select:
    """(objective, follower's profile) of the objectives in IDS."""
    return pairs_of(objective_followers, "objective_id")


def followed_by(profile_id: int) -> Select:
    """The ids of the objectives this profile follows."""
    followers = objective_followers.c
    return select(followers.objective_id).where(followers.userprofile_id == profile_id)


def follow(session: Session, caller: Caller, objective: Objective) -> None:
    """The caller follows the objective (one they see); following twice is following once."""
    if all(profile.id != caller.profile_id for profile in objective.followers):
        objective.followers.append(session.get(UserProfile, caller.profile_id))
    session.flush()


def unfollow(session: Session, caller: Caller, objective: Objective) -> None:
    """The caller no longer follows the objective; nothing changes if they did not."""
    objective.followers = [p for p in objective.followers if p.id != caller.profile_id]
    session.flush()


def with_stake(profile_id: int) -> Select:
    """The ids of the objectives this profile is a stakeholder of."""
    stakeholders = objective_stakeholders.c
    return select(stakeholders.objective_id).where(stakeholders.userprofile_id == profile_id)


def objective_owner_rows() -> Select:
    """(objective, owner's profile) of the objectives in IDS."""
    return pairs_of(objective_owners, "objective_id")


def objective_children_rows() -> Select:
    """(objective, child) of the objectives in IDS, for the children the caller sees."""
    child = Objective.__table__.alias("child")
    return (
        select(child.c.parent_id, child.c.id)
        .where(child.c.parent_id.in_(IDS), _seen_by_reader(child))
        .order_by(child.c.id)
    )


def objective_key_result_rows() -> Select:
    """(objective, key result, measurement type, starting, target and current values, weight)
    of the objectives in IDS: their key results, in order, with what their progress needs."""
    return parts_of(
        KeyResult.__table__,
        "objective_id",
        "id",
        "measurement_type",
        "starting_value",
        "target_value",
        "current_value",
        "weight",
    )


def key_result_rows() -> Select:
    """The JSON columns of the key results in IDS: id, objective, KEY_RESULT_VALUES, creator,
    created, modified."""
    return rows_of(
        KeyResult.__table__,
        "id",
        "objective_id",
        *KEY_RESULT_VALUES,
        "creator_id",
        "created",
        "modified",
    )


def key_result_owner_rows() -> Select:
    """(key result, owner's profile) of the key results in IDS."""
    return pairs_of(key_result_owners, "key_result_id")


def checkin_rows() -> Select:
    """The JSON columns of the check-ins in IDS: id, objective, creator, message, assessment
    status, close objective, final assessment, progress, created."""
    return rows_of(
        ObjectiveCheckin.__table__,
        "id",
        "objective_id",
        "creator_id",
        "message",
        "assessment_status",
        "close_objective",
        "final_assessment",
        "progress",
        "created",
    )


def checkin_update_rows() -> Select:
    """(check-in, key result, previous value, current value, progress) of the check-ins in
    IDS: the values each set, in order."""
    return parts_of(
        CheckinUpdate.__table__,
        "checkin_id",
        "key_result_id",
        "previous_value",
        "current_value",
        "progress",
    )


def get_objective(session: Session, caller: Caller, objective_id: int) -> Objective:
    """The objective, if the caller may see it; Problem(404) otherwise."""
    return one_or_404(session, objectives_for(caller), objective_id, "objective")


def get_key_result(session: Session, caller: Caller, key_result_id: int) -> KeyResult:
    return one_or_404(session, key_results_for(caller), key_result_id, "key result")


def get_checkin(session: Session, caller: Caller, checkin_id: int) -> ObjectiveCheckin:
    return one_or_404(session, checkins_for(caller), checkin_id, "objective check-in")


# -- changes -------------------------------------------------------------------------------


def may_change(caller: Caller, objective: Objective) -> bool:
    """Owners, the creator and admins change an objective and its key results."""
    return (
        caller.is_admin
        or objective.creator_id == caller.profile_id
        or any(p.id == caller.profile_id for p in objective.owners)
    )


def _parent(session: Session, caller: Caller, objective_id: int | None, parent_id: int):
    parent = one_or_422(session, objectives_for(caller), parent_id, "objective", "parent")
    if any(node.id == objective_id for node in lineage(parent, lambda o: o.parent)):
        raise Problem(422, "parent: an objective cannot be aligned to itself or below itself.")
    return parent


def close(objective: Objective, closed: bool) -> None:
    """Close the objective (`closed`) or reopen it: a closing keeps when it happened, a
    reopening forgets it, and an objective closed already keeps when it was closed."""
    if closed and not objective.closed:
        objective.closed_at = utcnow()
    elif not closed:
        objective.closed_at = None
    objective.closed = closed


def _check_objective(objective: Objective) -> None:
    not_blank(objective.name, "name")
    if objective.objective_type == "department" and objective.department_id is None:
        raise Problem(422, "department: a department objective needs a department.")
    if objective.start_date and objective.due_date and objective.due_date < objective.start_date:
        raise Problem(422, "due_date: must not be before start_date.")


def _apply_objective(session: Session, caller: Caller, objective: Objective, data: dict):
    for field in ("name", "description", "objective_type", "start_date", "due_date", "weight"):
        if field in data:
            setattr(objective, field, data[field])
    for field in ("private", "draft"):
        if field in data:
            setattr(objective, field, bool(data[field]))
    if "closed" in data:
        close(objective, bool(data["closed"]))
    if "name" in data:
        objective.name = data["name"].strip()
    if "department" in data:
        objective.department_id = (
            None
            if data["department"] is None
            else one_or_422(
                session,
                departments_in(caller.network_id),
                data["department"],
                "department",
                "department",
            ).id
        )
    if "parent" in data:
        objective.parent = (
            None
            if data["parent"] is None
            else _parent(session, caller, objective.id, data["parent"])
        )
    if "owners" in data:
        objective.owners = network_profiles(session, caller, data["owners"], "owners")
    if "stakeholders" in data:
        objective.stakeholders = network_profiles(
            session, caller, data["stakeholders"], "stakeholders"
        )
    if "contributing_teams" in data:
        visible = departments_in(caller.network_id)
        objective.contributing_teams = [
            one_or_422(session, visible, department, "department", "contributing_teams")
            for department in dict.fromkeys(data["contributing_teams"])
        ]
    _check_objective(objective)


def create_objective(session: Session, caller: Caller, data: dict) -> Objective:
    """A new objective of the caller's network; its owners default to the caller."""
    objective = Objective(network_id=caller.network_id, creator_id=caller.profile_id)
    with session.no_autoflush:  # not before every field is set and checked
        session.add(objective)
        _apply_objective(session, caller, objective, {"owners": [caller.profile_id], **data})
    session.flush()
    return objective


def update_objective(session: Session, caller: Caller, objective: Objective, data: dict):
    if not may_change(caller, objective):
        raise Problem(403, "Only the objective's owners, its creator and admins change it.")
    _apply_objective(session, caller, objective, data)
    session.flush()
    return objective


def delete_objective(session: Session, caller: Caller, objective: Objective) -> None:
    if not may_change(caller, objective):
        raise Problem(403, "Only the objective's owners, its creator and admins delete it.")
    for child in list(objective.children):
        child.parent = objective.parent
    removed(session, objective)


def _check_values(key_result: KeyResult) -> None:
    values = {
        "starting_value": key_result.starting_value,
        "target_value": key_result.target_value,
        "current_value": key_result.current_value,
    }
    if key_result.measurement_type == MeasurementType.BINARY:
        for field, value in values.items():
            if value not in (0, 1):
                raise Problem(422, f"{field}: a binary key result's values are 0 or 1.")
    if key_result.measurement_type == MeasurementType.PERCENT:
        for field, value in values.items():
            if not 0 <= value <= 100:
                raise Problem(422, f"{field}: a percent key result's values are 0 to 100.")
    not_blank(key_result.name, "name")


# What a key result holds as plain values: each changed as a body gives it, shown as stored.
KEY_RESULT_VALUES = (
    "name",
    "measurement_type",
    "starting_value",
    "target_value",
    "current_value",
    "weight",
    "description",
)


def may_change_key_result(caller: Caller, key_result: KeyResult) -> bool:
    """Its owners, and those who change its objective, change a key result."""
    return may_change(caller, key_result.objective) or any(
        p.id == caller.profile_id for p in key_result.owners
    )


def may_check_in(caller: Caller, objective: Objective) -> bool:
    """Those who change an objective, and the owners of its key results, check in on it."""
    return may_change(caller, objective) or any(
        may_change_key_result(caller, key_result) for key_result in objective.key_results
    )


def _open(objective: Objective) -> None:
    if objective.closed:
        raise Problem(409, f"Objective {objective.id} is closed; reopen it to change it.")


def create_key_result(session: Session, caller: Caller, data: dict) -> KeyResult:
    objective = one_or_422(
        session, objectives_for(caller), data["objective"], "objective", "objective"
    )
    if not may_change(caller, objective):
        raise Problem(403, "Only the objective's owners, its creator and admins add key results.")
    _open(objective)
    binary = data.get("measurement_type") == MeasurementType.BINARY
    key_result = KeyResult(
        objective=objective,
        name=data["name"].strip(),
        measurement_type=data.get("measurement_type", MeasurementType.PERCENT),
        starting_value=data.get("starting_value", 0.0),
        target_value=data.get("target_value", 1.0 if binary else 100.0),
        current_value=data.get("current_value", data.get("starting_value", 0.0)),
        weight=data.get("weight", 1.0),
        description=data.get("description", ""),
        creator_id=caller.profile_id,
        owners=network_profiles(session, caller, data.get("owners", [caller.profile_id]), "owners"),
    )
    _check_values(key_result)
    return stored(session, key_result)


def update_key_result(session: Session, caller: Caller, key_result: KeyResult, data: dict):
    if not may_change_key_result(caller, key_result):
        raise Problem(403, "Only the key result's owners and the objective's owners change it.")
    _open(key_result.objective)
    for field in KEY_RESULT_VALUES:
        if field in data:
            setattr(key_result, field, data[field])
    if "owners" in data:
        key_result.owners = network_profiles(session, caller, data["owners"], "owners")
    key_result.name = key_result.name.strip()
    _check_values(key_result)
    session.flush()
    return key_result


def delete_key_result(session: Session, caller: Caller, key_result: KeyResult) -> None:
    if not may_change(caller, key_result.objective):
        raise Problem(403, "Only the objective's owners, its creator and admins delete it.")
    _open(key_result.objective)
    removed(session, key_result)


def check_in(session: Session, caller: Caller, data: dict) -> ObjectiveCheckin:
    """Record a check-in: set its key results' values, then close the objective if asked.

    Problem(422) when the objective is not one the caller sees, 403 when they may not check in
    on it, 409 when it is closed, 400 when an item names a key result that is not one of this
    objective's (or names one twice), 422 when a value does not fit its key result or a
    check-in that does not close the objective gives a final assessment. Nothing is changed
    when any of these is raised.
    """
    visible = objectives_for(caller).with_for_update()
    objective = one_or_422(session, visible, data["objective"], "objective", "objective")
    own = {kr.id: kr for kr in objective.key_results}
    if not may_check_in(caller, objective):
        raise Problem(403, "Only the objective's owners, its creator and admins check in on it.")
    _open(objective)
    if data.get("final_assessment") is not None and not data.get("close_objective"):
        raise Problem(
            422,
            "final_assessment: only a check-in that closes its objective (close_objective: "
            "true) gives a final assessment.",
        )
    changes: list[tuple[KeyResult, float]] = []
    for index, item in enumerate(data.get("key_results", [])):
        key_result = own.get(item["key_result"])
        if key_result is None:
            raise Problem(
                400,
                f"key_results[{index}].key_result: key result {item['key_result']} is not a "
                f"key result of objective {objective.id}.",
            )
        if any(kr is key_result for kr, _ in changes):
            raise Problem(
                400, f"key_results[{index}].key_result: key result {key_result.id} is named twice."
            )
        changes.append((key_result, float(item["current_value"])))
    checkin = ObjectiveCheckin(
        objective=objective,
        creator_id=caller.profile_id,
        message=data.get("message", ""),
        assessment_status=data.get("assessment_status"),
        close_objective=bool(data.get("close_objective", False)),
        final_assessment=data.get("final_assessment"),
    )
    for key_result, value in changes:
        previous = key_result.current_value
        key_result.current_value = value
        _check_values(key_result)
        checkin.updates.append(
            CheckinUpdate(
                key_result_id=key_result.id,
                previous_value=previous,
                current_value=value,
                progress=key_result.progress,
            )
        )
    checkin.progress = objective.progress
    if checkin.close_objective:
        close(objective, True)
    return stored(session, checkin)
