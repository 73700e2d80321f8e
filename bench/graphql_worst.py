"""The costliest GraphQL documents still accepted at the default limits, timed on one core.

    python bench/graphql_worst.py [--postgres] [--rounds 3] [--only TEXT]

It seeds the demo network into a throwaway SQLite database (with `--postgres`, a throwaway
PostgreSQL server started by scripts/with_postgres.py), adds people until a page of the
largest size is full, starts `gaggle serve --workers 1` pinned to one CPU, and builds families
of documents that the cost limit should stop before they take a second:

- aliases of one field that reads the database (every field with a `@cost` of the nodes of
  every root connection), under the largest page of that connection;
- aliases of each root connection at its largest page;
- aliases of the whole introspection query, and of `__type` of the largest type;
- the largest page of people with their managers fifteen deep, and with many plain fields;
- the most `__typename` aliases the token limit lets through.

For each family it finds the most aliases the limits accept (the cost worked out with the
server's own code, gaggle.graph.limits), checks that the server accepts that document, and
times it: the processor time of Gaggle's server (and of PostgreSQL's, with its backends), which
other load on the machine does not change, and the wall time; the median of `--rounds`, after
one answer to warm up, each time as a new document (the server keeps the documents it has
validated; an attacker would send new ones). It prints the times, the worst first, with each
document's cost and answer size, and whether the worst is under the target of one second.
Ordinary documents (the legacy CLI read, a page of 20 recognitions with both people, the
README's examples) are checked to be accepted, with their cost.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphql import (  # noqa: E402
    GraphQLError,
    GraphQLObjectType,
    get_introspection_query,
    get_named_type,
    parse,
)
from graphql.utilities import get_operation_ast  # noqa: E402

from bench.run import WALL, add_people, cpu_seconds, token  # noqa: E402
from gaggle import liveserver  # noqa: E402
from gaggle.graph import limits  # noqa: E402
from gaggle.graph.relay import MAX_PAGE  # noqa: E402
from gaggle.graph.schema import schema  # noqa: E402
from scripts.with_postgres import PostgresServer  # noqa: E402

TARGET_SECONDS = 1.0
PEOPLE = MAX_PAGE + 20
CLI_READ = """
query Cli($pk: Int!) { profile(pk: $pk) { ownedObjectives(first: 50, closed: false) { edges {
  node { id pk url name keyResults(first: 50) { edges { node {
    id pk url name targetValue currentValue startingValue measurementType } } } } } } } }
"""
README_EXAMPLES = {
    "README: recognitions": """
query { recognitions(first: 5) { totalCount edges { node {
  pk message sender { fullName } recipient { fullName } badge { name } } } } }""",
    "README: me and my objectives": """
query { currentUser { pk fullName reportsTo { fullName }
  ownedObjectives(first: 10) { edges { node { pk name progress keyResults { edges { node {
    pk name currentValue targetValue } } } } } } } }""",
}


@dataclass
class Document:
    name: str
    build: Callable[[int], str]  # a document with n aliases or repeats


def literal(graphql_type) -> str:
    """A well-formed literal of a required argument (tests/graphql/walk.py makes the same)."""
    named = get_named_type(graphql_type).name
    return {"Int": "1", "Float": "1", "ID": '"1"', "String": '"x"', "Boolean": "false"}.get(
        named, "1"
    )


def selection(field, page: int | None) -> str:
    """What to ask of a field: its required arguments, and a page's count and ids."""
    arguments = [
        f"{name}: {literal(argument.type)}"
        for name, argument in field.args.items()
        if str(argument.type).endswith("!")
    ]
    if page is not None and "first" in field.args:
        arguments.append(f"first: {page}")
    text = f"({', '.join(arguments)})" if arguments else ""
    named = get_named_type(field.type)
    if isinstance(named, GraphQLObjectType):
        if "edges" in named.fields:
            return f"{text} {{ totalCount edges {{ node {{ __typename }} }} }}"
        return f"{text} {{ __typename }}"
    return text


