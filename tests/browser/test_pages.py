"""The OAuth pages in a real browser: login, registration, consent, authorized apps."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests

from tests.answers import assert_problem
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

CALLBACK = "http://127.0.0.1:9/callback"


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def capture_callback(page) -> list[str]:
    """Answer the client's redirect URI in the browser and remember what it was sent."""
    seen: list[str] = []

    def fulfil(route):
        seen.append(route.request.url)
        route.fulfill(status=200, body="callback received", content_type="text/plain")

    page.route(f"{CALLBACK}**", fulfil)
    return seen


def test_login_page_logs_in_and_is_protected(page, server):
    base, _ = server
    response = page.goto(f"{base}/accounts/login/")
    headers = response.headers
    assert headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["referrer-policy"] == "no-referrer"
    assert page.locator("input[name=csrf_token]").get_attribute("value")
    log_in(page, base)
    page.wait_for_url(f"{base}/o/applications/")
    assert "alice@example.com" in page.inner_text("header")


def test_wrong_password_shows_an_error(page, server):
    base, _ = server
    page.goto(f"{base}/accounts/login/")
    page.fill("#username", "alice@example.com")
    page.fill("#password", "not my password")
    page.click("main button[type=submit]")
    assert "not right" in page.inner_text("[role=alert]")


def test_register_an_app_shows_the_secret_once(page, server):
    base, _ = server
    log_in(page, base)
    page.goto(f"{base}/o/applications/register/")
    page.fill("#name", "Browser App")
    page.select_option("#grant_type", "password")
    page.click("main button[type=submit]")
    secret = page.inner_text("#client_secret")
    client_id = page.inner_text("#client_id")
    assert len(secret) > 40
    page.goto(f"{base}/o/applications/")
    page.click("text=Browser App")
    assert client_id in page.content() and secret not in page.content()
    token = requests.post(
        f"{base}/o/token/",
        timeout=30,
        auth=(client_id, secret),
        data={
            "grant_type": "password",
            "username": "alice@example.com",
            "password": "browser test secret",
        },
    )
    assert token.status_code == 200


def _authorize_url(base: str, client_id: str, challenge: str) -> str:
    return f"{base}/o/authorize/?" + urlencode(
        {
            "response_type": "code",
            "client_id": client_id,
            "redirect_uri": CALLBACK,
            "scope": "userprofile:read objective:read",
            "state": "s-123",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
    )


def _code_app(gaggle) -> dict:
    return json.loads(
        gaggle(
            "apps",
            "create",
            "--owner",
            "alice@example.com",
            "--name",
            "Partner Portal",
            "--grant-type",
            "authorization-code",
            "--client-type",
            "public",
            "--redirect-uris",
            CALLBACK,
        )
    )


def test_consent_allow_then_authorized_apps_revoke(page, server):
    base, gaggle = server
    app = _code_app(gaggle)
    seen = capture_callback(page)
    verifier, challenge = pkce()
    page.goto(_authorize_url(base, app["client_id"], challenge))
    log_in(page, base)
    page.wait_for_selector("#scopes")
    consent = page.inner_text("main")
    assert "Partner Portal" in consent
    assert "See the people in your network" in consent and "See objectives" in consent
    page.click("button[value=allow]")
    page.wait_for_url(f"{CALLBACK}**")
    query = parse_qs(urlsplit(seen[-1]).query)
    assert query["state"] == ["s-123"]
    token = requests.post(
        f"{base}/o/token/",
        timeout=30,
        data={
            "grant_type": "authorization_code",
            "code": query["code"][0],
            "client_id": app["client_id"],
            "redirect_uri": CALLBACK,
            "code_verifier": verifier,
        },
    ).json()
    me = requests.get(
        f"{base}/api/v/2.0/userprofiles/me/",
        timeout=30,
        headers={"Authorization": f"Bearer {token['access_token']}"},
    )
    assert me.status_code == 200

    page.goto(f"{base}/o/authorized_tokens/")
    assert "Partner Portal" in page.inner_text("main")
    page.click("text=Revoke")
    page.wait_for_url(f"{base}/o/authorized_tokens/")
    assert "Partner Portal" not in page.inner_text("main")
    again = requests.get(
        f"{base}/api/v/2.0/userprofiles/me/",
        timeout=30,
        headers={"Authorization": f"Bearer {token['access_token']}"},
    )
    assert_problem(again, 401, "The access token is unknown, expired or revoked.")


def test_consent_deny_returns_access_denied(page, server):
    base, gaggle = server
    app = _code_app(gaggle)
    seen = capture_callback(page)
    log_in(page, base)
    page.goto(_authorize_url(base, app["client_id"], pkce()[1]))
    page.click("button[value=deny]")
    page.wait_for_url(f"{CALLBACK}**")
    assert parse_qs(urlsplit(seen[-1]).query) == {
        "error": ["access_denied"],
        "state": ["s-123"],
        "iss": [base],  # RFC 9207
    }


def test_consent_page_cannot_be_framed(page, server):
    base, gaggle = server
    app = _code_app(gaggle)
    log_in(page, base)
    response = page.goto(_authorize_url(base, app["client_id"], pkce()[1]))
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    # A page of another origin that frames the consent page gets nothing rendered in it.
    page.route(
        "http://127.0.0.1:9/evil",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            body=f'<iframe id="f" src="{_authorize_url(base, app["client_id"], pkce()[1])}">'
            "</iframe>",
        ),
    )
    page.goto("http://127.0.0.1:9/evil")
    frame = page.frame_locator("#f")
    assert frame.locator("button[value=allow]").count() == 0
