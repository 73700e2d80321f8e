"""Signals to a serving process: SIGTERM drains what is in flight, SIGKILL loses nothing
committed and leaves nothing half-written."""

from __future__ import annotations

import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
import requests

from gaggle.liveserver import live_server
from tests.resilience.conftest import (
    API,
    TIMEOUT,
    admin_token,
    bearer,
    department_body,
    password_grant,
    wait_until_requests_are_read,
)

pytestmark = pytest.mark.resilience


@pytest.mark.parametrize("workers", ["1", "2"])
def test_sigterm_lets_requests_in_flight_finish_then_exits_cleanly(demo_env, workers):
    with live_server(demo_env, "--workers", workers) as server:
        # Password grants are slow on purpose (argon2id): 16 at once keep both workers busy.
        in_flight = 16
        started = threading.Barrier(in_flight + 1)

        def grant():
            started.wait()
            return password_grant(server.base)

        with ThreadPoolExecutor(in_flight) as pool:
            answers = [pool.submit(grant) for _ in range(in_flight)]
            started.wait()
            # SIGTERM only once every request has reached a worker: a connection still in the
            # listen queue is refused by a server that stops, which is right, not a lost request.
            wait_until_requests_are_read(urlsplit(server.base).port, in_flight)
            unanswered = sum(not answer.done() for answer in answers)
            server.signal(signal.SIGTERM)
            responses = [answer.result() for answer in answers]
        assert unanswered, "every grant was answered before SIGTERM; the test proved nothing"
        assert [r.status_code for r in responses] == [200] * in_flight
        assert all(r.json()["access_token"] for r in responses)
        assert server.process.wait(timeout=30) == 0, server.output()[-3000:]
        try:
            requests.get(f"{server.base}/healthz", timeout=5)
        except requests.ConnectionError:
            pass
        else:
            raise AssertionError("the server still accepts connections after SIGTERM")


def test_sigkill_of_a_worker_mid_write_loses_nothing_committed(demo_env):
    with live_server(demo_env, "--workers", "2") as server:
        token = admin_token(server.base)
        template = department_body("", token, server.base)
        created: dict[str, int] = {}  # name -> id, for every write answered 201
        failed: list[str] = []
        stop = threading.Event()

        def write(writer: int):
            n = 0
            while not stop.is_set():
                n += 1
                name = f"Killed-{writer}-{n}"
                try:
                    # A new connection per request, so writes land on both workers.
                    response = requests.post(
                        f"{server.base}{API}/departments/",
                        json={**template, "name": name},
                        headers={**bearer(token), "Connection": "close"},
                        timeout=TIMEOUT,
                    )
                except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
                    failed.append(name)  # the worker died before or while answering
                    continue
                assert response.status_code == 201, response.text
                created[name] = response.json()["id"]

        def written(count: int) -> None:
            """Wait until `count` writes were answered 201 (a generous bound: a few seconds'
            work on a busy machine)."""
            deadline = time.monotonic() + 60
            while len(created) < count:
                assert time.monotonic() < deadline, f"{len(created)} of {count} writes done"
                time.sleep(0.05)

        workers = server.workers()
        assert len(workers) == 2, workers
        with ThreadPoolExecutor(12) as pool:
            writers = [pool.submit(write, i) for i in range(12)]
            written(10)
            os.kill(workers[0], signal.SIGKILL)
            # The surviving worker, and the one started in place of the killed one, serve on.
            written(len(created) + 10)
            stop.set()
            for writer in writers:
                writer.result()

        assert failed, "the kill interrupted no request; the test proved nothing"
        stored = requests.get(
            f"{server.base}{API}/departments/?limit=500&search=Killed-",
            headers=bearer(token),
            timeout=TIMEOUT,
        ).json()
        by_name = {d["name"]: d for d in stored["results"]}
        assert stored["count"] == len(by_name) < 500
        # Nothing answered 201 is missing ...
        assert {name: by_name[name]["id"] for name in created} == created
        # ... and every stored department, including one whose answer was lost with the
        # worker, has all of its leaders and members: no write is half done.
        for department in by_name.values():
            assert department["leaders"] == template["leaders"], department
            assert department["members"] == template["members"], department
        assert set(by_name) - set(created) <= set(failed)
