"""badges/: the badges recognitions are given with."""

from __future__ import annotations

from gaggle import render
from gaggle.models import recognition
from gaggle.models.recognition import Badge
from gaggle.querying import order, where
from gaggle.resources import Resource
from gaggle.rows import Shape

BADGES = Resource(
    lambda caller: recognition.badges_in(caller.network_id),
    "badge",
    Shape(recognition.badge_rows, render.badge),
)


def list_badges(limit=None, offset=None, active=None, ordering=None):
    statement = where(BADGES.listed(), (active, Badge.active.is_))
    statement = order(statement, ordering, "listBadges", default="name")
    return BADGES.page(statement, limit=limit, offset=offset)


def create_badge(body):
    return BADGES.create(recognition.create_badge, body)


def get_badge(id):  # noqa: A002 - the spec's parameter name
    return BADGES.show(id)


def update_badge(id, body):  # noqa: A002 - the spec's parameter name
    return BADGES.change(recognition.update_badge, id, body)
