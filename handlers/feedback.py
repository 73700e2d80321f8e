"""feedback/: answers to feedback requests and unsolicited feedback."""

from __future__ import annotations

from gaggle import projection, render
from gaggle.bodies import relation
from gaggle.models import feedback
from gaggle.models.feedback import Feedback
from gaggle.querying import order, where
from gaggle.resources import Resource
from gaggle.rows import Shape

FEEDBACK = Resource(
    feedback.visible_feedback,
    "feedback",
    Shape(feedback.feedback_rows, render.feedback, view=projection.feedback_view),
    fields={"request": relation("feedbackrequests"), "recipient": relation("userprofiles")},
)


def list_feedback(
    limit=None, offset=None, request=None, author=None, recipient=None, state=None, ordering=None
):
    statement = where(
        FEEDBACK.listed(),
        (request, Feedback.request_id),
        (author, Feedback.author_id),
        (recipient, Feedback.recipient_id),
        (state, Feedback.state),
    )
    statement = order(statement, ordering, "listFeedback", default="-created")
    return FEEDBACK.page(statement, limit=limit, offset=offset)


def create_feedback(body):
    return FEEDBACK.create(feedback.create_feedback, body)


def get_feedback(id):  # noqa: A002 - the spec's parameter name
    return FEEDBACK.show(id)


def update_feedback(id, body):  # noqa: A002 - the spec's parameter name
    return FEEDBACK.change(feedback.update_feedback, id, body)


def delete_feedback(id):  # noqa: A002 - the spec's parameter name
    return FEEDBACK.delete(feedback.delete_feedback, id)
