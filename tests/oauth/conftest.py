"""OAuth2 test fixtures: a user, registered applications, and a browser-like login."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from sqlalchemy import select

from gaggle import db, tokens
from gaggle.models.oauth import AccessToken, RefreshToken, create_application
from gaggle.models.people import User
from tests.builders import PASSWORD, App

REDIRECT = "https://client.example.com/callback"


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    return verifier, challenge.rstrip(b"=").decode()


def basic(app: App) -> dict[str, str]:
    raw = f"{app.client_id}:{app.client_secret}".encode()
    return {"Authorization": "Basic " + base64.b64encode(raw).decode()}


class OAuth:
    """Registers applications and walks the flows over HTTP, as a browser and a client would."""

    def __init__(self, client, make) -> None:
        self.client = client
        self.user: User = make.user(email="owner@acme.example")

    def app(
        self,
        *,
        grant_type="authorization-code",
        client_type="confidential",
        redirect_uris=REDIRECT,
        require_pkce=True,
    ) -> App:
        with db.transaction() as session:
            application, secret = create_application(
                session=session,
                owner=session.get(User, self.user.id),
                name="Test App",
                grant_type=grant_type,
                client_type=client_type,
                redirect_uris=redirect_uris,
                require_pkce=require_pkce,
            )
            return App(application.client_id, secret)

    def login(self, email: str = "owner@acme.example", password: str = PASSWORD):
        page = self.client.get("/accounts/login/")
        csrf = csrf_of(page.text)
        return self.client.post(
            "/accounts/login/",
            data={
                "username": email,
                "password": password,
                "csrf_token": csrf,
                "next": "/o/applications/",
            },
            follow_redirects=False,
        )

    def consent_page(self, app: App, **params):
        query = {"response_type": "code", "client_id": app.client_id, "state": "xyz", **params}
        query = {k: v for k, v in query.items() if v is not None}
        return self.client.get("/o/authorize/?" + urlencode(query), follow_redirects=False)

    def decide(self, page, decision="allow"):
        return self.client.post(
            "/o/authorize/",
            data={
                "csrf_token": csrf_of(page.text),
                "consent_id": consent_id_of(page.text),
                "decision": decision,
            },
            follow_redirects=False,
        )

    def code(self, app: App, challenge: str | None = None, **params) -> str:
        params.setdefault("redirect_uri", REDIRECT)
        if challenge:
            params.update(code_challenge=challenge, code_challenge_method="S256")
        page = self.consent_page(app, **params)
        assert page.status_code == 200, page.text
        response = self.decide(page)
        assert response.status_code == 302, response.text
        query = parse_qs(urlsplit(response.headers["location"]).query)
        return query["code"][0]

    def token(self, data: dict, headers: dict | None = None):
        return self.client.post("/o/token/", data=data, headers=headers or {})

    def password_token(self, app: App, **extra):
        return self.token(
            {
                "grant_type": "password",
                "username": "owner@acme.example",
                "password": PASSWORD,
                **extra,
            },
            basic(app),
        )

    def code_token(self, app: App) -> dict:
        verifier, challenge = pkce_pair()
        code = self.code(app, challenge)
        response = self.token(
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": REDIRECT,
                "code_verifier": verifier,
            },
            basic(app),
        )
        assert response.status_code == 200, response.text
        return response.json()

    def introspect(self, app: App, token: str) -> dict:
        return self.client.post("/o/introspect/", data={"token": token}, headers=basic(app)).json()


def stored_ids(grants: list[dict]) -> list[dict[str, int]]:
    """The stored ids of each grant's access and refresh token."""
    with db.reading() as session:
        return [
            {
                kind: session.scalar(
                    select(model.id).where(model.token_digest == tokens.digest(grant[kind]))
                )
                for kind, model in (("access_token", AccessToken), ("refresh_token", RefreshToken))
            }
            for grant in grants
        ]


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def consent_id_of(html: str) -> str:
    return re.search(r'name="consent_id" value="([^"]+)"', html).group(1)


@pytest.fixture
def oauth(client, make) -> OAuth:
    return OAuth(client, make)


@pytest.fixture
def logged_in(oauth) -> OAuth:
    assert oauth.login().status_code == 302
    return oauth
