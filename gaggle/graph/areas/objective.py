"""objective.graphql: objectives, key results and check-ins (REST `objectives/`, `keyresults/`,
`objectivecheckins/`)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from ariadne import MutationType, ObjectType, QueryType
from sqlalchemy import Select, and_, func, or_, select, true
from sqlalchemy.orm import contains_eager, selectinload
from sqlalchemy.sql.elements import ColumnElement

from gaggle import dates, links, projection
from gaggle.graph.areas.userprofile import profiles_seen
from gaggle.graph.fast import source_only
from gaggle.graph.mutations import reread, rest_body, run
from gaggle.graph.nodes import (
    caller_of,
    day_start,
    filtered,
    id_list,
    ids,
    node,
    ordered,
    related,
)
from gaggle.graph.relay import bad_input, connection, digits, nested, of_list, selected
from gaggle.models import objectives as rules
from gaggle.models.objectives import (
    KeyResult,
    Objective,
    ObjectiveCheckin,
    key_result_owners,
    objective_followers,
    objective_owners,
    objective_participants,
    objective_stakeholders,
)
from gaggle.models.people import UserProfile, profiles_in
from gaggle.problems import Problem

query = QueryType()
mutation = MutationType()
profile_node = ObjectType("UserProfileNode")
team_node = ObjectType("TeamNode")
network_node = ObjectType("NetworkNode")
profile_connection = ObjectType("UserProfileConnection")

SORTS = {"pk": "id", "name": "name", "dueDatetime": "due_date", "startDate": "start_date"}
SORTS |= {"closed": "closed", "created": "created"}
# ObjectiveNode.objectiveType's codes, as the REST API names the types.
TYPES = {"individual": 1, "department": 2, "company": 3}
TYPE_NAMES = {code: name for name, code in TYPES.items()}
# A check-in's assessment codes.
ON_TRACK, OFF_TRACK = 1, 2


def _open(objective: Objective) -> bool:
    return not objective.closed


objective_node = node(
    "ObjectiveNode",
    lambda objective: links.current().objective(objective.id),
    can_change=rules.may_change,
    can_delete=rules.may_change,
)
key_result_node = node(
    "KeyResultNode",
    lambda key_result: links.current().keyresult(key_result.id),
    can_change=lambda caller, kr: rules.may_change_key_result(caller, kr) and _open(kr.objective),
    can_delete=lambda caller, kr: rules.may_change(caller, kr.objective) and _open(kr.objective),
    renamed={
        "startingValue": "starting_value",
        "targetValue": "target_value",
        "currentValue": "current_value",
        "updated": "modified",
        "measurementType": "measurement_type",
    },
)
# A check-in never changes once made, and goes only with its objective.
checkin_node = node(
    "CheckinNode",
    lambda checkin: links.current().objectivecheckin(checkin.id),
    renamed={
        "updated": "created",
        "status": "assessment_status",
        "closeObjective": "close_objective",
    },
)


# -- objectives ------------------------------------------------------------------------------


@objective_node.field("startDate")
def resolve_start_date(objective: Objective, info):
    return day_start(objective.start_date)


@objective_node.field("dueDatetime")
def resolve_due(objective: Objective, info):
    return day_start(objective.due_date)


objective_node.set_field("creator", related("profile", "creator_id"))


@objective_node.field("objectiveType")
def resolve_type(objective: Objective, info) -> int | None:
    return TYPES.get(objective.objective_type)


@objective_node.field("parentObjectives")
def resolve_parents(objective: Objective, info, **args):
    parent = info.context.loader("objective").get(objective.parent_id)
    return of_list([parent] if parent is not None else [], args)


def objectives_seen(info):
    def seen(rows) -> None:
        info.context.loader("profile").want(row.creator_id for row in rows)
        info.context.loader("objective").put(rows)
        info.context.loader("objective").want(row.parent_id for row in rows)
        info.context.loader("department").want(row.department_id for row in rows)

    return seen


# The fields whose rules read an objective's owners, its key results, and their owners.
_OWNERS_READ = frozenset({"canChange", "canDelete", "canCheckin"})
_KEY_RESULTS_READ = frozenset({"progress", "canCheckin"})


def _objective_rows(info):
    """The objectives the caller sees, with the related objects loaded that the rules of the
    fields selected beneath read (may_change, may_check_in, progress), and no others."""
    names = selected(info)
    options = []
    if names & _OWNERS_READ:
        options.append(selectinload(Objective.owners))
    if names & _KEY_RESULTS_READ:
        key_results = selectinload(Objective.key_results)
        if "canCheckin" in names:
            key_results = key_results.selectinload(KeyResult.owners)
        options.append(key_results)
    return rules.visible_objectives(caller_of(info)).options(*options)


# The fields of objectives and key results, and of their pages, that an objective's or a key
# result's own columns answer (gaggle.projection): a list whose document selects none but
# these is read as labelled rows, not ORM objects; the rules (canChange, canCheckin,
# progress) and the relations other than key results read the ORM objects.
ROW_FIELDS = frozenset(
    {
        *("__typename", "edges", "node", "cursor", "totalCount", "pageInfo"),
        *("hasNextPage", "hasPreviousPage", "startCursor", "endCursor"),
        *("id", "pk", "url", "name", "description", "created", "modified", "updated"),
        *("closed", "draft", "private", "startDate", "dueDatetime", "objectiveType"),
        *("completedDatetime", "objectiveUrl", "keyResults"),
        *("startingValue", "targetValue", "currentValue", "measurementType"),
    }
)


def _as_rows(info) -> bool:
    """Whether the list being resolved may be read as labelled rows (ROW_FIELDS)."""
    return selected(info) <= ROW_FIELDS


def _key_result_rows(info):
    """The key results the caller sees with their objectives, and their owners when a rule of
    a field selected beneath reads them."""
    rows = rules.visible_key_results(caller_of(info)).options(contains_eager(KeyResult.objective))
    if selected(info) & _OWNERS_READ:
        rows = rows.options(selectinload(KeyResult.owners))
    return rows


def _objectives(info, args: dict):
    """A page of the objectives the caller may see, by the legacy filters."""
    statement = _objective_statement(info, args)
    return connection(info.context.session, statement, args, seen=objectives_seen(info))


def _objective_statement(info, args: dict, **fixed):
    """The objectives the caller may see, by the legacy filters and order; `fixed` pins some
    of them."""
    args = {**args, **fixed}
    kind = args.get("objectiveType")
    kind = TYPE_NAMES.get(digits(kind), kind) if kind else None
    statement = filtered(
        _objective_rows(info),
        (args.get("search"), rules.objectives_matching),
        (args.get("owner"), lambda owner: Objective.id.in_(rules.owned_by(owner))),
        (args.get("team"), Objective.department_id),
        (args.get("parentObjective"), Objective.parent_id),
        (args.get("closed"), Objective.closed.is_),
        (kind, Objective.objective_type),
        _day_bound(Objective.due_date, args.get("dueDateGte"), "dueDateGte", ">="),
        _day_bound(Objective.due_date, args.get("dueDateLte"), "dueDateLte", "<="),
        legacy_filters(args),
        ids(args, Objective.id),
    )
    return ordered(statement, args.get("orderBy"), SORTS, "listObjectives", default="id")


def _day_bound(column, value: str | None, name: str, operator: str):
    """A day filter on a date column, as the REST API's `due_date__gte`/`__lte` read it."""

    def bounded(value: str) -> ColumnElement[bool]:
        try:
            day = dt.date.fromisoformat(value[:10])
        except ValueError:
            raise Problem(400, f"{name}: {value!r} is not a day (YYYY-MM-DD).") from None
        return (column >= day) if operator == ">=" else (column <= day)

    return value, bounded


