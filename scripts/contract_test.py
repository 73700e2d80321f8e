"""Contract tests: Schemathesis against a live server, for both documents (the API's and the
OAuth2 server's) with every check on, and for the GraphQL endpoint from its own schema.

    python scripts/contract_test.py                      # CI: fixed seed, a short run
    python scripts/contract_test.py --max-examples 500 --seed random   # a long local campaign
    python scripts/contract_test.py --url https://api.example.com --token TOKEN  # your deployment
    python scripts/contract_test.py --target graphql     # one target only (api, oauth, graphql)

GraphQL is checked for server errors and answers of the wrong shape only: a query the schema
allows may still ask for a page or a cost over Gaggle's limits, which Gaggle refuses as the
caller's error (BAD_USER_INPUT, QUERY_TOO_COSTLY), as it should.

Without --url it seeds `gaggle demo` into a fresh SQLite file (or the empty database named by
--database-url), serves it on 127.0.0.1, and gets a token with every scope from the server's own
token endpoint with the password grant. The server stops when the run ends. The exit status is
0 when Schemathesis found nothing in either document. Extra arguments after `--` go to
`st run`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

from gaggle import demo
from gaggle.liveserver import GAGGLE, running_server

ROOT = Path(__file__).resolve().parent.parent
# What Schemathesis loads for each target, and the checks it runs there.
TARGETS = {
    "api": ("/api/v/2.0/openapi.json", "all"),
    "oauth": ("/o/openapi.json", "all"),
    "graphql": ("/graphql", "not_a_server_error,response_schema_conformance"),
}


def run_schemathesis(
    base: str,
    token: str,
    seed: str,
    max_examples: int,
    extra: list[str],
    targets: list[str] | tuple[str, ...] = tuple(TARGETS),
) -> int:
    """Run Schemathesis on each target in turn; 0 when no run found anything."""
    failed = 0
    for target in targets:
        location, checks = TARGETS[target]
        command = [
            *(sys.executable, "-m", "schemathesis.cli", "run", base + location),
            *("--header", f"Authorization: Bearer {token}", "--checks", checks),
            *("--max-examples", str(max_examples), "--workers", "1"),
            *(() if seed == "random" else ("--seed", seed)),
            *extra,
        ]
        failed |= subprocess.call(command, cwd=ROOT)
    return failed


def password_token(base: str) -> str:
    """A token with every scope for the demo admin, from the server's own token endpoint."""
    form = urllib.parse.urlencode(
        {
            "grant_type": "password",
            "username": demo.PEOPLE[0][0],
            "password": demo.DEMO_PASSWORD,
            "client_id": demo.DEMO_CLIENT_ID,
            "client_secret": demo.DEMO_CLIENT_SECRET,
        }
    ).encode()
    with urllib.request.urlopen(f"{base}/o/token/", data=form, timeout=30) as response:  # noqa: S310
        return json.load(response)["access_token"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", default="1", help='a number, or "random" (default: 1)')
    parser.add_argument("--max-examples", type=int, default=10, help="cases per operation")
    parser.add_argument("--url", help="test this deployment instead of starting a server")
    parser.add_argument("--token", help="access token for --url, with every scope")
    parser.add_argument(
        "--database-url", help="an empty database to seed and serve (default: a new SQLite file)"
    )
    parser.add_argument(
        "--target",
        action="append",
        choices=sorted(TARGETS),
        help="what to test (repeatable; default: all of them)",
    )
    parser.add_argument("extra", nargs="*", help="arguments for `st run`, after --")
    args = parser.parse_args(argv)
    targets = args.target or tuple(TARGETS)
    if args.url:
        if not args.token:
            parser.error("--url needs --token")
        return run_schemathesis(
            args.url.rstrip("/"), args.token, args.seed, args.max_examples, args.extra, targets
        )
    with tempfile.TemporaryDirectory(prefix="gaggle-contract-") as data_dir:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["GAGGLE_DATA_DIR"] = data_dir
        if args.database_url:
            env["DATABASE_URL"] = args.database_url
        subprocess.run([*GAGGLE, "demo"], env=env, check=True, capture_output=True, timeout=300)
        with running_server(env) as (base, _output):
            token = password_token(base)
            return run_schemathesis(base, token, args.seed, args.max_examples, args.extra, targets)


if __name__ == "__main__":
    sys.exit(main())
