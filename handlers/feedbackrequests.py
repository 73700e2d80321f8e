"""feedbackrequests/: asking people for feedback about someone."""

from __future__ import annotations

from gaggle import db
from gaggle.bodies import read, relation
from gaggle.caller import current
from gaggle.dates import day
from gaggle.handlers.userprofiles import render_profile
from gaggle.models import feedback
from gaggle.models.base import reloaded
from gaggle.models.feedback import FeedbackRequest
from gaggle.pagination import paginate
from gaggle.querying import order, where
from gaggle.requests import api_url


def render_request(request: FeedbackRequest) -> dict:
    return {
        "id": request.id,
        "url": api_url(f"/feedbackrequests/{request.id}/"),
        "creator": render_profile(request.creator),
        "subject": render_profile(request.subject),
        "responders": [api_url(f"/userprofiles/{p.id}/") for p in request.responders],
        "questions": list(request.questions),
        "due_date": request.due_date.isoformat() if request.due_date else None,
        "state": request.state,
        "created": request.created.isoformat(),
        "modified": request.modified.isoformat(),
    }


FIELDS = {
    "subject": relation("userprofiles"),
    "responders": relation("userprofiles"),
    "due_date": day,
}


def list_feedback_requests(
    limit=None, offset=None, creator=None, subject=None, responder=None, state=None, ordering=None
):
    caller = current()
    statement = where(
        feedback.requests_for(caller),
        (creator, FeedbackRequest.creator_id == creator),
        (subject, FeedbackRequest.subject_id == subject),
        (responder, FeedbackRequest.id.in_(feedback.asking(responder or 0))),
        (state, FeedbackRequest.state == state),
    )
    statement = order(statement, ordering, "listFeedbackRequests", default="-created")
    with db.reading() as session:
        return paginate(session, statement, limit=limit, offset=offset, render=render_request)


def create_feedback_request(body):
    caller = current()
    with db.transaction() as session:
        request = feedback.create_request(session, caller, read(body, FIELDS))
        return render_request(reloaded(session, feedback.get_request, caller, request.id)), 201


def get_feedback_request(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.reading() as session:
        return render_request(feedback.get_request(session, caller, id))


def update_feedback_request(id, body):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        request = feedback.get_request(session, caller, id)
        feedback.update_request(session, caller, request, read(body, FIELDS))
        return render_request(request)


def delete_feedback_request(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        feedback.delete_request(session, caller, feedback.get_request(session, caller, id))
    return None, 204
