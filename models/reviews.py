"""Review cycles and reviews, and who sees and answers a review in each state.

A review moves self_review -> manager_review -> shared. Its subject answers in self_review and
submits; its reviewer (by default the subject's manager) answers in manager_review and shares.
The subject, the reviewer and the network's admins see a review; nobody else does (404). The
subject does not see the reviewer's answers until the review is shared.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import JSON, Select, String, UniqueConstraint, and_, func, or_, select
from sqlalchemy.engine import Row
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from gaggle.caller import Caller
from gaggle.models.base import (
    IDS,
    Base,
    not_blank,
    one_or_404,
    one_or_422,
    removed,
    rows_of,
    stored,
    utcnow,
)
from gaggle.models.columns import Created, IntPK, Modified, NetworkId, ProfileId, key_to
from gaggle.models.people import network_profile
from gaggle.problems import Problem


class ReviewCycle(Base):
    __tablename__ = "review_cycle"

    id: Mapped[IntPK]
    network_id: Mapped[NetworkId]
    name: Mapped[str] = mapped_column(String(200))
    start_date: Mapped[dt.date]
    end_date: Mapped[dt.date]
    questions: Mapped[list] = mapped_column(JSON, default=list)
    state: Mapped[str] = mapped_column(String(20), default="draft")
    creator_id: Mapped[int | None] = key_to("userprofile", index=False, ondelete="SET NULL")
    created: Mapped[Created]
    modified: Mapped[Modified]


class Review(Base):
    __tablename__ = "review"
    __table_args__ = (UniqueConstraint("cycle_id", "subject_id"),)

    id: Mapped[IntPK]
    cycle_id: Mapped[int] = key_to("review_cycle")
    subject_id: Mapped[ProfileId]
    reviewer_id: Mapped[int | None] = key_to("userprofile", ondelete="SET NULL")
    creator_id: Mapped[int | None] = key_to("userprofile", index=False, ondelete="SET NULL")
    # The subject's position when the review was created.
    position: Mapped[str | None] = mapped_column(String(200))
    self_answers: Mapped[list] = mapped_column(JSON, default=list)
    reviewer_answers: Mapped[list] = mapped_column(JSON, default=list)
    state: Mapped[str] = mapped_column(String(20), default="self_review")
    # When it left self-review, and when it was shared.
    submitted: Mapped[dt.datetime | None]
    shared: Mapped[dt.datetime | None]
    created: Mapped[Created]
    modified: Mapped[Modified]

    cycle: Mapped[ReviewCycle] = relationship(lazy="joined", innerjoin=True)


# -- cycles --------------------------------------------------------------------------------


# How lists of cycles are sorted unless asked otherwise: latest start first.
CYCLE_ORDER = "-start_date,-id"


def cycles_in(network_id: int) -> Select:
    return select(ReviewCycle).where(ReviewCycle.network_id == network_id)


def cycle_rows() -> Select:
    """The JSON columns of the cycles in IDS."""
    return rows_of(
        ReviewCycle.__table__,
        "id",
        "name",
        "start_date",
        "end_date",
        "questions",
        "state",
        "creator_id",
        "created",
        "modified",
    )


def get_cycle(session: Session, caller: Caller, cycle_id: int) -> ReviewCycle:
    return one_or_404(session, cycles_in(caller.network_id), cycle_id, "review cycle")


def _admin(caller: Caller, what: str) -> None:
    if not caller.is_admin:
        raise Problem(403, f"Only admins {what}.")


def _check_cycle(cycle: ReviewCycle) -> None:
    not_blank(cycle.name, "name")
    if cycle.end_date < cycle.start_date:
        raise Problem(422, "end_date: must not be before start_date.")


# Forward only: a cycle is prepared, run, then closed for good.
_NEXT_CYCLE_STATE = {"draft": "active", "active": "closed"}


def create_cycle(session: Session, caller: Caller, data: dict) -> ReviewCycle:
    _admin(caller, "create review cycles")
    cycle = ReviewCycle(
        network_id=caller.network_id,
        name=data["name"].strip(),
        start_date=data["start_date"],
        end_date=data["end_date"],
        questions=list(data.get("questions", [])),
        state=data.get("state", "draft"),
        creator_id=caller.profile_id,
    )
    _check_cycle(cycle)
    return stored(session, cycle)


def update_cycle(session: Session, caller: Caller, cycle: ReviewCycle, data: dict):
    _admin(caller, "change review cycles")
    if cycle.state == "closed":
        raise Problem(409, f"Review cycle {cycle.id} is closed.")
    state = data.get("state", cycle.state)
    if state != cycle.state and _NEXT_CYCLE_STATE.get(cycle.state) != state:
        raise Problem(409, f"state: a {cycle.state} review cycle cannot become {state}.")
    if "questions" in data and cycle.state != "draft":
        raise Problem(409, "questions: only a draft review cycle's questions change.")
    for field in ("name", "start_date", "end_date", "questions", "state"):
        if field in data:
            setattr(cycle, field, data[field])
    cycle.name = cycle.name.strip()
    _check_cycle(cycle)
    session.flush()
    return cycle


def cycles_matching(term: str) -> ColumnElement[bool]:
    """The condition for cycles whose name holds `term`, ignoring case."""
    return ReviewCycle.name.ilike(f"%{term.lower()}%")


def published(flag: bool) -> ColumnElement[bool]:
    """The condition for cycles past their draft (`flag`), or for drafts."""
    return ReviewCycle.state != "draft" if flag else ReviewCycle.state == "draft"


def may_change_cycle(caller: Caller, cycle: ReviewCycle) -> bool:
    """Admins change a review cycle until it is closed."""
    return caller.is_admin and cycle.state != "closed"


def may_delete_cycle(caller: Caller, cycle: ReviewCycle) -> bool:
    """Admins delete a review cycle while it is a draft."""
    return caller.is_admin and cycle.state == "draft"


def delete_cycle(session: Session, caller: Caller, cycle: ReviewCycle) -> None:
    _admin(caller, "delete review cycles")
    if cycle.state != "draft":
        raise Problem(409, f"Review cycle {cycle.id} has started; only draft cycles are deleted.")
    removed(session, cycle)


# -- reviews -------------------------------------------------------------------------------


def reviews_for(caller: Caller) -> Select:
    """Every review the caller may see: as its subject or reviewer, or as an admin."""
    statement = (
        select(Review)
        .join(ReviewCycle, ReviewCycle.id == Review.cycle_id)
        .where(ReviewCycle.network_id == caller.network_id)
    )
    if not caller.is_admin:
        statement = statement.where(
            or_(Review.subject_id == caller.profile_id, Review.reviewer_id == caller.profile_id)
        )
    return statement


def reviewed_in(caller: Caller, cycle_id: int) -> Select:
    """The ids of the people whose review in the cycle the caller may see."""
    visible = reviews_for(caller).where(Review.cycle_id == cycle_id)
    return visible.with_only_columns(Review.subject_id)


def get_review(session: Session, caller: Caller, review_id: int) -> Review:
    return one_or_404(session, reviews_for(caller), review_id, "review")


def about(people: Select, *, inside: bool = True) -> ColumnElement[bool]:
    """The condition for reviews whose subject is one of `people` (a SELECT of profile ids),
    or, not `inside`, is none of them."""
    return Review.subject_id.in_(people) if inside else Review.subject_id.not_in(people)


def state_counts(session: Session, reviews: Select) -> dict[str, int]:
    """How many of `reviews` (a SELECT of reviews) are in each state, for the states any is in."""
    listed = reviews.order_by(None).subquery()
    counted = select(listed.c.state, func.count()).group_by(listed.c.state)
    return dict(session.execute(counted).all())


def is_complete(session: Session, caller: Caller, cycle: ReviewCycle) -> bool:
    """Whether the cycle has reviews the caller may see, and every one of them is shared."""
    counts = state_counts(session, reviews_for(caller).where(Review.cycle_id == cycle.id))
    return set(counts) == {"shared"}


def shows_reviewer_answers(caller: Caller, review: Review | Row) -> bool:
    """The subject sees the reviewer's answers only once the review is shared, even an admin:
    the one rule of both APIs, asked of an ORM review (GraphQL) or of a row of review_rows
    (REST's renderer)."""
    if review.subject_id == caller.profile_id:
        return review.state == "shared"
    return True


def review_rows() -> Select:
    """The JSON columns of the reviews in IDS: id, cycle, subject, reviewer, position,
    creator, state, self answers, the reviewer's answers (which the renderer shows as
    shows_reviewer_answers says), submitted, shared, created, modified."""
    table = Review.__table__
    return select(
        table.c.id,
        table.c.cycle_id,
        table.c.subject_id,
        table.c.reviewer_id,
        table.c.position,
        table.c.creator_id,
        table.c.state,
        table.c.self_answers,
        table.c.reviewer_answers,
        table.c.submitted,
        table.c.shared,
        table.c.created,
        table.c.modified,
    ).where(table.c.id.in_(IDS))


def create_review(session: Session, caller: Caller, data: dict) -> Review:
    """A review of `subject` in `cycle` (admins); the reviewer defaults to their manager."""
    _admin(caller, "create reviews")
    cycle = one_or_422(
        session, cycles_in(caller.network_id), data["cycle"], "review cycle", "cycle"
    )
    if cycle.state == "closed":
        raise Problem(409, f"Review cycle {cycle.id} is closed.")
    subject = network_profile(session, caller, data["subject"], "subject")
    if data.get("reviewer") is not None:
        reviewer_id = network_profile(session, caller, data["reviewer"], "reviewer").id
    elif subject.reports_to_id is not None:
        reviewer_id = subject.reports_to_id
    else:
        raise Problem(422, "reviewer: the subject has no manager; name a reviewer.")
    if reviewer_id == subject.id:
        raise Problem(422, "reviewer: nobody reviews themselves.")
    taken = session.scalar(
        select(Review.id).where(Review.cycle_id == cycle.id, Review.subject_id == subject.id)
    )
    if taken is not None:
        raise Problem(409, f"subject: already has review {taken} in this cycle.")
    review = Review(
        cycle=cycle,
        subject_id=subject.id,
        reviewer_id=reviewer_id,
        creator_id=caller.profile_id,
        position=subject.position,
    )
    return stored(session, review)


class _Turn(NamedTuple):
    """A state in which one of the review's people answers, then moves the review on."""

    state: str
    actor: str  # the review's field holding that person's profile id
    answers: str  # the review's field they write
    write_refusal: str
    written: str  # why answers are refused in another state
    move_refusal: str
    next_state: str
    moved: str  # the review's field holding when it moved on


_SELF_REVIEW = _Turn(
    state="self_review",
    actor="subject_id",
    answers="self_answers",
    write_refusal="Only the review's subject writes the self-review.",
    written="self_answers: the self-review has been submitted.",
    move_refusal="Only the review's subject submits the self-review.",
    next_state="manager_review",
    moved="submitted",
)
_MANAGER_REVIEW = _Turn(
    state="manager_review",
    actor="reviewer_id",
    answers="reviewer_answers",
    write_refusal="Only the review's reviewer writes the manager review.",
    written="reviewer_answers: the review is not in manager review.",
    move_refusal="Only the review's reviewer shares it.",
    next_state="shared",
    moved="shared",
)


# Each state a review moves on from, and whose turn it is then.
_TURNS = {turn.state: turn for turn in (_SELF_REVIEW, _MANAGER_REVIEW)}


def next_state(review: Review) -> str | None:
    """The state a review moves to next; None once it is shared."""
    turn = _TURNS.get(review.state)
    return turn.next_state if turn else None


def whose_turn(review: Review) -> int | None:
    """The profile that answers the review and moves it on now: its subject in self-review,
    its reviewer in manager review; None once it is shared."""
    turn = _TURNS.get(review.state)
    return getattr(review, turn.actor) if turn else None


def waiting_on(profile_id: int) -> ColumnElement[bool]:
    """The condition for reviews whose turn it is of this profile (whose_turn)."""
    return or_(
        *(
            and_(Review.state == turn.state, getattr(Review, turn.actor) == profile_id)
            for turn in _TURNS.values()
        )
    )


def may_move_on(profile_id: int, review: Review) -> bool:
    """Whether the profile may answer the review and move it on now: it is their turn and the
    review's cycle is active."""
    return whose_turn(review) == profile_id and review.cycle.state == "active"


def _active(review: Review) -> None:
    if review.cycle.state != "active":
        raise Problem(409, f"Review cycle {review.cycle_id} is {review.cycle.state}, not active.")


def _write_answers(caller: Caller, review: Review, turn: _Turn, answers: list) -> None:
    if caller.profile_id != getattr(review, turn.actor):
        raise Problem(403, turn.write_refusal)
    if review.state != turn.state:
        raise Problem(409, turn.written)
    _active(review)
    questions = len(review.cycle.questions)
    if len(answers) > questions:
        raise Problem(422, f"{turn.answers}: {len(answers)} answers for {questions} questions.")
    setattr(review, turn.answers, list(answers))


def update_review(session: Session, caller: Caller, review: Review, data: dict) -> Review:
    """Answers from the person whose turn it is; a new reviewer from an admin."""
    if review.state == "shared":
        raise Problem(409, f"Review {review.id} is shared; it no longer changes.")
    if "reviewer" in data:
        _admin(caller, "change a review's reviewer")
        reviewer = network_profile(session, caller, data["reviewer"], "reviewer")
        if reviewer.id == review.subject_id:
            raise Problem(422, "reviewer: nobody reviews themselves.")
        review.reviewer_id = reviewer.id
    for turn in (_SELF_REVIEW, _MANAGER_REVIEW):
        if turn.answers in data:
            _write_answers(caller, review, turn, data[turn.answers])
    session.flush()
    return review


def _move_on(session: Session, caller: Caller, review: Review, turn: _Turn) -> Review:
    if caller.profile_id != getattr(review, turn.actor):
        raise Problem(403, turn.move_refusal)
    if review.state != turn.state:
        raise Problem(409, f"Review {review.id} is in {review.state}, not {turn.state}.")
    _active(review)
    review.state = turn.next_state
    setattr(review, turn.moved, utcnow())
    session.flush()
    return review


def submit_review(session: Session, caller: Caller, review: Review) -> Review:
    """The subject hands the self-review to the reviewer: self_review -> manager_review."""
    return _move_on(session, caller, review, _SELF_REVIEW)


def share_review(session: Session, caller: Caller, review: Review) -> Review:
    """The reviewer shares the finished review with its subject: manager_review -> shared."""
    return _move_on(session, caller, review, _MANAGER_REVIEW)
