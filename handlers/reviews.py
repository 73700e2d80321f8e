"""reviews/: self and manager reviews, and their state transitions."""

from __future__ import annotations

from gaggle import db
from gaggle.bodies import read, relation
from gaggle.caller import Caller, current
from gaggle.models import reviews
from gaggle.models.reviews import Review
from gaggle.pagination import paginate
from gaggle.querying import where
from gaggle.requests import api_url


def render_review(caller: Caller, review: Review) -> dict:
    """The review as the caller may see it: the subject sees no reviewer answers before shared."""
    return {
        "id": review.id,
        "url": api_url(f"/reviews/{review.id}/"),
        "cycle": api_url(f"/reviewcycles/{review.cycle_id}/"),
        "subject": api_url(f"/userprofiles/{review.subject_id}/"),
        "reviewer": api_url(f"/userprofiles/{review.reviewer_id}/") if review.reviewer_id else None,
        "state": review.state,
        "self_answers": list(review.self_answers),
        "reviewer_answers": list(review.reviewer_answers)
        if reviews.shows_reviewer_answers(caller, review)
        else None,
        "created": review.created.isoformat(),
        "modified": review.modified.isoformat(),
    }


FIELDS = {
    "cycle": relation("reviewcycles"),
    "subject": relation("userprofiles"),
    "reviewer": relation("userprofiles"),
}


def list_reviews(limit=None, offset=None, cycle=None, subject=None, reviewer=None, state=None):
    caller = current()
    statement = where(
        reviews.reviews_for(caller),
        (cycle, Review.cycle_id == cycle),
        (subject, Review.subject_id == subject),
        (reviewer, Review.reviewer_id == reviewer),
        (state, Review.state == state),
    ).order_by(Review.id)
    with db.reading() as session:
        return paginate(
            session,
            statement,
            limit=limit,
            offset=offset,
            render=lambda review: render_review(caller, review),
        )


def create_review(body):
    caller = current()
    with db.transaction() as session:
        return render_review(
            caller, reviews.create_review(session, caller, read(body, FIELDS))
        ), 201


def get_review(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.reading() as session:
        return render_review(caller, reviews.get_review(session, caller, id))


def update_review(id, body):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        review = reviews.get_review(session, caller, id)
        return render_review(
            caller, reviews.update_review(session, caller, review, read(body, FIELDS))
        )


def submit_review(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        review = reviews.get_review(session, caller, id)
        return render_review(caller, reviews.submit_review(session, caller, review))


def share_review(id):  # noqa: A002 - the spec's parameter name
    caller = current()
    with db.transaction() as session:
        review = reviews.get_review(session, caller, id)
        return render_review(caller, reviews.share_review(session, caller, review))
