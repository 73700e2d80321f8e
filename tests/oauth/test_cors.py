"""CORS: the token endpoints and the API answer browser scripts from the origins an enabled
application lists, and nobody else; the pages never do."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from gaggle import cors, db
from gaggle.models.oauth import Application, ApplicationError, check_origins
from tests.oauth.conftest import basic

SPA = "http://127.0.0.1:5173"
STRANGER = "https://evil.example"


@pytest.fixture
def spa(oauth, monkeypatch):
    # Below zero: every request reads the origins again, however little time has passed.
    monkeypatch.setattr(cors, "REFRESH_SECONDS", -1.0)
    app = oauth.app(grant_type="password")
    with db.transaction() as session:
        session.execute(
            update(Application)
            .where(Application.client_id == app.client_id)
            .values(allowed_origins=f"{SPA} https://app.example.com")
        )
    return app


def preflight(client, path, origin, method="POST"):
    return client.options(
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )


@pytest.mark.parametrize(
    "path", ["/o/token/", "/o/revoke_token", "/api/v/2.0/userprofiles/me/", "/graphql"]
)
def test_preflights_from_a_listed_origin_are_answered(oauth, spa, path):
    response = preflight(oauth.client, path, SPA)
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == SPA
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "Authorization" in response.headers["access-control-allow-headers"]
    assert "Origin" in response.headers["vary"]


@pytest.mark.parametrize("path", ["/o/token/", "/api/v/2.0/userprofiles/me/", "/accounts/login/"])
def test_other_origins_and_the_pages_get_no_cors_answer(oauth, spa, path):
    assert "access-control-allow-origin" not in preflight(oauth.client, path, STRANGER).headers
    page = preflight(oauth.client, "/accounts/login/", SPA)
    assert "access-control-allow-origin" not in page.headers


def test_token_and_api_answers_carry_the_origin_for_listed_origins_only(oauth, spa):
    token = oauth.client.post(
        "/o/token/",
        data={"grant_type": "password", "username": "owner@acme.example", "password": "x"},
        headers={**basic(spa), "Origin": SPA},
    )
    assert token.headers["access-control-allow-origin"] == SPA
    assert "X-Request-ID" in token.headers["access-control-expose-headers"]
    granted = oauth.password_token(spa).json()["access_token"]
    me = oauth.client.get(
        "/api/v/2.0/userprofiles/me/",
        headers={"Authorization": f"Bearer {granted}", "Origin": SPA},
    )
    assert me.status_code == 200 and me.headers["access-control-allow-origin"] == SPA
    stranger = oauth.client.get(
        "/api/v/2.0/userprofiles/me/",
        headers={"Authorization": f"Bearer {granted}", "Origin": STRANGER},
    )
    assert "access-control-allow-origin" not in stranger.headers


def test_a_disabled_applications_origins_are_no_longer_allowed(oauth, spa):
    assert preflight(oauth.client, "/o/token/", SPA).status_code == 204
    with db.transaction() as session:
        session.execute(update(Application).values(enabled=False))
    assert "access-control-allow-origin" not in preflight(oauth.client, "/o/token/", SPA).headers


@pytest.mark.parametrize(
    "origin",
    [
        "https://app.example.com/",
        "https://app.example.com/path",
        "http://app.example.com",
        "https://*.example.com",
        "https://user@app.example.com",
        "https://app.example.com:99999",
        "app.example.com",
    ],
)
def test_malformed_origins_are_refused(origin):
    with pytest.raises(ApplicationError, match="allowed origin"):
        check_origins(origin)


def test_origins_are_kept_in_lower_case():
    assert check_origins("https://App.Example.com http://127.0.0.1:8080") == [
        "https://app.example.com",
        "http://127.0.0.1:8080",
    ]


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_a_listed_origin_queries_graphql_with_a_token_never_with_cookies(oauth, spa, method):
    # GraphQL clients send queries by POST, or by GET (urql's default).
    allowed = preflight(oauth.client, "/graphql", SPA, method=method)
    assert allowed.status_code == 204 and method in allowed.headers["access-control-allow-methods"]
    token = oauth.password_token(spa).json()["access_token"]
    query = {"query": "{ currentUser { pk } }"}
    response = oauth.client.request(
        method,
        "/graphql",
        **({"json": query} if method == "POST" else {"params": query}),
        headers={"Origin": SPA, "Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200 and response.json()["data"]["currentUser"]["pk"]
    assert response.headers["access-control-allow-origin"] == SPA
    assert "access-control-allow-credentials" not in response.headers
    stranger = oauth.client.request(method, "/graphql", headers={"Origin": STRANGER})
    assert "access-control-allow-origin" not in stranger.headers
