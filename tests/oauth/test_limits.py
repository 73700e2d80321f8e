"""The brute-force limiter slows down the source that guesses, never the account or client it
guesses at: the right credentials from anywhere else still work."""

from __future__ import annotations

import dataclasses
import datetime as dt
import ipaddress

import pytest
from sqlalchemy import func, select

from gaggle import db
from gaggle.models.ratelimit import SOURCE_FACTOR, Limiter, RateLimitBucket
from tests.answers import assert_oauth_error
from tests.builders import PASSWORD
from tests.oauth.conftest import REDIRECT, basic, csrf_of

ATTACKER = ("203.0.113.66", 4444)
VICTIM = ("198.51.100.7", 5555)


@pytest.fixture
def clients(app):
    """A test client per request source."""
    return {
        "attacker": app.test_client(client=ATTACKER),
        "victim": app.test_client(client=VICTIM),
    }


def _password_grant(client, app, password=PASSWORD, username="owner@acme.example"):
    return client.post(
        "/o/token/",
        data={"grant_type": "password", "username": username, "password": password},
        headers=basic(app),
    )


def _guess_secret(client, app, endpoint="/o/revoke_token/"):
    wrong = dataclasses.replace(app, client_secret="guess")
    return client.post(endpoint, data={"token": "anything"}, headers=basic(wrong))


def test_guessing_a_clients_secret_does_not_lock_the_client_out(oauth, clients):
    app = oauth.app(grant_type="password")
    for _ in range(5):
        assert_oauth_error(_guess_secret(clients["attacker"], app), 401, "invalid_client")
    blocked = _guess_secret(clients["attacker"], app)
    assert_oauth_error(blocked, 429, "too_many_requests")
    assert int(blocked.headers["retry-after"]) >= 1
    # The real client, from its own address, still works at every endpoint.
    victim = clients["victim"]
    token = _password_grant(victim, app)
    assert token.status_code == 200, token.text
    access = token.json()["access_token"]
    introspected = victim.post("/o/introspect/", data={"token": access}, headers=basic(app))
    assert introspected.json()["active"] is True
    assert (
        victim.post("/o/revoke_token/", data={"token": access}, headers=basic(app)).status_code
        == 200
    )


def test_guessing_a_password_at_the_sign_in_page_does_not_lock_the_user_out(oauth, clients):
    app = oauth.app(grant_type="password")
    attacker = clients["attacker"]
    for _ in range(5):
        page = attacker.get("/accounts/login/")
        attacker.post(
            "/accounts/login/",
            data={
                "username": "owner@acme.example",
                "password": "nope",
                "csrf_token": csrf_of(page.text),
            },
        )
    assert_oauth_error(_password_grant(attacker, app), 429, "too_many_requests")
    assert _password_grant(clients["victim"], app).status_code == 200


def test_the_right_credentials_work_from_a_source_that_is_not_slowed_down(oauth, clients):
    app = oauth.app(grant_type="password")
    for _ in range(4):
        assert_oauth_error(
            _password_grant(clients["attacker"], app, password="nope"), 400, "invalid_grant"
        )
    assert _password_grant(clients["attacker"], app).status_code == 200


def test_waits_grow_with_each_further_failure(app):
    limiter = Limiter(attempts=2, window=300)
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    waits = []
    with db.transaction() as session:
        for _ in range(6):
            limiter.record_failure(session, "192.0.2.1", "login:a@b.example", now)
            waits.append(limiter.status(session, "192.0.2.1", "login:a@b.example", now)[0])
        # Another account from the same source is not slowed down yet ...
        assert limiter.status(session, "192.0.2.1", "login:c@d.example", now) == (None, False)
        # ... nor the same account from another source.
        assert limiter.status(session, "192.0.2.2", "login:a@b.example", now) == (None, False)
    assert waits == [None, 1, 2, 4, 8, 16]


def test_a_source_guessing_many_accounts_is_slowed_down_for_all(app):
    limiter = Limiter(attempts=5, window=300)
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with db.transaction() as session:
        for n in range(5 * SOURCE_FACTOR):
            limiter.record_failure(session, "192.0.2.9", f"login:user{n}@b.example", now)
        assert limiter.status(session, "192.0.2.9", "login:fresh@b.example", now)[0] == 1
        assert limiter.status(session, "192.0.2.10", "login:fresh@b.example", now)[0] is None


def test_made_up_accounts_and_clients_add_no_rows(oauth, clients, app):
    real = oauth.app(grant_type="password")
    attacker = clients["attacker"]
    for n in range(12):
        _password_grant(attacker, real, username=f"ghost{n}@x.example", password="x")
        attacker.post(
            "/o/revoke_token/",
            data={"token": "t", "client_id": f"made-up-{n}", "client_secret": "x"},
        )
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(RateLimitBucket)) == 1


def test_forgotten_counters_are_cleaned_up(app):
    limiter = Limiter(attempts=5, window=300)
    then = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with db.transaction() as session:
        for n in range(30):
            limiter.record_failure(session, "192.0.2.20", f"login:user{n}@b.example", then)
        limiter.record_failure(
            session, "192.0.2.21", "login:a@b.example", then + dt.timedelta(seconds=200)
        )
    with db.transaction() as session:
        assert limiter.delete_expired(session, then + dt.timedelta(seconds=301)) == 1
        assert limiter.delete_expired(session, then + dt.timedelta(seconds=501)) == 1
        assert session.scalar(select(func.count()).select_from(RateLimitBucket)) == 0


def test_the_client_address_comes_from_trusted_proxies_only(new_app, make):
    application = new_app(trusted_proxies=(ipaddress.ip_network("10.0.0.0/8"),))
    app = make.password_app(make.user(email="owner@acme.example"))

    def grant(client, forwarded, password=PASSWORD):
        return client.post(
            "/o/token/",
            data={"grant_type": "password", "username": "owner@acme.example", "password": password},
            headers={**basic(app), "X-Forwarded-For": forwarded},
        )

    # Behind the proxy, each forwarded client is a source of its own ...
    proxy = application.test_client(client=("10.0.0.2", 1000))
    for _ in range(5):
        assert_oauth_error(grant(proxy, "192.0.2.50", password="nope"), 400, "invalid_grant")
    assert_oauth_error(grant(proxy, "192.0.2.50"), 429, "too_many_requests")
    assert grant(proxy, "192.0.2.51").status_code == 200
    # ... while what an untrusted peer forwards is ignored: it stays one source.
    outsider = application.test_client(client=("192.0.2.77", 1000))
    for n in range(5):
        assert_oauth_error(
            grant(outsider, f"198.51.100.{n}", password="nope"), 400, "invalid_grant"
        )
    assert_oauth_error(grant(outsider, "198.51.100.99"), 429, "too_many_requests")


def test_code_exchanges_with_a_wrong_secret_count_too(oauth):
    app = oauth.app()
    wrong = dataclasses.replace(app, client_secret="guess")
    exchange = {"grant_type": "authorization_code", "code": "x", "redirect_uri": REDIRECT}
    for _ in range(5):
        assert_oauth_error(oauth.token(exchange, basic(wrong)), 401, "invalid_client")
    assert_oauth_error(oauth.token(exchange, basic(app)), 429, "too_many_requests")
