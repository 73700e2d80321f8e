"""departments/: CRUD, members, leaders' and admins' rights, parent cycles."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from gaggle import db
from gaggle.models.people import Department
from tests.answers import assert_problem
from tests.handlers.conftest import API


def profile_url(user) -> str:
    return f"http://testserver{API}/userprofiles/{user.profile.id}/"


def test_list_and_detail(client, make, world):
    token = make.token(world.employee, "department:read")
    page = client.get(f"{API}/departments/", headers=token).json()
    assert [d["name"] for d in page["results"]] == ["Engineering", "Platform"]
    platform = page["results"][1]
    assert platform["full_name"] == "Engineering / Platform"
    assert platform["parent"] == f"http://testserver{API}/departments/{world.engineering.id}/"
    assert platform["members"] == [profile_url(world.peer)]
    engineering = client.get(f"{API}/departments/{world.engineering.id}/", headers=token).json()
    assert engineering["leaders"] == [profile_url(world.manager)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("parent={engineering}", ["Platform"]),
        ("parent__isnull=true", ["Engineering"]),
        ("parent__isnull=false", ["Platform"]),
        ("leaders={manager}", ["Engineering"]),
        ("members={peer}", ["Platform"]),
        ("search=plat", ["Platform"]),
        ("name=Platform", ["Platform"]),
        ("name=platform", []),
        ("name=Plat", []),
        ("ordering=-name", ["Platform", "Engineering"]),
    ],
)
def test_filters_and_ordering(client, make, world, query, expected):
    query = query.format(
        engineering=world.engineering.id,
        manager=world.manager.profile.id,
        peer=world.peer.profile.id,
    )
    page = client.get(f"{API}/departments/?{query}", headers=make.token(world.employee)).json()
    assert [d["name"] for d in page["results"]] == expected


def test_admin_creates_with_urls_or_ids(client, make, world):
    response = client.post(
        f"{API}/departments/",
        headers=make.token(world.admin),
        json={
            "name": "Data",
            "parent": world.engineering.id,
            "leaders": [profile_url(world.peer)],
            "members": [world.peer.profile.id],
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["full_name"] == "Engineering / Data"
    assert body["creator"] == profile_url(world.admin)
    assert body["leaders"] == body["members"] == [profile_url(world.peer)]


def test_leaders_create_children_but_not_top_level(client, make, world):
    token = make.token(world.manager)
    child = client.post(
        f"{API}/departments/", headers=token, json={"name": "SRE", "parent": world.engineering.id}
    )
    assert child.status_code == 201
    top = client.post(f"{API}/departments/", headers=token, json={"name": "Shadow IT"})
    assert_problem(
        top, 403, "Only admins, or leaders of the parent department, create departments."
    )


def test_employees_cannot_write(client, make, world):
    token = make.token(world.employee)
    assert_problem(
        client.post(
            f"{API}/departments/", headers=token, json={"name": "X", "parent": world.engineering.id}
        ),
        403,
        "Only admins, or leaders of the parent department, create departments.",
    )
    assert_problem(
        client.patch(
            f"{API}/departments/{world.engineering.id}/", headers=token, json={"name": "Mine"}
        ),
        403,
        "Only the department's leaders and admins change it.",
    )
    assert_problem(
        client.delete(f"{API}/departments/{world.engineering.id}/", headers=token),
        403,
        "Only the department's leaders and admins delete it.",
    )
    assert_problem(
        client.post(
            f"{API}/departments/{world.engineering.id}/members/",
            headers=token,
            json={"member": world.peer.profile.id},
        ),
        403,
        "Only the department's leaders and admins change its members.",
    )


def test_leader_edits_and_parent_cycles_are_refused(client, make, world):
    token = make.token(world.manager)
    renamed = client.patch(
        f"{API}/departments/{world.engineering.id}/", headers=token, json={"name": "R&D"}
    )
    assert renamed.json()["name"] == "R&D"
    admin = make.token(world.admin)
    for parent in (world.engineering.id, world.platform.id):
        cycle = client.patch(
            f"{API}/departments/{world.engineering.id}/", headers=admin, json={"parent": parent}
        )
        assert cycle.status_code == 422
        assert "ancestor" in cycle.json()["detail"]
    unparented = client.patch(
        f"{API}/departments/{world.platform.id}/", headers=admin, json={"parent": None}
    )
    assert unparented.json()["parent"] is None


def test_a_leader_moves_their_department_only_under_a_parent_they_lead(client, make, world):
    sales = make.department(world.admin, "Sales", leaders=[world.peer])
    support = make.department(world.admin, "Support", parent=sales, leaders=[world.peer])
    tooling = make.department(world.admin, "Tooling", parent=sales, leaders=[world.manager])
    url = f"{API}/departments/{support.id}/"
    sales_url = f"http://testserver{API}/departments/{sales.id}/"
    peer = make.token(world.peer)
    # Peer leads Support and Sales, not Engineering: Support stays where it is.
    for parent in (world.engineering.id, None):
        moved = client.patch(url, headers=peer, json={"parent": parent, "name": "Moved"})
        assert moved.status_code == 403
        assert "new parent" in moved.json()["detail"]
    unchanged = client.get(url, headers=peer).json()
    assert (unchanged["name"], unchanged["parent"]) == ("Support", sales_url)
    # Naming the parent it already has is no move.
    renamed = client.patch(url, headers=peer, json={"parent": sales.id, "name": "Help"})
    assert renamed.status_code == 200
    assert (renamed.json()["name"], renamed.json()["parent"]) == ("Help", sales_url)
    # Manager leads Tooling and Engineering: they may move Tooling under Engineering.
    under_engineering = client.patch(
        f"{API}/departments/{tooling.id}/",
        headers=make.token(world.manager),
        json={"parent": f"http://testserver{API}/departments/{world.engineering.id}/"},
    )
    assert under_engineering.status_code == 200
    assert under_engineering.json()["full_name"] == "Engineering / Tooling"
    # Admins move any department anywhere.
    admin = make.token(world.admin)
    assert client.patch(url, headers=admin, json={"parent": world.platform.id}).status_code == 200
    assert client.patch(url, headers=admin, json={"parent": None}).json()["parent"] is None


def test_duplicate_names_conflict(client, make, world):
    response = client.post(
        f"{API}/departments/", headers=make.token(world.admin), json={"name": "engineering"}
    )
    assert_problem(response, 409, "name: a department named 'engineering' already exists.")


@pytest.mark.parametrize(
    "body", [{}, {"name": ""}, {"name": "X", "leaders": ["nope"]}, {"name": "X", "extra": 1}]
)
def test_malformed_department_input_is_400(client, make, world, body):
    response = client.post(f"{API}/departments/", headers=make.token(world.admin), json=body)
    assert response.status_code == 400, response.text
    assert response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "X", "parent": 999999}, "parent"),
        ({"name": "X", "members": [999999]}, "members"),
        (
            {"name": "X", "leaders": ["https://elsewhere.example/api/v/2.0/departments/1/"]},
            "leaders",
        ),
        ({"name": "   "}, "name"),
    ],
)
def test_department_input_breaking_a_rule_is_422(client, make, world, body, field):
    response = client.post(f"{API}/departments/", headers=make.token(world.admin), json=body)
    assert response.status_code == 422, response.text
    assert response.json()["detail"].startswith(f"{field}:")


def test_delete_moves_children_up(client, make, world):
    token = make.token(world.admin)
    assert (
        client.delete(f"{API}/departments/{world.engineering.id}/", headers=token).status_code
        == 204
    )
    platform = client.get(f"{API}/departments/{world.platform.id}/", headers=token).json()
    assert platform["parent"] is None
    assert_problem(
        client.get(f"{API}/departments/{world.engineering.id}/", headers=token),
        404,
        "No department with id",
    )


def test_a_loop_in_the_data_names_each_department_once(client, make, world):
    # Two moves made at once can leave a loop that each refuses on its own.
    with db.transaction() as session:
        session.execute(
            update(Department)
            .where(Department.id == world.engineering.id)
            .values(parent_id=world.platform.id)
        )
    token = make.token(world.admin)
    shown = client.get(f"{API}/departments/{world.engineering.id}/", headers=token).json()
    assert shown["full_name"] == "Platform / Engineering"
    listed = client.get(f"{API}/departments/", headers=token).json()["results"]
    assert [d["full_name"] for d in listed] == ["Platform / Engineering", "Engineering / Platform"]


def test_members_sub_collection(client, make, world):
    token = make.token(world.manager)
    url = f"{API}/departments/{world.engineering.id}/members/"
    assert [p["id"] for p in client.get(url, headers=token).json()["results"]] == [
        world.manager.profile.id,
        world.employee.profile.id,
    ]
    added = client.post(url, headers=token, json={"member": profile_url(world.peer)})
    assert added.status_code == 201 and added.json()["id"] == world.peer.profile.id
    again = client.post(url, headers=token, json={"member": world.peer.profile.id})
    assert again.status_code == 201
    assert again.json() == added.json() == client.get(added.json()["url"], headers=token).json()
    assert client.get(url, headers=token).json()["count"] == 3
    removed = client.delete(f"{url}{world.employee.profile.id}/", headers=token)
    assert removed.status_code == 204
    assert_problem(
        client.delete(f"{url}{world.employee.profile.id}/", headers=token),
        404,
        "is not a member of this department.",
    )
    assert client.get(url, headers=token).json()["count"] == 2


def test_names_differing_only_in_non_ascii_case_conflict(client, make, world):
    token = make.token(world.admin)
    first = client.post(f"{API}/departments/", headers=token, json={"name": "Ópera 𩂄"})
    assert first.status_code == 201
    second = client.post(f"{API}/departments/", headers=token, json={"name": "óPERA 𩂄"})
    assert_problem(second, 409, "name: a department named 'óPERA 𩂄' already exists.")
    again = client.post(f"{API}/departments/", headers=token, json={"name": "Ópera 𩂄"})
    assert_problem(again, 409, "name: a department named 'Ópera 𩂄' already exists.")


def test_a_write_race_the_rules_missed_is_a_409_not_a_500(client, make, world, monkeypatch):
    from gaggle.models import people

    # As if another request created the same department between the check and the insert.
    monkeypatch.setattr(people, "_name_taken", lambda *args: False)
    response = client.post(
        f"{API}/departments/", headers=make.token(world.admin), json={"name": "Engineering"}
    )
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
