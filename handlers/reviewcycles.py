"""reviewcycles/: rounds of performance reviews, run by admins."""

from __future__ import annotations

from gaggle import render
from gaggle.dates import day
from gaggle.models import reviews
from gaggle.models.reviews import ReviewCycle
from gaggle.querying import order, where
from gaggle.resources import Resource
from gaggle.rows import Shape

CYCLES = Resource(
    lambda caller: reviews.cycles_in(caller.network_id),
    "review cycle",
    Shape(reviews.cycle_rows, render.review_cycle),
    fields={"start_date": day, "end_date": day},
)


def list_review_cycles(limit=None, offset=None, state=None, ordering=None):
    statement = where(CYCLES.listed(), (state, ReviewCycle.state))
    statement = order(statement, ordering, "listReviewCycles", default=reviews.CYCLE_ORDER)
    return CYCLES.page(statement, limit=limit, offset=offset)


def create_review_cycle(body):
    return CYCLES.create(reviews.create_cycle, body)


def get_review_cycle(id):  # noqa: A002 - the spec's parameter name
    return CYCLES.show(id)


def update_review_cycle(id, body):  # noqa: A002 - the spec's parameter name
    return CYCLES.change(reviews.update_cycle, id, body)


def delete_review_cycle(id):  # noqa: A002 - the spec's parameter name
    return CYCLES.delete(reviews.delete_cycle, id)
