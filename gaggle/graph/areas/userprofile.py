"""userprofile.graphql: the people of the caller's network (REST `users/`, `userprofiles/`)."""

from __future__ import annotations

import base64
import binascii
from operator import attrgetter

from ariadne import MutationType, ObjectType, QueryType
from sqlalchemy import func, or_, select

from gaggle import dates, links
from gaggle.graph.areas.network import business_cycle, objectives_around_cycle
from gaggle.graph.fast import source_only
from gaggle.graph.mutations import reread, rest_body, run
from gaggle.graph.nodes import (
    MAX_IDS,
    caller_of,
    filtered,
    id_list,
    ids,
    node,
    ordered,
    related,
)
from gaggle.graph.relay import an_id, bad_input, connection, digits, nested
from gaggle.models import people, reviews
from gaggle.models.objectives import Objective, owned_by
from gaggle.models.people import User, UserProfile

query = QueryType()
mutation = MutationType()

# GraphQL field names as the REST API's names, for `canChange(changedFields:)` and orderBy.
REST_NAMES = {
    "firstName": "first_name",
    "lastName": "last_name",
    "phoneNumber": "phone_number",
    "timezone": "timezone",
    "about": "about",
    "profileImageUrl": "profile_img",
    "position": "position",
    "employeeId": "employee_id",
    "hireDate": "hire_date",
    "reportsTo": "reports_to",
    "isAdmin": "is_admin",
    "activated": "activated",
}
SORTS = {"pk": "id", "firstName": "first_name", "lastName": "last_name", "email": "email"}
SORTS |= {"position": "position", "hireDate": "hire_date"}


def profile_url(profile: UserProfile) -> str:
    return links.current().userprofile(profile.id)


def _can_change(caller, profile, changed=()) -> bool:
    fields = [REST_NAMES.get(c.get("fieldName"), c.get("fieldName")) for c in changed or () if c]
    return people.may_change_profile(caller, profile, fields)


profile_node = node(
    "UserProfileNode",
    profile_url,
    renamed={
        "isAdmin": "is_admin",
        "position": "position",
        "phoneNumber": "phone_number",
        "employeeId": "employee_id",
    },
)
profile_node.set_field(
    "canChange",
    lambda obj, info, changedFields=None: _can_change(caller_of(info), obj, changedFields),
)
profile_connection = ObjectType("UserProfileConnection")
user_node = node(
    "UserNode",
    lambda user: links.current().user(user.id),
    can_change=lambda caller, user: people.may_change_profile(caller, user.profile),
    renamed={"firstName": "first_name", "lastName": "last_name", "isActive": "is_active"},
)
user_node.set_field("dateJoined", source_only(attrgetter("date_joined")))
user_node.set_field(
    "profile", lambda user, info: info.context.loader("profile").get(user.profile.id)
)


def met(info, profiles) -> None:
    """Profiles another query loaded: kept for the `profile` loader, and their managers wanted,
    so that a page's `reportsTo` fields load together."""
    loader = info.context.loader("profile")
    loader.put(profiles)
    loader.want(p.reports_to_id for p in profiles)


def profiles_seen(info):
    """What a page of profiles may lead to: their managers, for all of them at once."""

    def seen(rows) -> None:
        met(info, rows)

    return seen


profile_node.set_field("isManager", source_only(lambda profile: bool(profile.is_manager)))
profile_node.set_field("username", source_only(lambda profile: profile.user.username))
profile_node.set_field("hireDate", source_only(attrgetter("hire_date")))
profile_node.set_field(
    "fullName",
    source_only(lambda profile: f"{profile.user.first_name} {profile.user.last_name}".strip()),
)
profile_node.set_field("firstName", source_only(lambda profile: profile.user.first_name))
profile_node.set_field("lastName", source_only(lambda profile: profile.user.last_name))


# One picture whatever the `size` the legacy clients ask for.
profile_node.set_field("profileImageUrl", source_only(lambda profile: profile.profile_img or None))


profile_node.set_field("reportsTo", related("profile", "reports_to_id"))


@profile_node.field("isOnlyAdmin")
def resolve_is_only_admin(profile: UserProfile, info) -> bool:
    return people.is_only_admin(info.context.session, profile)


@profile_node.field("countDirectReports")
def resolve_count_direct_reports(profile: UserProfile, info) -> int:
    return info.context.session.scalar(
        select(func.count()).where(UserProfile.reports_to_id == profile.id)
    )


def _profiles_among(info, chosen, args: dict, *, order=UserProfile.id):
    """A page of the people of the caller's network whose ids `chosen` selects, by `order`."""
    statement = people.profiles_in(caller_of(info).network_id).where(UserProfile.id.in_(chosen))
    return connection(
        info.context.session, statement.order_by(order), args, seen=profiles_seen(info)
    )


@profile_node.field("reportingToMe")
def resolve_reporting_to_me(profile: UserProfile, info, **args):
    rows = people.profiles_in(caller_of(info).network_id)
    order = [UserProfile.id]
    seen = profiles_seen(info)
    return nested(info, profile, rows, UserProfile.reports_to_id, order, args, seen=seen)


