"""Schemathesis against a live server over a demo database, fixed seed: both OpenAPI documents
with every check on (here), and the GraphQL endpoint from its own schema
(tests/contract/test_graphql_live.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.contract

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "contract_test.py"


def test_the_live_server_honours_its_contract(empty_database):
    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--seed",
            "1",
            "--max-examples",
            "10",
            "--database-url",
            empty_database.url,
            *("--target", "api", "--target", "oauth"),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "passed" in result.stdout
