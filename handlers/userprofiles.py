"""userprofiles/: people in a network."""

from __future__ import annotations

from gaggle import projection
from gaggle.bodies import read, relation
from gaggle.caller import current, query_int
from gaggle.dates import day
from gaggle.models import people
from gaggle.models.people import User, UserProfile
from gaggle.querying import order, where
from gaggle.resources import Resource

PROFILE = projection.PROFILES
PROFILES = Resource(lambda caller: people.profiles_in(caller.network_id), "user profile", PROFILE)
# Read before the profile is looked up, so a body naming no profile is a 422 whatever the id.
FIELDS = {"hire_date": day, "reports_to": relation("userprofiles")}


def list_user_profiles(
    limit=None,
    offset=None,
    search=None,
    reports_to=None,
    is_manager=None,
    department=None,
    activated=None,
    ordering=None,
):
    user = query_int("user")
    statement = where(
        PROFILES.listed(),
        (search, people.users_matching),
        (user, UserProfile.user_id),
        (reports_to, UserProfile.reports_to_id),
        (is_manager, UserProfile.is_manager.is_),
        (department, lambda department: UserProfile.id.in_(people.members_of(department))),
        (activated, UserProfile.activated.is_),
    )
    statement = order(statement, ordering, "listUserProfiles", default="id", joined=(User,))
    return PROFILES.page(statement, limit=limit, offset=offset)


def get_my_user_profile():
    return PROFILES.show(current().profile_id)


def get_user_profile(id):  # noqa: A002 - the spec's parameter name
    return PROFILES.show(id)


def update_user_profile(id, body):  # noqa: A002 - the spec's parameter name
    return PROFILES.change(people.update_profile, id, read(body, FIELDS))
