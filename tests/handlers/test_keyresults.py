"""keyresults/: progress arithmetic as users see it, values per measurement type, rights."""

from __future__ import annotations

import pytest

from tests.answers import assert_problem
from tests.handlers.conftest import API

BASE = f"http://testserver{API}"


def progress_of(client, make, world, objective_id: int) -> float:
    response = client.get(f"{API}/objectives/{objective_id}/", headers=make.token(world.admin))
    return response.json()["progress"]


@pytest.mark.parametrize(
    ("values", "progress"),
    [
        ({"measurement_type": 1, "current_value": 40}, 40),
        ({"measurement_type": 1, "starting_value": 20, "current_value": 60}, 50),
        ({"measurement_type": 3, "target_value": 8, "current_value": 2}, 25),
        ({"measurement_type": 3, "target_value": 8, "current_value": 12}, 100),
        ({"measurement_type": 3, "starting_value": 5, "target_value": 8}, 0),
        ({"measurement_type": 3, "starting_value": 5, "current_value": 1}, 0),
        ({"measurement_type": 2, "target_value": 2000, "current_value": 500}, 25),
        # A decreasing target: from 10 bugs down to 2.
        (
            {
                "measurement_type": 3,
                "starting_value": 10,
                "target_value": 2,
                "current_value": 4,
            },
            75,
        ),
        ({"measurement_type": 7, "current_value": 0}, 0),
        ({"measurement_type": 7, "current_value": 1}, 100),
        # Nowhere to go: done only at the target.
        ({"measurement_type": 3, "starting_value": 3, "target_value": 3}, 100),
        (
            {
                "measurement_type": 3,
                "starting_value": 3,
                "target_value": 3,
                "current_value": 4,
            },
            0,
        ),
    ],
)
def test_progress_of_every_measurement_type(client, make, world, values, progress):
    objective = make.objective(world.employee, "Measured")
    response = client.post(
        f"{API}/keyresults/",
        headers=make.token(world.employee, "objective:write"),
        json={"objective": objective.id, "name": "KR", **values},
    )
    assert response.status_code == 201, response.text
    assert response.json()["progress"] == progress
    assert progress_of(client, make, world, objective.id) == progress


def test_objective_progress_is_the_weighted_mean(client, make, world):
    objective = make.objective(world.employee, "Weighted")
    token = make.token(world.employee)
    for name, weight, current in (("half", 3, 50), ("done", 1, 100), ("none", 4, 0)):
        client.post(
            f"{API}/keyresults/",
            headers=token,
            json={
                "objective": objective.id,
                "name": name,
                "weight": weight,
                "current_value": current,
            },
        )
    # (3 * 50 + 1 * 100 + 4 * 0) / 8
    assert progress_of(client, make, world, objective.id) == 31.25


def test_defaults_and_detail(client, make, world):
    token = make.token(world.employee)
    created = client.post(
        f"{API}/keyresults/",
        headers=token,
        json={"objective": f"{BASE}/objectives/{world.employee_objective.id}/", "name": "Docs"},
    ).json()
    assert created["objective"] == f"{BASE}/objectives/{world.employee_objective.id}/"
    assert (created["measurement_type"], created["starting_value"], created["target_value"]) == (
        1,
        0,
        100,
    )
    assert (created["current_value"], created["weight"]) == (0, 1)
    assert created["owners"] == [f"{BASE}/userprofiles/{world.employee.profile.id}/"]
    assert created["description"] == ""
    assert created["creator"] == f"{BASE}/userprofiles/{world.employee.profile.id}/"
    binary = client.post(
        f"{API}/keyresults/",
        headers=token,
        json={"objective": world.employee_objective.id, "name": "Go", "measurement_type": 7},
    ).json()
    assert binary["target_value"] == 1
    detail = client.get(f"{API}/keyresults/{created['id']}/", headers=token).json()
    assert detail == created


