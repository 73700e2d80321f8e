"""A pytest plugin of the mutation runs (scripts/mutation.py has mutmut load it).

mutmut's fork server collects the tests once, then forks a process per mutant that runs the
mutant's tests in a test session of its own. What every such session would otherwise do
again, and no mutant can change, is done once, as the server collects:

- every module of the package is imported, and the OpenAPI documents read and bundled;
- Connexion's check of the OpenAPI documents against the OpenAPI schema is left out (the
  documents are files no mutant changes; the test suite and `tox -e lint` check them);
- the migrations run once, into a database file that every session's test database starts
  as a copy of (SQLite only).

Nothing computed by a mutated function is kept: those are plain functions, and the caches
built by calling them (the GraphQL schema, statements built once) are filled only by tests,
in each mutant's own process.

While mutmut collects which tests call each function (its "stats" run, one test session for
all), what a test uses but only the first test builds is credited to every test that uses it:
the package's caches are emptied before each test (but the OpenAPI documents'), so that each
test calls the visibility queries and builds the schema anew; and the functions
GAGGLE_MUTATION_EVERYWHERE names (those that run once per app, such as the security checks'
makers) are counted as called by every test. Otherwise a mutant of such a function would be
run against the one test that happened to build it first.
"""

from __future__ import annotations

import functools
import importlib
import os
import pkgutil
import shutil
import sys
from pathlib import Path

import pytest

EVERYWHERE = "GAGGLE_MUTATION_EVERYWHERE"


def _calls() -> set[str] | None:
    """The functions mutmut has seen called since the last test, while it collects which
    tests call what; else None."""
    if os.environ.get("MUTANT_UNDER_TEST") != "stats":
        return None
    from mutmut.state import state

    return state()._stats


_EMPTIED = False


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item) -> None:
    global _EMPTIED
    if _calls() is None:
        # A mutant's session: a test module may have filled a cache as it was collected, in
        # the fork server, by the unmutated code (tests/graphql/test_scopes.py builds the
        # schema to list the marked fields): empty them once, before the session's first test.
        if _EMPTIED or os.environ.get("MUTANT_UNDER_TEST") in (None, "", "stats"):
            return
        _EMPTIED = True
    _empty_caches()


def _empty_caches() -> None:
    for name, module in list(sys.modules.items()):
        if name.startswith("gaggle.") and name != "gaggle.spec":
            for value in list(vars(module).values()):
                cached = isinstance(value, functools._lru_cache_wrapper)
                if cached and getattr(value, "__module__", None) == name:
                    value.cache_clear()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item) -> None:
    calls = _calls()
    if calls is not None:
        calls.update(os.environ.get(EVERYWHERE, "").split())


def pytest_collection_finish(session) -> None:
    import connexion.spec

    import gaggle
    from gaggle import migrations, spec

    for module in pkgutil.walk_packages(gaggle.__path__, "gaggle."):
        # gaggle.asgi makes an app from the environment; the migrations are run by Alembic.
        if module.name != "gaggle.asgi" and not module.name.startswith("gaggle.migrations."):
            importlib.import_module(module.name)
    for document in ("api", "oauth"):
        spec.bundled(document)
    connexion.spec.Specification._validate_spec = classmethod(lambda cls, document: None)
    if not getattr(migrations.upgrade, "template", None):
        migrations.upgrade = _from_template(migrations.upgrade)


def _from_template(upgrade):
    """migrations.upgrade, but a new SQLite database migrated to the head is a copy of one
    migrated once, here (mutmut runs the tests in its folder of mutants)."""
    from gaggle.db import Database

    template = Path("migrated.sqlite3").resolve()
    if not template.exists():
        making = template.with_name(f"{template.name}.{os.getpid()}")
        database = Database(f"sqlite:///{making}")
        upgrade(database)
        database.dispose()
        making.replace(template)

    def upgrade_from_template(database, revision: str = "head") -> None:
        path = database.engine.url.database
        if (
            database.engine.dialect.name != "sqlite"
            or revision != "head"
            or not path
            or (Path(path).exists() and Path(path).stat().st_size)
        ):
            return upgrade(database, revision)
        database.engine.dispose()
        shutil.copyfile(template, path)
        return None

    upgrade_from_template.template = template
    return upgrade_from_template
