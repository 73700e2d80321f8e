"""userprofiles/: people in a network."""

from __future__ import annotations

from sqlalchemy import select

from gaggle import db
from gaggle.bodies import read, relation
from gaggle.caller import current, query_int
from gaggle.dates import day
from gaggle.handlers.users import render_user
from gaggle.models.base import reloaded
from gaggle.models.people import (
    User,
    UserProfile,
    department_members,
    get_profile,
    profiles_in,
    update_profile,
    users_matching,
)
from gaggle.pagination import paginate
from gaggle.querying import order, where
from gaggle.requests import api_url


def render_profile(profile: UserProfile) -> dict:
    return {
        "id": profile.id,
        "url": api_url(f"/userprofiles/{profile.id}/"),
        "user": render_user(profile.user),
        "network": api_url(f"/networks/{profile.network_id}/"),
        "reports_to": api_url(f"/userprofiles/{profile.reports_to_id}/")
        if profile.reports_to_id
        else None,
        "position": profile.position,
        "phone_number": profile.phone_number,
        "timezone": profile.timezone,
        "about": profile.about,
        "hire_date": profile.hire_date.isoformat() if profile.hire_date else None,
        "employee_id": profile.employee_id,
        "is_manager": bool(profile.is_manager),
        "is_admin": profile.is_admin,
        "activated": profile.activated,
        "profile_img": profile.profile_img,
    }


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
    caller = current()
    user = query_int("user")
    in_department = UserProfile.id.in_(
        select(department_members.c.userprofile_id).where(
            department_members.c.department_id == department
        )
    )
    statement = where(
        profiles_in(caller.network_id),
        (search, users_matching(search or "")),
        (user, UserProfile.user_id == user),
        (reports_to, UserProfile.reports_to_id == reports_to),
        (is_manager, UserProfile.is_manager.is_(is_manager)),
        (department, in_department),
        (activated, UserProfile.activated.is_(activated)),
    )
    statement = order(statement, ordering, "listUserProfiles", default="id", joined=(User,))
    with db.reading() as session:
        return paginate(session, statement, limit=limit, offset=offset, render=render_profile)


def get_my_user_profile():
    caller = current()
    with db.reading() as session:
        return render_profile(get_profile(session, caller, caller.profile_id))


def get_user_profile(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.reading() as session:
        return render_profile(get_profile(session, caller, id))


def update_user_profile(id, body):  # noqa: A002 - the spec's parameter name
    caller = current()
    changes = read(body, {"hire_date": day, "reports_to": relation("userprofiles")})
    with db.transaction() as session:
        update_profile(session, caller, get_profile(session, caller, id), changes)
        return render_profile(reloaded(session, get_profile, caller, id))