@objective_node.field("childObjectives")
def resolve_children(objective: Objective, info, **args):
    def rows():
        return _objective_rows(info)

    return nested(
        info, objective, rows, Objective.parent_id, [Objective.id], args, seen=objectives_seen(info)
    )


@objective_node.field("keyResults")
def resolve_key_results(objective: Objective, info, **args):
    view = projection.key_result if _as_rows(info) else None

    def rows():
        if view is not None:
            columns = projection.own_columns(KeyResult)
            return rules.visible_key_results(caller_of(info)).with_only_columns(*columns)
        return _key_result_rows(info)

    column = KeyResult.objective_id
    return nested(info, objective, rows, column, [KeyResult.id], args, view=view)


def _checkins(info, objective: Objective, args: dict):
    values = "keyResultValues" in selected(info)

    def rows():
        found = rules.visible_checkins(caller_of(info))
        return found.options(selectinload(ObjectiveCheckin.updates)) if values else found

    seen = checkins_seen(info) if values else None
    order = [ObjectiveCheckin.created.desc(), ObjectiveCheckin.id.desc()]
    return nested(info, objective, rows, ObjectiveCheckin.objective_id, order, args, seen=seen)


def checkins_seen(info):
    """What a page of check-ins with their values may lead to: the key results they set."""

    def seen(rows) -> None:
        loader = info.context.loader("key_result")
        loader.want(update.key_result_id for row in rows for update in row.updates)

    return seen


