"""feedbackrequests/ and feedback/: asking, answering once, drafts, and who sees what."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.answers import assert_problem
from tests.handlers.conftest import API

BASE = f"http://testserver{API}"


def profile_url(user) -> str:
    return f"{BASE}/userprofiles/{user.profile.id}/"


def ask(client, make, creator, **body):
    return client.post(f"{API}/feedbackrequests/", headers=make.token(creator), json=body)


def visible_ids(client, make, user, collection):
    page = client.get(f"{API}/{collection}/?limit=500", headers=make.token(user)).json()
    return {item["id"] for item in page["results"]}


# -- requests -------------------------------------------------------------------------------


def test_ask_about_yourself_by_default(client, make, world):
    response = ask(
        client,
        make,
        world.employee,
        responders=[world.peer.profile.id, profile_url(world.manager)],
        questions=["What should I keep doing?"],
        due_date="2026-12-15",
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["creator"]["url"] == body["subject"]["url"] == profile_url(world.employee)
    assert body["creator"]["user"]["first_name"] == "Eli"
    assert body["responders"] == [profile_url(world.manager), profile_url(world.peer)]
    assert (body["state"], body["due_date"]) == ("open", "2026-12-15")
    assert client.get(body["url"], headers=make.token(world.peer)).json() == body


def test_ask_about_someone_else(client, make, world):
    body = ask(
        client,
        make,
        world.manager,
        subject=world.employee.profile.id,
        responders=[world.peer.profile.id],
        questions=["How is Eli doing?"],
    ).json()
    assert body["subject"]["url"] == profile_url(world.employee)


def test_a_request_has_a_title_a_description_and_may_enforce_its_due_date(client, make, world):
    body = ask(
        client,
        make,
        world.employee,
        responders=[world.peer.profile.id],
        questions=["What should I keep doing?"],
        title="  My first quarter ",
        description="How did the API work go?",
        due_date="2026-12-15",
        enforce_due_date=True,
    ).json()
    assert (body["title"], body["description"]) == ("My first quarter", "How did the API work go?")
    assert body["enforce_due_date"] is True
    assert client.get(body["url"], headers=make.token(world.peer)).json() == body
    token = make.token(world.employee)
    changed = client.patch(
        body["url"],
        headers=token,
        json={"title": "Q1", "description": "", "enforce_due_date": False},
    ).json()
    assert (changed["title"], changed["description"], changed["enforce_due_date"]) == (
        "Q1",
        "",
        False,
    )
    untitled = ask(
        client, make, world.employee, responders=[world.peer.profile.id], questions=["Q?"]
    )
    assert untitled.json()["title"] == untitled.json()["description"] == ""
    assert untitled.json()["enforce_due_date"] is False
    too_long = ask(
        client,
        make,
        world.employee,
        responders=[world.peer.profile.id],
        questions=["Q?"],
        title="x" * 201,
    )
    assert_problem(too_long, 400, "is too long - 'title'")


def test_an_enforced_due_date_ends_answers_after_that_day(client, make, world):
    # Days either side of today (UTC), so that the test holds across a midnight.
    today = dt.datetime.now(dt.UTC).date()
    yesterday, tomorrow = today - dt.timedelta(days=1), today + dt.timedelta(days=1)
    enforced = make.feedback_request(
        world.admin, [world.peer], due_date=yesterday, enforce_due_date=True
    )
    lenient = make.feedback_request(world.admin, [world.peer], due_date=yesterday)
    due_tomorrow = make.feedback_request(
        world.admin, [world.peer], due_date=tomorrow, enforce_due_date=True
    )
    token = make.token(world.peer)

    def answer(request):
        return client.post(
            f"{API}/feedback/", headers=token, json={"request": request.id, "answers": ["A"]}
        )

    assert_problem(answer(enforced), 409, f"request: the feedback request was due on {yesterday}")
    assert answer(lenient).status_code == 201
    draft = answer(due_tomorrow)
    assert draft.status_code == 201, draft.text
    # The creator moves the due date back: the draft can no longer be changed or submitted.
    client.patch(
        f"{API}/feedbackrequests/{due_tomorrow.id}/",
        headers=make.token(world.admin),
        json={"due_date": str(yesterday)},
    )
    submit = {"answers": ["A", "B"], "state": "submitted"}
    refused = client.patch(draft.json()["url"], headers=token, json=submit)
    assert_problem(refused, 409, f"request: the feedback request was due on {yesterday}")
    assert client.get(draft.json()["url"], headers=token).json()["state"] == "draft"
    client.patch(
        f"{API}/feedbackrequests/{due_tomorrow.id}/",
        headers=make.token(world.admin),
        json={"enforce_due_date": False},
    )
    assert client.patch(draft.json()["url"], headers=token, json=submit).status_code == 200


@pytest.mark.parametrize(
    ("case", "detail"),
    [
        ("subject_responds", "responders: the subject does not give feedback about themselves."),
        ("stranger_responder", "responders: no user profile with id"),
        ("stranger_subject", "subject: no user profile with id"),
    ],
)
def test_request_rules(client, make, world, case, detail):
    body = {
        "subject_responds": {"responders": [world.employee.profile.id]},
        "stranger_responder": {"responders": [world.other_user.profile.id]},
        "stranger_subject": {
            "subject": world.other_user.profile.id,
            "responders": [world.peer.profile.id],
        },
    }[case]
    response = ask(client, make, world.employee, questions=["Q?"], **body)
    assert_problem(response, 422, detail)


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"questions": ["Q?"]}, "'responders' is a required property"),
        ({"responders": [], "questions": ["Q?"]}, "[] should be non-empty - 'responders'"),
        ({"responders": [1], "questions": []}, "[] should be non-empty - 'questions'"),
        ({"responders": [1], "questions": [""]}, "'' should be non-empty - 'questions.0'"),
        (
            {"responders": [1], "questions": ["Q?"], "state": "closed"},
            "Additional properties are not allowed ('state' was unexpected)",
        ),
    ],
)
def test_malformed_requests_are_400(client, make, world, body, detail):
    response = client.post(
        f"{API}/feedbackrequests/", headers=make.token(world.employee), json=body
    )
    assert_problem(response, 400, detail)


def test_blank_questions_are_refused(client, make, world):
    response = ask(
        client, make, world.employee, responders=[world.peer.profile.id], questions=["  "]
    )
    assert_problem(response, 422, "questions: each question must have text.")


def test_who_sees_a_request(client, make, world):
    request = world.feedback_request  # the admin asks the employee about the manager
    for user in (world.admin, world.manager, world.employee):
        assert request.id in visible_ids(client, make, user, "feedbackrequests")
        url = f"{API}/feedbackrequests/{request.id}/"
        assert client.get(url, headers=make.token(user)).status_code == 200
    assert request.id not in visible_ids(client, make, world.peer, "feedbackrequests")
    url = f"{API}/feedbackrequests/{request.id}/"
    assert_problem(
        client.get(url, headers=make.token(world.peer)), 404, "No feedback request with id"
    )


def test_only_the_creator_changes_closes_or_deletes_a_request(client, make, world):
    url = f"{API}/feedbackrequests/{world.feedback_request.id}/"
    for user in (world.manager, world.employee):
        token = make.token(user)
        assert_problem(
            client.patch(url, headers=token, json={"state": "closed"}),
            403,
            "Only the person who asked changes a feedback request.",
        )
        assert_problem(
            client.delete(url, headers=token),
            403,
            "Only the person who asked deletes a feedback request.",
        )
    assert_problem(
        client.patch(url, headers=make.token(world.peer), json={"state": "closed"}),
        404,
        "No feedback request with id",
    )
    closed = client.patch(url, headers=make.token(world.admin), json={"state": "closed"})
    assert closed.json()["state"] == "closed"
    assert client.delete(url, headers=make.token(world.admin)).status_code == 204
    assert_problem(
        client.get(f"{API}/feedback/{world.feedback.id}/", headers=make.token(world.employee)),
        404,
        "No feedback with id",
    )


def test_request_filters(client, make, world):
    mine = make.feedback_request(world.peer, [world.manager], state="closed")
    token = make.token(world.manager)

    def ids(query):
        page = client.get(f"{API}/feedbackrequests/?{query}", headers=token).json()
        return [r["id"] for r in page["results"]]

    assert ids("") == [mine.id, world.feedback_request.id]
    assert ids(f"creator={world.peer.profile.id}") == [mine.id]
    assert ids(f"subject={world.manager.profile.id}") == [world.feedback_request.id]
    assert ids(f"responder={world.manager.profile.id}") == [mine.id]
    assert ids("state=open") == [world.feedback_request.id]
    assert ids("ordering=id") == [world.feedback_request.id, mine.id]
    titled = make.feedback_request(world.admin, [world.manager], title="A first look")
    assert ids("ordering=title,id") == [world.feedback_request.id, mine.id, titled.id]
    assert ids("ordering=-title,id") == [titled.id, world.feedback_request.id, mine.id]


# -- answers --------------------------------------------------------------------------------


def test_answer_as_a_draft_then_submit(client, make, world):
    request = make.feedback_request(
        world.manager, [world.peer, world.admin], subject=world.employee
    )
    token = make.token(world.peer)
    draft = client.post(
        f"{API}/feedback/", headers=token, json={"request": request.id, "answers": ["Great"]}
    )
    assert draft.status_code == 201, draft.text
    body = draft.json()
    assert (body["state"], body["submitted"]) == ("draft", None)
    assert body["recipient"]["url"] == profile_url(world.employee)
    assert body["request"] == f"{BASE}/feedbackrequests/{request.id}/"
    # A draft is its author's alone.
    for user in (world.manager, world.employee, world.admin):
        assert_problem(
            client.get(body["url"], headers=make.token(user)), 404, "No feedback with id"
        )
        assert body["id"] not in visible_ids(client, make, user, "feedback")
    incomplete = client.patch(body["url"], headers=token, json={"state": "submitted"})
    assert_problem(incomplete, 422, "answers: answer every question before submitting.")
    submitted = client.patch(
        body["url"], headers=token, json={"answers": ["Great", "Nothing"], "state": "submitted"}
    )
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["state"] == "submitted" and submitted.json()["submitted"]
    # Submitted: the request's creator and subject see it; other responders do not.
    for user in (world.manager, world.employee):
        assert client.get(body["url"], headers=make.token(user)).json()["answers"] == [
            "Great",
            "Nothing",
        ]
    assert_problem(
        client.get(body["url"], headers=make.token(world.admin)), 404, "No feedback with id"
    )


def test_submitted_feedback_is_immutable(client, make, world):
    url = f"{API}/feedback/{world.feedback.id}/"
    token = make.token(world.employee)
    for refused in (
        client.patch(url, headers=token, json={"text": "Edited"}),
        client.delete(url, headers=token),
    ):
        assert_problem(refused, 409, "Submitted feedback cannot be changed or deleted.")
    assert client.get(url, headers=token).json()["text"] == ""


def test_only_the_author_changes_a_draft(client, make, world):
    draft = make.feedback(world.employee, recipient=world.peer, text="Draft", submitted=False)
    url = f"{API}/feedback/{draft.id}/"
    assert_problem(
        client.patch(url, headers=make.token(world.peer), json={"text": "x"}),
        404,
        "No feedback with id",
    )
    assert client.delete(url, headers=make.token(world.employee)).status_code == 204


def test_a_responder_answers_once(client, make, world):
    response = client.post(
        f"{API}/feedback/",
        headers=make.token(world.employee),
        json={"request": world.feedback_request.id, "answers": ["A", "B"], "state": "submitted"},
    )
    assert_problem(response, 409, "request: you already answered this feedback request.")


def test_only_responders_answer_open_requests(client, make, world):
    request = world.feedback_request
    # The subject sees the request but was not asked.
    not_asked = client.post(
        f"{API}/feedback/", headers=make.token(world.manager), json={"request": request.id}
    )
    assert_problem(not_asked, 403, "Only the people asked answer a feedback request.")
    unseen = client.post(
        f"{API}/feedback/", headers=make.token(world.peer), json={"request": request.id}
    )
    assert_problem(unseen, 422, "request: no feedback request with id")
    closed = make.feedback_request(world.admin, [world.peer], state="closed")
    late = client.post(
        f"{API}/feedback/", headers=make.token(world.peer), json={"request": closed.id}
    )
    assert_problem(late, 409, "request: the feedback request is closed.")


def test_unsolicited_feedback_is_seen_by_author_and_recipient(client, make, world):
    token = make.token(world.peer)
    created = client.post(
        f"{API}/feedback/",
        headers=token,
        json={"recipient": profile_url(world.employee), "text": "Nice demo!", "state": "submitted"},
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["request"] is None and body["answers"] == []
    assert (
        client.get(body["url"], headers=make.token(world.employee)).json()["text"] == "Nice demo!"
    )
    for user in (world.manager, world.admin):
        assert_problem(
            client.get(body["url"], headers=make.token(user)), 404, "No feedback with id"
        )
        assert body["id"] not in visible_ids(client, make, user, "feedback")


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"recipient": "self", "text": "Me"}, 422),
        ({"recipient": "stranger", "text": "Hi"}, 422),
        ({"text": "To nobody"}, 422),
        ({"recipient": "peer", "request": "world", "text": "Both"}, 422),
        ({"recipient": "peer", "text": " ", "state": "submitted"}, 422),
        ({"recipient": "peer", "answers": ["x"]}, 422),
        ({"recipient": "peer", "text": "x", "extra": 1}, 400),
        ({"recipient": "peer", "state": "sent"}, 400),
    ],
)
def test_feedback_rules(client, make, world, body, status):
    people = {
        "self": world.employee.profile.id,
        "stranger": world.other_user.profile.id,
        "peer": world.peer.profile.id,
    }
    if "recipient" in body:
        body = {**body, "recipient": people[body["recipient"]]}
    if "request" in body:
        body = {**body, "request": world.feedback_request.id}
    response = client.post(f"{API}/feedback/", headers=make.token(world.employee), json=body)
    assert response.status_code == status, response.text


def test_too_many_answers_are_refused(client, make, world):
    request = make.feedback_request(world.admin, [world.peer], questions=["Only one?"])
    response = client.post(
        f"{API}/feedback/",
        headers=make.token(world.peer),
        json={"request": request.id, "answers": ["One", "Two"]},
    )
    assert_problem(response, 422, "answers: the request asks")


def test_feedback_filters(client, make, world):
    unsolicited = make.feedback(world.peer, recipient=world.admin, text="Thanks")
    token = make.token(world.admin)

    def ids(query):
        page = client.get(f"{API}/feedback/?{query}", headers=token).json()
        return [f["id"] for f in page["results"]]

    assert ids("") == [unsolicited.id, world.feedback.id]
    assert ids(f"request={world.feedback_request.id}") == [world.feedback.id]
    assert ids(f"author={world.peer.profile.id}") == [unsolicited.id]
    assert ids(f"recipient={world.manager.profile.id}") == [world.feedback.id]
    assert ids("state=draft") == []
    assert ids("ordering=created") == [world.feedback.id, unsolicited.id]
