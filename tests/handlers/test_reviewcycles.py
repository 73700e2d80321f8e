"""reviewcycles/: admins run them; the state only moves forward."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.answers import assert_problem
from tests.handlers.conftest import API


def test_admins_create_and_everyone_in_the_network_reads(client, make, world):
    response = client.post(
        f"{API}/reviewcycles/",
        headers=make.token(world.admin, "review:write"),
        json={
            "name": "2027 H1",
            "start_date": "2027-01-01",
            "end_date": "2027-06-30",
            "questions": ["Wins?", "Next?"],
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["state"], body["questions"]) == ("draft", ["Wins?", "Next?"])
    assert body["creator"] == f"http://testserver{API}/userprofiles/{world.admin.profile.id}/"
    token = make.token(world.employee, "review:read")
    page = client.get(f"{API}/reviewcycles/", headers=token).json()
    assert [c["name"] for c in page["results"]] == ["2027 H1", "2026 H2"]
    drafts = client.get(f"{API}/reviewcycles/?state=draft", headers=token).json()
    assert [c["name"] for c in drafts["results"]] == ["2027 H1"]
    assert client.get(f"{API}/reviewcycles/{body['id']}/", headers=token).json() == body


@pytest.mark.parametrize("who", ["manager", "employee"])
def test_others_may_not_write(client, make, world, who):
    token = make.token(getattr(world, who))
    created = client.post(
        f"{API}/reviewcycles/",
        headers=token,
        json={"name": "X", "start_date": "2027-01-01", "end_date": "2027-02-01"},
    )
    assert_problem(created, 403, "Only admins create review cycles.")
    path = f"{API}/reviewcycles/{world.cycle.id}/"
    assert_problem(
        client.patch(path, headers=token, json={"name": "Y"}),
        403,
        "Only admins change review cycles.",
    )
    assert_problem(client.delete(path, headers=token), 403, "Only admins delete review cycles.")


def test_dates_and_names_are_checked(client, make, world):
    token = make.token(world.admin)
    backwards = client.post(
        f"{API}/reviewcycles/",
        headers=token,
        json={"name": "X", "start_date": "2027-02-01", "end_date": "2027-01-01"},
    )
    assert_problem(backwards, 422, "end_date: must not be before start_date.")
    blank = client.patch(f"{API}/reviewcycles/{world.cycle.id}/", headers=token, json={"name": " "})
    assert_problem(blank, 422, "name: must not be blank.")


def test_state_moves_forward_one_step_at_a_time(client, make, world):
    token = make.token(world.admin)
    cycle = make.review_cycle(world.admin, "Next")
    path = f"{API}/reviewcycles/{cycle.id}/"
    assert_problem(
        client.patch(path, headers=token, json={"state": "closed"}),
        409,
        "state: a draft review cycle cannot become closed.",
    )
    assert client.patch(path, headers=token, json={"questions": ["Q?"]}).status_code == 200
    assert client.patch(path, headers=token, json={"state": "active"}).json()["state"] == "active"
    assert_problem(
        client.patch(path, headers=token, json={"state": "draft"}),
        409,
        "state: a active review cycle cannot become draft.",
    )
    assert_problem(
        client.patch(path, headers=token, json={"questions": ["Other?"]}),
        409,
        "questions: only a draft review cycle's questions change.",
    )
    assert client.patch(path, headers=token, json={"state": "closed"}).json()["state"] == "closed"
    frozen = client.patch(path, headers=token, json={"name": "Renamed"})
    assert_problem(frozen, 409, f"Review cycle {cycle.id} is closed.")


def test_only_draft_cycles_are_deleted(client, make, world):
    token = make.token(world.admin)
    assert_problem(
        client.delete(f"{API}/reviewcycles/{world.cycle.id}/", headers=token),
        409,
        f"Review cycle {world.cycle.id} has started; only draft cycles are deleted.",
    )
    draft = make.review_cycle(world.admin, "Draft")
    make.review(draft, world.peer, world.manager)
    assert client.delete(f"{API}/reviewcycles/{draft.id}/", headers=token).status_code == 204
    reviews = client.get(f"{API}/reviews/?cycle={draft.id}", headers=token).json()
    assert reviews["count"] == 0


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("", ["Later", "2026 H2", "Alpha"]),  # latest start first
        ("name", ["2026 H2", "Alpha", "Later"]),
        ("-end_date,name", ["Later", "2026 H2", "Alpha"]),
        ("start_date", ["Alpha", "2026 H2", "Later"]),
    ],
)
def test_cycles_sort_by_the_fields_the_spec_lists(client, make, world, ordering, expected):
    make.review_cycle(world.admin, "Alpha", start_date=dt.date(2025, 1, 1))
    make.review_cycle(
        world.admin, "Later", start_date=dt.date(2027, 1, 1), end_date=dt.date(2027, 6, 30)
    )
    query = f"?ordering={ordering}" if ordering else ""
    page = client.get(f"{API}/reviewcycles/{query}", headers=make.token(world.employee)).json()
    assert [c["name"] for c in page["results"]] == expected
