"""Codes, tokens and sign-in sessions live as long as the settings say, and not a moment
longer: each is issued with its lifetime, works until its expiry and is refused from then on.

Time is set by writing a stored expiry, never by waiting. "Just before" is SOON from now: far
more than a request takes on a busy machine, far less than any lifetime that is not set low
on purpose.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from gaggle import db, tokens
from gaggle.models.base import utcnow
from gaggle.models.oauth import AccessToken, AuthorizationCode, RefreshToken
from gaggle.models.sessions import LIFETIME, UserSession
from tests.handlers.conftest import API
from tests.oauth.conftest import REDIRECT, basic, pkce_pair
from tests.oauth.test_refresh import refresh

SOON = dt.timedelta(seconds=30)


def _expire(column, value: str, at: dt.datetime) -> None:
    """Set the stored expiry of the code or token whose digest column `column` is."""
    with db.transaction() as session:
        model = column.class_
        session.execute(update(model).where(column == tokens.digest(value)).values(expires=at))


def _stored_expiry(column, value: str) -> dt.datetime:
    with db.reading() as session:
        return session.scalar(select(column.class_.expires).where(column == tokens.digest(value)))


def _between(moment: dt.datetime, start: dt.datetime, end: dt.datetime) -> bool:
    # A database may keep instants to the microsecond only.
    return start - dt.timedelta(microseconds=1) <= moment <= end


def test_a_code_and_the_tokens_it_gives_are_issued_for_their_lifetimes(logged_in, settings):
    app = logged_in.app()
    verifier, challenge = pkce_pair()
    asked = utcnow()
    code = logged_in.code(app, challenge)
    answered = utcnow()
    lifetime = dt.timedelta(seconds=settings.authorization_code_expires)
    assert _between(
        _stored_expiry(AuthorizationCode.code_digest, code), asked + lifetime, answered + lifetime
    )
    asked = utcnow()
    issued = logged_in.token(
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "code_verifier": verifier,
        },
        basic(app),
    ).json()
    answered = utcnow()
    assert issued["expires_in"] == settings.access_token_expires
    for column, seconds in (
        (AccessToken.token_digest, settings.access_token_expires),
        (RefreshToken.token_digest, settings.refresh_token_expires),
    ):
        value = issued["refresh_token" if column.class_ is RefreshToken else "access_token"]
        lifetime = dt.timedelta(seconds=seconds)
        expiry = _stored_expiry(column, value)
        assert _between(expiry, asked + lifetime, answered + lifetime), column


def _calls(client, token: str) -> list:
    """A REST call and a GraphQL query with `token`."""
    bearer = {"Authorization": f"Bearer {token}"}
    return [
        client.get(f"{API}/userprofiles/me/", headers=bearer),
        client.post("/graphql", json={"query": "{ currentUser { pk } }"}, headers=bearer),
    ]


def test_an_access_token_works_until_its_expiry_and_not_after(oauth):
    app = oauth.app(grant_type="password")
    token = oauth.password_token(app).json()["access_token"]

    _expire(AccessToken.token_digest, token, utcnow() + SOON)
    rest, graphql = _calls(oauth.client, token)
    assert rest.status_code == 200 and rest.json()["user"]["email"] == "owner@acme.example"
    assert graphql.json()["data"]["currentUser"]["pk"] == rest.json()["id"]
    assert oauth.introspect(app, token)["active"] is True

    _expire(AccessToken.token_digest, token, utcnow())
    for refused in _calls(oauth.client, token):
        assert refused.status_code == 401, refused.url
        assert 'error="invalid_token"' in refused.headers["www-authenticate"], refused.url
    assert oauth.introspect(app, token) == {"active": False}


def test_a_refresh_token_works_until_its_expiry_and_not_after(oauth):
    app = oauth.app(grant_type="password")
    kept, lapsed = (oauth.password_token(app).json()["refresh_token"] for _ in range(2))
    _expire(RefreshToken.token_digest, kept, utcnow() + SOON)
    _expire(RefreshToken.token_digest, lapsed, utcnow())
    assert refresh(oauth, app, kept).status_code == 200
    refused = refresh(oauth, app, lapsed)
    assert refused.status_code == 400
    assert refused.json()["error"] == "invalid_grant"


def test_a_code_works_until_its_expiry_and_not_after(logged_in):
    app = logged_in.app()
    kept, lapsed = pkce_pair(), pkce_pair()
    codes = [logged_in.code(app, challenge) for _, challenge in (kept, lapsed)]
    _expire(AuthorizationCode.code_digest, codes[0], utcnow() + SOON)
    _expire(AuthorizationCode.code_digest, codes[1], utcnow())
    answers = [
        logged_in.token(
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": REDIRECT,
                "code_verifier": verifier,
            },
            basic(app),
        )
        for code, (verifier, _) in zip(codes, (kept, lapsed), strict=True)
    ]
    assert answers[0].status_code == 200, answers[0].text
    assert answers[1].status_code == 400
    assert answers[1].json()["error"] == "invalid_grant"


def _session_expiry(at: dt.datetime | None = None) -> dt.datetime:
    """The only sign-in session's expiry; set to `at` first if given."""
    with db.transaction() as session:
        if at is not None:
            session.execute(update(UserSession).values(expires=at))
        return session.scalar(select(UserSession.expires))


def test_a_sign_in_session_lasts_its_lifetime_and_not_after(oauth):
    signed_in = utcnow()
    assert oauth.login().status_code == 302
    assert _between(_session_expiry(), signed_in + LIFETIME, utcnow() + LIFETIME)

    _session_expiry(utcnow() + SOON)
    assert oauth.client.get("/o/applications/", follow_redirects=False).status_code == 200
    me = oauth.client.get(f"{API}/userprofiles/me/")
    assert me.status_code == 200 and me.json()["user"]["email"] == "owner@acme.example"

    _session_expiry(utcnow())
    page = oauth.client.get("/o/applications/", follow_redirects=False)
    assert page.status_code == 302
    assert page.headers["location"].startswith("/accounts/login/")
    refused = oauth.client.get(f"{API}/userprofiles/me/")
    assert refused.status_code == 401
    assert refused.json()["detail"] == "Send an access token as 'Authorization: Bearer <token>'."