def families() -> list[Document]:
    graphql = schema().graphql
    query = graphql.query_type
    found: list[Document] = []
    for root_name, root in query.fields.items():
        connection = get_named_type(root.type)
        if "first" not in root.args or not isinstance(connection, GraphQLObjectType):
            continue
        node = get_named_type(get_named_type(connection.fields["edges"].type).fields["node"].type)
        found.append(
            Document(
                f"{root_name}(first: {MAX_PAGE}) x n",
                lambda n, r=root_name: (
                    "{ "
                    + " ".join(
                        f"a{i}: {r}(first: {MAX_PAGE}) {{ edges {{ node {{ pk }} }} }}"
                        for i in range(n)
                    )
                    + " }"
                ),
            )
        )
        for field_name, field in node.fields.items():
            if limits.price(field) is None:
                continue
            pages = [None, 1] if "first" in field.args else [None]
            for page in pages:
                asked = selection(field, page)
                found.append(
                    Document(
                        f"{root_name}(first: {MAX_PAGE}) "
                        f"{{ {field_name}{'(first: 1)' if page else ''} x n }}",
                        lambda n, r=root_name, f=field_name, a=asked: (
                            f"{{ {r}(first: {MAX_PAGE}) "
                            "{ edges { node { "
                            + " ".join(f"a{i}: {f}{a}" for i in range(n))
                            + " } } } }"
                        ),
                    )
                )
    introspection = get_introspection_query(descriptions=True)
    operation, fragments = introspection.split("fragment FullType", 1)
    fragments = "fragment FullType" + fragments
    schema_part = operation[operation.index("__schema") + len("__schema") : operation.rindex("}")]
    found.append(
        Document(
            "__schema (the whole introspection query) x n",
            lambda n: (
                "query { "
                + " ".join(f"a{i}: __schema {schema_part}" for i in range(n))
                + " } "
                + fragments
            ),
        )
    )
    found.append(
        Document(
            "__type(name: Query) x n",
            lambda n: (
                "query { "
                + " ".join(f'a{i}: __type(name: "Query") {{ ...FullType }}' for i in range(n))
                + " } "
                + fragments
            ),
        )
    )
    found.append(
        Document(
            f"profiles(first: {MAX_PAGE}) reportsTo 13 deep x n",
            lambda n: (
                f"{{ profiles(first: {MAX_PAGE}) {{ edges {{ node {{ "
                + " ".join(
                    f"a{i}: reportsTo {{ " + "reportsTo { " * 11 + "pk fullName" + " }" * 12
                    for i in range(n)
                )
                + " } } } }"
            ),
        )
    )
    found.append(
        Document(
            f"profiles(first: {MAX_PAGE}) {{ fullName x n }}",
            lambda n: (
                f"{{ profiles(first: {MAX_PAGE}) {{ edges {{ node {{ "
                + " ".join(f"a{i}: fullName" for i in range(n))
                + " } } } }"
            ),
        )
    )
    found.append(
        Document(
            "__typename x n",
            lambda n: "{ " + " ".join(f"a{i}: __typename" for i in range(n)) + " }",
        )
    )
    return found


def cost_of(text: str) -> int | None:
    """The document's cost, or None when it is over the token or depth limit."""
    try:
        document = parse(text, max_tokens=limits.MAX_TOKENS)
    except GraphQLError:
        return None
    operation = get_operation_ast(document)
    if limits.depth(operation, document) > limits.MAX_DEPTH:
        return None
    return limits.cost(schema().graphql, operation, document, None)


def most(build: Callable[[int], str]) -> int:
    """The most aliases the limits accept (0 when not even one)."""
    if not _fits(build(1)):
        return 0
    low, high = 1, 2
    while _fits(build(high)) and high < 100_000:
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if _fits(build(middle)) else (low, middle)
    return low


def _fits(text: str) -> bool:
    found = cost_of(text)
    return found is not None and found <= limits.MAX_COST


SENT = itertools.count()


def whitespace(number: int) -> str:
    return "\n" + format(number, "b").replace("0", " ").replace("1", "\t")


