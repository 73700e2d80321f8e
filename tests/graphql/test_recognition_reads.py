"""GraphQL reads recognitions as REST reads them: the same projection (gaggle.projection), in
the same statements, whatever the size of the page; and every row a renderer reads is read by
its names, each of which names one column."""

from __future__ import annotations

import pytest

from bench import graphql_floor
from gaggle import projection
from gaggle.handlers import (
    feedback,
    feedbackrequests,
    oneonones,
    recognitions,
    userprofiles,
)
from gaggle.rows import Shape
from tests.graphql.conftest import nodes
from tests.handlers.test_query_counts import counted_queries

API = "/api/v/2.0"


@pytest.fixture
def wall(make):
    """25 recognitions of one network, some liked and commented on, between people some of
    whom report to others."""
    admin = make.user(network="Acme", is_admin=True)
    manager = make.user(network="Acme", reports_to=admin)
    caller = make.user(network="Acme", reports_to=manager)
    people = [admin, manager, caller]
    badge = make.badge(admin, "Teamwork")
    for number in range(25):
        make.recognition(people[number % 3], people[(number + 1) % 3], badge, f"Thanks #{number}")
    return make.token(caller)


def _statements(client, request) -> list[str]:
    with counted_queries() as statements:
        response = request()
    assert response.status_code == 200, response.text
    assert "errors" not in response.json()
    return statements


def _graphql(client, token, first: int):
    document = graphql_floor.RECOGNITIONS_PAGE.replace("first: 20", f"first: {first}")
    return lambda: client.post("/graphql", json={"query": document}, headers=token)


def test_a_page_costs_graphql_the_statements_it_costs_rest(client, wall):
    rest = _statements(client, lambda: client.get(f"{API}/recognitions/?limit=20", headers=wall))
    graphql = _statements(client, _graphql(client, wall, 20))
    # The token's check, the page's ids with their count, the projection of the page.
    assert len(graphql) == len(rest) == 3
    assert graphql[-1] == rest[-1]  # the one projection, with badges and both people
    assert len(_statements(client, _graphql(client, wall, 2))) == 3


def test_graphql_and_rest_show_the_same_projection(graphql, wall, client):
    answer = graphql(wall).data(graphql_floor.RECOGNITIONS_PAGE)["recognitions"]
    rest = client.get(f"{API}/recognitions/?limit=20", headers=wall).json()["results"]
    for node, item in zip(nodes(answer), rest, strict=True):
        assert node["pk"] == item["id"] and node["awardedDate"] == item["created"]
        assert (node["likesCount"], node["commentsCount"], node["liked"]) == (
            item["likes_count"],
            item["comments_count"],
            item["liked"],
        )
        for role, rest_role in (("sender", "creator"), ("recipient", "recipient")):
            person, shown = node[role], item[rest_role]
            assert person["isManager"] is shown["is_manager"]
            assert person["user"]["dateJoined"] == shown["user"]["date_joined"]


SHAPES: dict[str, Shape] = {
    "recognitions": projection.RECOGNITIONS,
    "comments": projection.COMMENTS,
    "profiles": projection.PROFILES,
    "1-on-1s": oneonones.ONEONONES.shape,
    "feedback requests": feedbackrequests.REQUESTS.shape,
    "feedback": feedback.FEEDBACK.shape,
    "recognitions (REST)": recognitions.RECOGNITIONS.shape,
    "profiles (REST)": userprofiles.PROFILE,
}


@pytest.mark.parametrize("name", SHAPES)
def test_every_column_of_a_shape_has_a_name_of_its_own(name):
    columns, _ = SHAPES[name]._statements
    names = [column.key for column in columns.selected_columns]
    assert len(set(names)) == len(names), sorted(n for n in names if names.count(n) > 1)
