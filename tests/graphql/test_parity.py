"""GraphQL shows each caller exactly what REST shows them: for every area and a set of callers
(an admin, a manager, an employee, and people of another network), the objects of each list
and each object looked up by id are the same through both APIs."""

from __future__ import annotations

import pytest

from tests.graphql.conftest import API, World, nodes

CALLERS = ("admin", "manager", "employee", "peer", "other_admin", "other_user")

# Each list: its REST collection, and the GraphQL query of the same objects' pks.
LISTS = {
    "userprofiles": ("/userprofiles/", "profiles(first: 100) { edges { node { pk } } }"),
    "users": ("/users/", "profiles(first: 100) { edges { node { pk: user { pk } } } }"),
    "departments": ("/departments/", "teams(first: 100) { edges { node { pk } } }"),
    "badges": ("/badges/", "badges(first: 100) { edges { node { pk } } }"),
    "recognitions": ("/recognitions/", "recognitions(first: 100) { edges { node { pk } } }"),
    "oneonones": ("/oneonones/", "oneonones(first: 100) { edges { node { pk } } }"),
    "feedback": ("/feedback/", "feedbacks(first: 100) { edges { node { pk } } }"),
    "feedbackrequests": (
        "/feedbackrequests/",
        "feedbackRequests(first: 100) { edges { node { pk } } }",
    ),
    "privatenotes": ("/privatenotes/", "privateNotes(first: 100) { edges { node { pk } } }"),
    "objectives": ("/objectives/", "objectives(first: 100) { edges { node { pk } } }"),
    "reviews": ("/reviews/", "snapshots(first: 100) { edges { node { pk } } }"),
    "reviewcycles": ("/reviewcycles/", "snapshotGroups(first: 100) { edges { node { pk } } }"),
}

# Each kind of object looked up by id: its REST item path and its GraphQL root field.
ITEMS = {
    "userprofiles": "profile",
    "departments": "team",
    "badges": "badge",
    "recognitions": "recognition",
    "oneonones": "oneonone",
    "feedback": "feedback",
    "feedbackrequests": "feedbackRequest",
    "privatenotes": "privateNote",
    "objectives": "objective",
    "keyresults": "keyResult",
    "reviews": "snapshot",
    "reviewcycles": "snapshotGroup",
}


@pytest.fixture
def varied(world: World, make) -> World:
    """The world, with what privacy rules hide from some: a private objective, notes shared
    and not, a draft, a review whose reviewer has answered, action items."""
    make.objective(world.employee, "My secret plan", private=True)
    make.oneonone_note(world.oneonone, world.admin, "For both of us", shared=True)
    make.oneonone_note(world.oneonone, world.manager, "For me alone")
    make.action_item(world.oneonone, world.admin, "Book the room", assignee=world.manager)
    make.feedback(world.employee, recipient=world.peer, text="Nice work", submitted=False)
    make.feedback(world.manager, recipient=world.peer, text="Thanks!")
    make.review(
        world.cycle,
        world.peer,
        world.manager,
        state="manager_review",
        self_answers=["Fine"],
        reviewer_answers=["Very good"],
    )
    return world


def rest_ids(client, headers, path: str) -> list[int]:
    response = client.get(f"{API}{path}?limit=500", headers=headers)
    assert response.status_code == 200, response.text
    return sorted(item["id"] for item in response.json()["results"])


def graphql_ids(gql, field: str) -> list[int]:
    data = gql.data("{ " + field + " }")
    (connection,) = data.values()
    return sorted(
        node["pk"]["pk"] if isinstance(node["pk"], dict) else node["pk"]
        for node in nodes(connection)
    )


@pytest.mark.parametrize("caller", CALLERS)
def test_every_list_shows_the_same_objects(client, graphql, varied, make, caller):
    headers = make.token(getattr(varied, caller))
    gql = graphql(headers)
    for name, (path, field) in LISTS.items():
        assert graphql_ids(gql, field) == rest_ids(client, headers, path), name
    network = gql.data("{ network { pk } }")["network"]["pk"]
    assert [network] == rest_ids(client, headers, "/networks/")


@pytest.mark.parametrize("caller", CALLERS)
def test_nested_lists_show_the_same_objects(client, graphql, varied, make, caller):
    headers = make.token(getattr(varied, caller))
    gql = graphql(headers)
    data = gql.data(
        """{
          oneonones(first: 20) { edges { node { pk
            notes(first: 50) { edges { node { pk } } }
            actionItems(first: 50) { edges { node { pk } } } } } }
          actionItems(first: 100) { edges { node { pk } } }
          objectives(first: 20) { edges { node { pk
            keyResults(first: 50) { edges { node { pk } } }
            checkins(first: 50) { edges { node { pk } } } } } }
          snapshots(first: 100) { edges { node { pk reviewerAnswers } } }
        }"""
    )
    for oneonone in nodes(data["oneonones"]):
        base = f"/oneonones/{oneonone['pk']}"
        notes = sorted(n["pk"] for n in nodes(oneonone["notes"]))
        assert notes == rest_ids(client, headers, f"{base}/notes/")
        items = sorted(n["pk"] for n in nodes(oneonone["actionItems"]))
        assert items == rest_ids(client, headers, f"{base}/actionitems/")
    every_item = [
        rest_ids(client, headers, f"/oneonones/{o['pk']}/actionitems/")
        for o in nodes(data["oneonones"])
    ]
    assert sorted(n["pk"] for n in nodes(data["actionItems"])) == sorted(
        i for ids in every_item for i in ids
    )
    objectives = nodes(data["objectives"])
    key_results = sorted(n["pk"] for o in objectives for n in nodes(o["keyResults"]))
    assert key_results == rest_ids(client, headers, "/keyresults/")
    checkins = sorted(n["pk"] for o in objectives for n in nodes(o["checkins"]))
    assert checkins == rest_ids(client, headers, "/objectivecheckins/")
    for review in nodes(data["snapshots"]):
        rest = client.get(f"{API}/reviews/{review['pk']}/", headers=headers).json()
        assert review["reviewerAnswers"] == rest["reviewer_answers"], review


def _every_id(client, make, world: World, collection: str) -> list[int]:
    """The ids of `collection` in both networks, as their admins see them (and one beyond)."""
    found = set()
    for admin in (world.admin, world.other_admin, world.employee, world.manager, world.other_user):
        if collection == "keyresults":
            found |= set(rest_ids(client, make.token(admin), "/keyresults/"))
        else:
            found |= set(rest_ids(client, make.token(admin), f"/{collection}/"))
    return sorted(found | {max(found, default=0) + 1})


@pytest.mark.parametrize("caller", CALLERS)
def test_each_object_by_id_is_found_exactly_when_rest_finds_it(
    client, graphql, varied, make, caller
):
    headers = make.token(getattr(varied, caller))
    gql = graphql(headers)
    for collection, field in ITEMS.items():
        ids = _every_id(client, make, varied, collection)
        query = " ".join(f"o{i}: {field}(pk: {i}) {{ pk }}" for i in ids)
        data = gql.data("{ " + query + " }")
        for object_id in ids:
            status = client.get(f"{API}/{collection}/{object_id}/", headers=headers).status_code
            assert status in (200, 404)
            found = data[f"o{object_id}"]
            assert (found is not None) == (status == 200), (collection, object_id, caller)
