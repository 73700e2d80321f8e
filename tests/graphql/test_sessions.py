"""A browser signed in to Gaggle's pages uses /graphql and the REST API with its session, as
the legacy platform's own tools did; another site cannot make it change anything."""

from __future__ import annotations

import pytest

from tests.answers import assert_problem
from tests.graphql.conftest import API, GRAPHQL, sign_in

PROBLEM = "application/problem+json"
ME = {"query": "{ currentUser { pk fullName } }"}
# What a change made with the session without JSON or the CSRF header is told.
NEEDS_CSRF = (
    "A change made with the browser session is sent as application/json or with the X-CSRFToken"
)


@pytest.fixture
def browser(client, world):
    """The test client signed in as the employee, with the cookies the pages set."""
    sign_in(client, "employee@acme.example")
    return client


def test_the_pages_set_the_csrf_cookie_of_the_session_for_scripts(client, world):
    page = client.get("/accounts/login/")
    cookie = page.headers["set-cookie"]
    assert "csrftoken=" in cookie and "HttpOnly" not in cookie.split("csrftoken=")[1].split(",")[0]
    token = client.cookies["csrftoken"]
    assert f'value="{token}"' in page.text  # the session's own token, as the forms carry it


def test_a_signed_in_browser_queries_graphql_as_its_user(browser, world):
    response = browser.post(GRAPHQL, json=ME)
    assert response.status_code == 200
    assert response.json() == {
        "data": {"currentUser": {"pk": world.employee.profile.id, "fullName": "Eli Employee"}}
    }


def test_a_signed_in_browser_queries_graphql_by_get_as_its_user(browser, world):
    response = browser.get(GRAPHQL, params=ME, headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.json() == browser.post(GRAPHQL, json=ME).json()
    assert response.json()["data"]["currentUser"]["pk"] == world.employee.profile.id
    # Opening the same address as a page is the IDE.
    page = browser.get(GRAPHQL, params=ME, headers={"Accept": "text/html"})
    assert page.status_code == 200 and "Gaggle GraphQL" in page.text


def test_a_get_with_the_session_never_changes_anything(client, world):
    # What a link or an image on another site could ask an administrator's browser for.
    sign_in(client, world.admin.email)
    rename = {"query": 'mutation { updateNetwork(name: "Forged") { network { name } } }'}
    for accept in ("application/json", "*/*"):
        response = client.get(GRAPHQL, params=rename, headers={"Accept": accept})
        assert_problem(response, 405, "A mutation runs by POST only; GET runs queries.")
        assert response.headers["allow"] == "POST"
    network = client.post(GRAPHQL, json={"query": "{ network { name } }"})
    assert network.json() == {"data": {"network": {"name": "Acme"}}}
    # The same mutation by POST, as the IDE sends it, does change the name.
    renamed = client.post(GRAPHQL, json=rename)
    assert renamed.json()["data"]["updateNetwork"]["network"]["name"] == "Forged"


def test_a_signed_in_browser_reads_the_rest_api(browser, world):
    response = browser.get(f"{API}/userprofiles/me/")
    assert response.status_code == 200
    assert response.json()["id"] == world.employee.profile.id


def test_a_signed_in_browser_changes_things_with_json(browser, world):
    about = world.peer.profile.id
    note = {
        "query": "mutation($about: Int!) { createPrivateNote(input: "
        '{about: $about, text: "Ask about the move"}) { privateNote { pk text } } }',
        "variables": {"about": about},
    }
    response = browser.post(GRAPHQL, json=note)
    assert response.status_code == 200
    assert response.json()["data"]["createPrivateNote"]["privateNote"]["text"] == (
        "Ask about the move"
    )
    rest = browser.post(
        f"{API}/privatenotes/", json={"about": world.peer.profile.id, "text": "And the team"}
    )
    assert rest.status_code == 201


def test_a_session_change_that_is_not_json_needs_the_csrf_header(browser, world, make):
    # What another site's form could send: a simple content type, and the cookies.
    form = {"Content-Type": "text/plain"}
    refused = browser.post(GRAPHQL, content='{"query": "{ network { name } }"}', headers=form)
    assert refused.status_code == 403
    assert refused.headers["content-type"] == PROBLEM
    assert "X-CSRFToken" in refused.json()["detail"]
    # With the header the pages' scripts send, the request passes (and is then told its
    # content type is not one /graphql reads).
    token = {"X-CSRFToken": browser.cookies["csrftoken"]}
    passed = browser.post(
        GRAPHQL, content='{"query": "{ network { name } }"}', headers={**form, **token}
    )
    assert_problem(passed, 415, "Invalid Content-type (text/plain)")

    note = make.private_note(world.employee, world.peer)
    assert_problem(
        browser.delete(f"{API}/privatenotes/{note.id}/"),
        403,
        NEEDS_CSRF,
    )
    wrong = {"X-CSRFToken": "not-the-token"}
    assert_problem(
        browser.delete(f"{API}/privatenotes/{note.id}/", headers=wrong),
        403,
        NEEDS_CSRF,
    )
    assert browser.delete(f"{API}/privatenotes/{note.id}/", headers=token).status_code == 204


def test_the_csrf_header_must_match_the_cookie_too(browser, world, make):
    token = browser.cookies["csrftoken"]
    note = make.private_note(world.employee, world.peer)
    browser.cookies.set("csrftoken", "planted-by-someone-else")
    response = browser.delete(f"{API}/privatenotes/{note.id}/", headers={"X-CSRFToken": token})
    assert_problem(
        response,
        403,
        NEEDS_CSRF,
    )


def test_the_csrf_header_without_the_cookie_is_refused(browser, world, make):
    token = browser.cookies["csrftoken"]
    note = make.private_note(world.employee, world.peer)
    browser.cookies.delete("csrftoken")
    response = browser.delete(f"{API}/privatenotes/{note.id}/", headers={"X-CSRFToken": token})
    assert response.status_code == 403
    assert "X-CSRFToken" in response.json()["detail"]


@pytest.mark.parametrize(
    "media_type",
    ["application/json; charset=utf-8", "application/json;charset=utf-8; profile=gaggle"],
)
def test_json_with_parameters_needs_no_csrf_header(browser, world, media_type):
    """The media type is read up to its first parameter, however many there are."""
    body = f'{{"about": {world.peer.profile.id}, "text": "Ask about the move"}}'
    response = browser.post(
        f"{API}/privatenotes/", content=body, headers={"Content-Type": media_type}
    )
    assert response.status_code == 201, response.text


def test_a_token_speaks_for_itself_whatever_the_cookies(browser, world):
    response = browser.post(GRAPHQL, json=ME, headers={"Authorization": "Bearer not-a-token"})
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["www-authenticate"]


def test_a_signed_out_or_forged_session_is_no_session(client, world):
    sign_in(client, "employee@acme.example")
    csrf = client.cookies["csrftoken"]
    client.post("/accounts/logout/", data={"csrf_token": csrf})
    assert_problem(
        client.post(GRAPHQL, json=ME),
        401,
        "Send an access token as 'Authorization: Bearer <token>'.",
    )
    client.cookies.clear()
    client.cookies.set("session", "eyJzaWQiOiJ4In0.forged.signature")
    response = client.get(f"{API}/userprofiles/me/")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="api"'
