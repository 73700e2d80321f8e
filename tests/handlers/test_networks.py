"""networks/: only the caller's network; only admins change it."""

from __future__ import annotations

from tests.answers import assert_problem
from tests.handlers.conftest import API


def test_list_and_detail_show_only_the_callers_network(client, make, world):
    token = make.token(world.employee, "network:read")
    page = client.get(f"{API}/networks/", headers=token).json()
    assert page["count"] == 1
    network = page["results"][0]
    assert network["name"] == "Acme" and network["id"] == world.employee.profile.network_id
    assert client.get(network["url"], headers=token).json() == network
    other = client.get(f"{API}/networks/{world.other_admin.profile.network_id}/", headers=token)
    assert_problem(other, 404, "No network with id")


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


def test_admins_set_and_remove_the_logo(client, make, world):
    url = f"{API}/networks/{world.admin.profile.network_id}/"
    token = make.token(world.admin)
    assert client.get(url, headers=token).json()["logo_img"] == ""
    logo = "https://cdn.example.com/acme/logo.png"
    response = client.patch(url, headers=token, json={"logo_img": logo})
    assert response.status_code == 200, response.text
    assert response.json()["logo_img"] == logo
    assert client.get(url, headers=make.token(world.employee)).json()["logo_img"] == logo
    assert client.patch(url, headers=token, json={"logo_img": ""}).json()["logo_img"] == ""


def test_non_admins_cannot_change_the_network(client, make, world):
    for body in ({"name": "Mine"}, {"logo_img": "https://cdn.example.com/mine.png"}):
        response = client.patch(
            f"{API}/networks/{world.manager.profile.network_id}/",
            headers=make.token(world.manager),
            json=body,
        )
        assert_problem(response, 403, "Only admins change the network.")
    network = client.get(
        f"{API}/networks/{world.manager.profile.network_id}/", headers=make.token(world.manager)
    ).json()
    assert (network["name"], network["logo_img"]) == ("Acme", "")


def test_network_changes_are_checked(client, make, world):
    network_id = world.admin.profile.network_id
    token = make.token(world.admin)
    for body, detail in (
        ({"business_cycle_length": 13}, "13 is greater than the maximum of 12"),
        ({"business_cycle_start_month": 0}, "0 is less than the minimum of 1"),
        ({"name": ""}, "'' should be non-empty - 'name'"),
        ({"logo_img": "javascript:alert(1)"}, "'javascript:alert(1)' does not match"),
        ({"logo_img": "logo.png"}, "'logo.png' does not match"),
        ({"logo_img": "https://cdn.example.com/a logo.png"}, "a logo.png' does not match"),
        ({"logo_img": "https://cdn.example.com/\x1flogo.png"}, "\\x1flogo.png' does not match"),
        ({"logo_img": "https://cdn.example.com/café.png"}, "café.png' does not match"),
        ({}, "{} should be non-empty"),
    ):
        response = client.patch(f"{API}/networks/{network_id}/", headers=token, json=body)
        assert_problem(response, 400, detail)
    taken = client.patch(f"{API}/networks/{network_id}/", headers=token, json={"name": "Globex"})
    assert_problem(taken, 409, "name: a network named 'Globex' already exists.")
