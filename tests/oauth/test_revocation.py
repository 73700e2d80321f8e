"""RFC 7009, token revocation."""

from __future__ import annotations

from tests.answers import assert_oauth_error
from tests.oauth.conftest import basic, stored_ids


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


def test_a_revoked_refresh_token_is_retired_itself(oauth):
    app = oauth.app(grant_type="password")
    token = oauth.password_token(app).json()
    assert revoke(oauth, app, token["refresh_token"]).status_code == 200
    assert oauth.introspect(app, token["refresh_token"]) == {"active": False}
    again = oauth.token(
        {"grant_type": "refresh_token", "refresh_token": token["refresh_token"]}, basic(app)
    )
    assert_oauth_error(again, 400, "invalid_grant")


def test_revoking_one_grants_tokens_leaves_every_other_grant_alone(oauth, make):
    # A token issued without a refresh token (as the builders' are) puts the access tokens'
    # ids one ahead of the refresh tokens': a grant's access token then has the id of the
    # next grant's refresh token, and only the kind of token tells them apart.
    make.token(oauth.user)
    app = oauth.app(grant_type="password")
    grants = [oauth.password_token(app).json() for _ in range(4)]
    ids = stored_ids(grants)
    assert ids[0]["access_token"] == ids[1]["refresh_token"]
    assert ids[2]["access_token"] == ids[3]["refresh_token"]

    assert revoke(oauth, app, grants[0]["refresh_token"]).status_code == 200
    assert revoke(oauth, app, grants[2]["access_token"]).status_code == 200
    for revoked in (grants[0], grants[2]):
        for kind in ("access_token", "refresh_token"):
            assert oauth.introspect(app, revoked[kind]) == {"active": False}, kind
    for kept in (grants[1], grants[3]):
        for kind in ("access_token", "refresh_token"):
            assert oauth.introspect(app, kept[kind])["active"] is True, kind
