"""The benchmark: wrk against `gaggle serve` and the bare baseline, one Markdown table out.

    python bench/run.py [--duration 10] [--connections 32] [--workers 2]

It seeds the demo network into a throwaway SQLite database (or uses DATABASE_URL when set),
starts `gaggle serve --workers N` and the bare Flask baseline (bench/baseline.py) under the
same server with the same number of workers, both on 127.0.0.1, runs each scenario for
`--duration` seconds at `--connections` connections, and stops both servers when done.
Needs `wrk` (Debian package `wrk`).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gaggle import demo, liveserver  # noqa: E402

API = "/api/v/2.0"
WRK = shutil.which("wrk")


@dataclass
class Scenario:
    name: str
    target: str  # "api" or "baseline"
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None
    expect: int = 200
    yardstick: str | None = None  # the baseline scenario this one is compared with


@dataclass
class Result:
    scenario: Scenario
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    unexpected: int  # answers other than the expected class, plus socket errors


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _lua(scenario: Scenario) -> str:
    lines = [f'wrk.method = "{scenario.method}"']
    if scenario.body is not None:
        lines.append(f"wrk.body = {json.dumps(scenario.body)}")
    for name, value in scenario.headers.items():
        lines.append(f'wrk.headers["{name}"] = {json.dumps(value)}')
    return "\n".join(lines) + "\n"


def run_wrk(url: str, scenario: Scenario, duration: int, connections: int) -> Result:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_lua(scenario))
    try:
        out = subprocess.run(  # noqa: S603 - fixed command line
            [
                WRK,
                "--threads",
                "2",
                "--connections",
                str(connections),
                "--duration",
                f"{duration}s",
                "--timeout",
                "10s",
                "--latency",
                "--script",
                script.name,
                url + scenario.path,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=duration + 60,
        ).stdout
    finally:
        os.unlink(script.name)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non_2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    errors = 0
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        errors = sum(int(g) for g in m.groups())
    unexpected = (non_2xx if scenario.expect < 300 else total - non_2xx) + errors
    return Result(
        scenario=scenario,
        requests=total,
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        p50_ms=_ms(re.search(r"\s50%\s+(\S+)", out).group(1)),
        p99_ms=_ms(re.search(r"\s99%\s+(\S+)", out).group(1)),
        unexpected=unexpected,
    )


@contextlib.contextmanager
def baseline_server(env: dict[str, str], workers: int) -> Iterator[str]:
    port = liveserver.free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile("w+") as log:
        server = subprocess.Popen(  # noqa: S603 - our own command line
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--interface",
                "wsgi",
                "--workers",
                str(workers),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-access-log",
                "--log-level",
                "warning",
                "bench.baseline:app",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/", timeout=2):  # noqa: S310
                        pass
                except urllib.error.HTTPError:
                    break  # it answers
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        log.seek(0)
                        raise RuntimeError(f"the baseline did not start:\n{log.read()}") from None
                    time.sleep(0.2)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=30)


def _post(url: str, data: dict, headers: dict | None = None) -> dict:
    request = urllib.request.Request(  # noqa: S310 - 127.0.0.1 only
        url, data=urllib.parse.urlencode(data).encode(), headers=headers or {}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.load(response)


def _get(url: str, token: str) -> dict:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.load(response)


def password_grant_body(scope: str = "all") -> str:
    return urllib.parse.urlencode(
        {
            "grant_type": "password",
            "username": demo.PEOPLE[0][0],
            "password": demo.DEMO_PASSWORD,
            "client_id": demo.DEMO_CLIENT_ID,
            "client_secret": demo.DEMO_CLIENT_SECRET,
            "scope": scope,
        }
    )


def token(base: str, scope: str) -> str:
    return _post(
        f"{base}/o/token/",
        dict(urllib.parse.parse_qsl(password_grant_body(scope))),
    )["access_token"]


def scenarios(base: str) -> list[Scenario]:
    """What to measure, with tokens and ids read from the running demo server."""
    full = token(base, "all")
    narrow = token(base, "network:read")
    bearer = {"Authorization": f"Bearer {full}"}
    me = _get(f"{base}{API}/userprofiles/me/", full)
    caller = f"network={_id(me['network'])}&profile={me['id']}"
    someone = next(
        p for p in _get(f"{base}{API}/userprofiles/", full)["results"] if p["id"] != me["id"]
    )
    badge = _get(f"{base}{API}/badges/?active=true", full)["results"][0]
    list_path = f"{API}/recognitions/?limit=20"
    first = _get(f"{base}{list_path}", full)["results"][0]
    detail_path = f"{API}/recognitions/{first['id']}/"
    given = {"recipient": someone["id"], "badge": badge["id"], "message": "Thanks for the help!"}
    return [
        Scenario(
            "password grant",
            "api",
            "POST",
            "/o/token/",
            {"Content-Type": "application/x-www-form-urlencoded"},
            password_grant_body(),
        ),
        Scenario("list (baseline)", "baseline", "GET", f"{list_path}&{caller}"),
        Scenario("list", "api", "GET", list_path, bearer, yardstick="list (baseline)"),
        Scenario("detail (baseline)", "baseline", "GET", f"{detail_path}?{caller}"),
        Scenario("detail", "api", "GET", detail_path, bearer, yardstick="detail (baseline)"),
        Scenario(
            "write (give a recognition)",
            "api",
            "POST",
            f"{API}/recognitions/",
            {**bearer, "Content-Type": "application/json"},
            json.dumps(given),
            expect=201,
        ),
        Scenario("401 (no token)", "api", "GET", list_path, expect=401),
        Scenario(
            "403 (scope missing)",
            "api",
            "GET",
            list_path,
            {"Authorization": f"Bearer {narrow}"},
            expect=403,
        ),
    ]


def _id(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[1]


def same_answers(api: str, baseline: str, plan: list[Scenario]) -> None:
    """Stop unless the baseline answers what the API answers (but for its paging links)."""
    named = {s.name: s for s in plan}
    for name in ("list", "detail"):
        ours, yardstick = named[name], named[f"{name} (baseline)"]
        token = ours.headers["Authorization"].split()[1]
        answer = _get(api + ours.path, token)
        expected = _get(baseline + yardstick.path, token)
        for body in (answer, expected):
            body.pop("next", None)
            body.pop("previous", None)
        if json.dumps(answer).replace(api, "") != json.dumps(expected).replace(baseline, ""):
            sys.exit(f"the baseline's {name} answer differs from the API's")


def table(results: list[Result], duration: int, connections: int, workers: int) -> str:
    by_name = {r.scenario.name: r for r in results}
    lines = [
        f"{workers} workers, {connections} connections, {duration} s per scenario, "
        f"wrk on 127.0.0.1, {os.cpu_count()} CPUs.",
        "",
        "| scenario | requests/s | p50 ms | p99 ms | unexpected answers | vs. baseline |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        yard = by_name.get(r.scenario.yardstick or "")
        ratio = f"{r.rps / yard.rps:.2f}x" if yard else ""
        lines.append(
            f"| {r.scenario.name} | {r.rps:.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} "
            f"| {r.unexpected} | {ratio} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", help="run only scenarios whose name contains this")
    args = parser.parse_args()
    if WRK is None:
        sys.exit("bench/run.py needs wrk: apt-get install wrk")

    with tempfile.TemporaryDirectory() as data_dir:
        env = {
            **os.environ,
            "GAGGLE_DATA_DIR": data_dir,
            "PYTHONPATH": str(ROOT),
        }
        env.setdefault("DATABASE_URL", f"sqlite:///{data_dir}/gaggle.sqlite3")
        subprocess.run(  # noqa: S603 - our own command line
            [*liveserver.GAGGLE, "demo"], env=env, check=True, stdout=subprocess.DEVNULL
        )
        with (
            liveserver.running_server(env, "--workers", str(args.workers)) as (api, _),
            baseline_server(env, args.workers) as baseline,
        ):
            plan = scenarios(api)
            same_answers(api, baseline, plan)
            results = []
            for scenario in plan:
                if args.only and args.only not in scenario.name:
                    continue
                url = api if scenario.target == "api" else baseline
                results.append(run_wrk(url, scenario, args.duration, args.connections))
                print(f"  {scenario.name}: {results[-1].rps:.0f} requests/s", file=sys.stderr)
    print(table(results, args.duration, args.connections, args.workers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
