"""badges/: everyone reads them; admins create, change and retire them."""

from __future__ import annotations

from tests.answers import assert_problem
from tests.handlers.conftest import API


def test_everyone_lists_and_reads_badges(client, make, world):
    make.badge(world.admin, "Excellence", active=False)
    token = make.token(world.employee, "recognition:read")
    page = client.get(f"{API}/badges/", headers=token).json()
    assert [b["name"] for b in page["results"]] == ["Excellence", "Teamwork"]
    active = client.get(f"{API}/badges/?active=true", headers=token).json()
    assert [b["name"] for b in active["results"]] == ["Teamwork"]
    badge = client.get(f"{API}/badges/{world.teamwork.id}/", headers=token).json()
    assert badge["url"] == f"http://testserver{API}/badges/{world.teamwork.id}/"
    assert badge["active"] is True


def test_admins_create_rename_and_retire_badges(client, make, world):
    token = make.token(world.admin, "recognition:write")
    created = client.post(
        f"{API}/badges/",
        headers=token,
        json={"name": " Customer Focus ", "description": "For customers."},
    )
    assert created.status_code == 201, created.text
    badge = created.json()
    assert (badge["name"], badge["active"]) == ("Customer Focus", True)
    retired = client.patch(badge["url"], headers=token, json={"active": False})
    assert retired.json()["active"] is False
    renamed = client.patch(badge["url"], headers=token, json={"name": "Customer Love"})
    assert renamed.json()["name"] == "Customer Love"


def test_other_people_cannot_manage_badges(client, make, world):
    for user in (world.manager, world.employee):
        token = make.token(user)
        assert_problem(
            client.post(f"{API}/badges/", headers=token, json={"name": "Me"}),
            403,
            "Only admins create badges.",
        )
        response = client.patch(
            f"{API}/badges/{world.teamwork.id}/", headers=token, json={"active": False}
        )
        assert_problem(response, 403, "Only admins change badges.")
    badge = client.get(f"{API}/badges/{world.teamwork.id}/", headers=make.token(world.admin))
    assert badge.json()["active"] is True


def test_badge_names_are_unique_in_a_network_ignoring_case(client, make, world):
    token = make.token(world.admin)
    assert_problem(
        client.post(f"{API}/badges/", headers=token, json={"name": "TEAMWORK"}),
        409,
        "name: a badge named 'TEAMWORK' already exists.",
    )
    # Another network's badge names do not count.
    other = client.post(f"{API}/badges/", headers=token, json={"name": "Globex Spirit"})
    assert other.status_code == 201
    renamed = client.patch(other.json()["url"], headers=token, json={"name": "teamwork"})
    assert_problem(renamed, 409, "name: a badge named 'teamwork' already exists.")
    blank = client.patch(other.json()["url"], headers=token, json={"name": "  "})
    assert_problem(blank, 422, "name: must not be blank.")


def test_a_new_badge_has_the_description_and_state_given_or_none_and_active(client, make, world):
    token = make.token(world.admin)
    given = {"name": "Mentor", "description": " Helps others grow. ", "active": False}
    made = client.post(f"{API}/badges/", headers=token, json=given).json()
    assert (made["description"], made["active"]) == ("Helps others grow.", False)
    plain = client.post(f"{API}/badges/", headers=token, json={"name": "Plain"}).json()
    assert (plain["description"], plain["active"]) == ("", True)


def test_a_badge_takes_a_new_description_and_its_own_name_in_another_case(client, make, world):
    url = f"{API}/badges/{world.teamwork.id}/"
    token = make.token(world.admin)
    changed = client.patch(url, headers=token, json={"name": "TEAMWORK", "description": " Us. "})
    assert changed.status_code == 200, changed.text
    assert (changed.json()["name"], changed.json()["description"]) == ("TEAMWORK", "Us.")


def test_admins_give_a_badge_a_picture_by_its_https_url(client, make, world):
    token = make.token(world.admin, "recognition:write")
    picture = "https://images.example.com/badges/craft.png"
    created = client.post(f"{API}/badges/", headers=token, json={"name": "Craft", "image": picture})
    assert created.status_code == 201, created.text
    badge = created.json()
    assert badge["image"] == picture
    reader = make.token(world.employee, "recognition:read")
    assert client.get(f"{API}/badges/{world.teamwork.id}/", headers=reader).json()["image"] is None
    insecure = client.patch(badge["url"], headers=token, json={"image": "http://example.com/a"})
    assert_problem(insecure, 400, "image")
    removed = client.patch(badge["url"], headers=token, json={"image": None})
    assert removed.json()["image"] is None
    refused = client.patch(
        badge["url"], headers=make.token(world.employee), json={"image": picture}
    )
    assert_problem(refused, 403, "Only admins change badges.")
