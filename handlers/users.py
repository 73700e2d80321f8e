"""users/: people's accounts."""

from __future__ import annotations

from gaggle import db
from gaggle.caller import current
from gaggle.models import people
from gaggle.models.people import User, users_in
from gaggle.pagination import paginate
from gaggle.querying import order, where
from gaggle.requests import api_url


def render_user(user: User) -> dict:
    return {
        "id": user.id,
        "url": api_url(f"/users/{user.id}/"),
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": user.is_active,
        "date_joined": user.date_joined.isoformat(),
    }


def list_users(limit=None, offset=None, search=None, is_active=None, ordering=None):
    caller = current()
    statement = where(
        users_in(caller.network_id),
        (search, people.users_matching(search or "")),
        (is_active, User.is_active.is_(is_active)),
    )
    statement = order(statement, ordering, "listUsers", default="id")
    with db.reading() as session:
        return paginate(session, statement, limit=limit, offset=offset, render=render_user)


def get_user(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.reading() as session:
        return render_user(people.get_user(session, caller, id))
