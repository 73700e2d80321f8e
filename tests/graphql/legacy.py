"""Where the legacy platform's GraphQL schema is, for the tests that hold Gaggle to its names.

The legacy schema is reference data beside the repository (`../shared/legacy-graphql/`: the
introspection dump `schema.json` and the same schema printed as `schema.graphql`), never part of
it. GAGGLE_LEGACY_SCHEMA names that folder (or either file in it) when it lives elsewhere; the
test command sets it. Without the folder, the tests that need it are skipped, saying where
they looked.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

import pytest

BESIDE_THE_CHECKOUT = Path(__file__).resolve().parents[3] / "shared" / "legacy-graphql"


def folder() -> Path:
    named = os.environ.get("GAGGLE_LEGACY_SCHEMA")
    found = Path(named) if named else BESIDE_THE_CHECKOUT
    return found.parent if found.is_file() else found


def _file(name: str) -> Path:
    path = folder() / name
    if not path.is_file():
        pytest.skip(f"no legacy GraphQL schema at {path} (set GAGGLE_LEGACY_SCHEMA)")
    return path


def sdl() -> str:
    """The legacy schema as SDL; skips the test when it is not there."""
    return _file("schema.graphql").read_text(encoding="utf-8")


@cache
def _introspection(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["data"]["__schema"]


def introspection() -> dict:
    """The legacy introspection dump's `__schema`; skips the test when it is not there."""
    return _introspection(_file("schema.json"))
