"""reviews/: self and manager reviews, and their state transitions."""

from __future__ import annotations

from gaggle import render
from gaggle.bodies import relation
from gaggle.models import reviews
from gaggle.models.reviews import Review
from gaggle.querying import order, where
from gaggle.resources import Resource
from gaggle.rows import Shape

# Its subject sees no reviewer answers before the review is shared: review_rows reads them
# as the caller may see them.
REVIEWS = Resource(
    reviews.reviews_for,
    "review",
    Shape(reviews.review_rows, render.review),
    fields={
        "cycle": relation("reviewcycles"),
        "subject": relation("userprofiles"),
        "reviewer": relation("userprofiles"),
    },
)


def list_reviews(
    limit=None, offset=None, cycle=None, subject=None, reviewer=None, state=None, ordering=None
):
    statement = where(
        REVIEWS.listed(),
        (cycle, Review.cycle_id),
        (subject, Review.subject_id),
        (reviewer, Review.reviewer_id),
        (state, Review.state),
    )
    statement = order(statement, ordering, "listReviews", default="id")
    return REVIEWS.page(statement, limit=limit, offset=offset)


def create_review(body):
    return REVIEWS.create(reviews.create_review, body)


def get_review(id):  # noqa: A002 - the spec's parameter name
    return REVIEWS.show(id)


def update_review(id, body):  # noqa: A002 - the spec's parameter name
    return REVIEWS.change(reviews.update_review, id, body)


def submit_review(id):  # noqa: A002 - the spec's parameter name
    return REVIEWS.act(reviews.submit_review, id)


def share_review(id):  # noqa: A002 - the spec's parameter name
    return REVIEWS.act(reviews.share_review, id)
