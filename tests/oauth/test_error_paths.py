"""Requests a careless or hostile client sends get a 400 with the real reason, never a 500,
and the server stays healthy."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from tests.builders import PASSWORD
from tests.oauth.conftest import REDIRECT, basic, pkce_pair


@pytest.mark.parametrize("secret", ["password", "client_secret", "refresh_token", "code"])
def test_secrets_in_the_token_url_are_refused(oauth, caplog, secret):
    app = oauth.app(grant_type="password")
    query = urlencode({"grant_type": "password", "username": "owner@acme.example", secret: "x"})
    response = oauth.client.post(f"/o/token/?{query}", data={}, headers=basic(app))
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
    assert secret in response.json()["error_description"]
    assert response.headers["cache-control"] == "no-store"
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
    assert oauth.client.get("/readyz").status_code == 200


def test_client_id_and_redirect_uri_in_the_token_url_are_taken(logged_in):
    # The legacy GraphQL walkthrough's token URL: /o/token/?client_id=<id>&redirect_uri=<uri>
    app = logged_in.app(client_type="public")
    verifier, challenge = pkce_pair()
    code = logged_in.code(app, challenge)
    query = urlencode({"client_id": app.client_id, "redirect_uri": REDIRECT})
    response = logged_in.client.post(
        f"/o/token/?{query}",
        data={"grant_type": "authorization_code", "code": code, "code_verifier": verifier},
    )
    assert response.status_code == 200, response.text
    assert response.json()["access_token"]


GRANT = "grant_type=password&username=owner@acme.example&password=" + PASSWORD.replace(" ", "+")


@pytest.mark.parametrize(
    "body",
    [
        "{grant}&scope=review:read objective:read",
        "{grant}&scope=all&extra[]=x",
        "{grant}&scope=all&note=café",
    ],
    ids=["raw space", "brackets", "non-ascii"],
)
def test_a_loosely_encoded_form_is_read_as_the_legacy_server_did(oauth, body):
    app = oauth.app(grant_type="password")
    response = oauth.client.post(
        "/o/token/",
        content=body.format(grant=GRANT).encode(),
        headers={**basic(app), "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 200, response.text


def test_a_loosely_encoded_form_gets_its_real_error(oauth):
    app = oauth.app(grant_type="password")
    password = PASSWORD.replace(" ", "+")
    response = oauth.client.post(
        "/o/token/",
        content=f"grant_type=password&username=owner@acme.example&password={password}"
        "&scope=review:read no-such-scope".encode(),
        headers={**basic(app), "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"


def test_a_json_token_request_is_an_oauth_error_not_a_problem(oauth):
    app = oauth.app(grant_type="password")
    response = oauth.client.post("/o/token/", json={"grant_type": "password"}, headers=basic(app))
    assert response.status_code == 400
    assert response.json()["error"] in ("invalid_request", "unsupported_grant_type")


@pytest.mark.parametrize(
    "redirect_uri",
    [
        "http://127.0.0.1:99999/callback",
        "http://x@127.0.0.1/callback",
        "http://user:pw@127.0.0.1:8080/callback",
    ],
)
def test_authorize_refuses_a_malformed_loopback_redirect_uri_and_never_redirects(
    logged_in, redirect_uri
):
    app = logged_in.app(client_type="public", redirect_uris="http://127.0.0.1/callback")
    _, challenge = pkce_pair()
    response = logged_in.consent_page(
        app, redirect_uri=redirect_uri, code_challenge=challenge, code_challenge_method="S256"
    )
    assert response.status_code == 400
    assert "location" not in response.headers
    assert response.headers["content-type"].startswith("text/html")


def test_a_valid_loopback_port_is_still_accepted(logged_in):
    app = logged_in.app(client_type="public", redirect_uris="http://127.0.0.1/callback")
    _, challenge = pkce_pair()
    response = logged_in.consent_page(
        app,
        redirect_uri="http://127.0.0.1:51000/callback",
        code_challenge=challenge,
        code_challenge_method="S256",
    )
    assert response.status_code == 200


def test_the_authorization_response_names_its_issuer(logged_in):
    app = logged_in.app()
    _, challenge = pkce_pair()
    page = logged_in.consent_page(
        app, redirect_uri=REDIRECT, code_challenge=challenge, code_challenge_method="S256"
    )
    response = logged_in.decide(page)
    query = parse_qs(urlsplit(response.headers["location"]).query)
    issuer = logged_in.client.get("/.well-known/oauth-authorization-server").json()["issuer"]
    assert query["iss"] == [issuer] and query["code"] and query["state"] == ["xyz"]
