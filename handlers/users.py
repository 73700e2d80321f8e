"""users/: people's accounts."""

from __future__ import annotations

from gaggle import render
from gaggle.models import people
from gaggle.models.people import User
from gaggle.querying import order, where
from gaggle.resources import Resource
from gaggle.rows import Shape

USERS = Resource(
    lambda caller: people.users_in(caller.network_id),
    "user",
    Shape(people.user_rows, render.user),
)


def list_users(limit=None, offset=None, search=None, is_active=None, ordering=None):
    statement = where(
        USERS.listed(),
        (search, people.users_matching),
        (is_active, User.is_active.is_),
    )
    statement = order(statement, ordering, "listUsers", default="id")
    return USERS.page(statement, limit=limit, offset=offset)


def get_user(id):  # noqa: A002 - the spec's parameter name
    return USERS.show(id)
