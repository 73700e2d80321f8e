"""Deleting spent codes and tokens (`gaggle tokens cleanup`) keeps replay detection working."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from gaggle import db
from gaggle.models.oauth import AccessToken, RefreshToken, delete_expired
from tests.answers import assert_oauth_error
from tests.oauth.conftest import REDIRECT, basic, pkce_pair


def cleanup() -> dict[str, int]:
    with db.transaction() as session:
        return delete_expired(session, dt.datetime.now(dt.UTC), batch_size=1000)


def refresh(oauth, app, token):
    return oauth.token({"grant_type": "refresh_token", "refresh_token": token}, basic(app))


def test_a_replayed_refresh_token_still_revokes_its_family_after_cleanup(oauth):
    app = oauth.app(grant_type="password")
    first = oauth.password_token(app).json()
    second = refresh(oauth, app, first["refresh_token"]).json()
    assert cleanup()["access_tokens"] == 1  # the first access token, revoked by the refresh
    assert_oauth_error(refresh(oauth, app, first["refresh_token"]), 400, "invalid_grant")
    assert oauth.introspect(app, second["access_token"]) == {"active": False}
    assert oauth.introspect(app, second["refresh_token"]) == {"active": False}


def test_a_replayed_code_still_revokes_what_it_issued_after_cleanup(logged_in):
    app = logged_in.app()
    verifier, challenge = pkce_pair()
    code = logged_in.code(app, challenge)
    exchange = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT,
        "code_verifier": verifier,
    }
    first = logged_in.token(exchange, basic(app)).json()
    second = refresh(logged_in, app, first["refresh_token"]).json()
    # The access token the code issued is revoked by the refresh, then deleted.
    assert cleanup()["access_tokens"] == 1
    assert_oauth_error(logged_in.token(exchange, basic(app)), 400, "invalid_grant")
    assert logged_in.introspect(app, second["access_token"]) == {"active": False}
    assert logged_in.introspect(app, second["refresh_token"]) == {"active": False}


def test_cleanup_works_in_batches(oauth):
    app = oauth.app(grant_type="password")
    for _ in range(5):
        oauth.password_token(app)
    with db.transaction() as session:
        session.execute(
            AccessToken.__table__.update().values(
                expires=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
            )
        )
    now = dt.datetime.now(dt.UTC)
    counts = []
    while not counts or counts[-1] == 2:
        with db.transaction() as session:
            counts.append(delete_expired(session, now, batch_size=2)["access_tokens"])
    assert counts == [2, 2, 1]
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(AccessToken)) == 0
        assert session.scalar(select(func.count()).select_from(RefreshToken)) == 5