@objective_node.field("checkins")
def resolve_checkins(objective: Objective, info, **args):
    return _checkins(info, objective, args)


@objective_node.field("lastCheckin")
def resolve_last_checkin(objective: Objective, info):
    items = _checkins(info, objective, {"first": 1}).items
    return items[0] if items else None


def _owners(info, table, column, owner, args: dict):
    def rows():
        return profiles_in(caller_of(info).network_id)

    link = (table, table.c.userprofile_id == UserProfile.id)
    order = [UserProfile.id]
    return nested(info, owner, rows, column, order, args, link=link, seen=profiles_seen(info))


@objective_node.field("owners")
def resolve_owners(objective: Objective, info, **args):
    return _owners(info, objective_owners, objective_owners.c.objective_id, objective, args)


@profile_node.field("ownedObjectives")
def resolve_owned_objectives(profile: UserProfile, info, **args):
    view = projection.objective if _as_rows(info) else None
    # An alias: the visibility rule's own test of ownership must not correlate with it.
    owned = objective_owners.alias("owned")
    owner = owned.c.userprofile_id
    link = (owned, owned.c.objective_id == Objective.id)

    def rows():
        statement = _objective_statement(info, args)
        if view is not None:
            return statement.with_only_columns(*projection.own_columns(Objective))
        return statement

    seen = None if view is not None else objectives_seen(info)
    return nested(info, profile, rows, owner, None, args, link=link, seen=seen, view=view)


@team_node.field("objectives")
def resolve_team_objectives(department, info, **args):
    rows = _objective_statement(info, args)
    return nested(
        info, department, rows, Objective.department_id, None, args, seen=objectives_seen(info)
    )


@network_node.field("objectives")
def resolve_network_objectives(network, info, **args):
    return _objectives(info, args)


@query.field("objective")
def resolve_objective(_, info, pk: int):
    return info.context.loader("objective").get(pk)


@query.field("objectives")
def resolve_objectives(_, info, **args):
    return _objectives(info, args)


# -- key results and check-ins ---------------------------------------------------------------


@key_result_node.field("owners")
def resolve_key_result_owners(key_result: KeyResult, info, **args):
    column = key_result_owners.c.key_result_id
    return _owners(info, key_result_owners, column, key_result, args)


@key_result_node.field("canCheckin")
def resolve_can_checkin(key_result: KeyResult, info) -> bool:
    objective = key_result.objective
    return rules.may_check_in(caller_of(info), objective) and _open(objective)


key_result_node.set_field("objective", related("objective", "objective_id"))


@query.field("keyResult")
def resolve_key_result(_, info, pk: int):
    return info.context.loader("key_result").get(pk)


checkin_node.set_field("objective", related("objective", "objective_id"))


checkin_node.set_field("user", related("profile", "creator_id"))


class KeyResultValue(NamedTuple):
    """A key result's value as a check-in set it; its key result is loaded only if asked."""

    key_result_id: int
    previousValue: float  # noqa: N815 - the schema's field names
    currentValue: float  # noqa: N815
    progress: float


