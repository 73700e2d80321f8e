"""Filters and ordering as the spec declares them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from gaggle import querying, spec
from gaggle.models.recognition import Badge


def test_sortable_fields_are_read_from_the_spec_pattern():
    assert querying.sortable("listBadges") == ("id", "name", "created")
    assert querying.sortable("listUserProfiles") == (
        "id",
        "first_name",
        "last_name",
        "email",
        "position",
        "hire_date",
    )


def test_an_operation_without_ordering_is_a_spec_error():
    with pytest.raises(spec.SpecError):
        querying.sortable("getReview")
    with pytest.raises(spec.SpecError):
        querying.sortable("noSuchOperation")


def test_where_builds_conditions_only_for_the_filters_given():
    asked = []
    statement = querying.where(
        select(Badge.id),
        (None, lambda value: asked.append(value)),
        (False, Badge.active.is_),
        (7, Badge.network_id),
        (None, Badge.name),
    )
    assert asked == []
    where = str(statement.compile(compile_kwargs={"literal_binds": True})).split("WHERE")[1]
    assert where.split() == ["badge.active", "IS", "false", "AND", "badge.network_id", "=", "7"]
