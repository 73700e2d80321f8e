"""users/ and userprofiles/: reads, filters, ordering, and who may change what."""

from __future__ import annotations

import pytest

from tests.answers import assert_problem
from tests.handlers.conftest import API


def ids(response) -> list[int]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["results"]]


def test_me_is_the_callers_profile_with_nested_user(client, make, world):
    response = client.get(
        f"{API}/userprofiles/me/", headers=make.token(world.employee, "userprofile:read")
    )
    body = response.json()
    assert body["id"] == world.employee.profile.id
    assert body["user"]["email"] == "employee@acme.example"
    assert body["url"] == f"http://testserver{API}/userprofiles/{body['id']}/"
    assert body["reports_to"] == f"http://testserver{API}/userprofiles/{world.manager.profile.id}/"
    assert (
        body["network"] == f"http://testserver{API}/networks/{world.employee.profile.network_id}/"
    )
    assert body["is_manager"] is False and body["is_admin"] is False


def test_list_is_the_callers_network_only(client, make, world):
    response = client.get(f"{API}/userprofiles/", headers=make.token(world.employee))
    emails = {p["user"]["email"] for p in response.json()["results"]}
    assert emails == {
        "admin@acme.example",
        "manager@acme.example",
        "employee@acme.example",
        "peer@acme.example",
    }
    users = client.get(f"{API}/users/", headers=make.token(world.employee)).json()
    assert {u["email"] for u in users["results"]} == emails


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("is_manager=true", ["admin", "manager"]),
        ("is_manager=false", ["employee", "peer"]),
        ("search=MIA", ["manager"]),
        ("search=acme.example", ["admin", "manager", "employee", "peer"]),
        ("activated=true", ["admin", "manager", "employee", "peer"]),
        ("activated=false", []),
    ],
)
def test_profile_filters(client, make, world, query, expected):
    response = client.get(f"{API}/userprofiles/?{query}", headers=make.token(world.employee))
    assert ids(response) == [getattr(world, name).profile.id for name in expected]


def test_filters_by_relation_ids(client, make, world):
    token = make.token(world.employee)
    by_user = client.get(f"{API}/userprofiles/?user={world.peer.id}", headers=token)
    assert ids(by_user) == [world.peer.profile.id]
    reports = client.get(
        f"{API}/userprofiles/?reports_to={world.manager.profile.id}", headers=token
    )
    assert ids(reports) == [world.employee.profile.id, world.peer.profile.id]
    members = client.get(f"{API}/userprofiles/?department={world.engineering.id}", headers=token)
    assert ids(members) == [world.manager.profile.id, world.employee.profile.id]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("last_name", ["admin", "employee", "manager", "peer"]),
        ("-last_name", ["peer", "manager", "employee", "admin"]),
        ("first_name", ["admin", "employee", "manager", "peer"]),
        ("-id", ["peer", "employee", "manager", "admin"]),
    ],
)
def test_profile_ordering(client, make, world, ordering, expected):
    response = client.get(
        f"{API}/userprofiles/?ordering={ordering}", headers=make.token(world.employee)
    )
    assert ids(response) == [getattr(world, name).profile.id for name in expected]


def test_unknown_ordering_field_is_a_400_naming_it(client, make, world):
    response = client.get(
        f"{API}/userprofiles/?ordering=password_hash", headers=make.token(world.employee)
    )
    assert response.status_code == 400
    assert "password_hash" in response.json()["detail"]


def test_users_filters_and_detail(client, make, world):
    token = make.token(world.employee)
    response = client.get(f"{API}/users/?search=peer&ordering=-email", headers=token)
    assert ids(response) == [world.peer.id]
    detail = client.get(f"{API}/users/{world.admin.id}/", headers=token).json()
    assert set(detail) == {
        "id",
        "url",
        "username",
        "first_name",
        "last_name",
        "email",
        "is_active",
        "date_joined",
    }
    assert detail["date_joined"].endswith("+00:00")


def test_users_edit_their_own_profile(client, make, world):
    token = make.token(world.employee, "userprofile:write")
    response = client.patch(
        f"{API}/userprofiles/{world.employee.profile.id}/",
        headers=token,
        json={"about": "Builds things", "first_name": "Eliza"},
    )
    assert response.status_code == 200
    assert response.json()["about"] == "Builds things"
    assert response.json()["user"]["first_name"] == "Eliza"


def test_users_cannot_edit_others_or_admin_fields(client, make, world):
    token = make.token(world.employee, "userprofile:write")
    other = client.patch(
        f"{API}/userprofiles/{world.peer.profile.id}/", headers=token, json={"about": "hacked"}
    )
    assert_problem(other, 403, "Only admins change other people's profiles.")
    for field, value in [
        ("is_admin", True),
        ("position", "CEO"),
        ("activated", False),
        ("reports_to", None),
    ]:
        own = client.patch(
            f"{API}/userprofiles/{world.employee.profile.id}/", headers=token, json={field: value}
        )
        assert own.status_code == 403, field
        assert field in own.json()["detail"]


