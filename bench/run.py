"""The benchmark: wrk against `gaggle serve` and the lean baseline, one Markdown table out.

    python bench/run.py [--duration 10] [--connections 32] [--workers 2] [--threads 4]
                        [--rounds 3] [--only NAME] [--postgres]

It seeds the demo network into a throwaway SQLite database (with `--postgres`, a throwaway
PostgreSQL server started by scripts/with_postgres.py; or the database DATABASE_URL names),
fills every collection list up to a page of 20 the demo admin sees (people in the database,
the rest through the API with the admin's token), starts `gaggle serve --workers N` and the
lean baseline (bench/baseline.py) under the same server with the same number of workers, both
on 127.0.0.1, runs each scenario for `--duration` seconds at `--connections` connections, and
stops every server it started when done.

The scenarios: the password grant; the recognitions list and one recognition, each beside the
lean baseline answering the same bytes (checked before measuring); the recognitions list in
GraphQL; the recognitions page and the legacy command line's read in GraphQL, each beside the
GraphQL floor (bench/graphql_floor.py, served as the baseline is) answering the same bytes; a
page of 20 of every collection list the OpenAPI document declares (a GET on a path
without parameters answering the paginated envelope), compared with the recognitions list;
giving a recognition; 401 and 403. The compared scenarios run first, `--rounds` times,
alternating, and the table shows each one's median round: on a shared machine one round can
be off by a tenth. After the table come the targets and whether each is met: the lean
baseline's by requests/s, the GraphQL floor's by requests per CPU-second. Last,
GET /userprofiles/me/ is measured idle and during a 20 s burst of password grants from clients
that cannot authenticate, which the brute-force limiter must keep from starving it.
Needs `wrk` (Debian package `wrk`).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from bench import graphql_floor  # noqa: E402
from gaggle import demo, liveserver, settings, spec  # noqa: E402
from gaggle.db import Database  # noqa: E402
from gaggle.models.people import (  # noqa: E402
    Network,
    UserProfile,
    create_user,
    find_user_by_email,
)
from scripts.with_postgres import PostgresServer  # noqa: E402

API = spec.API_BASE_PATH
WRK = shutil.which("wrk")
PAGE = 20  # rows per page in every list scenario
ENVELOPE = {"count", "next", "previous", "results"}
RECOGNITIONS = "recognitions list"
DETAIL = "recognition detail"
LEAN = " (lean baseline)"
# The targets: the API's requests/s as a share of the lean baseline's.
TARGETS = {RECOGNITIONS: 0.40, DETAIL: 0.35}
GRAPHQL_PAGE = "recognitions page (GraphQL)"
CLI_READ = "legacy CLI read (GraphQL)"
FLOOR = " (GraphQL floor)"
# The API's requests per CPU-second as a share of the GraphQL floor's.
GRAPHQL_TARGETS = {GRAPHQL_PAGE: 1.0, CLI_READ: 0.5}


@dataclass
class Scenario:
    name: str
    target: str  # "api", "baseline" or "floor"
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None
    expect: int = 200
    yardstick: str | None = None  # the scenario this one is compared with
    page: tuple[int, int] | None = None  # a list's results on the page, and its count


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
def baseline_server(
    env: dict[str, str], workers: int, app: str = "bench.baseline:asgi"
) -> Iterator[tuple[str, int]]:
    """`app` (the lean baseline, or the GraphQL floor) under uvicorn with `workers` workers."""
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
                app,
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
                        raise RuntimeError(f"{app} did not start:\n{log.read()}") from None
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


# -- the collection lists ------------------------------------------------------------------


def _resolved(document: dict, node: dict) -> dict:
    """`node`, or what its `$ref` (within `document`) points to."""
    while "$ref" in node:
        target = document
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def _fields(document: dict, schema: dict) -> set[str]:
    """The property names of an object schema, through references and allOf."""
    schema = _resolved(document, schema)
    names = set(schema.get("properties", {}))
    for part in schema.get("allOf", ()):
        names |= _fields(document, part)
    return names


def collection_lists() -> dict[str, str]:
    """Every top-level collection list of the OpenAPI document by name, with its path: a GET
    on a path without path parameters whose success answer is the paginated envelope."""
    document = spec.api_document()
    found = {}
    for path, item in document["paths"].items():
        operation = item.get("get")
        if operation is None or "{" in path:
            continue
        for status, response in operation["responses"].items():
            if str(status).startswith("2"):
                content = _resolved(document, response).get("content", {})
                schema = content.get("application/json", {}).get("schema", {})
                if _fields(document, schema) >= ENVELOPE:
                    found[path.strip("/")] = path
    return found


def add_people(database_url: str, wanted: int) -> None:
    """People in the demo network, reporting to its admin, until it has `wanted`: the API has
    no operation that creates them (an operator runs `gaggle users create`)."""
    database = Database(database_url)
    try:
        with database.transaction() as session:
            network = session.scalar(select(Network).where(Network.name == demo.NETWORK_NAME))
            admin = find_user_by_email(session, demo.PEOPLE[0][0]).profile
            have = session.scalar(select(func.count()).where(UserProfile.network_id == network.id))
            for number in range(have + 1, wanted + 1):
                create_user(
                    session=session,
                    email=f"person{number}@demo.gaggle.test",
                    password=demo.DEMO_PASSWORD,
                    network=network,
                    first_name="Person",
                    last_name=str(number),
                    reports_to=admin,
                    position="Engineer",
                )
    finally:
        database.dispose()


class Seeder:
    """Adds rows through the API as the demo admin; what new rows refer to is made when first
    needed."""

    def __init__(self, base: str, token: str) -> None:
        self.base, self.token = base, token

    def post(self, path: str, body: dict) -> dict:
        request = urllib.request.Request(  # noqa: S310 - 127.0.0.1 only
            f"{self.base}{API}{path}",
            data=json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return json.load(response)
        except urllib.error.HTTPError as error:
            sys.exit(f"seeding: POST {path} {body} answered {error.code}: {error.read()!r}")

    @functools.cached_property
    def me(self) -> int:
        return _get(f"{self.base}{API}/userprofiles/me/", self.token)["id"]

    @functools.cached_property
    def others(self) -> list[int]:
        people = _get(f"{self.base}{API}/userprofiles/?limit=500", self.token)["results"]
        return [p["id"] for p in people if p["id"] != self.me]

    def other(self, number: int) -> int:
        return self.others[number % len(self.others)]

    @functools.cached_property
    def objective(self) -> int:
        body = {"name": "Hold the benchmark's rows", "owners": [self.me]}
        return self.post("/objectives/", body)["id"]

    @functools.cached_property
    def cycle(self) -> int:
        body = {"name": "Benchmark", "start_date": "2026-07-01", "end_date": "2026-12-31"}
        return self.post("/reviewcycles/", {**body, "state": "active"})["id"]

    @functools.cached_property
    def badge(self) -> int:
        return _get(f"{self.base}{API}/badges/?active=true", self.token)["results"][0]["id"]


# The body of the `number`th new row of each list the admin can add to, in the admin's sight.
NEW_ROWS: dict[str, Callable[[Seeder, int], dict]] = {
    "departments": lambda s, n: {"name": f"Team {n}", "members": [s.me]},
    "objectives": lambda s, n: {"name": f"Objective {n}", "owners": [s.me]},
    "keyresults": lambda s, n: {"objective": s.objective, "name": f"Result {n}"},
    "objectivecheckins": lambda s, n: {"objective": s.objective, "message": f"Check-in {n}"},
    "reviewcycles": lambda s, n: {
        "name": f"Cycle {n}",
        "start_date": "2027-01-01",
        "end_date": "2027-06-30",
    },
    "reviews": lambda s, n: {"cycle": s.cycle, "subject": s.other(n), "reviewer": s.me},
    "badges": lambda s, n: {"name": f"Badge {n}"},
    "recognitions": lambda s, n: {
        "recipient": s.other(n),
        "badge": s.badge,
        "message": f"Thanks, #{n}!",
    },
    "privatenotes": lambda s, n: {"about": s.other(n), "text": f"Note {n}."},
    "oneonones": lambda s, n: {
        "participant": s.other(n),
        "scheduled_start": f"2027-01-{n % 28 + 1:02d}T15:00:00Z",
    },
    "feedbackrequests": lambda s, n: {"responders": [s.other(n)], "questions": ["How was it?"]},
    "feedback": lambda s, n: {
        "recipient": s.other(n),
        "text": f"Feedback {n}.",
        "state": "submitted",
    },
}


def fill_lists(base: str, token: str, lists: dict[str, str]) -> None:
    """Rows added through the API until every list the admin can add to shows a full page."""
    seeder = Seeder(base, token)
    for name, path in lists.items():
        have = _get(f"{base}{API}{path}?limit=1", token)["count"]
        if name in NEW_ROWS:
            for number in range(have + 1, PAGE + 1):
                seeder.post(path, NEW_ROWS[name](seeder, number))


def scenarios(base: str, lists: dict[str, str]) -> list[Scenario]:
    """What to measure, with tokens and ids read from the running demo server."""
    full = token(base, "all")
    narrow = token(base, "network:read")
    bearer = {"Authorization": f"Bearer {full}"}
    me = _get(f"{base}{API}/userprofiles/me/", full)
    someone = next(
        p for p in _get(f"{base}{API}/userprofiles/", full)["results"] if p["id"] != me["id"]
    )
    badge = _get(f"{base}{API}/badges/?active=true", full)["results"][0]
    list_path = f"{API}/recognitions/?limit={PAGE}"
    first = _get(f"{base}{list_path}", full)["results"][0]
    detail_path = f"{API}/recognitions/{first['id']}/"
    given = {"recipient": someone["id"], "badge": badge["id"], "message": "Thanks for the help!"}
    pages = {}
    for name, path in lists.items():
        page = _get(f"{base}{API}{path}?limit={PAGE}", full)
        pages[name] = Scenario(
            f"{name} list",
            "api",
            "GET",
            f"{API}{path}?limit={PAGE}",
            bearer,
            yardstick=RECOGNITIONS + LEAN if name == "recognitions" else RECOGNITIONS,
            page=(len(page["results"]), page["count"]),
        )
    recognitions = pages.pop("recognitions")
    return [
        Scenario(
            "password grant",
            "api",
            "POST",
            "/o/token/",
            {"Content-Type": "application/x-www-form-urlencoded"},
            password_grant_body(),
        ),
        dataclasses.replace(
            recognitions, name=RECOGNITIONS + LEAN, target="baseline", yardstick=None
        ),
        recognitions,
        Scenario(
            "recognitions list (GraphQL)",
            "api",
            "POST",
            "/graphql",
            {**bearer, "Content-Type": "application/json"},
            json.dumps({"query": WALL}),
            yardstick=RECOGNITIONS,
        ),
        *graphql_scenarios(bearer, me["id"]),
        Scenario(DETAIL + LEAN, "baseline", "GET", detail_path, bearer),
        Scenario(DETAIL, "api", "GET", detail_path, bearer, yardstick=DETAIL + LEAN),
        *pages.values(),
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


def graphql_scenarios(bearer: dict[str, str], profile_id: int) -> list[Scenario]:
    """The recognitions page and the legacy command line's read of `profile_id`, each from the
    GraphQL floor and from the API."""
    headers = {**bearer, "Content-Type": "application/json"}
    found = []
    for name, document in (
        (GRAPHQL_PAGE, graphql_floor.RECOGNITIONS_PAGE),
        (CLI_READ, graphql_floor.cli_read(profile_id)),
    ):
        body = json.dumps({"query": document})
        found.append(Scenario(name + FLOOR, "floor", "POST", "/graphql", headers, body))
        found.append(
            Scenario(name, "api", "POST", "/graphql", headers, body, yardstick=name + FLOOR)
        )
    return found


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


def _raw(url: str, headers: dict[str, str], body: str | None = None) -> bytes:
    data = None if body is None else body.encode()
    request = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310 - 127.0.0.1
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.read()


def same_answers(api: str, baseline: str, floor: str, plan: list[Scenario]) -> None:
    """Stop unless the lean baseline and the GraphQL floor answer the API's bytes (asked with
    the same Host header), and GraphQL the same recognitions as the REST list."""
    named = {s.name: s for s in plan}
    token = named[RECOGNITIONS].headers["Authorization"].split()[1]
    rest = [r["id"] for r in _get(api + named[RECOGNITIONS].path, token)["results"]]
    answer = _graphql(api, token, WALL)
    if (
        "errors" in answer
        or [edge["node"]["pk"] for edge in answer["data"]["recognitions"]["edges"]] != rest
    ):
        sys.exit("the GraphQL scenario does not answer the REST list's recognitions")
    host = {"Host": urllib.parse.urlsplit(api).netloc}
    for name in (RECOGNITIONS, DETAIL):
        ours, lean = named[name], named[name + LEAN]
        if _raw(api + ours.path, {**ours.headers, **host}) != _raw(
            baseline + lean.path, {**lean.headers, **host}
        ):
            sys.exit(f"the lean baseline's answer to the {name} differs from the API's")
    for name in (GRAPHQL_PAGE, CLI_READ):
        ours, lean = named[name], named[name + FLOOR]
        answer = _raw(api + ours.path, {**ours.headers, **host}, ours.body)
        if b'"errors"' in answer or answer != _raw(
            floor + lean.path, {**lean.headers, **host}, lean.body
        ):
            sys.exit(f"the GraphQL floor's answer to the {name} differs from the API's")
        shown = json.loads(answer)["data"]
        if name == CLI_READ:
            objectives = shown["profile"]["ownedObjectives"]["edges"]
            results = sum(len(o["node"]["keyResults"]["edges"]) for o in objectives)
            print(f"  {name}: {len(objectives)} objectives, {results} key results", file=sys.stderr)


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def table(runs: dict[str, list[Result]], args: argparse.Namespace, setting: str) -> str:
    """One row per scenario: its median round by requests/s, and the median requests per
    CPU-second; ratios of medians against what it is compared with (the lean baseline for the
    recognitions list and detail, the recognitions list for GraphQL and the other lists)."""
    rps = {name: median([r.rps for r in rs]) for name, rs in runs.items()}
    per_cpu = {name: median([r.per_cpu_second for r in rs]) for name, rs in runs.items()}
    lines = [
        f"{setting}, {args.workers} workers of {args.threads} threads, {args.connections} "
        f"connections, {args.duration} s per scenario (median of {args.rounds} rounds where "
        f"compared), wrk on 127.0.0.1, {os.cpu_count()} CPUs.",
        "",
        "| scenario | requests/s | p50 ms | p99 ms | unexpected answers | requests/CPU-s "
        "| results (count) | compared with | vs. it (requests/s) | vs. it (requests/CPU-s) |",
        "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    for name, results in runs.items():
        r = next(r for r in results if r.rps == rps[name])
        page = f"{r.scenario.page[0]} ({r.scenario.page[1]})" if r.scenario.page else ""
        yard = r.scenario.yardstick if r.scenario.yardstick in runs else None
        ratios = (
            f"{yard} | {rps[name] / rps[yard]:.2f}x | {per_cpu[name] / per_cpu[yard]:.2f}x"
            if yard
            else " | | "
        )
        lines.append(
            f"| {name} | {r.rps:.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} | {r.unexpected} "
            f"| {per_cpu[name]:.0f} | {page} | {ratios} |"
        )
    return "\n".join(lines)


def targets(runs: dict[str, list[Result]]) -> list[str]:
    """Each target, what was measured, and whether it is met."""
    rps = {name: median([r.rps for r in rs]) for name, rs in runs.items()}
    lines = []
    for name, share in TARGETS.items():
        if name in rps and name + LEAN in rps:
            ratio = rps[name] / rps[name + LEAN]
            verdict = f"{ratio:.2f}x, {'met' if ratio >= share else 'NOT met'}"
        else:
            verdict = "not measured"
        lines.append(f"- {name}: at least {share:.2f}x the lean baseline's requests/s: {verdict}")
    lists = [
        name
        for name, results in runs.items()
        if results[0].scenario.page and results[0].scenario.yardstick == RECOGNITIONS
    ]
    if RECOGNITIONS in rps and lists:
        slower = [
            f"{n} ({rps[n] / rps[RECOGNITIONS]:.2f}x)" for n in lists if rps[n] < rps[RECOGNITIONS]
        ]
        verdict = "NOT met: " + ", ".join(slower) if slower else "met"
    else:
        verdict = "not measured"
    lines.append(f"- no collection list serves fewer requests/s than the {RECOGNITIONS}: {verdict}")
    per_cpu = {name: median([r.per_cpu_second for r in rs]) for name, rs in runs.items()}
    for name, share in GRAPHQL_TARGETS.items():
        if name in per_cpu and name + FLOOR in per_cpu:
            ratio = per_cpu[name] / per_cpu[name + FLOOR]
            verdict = f"{ratio:.2f}x, {'met' if ratio >= share else 'NOT met'}"
        else:
            verdict = "not measured"
        lines.append(
            f"- {name}: at least {share:.2f}x the GraphQL floor's requests per CPU-second: "
            f"{verdict}"
        )
    short = [
        f"{name} ({results[0].scenario.page[0]})"
        for name, results in runs.items()
        if results[0].scenario.page and results[0].scenario.page[0] < PAGE
    ]
    if short:
        lines.append(f"\nLists whose page holds fewer than {PAGE} results: " + ", ".join(short))
    return lines


@contextlib.contextmanager
def database(postgres: bool, data_dir: str) -> Iterator[str]:
    """The benchmark's database URL: a throwaway PostgreSQL server's on 127.0.0.1 (stopped and
    removed at the end) with `postgres`, else DATABASE_URL, else a SQLite file in `data_dir`."""
    if not postgres:
        yield os.environ.get("DATABASE_URL") or f"sqlite:///{data_dir}/gaggle.sqlite3"
        return
    server = PostgresServer()
    try:
        server.start()
        server.create_database()
        yield server.url
    finally:
        server.remove()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=settings.DEFAULT_THREADS)
    parser.add_argument("--rounds", type=int, default=3, help="of each compared scenario")
    parser.add_argument("--only", help="run only scenarios whose name contains this")
    parser.add_argument("--postgres", action="store_true", help="on a throwaway PostgreSQL server")
    args = parser.parse_args()
    if WRK is None:
        sys.exit("bench/run.py needs wrk: apt-get install wrk")

    started = time.monotonic()
    with (
        tempfile.TemporaryDirectory() as data_dir,
        database(args.postgres, data_dir) as database_url,
    ):
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "GAGGLE_DATA_DIR": data_dir,
            "PYTHONPATH": str(ROOT),
            "GAGGLE_THREADS": str(args.threads),
        }
        subprocess.run(  # noqa: S603 - our own command line
            [*liveserver.GAGGLE, "demo"], env=env, check=True, stdout=subprocess.DEVNULL
        )
        add_people(database_url, PAGE + 4)
        with (
            liveserver.live_server(env, "--workers", str(args.workers)) as server,
            baseline_server(env, args.workers) as (baseline, baseline_pid),
            baseline_server(env, args.workers, "bench.graphql_floor:asgi") as (floor, floor_pid),
        ):
            api = server.base
            lists = collection_lists()
            fill_lists(api, token(api, "all"), lists)
            plan = scenarios(api, lists)
            same_answers(api, baseline, floor, plan)
            compared = {name for s in plan if s.yardstick for name in (s.name, s.yardstick)}
            chosen = [s for s in plan if not args.only or args.only in s.name]
            # The compared rounds first: the write scenario grows the data they read.
            order = [s for _ in range(args.rounds) for s in chosen if s.name in compared]
            order += [s for s in chosen if s.name not in compared]
            runs: dict[str, list[Result]] = {s.name: [] for s in chosen}
            load = os.getloadavg()[0]
            for scenario in order:
                url, pid = {
                    "api": (api, server.process.pid),
                    "baseline": (baseline, baseline_pid),
                    "floor": (floor, floor_pid),
                }[scenario.target]
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
            load = f"load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end"
    kind = "PostgreSQL" if database_url.startswith("postgresql") else "SQLite"
    print(table(runs, args, f"{kind} ({load})"))
    print("\nTargets:\n" + "\n".join(targets(runs)))
    if "me, idle" in runs:
        idle, loaded = runs["me, idle"][0].p99_ms, runs["me, during the burst"][0].p99_ms
        print(
            f"\np99 of GET /userprofiles/me/ during the burst: {loaded:.1f} ms, "
            f"{loaded / idle:.1f}x its idle {idle:.1f} ms (target: under 10x)."
        )
    print(f"\nThe benchmark took {time.monotonic() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
