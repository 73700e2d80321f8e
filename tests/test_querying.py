"""Filters and ordering as the spec declares them."""

from __future__ import annotations

import pytest

from gaggle import querying, spec


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
        querying.sortable("listReviews")
    with pytest.raises(spec.SpecError):
        querying.sortable("noSuchOperation")
