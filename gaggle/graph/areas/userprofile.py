"""userprofile.graphql: the people of the caller's network (REST `users/`, `userprofiles/`)."""

from __future__ import annotations

import base64
import binascii
from operator import attrgetter

from ariadne import MutationType, QueryType
from sqlalchemy import func, select

from gaggle import links
from gaggle.graph.fast import source_only
from gaggle.graph.mutations import reread, rest_body, run
from gaggle.graph.nodes import caller_of, day_start, filtered, ids, node, ordered, related
from gaggle.graph.relay import an_id, bad_input, connection, digits, nested
from gaggle.models import people
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
profile_node.set_field("hireDate", source_only(lambda profile: day_start(profile.hire_date)))
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


@profile_node.field("reportingToMe")
def resolve_reporting_to_me(profile: UserProfile, info, **args):
    rows = people.profiles_in(caller_of(info).network_id)
    order = [UserProfile.id]
    seen = profiles_seen(info)
    return nested(info, profile, rows, UserProfile.reports_to_id, order, args, seen=seen)


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


@query.field("profiles")
def resolve_profiles(_, info, **args):
    caller = caller_of(info)
    user = pk_of(args.get("user"), "UserNode", "user")
    manager = pk_of(args.get("reportsTo"), "UserProfileNode", "reportsTo")
    statement = filtered(
        people.profiles_in(caller.network_id),
        (args.get("search"), people.users_matching),
        (user, UserProfile.user_id),
        (manager, UserProfile.reports_to_id),
        (args.get("isManager"), UserProfile.is_manager.is_),
        (args.get("teamId"), lambda team: UserProfile.id.in_(people.members_of(team))),
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


BINDABLES = [query, mutation, profile_node, user_node]
FETCHERS = {"profile": fetch_profiles}
