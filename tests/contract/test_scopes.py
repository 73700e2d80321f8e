"""Every secured operation in the spec, walked without a token, with the wrong scopes and with
the right one. Operations added to the spec are covered here without a new test."""

from __future__ import annotations

import re

import pytest

from gaggle import spec
from tests.answers import assert_problem
from tests.contract.conftest import secured_operations

ALL_SCOPES = set(
    spec.bundled()["components"]["securitySchemes"]["oauth2"]["flows"]["password"]["scopes"]
)


def _url(path: str) -> str:
    return spec.API_BASE_PATH + re.sub(r"\{[^}]+\}", "1", path)


@pytest.mark.parametrize(("method", "path", "scope"), secured_operations())
def test_no_token_is_401(client, method, path, scope):
    response = client.request(method, _url(path), json={})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="api"'
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(("method", "path", "scope"), secured_operations())
def test_unknown_token_is_401_invalid_token(client, method, path, scope):
    response = client.request(
        method, _url(path), json={}, headers={"Authorization": "Bearer not-a-token"}
    )
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["www-authenticate"]


@pytest.mark.parametrize(("method", "path", "scope"), secured_operations())
def test_every_other_scope_is_403(client, make, method, path, scope):
    admin = make.user(is_admin=True)
    others = " ".join(sorted(ALL_SCOPES - {scope, "all"}))
    response = client.request(method, _url(path), json={}, headers=make.token(admin, others))
    assert response.status_code == 403
    assert response.headers["www-authenticate"] == (
        f'Bearer realm="api", error="insufficient_scope", scope="{scope}"'
    )
    assert scope in response.json()["detail"]


@pytest.mark.parametrize(("method", "path", "scope"), secured_operations())
@pytest.mark.parametrize("granted", ["needed", "all"])
def test_the_needed_scope_or_all_passes(client, make, method, path, scope, granted):
    admin = make.user(is_admin=True)
    token = make.token(admin, scope if granted == "needed" else "all")
    response = client.request(method, _url(path), json={}, headers=token)
    assert response.status_code not in (401, 403), response.text
    assert response.status_code < 500, response.text


def test_a_token_in_the_query_string_is_not_accepted(client, make):
    headers = make.token(make.user())
    token = headers["Authorization"].split()[1]
    response = client.get(f"{spec.API_BASE_PATH}/userprofiles/me/?access_token={token}")
    assert_problem(response, 401, "Send an access token as 'Authorization: Bearer <token>'.")


def test_expired_and_revoked_tokens_are_401(client, make):
    import datetime as dt

    from sqlalchemy import update

    from gaggle import db, tokens
    from gaggle.models.oauth import AccessToken

    user = make.user()
    expired, revoked = make.token(user), make.token(user)
    now = dt.datetime.now(dt.UTC)

    def digest(headers):
        return tokens.digest(headers["Authorization"].split()[1])

    with db.transaction() as session:
        session.execute(
            update(AccessToken)
            .where(AccessToken.token_digest == digest(expired))
            .values(expires=now)
        )
        session.execute(
            update(AccessToken)
            .where(AccessToken.token_digest == digest(revoked))
            .values(revoked_at=now)
        )
    for headers in (expired, revoked):
        response = client.get(f"{spec.API_BASE_PATH}/userprofiles/me/", headers=headers)
        assert response.status_code == 401
        assert 'error="invalid_token"' in response.headers["www-authenticate"]
