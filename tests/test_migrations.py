"""Migrations take an empty database to the models' schema and back."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from gaggle import migrations, models


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