profile_node.set_field(
    "activationState",
    source_only(lambda profile: "activated" if profile.activated else "deactivated"),
)
profile_node.set_field("profileUrl", source_only(profile_url))


def _paired(info, profile: UserProfile, pairs, other, order, args: dict):
    """The page of `profile`'s people that `pairs` pair it with (its `person` column) in the
    column `other`, read for the whole page of people at once."""
    rows = people.profiles_in(caller_of(info).network_id)
    link = (pairs, other == UserProfile.id)
    seen = profiles_seen(info)
    return nested(info, profile, rows, pairs.c.person, order, args, link=link, seen=seen)


@profile_node.field("teammates")
def resolve_teammates(profile: UserProfile, info, **args):
    pairs = people.teammate_pairs()
    return _paired(info, profile, pairs, pairs.c.other, [UserProfile.id], args)


@profile_node.field("relatedProfiles")
def resolve_related_profiles(profile: UserProfile, info, **args):
    pairs = people.related_pairs()
    return _paired(info, profile, pairs, pairs.c.other, [UserProfile.id], args)


@profile_node.field("userManagementTree")
def resolve_user_management_tree(profile: UserProfile, info, reversed=False, **args):  # noqa: A002
    chains = people.manager_chains()
    # The chain's order: the top first, or the person's own manager first when reversed.
    order = [chains.c.depth if reversed else chains.c.depth.desc()]
    return _paired(info, profile, chains, chains.c.manager, order, args)


def _network(profile: UserProfile, info):
    return info.context.loader("network").get(profile.network_id)


@profile_node.field("cycle")
def resolve_cycle(profile: UserProfile, info, forDate=None):  # noqa: N803
    return business_cycle(_network(profile, info), forDate)


@profile_node.field("ownedObjectivesCountForCyclePagination")
def resolve_owned_objectives_around_cycle(profile: UserProfile, info, **args):
    owned = Objective.id.in_(owned_by(profile.id))
    return objectives_around_cycle(info, _network(profile, info), args, owned)


@profile_connection.field("managers")
def resolve_managers_of_profiles(page, info, **args):
    chosen = page.statement.order_by(None).with_only_columns(UserProfile.reports_to_id)
    return _profiles_among(info, chosen, args)


@query.field("currentUser")
def resolve_current_user(_, info):
    return info.context.loader("profile").get(caller_of(info).profile_id)


@query.field("profile")
def resolve_profile(_, info, pk: int):
    return info.context.loader("profile").get(pk)


def pk_of(value: str | None, type_name: str, argument: str) -> int | None:
    """A pk from an ID argument: a global id of `type_name`, or the pk itself, in digits.
    GraphQLError (BAD_USER_INPUT) for anything else, or a pk out of the range of ids."""
    if value is None:
        return None
    if digits(value) is not None:
        return an_id(value, argument)
    try:
        kind, _, pk = base64.b64decode(value.encode(), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeError):
        kind = pk = ""
    if kind == type_name and digits(pk) is not None:
        return an_id(pk, argument)
    raise bad_input(f"{argument}: {value!r} is not the id of a {type_name}.")


def _among(chosen, inside: bool):
    """The condition for profiles whose id `chosen` selects (`inside`), or for the others."""
    return UserProfile.id.in_(chosen) if inside else UserProfile.id.not_in(chosen)


def _present(column, blank=None):
    """A filter's test for profiles with a value in `column` (true) or without one (false);
    `blank` is the column's empty value when it is not NULL."""
    if blank is None:
        return lambda has: column.is_not(None) if has else column.is_(None)
    return lambda has: column != blank if has else column == blank


def _names(args: dict) -> list[str] | None:
    """The lower-cased login names of `username_In`, at most MAX_IDS."""
    if args.get("username_In") is None:
        return None
    given = [name.lower() for name in args["username_In"] if name is not None]
    if len(given) > MAX_IDS:
        raise bad_input(f"username_In: at most {MAX_IDS} names, not {len(given)}.")
    return given


def _skip_managed(has: bool):
    """The condition for profiles whose manager has a manager (`has`), or for the others."""
    skip = UserProfile.reports_to_id.in_(people.managed())
    return skip if has else or_(UserProfile.reports_to_id.is_(None), ~skip)


def _hired(args: dict) -> list:
    """The hire date filters: on a day, from a day, up to a day."""
    hired = UserProfile.hire_date

    def day(name: str):
        value = args.get(name)
        return None if value is None else dates.day(value[:10], name)

    return [
        (day("hireDate"), hired),
        (day("hireDate_Gte"), lambda value: hired >= value),
        (day("hireDate_Lte"), lambda value: hired <= value),
        (args.get("hasHireDate"), _present(hired)),
    ]


