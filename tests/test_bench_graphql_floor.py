"""The benchmark's GraphQL floor (bench/graphql_floor.py) answers the benchmark's two GraphQL
documents as the API's /graphql answers them, byte for byte.

bench/run.py divides the API's figures by the floor's: that says what the API's GraphQL
machinery costs only while the two do the same work. Both serve one database, each through its
own stack, and every body is compared as raw bytes: keys and their order, global ids and
cursors, URLs from the Host header, counts and page info, the caller's likes, both people with
their accounts, instants and days, and the objectives and key results the caller may see.
"""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from bench import baseline, graphql_floor
from tests import test_bench_baseline
from tests.builders import Builders
from tests.test_bench_baseline import SOMEWHERE, Wall

wall = test_bench_baseline.wall  # the recognitions the baseline's answers are compared on


@pytest.fixture
def floor(app, settings):
    """A client of the floor on the test database, served as uvicorn serves it."""
    flask_app = graphql_floor.create(settings.database_url)
    served = baseline.serve(flask_app, threads=2)
    yield TestClient(served)
    served.executor.shutdown()
    flask_app.database.dispose()  # before the database goes back to its migrated state


@pytest.fixture
def owner(make: Builders, wall: Wall) -> int:
    """The profile id of someone of the caller's network with objectives: open, closed, a
    private one the caller may not see, key results with whole and fractional values."""
    owner = make.user(network="Acme", first_name="Olga")
    other = make.user(network="Acme")
    for number in range(6):
        objective = make.objective(
            owner,
            f"Goal {number}",
            closed=number == 3,
            private=number == 4,
            owners=[owner, other] if number == 1 else [owner],
        )
        for result in range(number % 3):
            make.key_result(
                objective,
                f"Result {number}.{result}",
                starting_value=0,
                target_value=10 + result,
                current_value=2.5 * result,
                measurement_type=1 + result,
            )
    make.objective(other, "Someone else's")
    return owner.profile.id


def _post(client, document: str, headers: dict[str, str]):
    return client.post("/graphql", json={"query": document}, headers=headers)


def _both(client, floor, document: str, headers: dict[str, str]):
    return _post(client, document, headers), _post(floor, document, headers)


@pytest.mark.parametrize("host", [{}, SOMEWHERE], ids=["testserver", "another host"])
def test_the_recognitions_page_is_the_apis_to_the_byte(client, floor, wall, host):
    headers = {**wall.token, **host}
    api, ours = _both(client, floor, graphql_floor.RECOGNITIONS_PAGE, headers)
    assert api.status_code == ours.status_code == 200, api.text
    assert "errors" not in api.json()
    assert ours.content == api.content


def test_the_page_holds_what_the_comparison_must_cover(client, wall):
    answer = _post(client, graphql_floor.RECOGNITIONS_PAGE, wall.token).json()["data"]
    page = answer["recognitions"]
    nodes = [edge["node"] for edge in page["edges"]]
    people = [node[role] for node in nodes for role in ("sender", "recipient")]
    assert len(nodes) == 20 and page["totalCount"] == 25 and page["pageInfo"]["hasNextPage"]
    assert any(n["liked"] for n in nodes) and not all(n["liked"] for n in nodes)
    assert any(n["likesCount"] == 2 and n["commentsCount"] == 1 for n in nodes)
    assert any(p["hireDate"] and p["reportsTo"] for p in people)
    assert any(p["reportsTo"] is None for p in people)
    assert any(p["isManager"] for p in people) and not all(p["isManager"] for p in people)


@pytest.mark.parametrize("whose", ["an owner's", "the caller's", "another network's", "no one's"])
@pytest.mark.parametrize("host", [{}, SOMEWHERE], ids=["testserver", "another host"])
def test_the_cli_read_is_the_apis_to_the_byte(client, floor, make, wall, owner, whose, host):
    me = client.get(f"{baseline.BASE}/userprofiles/me/", headers=wall.token).json()["id"]
    pk = {
        "an owner's": owner,
        "the caller's": me,
        "another network's": make.user(network="Globex").profile.id,
        "no one's": owner + 1000,
    }[whose]
    api, ours = _both(client, floor, graphql_floor.cli_read(pk), {**wall.token, **host})
    assert api.status_code == ours.status_code == 200, api.text
    assert "errors" not in api.json()
    assert ours.content == api.content


def test_the_cli_read_holds_what_the_comparison_must_cover(client, wall, owner):
    answer = _post(client, graphql_floor.cli_read(owner), wall.token).json()["data"]
    objectives = [edge["node"] for edge in answer["profile"]["ownedObjectives"]["edges"]]
    assert [o["name"] for o in objectives] == ["Goal 0", "Goal 1", "Goal 2", "Goal 5"]
    results = [e["node"] for o in objectives for e in o["keyResults"]["edges"]]
    assert {r["currentValue"] for r in results} == {0.0, 2.5}
    assert {r["measurementType"] for r in results} == {1, 2}


def test_without_a_live_token_it_is_401(client, floor):
    headers = {"Authorization": "Bearer no-such-token"}
    for document in (graphql_floor.RECOGNITIONS_PAGE, graphql_floor.cli_read(1)):
        api, ours = _both(client, floor, document, headers)
        assert api.status_code == ours.status_code == 401
