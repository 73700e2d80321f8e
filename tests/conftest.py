"""Fixtures: one migrated database per test session, emptied after every test.

The database is a temporary SQLite file, or the PostgreSQL database named by DATABASE_URL
(tox's `pg` environment starts a throwaway server and sets it).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete, text
from sqlalchemy.engine import make_url

from gaggle import logs, migrations, models, runtime
from gaggle.app import create_app
from gaggle.db import Database
from gaggle.settings import Settings
from tests import builders


@pytest.fixture(scope="session", autouse=True)
def json_logs() -> None:
    """The server's log set-up (`gaggle serve` makes it), so tests see the lines it writes."""
    logs.configure("INFO")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return os.environ.get("DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'gaggle.sqlite3'}"
    )


@pytest.fixture(scope="session")
def migrated_database(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    migrations.upgrade(database)
    yield database
    database.dispose()


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings.from_env(
        data_dir=tmp_path,
        database_url=database_url,
        secret_key="test-secret-key",
        validate_responses=True,
    )


@pytest.fixture
def app(settings: Settings, migrated_database: Database):
    application = create_app(settings)
    with runtime.active(application.runtime):
        yield application
    application.runtime.close()
    _empty(migrated_database)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make(app) -> builders.Builders:
    return builders.Builders()


def _empty(database: Database) -> None:
    with database.transaction() as session:
        for table in reversed(models.Base.metadata.sorted_tables):
            session.execute(delete(table))


@pytest.fixture
def empty_database(database_url: str, tmp_path: Path) -> Iterator[Database]:
    """A new, empty database on the same server as the test database."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
        yield database
        database.dispose()
        return
    name = f"gaggle_migrations_{uuid.uuid4().hex[:8]}"
    admin = Database(database_url)
    with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    database = Database(url.set(database=name).render_as_string(hide_password=False))
    yield database
    database.dispose()
    with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'DROP DATABASE "{name}"'))
    admin.dispose()
