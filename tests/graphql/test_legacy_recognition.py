"""The legacy names of the recognition area that Gaggle answers from its own data."""

from __future__ import annotations

import pytest

from tests.graphql.conftest import nodes

RECOGNITIONS = """
query Recognitions($active: Boolean) {
  recognitions(first: 50, badgeActive: $active) { edges { node { pk badge { active } } } }
}
"""


@pytest.mark.parametrize("active", [True, False, None])
def test_recognitions_by_whether_their_badge_is_active(graphql, world, make, active):
    craft = make.badge(world.admin, "Craft", active=False)
    retired = make.recognition(world.employee, world.peer, craft, "Thanks.")
    found = nodes(
        graphql(make.token(world.peer)).data(RECOGNITIONS, {"active": active})["recognitions"]
    )
    pks = {node["pk"] for node in found}
    # The world's one recognition has the active Teamwork badge.
    expected = {
        True: {world.recognition.id},
        False: {retired.id},
        None: {world.recognition.id, retired.id},
    }[active]
    assert pks == expected
    if active is not None:
        assert {node["badge"]["active"] for node in found} == {active}
