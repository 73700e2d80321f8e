"""Prometheus metrics: what they count, in process, and correct across worker processes of a
live server, on a port of their own."""

from __future__ import annotations

import os
import re
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from gaggle.liveserver import free_port, live_server
from tests.answers import assert_oauth_error, assert_problem
from tests.builders import PASSWORD
from tests.oauth.conftest import basic


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus's text format (0 when absent)."""
    for line in text.splitlines():
        match = re.fullmatch(rf"{name}\{{(.*)\}} (\S+)", line) or re.fullmatch(
            rf"{name} (\S+)", line
        )
        if not match:
            continue
        if len(match.groups()) == 1:
            return float(match.group(1)) if not labels else 0.0
        found = dict(re.findall(r'(\w+)="([^"]*)"', match.group(1)))
        if all(found.get(k) == v for k, v in labels.items()):
            return float(match.group(2))
    return 0.0


def test_requests_tokens_failures_and_refusals_are_counted(new_app, make):
    application = new_app()  # counts of its own, from zero
    metrics, client = application.runtime.metrics, application.test_client()
    client_app = make.password_app(make.user(email="owner@acme.example"))

    def grant(password):
        return client.post(
            "/o/token/",
            data={"grant_type": "password", "username": "owner@acme.example", "password": password},
            headers=basic(client_app),
        )

    for _ in range(3):
        assert client.get("/healthz").status_code == 200
    assert_problem(
        client.get("/api/v/2.0/users/"),
        401,
        "Send an access token as 'Authorization: Bearer <token>'.",
    )
    assert grant(PASSWORD).status_code == 200
    for _ in range(5):
        assert_oauth_error(grant("no"), 400, "invalid_grant")
    assert_oauth_error(grant(PASSWORD), 429, "too_many_requests")
    text = metrics.exposition().decode()
    assert sample(text, "gaggle_requests_total", operation="getHealth", status="200") == 3
    assert sample(text, "gaggle_requests_total", operation="listUsers", status="401") == 1
    assert sample(text, "gaggle_request_duration_seconds_count", operation="getHealth") == 3
    assert sample(text, "gaggle_tokens_issued_total", grant_type="password") == 1
    assert sample(text, "gaggle_authentication_failures_total", kind="user") == 5
    assert sample(text, "gaggle_rate_limit_refusals_total", kind="user") == 1


def test_database_errors_are_counted(tmp_path):
    from gaggle.app import create_app
    from gaggle.settings import Settings

    down = create_app(
        Settings.from_env(
            data_dir=tmp_path, secret_key="x", database_url="postgresql://gaggle@127.0.0.1:1/x"
        )
    )
    assert down.test_client().get("/readyz").status_code == 503
    assert down.test_client().get("/api/v/2.0/users/", headers={"Authorization": "Bearer x"})
    text = down.runtime.metrics.exposition().decode()
    assert sample(text, "gaggle_database_errors_total") == 1


@pytest.mark.live
@pytest.mark.sqlite
def test_metrics_add_up_across_workers_on_their_own_port(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"GAGGLE_DATA_DIR": str(tmp_path), "GAGGLE_METRICS_PORT": str(port)}
    with live_server(env, "--workers", "2") as server:
        assert len(server.workers()) == 2
        # New connections from 8 threads at once: the workers take turns accepting them, so
        # both answer some, and the total must still add up.
        with ThreadPoolExecutor(8) as pool:
            answers = list(
                pool.map(
                    lambda _: (
                        requests.get(
                            f"{server.base}/healthz", headers={"Connection": "close"}, timeout=10
                        ).status_code
                    ),
                    range(80),
                )
            )
        assert answers == [200] * 80
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
            text = response.read().decode()
        assert sample(text, "gaggle_requests_total", operation="getHealth", status="200") == 80
        public = requests.get(f"{server.base}/metrics", timeout=10)
        assert_problem(public, 404, "No resource at /metrics.")
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2)
