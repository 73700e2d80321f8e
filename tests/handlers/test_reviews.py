"""reviews/: who sees a review, who answers in each state, and each transition."""

from __future__ import annotations

import pytest

from tests.handlers.conftest import API

BASE = f"http://testserver{API}"


def path(review, action: str = "") -> str:
    return f"{API}/reviews/{review.id}/" + (f"{action}/" if action else "")


def test_admins_create_reviews_with_the_manager_as_default_reviewer(client, make, world):
    response = client.post(
        f"{API}/reviews/",
        headers=make.token(world.admin, "review:write"),
        json={"cycle": f"{BASE}/reviewcycles/{world.cycle.id}/", "subject": world.peer.profile.id},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["reviewer"] == f"{BASE}/userprofiles/{world.manager.profile.id}/"
    assert body["subject"] == f"{BASE}/userprofiles/{world.peer.profile.id}/"
    assert (body["state"], body["self_answers"], body["reviewer_answers"]) == (
        "self_review",
        [],
        [],
    )
    named = client.post(
        f"{API}/reviews/",
        headers=make.token(world.admin),
        json={
            "cycle": world.cycle.id,
            "subject": world.manager.profile.id,
            "reviewer": world.peer.profile.id,
        },
    )
    assert named.json()["reviewer"] == f"{BASE}/userprofiles/{world.peer.profile.id}/"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        # The admin has no manager, so a reviewer must be named.
        ({"subject": "admin"}, 422),
        ({"subject": "peer", "reviewer": "peer"}, 422),
        ({"subject": "employee"}, 409),  # already reviewed in this cycle
        ({"subject": "other_user"}, 422),
        ({"subject": "peer", "reviewer": "other_user"}, 422),
    ],
)
def test_create_rules(client, make, world, body, status):
    data = {"cycle": world.cycle.id}
    data.update({k: getattr(world, v).profile.id for k, v in body.items()})
    response = client.post(f"{API}/reviews/", headers=make.token(world.admin), json=data)
    assert response.status_code == status, response.text


def test_closed_or_foreign_cycles_take_no_new_reviews(client, make, world):
    closed = make.review_cycle(world.admin, "Old", state="closed")
    token = make.token(world.admin)
    refused = client.post(
        f"{API}/reviews/",
        headers=token,
        json={"cycle": closed.id, "subject": world.peer.profile.id},
    )
    assert refused.status_code == 409
    foreign = client.post(
        f"{API}/reviews/",
        headers=token,
        json={"cycle": world.other_cycle.id, "subject": world.peer.profile.id},
    )
    assert foreign.status_code == 422


def test_only_admins_create_reviews(client, make, world):
    response = client.post(
        f"{API}/reviews/",
        headers=make.token(world.manager),
        json={"cycle": world.cycle.id, "subject": world.peer.profile.id},
    )
    assert response.status_code == 403


def test_the_whole_flow(client, make, world):
    subject, reviewer = make.token(world.employee), make.token(world.manager)
    review = world.review
    # self_review: only the subject answers and submits.
    assert (
        client.patch(path(review), headers=reviewer, json={"self_answers": ["x"]}).status_code
        == 403
    )
    early = client.patch(path(review), headers=reviewer, json={"reviewer_answers": ["x"]})
    assert early.status_code == 409
    answered = client.patch(
        path(review), headers=subject, json={"self_answers": ["Shipped", "More"]}
    )
    assert answered.json()["self_answers"] == ["Shipped", "More"]
    too_many = client.patch(path(review), headers=subject, json={"self_answers": ["a", "b", "c"]})
    assert too_many.status_code == 422
    assert client.post(path(review, "share"), headers=reviewer).status_code == 409
    assert client.post(path(review, "submit"), headers=reviewer).status_code == 403
    submitted = client.post(path(review, "submit"), headers=subject)
    assert submitted.status_code == 200 and submitted.json()["state"] == "manager_review"
    # manager_review: the self-review is frozen, the reviewer answers and shares.
    assert client.post(path(review, "submit"), headers=subject).status_code == 409
    late = client.patch(path(review), headers=subject, json={"self_answers": ["Changed"]})
    assert late.status_code == 409
    assert (
        client.patch(path(review), headers=subject, json={"reviewer_answers": ["Me"]}).status_code
        == 403
    )
    reviewed = client.patch(path(review), headers=reviewer, json={"reviewer_answers": ["Great"]})
    assert reviewed.json()["reviewer_answers"] == ["Great"]
    assert client.get(path(review), headers=subject).json()["reviewer_answers"] is None
    assert client.post(path(review, "share"), headers=subject).status_code == 403
    shared = client.post(path(review, "share"), headers=reviewer)
    assert shared.status_code == 200 and shared.json()["state"] == "shared"
    # shared: the subject sees everything; nothing changes any more.
    seen = client.get(path(review), headers=subject).json()
    assert (seen["self_answers"], seen["reviewer_answers"]) == (["Shipped", "More"], ["Great"])
    final = client.patch(path(review), headers=reviewer, json={"reviewer_answers": ["Meh"]})
    assert final.status_code == 409
    assert client.post(path(review, "share"), headers=reviewer).status_code == 409


