"""oneonones/: only the two people of a 1-on-1 see it, its notes and action items."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.answers import assert_problem
from tests.handlers.conftest import API

BASE = f"http://testserver{API}"


def profile_url(user) -> str:
    return f"{BASE}/userprofiles/{user.profile.id}/"


def within(instant: str, after: str, until: str) -> bool:
    """Whether the time `instant` is after `after` and no later than `until` (ISO 8601)."""
    return (
        dt.datetime.fromisoformat(after)
        < dt.datetime.fromisoformat(instant)
        <= (dt.datetime.fromisoformat(until))
    )


def test_schedule_a_oneonone(client, make, world):
    token = make.token(world.manager, "oneonone:write")
    response = client.post(
        f"{API}/oneonones/",
        headers=token,
        json={
            "participant": profile_url(world.employee),
            "scheduled_start": "2026-12-01T10:00:00-05:00",
            "duration": 45,
            "title": " Weekly ",
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["facilitator"]["user"]["first_name"] == "Mia"
    assert body["participant"]["url"] == profile_url(world.employee)
    assert body["scheduled_start"] == "2026-12-01T15:00:00+00:00"
    assert (body["duration"], body["status"], body["title"]) == (45, "scheduled", "Weekly")
    assert body["notes"] == f"{body['url']}notes/"
    read = make.token(world.employee, "oneonone:read")
    assert client.get(body["url"], headers=read).json() == body


@pytest.mark.parametrize(
    ("participant", "detail"),
    [
        ("self", "participant: a 1-on-1 is with someone else."),
        ("stranger", "participant: no user profile with id"),
    ],
)
def test_a_oneonone_is_with_someone_else_of_the_network(client, make, world, participant, detail):
    profile = {"self": world.manager, "stranger": world.other_user}[participant].profile.id
    response = client.post(
        f"{API}/oneonones/",
        headers=make.token(world.manager),
        json={"participant": profile, "scheduled_start": "2026-12-01T10:00:00Z"},
    )
    assert_problem(response, 422, detail)


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"participant": 1}, "'scheduled_start' is a required property"),
        (
            {"participant": 1, "scheduled_start": "tomorrow"},
            "'tomorrow' is not a 'date-time' - 'scheduled_start'",
        ),
        (
            {"participant": 1, "scheduled_start": "2026-12-01T10:00:00Z", "duration": 0},
            "0 is less than the minimum of 5 - 'duration'",
        ),
        (
            {"participant": 1, "scheduled_start": "2026-12-01T10:00:00Z", "status": "completed"},
            "Additional properties are not allowed ('status' was unexpected)",
        ),
        (
            {"participant": 1, "scheduled_start": "9999-12-31T23:59:59-01:00"},
            "scheduled_start: '9999-12-31T23:59:59-01:00' is not a date-time this server can use.",
        ),
    ],
)
def test_malformed_oneonones_are_400(client, make, world, body, detail):
    response = client.post(f"{API}/oneonones/", headers=make.token(world.manager), json=body)
    assert_problem(response, 400, detail)


@pytest.mark.parametrize("outsider", ["admin", "manager_of_both"])
def test_nobody_else_sees_a_oneonone_or_its_parts(client, make, world, outsider):
    oneonone = make.oneonone(world.employee, world.peer)
    note = make.oneonone_note(oneonone, world.employee, "Shared", shared=True)
    item = make.action_item(oneonone, world.peer)
    user = {"admin": world.admin, "manager_of_both": world.manager}[outsider]
    token = make.token(user)
    base = f"{API}/oneonones/{oneonone.id}/"
    assert_problem(client.get(base, headers=token), 404, "No 1-on-1 with id")
    assert_problem(
        client.patch(base, headers=token, json={"status": "cancelled"}), 404, "No 1-on-1 with id"
    )
    assert_problem(client.delete(base, headers=token), 404, "No 1-on-1 with id")
    assert client.get(f"{base}notes/", headers=token).status_code == 404
    assert client.post(f"{base}notes/", headers=token, json={"text": "x"}).status_code == 404
    assert client.delete(f"{base}notes/{note.id}/", headers=token).status_code == 404
    assert client.get(f"{base}actionitems/", headers=token).status_code == 404
    response = client.patch(f"{base}actionitems/{item.id}/", headers=token, json={"title": "x"})
    assert_problem(response, 404, "No 1-on-1 with id")
    listed = client.get(f"{API}/oneonones/?limit=500", headers=token).json()
    assert oneonone.id not in {o["id"] for o in listed["results"]}
    for person in (world.employee, world.peer):
        assert client.get(base, headers=make.token(person)).status_code == 200


def test_either_person_reschedules_completes_or_cancels(client, make, world):
    oneonone = make.oneonone(world.manager, world.employee)
    url = f"{API}/oneonones/{oneonone.id}/"
    moved = client.patch(
        url, headers=make.token(world.employee), json={"scheduled_start": "2026-12-02T09:00:00Z"}
    )
    assert moved.json()["scheduled_start"] == "2026-12-02T09:00:00+00:00"
    cancelled = client.patch(url, headers=make.token(world.manager), json={"status": "cancelled"})
    assert (cancelled.json()["status"], cancelled.json()["completed_at"]) == ("cancelled", None)
    again = client.patch(url, headers=make.token(world.manager), json={"status": "scheduled"})
    assert again.json()["status"] == "scheduled"
    done = client.patch(url, headers=make.token(world.employee), json={"status": "completed"})
    assert done.json()["status"] == "completed"
    assert within(done.json()["completed_at"], again.json()["modified"], done.json()["modified"])
    final = client.patch(url, headers=make.token(world.manager), json={"status": "scheduled"})
    assert_problem(final, 409, "A completed 1-on-1 does not change.")
    shown = client.get(url, headers=make.token(world.manager)).json()
    assert shown["completed_at"] == done.json()["completed_at"]


def test_only_the_facilitator_deletes(client, make, world):
    oneonone = make.oneonone(world.manager, world.employee)
    make.oneonone_note(oneonone, world.manager)
    url = f"{API}/oneonones/{oneonone.id}/"
    assert_problem(
        client.delete(url, headers=make.token(world.employee)),
        403,
        "Only the facilitator deletes a 1-on-1.",
    )
    assert client.delete(url, headers=make.token(world.manager)).status_code == 204
    assert_problem(client.get(url, headers=make.token(world.manager)), 404, "No 1-on-1 with id")


def test_filters_and_ordering(client, make, world):
    early = make.oneonone(
        world.manager, world.employee, start=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    )
    late = make.oneonone(
        world.peer,
        world.manager,
        start=dt.datetime(2026, 6, 5, 9, tzinfo=dt.UTC),
        status="completed",
    )
    token = make.token(world.manager)

    def ids(query):
        page = client.get(f"{API}/oneonones/?{query}", headers=token)
        assert page.status_code == 200, page.text
        return [o["id"] for o in page.json()["results"]]

    with_admin = world.oneonone.id  # 2026-12-01
    assert ids("") == [with_admin, late.id, early.id]
    assert ids("ordering=scheduled_start") == [early.id, late.id, with_admin]
    assert ids(f"participant={world.peer.profile.id}") == [late.id]
    assert ids("status=completed") == [late.id]
    assert ids("scheduled_start__gte=2026-06-01T00:00:00Z") == [with_admin, late.id]
    assert ids("scheduled_start__lte=2026-06-05T09:00:00Z") == [late.id, early.id]


def test_unshared_notes_are_their_authors_alone(client, make, world):
    oneonone = make.oneonone(world.manager, world.employee)
    url = f"{API}/oneonones/{oneonone.id}/notes/"
    manager, employee = make.token(world.manager), make.token(world.employee)
    private = client.post(url, headers=manager, json={"text": "Seems tired"})
    assert private.status_code == 201, private.text
    assert private.json()["shared"] is False
    assert private.json()["author"] == profile_url(world.manager)
    shared = client.post(url, headers=employee, json={"text": "Agenda: roadmap", "shared": True})
    assert [n["text"] for n in client.get(url, headers=manager).json()["results"]] == [
        "Seems tired",
        "Agenda: roadmap",
    ]
    assert [n["text"] for n in client.get(url, headers=employee).json()["results"]] == [
        "Agenda: roadmap"
    ]
    only_shared = client.get(f"{url}?shared=true", headers=manager).json()["results"]
    assert [n["text"] for n in only_shared] == ["Agenda: roadmap"]
    private_url = private.json()["url"]
    assert_problem(
        client.patch(private_url, headers=employee, json={"text": "x"}), 404, "No note with id"
    )
    assert_problem(client.delete(private_url, headers=employee), 404, "No note with id")
    # A shared note is seen, but changed only by its author.
    shared_url = shared.json()["url"]
    assert_problem(
        client.patch(shared_url, headers=manager, json={"text": "x"}),
        403,
        "Only its author changes a note.",
    )
    assert_problem(
        client.delete(shared_url, headers=manager), 403, "Only its author deletes a note."
    )
    # Sharing a note shows it to the other person.
    client.patch(private_url, headers=manager, json={"shared": True})
    assert len(client.get(url, headers=employee).json()["results"]) == 2
    assert client.delete(shared_url, headers=employee).status_code == 204
    blank = client.post(url, headers=manager, json={"text": "  "})
    assert_problem(blank, 422, "text: must not be blank.")


def test_action_items(client, make, world):
    oneonone = make.oneonone(world.manager, world.employee)
    url = f"{API}/oneonones/{oneonone.id}/actionitems/"
    manager, employee = make.token(world.manager), make.token(world.employee)
    mine = client.post(url, headers=manager, json={"title": "Book the training"})
    assert mine.status_code == 201, mine.text
    assert mine.json()["assignee"] == profile_url(world.manager)
    theirs = client.post(
        url,
        headers=manager,
        json={
            "title": "Draft the handbook",
            "description": "Paging and escalation. ",
            "assignee": profile_url(world.employee),
            "due_date": "2026-12-10",
        },
    ).json()
    assert (theirs["assignee"], theirs["due_date"]) == (profile_url(world.employee), "2026-12-10")
    assert (theirs["description"], mine.json()["description"]) == ("Paging and escalation.", "")
    assert theirs["completed_at"] is theirs["completed_by"] is None
    done = client.patch(theirs["url"], headers=employee, json={"completed": True})
    assert done.json()["completed"] is True
    assert done.json()["completed_by"] == profile_url(world.employee)
    assert within(done.json()["completed_at"], theirs["modified"], done.json()["modified"])
    reopened = client.patch(theirs["url"], headers=manager, json={"completed": False})
    assert reopened.json()["completed_at"] is reopened.json()["completed_by"] is None
    assert reopened.json()["uncompleted_by"] == profile_url(world.manager)
    uncompleted = reopened.json()["uncompleted_at"]
    assert within(uncompleted, done.json()["modified"], reopened.json()["modified"])
    client.patch(theirs["url"], headers=employee, json={"completed": True})
    page = client.get(f"{url}?completed=false", headers=employee).json()
    assert [i["title"] for i in page["results"]] == ["Book the training"]
    for outsider in (world.peer, world.other_user):
        response = client.post(
            url, headers=manager, json={"title": "X", "assignee": outsider.profile.id}
        )
        assert_problem(
            response, 422, "assignee: an action item goes to one of the 1-on-1's two people."
        )
    reassign = client.patch(
        mine.json()["url"], headers=employee, json={"assignee": world.admin.profile.id}
    )
    assert reassign.status_code == 422
    assert client.post(url, headers=manager, json={"title": " "}).status_code == 422
    assert client.delete(theirs["url"], headers=employee).status_code == 204
    assert client.get(url, headers=manager).json()["count"] == 1


def test_items_and_notes_are_reached_only_through_their_own_oneonone(client, make, world):
    first = make.oneonone(world.manager, world.employee)
    second = make.oneonone(world.manager, world.peer)
    note = make.oneonone_note(first, world.manager, shared=True)
    item = make.action_item(first, world.manager)
    token = make.token(world.manager)
    base = f"{API}/oneonones/{second.id}/"
    assert_problem(client.delete(f"{base}notes/{note.id}/", headers=token), 404, "No note with id")
    assert_problem(
        client.delete(f"{base}actionitems/{item.id}/", headers=token), 404, "No action item with id"
    )
