"""recognitions/: praise with a badge, its comments and likes."""

from __future__ import annotations

from gaggle import db
from gaggle.bodies import read, relation
from gaggle.caller import current
from gaggle.handlers.userprofiles import render_profile
from gaggle.models import recognition
from gaggle.models.base import reloaded
from gaggle.models.recognition import Recognition, RecognitionComment
from gaggle.pagination import paginate
from gaggle.querying import dated, order, where
from gaggle.requests import api_url


def render_recognition(item: Recognition) -> dict:
    url = api_url(f"/recognitions/{item.id}/")
    return {
        "id": item.id,
        "url": url,
        "creator": render_profile(item.creator),
        "recipient": render_profile(item.recipient),
        "badge": api_url(f"/badges/{item.badge_id}/"),
        "message": item.message,
        "created": item.created.isoformat(),
        "modified": item.modified.isoformat(),
        "recognition_url": url,
        "likes_count": item.likes_count,
        "comments_count": item.comments_count,
        "liked": bool(item.liked),
    }


def render_comment(comment: RecognitionComment) -> dict:
    return {
        "id": comment.id,
        "url": api_url(f"/recognitions/{comment.recognition_id}/comments/{comment.id}/"),
        "recognition": api_url(f"/recognitions/{comment.recognition_id}/"),
        "author": render_profile(comment.author),
        "text": comment.text,
        "created": comment.created.isoformat(),
    }


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
    caller = current()
    statement = where(
        recognition.recognitions_for(caller),
        (creator, Recognition.creator_id == creator),
        (recipient, Recognition.recipient_id == recipient),
        (badge, Recognition.badge_id == badge),
    )
    statement = dated(
        statement,
        Recognition.created,
        created__date=created__date,
        created__gte=created__gte,
        created__lte=created__lte,
    )
    statement = order(statement, ordering, "listRecognitions", default="-created")
    with db.reading() as session:
        return paginate(session, statement, limit=limit, offset=offset, render=render_recognition)


def create_recognition(body):
    caller = current()
    data = read(body, {"recipient": relation("userprofiles"), "badge": relation("badges")})
    with db.transaction() as session:
        given = recognition.give_recognition(
            session,
            caller,
            recipient=data["recipient"],
            badge=data["badge"],
            message=data["message"],
        )
        given = reloaded(session, recognition.get_recognition, caller, given.id)
        return render_recognition(given), 201


def get_recognition(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.reading() as session:
        return render_recognition(recognition.get_recognition(session, caller, id))


def update_recognition(id, body):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        item = recognition.get_recognition(session, caller, id)
        recognition.update_recognition(session, caller, item, body)
        return render_recognition(reloaded(session, recognition.get_recognition, caller, id))


def delete_recognition(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        item = recognition.get_recognition(session, caller, id)
        recognition.delete_recognition(session, caller, item)
    return None, 204


def list_recognition_comments(id, limit=None, offset=None):  # noqa: A002
    caller = current()
    with db.reading() as session:
        recognition.get_recognition(session, caller, id)
        statement = recognition.comments_on(id).order_by(RecognitionComment.id)
        return paginate(session, statement, limit=limit, offset=offset, render=render_comment)


def add_recognition_comment(id, body):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        item = recognition.get_recognition(session, caller, id)
        return render_comment(recognition.add_comment(session, caller, item, body["text"])), 201


def delete_recognition_comment(id, comment_id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        item = recognition.get_recognition(session, caller, id)
        recognition.delete_comment(session, caller, item, comment_id)
    return None, 204


def list_recognition_likes(id, limit=None, offset=None):  # noqa: A002
    caller = current()
    with db.reading() as session:
        recognition.get_recognition(session, caller, id)
        statement = recognition.likers_of(id)
        return paginate(session, statement, limit=limit, offset=offset, render=render_profile)


def like_recognition(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        recognition.like(session, caller, recognition.get_recognition(session, caller, id))
        return render_recognition(reloaded(session, recognition.get_recognition, caller, id))


def unlike_recognition(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        recognition.unlike(session, caller, recognition.get_recognition(session, caller, id))
    return None, 204
