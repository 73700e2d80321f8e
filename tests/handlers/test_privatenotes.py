"""privatenotes/: a note is its author's alone; everyone else, admins included, gets 404."""

from __future__ import annotations

import pytest

from tests.answers import assert_problem
from tests.handlers.conftest import API


def profile_url(user) -> str:
    return f"http://testserver{API}/userprofiles/{user.profile.id}/"


def test_write_read_change_and_delete_your_own_note(client, make, world):
    token = make.token(world.manager, "privatenote:read privatenote:write")
    created = client.post(
        f"{API}/privatenotes/",
        headers=token,
        json={"about": profile_url(world.employee), "text": "  Wants to mentor.  "},
    )
    assert created.status_code == 201, created.text
    note = created.json()
    assert note["about"] == profile_url(world.employee)
    assert note["text"] == "Wants to mentor."
    assert client.get(note["url"], headers=token).json() == note
    changed = client.patch(
        note["url"],
        headers=token,
        json={"text": "Mentors Pat now.", "about": world.peer.profile.id},
    )
    assert changed.status_code == 200
    assert changed.json()["text"] == "Mentors Pat now."
    assert changed.json()["about"] == profile_url(world.peer)
    assert client.delete(note["url"], headers=token).status_code == 204
    assert_problem(client.get(note["url"], headers=token), 404, "No private note with id")


def test_the_list_holds_only_the_callers_notes(client, make, world):
    make.private_note(world.manager, world.employee, "Manager's note")
    make.private_note(world.employee, world.manager, "Employee's note about the manager")
    page = client.get(f"{API}/privatenotes/", headers=make.token(world.manager)).json()
    assert [n["text"] for n in page["results"]] == ["Manager's note"]
    admin_page = client.get(f"{API}/privatenotes/", headers=make.token(world.admin)).json()
    assert [n["text"] for n in admin_page["results"]] == ["Ready for a bigger team."]


def test_filter_by_subject(client, make, world):
    make.private_note(world.manager, world.employee, "About Eli")
    make.private_note(world.manager, world.peer, "About Pat")
    page = client.get(
        f"{API}/privatenotes/?about={world.peer.profile.id}", headers=make.token(world.manager)
    ).json()
    assert [n["text"] for n in page["results"]] == ["About Pat"]


@pytest.mark.parametrize("who", ["subject", "manager_of_subject", "admin"])
def test_nobody_but_the_author_finds_a_note(client, make, world, who):
    note = make.private_note(world.peer, world.employee, "Eli was late again.")
    reader = {
        "subject": world.employee,
        "manager_of_subject": world.manager,
        "admin": world.admin,
    }[who]
    token = make.token(reader)
    url = f"{API}/privatenotes/{note.id}/"
    assert_problem(client.get(url, headers=token), 404, "No private note with id")
    assert_problem(
        client.patch(url, headers=token, json={"text": "Changed"}), 404, "No private note with id"
    )
    assert_problem(client.delete(url, headers=token), 404, "No private note with id")
    listed = client.get(f"{API}/privatenotes/?limit=500", headers=token).text
    assert "Eli was late again." not in listed
    assert client.get(url, headers=make.token(world.peer)).json()["text"] == "Eli was late again."


def test_a_note_about_yourself_or_a_stranger_is_refused(client, make, world):
    token = make.token(world.manager)
    for about in (world.manager.profile.id, world.other_user.profile.id, 2147483647):
        response = client.post(
            f"{API}/privatenotes/", headers=token, json={"about": about, "text": "Hmm"}
        )
        assert response.status_code == 422, response.text
        assert "about" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({}, "'about' is a required property"),
        ({"about": 1}, "'text' is a required property"),
        ({"about": 1, "text": ""}, "'' should be non-empty - 'text'"),
        (
            {"about": 1, "text": "x", "extra": 1},
            "Additional properties are not allowed ('extra' was unexpected)",
        ),
    ],
)
def test_malformed_notes_are_400(client, make, world, body, detail):
    response = client.post(f"{API}/privatenotes/", headers=make.token(world.manager), json=body)
    assert_problem(response, 400, detail)


def test_blank_text_is_refused(client, make, world):
    note = make.private_note(world.manager, world.employee)
    response = client.patch(
        f"{API}/privatenotes/{note.id}/", headers=make.token(world.manager), json={"text": "   "}
    )
    assert_problem(response, 422, "text: must not be blank.")
