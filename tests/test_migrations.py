"""Migrations take an empty database to the models' schema and back."""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

import models
from gaggle import migrations
from gaggle.db import Database


@pytest.fixture
def empty_database(database_url, tmp_path):
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


def test_empty_to_head_matches_the_models(empty_database):
    assert migrations.pending(empty_database)
    migrations.upgrade(empty_database)
    assert migrations.pending(empty_database) == []
    with empty_database.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), models.Base.metadata)
    assert diff == []


def test_downgrade_to_base_removes_every_table(empty_database):
    migrations.upgrade(empty_database)
    migrations.downgrade(empty_database, "base")
    tables = set(inspect(empty_database.engine).get_table_names()) - {"alembic_version"}
    assert tables == set()
