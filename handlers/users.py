"""users/: people's accounts."""

from __future__ import annotations

from sqlalchemy import or_

from gaggle import db
from gaggle.caller import current
from gaggle.models.people import User, users_in
from gaggle.pagination import paginate
from gaggle.problems import Problem
from gaggle.querying import order, where
from gaggle.requests import api_url

ORDERING = {
    "id": User.id,
    "email": User.email,
    "first_name": User.first_name,
    "last_name": User.last_name,
    "date_joined": User.date_joined,
}


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


def search_users(term: str):
    pattern = f"%{term.lower()}%"
    return or_(
        User.email.ilike(pattern), User.first_name.ilike(pattern), User.last_name.ilike(pattern)
    )


def list_users(limit=None, offset=None, search=None, is_active=None, ordering=None):
    caller = current()
    statement = where(
        users_in(caller.network_id),
        (search, search_users(search or "")),
        (is_active, User.is_active.is_(is_active)),
    )
    statement = order(statement, ordering, ORDERING, "id")
    with db.reading() as session:
        return paginate(session, statement, limit=limit, offset=offset, render=render_user)


def get_user(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.reading() as session:
        user = session.scalar(users_in(caller.network_id).where(User.id == id))
        if user is None:
            raise Problem(404, f"No user with id {id}.")
        return render_user(user)
