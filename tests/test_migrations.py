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


def _row(connection, table: str, **values) -> None:
    """A row of `table` as the schema stands: `values`, and something of the right type in
    every other column that must have one."""
    now = "2026-01-01 00:00:00+00:00"
    for column in inspect(connection).get_columns(table):
        if column["name"] in values or column["nullable"] or column.get("autoincrement") is True:
            continue
        kind = str(column["type"]).upper()
        if "INT" in kind:
            values[column["name"]] = 1
        elif "BOOL" in kind:
            values[column["name"]] = False
        elif "TIME" in kind:
            values[column["name"]] = now
        elif "DATE" in kind:
            values[column["name"]] = "2026-01-01"
        elif kind in ("FLOAT", "REAL", "NUMERIC", "DOUBLE PRECISION") or "NUMERIC" in kind:
            values[column["name"]] = 0
        else:
            values[column["name"]] = "x"
    _insert(connection, table, **values)


def test_changing_a_table_keeps_the_rows_that_refer_to_it(empty_database):
    # On SQLite, changing key_result (0007) copies it and drops the old table; with foreign
    # keys enforced, the drop deleted every owner and check-in value of a key result.
    migrations.upgrade(empty_database, "0006")
    with empty_database.engine.begin() as connection:
        _row(connection, "network", id=1)
        _row(connection, "user", id=1, email="ann@example.com", username="ann")
        _row(connection, "userprofile", id=1, user_id=1, network_id=1)
        _row(connection, "objective", id=1, network_id=1)
        _row(connection, "key_result", id=1, objective_id=1, measurement_type="percent")
        _row(connection, "key_result_owner", key_result_id=1, userprofile_id=1)
        _row(connection, "objective_checkin", id=1, objective_id=1, creator_id=1)
        _row(connection, "objective_checkin_key_result", id=1, checkin_id=1, key_result_id=1)

    def kept() -> tuple[int, int]:
        with empty_database.engine.connect() as connection:
            owners = connection.execute(text("SELECT count(*) FROM key_result_owner"))
            values = connection.execute(text("SELECT count(*) FROM objective_checkin_key_result"))
            return owners.scalar_one(), values.scalar_one()

    migrations.upgrade(empty_database)
    assert kept() == (1, 1)
    migrations.downgrade(empty_database, "0006")
    assert kept() == (1, 1)


def test_feedback_and_network_columns_are_added_to_the_rows_there_are(empty_database):
    before = "0010_review"
    migrations.upgrade(empty_database, before)
    with empty_database.engine.begin() as connection:
        _row(connection, "network", id=1, name="Acme")
        _row(connection, "user", id=1, email="ann@example.com", username="ann")
        _row(connection, "userprofile", id=1, user_id=1, network_id=1)
        _row(
            connection,
            "feedback_request",
            id=1,
            network_id=1,
            creator_id=1,
            subject_id=1,
            questions='["Q?"]',
        )
        _row(connection, "feedback_request_responder", feedback_request_id=1, userprofile_id=1)
        _row(
            connection,
            "feedback",
            id=1,
            network_id=1,
            request_id=1,
            author_id=1,
            recipient_id=1,
            answers='["A"]',
        )

    def counts() -> list[int]:
        tables = ("network", "feedback_request", "feedback_request_responder", "feedback")
        with empty_database.engine.connect() as connection:
            return [connection.scalar(text(f"SELECT count(*) FROM {t}")) for t in tables]

    migrations.upgrade(empty_database)
    assert counts() == [1, 1, 1, 1]
    with empty_database.engine.connect() as connection:
        request = connection.execute(
            text("SELECT title, description, enforce_due_date FROM feedback_request")
        ).one()
        logo = connection.scalar(text("SELECT logo_img FROM network"))
    assert (request.title, request.description, bool(request.enforce_due_date), logo) == (
        "",
        "",
        False,
        "",
    )
    migrations.downgrade(empty_database, before)
    assert counts() == [1, 1, 1, 1]
    columns = {c["name"] for c in inspect(empty_database.engine).get_columns("feedback_request")}
    assert "title" not in columns and "enforce_due_date" not in columns


def test_objectives_get_when_they_were_closed_and_key_results_a_description(empty_database):
    before = "0011_feedback"
    migrations.upgrade(empty_database, before)
    changed = "2026-03-01 10:00:00+00:00"
    with empty_database.engine.begin() as connection:
        _row(connection, "network", id=1, name="Acme")
        _row(connection, "user", id=1, email="ann@example.com", username="ann")
        _row(connection, "userprofile", id=1, user_id=1, network_id=1)
        for objective_id, closed in ((1, True), (2, True), (3, False)):
            _row(
                connection,
                "objective",
                id=objective_id,
                network_id=1,
                name=f"Goal {objective_id}",
                closed=closed,
                modified=changed,
            )
        # The first closed by its second check-in, reopened later and closed by a change.
        for checkin_id, created, closing in (
            (1, "2026-01-10 09:00:00+00:00", True),
            (2, "2026-02-10 09:00:00+00:00", True),
            (3, "2026-02-20 09:00:00+00:00", False),
        ):
            _row(
                connection,
                "objective_checkin",
                id=checkin_id,
                objective_id=1,
                close_objective=closing,
                created=created,
            )
        _row(connection, "objective_checkin", id=4, objective_id=3, close_objective=True)
        _row(connection, "key_result", id=1, objective_id=1, name="Done")
        _row(connection, "key_result_owner", key_result_id=1, userprofile_id=1)

    def closed_at() -> list:
        with empty_database.engine.connect() as connection:
            rows = connection.execute(text("SELECT closed_at FROM objective ORDER BY id"))
            return [None if value is None else str(value)[:19] for (value,) in rows]

    migrations.upgrade(empty_database)
    assert closed_at() == ["2026-02-10 09:00:00", "2026-03-01 10:00:00", None]
    with empty_database.engine.connect() as connection:
        key_result = connection.execute(
            text("SELECT description, creator_id FROM key_result")
        ).one()
        owners = connection.scalar(text("SELECT count(*) FROM key_result_owner"))
    # The key result's table changed without cascading its owners away.
    assert (key_result.description, key_result.creator_id, owners) == ("", None, 1)
    migrations.downgrade(empty_database, before)
    with empty_database.engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM key_result_owner")) == 1
    columns = {c["name"] for c in inspect(empty_database.engine).get_columns("objective")}
    assert "closed_at" not in columns
