"""A list answers with the same number of SQL queries whatever the page size."""

from __future__ import annotations

import contextlib

import pytest
from sqlalchemy import event

from gaggle import db, spec
from tests.handlers.conftest import API


@contextlib.contextmanager
def counted_queries():
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    engine = db.current().engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


@pytest.fixture
def crowd(make):
    admin = make.user(network="Crowd", is_admin=True)
    people = [make.user(network="Crowd", reports_to=admin) for _ in range(24)]
    parent = None
    cycle = make.review_cycle(admin, state="active")
    for index in range(12):
        department = make.department(
            admin,
            f"Team {index}",
            leaders=people[index : index + 2],
            members=people[index : index + 6],
        )
        objective = make.objective(
            people[index],
            f"Goal {index}",
            owners=people[index : index + 3],
            department_id=department.id,
            parent_id=parent.id if parent else None,
            private=index % 3 == 0,
        )
        for name in ("First", "Second"):
            make.key_result(objective, name, owners=people[index : index + 2])
        make.checkin(objective, people[index])
        make.review(cycle, people[index], admin)
        parent = objective
    badge = make.badge(admin, "Crowd Pleaser")
    for index in range(24):
        make.recognition(people[index], people[(index + 1) % 24], badge)
        make.private_note(admin, people[index])
        request = make.feedback_request(admin, people[index : index + 3], subject=people[index - 1])
        make.feedback(people[index], request=request)
        make.oneonone(admin, people[index])
    return make.token(admin)


@pytest.mark.parametrize("path", list(spec.collections().values()))
def test_page_size_does_not_change_the_query_count(client, crowd, path):
    counts = []
    for limit in (2, 20):
        with counted_queries() as statements:
            response = client.get(f"{API}{path}?limit={limit}", headers=crowd)
        assert response.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
