"""department.graphql: departments, which the legacy API called teams (REST `departments/`)."""

from __future__ import annotations

from ariadne import MutationType, ObjectType, QueryType
from sqlalchemy import Select, exists, select

from gaggle import links
from gaggle.graph.areas.network import business_cycle, objectives_around_cycle
from gaggle.graph.areas.userprofile import profiles_seen
from gaggle.graph.mutations import refused, reread, rest_body, run
from gaggle.graph.nodes import caller_of, filtered, ids, node, ordered, related
from gaggle.graph.relay import connection, nested
from gaggle.models import people, reviews
from gaggle.models.objectives import Objective, objective_contributing_teams
from gaggle.models.people import Department, UserProfile, department_leaders, department_members

query = QueryType()
mutation = MutationType()
profile_node = ObjectType("UserProfileNode")
objective_node = ObjectType("ObjectiveNode")
profile_connection = ObjectType("UserProfileConnection")

SORTS = {"pk": "id", "name": "name", "created": "created"}

team_node = node(
    "TeamNode",
    lambda department: links.current().department(department.id),
    can_change=people.may_manage,
    can_delete=people.may_manage,
)


_FULL_NAMES = "department full names"


def _full_names(info) -> dict[int, str]:
    """Every department's full name, read once per request."""
    return info.context.memo(
        _FULL_NAMES, lambda: people.full_names(info.context.session, caller_of(info).network_id)
    )


@team_node.field("fullName")
def resolve_full_name(department: Department, info) -> str:
    return _full_names(info).get(department.id, department.name)


team_node.set_field("parent", related("department", "parent_id"))


team_node.set_field("creator", related("profile", "creator_id"))


def _departments(info):
    return people.departments_in(caller_of(info).network_id)


def _seen(info):
    def seen(rows) -> None:
        info.context.loader("department").want(d.parent_id for d in rows)

    return seen


def _page(info, statement, args: dict):
    return connection(info.context.session, statement, args, seen=_seen(info))


def _by_name(info) -> Select:
    """The departments the caller sees, by name."""
    return ordered(_departments(info), None, SORTS, "listDepartments", default="name")


def _nested_departments(info, parent, parent_column, args: dict, link=None):
    """A page of the departments by name of `parent`'s list, read for its whole page at once."""
    rows = _by_name(info)
    return nested(info, parent, rows, parent_column, None, args, link=link, seen=_seen(info))


@team_node.field("subDepartments")
def resolve_sub_departments(department: Department, info, **args):
    return _nested_departments(info, department, Department.parent_id, args)


def _below(ids):
    under = people.below_each(ids)
    return under, under.c.id == Department.id


@team_node.field("allSubDepartments")
def resolve_all_sub_departments(department: Department, info, **args):
    return _nested_departments(info, department, "top", args, link=_below)


def _profiles(info, parent, parent_column, args: dict, link):
    """A page of the people of `parent`'s list, read for its whole page at once."""
    rows = people.profiles_in(caller_of(info).network_id)
    seen = profiles_seen(info)
    return nested(info, parent, rows, parent_column, [UserProfile.id], args, link=link, seen=seen)


def _people(info, table, department: Department, args: dict):
    link = (table, table.c.userprofile_id == UserProfile.id)
    return _profiles(info, department, table.c.department_id, args, link)


@team_node.field("leaders")
def resolve_leaders(department: Department, info, **args):
    return _people(info, department_leaders, department, args)


@team_node.field("members")
def resolve_members(department: Department, info, **args):
    return _people(info, department_members, department, args)


@team_node.field("allMembers")
def resolve_all_members(department: Department, info, **args):
    return _profiles(info, department, "top", args, _members_within)


def _members_within(ids):
    within = people.members_within_each(ids)
    return within, within.c.userprofile_id == UserProfile.id


def _network(department: Department, info):
    return info.context.loader("network").get(department.network_id)


@team_node.field("cycle")
def resolve_cycle(department: Department, info, forDate=None):  # noqa: N803
    return business_cycle(_network(department, info), forDate)


@team_node.field("objectivesCountForCyclePagination")
def resolve_objectives_around_cycle(department: Department, info, **args):
    department_only = Objective.department_id == department.id
    return objectives_around_cycle(info, _network(department, info), args, department_only)


@objective_node.field("contributingTeams")
def resolve_contributing_teams(objective: Objective, info, **args):
    table = objective_contributing_teams
    link = (table, table.c.department_id == Department.id)
    return _nested_departments(info, objective, table.c.objective_id, args, link=link)


def _teams(info, table, profile: UserProfile, args: dict):
    link = (table, table.c.department_id == Department.id)
    return _nested_departments(info, profile, table.c.userprofile_id, args, link=link)


@profile_node.field("teams")
def resolve_profile_teams(profile: UserProfile, info, **args):
    return _teams(info, department_members, profile, args)


