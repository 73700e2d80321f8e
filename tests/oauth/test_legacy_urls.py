"""The legacy platform's URLs of the OAuth2 endpoints, `/oauth2/authorize/` and
`/oauth2/access_token/`: the same endpoints as `/o/authorize/` and `/o/token/`, with and
without the trailing slash; the server's metadata names only the canonical ones."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from tests.builders import PASSWORD
from tests.oauth.conftest import REDIRECT, basic, consent_id_of, csrf_of, pkce_pair


@pytest.mark.parametrize("slash", ["/", ""], ids=["slash", "no slash"])
def test_authorization_code_with_pkce_through_the_legacy_urls(oauth, slash):
    app = oauth.app()
    verifier, challenge = pkce_pair()
    query = urlencode(
        {
            "response_type": "code",
            "client_id": app.client_id,
            "redirect_uri": REDIRECT,
            "scope": "userprofile:read",
            "state": "legacy",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
    )
    authorize = f"/oauth2/authorize{slash}?{query}"
    to_login = oauth.client.get(authorize, follow_redirects=False)
    assert to_login.status_code == 302
    login = urlsplit(to_login.headers["location"])
    assert login.path == "/accounts/login/"
    back = urlsplit(parse_qs(login.query)["next"][0])  # here again after the login
    assert (back.path, back.query) == ("/oauth2/authorize/", query)
    assert oauth.login().status_code == 302

    page = oauth.client.get(authorize, follow_redirects=False)
    assert page.status_code == 200 and "Test App" in page.text
    decision = oauth.client.post(
        f"/oauth2/authorize{slash}",
        data={
            "csrf_token": csrf_of(page.text),
            "consent_id": consent_id_of(page.text),
            "decision": "allow",
        },
        follow_redirects=False,
    )
    assert decision.status_code == 302
    callback = urlsplit(decision.headers["location"])
    assert f"{callback.scheme}://{callback.netloc}{callback.path}" == REDIRECT
    answer = parse_qs(callback.query)
    assert answer["state"] == ["legacy"]

    token = oauth.client.post(
        f"/oauth2/access_token{slash}",
        data={
            "grant_type": "authorization_code",
            "code": answer["code"][0],
            "redirect_uri": REDIRECT,
            "code_verifier": verifier,
        },
        headers=basic(app),
    )
    assert token.status_code == 200, token.text
    assert token.headers["cache-control"] == "no-store"
    assert token.json()["scope"] == "userprofile:read"
    me = oauth.client.get(
        "/api/v/2.0/userprofiles/me/",
        headers={"Authorization": f"Bearer {token.json()['access_token']}"},
    )
    assert me.status_code == 200 and me.json()["user"]["email"] == "owner@acme.example"
    refreshed = oauth.client.post(
        f"/oauth2/access_token{slash}",
        data={"grant_type": "refresh_token", "refresh_token": token.json()["refresh_token"]},
        headers=basic(app),
    )
    assert refreshed.status_code == 200, refreshed.text


@pytest.mark.parametrize("slash", ["/", ""], ids=["slash", "no slash"])
def test_password_grant_at_the_legacy_token_url(oauth, slash):
    app = oauth.app(grant_type="password")
    grant = {"grant_type": "password", "username": "owner@acme.example", "password": PASSWORD}
    response = oauth.client.post(f"/oauth2/access_token{slash}", data=grant, headers=basic(app))
    assert response.status_code == 200, response.text
    assert response.json()["token_type"] == "Bearer" and response.json()["scope"] == "all"
    assert oauth.introspect(app, response.json()["access_token"])["active"] is True
    # Its errors are the token endpoint's: RFC 6749 error objects, never problems.
    wrong = oauth.client.post(
        f"/oauth2/access_token{slash}", data={**grant, "password": "wrong"}, headers=basic(app)
    )
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"
    as_json = oauth.client.post(f"/oauth2/access_token{slash}", json=grant, headers=basic(app))
    assert as_json.status_code == 400 and as_json.json()["error"] == "invalid_request"


def test_metadata_names_only_the_canonical_urls(client):
    metadata = client.get("/.well-known/oauth-authorization-server").json()
    assert metadata["authorization_endpoint"].endswith("/o/authorize/")
    assert metadata["token_endpoint"].endswith("/o/token/")
    assert "oauth2" not in str(metadata)
