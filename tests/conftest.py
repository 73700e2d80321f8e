"""Fixtures: one app and one migrated database per test session (per xdist worker); the
database is put back to its migrated state after every test that used the app
(tests/databases.py).

The database is a temporary SQLite file, or a database of the worker's own on the PostgreSQL
server DATABASE_URL names (tox's `pg` environment starts a throwaway server and sets it).

Passwords are hashed at argon2id's lowest cost here, so that making users costs nothing;
tests/test_passwords.py proves the production cost with the `production_hashing` fixture, and
the live-server tests run the production cost in their servers.
"""

from __future__ import annotations

import dataclasses
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import argon2
import connexion
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from gaggle import logs, migrations, passwords, runtime
from gaggle.app import create_app
from gaggle.db import Database
from gaggle.settings import Settings
from tests import builders
from tests.databases import Snapshot, server_database, worker_name

PRODUCTION_HASHER = passwords._hasher
PRODUCTION_DUMMY_HASH = passwords._DUMMY_HASH
T = TypeVar("T")
CHEAP_HASHER = argon2.PasswordHasher(
    time_cost=1, memory_cost=8, parallelism=1, hash_len=32, salt_len=16
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--allow-no-tests",
        action="store_true",
        help="exit with 0 rather than 5 when the selection holds no test: tox runs the suite "
        "in parts, and a -k or a path passed to all of them may leave one part empty",
    )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED and session.config.getoption(
        "allow_no_tests"
    ):
        session.exitstatus = pytest.ExitCode.OK


@pytest.fixture(scope="session", autouse=True)
def json_logs() -> None:
    """The server's log set-up (`gaggle serve` makes it), so tests see the lines it writes."""
    logs.configure("INFO")


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    """argon2id at its lowest cost (a fraction of a millisecond instead of about 30 ms)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(passwords, "_hasher", CHEAP_HASHER)
        monkeypatch.setattr(
            passwords, "_DUMMY_HASH", CHEAP_HASHER.hash("no account has this password")
        )
        yield


@pytest.fixture
def production_hashing(monkeypatch) -> None:
    """argon2id at the cost gaggle.passwords sets, for the tests that prove that cost."""
    monkeypatch.setattr(passwords, "_hasher", PRODUCTION_HASHER)
    monkeypatch.setattr(passwords, "_DUMMY_HASH", PRODUCTION_DUMMY_HASH)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    configured = os.environ.get("DATABASE_URL")
    if not configured:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'gaggle.sqlite3'}"
        return
    with server_database(configured, f"{make_url(configured).database}_{worker_name()}") as url:
        yield url


@pytest.fixture(scope="session")
def migrated(database_url: str) -> Snapshot:
    """The migrated database every test starts from."""
    database = Database(database_url)
    try:
        migrations.upgrade(database)
        return Snapshot(database)
    finally:
        database.dispose()


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory, database_url: str) -> Settings:
    return Settings.from_env(
        data_dir=tmp_path_factory.mktemp("data"),
        database_url=database_url,
        secret_key="test-secret-key",
        validate_responses=True,
    )


@pytest.fixture(scope="session")
def session_app(settings: Settings, migrated: Snapshot) -> Iterator[connexion.FlaskApp]:
    application = create_app(settings)
    with runtime.active(application.runtime):
        yield application
    application.runtime.close()


@pytest.fixture
def app(session_app: connexion.FlaskApp, migrated: Snapshot) -> Iterator[connexion.FlaskApp]:
    """The session's app, active; the database goes back to its migrated state afterwards."""
    yield session_app
    migrated.restore(session_app.database)


class SavedStates:
    """Rows that a function of the builders makes, made once per session and saved; `load`
    puts them back for each test that asks and returns what the function returned, shared by
    those tests, which only read it.

    Loading replaces the whole database: a fixture that loads must come before any fixture
    that writes.
    """

    def __init__(self, app: connexion.FlaskApp, migrated: Snapshot) -> None:
        self._database = app.database
        self._migrated = migrated
        self._saved: dict[Callable, tuple[object, Snapshot]] = {}

    def load(self, build: Callable[[builders.Builders], T]) -> T:
        if build not in self._saved:
            self._migrated.restore(self._database)
            made = build(builders.Builders())
            self._saved[build] = (made, Snapshot(self._database))
        made, snapshot = self._saved[build]
        snapshot.restore(self._database)
        return made


@pytest.fixture(scope="session")
def saved_states(session_app: connexion.FlaskApp, migrated: Snapshot) -> SavedStates:
    return SavedStates(session_app, migrated)


@pytest.fixture
def states(app, saved_states: SavedStates) -> SavedStates:
    """Saved database states, for fixtures whose rows take long to make (see SavedStates)."""
    return saved_states


@pytest.fixture
def new_app(app, settings: Settings) -> Iterator[Callable[..., connexion.FlaskApp]]:
    """Makes apps of their own on the test database, with settings changed by keyword, for
    tests that change an app's settings or routes. They are closed after the test."""
    made = []

    def make_app(**changes) -> connexion.FlaskApp:
        made.append(create_app(dataclasses.replace(settings, **changes)))
        return made[-1]

    yield make_app
    for application in made:
        application.runtime.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make(app) -> builders.Builders:
    return builders.Builders()


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
        # WITH (FORCE): a test may leave a connection open (a command's, a server's).
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()