@query.field("profiles")
def resolve_profiles(_, info, **args):
    caller = caller_of(info)
    user = pk_of(args.get("user"), "UserNode", "user")
    manager = pk_of(args.get("reportsTo"), "UserProfileNode", "reportsTo")
    network = pk_of(args.get("sgnetwork"), "NetworkNode", "sgnetwork")
    teams = id_list(args, "teams")

    def related_to_me(inside: bool):
        me = info.context.loader("profile").get(caller.profile_id)
        return _among(people.related_to(me), inside)

    statement = filtered(
        people.profiles_in(caller.network_id),
        (args.get("search"), people.users_matching),
        (user, UserProfile.user_id),
        (manager, UserProfile.reports_to_id),
        (network, UserProfile.network_id),
        (args.get("user_Email"), lambda email: func.lower(User.email) == email.lower()),
        (args.get("employeeId"), UserProfile.employee_id),
        (args.get("username"), lambda name: func.lower(User.username) == name.lower()),
        (_names(args), func.lower(User.username).in_),
        (args.get("isAdmin"), UserProfile.is_admin.is_),
        (True if args.get("adminsOnly") else None, UserProfile.is_admin.is_),
        (args.get("isManager"), UserProfile.is_manager.is_),
        (args.get("hasTeam"), lambda has: _among(people.members_of_any(), has)),
        (teams, lambda teams: UserProfile.id.in_(people.members_of_departments(teams))),
        (args.get("teamId"), lambda team: UserProfile.id.in_(people.members_of(team))),
        (args.get("hasManager"), _present(UserProfile.reports_to_id)),
        (args.get("hasSkipManager"), _skip_managed),
        (
            args.get("hasManagerInManagementTree"),
            lambda top: UserProfile.id.in_(people.reporting_within(top)),
        ),
        (args.get("hasEmployeeId"), _present(UserProfile.employee_id, "")),
        _hired(args),
        (
            args.get("hasSnapshotInGroup"),
            lambda cycle: _among(reviews.reviewed_in(caller, cycle), True),
        ),
        (
            args.get("noSnapshotInGroup"),
            lambda cycle: _among(reviews.reviewed_in(caller, cycle), False),
        ),
        (args.get("related"), related_to_me),
        (args.get("inactive"), lambda inactive: UserProfile.activated.is_(not inactive)),
        ids(args, UserProfile.id),
    )
    statement = ordered(
        statement, args.get("orderBy"), SORTS, "listUserProfiles", default="id", joined=(User,)
    )
    return connection(info.context.session, statement, args, seen=profiles_seen(info))


# -- mutations -------------------------------------------------------------------------------

# Each input field by its REST name, and where it sits in the mutation's arguments.
FIELDS = {
    rest: ["userProfile", name] for name, rest in REST_NAMES.items() if name != "profileImageUrl"
}
FIELDS |= {"profile_img": ["userProfile", "profileImg"], "reports_to": ["userProfile", "manager"]}
FIELDS |= {"is_admin": ["isAdmin"], "activated": ["pk"]}


def _changes(user_profile: dict | None, is_admin: bool | None) -> dict:
    """The REST body of a profile change, from the legacy arguments."""
    given = dict(user_profile or {})
    changes = {
        rest: given[name]
        for name, rest in (
            ("firstName", "first_name"),
            ("lastName", "last_name"),
            ("phoneNumber", "phone_number"),
            ("timezone", "timezone"),
            ("about", "about"),
            ("profileImg", "profile_img"),
            ("position", "position"),
            ("employeeId", "employee_id"),
            ("hireDate", "hire_date"),
            ("manager", "reports_to"),
        )
        if given.get(name) is not None
    }
    if given.get("clearHireDate"):
        changes["hire_date"] = None
    if given.get("clearManager"):
        changes["reports_to"] = None
    if is_admin is not None:
        changes["is_admin"] = is_admin
    return changes


def _update(info, pk: int, changes: dict) -> tuple[UserProfile | None, list[dict]]:
    def write(session, caller) -> int:
        profile = people.get_profile(session, caller, pk)
        rest_body("updateUserProfile", changes)
        return people.update_profile(session, caller, profile, dict(changes)).id

    done, errors = run(info, write, FIELDS)
    return reread(info, people.get_profile, done if not errors else pk), errors


@mutation.field("updateUserprofile")
def resolve_update_userprofile(_, info, pk: int, userProfile=None, isAdmin=None, **_ignored):  # noqa: N803
    profile, errors = _update(info, pk, _changes(userProfile, isAdmin))
    legacy = [{"field": (e["field"] or [None])[-1], "errorMessage": e["message"]} for e in errors]
    return {"profile": profile, "userErrors": errors, "validationErrors": legacy}


@mutation.field("deactivateUserprofile")
def resolve_deactivate(_, info, pk: int):
    profile, errors = _update(info, pk, {"activated": False})
    return {"profile": profile, "userErrors": errors}


@mutation.field("reactivateUserprofile")
def resolve_reactivate(_, info, pk: int):
    profile, errors = _update(info, pk, {"activated": True})
    return {"profile": profile, "userErrors": errors}


def fetch_profiles(session, caller, wanted):
    return session.scalars(
        people.profiles_in(caller.network_id).where(UserProfile.id.in_(wanted))
    ).all()


BINDABLES = [query, mutation, profile_node, user_node, profile_connection]
FETCHERS = {"profile": fetch_profiles}
