"""networks/: only the caller's network; only admins change it."""

from __future__ import annotations

from tests.handlers.conftest import API


def test_list_and_detail_show_only_the_callers_network(client, make, world):
    token = make.token(world.employee, "network:read")
    page = client.get(f"{API}/networks/", headers=token).json()
    assert page["count"] == 1
    network = page["results"][0]
    assert network["name"] == "Acme" and network["id"] == world.employee.profile.network_id
    assert client.get(network["url"], headers=token).json() == network
    other = client.get(f"{API}/networks/{world.other_admin.profile.network_id}/", headers=token)
    assert other.status_code == 404


def test_admins_change_name_and_settings(client, make, world):
    network_id = world.admin.profile.network_id
    response = client.patch(
        f"{API}/networks/{network_id}/",
        headers=make.token(world.admin),
        json={"name": "Acme Corp", "business_cycle_length": 6, "business_cycle_start_month": 4},
    )
    assert response.status_code == 200
    assert response.json()["name"] == "Acme Corp"
    assert response.json()["business_cycle_length"] == 6


def test_non_admins_cannot_change_the_network(client, make, world):
    response = client.patch(
        f"{API}/networks/{world.manager.profile.network_id}/",
        headers=make.token(world.manager),
        json={"name": "Mine"},
    )
    assert response.status_code == 403


def test_network_changes_are_checked(client, make, world):
    network_id = world.admin.profile.network_id
    token = make.token(world.admin)
    for body in (
        {"business_cycle_length": 13},
        {"business_cycle_start_month": 0},
        {"name": ""},
        {},
    ):
        assert (
            client.patch(f"{API}/networks/{network_id}/", headers=token, json=body).status_code
            == 400
        ), body
    taken = client.patch(f"{API}/networks/{network_id}/", headers=token, json={"name": "Globex"})
    assert taken.status_code == 409
