"""reviewcycles/: rounds of performance reviews, run by admins."""

from __future__ import annotations

from gaggle import db
from gaggle.bodies import read
from gaggle.caller import current
from gaggle.dates import day
from gaggle.models import reviews
from gaggle.models.reviews import ReviewCycle
from gaggle.pagination import paginate
from gaggle.querying import where
from gaggle.requests import api_url


def render_cycle(cycle: ReviewCycle) -> dict:
    return {
        "id": cycle.id,
        "url": api_url(f"/reviewcycles/{cycle.id}/"),
        "name": cycle.name,
        "start_date": cycle.start_date.isoformat(),
        "end_date": cycle.end_date.isoformat(),
        "questions": list(cycle.questions),
        "state": cycle.state,
        "created": cycle.created.isoformat(),
        "modified": cycle.modified.isoformat(),
    }


FIELDS = {"start_date": day, "end_date": day}


def list_review_cycles(limit=None, offset=None, state=None):
    caller = current()
    statement = where(reviews.cycles_in(caller.network_id), (state, ReviewCycle.state == state))
    statement = statement.order_by(ReviewCycle.start_date.desc(), ReviewCycle.id.desc())
    with db.reading() as session:
        return paginate(session, statement, limit=limit, offset=offset, render=render_cycle)


def create_review_cycle(body):
    caller = current()
    with db.transaction() as session:
        return render_cycle(reviews.create_cycle(session, caller, read(body, FIELDS))), 201


def get_review_cycle(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.reading() as session:
        return render_cycle(reviews.get_cycle(session, caller, id))


def update_review_cycle(id, body):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        cycle = reviews.get_cycle(session, caller, id)
        return render_cycle(reviews.update_cycle(session, caller, cycle, read(body, FIELDS)))


def delete_review_cycle(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        reviews.delete_cycle(session, caller, reviews.get_cycle(session, caller, id))
    return None, 204
