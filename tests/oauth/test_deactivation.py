"""A deactivated user or profile keeps no access: tokens inactive everywhere, no refresh, no
sign-in, and deactivating revokes what they had."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from gaggle import db
from gaggle.models.oauth import AccessToken, RefreshToken
from gaggle.models.people import User, UserProfile
from tests.answers import assert_error_page, assert_oauth_error, assert_problem
from tests.builders import PASSWORD
from tests.oauth.conftest import basic, csrf_of

API = "/api/v/2.0"


def _deactivate_directly(user_id: int, what: str) -> None:
    """Switch the account off in the database, as an operator's tool might."""
    with db.transaction() as session:
        if what == "user":
            session.execute(update(User).where(User.id == user_id).values(is_active=False))
        else:
            session.execute(
                update(UserProfile).where(UserProfile.user_id == user_id).values(activated=False)
            )


@pytest.mark.parametrize("what", ["user", "profile"])
def test_a_deactivated_persons_tokens_are_inactive_everywhere(oauth, make, what):
    app = oauth.app(grant_type="password")
    token = oauth.password_token(app).json()
    make.user(email="colleague@acme.example")
    colleague = oauth.token(
        {"grant_type": "password", "username": "colleague@acme.example", "password": PASSWORD},
        basic(app),
    ).json()
    _deactivate_directly(oauth.user.id, what)
    # Another person's tokens stay active: the check is of the token's own user.
    assert oauth.introspect(app, colleague["access_token"])["active"] is True
    assert oauth.introspect(app, colleague["refresh_token"])["active"] is True
    assert oauth.introspect(app, token["access_token"]) == {"active": False}
    assert oauth.introspect(app, token["refresh_token"]) == {"active": False}
    refreshed = oauth.token(
        {"grant_type": "refresh_token", "refresh_token": token["refresh_token"]}, basic(app)
    )
    assert refreshed.status_code == 400 and refreshed.json()["error"] == "invalid_grant"
    api = oauth.client.get(
        f"{API}/userprofiles/me/", headers={"Authorization": f"Bearer {token['access_token']}"}
    )
    assert_problem(api, 401, "The access token is unknown, expired or revoked.")


@pytest.mark.parametrize("what", ["user", "profile"])
def test_a_deactivated_person_cannot_sign_in_or_get_a_password_token(oauth, what):
    app = oauth.app(grant_type="password")
    _deactivate_directly(oauth.user.id, what)
    assert_error_page(oauth.login(), 400, "The email or password is not right.")
    assert_oauth_error(oauth.password_token(app), 400, "invalid_grant")


def test_deactivating_a_profile_revokes_its_tokens_and_sessions(oauth, make):
    admin = make.user(email="boss@acme.example", is_admin=True)
    app = oauth.app(grant_type="password")
    token = oauth.password_token(app).json()
    assert oauth.login().status_code == 302
    assert oauth.client.get("/o/applications/").status_code == 200
    response = oauth.client.patch(
        f"{API}/userprofiles/{oauth.user.profile.id}/",
        json={"activated": False},
        headers=make.token(admin),
    )
    assert response.status_code == 200, response.text
    with db.reading() as session:
        live = select(func.count()).where(AccessToken.user_id == oauth.user.id)
        assert session.scalar(live.where(AccessToken.revoked_at.is_(None))) == 0
        assert (
            session.scalar(
                select(func.count()).where(
                    RefreshToken.user_id == oauth.user.id, RefreshToken.revoked_at.is_(None)
                )
            )
            == 0
        )
    # Reactivated, the old token and the old session stay dead.
    oauth.client.patch(
        f"{API}/userprofiles/{oauth.user.profile.id}/",
        json={"activated": True},
        headers=make.token(admin),
    )
    assert oauth.introspect(app, token["access_token"]) == {"active": False}
    signed_out = oauth.client.get("/o/applications/", follow_redirects=False)
    assert signed_out.status_code == 302


def test_sign_in_and_password_grant_share_one_credential_check(oauth, monkeypatch):
    from gaggle import signin

    calls = []
    original = signin.check_user
    monkeypatch.setattr(signin, "check_user", lambda *a: calls.append(a) or original(*a))
    app = oauth.app(grant_type="password")
    page = oauth.client.get("/accounts/login/")
    oauth.client.post(
        "/accounts/login/",
        data={
            "username": "owner@acme.example",
            "password": PASSWORD,
            "csrf_token": csrf_of(page.text),
        },
    )
    oauth.password_token(app)
    assert calls == [("owner@acme.example", PASSWORD)] * 2
