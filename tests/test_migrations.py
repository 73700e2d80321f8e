"""Migrations take an empty database to the models' schema and back."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

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


def test_measurement_types_become_the_legacy_codes_and_back(empty_database):
    migrations.upgrade(empty_database, "0006")
    now = "2026-01-01 00:00:00+00:00"
    kinds = ["percent", "numeric", "binary", "currency"]
    with empty_database.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO network (id, name, business_cycle_length, business_cycle_start_month,"
                " created, modified) VALUES (1, 'Acme', 3, 1, :now, :now)"
            ),
            {"now": now},
        )
        connection.execute(
            text(
                "INSERT INTO objective (id, network_id, name, description, objective_type,"
                " private, draft, closed, created, modified)"
                " VALUES (1, 1, 'O', '', 'company', false, false, false, :now, :now)"
            ),
            {"now": now},
        )
        for n, kind in enumerate(kinds, 1):
            connection.execute(
                text(
                    "INSERT INTO key_result (id, objective_id, name, measurement_type,"
                    " starting_value, target_value, current_value, weight, created, modified)"
                    " VALUES (:id, 1, :kind, :kind, 0, 1, 0, 1, :now, :now)"
                ),
                {"id": n, "kind": kind, "now": now},
            )

    def stored():
        with empty_database.engine.connect() as connection:
            rows = connection.execute(text("SELECT name, measurement_type FROM key_result"))
            return dict(rows.all())

    migrations.upgrade(empty_database)
    assert stored() == {"percent": 1, "numeric": 3, "binary": 7, "currency": 2}
    migrations.downgrade(empty_database, "0006")
    assert stored() == {kind: kind for kind in kinds}
