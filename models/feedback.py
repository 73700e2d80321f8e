"""Feedback requests and feedback, and who sees which.

A request is seen by its creator, its subject and its responders. Feedback is seen by its
author; once submitted, also by its recipient (the request's subject, for an answer) and by
the creator of the request it answers. Anyone else gets 404.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Select,
    String,
    Text,
    UniqueConstraint,
    false,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, Session, joinedload, mapped_column, relationship, selectinload
from sqlalchemy.sql.elements import ColumnElement

from gaggle.caller import Caller
from gaggle.models.base import (
    IDS,
    Base,
    not_blank,
    one_or_404,
    one_or_422,
    pairs_of,
    removed,
    stored,
    utcnow,
)
from gaggle.models.columns import (
    Created,
    IntPK,
    Modified,
    NetworkId,
    ProfileId,
    association,
    key_to,
)
from gaggle.models.people import (
    UserProfile,
    network_profile,
    network_profiles,
    reporting_to,
    with_profile,
)
from gaggle.problems import Problem

OPEN, CLOSED = "open", "closed"
DRAFT, SUBMITTED = "draft", "submitted"

feedback_request_responders = association("feedback_request_responder", "feedback_request")


class FeedbackRequest(Base):
    __tablename__ = "feedback_request"

    id: Mapped[IntPK]
    network_id: Mapped[NetworkId]
    creator_id: Mapped[ProfileId]
    subject_id: Mapped[ProfileId]
    title: Mapped[str] = mapped_column(String(200), default="", server_default="")
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    questions: Mapped[list] = mapped_column(JSON)
    due_date: Mapped[dt.date | None]
    enforce_due_date: Mapped[bool] = mapped_column(default=False, server_default="0")
    state: Mapped[str] = mapped_column(String(10), default=OPEN)
    created: Mapped[Created]
    modified: Mapped[Modified]

    creator: Mapped[UserProfile] = relationship(foreign_keys="FeedbackRequest.creator_id")
    subject: Mapped[UserProfile] = relationship(foreign_keys="FeedbackRequest.subject_id")
    responders: Mapped[list[UserProfile]] = relationship(
        secondary=feedback_request_responders, order_by=UserProfile.id
    )


class Feedback(Base):
    __tablename__ = "feedback"
    # A responder answers a request once.
    __table_args__ = (UniqueConstraint("request_id", "author_id"),)

    id: Mapped[IntPK]
    network_id: Mapped[NetworkId]
    request_id: Mapped[int | None] = key_to("feedback_request")
    author_id: Mapped[ProfileId]
    recipient_id: Mapped[ProfileId]
    text: Mapped[str] = mapped_column(Text, default="")
    answers: Mapped[list] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(10), default=DRAFT)
    submitted: Mapped[dt.datetime | None]
    created: Mapped[Created]
    modified: Mapped[Modified]

    request: Mapped[FeedbackRequest | None] = relationship()
    author: Mapped[UserProfile] = relationship(foreign_keys="Feedback.author_id")
    recipient: Mapped[UserProfile] = relationship(foreign_keys="Feedback.recipient_id")


# -- requests -------------------------------------------------------------------------------


def asking(profile_id: int) -> Select:
    """The ids of the requests that ask this profile for feedback."""
    return select(feedback_request_responders.c.feedback_request_id).where(
        feedback_request_responders.c.userprofile_id == profile_id
    )


def relevant_to(profile_id: int, *, made: bool, asked: bool, about: bool) -> ColumnElement[bool]:
    """The condition for the requests in which the profile takes one of the parts chosen: it
    made them, it is asked to answer them, or they are about it; false when none is chosen."""
    parts = [
        FeedbackRequest.creator_id == profile_id if made else None,
        FeedbackRequest.id.in_(asking(profile_id)) if asked else None,
        FeedbackRequest.subject_id == profile_id if about else None,
    ]
    return or_(false(), *(part for part in parts if part is not None))


def about_reports_of(manager_id: int) -> ColumnElement[bool]:
    """The condition for the requests about the people who report directly to `manager_id`."""
    return FeedbackRequest.subject_id.in_(reporting_to(manager_id))


def visible_requests(caller: Caller) -> Select:
    """The requests the caller created, is the subject of, or is asked to answer."""
    return select(FeedbackRequest).where(
        FeedbackRequest.network_id == caller.network_id,
        or_(
            FeedbackRequest.creator_id == caller.profile_id,
            FeedbackRequest.subject_id == caller.profile_id,
            FeedbackRequest.id.in_(asking(caller.profile_id)),
        ),
    )


def requests_for(caller: Caller) -> Select:
    """visible_requests with both people, their accounts and the responders, loaded."""
    return visible_requests(caller).options(
        joinedload(FeedbackRequest.creator).joinedload(UserProfile.user),
        joinedload(FeedbackRequest.subject).joinedload(UserProfile.user),
        selectinload(FeedbackRequest.responders),
    )


# The request's own columns in request_rows, before its two people's (`creator__`, `subject__`).
REQUEST_COLUMNS = (
    "id",
    "title",
    "description",
    "questions",
    "due_date",
    "enforce_due_date",
    "state",
    "created",
    "modified",
)


def request_rows() -> Select:
    """The JSON columns of the requests in IDS: REQUEST_COLUMNS, then the creator's and the
    subject's profile_columns."""
    table = FeedbackRequest.__table__
    joined, creator = with_profile(table, table.c.creator_id, "creator__")
    joined, subject = with_profile(joined, table.c.subject_id, "subject__")
    return (
        select(*(table.c[name] for name in REQUEST_COLUMNS), *creator, *subject)
        .select_from(joined)
        .where(table.c.id.in_(IDS))
    )


