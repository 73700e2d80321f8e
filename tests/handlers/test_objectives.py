"""objectives/: alignment, filters, ordering, owners' rights and private objectives."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.answers import assert_problem
from tests.handlers.conftest import API

BASE = f"http://testserver{API}"


def url(collection: str, object_id: int) -> str:
    return f"{BASE}/{collection}/{object_id}/"


def names(page: dict) -> list[str]:
    return [o["name"] for o in page["results"]]


def test_list_and_detail_show_alignment_and_progress(client, make, world):
    token = make.token(world.peer, "objective:read")
    page = client.get(f"{API}/objectives/", headers=token).json()
    assert names(page) == ["Grow revenue", "Ship the API", "Serve objectives"]
    middle = client.get(f"{API}/objectives/{world.engineering_objective.id}/", headers=token)
    body = middle.json()
    assert body["parent"] == url("objectives", world.company.id)
    assert body["children"] == [url("objectives", world.employee_objective.id)]
    assert body["department"] == url("departments", world.engineering.id)
    assert body["owners"] == [url("userprofiles", world.manager.profile.id)]
    assert body["creator"] == url("userprofiles", world.manager.profile.id)
    mine = client.get(f"{API}/objectives/{world.employee_objective.id}/", headers=token).json()
    assert mine["key_results"] == [
        url("keyresults", world.endpoints.id),
        url("keyresults", world.launch.id),
    ]
    assert mine["progress"] == 0


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("owner={manager}", ["Ship the API"]),
        ("department={engineering}", ["Ship the API"]),
        ("parent={company}", ["Ship the API"]),
        ("objective_type=company", ["Grow revenue"]),
        ("closed=true", ["Grow revenue"]),
        ("closed=false", ["Ship the API", "Serve objectives"]),
        ("due_date__gte=2026-11-01", ["Ship the API", "Serve objectives"]),
        ("due_date__lte=2026-11-30", ["Grow revenue", "Ship the API"]),
        ("search=SERVE", ["Serve objectives"]),
        ("search=legacy", ["Ship the API"]),
        ("ordering=-name", ["Ship the API", "Serve objectives", "Grow revenue"]),
        ("ordering=closed,-due_date", ["Serve objectives", "Ship the API", "Grow revenue"]),
    ],
)
def test_filters_and_ordering(client, make, world, query, expected):
    token = make.token(world.admin)
    for objective_id, changes in (
        (world.company.id, {"closed": True, "due_date": "2026-10-31"}),
        (world.engineering_objective.id, {"due_date": "2026-11-15", "description": "Legacy"}),
        (world.employee_objective.id, {"due_date": "2026-12-31"}),
    ):
        response = client.patch(f"{API}/objectives/{objective_id}/", headers=token, json=changes)
        assert response.status_code == 200, response.text
    query = query.format(
        manager=world.manager.profile.id,
        engineering=world.engineering.id,
        company=world.company.id,
    )
    page = client.get(f"{API}/objectives/?{query}", headers=token).json()
    assert names(page) == expected


def test_an_unknown_ordering_field_is_400(client, make, world):
    response = client.get(f"{API}/objectives/?ordering=progress", headers=make.token(world.admin))
    assert_problem(response, 400, "query parameter ordering: 'progress' does not match")


def test_create_with_urls_or_ids_owned_by_the_caller_by_default(client, make, world):
    token = make.token(world.employee, "objective:write")
    response = client.post(
        f"{API}/objectives/",
        headers=token,
        json={
            "name": "Learn Rust",
            "parent": url("objectives", world.engineering_objective.id),
            "start_date": "2026-10-01",
            "due_date": "2026-12-31",
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["owners"] == [url("userprofiles", world.employee.profile.id)]
    assert body["objective_type"] == "individual"
    assert body["parent"] == url("objectives", world.engineering_objective.id)
    assert (body["start_date"], body["due_date"]) == ("2026-10-01", "2026-12-31")
    assert (body["private"], body["draft"], body["closed"], body["progress"]) == (
        False,
        False,
        False,
        0,
    )
    parent = client.get(
        f"{API}/objectives/{world.engineering_objective.id}/", headers=make.token(world.employee)
    ).json()
    assert body["url"] in parent["children"]
    shared = client.post(
        f"{API}/objectives/",
        headers=token,
        json={"name": "Pair", "owners": [world.employee.profile.id, world.peer.profile.id]},
    ).json()
    assert shared["owners"] == [
        url("userprofiles", world.employee.profile.id),
        url("userprofiles", world.peer.profile.id),
    ]


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"name": "  "}, "name"),
        ({"name": "D", "objective_type": "department"}, "department"),
        ({"name": "D", "start_date": "2026-12-01", "due_date": "2026-11-01"}, "due_date"),
        ({"name": "D", "owners": [999999]}, "owners"),
        ({"name": "D", "parent": 999999}, "parent"),
        ({"name": "D", "department": 999999}, "department"),
        ({"name": "D", "parent": "https://elsewhere.example/x/1/"}, "parent"),
    ],
)
def test_rules_on_create_are_422(client, make, world, body, detail):
    response = client.post(f"{API}/objectives/", headers=make.token(world.employee), json=body)
    assert response.status_code == 422, response.text
    assert response.json()["detail"].startswith(detail)


def test_alignment_cycles_are_refused(client, make, world):
    response = client.patch(
        f"{API}/objectives/{world.company.id}/",
        headers=make.token(world.admin),
        json={"parent": world.employee_objective.id},
    )
    assert response.status_code == 422
    assert "itself" in response.json()["detail"]
    itself = client.patch(
        f"{API}/objectives/{world.company.id}/",
        headers=make.token(world.admin),
        json={"parent": world.company.id},
    )
    assert_problem(itself, 422, "parent: an objective cannot be aligned to itself or below itself.")


def test_owners_creator_and_admins_change_and_others_get_403(client, make, world):
    path = f"{API}/objectives/{world.engineering_objective.id}/"
    assert_problem(
        client.patch(path, headers=make.token(world.peer), json={"name": "X"}),
        403,
        "Only the objective's owners, its creator and admins change it.",
    )
    assert_problem(
        client.delete(path, headers=make.token(world.peer)),
        403,
        "Only the objective's owners, its creator and admins delete it.",
    )
    for who, name in ((world.manager, "By owner"), (world.admin, "By admin")):
        response = client.patch(path, headers=make.token(who), json={"name": name})
        assert response.status_code == 200
        assert response.json()["name"] == name
    handed_over = client.patch(path, headers=make.token(world.manager), json={"owners": []})
    assert handed_over.json()["owners"] == []
    by_creator = client.patch(path, headers=make.token(world.manager), json={"draft": True})
    assert by_creator.status_code == 200 and by_creator.json()["draft"] is True


def test_deleting_moves_children_up(client, make, world):
    response = client.delete(
        f"{API}/objectives/{world.engineering_objective.id}/", headers=make.token(world.manager)
    )
    assert response.status_code == 204
    token = make.token(world.employee)
    gone = client.get(f"{API}/objectives/{world.engineering_objective.id}/", headers=token)
    assert_problem(gone, 404, "No objective with id")
    child = client.get(f"{API}/objectives/{world.employee_objective.id}/", headers=token).json()
    assert child["parent"] == url("objectives", world.company.id)


@pytest.fixture
def secret(make, world):
    """A private objective of the employee's, aligned to the department objective, with a
    private child owned by the peer."""
    secret = make.objective(
        world.employee, "Job hunt", private=True, parent_id=world.engineering_objective.id
    )
    make.objective(world.peer, "Peer's secret", private=True, parent_id=secret.id)
    return secret


@pytest.mark.parametrize("who", ["employee", "admin"])
def test_private_objectives_are_seen_by_owners_creator_and_admins(client, make, world, secret, who):
    token = make.token(getattr(world, who))
    response = client.get(f"{API}/objectives/{secret.id}/", headers=token)
    assert response.status_code == 200
    assert secret.id in [
        o["id"] for o in client.get(f"{API}/objectives/", headers=token).json()["results"]
    ]
    parent = client.get(f"{API}/objectives/{world.engineering_objective.id}/", headers=token)
    assert url("objectives", secret.id) in parent.json()["children"]


def test_an_owner_who_is_not_the_creator_sees_a_private_objective(client, make, world):
    shared = make.objective(world.admin, "Succession", private=True, owners=[world.manager])
    response = client.get(f"{API}/objectives/{shared.id}/", headers=make.token(world.manager))
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["manager", "peer"])
def test_private_objectives_are_hidden_from_everyone_else(client, make, world, secret, who):
    token = make.token(getattr(world, who))
    assert_problem(
        client.get(f"{API}/objectives/{secret.id}/", headers=token), 404, "No objective with id"
    )
    listed = client.get(f"{API}/objectives/?limit=500", headers=token).json()["results"]
    assert secret.id not in [o["id"] for o in listed]
    parent = client.get(f"{API}/objectives/{world.engineering_objective.id}/", headers=token)
    assert url("objectives", secret.id) not in parent.json()["children"]
    assert_problem(
        client.patch(f"{API}/objectives/{secret.id}/", headers=token, json={"name": "x"}),
        404,
        "No objective with id",
    )
    # Aligning to it would reveal it exists.
    aligned = client.post(
        f"{API}/objectives/", headers=token, json={"name": "Mine", "parent": secret.id}
    )
    assert_problem(aligned, 422, "parent: no objective with id")


def test_a_visible_child_of_a_private_parent_does_not_leak_the_parent(client, make, world, secret):
    child = make.objective(world.peer, "Public child", parent_id=secret.id)
    body = client.get(f"{API}/objectives/{child.id}/", headers=make.token(world.peer)).json()
    assert body["parent"] is None
    listed = client.get(
        f"{API}/objectives/?parent={secret.id}", headers=make.token(world.manager)
    ).json()
    assert names(listed) == ["Public child"]
    employee_view = client.get(f"{API}/objectives/{child.id}/", headers=make.token(world.employee))
    assert employee_view.json()["parent"] == url("objectives", secret.id)


def test_relations_to_another_network_are_422(client, make, world):
    token = make.token(world.admin)
    for body, detail in (
        ({"name": "X", "parent": world.other_objective.id}, "parent: no objective with id"),
        ({"name": "X", "department": world.other_department.id}, "department: no department"),
        ({"name": "X", "owners": [world.other_user.profile.id]}, "owners: no user profile"),
    ):
        response = client.post(f"{API}/objectives/", headers=token, json=body)
        assert_problem(response, 422, detail)


def test_a_url_with_an_id_beyond_any_id_is_422(client, make, world):
    too_big = f"{BASE}/objectives/99999999999999999999999/"
    response = client.post(
        f"{API}/objectives/", headers=make.token(world.admin), json={"name": "X", "parent": too_big}
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("parent")


def test_deleting_takes_key_results_and_check_ins_along(client, make, world):
    token = make.token(world.employee)
    checked = client.post(
        f"{API}/objectivecheckins/",
        headers=token,
        json={
            "objective": world.employee_objective.id,
            "key_results": [{"key_result": world.endpoints.id, "current_value": 4}],
        },
    )
    assert checked.status_code == 201
    path = f"{API}/objectives/{world.employee_objective.id}/"
    assert client.delete(path, headers=token).status_code == 204
    assert_problem(
        client.get(f"{API}/keyresults/{world.endpoints.id}/", headers=token),
        404,
        "No key result with id",
    )
    checkin = checked.json()["id"]
    assert_problem(
        client.get(f"{API}/objectivecheckins/{checkin}/", headers=token),
        404,
        "No objective check-in with id",
    )


def test_an_objective_keeps_when_it_was_last_closed(client, make, world):
    token = make.token(world.employee)
    path = f"{API}/objectives/{world.employee_objective.id}/"

    def closed_at() -> dt.datetime | None:
        value = client.get(path, headers=token).json()["closed_at"]
        return None if value is None else dt.datetime.fromisoformat(value)

    assert closed_at() is None
    before = dt.datetime.now(dt.UTC)
    assert client.patch(path, headers=token, json={"closed": True}).status_code == 200
    first = closed_at()
    assert before <= first <= dt.datetime.now(dt.UTC)
    # Closed already: it keeps the time it was closed.
    assert (
        client.patch(path, headers=token, json={"closed": True, "name": "Still"}).status_code == 200
    )
    assert closed_at() == first
    assert client.patch(path, headers=token, json={"closed": False}).status_code == 200
    assert closed_at() is None
    before = dt.datetime.now(dt.UTC)
    checkin = {"objective": world.employee_objective.id, "close_objective": True}
    response = client.post(f"{API}/objectivecheckins/", headers=token, json=checkin)
    assert response.status_code == 201, response.text
    assert before <= closed_at() <= dt.datetime.now(dt.UTC)


def test_an_objective_has_stakeholders_beside_its_owners(client, make, world):
    token = make.token(world.manager)
    body = {"name": "Hire", "stakeholders": [world.admin.profile.id]}
    created = client.post(f"{API}/objectives/", headers=token, json=body)
    assert created.status_code == 201, created.text
    objective = created.json()
    assert objective["stakeholders"] == [url("userprofiles", world.admin.profile.id)]
    assert objective["owners"] == [url("userprofiles", world.manager.profile.id)]
    path = f"{API}/objectives/{objective['id']}/"
    stakes = [url("userprofiles", world.peer.profile.id), world.employee.profile.id]
    changed = client.patch(path, headers=token, json={"stakeholders": stakes})
    assert changed.json()["stakeholders"] == [
        url("userprofiles", world.employee.profile.id),
        url("userprofiles", world.peer.profile.id),
    ]
    # A stakeholder changes the objective no more than anyone else.
    refused = client.patch(path, headers=make.token(world.peer), json={"name": "Mine"})
    assert_problem(refused, 403, "Only the objective's owners, its creator and admins change it.")
    outsider = client.patch(
        path, headers=token, json={"stakeholders": [world.other_user.profile.id]}
    )
    assert_problem(outsider, 422, "stakeholders")
    assert (
        client.get(f"{API}/objectives/{world.company.id}/", headers=token).json()["stakeholders"]
        == []
    )


def test_an_objective_has_a_weight_among_its_siblings(client, make, world):
    token = make.token(world.manager)
    created = client.post(f"{API}/objectives/", headers=token, json={"name": "Hire"})
    assert created.status_code == 201, created.text
    assert created.json()["weight"] == 1
    path = f"{API}/objectives/{created.json()['id']}/"
    changed = client.patch(path, headers=token, json={"weight": 4})
    assert changed.status_code == 200, changed.text
    assert client.get(path, headers=token).json()["weight"] == 4
    for weight in (0, 101, 1.5):
        refused = client.patch(path, headers=token, json={"weight": weight})
        assert_problem(refused, 400, "weight")
    weighted = client.post(f"{API}/objectives/", headers=token, json={"name": "Ship", "weight": 2})
    assert weighted.json()["weight"] == 2


def test_the_caller_follows_and_unfollows_an_objective(client, make, world):
    objective = make.objective(world.manager, "Hire")
    path = f"{API}/objectives/{objective.id}/follow/"
    peer = make.token(world.peer)
    followed = client.post(path, headers=peer)
    assert followed.status_code == 200, followed.text
    assert followed.json()["followers"] == [url("userprofiles", world.peer.profile.id)]
    assert client.post(path, headers=peer).json()["followers"] == [
        url("userprofiles", world.peer.profile.id)
    ]
    # Following grants no change.
    refused = client.patch(f"{API}/objectives/{objective.id}/", headers=peer, json={"name": "Mine"})
    assert refused.status_code == 403
    assert client.delete(path, headers=peer).status_code == 204
    assert client.delete(path, headers=peer).status_code == 204
    shown = client.get(f"{API}/objectives/{objective.id}/", headers=peer).json()
    assert shown["followers"] == []
    hidden = make.objective(world.admin, "Private", private=True)
    missing = client.post(f"{API}/objectives/{hidden.id}/follow/", headers=peer)
    assert missing.status_code == 404
    read_only = client.post(path, headers=make.token(world.peer, scope="objective:read"))
    assert read_only.status_code == 403


def test_departments_contribute_to_an_objective_beside_its_own(client, make, world):
    token = make.token(world.manager)
    body = {"name": "Hire", "contributing_teams": [world.engineering.id]}
    created = client.post(f"{API}/objectives/", headers=token, json=body)
    assert created.status_code == 201, created.text
    assert created.json()["contributing_teams"] == [url("departments", world.engineering.id)]
    path = f"{API}/objectives/{created.json()['id']}/"
    cleared = client.patch(path, headers=token, json={"contributing_teams": []})
    assert cleared.json()["contributing_teams"] == []
    other = make.department(world.other_user, "Elsewhere")
    refused = client.patch(path, headers=token, json={"contributing_teams": [other.id]})
    assert_problem(refused, 422, "contributing_teams: no department with id")
