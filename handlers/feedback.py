"""feedback/: answers to feedback requests and unsolicited feedback."""

from __future__ import annotations

from gaggle import db
from gaggle.bodies import read, relation
from gaggle.caller import current
from gaggle.handlers.userprofiles import render_profile
from gaggle.models import feedback
from gaggle.models.base import reloaded
from gaggle.models.feedback import Feedback
from gaggle.pagination import paginate
from gaggle.querying import order, where
from gaggle.requests import api_url


def render_feedback(item: Feedback) -> dict:
    return {
        "id": item.id,
        "url": api_url(f"/feedback/{item.id}/"),
        "request": api_url(f"/feedbackrequests/{item.request_id}/") if item.request_id else None,
        "author": render_profile(item.author),
        "recipient": render_profile(item.recipient),
        "text": item.text,
        "answers": list(item.answers),
        "state": item.state,
        "submitted": item.submitted.isoformat() if item.submitted else None,
        "created": item.created.isoformat(),
        "modified": item.modified.isoformat(),
    }


FIELDS = {"request": relation("feedbackrequests"), "recipient": relation("userprofiles")}


def list_feedback(
    limit=None, offset=None, request=None, author=None, recipient=None, state=None, ordering=None
):
    caller = current()
    statement = where(
        feedback.feedback_for(caller),
        (request, Feedback.request_id == request),
        (author, Feedback.author_id == author),
        (recipient, Feedback.recipient_id == recipient),
        (state, Feedback.state == state),
    )
    statement = order(statement, ordering, "listFeedback", default="-created")
    with db.reading() as session:
        return paginate(session, statement, limit=limit, offset=offset, render=render_feedback)


def create_feedback(body):
    caller = current()
    with db.transaction() as session:
        item = feedback.create_feedback(session, caller, read(body, FIELDS))
        return render_feedback(reloaded(session, feedback.get_feedback, caller, item.id)), 201


def get_feedback(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.reading() as session:
        return render_feedback(feedback.get_feedback(session, caller, id))


def update_feedback(id, body):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        item = feedback.get_feedback(session, caller, id)
        feedback.update_feedback(session, caller, item, body)
        return render_feedback(item)


def delete_feedback(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        feedback.delete_feedback(session, caller, feedback.get_feedback(session, caller, id))
    return None, 204
