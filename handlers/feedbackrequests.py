"""feedbackrequests/: asking people for feedback about someone."""

from __future__ import annotations

from gaggle import projection, render
from gaggle.bodies import relation
from gaggle.dates import day
from gaggle.models import feedback
from gaggle.models.feedback import FeedbackRequest
from gaggle.querying import order, where
from gaggle.resources import Resource
from gaggle.rows import Shape

REQUESTS = Resource(
    feedback.visible_requests,
    "feedback request",
    Shape(
        feedback.request_rows,
        render.feedback_request,
        related={"responders": feedback.responder_rows},
        view=projection.feedback_request,
    ),
    fields={
        "subject": relation("userprofiles"),
        "responders": relation("userprofiles"),
        "due_date": day,
    },
)


def list_feedback_requests(
    limit=None, offset=None, creator=None, subject=None, responder=None, state=None, ordering=None
):
    statement = where(
        REQUESTS.listed(),
        (creator, FeedbackRequest.creator_id),
        (subject, FeedbackRequest.subject_id),
        (responder, lambda profile: FeedbackRequest.id.in_(feedback.asking(profile))),
        (state, FeedbackRequest.state),
    )
    statement = order(statement, ordering, "listFeedbackRequests", default="-created")
    return REQUESTS.page(statement, limit=limit, offset=offset)


def create_feedback_request(body):
    return REQUESTS.create(feedback.create_request, body)


def get_feedback_request(id):  # noqa: A002 - the spec's parameter name
    return REQUESTS.show(id)


def update_feedback_request(id, body):  # noqa: A002 - the spec's parameter name
    return REQUESTS.change(feedback.update_request, id, body)


def delete_feedback_request(id):  # noqa: A002 - the spec's parameter name
    return REQUESTS.delete(feedback.delete_request, id)
