"""Schemathesis fuzzes the live /graphql endpoint from its own schema (introspection), over a
demo database, with a token of every scope: no query or mutation it generates may end in a
server error (an HTTP 5xx, or a GraphQL error no rule of the API explains)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

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
