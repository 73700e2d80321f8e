"""The benchmark: wrk against `gaggle serve` and the bare baseline, one Markdown table out.

    python bench/run.py [--duration 10] [--connections 32] [--workers 2] [--threads 4] [--rounds 3]

It seeds the demo network into a throwaway SQLite database (or uses DATABASE_URL when set),
starts `gaggle serve --workers N` and the bare Flask baseline (bench/baseline.py) under the
same server with the same number of workers, both on 127.0.0.1, runs each scenario for
`--duration` seconds at `--connections` connections, and stops both servers when done. The
scenarios compared with the baseline run first, `--rounds` times, alternating with it, and the
table shows each one's median round: on a shared machine one round can be off by a tenth.
The GraphQL scenario asks /graphql for the fields of GET /recognitions/?limit=20 (the same 20
recognitions, with both people, their accounts and the badge's URL) and is compared with that
REST list, the target being at least 0.8x its requests/s.
Last, GET /userprofiles/me/ is measured idle and during a 20 s burst of password grants from
clients that cannot authenticate, which the brute-force limiter must keep from starving it.
Needs `wrk` (Debian package `wrk`).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gaggle import demo, liveserver, settings  # noqa: E402

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
    yardstick: str | None = None  # the scenario this one is compared with


@dataclass
class Result:
    scenario: Scenario
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    unexpected: int  # answers other than the expected class, plus socket errors
    cpu_seconds: float  # used by the server's processes meanwhile

    @property
    def per_cpu_second(self) -> float:
        """Requests per second of processor time: what the server's work costs, unlike
        requests/s unaffected by other load on the machine."""
        return self.requests / self.cpu_seconds if self.cpu_seconds else 0.0


def cpu_seconds(pid: int) -> float:
    """Processor time used so far by process `pid` and its live descendants, from /proc."""
    parents: dict[int, int] = {}
    used: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
            used[int(stat.parent.name)] = int(fields[11]) + int(fields[12])  # utime, stime
    tree, grown = {pid}, True
    while grown:
        children = {child for child, parent in parents.items() if parent in tree} - tree
        tree |= children
        grown = bool(children)
    return sum(used.get(p, 0) for p in tree) / os.sysconf("SC_CLK_TCK")


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


def run_wrk(url: str, pid: int, scenario: Scenario, duration: int, connections: int) -> Result:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_lua(scenario))
    try:
        cpu_before = cpu_seconds(pid)
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
        cpu = cpu_seconds(pid) - cpu_before
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
        cpu_seconds=cpu,
    )


@contextlib.contextmanager
def baseline_server(env: dict[str, str], workers: int) -> Iterator[tuple[str, int]]:
    port = liveserver.free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile("w+") as log:
        server = subprocess.Popen(  # noqa: S603 - our own command line
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--workers",
                str(workers),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-access-log",
                "--log-level",
                "warning",
                "bench.baseline:asgi",
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
            yield base, server.pid
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


# The fields of GET /recognitions/?limit=20, in the GraphQL schema's names.
WALL = """
query Wall {
  recognitions(first: 20) { edges { node {
    pk url message awardedDate modified recognitionWebViewUrl likesCount commentsCount liked
    badge { url } sender { ...Person } recipient { ...Person }
  } } }
}
fragment Person on UserProfileNode {
  pk url position phoneNumber timezone about hireDate employeeId isManager isAdmin activated
  profileImageUrl network { url } reportsTo { url }
  user { pk url username firstName lastName email isActive dateJoined }
}
"""


def _graphql(url: str, token: str, query: str) -> dict:
    request = urllib.request.Request(  # noqa: S310 - 127.0.0.1 only
        f"{url}/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
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
        Scenario("list (baseline)", "baseline", "GET", list_path, bearer),
        Scenario("list", "api", "GET", list_path, bearer, yardstick="list (baseline)"),
        Scenario(
            "list (GraphQL)",
            "api",
            "POST",
            "/graphql",
            {**bearer, "Content-Type": "application/json"},
            json.dumps({"query": WALL}),
            yardstick="list",
        ),
        Scenario("detail (baseline)", "baseline", "GET", detail_path, bearer),
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


def burst_scenarios(base: str) -> tuple[Scenario, Scenario]:
    """An authenticated read, and the password grant of clients that cannot authenticate."""
    me = Scenario(
        "me",
        "api",
        "GET",
        f"{API}/userprofiles/me/",
        {"Authorization": f"Bearer {token(base, 'all')}"},
    )
    guessing = Scenario(
        "password grant, bad client credentials (burst)",
        "api",
        "POST",
        "/o/token/",
        {"Content-Type": "application/x-www-form-urlencoded"},
        urllib.parse.urlencode(
            {
                "grant_type": "password",
                "username": demo.PEOPLE[0][0],
                "password": "a guess",
                "client_id": "no-such-client",
                "client_secret": "a guess",
            }
        ),
        expect=401,
    )
    return me, guessing


def under_burst(url: str, pid: int, connections: int) -> list[Result]:
    """GET /userprofiles/me/ idle, then during a 20 s burst of `connections` password-grant
    clients that cannot authenticate: the guessing must not starve the API."""
    me, guessing = burst_scenarios(url)
    idle = run_wrk(url, pid, dataclasses.replace(me, name="me, idle"), 10, 2)
    burst: list[Result] = []
    thread = threading.Thread(
        target=lambda: burst.append(run_wrk(url, pid, guessing, 20, connections))
    )
    thread.start()
    time.sleep(2)
    loaded = run_wrk(url, pid, dataclasses.replace(me, name="me, during the burst"), 15, 2)
    thread.join()
    return [idle, loaded, *burst]


def _raw(url: str, headers: dict[str, str]) -> bytes:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - 127.0.0.1 only
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.read()


def same_answers(api: str, baseline: str, plan: list[Scenario]) -> None:
    """Stop unless the baseline answers the API's bytes (asked with the same Host header), and
    GraphQL the same recognitions as the REST list."""
    named = {s.name: s for s in plan}
    token = named["list"].headers["Authorization"].split()[1]
    rest = [r["id"] for r in _get(api + named["list"].path, token)["results"]]
    answer = _graphql(api, token, WALL)
    if (
        "errors" in answer
        or [edge["node"]["pk"] for edge in answer["data"]["recognitions"]["edges"]] != rest
    ):
        sys.exit("the GraphQL scenario does not answer the REST list's recognitions")
    for name in ("list", "detail"):
        ours, yardstick = named[name], named[f"{name} (baseline)"]
        host = {"Host": urllib.parse.urlsplit(api).netloc}
        if _raw(api + ours.path, {**ours.headers, **host}) != _raw(
            baseline + yardstick.path, {**yardstick.headers, **host}
        ):
            sys.exit(f"the baseline's {name} answer differs from the API's")


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def table(runs: dict[str, list[Result]], args: argparse.Namespace) -> str:
    """One row per scenario: its median round by requests/s, and the median requests per
    CPU-second; ratios of medians against the yardstick (the baseline for the REST list and
    detail, the REST list for GraphQL)."""
    rps = {name: median([r.rps for r in rs]) for name, rs in runs.items()}
    per_cpu = {name: median([r.per_cpu_second for r in rs]) for name, rs in runs.items()}
    lines = [
        f"{args.workers} workers of {args.threads} threads, {args.connections} connections, "
        f"{args.duration} s per scenario (median of {args.rounds} rounds where compared), "
        f"wrk on 127.0.0.1, {os.cpu_count()} CPUs.",
        "",
        "| scenario | requests/s | p50 ms | p99 ms | unexpected answers | requests/CPU-s "
        "| vs. yardstick (requests/s) | vs. yardstick (requests/CPU-s) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, results in runs.items():
        r = next(r for r in results if r.rps == rps[name])
        yard = r.scenario.yardstick if r.scenario.yardstick in runs else None
        ratios = (
            f"{rps[name] / rps[yard]:.2f}x | {per_cpu[name] / per_cpu[yard]:.2f}x"
            if yard
            else " | "
        )
        lines.append(
            f"| {name} | {r.rps:.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} | {r.unexpected} "
            f"| {per_cpu[name]:.0f} | {ratios} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=settings.DEFAULT_THREADS)
    parser.add_argument("--rounds", type=int, default=3, help="of each compared scenario")
    parser.add_argument("--only", help="run only scenarios whose name contains this")
    args = parser.parse_args()
    if WRK is None:
        sys.exit("bench/run.py needs wrk: apt-get install wrk")

    with tempfile.TemporaryDirectory() as data_dir:
        env = {
            **os.environ,
            "GAGGLE_DATA_DIR": data_dir,
            "PYTHONPATH": str(ROOT),
            "GAGGLE_THREADS": str(args.threads),
        }
        env.setdefault("DATABASE_URL", f"sqlite:///{data_dir}/gaggle.sqlite3")
        subprocess.run(  # noqa: S603 - our own command line
            [*liveserver.GAGGLE, "demo"], env=env, check=True, stdout=subprocess.DEVNULL
        )
        with (
            liveserver.live_server(env, "--workers", str(args.workers)) as server,
            baseline_server(env, args.workers) as (baseline, baseline_pid),
        ):
            api = server.base
            plan = scenarios(api)
            same_answers(api, baseline, plan)
            compared = {name for s in plan if s.yardstick for name in (s.name, s.yardstick)}
            chosen = [s for s in plan if not args.only or args.only in s.name]
            # The compared rounds first: the write scenario grows the data they read.
            order = [s for _ in range(args.rounds) for s in chosen if s.name in compared]
            order += [s for s in chosen if s.name not in compared]
            runs: dict[str, list[Result]] = {s.name: [] for s in chosen}
            for scenario in order:
                url, pid = (
                    (api, server.process.pid)
                    if scenario.target == "api"
                    else (baseline, baseline_pid)
                )
                run = run_wrk(url, pid, scenario, args.duration, args.connections)
                runs[scenario.name].append(run)
                print(
                    f"  {scenario.name}: {run.rps:.0f} requests/s, "
                    f"{run.per_cpu_second:.0f} per CPU-second",
                    file=sys.stderr,
                )
            if not args.only:
                for result in under_burst(api, server.process.pid, args.connections):
                    runs[result.scenario.name] = [result]
    print(table(runs, args))
    if "me, idle" in runs:
        idle, loaded = runs["me, idle"][0].p99_ms, runs["me, during the burst"][0].p99_ms
        print(
            f"\np99 of GET /userprofiles/me/ during the burst: {loaded:.1f} ms, "
            f"{loaded / idle:.1f}x its idle {idle:.1f} ms (target: under 10x)."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
