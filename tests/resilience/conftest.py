"""Live servers over a demo database, and wrk driving them, for the resilience tests.

Every server listens on 127.0.0.1 only and is stopped when its test ends.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from gaggle import demo
from gaggle.liveserver import GAGGLE
from tests import tools

LOAD_SCRIPT = Path(__file__).with_name("load.lua")
API = "/api/v/2.0"
TIMEOUT = 30


def server_env(database_url: str, data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "GAGGLE_DATA_DIR": str(data_dir),
        "GAGGLE_SECRET_KEY": "resilience-tests",
    }


def seed_demo(env: dict[str, str]) -> None:
    subprocess.run([*GAGGLE, "demo"], env=env, check=True, capture_output=True, timeout=120)


@pytest.fixture
def demo_env(empty_database, tmp_path) -> dict[str, str]:
    """The environment of a server over a new database holding the demo network."""
    env = server_env(empty_database.url, tmp_path / "data")
    seed_demo(env)
    return env


def password_grant(base: str, password: str = demo.DEMO_PASSWORD) -> requests.Response:
    return requests.post(
        f"{base}/o/token/",
        data={
            "grant_type": "password",
            "username": demo.PEOPLE[0][0],
            "password": password,
            "client_id": demo.DEMO_CLIENT_ID,
            "client_secret": demo.DEMO_CLIENT_SECRET,
            "scope": "all",
        },
        timeout=TIMEOUT,
    )


def admin_token(base: str) -> str:
    response = password_grant(base)
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def wait_until_requests_are_read(port: int, count: int, timeout: float = 30) -> None:
    """Wait until the server on `port` has accepted `count` connections and read every byte
    sent on them, so the requests are in the server's hands, not in the kernel's queues.

    Reads the kernel's table of TCP sockets: for a listening socket the receive queue is the
    number of connections not yet accepted; for a connection, the bytes not yet read.
    """
    deadline = time.monotonic() + timeout
    while True:
        listening, accepted, unread = 0, 0, 0
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            _, local, _, state, queues = line.split(maxsplit=5)[:5]
            if int(local.split(":")[1], 16) != port:
                continue
            waiting = int(queues.split(":")[1], 16)
            if state == "0A":  # LISTEN
                listening += waiting
            elif state == "01":  # ESTABLISHED
                accepted += 1
                unread += waiting
        if accepted >= count and not listening and not unread:
            return
        assert time.monotonic() < deadline, (
            f"{accepted} of {count} connections accepted, {listening} queued, {unread} bytes unread"
        )
        time.sleep(0.005)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def department_body(name: str, token: str, base: str) -> dict:
    """A department with a leader and three members: four rows beside its own."""
    people = requests.get(
        f"{base}{API}/userprofiles/?limit=4&ordering=id", headers=bearer(token), timeout=TIMEOUT
    ).json()["results"]
    return {
        "name": name,
        "leaders": [people[0]["url"]],
        "members": [p["url"] for p in people[1:4]],
    }


@dataclass
class Load:
    requests: int
    by_class: dict[str, int]
    socket_errors: dict[str, int]
    p99_ms: float


def wrk(
    base: str,
    token: str,
    *,
    seconds: int,
    connections: int,
    reads: list[str] = (),
    write_path: str = "",
    write_body: str = "{}",
) -> Load:
    """Run wrk with load.lua against `base`; the answers by status class and socket errors."""
    executable = tools.require("wrk", shutil.which("wrk"), "apt-get install wrk")
    env = {
        **os.environ,
        "GAGGLE_TOKEN": token,
        "GAGGLE_READS": " ".join(reads),
        "GAGGLE_WRITE_PATH": write_path,
        "GAGGLE_WRITE_BODY": write_body,
    }
    result = subprocess.run(  # noqa: S603 - fixed command line
        [
            executable,
            "--threads",
            "2",
            "--connections",
            str(connections),
            "--duration",
            f"{seconds}s",
            "--timeout",
            "10s",
            "--script",
            str(LOAD_SCRIPT),
            base,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=True,
    )
    line = re.search(r"^RESULT (.*)$", result.stdout, re.MULTILINE)
    assert line, result.stdout + result.stderr
    values = dict(pair.split("=") for pair in line.group(1).split())
    return Load(
        requests=int(values["requests"]),
        by_class={k: int(values[k]) for k in ("2xx", "3xx", "4xx", "5xx")},
        socket_errors={k: int(values[k]) for k in ("connect", "read", "write", "timeout")},
        p99_ms=float(values["p99_ms"]),
    )
