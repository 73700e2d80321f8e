"""A NUL character is no text Gaggle stores (PostgreSQL cannot): every entry point says 400."""

from __future__ import annotations

from gaggle import spec
from tests.answers import assert_oauth_error
from tests.builders import PASSWORD
from tests.oauth.conftest import basic, csrf_of

API = spec.API_BASE_PATH


def test_api_query_and_body(client, make):
    admin = make.user(is_admin=True)
    token = make.token(admin)
    query = client.get(f"{API}/userprofiles/?search=a%00b", headers=token)
    assert query.status_code == 400
    assert "search" in query.json()["detail"]
    body = client.post(f"{API}/departments/", headers=token, json={"name": "a\u0000b"})
    assert body.status_code == 400
    assert body.headers["content-type"] == "application/problem+json"


def test_token_endpoint(oauth):
    app = oauth.app(grant_type="password")
    response = oauth.token(
        {"grant_type": "password", "username": "owner\u0000@acme.example", "password": PASSWORD},
        basic(app),
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
    query = oauth.client.post("/o/introspect/?token=a%00", data={"token": "x"}, headers=basic(app))
    assert_oauth_error(query, 400, "invalid_request")


def test_pages(oauth):
    page = oauth.client.get("/accounts/login/")
    response = oauth.client.post(
        "/accounts/login/",
        data={
            "username": "owner\u0000@acme.example",
            "password": PASSWORD,
            "csrf_token": csrf_of(page.text),
        },
    )
    assert response.status_code == 400
    authorize = oauth.client.get("/o/authorize/?response_type=code&client_id=a%00b")
    assert authorize.status_code == 400
    assert "location" not in authorize.headers