value_type = ObjectType("CheckinKeyResultValue")
value_type.set_field("keyResult", related("key_result", "key_result_id"))


@checkin_node.field("keyResultValues")
def resolve_checkin_values(checkin: ObjectiveCheckin, info) -> list[KeyResultValue]:
    return [
        KeyResultValue(
            update.key_result_id, update.previous_value, update.current_value, update.progress
        )
        for update in checkin.updates
    ]


# -- mutations -------------------------------------------------------------------------------

OBJECTIVE_FIELDS = {
    "name": ["objective", "name"],
    "description": ["objective", "description"],
    "objective_type": ["objective", "objectiveType"],
    "owners": ["objective", "owners"],
    "stakeholders": ["objective", "stakeholders"],
    "weight": ["objective", "weight"],
    "department": ["objective", "departments"],
    "parent": ["objective", "parentObjective"],
    "start_date": ["objective", "startDate"],
    "due_date": ["objective", "dueDate"],
    "private": ["objective", "private"],
    "draft": ["objective", "draft"],
    "closed": ["objective", "closed"],
    "key_results": ["objective", "keyResults"],
}


def _objective_data(given: dict) -> dict:
    """The REST body of an objective from NewObjectiveInput or ExistingObjectiveInput."""
    data = {}
    for name, rest in (
        ("name", "name"),
        ("description", "description"),
        ("private", "private"),
        ("draft", "draft"),
        ("closed", "closed"),
        ("owners", "owners"),
        ("stakeholders", "stakeholders"),
        ("weight", "weight"),
        ("startDate", "start_date"),
        ("dueDate", "due_date"),
    ):
        if given.get(name) is not None:
            data[rest] = given[name]
    if given.get("objectiveType") is not None:
        code = given["objectiveType"]
        if code not in TYPE_NAMES:
            raise Problem(422, "objective_type: 1 individual, 2 department or 3 company.")
        data["objective_type"] = TYPE_NAMES[code]
    if given.get("departments") is not None:
        departments = [d for d in given["departments"] if d is not None]
        if len(departments) > 1:
            raise Problem(422, "department: an objective has at most one department.")
        data["department"] = departments[0] if departments else None
    if "parentObjective" in given:
        aligned = given["parentObjective"]
        data["parent"] = aligned["objective"] if aligned else None
    return data


def _key_result_data(given: dict | None) -> dict:
    given = given or {}
    names = (
        ("name", "name"),
        ("weight", "weight"),
        ("startingValue", "starting_value"),
        ("targetValue", "target_value"),
        ("currentValue", "current_value"),
        ("measurementType", "measurement_type"),
        ("owners", "owners"),
        ("description", "description"),
    )
    return {rest: given[name] for name, rest in names if given.get(name) is not None}


def _write_key_results(session, caller, objective: Objective, items: list) -> None:
    """Change (with `pk`) or add (without) key results of `objective`, in order."""
    for index, given in enumerate(items or []):
        data = _key_result_data(given)
        try:
            if (given or {}).get("pk") is None:
                body = rest_body("createKeyResult", {"objective": objective.id, **data})
                rules.create_key_result(session, caller, body)
                continue
            key_result = rules.get_key_result(session, caller, given["pk"])
            if key_result.objective_id != objective.id:
                raise Problem(422, f"pk: key result {given['pk']} is not one of this objective's.")
            rules.update_key_result(session, caller, key_result, rest_body("updateKeyResult", data))
        except Problem as problem:
            raise Problem(problem.status, f"key_results[{index}].{problem.detail}") from None


@mutation.field("createObjective")
def resolve_create_objective(_, info, objective: dict):
    def write(session, caller) -> int:
        data = rest_body("createObjective", _objective_data(objective))
        created = rules.create_objective(session, caller, data)
        _write_key_results(session, caller, created, objective.get("keyResults"))
        return created.id

    done, errors = run(info, write, OBJECTIVE_FIELDS)
    return {"objective": reread(info, rules.get_objective, done), "userErrors": errors}


