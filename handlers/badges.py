"""badges/: the badges recognitions are given with."""

from __future__ import annotations

from gaggle import db
from gaggle.caller import current
from gaggle.models import recognition
from gaggle.models.recognition import Badge
from gaggle.pagination import paginate
from gaggle.querying import order, where
from gaggle.requests import api_url


def render_badge(badge: Badge) -> dict:
    return {
        "id": badge.id,
        "url": api_url(f"/badges/{badge.id}/"),
        "name": badge.name,
        "description": badge.description,
        "active": badge.active,
        "created": badge.created.isoformat(),
        "modified": badge.modified.isoformat(),
    }


def list_badges(limit=None, offset=None, active=None, ordering=None):
    caller = current()
    statement = where(recognition.badges_in(caller.network_id), (active, Badge.active.is_(active)))
    statement = order(statement, ordering, "listBadges", default="name")
    with db.reading() as session:
        return paginate(session, statement, limit=limit, offset=offset, render=render_badge)


def create_badge(body):
    caller = current()
    with db.transaction() as session:
        return render_badge(recognition.create_badge(session, caller, body)), 201


def get_badge(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.reading() as session:
        return render_badge(recognition.get_badge(session, caller, id))


def update_badge(id, body):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        badge = recognition.get_badge(session, caller, id)
        return render_badge(recognition.update_badge(session, caller, badge, body))
