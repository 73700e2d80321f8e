"""RFC 7662, token introspection."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from gaggle import db
from gaggle.models.oauth import AccessToken, RefreshToken
from gaggle.tokens import digest
from tests.answers import assert_oauth_error
from tests.oauth.conftest import basic
from tests.oauth.test_refresh import refresh


def test_active_token_is_described(oauth):
    app = oauth.app(grant_type="password")
    token = oauth.password_token(app, scope="review:read").json()
    claims = oauth.introspect(app, token["access_token"])
    assert claims["active"] is True
    assert claims["scope"] == "review:read"
    assert claims["client_id"] == app.client_id
    assert claims["username"] == "owner@acme.example"
    assert claims["exp"] > claims["iat"]


def test_unknown_expired_or_revoked_is_exactly_inactive(oauth):
    app = oauth.app(grant_type="password")
    assert oauth.introspect(app, "no-such-token") == {"active": False}
    token = oauth.password_token(app).json()
    with db.transaction() as session:
        session.execute(
            update(AccessToken).values(expires=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        )
    assert oauth.introspect(app, token["access_token"]) == {"active": False}


def test_introspection_needs_client_authentication(oauth):
    app = oauth.app(grant_type="password")
    token = oauth.password_token(app).json()
    response = oauth.client.post("/o/introspect/", data={"token": token["access_token"]})
    assert_oauth_error(response, 401, "invalid_client")
    app.client_secret = "wrong"
    response = oauth.client.post(
        "/o/introspect/", data={"token": token["access_token"]}, headers=basic(app)
    )
    assert_oauth_error(response, 401, "invalid_client")


def test_a_public_client_id_alone_is_not_enough(oauth):
    public = oauth.app(grant_type="password", client_type="public")
    confidential = oauth.app(grant_type="password")
    token = oauth.password_token(confidential).json()["access_token"]
    response = oauth.client.post(
        "/o/introspect/", data={"token": token, "client_id": public.client_id}
    )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_a_client_learns_nothing_of_another_clients_tokens(oauth):
    mine, theirs = oauth.app(grant_type="password"), oauth.app(grant_type="password")
    token = oauth.password_token(theirs).json()
    assert oauth.introspect(mine, token["access_token"]) == {"active": False}
    assert oauth.introspect(mine, token["refresh_token"]) == {"active": False}
    assert oauth.introspect(theirs, token["access_token"])["active"] is True
    assert oauth.introspect(theirs, token["refresh_token"])["active"] is True


def test_metadata_names_only_confidential_authentication_for_introspection(client):
    metadata = client.get("/.well-known/oauth-authorization-server").json()
    assert "none" not in metadata["introspection_endpoint_auth_methods_supported"]
    assert metadata["introspection_endpoint_auth_methods_supported"]


def test_an_access_token_and_its_refresh_token_are_described_claim_by_claim(oauth):
    app = oauth.app(grant_type="password")
    response = oauth.password_token(app, scope="review:read objective:read")
    token = response.json()
    with db.reading() as session:
        stored = {
            kind: session.scalar(select(model).where(model.token_digest == digest(token[kind])))
            for kind, model in (("access_token", AccessToken), ("refresh_token", RefreshToken))
        }
    for kind, token_type in (("access_token", "Bearer"), ("refresh_token", "refresh_token")):
        record = stored[kind]
        assert oauth.introspect(app, token[kind]) == {
            "active": True,
            "scope": "review:read objective:read",
            "client_id": app.client_id,
            "username": "owner@acme.example",
            "sub": str(oauth.user.id),
            "token_type": token_type,
            "exp": int(record.expires.timestamp()),
            "iat": int(record.created.timestamp()),
        }, kind
    assert stored["refresh_token"].expires > stored["access_token"].expires


def test_a_rotated_refresh_token_is_inactive(oauth):
    app = oauth.app(grant_type="password")
    first = oauth.password_token(app).json()
    second = refresh(oauth, app, first["refresh_token"]).json()
    assert oauth.introspect(app, first["refresh_token"]) == {"active": False}
    assert oauth.introspect(app, second["refresh_token"])["active"] is True
