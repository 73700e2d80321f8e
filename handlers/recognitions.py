"""recognitions/: praise with a badge, its comments and likes."""

from __future__ import annotations

from gaggle import projection
from gaggle.bodies import relation
from gaggle.handlers.userprofiles import PROFILE
from gaggle.models import recognition
from gaggle.models.recognition import Recognition, RecognitionComment
from gaggle.querying import dated, order, where
from gaggle.resources import Resource

RECOGNITIONS = Resource(
    recognition.visible_recognitions,
    "recognition",
    projection.RECOGNITIONS,
    fields={"recipient": relation("userprofiles"), "badge": relation("badges")},
)
COMMENTS = projection.COMMENTS


def list_recognitions(
    limit=None,
    offset=None,
    creator=None,
    recipient=None,
    badge=None,
    created__date=None,
    created__gte=None,
    created__lte=None,
    ordering=None,
):
    statement = where(
        RECOGNITIONS.listed(),
        (creator, Recognition.creator_id),
        (recipient, Recognition.recipient_id),
        (badge, Recognition.badge_id),
    )
    statement = dated(
        statement,
        Recognition.created,
        created__date=created__date,
        created__gte=created__gte,
        created__lte=created__lte,
    )
    statement = order(statement, ordering, "listRecognitions", default="-created")
    return RECOGNITIONS.page(statement, limit=limit, offset=offset)


def create_recognition(body):
    return RECOGNITIONS.create(recognition.give_recognition, body)


def get_recognition(id):  # noqa: A002 - the spec's parameter name
    return RECOGNITIONS.show(id)


def update_recognition(id, body):  # noqa: A002 - the spec's parameter name
    return RECOGNITIONS.change(recognition.update_recognition, id, body)


def delete_recognition(id):  # noqa: A002 - the spec's parameter name
    return RECOGNITIONS.delete(recognition.delete_recognition, id)


def list_recognition_comments(id, limit=None, offset=None):  # noqa: A002
    def comments(recognition_id: int):
        return recognition.comments_on(recognition_id).order_by(RecognitionComment.id)

    return RECOGNITIONS.page_within(id, comments, COMMENTS, limit=limit, offset=offset)


def add_recognition_comment(id, body):  # noqa: A002 - the spec's parameter name
    return RECOGNITIONS.add_to(recognition.add_comment, id, body, COMMENTS)


def delete_recognition_comment(id, comment_id):  # noqa: A002 - the spec's parameter name
    return RECOGNITIONS.remove_from(recognition.delete_comment, id, comment_id)


def list_recognition_likes(id, limit=None, offset=None):  # noqa: A002
    return RECOGNITIONS.page_within(id, recognition.likers_of, PROFILE, limit=limit, offset=offset)


def like_recognition(id):  # noqa: A002 - the spec's parameter name
    return RECOGNITIONS.act(recognition.like, id)


def unlike_recognition(id):  # noqa: A002 - the spec's parameter name
    return RECOGNITIONS.delete(recognition.unlike, id)
