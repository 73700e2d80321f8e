"""RFC 6749 §4.3, the resource owner password grant, and client authentication (§2.3)."""

from __future__ import annotations

import pytest

from gaggle import spec
from tests.answers import assert_oauth_error
from tests.builders import PASSWORD
from tests.oauth.conftest import basic


def test_password_grant_with_basic_credentials(oauth):
    app = oauth.app(grant_type="password")
    response = oauth.password_token(app, scope="userprofile:read objective:write")
    assert response.status_code == 200
    body = response.json()
    assert body["scope"] == "userprofile:read objective:write"
    assert body["expires_in"] == 36000 and body["token_type"] == "Bearer"
    assert response.headers["cache-control"] == "no-store"


def test_password_grant_with_body_credentials_and_unknown_fields(oauth):
    app = oauth.app(grant_type="password")
    response = oauth.token(
        {
            "grant_type": "password",
            "username": "owner@acme.example",
            "password": PASSWORD,
            "client_id": app.client_id,
            "client_secret": app.client_secret,
            "legacy_field": "ignored",
        }
    )
    assert response.status_code == 200
    assert response.json()["scope"] == "all"


def test_public_client_sends_only_its_client_id(oauth):
    app = oauth.app(grant_type="password", client_type="public", redirect_uris="")
    response = oauth.token(
        {
            "grant_type": "password",
            "username": "owner@acme.example",
            "password": PASSWORD,
            "client_id": app.client_id,
        }
    )
    assert response.status_code == 200


def test_wrong_password_is_invalid_grant(oauth):
    app = oauth.app(grant_type="password")
    response = oauth.token(
        {
            "grant_type": "password",
            "username": "owner@acme.example",
            "password": "not the password",
        },
        basic(app),
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"
    assert response.headers["cache-control"] == "no-store"


def test_wrong_client_secret_is_invalid_client(oauth):
    app = oauth.app(grant_type="password")
    app.client_secret = "wrong"
    response = oauth.password_token(app)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_grant_type_must_be_the_registered_one(oauth):
    code_app = oauth.app()
    response = oauth.password_token(code_app)
    assert response.status_code in (400, 401)
    assert response.json()["error"] == "unauthorized_client"


def test_unknown_scope_is_refused(oauth):
    app = oauth.app(grant_type="password")
    response = oauth.password_token(app, scope="everything")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"


def test_every_known_scope_may_be_asked_at_once(oauth):
    app = oauth.app(grant_type="password")
    every = sorted(spec.scopes())
    response = oauth.password_token(app, scope=" ".join(every))
    assert response.status_code == 200, response.text
    assert sorted(response.json()["scope"].split()) == every


def test_password_grant_is_rate_limited_the_same_for_unknown_accounts(oauth):
    app = oauth.app(grant_type="password")
    for username in ("owner@acme.example", "nobody@acme.example"):
        for _ in range(5):
            response = oauth.token(
                {"grant_type": "password", "username": username, "password": "wrong password"},
                basic(app),
            )
            assert_oauth_error(response, 400, "invalid_grant")
        blocked = oauth.token(
            {"grant_type": "password", "username": username, "password": PASSWORD}, basic(app)
        )
        assert blocked.status_code == 429, username
        assert int(blocked.headers["retry-after"]) > 0
        assert blocked.json()["error"] == "too_many_requests"


def test_client_authentication_is_rate_limited(oauth):
    app = oauth.app(grant_type="password")
    good_secret = app.client_secret
    app.client_secret = "wrong"
    for _ in range(5):
        assert oauth.password_token(app).status_code == 401
    app.client_secret = good_secret
    blocked = oauth.password_token(app)
    assert blocked.status_code == 429
    assert blocked.headers["retry-after"]


def test_token_endpoint_serves_with_and_without_slash(oauth):
    app = oauth.app(grant_type="password")
    response = oauth.client.post(
        "/o/token",
        data={"grant_type": "password", "username": "owner@acme.example", "password": PASSWORD},
        headers=basic(app),
    )
    assert response.status_code == 200


def test_lifetime_and_default_scope_are_configurable(new_app, make):
    from tests.oauth.conftest import OAuth

    configured_app = new_app(access_token_expires=600, default_scopes=("userprofile:read",))
    oauth = OAuth(configured_app.test_client(), make)
    response = oauth.password_token(oauth.app(grant_type="password"))
    assert response.json()["expires_in"] == 600
    assert response.json()["scope"] == "userprofile:read"


@pytest.mark.parametrize("account", ["active", "deactivated", "unknown"])
def test_a_failed_password_grant_costs_one_hash_of_the_same_cost(oauth, make, monkeypatch, account):
    """Active, deactivated and unknown accounts fail in the same time: each verifies exactly
    one argon2id hash with the account hashes' parameters (a dummy one when there is none)."""
    import argon2

    from gaggle import passwords

    app = oauth.app(grant_type="password")
    if account == "deactivated":
        from sqlalchemy import update

        from gaggle import db
        from gaggle.models.people import UserProfile

        with db.transaction() as session:
            session.execute(
                update(UserProfile)
                .where(UserProfile.user_id == oauth.user.id)
                .values(activated=False)
            )
    checked = []
    real = passwords.verify
    monkeypatch.setattr(
        passwords, "verify", lambda h, p: checked.append(argon2.extract_parameters(h)) or real(h, p)
    )
    username = "ghost@acme.example" if account == "unknown" else "owner@acme.example"
    response = oauth.token(
        {"grant_type": "password", "username": username, "password": "wrong password"},
        basic(app),
    )
    assert_oauth_error(response, 400, "invalid_grant")
    user_hash = argon2.extract_parameters(oauth.user.password_hash)
    client_secret = checked.pop(0)  # the client's secret, verified first
    assert client_secret == user_hash
    assert checked == [user_hash]
