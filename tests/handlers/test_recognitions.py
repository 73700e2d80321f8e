"""recognitions/: giving, editing and deleting recognitions, their comments and likes."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.answers import assert_problem
from tests.handlers.conftest import API

BASE = f"http://testserver{API}"


def profile_url(user) -> str:
    return f"{BASE}/userprofiles/{user.profile.id}/"


def give(client, make, giver, body):
    return client.post(f"{API}/recognitions/", headers=make.token(giver), json=body)


def test_give_a_recognition_with_urls_or_ids(client, make, world):
    response = give(
        client,
        make,
        world.employee,
        {
            "recipient": profile_url(world.peer),
            "badge": world.teamwork.id,
            "message": "Thanks for the review!",
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["creator"]["url"] == profile_url(world.employee)
    assert body["creator"]["user"]["email"] == "employee@acme.example"
    assert body["recipient"]["user"]["first_name"] == "Pat"
    assert body["badge"] == f"{BASE}/badges/{world.teamwork.id}/"
    assert body["message"] == "Thanks for the review!"
    assert body["recognition_url"] == body["url"]
    assert (body["likes_count"], body["comments_count"], body["liked"]) == (0, 0, False)
    # The badge URL is followable with the same token.
    badge = client.get(body["badge"], headers=make.token(world.employee, "recognition:read"))
    assert badge.json()["name"] == "Teamwork"
    assert client.get(body["url"], headers=make.token(world.admin)).json() == body


@pytest.mark.parametrize("case", ["self", "other_network", "no_such_profile", "retired_badge"])
def test_recognition_rules(client, make, world, case):
    retired = make.badge(world.admin, "Old Badge", active=False)
    recipient, badge = {
        "self": (world.employee.profile.id, world.teamwork.id),
        "other_network": (world.other_user.profile.id, world.teamwork.id),
        "no_such_profile": (2147483647, world.teamwork.id),
        "retired_badge": (world.peer.profile.id, retired.id),
    }[case]
    response = give(
        client, make, world.employee, {"recipient": recipient, "badge": badge, "message": "Hi"}
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"


def test_another_networks_badge_is_refused(client, make, world):
    response = give(
        client,
        make,
        world.employee,
        {"recipient": world.peer.profile.id, "badge": world.other_badge.id, "message": "Hi"},
    )
    assert response.status_code == 422
    assert "badge" in response.json()["detail"]


def test_a_retired_badge_stays_on_recognitions_already_given(client, make, world):
    client.patch(
        f"{API}/badges/{world.teamwork.id}/",
        headers=make.token(world.admin),
        json={"active": False},
    )
    body = client.get(
        f"{API}/recognitions/{world.recognition.id}/", headers=make.token(world.peer)
    ).json()
    assert body["badge"] == f"{BASE}/badges/{world.teamwork.id}/"


def test_everyone_in_the_network_sees_recognitions(client, make, world):
    for user in (world.admin, world.peer, world.employee):
        page = client.get(f"{API}/recognitions/", headers=make.token(user)).json()
        assert [r["id"] for r in page["results"]] == [world.recognition.id]
    foreign = client.get(f"{API}/recognitions/", headers=make.token(world.other_user)).json()
    assert [r["id"] for r in foreign["results"]] == [world.other_recognition.id]


def test_filters_and_ordering(client, make, world):
    excellence = make.badge(world.admin, "Excellence")
    day = dt.datetime(2026, 3, 4, 12, tzinfo=dt.UTC)
    old = make.recognition(world.peer, world.manager, excellence, "Old", created=day)
    older = make.recognition(
        world.employee, world.peer, world.teamwork, "Older", created=day - dt.timedelta(days=1)
    )
    token = make.token(world.employee)

    def ids(query):
        page = client.get(f"{API}/recognitions/?{query}", headers=token)
        assert page.status_code == 200, page.text
        return [r["id"] for r in page.json()["results"]]

    newest = world.recognition.id
    assert ids("") == [newest, old.id, older.id]
    assert ids("ordering=created") == [older.id, old.id, newest]
    assert ids(f"creator={world.peer.profile.id}") == [old.id]
    assert ids(f"recipient={world.peer.profile.id}") == [older.id]
    assert ids(f"badge={excellence.id}") == [old.id]
    assert ids("created__date=2026-03-04") == [old.id]
    assert ids("created__gte=2026-03-04T00:00:00Z") == [newest, old.id]
    assert ids("created__lte=2026-03-04T12:00:00%2B00:00") == [old.id, older.id]
    assert ids("created__gte=2026-03-03T00:00:00Z&created__lte=2026-03-04T00:00:00Z") == [older.id]


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ("ordering=message", "query parameter ordering: 'message' does not match"),
        ("created__date=yesterday", "query parameter created__date: 'yesterday' is not a 'date'"),
        ("created__date=9999-12-31", "created__date: '9999-12-31' is not a day this server can"),
        ("created__gte=soon", "query parameter created__gte: 'soon' is not a 'date-time'"),
        (
            "created__lte=9999-12-31T23:59:59-01:00",
            "created__lte: '9999-12-31T23:59:59-01:00' is not a date-time this server can use.",
        ),
        ("creator=abc", "query parameter creator: 'abc' is not of type 'integer'"),
    ],
)
def test_bad_filters_are_400(client, make, world, query, detail):
    response = client.get(f"{API}/recognitions/?{query}", headers=make.token(world.employee))
    assert_problem(response, 400, detail)


def test_only_the_creator_edits_the_message(client, make, world):
    url = f"{API}/recognitions/{world.recognition.id}/"
    for user in (world.employee, world.admin):
        response = client.patch(url, headers=make.token(user), json={"message": "Mine"})
        assert response.status_code == 403
    changed = client.patch(url, headers=make.token(world.manager), json={"message": " Better "})
    assert changed.status_code == 200
    assert changed.json()["message"] == "Better"
    blank = client.patch(url, headers=make.token(world.manager), json={"message": " "})
    assert_problem(blank, 422, "message: must not be blank.")


@pytest.mark.parametrize(("deleter", "status"), [("employee", 403), ("peer", 403)])
def test_the_recipient_and_others_cannot_delete(client, make, world, deleter, status):
    url = f"{API}/recognitions/{world.recognition.id}/"
    response = client.delete(url, headers=make.token(getattr(world, deleter)))
    assert response.status_code == status
    assert client.get(url, headers=make.token(world.peer)).status_code == 200


@pytest.mark.parametrize("deleter", ["manager", "admin"])
def test_the_creator_or_an_admin_deletes(client, make, world, deleter):
    url = f"{API}/recognitions/{world.recognition.id}/"
    client.post(f"{url}comments/", headers=make.token(world.peer), json={"text": "Yay"})
    client.post(f"{url}like/", headers=make.token(world.peer))
    assert client.delete(url, headers=make.token(getattr(world, deleter))).status_code == 204
    assert_problem(client.get(url, headers=make.token(world.peer)), 404, "No recognition with id")


def test_comments_add_list_and_delete_own(client, make, world):
    url = f"{API}/recognitions/{world.recognition.id}/comments/"
    first = client.post(url, headers=make.token(world.peer), json={"text": "Well deserved!"})
    assert first.status_code == 201, first.text
    comment = first.json()
    assert comment["author"]["user"]["first_name"] == "Pat"
    assert comment["recognition"] == f"{BASE}/recognitions/{world.recognition.id}/"
    client.post(url, headers=make.token(world.employee), json={"text": "Thanks!"})
    page = client.get(url, headers=make.token(world.admin)).json()
    assert [c["text"] for c in page["results"]] == ["Well deserved!", "Thanks!"]
    recognition = client.get(
        f"{API}/recognitions/{world.recognition.id}/", headers=make.token(world.admin)
    ).json()
    assert recognition["comments_count"] == 2
    for user in (world.employee, world.admin, world.manager):
        assert_problem(
            client.delete(comment["url"], headers=make.token(user)),
            403,
            "Only its author deletes a comment.",
        )
    assert client.delete(comment["url"], headers=make.token(world.peer)).status_code == 204
    assert_problem(
        client.delete(comment["url"], headers=make.token(world.peer)), 404, "No comment with id"
    )
    assert client.get(url, headers=make.token(world.admin)).json()["count"] == 1


def test_a_comment_is_deleted_only_through_its_own_recognition(client, make, world):
    other = make.recognition(world.admin, world.peer, world.teamwork)
    comment = client.post(
        f"{API}/recognitions/{world.recognition.id}/comments/",
        headers=make.token(world.peer),
        json={"text": "Hi"},
    ).json()
    response = client.delete(
        f"{API}/recognitions/{other.id}/comments/{comment['id']}/", headers=make.token(world.peer)
    )
    assert_problem(response, 404, "No comment with id")


def test_blank_comments_are_refused(client, make, world):
    response = client.post(
        f"{API}/recognitions/{world.recognition.id}/comments/",
        headers=make.token(world.peer),
        json={"text": "   "},
    )
    assert_problem(response, 422, "text: must not be blank.")


def test_like_unlike_and_count(client, make, world):
    url = f"{API}/recognitions/{world.recognition.id}/"
    peer, admin = make.token(world.peer), make.token(world.admin)
    liked = client.post(f"{url}like/", headers=peer)
    assert liked.status_code == 200
    assert (liked.json()["likes_count"], liked.json()["liked"]) == (1, True)
    assert client.post(f"{url}like/", headers=peer).json()["likes_count"] == 1
    both = client.post(f"{url}like/", headers=admin).json()
    assert (both["likes_count"], both["liked"]) == (2, True)
    assert client.get(url, headers=make.token(world.employee)).json()["liked"] is False
    likers = client.get(f"{url}likes/", headers=make.token(world.employee)).json()
    assert likers["count"] == 2
    assert [p["url"] for p in likers["results"]] == [
        profile_url(world.peer),
        profile_url(world.admin),
    ]
    assert client.delete(f"{url}like/", headers=peer).status_code == 204
    assert client.delete(f"{url}like/", headers=peer).status_code == 204
    after = client.get(url, headers=peer).json()
    assert (after["likes_count"], after["liked"]) == (1, False)
    listed = client.get(f"{API}/recognitions/", headers=admin).json()["results"][0]
    assert (listed["likes_count"], listed["liked"]) == (1, True)


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({}, "'recipient' is a required property"),
        ({"recipient": 1, "badge": 1}, "'message' is a required property"),
        ({"recipient": 1, "badge": 1, "message": ""}, "'' should be non-empty - 'message'"),
        (
            {"recipient": 1, "badge": 1, "message": "x", "creator": 2},
            "Additional properties are not allowed ('creator' was unexpected)",
        ),
        (
            {"recipient": "not a url", "badge": 1, "message": "x"},
            "'not a url' is not valid under any of the given schemas - 'recipient'",
        ),
    ],
)
def test_malformed_recognitions_are_400(client, make, world, body, detail):
    response = give(client, make, world.employee, body)
    assert_problem(response, 400, detail)


def test_a_url_of_the_wrong_collection_is_422(client, make, world):
    response = give(
        client,
        make,
        world.employee,
        {"recipient": f"{BASE}/badges/1/", "badge": world.teamwork.id, "message": "x"},
    )
    assert response.status_code == 422
    assert "recipient" in response.json()["detail"]


def _refusals(world, retired, comment):
    """(who asks, method, path, body, status, detail) of each refusal of recognitions and
    badges."""
    recognition = f"{API}/recognitions/{world.recognition.id}/"
    give = {"recipient": world.peer.profile.id, "badge": world.teamwork.id, "message": "Hi"}
    stranger = world.other_user.profile.id
    return [
        (
            "employee",
            "post",
            f"{API}/recognitions/",
            {**give, "recipient": world.employee.profile.id},
            422,
            "recipient: you cannot recognize yourself.",
        ),
        (
            "employee",
            "post",
            f"{API}/recognitions/",
            {**give, "recipient": stranger},
            422,
            f"recipient: no user profile with id {stranger}.",
        ),
        (
            "employee",
            "post",
            f"{API}/recognitions/",
            {**give, "badge": world.other_badge.id},
            422,
            f"badge: no badge with id {world.other_badge.id}.",
        ),
        (
            "employee",
            "post",
            f"{API}/recognitions/",
            {**give, "badge": retired.id},
            422,
            "badge: the badge 'Old Badge' is no longer given.",
        ),
        (
            "employee",
            "post",
            f"{API}/recognitions/",
            {**give, "message": " "},
            422,
            "message: must not be blank.",
        ),
        (
            "employee",
            "patch",
            recognition,
            {"message": "Mine"},
            403,
            "Only the person who gave a recognition changes its message.",
        ),
        ("manager", "patch", recognition, {"message": " "}, 422, "message: must not be blank."),
        (
            "peer",
            "delete",
            recognition,
            None,
            403,
            "Only the person who gave a recognition, or an admin, deletes it.",
        ),
        (
            "peer",
            "get",
            f"{API}/recognitions/{world.other_recognition.id}/",
            None,
            404,
            f"No recognition with id {world.other_recognition.id}.",
        ),
        ("peer", "post", f"{recognition}comments/", {"text": " "}, 422, "text: must not be blank."),
        (
            "manager",
            "delete",
            f"{recognition}comments/{comment}/",
            None,
            403,
            "Only its author deletes a comment.",
        ),
        (
            "peer",
            "delete",
            f"{API}/recognitions/{world.other_recognition.id}/comments/{comment}/",
            None,
            404,
            f"No recognition with id {world.other_recognition.id}.",
        ),
        (
            "peer",
            "delete",
            f"{recognition}comments/2147483647/",
            None,
            404,
            "No comment with id 2147483647 on this recognition.",
        ),
        ("employee", "post", f"{API}/badges/", {"name": "Me"}, 403, "Only admins create badges."),
        (
            "employee",
            "patch",
            f"{API}/badges/{world.teamwork.id}/",
            {"active": False},
            403,
            "Only admins change badges.",
        ),
        (
            "admin",
            "post",
            f"{API}/badges/",
            {"name": "TEAMWORK"},
            409,
            "name: a badge named 'TEAMWORK' already exists.",
        ),
        (
            "admin",
            "patch",
            f"{API}/badges/{retired.id}/",
            {"name": " teamwork "},
            409,
            "name: a badge named 'teamwork' already exists.",
        ),
        ("admin", "post", f"{API}/badges/", {"name": " "}, 422, "name: must not be blank."),
        (
            "admin",
            "get",
            f"{API}/badges/{world.other_badge.id}/",
            None,
            404,
            f"No badge with id {world.other_badge.id}.",
        ),
    ]


def test_every_refusal_says_why(client, make, world):
    retired = make.badge(world.admin, "Old Badge", active=False)
    comment = client.post(
        f"{API}/recognitions/{world.recognition.id}/comments/",
        headers=make.token(world.peer),
        json={"text": "Well done"},
    ).json()["id"]
    for who, method, path, body, status, detail in _refusals(world, retired, comment):
        response = client.request(method, path, headers=make.token(getattr(world, who)), json=body)
        assert (response.status_code, response.json()["detail"]) == (status, detail), (
            who,
            method,
            path,
        )
