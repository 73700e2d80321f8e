"""The legacy platform's walkthrough for GraphQL clients, end to end: the authorization-code
flow with the token URL `/o/token/?client_id=<id>&redirect_uri=<uri>` and the rest of the
exchange in the body, then /graphql with the token. Secrets in that URL stay refused."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from tests.oauth.conftest import REDIRECT, basic, logged_in, oauth, pkce_pair  # noqa: F401

GRAPHQL = "/graphql"


@pytest.mark.parametrize("client_type", ["confidential", "public"])
def test_the_legacy_token_url_gets_a_token_graphql_takes(logged_in, client_type):  # noqa: F811
    app = logged_in.app(client_type=client_type)
    verifier, challenge = pkce_pair()
    code = logged_in.code(app, challenge, scope="userprofile:read")
    token_url = "/o/token/?" + urlencode({"client_id": app.client_id, "redirect_uri": REDIRECT})
    body = {"grant_type": "authorization_code", "code": code, "code_verifier": verifier}
    if app.client_secret:
        body["client_secret"] = app.client_secret
    response = logged_in.client.post(token_url, data=body)
    assert response.status_code == 200, response.text
    token = response.json()
    assert token["scope"] == "userprofile:read"

    headers = {"Authorization": f"Bearer {token['access_token']}"}
    answer = logged_in.client.post(
        GRAPHQL, json={"query": "{ currentUser { user { email } } }"}, headers=headers
    )
    assert answer.json() == {"data": {"currentUser": {"user": {"email": "owner@acme.example"}}}}
    refused = logged_in.client.post(
        GRAPHQL, json={"query": "{ network { name } }"}, headers=headers
    ).json()
    assert refused["errors"][0]["extensions"]["scope"] == "network:read"


@pytest.mark.parametrize("secret", ["client_secret", "password"])
def test_secrets_in_the_legacy_token_url_are_still_refused(oauth, secret):  # noqa: F811
    app = oauth.app(grant_type="password")
    query = urlencode({"client_id": app.client_id, secret: "x"})
    response = oauth.client.post(
        f"/o/token/?{query}",
        data={"grant_type": "password", "username": "owner@acme.example", "password": "x"},
        headers=basic(app),
    )
    assert response.status_code == 400
    assert secret in response.json()["error_description"]