def responder_rows() -> Select:
    """(request id, responder profile id) of the requests in IDS, each request's in profile
    order."""
    return pairs_of(feedback_request_responders, "feedback_request_id")


def get_request(session: Session, caller: Caller, request_id: int) -> FeedbackRequest:
    return one_or_404(session, requests_for(caller), request_id, "feedback request")


def _questions(questions: list[str]) -> list[str]:
    cleaned = [q.strip() for q in questions]
    if not cleaned or not all(cleaned):
        raise Problem(422, "questions: each question must have text.")
    return cleaned


def create_request(session: Session, caller: Caller, data: dict) -> FeedbackRequest:
    """A request from the caller, about `subject` (the caller by default)."""
    subject_id = data.get("subject") or caller.profile_id
    subject = network_profile(session, caller, subject_id, "subject")
    responders = network_profiles(session, caller, data["responders"], "responders")
    if any(p.id == subject.id for p in responders):
        raise Problem(422, "responders: the subject does not give feedback about themselves.")
    request = FeedbackRequest(
        network_id=caller.network_id,
        creator_id=caller.profile_id,
        subject_id=subject.id,
        title=data.get("title", "").strip(),
        description=data.get("description", "").strip(),
        questions=_questions(data["questions"]),
        due_date=data.get("due_date"),
        enforce_due_date=data.get("enforce_due_date", False),
        responders=sorted(responders, key=lambda p: p.id),
    )
    return stored(session, request)


def may_change_request(caller: Caller, request: FeedbackRequest) -> bool:
    """Only the person who asked changes or deletes a feedback request."""
    return request.creator_id == caller.profile_id


def may_see_answers(caller: Caller, request: FeedbackRequest) -> bool:
    """Whether the caller sees the submitted answers of others to the request: its creator and
    its subject see them all (visible_feedback), a responder only their own."""
    return caller.profile_id in (request.creator_id, request.subject_id)


def answers_seen_by(caller: Caller) -> ColumnElement[bool]:
    """The condition for the requests whose answers the caller sees (may_see_answers)."""
    return or_(
        FeedbackRequest.creator_id == caller.profile_id,
        FeedbackRequest.subject_id == caller.profile_id,
    )


