"""RFC 6749 §2.3, client authentication, the same at the token, revocation and introspection
endpoints: one credential per request (the same one in HTTP Basic and the body counts as
one), and every failure says which check failed without telling whether a client exists."""

from __future__ import annotations

import base64

import pytest
from sqlalchemy import update

from gaggle import db
from gaggle.models.oauth import Application
from gaggle.oauth.validator import AUTHENTICATION_FAILED, MALFORMED_BASIC
from tests.answers import assert_oauth_error
from tests.builders import PASSWORD, App
from tests.oauth.conftest import REDIRECT, basic, pkce_pair

ENDPOINTS = ["/o/token/", "/o/revoke_token/", "/o/introspect/"]


def _fields(oauth, app: App, endpoint: str) -> dict:
    """A request of `endpoint` that succeeds once `app` authenticates: a refresh at the token
    endpoint, a token to revoke or describe at the others."""
    token = oauth.password_token(app).json()
    if endpoint == "/o/token/":
        return {"grant_type": "refresh_token", "refresh_token": token["refresh_token"]}
    return {"token": token["access_token"]}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_the_same_credentials_in_http_basic_and_the_body_are_one(oauth, endpoint):
    # requests-oauthlib's refresh with auth= and auto_refresh_kwargs sends exactly this.
    app = oauth.app(grant_type="password")
    fields = _fields(oauth, app, endpoint)
    credentials = {"client_id": app.client_id, "client_secret": app.client_secret}
    response = oauth.client.post(endpoint, data={**fields, **credentials}, headers=basic(app))
    assert response.status_code == 200, response.text
    if endpoint == "/o/introspect/":
        assert response.json()["active"] is True
    fields = _fields(oauth, app, endpoint)
    alone = oauth.client.post(
        endpoint, data={**fields, "client_secret": app.client_secret}, headers=basic(app)
    )
    assert alone.status_code == 200, alone.text


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("body", ["another client", "another secret", "another client alone"])
def test_different_credentials_in_http_basic_and_the_body_are_invalid_request(
    oauth, endpoint, body
):
    app, other = oauth.app(grant_type="password"), oauth.app(grant_type="password")
    fields = _fields(oauth, app, endpoint)
    credentials = {
        "another client": {"client_id": other.client_id, "client_secret": other.client_secret},
        "another secret": {"client_id": app.client_id, "client_secret": other.client_secret},
        "another client alone": {"client_id": other.client_id},
    }[body]
    response = oauth.client.post(endpoint, data={**fields, **credentials}, headers=basic(app))
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
    assert "different client credentials" in response.json()["error_description"]
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_no_credentials_an_unknown_client_and_a_wrong_secret_are_told_alike(oauth, endpoint):
    app = oauth.app(grant_type="password")
    fields = _fields(oauth, app, endpoint)
    tries = {
        "no secret": {"client_id": app.client_id},
        "no credentials": {},
        "unknown client": {"client_id": "no-such-client", "client_secret": app.client_secret},
        "wrong secret": {"client_id": app.client_id, "client_secret": "not the secret"},
    }
    answers = {}
    for name, credentials in tries.items():
        response = oauth.client.post(endpoint, data={**fields, **credentials})
        assert response.status_code == 401, name
        answers[name] = (response.json(), response.headers["www-authenticate"])
    body, challenge = answers["no secret"]
    assert body["error"] == "invalid_client"
    assert body["error_description"].startswith("Client authentication failed")
    assert 'error="invalid_client"' in challenge
    assert len(set(map(str, answers.values()))) == 1, answers


def _raw_basic(text: bytes) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(text).decode()}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(
    "header",
    [
        {"Authorization": "Basic"},
        {"Authorization": "Basic not-base64!"},
        _raw_basic(b"no colon"),
        _raw_basic(b"id:\xff not utf-8"),
    ],
    ids=["empty", "not base64", "no colon", "not utf-8"],
)
def test_a_malformed_basic_header_is_named(oauth, endpoint, header):
    app = oauth.app(grant_type="password")
    fields = _fields(oauth, app, endpoint)
    # Even with the client's credentials in the body: the request says two things at once.
    credentials = {"client_id": app.client_id, "client_secret": app.client_secret}
    response = oauth.client.post(endpoint, data={**fields, **credentials}, headers=header)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert "Authorization header is not HTTP Basic" in response.json()["error_description"]