@mutation.field("updateObjective")
def resolve_update_objective(_, info, objective: dict):
    pk = objective["pk"]

    def write(session, caller) -> None:
        found = rules.get_objective(session, caller, pk)
        data = _objective_data(objective)
        # Key results alone change as the REST API changes them: without the objective.
        if data or not objective.get("keyResults"):
            rules.update_objective(session, caller, found, rest_body("updateObjective", data))
        _write_key_results(session, caller, found, objective.get("keyResults"))

    _, errors = run(info, write, OBJECTIVE_FIELDS)
    return {"objective": reread(info, rules.get_objective, pk), "userErrors": errors}


@mutation.field("deleteKeyResult")
def resolve_delete_key_result(_, info, keyResultId: int):  # noqa: N803
    def write(session, caller) -> int:
        key_result = rules.get_key_result(session, caller, keyResultId)
        rules.delete_key_result(session, caller, key_result)
        return key_result.objective_id

    done, errors = run(info, write, {"key_result": ["keyResultId"]})
    return {"objective": reread(info, rules.get_objective, done), "userErrors": errors}


CHECKIN_FIELDS = {
    "objective": ["objectivePk"],
    "message": ["message"],
    "assessment_status": ["assessmentStatus"],
    "key_results": ["keyResults"],
    "close_objective": ["closeObjective"],
}


@mutation.field("createCheckin")
def resolve_create_checkin(_, info, objectivePk: int, **args):  # noqa: N803
    data = {"objective": objectivePk}
    for name, rest in (
        ("message", "message"),
        ("assessmentStatus", "assessment_status"),
        ("closeObjective", "close_objective"),
    ):
        if args.get(name) is not None:
            data[rest] = args[name]
    data["key_results"] = [
        {"key_result": item["pk"], "current_value": item["currentValue"]}
        for item in args.get("keyResults") or ()
        if item is not None
    ]

    def write(session, caller) -> int:
        return rules.check_in(session, caller, rest_body("createObjectiveCheckin", data)).id

    done, errors = run(info, write, CHECKIN_FIELDS)
    return {
        "checkin": reread(info, rules.get_checkin, done),
        "objective": reread(info, rules.get_objective, objectivePk),
        "userErrors": errors,
    }


@mutation.field("deleteObjective")
def resolve_delete_objective(_, info, input: dict):  # noqa: A002 - the schema's argument name
    def write(session, caller) -> Objective:
        found = rules.get_objective(session, caller, input["pk"])
        rules.delete_objective(session, caller, found)
        return found

    gone, errors = run(info, write, {"pk": ["input", "pk"]})
    return {"objective": gone, "userErrors": errors}


# -- the legacy names that Gaggle's data answers ---------------------------------------------


def _meets(first: dt.date | None, last: dt.date | None) -> ColumnElement[bool]:
    """The condition for objectives whose time, from their start day (or the day they were
    created) to their due day (or none), meets the days from `first` to `last` (either open)."""
    starts = func.coalesce(Objective.start_date, func.date(Objective.created))
    return and_(
        true() if last is None else starts <= last,
        true() if first is None else or_(Objective.due_date.is_(None), Objective.due_date >= first),
    )


def _in_range(days: list[str | None]) -> ColumnElement[bool]:
    """The condition for objectives whose time meets the days from `days[0]` to `days[1]`."""
    if len(days) != 2 or None in days:
        raise bad_input(f"validInDateRange: two days, the first and the last, not {days!r}.")
    first, last = (dates.day(day[:10], "validInDateRange") for day in days)
    return _meets(first, last)


def _types(codes: list[int]) -> ColumnElement[bool]:
    return Objective.objective_type.in_([TYPE_NAMES.get(code) for code in codes])


def legacy_filters(args: dict) -> list:
    """The legacy filters of `objectives` beyond the REST API's."""
    return [
        (args.get("name"), Objective.name),
        (
            args.get("dueDatetime"),
            lambda day: Objective.due_date == dates.day(day[:10], "dueDatetime"),
        ),
        _day_bound(Objective.start_date, args.get("startDateLte"), "startDateLte", "<="),
        (id_list(args, "objectiveType_In"), _types),
        (args.get("aligned"), lambda aligned: rules.aligned(aligned)),
        (args.get("isDraft"), Objective.draft.is_),
        (id_list(args, "parentObjective_In"), Objective.parent_id.in_),
        (args.get("validInDateRange"), _in_range),
        (args.get("stakeholder"), lambda profile: Objective.id.in_(rules.with_stake(profile))),
        (
            args.get("ownerOrStakeholder"),
            lambda profile: or_(
                Objective.id.in_(rules.owned_by(profile)),
                Objective.id.in_(rules.with_stake(profile)),
            ),
        ),
        (args.get("follower"), lambda profile: Objective.id.in_(rules.followed_by(profile))),
    ]