def about_someone_else() -> ColumnElement[bool]:
    """The condition for the requests whose subject is not their creator (threesixty)."""
    return FeedbackRequest.subject_id != FeedbackRequest.creator_id


def answered_by(caller: Caller, profile_id: int) -> Select:
    """The ids of the requests this profile submitted an answer to that the caller may see."""
    return (
        visible_feedback(caller)
        .where(
            Feedback.author_id == profile_id,
            Feedback.state == SUBMITTED,
            Feedback.request_id.is_not(None),
        )
        .with_only_columns(Feedback.request_id)
    )


def past_due(request: FeedbackRequest) -> bool:
    """Whether the request enforces its due date and that day is over (UTC)."""
    return (
        request.enforce_due_date
        and request.due_date is not None
        and utcnow().date() > request.due_date
    )


def takes_answers(request: FeedbackRequest) -> bool:
    """Whether answers may be started and submitted: open, and not past an enforced due date."""
    return request.state == OPEN and not past_due(request)


def _not_past_due(request: FeedbackRequest) -> None:
    if past_due(request):
        raise Problem(
            409,
            f"request: the feedback request was due on {request.due_date} and takes no "
            "answers after that day.",
        )


def update_request(session: Session, caller: Caller, request: FeedbackRequest, data: dict):
    """Its creator changes the title, description, due date and its enforcement, closes or
    reopens a request."""
    if not may_change_request(caller, request):
        raise Problem(403, "Only the person who asked changes a feedback request.")
    for field in ("title", "description"):
        if field in data:
            setattr(request, field, data[field].strip())
    for field in ("due_date", "enforce_due_date", "state"):
        if field in data:
            setattr(request, field, data[field])
    session.flush()


def delete_request(session: Session, caller: Caller, request: FeedbackRequest) -> None:
    if not may_change_request(caller, request):
        raise Problem(403, "Only the person who asked deletes a feedback request.")
    removed(session, request)


# -- feedback -------------------------------------------------------------------------------


def visible_feedback(caller: Caller) -> Select:
    """The feedback the caller wrote, and submitted feedback to them or answering their asks."""
    asked = select(FeedbackRequest.id).where(FeedbackRequest.creator_id == caller.profile_id)
    return select(Feedback).where(
        Feedback.network_id == caller.network_id,
        or_(
            Feedback.author_id == caller.profile_id,
            (Feedback.state == SUBMITTED)
            & or_(Feedback.recipient_id == caller.profile_id, Feedback.request_id.in_(asked)),
        ),
    )


def feedback_for(caller: Caller) -> Select:
    """visible_feedback with both people and their accounts loaded."""
    return visible_feedback(caller).options(
        joinedload(Feedback.author).joinedload(UserProfile.user),
        joinedload(Feedback.recipient).joinedload(UserProfile.user),
    )


# The feedback's own columns in feedback_rows, before its two people's (`author__`,
# `recipient__`).
FEEDBACK_COLUMNS = (
    "id",
    "request_id",
    "text",
    "answers",
    "state",
    "submitted",
    "created",
    "modified",
)


def feedback_rows() -> Select:
    """The JSON columns of the feedback in IDS: FEEDBACK_COLUMNS, then the author's and the
    recipient's profile_columns."""
    table = Feedback.__table__
    joined, author = with_profile(table, table.c.author_id, "author__")
    joined, recipient = with_profile(joined, table.c.recipient_id, "recipient__")
    return (
        select(*(table.c[name] for name in FEEDBACK_COLUMNS), *author, *recipient)
        .select_from(joined)
        .where(table.c.id.in_(IDS))
    )


def get_feedback(session: Session, caller: Caller, feedback_id: int) -> Feedback:
    return one_or_404(session, feedback_for(caller), feedback_id, "feedback")


