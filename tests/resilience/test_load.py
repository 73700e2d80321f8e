"""Sustained load: no 5xx and no socket errors at 64 connections, and SQLite's writers queue
for the write lock instead of failing with "database is locked"."""

from __future__ import annotations

import json
import os

import pytest
import requests

from gaggle.liveserver import live_server
from tests.resilience.conftest import (
    API,
    TIMEOUT,
    admin_token,
    bearer,
    department_body,
    seed_demo,
    server_env,
    wrk,
)

pytestmark = pytest.mark.resilience

SOAK_SECONDS = int(os.environ.get("GAGGLE_SOAK_SECONDS", "60"))


def test_a_minute_at_64_connections_ends_with_no_5xx_and_no_socket_errors(demo_env):
    with live_server(demo_env, "--workers", "2") as server:
        token = admin_token(server.base)
        me = requests.get(
            f"{server.base}{API}/userprofiles/me/", headers=bearer(token), timeout=TIMEOUT
        ).json()
        someone = next(
            p["id"]
            for p in requests.get(
                f"{server.base}{API}/userprofiles/", headers=bearer(token), timeout=TIMEOUT
            ).json()["results"]
            if p["id"] != me["id"]
        )
        badge = requests.get(
            f"{server.base}{API}/badges/", headers=bearer(token), timeout=TIMEOUT
        ).json()["results"][0]["id"]
        given = {"recipient": someone, "badge": badge, "message": "Thanks, %s!"}
        load = wrk(
            server.base,
            token,
            seconds=SOAK_SECONDS,
            connections=64,
            reads=[
                f"{API}/recognitions/?limit=20",
                f"{API}/userprofiles/{me['id']}/",
                f"{API}/departments/?limit=20",
                f"{API}/objectives/?limit=20",
                f"{API}/",
            ],
            write_path=f"{API}/recognitions/",
            write_body=json.dumps(given),
        )
        log = server.output()
    assert load.by_class["5xx"] == 0, log[-3000:]
    assert load.socket_errors == {"connect": 0, "read": 0, "write": 0, "timeout": 0}
    assert load.by_class["4xx"] == 0
    assert load.requests > SOAK_SECONDS * 50, load
    assert load.by_class["2xx"] == load.requests


@pytest.mark.sqlite
def test_sqlite_writers_on_two_workers_never_see_database_is_locked(tmp_path):
    env = server_env(f"sqlite:///{tmp_path / 'writers.sqlite3'}", tmp_path / "data")
    seed_demo(env)
    with live_server(env, "--workers", "2") as server:
        token = admin_token(server.base)
        body = department_body("Writer %s", token, server.base)
        load = wrk(
            server.base,
            token,
            seconds=10,
            connections=32,
            write_path=f"{API}/departments/",
            write_body=json.dumps(body),
        )
        stored = requests.get(
            f"{server.base}{API}/departments/?search=Writer&limit=1",
            headers=bearer(token),
            timeout=TIMEOUT,
        ).json()["count"]
        log = server.output()
    assert "database is locked" not in log
    assert load.by_class == {"2xx": load.requests, "3xx": 0, "4xx": 0, "5xx": 0}, log[-3000:]
    assert load.socket_errors == {"connect": 0, "read": 0, "write": 0, "timeout": 0}
    # Every write wrk counted was committed (wrk stops without waiting for the last answers,
    # so a few more may have been committed than it counted).
    assert load.requests <= stored <= load.requests + 32
    assert load.requests > 100


def test_a_worker_of_one_thread_serves_many_connections(demo_env):
    # Token checks and handlers share the worker's threads: with one thread, neither may wait
    # for the other, or the first request in flight stalls every connection.
    with live_server(demo_env | {"GAGGLE_THREADS": "1"}) as server:
        token = admin_token(server.base)
        body = department_body("One thread %s", token, server.base)
        load = wrk(
            server.base,
            token,
            seconds=5,
            connections=16,
            reads=[f"{API}/recognitions/?limit=20", f"{API}/departments/?limit=20"],
            write_path=f"{API}/departments/",
            write_body=json.dumps(body),
        )
        log = server.output()
    assert load.by_class == {"2xx": load.requests, "3xx": 0, "4xx": 0, "5xx": 0}, log[-3000:]
    assert load.socket_errors == {"connect": 0, "read": 0, "write": 0, "timeout": 0}
    assert load.requests > 100