@profile_connection.field("teams")
def resolve_teams_of_profiles(page, info, **args):
    chosen = page.statement.order_by(None).with_only_columns(UserProfile.id)
    statement = _by_name(info).where(Department.id.in_(people.member_of_any(chosen)))
    return _page(info, statement, args)


@profile_node.field("teamsLeading")
def resolve_teams_leading(profile: UserProfile, info, **args):
    return _teams(info, department_leaders, profile, args)


@profile_node.field("isDepartmentLeader")
def resolve_is_department_leader(profile: UserProfile, info) -> bool:
    return info.context.session.scalar(
        select(exists().where(department_leaders.c.userprofile_id == profile.id))
    )


objective_node.set_field("team", related("department", "department_id"))


@query.field("team")
def resolve_team(_, info, pk: int):
    return info.context.loader("department").get(pk)


def _reviewed(info, cycle_id: int):
    """The ids of the people whose review in the cycle the caller may see."""
    return reviews.reviewed_in(caller_of(info), cycle_id)


@query.field("teams")
def resolve_teams(_, info, **args):
    caller = caller_of(info)
    has_parent, parent = args.get("hasParent"), args.get("parent")
    mine = caller.profile_id if args.get("mine") else None
    full_name = args.get("fullName")
    statement = filtered(
        _departments(info),
        (has_parent, people.with_parent),
        (parent, Department.parent_id),
        (args.get("name"), Department.name),
        (full_name, lambda name: people.fully_named(info.context.session, caller.network_id, name)),
        (
            args.get("hasSnapshotInGroup"),
            lambda cycle: people.with_member_among(_reviewed(info, cycle)),
        ),
        (args.get("search"), people.departments_matching),
        (mine, lambda profile: Department.id.in_(people.member_of(profile))),
        (args.get("ledBy"), lambda profile: Department.id.in_(people.leading(profile))),
        (args.get("member"), lambda profile: Department.id.in_(people.member_of(profile))),
        ids(args, Department.id),
    )
    statement = ordered(statement, args.get("orderBy"), SORTS, "listDepartments", default="name")
    return _page(info, statement, args)


# -- mutations -------------------------------------------------------------------------------

FIELDS = {
    "name": ["name"],
    "parent": ["parent"],
    "members": ["profilesToAdd"],
    "member": ["profilesToAdd"],
    "leaders": ["leadersToAdd"],
}


def _changed(current: list[int], add: list | None, remove: list | None) -> list[int] | None:
    """The new list of ids after adding and removing, or None when neither was asked."""
    if add is None and remove is None:
        return None
    dropped = {i for i in remove or () if i is not None}
    kept = [i for i in current if i not in dropped]
    return kept + [i for i in dict.fromkeys(add or ()) if i is not None and i not in kept]


@mutation.field("createOrUpdateTeam")
def resolve_create_or_update_team(_, info, pk=None, **args):
    if pk is None and not args.get("name"):
        return {"team": None, "userErrors": refused(422, "name: required to create one.", FIELDS)}

    def write(session, caller) -> int:
        department = None if pk is None else people.get_department(session, caller, pk)
        data = {}
        if args.get("name") is not None:
            data["name"] = args["name"]
        if args.get("clearParent"):
            data["parent"] = None
        elif args.get("parent") is not None:
            data["parent"] = args["parent"]
        for field, add, remove in (
            ("members", "profilesToAdd", "profilesToRemove"),
            ("leaders", "leadersToAdd", "leadersToRemove"),
        ):
            current = [p.id for p in getattr(department, field, [])]
            changed = _changed(current, args.get(add), args.get(remove))
            if changed is not None:
                data[field] = changed
        if department is None:
            rest_body("createDepartment", data)
            return people.create_department(session, caller, data).id
        rest_body("updateDepartment", data)
        people.update_department(session, caller, department, data)
        return department.id

    done, errors = run(info, write, FIELDS)
    team = reread(info, people.get_department, done if done is not None else pk)
    return {"team": team, "userErrors": errors}


@mutation.field("deleteTeam")
def resolve_delete_team(_, info, pk: int):
    def write(session, caller) -> tuple[Department, dict[int, str]]:
        department = people.get_department(session, caller, pk)
        # The full names as they were: the payload shows the department before the delete.
        names = people.full_names(session, caller.network_id)
        people.delete_department(session, caller, department)
        return department, names

    gone, errors = run(info, write, FIELDS)
    if gone is None:
        return {"team": None, "userErrors": errors}
    department, names = gone
    info.context.memo(_FULL_NAMES, lambda: names)
    return {"team": department, "userErrors": errors}


def fetch_departments(session, caller, wanted):
    return session.scalars(
        people.departments_in(caller.network_id).where(Department.id.in_(wanted))
    ).all()


BINDABLES = [query, mutation, team_node, profile_node, objective_node, profile_connection]
FETCHERS = {"department": fetch_departments}