def _check_content(feedback: Feedback) -> None:
    """Submitted feedback says something: an answer to each question, or a text."""
    if feedback.request is not None:
        questions = feedback.request.questions
        if len(feedback.answers) > len(questions):
            raise Problem(422, f"answers: the request asks {len(questions)} question(s).")
        if feedback.state == SUBMITTED and (
            len(feedback.answers) < len(questions) or not all(a.strip() for a in feedback.answers)
        ):
            raise Problem(422, "answers: answer every question before submitting.")
    else:
        if feedback.answers:
            raise Problem(422, "answers: only answers to a request have answers; use text.")
        if feedback.state == SUBMITTED:
            not_blank(feedback.text, "text", when="submitting")


def _submit_if_asked(feedback: Feedback, state: str | None) -> None:
    if state == SUBMITTED:
        feedback.state = SUBMITTED
        feedback.submitted = utcnow()


def create_feedback(session: Session, caller: Caller, data: dict) -> Feedback:
    """A draft (or at once submitted) answer to a request, or unsolicited feedback."""
    if data.get("request") is not None and data.get("recipient") is not None:
        raise Problem(
            422, "recipient: an answer goes to the request's subject; give one or the other."
        )
    if data.get("request") is not None:
        request = one_or_422(
            session, requests_for(caller), data["request"], "feedback request", "request"
        )
        if not any(p.id == caller.profile_id for p in request.responders):
            raise Problem(403, "Only the people asked answer a feedback request.")
        if request.state != OPEN:
            raise Problem(409, "request: the feedback request is closed.")
        _not_past_due(request)
        answered = session.scalar(
            select(Feedback.id).where(
                Feedback.request_id == request.id, Feedback.author_id == caller.profile_id
            )
        )
        if answered is not None:
            raise Problem(409, "request: you already answered this feedback request.")
        recipient_id = request.subject_id
    else:
        if data.get("recipient") is None:
            raise Problem(422, "recipient: give a request to answer or a recipient.")
        request = None
        recipient = network_profile(session, caller, data["recipient"], "recipient")
        if recipient.id == caller.profile_id:
            raise Problem(422, "recipient: feedback goes to someone else.")
        recipient_id = recipient.id
    feedback = Feedback(
        network_id=caller.network_id,
        request=request,
        author_id=caller.profile_id,
        recipient_id=recipient_id,
        text=data.get("text", "").strip(),
        answers=[a.strip() for a in data.get("answers", [])],
    )
    _submit_if_asked(feedback, data.get("state"))
    _check_content(feedback)
    return stored(session, feedback)


def _refusal(caller: Caller, feedback: Feedback, verb: str) -> Problem | None:
    """Why the caller may not change or delete the feedback: only its author does, while it
    is a draft; None when they may."""
    if feedback.author_id != caller.profile_id:
        return Problem(403, f"Only its author {verb} feedback.")
    if feedback.state == SUBMITTED:
        return Problem(409, "Submitted feedback cannot be changed or deleted.")
    return None


def may_change_feedback(caller: Caller, feedback: Feedback) -> bool:
    return _refusal(caller, feedback, "changes") is None


def _own_draft(caller: Caller, feedback: Feedback, verb: str) -> None:
    refusal = _refusal(caller, feedback, verb)
    if refusal is not None:
        raise refusal


def update_feedback(session: Session, caller: Caller, feedback: Feedback, data: dict) -> None:
    _own_draft(caller, feedback, "changes")
    if feedback.request is not None:
        _not_past_due(feedback.request)
    if "text" in data:
        feedback.text = data["text"].strip()
    if "answers" in data:
        feedback.answers = [a.strip() for a in data["answers"]]
    _submit_if_asked(feedback, data.get("state"))
    _check_content(feedback)
    session.flush()


def delete_feedback(session: Session, caller: Caller, feedback: Feedback) -> None:
    _own_draft(caller, feedback, "deletes")
    removed(session, feedback)
