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
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import shutil
from pathlib import Path


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
