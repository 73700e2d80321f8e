"""reviewcycles/: admins run them; the state only moves forward."""

from __future__ import annotations

import pytest

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
    assert created.status_code == 403
    path = f"{API}/reviewcycles/{world.cycle.id}/"
    assert client.patch(path, headers=token, json={"name": "Y"}).status_code == 403
    assert client.delete(path, headers=token).status_code == 403


def test_dates_and_names_are_checked(client, make, world):
    token = make.token(world.admin)
    backwards = client.post(
        f"{API}/reviewcycles/",
        headers=token,
        json={"name": "X", "start_date": "2027-02-01", "end_date": "2027-01-01"},
    )
    assert backwards.status_code == 422
    blank = client.patch(f"{API}/reviewcycles/{world.cycle.id}/", headers=token, json={"name": " "})
    assert blank.status_code == 422


def test_state_moves_forward_one_step_at_a_time(client, make, world):
    token = make.token(world.admin)
    cycle = make.review_cycle(world.admin, "Next")
    path = f"{API}/reviewcycles/{cycle.id}/"
    assert client.patch(path, headers=token, json={"state": "closed"}).status_code == 409
    assert client.patch(path, headers=token, json={"questions": ["Q?"]}).status_code == 200
    assert client.patch(path, headers=token, json={"state": "active"}).json()["state"] == "active"
    assert client.patch(path, headers=token, json={"state": "draft"}).status_code == 409
    assert client.patch(path, headers=token, json={"questions": ["Other?"]}).status_code == 409
    assert client.patch(path, headers=token, json={"state": "closed"}).json()["state"] == "closed"
    frozen = client.patch(path, headers=token, json={"name": "Renamed"})
    assert frozen.status_code == 409


def test_only_draft_cycles_are_deleted(client, make, world):
    token = make.token(world.admin)
    assert client.delete(f"{API}/reviewcycles/{world.cycle.id}/", headers=token).status_code == 409
    draft = make.review_cycle(world.admin, "Draft")
    make.review(draft, world.peer, world.manager)
    assert client.delete(f"{API}/reviewcycles/{draft.id}/", headers=token).status_code == 204
    reviews = client.get(f"{API}/reviews/?cycle={draft.id}", headers=token).json()
    assert reviews["count"] == 0
