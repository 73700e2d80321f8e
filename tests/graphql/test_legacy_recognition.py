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


IMAGES = """
query Images($pk: Int!) {
  badge(pk: $pk) { image }
  recognitions(first: 50) { edges { node { pk badge { name image } } } }
}
"""


def test_a_badge_answers_its_picture_as_a_recognition_shows_it(graphql, world, make):
    picture = "https://images.example.com/badges/craft.png"
    craft = make.badge(world.admin, "Craft", image=picture)
    given = make.recognition(world.employee, world.peer, craft, "Thanks.")
    data = graphql(make.token(world.peer)).data(IMAGES, {"pk": craft.id})
    assert data["badge"] == {"image": picture}
    badges = {node["pk"]: node["badge"] for node in nodes(data["recognitions"])}
    assert badges == {
        world.recognition.id: {"name": "Teamwork", "image": None},
        given.id: {"name": "Craft", "image": picture},
    }