def _newest_first(info, objective: Objective):
    """The objective's check-ins that the caller sees, newest first, as a statement."""
    return (
        rules.visible_checkins(caller_of(info))
        .where(ObjectiveCheckin.objective_id == objective.id)
        .order_by(ObjectiveCheckin.created.desc(), ObjectiveCheckin.id.desc())
    )


def _latest(info, objective: Objective, count: int) -> list[ObjectiveCheckin]:
    """The objective's `count` latest check-ins the caller sees, newest first."""
    return list(info.context.session.scalars(_newest_first(info, objective).limit(count)))


@objective_node.field("grade")
def resolve_grade(objective: Objective, info) -> float | None:
    if not objective.closed:
        return None
    closing = _newest_first(info, objective).where(ObjectiveCheckin.close_objective.is_(True))
    found = info.context.session.scalars(closing.limit(1)).first()
    return None if found is None else found.final_assessment


@objective_node.field("overallAssessmentStatus")
def resolve_overall_assessment(objective: Objective, info) -> int | None:
    latest = _latest(info, objective, 1)
    return latest[0].assessment_status if latest else None


@objective_node.field("progressDelta")
def resolve_progress_delta(objective: Objective, info) -> float | None:
    latest = _latest(info, objective, 2)
    if not latest:
        return None
    before = latest[1].progress if len(latest) > 1 else 0.0
    return latest[0].progress - before


objective_node.set_field("completedDatetime", source_only(lambda objective: objective.closed_at))
objective_node.set_field(
    "objectiveUrl", source_only(lambda objective: links.current().objective(objective.id))
)


key_result_node.set_field("description", source_only(lambda key_result: key_result.description))
key_result_node.set_field("creator", related("profile", "creator_id"))


@objective_node.field("stakeholders")
def resolve_stakeholders(objective: Objective, info, **args):
    column = objective_stakeholders.c.objective_id
    return _owners(info, objective_stakeholders, column, objective, args)


@objective_node.field("followers")
def resolve_followers(objective: Objective, info, **args):
    column = objective_followers.c.objective_id
    return _owners(info, objective_followers, column, objective, args)


@objective_node.field("participants")
def resolve_participants(objective: Objective, info, **args):
    column = objective_participants.c.objective_id
    return _owners(info, objective_participants, column, objective, args)


def _following(action):
    """The resolver of a mutation that applies `action(session, caller, objective)` to the
    objective `objective` the caller sees."""

    def resolve(_, info, objective: int):
        def write(session, caller) -> None:
            action(session, caller, rules.get_objective(session, caller, objective))

        _, errors = run(info, write, {"objective": ["objective"]})
        return {"objective": reread(info, rules.get_objective, objective), "userErrors": errors}

    return resolve


mutation.set_field("followObjective", _following(rules.follow))
mutation.set_field("unfollowObjective", _following(rules.unfollow))


objective_node.set_field("weight", source_only(lambda objective: objective.weight))


def _children_seen(info, objective: Objective):
    """The objectives aligned to `objective` that the caller sees, as a statement."""
    return rules.visible_objectives(caller_of(info)).where(Objective.parent_id == objective.id)


@objective_node.field("childObjectivesWeightedProgress")
def resolve_children_weighted_progress(objective: Objective, info) -> float | None:
    statement = _children_seen(info, objective).options(selectinload(Objective.key_results))
    children = info.context.session.scalars(statement).all()
    if not children:
        return None
    return rules.weighted_progress([(child.weight, child.progress) for child in children])


