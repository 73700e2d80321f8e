"""RFC 6749 §6, refresh tokens: rotation, replay detection, scope narrowing."""

from __future__ import annotations

from tests.answers import assert_oauth_error
from tests.oauth.conftest import basic, stored_ids


def refresh(oauth, app, token, **extra):
    return oauth.token({"grant_type": "refresh_token", "refresh_token": token, **extra}, basic(app))


def test_refresh_rotates_and_retires_the_old_pair(oauth):
    app = oauth.app(grant_type="password")
    first = oauth.password_token(app).json()
    response = refresh(oauth, app, first["refresh_token"])
    assert response.status_code == 200
    second = response.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    assert oauth.introspect(app, second["access_token"])["active"] is True
    assert oauth.introspect(app, first["access_token"]) == {"active": False}


def test_replayed_refresh_token_revokes_its_whole_family(oauth):
    app = oauth.app(grant_type="password")
    first = oauth.password_token(app).json()
    second = refresh(oauth, app, first["refresh_token"]).json()
    replay = refresh(oauth, app, first["refresh_token"])
    assert replay.status_code == 400
    assert replay.json()["error"] == "invalid_grant"
    assert oauth.introspect(app, second["access_token"]) == {"active": False}
    assert_oauth_error(refresh(oauth, app, second["refresh_token"]), 400, "invalid_grant")


def test_other_families_survive_a_replay(oauth):
    app = oauth.app(grant_type="password")
    victim = oauth.password_token(app).json()
    bystander = oauth.password_token(app).json()
    refresh(oauth, app, victim["refresh_token"])
    refresh(oauth, app, victim["refresh_token"])
    assert oauth.introspect(app, bystander["access_token"])["active"] is True


def test_scope_can_only_narrow(oauth):
    app = oauth.app(grant_type="password")
    first = oauth.password_token(app, scope="objective:read objective:write").json()
    wider = refresh(oauth, app, first["refresh_token"], scope="objective:read review:read")
    assert wider.status_code == 400
    assert wider.json()["error"] == "invalid_scope"
    narrower = refresh(oauth, app, first["refresh_token"], scope="objective:read")
    assert narrower.status_code == 200
    assert narrower.json()["scope"] == "objective:read"


def test_refresh_token_of_another_client_is_refused(oauth):
    app = oauth.app(grant_type="password")
    other = oauth.app(grant_type="password")
    token = oauth.password_token(app).json()
    assert_oauth_error(refresh(oauth, other, token["refresh_token"]), 400, "invalid_grant")


def test_unknown_refresh_token_with_a_scope_is_invalid_grant(oauth):
    app = oauth.app(grant_type="password")
    response = refresh(oauth, app, "no-such-token", scope="objective:read")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_the_same_scope_asked_again_is_no_wider(oauth):
    app = oauth.app(grant_type="password")
    first = oauth.password_token(app, scope="objective:read objective:write").json()
    same = refresh(oauth, app, first["refresh_token"], scope="objective:write objective:read")
    assert same.status_code == 200, same.text
    assert set(same.json()["scope"].split()) == {"objective:read", "objective:write"}


def test_a_refresh_retires_its_own_access_token_and_no_other_grants_token(oauth, make):
    # As in test_revocation: a token without a refresh token puts a grant's access token at
    # the id of the next grant's refresh token.
    make.token(oauth.user)
    app = oauth.app(grant_type="password")
    first, second = (oauth.password_token(app).json() for _ in range(2))
    assert stored_ids([first])[0]["access_token"] == stored_ids([second])[0]["refresh_token"]
    assert refresh(oauth, app, first["refresh_token"]).status_code == 200
    assert oauth.introspect(app, first["access_token"]) == {"active": False}
    assert oauth.introspect(app, second["access_token"])["active"] is True
    assert refresh(oauth, app, second["refresh_token"]).status_code == 200