def test_the_subject_never_sees_reviewer_answers_before_shared(client, make, world):
    review = make.review(
        world.cycle,
        world.peer,
        world.manager,
        state="manager_review",
        reviewer_answers=["Needs work"],
    )
    token = make.token(world.peer)
    assert client.get(path(review), headers=token).json()["reviewer_answers"] is None
    listed = client.get(f"{API}/reviews/", headers=token).json()["results"]
    assert [r["reviewer_answers"] for r in listed] == [None]
    for who in ("manager", "admin"):
        body = client.get(path(review), headers=make.token(getattr(world, who))).json()
        assert body["reviewer_answers"] == ["Needs work"]


def test_an_admin_under_review_does_not_see_the_answers_early(client, make, world):
    review = make.review(
        world.cycle, world.admin, world.manager, state="manager_review", reviewer_answers=["Hm"]
    )
    body = client.get(path(review), headers=make.token(world.admin)).json()
    assert body["reviewer_answers"] is None


@pytest.mark.parametrize("who", ["peer", "other_admin"])
def test_nobody_else_sees_a_review(client, make, world, who):
    token = make.token(getattr(world, who))
    review = world.review
    assert client.get(path(review), headers=token).status_code == 404
    assert (
        client.patch(path(review), headers=token, json={"self_answers": ["x"]}).status_code == 404
    )
    assert client.post(path(review, "submit"), headers=token).status_code == 404
    listed = client.get(f"{API}/reviews/?limit=500", headers=token).json()["results"]
    assert review.id not in [r["id"] for r in listed]


def test_answers_wait_for_an_active_cycle(client, make, world):
    draft = make.review_cycle(world.admin, "Draft")
    review = make.review(draft, world.peer, world.manager)
    token = make.token(world.peer)
    assert (
        client.patch(path(review), headers=token, json={"self_answers": ["x"]}).status_code == 409
    )
    assert client.post(path(review, "submit"), headers=token).status_code == 409


def test_admins_reassign_the_reviewer(client, make, world):
    by_manager = client.patch(
        path(world.review),
        headers=make.token(world.manager),
        json={"reviewer": world.peer.profile.id},
    )
    assert by_manager.status_code == 403
    self_review = client.patch(
        path(world.review),
        headers=make.token(world.admin),
        json={"reviewer": world.employee.profile.id},
    )
    assert self_review.status_code == 422
    response = client.patch(
        path(world.review),
        headers=make.token(world.admin),
        json={"reviewer": world.peer.profile.id},
    )
    assert response.json()["reviewer"] == f"{BASE}/userprofiles/{world.peer.profile.id}/"
    # The former reviewer no longer sees the review; the new one does.
    assert client.get(path(world.review), headers=make.token(world.manager)).status_code == 404
    assert client.get(path(world.review), headers=make.token(world.peer)).status_code == 200


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cycle={cycle}", ["employee", "peer"]),
        ("subject={peer}", ["peer"]),
        ("reviewer={admin}", ["peer"]),
        ("state=shared", ["peer"]),
        ("state=self_review", ["employee"]),
    ],
)
def test_filters(client, make, world, query, expected):
    make.review(world.cycle, world.peer, world.admin, state="shared")
    query = query.format(
        cycle=world.cycle.id, peer=world.peer.profile.id, admin=world.admin.profile.id
    )
    page = client.get(f"{API}/reviews/?{query}", headers=make.token(world.admin)).json()
    subjects = {
        f"{BASE}/userprofiles/{getattr(world, who).profile.id}/": who
        for who in ("employee", "peer")
    }
    assert [subjects[r["subject"]] for r in page["results"]] == expected
