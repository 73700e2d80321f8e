"""Programs some tests need besides Python: Chromium for the browser tests, wrk for the load
in the resilience tests.

A test whose program is missing fails and says how to install it, unless GAGGLE_TEST_WITHOUT
names the program (a comma-separated list, e.g. `GAGGLE_TEST_WITHOUT=chromium,wrk`): then it
is skipped, and the skip says why. Nothing is left out unless someone asked for it.
"""

from __future__ import annotations

import os

import pytest

WITHOUT = "GAGGLE_TEST_WITHOUT"


def left_out() -> set[str]:
    """The programs GAGGLE_TEST_WITHOUT names."""
    return {name.strip() for name in os.environ.get(WITHOUT, "").split(",") if name.strip()}


def require(program: str, executable: str | None, install: str) -> str:
    """`executable` if it exists; else fail (or skip, if GAGGLE_TEST_WITHOUT names `program`)."""
    if executable and os.access(executable, os.X_OK):
        return executable
    if program in left_out():
        pytest.skip(f"{program} is not installed and {WITHOUT} leaves it out")
    pytest.fail(
        f"{program} is needed here and is not installed: {install}, "
        f"or set {WITHOUT}={program} to skip these tests"
    )
