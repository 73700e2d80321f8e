"""recognitions/: praise with a badge, its comments and likes."""

from __future__ import annotations

import datetime as dt

from gaggle import db
from gaggle.caller import current
from gaggle.handlers.userprofiles import render_profile
from gaggle.models import recognition
from gaggle.models.recognition import Recognition, RecognitionComment
from gaggle.pagination import paginate
from gaggle.problems import Problem
from gaggle.querying import order, utc_instant, where
from gaggle.relations import ref_id
from gaggle.requests import api_url

ORDERING = {"id": Recognition.id, "created": Recognition.created}


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


def _day(value: str | None) -> tuple[dt.datetime, dt.datetime] | None:
    if value is None:
        return None
    try:
        start = dt.datetime.combine(dt.date.fromisoformat(value), dt.time(), tzinfo=dt.UTC)
        return start, start + dt.timedelta(days=1)
    except (ValueError, OverflowError):
        raise Problem(400, f"created__date: {value!r} is not a day this server can use.") from None


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
    day = _day(created__date)
    after = utc_instant(created__gte, "created__gte") if created__gte is not None else None
    before = utc_instant(created__lte, "created__lte") if created__lte is not None else None
    statement = where(
        recognition.recognitions_for(caller),
        (creator, Recognition.creator_id == creator),
        (recipient, Recognition.recipient_id == recipient),
        (badge, Recognition.badge_id == badge),
    )
    bounds = []
    if day is not None:
        bounds += [Recognition.created >= day[0], Recognition.created < day[1]]
    if after is not None:
        bounds.append(Recognition.created >= after)
    if before is not None:
        bounds.append(Recognition.created <= before)
    statement = statement.where(*bounds)
    statement = order(statement, ordering, ORDERING, "-created")
    with db.reading() as session:
        return paginate(session, statement, limit=limit, offset=offset, render=render_recognition)


def _reloaded(session, caller, recognition_id: int) -> dict:
    session.flush()
    return render_recognition(recognition.get_recognition(session, caller, recognition_id))


def create_recognition(body):
    caller = current()
    recipient = ref_id(body["recipient"], "userprofiles", "recipient")
    badge = ref_id(body["badge"], "badges", "badge")
    with db.transaction() as session:
        given = recognition.give_recognition(
            session, caller, recipient=recipient, badge=badge, message=body["message"]
        )
        return _reloaded(session, caller, given.id), 201


def get_recognition(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.reading() as session:
        return render_recognition(recognition.get_recognition(session, caller, id))


def update_recognition(id, body):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        item = recognition.get_recognition(session, caller, id)
        recognition.update_recognition(session, caller, item, body)
        return _reloaded(session, caller, id)


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
        return _reloaded(session, caller, id)


def unlike_recognition(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        recognition.unlike(session, caller, recognition.get_recognition(session, caller, id))
    return None, 204