@pytest.mark.parametrize("in_basic", [False, True], ids=["body", "basic"])
def test_a_public_client_that_sends_a_secret_is_told_so(oauth, in_basic):
    public = oauth.app(grant_type="password", client_type="public")
    public.client_secret = "a secret it was never given"
    grant = {"grant_type": "password", "username": "owner@acme.example", "password": "x"}
    if in_basic:
        response = oauth.token(grant, basic(public))
    else:
        response = oauth.token(
            {**grant, "client_id": public.client_id, "client_secret": public.client_secret}
        )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert "public client has no secret" in response.json()["error_description"]
    # An empty secret, as some legacy clients send for a public client, is no secret.
    public.client_secret = ""
    empty = (
        oauth.token(grant, basic(public))
        if in_basic
        else oauth.token({**grant, "client_id": public.client_id, "client_secret": ""})
    )
    assert empty.json()["error"] == "invalid_grant"  # the client passed; the password did not


def test_a_basic_header_with_a_character_outside_base64_is_malformed(oauth):
    # A lenient decoder would drop the stray character and read the credentials.
    app = oauth.app(grant_type="password")
    encoded = basic(app)["Authorization"].removeprefix("Basic ")
    header = {"Authorization": f"Basic {encoded[:8]}!{encoded[8:]}"}
    grant = {"grant_type": "password", "username": "owner@acme.example", "password": PASSWORD}
    response = oauth.token(grant, header)
    assert_oauth_error(response, 401, "invalid_client")
    assert response.json()["error_description"] == MALFORMED_BASIC
    assert oauth.token(grant, basic(app)).status_code == 200


@pytest.mark.parametrize("client_type", ["confidential", "public"])
def test_a_disabled_application_is_unknown(logged_in, client_type):
    app = logged_in.app(client_type=client_type, require_pkce=True)
    with db.transaction() as session:
        session.execute(update(Application).values(enabled=False))
    _, challenge = pkce_pair()
    page = logged_in.consent_page(
        app, redirect_uri=REDIRECT, code_challenge=challenge, code_challenge_method="S256"
    )
    assert page.status_code == 400
    assert "location" not in page.headers
    credentials = {"client_id": app.client_id}
    if client_type == "confidential":
        credentials["client_secret"] = app.client_secret
    grant = {"grant_type": "authorization_code", "code": "any", "redirect_uri": REDIRECT}
    response = logged_in.token({**grant, **credentials})
    assert_oauth_error(response, 401, "invalid_client")
    assert response.json()["error_description"] == AUTHENTICATION_FAILED


def _failures(oauth) -> dict[str, tuple[dict, dict, str]]:
    """Token requests each refused by one check of the client's credentials or the scope: the
    body, the headers and the error code."""
    confidential = oauth.app(grant_type="password")
    public = oauth.app(grant_type="password", client_type="public")
    other = oauth.app(grant_type="password")
    token = oauth.password_token(confidential, scope="objective:read").json()
    grant = {"grant_type": "password", "username": "owner@acme.example", "password": PASSWORD}
    return {
        "malformed basic": (grant, {"Authorization": "Basic not-base64!"}, "invalid_client"),
        "two credentials": (
            {**grant, "client_id": other.client_id},
            basic(confidential),
            "invalid_request",
        ),
        "public with a secret": (
            {**grant, "client_id": public.client_id, "client_secret": "a secret"},
            {},
            "invalid_client",
        ),
        "no secret": ({**grant, "client_id": confidential.client_id}, {}, "invalid_client"),
        "wrong secret": (
            {**grant, "client_id": confidential.client_id, "client_secret": "wrong"},
            {},
            "invalid_client",
        ),
        "unknown public client": ({**grant, "client_id": "no-such-client"}, {}, "invalid_client"),
        "wider scope": (
            {
                "grant_type": "refresh_token",
                "refresh_token": token["refresh_token"],
                "scope": "objective:read review:read",
            },
            basic(confidential),
            "invalid_scope",
        ),
    }


def test_a_refused_token_request_echoes_its_state_as_a_granted_one_does(oauth):
    for name, (body, headers, error) in _failures(oauth).items():
        response = oauth.token({**body, "state": "xyz"}, headers)
        assert response.json()["error"] == error, name
        assert response.json()["state"] == "xyz", name
