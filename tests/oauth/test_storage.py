"""Nothing secret is stored or logged in the clear."""

from __future__ import annotations

import logging

from sqlalchemy import select

from gaggle import db, models
from tests.builders import PASSWORD
from tests.oauth.conftest import REDIRECT, basic, pkce_pair


def _every_flow(oauth) -> list[str]:
    """Run every flow once; return every secret value that crossed the wire."""
    oauth.login()
    secrets = [PASSWORD]
    code_app = oauth.app()
    password_app = oauth.app(grant_type="password")
    secrets += [code_app.client_secret, password_app.client_secret]
    verifier, challenge = pkce_pair()
    code = oauth.code(code_app, challenge)
    token = oauth.token(
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "code_verifier": verifier,
        },
        basic(code_app),
    ).json()
    secrets += [code, verifier, token["access_token"], token["refresh_token"]]
    grant = oauth.password_token(password_app).json()
    secrets += [grant["access_token"], grant["refresh_token"]]
    rotated = oauth.token(
        {"grant_type": "refresh_token", "refresh_token": grant["refresh_token"]},
        basic(password_app),
    ).json()
    secrets += [rotated["access_token"], rotated["refresh_token"]]
    oauth.introspect(password_app, rotated["access_token"])
    oauth.client.post(
        "/o/revoke_token/", data={"token": rotated["access_token"]}, headers=basic(password_app)
    )
    return secrets


def test_no_column_of_any_table_holds_a_secret(oauth):
    secrets = _every_flow(oauth)
    with db.transaction() as session:
        for table in models.Base.metadata.sorted_tables:
            for row in session.execute(select(table)):
                for value in row:
                    text = str(value)
                    for secret in secrets:
                        assert secret not in text, f"{table.name} holds a secret"


def test_nothing_secret_is_logged(oauth, caplog):
    caplog.set_level(logging.DEBUG)
    secrets = _every_flow(oauth)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    logged += "\n".join(str(record.args) for record in caplog.records)
    assert caplog.records, "the flows should log something at DEBUG"
    for secret in secrets:
        assert secret not in logged