def test_admins_edit_anyone_and_make_admins(client, make, world):
    token = make.token(world.admin, "userprofile:write")
    response = client.patch(
        f"{API}/userprofiles/{world.peer.profile.id}/",
        headers=token,
        json={
            "is_admin": True,
            "position": "Staff Engineer",
            "hire_date": "2024-03-01",
            "reports_to": f"http://testserver{API}/userprofiles/{world.admin.profile.id}/",
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["is_admin"] is True and body["position"] == "Staff Engineer"
    assert body["hire_date"] == "2024-03-01"
    assert body["reports_to"].endswith(f"/userprofiles/{world.admin.profile.id}/")
    by_id = client.patch(
        f"{API}/userprofiles/{world.peer.profile.id}/",
        headers=token,
        json={"reports_to": world.manager.profile.id},
    )
    assert by_id.json()["reports_to"].endswith(f"/userprofiles/{world.manager.profile.id}/")


def test_the_last_admin_cannot_be_demoted(client, make, world):
    token = make.token(world.admin, "userprofile:write")
    # The last admin is the caller, and nobody switches their own profile off.
    for change, detail in (
        ({"is_admin": False}, "The last admin of a network stays an active admin."),
        ({"activated": False}, "activated: you cannot deactivate your own profile."),
    ):
        response = client.patch(
            f"{API}/userprofiles/{world.admin.profile.id}/", headers=token, json=change
        )
        assert_problem(response, 409, detail)
    client.patch(
        f"{API}/userprofiles/{world.manager.profile.id}/", headers=token, json={"is_admin": True}
    )
    demoted = client.patch(
        f"{API}/userprofiles/{world.admin.profile.id}/", headers=token, json={"is_admin": False}
    )
    assert demoted.status_code == 200 and demoted.json()["is_admin"] is False


def test_reporting_cycles_are_refused(client, make, world):
    token = make.token(world.admin, "userprofile:write")
    response = client.patch(
        f"{API}/userprofiles/{world.manager.profile.id}/",
        headers=token,
        json={"reports_to": world.employee.profile.id},
    )
    assert response.status_code == 422
    assert "reports_to" in response.json()["detail"]


@pytest.mark.parametrize(
    "body",
    [{}, {"unknown": 1}, {"about": 5}, {"reports_to": "nonsense"}, {"hire_date": "yesterday"}],
)
def test_bad_profile_changes_are_400(client, make, world, body):
    response = client.patch(
        f"{API}/userprofiles/{world.admin.profile.id}/", headers=make.token(world.admin), json=body
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"


def test_relation_url_of_another_collection_is_refused(client, make, world):
    response = client.patch(
        f"{API}/userprofiles/{world.peer.profile.id}/",
        headers=make.token(world.admin),
        json={"reports_to": f"http://testserver{API}/departments/1/"},
    )
    assert response.status_code == 422
    assert "reports_to" in response.json()["detail"]


def test_a_token_with_only_userprofile_read(client, make, world):
    token = make.token(world.employee, "userprofile:read")
    assert client.get(f"{API}/userprofiles/me/", headers=token).status_code == 200
    assert client.get(f"{API}/users/", headers=token).status_code == 200
    assert_problem(
        client.patch(
            f"{API}/userprofiles/{world.employee.profile.id}/", headers=token, json={"about": "x"}
        ),
        403,
        "This operation needs the scope userprofile:write.",
    )
    assert_problem(
        client.get(f"{API}/networks/", headers=token),
        403,
        "This operation needs the scope network:read.",
    )
    assert_problem(
        client.get(f"{API}/departments/", headers=token),
        403,
        "This operation needs the scope department:read.",
    )


def test_admins_cannot_deactivate_themselves(client, make, world):
    token = make.token(world.admin)
    client.patch(
        f"{API}/userprofiles/{world.manager.profile.id}/", headers=token, json={"is_admin": True}
    )
    response = client.patch(
        f"{API}/userprofiles/{world.admin.profile.id}/", headers=token, json={"activated": False}
    )
    assert response.status_code == 409
    assert response.json()["detail"].startswith("activated:")
    assert client.get(f"{API}/userprofiles/me/", headers=token).status_code == 200


def test_users_is_active_filter_and_ordering(client, make, world):
    from sqlalchemy import update

    from gaggle import db
    from gaggle.models.people import User

    with db.transaction() as session:
        session.execute(update(User).where(User.id == world.peer.id).values(is_active=False))
    token = make.token(world.employee)
    inactive = client.get(f"{API}/users/?is_active=false", headers=token)
    assert ids(inactive) == [world.peer.id]
    active = client.get(f"{API}/users/?is_active=true&ordering=-date_joined", headers=token)
    assert ids(active) == [world.employee.id, world.manager.id, world.admin.id]