def test_list_filters_by_objective(client, make, world):
    token = make.token(world.employee)
    page = client.get(f"{API}/keyresults/?objective={world.employee_objective.id}", headers=token)
    assert [kr["name"] for kr in page.json()["results"]] == ["Endpoints", "Launched"]
    other = client.get(f"{API}/keyresults/?objective={world.company.id}", headers=token)
    assert other.json()["count"] == 0


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"measurement_type": 1, "target_value": 120}, "target_value"),
        ({"measurement_type": 1, "current_value": -1}, "current_value"),
        ({"measurement_type": 7, "current_value": 0.5}, "current_value"),
        ({"measurement_type": 7, "target_value": 2}, "target_value"),
        ({"name": " "}, "name"),
    ],
)
def test_values_must_fit_the_measurement_type(client, make, world, values, field):
    response = client.post(
        f"{API}/keyresults/",
        headers=make.token(world.employee),
        json={"objective": world.employee_objective.id, "name": "KR", **values},
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith(field)


def test_a_zero_weight_is_refused_by_the_schema(client, make, world):
    response = client.post(
        f"{API}/keyresults/",
        headers=make.token(world.employee),
        json={"objective": world.employee_objective.id, "name": "KR", "weight": 0},
    )
    assert_problem(response, 400, "is less than or equal to the minimum of 0 - 'weight'")


def test_who_changes_key_results(client, make, world):
    path = f"{API}/keyresults/{world.launch.id}/"
    # The peer owns this key result but not its objective: may update it, not delete it.
    by_owner = client.patch(path, headers=make.token(world.peer), json={"current_value": 1})
    assert by_owner.status_code == 200 and by_owner.json()["progress"] == 100
    assert_problem(
        client.delete(path, headers=make.token(world.peer)),
        403,
        "Only the objective's owners, its creator and admins delete it.",
    )
    endpoints = f"{API}/keyresults/{world.endpoints.id}/"
    assert_problem(
        client.patch(endpoints, headers=make.token(world.peer), json={"weight": 2}),
        403,
        "Only the key result's owners and the objective's owners change it.",
    )
    assert (
        client.patch(endpoints, headers=make.token(world.admin), json={"weight": 2}).status_code
        == 200
    )
    added = client.post(
        f"{API}/keyresults/",
        headers=make.token(world.peer),
        json={"objective": world.employee_objective.id, "name": "Sneaky"},
    )
    assert_problem(
        added, 403, "Only the objective's owners, its creator and admins add key results."
    )
    assert client.delete(path, headers=make.token(world.employee)).status_code == 204
    assert_problem(
        client.get(path, headers=make.token(world.employee)), 404, "No key result with id"
    )


def test_a_closed_objective_keeps_its_key_results(client, make, world):
    make_closed = client.patch(
        f"{API}/objectives/{world.employee_objective.id}/",
        headers=make.token(world.employee),
        json={"closed": True},
    )
    assert make_closed.status_code == 200
    token = make.token(world.employee)
    path = f"{API}/keyresults/{world.endpoints.id}/"
    assert_problem(
        client.patch(path, headers=token, json={"current_value": 3}),
        409,
        "is closed; reopen it to change it.",
    )
    assert_problem(client.delete(path, headers=token), 409, "is closed; reopen it to change it.")
    created = client.post(
        f"{API}/keyresults/",
        headers=token,
        json={"objective": world.employee_objective.id, "name": "Late"},
    )
    assert created.status_code == 409
    assert "closed" in created.json()["detail"]


def test_key_results_of_private_objectives_are_hidden(client, make, world):
    secret = make.objective(world.employee, "Secret", private=True)
    key_result = make.key_result(secret, "Hidden")
    token = make.token(world.peer)
    assert_problem(
        client.get(f"{API}/keyresults/{key_result.id}/", headers=token),
        404,
        "No key result with id",
    )
    listed = client.get(f"{API}/keyresults/?limit=500", headers=token).json()["results"]
    assert key_result.id not in [kr["id"] for kr in listed]
    added = client.post(
        f"{API}/keyresults/", headers=token, json={"objective": secret.id, "name": "x"}
    )
    assert_problem(added, 422, "objective: no objective with id")
    admin_view = client.get(f"{API}/keyresults/{key_result.id}/", headers=make.token(world.admin))
    assert admin_view.status_code == 200


def test_an_objective_of_another_network_is_422(client, make, world):
    response = client.post(
        f"{API}/keyresults/",
        headers=make.token(world.admin),
        json={"objective": world.other_objective.id, "name": "x"},
    )
    assert_problem(response, 422, "objective: no objective with id")


def test_deleting_a_checked_in_key_result_keeps_the_check_in(client, make, world):
    token = make.token(world.employee)
    checked = client.post(
        f"{API}/objectivecheckins/",
        headers=token,
        json={
            "objective": world.employee_objective.id,
            "message": "Four",
            "key_results": [{"key_result": world.endpoints.id, "current_value": 4}],
        },
    ).json()
    assert (
        client.delete(f"{API}/keyresults/{world.endpoints.id}/", headers=token).status_code == 204
    )
    kept = client.get(f"{API}/objectivecheckins/{checked['id']}/", headers=token).json()
    assert (kept["message"], kept["key_results"]) == ("Four", [])


@pytest.mark.parametrize(("code", "currency"), [(2, "US dollar"), (4, "euro"), (20, "peso")])
def test_a_currency_code_is_kept_and_measured_like_a_number(client, make, world, code, currency):
    token = make.token(world.employee)
    created = client.post(
        f"{API}/keyresults/",
        headers=token,
        json={
            "objective": world.employee_objective.id,
            "name": f"Revenue in {currency}",
            "measurement_type": code,
            "starting_value": 1000,
            "target_value": 3000,
            "current_value": 1500,
        },
    )
    assert created.status_code == 201, created.text
    assert (created.json()["measurement_type"], created.json()["progress"]) == (code, 25)
    read = client.get(f"{API}/keyresults/{created.json()['id']}/", headers=token).json()
    assert read["measurement_type"] == code


@pytest.mark.parametrize("code", [0, 21, "percent", "currency"])
def test_measurement_types_are_the_legacy_codes_only(client, make, world, code):
    response = client.post(
        f"{API}/keyresults/",
        headers=make.token(world.employee),
        json={"objective": world.employee_objective.id, "name": "KR", "measurement_type": code},
    )
    assert response.status_code == 400, response.text
    assert "measurement_type" in response.json()["detail"]


def test_a_key_result_keeps_its_description_and_who_added_it(client, make, world):
    manager = make.token(world.manager)
    body = {
        "objective": world.engineering_objective.id,
        "name": "Endpoints",
        "description": "Every public endpoint, counted once.",
        "owners": [world.employee.profile.id],
    }
    created = client.post(f"{API}/keyresults/", headers=manager, json=body).json()
    assert created["description"] == "Every public endpoint, counted once."
    assert created["creator"] == f"{BASE}/userprofiles/{world.manager.profile.id}/"
    # An owner changes the description; the creator stays who added it.
    path = f"{API}/keyresults/{created['id']}/"
    changed = client.patch(
        path, headers=make.token(world.employee), json={"description": "Public ones only."}
    ).json()
    assert (changed["description"], changed["creator"]) == ("Public ones only.", created["creator"])
    # The world's key results were made without a creator.
    old = client.get(f"{API}/keyresults/{world.endpoints.id}/", headers=manager).json()
    assert (old["description"], old["creator"]) == ("", None)
    too_long = client.patch(path, headers=manager, json={"description": "x" * 5001})
    assert_problem(too_long, 400, "is too long - 'description'")
