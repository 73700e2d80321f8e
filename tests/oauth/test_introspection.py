"""RFC 7662, token introspection."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from gaggle import db
from gaggle.models.oauth import AccessToken
from tests.oauth.conftest import basic


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
    assert response.status_code == 401
    app.client_secret = "wrong"
    response = oauth.client.post(
        "/o/introspect/", data={"token": token["access_token"]}, headers=basic(app)
    )
    assert response.status_code == 401
