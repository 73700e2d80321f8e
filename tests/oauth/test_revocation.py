"""RFC 7009, token revocation."""

from __future__ import annotations

from tests.answers import assert_oauth_error
from tests.oauth.conftest import basic


def revoke(oauth, app, token, **extra):
    return oauth.client.post("/o/revoke_token/", data={"token": token, **extra}, headers=basic(app))


def test_revoking_an_access_token_revokes_its_refresh_token(oauth):
    app = oauth.app(grant_type="password")
    token = oauth.password_token(app).json()
    response = revoke(oauth, app, token["access_token"])
    assert response.status_code == 200
    assert oauth.introspect(app, token["access_token"]) == {"active": False}
    assert oauth.introspect(app, token["refresh_token"]) == {"active": False}
    again = oauth.token(
        {"grant_type": "refresh_token", "refresh_token": token["refresh_token"]}, basic(app)
    )
    assert_oauth_error(again, 400, "invalid_grant")


def test_revoking_a_refresh_token_revokes_its_access_token(oauth):
    app = oauth.app(grant_type="password")
    token = oauth.password_token(app).json()
    assert (
        revoke(oauth, app, token["refresh_token"], token_type_hint="refresh_token").status_code
        == 200
    )
    assert oauth.introspect(app, token["access_token"]) == {"active": False}


def test_unknown_token_is_answered_200(oauth):
    app = oauth.app(grant_type="password")
    assert revoke(oauth, app, "no-such-token").status_code == 200


def test_a_client_cannot_revoke_another_clients_token(oauth):
    app = oauth.app(grant_type="password")
    other = oauth.app(grant_type="password")
    token = oauth.password_token(app).json()
    revoke(oauth, other, token["access_token"])
    assert oauth.introspect(app, token["access_token"])["active"] is True


def test_revocation_needs_client_authentication(oauth):
    app = oauth.app(grant_type="password")
    token = oauth.password_token(app).json()
    response = oauth.client.post("/o/revoke_token/", data={"token": token["access_token"]})
    assert_oauth_error(response, 401, "invalid_client")
    assert oauth.introspect(app, token["access_token"])["active"] is True
