"""Schemathesis fuzzes the live /graphql endpoint from its own schema (introspection), over a
demo database, with a token of every scope: no query or mutation it generates may end in a
server error (an HTTP 5xx, or a GraphQL error no rule of the API explains)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from gaggle.liveserver import GAGGLE, running_server
from scripts.contract_test import password_token
from tests.graphql import walk

pytestmark = pytest.mark.contract

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "contract_test.py"


def test_the_live_graphql_endpoint_has_no_server_errors(empty_database):
    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            *("--target", "graphql", "--seed", "1", "--max-examples", "20"),
            *("--database-url", empty_database.url),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "passed" in result.stdout


def test_the_live_endpoint_refuses_each_argument_out_of_its_bounds_without_a_server_error(
    empty_database, tmp_path
):
    """Every bounded argument a query reaches (graphql/common.graphql), on the demo data, with
    each value out of its bounds (tests/graphql/walk.py): ids of 1e19, 1e300 and 3e9, of 20
    digits and of other scripts' digits, cursors past 2^63, a 900 kB search and an orderBy of
    20,000 terms. Each is the caller's error, BAD_USER_INPUT, never a 5xx."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"GAGGLE_DATA_DIR": str(tmp_path), "DATABASE_URL": empty_database.url}
    subprocess.run([*GAGGLE, "demo"], env=env, check=True, capture_output=True, timeout=300)
    graph = walk.compiled()
    with running_server(env) as (base, _output):
        headers = {"Authorization": f"Bearer {password_token(base)}"}
        for argument in walk.arguments(graph):
            way = walk.reach(graph, argument.owner)
            values = walk.unusable(graph, argument)
            if way is None or not values:
                continue
            asked = [values]
            if argument.name in walk.HUGE:
                asked.append([walk.HUGE[argument.name]])
            for batch in asked:
                query = walk.document(argument, len(batch), "query", *way)
                variables = {f"v{i}": value for i, value in enumerate(batch)}
                response = requests.post(
                    f"{base}/graphql",
                    json={"query": query, "variables": variables},
                    headers=headers,
                    timeout=60,
                )
                assert response.status_code == 200, (str(argument), response.text[:2000])
                refused = walk.refusals(response.json(), len(batch))
                # A nested field runs only where the demo data has an object that holds it.
                expected = {"BAD_USER_INPUT"} if argument.owner is graph.query_type else set()
                for alias, codes in refused.items():
                    assert expected <= codes <= {"BAD_USER_INPUT"}, (str(argument), alias)
