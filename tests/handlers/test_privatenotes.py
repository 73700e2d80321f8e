"""privatenotes/: a note is its author's alone; everyone else, admins included, gets 404."""

from __future__ import annotations

import pytest

from gaggle import db
from gaggle.models import privatenote as rules
from gaggle.models.privatenote import PrivateNote
from gaggle.problems import Problem
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
    assert client.get(url, headers=token).json()["detail"] == f"No private note with id {note.id}."


def test_a_note_about_yourself_or_a_stranger_is_refused(client, make, world):
    token = make.token(world.manager)
    stranger = world.other_user.profile.id
    refusals = {
        world.manager.profile.id: "about: a private note is about someone else.",
        stranger: f"about: no user profile with id {stranger}.",
        2147483647: "about: no user profile with id 2147483647.",
    }
    note = make.private_note(world.manager, world.employee)
    for about, detail in refusals.items():
        response = client.post(
            f"{API}/privatenotes/", headers=token, json={"about": about, "text": "Hmm"}
        )
        assert response.status_code == 422, response.text
        assert response.json()["detail"] == detail
        changed = client.patch(
            f"{API}/privatenotes/{note.id}/", headers=token, json={"about": about}
        )
        assert (changed.status_code, changed.json()["detail"]) == (422, detail)


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
    token = make.token(world.manager)
    note = make.private_note(world.manager, world.employee)
    about = world.employee.profile.id
    created = client.post(f"{API}/privatenotes/", headers=token, json={"about": about, "text": " "})
    changed = client.patch(f"{API}/privatenotes/{note.id}/", headers=token, json={"text": "   "})
    for response in (created, changed):
        assert response.status_code == 422
        assert response.json()["detail"] == "text: must not be blank."


def test_only_its_author_deletes_a_note(app, make, world):
    """The rule itself, for a caller who holds someone else's note (the API finds a caller
    only their own: test_nobody_but_the_author_finds_a_note)."""
    note = make.private_note(world.peer, world.employee)
    with db.transaction() as session, pytest.raises(Problem) as refused:
        rules.delete_note(session, make.caller(world.admin), session.get(PrivateNote, note.id))
    assert (refused.value.status, refused.value.detail) == (
        403,
        "Only its author deletes a private note.",
    )
    with db.reading() as session:
        assert session.get(PrivateNote, note.id) is not None