def post(base: str, bearer: str, query: str, variables: dict | None = None) -> bytes:
    """The answer to `query`, sent with whitespace of its own each time (a count in spaces and
    tabs, which adds no token): the server keeps the documents it has validated, and an
    attacker would send new ones."""
    request = urllib.request.Request(  # noqa: S310 - 127.0.0.1 only
        f"{base}/graphql",
        data=json.dumps({"query": query + whitespace(next(SENT)), "variables": variables}).encode(),
        headers={"Authorization": f"Bearer {bearer}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310
        return response.read()


def timed(
    base: str, bearer: str, query: str, rounds: int, pids: list[int]
) -> tuple[float, float, int, list]:
    """The median processor time the servers `pids` (Gaggle's, and PostgreSQL's with its
    backends) spent on the answer, its median wall time, the answer's size and errors."""
    answer = post(base, bearer, query)
    cpu, wall = [], []
    for _ in range(rounds):
        used, started = sum(map(cpu_seconds, pids)), time.perf_counter()
        post(base, bearer, query)
        wall.append(time.perf_counter() - started)
        cpu.append(sum(map(cpu_seconds, pids)) - used)
    errors = json.loads(answer).get("errors") or []
    return statistics.median(cpu), statistics.median(wall), len(answer), errors


@contextlib.contextmanager
def database(postgres: bool, data_dir: str) -> Iterator[tuple[str, int | None]]:
    """The database URL, and the process id of the PostgreSQL server whose processor time
    counts too: a throwaway server's with `postgres`, else a SQLite file in `data_dir`."""
    if not postgres:
        yield f"sqlite:///{data_dir}/gaggle.sqlite3", None
        return
    server = PostgresServer()
    try:
        server.start()
        server.create_database()
        with open(os.path.join(server.data, "postmaster.pid")) as pid_file:
            yield server.url, int(pid_file.readline())
    finally:
        server.remove()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="on a throwaway PostgreSQL server")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", help="time only documents whose name contains this")
    parser.add_argument("--top", type=int, default=15, help="rows of the table")
    args = parser.parse_args()
    cpu = min(os.sched_getaffinity(0))
    everywhere = os.sched_getaffinity(0)
    started = time.monotonic()
    with (
        tempfile.TemporaryDirectory() as data_dir,
        database(args.postgres, data_dir) as (database_url, database_pid),
    ):
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "GAGGLE_DATA_DIR": data_dir,
            "PYTHONPATH": str(ROOT),
        }
        subprocess.run(  # noqa: S603 - our own command line
            [*liveserver.GAGGLE, "demo"], env=env, check=True, stdout=subprocess.DEVNULL
        )
        add_people(database_url, PEOPLE)
        os.sched_setaffinity(0, {cpu})  # the server inherits one CPU
        try:
            server_block = liveserver.live_server(env, "--workers", "1")
            server = server_block.__enter__()
        finally:
            os.sched_setaffinity(0, everywhere)
        try:
            base = server.base
            bearer = token(base, "all")
            me = json.loads(post(base, bearer, "{ currentUser { pk } }"))["data"]["currentUser"]
            ordinary = {
                "legacy CLI read": (CLI_READ, {"pk": me["pk"]}),
                "20 recognitions with both people": (WALL, None),
                **{name: (text, None) for name, text in README_EXAMPLES.items()},
            }
            print("Ordinary documents (all must be accepted):")
            for name, (text, variables) in ordinary.items():
                answer = json.loads(post(base, bearer, text, variables))
                codes = [(e.get("extensions") or {}).get("code") for e in answer.get("errors", [])]
                document = parse(text)
                cost = limits.cost(
                    schema().graphql, get_operation_ast(document), document, variables
                )
                print(f"  {name}: cost {cost}, {'errors ' + str(codes) if codes else 'accepted'}")
            rows = []
            for family in families():
                if args.only and args.only not in family.name:
                    continue
                n = most(family.build)
                if not n:
                    continue
                text = family.build(n)
                pids = [server.process.pid] + ([database_pid] if database_pid else [])
                seconds, wall, size, errors = timed(base, bearer, text, args.rounds, pids)
                if any(not e.get("path") for e in errors):
                    raise SystemExit(f"refused, though within the limits: {family.name} {errors}")
                name = family.name.replace(" n", f" {n}")
                rows.append((seconds, wall, name, cost_of(text), size))
                print(f"  {seconds * 1000:7.0f} ms  {name}", file=sys.stderr)
        finally:
            server_block.__exit__(None, None, None)
    kind = "PostgreSQL" if database_url.startswith("postgresql") else "SQLite"
    rows.sort(reverse=True)
    print(
        f"\nThe costliest accepted documents on {kind}, one worker on one CPU, MAX_COST "
        f"{limits.MAX_COST}, median of {args.rounds} (server CPU: the processor time of "
        "Gaggle's process and of the database server's, which other load on the machine does "
        "not change):\n"
    )
    print("| server CPU (ms) | wall (ms) | document | cost | answer (bytes) |")
    print("| ---: | ---: | --- | ---: | ---: |")
    for seconds, wall, name, cost, size in rows[: args.top]:
        print(f"| {seconds * 1000:.0f} | {wall * 1000:.0f} | `{name}` | {cost} | {size} |")
    worst = rows[0] if rows else (0.0, 0.0, "none", 0, 0)
    verdict = "met" if worst[0] < TARGET_SECONDS else "NOT met"
    print(
        f"\nThe worst: `{worst[2]}`, {worst[0] * 1000:.0f} ms of server CPU "
        f"({worst[1] * 1000:.0f} ms wall): target under {TARGET_SECONDS:.0f} s {verdict}."
    )
    print(f"The benchmark took {time.monotonic() - started:.0f} s.")
    return 0 if worst[0] < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
