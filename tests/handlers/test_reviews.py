"""reviews/: who sees a review, who answers in each state, and each transition."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.answers import assert_problem
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
    assert_problem(refused, 409, f"Review cycle {closed.id} is closed.")
    foreign = client.post(
        f"{API}/reviews/",
        headers=token,
        json={"cycle": world.other_cycle.id, "subject": world.peer.profile.id},
    )
    assert_problem(foreign, 422, "cycle: no review cycle with id")


def test_only_admins_create_reviews(client, make, world):
    response = client.post(
        f"{API}/reviews/",
        headers=make.token(world.manager),
        json={"cycle": world.cycle.id, "subject": world.peer.profile.id},
    )
    assert_problem(response, 403, "Only admins create reviews.")


def test_the_whole_flow(client, make, world):
    subject, reviewer = make.token(world.employee), make.token(world.manager)
    review = world.review
    # self_review: only the subject answers and submits.
    assert_problem(
        client.patch(path(review), headers=reviewer, json={"self_answers": ["x"]}),
        403,
        "Only the review's subject writes the self-review.",
    )
    early = client.patch(path(review), headers=reviewer, json={"reviewer_answers": ["x"]})
    assert_problem(early, 409, "reviewer_answers: the review is not in manager review.")
    answered = client.patch(
        path(review), headers=subject, json={"self_answers": ["Shipped", "More"]}
    )
    assert answered.json()["self_answers"] == ["Shipped", "More"]
    too_many = client.patch(path(review), headers=subject, json={"self_answers": ["a", "b", "c"]})
    assert_problem(too_many, 422, "self_answers: 3 answers for 2 questions.")
    assert_problem(
        client.post(path(review, "share"), headers=reviewer),
        409,
        "is in self_review, not manager_review.",
    )
    assert_problem(
        client.post(path(review, "submit"), headers=reviewer),
        403,
        "Only the review's subject submits the self-review.",
    )
    submitted = client.post(path(review, "submit"), headers=subject)
    assert submitted.status_code == 200 and submitted.json()["state"] == "manager_review"
    # manager_review: the self-review is frozen, the reviewer answers and shares.
    assert_problem(
        client.post(path(review, "submit"), headers=subject),
        409,
        "is in manager_review, not self_review.",
    )
    late = client.patch(path(review), headers=subject, json={"self_answers": ["Changed"]})
    assert_problem(late, 409, "self_answers: the self-review has been submitted.")
    assert_problem(
        client.patch(path(review), headers=subject, json={"reviewer_answers": ["Me"]}),
        403,
        "Only the review's reviewer writes the manager review.",
    )
    reviewed = client.patch(path(review), headers=reviewer, json={"reviewer_answers": ["Great"]})
    assert reviewed.json()["reviewer_answers"] == ["Great"]
    assert client.get(path(review), headers=subject).json()["reviewer_answers"] is None
    assert_problem(
        client.post(path(review, "share"), headers=subject),
        403,
        "Only the review's reviewer shares it.",
    )
    shared = client.post(path(review, "share"), headers=reviewer)
    assert shared.status_code == 200 and shared.json()["state"] == "shared"
    # shared: the subject sees everything; nothing changes any more.
    seen = client.get(path(review), headers=subject).json()
    assert (seen["self_answers"], seen["reviewer_answers"]) == (["Shipped", "More"], ["Great"])
    final = client.patch(path(review), headers=reviewer, json={"reviewer_answers": ["Meh"]})
    assert_problem(final, 409, "is shared; it no longer changes.")
    assert_problem(
        client.post(path(review, "share"), headers=reviewer),
        409,
        "is in shared, not manager_review.",
    )


def test_the_subject_never_sees_reviewer_answers_before_shared(client, make, world):
    review = make.review(
        world.cycle,
        world.peer,
        world.manager,
        state="manager_review",
        reviewer_answers=["Needs work"],
    )
    token = make.token(world.peer)
    shown = client.get(path(review), headers=token)
    assert shown.json()["reviewer_answers"] is None
    listed = client.get(f"{API}/reviews/", headers=token)
    assert [r["reviewer_answers"] for r in listed.json()["results"]] == [None]
    # Nor does any other field of the review hold them.
    assert "Needs work" not in shown.text + listed.text
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
    assert_problem(client.get(path(review), headers=token), 404, "No review with id")
    assert_problem(
        client.patch(path(review), headers=token, json={"self_answers": ["x"]}),
        404,
        "No review with id",
    )
    assert_problem(client.post(path(review, "submit"), headers=token), 404, "No review with id")
    listed = client.get(f"{API}/reviews/?limit=500", headers=token).json()["results"]
    assert review.id not in [r["id"] for r in listed]


def test_answers_wait_for_an_active_cycle(client, make, world):
    draft = make.review_cycle(world.admin, "Draft")
    review = make.review(draft, world.peer, world.manager)
    token = make.token(world.peer)
    assert_problem(
        client.patch(path(review), headers=token, json={"self_answers": ["x"]}),
        409,
        f"Review cycle {draft.id} is draft, not active.",
    )
    assert_problem(
        client.post(path(review, "submit"), headers=token),
        409,
        f"Review cycle {draft.id} is draft, not active.",
    )


def test_admins_reassign_the_reviewer(client, make, world):
    by_manager = client.patch(
        path(world.review),
        headers=make.token(world.manager),
        json={"reviewer": world.peer.profile.id},
    )
    assert_problem(by_manager, 403, "Only admins change a review's reviewer.")
    self_review = client.patch(
        path(world.review),
        headers=make.token(world.admin),
        json={"reviewer": world.employee.profile.id},
    )
    assert_problem(self_review, 422, "reviewer: nobody reviews themselves.")
    response = client.patch(
        path(world.review),
        headers=make.token(world.admin),
        json={"reviewer": world.peer.profile.id},
    )
    assert response.json()["reviewer"] == f"{BASE}/userprofiles/{world.peer.profile.id}/"
    # The former reviewer no longer sees the review; the new one does.
    assert_problem(
        client.get(path(world.review), headers=make.token(world.manager)), 404, "No review with id"
    )
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


def test_a_review_keeps_its_creator_its_subjects_position_and_when_it_moved_on(client, make, world):
    designer = make.user(network="Acme", position="Designer", reports_to=world.manager)
    admin, subject = make.token(world.admin), make.token(designer)
    created = client.post(
        f"{API}/reviews/",
        headers=admin,
        json={"cycle": world.cycle.id, "subject": designer.profile.id},
    ).json()
    assert created["creator"] == f"{BASE}/userprofiles/{world.admin.profile.id}/"
    assert (created["position"], created["submitted"], created["shared"]) == (
        "Designer",
        None,
        None,
    )
    # The position is the one the subject held when the review was created.
    client.patch(
        f"{API}/userprofiles/{designer.profile.id}/", headers=admin, json={"position": "Lead"}
    )
    review = client.get(f"{API}/reviews/{created['id']}/", headers=subject).json()
    assert review["position"] == "Designer"
    submitted = client.post(f"{API}/reviews/{created['id']}/submit/", headers=subject).json()
    assert submitted["submitted"] is not None and submitted["shared"] is None
    shared = client.post(
        f"{API}/reviews/{created['id']}/share/", headers=make.token(world.manager)
    ).json()
    assert shared["submitted"] == submitted["submitted"]
    moments = [shared[key] for key in ("created", "submitted", "shared")]
    assert [dt.datetime.fromisoformat(m) for m in moments] == sorted(
        dt.datetime.fromisoformat(m) for m in moments
    )


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("", ["employee", "peer", "manager"]),
        ("-id", ["manager", "peer", "employee"]),
        ("submitted", ["peer", "employee", "manager"]),
        ("-shared,id", ["employee", "manager", "peer"]),
    ],
)
def test_reviews_sort_by_the_fields_the_spec_lists(client, make, world, ordering, expected):
    cycle = make.review_cycle(world.admin, "Shared ones", state="closed")
    day = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)
    # (subject, reviewer, days to its submission, days to its sharing)
    for who, reviewer, submitted, shared in [
        ("employee", "manager", 2, 9),
        ("peer", "manager", 1, 5),
        ("manager", "admin", 3, 9),
    ]:
        make.review(
            cycle,
            getattr(world, who),
            getattr(world, reviewer),
            state="shared",
            submitted=day + dt.timedelta(days=submitted),
            shared=day + dt.timedelta(days=shared),
        )
    subjects = {
        f"{BASE}/userprofiles/{getattr(world, who).profile.id}/": who
        for who in ("employee", "peer", "manager")
    }
    query = f"&ordering={ordering}" if ordering else ""
    page = client.get(
        f"{API}/reviews/?cycle={cycle.id}{query}", headers=make.token(world.admin)
    ).json()
    assert [subjects[r["subject"]] for r in page["results"]] == expected
