"""The benchmark's lean baseline (bench/baseline.py) answers what the API answers, byte for byte.

bench/run.py divides the API's requests/s by the baseline's: that says what the API's
machinery costs only while the two do the same work. Here both serve one database, each
through its own stack (the API through Connexion, the baseline through the bridge uvicorn
serves it on), and every body is compared as raw bytes: keys and their order, separators,
URLs from the Host header, paging links, counts, the caller's likes, both people with their
accounts, dates and instants.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import update
from starlette.testclient import TestClient

from bench import baseline
from gaggle import db, spec, tokens
from gaggle.models.oauth import AccessToken
from tests.answers import assert_problem
from tests.builders import Builders

API = spec.API_BASE_PATH
SOMEWHERE = {"Host": "gaggle.example:80"}  # as sent: Werkzeug would drop the port
SEEN = 25  # recognitions in the caller's network


@pytest.fixture
def lean(app, settings):
    """A client of the baseline on the test database, served as uvicorn serves it."""
    flask_app = baseline.create(settings.database_url)
    served = baseline.serve(flask_app, threads=2)
    yield TestClient(served)
    served.executor.shutdown()
    flask_app.database.dispose()  # before the database goes back to its migrated state


@dataclass
class Wall:
    token: dict[str, str]  # of the caller, who reports to a manager and has a hire date
    liked: int  # a recognition the caller likes, with comments
    other_network: int  # a recognition of another network


@pytest.fixture
def wall(client, make: Builders) -> Wall:
    admin = make.user(network="Acme", is_admin=True, first_name="Ada", last_name="Admin")
    manager = make.user(network="Acme", reports_to=admin, position="Engineering Manager")
    caller = make.user(network="Acme", reports_to=manager, first_name="Zoë", last_name="O'Neil")
    changed = client.patch(
        f"{API}/userprofiles/{caller.profile.id}/",
        headers=make.token(admin),
        json={"hire_date": "2024-02-29", "about": 'Likes "quotes", café ☕ and \\ slashes'},
    )
    assert changed.status_code == 200, changed.text
    badge = make.badge(admin, "Teamwork")
    people = [admin, manager, caller]
    start = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)
    given = [
        make.recognition(
            people[i % 3],
            people[(i + 1) % 3],
            badge,
            f"Thanks, #{i}!",
            # two at a time at the same instant (the id breaks the tie), some on whole seconds
            created=start + dt.timedelta(hours=i // 2, microseconds=(i // 2 % 3) * 250_001),
        )
        for i in range(SEEN)
    ]
    token = make.token(caller)
    for recognition in given[::4]:
        url = f"{API}/recognitions/{recognition.id}/"
        assert client.post(f"{url}like/", headers=token).is_success
        assert client.post(f"{url}like/", headers=make.token(admin)).is_success
        comment = {"text": "Well deserved"}
        assert client.post(f"{url}comments/", headers=make.token(manager), json=comment).is_success
    stranger = make.user(network="Globex")
    other = make.recognition(stranger, make.user(network="Globex"), make.badge(stranger, "Other"))
    return Wall(token=token, liked=given[0].id, other_network=other.id)


def _both(client, lean, path: str, headers: dict[str, str]):
    return client.get(path, headers=headers), lean.get(path, headers=headers)


@pytest.mark.parametrize("host", [{}, SOMEWHERE], ids=["testserver", "another host"])
@pytest.mark.parametrize(
    "query",
    [
        "?limit=20",  # the benchmark's page: a next link
        "?limit=10&offset=10",  # next and previous
        "?offset=3&limit=5",  # previous without an offset, parameters in another order
        "",  # the default page size
        "?limit=20&offset=40",  # past the end
    ],
)
def test_the_list_is_the_apis_to_the_byte(client, lean, wall, host, query):
    api, ours = _both(client, lean, f"{API}/recognitions/{query}", {**wall.token, **host})
    assert api.status_code == ours.status_code == 200, api.text
    assert ours.content == api.content
    page = api.json()
    assert page["count"] == SEEN
    if query == "?limit=10&offset=10":
        assert page["next"] and page["previous"]
        assert page["next"].startswith(f"http://{host.get('Host', 'testserver')}{API}/")


def test_the_page_holds_what_the_comparison_must_cover(client, wall):
    page = client.get(f"{API}/recognitions/?limit=20", headers=wall.token).json()["results"]
    people = [r[role] for r in page for role in ("creator", "recipient")]
    assert any(r["liked"] for r in page) and not all(r["liked"] for r in page)
    assert any(r["likes_count"] == 2 and r["comments_count"] == 1 for r in page)
    assert any(p["hire_date"] and p["reports_to"] for p in people)
    assert any(p["is_manager"] for p in people) and not all(p["is_manager"] for p in people)
    assert len({r["created"] for r in page}) < len(page)  # ties, broken by id


def test_the_detail_is_the_apis_to_the_byte(client, lean, wall):
    for headers in (wall.token, {**wall.token, **SOMEWHERE}):
        api, ours = _both(client, lean, f"{API}/recognitions/{wall.liked}/", headers)
        assert api.status_code == ours.status_code == 200, api.text
        assert ours.content == api.content
        assert api.json()["liked"] is True


@pytest.mark.parametrize("which", ["another network's", "a missing"])
def test_a_recognition_the_caller_cannot_see_is_not_found(client, lean, wall, which):
    recognition = wall.other_network if which == "another network's" else wall.other_network + 99
    api, ours = _both(client, lean, f"{API}/recognitions/{recognition}/", wall.token)
    assert_problem(api, 404, f"No recognition with id {recognition}.")
    assert ours.status_code == 404


def _spoil(headers: dict[str, str], **values) -> None:
    """Change the access token of `headers` in the database."""
    digest = tokens.digest(headers["Authorization"].split()[1])
    with db.transaction() as session:
        session.execute(
            update(AccessToken).where(AccessToken.token_digest == digest).values(**values)
        )


@pytest.mark.parametrize(
    "credentials",
    ["none", "not a bearer token", "unknown", "expired", "revoked", "deactivated profile"],
)
def test_without_a_live_token_it_is_401(client, lean, make, wall, credentials):
    now = dt.datetime.now(dt.UTC)
    headers = {
        "none": {},
        "not a bearer token": {"Authorization": "Basic dXNlcjpwYXNz"},
        "unknown": {"Authorization": "Bearer no-such-token"},
    }.get(credentials, wall.token)
    if credentials == "expired":
        _spoil(headers, expires=now - dt.timedelta(seconds=1))
    if credentials == "revoked":
        _spoil(headers, revoked_at=now)
    if credentials == "deactivated profile":
        admin = make.user(network="Acme", is_admin=True)
        me = client.get(f"{API}/userprofiles/me/", headers=headers).json()
        off = {"activated": False}
        response = client.patch(me["url"], headers=make.token(admin), json=off)
        assert response.status_code == 200, response.text
    for path in (f"{API}/recognitions/?limit=20", f"{API}/recognitions/{wall.liked}/"):
        api, ours = _both(client, lean, path, headers)
        assert_problem(api, 401, "access token")
        assert ours.status_code == 401


def test_a_token_without_the_scope_is_403(client, lean, make, wall):
    narrow = make.token(make.user(network="Acme"), scope="network:read")
    api, ours = _both(client, lean, f"{API}/recognitions/?limit=20", narrow)
    assert_problem(api, 403, "This operation needs the scope recognition:read.")
    assert ours.status_code == 403
