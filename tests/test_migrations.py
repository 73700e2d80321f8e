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


def _insert(connection, table: str, **values) -> None:
    names = ", ".join(values)
    connection.execute(
        text(f'INSERT INTO "{table}" ({names}) VALUES ({", ".join(":" + n for n in values)})'),
        values,
    )


def test_oneonones_and_action_items_get_what_their_rows_tell_of_completion(empty_database):
    migrations.upgrade(empty_database, "0008")
    created, changed = "2026-01-01 00:00:00+00:00", "2026-02-01 00:00:00+00:00"
    with empty_database.engine.begin() as connection:
        _insert(
            connection,
            "network",
            id=1,
            name="Acme",
            business_cycle_length=3,
            business_cycle_start_month=1,
            created=created,
            modified=created,
        )
        for n in (1, 2):
            _insert(
                connection,
                "user",
                id=n,
                email=f"{n}@acme.example",
                username=f"{n}",
                password_hash="x",
                first_name="",
                last_name="",
                is_active=True,
                date_joined=created,
            )
            _insert(
                connection,
                "userprofile",
                id=n,
                user_id=n,
                network_id=1,
                position="",
                phone_number="",
                timezone="UTC",
                about="",
                employee_id="",
                is_admin=False,
                activated=True,
                profile_img="",
            )
        for n, status in ((1, "completed"), (2, "scheduled")):
            _insert(
                connection,
                "oneonone",
                id=n,
                network_id=1,
                facilitator_id=1,
                participant_id=2,
                title="",
                scheduled_start=created,
                duration=30,
                status=status,
                created=created,
                modified=changed,
            )
            _insert(
                connection,
                "oneonone_action_item",
                id=n,
                oneonone_id=1,
                creator_id=1,
                assignee_id=2,
                title="Do it",
                completed=status == "completed",
                created=created,
                modified=changed,
            )

    def rows(query: str) -> dict:
        with empty_database.engine.connect() as connection:
            return {row[0]: tuple(row[1:]) for row in connection.execute(text(query))}

    migrations.upgrade(empty_database)
    oneonones = rows("SELECT id, completed_at = modified, completed_at IS NULL FROM oneonone")
    assert oneonones == {1: (True, False), 2: (None, True)}
    items = rows(
        "SELECT id, assigned_at = created, completed_at = modified, completed_at IS NULL,"
        " completed_by_id, uncompleted_at, uncompleted_by_id, description"
        " FROM oneonone_action_item"
    )
    assert items == {
        1: (True, True, False, None, None, None, ""),
        2: (True, None, True, None, None, None, ""),
    }
    migrations.downgrade(empty_database, "0008")
    assert rows("SELECT id, status FROM oneonone") == {1: ("completed",), 2: ("scheduled",)}
    assert rows("SELECT id, completed FROM oneonone_action_item") == {1: (True,), 2: (False,)}
