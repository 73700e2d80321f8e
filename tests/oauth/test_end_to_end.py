"""A real OAuth2 client library against a live server on 127.0.0.1.

requests-oauthlib drives the authorization-code flow with PKCE through the login and consent
pages, refreshes, and uses the password grant; revocation and introspection are plain form
posts, as the library has no helpers for them.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from oauthlib.oauth2 import LegacyApplicationClient
from requests_oauthlib import OAuth2Session

from gaggle.liveserver import GAGGLE, running_server

pytestmark = pytest.mark.live

PASSWORD = "end to end secret"
REDIRECT = "http://127.0.0.1:9/callback"


@pytest.fixture
def server(empty_database, tmp_path, monkeypatch):
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # the client library talks http
    env = dict(os.environ, DATABASE_URL=empty_database.url, GAGGLE_DATA_DIR=str(tmp_path))

    def gaggle(*args):
        result = subprocess.run(
            [*GAGGLE, *args], env=env, capture_output=True, text=True, check=True, timeout=120
        )
        return result.stdout

    gaggle("users", "create", "--email", "e2e@example.com", "--password", PASSWORD)
    code_app = json.loads(
        gaggle(
            "apps",
            "create",
            "--owner",
            "e2e@example.com",
            "--name",
            "E2E Web",
            "--grant-type",
            "authorization-code",
            "--client-type",
            "confidential",
            "--redirect-uris",
            REDIRECT,
        )
    )
    password_app = json.loads(
        gaggle(
            "apps",
            "create",
            "--owner",
            "e2e@example.com",
            "--name",
            "E2E Sync",
            "--grant-type",
            "password",
            "--client-type",
            "confidential",
        )
    )
    with running_server(env) as (base, _output):
        yield base, code_app, password_app


def post(url: str, **kwargs) -> requests.Response:
    return requests.post(url, timeout=30, **kwargs)


def get(url: str, **kwargs) -> requests.Response:
    return requests.get(url, timeout=30, **kwargs)


def _field(html: str, name: str) -> str:
    return unescape(re.search(rf'name="{name}" value="([^"]*)"', html).group(1))


def test_authorization_code_with_pkce_refresh_revoke_introspect(server):
    base, app, _ = server
    client = OAuth2Session(
        app["client_id"],
        redirect_uri=REDIRECT,
        scope=["objective:read", "review:read"],
        pkce="S256",
    )
    authorization_url, state = client.authorization_url(f"{base}/o/authorize/")

    browser = requests.Session()
    browser.request = functools.partial(browser.request, timeout=30)
    login_page = browser.get(authorization_url)  # redirected to the login page
    assert "Log in" in login_page.text
    consent = browser.post(
        f"{base}/accounts/login/",
        data={
            "username": "e2e@example.com",
            "password": PASSWORD,
            "csrf_token": _field(login_page.text, "csrf_token"),
            "next": _field(login_page.text, "next"),
        },
    )
    assert "Authorize" in consent.text and "E2E Web" in consent.text
    decision = browser.post(
        f"{base}/o/authorize/",
        data={
            "csrf_token": _field(consent.text, "csrf_token"),
            "consent_id": _field(consent.text, "consent_id"),
            "decision": "allow",
        },
        allow_redirects=False,
    )
    callback = decision.headers["Location"]
    assert parse_qs(urlsplit(callback).query)["state"] == [state]

    token = client.fetch_token(
        f"{base}/o/token/", authorization_response=callback, client_secret=app["client_secret"]
    )
    assert token["scope"] == ["objective:read", "review:read"]
    assert token["expires_in"] == 36000

    refreshed = client.refresh_token(
        f"{base}/o/token/", auth=(app["client_id"], app["client_secret"])
    )
    assert refreshed["access_token"] != token["access_token"]

    auth = (app["client_id"], app["client_secret"])
    active = post(
        f"{base}/o/introspect/",
        data={"token": refreshed["access_token"]},
        auth=auth,
    ).json()
    assert active["active"] is True and active["username"] == "e2e@example.com"
    revoked = post(
        f"{base}/o/revoke_token/",
        data={"token": refreshed["access_token"]},
        auth=auth,
    )
    assert revoked.status_code == 200
    assert post(
        f"{base}/o/introspect/",
        data={"token": refreshed["access_token"]},
        auth=auth,
    ).json() == {"active": False}


def test_password_grant(server):
    base, _, app = server
    client = OAuth2Session(client=LegacyApplicationClient(client_id=app["client_id"]))
    token = client.fetch_token(
        f"{base}/o/token/",
        username="e2e@example.com",
        password=PASSWORD,
        client_id=app["client_id"],
        client_secret=app["client_secret"],
    )
    assert token["token_type"] == "Bearer" and token["scope"] == ["all"]
    metadata = get(f"{base}/.well-known/oauth-authorization-server").json()
    assert metadata["token_endpoint"] == f"{base}/o/token/"


def test_refresh_with_http_basic_and_the_same_credentials_in_the_body(server):
    """requests-oauthlib's common set-up: HTTP Basic for the client, and its id and secret in
    the body too (`auto_refresh_kwargs`), on an explicit refresh and on an automatic one."""
    base, _, app = server
    credentials = {"client_id": app["client_id"], "client_secret": app["client_secret"]}
    client = OAuth2Session(client=LegacyApplicationClient(client_id=app["client_id"]))
    token = client.fetch_token(
        f"{base}/o/token/", username="e2e@example.com", password=PASSWORD, **credentials
    )
    refreshed = client.refresh_token(
        f"{base}/o/token/", auth=(app["client_id"], app["client_secret"]), **credentials
    )
    assert refreshed["access_token"] != token["access_token"]

    saved = []
    session = OAuth2Session(
        app["client_id"],
        token={**refreshed, "expires_at": 1},  # expired: the next call refreshes first
        auto_refresh_url=f"{base}/o/token/",
        auto_refresh_kwargs=credentials,
        token_updater=saved.append,
    )
    me = session.get(f"{base}/api/v/2.0/userprofiles/me/", timeout=30, **credentials)
    assert me.status_code == 200 and me.json()["user"]["email"] == "e2e@example.com"
    assert [t["access_token"] for t in saved] == [session.token["access_token"]]
    assert saved[0]["access_token"] != refreshed["access_token"]
