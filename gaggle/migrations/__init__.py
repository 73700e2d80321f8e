"""Applying the Alembic migrations beside this module to the configured database."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from gaggle.db import Database

MIGRATIONS_DIR = Path(__file__).resolve().parent


def alembic_config(database: Database) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database.url.replace("%", "%%"))
    return config


@contextlib.contextmanager
def _migrating(database: Database) -> Iterator[Connection]:
    """One connection in one transaction for a run of migrations.

    SQLite changes a table by copying it and dropping the old one, and dropping a table while
    foreign keys are enforced deletes the rows that refer to it (ON DELETE CASCADE): every
    owner of a key result, say. So, as SQLite's own procedure for changing a table says, keys
    are off while migrating (the PRAGMA does nothing inside a transaction, so it comes first)
    and checked before the migrations commit: RuntimeError, and nothing changed, when a row
    is left pointing at nothing.
    """
    with database.engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            with connection.begin():
                yield connection
            return
        raw = connection.connection.driver_connection
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                yield connection
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"the migrations leave broken references: {broken}")
        finally:
            raw.execute("PRAGMA foreign_keys = ON")


def upgrade(database: Database, revision: str = "head") -> None:
    """Apply every pending migration up to `revision`, in one transaction."""
    config = alembic_config(database)
    with _migrating(database) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(database: Database, revision: str) -> None:
    config = alembic_config(database)
    with _migrating(database) as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def pending(database: Database) -> list[str]:
    """Revisions not yet applied, oldest first."""
    script = ScriptDirectory.from_config(alembic_config(database))
    with database.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    return (
        [
            rev.revision
            for rev in reversed(list(script.iterate_revisions("heads", current or "base")))
        ]
        if set(current) != set(script.get_heads())
        else []
    )