@objective_node.field("childObjectivesHaveNoWeight")
def resolve_children_have_no_weight(objective: Objective, info) -> bool:
    weighted = _children_seen(info, objective).where(Objective.weight != rules.DEFAULT_WEIGHT)
    return not info.context.session.scalar(select(weighted.exists()))


@key_result_node.field("order")
def resolve_order(key_result: KeyResult, info) -> int:
    return info.context.session.scalar(
        select(func.count()).where(
            KeyResult.objective_id == key_result.objective_id, KeyResult.id < key_result.id
        )
    )


def _summary(info, owners, args: dict) -> dict:
    """ObjectiveSummaryNode over the objectives the caller sees that one of `owners` (a SELECT
    of profile ids) owns, within the days `fromDate` to `untilDate`."""
    session = info.context.session
    during = _meets(args.get("fromDate"), args.get("untilDate"))

    def seen(link) -> Select:
        """The objectives the caller sees within the days that `link` (owners, stakeholders,
        followers) ties to one of `owners`."""
        tied = select(link.c.objective_id).where(link.c.userprofile_id.in_(owners))
        return rules.visible_objectives(caller_of(info)).where(Objective.id.in_(tied), during)

    def how_many(link) -> int:
        return session.scalar(select(func.count()).select_from(seen(link).subquery()))

    statement = seen(objective_owners).options(selectinload(Objective.key_results))
    found = session.scalars(statement).all()
    latest: dict[int, int | None] = {}
    checkins = 0
    for objective_id, status in session.execute(
        select(ObjectiveCheckin.objective_id, ObjectiveCheckin.assessment_status)
        .where(ObjectiveCheckin.objective_id.in_([o.id for o in found]))
        .order_by(ObjectiveCheckin.created.desc(), ObjectiveCheckin.id.desc())
    ):
        checkins += 1
        latest.setdefault(objective_id, status)
    statuses = [latest.get(o.id) for o in found]
    drafts = sum(o.draft for o in found)
    aligned = sum(o.parent_id is not None for o in found)
    return {
        "owned": len(found),
        "stakeholder": how_many(objective_stakeholders),
        "following": how_many(objective_followers),
        "draft": drafts,
        "nonDraft": len(found) - drafts,
        "aligned": aligned,
        "unaligned": len(found) - aligned,
        "private": sum(o.private for o in found),
        "checkins": checkins,
        "noStatus": sum(status not in (ON_TRACK, OFF_TRACK) for status in statuses),
        "onTrack": statuses.count(ON_TRACK),
        "offTrack": statuses.count(OFF_TRACK),
        "avgProgress": sum(o.progress for o in found) / len(found) if found else None,
    }


@profile_node.field("objectiveSummary")
def resolve_profile_summary(profile: UserProfile, info, **args) -> dict:
    return _summary(info, [profile.id], args)


@profile_connection.field("objectiveSummary")
def resolve_profiles_summary(page, info, **args) -> dict:
    return _summary(info, page.statement.order_by(None).with_only_columns(UserProfile.id), args)


@profile_node.field("checkins")
def resolve_profile_checkins(profile: UserProfile, info, **args):
    rows = rules.visible_checkins(caller_of(info))
    seen = None
    if "keyResultValues" in selected(info):
        rows = rows.options(selectinload(ObjectiveCheckin.updates))
        seen = checkins_seen(info)
    order = [ObjectiveCheckin.created.desc(), ObjectiveCheckin.id.desc()]
    return nested(info, profile, rows, ObjectiveCheckin.creator_id, order, args, seen=seen)


def fetch_objectives(session, caller, wanted):
    return session.scalars(rules.objectives_for(caller).where(Objective.id.in_(wanted))).all()


def fetch_key_results(session, caller, wanted):
    statement = rules.key_results_for(caller).where(KeyResult.id.in_(wanted))
    return session.scalars(statement.options(contains_eager(KeyResult.objective))).all()


BINDABLES = [
    query,
    mutation,
    objective_node,
    key_result_node,
    checkin_node,
    value_type,
    profile_node,
    team_node,
    network_node,
    profile_connection,
]
FETCHERS = {"objective": fetch_objectives, "key_result": fetch_key_results}
