"""The database behind the servers: losing it and getting it back, and two servers sharing it."""

from __future__ import annotations

import time

import pytest
import requests

from gaggle.liveserver import live_server
from scripts.with_postgres import PostgresServer
from tests.answers import assert_problem
from tests.resilience.conftest import (
    API,
    TIMEOUT,
    admin_token,
    bearer,
    password_grant,
    seed_demo,
    server_env,
)

pytestmark = pytest.mark.resilience


@pytest.fixture
def postgres():
    """A PostgreSQL server of the test's own, so the test may stop and start it."""
    server = PostgresServer()
    try:
        server.start()
        server.create_database()
        yield server
    finally:
        server.remove()


@pytest.mark.postgres
def test_a_database_outage_is_503_and_service_resumes_without_restart(postgres, tmp_path):
    env = server_env(postgres.url, tmp_path / "data")
    seed_demo(env)
    with live_server(env, "--workers", "2") as server:
        token = admin_token(server.base)
        profiles = f"{server.base}{API}/userprofiles/"
        assert requests.get(profiles, headers=bearer(token), timeout=TIMEOUT).status_code == 200

        postgres.stop()
        for url in (profiles, f"{server.base}/readyz"):
            response = requests.get(url, headers=bearer(token), timeout=TIMEOUT)
            assert response.status_code == 503, response.text
            assert response.headers["content-type"] == "application/problem+json"
            assert response.headers["retry-after"]
            assert "database" in response.json()["detail"]
        down = password_grant(server.base)
        assert down.status_code == 503, down.text
        assert requests.get(f"{server.base}/healthz", timeout=TIMEOUT).status_code == 200

        postgres.start()
        deadline = time.monotonic() + 30
        while (
            response := requests.get(profiles, headers=bearer(token), timeout=TIMEOUT)
        ).status_code != 200:
            assert time.monotonic() < deadline, response.text
            time.sleep(0.5)
        assert response.json()["count"] > 0
        assert password_grant(server.base).status_code == 200
        log = server.output()
    assert "Traceback" not in log


def test_two_server_processes_on_one_database_behave_as_one_service(demo_env):
    with (
        live_server(demo_env) as one,
        live_server(demo_env) as two,
    ):
        # A token issued by one process is good on the other ...
        token = admin_token(one.base)
        me = requests.get(
            f"{two.base}{API}/userprofiles/me/", headers=bearer(token), timeout=TIMEOUT
        )
        assert me.status_code == 200, me.text

        # ... a write through one is read through the other ...
        patched = requests.patch(
            f"{one.base}{API}/userprofiles/{me.json()['id']}/",
            json={"about": "Written through the first process."},
            headers=bearer(token),
            timeout=TIMEOUT,
        )
        assert patched.status_code == 200, patched.text
        again = requests.get(
            f"{two.base}{API}/userprofiles/me/", headers=bearer(token), timeout=TIMEOUT
        )
        assert again.json()["about"] == "Written through the first process."

        # ... failed sign-ins through both count against one limit ...
        limit = 5
        for attempt in range(limit):
            server = (one, two)[attempt % 2]
            assert password_grant(server.base, password="wrong").status_code in (400, 401)
        for server in (one, two):
            refused = password_grant(server.base)
            assert refused.status_code == 429, refused.text
            assert int(refused.headers["retry-after"]) > 0

        # ... and a token revoked through one is refused at once by the other.
        revoked = requests.post(
            f"{two.base}/o/revoke_token/",
            data={
                "token": token,
                "client_id": "gaggle-demo-client",
                "client_secret": "gaggle-demo-client-secret",
            },
            timeout=TIMEOUT,
        )
        assert revoked.status_code == 200, revoked.text
        for server in (one, two):
            gone = requests.get(
                f"{server.base}{API}/userprofiles/me/", headers=bearer(token), timeout=TIMEOUT
            )
            assert_problem(gone, 401, "The access token is unknown, expired or revoked.")
