"""objectivecheckins/: the legacy shape, one transaction, and what is refused."""

from __future__ import annotations

import pytest

from tests.answers import assert_problem
from tests.handlers.conftest import API

BASE = f"http://testserver{API}"


def kr_url(key_result) -> str:
    return f"{BASE}/keyresults/{key_result.id}/"


def values(client, make, world) -> dict:
    token = make.token(world.admin)
    objective = client.get(f"{API}/objectives/{world.employee_objective.id}/", headers=token)
    page = client.get(f"{API}/keyresults/?objective={world.employee_objective.id}", headers=token)
    return {
        "closed": objective.json()["closed"],
        "progress": objective.json()["progress"],
        "values": [kr["current_value"] for kr in page.json()["results"]],
    }


def test_a_legacy_check_in_updates_key_results_and_progress(client, make, world):
    response = client.post(
        f"{API}/objectivecheckins/",
        headers=make.token(world.employee, "objective:write"),
        json={
            "objective": f"{BASE}/objectives/{world.employee_objective.id}/",
            "message": "Half the endpoints",
            "assessment_status": 1,
            "key_results": [
                # What the legacy client sends: the key result itself, plus the new value.
                {
                    "id": world.endpoints.id,
                    "url": kr_url(world.endpoints),
                    "name": "Endpoints",
                    "starting_value": 0,
                    "target_value": 10,
                    "key_result": kr_url(world.endpoints),
                    "current_value": 5,
                },
                {"key_result": world.launch.id, "current_value": 1},
            ],
            "close_objective": False,
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["objective"] == f"{BASE}/objectives/{world.employee_objective.id}/"
    assert body["creator"] == f"{BASE}/userprofiles/{world.employee.profile.id}/"
    assert (body["message"], body["assessment_status"], body["close_objective"]) == (
        "Half the endpoints",
        1,
        False,
    )
    assert body["key_results"] == [
        {
            "key_result": kr_url(world.endpoints),
            "previous_value": 0,
            "current_value": 5,
            "progress": 50,
        },
        {
            "key_result": kr_url(world.launch),
            "previous_value": 0,
            "current_value": 1,
            "progress": 100,
        },
    ]
    assert body["progress"] == 75
    assert values(client, make, world) == {"closed": False, "progress": 75, "values": [5, 1]}
    detail = client.get(f"{API}/objectivecheckins/{body['id']}/", headers=make.token(world.peer))
    assert detail.json() == body


def test_closing_check_in_without_values(client, make, world):
    response = client.post(
        f"{API}/objectivecheckins/",
        headers=make.token(world.employee),
        json={"objective": world.employee_objective.id, "close_objective": True},
    )
    assert response.status_code == 201
    assert response.json()["assessment_status"] is None
    assert values(client, make, world)["closed"] is True
    again = client.post(
        f"{API}/objectivecheckins/",
        headers=make.token(world.employee),
        json={"objective": world.employee_objective.id},
    )
    assert again.status_code == 409
    assert "closed" in again.json()["detail"]


@pytest.mark.parametrize(
    ("items", "status", "detail"),
    [
        # A key result of another objective of the same network.
        ("foreign", 400, "is not a key result of objective"),
        # Another network's key result looks no different.
        ("other_network", 400, "is not a key result of objective"),
        ("twice", 400, "named twice"),
        ("binary_half", 422, "binary"),
    ],
)
def test_refused_check_ins_change_nothing(client, make, world, items, status, detail):
    elsewhere = make.key_result(world.company, "Revenue")
    bad = {
        "foreign": {"key_result": elsewhere.id, "current_value": 3},
        "other_network": {"key_result": world.other_key_result.id, "current_value": 3},
        "twice": {"key_result": world.endpoints.id, "current_value": 9},
        "binary_half": {"key_result": world.launch.id, "current_value": 0.5},
    }[items]
    before = values(client, make, world)
    response = client.post(
        f"{API}/objectivecheckins/",
        headers=make.token(world.employee),
        json={
            "objective": world.employee_objective.id,
            "close_objective": True,
            "key_results": [{"key_result": world.endpoints.id, "current_value": 7}, bad],
        },
    )
    assert response.status_code == status, response.text
    assert detail in response.json()["detail"]
    assert values(client, make, world) == before
    listed = client.get(
        f"{API}/objectivecheckins/?objective={world.employee_objective.id}",
        headers=make.token(world.employee),
    )
    assert listed.json()["count"] == 1  # only the world's own check-in


def test_a_key_result_owner_checks_in_others_may_not(client, make, world):
    by_kr_owner = client.post(
        f"{API}/objectivecheckins/",
        headers=make.token(world.peer),
        json={
            "objective": world.employee_objective.id,
            "key_results": [{"key_result": world.launch.id, "current_value": 1}],
        },
    )
    assert by_kr_owner.status_code == 201
    stranger = client.post(
        f"{API}/objectivecheckins/",
        headers=make.token(world.peer),
        json={"objective": world.company.id},
    )
    assert_problem(
        stranger, 403, "Only the objective's owners, its creator and admins check in on it."
    )


def test_private_and_foreign_objectives_are_422(client, make, world):
    secret = make.objective(world.employee, "Secret", private=True)
    make.checkin(secret, world.employee, "Hush")
    token = make.token(world.peer)
    hidden = client.post(f"{API}/objectivecheckins/", headers=token, json={"objective": secret.id})
    assert_problem(hidden, 422, "objective: no objective with id")
    foreign = client.post(
        f"{API}/objectivecheckins/",
        headers=make.token(world.admin),
        json={"objective": world.other_objective.id},
    )
    assert foreign.status_code == 422
    listed = client.get(f"{API}/objectivecheckins/?limit=500", headers=token).json()["results"]
    assert "Hush" not in [c["message"] for c in listed]
    owner_view = client.get(
        f"{API}/objectivecheckins/?objective={secret.id}", headers=make.token(world.employee)
    )
    assert [c["message"] for c in owner_view.json()["results"]] == ["Hush"]


def test_list_is_newest_first_and_filters_by_objective(client, make, world):
    token = make.token(world.employee)
    for message in ("second", "third"):
        client.post(
            f"{API}/objectivecheckins/",
            headers=token,
            json={"objective": world.employee_objective.id, "message": message},
        )
    make.checkin(world.company, world.admin, "company")
    page = client.get(
        f"{API}/objectivecheckins/?objective={world.employee_objective.id}", headers=token
    ).json()
    assert [c["message"] for c in page["results"]] == ["third", "second", "Started"]


def test_a_bad_key_result_reference_is_422(client, make, world):
    response = client.post(
        f"{API}/objectivecheckins/",
        headers=make.token(world.employee),
        json={
            "objective": world.employee_objective.id,
            "key_results": [
                {
                    "key_result": f"{BASE}/objectives/{world.employee_objective.id}/",
                    "current_value": 1,
                }
            ],
        },
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("key_results[0]")


def test_a_closing_legacy_check_in_keeps_its_final_assessment(client, make, world):
    response = client.post(
        f"{API}/objectivecheckins/",
        headers=make.token(world.employee),
        json={
            "objective": f"{BASE}/objectives/{world.employee_objective.id}/",
            "message": "Done, mostly",
            "assessment_status": 1,
            "key_results": [{"key_result": world.endpoints.id, "current_value": 8}],
            "close_objective": True,
            "final_assessment": 80,
        },
    )
    assert response.status_code == 201, response.text
    assert response.json()["final_assessment"] == 80
    assert values(client, make, world)["closed"] is True
    shown = client.get(response.json()["url"], headers=make.token(world.peer)).json()
    assert shown["final_assessment"] == 80 and shown["close_objective"] is True


def test_a_check_in_that_does_not_close_takes_no_final_assessment(client, make, world):
    token = make.token(world.employee)
    # What a legacy client sends on every check-in that does not close its objective.
    taken = client.post(
        f"{API}/objectivecheckins/",
        headers=token,
        json={"objective": world.employee_objective.id, "final_assessment": None},
    )
    assert taken.status_code == 201, taken.text
    assert taken.json()["final_assessment"] is None
    before = values(client, make, world)
    refused = client.post(
        f"{API}/objectivecheckins/",
        headers=token,
        json={
            "objective": world.employee_objective.id,
            "key_results": [{"key_result": world.endpoints.id, "current_value": 9}],
            "final_assessment": 50,
        },
    )
    assert refused.status_code == 422
    assert refused.json()["detail"].startswith("final_assessment: ")
    assert values(client, make, world) == before
