"""The test session's database: migrated once, and put back to a saved state between tests.

A `Snapshot` is the whole content of the database at one moment: the migrated schema with the
rows the migrations write, or that plus the `world` of tests/handlers/conftest.py.

SQLite: a snapshot is a copy of the database file, taken and put back with no connection open.

PostgreSQL: every xdist worker has a database of its own on the server DATABASE_URL names. A
snapshot is every table's rows and where each id sequence stands; putting it back empties every
table, inserts the rows again and sets the sequences back, in one transaction (about 15 ms,
where creating the database anew from a template database takes about 80 ms). Ids are then the
same on both databases whatever ran before, as tests that name an id expect.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import bindparam, delete, insert, select, text, update
from sqlalchemy.engine import make_url

from gaggle import models
from gaggle.db import Database

_serial = itertools.count(1)

# Every sequence of the database: where it stands and whether that value was handed out.
_SEQUENCES = """
SELECT format('%I.%I', schemaname, sequencename), COALESCE(last_value, start_value),
       last_value IS NOT NULL
FROM pg_sequences
"""


def worker_name() -> str:
    """The pytest-xdist worker running this session ("gw0", ...), or "main" without xdist."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@contextlib.contextmanager
def server_database(server_url: str, name: str) -> Iterator[str]:
    """A new database `name` on the PostgreSQL server of `server_url`, dropped at the end."""
    admin = Database(server_url)
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)

    def execute(statement: str) -> None:
        with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text(statement))

    try:
        execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        execute(f'CREATE DATABASE "{name}"')
        yield url
    finally:
        execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


class Snapshot:
    """The content of `database` now; `restore` puts it back."""

    def __init__(self, database: Database) -> None:
        self._path: Path | None = None
        if database.engine.dialect.name == "sqlite":
            self._path = Path(database.engine.url.database)
            # Closing the connections writes SQLite's WAL back into the file and removes it.
            database.engine.dispose()
            self._copy = self._path.with_name(f"{self._path.name}.snapshot-{next(_serial)}")
            shutil.copyfile(self._path, self._copy)
            return
        with database.reading() as session:
            self._rows = {
                table: [dict(row) for row in session.execute(select(table)).mappings()]
                for table in models.Base.metadata.sorted_tables
            }
            self._sequences = [
                (name, value, called) for name, value, called in session.execute(text(_SEQUENCES))
            ]

    def restore(self, database: Database) -> None:
        if self._path is not None:
            database.engine.dispose()  # it reconnects on its next use, to the restored file
            # A connection a test left open keeps the old files; new ones open the copy.
            for suffix in ("-wal", "-shm"):
                self._path.with_name(self._path.name + suffix).unlink(missing_ok=True)
            fresh = self._path.with_name(f"{self._path.name}.restoring")
            shutil.copyfile(self._copy, fresh)
            os.replace(fresh, self._path)
            return
        with database.transaction() as session:
            for table in reversed(models.Base.metadata.sorted_tables):
                session.execute(delete(table))
            later: list[tuple] = []
            for table, rows in self._rows.items():
                if not rows:
                    continue
                # A row may name one of its own table's rows that comes after it (a manager
                # whose profile was changed last sits last): such keys are set once all are in.
                own = [key.parent.name for key in table.foreign_keys if key.column.table is table]
                session.execute(insert(table), [{**row, **dict.fromkeys(own)} for row in rows])
                for name in own:
                    pairs = [
                        {"_id": row["id"], "_value": row[name]}
                        for row in rows
                        if row[name] is not None
                    ]
                    if pairs:
                        later.append((table, name, pairs))
            for table, name, pairs in later:
                session.execute(
                    update(table)
                    .where(table.c.id == bindparam("_id"))
                    .values({name: bindparam("_value")}),
                    pairs,
                )
            for name, value, called in self._sequences:
                session.execute(
                    text("SELECT setval(CAST(:name AS regclass), :value, :called)"),
                    {"name": name, "value": value, "called": called},
                )
